"""Backup: one encrypted file, consistent while the store is in use."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from client.store import JournalAction, MailboxStore, read_backup_header, restore_backup
from client.store.backup import BACKUP_MAGIC
from profiles.paths import WorkdirPaths
from tests.client.store.conftest import PASSWORD, reopen
from tests.client.store.helpers import store_message


def test_a_backup_is_one_encrypted_file(
    store: MailboxStore, paths: WorkdirPaths, tmp_path: Path
) -> None:
    store_message(store, "osci-1", betreff="Geheimer Betreff für das Backup")
    (paths.root / "settings.toml").write_text("retention_days = 90\n")
    target = tmp_path / "sicherung.bbak"
    report = store.backup(target)
    assert report.messages == 1
    assert report.blobs == 3
    data = target.read_bytes()
    assert data.startswith(BACKUP_MAGIC)
    assert b"Geheimer Betreff" not in data
    assert b"retention_days" not in data
    assert report.size == len(data)
    header = read_backup_header(target)
    assert header.store_id == store.store_id
    entries = store.mailbox.journal_entries(action=JournalAction.BACKUP_CREATED)
    assert entries[0].details["sha256"] == report.sha256
    assert list(tmp_path.glob(".*partial")) == []
    assert list((paths.store / "tmp").iterdir()) == []
    with pytest.raises(FileExistsError):
        store.backup(target)


def test_a_backup_while_another_instance_writes_is_consistent(
    store: MailboxStore, paths: WorkdirPaths, tmp_path: Path
) -> None:
    for index in range(5):
        store_message(store, f"before-{index}")
    writer = reopen(paths)
    stop = threading.Event()
    errors: list[BaseException] = []

    def keep_writing() -> None:
        index = 0
        try:
            while not stop.is_set():
                stored = store_message(writer, f"during-{index}")
                writer.mailbox.purge([stored.message_id])  # deletes blobs during the backup
                index += 1
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        report = store.backup(tmp_path / "laufend.bbak")
    finally:
        stop.set()
        thread.join()
        writer.close()
    assert errors == []
    assert report.messages >= 5
    target = WorkdirPaths(tmp_path / "restored")
    restored = restore_backup(tmp_path / "laufend.bbak", target, password=PASSWORD)
    assert restored.messages == report.messages
    # Deferred deletions happen at the next sweep, once no backup runs.
    assert store.collect_garbage() >= 0
