"""Real HTTP(S) servers and a small forward proxy on 127.0.0.1 for the transport tests."""

from __future__ import annotations

import hashlib
import http.client
import ipaddress
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


@dataclass
class Received:
    """What the origin server saw of one request."""

    path: str
    headers: dict[str, str]
    length: int
    sha256: bytes
    head: bytes  # the first bytes of the body


@dataclass
class ServerState:
    received: list[Received] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)


class _Quiet(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        del format, args

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def read_body(handler: BaseHTTPRequestHandler) -> Iterator[bytes]:
    """The request body in chunks, Content-Length or chunked."""
    if handler.headers.get("Transfer-Encoding", "").lower() == "chunked":
        while True:
            size = int(handler.rfile.readline().split(b";")[0].strip(), 16)
            if size == 0:
                handler.rfile.readline()
                return
            remaining = size
            while remaining:
                data = handler.rfile.read(min(remaining, 65536))
                remaining -= len(data)
                yield data
            handler.rfile.readline()
    remaining = int(handler.headers.get("Content-Length", "0"))
    while remaining:
        data = handler.rfile.read(min(remaining, 65536))
        if not data:
            return
        remaining -= len(data)
        yield data


class OriginHandler(_Quiet):
    """The intermediary stand-in; the path chooses the behaviour."""

    state: ClassVar[ServerState]

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        digest, length, head = hashlib.sha256(), 0, b""
        for chunk in read_body(self):
            digest.update(chunk)
            length += len(chunk)
            if len(head) < 256:
                head = (head + chunk)[:256]
        self.state.received.append(
            Received(url.path, dict(self.headers.items()), length, digest.digest(), head)
        )
        getattr(self, "_" + url.path.strip("/").replace("-", "_"))(query, digest.digest())

    def _echo(self, query: dict[str, str], digest: bytes) -> None:
        del query
        self._send(200, digest)

    def _fault(self, query: dict[str, str], digest: bytes) -> None:
        del query, digest
        self._send(500, b"\r\nMIME-Version: 1.0\r\n...soap fault...")

    def _redirect(self, query: dict[str, str], digest: bytes) -> None:
        del query, digest
        self._send(302, b"", {"Location": "http://127.0.0.1:1/elsewhere"})

    def _missing(self, query: dict[str, str], digest: bytes) -> None:
        del query, digest
        self._send(404, b"not here")

    def _sleep(self, query: dict[str, str], digest: bytes) -> None:
        del query, digest
        self.state.release.wait(10)
        self._send(200, b"late")

    def _stall(self, query: dict[str, str], digest: bytes) -> None:
        del query, digest
        self.send_response(200)
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.write(b"x" * 10)
        self.wfile.flush()
        self.state.release.wait(10)

    def _download(self, query: dict[str, str], digest: bytes) -> None:
        del digest
        size = int(query["size"])
        self.send_response(200)
        if query.get("declare", "yes") == "yes":
            self.send_header("Content-Length", str(size))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        block = bytes(range(256)) * 256
        sent = 0
        while sent < size:
            piece = block[: min(len(block), size - sent)]
            self.wfile.write(piece)
            sent += len(piece)
        if query.get("declare", "yes") != "yes":
            self.close_connection = True


class ProxyHandler(_Quiet):
    """A forward proxy for plain HTTP: absolute URI in, 413 above ``limit`` bytes."""

    limit: ClassVar[int]
    mode: ClassVar[str]  # "answer": 413 after draining the body; "hangup": close mid-body
    seen: ClassVar[list[str]]

    def do_POST(self) -> None:
        self.seen.append(self.path)
        target = urlsplit(self.path)
        if not target.scheme or not target.hostname:
            self._send(400, b"proxy needs an absolute URI")
            return
        length = int(self.headers.get("Content-Length", "0"))
        if length > self.limit:
            if self.mode == "hangup":
                self.rfile.read(64 * 1024)
                self.close_connection = True
                self.connection.shutdown(2)
                return
            for _ in read_body(self):
                pass
            self._send(413, b"Request Entity Too Large", {"Connection": "close"})
            self.close_connection = True
            return
        body = b"".join(read_body(self))
        upstream = http.client.HTTPConnection(target.hostname, target.port or 80, timeout=10)
        try:
            path = target.path + (f"?{target.query}" if target.query else "")
            headers = {
                name: value
                for name, value in self.headers.items()
                if name.lower() not in ("proxy-connection", "connection", "host")
            }
            upstream.request("POST", path, body, headers)
            answer = upstream.getresponse()
            payload = answer.read()
        finally:
            upstream.close()
        self._send(answer.status, payload, {"Via": "1.1 test-proxy"})


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that hang up on purpose (cancel, timeout, refused TLS) are part of the tests.
        del request, client_address


def _serve(server: ThreadingHTTPServer) -> tuple[threading.Thread, str]:
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    return thread, f"127.0.0.1:{server.server_address[1]}"


@contextmanager
def origin(tls: ssl.SSLContext | None = None) -> Iterator[tuple[str, ServerState]]:
    """The origin server; yields its base URL and what it saw."""
    state = ServerState()
    handler = type("Origin", (OriginHandler,), {"state": state})
    server = _Server(("127.0.0.1", 0), handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread, address = _serve(server)
    try:
        yield f"{'https' if tls else 'http'}://{address}", state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def proxy(limit: int, mode: str = "answer") -> Iterator[tuple[str, list[str]]]:
    seen: list[str] = []
    handler = type("Proxy", (ProxyHandler,), {"limit": limit, "mode": mode, "seen": seen})
    server = _Server(("127.0.0.1", 0), handler)
    thread, address = _serve(server)
    try:
        yield f"http://{address}", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def self_signed(folder: Path, *, ip: bool = True) -> tuple[Path, Path]:
    """A self-signed server certificate (EC P-256) for 127.0.0.1 (or only for a foreign name)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test-Intermediaer")])
    names: list[x509.GeneralName] = [x509.DNSName("intermediaer.invalid")]
    if ip:
        names.append(x509.IPAddress(ipaddress.ip_address("127.0.0.1")))
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path = folder / "server.pem"
    key_path = folder / "server.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context
