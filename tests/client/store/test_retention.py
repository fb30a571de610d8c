"""Retention: exactly the messages due are trashed, then purged; hooks and options hold."""

from __future__ import annotations

from datetime import timedelta

import pytest

from client.store import (
    DraftInfo,
    Folder,
    JournalAction,
    MailboxStore,
    RetentionPolicy,
    RetentionReport,
)
from client.store import retention as retention_module
from tests.client.store.conftest import FakeClock
from tests.client.store.helpers import store_message

POLICY = RetentionPolicy(trash_after_days=90, purge_after_days=30)


def _messages(store: MailboxStore, clock: FakeClock) -> tuple[int, int, int]:
    """An old message (day 0), a newer one (day 60) and a draft (day 0); the clock ends at day
    95: only the old message is due for the Papierkorb."""
    old = store_message(store, "old", received_at=clock()).message_id
    draft = store.outgoing.create_draft(DraftInfo(betreff="Entwurf"))
    clock.advance(days=60)
    new = store_message(store, "new", received_at=clock()).message_id
    clock.advance(days=35)
    return old, new, draft


def test_due_messages_are_trashed_then_purged(store: MailboxStore, clock: FakeClock) -> None:
    old, new, draft = _messages(store, clock)
    report = store.apply_retention(POLICY)
    assert (report.trashed, report.purged) == ((old,), ())
    assert store.mailbox.get(old).folder is Folder.PAPIERKORB
    assert store.mailbox.get(new).folder is Folder.POSTEINGANG
    assert store.mailbox.get(draft).folder is Folder.ENTWUERFE
    clock.advance(days=29)
    assert store.apply_retention(POLICY).purged == ()
    clock.advance(days=1)
    report = store.apply_retention(POLICY)
    assert report.purged == (old,)
    assert report.trashed == ()  # day 125: the newer message is 65 days old
    assert [s.id for s in store.mailbox.search("Mietzahlung")] == [new]
    assert store.mailbox.count(Folder.PAPIERKORB) == 0
    assert store.verify_journal().ok
    runs = store.mailbox.journal_entries(action=JournalAction.RETENTION_RUN)
    assert [e.details["purged"] for e in runs] == [0, 0, 1]


def test_a_dry_run_changes_nothing(store: MailboxStore, clock: FakeClock) -> None:
    old, _, _ = _messages(store, clock)
    plan = store.apply_retention(POLICY, dry_run=True)
    assert plan.dry_run
    assert plan.trashed == (old,)
    assert store.mailbox.get(old).folder is Folder.POSTEINGANG
    assert store.mailbox.journal_entries(action=JournalAction.RETENTION_RUN) == []


def test_the_confirmation_hook_sees_the_plan_and_can_decline(
    store: MailboxStore, clock: FakeClock
) -> None:
    old, _, _ = _messages(store, clock)
    shown: list[RetentionReport] = []

    def decline(plan: RetentionReport) -> bool:
        shown.append(plan)
        return False

    report = store.apply_retention(POLICY, confirm=decline)
    assert not report.confirmed
    assert shown[0].trashed == (old,)
    assert store.mailbox.get(old).folder is Folder.POSTEINGANG
    report = store.apply_retention(POLICY, confirm=lambda plan: True)
    assert report.confirmed
    assert report.trashed == (old,)


def test_only_after_export_keeps_what_was_never_exported(
    store: MailboxStore, clock: FakeClock
) -> None:
    old, _, _ = _messages(store, clock)
    other = store_message(store, "other", received_at=clock() - timedelta(days=100))
    store.mailbox.mark_exported([other.message_id])
    policy = RetentionPolicy(trash_after_days=90, purge_after_days=0, only_after_export=True)
    report = store.apply_retention(policy)
    assert report.trashed == (other.message_id,)
    assert report.purged == (other.message_id,)
    assert report.kept_unexported == (old,)
    assert store.mailbox.get(old).folder is Folder.POSTEINGANG


def test_a_disabled_policy_does_nothing(store: MailboxStore, clock: FakeClock) -> None:
    old, _, _ = _messages(store, clock)
    report = store.apply_retention(RetentionPolicy(enabled=False))
    assert report.trashed == report.purged == ()
    assert store.mailbox.get(old).folder is Folder.POSTEINGANG


def test_user_trashed_messages_are_purged_too(store: MailboxStore, clock: FakeClock) -> None:
    stored = store_message(store, "x", received_at=clock())
    store.mailbox.move_to_trash([stored.message_id])
    clock.advance(days=30)
    assert store.apply_retention(POLICY).purged == (stored.message_id,)


def test_batches_cover_more_than_one_batch(
    store: MailboxStore, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(retention_module, "BATCH", 2)
    ids = [store.incoming.record(f"o{i}", b"raw").message_id for i in range(5)]
    for mid in ids:
        store.incoming.mark_failed(mid, error_kind="x", error_text="y")
    clock.advance(days=91)
    report = store.apply_retention(RetentionPolicy(trash_after_days=90, purge_after_days=0))
    assert report.trashed == tuple(ids)
    assert report.purged == tuple(ids)


def test_invalid_policies_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        RetentionPolicy(trash_after_days=-1)
    with pytest.raises(ValueError, match="Papierkorb"):
        RetentionPolicy(folders=(Folder.PAPIERKORB,))
