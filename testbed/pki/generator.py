"""Making the whole test PKI in a folder: the plan (who gets which certificate) and the writer.

Validity periods are relative to the *anchor*, the day (00:00 UTC) the set was made; the anchor
is stored in the manifest, so the same folder keeps byte-identical certificates until it is
renewed (see :data:`RENEW_AFTER` in :mod:`testbed.pki.pki`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from profiles.paths import atomic_write_bytes, ensure_private_dir
from testbed.pki import certs
from testbed.pki.catalogue import (
    MAILBOXES,
    CertificateState,
    Issuer,
    Mailbox,
    VhnIssuer,
)
from testbed.pki.keys import KeySource, key_pem
from testbed.pki.model import CaRole, Kind
from testbed.pki.revocation import CaIndex, Revocation

FORMAT_VERSION = 1
MANIFEST = "pki.json"
DEMO_PIN = "demo-2026"  # also the store password: at least 8 characters
MAILBOX_BITS = 3072
CA_BITS = 3072
WEAK_BITS = 2048
THREE_YEARS = timedelta(days=3 * 365)

VHN_CA_BEBPO = "vhn-ca-bebpo"
VHN_CA_JUSTIZ = "vhn-ca-justiz"
VERWALTUNG_CA = "verwaltung-ca"
FOREIGN_CA = "fremd-ca"
OCSP_KEY = "ocsp-responder"
INTERMEDIARY_CIPHER = "intermediaer-verschluesselung"
INTERMEDIARY_SIGNATURE = "intermediaer-signatur"
REVOKED_VHN = "widerrufen-vhn"
EXPIRED_VHN = "abgelaufen-vhn"
WEAK = "schwach"
FOREIGN = "fremd"


@dataclass(frozen=True)
class CaSpec:
    label: str
    role: CaRole
    common_name: str
    organisation: str
    unit: str = ""
    trust_anchor: bool = True
    pss: bool = False


CA_SPECS: tuple[CaSpec, ...] = (
    CaSpec(
        VHN_CA_BEBPO,
        CaRole.VHN_BEBPO,
        "Testbed beBPo VHN CA",
        "Testbed Bundesnotarkammer",
        pss=True,
    ),
    CaSpec(
        VHN_CA_JUSTIZ,
        CaRole.VHN_JUSTIZ,
        "Testbed Justiz VHN CA",
        "Testbed Bundesnotarkammer",
        pss=True,
    ),
    CaSpec(
        VERWALTUNG_CA, CaRole.VERWALTUNG, "Testbed DOI CA", "Testbed PKI-1-Verwaltung", unit="DOI"
    ),
    CaSpec(
        FOREIGN_CA, CaRole.FOREIGN, "Fremde Test-CA", "Unbekannter Anbieter", trust_anchor=False
    ),
)


def catalogue_digest() -> str:
    """Changes whenever the catalogue or the format changes: then the PKI is made anew."""
    text = repr((FORMAT_VERSION, CA_SPECS, MAILBOXES))
    return hashlib.sha256(text.encode()).hexdigest()


def pin_for(label: str) -> str:
    if label in ("demo", "demo-gericht", "demo-vhn", "demo-gericht-vhn"):
        return DEMO_PIN
    digest = hashlib.sha256(f"pin:{label}".encode()).digest()
    return f"{int.from_bytes(digest[:4], 'big') % 1_000_000:06d}"


def _spread(label: str, days: int) -> timedelta:
    digest = hashlib.sha256(f"age:{label}".encode()).digest()
    return timedelta(days=1 + int.from_bytes(digest[:2], "big") % days)


def p12_bytes(
    label: str,
    key: rsa.RSAPrivateKey,
    cert: x509.Certificate,
    cas: list[x509.Certificate],
    pin: str,
) -> bytes:
    # PBES2 with AES-256-CBC and an HMAC-SHA256 MAC, as OpenSSL 3 writes by default.
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(2048)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(pin.encode())
    )
    return pkcs12.serialize_key_and_certificates(label.encode(), key, cert, cas or None, encryption)


class Writer:
    """Issues every certificate of the plan into ``folder`` and returns the manifest."""

    def __init__(self, folder: Path, keys: KeySource, anchor: datetime) -> None:
        self.folder = folder
        self.keys = keys
        self.anchor = anchor
        self.anchor_text = anchor.date().isoformat()
        self.credentials: dict[str, dict[str, Any]] = {}
        self.authorities: dict[str, dict[str, Any]] = {}
        self.signers: dict[str, certs.Signer] = {}
        self.indexes: dict[str, CaIndex] = {}

    # ------------------------------------------------------------------ helpers

    def _key(self, label: str, folder: str, bits: int) -> rsa.RSAPrivateKey:
        return self.keys.key(label, bits, self.folder / folder / f"{label}.key.pem")

    def _write(
        self,
        label: str,
        kind: Kind,
        folder: str,
        key: rsa.RSAPrivateKey,
        cert: x509.Certificate,
        *,
        issuer: str | None,
        p12: bool = True,
        key_file: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        target = ensure_private_dir(self.folder / folder)
        cert_rel = f"{folder}/{label}.pem"
        key_rel = f"{folder}/{key_file or label}.key.pem"
        atomic_write_bytes(
            self.folder / cert_rel, cert.public_bytes(serialization.Encoding.PEM), mode=0o644
        )
        atomic_write_bytes(self.folder / key_rel, key_pem(key))
        entry: dict[str, Any] = {
            "kind": kind.value,
            "cert": cert_rel,
            "key": key_rel,
            "issuer": issuer,
            "p12": None,
            "pin": None,
            **(extra or {}),
        }
        if p12:
            pin = pin_for(label)
            chain = [self.signers[issuer].certificate] if issuer else []
            atomic_write_bytes(target / f"{label}.p12", p12_bytes(label, key, cert, chain, pin))
            entry["p12"] = f"{folder}/{label}.p12"
            entry["pin"] = pin
        self.credentials[label] = entry
        if issuer is not None:
            self.indexes[issuer].record(cert, label)

    def _days(self, start: timedelta, length: timedelta) -> tuple[datetime, datetime]:
        begin = self.anchor - start
        return begin, begin + length

    # ------------------------------------------------------------------ the plan

    def run(self, manifest_extra: dict[str, Any]) -> dict[str, Any]:
        self._authorities()
        self._ocsp_responders()
        self._intermediary()
        for mailbox in MAILBOXES:
            self._mailbox(mailbox)
        self._tests()
        for label, index in self.indexes.items():
            index.save(self.folder / "ca" / f"{label}.index.json")
        self._trust_bundle()
        return {
            "format_version": FORMAT_VERSION,
            "anchor": self.anchor_text,
            "catalogue": catalogue_digest(),
            "credentials": self.credentials,
            "authorities": self.authorities,
            **manifest_extra,
        }

    def _authorities(self) -> None:
        for spec in CA_SPECS:
            key = self._key(spec.label, "ca", CA_BITS)
            subject = certs.name(
                (NameOID.COUNTRY_NAME, "DE"),
                (NameOID.ORGANIZATION_NAME, spec.organisation),
                (NameOID.ORGANIZATIONAL_UNIT_NAME, spec.unit),
                (NameOID.COMMON_NAME, spec.common_name),
            )
            valid = self._days(timedelta(days=730), timedelta(days=730 + 3650))
            cert = certs.ca_certificate(
                key, subject, certs.serial_for(spec.label, self.anchor_text), valid
            )
            self.signers[spec.label] = certs.Signer(cert, key, pss=spec.pss, label=spec.label)
            self.indexes[spec.label] = CaIndex(ca_label=spec.label)
            self._write(spec.label, Kind.CA, "ca", key, cert, issuer=None, p12=False)
            self.authorities[spec.label] = {
                "role": spec.role.value,
                "credential": spec.label,
                "index": f"ca/{spec.label}.index.json",
                "trust_anchor": spec.trust_anchor,
                "ocsp": f"ocsp-{spec.label}" if spec.trust_anchor else None,
            }

    def _ocsp_responders(self) -> None:
        # One key, one delegated responder certificate per CA (RFC 6960 §4.2.2.2).
        key = self._key(OCSP_KEY, "ocsp", MAILBOX_BITS)
        for spec in CA_SPECS:
            if not spec.trust_anchor:
                continue
            label = f"ocsp-{spec.label}"
            valid = self._days(timedelta(days=1), timedelta(days=1 + 730))
            cert = certs.ocsp_responder(
                self.signers[spec.label],
                key.public_key(),
                certs.serial_for(label, self.anchor_text),
                valid,
            )
            self._write(
                label,
                Kind.OCSP_RESPONDER,
                "ocsp",
                key,
                cert,
                issuer=spec.label,
                p12=False,
                key_file=OCSP_KEY,
            )

    def _intermediary(self) -> None:
        signer = self.signers[VERWALTUNG_CA]
        for label, kind, usage, cn in (
            (
                INTERMEDIARY_CIPHER,
                Kind.INTERMEDIARY_CIPHER,
                certs.CIPHER_USAGE,
                "Testbed Intermediär Verschlüsselung",
            ),
            (
                INTERMEDIARY_SIGNATURE,
                Kind.INTERMEDIARY_SIGNATURE,
                certs.SIGNATURE_USAGE,
                "Testbed Intermediär Signatur",
            ),
        ):
            key = self._key(label, "intermediaer", MAILBOX_BITS)
            subject = certs.name(
                (NameOID.COUNTRY_NAME, "DE"),
                (NameOID.ORGANIZATION_NAME, "Testbed"),
                (NameOID.ORGANIZATIONAL_UNIT_NAME, "OSCI-Manager"),
                (NameOID.LOCALITY_NAME, "Mainz"),
                (NameOID.COMMON_NAME, cn),
            )
            cert = certs.issued(
                signer,
                key.public_key(),
                subject,
                certs.serial_for(label, self.anchor_text),
                self._days(timedelta(days=30), THREE_YEARS),
                usage=usage,
                extended=(ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH),
                alt_names=("intermediaer.testbed.invalid",),
            )
            self._write(label, kind, "intermediaer", key, cert, issuer=VERWALTUNG_CA)

    def _mailbox_subject(self, mailbox: Mailbox) -> x509.Name:
        return certs.name(
            (NameOID.COMMON_NAME, mailbox.display_name),
            (NameOID.ORGANIZATION_NAME, mailbox.organisation),
            (NameOID.ORGANIZATIONAL_UNIT_NAME, mailbox.organisationszusatz or mailbox.organisation),
            (NameOID.COUNTRY_NAME, "DE"),
            (NameOID.EMAIL_ADDRESS, mailbox.e_mail),
        )

    def _mailbox(self, mailbox: Mailbox) -> None:
        label = mailbox.label
        key = self._key(label, "postfaecher", MAILBOX_BITS)
        serial = certs.serial_for(label, self.anchor_text)
        subject = self._mailbox_subject(mailbox)
        if mailbox.state is CertificateState.EXPIRED:
            valid = self._days(THREE_YEARS + timedelta(days=60), THREE_YEARS)
        else:
            valid = self._days(_spread(label, 365), THREE_YEARS)
        extra = {"mailbox": label}
        if mailbox.issuer is Issuer.SELF:
            cert = certs.self_signed_mailbox(key, subject, serial, valid)
            self._write(label, Kind.MAILBOX, "postfaecher", key, cert, issuer=None, extra=extra)
        else:
            cert = certs.issued(
                self.signers[mailbox.issuer.value],
                key.public_key(),
                subject,
                serial,
                valid,
                usage=certs.MAILBOX_USAGE,
                usage_critical=False,
                extended=(ExtendedKeyUsageOID.SERVER_AUTH,),
            )
            issuer = mailbox.issuer.value
            self._write(label, Kind.MAILBOX, "postfaecher", key, cert, issuer=issuer, extra=extra)
        if mailbox.state is CertificateState.REVOKED:
            if mailbox.issuer is Issuer.SELF:
                raise ValueError(f"{label}: a self-signed certificate cannot be revoked")
            self._revoke(mailbox.issuer.value, cert, timedelta(days=10))
        if mailbox.vhn is not VhnIssuer.NONE:
            self._vhn(f"{label}-vhn", mailbox, mailbox.vhn.value)

    def _vhn(
        self,
        label: str,
        mailbox: Mailbox,
        ca: str,
        *,
        valid: tuple[datetime, datetime] | None = None,
        kind: Kind = Kind.VHN,
    ) -> x509.Certificate:
        key = self._key(label, "vhn", MAILBOX_BITS)
        common = "VHN - Justiz"
        if ca != VHN_CA_JUSTIZ:
            common = "VHN - besonderes elektronisches Behördenpostfach"
        number = int.from_bytes(hashlib.sha256(f"vhn:{label}".encode()).digest()[:8], "big")
        subject = certs.name(
            (NameOID.USER_ID, mailbox.safe_id),
            (NameOID.COMMON_NAME, common),
            (NameOID.SERIAL_NUMBER, f"{number:020d}"[:20]),
            (NameOID.STATE_OR_PROVINCE_NAME, mailbox.bundesland),
            (NameOID.COUNTRY_NAME, "DE"),
        )
        cert = certs.issued(
            self.signers[ca],
            key.public_key(),
            subject,
            certs.serial_for(label, self.anchor_text),
            valid or self._days(timedelta(days=30), THREE_YEARS),
            usage=certs.VHN_USAGE,
            extended=(ExtendedKeyUsageOID.CLIENT_AUTH,),
        )
        self._write(label, kind, "vhn", key, cert, issuer=ca, extra={"mailbox": mailbox.label})
        return cert

    def _tests(self) -> None:
        demo = next(m for m in MAILBOXES if m.label == "demo")
        revoked = self._vhn(REVOKED_VHN, demo, VHN_CA_BEBPO, kind=Kind.TEST)
        self._revoke(VHN_CA_BEBPO, revoked, timedelta(days=5))
        expired = self._days(THREE_YEARS + timedelta(days=30), THREE_YEARS)
        self._vhn(EXPIRED_VHN, demo, VHN_CA_BEBPO, valid=expired, kind=Kind.TEST)
        # An encryption certificate below the 3,072-bit policy.
        key = self._key(WEAK, "tests", WEAK_BITS)
        subject = certs.name(
            (NameOID.COMMON_NAME, "ZZ Testkonto schwacher Schlüssel"),
            (NameOID.ORGANIZATION_NAME, "Testbed Prüfkonten"),
            (NameOID.COUNTRY_NAME, "DE"),
        )
        valid = self._days(timedelta(days=1), THREE_YEARS)
        cert = certs.self_signed_mailbox(
            key, subject, certs.serial_for(WEAK, self.anchor_text), valid
        )
        self._write(WEAK, Kind.TEST, "tests", key, cert, issuer=None)
        # A certificate from a CA no service trusts.
        key = self._key(FOREIGN, "tests", MAILBOX_BITS)
        subject = certs.name(
            (NameOID.COMMON_NAME, "ZZ Testkonto fremde CA"),
            (NameOID.ORGANIZATION_NAME, "Unbekannter Anbieter"),
            (NameOID.COUNTRY_NAME, "DE"),
        )
        cert = certs.issued(
            self.signers[FOREIGN_CA],
            key.public_key(),
            subject,
            certs.serial_for(FOREIGN, self.anchor_text),
            valid,
            usage=certs.MAILBOX_USAGE,
            extended=(ExtendedKeyUsageOID.SERVER_AUTH,),
        )
        self._write(FOREIGN, Kind.TEST, "tests", key, cert, issuer=FOREIGN_CA)

    def _revoke(self, ca: str, cert: x509.Certificate, before: timedelta) -> None:
        self.indexes[ca].revoked[cert.serial_number] = Revocation(
            self.anchor - before, x509.ReasonFlags.key_compromise
        )

    def _trust_bundle(self) -> None:
        anchors = [
            self.signers[spec.label].certificate.public_bytes(serialization.Encoding.PEM)
            for spec in CA_SPECS
            if spec.trust_anchor
        ]
        atomic_write_bytes(self.folder / "ca" / "trust-anchors.pem", b"".join(anchors), 0o644)


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    text = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    atomic_write_bytes(folder / MANIFEST, text.encode("utf-8"))
