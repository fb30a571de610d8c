"""What the directory and validation clients share: a zeep service built from the WSDL in
``resources/wsdl/`` and the translation of every failure into a typed :class:`ServiceError`.

The transport talks to exactly one URL, the endpoint from the scenario: WSDL and XSD come from
local files under ``resources/wsdl/`` only (never fetched), requests go nowhere else, proxies are
used only when configured (``trust_env`` off, so no ``$HTTP_PROXY`` surprises), every call has a
timeout, and SOAP bodies are never logged (zeep's own transport logs them at DEBUG).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
import zeep
import zeep.exceptions
from lxml import etree

from client.core.errors import (
    DirectoryEntryNotFound,
    DirectoryRequestRefused,
    ServiceAnswerInvalid,
    ServiceError,
    ServiceFault,
    ServiceUnreachable,
)
from profiles.paths import resource_dir

logger = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_TIMEOUT = 30.0


@dataclass(frozen=True)
class ServiceSettings:
    """How to reach a service: the endpoint from the scenario, a timeout, an optional proxy."""

    url: str
    timeout: float = DEFAULT_TIMEOUT
    proxy: str | None = None


class _OneUrlTransport(zeep.Transport):
    """A zeep transport that reads local WSDL files and posts to one endpoint only."""

    def __init__(self, settings: ServiceSettings, wsdl_dir: Path) -> None:
        session = requests.Session()
        session.trust_env = False
        if settings.proxy:
            session.proxies = {"http": settings.proxy, "https": settings.proxy}
        super().__init__(  # type: ignore[no-untyped-call]  # zeep is unannotated here
            timeout=settings.timeout, operation_timeout=settings.timeout, session=session
        )
        self._endpoint = settings.url
        self._wsdl_dir = wsdl_dir.resolve()

    def load(self, url: str) -> bytes:
        path = Path(os.path.expanduser(url)).resolve()
        if urlsplit(url).scheme or not path.is_relative_to(self._wsdl_dir):
            raise ValueError(f"WSDL/XSD may only come from {self._wsdl_dir}, not {url!r}")
        return path.read_bytes()

    def post(self, address: str, message: bytes, headers: dict[str, str]) -> requests.Response:
        if address != self._endpoint:
            raise ValueError(f"refusing to post to {address!r}: only {self._endpoint!r}")
        return self.session.post(
            address, data=message, headers=headers, timeout=self.operation_timeout
        )


def build_service(
    settings: ServiceSettings, wsdl_name: str, binding: str, wsdl_dir: Path | None = None
) -> Any:
    """A zeep service proxy for ``binding`` of ``resources/wsdl/<wsdl_name>`` at the endpoint."""
    folder = wsdl_dir or resource_dir() / "wsdl"
    options = zeep.Settings(
        strict=True,
        xml_huge_tree=False,
        forbid_dtd=True,
        forbid_entities=True,
        forbid_external=True,
    )
    transport = _OneUrlTransport(settings, folder)
    # zeep's Client is unannotated; Any keeps mypy strict honest about what we know.
    factory: Any = zeep.Client
    client = factory(str(folder / wsdl_name), transport=transport, settings=options)
    return client.create_service(binding, settings.url)


def _fault_detail(fault: zeep.exceptions.Fault) -> tuple[str, str | None, str]:
    detail = fault.detail
    code, field, text = "UNKNOWN", None, str(fault.message or "")
    if detail is not None:
        for element in detail.iter():
            if not isinstance(element.tag, str):
                continue
            local = etree.QName(element).localname
            if local == "Code" and element.text:
                code = element.text.strip()
            elif local == "Field" and element.text:
                field = element.text.strip()
            elif local == "Text" and element.text:
                text = element.text.strip()
    return code, field, text


def typed_fault(
    service: str, url: str, fault: zeep.exceptions.Fault, safe_id: str | None = None
) -> ServiceError:
    code, field, text = _fault_detail(fault)
    if service == "directory" and code == "UNKNOWN_SAFE_ID":
        return DirectoryEntryNotFound(
            service=service, url=url, code=code, field=field, text=text, safe_id=safe_id or ""
        )
    if service == "directory" and code not in ("INTERNAL_ERROR", "UNKNOWN"):
        return DirectoryRequestRefused(service=service, url=url, code=code, field=field, text=text)
    return ServiceFault(service=service, url=url, code=code, field=field, text=text)


def call(
    service: str,
    settings: ServiceSettings,
    operation: str,
    action: Callable[[], T],
    *,
    safe_id: str | None = None,
) -> T:
    """Run one SOAP call and turn every way it can fail into a :class:`ServiceError`."""
    started = time.perf_counter()
    url = settings.url
    try:
        result = action()
    except zeep.exceptions.Fault as fault:
        error = typed_fault(service, url, fault, safe_id)
        logger.info("%s %s refused: %s", service, operation, getattr(error, "code", "?"))
        raise error from fault
    except requests.exceptions.Timeout as exc:
        raise ServiceUnreachable(
            service=service, url=url, reason=f"keine Antwort binnen {settings.timeout:g} s"
        ) from exc
    except requests.exceptions.RequestException as exc:
        raise ServiceUnreachable(service=service, url=url, reason=_short(exc)) from exc
    except zeep.exceptions.TransportError as exc:
        raise ServiceAnswerInvalid(
            service=service, url=url, reason=f"HTTP-Status {exc.status_code}"
        ) from exc
    except (zeep.exceptions.Error, etree.XMLSyntaxError, ValueError) as exc:
        raise ServiceAnswerInvalid(service=service, url=url, reason=_short(exc)) from exc
    logger.info(
        "%s %s answered in %.0f ms", service, operation, (time.perf_counter() - started) * 1000
    )
    return result


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "…"
