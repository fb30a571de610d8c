"""Typed handles of the test PKI: what a test, a service or the demo set-up gets back."""

from __future__ import annotations

import enum
import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from testbed.pki.catalogue import Mailbox
from testbed.pki.keys import load_key
from testbed.pki.revocation import CaIndex


class PkiError(Exception):
    """The PKI folder is missing, incomplete or was made by another format version."""

    def __init__(self, *, folder: Path, reason: str) -> None:
        self.folder = folder
        self.reason = reason
        super().__init__(f"test PKI in {folder}: {reason}")


class Kind(enum.Enum):
    CA = "ca"
    OCSP_RESPONDER = "ocsp-responder"
    INTERMEDIARY_CIPHER = "intermediary-cipher"
    INTERMEDIARY_SIGNATURE = "intermediary-signature"
    MAILBOX = "mailbox"
    VHN = "vhn"
    TEST = "test"


class CaRole(enum.Enum):
    """What a CA is for; the validation service uses it to recognise VHN certificates."""

    VHN_BEBPO = "vhn-bebpo"
    VHN_JUSTIZ = "vhn-justiz"
    VERWALTUNG = "verwaltung"
    FOREIGN = "foreign"


@dataclass(frozen=True)
class Credential:
    """A certificate with its key: PEM files, and a PKCS#12 file with its PIN where useful.

    The private key is loaded on first use (services that only need certificates start fast).
    """

    label: str
    kind: Kind
    certificate: x509.Certificate
    cert_path: Path
    key_path: Path
    p12_path: Path | None
    pin: str | None
    issuer: str | None
    chain: tuple[x509.Certificate, ...] = ()

    @functools.cached_property
    def key(self) -> rsa.RSAPrivateKey:
        return load_key(self.key_path)

    @property
    def der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the DER certificate, lower-case hex."""
        return hashlib.sha256(self.der).hexdigest()

    @property
    def self_signed(self) -> bool:
        return self.issuer is None


@dataclass(frozen=True)
class Authority:
    """A test CA: its own credential, its database and its delegated OCSP responder."""

    label: str
    role: CaRole
    credential: Credential
    index_path: Path
    trust_anchor: bool
    ocsp: Credential | None

    @property
    def certificate(self) -> x509.Certificate:
        return self.credential.certificate

    def index(self) -> CaIndex:
        return CaIndex.load(self.index_path)


@dataclass(frozen=True)
class MailboxCredentials:
    """A mailbox of the testbed world: Visitenkarte data, encryption and VHN certificates."""

    mailbox: Mailbox
    cipher: Credential
    vhn: Credential | None

    @property
    def safe_id(self) -> str:
        return self.mailbox.safe_id
