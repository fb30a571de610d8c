"""Certificates by role: Ids, base64 DER in ``ds:X509Certificate``, key usage checks."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from enum import Enum

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.serialization import Encoding

from osci.errors import CertificateError


class Role(Enum):
    ORIGINATOR = "originator"
    ADDRESSEE = "addressee"
    READER = "reader"
    AUTHOR = "author"
    INTERMEDIARY = "intermed"


class Kind(Enum):
    CIPHER = "cipher"
    SIGNATURE = "signature"


# Element name in NonIntermediaryCertificates / IntermediaryCertificates per (role, kind).
ELEMENT_NAMES: dict[tuple[Role, Kind], str] = {
    (Role.ORIGINATOR, Kind.CIPHER): "CipherCertificateOriginator",
    (Role.AUTHOR, Kind.CIPHER): "CipherCertificateOtherAuthor",
    (Role.ADDRESSEE, Kind.CIPHER): "CipherCertificateAddressee",
    (Role.READER, Kind.CIPHER): "CipherCertificateOtherReader",
    (Role.ORIGINATOR, Kind.SIGNATURE): "SignatureCertificateOriginator",
    (Role.AUTHOR, Kind.SIGNATURE): "SignatureCertificateOtherAuthor",
    (Role.ADDRESSEE, Kind.SIGNATURE): "SignatureCertificateAddressee",
    (Role.INTERMEDIARY, Kind.CIPHER): "CipherCertificateIntermediary",
    (Role.INTERMEDIARY, Kind.SIGNATURE): "SignatureCertificateIntermediary",
}
ROLE_OF_ELEMENT = {name: key for key, name in ELEMENT_NAMES.items()}
# Canonical order inside NonIntermediaryCertificates (XSD sequence).
NIC_ORDER = [
    "CipherCertificateOriginator",
    "CipherCertificateOtherAuthor",
    "CipherCertificateAddressee",
    "CipherCertificateOtherReader",
    "SignatureCertificateOriginator",
    "SignatureCertificateOtherAuthor",
    "SignatureCertificateAddressee",
]


def der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(Encoding.DER)


def fingerprint(cert: x509.Certificate) -> str:
    """Hex SHA-256 of the DER certificate (the OSCI Id suffix)."""
    return hashlib.sha256(der(cert)).hexdigest()


def cert_id(role: Role, kind: Kind, cert: x509.Certificate, index: int | None = None) -> str:
    """``originator_signature_<hex>``, ``reader0_cipher_<hex>`` … (osci.md §3.1)."""
    label = role.value if index is None else f"{role.value}{index}"
    return f"{label}_{kind.value}_{fingerprint(cert)}"


def to_b64(cert: x509.Certificate) -> str:
    return base64.b64encode(der(cert)).decode("ascii")


def from_b64(text: str, *, role: str) -> x509.Certificate:
    try:
        cert = x509.load_der_x509_certificate(
            base64.b64decode("".join(text.split()), validate=True)
        )
        # cryptography parses these lazily and raises ValueError on first use; a broken
        # certificate must fail here, as a CertificateError, not later in some caller.
        _ = cert.subject, cert.issuer, cert.extensions, cert.public_key()
    except (ValueError, x509.InvalidVersion) as exc:
        raise CertificateError(role=role, reason="not a readable X.509 certificate") from exc
    except UnsupportedAlgorithm as exc:
        raise CertificateError(role=role, reason="unsupported public key algorithm") from exc
    return cert


@dataclass(frozen=True)
class RoleCertificate:
    """A certificate as carried in a message: where it sits and its Id."""

    role: Role
    kind: Kind
    certificate: x509.Certificate
    id: str
    element: str

    @property
    def subject(self) -> str:
        return self.certificate.subject.rfc4514_string()

    @property
    def issuer(self) -> str:
        return self.certificate.issuer.rfc4514_string()


def check_signing_usage(cert: x509.Certificate, *, role: str) -> None:
    """A signature certificate needs digitalSignature or nonRepudiation (osci.md §6.1)."""
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return  # no restriction stated
    if not (usage.digital_signature or usage.content_commitment):
        raise CertificateError(role=role, reason="key usage does not allow signing", code="9601")


def check_encryption_usage(cert: x509.Certificate, *, role: str) -> None:
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return
    if not usage.key_encipherment:
        raise CertificateError(role=role, reason="key usage does not allow key encipherment")
