"""The exception tree of ``client.store``.

Attributes are named; the German user text is made in ``client.core.errors`` (house rule 7). The
``str()`` here is for logs: paths, ids and reasons, never a password, a key or message content.
"""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Root of every error raised by ``client.store``."""


# ---------------------------------------------------------------- opening and keys


class StoreNotFound(StoreError):
    """There is no store (no key file) in the folder."""

    def __init__(self, *, folder: Path) -> None:
        self.folder = folder
        super().__init__(f"no mailbox store in {folder}")


class StoreExists(StoreError):
    """``create`` was asked to make a store where one exists already."""

    def __init__(self, *, folder: Path) -> None:
        self.folder = folder
        super().__init__(f"a mailbox store exists already in {folder}")


class WrongPassword(StoreError):
    """The password does not unwrap the master key (or the wrap was altered)."""

    def __init__(self, *, path: Path) -> None:
        self.path = path
        super().__init__(f"the password does not open {path}")


class PasswordRejected(StoreError):
    """A new password does not meet the minimum rules."""

    def __init__(self, *, reason: str, min_length: int) -> None:
        self.reason = reason
        self.min_length = min_length
        super().__init__(f"password rejected: {reason}")


class KeyFileCorrupt(StoreError):
    """A key wrap file cannot be read (not JSON, fields missing, bad values)."""

    def __init__(self, *, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"key file {path}: {reason}")


class NoRecoveryWrap(StoreError):
    """Recovery was asked for, but the store has no recovery wrap."""

    def __init__(self, *, folder: Path) -> None:
        self.folder = folder
        super().__init__(f"no recovery wrap in {folder}")


class RecoveryKeyMismatch(StoreError):
    """The private key does not belong to the recovery certificate of this store."""

    def __init__(self, *, path: Path, certificate_sha256: str) -> None:
        self.path = path
        self.certificate_sha256 = certificate_sha256
        super().__init__(
            f"the private key does not match recovery certificate {certificate_sha256[:16]}…"
        )


class RecoveryCertificateRejected(StoreError):
    """A recovery certificate that cannot be used (no RSA key, key too short)."""

    def __init__(self, *, reason: str) -> None:
        self.reason = reason
        super().__init__(f"recovery certificate rejected: {reason}")


class PasswordResetNotAllowed(StoreError):
    """``reset_password`` without the current password is only for a recovery unlock."""

    def __init__(self) -> None:
        super().__init__("a password reset needs an unlock with the recovery key")


class UnsupportedFormat(StoreError):
    """A file of a format version this program does not know (written by a newer one)."""

    def __init__(self, *, path: Path, what: str, version: int, supported: int) -> None:
        self.path = path
        self.what = what
        self.version = version
        self.supported = supported
        super().__init__(f"{what} {path}: format version {version}, supported up to {supported}")


class InsecureKeyring(StoreError):
    """ "Remember the password" was asked for, but the active keyring backend is not an OS secret
    store (e.g. the plaintext file backend of ``keyrings.alt``, or none at all)."""

    def __init__(self, *, backend: str) -> None:
        self.backend = backend
        super().__init__(f"keyring backend {backend} is not a secure OS secret store")


# ---------------------------------------------------------------- database


class SchemaTooNew(StoreError):
    """The database was written by a newer program (``PRAGMA user_version``)."""

    def __init__(self, *, path: Path, version: int, supported: int) -> None:
        self.path = path
        self.version = version
        self.supported = supported
        super().__init__(f"database {path}: schema {version}, supported up to {supported}")


class StoreCorrupt(StoreError):
    """The database or the store layout is damaged or does not belong to the key."""

    def __init__(self, *, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"store {path} is damaged: {reason}")


class StoreBusy(StoreError):
    """Another process kept the database locked longer than the busy timeout."""

    def __init__(self, *, path: Path, seconds: float) -> None:
        self.path = path
        self.seconds = seconds
        super().__init__(f"database {path} stayed locked for {seconds:.0f} s")


class StoreDiskError(StoreError):
    """The environment refused a write: disk full, I/O error, read-only file system."""

    def __init__(self, *, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"store {path}: {reason}")


class StoreClosed(StoreError):
    """The store was used after ``close()``."""

    def __init__(self) -> None:
        super().__init__("the mailbox store is closed")


# ---------------------------------------------------------------- records


class MessageNotFound(StoreError):
    def __init__(self, *, message_id: int) -> None:
        self.message_id = message_id
        super().__init__(f"no message {message_id}")


class AttachmentNotFound(StoreError):
    def __init__(self, *, attachment_id: int) -> None:
        self.attachment_id = attachment_id
        super().__init__(f"no attachment {attachment_id}")


class InvalidTransition(StoreError):
    """A state change the message's life cycle does not allow (e.g. a sent message to draft)."""

    def __init__(self, *, message_id: int, current: int, wanted: int) -> None:
        self.message_id = message_id
        self.current = current
        self.wanted = wanted
        super().__init__(f"message {message_id}: no transition from state {current} to {wanted}")


class AttachmentNotReleasable(StoreError):
    """A release was recorded for an attachment whose latest scan is not OK (or whose content is
    gone). The sandbox refuses such a release first; the store refuses to journal it as done."""

    def __init__(self, *, attachment_id: int, scan_state: int, reason: str) -> None:
        self.attachment_id = attachment_id
        self.scan_state = scan_state
        self.reason = reason
        super().__init__(f"attachment {attachment_id} cannot be released: {reason}")


class IntakeClosed(StoreError):
    """An incoming delivery's intake was used after ``finish()`` or ``abort()``."""

    def __init__(self, *, intake_id: int) -> None:
        self.intake_id = intake_id
        super().__init__(f"intake {intake_id} is already finished or aborted")


class ContentDeleted(StoreError):
    """The attachment's content was deleted (with a reason); only its metadata is left."""

    def __init__(self, *, attachment_id: int) -> None:
        self.attachment_id = attachment_id
        super().__init__(f"the content of attachment {attachment_id} was deleted")


# ---------------------------------------------------------------- blobs


class BlobMissing(StoreError):
    def __init__(self, *, blob_id: str, path: Path) -> None:
        self.blob_id = blob_id
        self.path = path
        super().__init__(f"blob {blob_id} is missing ({path})")


class BlobCorrupt(StoreError):
    """A blob failed authentication: altered, truncated, extended or not the expected blob.

    ``chunk`` is the index of the first chunk that failed (``-1`` for the header).
    """

    def __init__(self, *, blob_id: str, chunk: int, reason: str) -> None:
        self.blob_id = blob_id
        self.chunk = chunk
        self.reason = reason
        super().__init__(f"blob {blob_id} is damaged at chunk {chunk}: {reason}")


# ---------------------------------------------------------------- backup and restore


class BackupError(StoreError):
    """Root of backup and restore failures."""


class BackupWrongPassword(BackupError):
    """The password does not open the backup archive (it is the password at backup time)."""

    def __init__(self, *, path: Path) -> None:
        self.path = path
        super().__init__(f"the password does not open the backup {path}")


class BackupCorrupt(BackupError):
    """The archive is not a backup, is truncated or was altered."""

    def __init__(self, *, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"backup {path} is damaged: {reason}")


class RestoreTargetNotEmpty(BackupError):
    def __init__(self, *, path: Path) -> None:
        self.path = path
        super().__init__(f"restore target {path} is not empty")


class RestoreVerificationFailed(BackupError):
    """The restored store did not verify; nothing was put in place."""

    def __init__(self, *, path: Path, problems: tuple[str, ...]) -> None:
        self.path = path
        self.problems = problems
        first = problems[0] if problems else "?"
        super().__init__(f"restore of {path} failed verification ({len(problems)}): {first}")
