"""The store's key hierarchy (DESIGN.md §5, docs/decisions/0301-key-hierarchy.md).

A random 256-bit **master key** is the root of everything at rest. It is never stored in clear:

* ``key.password.json`` holds it sealed with AES-256-GCM under a key derived from the mailbox
  password with scrypt (salt and cost parameters in the file, the rest of the header bound as
  associated data);
* ``key.recovery.json`` (optional) holds it encrypted with RSA-OAEP (SHA-256) to an authority's
  recovery certificate, so the authority can open the store with its private key.

Every working key is derived from the master key with HKDF-SHA256 (salt = the store id, info =
the purpose): the SQLCipher key, the blob root key, backup keys. A password change therefore
re-wraps one 32-byte key and never touches a message. A new wrap is written next to the old one,
read back and unwrapped, and only then renamed over it, so a valid wrap exists at every moment.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import tempfile
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from client.store.errors import (
    KeyFileCorrupt,
    NoRecoveryWrap,
    PasswordRejected,
    RecoveryCertificateRejected,
    RecoveryKeyMismatch,
    StoreNotFound,
    UnsupportedFormat,
    WrongPassword,
)
from profiles.paths import PRIVATE_FILE_MODE, fsync_dir

KEY_FORMAT = "bebpo-store-key"
KEY_FORMAT_VERSION = 1
PASSWORD_WRAP_FILE = "key.password.json"  # noqa: S105 - a file name
RECOVERY_WRAP_FILE = "key.recovery.json"
MASTER_KEY_SIZE = 32
MIN_PASSWORD_LENGTH = 8
MIN_RECOVERY_RSA_BITS = 2048
_HKDF_PREFIX = b"bebpo-store/v1/"


@dataclass(frozen=True)
class ScryptParams:
    """scrypt cost. The default (N = 2^16, r = 8, p = 2: 64 MiB, about 0.3 s here) is OWASP's
    equivalent of N = 2^17, p = 1 at the same work but half the memory, which keeps a client
    fetching a 200 MB delivery under 200 MB RSS (decision 0301). A new wrap gets it; the
    parameters of an existing wrap are read from its file."""

    n: int = 1 << 16
    r: int = 8
    p: int = 2

    def check(self) -> None:
        # Upper bounds keep a tampered file from making unlock allocate gigabytes.
        if self.n < 2 or self.n & (self.n - 1) or self.n > 1 << 22:
            raise ValueError(f"scrypt N={self.n} must be a power of two up to 2^22")
        if not 1 <= self.r <= 32 or not 1 <= self.p <= 16:
            raise ValueError(f"scrypt r={self.r}, p={self.p} out of range")


DESKTOP_SCRYPT = ScryptParams()


class MasterKey:
    """The unwrapped master key of one store and the keys derived from it. Never printed."""

    __slots__ = ("_secret", "store_id")

    def __init__(self, secret: bytes, store_id: str) -> None:
        if len(secret) != MASTER_KEY_SIZE:
            raise ValueError("a master key has 32 bytes")
        self._secret = secret
        self.store_id = store_id

    @classmethod
    def generate(cls, store_id: str | None = None) -> MasterKey:
        return cls(os.urandom(MASTER_KEY_SIZE), store_id or uuid.uuid4().hex)

    def derive(self, purpose: str, *, context: bytes = b"") -> bytes:
        """A 256-bit key for ``purpose`` (HKDF-SHA256, salt = store id)."""
        return HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=self.store_id.encode("ascii"),
            info=_HKDF_PREFIX + purpose.encode("ascii") + b"\x00" + context,
        ).derive(self._secret)

    @property
    def key_id(self) -> str:
        """A public fingerprint: which master key a wrap, a database or a backup belongs to."""
        return self.derive("key-id")[:16].hex()

    def database_key(self) -> bytes:
        return self.derive("sqlcipher")

    def blob_root_key(self) -> bytes:
        return self.derive("blob")

    def journal_anchor(self) -> str:
        return hashlib.sha256(b"bebpo-store journal\x00" + self.store_id.encode()).hexdigest()

    def same_as(self, other: MasterKey) -> bool:
        return hmac.compare_digest(self._secret, other._secret) and self.store_id == other.store_id

    def _raw(self) -> bytes:
        return self._secret

    def __repr__(self) -> str:
        return f"MasterKey(store_id={self.store_id}, key_id={self.key_id})"


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordRejected(
            reason=f"shorter than {MIN_PASSWORD_LENGTH} characters",
            min_length=MIN_PASSWORD_LENGTH,
        )


def _password_bytes(password: str) -> bytes:
    # The same password typed on another keyboard layout or input method gives the same bytes.
    return unicodedata.normalize("NFC", password).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: object, path: Path, name: str) -> bytes:
    if not isinstance(value, str):
        raise KeyFileCorrupt(path=path, reason=f"{name} missing")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise KeyFileCorrupt(path=path, reason=f"{name} is not base64") from None


def _canonical(header: dict[str, Any]) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


# ---------------------------------------------------------------- password wrap


def _scrypt_kek(password: str, salt: bytes, params: ScryptParams) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=params.n, r=params.r, p=params.p)
    return kdf.derive(_password_bytes(password))


def password_wrap(
    master: MasterKey, password: str, params: ScryptParams, *, created_at: datetime
) -> bytes:
    """The bytes of a password wrap file for ``master``."""
    params.check()
    salt = os.urandom(16)
    nonce = os.urandom(12)
    header: dict[str, Any] = {
        "format": KEY_FORMAT,
        "version": KEY_FORMAT_VERSION,
        "kind": "password",
        "store_id": master.store_id,
        "key_id": master.key_id,
        "created_at": created_at.isoformat(timespec="seconds"),
        "kdf": {"name": "scrypt", "n": params.n, "r": params.r, "p": params.p, "salt": _b64(salt)},
        "cipher": "AES-256-GCM",
        "nonce": _b64(nonce),
    }
    kek = _scrypt_kek(password, salt, params)
    wrapped = AESGCM(kek).encrypt(nonce, master._raw(), _canonical(header))
    return _canonical({**header, "wrapped_key": _b64(wrapped)}) + b"\n"


def _load(data: bytes, path: Path, kind: str) -> dict[str, Any]:
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise KeyFileCorrupt(path=path, reason="not a JSON document") from None
    if not isinstance(doc, dict) or doc.get("format") != KEY_FORMAT:
        raise KeyFileCorrupt(path=path, reason="not a store key file")
    version = doc.get("version")
    if not isinstance(version, int):
        raise KeyFileCorrupt(path=path, reason="version missing")
    if version > KEY_FORMAT_VERSION:
        raise UnsupportedFormat(
            path=path, what="key file", version=version, supported=KEY_FORMAT_VERSION
        )
    if doc.get("kind") != kind:
        raise KeyFileCorrupt(path=path, reason=f"not a {kind} wrap")
    for name in ("store_id", "key_id"):
        if not isinstance(doc.get(name), str) or not doc[name]:
            raise KeyFileCorrupt(path=path, reason=f"{name} missing")
    return doc


def _scrypt_params(doc: dict[str, Any], path: Path) -> tuple[ScryptParams, bytes]:
    kdf = doc.get("kdf")
    if not isinstance(kdf, dict) or kdf.get("name") != "scrypt":
        raise KeyFileCorrupt(path=path, reason="unknown key derivation")
    try:
        params = ScryptParams(n=int(kdf["n"]), r=int(kdf["r"]), p=int(kdf["p"]))
        params.check()
    except (KeyError, TypeError, ValueError) as exc:
        raise KeyFileCorrupt(path=path, reason=f"scrypt parameters: {exc}") from None
    return params, _unb64(kdf.get("salt"), path, "salt")


def unwrap_password(data: bytes, password: str, path: Path) -> MasterKey:
    """The master key from a password wrap; :class:`WrongPassword` if it does not open."""
    doc = _load(data, path, "password")
    if doc.get("cipher") != "AES-256-GCM":
        raise KeyFileCorrupt(path=path, reason="unknown cipher")
    params, salt = _scrypt_params(doc, path)
    nonce = _unb64(doc.get("nonce"), path, "nonce")
    wrapped = _unb64(doc.get("wrapped_key"), path, "wrapped_key")
    header = {k: v for k, v in doc.items() if k != "wrapped_key"}
    kek = _scrypt_kek(password, salt, params)
    try:
        secret = AESGCM(kek).decrypt(nonce, wrapped, _canonical(header))
    except (InvalidTag, ValueError):
        raise WrongPassword(path=path) from None
    return _checked(MasterKey(secret, doc["store_id"]), doc, path)


def _checked(master: MasterKey, doc: dict[str, Any], path: Path) -> MasterKey:
    if master.key_id != doc["key_id"]:
        raise KeyFileCorrupt(path=path, reason="the unwrapped key does not match its key id")
    return master


def wrap_params(data: bytes, path: Path) -> ScryptParams:
    """The scrypt parameters recorded in a password wrap."""
    return _scrypt_params(_load(data, path, "password"), path)[0]


# ---------------------------------------------------------------- recovery wrap


def _oaep(store_id: str) -> padding.OAEP:
    return padding.OAEP(
        mgf=padding.MGF1(algorithm=hashes.SHA256()),
        algorithm=hashes.SHA256(),
        label=b"bebpo-store recovery " + store_id.encode("ascii"),
    )


def check_recovery_certificate(certificate: x509.Certificate) -> rsa.RSAPublicKey:
    public = certificate.public_key()
    if not isinstance(public, rsa.RSAPublicKey):
        raise RecoveryCertificateRejected(reason="the certificate has no RSA key")
    if public.key_size < MIN_RECOVERY_RSA_BITS:
        raise RecoveryCertificateRejected(
            reason=f"RSA key of {public.key_size} bits (at least {MIN_RECOVERY_RSA_BITS})"
        )
    return public


def certificate_sha256(certificate: x509.Certificate) -> str:
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


def recovery_wrap(
    master: MasterKey, certificate: x509.Certificate, *, created_at: datetime
) -> bytes:
    public = check_recovery_certificate(certificate)
    wrapped = public.encrypt(master._raw(), _oaep(master.store_id))
    doc = {
        "format": KEY_FORMAT,
        "version": KEY_FORMAT_VERSION,
        "kind": "recovery",
        "store_id": master.store_id,
        "key_id": master.key_id,
        "created_at": created_at.isoformat(timespec="seconds"),
        "cipher": "RSA-OAEP-SHA256",
        "certificate": certificate.public_bytes(serialization.Encoding.PEM).decode("ascii"),
        "certificate_sha256": certificate_sha256(certificate),
        "wrapped_key": _b64(wrapped),
    }
    return _canonical(doc) + b"\n"


def recovery_certificate(data: bytes, path: Path) -> x509.Certificate:
    doc = _load(data, path, "recovery")
    pem = doc.get("certificate")
    if not isinstance(pem, str):
        raise KeyFileCorrupt(path=path, reason="certificate missing")
    try:
        return x509.load_pem_x509_certificate(pem.encode("ascii"))
    except ValueError:
        raise KeyFileCorrupt(path=path, reason="certificate unreadable") from None


def unwrap_recovery(data: bytes, private_key: rsa.RSAPrivateKey, path: Path) -> MasterKey:
    doc = _load(data, path, "recovery")
    certificate = recovery_certificate(data, path)
    if doc.get("cipher") != "RSA-OAEP-SHA256":
        raise KeyFileCorrupt(path=path, reason="unknown cipher")
    public = check_recovery_certificate(certificate)
    if private_key.public_key().public_numbers() != public.public_numbers():
        raise RecoveryKeyMismatch(path=path, certificate_sha256=certificate_sha256(certificate))
    wrapped = _unb64(doc.get("wrapped_key"), path, "wrapped_key")
    try:
        secret = private_key.decrypt(wrapped, _oaep(doc["store_id"]))
    except ValueError:
        raise KeyFileCorrupt(path=path, reason="the recovery wrap does not decrypt") from None
    if len(secret) != MASTER_KEY_SIZE:
        raise KeyFileCorrupt(path=path, reason="the recovery wrap holds no master key")
    return _checked(MasterKey(secret, doc["store_id"]), doc, path)


# ---------------------------------------------------------------- the key files of a folder


def replace_verified(path: Path, data: bytes, verify: Callable[[Path], None]) -> None:
    """Write ``data`` next to ``path``, fsync, let ``verify`` read the new file back, and only
    then rename it over ``path`` (and fsync the folder). On any failure the old file stays."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.chmod(PRIVATE_FILE_MODE)
        verify(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


class KeyFiles:
    """The wrap files in one store folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.password_path = folder / PASSWORD_WRAP_FILE
        self.recovery_path = folder / RECOVERY_WRAP_FILE

    def exists(self) -> bool:
        return self.password_path.exists()

    def _read(self, path: Path) -> bytes:
        try:
            return path.read_bytes()
        except FileNotFoundError:
            if path == self.recovery_path:
                raise NoRecoveryWrap(folder=self.folder) from None
            raise StoreNotFound(folder=self.folder) from None

    def unlock(self, password: str) -> MasterKey:
        return unwrap_password(self._read(self.password_path), password, self.password_path)

    def unlock_with_recovery_key(self, private_key: rsa.RSAPrivateKey) -> MasterKey:
        data = self._read(self.recovery_path)
        return unwrap_recovery(data, private_key, self.recovery_path)

    def password_params(self) -> ScryptParams:
        return wrap_params(self._read(self.password_path), self.password_path)

    def write_password_wrap(
        self, master: MasterKey, password: str, params: ScryptParams, *, now: datetime
    ) -> None:
        """Replace the password wrap by a new one, verified by unwrapping the written file."""
        check_new_password(password)
        data = password_wrap(master, password, params, created_at=now)

        def verify(written: Path) -> None:
            if not unwrap_password(written.read_bytes(), password, written).same_as(master):
                raise KeyFileCorrupt(path=written, reason="the new wrap holds another key")

        replace_verified(self.password_path, data, verify)

    def recovery_certificate(self) -> x509.Certificate | None:
        try:
            data = self.recovery_path.read_bytes()
        except FileNotFoundError:
            return None
        return recovery_certificate(data, self.recovery_path)

    def write_recovery_wrap(
        self, master: MasterKey, certificate: x509.Certificate, *, now: datetime
    ) -> None:
        data = recovery_wrap(master, certificate, created_at=now)

        def verify(written: Path) -> None:
            doc = _load(written.read_bytes(), written, "recovery")
            if doc["key_id"] != master.key_id:
                raise KeyFileCorrupt(path=written, reason="the new wrap holds another key")

        replace_verified(self.recovery_path, data, verify)

    def remove_recovery_wrap(self) -> bool:
        try:
            self.recovery_path.unlink()
        except FileNotFoundError:
            return False
        fsync_dir(self.folder)
        return True

    def store_id(self) -> str:
        doc = _load(self._read(self.password_path), self.password_path, "password")
        return str(doc["store_id"])
