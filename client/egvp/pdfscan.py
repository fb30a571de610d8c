"""A streaming check of PDF bytes for active content: JavaScript, embedded files, launch actions.

ERVB 2019 ff. forbid JavaScript and embedded executables in PDFs sent to courts (bebpo.md §6).
This is a *name scanner*, not a PDF parser (decision record 0503 lists what it cannot see):

* It looks for the PDF names ``/JS``, ``/JavaScript`` (JavaScript), ``/EmbeddedFiles``,
  ``/EmbeddedFile``, ``/FileAttachment``, ``/RichMedia`` (embedded files and media), ``/Launch``
  (launch actions) and ``/Encrypt`` (encryption), also when spelled with ``#xx`` escapes
  (``/J#61vaScript``). A name must end at a PDF delimiter, so ``/JSFont`` is not ``/JS``.
* Dictionaries are what count, and since PDF 1.5 dictionaries can sit inside compressed *object
  streams* (``/Type /ObjStm``). Those are inflated with zlib (``/FlateDecode`` only) and scanned
  the same way, within per-stream and per-file output limits (zip bombs).
* Every other stream (page contents, images, fonts — random-looking compressed bytes) is skipped
  up to its ``endstream`` so that chance byte sequences cause no false alarm. Hits inside a
  skipped stream are held back and only count if the "stream" turns out not to be one (no
  ``endstream`` before the next ``endobj N G obj``), which defeats hiding objects behind a fake
  ``stream`` keyword inside a string.
* Whatever it could not inspect (an object stream with another filter or a predictor, an inflate
  error, an output limit, a stream that never ends) is reported as a *gap*, never as "clean".

Memory stays bounded: the input is fed in chunks; the scanner keeps a few KiB of history plus at
most one chunk of inflated output.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from typing import BinaryIO


class PdfFinding(IntEnum):
    """Active or hidden content found. Persisted values."""

    JAVASCRIPT = 1
    EMBEDDED_FILE = 2
    LAUNCH_ACTION = 3
    ENCRYPTED = 4


class PdfGap(IntEnum):
    """Why part of the file could not be inspected. Persisted values."""

    OBJECT_STREAM_FILTER = 1
    OBJECT_STREAM_DAMAGED = 2
    INFLATE_LIMIT = 3
    UNTERMINATED_STREAM = 4


@dataclass(frozen=True)
class PdfScanResult:
    findings: frozenset[PdfFinding]
    gaps: frozenset[PdfGap]
    bytes_scanned: int
    object_streams_inflated: int

    @property
    def active_content(self) -> bool:
        return bool(self.findings - {PdfFinding.ENCRYPTED})


_NAMES = {
    b"JavaScript": PdfFinding.JAVASCRIPT,
    b"JS": PdfFinding.JAVASCRIPT,
    b"EmbeddedFiles": PdfFinding.EMBEDDED_FILE,
    b"EmbeddedFile": PdfFinding.EMBEDDED_FILE,
    b"FileAttachment": PdfFinding.EMBEDDED_FILE,
    b"RichMedia": PdfFinding.EMBEDDED_FILE,
    b"Launch": PdfFinding.LAUNCH_ACTION,
    b"Encrypt": PdfFinding.ENCRYPTED,
}
_WS = rb"\x00\t\n\x0c\r "
_DELIMITER = rb"[\x00\t\n\x0c\r /\[\]<>(){}%]"


def _name_pattern(name: bytes) -> bytes:
    parts = []
    for value in name:
        hex_digits = f"{value:02X}"
        hi, lo = hex_digits[0], hex_digits[1]
        parts.append(
            b"(?:"
            + re.escape(bytes([value]))
            + b"|#["
            + f"{hi}{hi.lower()}".encode()
            + b"]["
            + f"{lo}{lo.lower()}".encode()
            + b"])"
        )
    return b"".join(parts)


_KEYWORDS = re.compile(
    b"/(?:"
    + b"|".join(_name_pattern(n) for n in sorted(_NAMES, key=len, reverse=True))
    + b")(?="
    + _DELIMITER
    + b")"
)
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM = re.compile(rb">>[" + _WS + rb"]*stream(?:\r\n|\n|\r)")
_ENDSTREAM = re.compile(rb"endstream")
_OBJECT_BOUNDARY = re.compile(rb"endobj[" + _WS + rb"]+\d+[" + _WS + rb"]+\d+[" + _WS + rb"]+obj")
_OBJ = re.compile(rb"\bobj\b")
_OBJSTM = re.compile(rb"/Type[" + _WS + rb"]*/ObjStm\b")
_FILTER = re.compile(rb"/Filter[" + _WS + rb"]*(\[[^\]]*\]|/[^" + _WS + rb"/\[\]<>(){}%]+)")
_FILTER_NAME = re.compile(rb"/([^" + _WS + rb"/\[\]<>(){}%]+)")
_PREDICTOR = re.compile(rb"/Predictor[" + _WS + rb"]+(\d+)")

_OVERLAP = 128  # longest escaped name (3 bytes per letter) plus a delimiter fits
_HISTORY = 4096  # enough to see the dictionary in front of a ``stream`` keyword
_OUT_CHUNK = 1 << 20
MAX_INFLATE_PER_STREAM = 64 << 20
MAX_INFLATE_PER_FILE = 512 << 20


def _decode_name(raw: bytes) -> bytes:
    return _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw)


class _Mode(IntEnum):
    SCAN = 1
    INFLATE = 2
    SKIP = 3


class PdfScanner:
    """Feed the PDF bytes in order (any chunk size), then call :meth:`finish`."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self._pos = 0
        # Raw scanning never looks back before this index (the end of a skipped stream).
        self._floor = 0
        self._mode = _Mode.SCAN
        self._findings: set[PdfFinding] = set()
        self._pending: set[PdfFinding] = set()
        self._gaps: set[PdfGap] = set()
        self._inflater: zlib._Decompress | None = None
        self._inflated_tail = b""
        self._stream_out = 0
        self._total_out = 0
        self._object_streams = 0
        self._bytes = 0
        self._done = False

    # ------------------------------------------------------------ public

    def feed(self, data: bytes) -> None:
        if self._done:
            raise RuntimeError("scanner already finished")
        self._bytes += len(data)
        self._buf += data
        self._run(final=False)

    def finish(self) -> PdfScanResult:
        if not self._done:
            # A delimiter after the last byte lets a name at the very end match.
            self._buf += b"\n"
            self._run(final=True)
            if self._mode is _Mode.INFLATE:
                self._flush_inflated()
                self._gaps.add(PdfGap.UNTERMINATED_STREAM)
            elif self._mode is _Mode.SKIP:
                self._findings |= self._pending
                self._gaps.add(PdfGap.UNTERMINATED_STREAM)
            self._done = True
        return PdfScanResult(
            findings=frozenset(self._findings),
            gaps=frozenset(self._gaps),
            bytes_scanned=self._bytes,
            object_streams_inflated=self._object_streams,
        )

    # ------------------------------------------------------------ machinery

    def _run(self, *, final: bool) -> None:
        while True:
            if self._mode is _Mode.SCAN:
                progressed = self._scan(final)
            elif self._mode is _Mode.SKIP:
                progressed = self._skip(final)
            else:
                progressed = self._inflate()
            if not progressed:
                break
        self._trim()

    def _trim(self) -> None:
        cut = self._pos - _HISTORY
        if cut > 0:
            del self._buf[:cut]
            self._pos -= cut
            self._floor = max(0, self._floor - cut)

    def _names(
        self, start: int, end: int, into: set[PdfFinding], data: bytes | None = None
    ) -> None:
        source = self._buf if data is None else data
        for match in _KEYWORDS.finditer(source, max(0, start), end):
            into.add(_NAMES[_decode_name(match.group(0)[1:])])

    def _scan(self, final: bool) -> bool:
        buf = self._buf
        end = len(buf) if final else len(buf) - _OVERLAP
        if end <= self._pos:
            return False
        match = _STREAM.search(buf, self._pos)
        start = max(self._pos - _OVERLAP, self._floor)
        if match is None or match.start() >= end:
            self._names(start, end, self._findings)
            self._pos = end
            return False
        self._names(start, match.end(), self._findings)
        self._pos = match.end()
        self._start_stream(match.start())
        return True

    def _start_stream(self, stream_at: int) -> None:
        window_start = max(0, stream_at - _HISTORY)
        obj_at = max(
            (m.start() for m in _OBJ.finditer(self._buf, window_start, stream_at)), default=-1
        )
        dictionary = _decode_name(
            bytes(self._buf[obj_at if obj_at >= 0 else window_start : stream_at])
        )
        if not _OBJSTM.search(dictionary):
            self._mode = _Mode.SKIP
            self._pending = set()
            return
        filters = _filters(dictionary)
        predictor = _PREDICTOR.search(dictionary)
        if not filters:
            self._mode = _Mode.SCAN  # an uncompressed object stream is plain dictionaries
        elif filters in ([b"FlateDecode"], [b"Fl"]) and (
            predictor is None or int(predictor.group(1)) <= 1
        ):
            self._mode = _Mode.INFLATE
            self._inflater = zlib.decompressobj()
            self._inflated_tail = b""
            self._stream_out = 0
            self._object_streams += 1
        else:
            self._gaps.add(PdfGap.OBJECT_STREAM_FILTER)
            self._mode = _Mode.SKIP
            self._pending = set()

    def _skip(self, final: bool) -> bool:
        buf = self._buf
        end = len(buf) if final else len(buf) - _OVERLAP
        if end <= self._pos:
            return False
        closing = _ENDSTREAM.search(buf, self._pos)
        boundary = _OBJECT_BOUNDARY.search(buf, self._pos)
        if closing is not None and closing.start() >= end:
            closing = None
        if boundary is not None and boundary.start() >= end:
            boundary = None
        if closing is not None and (boundary is None or closing.start() < boundary.start()):
            self._pending = set()  # it was a real stream: its bytes are not dictionaries
            self._pos = self._floor = closing.end()
            self._mode = _Mode.SCAN
            return True
        if boundary is not None:
            self._names(self._pos - _OVERLAP, boundary.start(), self._pending)
            # Not a stream after all: what looked like stream data were objects.
            self._findings |= self._pending
            self._pending = set()
            self._pos = self._floor = boundary.start()
            self._mode = _Mode.SCAN
            return True
        self._names(self._pos - _OVERLAP, end, self._pending)
        self._pos = end
        return False

    def _inflate(self) -> bool:
        inflater = self._inflater
        if inflater is None:  # not in INFLATE mode: nothing to do
            return False
        data = bytes(self._buf[self._pos :])
        # The compressed bytes need no history; keep only what is not yet consumed.
        self._buf = bytearray()
        self._pos = self._floor = 0
        while True:
            try:
                out = inflater.decompress(data, _OUT_CHUNK)
            except zlib.error:
                self._gaps.add(PdfGap.OBJECT_STREAM_DAMAGED)
                self._end_inflate(_Mode.SKIP, data)
                return True
            self._scan_inflated(out)
            if inflater.eof:
                self._end_inflate(_Mode.SCAN, inflater.unused_data)
                return True
            if self._stream_out > MAX_INFLATE_PER_STREAM or self._total_out > MAX_INFLATE_PER_FILE:
                self._gaps.add(PdfGap.INFLATE_LIMIT)
                self._end_inflate(_Mode.SKIP, inflater.unconsumed_tail)
                return True
            data = inflater.unconsumed_tail
            if not data and len(out) < _OUT_CHUNK:
                return False  # needs more input

    def _end_inflate(self, mode: _Mode, rest: bytes) -> None:
        self._flush_inflated()
        self._inflater = None
        self._buf = bytearray(rest)
        self._pos = self._floor = 0
        self._mode = mode
        self._pending = set()

    def _scan_inflated(self, out: bytes) -> None:
        if not out:
            return
        self._stream_out += len(out)
        self._total_out += len(out)
        window = self._inflated_tail + out
        self._names(0, len(window), self._findings, window)
        self._inflated_tail = window[-_OVERLAP:]

    def _flush_inflated(self) -> None:
        tail = self._inflated_tail + b"\n"
        self._names(0, len(tail), self._findings, tail)
        self._inflated_tail = b""


def _filters(dictionary: bytes) -> list[bytes]:
    match = _FILTER.search(dictionary)
    if match is None:
        return []
    return _FILTER_NAME.findall(match.group(1))


def scan_pdf(stream: BinaryIO, *, chunk_size: int = 1 << 20, prefix: bytes = b"") -> PdfScanResult:
    """Scan a whole PDF from ``stream`` (``prefix``: bytes already read from it)."""
    scanner = PdfScanner()
    if prefix:
        scanner.feed(prefix)
    while chunk := stream.read(chunk_size):
        scanner.feed(chunk)
    return scanner.finish()


def scan_pdf_bytes(chunks: Iterable[bytes]) -> PdfScanResult:
    scanner = PdfScanner()
    for chunk in chunks:
        scanner.feed(chunk)
    return scanner.finish()
