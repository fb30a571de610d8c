"""What the intermediary keeps on disk: issued message ids, deliveries and their Laufzettel.

One SQLite file (WAL, ``synchronous=FULL``) holds ids and process cards; each delivery's content
lives in its own folder ``deliveries/<hash>/``: ``package.xml`` (the ContentPackage as it came,
still content-encrypted), ``certificates.json`` (the delivery's NonIntermediaryCertificates) and
``part-<n>.bin`` (the attachment parts as transmitted, i.e. still content-encrypted). A folder is
written under a temporary name and renamed before its row is committed, so a crash leaves either
a complete delivery or an orphan folder that the next start removes.

Identities are SHA-256 hex digests of certificates (the addressee identity of osci.md §14.3).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import shutil
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from osci.certs import Kind, Role, fingerprint
from osci.model import (
    CertificateEntry,
    Certificates,
    CertType,
    Inspection,
    MathResult,
    OfflineResult,
    OnlineResult,
    ProcessCard,
    ProcessCardBundle,
    Timestamp,
)
from profiles.paths import atomic_write_bytes, ensure_private_dir, fsync_dir

logger = logging.getLogger(__name__)

DB_FILE = "intermediary.sqlite3"
DELIVERIES = "deliveries"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS message_ids (
    message_id TEXT PRIMARY KEY,
    issued TEXT NOT NULL,
    issued_to TEXT,
    used TEXT
);
CREATE TABLE IF NOT EXISTS deliveries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL UNIQUE,
    addressee TEXT NOT NULL,
    originator TEXT NOT NULL,
    readers TEXT NOT NULL,
    subject TEXT,
    creation TEXT NOT NULL,
    forwarding TEXT,
    reception TEXT,
    modified TEXT NOT NULL,
    inspections TEXT NOT NULL,
    folder TEXT,
    size INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS deliveries_addressee ON deliveries (addressee, reception);
"""


def identity(certificate: x509.Certificate) -> str:
    """SHA-256 of the DER certificate, hex: who a mailbox is, for the intermediary."""
    return fingerprint(certificate)


class IdUnusable(Exception):
    """The MessageId was not issued here or has been used (OSCI 9801)."""

    def __init__(self, *, message_id: str) -> None:
        self.message_id = message_id
        super().__init__(f"message id {message_id} not issued here or already used")


@dataclass(frozen=True)
class StoredPart:
    content_id: str
    file: str
    size: int
    sha256: bytes
    content_type: str = "application/octet-stream"


@dataclass(frozen=True)
class DeliveryRecord:
    """One delivery's Laufzettel and where its content lives (``folder`` is None once it was
    received or expired)."""

    seq: int
    message_id: str
    addressee: str
    originator: str
    readers: tuple[str, ...]
    subject: str | None
    creation: datetime
    forwarding: datetime | None
    reception: datetime | None
    modified: datetime
    inspections: tuple[Inspection, ...]
    folder: str | None
    size: int

    def readable_by(self, who: str) -> bool:
        return who == self.addressee or who in self.readers

    def bundle(self, *, forwarding: bool = True, reception: bool = True) -> ProcessCardBundle:
        """The Laufzettel; the flags drop timestamps a response type does not allow."""
        card = ProcessCard(
            recent_modification=self.modified,
            creation=Timestamp(plain=self.creation),
            forwarding=_stamp(self.forwarding) if forwarding else None,
            reception=_stamp(self.reception) if reception else None,
            subject=self.subject,
        )
        return ProcessCardBundle(self.message_id, card, self.inspections)


def _stamp(moment: datetime | None) -> Timestamp | None:
    return None if moment is None else Timestamp(plain=moment)


@dataclass(frozen=True)
class DeliveryContent:
    """The stored content of one delivery, read back for a fetch."""

    package_xml: bytes
    certificates: Certificates
    parts: tuple[tuple[StoredPart, Path], ...]


class DeliveryStore:
    def __init__(self, folder: Path) -> None:
        self.folder = ensure_private_dir(folder)
        self.deliveries = ensure_private_dir(folder / DELIVERIES)
        self.path = folder / DB_FILE
        setup = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            setup.execute("PRAGMA journal_mode=WAL")
            setup.executescript(_SCHEMA)
        finally:
            setup.close()
        with self._connect() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                db.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema_version', ?)",
                    (str(SCHEMA_VERSION),),
                )
            elif int(row[0]) != SCHEMA_VERSION:
                raise RuntimeError(f"{self.path}: schema version {row[0]}")
        self._remove_orphans()

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA synchronous=FULL")
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        finally:
            db.close()

    def _remove_orphans(self) -> None:
        with self._connect() as db:
            rows = db.execute("SELECT folder FROM deliveries WHERE folder IS NOT NULL")
            known = {row[0] for row in rows}
        for entry in self.deliveries.iterdir():
            if entry.name not in known:
                shutil.rmtree(entry, ignore_errors=True)
                logger.info("removed unfinished delivery folder %s", entry.name)

    # ------------------------------------------------------------------ message ids

    def issue(self, message_id: str, issued_to: str | None, now: datetime) -> None:
        with self._connect() as db:
            db.execute(
                "INSERT INTO message_ids (message_id, issued, issued_to) VALUES (?, ?, ?)",
                (message_id, now.isoformat(), issued_to),
            )

    def id_usable(self, message_id: str) -> bool:
        with self._connect() as db:
            row = db.execute(
                "SELECT used FROM message_ids WHERE message_id = ?", (message_id,)
            ).fetchone()
        return row is not None and row[0] is None

    # ------------------------------------------------------------------ deliveries

    def staging(self, message_id: str) -> Path:
        """An empty folder to write a new delivery's files into (then :meth:`add`)."""
        path = self.deliveries / f".new-{_folder_name(message_id)}"
        shutil.rmtree(path, ignore_errors=True)
        return ensure_private_dir(path)

    def write_content(
        self,
        staging: Path,
        package_xml: bytes,
        certificates: Sequence[CertificateEntry],
        parts: Sequence[StoredPart],
    ) -> None:
        atomic_write_bytes(staging / "package.xml", package_xml)
        entries = [
            {
                "role": entry.role.value,
                "kind": entry.kind.value,
                "index": entry.index,
                "der": base64.b64encode(
                    entry.certificate.public_bytes(serialization.Encoding.DER)
                ).decode("ascii"),
            }
            for entry in certificates
        ]
        listing = [
            {
                "content_id": p.content_id,
                "file": p.file,
                "size": p.size,
                "sha256": p.sha256.hex(),
                "content_type": p.content_type,
            }
            for p in parts
        ]
        atomic_write_bytes(staging / "certificates.json", json.dumps(entries).encode())
        atomic_write_bytes(staging / "parts.json", json.dumps(listing).encode())

    def add(self, record: DeliveryRecord, staging: Path) -> DeliveryRecord:
        """Commit a delivery whose files are in ``staging``; consumes its message id."""
        folder = _folder_name(record.message_id)
        target = self.deliveries / folder
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
        fsync_dir(self.deliveries)
        try:
            with self._connect() as db:
                used = db.execute(
                    "UPDATE message_ids SET used = ? WHERE message_id = ? AND used IS NULL",
                    (record.creation.isoformat(), record.message_id),
                )
                if used.rowcount != 1:
                    raise IdUnusable(message_id=record.message_id)
                cursor = db.execute(
                    "INSERT INTO deliveries (message_id, addressee, originator, readers, subject,"
                    " creation, modified, inspections, folder, size)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        record.message_id,
                        record.addressee,
                        record.originator,
                        json.dumps(list(record.readers)),
                        record.subject,
                        record.creation.isoformat(),
                        record.modified.isoformat(),
                        json.dumps([_inspection_json(i) for i in record.inspections]),
                        folder,
                        record.size,
                    ),
                )
                seq = int(cursor.lastrowid or 0)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        logger.info("delivery %s stored (%d bytes)", record.message_id, record.size)
        return replace(record, seq=seq, folder=folder)

    def get(self, message_id: str) -> DeliveryRecord | None:
        with self._connect() as db:
            row = db.execute(_SELECT_ONE, (message_id,)).fetchone()
        return None if row is None else _record(row)

    def all(self) -> list[DeliveryRecord]:
        with self._connect() as db:
            rows = db.execute(_SELECT_ALL).fetchall()
        return [_record(r) for r in rows]

    def content(self, record: DeliveryRecord) -> DeliveryContent:
        if record.folder is None:
            raise FileNotFoundError(record.message_id)
        folder = self.deliveries / record.folder
        certificates = tuple(
            CertificateEntry(
                Role(e["role"]),
                Kind(e["kind"]),
                x509.load_der_x509_certificate(base64.b64decode(e["der"])),
                e["index"],
            )
            for e in json.loads((folder / "certificates.json").read_bytes())
        )
        parts = tuple(
            (
                StoredPart(
                    p["content_id"],
                    p["file"],
                    p["size"],
                    bytes.fromhex(p["sha256"]),
                    p["content_type"],
                ),
                folder / p["file"],
            )
            for p in json.loads((folder / "parts.json").read_bytes())
        )
        package = (folder / "package.xml").read_bytes()
        return DeliveryContent(package, Certificates(certificates), parts)

    def mark_forwarded(self, message_id: str, now: datetime) -> DeliveryRecord:
        with self._connect() as db:
            db.execute(
                "UPDATE deliveries SET forwarding = ?, modified = ? WHERE message_id = ?",
                (now.isoformat(), now.isoformat(), message_id),
            )
        record = self.get(message_id)
        if record is None:
            raise FileNotFoundError(message_id)
        return record

    def mark_received(self, message_id: str, now: datetime) -> None:
        """The addressee proved receipt: set Reception and drop the content (EGVP deletes a
        fetched message from the intermediary; the Laufzettel stays)."""
        with self._connect() as db:
            row = db.execute(
                "SELECT folder FROM deliveries WHERE message_id = ? AND reception IS NULL",
                (message_id,),
            ).fetchone()
            if row is None:
                return
            db.execute(
                "UPDATE deliveries SET reception = ?, modified = ?, folder = NULL"
                " WHERE message_id = ?",
                (now.isoformat(), now.isoformat(), message_id),
            )
        if row[0]:
            shutil.rmtree(self.deliveries / row[0], ignore_errors=True)
        logger.info("delivery %s received by its addressee", message_id)

    def purge(self, now: datetime, retention_days: int) -> int:
        """Delete deliveries (and unused ids) older than the retention period."""
        limit = (now - timedelta(days=retention_days)).isoformat()
        with self._connect() as db:
            rows = db.execute(
                "SELECT message_id, folder FROM deliveries WHERE creation < ?", (limit,)
            ).fetchall()
            db.execute("DELETE FROM deliveries WHERE creation < ?", (limit,))
            db.execute("DELETE FROM message_ids WHERE used IS NULL AND issued < ?", (limit,))
        for message_id, folder in rows:
            if folder:
                shutil.rmtree(self.deliveries / folder, ignore_errors=True)
            logger.info("delivery %s deleted after %d days", message_id, retention_days)
        return len(rows)


_SELECT_ALL = (
    "SELECT seq, message_id, addressee, originator, readers, subject, creation, forwarding,"
    " reception, modified, inspections, folder, size FROM deliveries ORDER BY seq"
)
_SELECT_ONE = (
    "SELECT seq, message_id, addressee, originator, readers, subject, creation, forwarding,"
    " reception, modified, inspections, folder, size FROM deliveries WHERE message_id = ?"
)


def _folder_name(message_id: str) -> str:
    return hashlib.sha256(message_id.encode("utf-8")).hexdigest()[:40]


def _time(value: Any) -> datetime | None:
    return None if value is None else datetime.fromisoformat(str(value))


def _record(row: Sequence[Any]) -> DeliveryRecord:
    creation = datetime.fromisoformat(str(row[6]))
    modified = datetime.fromisoformat(str(row[9]))
    return DeliveryRecord(
        seq=int(row[0]),
        message_id=str(row[1]),
        addressee=str(row[2]),
        originator=str(row[3]),
        readers=tuple(json.loads(row[4])),
        subject=None if row[5] is None else str(row[5]),
        creation=creation,
        forwarding=_time(row[7]),
        reception=_time(row[8]),
        modified=modified,
        inspections=tuple(_inspection(i) for i in json.loads(row[10])),
        folder=None if row[11] is None else str(row[11]),
        size=int(row[12]),
    )


def _inspection_json(inspection: Inspection) -> dict[str, Any]:
    stamp = inspection.timestamp.plain
    return {
        "timestamp": None if stamp is None else stamp.isoformat(),
        "subject": inspection.subject,
        "issuer": inspection.issuer,
        "serial": str(inspection.serial),
        "cert_type": inspection.cert_type.value,
        "math": inspection.math.value,
        "offline": inspection.offline.value,
        "online": None if inspection.online is None else inspection.online.value,
    }


def _inspection(data: dict[str, Any]) -> Inspection:
    stamp = data["timestamp"]
    return Inspection(
        timestamp=Timestamp(plain=None if stamp is None else datetime.fromisoformat(stamp)),
        subject=data["subject"],
        issuer=data["issuer"],
        serial=int(data["serial"]),
        cert_type=CertType(data["cert_type"]),
        math=MathResult(data["math"]),
        offline=OfflineResult(data["offline"]),
        online=None if data["online"] is None else OnlineResult(data["online"]),
    )
