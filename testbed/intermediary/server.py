"""The intermediary's HTTP front end: POST an OSCI message, get the answer (osci.md §5.1, §14.3).

A request body is streamed to a spool file first (``Content-Length`` required, bounded by
``max_request_bytes``), then handed to :class:`osci.supplier.Supplier`; the response is written
to another spool file and streamed back with its length. Memory stays bounded whatever the size
of a message: big MIME parts spill to ``<data>/spool`` as well.

SOAP faults are answered with HTTP 500 (SOAP 1.1), everything else with 200. Fault injection
(:class:`~testbed.intermediary.config.Faults`) is set at start or at run time through
``/admin/faults`` (GET, POST a JSON object, DELETE); while a switch is armed, requests are
executed one at a time so a switch acts on exactly the request it was meant for.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
import time
from collections.abc import Callable
from datetime import datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import BinaryIO
from urllib.parse import urlsplit

from osci import codes, crypto
from osci.keys import Pkcs12Identity
from osci.model import FeatureDescription
from osci.supplier import Supplier, SupplierIdentity, SupplierOptions, write_fault
from osci.types import MessageType
from osci.wire import read_chunks
from profiles.paths import ensure_private_dir
from testbed.intermediary.config import (
    ADMIN_PATH,
    Faults,
    FaultSwitch,
    IntermediaryConfig,
    UnknownFault,
)
from testbed.intermediary.handler import Intermediary, now_utc
from testbed.intermediary.inspections import Inspector
from testbed.intermediary.spool import READ_CHUNK, Spool
from testbed.intermediary.store import DeliveryStore
from testbed.pki import TestPki

logger = logging.getLogger(__name__)

POLL_INTERVAL = 0.05
PURGE_PATH = "/admin/purge"


def supplier_identity(pki: TestPki) -> SupplierIdentity:
    cipher, signature = pki.intermediary_cipher, pki.intermediary_signature
    return SupplierIdentity(
        cipher=Pkcs12Identity(cipher.key, cipher.certificate),
        signature=Pkcs12Identity(signature.key, signature.certificate),
    )


def tamper_signature(message_type: MessageType, data: bytes) -> bytes:
    """Flip one character of the SignatureValue: the digests still match, the value does not."""
    del message_type
    start = data.find(b"SignatureValue")
    start = data.find(b">", start) + 1
    if start <= 0:
        return data
    flipped = b"B" if data[start : start + 1] == b"A" else b"A"
    return data[:start] + flipped + data[start + 1 :]


def _is_fault(head: bytes) -> bool:
    # A fault is the one OSCI body without schemaLocation (osci.md §11; osci.wire.decode).
    return b"schemaLocation" not in head and b"Fault" in head


class IntermediaryServer:
    """The intermediary on 127.0.0.1: store, handler, supplier and HTTP server."""

    def __init__(
        self,
        config: IntermediaryConfig,
        pki: TestPki,
        *,
        port: int = 0,
        faults: Faults | None = None,
        clock: Callable[[], datetime] = now_utc,
    ) -> None:
        self.config = config
        ensure_private_dir(config.data)
        self.spool = Spool(config.spool)
        self.store = DeliveryStore(config.data / "store")
        identity = supplier_identity(pki)
        self.options = SupplierOptions(
            feature_description=FeatureDescription(
                max_chunk_size=config.max_chunk_kb,
                min_chunk_size=config.min_chunk_kb,
                max_message_size=config.max_message_kb,
            )
        )
        self._defaults = (
            self.options.wrong_challenge,
            self.options.iv_length,
            self.options.encrypt_responses,
            self.options.tamper,
        )
        self.faults = FaultSwitch(faults or Faults())
        self.intermediary = Intermediary(
            config,
            self.store,
            Inspector(pki),
            identity,
            self.options,
            self.spool,
            faults=self.faults,
            on_faults=self._apply,
            clock=clock,
        )
        self.supplier = Supplier(
            identity, self.intermediary, options=self.options, spill=self.spool.file
        )
        self._serial = threading.Lock()
        try:
            self.httpd = ThreadingHTTPServer(("127.0.0.1", port), _handler_class(self))
        except OSError as exc:
            from testbed._soap import PortUnavailable

            raise PortUnavailable(port=port, reason=exc.strerror or str(exc)) from exc
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ faults

    def _apply(self, faults: Faults) -> None:
        """Response-side switches for the current request (requests run one at a time)."""
        options = self.options
        options.wrong_challenge = faults.wrong_challenge
        options.iv_length = crypto.LEGACY_GCM_IV if faults.legacy_iv else crypto.GCM_IV
        options.encrypt_responses = not faults.unencrypted
        options.tamper = tamper_signature if faults.tamper_signature else None

    def _reset(self) -> None:
        options = self.options
        (
            options.wrong_challenge,
            options.iv_length,
            options.encrypt_responses,
            options.tamper,
        ) = self._defaults

    # ------------------------------------------------------------------ serving

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.config.path}"

    @property
    def admin_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{ADMIN_PATH}"

    def start(self) -> IntermediaryServer:
        """Serve in a background thread (tests; several services in one process)."""
        self._thread = threading.Thread(
            target=self.serve_forever, name=f"intermediary-{self.port}", daemon=True
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

    def answer(self, body: BinaryIO, out: BinaryIO) -> Faults:
        """Run one OSCI request from ``body`` into ``out``; returns the switches it took."""
        armed = self.faults.get().armed
        with self._serial if armed else contextlib.nullcontext():
            self.intermediary.begin()
            try:
                self.supplier.handle_into(read_chunks(body), out.write)
            except Exception:
                logger.exception("internal error while answering a request")
                out.seek(0)
                out.truncate()
                write_fault(out.write, "9000", codes.describe("9000"))
            finally:
                if armed:
                    self._reset()
            taken = self.intermediary.current_faults
        if taken.fault_code is not None:
            out.seek(0)
            out.truncate()
            write_fault(out.write, taken.fault_code, codes.describe(taken.fault_code))
        return taken


def _handler_class(server: IntermediaryServer) -> type[BaseHTTPRequestHandler]:
    config = server.config

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = 300
        server_version = "beBPo-Testbed-Intermediaer/1"

        def log_message(self, format: str, *args: object) -> None:
            logger.debug("%s %s", self.address_string(), format % args)

        def _send(self, status: int, body: bytes, content_type: str = "text/plain") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _length(self, limit: int) -> int | None:
            length = self.headers.get("Content-Length")
            if length is None or not length.isdigit():
                self.close_connection = True
                self._send(HTTPStatus.LENGTH_REQUIRED, b"Content-Length required")
                return None
            if int(length) > limit:
                # Read what was sent (loopback, bounded by the socket timeout): a client that is
                # still uploading would otherwise see a reset connection instead of the 413.
                left = int(length)
                while left > 0 and (data := self.rfile.read(min(READ_CHUNK, left))):
                    left -= len(data)
                self.close_connection = True
                self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, b"request too large")
                logger.info("request of %s bytes refused (limit %d)", length, limit)
                return None
            return int(length)

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            if path == ADMIN_PATH:
                body = json.dumps(server.faults.get().to_json()).encode()
                self._send(HTTPStatus.OK, body, "application/json")
            elif path == config.path:
                self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"OSCI: POST only")
            else:
                self._send(HTTPStatus.NOT_FOUND, b"not found")

        def do_DELETE(self) -> None:
            if urlsplit(self.path).path != ADMIN_PATH:
                self._send(HTTPStatus.NOT_FOUND, b"not found")
                return
            server.faults.set(Faults())
            logger.info("fault injection switched off")
            self._send(HTTPStatus.OK, b"{}", "application/json")

        def do_POST(self) -> None:
            path = urlsplit(self.path).path
            if path == ADMIN_PATH:
                self._admin_faults()
            elif path == PURGE_PATH:
                removed = server.intermediary.purge_now()
                self._send(HTTPStatus.OK, json.dumps({"removed": removed}).encode())
            elif path == config.path:
                self._osci()
            else:
                self._send(HTTPStatus.NOT_FOUND, b"not found")

        def _admin_faults(self) -> None:
            length = self._length(64 * 1024)
            if length is None:
                return
            try:
                faults = Faults.from_json(json.loads(self.rfile.read(length) or b"{}"))
            except (ValueError, TypeError, UnknownFault) as exc:
                self._send(HTTPStatus.BAD_REQUEST, str(exc).encode())
                return
            server.faults.set(faults)
            logger.info("fault injection set: %s", faults)
            self._send(HTTPStatus.OK, json.dumps(faults.to_json()).encode(), "application/json")

        def _osci(self) -> None:
            started = time.perf_counter()
            length = self._length(config.max_request_bytes)
            if length is None:
                return
            with server.spool.request():
                body = server.spool.file()
                left = length
                while left > 0:
                    data = self.rfile.read(min(READ_CHUNK, left))
                    if not data:
                        self.close_connection = True  # the client went away mid-request
                        return
                    body.write(data)
                    left -= len(data)
                body.seek(0)
                out = server.spool.file()
                taken = server.answer(body, out)
                size = out.tell()
                out.seek(0)
                fault = _is_fault(out.read(8192))
                out.seek(0)
                if taken.slow_seconds:
                    time.sleep(taken.slow_seconds)
                    logger.info("fault injection: answered %.1f s late", taken.slow_seconds)
                try:
                    self._respond(out, size, fault, taken)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True
                    logger.info("client went away while the response was sent")
                    return
            kind = server.intermediary.current_type
            logger.info(
                "%s answered with %s (%d bytes in, %d out) in %.1f ms",
                kind.name if kind is not None else "request",
                "SOAP fault" if fault else "a response",
                length,
                size,
                (time.perf_counter() - started) * 1000,
            )

        def _respond(self, out: BinaryIO, size: int, fault: bool, taken: Faults) -> None:
            self.send_response(HTTPStatus.INTERNAL_SERVER_ERROR if fault else HTTPStatus.OK)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            if taken.drop_after_bytes is not None:
                self._drop(out, taken.drop_after_bytes)
                return
            for data in read_chunks(out):
                self.wfile.write(data)

        def _drop(self, out: BinaryIO, limit: int) -> None:
            self.wfile.write(out.read(limit))
            self.wfile.flush()
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            logger.info("fault injection: connection dropped after %d response bytes", limit)

    return Handler
