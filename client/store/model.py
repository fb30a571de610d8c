"""What the store takes and returns: frozen dataclasses, never database rows.

Times are timezone-aware ``datetime`` objects in the API and integer milliseconds since the epoch
(UTC) in the database, so they sort and compare cheaply; ``0`` in the database means "not set",
``None`` in the API.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from client.store.states import (
    AttachmentKind,
    Direction,
    Folder,
    MessageState,
    PartyRole,
    ScanState,
    Verdict,
)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def to_ms(value: datetime) -> int:
    if value.tzinfo is None:
        raise ValueError("store times must be timezone-aware")
    return int(value.timestamp() * 1000)


def from_ms(value: int) -> datetime | None:
    return datetime.fromtimestamp(value / 1000, UTC) if value else None


def opt_ms(value: datetime | None) -> int:
    return to_ms(value) if value is not None else 0


@dataclass(frozen=True)
class Actor:
    """Who acts, for the journal: the OS account and, on a shared functional account, the person
    who entered their name when unlocking."""

    os_user: str
    person: str = ""

    @classmethod
    def current(cls, person: str = "") -> Actor:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = str(os.getuid()) if hasattr(os, "getuid") else "?"
        return cls(os_user=user, person=person.strip())


@dataclass(frozen=True)
class BlobInfo:
    """A stored blob: its id (the file name), plaintext size and SHA-256 of the plaintext."""

    blob_id: str
    size: int
    sha256: str


# ---------------------------------------------------------------- inputs from the fetch/send code


@dataclass(frozen=True)
class PartyInfo:
    """A sender or recipient as the payload names it (Visitenkarte, XJustiz)."""

    role: PartyRole
    display_name: str = ""
    safe_id: str = ""
    egvp_role: str = ""  # Rollen_ID, e.g. egvp_bebpo, egvp_justiz
    xjustiz_code: str = ""  # coded court or authority
    card: tuple[tuple[str, str], ...] = ()  # further Visitenkarte fields, in order


@dataclass(frozen=True)
class InspectionInfo:
    """One ``Inspection`` of the Laufzettel, with the OSCI values as received and our verdict."""

    inspected_at: datetime | None = None
    subject_name: str = ""
    issuer_name: str = ""
    serial_number: str = ""
    cert_type: str = ""  # advanced | qualified | accredited | unknown
    math_result: str = ""  # ok | corrupted | indeterminate
    offline_result: str = ""  # valid | invalid | indeterminate
    online_result: str = ""  # ok | revoked | ""
    verdict: Verdict = Verdict.UNCHECKED


@dataclass(frozen=True)
class ProcessCardInfo:
    """A Laufzettel (``ProcessCardBundle``)."""

    osci_message_id: str
    recent_modification: datetime | None = None
    creation: datetime | None = None  # legally relevant receipt time at the intermediary
    forwarding: datetime | None = None
    reception: datetime | None = None
    subject: str = ""
    cryptographic_timestamps: bool = False
    inspections: tuple[InspectionInfo, ...] = ()


@dataclass(frozen=True)
class MessageMetadata:
    """What the fetch code learnt from decrypting and parsing a message."""

    betreff: str = ""
    betreff_original: str = ""  # as received, with look-alike tags (display never uses it)
    nachrichtentyp: str = ""
    aktenzeichen_absender: str = ""
    aktenzeichen_empfaenger: str = ""
    parties: tuple[PartyInfo, ...] = ()
    xjustiz_version: str = ""
    xjustiz_kind: int = 0  # client.egvp XJustizKind value (persisted there)
    eeb_requested: bool = False
    is_eeb_answer: bool = False
    signature_verdict: Verdict = Verdict.UNCHECKED
    vhn_verdict: Verdict = Verdict.UNCHECKED
    received_at: datetime | None = None  # Laufzettel Creation; the list's date
    process_card: ProcessCardInfo | None = None
    extra: tuple[tuple[str, str], ...] = ()  # further facts worth keeping (no secrets)


@dataclass(frozen=True)
class NewAttachment:
    """An attachment about to be stored; size and SHA-256 come from the written blob."""

    original_name: str
    safe_name: str
    kind: AttachmentKind = AttachmentKind.DOCUMENT
    content_id: str = ""
    content_type: int = 0  # client.sandbox ContentType value (persisted there)
    position: int | None = None  # default: after the last one
    dokumentklasse: str = ""  # the code chosen for an outgoing document (GDS.Dokumentklasse)


@dataclass(frozen=True)
class ScanRecord:
    """One scan of an attachment, as ``client.sandbox`` reports it."""

    verdict: ScanState
    engine: str
    engine_version: str = ""
    signature_version: str = ""
    scanned_bytes: int = 0
    sha256: str = ""
    content_type: int = 0
    signature: str = ""  # the malware name for INFECTED
    reason: int = 0  # client.sandbox IndeterminateReason value for INDETERMINATE
    detail: str = ""
    scanned_at: datetime = field(default_factory=utc_now)


@dataclass(frozen=True)
class DraftInfo:
    """The editable fields of an outgoing message."""

    betreff: str = ""
    nachrichtentyp: str = ""
    aktenzeichen_absender: str = ""
    aktenzeichen_empfaenger: str = ""
    parties: tuple[PartyInfo, ...] = ()
    eeb_requested: bool = False
    is_eeb_answer: bool = False
    extra: tuple[tuple[str, str], ...] = ()


# ---------------------------------------------------------------- what queries return


@dataclass(frozen=True)
class MessageSummary:
    """One row of a message list."""

    id: int
    direction: Direction
    state: MessageState
    folder: Folder
    betreff: str
    aktenzeichen: str
    sender: str
    recipient: str
    date: datetime | None
    seen: bool
    eeb_requested: bool
    signature_verdict: Verdict
    vhn_verdict: Verdict
    attachment_count: int
    quarantined_count: int
    has_error: bool


@dataclass(frozen=True)
class MessageRecord:
    """Everything the store knows about one message (without parties/attachments)."""

    id: int
    direction: Direction
    state: MessageState
    folder: Folder
    osci_message_id: str
    betreff: str
    betreff_original: str
    nachrichtentyp: str
    aktenzeichen_absender: str
    aktenzeichen_empfaenger: str
    sender: str
    recipient: str
    xjustiz_version: str
    xjustiz_kind: int
    eeb_requested: bool
    is_eeb_answer: bool
    signature_verdict: Verdict
    vhn_verdict: Verdict
    seen: bool
    raw_blob: BlobInfo | None
    content_blob: BlobInfo | None
    size: int
    extra: tuple[tuple[str, str], ...]
    error_kind: str
    error_text: str
    date: datetime | None
    created_at: datetime | None
    updated_at: datetime | None
    acknowledged_at: datetime | None
    trashed_at: datetime | None
    exported_at: datetime | None
    local_ref: str
    send_attempts: int
    next_attempt_at: datetime | None
    sent_at: datetime | None


@dataclass(frozen=True)
class PartyRecord(PartyInfo):
    id: int = 0
    message_id: int = 0


@dataclass(frozen=True)
class AttachmentRecord:
    id: int
    message_id: int
    position: int
    kind: AttachmentKind
    original_name: str
    safe_name: str
    content_id: str
    size: int
    sha256: str
    blob_id: str | None  # None once the content was deleted
    content_type: int
    scan_state: ScanState
    created_at: datetime | None
    deleted_at: datetime | None
    deleted_reason: str
    released_at: datetime | None = None  # the latest release to the transfer folder
    release_count: int = 0
    dokumentklasse: str = ""

    @property
    def releasable(self) -> bool:
        """Content present and the latest scan OK (the sandbox also checks type and name)."""
        return self.blob_id is not None and self.scan_state is ScanState.OK


@dataclass(frozen=True)
class ScanResultRecord(ScanRecord):
    id: int = 0
    attachment_id: int = 0


@dataclass(frozen=True)
class ProcessCardRecord(ProcessCardInfo):
    id: int = 0
    message_id: int = 0
    recorded_at: datetime | None = None


@dataclass(frozen=True)
class IncomingRecorded:
    """The answer of :meth:`Incoming.record`: the message id and whether it is new."""

    message_id: int
    created: bool
    raw: BlobInfo


@dataclass(frozen=True)
class RecoveryReport:
    """What opening the store found of crashed writers (see :meth:`Incoming.recover`).

    ``recovered``: deliveries whose raw bytes were complete but whose row was missing; they are
    now ``IN_RECEIVED`` messages (possibly without an OSCI MessageId if it was not known yet).
    ``abandoned``: OSCI MessageIds (``""`` if unknown) of deliveries cut off mid-stream; they were
    never acknowledged, so the intermediary still holds them and the next fetch gets them again.
    """

    recovered: tuple[IncomingRecorded, ...] = ()
    abandoned: tuple[str, ...] = ()
    duplicates: int = 0
    stale_tmp_files: int = 0

    @property
    def anything(self) -> bool:
        return bool(self.recovered or self.abandoned or self.duplicates or self.stale_tmp_files)
