"""The database schema and its numbered migrations (``PRAGMA user_version``).

Rules (docs/CONVENTIONS.md): ``STRICT`` tables; columns ``NOT NULL DEFAULT …`` except the
nullable references to ``blobs`` (NULL = no blob, so the foreign key holds); ids
``AUTOINCREMENT`` so a purged message's id is never given to another; explicit column lists in
every ``INSERT``; columns are never dropped or retyped early (an older backup must still import).

A migration is a function run inside the same write transaction that sets the new
``user_version``: it either happens completely or not at all, and a second process opening the
store at the same time waits and then finds the new version. A database newer than
:data:`SCHEMA_VERSION` is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from client.store.db import Connection, Database
from client.store.errors import SchemaTooNew

# Frozen: the DDL of version 1 never changes (numbers are Folder / ScanState values).
_V1 = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE folders (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    is_system INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE blobs (
    id TEXT PRIMARY KEY NOT NULL,          -- 32 hex digits, also the file name
    kind INTEGER NOT NULL DEFAULT 0,       -- BlobKind
    size INTEGER NOT NULL DEFAULT 0,       -- plaintext bytes
    sha256 TEXT NOT NULL DEFAULT '',       -- of the plaintext
    created_at INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Blobs whose rows are gone but whose files may still exist (deleted after commit, or later
-- when a backup held the files).
CREATE TABLE blob_trash (
    blob_id TEXT PRIMARY KEY NOT NULL,
    queued_at INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    direction INTEGER NOT NULL DEFAULT 1,
    state INTEGER NOT NULL DEFAULT 0,
    folder_id INTEGER NOT NULL DEFAULT 1 REFERENCES folders(id),
    folder_before_trash INTEGER NOT NULL DEFAULT 0,
    osci_message_id TEXT NOT NULL DEFAULT '',
    betreff TEXT NOT NULL DEFAULT '',
    betreff_original TEXT NOT NULL DEFAULT '',
    nachrichtentyp TEXT NOT NULL DEFAULT '',
    aktenzeichen_absender TEXT NOT NULL DEFAULT '',
    aktenzeichen_empfaenger TEXT NOT NULL DEFAULT '',
    sender TEXT NOT NULL DEFAULT '',       -- display text, copied from parties for sorting
    recipient TEXT NOT NULL DEFAULT '',
    xjustiz_version TEXT NOT NULL DEFAULT '',
    xjustiz_kind INTEGER NOT NULL DEFAULT 0,
    eeb_requested INTEGER NOT NULL DEFAULT 0,
    is_eeb_answer INTEGER NOT NULL DEFAULT 0,
    signature_verdict INTEGER NOT NULL DEFAULT 0,
    vhn_verdict INTEGER NOT NULL DEFAULT 0,
    seen INTEGER NOT NULL DEFAULT 0,
    raw_blob_id TEXT REFERENCES blobs(id),
    content_blob_id TEXT REFERENCES blobs(id),
    size INTEGER NOT NULL DEFAULT 0,
    extra_json TEXT NOT NULL DEFAULT '[]',
    error_kind TEXT NOT NULL DEFAULT '',
    error_text TEXT NOT NULL DEFAULT '',
    date_at INTEGER NOT NULL DEFAULT 0,    -- the list's date: receipt (Creation) or sending
    created_at INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL DEFAULT 0,
    acknowledged_at INTEGER NOT NULL DEFAULT 0,
    trashed_at INTEGER NOT NULL DEFAULT 0,
    exported_at INTEGER NOT NULL DEFAULT 0,
    local_ref TEXT NOT NULL DEFAULT '',    -- outgoing: our id, for idempotent sending
    send_attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    sent_at INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE UNIQUE INDEX messages_osci_id ON messages(direction, osci_message_id)
    WHERE osci_message_id != '';
CREATE UNIQUE INDEX messages_local_ref ON messages(local_ref) WHERE local_ref != '';
CREATE INDEX messages_folder_date ON messages(folder_id, date_at, id);
CREATE INDEX messages_folder_betreff ON messages(folder_id, betreff COLLATE NOCASE, id);
CREATE INDEX messages_folder_sender ON messages(folder_id, sender COLLATE NOCASE, id);
CREATE INDEX messages_folder_recipient ON messages(folder_id, recipient COLLATE NOCASE, id);
CREATE INDEX messages_folder_trashed ON messages(folder_id, trashed_at);
CREATE INDEX messages_state ON messages(state, next_attempt_at);

CREATE TABLE parties (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    role INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0,
    display_name TEXT NOT NULL DEFAULT '',
    safe_id TEXT NOT NULL DEFAULT '',
    egvp_role TEXT NOT NULL DEFAULT '',
    xjustiz_code TEXT NOT NULL DEFAULT '',
    card_json TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX parties_message ON parties(message_id, role, position);
CREATE INDEX parties_safe_id ON parties(safe_id);

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    kind INTEGER NOT NULL DEFAULT 0,
    original_name TEXT NOT NULL DEFAULT '',
    safe_name TEXT NOT NULL DEFAULT '',
    content_id TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL DEFAULT 0,
    sha256 TEXT NOT NULL DEFAULT '',
    blob_id TEXT REFERENCES blobs(id),     -- NULL once the content was deleted
    content_type INTEGER NOT NULL DEFAULT 0,
    scan_state INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL DEFAULT 0,
    deleted_at INTEGER NOT NULL DEFAULT 0,
    deleted_reason TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE UNIQUE INDEX attachments_message ON attachments(message_id, position);
CREATE INDEX attachments_scan_state ON attachments(scan_state, deleted_at);

CREATE TABLE scan_results (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    attachment_id INTEGER NOT NULL REFERENCES attachments(id) ON DELETE CASCADE,
    verdict INTEGER NOT NULL DEFAULT 0,
    engine TEXT NOT NULL DEFAULT '',
    engine_version TEXT NOT NULL DEFAULT '',
    signature_version TEXT NOT NULL DEFAULT '',
    scanned_bytes INTEGER NOT NULL DEFAULT 0,
    sha256 TEXT NOT NULL DEFAULT '',
    content_type INTEGER NOT NULL DEFAULT 0,
    signature TEXT NOT NULL DEFAULT '',
    reason INTEGER NOT NULL DEFAULT 0,
    detail TEXT NOT NULL DEFAULT '',
    scanned_at INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX scan_results_attachment ON scan_results(attachment_id, id);

CREATE TABLE process_cards (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    osci_message_id TEXT NOT NULL DEFAULT '',
    recent_modification INTEGER NOT NULL DEFAULT 0,
    creation_at INTEGER NOT NULL DEFAULT 0,
    forwarding_at INTEGER NOT NULL DEFAULT 0,
    reception_at INTEGER NOT NULL DEFAULT 0,
    subject TEXT NOT NULL DEFAULT '',
    cryptographic_timestamps INTEGER NOT NULL DEFAULT 0,
    recorded_at INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX process_cards_message ON process_cards(message_id, id);

CREATE TABLE inspections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    process_card_id INTEGER NOT NULL REFERENCES process_cards(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    inspected_at INTEGER NOT NULL DEFAULT 0,
    subject_name TEXT NOT NULL DEFAULT '',
    issuer_name TEXT NOT NULL DEFAULT '',
    serial_number TEXT NOT NULL DEFAULT '',
    cert_type TEXT NOT NULL DEFAULT '',
    math_result TEXT NOT NULL DEFAULT '',
    offline_result TEXT NOT NULL DEFAULT '',
    online_result TEXT NOT NULL DEFAULT '',
    verdict INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX inspections_card ON inspections(process_card_id, position);

-- Append-only; message_id/attachment_id are plain numbers (no foreign key): the record of a
-- purged message stays.
CREATE TABLE journal (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL DEFAULT 0,
    os_user TEXT NOT NULL DEFAULT '',
    person TEXT NOT NULL DEFAULT '',
    action INTEGER NOT NULL DEFAULT 0,
    message_id INTEGER NOT NULL DEFAULT 0,
    attachment_id INTEGER NOT NULL DEFAULT 0,
    osci_message_id TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL DEFAULT '{}',
    prev_hash TEXT NOT NULL DEFAULT '',
    hash TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX journal_message ON journal(message_id);
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
    BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
    BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;

CREATE VIRTUAL TABLE messages_fts USING fts5(
    betreff, aktenzeichen, sender, recipient, documents,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
);
-- Purged words leave the index for real, not only the row.
INSERT INTO messages_fts(messages_fts, rank) VALUES ('secure-delete', 1);

-- Quarantine: incoming attachments whose content exists and whose latest scan is not OK.
CREATE VIEW quarantine AS
    SELECT a.* FROM attachments a JOIN messages m ON m.id = a.message_id
    WHERE m.direction = 1 AND a.scan_state != 1 AND a.deleted_at = 0;

INSERT INTO folders(id, name, is_system) VALUES
    (1, 'Posteingang', 1),
    (2, 'Postausgang', 1),
    (3, 'Gesendet', 1),
    (4, 'Entwürfe', 1),
    (5, 'Papierkorb', 1);
"""


# Frozen as well. The intake table is the write-ahead record of a delivery being streamed in: a
# row exists from before the first byte until the message row is committed, so a crash in
# between is found and finished (or cleanly dropped) on the next start. Releases are counted on
# the attachment so lists can show "freigegeben" without reading the journal.
_V2 = """
CREATE TABLE intake (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    blob_id TEXT NOT NULL UNIQUE,          -- the raw blob being written (not yet in blobs)
    osci_message_id TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT '',        -- token of the writing process (owners/<token>.lock)
    started_at INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX intake_owner ON intake(owner);

ALTER TABLE attachments ADD COLUMN released_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attachments ADD COLUMN release_count INTEGER NOT NULL DEFAULT 0;
"""


# Version 3: the Dokumentklasse chosen for a document (drafts keep it; XJustiz code list
# GDS.Dokumentklasse), empty where none was chosen (received documents, older rows).
_V3 = """
ALTER TABLE attachments ADD COLUMN dokumentklasse TEXT NOT NULL DEFAULT '';
"""


def _v1(conn: Connection) -> None:
    for statement in _split(_V1):
        conn.execute(statement)


def _v2(conn: Connection) -> None:
    for statement in _split(_V2):
        conn.execute(statement)


def _v3(conn: Connection) -> None:
    for statement in _split(_V3):
        conn.execute(statement)


def _split(script: str) -> list[str]:
    """Statements of a script (``executescript`` would commit the open transaction)."""
    statements: list[str] = []
    current: list[str] = []
    in_trigger = False
    for line in script.splitlines():
        stripped = line.split("--", 1)[0].rstrip()
        if not stripped:
            continue
        current.append(stripped)
        upper = stripped.upper()
        if upper.startswith("CREATE TRIGGER"):
            in_trigger = True
        if stripped.endswith(";") and (not in_trigger or upper.endswith("END;")):
            statements.append("\n".join(current))
            current = []
            in_trigger = False
    if current:
        raise ValueError("schema script ends inside a statement")
    return statements


@dataclass(frozen=True)
class Migration:
    """Step to ``version`` from ``version - 1``."""

    version: int
    description: str
    apply: Callable[[Connection], None]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _v1),
    Migration(2, "intake journal for crash recovery; release counters", _v2),
    Migration(3, "Dokumentklasse per attachment", _v3),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


def check_migrations(migrations: Sequence[Migration]) -> int:
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise ValueError(f"migrations must be numbered 1..n without gaps, got {versions}")
    return versions[-1]


def migrate(
    db: Database,
    migrations: Sequence[Migration] = MIGRATIONS,
    *,
    on_applied: Callable[[Connection, int, list[Migration]], None] | None = None,
) -> list[Migration]:
    """Bring the database to the newest version; returns the migrations applied.

    ``on_applied(conn, old_version, applied)`` runs in the same transaction (for the journal).
    """
    latest = check_migrations(migrations)
    with db.read() as conn:
        current = db.user_version(conn)
    if current > latest:
        raise SchemaTooNew(path=db.path, version=current, supported=latest)
    if current == latest:
        return []
    with db.write() as conn:
        current = db.user_version(conn)  # another process may have migrated meanwhile
        if current > latest:
            raise SchemaTooNew(path=db.path, version=current, supported=latest)
        pending = [m for m in migrations if m.version > current]
        for migration in pending:
            migration.apply(conn)
            conn.execute(f"PRAGMA user_version = {int(migration.version)}")
        if pending and on_applied is not None:
            on_applied(conn, current, pending)
    return pending
