"""The exception tree of ``client.sandbox``.

Attributes are named; the German user text is made in ``client.core.errors`` (house rule 7). The
``str()`` here is for logs: paths, names and reasons, never file content.

Scanning itself does not raise for scanner trouble: an unreachable, slow or confused scanner gives
an INDETERMINATE :class:`~client.sandbox.result.ScanResult` (fail closed). These exceptions are for
configuration, for starting the private clamd, for the low-level clamd client and for releases.
"""

from __future__ import annotations

from pathlib import Path

from client.sandbox.filetype import ContentType
from client.sandbox.result import RefusalReason


class SandboxError(Exception):
    """Root of every error raised by ``client.sandbox``."""


class ScannerConfigInvalid(SandboxError):
    """A scanner setting cannot be used (unknown mode, bad socket address, empty command …)."""

    def __init__(self, *, setting: str, value: str, reason: str) -> None:
        self.setting = setting
        self.value = value
        self.reason = reason
        super().__init__(f"scanner setting {setting}={value!r}: {reason}")


class SignatureDirInvalid(SandboxError):
    """The signature folder for the private clamd is missing, not a folder, or holds no database."""

    def __init__(self, *, path: Path | None, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"signature folder {path}: {reason}")


class ScannerStartFailed(SandboxError):
    """The private clamd did not come up (not installed, exited early, no PONG in time)."""

    def __init__(self, *, executable: str, reason: str, log_tail: str = "") -> None:
        self.executable = executable
        self.reason = reason
        self.log_tail = log_tail
        super().__init__(f"{executable} did not start: {reason}")


class ClamdError(SandboxError):
    """The low-level clamd client could not complete a command (PING, VERSION)."""

    def __init__(self, *, address: str, reason: str) -> None:
        self.address = address
        self.reason = reason
        super().__init__(f"clamd at {address}: {reason}")


class ClamdUnreachable(ClamdError):
    """No connection, or the connection broke before an answer."""


class ClamdTimeout(ClamdError):
    """clamd did not answer in time."""


class ClamdProtocolError(ClamdError):
    """clamd answered something this client does not understand."""


class TransferDirInvalid(SandboxError):
    """The transfer folder does not exist or is not a folder."""

    def __init__(self, *, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"transfer folder {path}: {reason}")


class TransferTypeUnknown(SandboxError):
    """``allowed_transfer_types`` names a type this program does not know."""

    def __init__(self, *, token: str, known: tuple[str, ...]) -> None:
        self.token = token
        self.known = known
        super().__init__(f"unknown transfer type {token!r} (known: {', '.join(known)})")


class ReleaseRefused(SandboxError):
    """A file may not (or could not safely) be released to the transfer folder. ``name`` is the
    sanitised name (safe to show; the caller knows the original)."""

    def __init__(
        self,
        *,
        name: str,
        reason: RefusalReason,
        detail: str = "",
        content_type: ContentType | None = None,
    ) -> None:
        self.name = name
        self.reason = reason
        self.detail = detail
        self.content_type = content_type
        suffix = f": {detail}" if detail else ""
        super().__init__(f"release of {name!r} refused ({reason.name}){suffix}")


class TransferFailed(SandboxError):
    """Writing into the transfer folder failed (disk full, no permission, no safe rename)."""

    def __init__(self, *, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"writing into {path} failed: {reason}")
