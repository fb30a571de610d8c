"""Algorithm URIs (osci.md §8) mapped to ``cryptography``, and the policy for weak ones.

Only this module touches primitives. Writers use SHA-256, RSA-PSS/PKCS#1 v1.5 with SHA-256,
AES-256-GCM with a 12-byte IV and RSA-OAEP with MGF1-SHA-256. Readers accept the legacy forms
(16-byte GCM IV, SHA-512, SHA3) and refuse SHA-1, RSA-1_5, CBC and RSA keys under 2048 bits unless
the caller passes ``Policy(legacy_read=True)`` to open an old archive.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import Protocol

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import padding as sym_padding
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers import AEADDecryptionContext, Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from osci.errors import DecryptionError, UnsupportedAlgorithm, WeakAlgorithm

# ---------------------------------------------------------------- URIs

SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
SHA512 = "http://www.w3.org/2001/04/xmlenc#sha512"
SHA3_256 = "http://www.w3.org/2007/05/xmldsig-more#sha3-256"
SHA3_384 = "http://www.w3.org/2007/05/xmldsig-more#sha3-384"
SHA3_512 = "http://www.w3.org/2007/05/xmldsig-more#sha3-512"

RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
RSA_SHA512 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"
RSA_PSS_SHA256 = "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1"
RSA_PSS_SHA512 = "http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1"

AES128_GCM = "http://www.w3.org/2009/xmlenc11#aes128-gcm"
AES192_GCM = "http://www.w3.org/2009/xmlenc11#aes192-gcm"
AES256_GCM = "http://www.w3.org/2009/xmlenc11#aes256-gcm"
AES128_CBC = "http://www.w3.org/2001/04/xmlenc#aes128-cbc"
AES192_CBC = "http://www.w3.org/2001/04/xmlenc#aes192-cbc"
AES256_CBC = "http://www.w3.org/2001/04/xmlenc#aes256-cbc"

RSA_OAEP = "http://www.w3.org/2009/xmlenc11#rsa-oaep"
RSA_OAEP_MGF1P = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"
RSA_1_5 = "http://www.w3.org/2001/04/xmlenc#rsa-1_5"
MGF1_SHA1 = "http://www.w3.org/2009/xmlenc11#mgf1sha1"
MGF1_SHA256 = "http://www.w3.org/2009/xmlenc11#mgf1sha256"
MGF1_SHA384 = "http://www.w3.org/2009/xmlenc11#mgf1sha384"
MGF1_SHA512 = "http://www.w3.org/2009/xmlenc11#mgf1sha512"

GCM_IV = 12
LEGACY_GCM_IV = 16
TAG = 16
MIN_RSA_BITS = 2048


@dataclass(frozen=True)
class Policy:
    """What a reader accepts. The default refuses everything deprecated."""

    legacy_read: bool = False
    min_rsa_bits: int = MIN_RSA_BITS


DEFAULT_POLICY = Policy()

_DIGESTS: dict[str, type[hashes.HashAlgorithm]] = {
    SHA256: hashes.SHA256,
    SHA512: hashes.SHA512,
    SHA3_256: hashes.SHA3_256,
    SHA3_384: hashes.SHA3_384,
    SHA3_512: hashes.SHA3_512,
    SHA1: hashes.SHA1,
}
_HASHLIB = {
    SHA256: "sha256",
    SHA512: "sha512",
    SHA3_256: "sha3_256",
    SHA3_384: "sha3_384",
    SHA3_512: "sha3_512",
    SHA1: "sha1",
}
_WEAK = {SHA1, RSA_SHA1, RSA_1_5, RSA_OAEP_MGF1P, AES128_CBC, AES192_CBC, AES256_CBC, MGF1_SHA1}


def check_allowed(uri: str, policy: Policy) -> None:
    """Refuse a deprecated algorithm unless the policy opens old archives."""
    if uri in _WEAK and not policy.legacy_read:
        raise WeakAlgorithm(algorithm=uri, reason="deprecated; readable only with legacy_read")


class Hasher(Protocol):
    def update(self, data: bytes, /) -> None: ...
    def digest(self) -> bytes: ...


def new_hasher(uri: str, policy: Policy = DEFAULT_POLICY) -> Hasher:
    """An incremental hash for a DigestMethod URI."""
    check_allowed(uri, policy)
    name = _HASHLIB.get(uri)
    if name is None:
        raise UnsupportedAlgorithm(algorithm=uri)
    return hashlib.new(name)


def digest(uri: str, data: bytes, policy: Policy = DEFAULT_POLICY) -> bytes:
    hasher = new_hasher(uri, policy)
    hasher.update(data)
    return hasher.digest()


# ---------------------------------------------------------------- signatures


def _signature_scheme(uri: str) -> tuple[padding.AsymmetricPadding, hashes.HashAlgorithm]:
    if uri == RSA_PSS_SHA256:
        # Salt 32 = hash length; the OSCI-Manager signs this way (osci.md §1c).
        return padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256()
    if uri == RSA_PSS_SHA512:
        return padding.PSS(mgf=padding.MGF1(hashes.SHA512()), salt_length=64), hashes.SHA512()
    if uri == RSA_SHA256:
        return padding.PKCS1v15(), hashes.SHA256()
    if uri == RSA_SHA512:
        return padding.PKCS1v15(), hashes.SHA512()
    if uri == RSA_SHA1:
        return padding.PKCS1v15(), hashes.SHA1()  # noqa: S303 - legacy_read only
    raise UnsupportedAlgorithm(algorithm=uri)


def check_rsa_key(key: rsa.RSAPublicKey, policy: Policy, *, what: str) -> None:
    if key.key_size < policy.min_rsa_bits and not policy.legacy_read:
        raise WeakAlgorithm(algorithm="rsa", reason=f"{what}: RSA key of {key.key_size} bits")


def sign_with_key(key: rsa.RSAPrivateKey, uri: str, data: bytes) -> bytes:
    scheme, hash_ = _signature_scheme(uri)
    return key.sign(data, scheme, hash_)


def verify_signature(
    key: object, uri: str, signature: bytes, data: bytes, policy: Policy = DEFAULT_POLICY
) -> bool:
    """True when ``signature`` over ``data`` verifies with the public ``key``."""
    check_allowed(uri, policy)
    if not isinstance(key, rsa.RSAPublicKey):
        raise UnsupportedAlgorithm(algorithm=f"{uri} with a {type(key).__name__}")
    check_rsa_key(key, policy, what="signature certificate")
    scheme, hash_ = _signature_scheme(uri)
    try:
        key.verify(signature, data, scheme, hash_)
    except InvalidSignature:
        return False
    return True


# ---------------------------------------------------------------- key transport


@dataclass(frozen=True)
class KeyTransport:
    """EncryptionMethod of an EncryptedKey: algorithm plus OAEP parameters."""

    algorithm: str = RSA_OAEP
    mgf: str = MGF1_SHA256
    digest: str = SHA256

    def padding(self, policy: Policy = DEFAULT_POLICY) -> padding.AsymmetricPadding:
        check_allowed(self.algorithm, policy)
        if self.algorithm == RSA_1_5:
            return padding.PKCS1v15()
        if self.algorithm not in (RSA_OAEP, RSA_OAEP_MGF1P):
            raise UnsupportedAlgorithm(algorithm=self.algorithm)
        check_allowed(self.mgf, policy)
        check_allowed(self.digest, policy)  # an absent DigestMethod means SHA-1 (osci.md §8)
        mgf_hash: type[hashes.HashAlgorithm] | None = {
            MGF1_SHA1: hashes.SHA1,
            MGF1_SHA256: hashes.SHA256,
            MGF1_SHA384: hashes.SHA384,
            MGF1_SHA512: hashes.SHA512,
        }.get(self.mgf)
        digest_hash = _DIGESTS.get(self.digest)
        if mgf_hash is None or digest_hash is None:
            raise UnsupportedAlgorithm(algorithm=f"{self.mgf} / {self.digest}")
        return padding.OAEP(mgf=padding.MGF1(mgf_hash()), algorithm=digest_hash(), label=None)


def wrap_key(public_key: object, key: bytes, transport: KeyTransport | None = None) -> bytes:
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise UnsupportedAlgorithm(algorithm=f"key transport to a {type(public_key).__name__}")
    check_rsa_key(public_key, DEFAULT_POLICY, what="cipher certificate")
    return public_key.encrypt(key, (transport or DEFAULT_TRANSPORT).padding())


DEFAULT_TRANSPORT = KeyTransport()


# ---------------------------------------------------------------- symmetric


_KEY_BYTES = {
    AES128_GCM: 16,
    AES192_GCM: 24,
    AES256_GCM: 32,
    AES128_CBC: 16,
    AES192_CBC: 24,
    AES256_CBC: 32,
}


def new_content_key(uri: str = AES256_GCM) -> bytes:
    return os.urandom(_KEY_BYTES[uri])


def key_length(uri: str) -> int:
    length = _KEY_BYTES.get(uri)
    if length is None:
        raise UnsupportedAlgorithm(algorithm=uri)
    return length


class GcmEncryptor:
    """Streaming AES-GCM writer of ``IV ‖ ciphertext ‖ tag`` (osci.md §7.1)."""

    def __init__(self, key: bytes, *, iv_length: int = GCM_IV) -> None:
        self.iv = os.urandom(iv_length)
        self._enc = Cipher(algorithms.AES(key), modes.GCM(self.iv)).encryptor()
        self._started = False

    def update(self, data: bytes) -> bytes:
        out = self._enc.update(data)
        if not self._started:
            self._started = True
            return self.iv + out
        return out

    def finalize(self) -> bytes:
        head = b"" if self._started else self.iv
        self._started = True
        tail = self._enc.finalize()
        return head + tail + self._enc.tag


class GcmDecryptor:
    """Streaming reader of ``IV ‖ ciphertext ‖ tag``.

    Plaintext handed out before :meth:`finalize` is *unauthenticated*: callers must spill it and
    act on it only after ``finalize`` returned (it raises :class:`DecryptionError` on a bad tag).
    """

    def __init__(self, key: bytes, *, iv_length: int = GCM_IV, what: str = "data") -> None:
        if iv_length not in (GCM_IV, LEGACY_GCM_IV):
            raise DecryptionError(what=what, reason=f"unsupported IV length {iv_length}")
        self._key = key
        self._iv_length = iv_length
        self._what = what
        self._buffer = bytearray()
        self._decryptor: AEADDecryptionContext | None = None

    def update(self, data: bytes) -> bytes:
        self._buffer += data
        if self._decryptor is None:
            if len(self._buffer) < self._iv_length + TAG:
                return b""
            iv = bytes(self._buffer[: self._iv_length])
            del self._buffer[: self._iv_length]
            self._decryptor = Cipher(algorithms.AES(self._key), modes.GCM(iv)).decryptor()
        # Hold back the last 16 bytes: they may be the tag.
        if len(self._buffer) <= TAG:
            return b""
        ready = bytes(self._buffer[:-TAG])
        del self._buffer[:-TAG]
        return bytes(self._decryptor.update(ready))

    def finalize(self) -> bytes:
        if self._decryptor is None or len(self._buffer) != TAG:
            raise DecryptionError(what=self._what, reason="ciphertext shorter than IV and tag")
        try:
            return bytes(self._decryptor.finalize_with_tag(bytes(self._buffer)))
        except InvalidTag as exc:
            raise DecryptionError(what=self._what, reason="authentication tag mismatch") from exc


def gcm_encrypt(key: bytes, data: bytes, *, iv_length: int = GCM_IV) -> bytes:
    iv = os.urandom(iv_length)
    return iv + AESGCM(key).encrypt(iv, data, None)


def gcm_decrypt(key: bytes, blob: bytes, *, iv_length: int = GCM_IV, what: str = "data") -> bytes:
    decryptor = GcmDecryptor(key, iv_length=iv_length, what=what)
    return decryptor.update(blob) + decryptor.finalize()


def cbc_decrypt(key: bytes, blob: bytes, *, what: str = "data") -> bytes:
    """Legacy AES-CBC (16-byte IV prefix, PKCS#5 padding); only behind ``legacy_read``."""
    if len(blob) < 32 or len(blob) % 16:
        raise DecryptionError(what=what, reason="CBC ciphertext has a wrong length")
    decryptor = Cipher(algorithms.AES(key), modes.CBC(blob[:16])).decryptor()
    padded = decryptor.update(blob[16:]) + decryptor.finalize()
    unpadder = sym_padding.PKCS7(128).unpadder()
    try:
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError as exc:
        raise DecryptionError(what=what, reason="CBC padding invalid") from exc


def decrypt_symmetric(
    uri: str,
    key: bytes,
    blob: bytes,
    *,
    iv_length: int | None,
    policy: Policy = DEFAULT_POLICY,
    what: str = "data",
) -> bytes:
    """Decrypt a whole ciphertext for the EncryptionMethod ``uri``."""
    check_allowed(uri, policy)
    if len(key) != key_length(uri):
        raise DecryptionError(what=what, reason="key length does not fit the algorithm")
    if uri in (AES128_GCM, AES192_GCM, AES256_GCM):
        return gcm_decrypt(key, blob, iv_length=iv_length or LEGACY_GCM_IV, what=what)
    return cbc_decrypt(key, blob, what=what)
