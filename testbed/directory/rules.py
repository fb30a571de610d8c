"""What the directory accepts: Visitenkarte fields, encryption certificates, proofs of possession.

Every refusal is a :class:`~testbed._soap.SoapFault` with a code from ``directory.xsd`` and, for
field errors, the element name, so the client can point at the field.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from testbed._soap import SoapFault
from testbed.directory.store import EDITABLE_FIELDS

MIN_ENCRYPTION_BITS = 3072
PROOF_WINDOW = timedelta(minutes=10)
PROOF_CONTEXT = "bebpo-verzeichnisdienst-nachweis-v1"
REQUESTABLE_ROLES = ("egvp_bebpo",)

BUNDESLAENDER = (
    "Baden-Württemberg",
    "Bayern",
    "Berlin",
    "Brandenburg",
    "Bremen",
    "Hamburg",
    "Hessen",
    "Mecklenburg-Vorpommern",
    "Niedersachsen",
    "Nordrhein-Westfalen",
    "Rheinland-Pfalz",
    "Saarland",
    "Sachsen",
    "Sachsen-Anhalt",
    "Schleswig-Holstein",
    "Thüringen",
)

# Changing these changes who the holder claims to be: a confirmed role must be confirmed again
# (bebpo.md §3.3: later changes to the Visitenkarte can require re-confirmation).
IDENTITY_FIELDS = ("Organisation", "Organisationszusatz", "Name", "Vorname", "Ort", "Bundesland")

_MAX_LENGTH = {"Organisation": 255, "Organisationszusatz": 255, "E-Mail": 254}
_MANDATORY = ("Organisation", "Postleitzahl", "Ort")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def fold(text: str) -> str:
    """Search form: Unicode-normalised, case-folded, umlauts as ae/oe/ue, blanks collapsed."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_UMLAUTS)
    return " ".join(folded.split())


def _field_error(field: str, text: str) -> SoapFault:
    return SoapFault(code="INVALID_FIELD", text=text, field=field)


def clean_card(raw: Mapping[str, str]) -> dict[str, str]:
    """The Visitenkarte as stored: trimmed, checked, ``Land`` defaulting to ``DE``."""
    card: dict[str, str] = {}
    for name in EDITABLE_FIELDS:
        value = raw.get(name, "")
        if _CONTROL.search(value):
            raise _field_error(name, f"{name} enthält Steuerzeichen oder Zeilenumbrüche")
        value = " ".join(value.split())
        if len(value) > _MAX_LENGTH.get(name, 100):
            raise _field_error(name, f"{name} ist zu lang (höchstens {_MAX_LENGTH.get(name, 100)})")
        card[name] = value
    card["Land"] = card["Land"] or "DE"
    for name in _MANDATORY:
        if not card[name]:
            raise _field_error(name, f"{name} ist ein Pflichtfeld")
    if not re.fullmatch(r"[A-Z]{2}", card["Land"]):
        raise _field_error("Land", "Land muss ein zweistelliger Ländercode sein (z. B. DE)")
    if card["Land"] == "DE":
        if not re.fullmatch(r"\d{5}", card["Postleitzahl"]):
            raise _field_error("Postleitzahl", "Postleitzahl muss aus fünf Ziffern bestehen")
        if card["Bundesland"] not in BUNDESLAENDER:
            raise _field_error("Bundesland", "Bundesland ist keines der 16 Länder")
    email = card["E-Mail"]
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise _field_error("E-Mail", "E-Mail-Adresse ist ungültig")
    return card


def identity_changed(old: Mapping[str, str], new: Mapping[str, str]) -> bool:
    return any(old.get(name, "") != new.get(name, "") for name in IDENTITY_FIELDS)


def encryption_certificate(der: bytes, now: datetime) -> x509.Certificate:
    """Parse and check a Postfach certificate against the directory's policy."""
    field = "EncryptionCertificate"
    try:
        cert = x509.load_der_x509_certificate(der)
        public = cert.public_key()
    except ValueError as exc:
        raise SoapFault(
            code="CERTIFICATE_INVALID", text=f"Zertifikat nicht lesbar: {exc}", field=field
        ) from exc
    if not isinstance(public, rsa.RSAPublicKey):
        raise SoapFault(
            code="CERTIFICATE_INVALID", text="Nur RSA-Schlüssel sind zulässig", field=field
        )
    if public.key_size < MIN_ENCRYPTION_BITS:
        raise SoapFault(
            code="CERTIFICATE_KEY_TOO_SHORT",
            text=f"Schlüssel hat {public.key_size} Bit, verlangt sind mindestens "
            f"{MIN_ENCRYPTION_BITS} Bit",
            field=field,
        )
    if now > cert.not_valid_after_utc:
        raise SoapFault(
            code="CERTIFICATE_EXPIRED",
            text=f"Zertifikat ist seit {cert.not_valid_after_utc:%d.%m.%Y} abgelaufen",
            field=field,
        )
    if now < cert.not_valid_before_utc:
        raise SoapFault(
            code="CERTIFICATE_NOT_YET_VALID",
            text=f"Zertifikat gilt erst ab {cert.not_valid_before_utc:%d.%m.%Y}",
            field=field,
        )
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    if usage is not None and not usage.key_encipherment:
        raise SoapFault(
            code="CERTIFICATE_INVALID",
            text="Zertifikat erlaubt keine Verschlüsselung (keyEncipherment fehlt)",
            field=field,
        )
    return cert


def to_millis(moment: datetime) -> datetime:
    """Proof timestamps count in whole milliseconds."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def canonical_time(moment: datetime) -> str:
    utc = to_millis(moment).astimezone(UTC)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"


def proof_bytes(
    operation: str,
    safe_id: str,
    timestamp: datetime,
    certificate: bytes | None,
    card: Mapping[str, str],
) -> bytes:
    """The bytes a proof of possession signs (specified in ``directory.xsd``)."""
    lines = [
        PROOF_CONTEXT,
        operation,
        safe_id,
        canonical_time(timestamp),
        hashlib.sha256(certificate).hexdigest() if certificate else "",
        *(f"{name}={card.get(name, '')}" for name in EDITABLE_FIELDS),
    ]
    return "\n".join(lines).encode("utf-8")


def check_timestamp(timestamp: datetime, now: datetime, last: datetime | None) -> None:
    if timestamp.tzinfo is None:
        raise SoapFault(code="PROOF_INVALID", text="Zeitstempel ohne Zeitzone", field="Proof")
    if abs(now - timestamp) > PROOF_WINDOW:
        raise SoapFault(
            code="PROOF_EXPIRED",
            text="Zeitstempel des Nachweises weicht mehr als 10 Minuten von der Serverzeit ab",
            field="Proof",
        )
    if last is not None and to_millis(timestamp) <= last:
        raise SoapFault(
            code="PROOF_EXPIRED",
            text="Nachweis ist nicht neuer als die letzte Änderung (Wiederholung?)",
            field="Proof",
        )


def verify_proof(public: object, signature: bytes, data: bytes, field: str = "Proof") -> None:
    if not isinstance(public, rsa.RSAPublicKey):
        raise SoapFault(code="PROOF_INVALID", text="Kein RSA-Schlüssel", field=field)
    try:
        public.verify(
            signature,
            data,
            padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),
            hashes.SHA256(),
        )
    except InvalidSignature:
        raise SoapFault(
            code="PROOF_INVALID",
            text="Besitznachweis ungültig: Signatur passt nicht zum Schlüssel des Zertifikats",
            field=field,
        ) from None
