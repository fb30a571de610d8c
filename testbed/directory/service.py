"""The directory service's SOAP operations (``resources/wsdl/directory.wsdl``).

Search is done in Python over all entries (a directory of a few thousand entries is searched in
milliseconds) so that matching is the same for every field: Unicode case folding with umlauts
written out (``Köln`` matches ``koeln``), CONTAINS or EXACT per criterion, all criteria must
match. ``Rolle`` matches confirmed roles only; unconfirmed entries are still found by the other
fields (their ``Rollen_ID`` is empty and the role state says UNCONFIRMED).
"""

from __future__ import annotations

import base64
import logging
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from lxml import etree

from profiles.paths import resource_dir
from testbed._soap import SoapEndpoint, SoapFault
from testbed.directory import rules
from testbed.directory.store import (
    EDITABLE_FIELDS,
    CertificateInUse,
    DirectoryStore,
    EntryRecord,
    RoleState,
)

logger = logging.getLogger(__name__)

NS = "urn:bebpo:verzeichnisdienst:v1"
PATH = "/verzeichnisdienst"
MAX_PAGE_SIZE = 100

Clock = Callable[[], datetime]


def _now() -> datetime:
    return datetime.now(UTC)


def q(local: str) -> str:
    return f"{{{NS}}}{local}"


def _text(parent: etree._Element, local: str) -> str:
    child = parent.find(q(local))
    return "" if child is None or child.text is None else child.text


def _child(parent: etree._Element, local: str) -> etree._Element:
    child = parent.find(q(local))
    if child is None:  # the schema requires these; this keeps the handlers honest anyway
        raise SoapFault(code="INVALID_REQUEST", text=f"{local} fehlt", field=local)
    return child


def _sub(parent: etree._Element, local: str, text: str | None = None) -> etree._Element:
    child = etree.SubElement(parent, q(local))
    if text is not None:
        child.text = text
    return child


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str, field: str) -> bytes:
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except ValueError as exc:
        raise SoapFault(
            code="INVALID_REQUEST", text=f"{field} ist kein Base64", field=field
        ) from exc


def _time(text: str, field: str) -> datetime:
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise SoapFault(
            code="INVALID_REQUEST", text=f"{field}: kein Zeitpunkt", field=field
        ) from exc


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class IntermediaryInfo:
    """The intermediary all entries of this directory are reached through."""

    url: str
    cipher_certificate: bytes
    signature_certificate: bytes | None = None


_SEARCH_FIELDS: dict[str, Callable[[EntryRecord], str]] = {
    "Organisation": lambda r: r.card.get("Organisation", ""),
    "Organisationszusatz": lambda r: r.card.get("Organisationszusatz", ""),
    "Name": lambda r: r.card.get("Name", ""),
    "Vorname": lambda r: r.card.get("Vorname", ""),
    "Ort": lambda r: r.card.get("Ort", ""),
    "Postleitzahl": lambda r: r.card.get("Postleitzahl", ""),
    "Bundesland": lambda r: r.card.get("Bundesland", ""),
    "Land": lambda r: r.card.get("Land", ""),
    "Rolle": lambda r: r.confirmed_role,
    "SafeId": lambda r: r.safe_id,
}


def new_safe_id() -> str:
    return f"DE.Justiz.{uuid.uuid4()}.{secrets.randbelow(10_000):04d}"


class DirectoryService:
    def __init__(
        self, store: DirectoryStore, intermediary: IntermediaryInfo, clock: Clock = _now
    ) -> None:
        self.store = store
        self.intermediary = intermediary
        self.clock = clock

    def endpoint(self, wsdl_dir: Path | None = None) -> SoapEndpoint:
        folder = wsdl_dir or resource_dir() / "wsdl"
        return SoapEndpoint(
            path=PATH,
            wsdl=folder / "directory.wsdl",
            xsd=folder / "directory.xsd",
            namespace=NS,
            operations={
                "SearchEntriesRequest": self.search_entries,
                "GetEntryRequest": self.get_entry,
                "RegisterEntryRequest": self.register_entry,
                "UpdateEntryRequest": self.update_entry,
            },
            max_request_bytes=256 * 1024,
        )

    # ------------------------------------------------------------------ rendering

    def _card(self, parent: etree._Element, record: EntryRecord) -> None:
        card = _sub(parent, "Visitenkarte")
        for name, value in record.published().items():
            _sub(card, name, value)

    def _roles(self, parent: etree._Element, record: EntryRecord) -> None:
        if record.role_id:
            role = _sub(parent, "Role")
            _sub(role, "RoleId", record.role_id)
            _sub(role, "State", record.role_state.value)

    def _entry(self, parent: etree._Element, record: EntryRecord) -> None:
        entry = _sub(parent, "Entry")
        _sub(entry, "SafeId", record.safe_id)
        self._card(entry, record)
        _sub(entry, "EncryptionCertificate", _b64(record.certificate))
        intermediary = _sub(entry, "Intermediary")
        _sub(intermediary, "Url", self.intermediary.url)
        _sub(intermediary, "CipherCertificate", _b64(self.intermediary.cipher_certificate))
        if self.intermediary.signature_certificate:
            _sub(
                intermediary,
                "SignatureCertificate",
                _b64(self.intermediary.signature_certificate),
            )
        self._roles(entry, record)
        _sub(entry, "Created", _iso(record.created))
        _sub(entry, "Modified", _iso(record.modified))

    # ------------------------------------------------------------------ operations

    def search_entries(self, request: etree._Element) -> etree._Element:
        criteria = []
        for item in request.findall(q("Criterion")):
            value = rules.fold(_text(item, "Value"))
            if value:
                criteria.append((_SEARCH_FIELDS[_text(item, "Field")], value, _text(item, "Mode")))
        if not criteria:
            raise SoapFault(
                code="SEARCH_CRITERIA_MISSING", text="Mindestens ein Suchbegriff ist nötig"
            )
        page, size = int(_text(request, "Page")), int(_text(request, "PageSize"))
        if size > MAX_PAGE_SIZE:
            raise SoapFault(
                code="INVALID_PAGING",
                text=f"Höchstens {MAX_PAGE_SIZE} Treffer pro Seite",
                field="PageSize",
            )
        hits = [r for r in self.store.all() if _matches(r, criteria)]
        hits.sort(
            key=lambda r: (
                rules.fold(r.card.get("Organisation", "")),
                rules.fold(r.card.get("Name", "")),
                r.safe_id,
            )
        )
        response = etree.Element(q("SearchEntriesResponse"), nsmap={"tns": NS})
        _sub(response, "Total", str(len(hits)))
        _sub(response, "Page", str(page))
        _sub(response, "PageSize", str(size))
        for record in hits[(page - 1) * size : page * size]:
            summary = _sub(response, "Entry")
            _sub(summary, "SafeId", record.safe_id)
            self._card(summary, record)
            self._roles(summary, record)
        return response

    def _existing(self, safe_id: str) -> EntryRecord:
        record = self.store.get(safe_id.strip())
        if record is None:
            raise SoapFault(
                code="UNKNOWN_SAFE_ID",
                text=f"Kein Eintrag mit der SAFE-ID {safe_id}",
                field="SafeId",
            )
        return record

    def get_entry(self, request: etree._Element) -> etree._Element:
        record = self._existing(_text(request, "SafeId"))
        response = etree.Element(q("GetEntryResponse"), nsmap={"tns": NS})
        self._entry(response, record)
        return response

    def register_entry(self, request: etree._Element) -> etree._Element:
        now = self.clock()
        raw_card = _raw_card(request)
        card = rules.clean_card(raw_card)
        der = _unb64(_text(request, "EncryptionCertificate"), "EncryptionCertificate")
        cert = rules.encryption_certificate(der, now)
        role = _text(request, "RequestedRole").strip()
        if role not in rules.REQUESTABLE_ROLES:
            raise SoapFault(
                code="ROLE_NOT_ALLOWED",
                text=f"Die Rolle „{role}“ kann nicht beantragt werden",
                field="RequestedRole",
            )
        proof = _child(request, "Proof")
        stamp = _time(_text(proof, "Timestamp"), "Proof")
        rules.check_timestamp(stamp, now, None)
        signed = rules.proof_bytes("RegisterEntry", "", stamp, der, raw_card)
        rules.verify_proof(cert.public_key(), _unb64(_text(proof, "Signature"), "Proof"), signed)
        record = EntryRecord(
            safe_id=new_safe_id(),
            card=card,
            certificate=der,
            role_id=role,
            role_state=RoleState.UNCONFIRMED,
            created=now,
            modified=now,
            last_proof=rules.to_millis(stamp),
        )
        try:
            self.store.insert(record)
        except CertificateInUse as exc:
            raise _in_use(exc) from exc
        logger.info("registered %s (role %s unconfirmed)", record.safe_id, role)
        response = etree.Element(q("RegisterEntryResponse"), nsmap={"tns": NS})
        self._entry(response, record)
        return response

    def update_entry(self, request: etree._Element) -> etree._Element:
        now = self.clock()
        record = self._existing(_text(request, "SafeId"))
        raw_card = _raw_card(request)
        card = rules.clean_card(raw_card)
        new_der: bytes | None = None
        new_cert = None
        if request.find(q("EncryptionCertificate")) is not None:
            new_der = _unb64(_text(request, "EncryptionCertificate"), "EncryptionCertificate")
            new_cert = rules.encryption_certificate(new_der, now)
        proof = _child(request, "Proof")
        stamp = _time(_text(proof, "Timestamp"), "Proof")
        rules.check_timestamp(stamp, now, record.last_proof)
        signed = rules.proof_bytes("UpdateEntry", record.safe_id, stamp, new_der, raw_card)
        current = _current_key(record.certificate)
        rules.verify_proof(current, _unb64(_text(proof, "Signature"), "Proof"), signed)
        if new_cert is not None:
            new_proof = request.find(q("NewKeyProof"))
            if new_proof is None:
                raise SoapFault(
                    code="PROOF_INVALID",
                    text="Neues Zertifikat ohne Besitznachweis für seinen Schlüssel",
                    field="NewKeyProof",
                )
            if _time(_text(new_proof, "Timestamp"), "NewKeyProof") != stamp:
                raise SoapFault(
                    code="PROOF_INVALID",
                    text="Beide Nachweise müssen denselben Zeitstempel tragen",
                    field="NewKeyProof",
                )
            rules.verify_proof(
                new_cert.public_key(),
                _unb64(_text(new_proof, "Signature"), "NewKeyProof"),
                signed,
                field="NewKeyProof",
            )
        reconfirm = record.role_state is RoleState.CONFIRMED and rules.identity_changed(
            record.card, card
        )
        updated = replace(
            record,
            card=card,
            certificate=new_der or record.certificate,
            role_state=RoleState.UNCONFIRMED if reconfirm else record.role_state,
            modified=now,
            last_proof=rules.to_millis(stamp),
        )
        try:
            self.store.replace(updated)
        except CertificateInUse as exc:
            raise _in_use(exc) from exc
        logger.info(
            "updated %s%s%s",
            record.safe_id,
            " with a new certificate" if new_der else "",
            "; role needs confirmation again" if reconfirm else "",
        )
        response = etree.Element(q("UpdateEntryResponse"), nsmap={"tns": NS})
        self._entry(response, updated)
        _sub(response, "RoleReconfirmationRequired", "true" if reconfirm else "false")
        return response


def _raw_card(request: etree._Element) -> dict[str, str]:
    element = _child(request, "Visitenkarte")
    return {name: _text(element, name) for name in EDITABLE_FIELDS}


def _current_key(der: bytes) -> object:
    return x509.load_der_x509_certificate(der).public_key()


def _in_use(exc: CertificateInUse) -> SoapFault:
    return SoapFault(
        code="CERTIFICATE_IN_USE",
        text="Dieses Zertifikat ist bereits für einen anderen Eintrag hinterlegt",
        field="EncryptionCertificate",
    )


def _matches(
    record: EntryRecord, criteria: list[tuple[Callable[[EntryRecord], str], str, str]]
) -> bool:
    for getter, value, mode in criteria:
        candidate = rules.fold(getter(record))
        if mode == "EXACT" and candidate != value:
            return False
        if mode == "CONTAINS" and value not in candidate:
            return False
    return True
