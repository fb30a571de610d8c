"""Throw-away certificates and PKCS#12 files for tests (the testbed has the real test PKI)."""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

CIPHER_USAGE = {"digital_signature": True, "key_encipherment": True}
SIGNATURE_USAGE = {"digital_signature": True, "content_commitment": True}


@functools.cache
def rsa_key(bits: int, slot: int = 0) -> rsa.RSAPrivateKey:
    """RSA keys are slow to make; tests share them per (size, slot)."""
    del slot
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def certificate(
    common_name: str,
    *,
    bits: int = 3072,
    days: int = 3 * 365,
    not_before: datetime | None = None,
    usage: dict[str, bool] | None = None,
    slot: int = 0,
) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = rsa_key(bits, slot)
    start = not_before or datetime.now(UTC) - timedelta(days=1)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    flags = {
        "digital_signature": False,
        "content_commitment": False,
        "key_encipherment": False,
        "data_encipherment": False,
        "key_agreement": False,
        "key_cert_sign": False,
        "crl_sign": False,
        "encipher_only": False,
        "decipher_only": False,
        **(usage if usage is not None else CIPHER_USAGE),
    }
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=days))
        .add_extension(x509.KeyUsage(**flags), critical=True)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def write_pem(path: Path, cert: x509.Certificate) -> Path:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


def write_p12(path: Path, key: rsa.RSAPrivateKey, cert: x509.Certificate, pin: str) -> Path:
    data = pkcs12.serialize_key_and_certificates(
        b"bebpo", key, cert, None, serialization.BestAvailableEncryption(pin.encode())
    )
    path.write_bytes(data)
    return path
