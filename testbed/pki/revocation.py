"""The database of a test CA: which serials it issued and which it revoked.

One JSON file per CA (``ca/<label>.index.json``), the role ``index.txt`` plays for ``openssl ca``.
The OCSP responder reads it on every request (via the file's mtime, see
:class:`CaIndexReader`), so ``python -m testbed pki revoke`` takes effect while services run.
Writes are atomic (tmp → fsync → rename).
"""

from __future__ import annotations

import enum
import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography import x509

from profiles.paths import atomic_write_bytes

INDEX_FORMAT_VERSION = 1


class CertStatus(enum.Enum):
    GOOD = "good"
    REVOKED = "revoked"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class IssuedRecord:
    serial: int
    label: str
    subject: str
    not_after: datetime


@dataclass(frozen=True)
class Revocation:
    time: datetime
    reason: x509.ReasonFlags


@dataclass
class CaIndex:
    ca_label: str
    issued: dict[int, IssuedRecord] = field(default_factory=dict)
    revoked: dict[int, Revocation] = field(default_factory=dict)

    def status(self, serial: int) -> tuple[CertStatus, Revocation | None]:
        if serial not in self.issued:
            return CertStatus.UNKNOWN, None
        revocation = self.revoked.get(serial)
        if revocation is not None:
            return CertStatus.REVOKED, revocation
        return CertStatus.GOOD, None

    def record(self, cert: x509.Certificate, label: str) -> None:
        self.issued[cert.serial_number] = IssuedRecord(
            cert.serial_number, label, cert.subject.rfc4514_string(), cert.not_valid_after_utc
        )

    def to_json(self) -> bytes:
        data = {
            "format_version": INDEX_FORMAT_VERSION,
            "ca": self.ca_label,
            "issued": [
                {
                    "serial": f"{r.serial:x}",
                    "label": r.label,
                    "subject": r.subject,
                    "not_after": r.not_after.isoformat(),
                }
                for r in sorted(self.issued.values(), key=lambda r: r.label)
            ],
            "revoked": [
                {"serial": f"{serial:x}", "time": r.time.isoformat(), "reason": r.reason.value}
                for serial, r in sorted(self.revoked.items())
            ],
        }
        return json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"

    @classmethod
    def from_json(cls, raw: bytes) -> CaIndex:
        data: dict[str, Any] = json.loads(raw)
        if data.get("format_version") != INDEX_FORMAT_VERSION:
            raise ValueError(f"unsupported CA index format {data.get('format_version')!r}")
        index = cls(ca_label=str(data["ca"]))
        for item in data["issued"]:
            serial = int(item["serial"], 16)
            index.issued[serial] = IssuedRecord(
                serial,
                str(item["label"]),
                str(item["subject"]),
                datetime.fromisoformat(item["not_after"]),
            )
        for item in data["revoked"]:
            index.revoked[int(item["serial"], 16)] = Revocation(
                datetime.fromisoformat(item["time"]), x509.ReasonFlags(item["reason"])
            )
        return index

    def save(self, path: Path) -> None:
        atomic_write_bytes(path, self.to_json(), mode=0o644)

    @classmethod
    def load(cls, path: Path) -> CaIndex:
        return cls.from_json(path.read_bytes())


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive advisory lock beside ``path`` for read-modify-write (POSIX)."""
    lock_path = path.with_name(f".{path.name}.lock")
    fd = os.open(lock_path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


class CaIndexReader:
    """Re-reads an index file when it changed on disk (cheap ``stat`` per request)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: tuple[int, int, int] | None = None
        self._index: CaIndex | None = None

    def current(self) -> CaIndex:
        info = self.path.stat()
        stamp = (info.st_ino, info.st_mtime_ns, info.st_size)
        if self._index is None or stamp != self._stamp:
            self._index = CaIndex.load(self.path)
            self._stamp = stamp
        return self._index
