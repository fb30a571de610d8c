"""Drafts and the outbox: the send path's states, proofs and crash hints."""

from __future__ import annotations

from datetime import timedelta

import pytest

from client.store import (
    AttachmentKind,
    DraftInfo,
    Folder,
    InspectionInfo,
    InvalidTransition,
    JournalAction,
    MailboxStore,
    MessageState,
    NewAttachment,
    PartyInfo,
    PartyRole,
    ProcessCardInfo,
    Verdict,
)
from profiles.paths import WorkdirPaths
from tests.client.store.conftest import FakeClock, reopen
from tests.client.store.helpers import read

DRAFT = DraftInfo(
    betreff="Klageerwiderung",
    nachrichtentyp="Allgemeine Nachricht",
    aktenzeichen_absender="KB-2024-17",
    aktenzeichen_empfaenger="3 C 123/24",
    parties=(PartyInfo(PartyRole.RECIPIENT, display_name="Amtsgericht Musterstadt"),),
)


def test_a_draft_is_sent_with_proof(store: MailboxStore, clock: FakeClock) -> None:
    mid = store.outgoing.create_draft(DRAFT)
    record = store.mailbox.get(mid)
    assert (record.state, record.folder) == (MessageState.OUT_DRAFT, Folder.ENTWUERFE)
    assert store.outgoing.find_by_local_ref(record.local_ref) == mid
    store.outgoing.add_attachment(
        mid, NewAttachment("Erwiderung.pdf", "Erwiderung.pdf", AttachmentKind.DOCUMENT), b"%PDF"
    )
    store.outgoing.queue(mid)
    assert store.mailbox.get(mid).folder is Folder.POSTAUSGANG
    assert store.outgoing.due() == [mid]
    assert store.outgoing.start_sending(mid) == 1
    assert store.outgoing.interrupted() == [mid]
    card = ProcessCardInfo(
        osci_message_id="osci-out-1",
        creation=clock(),
        inspections=(InspectionInfo(subject_name="CN=VHN", verdict=Verdict.VALID),),
    )
    store.outgoing.mark_sent(
        mid, osci_message_id="osci-out-1", sent_at=clock(), raw=b"<signed/>", process_card=card
    )
    record = store.mailbox.get(mid)
    assert (record.state, record.folder) == (MessageState.OUT_SENT, Folder.GESENDET)
    assert record.osci_message_id == "osci-out-1"
    assert record.sent_at == clock()
    assert read(store.mailbox.open_raw(mid)) == b"<signed/>"
    assert store.mailbox.process_cards(mid)[0].inspections[0].subject_name == "CN=VHN"
    later = ProcessCardInfo(osci_message_id="osci-out-1", reception=clock.advance(hours=2))
    store.outgoing.record_process_card(mid, later)
    assert store.mailbox.process_cards(mid)[-1].reception == clock()
    assert store.outgoing.interrupted() == []
    actions = [e.action for e in store.mailbox.journal_entries(message_id=mid)]
    assert actions[:1] == [JournalAction.DRAFT_CREATED]
    assert JournalAction.MESSAGE_SENT in actions


def test_a_sent_message_cannot_change(store: MailboxStore, clock: FakeClock) -> None:
    mid = store.outgoing.create_draft(DRAFT)
    store.outgoing.queue(mid)
    store.outgoing.start_sending(mid)
    store.outgoing.mark_sent(mid, osci_message_id="osci-2", sent_at=clock())
    for change in (
        lambda: store.outgoing.update_draft(mid, DRAFT),
        lambda: store.outgoing.queue(mid),
        lambda: store.outgoing.back_to_draft(mid),
        lambda: store.outgoing.start_sending(mid),
    ):
        with pytest.raises(InvalidTransition) as caught:
            change()
        assert caught.value.current == MessageState.OUT_SENT
    with pytest.raises(InvalidTransition):
        store.outgoing.add_attachment(mid, NewAttachment("x.pdf", "x.pdf"), b"x")


def test_failure_with_retry_goes_back_into_the_outbox(
    store: MailboxStore, clock: FakeClock
) -> None:
    mid = store.outgoing.create_draft(DRAFT)
    store.outgoing.queue(mid)
    store.outgoing.start_sending(mid)
    retry_at = clock() + timedelta(minutes=5)
    store.outgoing.mark_failed(
        mid,
        error_kind="IntermediaryDown",
        error_text="Intermediär nicht erreichbar",
        retry_at=retry_at,
    )
    record = store.mailbox.get(mid)
    assert record.state is MessageState.OUT_QUEUED
    assert record.error_text == "Intermediär nicht erreichbar"
    assert store.outgoing.due() == []
    assert store.outgoing.due(clock.advance(minutes=5)) == [mid]
    assert store.outgoing.start_sending(mid) == 2
    store.outgoing.mark_failed(mid, error_kind="Rejected", error_text="abgelehnt")
    assert store.mailbox.get(mid).state is MessageState.OUT_FAILED
    store.outgoing.back_to_draft(mid)
    store.outgoing.update_draft(mid, DraftInfo(betreff="Neuer Betreff"))
    assert store.mailbox.get(mid).betreff == "Neuer Betreff"


def test_removing_a_draft_attachment_deletes_its_blob(store: MailboxStore) -> None:
    mid = store.outgoing.create_draft(DRAFT)
    attachment = store.outgoing.add_attachment(mid, NewAttachment("a.pdf", "a.pdf"), b"%PDF a")
    path = store._ctx.blobs.path(attachment.blob_id or "")
    assert path.is_file()
    store.outgoing.remove_attachment(attachment.id)
    assert store.mailbox.attachments(mid) == []
    assert not path.exists()


def test_drafts_survive_a_restart(store: MailboxStore, paths: WorkdirPaths) -> None:
    mid = store.outgoing.create_draft(DRAFT)
    store.close()
    with reopen(paths) as again:
        assert again.mailbox.get(mid).betreff == "Klageerwiderung"
        assert again.mailbox.get(mid).recipient == "Amtsgericht Musterstadt"
