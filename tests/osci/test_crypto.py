"""Algorithm URIs to primitives: streaming GCM, OAEP parameters, PSS salt, the legacy policy.

Where a property is about interoperability, the check is made with ``cryptography`` directly
(one-shot AESGCM, OAEP/PSS with explicit parameters), not with our own inverse.
"""

from __future__ import annotations

import hashlib
import itertools
import os

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osci import crypto
from osci.errors import DecryptionError, UnsupportedAlgorithm, WeakAlgorithm
from osci.keys import Pkcs12Identity
from tests.helpers.certs import certificate, rsa_key

LEGACY = crypto.Policy(legacy_read=True)
FAST = settings(max_examples=100, deadline=2000, suppress_health_check=[HealthCheck.too_slow])


def key3072() -> rsa.RSAPrivateKey:
    return rsa_key(3072, 10)  # the (cached) key behind peers.client().cipher


def identity() -> Pkcs12Identity:
    key, cert = certificate("OAEP-Empfänger", slot=10)
    return Pkcs12Identity(key, cert)


def chunks(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({0, len(data), *(c % (len(data) + 1) for c in cuts)})
    return [data[a:b] for a, b in itertools.pairwise(points)]


# ---------------------------------------------------------------- AES-GCM streaming


@FAST
@given(
    st.binary(max_size=3000),
    st.lists(st.integers(min_value=0), max_size=12),
    st.sampled_from([12, 16]),
)
def test_streaming_encryption_matches_one_shot_aesgcm(
    plaintext: bytes, cuts: list[int], iv_length: int
) -> None:
    key = crypto.new_content_key()
    encryptor = crypto.GcmEncryptor(key, iv_length=iv_length)
    blob = b"".join(encryptor.update(piece) for piece in chunks(plaintext, cuts))
    blob += encryptor.finalize()
    assert len(blob) == iv_length + len(plaintext) + crypto.TAG
    assert blob[:iv_length] == encryptor.iv
    assert AESGCM(key).decrypt(blob[:iv_length], blob[iv_length:], None) == plaintext


@FAST
@given(
    st.binary(max_size=3000),
    st.lists(st.integers(min_value=0), max_size=12),
    st.sampled_from([12, 16]),
)
def test_streaming_decryption_of_one_shot_aesgcm_at_any_chunk_boundaries(
    plaintext: bytes, cuts: list[int], iv_length: int
) -> None:
    key, iv = crypto.new_content_key(), os.urandom(iv_length)
    blob = iv + AESGCM(key).encrypt(iv, plaintext, None)
    decryptor = crypto.GcmDecryptor(key, iv_length=iv_length)
    released = b"".join(decryptor.update(piece) for piece in chunks(blob, cuts))
    # Everything but the tag is released before finalize (unauthenticated until then).
    assert released == plaintext
    assert decryptor.finalize() == b""


def test_an_empty_plaintext_streams_too() -> None:
    key = crypto.new_content_key()
    encryptor = crypto.GcmEncryptor(key)
    blob = encryptor.finalize()
    assert len(blob) == 12 + 16
    assert crypto.gcm_decrypt(key, blob) == b""


@pytest.mark.parametrize("where", ["iv", "ciphertext", "tag"])
def test_a_changed_byte_anywhere_is_a_decryption_error(where: str) -> None:
    key = crypto.new_content_key()
    blob = bytearray(crypto.gcm_encrypt(key, b"Schriftsatz " * 100))
    index = {"iv": 3, "ciphertext": 100, "tag": len(blob) - 1}[where]
    blob[index] ^= 0x01
    decryptor = crypto.GcmDecryptor(key, what="anlage.pdf")
    decryptor.update(bytes(blob))
    with pytest.raises(DecryptionError) as error:
        decryptor.finalize()
    assert error.value.what == "anlage.pdf"
    assert error.value.code == "9202"


def test_a_wrong_key_or_iv_length_is_a_decryption_error() -> None:
    key = crypto.new_content_key()
    blob = crypto.gcm_encrypt(key, b"x" * 64)
    with pytest.raises(DecryptionError):
        crypto.gcm_decrypt(crypto.new_content_key(), blob)
    with pytest.raises(DecryptionError):
        crypto.gcm_decrypt(key, blob, iv_length=16)  # read as the legacy 16-byte IV
    with pytest.raises(DecryptionError, match="IV length"):
        crypto.GcmDecryptor(key, iv_length=8)


@pytest.mark.parametrize("length", [0, 1, 12, 27])
def test_a_ciphertext_shorter_than_iv_and_tag_is_a_decryption_error(length: int) -> None:
    with pytest.raises(DecryptionError, match="shorter"):
        crypto.gcm_decrypt(crypto.new_content_key(), bytes(length))


def test_decrypt_symmetric_checks_algorithm_and_key_length() -> None:
    key = crypto.new_content_key()
    blob = crypto.gcm_encrypt(key, b"data")
    assert crypto.decrypt_symmetric(crypto.AES256_GCM, key, blob, iv_length=12) == b"data"
    with pytest.raises(DecryptionError, match="key length"):
        crypto.decrypt_symmetric(crypto.AES128_GCM, key, blob, iv_length=12)
    with pytest.raises(UnsupportedAlgorithm):
        crypto.decrypt_symmetric("urn:unknown", key, blob, iv_length=12)
    with pytest.raises(WeakAlgorithm):
        crypto.decrypt_symmetric(crypto.AES256_CBC, key, blob, iv_length=None)


def test_legacy_cbc_is_decrypted_only_with_legacy_read() -> None:
    from cryptography.hazmat.primitives import padding as sym_padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    key, iv = crypto.new_content_key(crypto.AES256_CBC), os.urandom(16)
    padder = sym_padding.PKCS7(128).padder()
    padded = padder.update(b"alte Nachricht") + padder.finalize()
    enc = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    blob = iv + enc.update(padded) + enc.finalize()
    with pytest.raises(WeakAlgorithm):
        crypto.decrypt_symmetric(crypto.AES256_CBC, key, blob, iv_length=None)
    plain = crypto.decrypt_symmetric(crypto.AES256_CBC, key, blob, iv_length=None, policy=LEGACY)
    assert plain == b"alte Nachricht"
    with pytest.raises(DecryptionError, match="padding"):
        crypto.cbc_decrypt(crypto.new_content_key(), blob)
    with pytest.raises(DecryptionError, match="length"):
        crypto.cbc_decrypt(key, blob[:-1])


# ---------------------------------------------------------------- RSA-OAEP key transport


def test_default_key_transport_is_oaep_with_mgf1_sha256_and_sha256() -> None:
    expected = crypto.KeyTransport(crypto.RSA_OAEP, crypto.MGF1_SHA256, crypto.SHA256)
    assert expected == crypto.DEFAULT_TRANSPORT
    key = key3072()
    content_key = crypto.new_content_key()
    wrapped = crypto.wrap_key(key.public_key(), content_key)
    sha256 = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
    assert key.decrypt(wrapped, sha256) == content_key
    for other in (
        padding.OAEP(mgf=padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA256(), label=None),  # noqa: S303
        padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA1(), label=None),  # noqa: S303
    ):
        with pytest.raises(ValueError):
            key.decrypt(wrapped, other)


@pytest.mark.parametrize(
    ("mgf", "digest", "mgf_hash", "digest_hash"),
    [
        (crypto.MGF1_SHA256, crypto.SHA256, hashes.SHA256, hashes.SHA256),
        (crypto.MGF1_SHA512, crypto.SHA512, hashes.SHA512, hashes.SHA512),
        (crypto.MGF1_SHA384, crypto.SHA256, hashes.SHA384, hashes.SHA256),
    ],
)
def test_oaep_parameters_from_the_encryption_method_are_honoured(
    mgf: str,
    digest: str,
    mgf_hash: type[hashes.HashAlgorithm],
    digest_hash: type[hashes.HashAlgorithm],
) -> None:
    key = key3072()
    content_key = crypto.new_content_key()
    wrapped = key.public_key().encrypt(
        content_key, padding.OAEP(mgf=padding.MGF1(mgf_hash()), algorithm=digest_hash(), label=None)
    )
    holder = identity()
    transport = crypto.KeyTransport(crypto.RSA_OAEP, mgf, digest)
    assert holder.unwrap_key(wrapped, transport) == content_key
    wrong = crypto.KeyTransport(
        crypto.RSA_OAEP,
        crypto.MGF1_SHA512 if mgf != crypto.MGF1_SHA512 else crypto.MGF1_SHA256,
        digest,
    )
    with pytest.raises(DecryptionError):
        holder.unwrap_key(wrapped, wrong)


@pytest.mark.parametrize(
    "transport",
    [
        crypto.KeyTransport(crypto.RSA_OAEP_MGF1P, crypto.MGF1_SHA1, crypto.SHA1),
        crypto.KeyTransport(crypto.RSA_OAEP, crypto.MGF1_SHA1, crypto.SHA256),
        crypto.KeyTransport(crypto.RSA_OAEP, crypto.MGF1_SHA256, crypto.SHA1),
        crypto.KeyTransport(crypto.RSA_1_5),
    ],
    ids=["oaep-mgf1p", "mgf1-sha1", "digest-sha1", "rsa-1_5"],
)
def test_sha1_oaep_and_rsa_1_5_unwrap_only_with_legacy_read(transport: crypto.KeyTransport) -> None:
    key = key3072()
    content_key = crypto.new_content_key()
    wrapped = key.public_key().encrypt(content_key, transport.padding(LEGACY))
    holder = identity()
    with pytest.raises(WeakAlgorithm):
        holder.unwrap_key(wrapped, transport)
    assert holder.unwrap_key(wrapped, transport, LEGACY) == content_key


def test_unknown_key_transport_parameters_are_unsupported() -> None:
    with pytest.raises(UnsupportedAlgorithm):
        crypto.KeyTransport("urn:rsa-unknown").padding()
    with pytest.raises(UnsupportedAlgorithm):
        crypto.KeyTransport(crypto.RSA_OAEP, "urn:mgf-unknown", crypto.SHA256).padding()
    with pytest.raises(UnsupportedAlgorithm):
        crypto.KeyTransport(crypto.RSA_OAEP, crypto.MGF1_SHA256, "urn:digest-unknown").padding()


def test_we_never_wrap_for_a_weak_key() -> None:
    with pytest.raises(WeakAlgorithm):
        crypto.wrap_key(rsa_key(1024, 0).public_key(), crypto.new_content_key())


# ---------------------------------------------------------------- signatures


DATA = b"<ds:SignedInfo>canonical bytes</ds:SignedInfo>"


@pytest.mark.parametrize(
    ("uri", "hash_", "salt"),
    [(crypto.RSA_PSS_SHA256, hashes.SHA256, 32), (crypto.RSA_PSS_SHA512, hashes.SHA512, 64)],
)
def test_pss_salt_is_the_hash_length_verified_by_cryptography_directly(
    uri: str, hash_: type[hashes.HashAlgorithm], salt: int
) -> None:
    key = key3072()
    signature = crypto.sign_with_key(key, uri, DATA)
    public = key.public_key()
    public.verify(
        signature, DATA, padding.PSS(mgf=padding.MGF1(hash_()), salt_length=salt), hash_()
    )
    for wrong_salt in (salt - 12, salt - 1, salt + 1):  # (MAX_LENGTH verifies as 'any')
        with pytest.raises(InvalidSignature):
            public.verify(
                signature,
                DATA,
                padding.PSS(mgf=padding.MGF1(hash_()), salt_length=wrong_salt),
                hash_(),
            )
    # And we verify what cryptography signs with those parameters.
    theirs = key.sign(DATA, padding.PSS(mgf=padding.MGF1(hash_()), salt_length=salt), hash_())
    assert crypto.verify_signature(public, uri, theirs, DATA)


def test_pkcs1_v15_sha256_is_interchangeable_with_cryptography() -> None:
    key = key3072()
    ours = crypto.sign_with_key(key, crypto.RSA_SHA256, DATA)
    key.public_key().verify(ours, DATA, padding.PKCS1v15(), hashes.SHA256())
    theirs = key.sign(DATA, padding.PKCS1v15(), hashes.SHA256())
    assert crypto.verify_signature(key.public_key(), crypto.RSA_SHA256, theirs, DATA)
    assert not crypto.verify_signature(key.public_key(), crypto.RSA_SHA256, theirs, DATA + b"!")
    assert not crypto.verify_signature(key.public_key(), crypto.RSA_PSS_SHA256, theirs, DATA)


def test_sha1_signatures_and_small_keys_verify_only_with_legacy_read() -> None:
    key = key3072()
    sha1 = crypto.sign_with_key(key, crypto.RSA_SHA1, DATA)
    with pytest.raises(WeakAlgorithm):
        crypto.verify_signature(key.public_key(), crypto.RSA_SHA1, sha1, DATA)
    assert crypto.verify_signature(key.public_key(), crypto.RSA_SHA1, sha1, DATA, LEGACY)
    small = rsa_key(1024, 0)
    signature = crypto.sign_with_key(small, crypto.RSA_SHA256, DATA)
    with pytest.raises(WeakAlgorithm, match="1024"):
        crypto.verify_signature(small.public_key(), crypto.RSA_SHA256, signature, DATA)
    assert crypto.verify_signature(small.public_key(), crypto.RSA_SHA256, signature, DATA, LEGACY)


def test_unknown_signature_methods_and_non_rsa_keys_are_unsupported() -> None:
    from cryptography.hazmat.primitives.asymmetric import ec

    key = key3072()
    with pytest.raises(UnsupportedAlgorithm):
        crypto.sign_with_key(key, "urn:sig-unknown", DATA)
    ec_key = ec.generate_private_key(ec.SECP256R1())
    with pytest.raises(UnsupportedAlgorithm):
        crypto.verify_signature(ec_key.public_key(), crypto.RSA_SHA256, b"x", DATA)


# ---------------------------------------------------------------- digests


@pytest.mark.parametrize(
    ("uri", "name"),
    [
        (crypto.SHA256, "sha256"),
        (crypto.SHA512, "sha512"),
        (crypto.SHA3_256, "sha3_256"),
        (crypto.SHA3_384, "sha3_384"),
        (crypto.SHA3_512, "sha3_512"),
    ],
)
def test_digest_uris_map_to_their_hashes(uri: str, name: str) -> None:
    assert crypto.digest(uri, DATA) == hashlib.new(name, DATA).digest()
    hasher = crypto.new_hasher(uri)
    hasher.update(DATA[:7])
    hasher.update(DATA[7:])
    assert hasher.digest() == hashlib.new(name, DATA).digest()


def test_sha1_digest_is_legacy_and_unknown_digests_unsupported() -> None:
    with pytest.raises(WeakAlgorithm):
        crypto.digest(crypto.SHA1, DATA)
    assert crypto.digest(crypto.SHA1, DATA, LEGACY) == hashlib.sha1(DATA).digest()  # noqa: S324
    with pytest.raises(UnsupportedAlgorithm):
        crypto.digest("http://www.w3.org/2001/04/xmlenc#ripemd160", DATA)


def test_content_keys_are_fresh_and_sized_by_algorithm() -> None:
    assert len({crypto.new_content_key() for _ in range(100)}) == 100
    assert crypto.key_length(crypto.AES128_GCM) == 16
    assert len(crypto.new_content_key(crypto.AES192_GCM)) == 24
    with pytest.raises(UnsupportedAlgorithm):
        crypto.key_length("urn:cipher-unknown")
