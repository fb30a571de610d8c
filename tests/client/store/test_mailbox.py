"""Reading and keeping order: lists, search, trash, purge, releases, deletion of content."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest

from client.store import (
    AttachmentNotReleasable,
    ContentDeleted,
    Folder,
    JournalAction,
    MailboxStore,
    MessageNotFound,
    ScanState,
    SortKey,
)
from client.store.mailbox import fts_query
from tests.client.store.conftest import FakeClock
from tests.client.store.helpers import read, store_message


def _three(store: MailboxStore, clock: FakeClock) -> list[int]:
    ids = []
    for osci, betreff in (
        ("o1", "Zwangsvollstreckung Müller"),
        ("o2", "Klage wegen Mietzahlung"),
        ("o3", "Beschluss über Prozesskostenhilfe"),
    ):
        ids.append(store_message(store, osci, betreff=betreff, received_at=clock()).message_id)
        clock.advance(hours=1)
    return ids


def test_lists_sort_and_page(store: MailboxStore, clock: FakeClock) -> None:
    first, second, third = _three(store, clock)
    newest = store.mailbox.list_folder(Folder.POSTEINGANG)
    assert [s.id for s in newest] == [third, second, first]
    assert [s.id for s in store.mailbox.list_folder(Folder.POSTEINGANG, limit=1, offset=1)] == [
        second
    ]
    by_betreff = store.mailbox.list_folder(
        Folder.POSTEINGANG, sort=SortKey.BETREFF, descending=False
    )
    assert [s.betreff[:5] for s in by_betreff] == ["Besch", "Klage", "Zwang"]
    summary = newest[0]
    assert summary.aktenzeichen == "3 C 123/24"
    assert summary.sender == "Amtsgericht Musterstadt"
    assert summary.attachment_count == 1
    assert store.mailbox.count(Folder.POSTEINGANG, unseen_only=True) == 3
    store.mailbox.set_seen([first])
    assert store.mailbox.folder_counts()[Folder.POSTEINGANG] == (3, 2)


def test_search_by_prefix_umlauts_and_names(store: MailboxStore, clock: FakeClock) -> None:
    first, second, third = _three(store, clock)
    assert [s.id for s in store.mailbox.search("zwangsvoll")] == [first]
    assert [s.id for s in store.mailbox.search("muller")] == [first]  # diacritics folded
    assert {s.id for s in store.mailbox.search("3 C 123")} == {first, second, third}
    assert [s.id for s in store.mailbox.search("prozess hilfe")] == []
    assert [s.id for s in store.mailbox.search("prozesskosten beschluss")] == [third]
    assert {s.id for s in store.mailbox.search("DE.Justiz")} == {first, second, third}
    assert {s.id for s in store.mailbox.search("klageschrift")} == {first, second, third}
    assert store.mailbox.search("   ") == []
    assert store.mailbox.search('" OR * NEAR( :') == []  # FTS syntax is inert


def test_search_ids_finds_every_match_in_one_folder(store: MailboxStore, clock: FakeClock) -> None:
    first, second, third = _three(store, clock)
    assert store.mailbox.search_ids("klageschrift", folder=Folder.POSTEINGANG) == {
        first,
        second,
        third,
    }
    assert store.mailbox.search_ids("mietzahl") == {second}
    store.mailbox.move_to_trash([second])
    assert store.mailbox.search_ids("mietzahl", folder=Folder.POSTEINGANG) == set()
    assert store.mailbox.search_ids("mietzahl", folder=Folder.PAPIERKORB) == {second}
    assert store.mailbox.search_ids("3 C 123", folder=Folder.POSTEINGANG, limit=1) <= {first, third}
    assert len(store.mailbox.search_ids("3 C 123", limit=1)) == 1
    assert store.mailbox.search_ids('" OR * NEAR( :') == set()


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('a"b NEAR c*') == '"a""b"* "NEAR"* "c*"*'
    assert fts_query("-- !!") is None


def test_trash_restore_and_purge(store: MailboxStore, clock: FakeClock) -> None:
    first, second, _ = _three(store, clock)
    assert store.mailbox.move_to_trash([first, second]) == [first, second]
    assert store.mailbox.move_to_trash([first]) == []
    assert store.mailbox.count(Folder.PAPIERKORB) == 2
    assert store.mailbox.restore_from_trash([second]) == [second]
    assert store.mailbox.get(second).folder is Folder.POSTEINGANG
    blob_paths = [
        store._ctx.blobs.path(b.blob_id)
        for b in (store.mailbox.get(first).raw_blob, store.mailbox.get(first).content_blob)
        if b is not None
    ]
    assert store.mailbox.purge([first, 999]) == [first]
    with pytest.raises(MessageNotFound):
        store.mailbox.get(first)
    assert all(not p.exists() for p in blob_paths)
    assert [s.id for s in store.mailbox.search("zwangsvoll")] == []
    purged = store.mailbox.journal_entries(action=JournalAction.MESSAGE_PURGED)
    assert [e.message_id for e in purged] == [first]
    assert store.verify_journal().ok


def test_release_only_after_an_ok_scan_of_the_same_bytes(store: MailboxStore) -> None:
    stored = store_message(store, "o1", scan=ScanState.INFECTED)
    attachment = stored.attachments[0]
    sha = hashlib.sha256(stored.documents[0]).hexdigest()
    size = len(stored.documents[0])
    with pytest.raises(AttachmentNotReleasable, match="INFECTED"):
        store.mailbox.record_release(attachment.id, target_name="x.pdf", size=size, sha256=sha)
    clean = store_message(store, "o2").attachments[0]
    with pytest.raises(AttachmentNotReleasable, match="differ"):
        store.mailbox.record_release(clean.id, target_name="x.pdf", size=size, sha256="0" * 64)
    released = store.mailbox.record_release(clean.id, target_name="x.pdf", size=size, sha256=sha)
    assert released.release_count == 1
    assert released.released_at is not None
    entries = store.mailbox.journal_entries(action=JournalAction.ATTACHMENT_RELEASED)
    assert [(e.attachment_id, e.details["sha256"]) for e in entries] == [(clean.id, sha)]


def test_infected_content_is_deleted_with_a_reason(store: MailboxStore) -> None:
    stored = store_message(store, "o1", scan=ScanState.INFECTED)
    attachment = stored.attachments[0]
    path = store._ctx.blobs.path(attachment.blob_id or "")
    with pytest.raises(ValueError, match="reason"):
        store.mailbox.delete_attachment_content(attachment.id, reason=" ")
    store.mailbox.delete_attachment_content(attachment.id, reason="Schadsoftware gefunden")
    after = store.mailbox.attachment(attachment.id)
    assert after.blob_id is None
    assert after.deleted_reason == "Schadsoftware gefunden"
    assert not path.exists()
    assert store.mailbox.quarantine() == []
    with pytest.raises(ContentDeleted):
        store.mailbox.open_attachment(attachment.id)
    with pytest.raises(ContentDeleted):
        store.mailbox.delete_attachment_content(attachment.id, reason="nochmal")
    assert read(store.mailbox.open_raw(stored.message_id)) == stored.raw


def test_mark_exported(store: MailboxStore, clock: FakeClock) -> None:
    (mid, *_) = _three(store, clock)
    store.mailbox.mark_exported([mid], target="nachricht.zip")
    assert store.mailbox.get(mid).exported_at == clock()
    clock.advance(days=1)
    assert store.mailbox.get(mid).exported_at == clock() - timedelta(days=1)
