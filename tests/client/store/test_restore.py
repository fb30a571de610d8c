"""Restore: byte-identical round trip, wrong password, damaged archives, occupied targets."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from client.store import (
    BackupCorrupt,
    BackupWrongPassword,
    DraftInfo,
    JournalAction,
    MailboxStore,
    RestoreTargetNotEmpty,
    read_backup_header,
    restore_backup,
)
from profiles.paths import WorkdirPaths
from tests.client.store.conftest import ACTOR, PASSWORD, FakeClock, reopen
from tests.client.store.helpers import Stored, read, store_message


def _digest(store: MailboxStore, stored: Stored) -> list[str]:
    parts = [read(store.mailbox.open_raw(stored.message_id))]
    parts.append(read(store.mailbox.open_content(stored.message_id)))
    parts += [read(store.mailbox.open_attachment(a.id)) for a in stored.attachments]
    return [hashlib.sha256(p).hexdigest() for p in parts]


@pytest.fixture
def archive(store: MailboxStore, paths: WorkdirPaths, tmp_path: Path) -> tuple[Path, list[Stored]]:
    stored = [
        store_message(store, "osci-1", documents=(("a.pdf", b"%PDF a" * 1000), ("b.pdf", b"b"))),
        store_message(store, "osci-2"),
    ]
    store.outgoing.create_draft(DraftInfo(betreff="Entwurf"))
    (paths.root / "settings.toml").write_text("x = 1\n")
    (paths.keys / "mailbox.p12").write_bytes(b"pkcs12 bytes")
    path = tmp_path / "backup.bbak"
    store.backup(path)
    return path, stored


def test_backup_wipe_restore_is_byte_identical(
    store: MailboxStore,
    paths: WorkdirPaths,
    archive: tuple[Path, list[Stored]],
    base_dir: Path,
) -> None:
    path, stored = archive
    before = {s.message_id: _digest(store, s) for s in stored}
    # The snapshot holds the journal up to the entry before BACKUP_CREATED.
    journal_before = store.mailbox.journal_entries()[:-1]
    assert store.mailbox.journal_entries()[-1].action is JournalAction.BACKUP_CREATED
    store.close()
    target = WorkdirPaths.for_scenario(base_dir, "restored")
    report = restore_backup(path, target, password=PASSWORD, actor=ACTOR, clock=FakeClock())
    assert report.messages == 3
    assert set(report.files) == {"settings.toml", "keys/mailbox.p12"}
    assert (target.root / "settings.toml").read_text() == "x = 1\n"
    assert (target.keys / "mailbox.p12").read_bytes() == b"pkcs12 bytes"
    with reopen(target) as restored:
        assert restored.store_id == report.store_id
        assert {s.message_id: _digest(restored, s) for s in stored} == before
        entries = restored.mailbox.journal_entries()
        assert entries[: len(journal_before)] == journal_before
        assert any(e.action is JournalAction.STORE_RESTORED for e in entries)
        assert restored.verify_journal().ok
        found = {s.id for s in restored.mailbox.search("Mietzahlung")}
        assert found == {s.message_id for s in stored}
    assert not list(target.root.glob(".restore-*"))


def test_the_password_of_backup_time_opens_it(
    store: MailboxStore, archive: tuple[Path, list[Stored]], base_dir: Path
) -> None:
    path, _ = archive
    store.change_password(PASSWORD, "Spaeter-geaendert-1")
    target = WorkdirPaths.for_scenario(base_dir, "restored")
    with pytest.raises(BackupWrongPassword):
        restore_backup(path, target, password="Spaeter-geaendert-1")
    assert not target.store.exists() or not any(target.store.iterdir())
    restore_backup(path, target, password=PASSWORD)
    with MailboxStore.open(target, PASSWORD) as restored:
        assert restored.mailbox.count(restored.mailbox.get(1).folder) == 2


@pytest.mark.parametrize("where", ["header", "middle", "end", "truncate"])
def test_a_damaged_archive_is_refused_and_leaves_nothing(
    archive: tuple[Path, list[Stored]], base_dir: Path, where: str
) -> None:
    path, _ = archive
    data = bytearray(path.read_bytes())
    prefix = len(read_backup_header(path).prefix)
    if where == "truncate":
        data = data[: len(data) - 100]
    else:
        index = {"header": 30, "middle": prefix + (len(data) - prefix) // 2, "end": len(data) - 3}
        data[index[where]] ^= 0x40
    path.write_bytes(bytes(data))
    target = WorkdirPaths.for_scenario(base_dir, "restored")
    with pytest.raises((BackupCorrupt, BackupWrongPassword)):
        restore_backup(path, target, password=PASSWORD)
    assert not target.store.exists() or not any(target.store.iterdir())
    assert not list(target.root.glob(".restore-*"))


def test_a_non_backup_and_an_occupied_target(
    store: MailboxStore, paths: WorkdirPaths, archive: tuple[Path, list[Stored]], tmp_path: Path
) -> None:
    path, _ = archive
    junk = tmp_path / "junk.bbak"
    junk.write_bytes(b"PK\x03\x04 not a backup")
    with pytest.raises(BackupCorrupt, match="not a mailbox backup"):
        read_backup_header(junk)
    with pytest.raises(RestoreTargetNotEmpty):
        restore_backup(path, paths, password=PASSWORD)
