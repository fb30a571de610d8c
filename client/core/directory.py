"""The directory client (SAFE-style Verzeichnisdienst), Qt-free.

Search recipients per field (CONTAINS / EXACT) with paging, fetch an entry (Visitenkarte,
encryption certificate, intermediary, roles), register and update our own entry with a proof of
possession of the mailbox key, and read the role state (unconfirmed until the Prüfstelle confirms
``egvp_bebpo``).

Recipients for sending are :class:`Recipient` objects, and only :meth:`DirectoryClient.recipient`
makes them: it fetches the entry afresh, and the object is sealed so that its SAFE-ID,
certificate and intermediary cannot be assembled or changed by hand (mis-addressing is a known
harm; beA has the same rule, bebpo.md §3.3). Wire format: ``resources/wsdl/directory.wsdl``.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from client.core.soap import ServiceSettings, build_service, call
from client.egvp.model import VISITENKARTE_FIELDS, Visitenkarte
from osci.crypto import RSA_PSS_SHA256
from osci.keys import Signer
from profiles.scenarios import Scenario

logger = logging.getLogger(__name__)

T = TypeVar("T")

SERVICE = "directory"
WSDL = "directory.wsdl"
BINDING = "{urn:bebpo:verzeichnisdienst:v1}VerzeichnisdienstBinding"
ROLE_BEBPO = "egvp_bebpo"
MAX_PAGE_SIZE = 100

# The elements a holder sets (XSD type VisitenkarteDaten), in schema order.
EDITABLE_ELEMENTS: tuple[str, ...] = (
    "Organisation",
    "Organisationszusatz",
    "Anrede",
    "Titel",
    "Vorname",
    "Name",
    "Strasse",
    "Hausnummer",
    "Postleitzahl",
    "Ort",
    "Bundesland",
    "Land",
    "E-Mail",
    "Mobiltelefon",
    "Telefon",
    "Fax",
    "Externe_ID",
)
_ATTRIBUTE = dict(VISITENKARTE_FIELDS)
PROOF_CONTEXT = "bebpo-verzeichnisdienst-nachweis-v1"


class SearchField(enum.Enum):
    ORGANISATION = "Organisation"
    ORGANISATIONSZUSATZ = "Organisationszusatz"
    NAME = "Name"
    VORNAME = "Vorname"
    ORT = "Ort"
    POSTLEITZAHL = "Postleitzahl"
    BUNDESLAND = "Bundesland"
    LAND = "Land"
    ROLLE = "Rolle"
    SAFE_ID = "SafeId"


class SearchMode(enum.Enum):
    CONTAINS = "CONTAINS"
    EXACT = "EXACT"


class RoleState(enum.Enum):
    UNCONFIRMED = "UNCONFIRMED"
    CONFIRMED = "CONFIRMED"


@dataclass(frozen=True)
class SearchCriterion:
    field: SearchField
    value: str
    mode: SearchMode = SearchMode.CONTAINS


@dataclass(frozen=True)
class Role:
    role_id: str
    state: RoleState

    @property
    def confirmed(self) -> bool:
        return self.state is RoleState.CONFIRMED


@dataclass(frozen=True)
class DirectoryHit:
    """One search result: enough to show and choose; the certificate comes with the entry."""

    safe_id: str
    visitenkarte: Visitenkarte
    roles: tuple[Role, ...]


@dataclass(frozen=True)
class SearchPage:
    hits: tuple[DirectoryHit, ...]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


@dataclass(frozen=True)
class Intermediary:
    url: str
    cipher_certificate: x509.Certificate
    signature_certificate: x509.Certificate | None


@dataclass(frozen=True)
class DirectoryEntry:
    safe_id: str
    visitenkarte: Visitenkarte
    encryption_certificate: x509.Certificate
    intermediary: Intermediary
    roles: tuple[Role, ...]
    created: datetime
    modified: datetime

    def role_state(self, role_id: str = ROLE_BEBPO) -> RoleState | None:
        """The state of ``role_id`` (``None`` when the entry does not have that role)."""
        for role in self.roles:
            if role.role_id == role_id:
                return role.state
        return None

    @property
    def bebpo_confirmed(self) -> bool:
        return self.role_state(ROLE_BEBPO) is RoleState.CONFIRMED


@dataclass(frozen=True)
class UpdateResult:
    entry: DirectoryEntry
    reconfirmation_required: bool


class HasSafeId(Protocol):
    @property
    def safe_id(self) -> str: ...


# ---------------------------------------------------------------------- Recipient (sealed)

# A per-process key: a Recipient's seal proves that this module made it from a directory answer.
# It is a guard against assembling recipients by hand, not a security boundary against code that
# runs in our process.
_SEAL_KEY = secrets.token_bytes(32)


def _seal(entry: DirectoryEntry) -> bytes:
    der = serialization.Encoding.DER
    parts = [
        entry.safe_id.encode(),
        hashlib.sha256(entry.encryption_certificate.public_bytes(der)).digest(),
        entry.intermediary.url.encode(),
        hashlib.sha256(entry.intermediary.cipher_certificate.public_bytes(der)).digest(),
    ]
    return hmac.new(_SEAL_KEY, b"\x00".join(parts), hashlib.sha256).digest()


@dataclass(frozen=True)
class Recipient:
    """A send target taken from the directory: SAFE-ID, Visitenkarte, encryption certificate and
    intermediary as the directory answered them. Only :meth:`DirectoryClient.recipient` makes
    one; constructing or altering it elsewhere raises ``TypeError``."""

    entry: DirectoryEntry
    fetched: datetime
    seal: bytes = field(repr=False, compare=False)

    def __post_init__(self) -> None:
        if not hmac.compare_digest(self.seal, _seal(self.entry)):
            raise TypeError("Recipient objects come only from DirectoryClient.recipient()")

    @property
    def safe_id(self) -> str:
        return self.entry.safe_id

    @property
    def visitenkarte(self) -> Visitenkarte:
        return self.entry.visitenkarte

    @property
    def encryption_certificate(self) -> x509.Certificate:
        return self.entry.encryption_certificate

    @property
    def intermediary(self) -> Intermediary:
        return self.entry.intermediary

    @property
    def display_name(self) -> str:
        return self.entry.visitenkarte.display_name()


# ---------------------------------------------------------------------- proof of possession


def _millis(moment: datetime) -> datetime:
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def canonical_time(moment: datetime) -> str:
    """The proof's timestamp text: UTC with milliseconds, as ``directory.xsd`` specifies."""
    utc = _millis(moment).astimezone(UTC)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"


def card_values(card: Visitenkarte) -> dict[str, str]:
    """The VisitenkarteDaten elements of ``card`` (Nutzer_ID and Rollen_ID are the service's)."""
    return {name: str(getattr(card, _ATTRIBUTE[name])) for name in EDITABLE_ELEMENTS}


def proof_bytes(
    operation: str,
    safe_id: str,
    timestamp: datetime,
    certificate: x509.Certificate | None,
    values: dict[str, str],
) -> bytes:
    """The bytes a proof signs, as ``directory.xsd`` specifies them."""
    digest = ""
    if certificate is not None:
        digest = hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()
    lines = [
        PROOF_CONTEXT,
        operation,
        safe_id,
        canonical_time(timestamp),
        digest,
        *(f"{name}={values.get(name, '')}" for name in EDITABLE_ELEMENTS),
    ]
    return "\n".join(lines).encode("utf-8")


ProofKey = rsa.RSAPrivateKey | Signer
"""A raw key, or a Signer (the mailbox's PKCS#12 identity) that never hands its key out."""


def _sign(key: ProofKey, data: bytes) -> bytes:
    if isinstance(key, rsa.RSAPrivateKey):
        return key.sign(
            data, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256()
        )
    return key.sign(data, RSA_PSS_SHA256)  # the same scheme: RSA-PSS, SHA-256, salt 32


# ---------------------------------------------------------------------- the client


def _der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def _time(value: Any) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _visitenkarte(raw: Any) -> Visitenkarte:
    values = {attribute: _str(raw[element]) for element, attribute in VISITENKARTE_FIELDS}
    known = {f.name for f in fields(Visitenkarte)}
    return Visitenkarte(**{k: v for k, v in values.items() if k in known})


def _roles(raw: Any) -> tuple[Role, ...]:
    return tuple(Role(_str(r.RoleId), RoleState(_str(r.State))) for r in raw or ())


def _entry(raw: Any) -> DirectoryEntry:
    intermediary = raw.Intermediary
    signature = intermediary.SignatureCertificate
    return DirectoryEntry(
        safe_id=_str(raw.SafeId),
        visitenkarte=_visitenkarte(raw.Visitenkarte),
        encryption_certificate=x509.load_der_x509_certificate(raw.EncryptionCertificate),
        intermediary=Intermediary(
            url=_str(intermediary.Url),
            cipher_certificate=x509.load_der_x509_certificate(intermediary.CipherCertificate),
            signature_certificate=x509.load_der_x509_certificate(signature) if signature else None,
        ),
        roles=_roles(raw.Role),
        created=_time(raw.Created),
        modified=_time(raw.Modified),
    )


def _page(raw: Any) -> SearchPage:
    hits = tuple(
        DirectoryHit(_str(e.SafeId), _visitenkarte(e.Visitenkarte), _roles(e.Role))
        for e in raw.Entry or ()
    )
    return SearchPage(hits, int(raw.Total), int(raw.Page), int(raw.PageSize))


def _update_result(raw: Any) -> UpdateResult:
    return UpdateResult(_entry(raw.Entry), bool(raw.RoleReconfirmationRequired))


class DirectoryClient:
    """Talks to the directory at ``settings.url`` with the WSDL from ``resources/wsdl/``."""

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self._service = build_service(settings, WSDL, BINDING)

    @classmethod
    def for_scenario(
        cls, scenario: Scenario, *, timeout: float = 30.0, proxy: str | None = None
    ) -> DirectoryClient:
        return cls(ServiceSettings(scenario.directory_url, timeout, proxy))

    def _call(
        self,
        operation: str,
        convert: Callable[[Any], T],
        safe_id: str | None = None,
        **kwargs: Any,
    ) -> T:
        """One operation; the answer is converted inside :func:`call`, so an answer that does
        not convert (a broken certificate, an unknown state) is a ServiceAnswerInvalid too."""
        method = getattr(self._service, operation)
        return call(
            SERVICE, self.settings, operation, lambda: convert(method(**kwargs)), safe_id=safe_id
        )

    # ------------------------------------------------------------------ reading

    def search(
        self, criteria: Sequence[SearchCriterion], *, page: int = 1, page_size: int = 20
    ) -> SearchPage:
        """Entries matching all ``criteria`` (case-insensitive; umlauts match ae/oe/ue)."""
        if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page {page} / page size {page_size} out of range")
        wire = [{"Field": c.field.value, "Value": c.value, "Mode": c.mode.value} for c in criteria]
        return self._call("SearchEntries", _page, Criterion=wire, Page=page, PageSize=page_size)

    def get_entry(self, safe_id: str) -> DirectoryEntry:
        return self._call("GetEntry", _entry, safe_id=safe_id, SafeId=safe_id)

    def role_state(self, safe_id: str, role_id: str = ROLE_BEBPO) -> RoleState | None:
        """The current state of our role as the directory sees it now."""
        return self.get_entry(safe_id).role_state(role_id)

    def recipient(self, choice: HasSafeId) -> Recipient:
        """A send target for a search hit, an entry or a favourite, fetched afresh now."""
        entry = self.get_entry(choice.safe_id)
        return Recipient(entry, datetime.now(UTC), _seal(entry))

    # ------------------------------------------------------------------ our own entry

    def register(
        self,
        card: Visitenkarte,
        certificate: x509.Certificate,
        key: ProofKey,
        *,
        role: str = ROLE_BEBPO,
        now: datetime | None = None,
    ) -> DirectoryEntry:
        """Register a new entry; the directory gives it a SAFE-ID and the role stays
        UNCONFIRMED until the Prüfstelle confirms it."""
        stamp = _millis(now or datetime.now(UTC))
        values = card_values(card)
        signature = _sign(key, proof_bytes("RegisterEntry", "", stamp, certificate, values))
        entry = self._call(
            "RegisterEntry",
            _entry,
            Visitenkarte=values,
            EncryptionCertificate=_der(certificate),
            RequestedRole=role,
            Proof={"Timestamp": stamp, "Signature": signature},
        )
        logger.info("registered in the directory as %s", entry.safe_id)
        return entry

    def update(
        self,
        safe_id: str,
        card: Visitenkarte,
        key: ProofKey,
        *,
        new_certificate: x509.Certificate | None = None,
        new_key: ProofKey | None = None,
        now: datetime | None = None,
    ) -> UpdateResult:
        """Change our Visitenkarte (signed with the registered key) and optionally publish a new
        encryption certificate (then ``new_key`` proves possession of its key)."""
        if (new_certificate is None) != (new_key is None):
            raise ValueError("a new certificate needs its key, and a new key its certificate")
        stamp = _millis(now or datetime.now(UTC))
        values = card_values(card)
        data = proof_bytes("UpdateEntry", safe_id, stamp, new_certificate, values)
        request: dict[str, Any] = {
            "SafeId": safe_id,
            "Visitenkarte": values,
            "Proof": {"Timestamp": stamp, "Signature": _sign(key, data)},
        }
        if new_certificate is not None and new_key is not None:
            request["EncryptionCertificate"] = _der(new_certificate)
            request["NewKeyProof"] = {"Timestamp": stamp, "Signature": _sign(new_key, data)}
        return self._call("UpdateEntry", _update_result, safe_id=safe_id, **request)
