"""Where the test PKI's RSA keys come from: an existing key file, a key cache, or a fresh key.

RSA keys are made by ``cryptography`` from the operating system's random source, never derived
from a seed (a home-made deterministic prime search would be slow and is exactly the kind of
crypto code we do not write). Reproducibility comes from *keeping* keys instead: a generated key
is written into the PKI folder and, when a cache folder is given, into the cache, so the same
command on the same cache produces the same keys and therefore byte-identical PKCS#1 v1.5 signed
certificates (decision record 0201). RSA-3072 key generation costs 0.1–0.5 s; the test session
shares one cache (pytest's cache folder) so the ~70 keys are made once per machine.
"""

from __future__ import annotations

import logging
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from profiles.paths import atomic_write_bytes, ensure_private_dir

logger = logging.getLogger(__name__)

PUBLIC_EXPONENT = 65537


def key_pem(key: rsa.RSAPrivateKey) -> bytes:
    """Unencrypted PKCS#8 PEM, as ``openssl genpkey`` writes it."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def load_key(path: Path) -> rsa.RSAPrivateKey:
    # The files were written by this module (or a trusted cache), so the expensive RSA
    # consistency check is skipped: it would make every service start slow.
    key = serialization.load_pem_private_key(
        path.read_bytes(), password=None, unsafe_skip_rsa_key_validation=True
    )
    if not isinstance(key, rsa.RSAPrivateKey):
        raise TypeError(f"{path} does not hold an RSA key")
    return key


class KeySource:
    """Hands out one RSA key per (label, size), reusing existing files where possible."""

    def __init__(self, cache: Path | None = None) -> None:
        self._cache = cache
        self.generated = 0

    def _cache_path(self, label: str, bits: int) -> Path | None:
        return None if self._cache is None else self._cache / f"{label}-rsa{bits}.pem"

    def key(self, label: str, bits: int, existing: Path) -> rsa.RSAPrivateKey:
        """The key for ``label``: ``existing`` if it holds one of ``bits``, else the cache, else
        a new key (stored in the cache)."""
        for candidate in (existing, self._cache_path(label, bits)):
            if candidate is not None and candidate.is_file():
                key = load_key(candidate)
                if key.key_size == bits:
                    return key
        key = rsa.generate_private_key(public_exponent=PUBLIC_EXPONENT, key_size=bits)
        self.generated += 1
        cached = self._cache_path(label, bits)
        if cached is not None:
            ensure_private_dir(cached.parent)
            atomic_write_bytes(cached, key_pem(key))
        logger.debug("generated RSA-%d key for %s", bits, label)
        return key
