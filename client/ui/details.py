"""Everything the message view shows about one message, gathered in a worker (one call)."""

from __future__ import annotations

from dataclasses import dataclass

from client.store import (
    AttachmentRecord,
    JournalEntry,
    MessageRecord,
    PartyRecord,
    ProcessCardRecord,
    ScanResultRecord,
)
from client.ui.services import MailboxService


@dataclass(frozen=True)
class DocumentInfo:
    attachment: AttachmentRecord
    scans: tuple[ScanResultRecord, ...]
    refusal: str | None  # why it may not go to transfer; None: it may

    @property
    def latest_scan(self) -> ScanResultRecord | None:
        return self.scans[-1] if self.scans else None

    @property
    def releasable(self) -> bool:
        return self.refusal is None


@dataclass(frozen=True)
class MessageDetails:
    record: MessageRecord
    parties: tuple[PartyRecord, ...]
    documents: tuple[DocumentInfo, ...]
    process_cards: tuple[ProcessCardRecord, ...]
    journal: tuple[JournalEntry, ...]


def load_details(service: MailboxService, message_id: int) -> MessageDetails:
    """Blocking: call from a worker."""
    record = service.message(message_id)
    documents = []
    for attachment in service.attachments(message_id):
        scans = tuple(service.scan_results(attachment.id))
        refusal = service.release_refusal(attachment, scans[-1] if scans else None)
        documents.append(DocumentInfo(attachment, scans, refusal))
    return MessageDetails(
        record=record,
        parties=tuple(service.parties(message_id)),
        documents=tuple(documents),
        process_cards=tuple(service.process_cards(message_id)),
        journal=tuple(service.journal(message_id)),
    )


@dataclass(frozen=True)
class QuarantineEntry:
    attachment: AttachmentRecord
    betreff: str
    sender: str
    latest_scan: ScanResultRecord | None
    refusal: str | None  # why it may not go to transfer; None once a rescan said OK


def load_quarantine(service: MailboxService) -> list[QuarantineEntry]:
    """Blocking: call from a worker. The quarantine is small (files that failed a scan)."""
    messages: dict[int, MessageRecord] = {}
    entries = []
    for attachment in service.quarantine():
        record = messages.get(attachment.message_id)
        if record is None:
            record = messages[attachment.message_id] = service.message(attachment.message_id)
        entries.append(quarantine_entry(service, attachment, record))
    return entries


def quarantine_entry(
    service: MailboxService, attachment: AttachmentRecord, record: MessageRecord | None = None
) -> QuarantineEntry:
    """Blocking: one quarantine row, e.g. again after a rescan."""
    if record is None:
        record = service.message(attachment.message_id)
    scans = service.scan_results(attachment.id)
    latest = scans[-1] if scans else None
    return QuarantineEntry(
        attachment,
        record.betreff,
        record.sender,
        latest,
        service.release_refusal(attachment, latest),
    )
