"""Certificate profiles of the test PKI, modelled on the real certificates (osci.md §8, the
certificates of the 2021 EGVP message in ``../shared/data/egvp-sample``).

- Mailbox (Postfach) certificate: self-signed, RSA 3072, 3 years, keyUsage digitalSignature,
  nonRepudiation, keyEncipherment; critical extendedKeyUsage serverAuth; CA:FALSE.
- VHN certificate: issued by a VHN CA (RSA-PSS/SHA-512 signature as "Justiz VHN CA 2017" uses),
  critical keyUsage digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment;
  extendedKeyUsage clientAuth; OCSP address in authorityInfoAccess.
- Intermediary certificates: issued by an administration CA (like "DOI CA 7"), one for
  encryption (keyEncipherment) and one for the SupplierSignature (digitalSignature).
- OCSP responder: one delegated responder certificate per CA (id-kp-OCSPSigning, ocsp-nocheck).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID

# The certificates carry an OCSP address under a reserved name: the ports of a testbed are not
# known when the PKI is made, so the validation service maps each CA to its responder instead.
OCSP_URL_TEMPLATE = "http://ocsp.testbed.invalid/{ca}"

_NO_USAGE = {
    "digital_signature": False,
    "content_commitment": False,
    "key_encipherment": False,
    "data_encipherment": False,
    "key_agreement": False,
    "key_cert_sign": False,
    "crl_sign": False,
    "encipher_only": False,
    "decipher_only": False,
}

MAILBOX_USAGE = ("digital_signature", "content_commitment", "key_encipherment")
VHN_USAGE = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment")
CIPHER_USAGE = ("key_encipherment", "data_encipherment")
SIGNATURE_USAGE = ("digital_signature", "content_commitment")


def key_usage(*flags: str) -> x509.KeyUsage:
    return x509.KeyUsage(**{**_NO_USAGE, **dict.fromkeys(flags, True)})


def serial_for(label: str, anchor: str) -> int:
    """A positive 63-bit serial derived from the label and the PKI's anchor date, so a
    regenerated PKI gets new serials and the same command gives the same ones."""
    digest = hashlib.sha256(f"serial:{label}:{anchor}".encode()).digest()
    return (int.from_bytes(digest[:8], "big") >> 1) | 1


def name(*parts: tuple[x509.ObjectIdentifier, str]) -> x509.Name:
    return x509.Name([x509.NameAttribute(oid, value) for oid, value in parts if value])


@dataclass(frozen=True)
class Signer:
    """The issuing side: certificate, key and how it signs (PKCS#1 v1.5 or PSS)."""

    certificate: x509.Certificate
    key: rsa.RSAPrivateKey
    pss: bool = False
    label: str = ""

    def sign(self, builder: x509.CertificateBuilder) -> x509.Certificate:
        if self.pss:
            pss = padding.PSS(mgf=padding.MGF1(hashes.SHA512()), salt_length=64)
            return builder.sign(self.key, hashes.SHA512(), rsa_padding=pss)
        return builder.sign(self.key, hashes.SHA256())


def _base(
    subject: x509.Name,
    issuer: x509.Name,
    public: rsa.RSAPublicKey,
    serial: int,
    valid: tuple[datetime, datetime],
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public)
        .serial_number(serial)
        .not_valid_before(valid[0])
        .not_valid_after(valid[1])
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
    )


def ca_certificate(
    key: rsa.RSAPrivateKey, subject: x509.Name, serial: int, valid: tuple[datetime, datetime]
) -> x509.Certificate:
    builder = (
        _base(subject, subject, key.public_key(), serial, valid)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(key_usage("key_cert_sign", "crl_sign"), critical=True)
    )
    return builder.sign(key, hashes.SHA256())


def self_signed_mailbox(
    key: rsa.RSAPrivateKey, subject: x509.Name, serial: int, valid: tuple[datetime, datetime]
) -> x509.Certificate:
    public = key.public_key()
    builder = (
        _base(subject, subject, public, serial, valid)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(key_usage(*MAILBOX_USAGE), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public), critical=False)
    )
    return builder.sign(key, hashes.SHA256())


def issued(
    signer: Signer,
    public: rsa.RSAPublicKey,
    subject: x509.Name,
    serial: int,
    valid: tuple[datetime, datetime],
    *,
    usage: tuple[str, ...],
    usage_critical: bool = True,
    extended: tuple[x509.ObjectIdentifier, ...] = (),
    ocsp: bool = True,
    extra: tuple[x509.ExtensionType, ...] = (),
    alt_names: tuple[str, ...] = (),
) -> x509.Certificate:
    """An end-entity certificate issued by ``signer``."""
    issuer_ski = signer.certificate.extensions.get_extension_for_class(
        x509.SubjectKeyIdentifier
    ).value
    builder = (
        _base(subject, signer.certificate.subject, public, serial, valid)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(key_usage(*usage), critical=usage_critical)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(issuer_ski),
            critical=False,
        )
    )
    if extended:
        builder = builder.add_extension(x509.ExtendedKeyUsage(list(extended)), critical=False)
    if ocsp:
        url = OCSP_URL_TEMPLATE.format(ca=signer.label)
        access = x509.AccessDescription(
            AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier(url)
        )
        builder = builder.add_extension(x509.AuthorityInformationAccess([access]), critical=False)
    if alt_names:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(n) for n in alt_names]), critical=False
        )
    for extension in extra:
        builder = builder.add_extension(extension, critical=False)
    return signer.sign(builder)


def ocsp_responder(
    signer: Signer,
    public: rsa.RSAPublicKey,
    serial: int,
    valid: tuple[datetime, datetime],
) -> x509.Certificate:
    ca_cn = signer.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    subject = name(
        (NameOID.COUNTRY_NAME, "DE"),
        (NameOID.ORGANIZATION_NAME, "Testbed"),
        (NameOID.COMMON_NAME, f"Testbed OCSP-Responder ({ca_cn!s})"),
    )
    return issued(
        signer,
        public,
        subject,
        serial,
        valid,
        usage=("digital_signature",),
        extended=(ExtendedKeyUsageOID.OCSP_SIGNING,),
        ocsp=False,
        extra=(x509.OCSPNoCheck(),),
    )
