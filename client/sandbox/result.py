"""The scanner protocol and what a scan returns.

A :class:`ScanResult` is what the store journals for an attachment: verdict, signature name,
engine and signature versions, why it is INDETERMINATE, and the byte count and SHA-256 of exactly
the bytes the scanner saw. Persisted enums have fixed values that are never reused.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import IntEnum
from typing import Protocol

from client.sandbox.filetype import HEAD_SIZE, ContentType, detect_content_type

# How much of a source is read per step (also the INSTREAM chunk size).
CHUNK_SIZE = 1 << 20


class Verdict(IntEnum):
    """Scan verdict. Persisted values."""

    OK = 1
    INFECTED = 2
    INDETERMINATE = 3


class IndeterminateReason(IntEnum):
    """Why a scan gave no verdict. Persisted values."""

    UNREACHABLE = 1  # no connection, or it broke before an answer (scanner stopped, crashed)
    TIMEOUT = 2  # no answer in time
    SIZE_LIMIT = 3  # the stream is longer than the scanner accepts (StreamMaxLength)
    LIMITS_EXCEEDED = 4  # scanned, but a limit stopped it (MaxFileSize, MaxScanSize, recursion …)
    ENCRYPTED = 5  # an encrypted archive or document whose content could not be scanned
    SCANNER_ERROR = 6  # the scanner reported an error (clamd ERROR, command exit code, crash)
    PROTOCOL_ERROR = 7  # an answer this program does not understand

    @property
    def label(self) -> str:
        """Short German text for the user."""
        return _REASON_LABELS[self]


_REASON_LABELS = {
    IndeterminateReason.UNREACHABLE: "Virenscanner nicht erreichbar",
    IndeterminateReason.TIMEOUT: "Zeitüberschreitung beim Scannen",
    IndeterminateReason.SIZE_LIMIT: "Datei größer als die Grenze des Virenscanners",
    IndeterminateReason.LIMITS_EXCEEDED: "Prüfgrenze des Virenscanners überschritten",
    IndeterminateReason.ENCRYPTED: "verschlüsselter Inhalt, nicht prüfbar",
    IndeterminateReason.SCANNER_ERROR: "Fehler des Virenscanners",
    IndeterminateReason.PROTOCOL_ERROR: "unverständliche Antwort des Virenscanners",
}


class RefusalReason(IntEnum):
    """Why a file may not be released to the transfer folder. Persisted values."""

    INFECTED = 1  # never released
    NEEDS_RESCAN = 2  # INDETERMINATE (or an unknown verdict): scan again first
    SCAN_MISMATCH = 3  # the scan result belongs to other bytes than the stored attachment
    TYPE_NOT_ALLOWED = 4  # the content type is not in allowed_transfer_types
    NAME_TYPE_MISMATCH = 5  # the name's extension does not fit the content (or there is none)
    CONTENT_CHANGED = 6  # the bytes written differ from the scanned ones
    NO_FREE_NAME = 7  # every "name (n).ext" up to the limit exists already


@dataclass(frozen=True)
class ScannerInfo:
    """Which engine and which signature database gave a verdict."""

    engine: str
    engine_version: str = ""
    signature_version: str = ""


@dataclass(frozen=True)
class ScanResult:
    """The outcome of one scan.

    ``scanned_bytes`` and ``sha256`` describe the bytes read from the source. For OK and INFECTED
    that is the whole source; for INDETERMINATE it may be only the part read before the scan
    stopped. ``content_type`` is detected from the first bytes of the same stream.
    """

    verdict: Verdict
    scanner: ScannerInfo
    scanned_bytes: int
    sha256: str
    content_type: ContentType
    signature: str | None = None
    reason: IndeterminateReason | None = None
    detail: str = ""
    scanned_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __post_init__(self) -> None:
        # The invariants a journal reader relies on; a violation is a bug in a scanner.
        if self.verdict is Verdict.INFECTED and not self.signature:
            raise ValueError("an INFECTED result needs a signature name")
        if self.verdict is Verdict.INDETERMINATE and self.reason is None:
            raise ValueError("an INDETERMINATE result needs a reason")
        if self.verdict is Verdict.OK and (self.signature or self.reason is not None):
            raise ValueError("an OK result has neither signature nor reason")
        if len(self.sha256) != 64:
            raise ValueError("sha256 must be 64 hex digits")

    @property
    def is_clean(self) -> bool:
        return self.verdict is Verdict.OK


class BinarySource(Protocol):
    """Anything with ``read(size)`` returning bytes, ``b""`` at the end (files, BytesIO, the
    store's decrypting reader)."""

    def read(self, size: int = ..., /) -> bytes: ...


class Scanner(Protocol):
    """What the fetch code and the GUI call. ``scan`` never raises for scanner trouble (that is
    an INDETERMINATE result); an exception from ``source.read`` propagates unchanged."""

    def scan(self, source: BinarySource, *, name: str = "") -> ScanResult: ...

    def info(self) -> ScannerInfo: ...

    def ping(self) -> bool: ...

    def close(self) -> None: ...


class HashingReader:
    """Reads a source in chunks, counting, hashing and keeping the head for type detection."""

    def __init__(self, source: BinarySource) -> None:
        self._source = source
        self._sha = hashlib.sha256()
        self._head = bytearray()
        self.count = 0
        self.at_end = False

    def read(self, size: int = CHUNK_SIZE) -> bytes:
        data = self._source.read(size)
        if not data:
            self.at_end = True
            return b""
        data = bytes(data)
        self._sha.update(data)
        self.count += len(data)
        if len(self._head) < HEAD_SIZE:
            self._head += data[: HEAD_SIZE - len(self._head)]
        return data

    @property
    def sha256(self) -> str:
        return self._sha.hexdigest()

    @property
    def content_type(self) -> ContentType:
        return detect_content_type(bytes(self._head))

    def result(
        self,
        verdict: Verdict,
        scanner: ScannerInfo,
        *,
        signature: str | None = None,
        reason: IndeterminateReason | None = None,
        detail: str = "",
    ) -> ScanResult:
        return ScanResult(
            verdict=verdict,
            scanner=scanner,
            scanned_bytes=self.count,
            sha256=self.sha256,
            content_type=self.content_type,
            signature=signature,
            reason=reason,
            detail=detail,
        )


def log_result(logger: logging.Logger, result: ScanResult, *, seconds: float, where: str) -> None:
    """One log line per scan: verdict, size, SHA-256 prefix, speed; never content or names."""
    rate = result.scanned_bytes / seconds / 1e6 if seconds > 0 else 0.0
    what = f"{result.scanned_bytes} bytes, sha256 {result.sha256[:16]}…, {rate:.1f} MB/s"
    if result.verdict is Verdict.OK:
        logger.info("Scan by %s: OK (%s).", where, what)
    elif result.verdict is Verdict.INFECTED:
        logger.warning("Scan by %s: INFECTED with %s (%s).", where, result.signature, what)
    else:
        reason = result.reason.name if result.reason is not None else "?"
        logger.warning(
            "Scan by %s: INDETERMINATE, %s: %s (%s).", where, reason, result.detail, what
        )
