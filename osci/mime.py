"""Streaming multipart/related: a sans-IO reader and writer for OSCI messages (osci.md §5.2).

Our own code rather than the ``email`` package because OSCI peers write things a strict email
parser refuses or mangles: ``Content-Transfer-Encoding: 8-bit``, unquoted boundaries with ``+ / =``,
Content-IDs with spaces and umlauts, a leading CRLF before the headers (the Java library's SOAP
faults), and a wrong ``Content-Length`` on the outer part (§16.1). Parts are split by the boundary
only; a part body is exactly the bytes between its header-ending blank line and the CRLF that
precedes the next ``--boundary`` (RFC 2046: that CRLF belongs to the delimiter).

Nothing here opens files or sockets: bytes go in through :meth:`MimeParser.feed`, events come out;
the writer hands bytes to a caller-supplied sink. Large parts are moved to a binary file the
*caller* provides (:data:`SpillFactory`). See decision record 0101.
"""

from __future__ import annotations

import binascii
import hashlib
import io
import re
import secrets
import string
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum, auto
from types import TracebackType
from typing import TYPE_CHECKING, BinaryIO

from osci.errors import DuplicateContentId, MimeError, TooLarge

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

__all__ = [
    "MessageEnded",
    "MimeEvent",
    "MimeLimits",
    "MimeParser",
    "MimePart",
    "MimeWriter",
    "Multipart",
    "PartBody",
    "PartCollector",
    "PartData",
    "PartEnded",
    "PartHeaders",
    "PartSink",
    "PartStarted",
    "SpillFactory",
    "iter_events",
    "new_boundary",
    "parse_multipart",
    "write_multipart",
]

CRLF = b"\r\n"
_BLANK_LINE = b"\r\n\r\n"
_RAW_ENCODINGS = frozenset({"7bit", "8bit", "8-bit", "binary"})
_ENCODINGS = _RAW_ENCODINGS | {"base64"}
_WHITESPACE = b" \t\r\n"
# Transport padding after a delimiter is whitespace; a peer that writes more than a line of it is
# not an OSCI peer.
_MAX_PADDING = 998
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_MEDIA_TYPE = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_BOUNDARY_CHARS = frozenset(string.ascii_letters + string.digits + "'()+_,-./:=?")
_WRITE_BOUNDARY_ALPHABET = string.ascii_letters + string.digits
_BASE64_LINE_INPUT = 57  # 57 input bytes give one 76-character line


@dataclass(frozen=True)
class MimeLimits:
    """Bounds that keep a hostile peer from exhausting memory or disk."""

    max_header_bytes: int = 16 * 1024
    max_parts: int = 1000
    max_part_bytes: int = 4 * 1024**3
    max_total_bytes: int = 8 * 1024**3


@dataclass(frozen=True)
class PartHeaders:
    """The MIME headers of one part, normalised.

    ``content_id`` is without the angle brackets and may contain spaces and umlauts.
    ``content_length`` is informational only: parts are always split by boundary.
    """

    content_id: str
    content_type: str = "application/octet-stream"
    charset: str | None = None
    transfer_encoding: str = "binary"
    content_length: int | None = None
    extra: tuple[tuple[str, str], ...] = ()

    @property
    def is_base64(self) -> bool:
        # Receivers pick base64 when the encoding says so *or* the type is text/base64 (§5.2).
        return self.transfer_encoding == "base64" or self.content_type == "text/base64"


# ------------------------------------------------------------------ events


@dataclass(frozen=True)
class PartStarted:
    headers: PartHeaders


@dataclass(frozen=True)
class PartData:
    """Body bytes of the current part, transfer encoding already removed."""

    data: bytes


@dataclass(frozen=True)
class PartEnded:
    """Size and SHA-256 of the decoded body, computed while streaming."""

    content_id: str
    size: int
    sha256: bytes


@dataclass(frozen=True)
class MessageEnded:
    pass


MimeEvent = PartStarted | PartData | PartEnded | MessageEnded


# ------------------------------------------------------------------ header parsing


def _decode_header_block(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _header_fields(raw: bytes, *, part: str) -> list[tuple[str, str]]:
    """Split a header block (without the final blank line) into (name, value), unfolded."""
    fields: list[tuple[str, str]] = []
    for line in _decode_header_block(raw).split("\r\n"):
        if not line:
            continue
        if line[0] in " \t":
            if not fields:
                raise MimeError(reason="header block starts with a continuation line", part=part)
            name, value = fields[-1]
            fields[-1] = (name, f"{value} {line.strip()}")
            continue
        name, colon, value = line.partition(":")
        name = name.strip()
        if not colon or not _TOKEN.fullmatch(name):
            raise MimeError(reason=f"malformed header line {line[:60]!r}", part=part)
        fields.append((name, value.strip()))
    return fields


def _split_params(value: str) -> tuple[str, dict[str, str]]:
    """``type/sub; a=b; c="d"`` → (``type/sub`` lowercased, {a: b, c: d}) with lowercased keys.

    Values may be quoted or not; unquoted ones run to the next ``;`` so that boundaries written
    unquoted with ``+ / =`` survive (§5.2).
    """
    main, _, rest = value.partition(";")
    params: dict[str, str] = {}
    position = 0
    while position < len(rest):
        semicolon = rest.find(";", position)
        equals = rest.find("=", position)
        if equals == -1 or (semicolon != -1 and semicolon < equals):
            position = len(rest) if semicolon == -1 else semicolon + 1
            continue
        key = rest[position:equals].strip().lower()
        position = equals + 1
        while position < len(rest) and rest[position] in " \t":
            position += 1
        if position < len(rest) and rest[position] == '"':
            close = rest.find('"', position + 1)
            if close == -1:
                raise MimeError(reason=f"unterminated quoted parameter {key!r}")
            param = rest[position + 1 : close]
            semicolon = rest.find(";", close)
            position = len(rest) if semicolon == -1 else semicolon + 1
        else:
            semicolon = rest.find(";", position)
            end = len(rest) if semicolon == -1 else semicolon
            param = rest[position:end].strip()
            position = end + 1
        if key:
            params[key] = param
    return main.strip().lower(), params


def _boundary_from(fields: list[tuple[str, str]]) -> bytes:
    content_type = [value for name, value in fields if name.lower() == "content-type"]
    if len(content_type) != 1:
        raise MimeError(reason="the message needs exactly one Content-Type header")
    main, params = _split_params(content_type[0])
    if main != "multipart/related":
        raise MimeError(reason=f"not multipart/related but {main!r}")
    boundary = params.get("boundary", "")
    if not boundary:
        raise MimeError(reason="Content-Type has no boundary")
    # Lenient on the character set (peers write + / = unquoted), strict on what would break framing.
    if len(boundary) > 200 or any(ch in boundary for ch in "\r\n") or not boundary.isprintable():
        raise MimeError(reason="unusable boundary")
    return boundary.encode("utf-8")


def _part_headers(raw: bytes) -> PartHeaders:
    fields = _header_fields(raw, part="")
    known: dict[str, str] = {}
    extra: list[tuple[str, str]] = []
    for name, value in fields:
        key = name.lower()
        if key in ("content-type", "content-id", "content-transfer-encoding", "content-length"):
            if key in known:
                raise MimeError(reason=f"header {name} occurs twice")
            known[key] = value
        else:
            extra.append((name, value))
    content_id = known.get("content-id", "").strip()
    if content_id.startswith("<") and content_id.endswith(">"):
        content_id = content_id[1:-1]
    if not content_id:
        raise MimeError(reason="part without Content-ID")
    content_type, params = _split_params(known.get("content-type", "application/octet-stream"))
    charset = params.get("charset")
    if charset is not None and charset.lower() != "utf-8":
        raise MimeError(reason=f"charset {charset!r} is not UTF-8", part=content_id)
    encoding = known.get("content-transfer-encoding", "7bit").lower()
    if encoding not in _ENCODINGS:
        raise MimeError(reason=f"unknown transfer encoding {encoding!r}", part=content_id)
    length_text = known.get("content-length")
    if length_text is not None and not (length_text.isascii() and length_text.isdigit()):
        raise MimeError(reason=f"Content-Length {length_text[:30]!r} is no number", part=content_id)
    return PartHeaders(
        content_id=content_id,
        content_type=content_type,
        charset=charset,
        transfer_encoding=encoding,
        content_length=int(length_text) if length_text is not None else None,
        extra=tuple(extra),
    )


# ------------------------------------------------------------------ incremental base64


class _Base64Decoder:
    """Strict base64 in arbitrary chunks: line breaks anywhere, padding only at the very end."""

    def __init__(self, part: str) -> None:
        self._part = part
        self._pending = b""
        self._finished = False

    def feed(self, data: bytes) -> bytes:
        data = self._pending + data.translate(None, _WHITESPACE)
        if not data:
            return b""
        if self._finished:
            raise MimeError(reason="base64 data after the padding", part=self._part)
        usable = len(data) - len(data) % 4
        self._pending = data[usable:]
        if not usable:
            return b""
        quads = data[:usable]
        if b"=" in quads:
            self._finished = True
        try:
            return binascii.a2b_base64(quads, strict_mode=True)
        except binascii.Error as exc:
            raise MimeError(reason=f"invalid base64 ({exc})", part=self._part) from exc

    def close(self) -> None:
        if self._pending:
            raise MimeError(reason="base64 data is truncated", part=self._part)


# ------------------------------------------------------------------ the push parser


class _State(Enum):
    TOP_HEADERS = auto()
    PREAMBLE = auto()
    DELIMITER_LINE = auto()
    PART_HEADERS = auto()
    BODY = auto()
    EPILOGUE = auto()


class MimeParser:
    """Push parser: ``feed()`` any slices of the message, get events back; ``close()`` at the end.

    After an error the parser is unusable and repeats that error on every later call.
    """

    def __init__(self, *, limits: MimeLimits = MimeLimits()) -> None:
        self._limits = limits
        self._state = _State.TOP_HEADERS
        self._buf = bytearray()
        self._scanned = 0  # bytes of _buf already searched for the header end
        self._delimiter = b""
        self._total = 0
        self._parts = 0
        self._seen_ids: set[str] = set()
        self._current: PartHeaders | None = None
        self._decoder: _Base64Decoder | None = None
        self._digest = hashlib.sha256()
        self._size = 0
        self._failure: Exception | None = None

    @property
    def finished(self) -> bool:
        return self._state is _State.EPILOGUE

    def feed(self, data: bytes) -> list[MimeEvent]:
        if self._failure is not None:
            raise self._failure
        try:
            self._total += len(data)
            if self._total > self._limits.max_total_bytes:
                raise TooLarge(what="MIME message", limit=self._limits.max_total_bytes)
            if self._state is _State.EPILOGUE:
                return []  # the epilogue carries nothing for us
            self._buf += data
            events: list[MimeEvent] = []
            while self._step(events):
                pass
            return events
        except Exception as exc:
            self._failure = exc
            raise

    def close(self) -> list[MimeEvent]:
        if self._failure is not None:
            raise self._failure
        if self._state is not _State.EPILOGUE:
            self._failure = MimeError(reason="message is truncated (no closing delimiter)")
            raise self._failure
        return []

    # One step consumes what it can from the buffer; False means "need more bytes".
    def _step(self, events: list[MimeEvent]) -> bool:
        if self._state is _State.TOP_HEADERS:
            return self._top_headers()
        if self._state is _State.PREAMBLE:
            return self._preamble()
        if self._state is _State.DELIMITER_LINE:
            return self._delimiter_line(events)
        if self._state is _State.PART_HEADERS:
            return self._part_headers(events)
        if self._state is _State.BODY:
            return self._body(events)
        self._buf.clear()
        return False

    def _header_block(self) -> bytes | None:
        """The next header block (without the blank line), or None when it is not complete."""
        if self._buf.startswith(CRLF):
            del self._buf[:2]
            self._scanned = 0
            return b""
        end = self._buf.find(_BLANK_LINE, max(0, self._scanned - 3))
        if end == -1:
            self._scanned = len(self._buf)
            if len(self._buf) > self._limits.max_header_bytes:
                raise TooLarge(what="MIME header block", limit=self._limits.max_header_bytes)
            return None
        if end + 2 > self._limits.max_header_bytes:
            raise TooLarge(what="MIME header block", limit=self._limits.max_header_bytes)
        block = bytes(self._buf[: end + 2])
        del self._buf[: end + 4]
        self._scanned = 0
        return block

    def _top_headers(self) -> bool:
        # The Java library's SOAP faults start with a CRLF (§16.7); tolerate empty lines up front.
        while self._buf.startswith(CRLF):
            del self._buf[:2]
        if len(self._buf) < 2:
            return False
        block = self._header_block()
        if block is None:
            return False
        self._delimiter = CRLF + b"--" + _boundary_from(_header_fields(block, part=""))
        # The first delimiter may follow the blank line directly: give it the CRLF it owns.
        self._buf[:0] = CRLF
        self._state = _State.PREAMBLE
        return True

    def _preamble(self) -> bool:
        found = self._buf.find(self._delimiter)
        if found == -1:
            keep = len(self._delimiter) - 1
            if len(self._buf) > keep:
                del self._buf[: len(self._buf) - keep]
            return False
        del self._buf[:found]
        self._state = _State.DELIMITER_LINE
        return True

    def _delimiter_line(self, events: list[MimeEvent]) -> bool:
        """The buffer starts with a delimiter; decide what follows it."""
        verdict = self._classify_delimiter()
        if verdict is None:
            return False
        kind, consumed = verdict
        if kind == "data":
            # Looked like a delimiter but is not one: those bytes belong to the body (or preamble).
            if self._current is not None:
                self._emit(events, bytes(self._buf[:consumed]))
            del self._buf[:consumed]
            self._state = _State.BODY if self._current is not None else _State.PREAMBLE
            return True
        if self._current is not None:
            self._end_part(events)
        del self._buf[:consumed]
        if kind == "close":
            if self._parts == 0:
                raise MimeError(reason="message without parts")
            events.append(MessageEnded())
            self._state = _State.EPILOGUE
            self._buf.clear()
            return False
        self._state = _State.PART_HEADERS
        return True

    def _classify_delimiter(self) -> tuple[str, int] | None:
        """("close" | "part" | "data", bytes consumed) or None when more bytes are needed."""
        start = len(self._delimiter)
        rest = bytes(self._buf[start : start + 2])
        if not rest:
            return None
        if rest[:1] == b"-":
            if len(rest) < 2:
                return None
            return ("close", start + 2) if rest == b"--" else ("data", start)
        if rest[:1] not in (b" ", b"\t", b"\r"):
            return "data", start
        position = start
        while position < len(self._buf) and self._buf[position] in b" \t":
            position += 1
        if position - start > _MAX_PADDING:
            raise MimeError(reason="delimiter line too long")
        if position + 2 > len(self._buf):
            return None
        if self._buf[position : position + 2] == CRLF:
            return "part", position + 2
        return "data", start

    def _part_headers(self, events: list[MimeEvent]) -> bool:
        block = self._header_block()
        if block is None:
            return False
        headers = _part_headers(block)
        self._parts += 1
        if self._parts > self._limits.max_parts:
            raise MimeError(reason=f"more than {self._limits.max_parts} parts")
        if headers.content_id in self._seen_ids:
            raise DuplicateContentId(content_id=headers.content_id)
        self._seen_ids.add(headers.content_id)
        self._current = headers
        self._decoder = _Base64Decoder(headers.content_id) if headers.is_base64 else None
        self._digest = hashlib.sha256()
        self._size = 0
        events.append(PartStarted(headers))
        self._state = _State.BODY
        return True

    def _body(self, events: list[MimeEvent]) -> bool:
        found = self._buf.find(self._delimiter)
        if found == -1:
            # Keep what could be the start of a delimiter split across feeds.
            emit = len(self._buf) - (len(self._delimiter) - 1)
            if emit > 0:
                self._emit(events, bytes(memoryview(self._buf)[:emit]))
                del self._buf[:emit]
            return False
        if found:
            self._emit(events, bytes(memoryview(self._buf)[:found]))
            del self._buf[:found]
        self._state = _State.DELIMITER_LINE
        return True

    def _emit(self, events: list[MimeEvent], raw: bytes) -> None:
        if self._current is None:  # pragma: no cover - the state machine prevents it
            raise MimeError(reason="body data outside a part")
        data = self._decoder.feed(raw) if self._decoder is not None else raw
        if not data:
            return
        self._size += len(data)
        if self._size > self._limits.max_part_bytes:
            raise TooLarge(
                what=f"MIME part {self._current.content_id!r}", limit=self._limits.max_part_bytes
            )
        self._digest.update(data)
        events.append(PartData(data))

    def _end_part(self, events: list[MimeEvent]) -> None:
        if self._current is None:  # pragma: no cover - the state machine prevents it
            raise MimeError(reason="part end outside a part")
        if self._decoder is not None:
            self._decoder.close()
        events.append(PartEnded(self._current.content_id, self._size, self._digest.digest()))
        self._current = None
        self._decoder = None


# ------------------------------------------------------------------ collecting parts

SpillFactory = Callable[[], BinaryIO]
"""Returns a fresh, empty, readable and writable binary file (the caller decides where it lives)."""

DEFAULT_MEMORY_THRESHOLD = 1024 * 1024


class _SharedFileReader(io.RawIOBase):
    """An independent read position on a spill file (several readers may be open at once)."""

    def __init__(self, file: BinaryIO, size: int) -> None:
        super().__init__()
        self._file = file
        self._size = size
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        self._position = max(0, base + offset)
        return self._position

    def tell(self) -> int:
        return self._position

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        wanted = min(len(view), self._size - self._position)
        if wanted <= 0:
            return 0
        self._file.seek(self._position)
        data = self._file.read(wanted)
        view[: len(data)] = data
        self._position += len(data)
        return len(data)


class PartBody:
    """The decoded body of one part: in memory when small, else in a caller-supplied file."""

    def __init__(self, *, data: bytes = b"", file: BinaryIO | None = None, size: int = 0) -> None:
        self._data = data
        self._file = file
        self.size = size if file is not None else len(data)

    @property
    def in_memory(self) -> bool:
        return self._file is None

    def open(self) -> BinaryIO:
        """A fresh reader positioned at byte 0."""
        if self._file is None:
            return io.BytesIO(self._data)
        return io.BufferedReader(_SharedFileReader(self._file, self.size), 64 * 1024)

    def read_bytes(self) -> bytes:
        if self._file is None:
            return self._data
        with self.open() as reader:
            return reader.read()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


@dataclass(frozen=True)
class MimePart:
    headers: PartHeaders
    body: PartBody
    size: int
    sha256: bytes

    @property
    def content_id(self) -> str:
        return self.headers.content_id


@dataclass(frozen=True)
class Multipart:
    parts: tuple[MimePart, ...]
    _by_id: dict[str, MimePart] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.parts:
            raise MimeError(reason="message without parts")
        object.__setattr__(self, "_by_id", {part.content_id: part for part in self.parts})

    @property
    def root(self) -> MimePart:
        return self.parts[0]

    def by_content_id(self, content_id: str) -> MimePart:
        try:
            return self._by_id[content_id]
        except KeyError:
            raise MimeError(reason="referenced part is missing", part=content_id) from None

    def close(self) -> None:
        for part in self.parts:
            part.body.close()

    def __enter__(self) -> Multipart:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class PartCollector:
    """Turns parser events into :class:`MimePart` objects, spilling big bodies to files."""

    def __init__(
        self,
        *,
        spill: SpillFactory | None = None,
        memory_threshold: int = DEFAULT_MEMORY_THRESHOLD,
    ) -> None:
        self._spill = spill
        self._threshold = memory_threshold
        self._parts: list[MimePart] = []
        self._headers: PartHeaders | None = None
        self._memory = bytearray()
        self._file: BinaryIO | None = None
        self._ended = False

    def add(self, event: MimeEvent) -> MimePart | None:
        """Take one event; returns the part it completed, if any."""
        if isinstance(event, PartStarted):
            self._headers = event.headers
            self._memory = bytearray()
            self._file = None
        elif isinstance(event, PartData):
            self._write(event.data)
        elif isinstance(event, PartEnded):
            return self._finish(event)
        else:
            self._ended = True
        return None

    def _write(self, data: bytes) -> None:
        if self._file is not None:
            self._file.write(data)
            return
        self._memory += data
        if self._spill is not None and len(self._memory) > self._threshold:
            self._file = self._spill()
            self._file.write(self._memory)
            self._memory = bytearray()

    def _finish(self, event: PartEnded) -> MimePart:
        if self._headers is None:
            raise MimeError(reason="PartEnded without PartStarted", part=event.content_id)
        if self._file is not None:
            self._file.flush()
            body = PartBody(file=self._file, size=event.size)
        else:
            body = PartBody(data=bytes(self._memory))
        part = MimePart(self._headers, body, event.size, event.sha256)
        self._parts.append(part)
        self._headers, self._file, self._memory = None, None, bytearray()
        return part

    def result(self) -> Multipart:
        if not self._ended:
            raise MimeError(reason="message is truncated (no closing delimiter)")
        return Multipart(tuple(self._parts))

    def discard(self) -> None:
        """Close every spill file (after an error)."""
        if self._file is not None:
            self._file.close()
        for part in self._parts:
            part.body.close()


def parse_multipart(
    chunks: Iterable[bytes],
    *,
    spill: SpillFactory | None = None,
    memory_threshold: int = DEFAULT_MEMORY_THRESHOLD,
    limits: MimeLimits = MimeLimits(),
) -> Multipart:
    """Parse a whole message from ``chunks``; without ``spill`` every body stays in memory."""
    parser = MimeParser(limits=limits)
    collector = PartCollector(spill=spill, memory_threshold=memory_threshold)
    try:
        for chunk in chunks:
            for event in parser.feed(chunk):
                collector.add(event)
        for event in parser.close():
            collector.add(event)
        return collector.result()
    except BaseException:
        collector.discard()
        raise


# ------------------------------------------------------------------ the writer


def new_boundary() -> str:
    return "MIME_boundary_" + "".join(secrets.choice(_WRITE_BOUNDARY_ALPHABET) for _ in range(32))


def _check_header_text(value: str, what: str, *, forbidden: str = "\r\n") -> None:
    if any(ch in value for ch in forbidden) or not value.isprintable():
        raise MimeError(reason=f"{what} contains forbidden characters", part=value[:60])


def _header_lines(headers: PartHeaders) -> bytes:
    content_id = headers.content_id
    if not content_id:
        raise MimeError(reason="part without Content-ID")
    _check_header_text(content_id, "Content-ID", forbidden="\r\n<>")
    if content_id != content_id.strip():
        # The reader strips surrounding blanks, so such an id would not survive the round trip.
        raise MimeError(reason="Content-ID with leading or trailing blanks", part=content_id)
    if not _MEDIA_TYPE.fullmatch(headers.content_type):
        raise MimeError(reason="invalid Content-Type", part=content_id)
    if headers.transfer_encoding not in _ENCODINGS:
        raise MimeError(reason="unknown transfer encoding", part=content_id)
    content_type = headers.content_type
    if headers.charset is not None:
        if headers.charset.lower() != "utf-8":
            raise MimeError(reason="charset must be UTF-8", part=content_id)
        content_type += f"; charset={headers.charset}"
    lines = [
        f"Content-Type: {content_type}",
        f"Content-Transfer-Encoding: {headers.transfer_encoding}",
        f"Content-ID: <{content_id}>",
    ]
    if headers.content_length is not None:
        lines.append(f"Content-Length: {int(headers.content_length)}")
    for name, value in headers.extra:
        if not _TOKEN.fullmatch(name):
            raise MimeError(reason=f"invalid header name {name[:60]!r}", part=content_id)
        _check_header_text(value, f"header {name}")
        lines.append(f"{name}: {value}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")


class PartSink:
    """Streams one part's body into the message; obtained from :meth:`MimeWriter.part`."""

    def __init__(self, writer: MimeWriter, headers: PartHeaders) -> None:
        self._writer = writer
        self.headers = headers
        self._base64 = headers.is_base64
        self._pending = b""
        self._line_open = False
        self.size = 0  # decoded bytes written
        self.closed = False

    def write(self, data: bytes) -> None:
        if self.closed:
            raise MimeError(reason="write after end()", part=self.headers.content_id)
        self.size += len(data)
        if not self._base64:
            if data:
                self._writer._sink(bytes(data))
            return
        data = self._pending + data
        usable = len(data) - len(data) % _BASE64_LINE_INPUT
        self._pending = data[usable:]
        if usable:
            self._writer._sink(self._encode(data[:usable]))

    def _encode(self, data: bytes) -> bytes:
        lines = [
            binascii.b2a_base64(data[start : start + _BASE64_LINE_INPUT], newline=False)
            for start in range(0, len(data), _BASE64_LINE_INPUT)
        ]
        # Lines are separated (not terminated) by CRLF: the delimiter brings the final CRLF.
        encoded = CRLF.join(lines)
        if self._line_open:
            encoded = CRLF + encoded
        self._line_open = True
        return encoded

    def end(self) -> None:
        if self.closed:
            return
        if self._base64 and self._pending:
            self._writer._sink(self._encode(self._pending))
            self._pending = b""
        self.closed = True
        self._writer._part_ended(self)

    def __enter__(self) -> PartSink:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.end()


class MimeWriter:
    """Writes a multipart/related message to ``sink`` part by part (sans-IO)."""

    def __init__(self, sink: Callable[[bytes], object], *, boundary: str | None = None) -> None:
        if boundary is None:
            boundary = new_boundary()
        if not 0 < len(boundary) <= 70 or not set(boundary) <= _BOUNDARY_CHARS:
            raise MimeError(reason="invalid boundary")
        self.boundary = boundary
        self._sink = sink
        self._started = False
        self._closed = False
        self._parts = 0
        self._open_part: PartSink | None = None
        self._ids: set[str] = set()

    def start(self) -> None:
        if self._started:
            raise MimeError(reason="writer already started")
        self._started = True
        boundary = self.boundary
        if not _TOKEN.fullmatch(boundary):
            boundary = f'"{boundary}"'
        self._sink(
            b"MIME-Version: 1.0\r\nContent-Type: Multipart/Related; boundary="
            + boundary.encode("ascii")
            + b"; type=text/xml\r\n\r\n"
        )

    def part(self, headers: PartHeaders) -> PartSink:
        if not self._started or self._closed:
            raise MimeError(reason="part() outside start() … close()")
        if self._open_part is not None:
            raise MimeError(
                reason="previous part not ended", part=self._open_part.headers.content_id
            )
        header_bytes = _header_lines(headers)
        if headers.content_id in self._ids:
            raise DuplicateContentId(content_id=headers.content_id)
        self._ids.add(headers.content_id)
        prefix = b"--" if self._parts == 0 else b"\r\n--"
        self._sink(prefix + self.boundary.encode("ascii") + CRLF + header_bytes)
        self._parts += 1
        self._open_part = PartSink(self, headers)
        return self._open_part

    def write_part(self, headers: PartHeaders, body: bytes | Iterable[bytes]) -> None:
        """Convenience: one part from bytes or an iterable of chunks."""
        sink = self.part(headers)
        for chunk in [body] if isinstance(body, bytes | bytearray) else body:
            sink.write(chunk)
        sink.end()

    def _part_ended(self, part: PartSink) -> None:
        if part is self._open_part:
            self._open_part = None

    def close(self) -> None:
        if self._closed:
            return
        if self._open_part is not None:
            raise MimeError(reason="part not ended", part=self._open_part.headers.content_id)
        if self._parts == 0:
            raise MimeError(reason="message without parts")
        self._closed = True
        self._sink(b"\r\n--" + self.boundary.encode("ascii") + b"--\r\n")


def write_multipart(
    parts: Iterable[tuple[PartHeaders, bytes]], *, boundary: str | None = None
) -> bytes:
    """The whole message as bytes (small messages and tests)."""
    out: list[bytes] = []
    writer = MimeWriter(out.append, boundary=boundary)
    writer.start()
    for headers, body in parts:
        writer.write_part(headers, body)
    writer.close()
    return b"".join(out)


def iter_events(
    chunks: Iterable[bytes], *, limits: MimeLimits = MimeLimits()
) -> Iterator[MimeEvent]:
    """Events of a whole message read from ``chunks`` (a generator over :class:`MimeParser`)."""
    parser = MimeParser(limits=limits)
    for chunk in chunks:
        yield from parser.feed(chunk)
    yield from parser.close()
