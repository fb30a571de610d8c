"""The SQLCipher database: encrypted on disk, keyed, one writer, concurrent readers."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
import sqlcipher3  # type: ignore[import-untyped]

from client.store import MailboxStore, StoreBusy, StoreClosed, StoreCorrupt
from client.store.db import Connection, Database
from client.store.store import DB_FILE
from profiles.paths import WorkdirPaths
from tests.client.store.conftest import reopen
from tests.client.store.helpers import store_message

KEY = bytes(range(32))


def _db(tmp_path: Path, key: bytes = KEY, **kwargs: float) -> Database:
    return Database(tmp_path / "test.db", key, **kwargs)


def _scalar(conn: Connection, sql: str) -> object:
    return conn.execute(sql).fetchall()[0][0]


def _fill(db: Database) -> None:
    with db.write() as conn:
        conn.execute("CREATE TABLE t (x TEXT)")
        conn.execute("INSERT INTO t VALUES ('Vertraulich')")


def test_the_file_is_encrypted(tmp_path: Path) -> None:
    db = _db(tmp_path)
    _fill(db)
    db.close()
    data = (tmp_path / "test.db").read_bytes()
    assert not data.startswith(b"SQLite format 3")
    assert b"Vertraulich" not in data
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(tmp_path / "test.db").execute("SELECT * FROM t").fetchall()
    assert (tmp_path / "test.db").stat().st_mode & 0o077 == 0


def test_a_wrong_key_is_a_typed_error_and_changes_nothing(tmp_path: Path) -> None:
    db = _db(tmp_path)
    _fill(db)
    db.close()
    before = (tmp_path / "test.db").read_bytes()
    wrong = _db(tmp_path, bytes(32))
    with pytest.raises(StoreCorrupt):
        wrong.reader()
    wrong.close()
    assert (tmp_path / "test.db").read_bytes() == before
    again = _db(tmp_path)
    with again.read() as conn:
        assert _scalar(conn, "SELECT x FROM t") == "Vertraulich"
    again.close()


def test_settings_hold(tmp_path: Path) -> None:
    db = _db(tmp_path)
    with db.read() as conn:
        assert _scalar(conn, "PRAGMA journal_mode") == "wal"
        assert _scalar(conn, "PRAGMA synchronous") == 2  # FULL
        assert _scalar(conn, "PRAGMA foreign_keys") == 1
        assert _scalar(conn, "PRAGMA secure_delete") == 1
    db.close()
    with pytest.raises(StoreClosed):
        db.reader()


def test_a_failed_transaction_rolls_back(tmp_path: Path) -> None:
    db = _db(tmp_path)
    _fill(db)

    def failing() -> None:
        with db.write() as conn:
            conn.execute("INSERT INTO t VALUES ('weg')")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        failing()
    with db.read() as conn:
        assert _scalar(conn, "SELECT count(*) FROM t") == 1
    db.close()


def test_a_held_write_lock_times_out_as_store_busy(tmp_path: Path) -> None:
    db = _db(tmp_path, busy_timeout_s=0.2)
    _fill(db)
    other = sqlcipher3.connect(str(tmp_path / "test.db"), isolation_level=None)
    other.execute(f"PRAGMA key = \"x'{KEY.hex()}'\"")
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreBusy) as caught, db.write() as conn:
            conn.execute("INSERT INTO t VALUES ('x')")
        assert caught.value.seconds == pytest.approx(0.2)
        with db.read() as conn:  # readers are not blocked by a writer (WAL)
            assert _scalar(conn, "SELECT count(*) FROM t") == 1
    finally:
        other.execute("ROLLBACK")
        other.close()
        db.close()


def test_readers_see_whole_transactions_while_one_writer_writes(
    store: MailboxStore, paths: WorkdirPaths
) -> None:
    """Four reader threads and a second store instance read while the writer stores messages;
    every snapshot is consistent: each message has its raw blob row and its journal entry."""
    errors: list[BaseException] = []
    done = threading.Event()
    second = reopen(paths)

    def check(reader: MailboxStore) -> None:
        try:
            while not done.is_set():
                with reader._ctx.db.read() as conn:
                    messages = _scalar(conn, "SELECT count(*) FROM messages")
                    blobs = _scalar(conn, "SELECT count(*) FROM blobs WHERE kind = 1")
                    received = _scalar(conn, "SELECT count(*) FROM journal WHERE action = 20")
                assert messages == blobs == received
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=check, args=(r,)) for r in (store, store, store, second)]
    for thread in threads:
        thread.start()
    try:
        for index in range(30):
            store.incoming.record(f"osci-{index}", b"raw" * 100)
    finally:
        done.set()
        for thread in threads:
            thread.join()
        second.close()
    assert errors == []
    assert store.mailbox.count(store.mailbox.get(1).folder) == 30


def test_two_writing_processes_keep_one_journal_chain(
    store: MailboxStore, paths: WorkdirPaths
) -> None:
    """Two store instances (as two client processes would) write at the same time."""
    second = reopen(paths)
    errors: list[BaseException] = []

    def write(target: MailboxStore, prefix: str) -> None:
        try:
            for index in range(15):
                store_message(target, f"{prefix}-{index}")
        except BaseException as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=write, args=(store, "a")),
        threading.Thread(target=write, args=(second, "b")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    second.close()
    assert errors == []
    assert store.mailbox.count(store.mailbox.get(1).folder) == 30
    verification = store.verify_journal()
    assert verification.ok, verification.reason


def test_the_database_file_name(store: MailboxStore, paths: WorkdirPaths) -> None:
    assert (paths.store / DB_FILE).is_file()
