"""Identities for in-memory client/supplier pairs (keys are cached per test session)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from cryptography import x509

from osci import crypto
from osci.certs import Kind, Role
from osci.envelope import SigningKey
from osci.keys import Pkcs12Identity
from osci.model import CertificateEntry
from tests.helpers.certs import CIPHER_USAGE, SIGNATURE_USAGE, certificate


@dataclass(frozen=True)
class Party:
    cipher: Pkcs12Identity
    signature: Pkcs12Identity

    @property
    def cipher_cert(self) -> x509.Certificate:
        return self.cipher.certificate

    @property
    def signature_cert(self) -> x509.Certificate:
        return self.signature.certificate


def _identity(name: str, usage: dict[str, bool], slot: int, bits: int = 3072) -> Pkcs12Identity:
    key, cert = certificate(name, usage=usage, slot=slot, bits=bits)
    return Pkcs12Identity(key, cert)


@functools.cache
def party(name: str, base_slot: int) -> Party:
    return Party(
        cipher=_identity(f"{name} cipher", CIPHER_USAGE, base_slot),
        signature=_identity(f"{name} signature", SIGNATURE_USAGE, base_slot + 1),
    )


def client() -> Party:
    return party("Behörde Musterstadt", 10)


def addressee() -> Party:
    return party("Amtsgericht Musterstadt", 20)


def intermediary() -> Party:
    return party("Intermediär", 30)


def signing(p: Party, role: Role, algorithm: str = crypto.RSA_PSS_SHA256) -> SigningKey:
    from osci.certs import cert_id

    return SigningKey(
        signer=p.signature,
        certificate_id=cert_id(role, Kind.SIGNATURE, p.signature_cert),
        algorithm=algorithm,
    )


def originator_entries(p: Party) -> tuple[CertificateEntry, ...]:
    return (
        CertificateEntry(Role.ORIGINATOR, Kind.CIPHER, p.cipher_cert),
        CertificateEntry(Role.ORIGINATOR, Kind.SIGNATURE, p.signature_cert),
    )


def intermediary_entries(p: Party) -> tuple[CertificateEntry, ...]:
    return (CertificateEntry(Role.INTERMEDIARY, Kind.SIGNATURE, p.signature_cert),)


def addressee_entries(p: Party) -> tuple[CertificateEntry, ...]:
    return (
        CertificateEntry(Role.ADDRESSEE, Kind.CIPHER, p.cipher_cert),
        CertificateEntry(Role.ADDRESSEE, Kind.SIGNATURE, p.signature_cert),
    )
