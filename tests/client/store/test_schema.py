"""Numbered migrations: an old-version database file is brought up to date and keeps its data."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest

from client.store import SCHEMA_VERSION, JournalAction, MailboxStore, ScanState, SchemaTooNew
from client.store.blobs import BlobStore
from client.store.db import Connection, Database
from client.store.keys import KeyFiles, MasterKey
from client.store.schema import MIGRATIONS, Migration, check_migrations, migrate
from client.store.store import BLOBS_FOLDER, DB_FILE
from profiles.paths import WorkdirPaths
from tests.client.store.conftest import FAST_SCRYPT, PASSWORD, reopen
from tests.client.store.helpers import read

NOW = datetime(2024, 3, 1, tzinfo=UTC)


def _version_1_store(paths: WorkdirPaths) -> tuple[str, bytes]:
    """A store as the first release wrote it: key file, schema-1 database, one message with an
    attachment (rows in the version-1 column layout) and its blob file."""
    master = MasterKey.generate()
    KeyFiles(paths.store).write_password_wrap(master, PASSWORD, FAST_SCRYPT, now=NOW)
    document = b"%PDF-1.4 aus Version 1"
    blob = BlobStore(paths.store / BLOBS_FOLDER, master.blob_root_key()).write(document)
    db = Database(paths.store / DB_FILE, master.database_key())
    assert [m.version for m in migrate(db, MIGRATIONS[:1])] == [1]
    with db.write() as conn:
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('store_id', ?), ('key_id', ?)",
            (master.store_id, master.key_id),
        )
        conn.execute(
            "INSERT INTO messages (id, direction, state, folder_id, osci_message_id, betreff,"
            " date_at, created_at) VALUES (1, 1, 16, 1, 'osci-v1', 'Alte Nachricht', 1, 1)"
        )
        conn.execute(
            "INSERT INTO blobs (id, kind, size, sha256) VALUES (?, 3, ?, ?)",
            (blob.blob_id, blob.size, blob.sha256),
        )
        conn.execute(
            "INSERT INTO attachments (message_id, position, kind, original_name, safe_name, size,"
            " sha256, blob_id, scan_state) VALUES (1, 0, 1, 'alt.pdf', 'alt.pdf', ?, ?, ?, 1)",
            (blob.size, blob.sha256, blob.blob_id),
        )
        assert db.user_version(conn) == 1
    db.close()
    return blob.blob_id, document


def test_a_version_1_database_is_migrated_and_keeps_its_data(paths: WorkdirPaths) -> None:
    _, document = _version_1_store(paths)
    with reopen(paths) as store:
        assert store.migrations_applied == tuple(range(2, SCHEMA_VERSION + 1))
        assert store.schema_version() == SCHEMA_VERSION
        record = store.mailbox.get(1)
        assert (record.osci_message_id, record.betreff) == ("osci-v1", "Alte Nachricht")
        (attachment,) = store.mailbox.attachments(1)
        assert attachment.scan_state is ScanState.OK
        assert (attachment.released_at, attachment.release_count) == (None, 0)
        assert attachment.dokumentklasse == ""  # version 3: no class chosen for old rows
        assert read(store.mailbox.open_attachment(attachment.id)) == document
        store.mailbox.record_release(
            attachment.id,
            target_name="alt.pdf",
            size=len(document),
            sha256=hashlib.sha256(document).hexdigest(),
        )
        assert store.mailbox.attachment(attachment.id).release_count == 1
        assert store.incoming.pending_intakes() == 0  # the new table exists
        migrated = store.mailbox.journal_entries(action=JournalAction.SCHEMA_MIGRATED)
        assert [dict(e.details) for e in migrated] == [{"from": 1, "to": SCHEMA_VERSION}]
        assert store.verify_journal().ok
    with reopen(paths) as store:
        assert store.migrations_applied == ()


def test_a_failing_migration_changes_nothing(paths: WorkdirPaths) -> None:
    master = MasterKey.generate()
    db = Database(paths.store / "x.db", master.database_key())
    migrate(db, MIGRATIONS[:1])

    def broken(conn: Connection) -> None:
        conn.execute("CREATE TABLE half_done (x INTEGER) STRICT")
        raise RuntimeError("migration bug")

    with pytest.raises(RuntimeError):
        migrate(db, (*MIGRATIONS[:1], Migration(2, "broken", broken)))
    with db.read() as conn:
        assert db.user_version(conn) == 1
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema")}
    assert "half_done" not in tables
    assert "intake" not in tables
    db.close()


def test_a_newer_database_is_refused(store: MailboxStore, paths: WorkdirPaths) -> None:
    with store._ctx.db.write() as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    store.close()
    with pytest.raises(SchemaTooNew) as caught:
        reopen(paths)
    assert caught.value.version == SCHEMA_VERSION + 1
    assert caught.value.supported == SCHEMA_VERSION


def test_migrations_are_numbered_without_gaps() -> None:
    assert check_migrations(MIGRATIONS) == SCHEMA_VERSION
    with pytest.raises(ValueError, match="without gaps"):
        check_migrations((MIGRATIONS[0], Migration(3, "skips 2", lambda conn: None)))


def test_a_fresh_store_is_at_the_newest_version(store: MailboxStore) -> None:
    assert store.schema_version() == SCHEMA_VERSION
    created = store.mailbox.journal_entries(action=JournalAction.STORE_CREATED)
    assert len(created) == 1
