"""Typed, frozen model objects of OSCI 1.2 (pure data; no XML, no crypto)."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field
from enum import Enum

from cryptography import x509

from osci.certs import Kind, Role


def encode_message_id(message_id: str) -> str:
    """MessageId travels as base64 of its UTF-8 string (osci.md §5.3)."""
    return base64.b64encode(message_id.encode("utf-8")).decode("ascii")


def decode_message_id(text: str) -> str:
    try:
        return base64.b64decode("".join(text.split()), validate=True).decode("utf-8")
    except ValueError as exc:
        from osci.errors import StructureError

        raise StructureError(element="osci:MessageId", reason="not base64 of UTF-8") from exc


@dataclass(frozen=True)
class ControlBlock:
    challenge: str | None = None
    response: str | None = None
    conversation_id: str | None = None
    sequence_number: int | None = None


@dataclass(frozen=True)
class FeedbackEntry:
    code: str
    text: str
    language: str | None = "de"

    @property
    def is_error(self) -> bool:
        return self.code.startswith("9")

    @property
    def is_warning(self) -> bool:
        return self.code.startswith("3")


@dataclass(frozen=True)
class Timestamp:
    """``Plain`` dateTime or a ``Cryptographic`` token with its algorithm."""

    plain: dt.datetime | None = None
    cryptographic: bytes | None = None
    algorithm: str | None = None


class CertType(Enum):
    ADVANCED = "advanced"
    QUALIFIED = "qualified"
    ACCREDITED = "accredited"
    UNKNOWN = "unknown"


class MathResult(Enum):
    OK = "ok"
    CORRUPTED = "corrupted"
    INDETERMINATE = "indeterminate"


class OfflineResult(Enum):
    VALID = "valid"
    INVALID = "invalid"
    INDETERMINATE = "indeterminate"


class OnlineResult(Enum):
    OK = "ok"
    REVOKED = "revoked"


@dataclass(frozen=True)
class Inspection:
    """One certificate check the intermediary made (a line of the Laufzettel)."""

    timestamp: Timestamp
    subject: str
    issuer: str
    serial: int
    cert_type: CertType
    math: MathResult
    offline: OfflineResult
    online: OnlineResult | None = None
    ocsp: bytes | None = None
    crl: dt.datetime | None = None
    ldap: bytes | None = None


@dataclass(frozen=True)
class ProcessCard:
    recent_modification: dt.datetime
    creation: Timestamp | None = None
    forwarding: Timestamp | None = None
    reception: Timestamp | None = None
    subject: str | None = None


@dataclass(frozen=True)
class ProcessCardBundle:
    """The Laufzettel: MessageId (decoded), ProcessCard and the InspectionReport."""

    message_id: str
    process_card: ProcessCard
    inspections: tuple[Inspection, ...] = ()


@dataclass(frozen=True)
class CertificateEntry:
    """A certificate of one role in NonIntermediary/IntermediaryCertificates."""

    role: Role
    kind: Kind
    certificate: x509.Certificate
    index: int | None = None  # reader/author number in the Id


@dataclass(frozen=True)
class Content:
    """Inline data (``Base64Content``), an attachment reference (``href``) or a nested container."""

    id: str | None = None
    data: bytes | None = None
    href: str | None = None  # content id of the attachment, without "cid:"
    container: ContentContainer | None = None


@dataclass(frozen=True)
class ContentContainer:
    id: str
    contents: tuple[Content, ...] = ()
    # Per-attachment keys (ds:MgmtData) found in or written to the container.
    attachment_keys: tuple[AttachmentKey, ...] = ()
    signature_count: int = 0


@dataclass(frozen=True)
class AttachmentKey:
    """The symmetric key of one content-encrypted attachment, as carried in its container."""

    content_id: str
    key: bytes
    algorithm: str
    iv_length: int | None  # None: no IvLength element, i.e. the legacy 16 bytes


@dataclass(frozen=True)
class Feature:
    key: str
    version: str


@dataclass(frozen=True)
class ChunkInformation:
    """Chunking extension (osci.md §12); sizes as the extension states them (KB)."""

    chunk_number: int | None = None
    chunk_size: int | None = None
    total_chunk_numbers: int | None = None
    total_message_size: int | None = None
    received_chunks: tuple[int, ...] | None = None


@dataclass(frozen=True)
class SelectionRule:
    """FetchDelivery / FetchProcessCard selection (one of the three, or none)."""

    message_ids: tuple[str, ...] = ()
    reception_of_delivery: dt.datetime | None = None
    recent_modification: dt.datetime | None = None
    no_reception: bool | None = None
    role: str | None = None  # "Addressee" | "Originator"


@dataclass(frozen=True)
class QualityOfTimestamp:
    service: str  # creation | reception
    quality: str = "plain"  # plain | cryptographic


DEFAULT_QOT = (QualityOfTimestamp("creation"), QualityOfTimestamp("reception"))

SUPPORTED_FEATURES = (
    Feature("DisableBase64", "1.2.0"),
    Feature("OAEPEncryption", "1.6.0"),
    Feature("SHA3HashAlgo", "1.6.3"),
    Feature("GCMPaddingModus", "1.7.0"),
    Feature("PartialMessageTransmission", "1.8.0"),
    Feature("Support96Bit12ByteIV", "1.9.0"),
)


@dataclass(frozen=True)
class FeatureDescription:
    features: tuple[Feature, ...] = SUPPORTED_FEATURES
    max_chunk_size: int | None = None
    min_chunk_size: int | None = None
    max_message_size: int | None = None
    chunk_message_timeout: int | None = None


@dataclass(frozen=True)
class Certificates:
    """All role certificates of a message, in XSD order."""

    entries: tuple[CertificateEntry, ...] = ()

    def get(self, role: Role, kind: Kind) -> x509.Certificate | None:
        for entry in self.entries:
            if entry.role is role and entry.kind is kind:
                return entry.certificate
        return None

    def all(self, role: Role, kind: Kind) -> tuple[x509.Certificate, ...]:
        return tuple(e.certificate for e in self.entries if e.role is role and e.kind is kind)


@dataclass(frozen=True)
class Feedback:
    entries: tuple[FeedbackEntry, ...] = field(default_factory=tuple)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(entry.code for entry in self.entries)

    def first_error(self) -> FeedbackEntry | None:
        return next((e for e in self.entries if e.is_error), None)


# Immutable defaults, shared (dataclass fields must not call constructors in their defaults).
ANY_SELECTION = SelectionRule()
NO_CERTIFICATES = Certificates()
