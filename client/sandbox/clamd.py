"""Our own small clamd client: PING, VERSION and INSTREAM over a Unix socket or loopback TCP.

INSTREAM streams any binary source in chunks (``<4-byte big-endian length><data>``, a zero length
ends the stream) so a 200 MB attachment never sits in memory. clamd answers ``stream: OK``,
``stream: <name> FOUND`` or ``… ERROR``. Everything that is not a clear OK or a clear detection is
INDETERMINATE (fail closed): ``INSTREAM size limit exceeded``, a limit heuristic
(``Heuristics.Limits.Exceeded.*``), an encrypted archive or document (``Heuristics.Encrypted.*``),
a lost connection, a timeout, an answer we do not understand.

TCP is accepted only on loopback: the stream is plaintext, and clamd's TCP port must not be
reachable from elsewhere.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
import struct
import time
from dataclasses import dataclass
from pathlib import Path

from client.sandbox.errors import (
    ClamdProtocolError,
    ClamdTimeout,
    ClamdUnreachable,
    ScannerConfigInvalid,
)
from client.sandbox.result import (
    CHUNK_SIZE,
    BinarySource,
    HashingReader,
    IndeterminateReason,
    ScannerInfo,
    ScanResult,
    Verdict,
    log_result,
)

log = logging.getLogger(__name__)

ENGINE = "ClamAV"
_MAX_REPLY = 64 * 1024
_VERSION = re.compile(r"^(?P<engine>\S+) (?P<version>[^/\s]+)(?:/(?P<db>\d+)(?:/(?P<date>.+))?)?$")
_LIMIT_PREFIX = "Heuristics.Limits.Exceeded"
_ENCRYPTED_PREFIX = "Heuristics.Encrypted"
_SETTING = "scanner.clamd_socket"


@dataclass(frozen=True)
class ClamdAddress:
    """Where clamd listens: a Unix socket path, or host and port on loopback."""

    unix_path: Path | None = None
    host: str = ""
    port: int = 0

    def __str__(self) -> str:
        if self.unix_path is not None:
            return f"unix:{self.unix_path}"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"tcp://{host}:{self.port}"

    def connect(self, timeout: float) -> socket.socket:
        if self.unix_path is not None:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            target: str | tuple[str, int] = str(self.unix_path)
        else:
            family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
            sock = socket.socket(family, socket.SOCK_STREAM)
            target = (self.host, self.port)
        sock.settimeout(timeout)
        try:
            sock.connect(target)
        except BaseException:
            sock.close()
            raise
        return sock


def parse_clamd_address(text: str) -> ClamdAddress:
    """``/run/clamd.sock``, ``unix:/run/clamd.sock``, ``tcp://127.0.0.1:3310``,
    ``127.0.0.1:3310``, ``localhost:3310`` or ``[::1]:3310``."""
    value = text.strip()
    if not value:
        raise ScannerConfigInvalid(setting=_SETTING, value=text, reason="empty")
    if value.startswith("unix:"):
        value = value.removeprefix("unix:").removeprefix("//")
    if value.startswith("/"):
        return ClamdAddress(unix_path=Path(value))
    value = value.removeprefix("tcp://").rstrip("/")
    match = re.fullmatch(r"\[(?P<v6>[^\]]+)\]:(?P<port>\d+)|(?P<host>[^:]+):(?P<port4>\d+)", value)
    if match is None:
        raise ScannerConfigInvalid(
            setting=_SETTING, value=text, reason="expected a socket path or host:port"
        )
    host = match["v6"] or match["host"]
    port = int(match["port"] or match["port4"])
    if host == "localhost":
        host = "127.0.0.1"
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ScannerConfigInvalid(
            setting=_SETTING, value=text, reason="TCP is allowed on loopback only (127.0.0.1, ::1)"
        )
    if not 0 < port < 65536:
        raise ScannerConfigInvalid(setting=_SETTING, value=text, reason="port out of range")
    return ClamdAddress(host=host, port=port)


@dataclass(frozen=True)
class InstreamReply:
    """clamd's answer to INSTREAM (without the NUL), or that we stopped at the length limit."""

    text: str
    stopped_at_limit: bool = False


class ClamdClient:
    """One connection per command, so a client may be shared between threads."""

    def __init__(
        self,
        address: ClamdAddress,
        *,
        connect_timeout: float = 5.0,
        io_timeout: float = 60.0,
        reply_timeout: float = 300.0,
    ) -> None:
        self.address = address
        self.connect_timeout = connect_timeout
        self.io_timeout = io_timeout
        self.reply_timeout = reply_timeout

    def command(self, name: str) -> str:
        """Send ``z<name>\\0`` and return the answer."""
        with self._connect() as sock:
            try:
                sock.settimeout(self.io_timeout)
                sock.sendall(b"z" + name.encode("ascii") + b"\0")
            except TimeoutError as exc:
                raise ClamdTimeout(address=str(self.address), reason=f"{name}: {exc}") from exc
            except OSError as exc:
                raise ClamdUnreachable(address=str(self.address), reason=f"{name}: {exc}") from exc
            return self._reply(sock, name, self.io_timeout)

    def ping(self) -> bool:
        """True when clamd answers PONG; False when it cannot be reached or answers oddly."""
        try:
            return self.command("PING") == "PONG"
        except (ClamdUnreachable, ClamdTimeout, ClamdProtocolError):
            return False

    def version(self) -> ScannerInfo:
        """Engine and signature database version (``ClamAV 1.4.6/27500/<date>``)."""
        answer = self.command("VERSION")
        match = _VERSION.match(answer)
        if match is None:
            raise ClamdProtocolError(address=str(self.address), reason=f"VERSION: {answer!r}")
        signature_version = match["db"] or ""
        if match["date"]:
            signature_version += f" ({match['date']})"
        return ScannerInfo(
            engine=match["engine"],
            engine_version=match["version"],
            signature_version=signature_version,
        )

    def instream(self, reader: HashingReader, *, max_length: int | None = None) -> InstreamReply:
        """Stream ``reader`` to clamd; stop (and say so) once more than ``max_length`` bytes
        were read. An exception from the source propagates; the connection is dropped then."""
        with self._connect() as sock:
            sock.settimeout(self.io_timeout)
            try:
                sock.sendall(b"zINSTREAM\0")
            except TimeoutError as exc:
                raise ClamdTimeout(address=str(self.address), reason=f"INSTREAM: {exc}") from exc
            except OSError as exc:
                raise ClamdUnreachable(address=str(self.address), reason=str(exc)) from exc
            hung_up = False
            while True:
                chunk = reader.read(CHUNK_SIZE)  # outside the socket try: source errors propagate
                if not chunk:
                    break
                if max_length is not None and reader.count > max_length:
                    return InstreamReply(text="", stopped_at_limit=True)
                if not self._send_chunk(sock, chunk):
                    hung_up = True  # clamd closed (size limit?): its answer says why
                    break
            if not hung_up and not self._send_chunk(sock, b""):
                hung_up = True
            return InstreamReply(text=self._reply(sock, "INSTREAM", self.reply_timeout))

    def _send_chunk(self, sock: socket.socket, chunk: bytes) -> bool:
        try:
            sock.sendall(struct.pack("!L", len(chunk)))
            if chunk:
                sock.sendall(chunk)
        except TimeoutError as exc:
            raise ClamdTimeout(address=str(self.address), reason=f"sending: {exc}") from exc
        except (BrokenPipeError, ConnectionResetError):
            return False
        except OSError as exc:
            raise ClamdUnreachable(address=str(self.address), reason=f"sending: {exc}") from exc
        return True

    def _connect(self) -> socket.socket:
        try:
            return self.address.connect(self.connect_timeout)
        except TimeoutError as exc:
            raise ClamdTimeout(address=str(self.address), reason=f"connect: {exc}") from exc
        except OSError as exc:
            raise ClamdUnreachable(address=str(self.address), reason=f"connect: {exc}") from exc

    def _reply(self, sock: socket.socket, name: str, timeout: float) -> str:
        sock.settimeout(timeout)
        buffer = bytearray()
        try:
            while not buffer.endswith(b"\0") and len(buffer) < _MAX_REPLY:
                data = sock.recv(4096)
                if not data:
                    break
                buffer += data
        except TimeoutError as exc:
            raise ClamdTimeout(
                address=str(self.address), reason=f"{name}: no answer within {timeout:g} s"
            ) from exc
        except OSError as exc:
            if not buffer:
                raise ClamdUnreachable(address=str(self.address), reason=f"{name}: {exc}") from exc
        if not buffer:
            raise ClamdUnreachable(
                address=str(self.address), reason=f"{name}: connection closed without an answer"
            )
        return buffer.rstrip(b"\0").decode("utf-8", errors="replace").strip()


class ClamdScanner:
    """The :class:`~client.sandbox.result.Scanner` for a running clamd.

    ``stream_max_length``: clamd's StreamMaxLength when known (the private clamd knows it); a
    longer stream is not sent to the end but reported as SIZE_LIMIT. Unknown (``None``): clamd's
    own ``INSTREAM size limit exceeded`` answer gives the same result.
    ``signature_version``: shown when clamd's VERSION carries no database version (a custom
    signature folder without daily.cvd).
    """

    def __init__(
        self,
        address: ClamdAddress,
        *,
        stream_max_length: int | None = None,
        signature_version: str = "",
        connect_timeout: float = 5.0,
        io_timeout: float = 60.0,
        reply_timeout: float = 300.0,
    ) -> None:
        self.client = ClamdClient(
            address,
            connect_timeout=connect_timeout,
            io_timeout=io_timeout,
            reply_timeout=reply_timeout,
        )
        self.stream_max_length = stream_max_length
        self._signature_version = signature_version

    @property
    def address(self) -> ClamdAddress:
        return self.client.address

    def info(self) -> ScannerInfo:
        """The engine and database in use; raises :class:`ClamdError` when clamd cannot say."""
        info = self.client.version()
        if not info.signature_version and self._signature_version:
            info = ScannerInfo(info.engine, info.engine_version, self._signature_version)
        return info

    def ping(self) -> bool:
        return self.client.ping()

    def close(self) -> None:
        """Nothing to release: every command has its own connection."""

    def scan(self, source: BinarySource, *, name: str = "") -> ScanResult:
        reader = HashingReader(source)
        started = time.monotonic()
        result = self._scan(reader)
        log_result(log, result, seconds=time.monotonic() - started, where=str(self.address))
        return result

    def _scan(self, reader: HashingReader) -> ScanResult:
        info = ScannerInfo(ENGINE)
        try:
            info = self.info()
            reply = self.client.instream(reader, max_length=self.stream_max_length)
        except ClamdTimeout as exc:
            return reader.result(
                Verdict.INDETERMINATE, info, reason=IndeterminateReason.TIMEOUT, detail=exc.reason
            )
        except ClamdUnreachable as exc:
            return reader.result(
                Verdict.INDETERMINATE,
                info,
                reason=IndeterminateReason.UNREACHABLE,
                detail=exc.reason,
            )
        except ClamdProtocolError as exc:
            return reader.result(
                Verdict.INDETERMINATE,
                info,
                reason=IndeterminateReason.PROTOCOL_ERROR,
                detail=exc.reason,
            )
        if reply.stopped_at_limit:
            return reader.result(
                Verdict.INDETERMINATE,
                info,
                reason=IndeterminateReason.SIZE_LIMIT,
                detail=f"longer than StreamMaxLength {self.stream_max_length} bytes",
            )
        return result_from_reply(reader, info, reply.text)


def result_from_reply(reader: HashingReader, info: ScannerInfo, reply: str) -> ScanResult:
    """Map clamd's INSTREAM answer to a result; anything unclear is INDETERMINATE."""
    indeterminate = Verdict.INDETERMINATE
    if reply.startswith("stream: "):
        body = reply.removeprefix("stream: ")
        if body == "OK" and reader.at_end:
            return reader.result(Verdict.OK, info)
        if body.endswith(" FOUND"):
            signature = body.removesuffix(" FOUND").strip()
            if signature.startswith(_LIMIT_PREFIX):
                reason = IndeterminateReason.LIMITS_EXCEEDED
                return reader.result(indeterminate, info, reason=reason, detail=signature)
            if signature.startswith(_ENCRYPTED_PREFIX):
                reason = IndeterminateReason.ENCRYPTED
                return reader.result(indeterminate, info, reason=reason, detail=signature)
            if signature:
                return reader.result(Verdict.INFECTED, info, signature=signature)
        if body.endswith(" ERROR"):
            reason = IndeterminateReason.SCANNER_ERROR
            return reader.result(indeterminate, info, reason=reason, detail=body)
    elif "size limit exceeded" in reply:
        reason = IndeterminateReason.SIZE_LIMIT
        return reader.result(indeterminate, info, reason=reason, detail=reply)
    elif reply.endswith("ERROR"):
        reason = IndeterminateReason.SCANNER_ERROR
        return reader.result(indeterminate, info, reason=reason, detail=reply)
    reason = IndeterminateReason.PROTOCOL_ERROR
    return reader.result(indeterminate, info, reason=reason, detail=f"unexpected answer {reply!r}")
