"""The hardened XML parser of the testbed's SOAP services: a thin wrapper around ``osci.xml``.

CONVENTIONS.md asks for one hardened parser, provided by ``osci``; this keeps the testbed's
signature and maps ``osci``'s refusals to :class:`XmlRejected`.
"""

from __future__ import annotations

from lxml import etree

from osci import errors as osci_errors
from osci.xml import parse_xml


class XmlRejected(ValueError):
    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def parse(data: bytes, *, max_bytes: int) -> etree._Element:
    try:
        return parse_xml(data, max_bytes=max_bytes)
    except osci_errors.TooLarge as exc:
        raise XmlRejected(f"larger than {max_bytes} bytes") from exc
    except osci_errors.XmlRejected as exc:
        raise XmlRejected(exc.reason) from exc
