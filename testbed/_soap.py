"""A small SOAP 1.1 document/literal server on the standard library's threading HTTP server.

The services are plain lxml handlers (stack.md §4 recommends exactly that over spyne): a handler
gets the validated request element and returns the response element; this module does the
HTTP, the envelope, schema validation of requests *and* responses against the XSD in
``resources/wsdl/`` (so the WSDL the client uses is what the server really speaks), SOAP faults
with a machine-readable code in ``detail``, ``GET ?wsdl`` with the real endpoint address, and
``GET ?xsd=NAME`` for the schema the WSDL imports. Raw (non-SOAP) POST endpoints such as the
OCSP responder share the same server.

Logging names the operation, the result code and the time, never a body (CONVENTIONS.md).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from lxml import etree

from testbed._xml import XmlRejected, parse

logger = logging.getLogger(__name__)

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
WSDL_SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"
XSD = "http://www.w3.org/2001/XMLSchema"
DEFAULT_MAX_REQUEST = 1024 * 1024
# How often serve_forever looks for a shutdown request: stopping takes at most this long.
POLL_INTERVAL = 0.05

Handler = Callable[[etree._Element], etree._Element]


class SoapFault(Exception):
    """A fault the service answers with; ``code`` goes into the detail for the client."""

    def __init__(
        self, *, code: str, text: str, field: str | None = None, server: bool = False
    ) -> None:
        self.code = code
        self.text = text
        self.field = field
        self.server = server
        super().__init__(f"{code}: {text}")


@dataclass
class SoapEndpoint:
    """One SOAP service at ``path``, described by ``wsdl`` (which imports ``xsd``)."""

    path: str
    wsdl: Path
    xsd: Path
    namespace: str
    operations: dict[str, Handler]
    max_request_bytes: int = DEFAULT_MAX_REQUEST
    schema: etree.XMLSchema = field(init=False)
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        self.schema = etree.XMLSchema(etree.parse(str(self.xsd), parser))

    def violation(self, element: etree._Element) -> str | None:
        """Why ``element`` violates the schema, or ``None``. The schema's error log belongs to
        the schema object, so request threads take turns (validation takes microseconds)."""
        with self._lock:
            if self.schema.validate(element):
                return None
            log: Any = self.schema.error_log  # lxml-stubs lack _ErrorLog.last_error
            error = log.last_error
            return str(error.message) if error is not None else "?"

    def q(self, local: str) -> str:
        return f"{{{self.namespace}}}{local}"

    def wsdl_for(self, url: str) -> bytes:
        """The WSDL with the address clients really reach and the schema served by us."""
        tree = etree.parse(str(self.wsdl))
        for address in tree.iter(f"{{{WSDL_SOAP}}}address"):
            address.set("location", url)
        for ref in tree.iter(f"{{{XSD}}}import", f"{{{XSD}}}include"):
            if ref.get("schemaLocation") == self.xsd.name:
                ref.set("schemaLocation", f"{url}?xsd={self.xsd.name}")
        return bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))


@dataclass
class RawEndpoint:
    """A non-SOAP POST endpoint: body in, (status, content type, body) out."""

    path: str
    content_type: str
    handler: Callable[[bytes], tuple[int, str, bytes]]
    max_request_bytes: int = 64 * 1024


def fault_envelope(endpoint: SoapEndpoint, fault: SoapFault) -> bytes:
    envelope = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"soap": SOAP_ENV})
    body = etree.SubElement(envelope, f"{{{SOAP_ENV}}}Body")
    element = etree.SubElement(body, f"{{{SOAP_ENV}}}Fault")
    etree.SubElement(element, "faultcode").text = "soap:Server" if fault.server else "soap:Client"
    etree.SubElement(element, "faultstring").text = fault.text
    detail = etree.SubElement(element, "detail")
    info = etree.SubElement(detail, endpoint.q("ServiceFault"), nsmap={"tns": endpoint.namespace})
    etree.SubElement(info, endpoint.q("Code")).text = fault.code
    if fault.field:
        etree.SubElement(info, endpoint.q("Field")).text = fault.field
    etree.SubElement(info, endpoint.q("Text")).text = fault.text
    return bytes(etree.tostring(envelope, xml_declaration=True, encoding="UTF-8"))


def _envelope(payload: etree._Element) -> bytes:
    envelope = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"soap": SOAP_ENV})
    etree.SubElement(envelope, f"{{{SOAP_ENV}}}Body").append(payload)
    return bytes(etree.tostring(envelope, xml_declaration=True, encoding="UTF-8"))


def _payload(endpoint: SoapEndpoint, data: bytes) -> etree._Element:
    try:
        root = parse(data, max_bytes=endpoint.max_request_bytes)
    except XmlRejected as exc:
        raise SoapFault(code="INVALID_REQUEST", text=f"Anfrage ist kein XML: {exc.reason}") from exc
    if root.tag != f"{{{SOAP_ENV}}}Envelope":
        raise SoapFault(code="INVALID_REQUEST", text="Anfrage ist kein SOAP-1.1-Umschlag")
    bodies = root.findall(f"{{{SOAP_ENV}}}Body")
    if len(bodies) != 1:
        raise SoapFault(code="INVALID_REQUEST", text="SOAP-Umschlag ohne genau einen Body")
    children = [c for c in bodies[0] if isinstance(c.tag, str)]
    if len(children) != 1:
        raise SoapFault(code="INVALID_REQUEST", text="SOAP-Body muss genau ein Element enthalten")
    return children[0]


def handle_soap(endpoint: SoapEndpoint, data: bytes) -> tuple[int, bytes, str]:
    """Run one SOAP request; returns (HTTP status, response bytes, result code for the log)."""
    payload: etree._Element | None = None
    try:
        payload = _payload(endpoint, data)
        name = etree.QName(payload)
        handler = endpoint.operations.get(name.localname)
        if handler is None or name.namespace != endpoint.namespace:
            raise SoapFault(code="UNKNOWN_OPERATION", text=f"Unbekannte Operation {name.text}")
        problem = endpoint.violation(payload)
        if problem is not None:
            raise SoapFault(
                code="INVALID_REQUEST", text=f"Anfrage entspricht nicht dem Schema: {problem}"
            )
        response = handler(payload)
        problem = endpoint.violation(response)
        if problem is not None:
            logger.error("response of %s violates the schema: %s", name.localname, problem)
            raise SoapFault(code="INTERNAL_ERROR", text="Interner Fehler des Dienstes", server=True)
        return HTTPStatus.OK, _envelope(response), f"{name.localname}: OK"
    except SoapFault as fault:
        operation = etree.QName(payload).localname if payload is not None else "?"
        status = HTTPStatus.INTERNAL_SERVER_ERROR
        return status, fault_envelope(endpoint, fault), f"{operation}: fault {fault.code}"
    except Exception:
        logger.exception("unexpected error in a SOAP handler")
        internal = SoapFault(
            code="INTERNAL_ERROR", text="Interner Fehler des Dienstes", server=True
        )
        return HTTPStatus.INTERNAL_SERVER_ERROR, fault_envelope(endpoint, internal), internal.code


class PortUnavailable(Exception):
    def __init__(self, *, port: int, reason: str) -> None:
        self.port = port
        self.reason = reason
        super().__init__(f"Port {port} auf 127.0.0.1 nicht nutzbar: {reason}")


class ServiceServer:
    """A threading HTTP server on 127.0.0.1 hosting SOAP and raw endpoints."""

    def __init__(
        self,
        soap: list[SoapEndpoint],
        raw: list[RawEndpoint] | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.soap = {e.path: e for e in soap}
        self.raw = {e.path: e for e in raw or []}
        try:
            self.httpd = ThreadingHTTPServer((host, port), _handler_class(self))
        except OSError as exc:
            raise PortUnavailable(port=port, reason=exc.strerror or str(exc)) from exc
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    def add(self, endpoint: SoapEndpoint | RawEndpoint) -> None:
        """Add an endpoint before serving (when it needs the server's own URL, e.g. its port)."""
        if isinstance(endpoint, SoapEndpoint):
            self.soap[endpoint.path] = endpoint
        else:
            self.raw[endpoint.path] = endpoint

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> ServiceServer:
        """Serve in a background thread (tests, several services in one process)."""
        self._thread = threading.Thread(
            target=self.httpd.serve_forever,
            kwargs={"poll_interval": POLL_INTERVAL},
            name=f"http-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever(poll_interval=POLL_INTERVAL)

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread is not None:
            self._thread.join(5)


def _handler_class(server: ServiceServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = 60
        server_version = "beBPo-Testbed/1"

        def log_message(self, format: str, *args: object) -> None:
            logger.debug("%s %s", self.address_string(), format % args)

        def _send(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _body(self, limit: int) -> bytes | None:
            length = self.headers.get("Content-Length")
            if length is None or not length.isdigit():
                self.close_connection = True
                self._send(HTTPStatus.LENGTH_REQUIRED, "text/plain", b"Content-Length required")
                return None
            if int(length) > limit:
                self.close_connection = True
                self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "text/plain", b"too large")
                return None
            return self.rfile.read(int(length))

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            endpoint = server.soap.get(parts.path)
            query = parse_qs(parts.query, keep_blank_values=True)
            if endpoint is None:
                self._send(HTTPStatus.NOT_FOUND, "text/plain", b"not found")
            elif "wsdl" in query or parts.query.lower() == "wsdl":
                body = endpoint.wsdl_for(server.url(endpoint.path))
                self._send(HTTPStatus.OK, "text/xml; charset=utf-8", body)
            elif query.get("xsd") == [endpoint.xsd.name]:
                self._send(HTTPStatus.OK, "text/xml; charset=utf-8", endpoint.xsd.read_bytes())
            else:
                self._send(HTTPStatus.NOT_FOUND, "text/plain", b"not found")

        def do_POST(self) -> None:
            path = urlsplit(self.path).path
            started = time.perf_counter()
            if path in server.raw:
                raw = server.raw[path]
                data = self._body(raw.max_request_bytes)
                if data is None:
                    return
                if self.headers.get_content_type() != raw.content_type:
                    self._send(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "text/plain", b"bad type")
                    return
                try:
                    status, content_type, body = raw.handler(data)
                except Exception:
                    logger.exception("unexpected error at %s", path)
                    status, content_type, body = 500, "text/plain", b"internal error"
                self._send(status, content_type, body)
                logger.info(
                    "%s answered %d in %.1f ms",
                    path,
                    status,
                    (time.perf_counter() - started) * 1000,
                )
                return
            endpoint = server.soap.get(path)
            if endpoint is None:
                self._send(HTTPStatus.NOT_FOUND, "text/plain", b"not found")
                return
            data = self._body(endpoint.max_request_bytes)
            if data is None:
                return
            if self.headers.get_content_type() != "text/xml":
                self._send(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "text/plain", b"SOAP 1.1: text/xml")
                return
            status, body, code = handle_soap(endpoint, data)
            self._send(status, "text/xml; charset=utf-8", body)
            logger.info(
                "%s answered %s in %.1f ms", path, code, (time.perf_counter() - started) * 1000
            )

    return Handler


def serve_until_signalled(
    server: ServiceServer, announce: dict[str, str], ready_file: Path | None = None
) -> int:
    """Serve in the foreground until SIGTERM or SIGINT; print (and optionally write) the URLs.

    The ready line ``ready <json>`` on stdout and the ready file (written atomically) let a
    parent process wait for the service and learn its port when it was started with port 0.
    """
    import json
    import signal

    from profiles.paths import atomic_write_text

    def stop(signum: int, frame: object) -> None:
        del frame
        logger.info("signal %d: shutting down", signum)
        threading.Thread(target=server.httpd.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    info = json.dumps({**announce, "port": server.port}, ensure_ascii=False)
    if ready_file is not None:
        atomic_write_text(ready_file, info + "\n", mode=0o644)
    print(f"ready {info}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.httpd.server_close()
    return 0
