"""Who signs and who decrypts: protocols, so a smart card can stand behind them later.

The library never sees a private key object outside this module: a :class:`Signer` gets the
canonical SignedInfo *bytes* and an algorithm URI (osci.md §8, Funktionsbeschreibung §4.1.2), a
:class:`Decrypter` gets a wrapped key. :class:`Pkcs12Identity` implements both from a PKCS#12 file's
bytes (the mailbox key and the VHN key are PKCS#12 today).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12

from osci import crypto
from osci.errors import CertificateError, DecryptionError


@runtime_checkable
class Signer(Protocol):
    @property
    def certificate(self) -> x509.Certificate: ...

    def sign(self, data: bytes, algorithm: str) -> bytes: ...


@runtime_checkable
class Decrypter(Protocol):
    @property
    def certificate(self) -> x509.Certificate: ...

    def unwrap_key(
        self, wrapped: bytes, transport: crypto.KeyTransport, policy: crypto.Policy
    ) -> bytes: ...


class Pkcs12Identity:
    """A private key with its certificate, loaded from PKCS#12 bytes; signs and decrypts."""

    def __init__(self, key: rsa.RSAPrivateKey, certificate: x509.Certificate) -> None:
        self._key = key
        self._certificate = certificate

    @classmethod
    def from_bytes(
        cls, data: bytes, pin: str | bytes | None, *, role: str = "key"
    ) -> Pkcs12Identity:
        password = pin.encode() if isinstance(pin, str) else pin
        try:
            key, cert, _extra = pkcs12.load_key_and_certificates(data, password)
        except ValueError as exc:
            # cryptography says "Invalid password or PKCS12 data" for both; keep it that way.
            raise CertificateError(role=role, reason="wrong PIN or not a PKCS#12 file") from exc
        if key is None or cert is None:
            raise CertificateError(role=role, reason="PKCS#12 file holds no key with certificate")
        if not isinstance(key, rsa.RSAPrivateKey):
            raise CertificateError(role=role, reason=f"unsupported key type {type(key).__name__}")
        return cls(key, cert)

    @property
    def certificate(self) -> x509.Certificate:
        return self._certificate

    def sign(self, data: bytes, algorithm: str) -> bytes:
        return crypto.sign_with_key(self._key, algorithm, data)

    def unwrap_key(
        self,
        wrapped: bytes,
        transport: crypto.KeyTransport,
        policy: crypto.Policy = crypto.DEFAULT_POLICY,
    ) -> bytes:
        try:
            return self._key.decrypt(wrapped, transport.padding(policy))
        except ValueError as exc:
            raise DecryptionError(what="EncryptedKey", reason="key unwrap failed") from exc
