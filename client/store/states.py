"""Persisted enums of the store. Values are written to the database: never change or reuse one.

Gaps are deliberate (as in Delta Chat's ``MessageState``), so a state can be added between two
others later without renumbering. A retired value stays here as a comment.
"""

from __future__ import annotations

from enum import IntEnum


class Direction(IntEnum):
    INCOMING = 1
    OUTGOING = 2


class MessageState(IntEnum):
    """Where a message is in its life cycle."""

    # incoming
    IN_RECEIVED = 10  # raw OSCI bytes durable in the store, not yet decrypted
    IN_DECRYPTED = 13  # decrypted content stored, payload not yet (completely) recorded
    IN_PROCESSED = 16  # metadata, Laufzettel and attachments recorded
    IN_FAILED = 19  # processing failed; error_kind/error_text say why; raw bytes kept
    # outgoing
    OUT_DRAFT = 30
    OUT_QUEUED = 33  # in the outbox, waiting to be sent
    OUT_SENDING = 36  # a send is under way (GetMessageId/StoreDelivery)
    OUT_SENT = 40  # StoreDelivery acknowledged, Laufzettel kept
    OUT_FAILED = 44  # sending failed; error_text says why; can be queued again

    @property
    def direction(self) -> Direction:
        return Direction.INCOMING if self.value < OUT_FIRST else Direction.OUTGOING

    @property
    def label(self) -> str:
        """Short German text for the user."""
        return _STATE_LABELS[self]


OUT_FIRST = 30

_STATE_LABELS = {
    MessageState.IN_RECEIVED: "empfangen, noch nicht entschlüsselt",
    MessageState.IN_DECRYPTED: "entschlüsselt, in Verarbeitung",
    MessageState.IN_PROCESSED: "empfangen",
    MessageState.IN_FAILED: "fehlerhaft",
    MessageState.OUT_DRAFT: "Entwurf",
    MessageState.OUT_QUEUED: "wartet auf Versand",
    MessageState.OUT_SENDING: "wird gesendet",
    MessageState.OUT_SENT: "gesendet",
    MessageState.OUT_FAILED: "Versand fehlgeschlagen",
}

# Allowed state changes. Re-entering the same state is allowed where a step may be repeated;
# back to IN_RECEIVED is the restart of processing from the raw bytes.
_IN_ANY = frozenset(
    {
        MessageState.IN_RECEIVED,
        MessageState.IN_DECRYPTED,
        MessageState.IN_PROCESSED,
        MessageState.IN_FAILED,
    }
)
TRANSITIONS: dict[MessageState, frozenset[MessageState]] = {
    MessageState.IN_RECEIVED: _IN_ANY,
    MessageState.IN_DECRYPTED: _IN_ANY,
    MessageState.IN_PROCESSED: _IN_ANY,
    MessageState.IN_FAILED: _IN_ANY,
    MessageState.OUT_DRAFT: frozenset({MessageState.OUT_DRAFT, MessageState.OUT_QUEUED}),
    MessageState.OUT_QUEUED: frozenset({MessageState.OUT_DRAFT, MessageState.OUT_SENDING}),
    MessageState.OUT_SENDING: frozenset(
        {MessageState.OUT_SENT, MessageState.OUT_FAILED, MessageState.OUT_QUEUED}
    ),
    MessageState.OUT_SENT: frozenset(),
    MessageState.OUT_FAILED: frozenset({MessageState.OUT_QUEUED, MessageState.OUT_DRAFT}),
}


class Folder(IntEnum):
    """The system folders. User folders, if ever, get ids from 100 on."""

    POSTEINGANG = 1
    POSTAUSGANG = 2
    GESENDET = 3
    ENTWUERFE = 4
    PAPIERKORB = 5

    @property
    def label(self) -> str:
        return _FOLDER_LABELS[self]


_FOLDER_LABELS = {
    Folder.POSTEINGANG: "Posteingang",
    Folder.POSTAUSGANG: "Postausgang",
    Folder.GESENDET: "Gesendet",
    Folder.ENTWUERFE: "Entwürfe",
    Folder.PAPIERKORB: "Papierkorb",
}


def home_folder(state: MessageState) -> Folder:
    """The folder a message in ``state`` belongs in (outside the Papierkorb)."""
    if state.direction is Direction.INCOMING:
        return Folder.POSTEINGANG
    if state is MessageState.OUT_DRAFT:
        return Folder.ENTWUERFE
    if state is MessageState.OUT_SENT:
        return Folder.GESENDET
    return Folder.POSTAUSGANG


class Verdict(IntEnum):
    """A verification result recorded for a message or an inspection (signature, VHN, …)."""

    UNCHECKED = 0
    VALID = 1
    INVALID = 2
    UNKNOWN = 3  # checked, but no decision possible (e.g. validation service unreachable)


class ScanState(IntEnum):
    """The latest scan verdict of an attachment. 1–3 equal ``client.sandbox`` ``Verdict``."""

    UNSCANNED = 0
    OK = 1
    INFECTED = 2
    INDETERMINATE = 3


class AttachmentKind(IntEnum):
    DOCUMENT = 1  # a file the sender attached (Schriftsatz, Anlage)
    XJUSTIZ = 2  # xjustiz_nachricht.xml
    SIGNATURE = 3  # a detached signature (.p7s, .pkcs7)
    PAYLOAD = 4  # an EGVP inline part kept as a file (nachricht.xml, visitenkarte.xml …)
    OTHER = 9


class PartyRole(IntEnum):
    SENDER = 1
    RECIPIENT = 2


class BlobKind(IntEnum):
    RAW = 1  # the OSCI message exactly as received (or as sent)
    CONTENT = 2  # the decrypted inner message / content containers
    ATTACHMENT = 3
    PROOF = 4  # Laufzettel or other proof documents kept as bytes
    OTHER = 9


class JournalAction(IntEnum):
    """What a journal entry records."""

    STORE_CREATED = 1
    UNLOCKED = 2
    UNLOCKED_WITH_RECOVERY = 3
    PASSWORD_CHANGED = 4
    RECOVERY_CERTIFICATE_SET = 5
    RECOVERY_CERTIFICATE_REMOVED = 6
    SCHEMA_MIGRATED = 7

    MESSAGE_RECEIVED = 20
    DUPLICATE_RECEIVED = 21
    MESSAGE_ACKNOWLEDGED = 22
    MESSAGE_DECRYPTED = 23
    MESSAGE_PROCESSED = 24
    MESSAGE_FAILED = 25
    PROCESSING_RESTARTED = 26
    PROCESS_CARD_RECORDED = 27
    INTAKE_RECOVERED = 28  # a crash left a complete raw delivery without its row: recorded now
    INTAKE_ABANDONED = 29  # a crash cut a delivery off mid-stream: dropped (never acknowledged)
    OSCI_MESSAGE_ID_ASSIGNED = 30

    ATTACHMENT_STORED = 40
    ATTACHMENT_SCANNED = 41
    ATTACHMENT_RELEASED = 42
    ATTACHMENT_CONTENT_DELETED = 43

    DRAFT_CREATED = 60
    DRAFT_UPDATED = 61
    MESSAGE_QUEUED = 62
    SENDING_STARTED = 63
    MESSAGE_SENT = 64
    SENDING_FAILED = 65

    MESSAGE_MOVED = 80
    MESSAGE_TRASHED = 81
    MESSAGE_RESTORED = 82
    MESSAGE_PURGED = 83
    MESSAGE_EXPORTED = 84
    RETENTION_RUN = 85

    BACKUP_CREATED = 100
    STORE_RESTORED = 101
    GARBAGE_COLLECTED = 102
