"""POST an OSCI message and stream the answer (osci.md §5.1).

The MIME headers are part of the HTTP body, so HTTP itself carries little: ``Content-Type:
text/xml`` and ``Content-Length`` like the Java sample. Rules that matter here:

* Upload and download are streamed; progress callbacks get the running byte count.
* TLS is always verified. ``ca_bundle`` *adds* trust anchors (a test intermediary, a company CA);
  it never replaces the system store.
* ``trust_env`` is off: no proxy from the environment, no ``.netrc`` credentials. A proxy is used
  only when configured.
* No redirects: an intermediary that answers 3xx is misconfigured, and following it could post a
  message to a host the user never chose.
* 200 and 500 carry an OSCI body (SOAP faults may come with 500); everything else is an error.
* Bodies are never logged.
"""

from __future__ import annotations

import logging
import re
import ssl
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import TracebackType
from typing import Any

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter

from osci.errors import (
    ConnectionFailed,
    HttpStatusError,
    ProxyRejected,
    ResponseTooLarge,
    TlsError,
    TransportError,
    TransportTimeout,
)

__all__ = ["HttpResponse", "HttpTransport", "Progress"]

log = logging.getLogger(__name__)

Progress = Callable[[int], None]
"""Called with the number of bytes transferred so far (monotonic, ends at the total)."""

UPLOAD_CHUNK = 64 * 1024
DOWNLOAD_CHUNK = 64 * 1024
OSCI_STATUSES = frozenset({200, 500})
_PROXY_SIZE_REASON = "the proxy refused the message size"
_TUNNEL_STATUS = re.compile(r"Tunnel connection failed: (\d{3})")


class _Upload:
    """The request body: hands chunks to requests, counts them and reports progress."""

    def __init__(
        self, url: str, chunks: Iterable[bytes], length: int | None, progress: Progress | None
    ) -> None:
        self._url = url
        self._chunks = chunks
        self._length = length
        self._progress = progress
        self.sent = 0
        self.started = False
        self.finished = False

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._chunks:
            if not chunk:
                continue
            self.started = True
            yield bytes(chunk)
            # Resumed: the chunk has been handed to the socket.
            self.sent += len(chunk)
            if self._length is not None and self.sent > self._length:
                raise TransportError(url=self._url, reason="body longer than the declared length")
            if self._progress is not None:
                self._progress(self.sent)
        if self._length is not None and self.sent != self._length:
            raise TransportError(url=self._url, reason="body shorter than the declared length")
        self.finished = True


class _SizedUpload(_Upload):
    # requests sends Content-Length (not chunked) for a streamed body that has a length.
    def __len__(self) -> int:
        return self._length or 0


def _slices(data: bytes | bytearray | memoryview) -> Iterator[bytes]:
    view = memoryview(data)
    for start in range(0, len(view), UPLOAD_CHUNK):
        yield bytes(view[start : start + UPLOAD_CHUNK])


class _TrustAdapter(HTTPAdapter):
    """An adapter whose TLS context is ours (system store plus the configured extra anchors)."""

    def __init__(self, context: ssl.SSLContext) -> None:
        self._context = context  # before super().__init__, which builds the pool manager
        super().__init__(max_retries=0)

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        pool_kwargs["ssl_context"] = self._context
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        proxy_kwargs["ssl_context"] = self._context
        return super().proxy_manager_for(proxy, **proxy_kwargs)


class HttpResponse:
    """A response with status 200 or 500 whose body has not been read yet."""

    def __init__(
        self,
        response: requests.Response,
        *,
        url: str,
        max_bytes: int,
        on_download: Progress | None,
    ) -> None:
        self._response = response
        self._url = url
        self._max_bytes = max_bytes
        self._on_download = on_download
        self._consumed = False
        self.status: int = response.status_code
        self.headers: Mapping[str, str] = response.headers

    def iter_body(self, chunk_size: int = DOWNLOAD_CHUNK) -> Iterator[bytes]:
        """The body in chunks; raises :class:`ResponseTooLarge` once it passes the maximum."""
        if self._consumed:
            raise TransportError(url=self._url, reason="response body already read")
        self._consumed = True
        received = 0
        try:
            for chunk in self._response.iter_content(chunk_size):
                if not chunk:
                    continue
                received += len(chunk)
                if received > self._max_bytes:
                    raise ResponseTooLarge(url=self._url, limit=self._max_bytes)
                if self._on_download is not None:
                    self._on_download(received)
                yield chunk
        except requests.RequestException as exc:
            raise _map_exception(exc, url=self._url, proxied=False, upload=None) from exc
        finally:
            self.close()
        log.debug("Response from %s read completely (%d bytes).", self._url, received)

    def read(self) -> bytes:
        """The whole body in memory (small answers only; bounded by the maximum)."""
        return b"".join(self.iter_body())

    def close(self) -> None:
        self._response.close()

    def __enter__(self) -> HttpResponse:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class HttpTransport:
    """Posts OSCI messages to one intermediary URL."""

    def __init__(
        self,
        url: str,
        *,
        connect_timeout: float = 15,
        read_timeout: float = 300,
        proxy_url: str | None = None,
        ca_bundle: str | None = None,
        max_response_bytes: int = 300 * 1024 * 1024,
        user_agent: str = "beBPo-Client",
    ) -> None:
        if not url.lower().startswith(("http://", "https://")):
            raise ConnectionFailed(url=url, reason="not an http(s) URL")
        self.url = url
        self.proxy_url = proxy_url
        self._timeout = (connect_timeout, read_timeout)
        self._max_response_bytes = max_response_bytes
        self._user_agent = user_agent
        context = ssl.create_default_context()
        if ca_bundle is not None:
            try:
                context.load_verify_locations(cafile=ca_bundle)
            except (OSError, ssl.SSLError) as exc:
                raise TlsError(url=url, reason=f"CA bundle {ca_bundle} unusable: {exc}") from exc
        session = requests.Session()
        session.trust_env = False  # no environment proxies, no .netrc
        session.verify = True
        session.proxies = {"http": proxy_url, "https": proxy_url} if proxy_url else {}
        adapter = _TrustAdapter(context)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        self._session = session

    def post(
        self,
        body: Iterable[bytes] | bytes,
        *,
        length: int | None = None,
        on_upload: Progress | None = None,
        on_download: Progress | None = None,
    ) -> HttpResponse:
        """Send ``body``; returns the open response (200 or 500) for streaming its body.

        ``length`` (taken from ``body`` when it is bytes) becomes the Content-Length; without it
        the body goes out chunked. An exception raised by ``on_upload`` aborts the upload and
        propagates unchanged, which is how a caller cancels a send.
        """
        if isinstance(body, bytes | bytearray | memoryview):
            length = len(body)
            chunks: Iterable[bytes] = _slices(body)
        else:
            chunks = body
        upload = (_SizedUpload if length is not None else _Upload)(
            self.url, chunks, length, on_upload
        )
        data: Any = upload if length != 0 else b""
        headers = {
            "Content-Type": "text/xml",
            "User-Agent": self._user_agent,
            "Accept-Encoding": "identity",  # no compression bombs; OSCI bodies are encrypted
        }
        log.debug("POST to %s (%s bytes).", self.url, length if length is not None else "?")
        try:
            response = self._session.post(
                self.url,
                data=data,
                headers=headers,
                timeout=self._timeout,
                allow_redirects=False,
                stream=True,
            )
        except requests.RequestException as exc:
            raise _map_exception(
                exc, url=self.url, proxied=self.proxy_url is not None, upload=upload
            ) from exc
        if length == 0 and on_upload is not None:
            on_upload(0)
        log.debug("POST to %s answered with HTTP %d.", self.url, response.status_code)
        return self._accept(response, on_download)

    def _accept(self, response: requests.Response, on_download: Progress | None) -> HttpResponse:
        status = response.status_code
        if status not in OSCI_STATUSES:
            response.close()
            if self.proxy_url is not None and status == 413:
                raise ProxyRejected(url=self.url, status=status, reason=_PROXY_SIZE_REASON)
            if self.proxy_url is not None and status == 407:
                raise ProxyRejected(
                    url=self.url, status=status, reason="the proxy requires authentication"
                )
            raise HttpStatusError(url=self.url, status=status, reason=response.reason or "")
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self._max_response_bytes:
            response.close()
            raise ResponseTooLarge(url=self.url, limit=self._max_response_bytes)
        return HttpResponse(
            response, url=self.url, max_bytes=self._max_response_bytes, on_download=on_download
        )

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> HttpTransport:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _map_exception(
    exc: requests.RequestException, *, url: str, proxied: bool, upload: _Upload | None
) -> TransportError:
    """The ``osci.errors`` counterpart of a requests exception (order matters: subclasses first)."""
    reason = _short(exc)
    if isinstance(exc, requests.exceptions.ProxyError):
        tunnel = _TUNNEL_STATUS.search(str(exc))
        if tunnel is not None:
            status = int(tunnel.group(1))
            detail = _PROXY_SIZE_REASON if status == 413 else f"proxy answered HTTP {status}"
            return ProxyRejected(url=url, status=status, reason=detail)
    if proxied and upload is not None and upload.started and not upload.finished:
        # The proxy hung up while the body was still flowing: what proxies do with a body
        # above their size limit when they do not bother to answer 413 first. (urllib3 reports
        # this as "Unable to connect to proxy", so this test comes before the next one.)
        return ProxyRejected(
            url=url,
            status=None,
            reason=f"{_PROXY_SIZE_REASON} (connection closed during the upload)",
        )
    if isinstance(exc, requests.exceptions.ProxyError):
        return ConnectionFailed(url=url, reason=f"proxy unreachable: {reason}")
    if isinstance(exc, requests.exceptions.SSLError):
        return TlsError(url=url, reason=reason)
    if isinstance(exc, requests.exceptions.Timeout) or _is_read_timeout(exc):
        return TransportTimeout(url=url, reason=reason)
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return ConnectionFailed(url=url, reason=f"connection broke during the download: {reason}")
    return ConnectionFailed(url=url, reason=reason)


def _is_read_timeout(exc: BaseException) -> bool:
    # iter_content wraps urllib3's ReadTimeoutError in a plain requests ConnectionError.
    return any(isinstance(arg, urllib3.exceptions.ReadTimeoutError) for arg in exc.args)


def _short(exc: BaseException) -> str:
    """The innermost reason without the long urllib3 wrapper text."""
    inner: BaseException = exc
    while inner.args and isinstance(inner.args[0], BaseException):
        inner = inner.args[0]
    reason = getattr(inner, "reason", None)
    text = str(reason if isinstance(reason, BaseException) else inner) or type(inner).__name__
    return text[:300]
