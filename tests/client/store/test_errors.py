"""Every store error a user can meet has German text; no error text leaks a password."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from client.core.errors import user_message
from client.store import errors
from client.store.errors import StoreError

P = Path("/work/x")
SAMPLES: list[StoreError] = [
    errors.StoreNotFound(folder=P),
    errors.StoreExists(folder=P),
    errors.WrongPassword(path=P),
    errors.PasswordRejected(reason="too short", min_length=8),
    errors.KeyFileCorrupt(path=P, reason="bad"),
    errors.NoRecoveryWrap(folder=P),
    errors.RecoveryKeyMismatch(path=P, certificate_sha256="ab" * 32),
    errors.RecoveryCertificateRejected(reason="1024 bits"),
    errors.PasswordResetNotAllowed(),
    errors.UnsupportedFormat(path=P, what="blob", version=9, supported=1),
    errors.SchemaTooNew(path=P, version=9, supported=2),
    errors.StoreCorrupt(path=P, reason="x"),
    errors.StoreBusy(path=P, seconds=30.0),
    errors.StoreDiskError(path=P, reason="disk full"),
    errors.InvalidTransition(message_id=1, current=40, wanted=30),
    errors.ContentDeleted(attachment_id=1),
    errors.AttachmentNotReleasable(attachment_id=1, scan_state=2, reason="INFECTED"),
    errors.BlobMissing(blob_id="0" * 32, path=P),
    errors.BlobCorrupt(blob_id="0" * 32, chunk=3, reason="authentication failed"),
    errors.InsecureKeyring(backend="keyrings.alt.file"),
    errors.BackupWrongPassword(path=P),
    errors.BackupCorrupt(path=P, reason="x"),
    errors.RestoreTargetNotEmpty(path=P),
    errors.RestoreVerificationFailed(path=P, problems=("a", "b")),
]


@pytest.mark.parametrize("exc", SAMPLES, ids=lambda e: type(e).__name__)
def test_user_text_is_specific_and_german(exc: StoreError) -> None:
    message = user_message(exc)
    assert message.title
    assert message.title != "Fehler im Nachrichtenspeicher"  # not only the generic text
    assert message.full_text()


def test_every_error_class_is_sampled_or_internal() -> None:
    internal = {
        "StoreError",
        "BackupError",
        "StoreClosed",
        "MessageNotFound",
        "AttachmentNotFound",
        "IntakeClosed",
    }
    classes = {
        name
        for name, kind in inspect.getmembers(errors, inspect.isclass)
        if issubclass(kind, StoreError)
    }
    assert classes - internal == {type(e).__name__ for e in SAMPLES}
    assert user_message(errors.StoreClosed()).title == "Fehler im Nachrichtenspeicher"
