"""The directory's entries on disk: one SQLite file in the data folder.

SQLite gives atomic, durable writes (WAL, ``synchronous=FULL``) and lets the operator command
``python -m testbed directory confirm`` change an entry while the service runs: every request
opens its own short connection and reads the current state.
"""

from __future__ import annotations

import enum
import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from profiles.paths import ensure_private_dir

DB_FILE = "directory.sqlite3"
SCHEMA_VERSION = 1

# Elements a holder may set, in the order of the XSD type VisitenkarteDaten.
EDITABLE_FIELDS: tuple[str, ...] = (
    "Organisation",
    "Organisationszusatz",
    "Anrede",
    "Titel",
    "Vorname",
    "Name",
    "Strasse",
    "Hausnummer",
    "Postleitzahl",
    "Ort",
    "Bundesland",
    "Land",
    "E-Mail",
    "Mobiltelefon",
    "Telefon",
    "Fax",
    "Externe_ID",
)

# The published Visitenkarte in EGVP's element order (Nutzer_ID and Rollen_ID are the service's).
PUBLISHED_FIELDS: tuple[str, ...] = (
    *EDITABLE_FIELDS[:16],
    "Nutzer_ID",
    "Rollen_ID",
    "Externe_ID",
)


class RoleState(enum.Enum):
    UNCONFIRMED = "UNCONFIRMED"
    CONFIRMED = "CONFIRMED"


@dataclass(frozen=True)
class EntryRecord:
    safe_id: str
    card: dict[str, str]
    certificate: bytes
    role_id: str
    role_state: RoleState
    created: datetime
    modified: datetime
    last_proof: datetime | None = None

    @property
    def confirmed_role(self) -> str:
        """``Rollen_ID`` as published: the role once confirmed, empty before."""
        return self.role_id if self.role_state is RoleState.CONFIRMED else ""

    def published(self) -> dict[str, str]:
        values = {**{name: self.card.get(name, "") for name in EDITABLE_FIELDS}}
        values["Nutzer_ID"] = self.safe_id
        values["Rollen_ID"] = self.confirmed_role
        return {name: values[name] for name in PUBLISHED_FIELDS}


def cert_digest(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    safe_id     TEXT PRIMARY KEY,
    card        TEXT NOT NULL,
    certificate BLOB NOT NULL,
    cert_sha256 TEXT NOT NULL UNIQUE,
    role_id     TEXT NOT NULL,
    role_state  TEXT NOT NULL,
    created     TEXT NOT NULL,
    modified    TEXT NOT NULL,
    last_proof  TEXT
);
"""


class StoreError(Exception):
    def __init__(self, *, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"directory store {path}: {reason}")


class CertificateInUse(Exception):
    def __init__(self, *, safe_id: str) -> None:
        self.safe_id = safe_id
        super().__init__(f"certificate already registered for {safe_id}")


class DirectoryStore:
    def __init__(self, folder: Path) -> None:
        ensure_private_dir(folder)
        self.path = folder / DB_FILE
        setup = sqlite3.connect(self.path, timeout=10, isolation_level=None)
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
                raise StoreError(path=self.path, reason=f"schema version {row[0]}")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
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

    # ------------------------------------------------------------------ meta

    def meta(self, key: str) -> str | None:
        with self._connect() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self._connect() as db:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # ------------------------------------------------------------------ entries

    def get(self, safe_id: str) -> EntryRecord | None:
        with self._connect() as db:
            row = db.execute("SELECT * FROM entries WHERE safe_id = ?", (safe_id,)).fetchone()
        return None if row is None else _record(row)

    def all(self) -> list[EntryRecord]:
        with self._connect() as db:
            rows = db.execute("SELECT * FROM entries").fetchall()
        return [_record(row) for row in rows]

    def count(self) -> int:
        with self._connect() as db:
            return int(db.execute("SELECT COUNT(*) FROM entries").fetchone()[0])

    def insert(self, record: EntryRecord) -> None:
        with self._connect() as db:
            _check_unique(db, record)
            db.execute("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", _row(record))

    def replace(self, record: EntryRecord) -> None:
        with self._connect() as db:
            _check_unique(db, record)
            cursor = db.execute(
                "UPDATE entries SET card = ?, certificate = ?, cert_sha256 = ?, role_id = ?, "
                "role_state = ?, modified = ?, last_proof = ? WHERE safe_id = ?",
                (
                    json.dumps(record.card, ensure_ascii=False),
                    record.certificate,
                    cert_digest(record.certificate),
                    record.role_id,
                    record.role_state.value,
                    record.modified.isoformat(),
                    record.last_proof.isoformat() if record.last_proof else None,
                    record.safe_id,
                ),
            )
            if cursor.rowcount != 1:
                raise KeyError(record.safe_id)

    def seed(self, records: list[EntryRecord], stamp: datetime) -> bool:
        """Insert the seed entries once (one transaction; a second call does nothing)."""
        with self._connect() as db:
            if db.execute("SELECT 1 FROM meta WHERE key = 'seeded'").fetchone() is not None:
                return False
            for record in records:
                db.execute("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", _row(record))
            db.execute("INSERT INTO meta (key, value) VALUES ('seeded', ?)", (stamp.isoformat(),))
        return True

    def set_role_state(self, safe_id: str, state: RoleState, modified: datetime) -> bool:
        with self._connect() as db:
            cursor = db.execute(
                "UPDATE entries SET role_state = ?, modified = ? WHERE safe_id = ?",
                (state.value, modified.isoformat(), safe_id),
            )
            return cursor.rowcount == 1


def _check_unique(db: sqlite3.Connection, record: EntryRecord) -> None:
    row = db.execute(
        "SELECT safe_id FROM entries WHERE cert_sha256 = ? AND safe_id != ?",
        (cert_digest(record.certificate), record.safe_id),
    ).fetchone()
    if row is not None:
        raise CertificateInUse(safe_id=str(row[0]))


def _row(record: EntryRecord) -> tuple[object, ...]:
    return (
        record.safe_id,
        json.dumps(record.card, ensure_ascii=False),
        record.certificate,
        cert_digest(record.certificate),
        record.role_id,
        record.role_state.value,
        record.created.isoformat(),
        record.modified.isoformat(),
        record.last_proof.isoformat() if record.last_proof else None,
    )


def _record(row: tuple[object, ...]) -> EntryRecord:
    safe_id, card, certificate, _digest, role_id, state, created, modified, last_proof = row
    return EntryRecord(
        safe_id=str(safe_id),
        card=dict(json.loads(str(card))),
        certificate=bytes(certificate),  # type: ignore[call-overload]
        role_id=str(role_id),
        role_state=RoleState(str(state)),
        created=datetime.fromisoformat(str(created)),
        modified=datetime.fromisoformat(str(modified)),
        last_proof=datetime.fromisoformat(str(last_proof)) if last_proof else None,
    )
