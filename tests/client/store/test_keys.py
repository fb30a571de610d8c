"""The key hierarchy: password and recovery wraps, tamper and format checks."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from client.store import (
    DESKTOP_SCRYPT,
    KeyFileCorrupt,
    NoRecoveryWrap,
    PasswordRejected,
    RecoveryCertificateRejected,
    StoreNotFound,
    UnsupportedFormat,
    WrongPassword,
)
from client.store.keys import KeyFiles, MasterKey, ScryptParams, unwrap_password
from tests.client.store.conftest import FAST_SCRYPT, PASSWORD
from tests.client.store.test_store import _certificate

NOW = datetime(2024, 3, 1, tzinfo=UTC)


@pytest.fixture
def keys(tmp_path: Path) -> KeyFiles:
    folder = tmp_path / "store"
    folder.mkdir()
    return KeyFiles(folder)


def test_password_wrap_round_trip(keys: KeyFiles) -> None:
    master = MasterKey.generate()
    keys.write_password_wrap(master, PASSWORD, FAST_SCRYPT, now=NOW)
    assert keys.unlock(PASSWORD).same_as(master)
    assert keys.store_id() == master.store_id
    assert keys.password_params() == FAST_SCRYPT
    assert keys.password_path.stat().st_mode & 0o077 == 0
    text = keys.password_path.read_text()
    assert PASSWORD not in text
    assert "secret" not in repr(master)


def test_wrong_password_and_unicode_normalisation(keys: KeyFiles) -> None:
    master = MasterKey.generate()
    keys.write_password_wrap(master, "Grüße-aus-Köln", FAST_SCRYPT, now=NOW)
    with pytest.raises(WrongPassword):
        keys.unlock("Grüsse-aus-Köln")
    decomposed = "Gru\u0308ße-aus-Ko\u0308ln"  # the same text typed with combining marks
    assert keys.unlock(decomposed).same_as(master)


def test_an_altered_header_no_longer_opens(keys: KeyFiles) -> None:
    keys.write_password_wrap(MasterKey.generate(), PASSWORD, FAST_SCRYPT, now=NOW)
    doc = json.loads(keys.password_path.read_text())
    doc["created_at"] = "2020-01-01T00:00:00+00:00"
    keys.password_path.write_text(json.dumps(doc))
    with pytest.raises(WrongPassword):
        keys.unlock(PASSWORD)


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda d: "not json", KeyFileCorrupt),
        (lambda d: json.dumps({**d, "version": 99}), UnsupportedFormat),
        (lambda d: json.dumps({**d, "kdf": {**d["kdf"], "n": 1 << 30}}), KeyFileCorrupt),
        (lambda d: json.dumps({**d, "wrapped_key": "***"}), KeyFileCorrupt),
        (lambda d: json.dumps({**d, "kind": "recovery"}), KeyFileCorrupt),
    ],
)
def test_damaged_key_files_are_typed(keys: KeyFiles, change: object, error: type) -> None:
    keys.write_password_wrap(MasterKey.generate(), PASSWORD, FAST_SCRYPT, now=NOW)
    doc = json.loads(keys.password_path.read_text())
    keys.password_path.write_text(change(doc))  # type: ignore[operator]
    with pytest.raises(error):
        keys.unlock(PASSWORD)


def test_short_passwords_and_missing_files(keys: KeyFiles) -> None:
    with pytest.raises(PasswordRejected) as caught:
        keys.write_password_wrap(MasterKey.generate(), "1234567", FAST_SCRYPT, now=NOW)
    assert caught.value.min_length == 8
    assert not keys.password_path.exists()
    with pytest.raises(StoreNotFound):
        keys.unlock(PASSWORD)
    with pytest.raises(NoRecoveryWrap):
        keys.unlock_with_recovery_key(
            rsa.generate_private_key(public_exponent=65537, key_size=2048)
        )


def test_a_failed_rewrap_keeps_the_old_wrap(
    keys: KeyFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    master = MasterKey.generate()
    keys.write_password_wrap(master, PASSWORD, FAST_SCRYPT, now=NOW)
    before = keys.password_path.read_bytes()

    def broken(data: bytes, password: str, path: Path) -> MasterKey:
        raise KeyFileCorrupt(path=path, reason="simulated bad read-back")

    monkeypatch.setattr("client.store.keys.unwrap_password", broken)
    with pytest.raises(KeyFileCorrupt):
        keys.write_password_wrap(master, "Ein-neues-Passwort", FAST_SCRYPT, now=NOW)
    assert keys.password_path.read_bytes() == before
    assert [p.name for p in keys.folder.iterdir()] == [keys.password_path.name]
    monkeypatch.undo()
    assert unwrap_password(before, PASSWORD, keys.password_path).same_as(master)


def test_recovery_wrap_and_weak_certificates(keys: KeyFiles) -> None:
    master = MasterKey.generate()
    authority = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    keys.write_recovery_wrap(master, _certificate(authority), now=NOW)
    assert keys.unlock_with_recovery_key(authority).same_as(master)
    assert keys.recovery_certificate() is not None
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505 - the point
    with pytest.raises(RecoveryCertificateRejected):
        keys.write_recovery_wrap(master, _certificate(weak), now=NOW)
    assert keys.remove_recovery_wrap()
    assert not keys.remove_recovery_wrap()


def test_derived_keys_differ_per_purpose_and_store() -> None:
    master = MasterKey.generate()
    assert len({master.database_key(), master.blob_root_key(), master.derive("backup")}) == 3
    other = MasterKey(master._raw(), "another-store")
    assert other.database_key() != master.database_key()
    with pytest.raises(ValueError, match="32 bytes"):
        MasterKey(b"short", "x")


def test_desktop_scrypt_cost_is_real(keys: KeyFiles) -> None:
    """The production parameters: OWASP's N = 2^16, r = 8, p = 2 — the work of N = 2^17, p = 1
    with 64 MiB instead of 128 MiB of memory."""
    master = MasterKey.generate()
    keys.write_password_wrap(master, PASSWORD, DESKTOP_SCRYPT, now=NOW)
    assert keys.unlock(PASSWORD).key_id == master.key_id
    params = keys.password_params()
    assert params == ScryptParams(n=1 << 16, r=8, p=2)
    assert 128 * params.r * params.n == 64 * 2**20
    assert params.n * params.p == 1 << 17


def test_a_wrap_with_the_former_default_still_unlocks(keys: KeyFiles) -> None:
    """Stores created before the default changed keep their N = 2^17, p = 1 wrap."""
    master = MasterKey.generate()
    keys.write_password_wrap(master, PASSWORD, ScryptParams(n=1 << 17, r=8, p=1), now=NOW)
    assert keys.unlock(PASSWORD).key_id == master.key_id
    assert keys.password_params() == ScryptParams(n=1 << 17, r=8, p=1)
    with pytest.raises(WrongPassword):
        keys.unlock("not the password")
