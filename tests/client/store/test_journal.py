"""The journal: append-only, hash-chained, and it names who acted."""

from __future__ import annotations

import pytest

from client.store import JournalAction, MailboxStore
from client.store.db import DatabaseError
from tests.client.store.helpers import store_message


def test_entries_name_the_actor_and_never_the_betreff(store: MailboxStore) -> None:
    stored = store_message(store, "osci-1", betreff="Streng vertraulicher Betreff")
    entries = store.mailbox.journal_entries(message_id=stored.message_id)
    assert entries[0].action is JournalAction.MESSAGE_RECEIVED
    assert {(e.os_user, e.person) for e in entries} == {("tester", "Erika Mustermann")}
    for entry in store.mailbox.journal_entries():
        assert "vertraulich" not in repr(entry).lower()


def test_the_chain_verifies_and_the_table_refuses_changes(store: MailboxStore) -> None:
    store_message(store, "osci-1")
    verification = store.verify_journal()
    assert verification.ok
    assert verification.entries == len(store.mailbox.journal_entries())
    with pytest.raises(DatabaseError, match="append-only"), store._ctx.db.write() as conn:
        conn.execute("UPDATE journal SET person = 'Mallory' WHERE id = 2")
    with pytest.raises(DatabaseError, match="append-only"), store._ctx.db.write() as conn:
        conn.execute("DELETE FROM journal WHERE id = 2")


@pytest.mark.parametrize(
    ("tamper", "broken_id", "reason"),
    [
        ("UPDATE journal SET person = 'Mallory' WHERE id = 3", 3, "content differs"),
        ("DELETE FROM journal WHERE id = 3", 3, "missing"),
    ],
)
def test_silent_edits_break_the_chain_at_that_entry(
    store: MailboxStore, tamper: str, broken_id: int, reason: str
) -> None:
    store_message(store, "osci-1")
    with store._ctx.db.write() as conn:
        conn.execute("DROP TRIGGER journal_no_update")
        conn.execute("DROP TRIGGER journal_no_delete")
        conn.execute(tamper)
    verification = store.verify_journal()
    assert not verification.ok
    assert verification.first_broken_id == broken_id
    assert reason in verification.reason


def test_paging_and_filters(store: MailboxStore) -> None:
    for index in range(3):
        store.incoming.record(f"osci-{index}", b"raw")
    received = store.mailbox.journal_entries(action=JournalAction.MESSAGE_RECEIVED)
    assert [e.osci_message_id for e in received] == ["osci-0", "osci-1", "osci-2"]
    later = store.mailbox.journal_entries(after_id=received[0].id, limit=1)
    assert [e.id for e in later] == [received[0].id + 1]
