"""Creating and opening the store: passwords, keys, what is on disk, meta checks."""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from client.store import (
    SCHEMA_VERSION,
    JournalAction,
    MailboxStore,
    MessageState,
    NewAttachment,
    PasswordRejected,
    PasswordResetNotAllowed,
    RecoveryKeyMismatch,
    StoreCorrupt,
    StoreExists,
    StoreNotFound,
    WrongPassword,
)
from client.store.store import DB_FILE
from profiles.paths import WorkdirPaths
from tests.client.store.conftest import ACTOR, FAST_SCRYPT, PASSWORD, FakeClock, reopen
from tests.client.store.helpers import read, store_message


def _certificate(key: rsa.RSAPrivateKey, name: str = "Recovery Authority") -> x509.Certificate:
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .sign(key, hashes.SHA256())
    )


def test_a_new_store_opens_again_with_its_password(paths: WorkdirPaths, clock: FakeClock) -> None:
    with MailboxStore.create(paths, PASSWORD, scrypt=FAST_SCRYPT, actor=ACTOR, clock=clock) as s:
        stored = store_message(s, "osci-1")
        store_id = s.store_id
        assert s.schema_version() == SCHEMA_VERSION
    assert MailboxStore.exists(paths)
    assert MailboxStore.read_store_id(paths) == store_id
    with reopen(paths) as again:
        assert again.store_id == store_id
        record = again.mailbox.get(stored.message_id)
        assert record.state is MessageState.IN_PROCESSED
        assert read(again.mailbox.open_raw(stored.message_id)) == stored.raw
        assert again.verify_journal().ok


def test_wrong_password_is_a_typed_error_and_loses_nothing(
    store: MailboxStore, paths: WorkdirPaths
) -> None:
    stored = store_message(store, "osci-1")
    store.close()
    before = {p: p.read_bytes() for p in paths.store.rglob("*") if p.is_file()}
    with pytest.raises(WrongPassword):
        MailboxStore.open(paths, "falsches-Passwort")
    after = {p: p.read_bytes() for p in paths.store.rglob("*") if p.is_file()}
    assert after == before
    with reopen(paths) as again:
        assert read(again.mailbox.open_attachment(stored.attachments[0].id)) == b"%PDF-1.7 Klage"


def test_no_store_and_existing_store_are_typed(paths: WorkdirPaths, clock: FakeClock) -> None:
    with pytest.raises(StoreNotFound):
        MailboxStore.open(paths, PASSWORD)
    with pytest.raises(PasswordRejected):
        MailboxStore.create(paths, "kurz", scrypt=FAST_SCRYPT)
    MailboxStore.create(paths, PASSWORD, scrypt=FAST_SCRYPT, clock=clock).close()
    with pytest.raises(StoreExists):
        MailboxStore.create(paths, PASSWORD, scrypt=FAST_SCRYPT)


def test_nothing_readable_in_the_working_directory(
    store: MailboxStore, paths: WorkdirPaths
) -> None:
    secret_betreff = "Geheimsache Zwangsversteigerung Lindenstraße"
    document = b"%PDF-1.7 UNIQUE-ATTACHMENT-MARKER-4711"
    store_message(store, "osci-1", betreff=secret_betreff, documents=(("Anlage.pdf", document),))
    store.close()
    db = paths.store / DB_FILE
    assert not db.read_bytes().startswith(b"SQLite format 3")
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(db).execute("SELECT count(*) FROM sqlite_master").fetchone()
    needles = [
        secret_betreff.encode(),
        "Lindenstraße".encode(),
        b"UNIQUE-ATTACHMENT-MARKER",
        b"3 C 123/24",
    ]
    for path in paths.root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for needle in needles:
                assert needle not in data, f"{needle!r} readable in {path}"


def test_password_change_keeps_every_message_readable(
    store: MailboxStore, paths: WorkdirPaths
) -> None:
    stored = store_message(store, "osci-1")
    with pytest.raises(WrongPassword):
        store.change_password("nicht-das-alte", "Neues-Passwort-99")
    store.change_password(PASSWORD, "Neues-Passwort-99")
    store.close()
    with pytest.raises(WrongPassword):
        MailboxStore.open(paths, PASSWORD)
    with MailboxStore.open(paths, "Neues-Passwort-99") as again:
        assert read(again.mailbox.open_content(stored.message_id)) == stored.content
        actions = [e.action for e in again.mailbox.journal_entries()]
        assert JournalAction.PASSWORD_CHANGED in actions


def test_recovery_key_opens_and_resets_the_password(
    store: MailboxStore, paths: WorkdirPaths
) -> None:
    authority = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    store.set_recovery_certificate(_certificate(authority))
    stored = store_message(store, "osci-1")
    with pytest.raises(PasswordResetNotAllowed):
        store.reset_password("Vergessen-und-neu-1")
    store.close()
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(RecoveryKeyMismatch):
        MailboxStore.open_with_recovery_key(paths, stranger)
    with MailboxStore.open_with_recovery_key(paths, authority, actor=ACTOR) as recovered:
        assert recovered.mailbox.get(stored.message_id).osci_message_id == "osci-1"
        recovered.reset_password("Vergessen-und-neu-1")
    with MailboxStore.open(paths, "Vergessen-und-neu-1") as again:
        actions = [e.action for e in again.mailbox.journal_entries()]
        assert JournalAction.UNLOCKED_WITH_RECOVERY in actions
        assert again.remove_recovery_certificate()
        assert again.recovery_certificate() is None


def test_a_database_of_another_store_is_refused(base_dir: Path, clock: FakeClock) -> None:
    first = WorkdirPaths.for_scenario(base_dir, "first")
    second = WorkdirPaths.for_scenario(base_dir, "second")
    MailboxStore.create(first, PASSWORD, scrypt=FAST_SCRYPT, clock=clock).close()
    MailboxStore.create(second, PASSWORD, scrypt=FAST_SCRYPT, clock=clock).close()
    (second.store / DB_FILE).write_bytes((first.store / DB_FILE).read_bytes())
    for suffix in ("-wal", "-shm"):
        Path(f"{second.store / DB_FILE}{suffix}").unlink(missing_ok=True)
    with pytest.raises(StoreCorrupt):
        MailboxStore.open(second, PASSWORD)


def test_a_missing_database_with_blobs_is_refused_not_recreated(
    store: MailboxStore, paths: WorkdirPaths
) -> None:
    store_message(store, "osci-1")
    store.close()
    for path in paths.store.glob(f"{DB_FILE}*"):
        path.unlink()
    with pytest.raises(StoreCorrupt):
        MailboxStore.open(paths, PASSWORD)
    assert not (paths.store / DB_FILE).exists()


def test_files_and_folders_are_private(store: MailboxStore, paths: WorkdirPaths) -> None:
    store_message(store, "osci-1")
    for path in paths.store.rglob("*"):
        mode = path.stat().st_mode & 0o777
        assert mode & 0o077 == 0, f"{path} has mode {oct(mode)}"


def test_garbage_collection_removes_only_old_unreferenced_blobs(
    store: MailboxStore, paths: WorkdirPaths
) -> None:
    stored = store_message(store, "osci-1")
    with store.blob_writer() as writer:  # a producer that crashed before handing the blob over
        writer.write(b"never recorded")
    orphan = store._ctx.blobs.path(writer.blob_id)
    fresh = store.blob_writer()
    fresh.write(b"handed over in a moment")
    fresh_info = fresh.finish()
    assert store.collect_garbage() == 0  # both too young: a live writer may still commit them
    old = time.time() - 2 * 86400
    os.utime(orphan, (old, old))
    assert store.collect_garbage() == 1
    assert not orphan.exists()
    store.incoming.add_attachment(
        stored.message_id, NewAttachment("spät.pdf", "spaet.pdf"), fresh_info
    )
    os.utime(store._ctx.blobs.path(fresh_info.blob_id), (old, old))
    assert store.collect_garbage() == 0
    assert len(store.mailbox.attachments(stored.message_id)) == 2
    entries = store.mailbox.journal_entries(action=JournalAction.GARBAGE_COLLECTED)
    assert [e.details["orphan_blobs"] for e in entries] == [1]
