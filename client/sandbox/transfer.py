"""Releasing a scanned attachment to the transfer folder (TightGate's ``transfer``).

Rules (docs/decisions/0403-release-rules.md), checked by :func:`can_release` and again by
:func:`release`:

* only a scan with verdict OK; INFECTED is never released; INDETERMINATE needs a rescan;
* the scan must be of exactly the stored bytes (its SHA-256 equals the attachment's);
* the content type (by magic, from the scan) must be allowed (default PDF, TIFF, XML, PKCS#7);
* the name's extension must fit the content (a ``.pdf`` that is a ZIP is refused, as is a name
  without extension).

:func:`release` streams the plaintext from the store into a locked temporary file *in* the
transfer folder, fsyncs it, checks that its SHA-256 is the scanned one, and only then gives it
its name with a no-clobber operation (``link``, or ``renameat2(RENAME_NOREPLACE)`` where the file
system has no hard links). An existing file is never overwritten: the name becomes
``name (2).pdf``, ``name (3).pdf`` … (compared case-insensitively, as the Windows workstation
will). What was written (path, size, SHA-256) is returned for the journal.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from client.sandbox._owned import STALE_AFTER_S, clean_stale_files, locked_file
from client.sandbox.errors import (
    ReleaseRefused,
    TransferDirInvalid,
    TransferFailed,
    TransferTypeUnknown,
)
from client.sandbox.filetype import TYPE_TOKENS, ContentType, name_fits_type
from client.sandbox.names import candidates, sanitize_filename
from client.sandbox.result import (
    CHUNK_SIZE,
    BinarySource,
    HashingReader,
    RefusalReason,
    ScanResult,
    Verdict,
)
from profiles.paths import fsync_dir
from profiles.settings import Settings

log = logging.getLogger(__name__)

RELEASE_PREFIX = ".bebpo-release-"
RELEASE_SUFFIX = ".part"
DEFAULT_ALLOWED_TYPES = frozenset(
    {ContentType.PDF, ContentType.TIFF, ContentType.XML, ContentType.PKCS7}
)
_SHA256 = re.compile(r"[0-9a-f]{64}")
_AT_FDCWD = -100
_RENAME_NOREPLACE = 1
# link() fails with these where the file system has no hard links (vfat, some FUSE/CIFS mounts).
_NO_LINK = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS})


@dataclass(frozen=True)
class ReleasePolicy:
    """Which content types may leave the quarantine."""

    allowed_types: frozenset[ContentType] = DEFAULT_ALLOWED_TYPES

    @classmethod
    def from_tokens(cls, tokens: Iterable[str]) -> ReleasePolicy:
        """From ``allowed_transfer_types`` words (``pdf``, ``tiff``, ``xml``, ``p7s`` …)."""
        allowed: set[ContentType] = set()
        for token in tokens:
            key = token.strip().lower().lstrip(".")
            if key not in TYPE_TOKENS:
                raise TransferTypeUnknown(token=token, known=tuple(sorted(TYPE_TOKENS)))
            allowed.add(TYPE_TOKENS[key])
        return cls(frozenset(allowed))

    @classmethod
    def from_settings(cls, settings: Settings) -> ReleasePolicy:
        return cls.from_tokens(settings.allowed_transfer_types)


def transfer_dir_from_settings(settings: Settings) -> Path:
    """The configured transfer folder (``~`` expanded); per working directory via its settings."""
    return Path(settings.transfer_dir).expanduser()


@dataclass(frozen=True)
class ReleaseDecision:
    """``refusal`` is ``None`` when the file may be released; ``target_name`` is the sanitised
    name it would get (before collision handling)."""

    refusal: RefusalReason | None
    detail: str = ""
    target_name: str = ""

    @property
    def allowed(self) -> bool:
        return self.refusal is None


@dataclass(frozen=True)
class Released:
    """What :func:`release` wrote, for the journal."""

    path: Path
    name: str
    original_name: str
    size: int
    sha256: str
    content_type: ContentType
    released_at: datetime = field(default_factory=lambda: datetime.now(UTC))


def can_release(
    scan: ScanResult, *, name: str, expected_sha256: str, policy: ReleasePolicy | None = None
) -> ReleaseDecision:
    """May the attachment ``name`` with stored SHA-256 ``expected_sha256`` be released, given
    its stored ``scan``? No I/O; the GUI may call it to enable a button."""
    rules = policy or ReleasePolicy()
    if scan.verdict is Verdict.INFECTED:
        return ReleaseDecision(RefusalReason.INFECTED, detail=scan.signature or "")
    if scan.verdict is not Verdict.OK:
        reason = scan.reason.name if scan.reason is not None else "no verdict"
        return ReleaseDecision(RefusalReason.NEEDS_RESCAN, detail=reason)
    if _normal_sha256(expected_sha256) != scan.sha256:
        return ReleaseDecision(
            RefusalReason.SCAN_MISMATCH,
            detail=f"scanned sha256 {scan.sha256[:16]}…, stored {expected_sha256[:16]}…",
        )
    target = sanitize_filename(name)
    if scan.content_type not in rules.allowed_types:
        return ReleaseDecision(
            RefusalReason.TYPE_NOT_ALLOWED, detail=scan.content_type.name, target_name=target
        )
    if not name_fits_type(target, scan.content_type):
        return ReleaseDecision(
            RefusalReason.NAME_TYPE_MISMATCH,
            detail=f"{target!r} is {scan.content_type.name}",
            target_name=target,
        )
    return ReleaseDecision(None, target_name=target)


def release(
    source: BinarySource,
    *,
    name: str,
    scan: ScanResult,
    expected_sha256: str,
    transfer_dir: Path,
    policy: ReleasePolicy | None = None,
    file_mode: int = 0o600,
) -> Released:
    """Write ``source`` (the attachment's plaintext) into ``transfer_dir`` under a safe, free
    name. Raises :class:`ReleaseRefused` (nothing is left behind), :class:`TransferDirInvalid`
    or :class:`TransferFailed`; an exception from ``source.read`` propagates."""
    decision = can_release(scan, name=name, expected_sha256=expected_sha256, policy=policy)
    if decision.refusal is not None:
        raise ReleaseRefused(
            name=decision.target_name or sanitize_filename(name),
            reason=decision.refusal,
            detail=decision.detail,
            content_type=scan.content_type,
        )
    folder = _checked_folder(transfer_dir)
    clean_stale_release_parts(folder)
    try:
        fd, tmp = locked_file(folder, RELEASE_PREFIX, RELEASE_SUFFIX)
    except OSError as exc:
        raise TransferFailed(path=folder, reason=str(exc)) from exc
    try:
        reader = _write(fd, tmp, source, file_mode)
        if reader.sha256 != scan.sha256:
            raise ReleaseRefused(
                name=decision.target_name,
                reason=RefusalReason.CONTENT_CHANGED,
                content_type=reader.content_type,
                detail=f"wrote {reader.count} bytes with sha256 {reader.sha256[:16]}…, "
                f"scanned {scan.scanned_bytes} bytes with {scan.sha256[:16]}…",
            )
        final = _publish(tmp, folder, decision.target_name)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        os.close(fd)
    fsync_dir(folder)
    log.info(
        "Released %d bytes (sha256 %s…) to the transfer folder as %s.",
        reader.count,
        reader.sha256[:16],
        final.name,
    )
    return Released(
        path=final,
        name=final.name,
        original_name=name,
        size=reader.count,
        sha256=reader.sha256,
        content_type=reader.content_type,
    )


def clean_stale_release_parts(transfer_dir: Path, *, min_age_s: float = STALE_AFTER_S) -> int:
    """Remove half-written release files left by a crashed client."""
    return len(clean_stale_files(transfer_dir, RELEASE_PREFIX, RELEASE_SUFFIX, min_age_s=min_age_s))


def _normal_sha256(value: str) -> str:
    normal = value.strip().lower()
    if not _SHA256.fullmatch(normal):
        raise ValueError("expected_sha256 must be 64 hexadecimal digits")
    return normal


def _checked_folder(transfer_dir: Path) -> Path:
    folder = transfer_dir.expanduser()
    if not folder.exists():
        raise TransferDirInvalid(path=folder, reason="does not exist")
    if not folder.is_dir():
        raise TransferDirInvalid(path=folder, reason="is not a folder")
    return folder


def _write(fd: int, tmp: Path, source: BinarySource, file_mode: int) -> HashingReader:
    reader = HashingReader(source)
    while chunk := reader.read(CHUNK_SIZE):  # source errors propagate
        try:
            view = memoryview(chunk)
            while view:
                written = os.write(fd, view)
                view = view[written:]
        except OSError as exc:
            raise TransferFailed(path=tmp, reason=str(exc)) from exc
    try:
        os.fchmod(fd, file_mode)
        os.fsync(fd)
    except OSError as exc:
        raise TransferFailed(path=tmp, reason=str(exc)) from exc
    return reader


def _publish(tmp: Path, folder: Path, target_name: str) -> Path:
    """Give ``tmp`` the first free name; never replace an existing file."""
    try:
        existing = {entry.casefold() for entry in os.listdir(folder)}
    except OSError as exc:
        raise TransferFailed(path=folder, reason=str(exc)) from exc
    for candidate in candidates(target_name):
        if candidate.casefold() in existing:
            continue
        final = folder / candidate
        try:
            _link_or_rename_noreplace(tmp, final)
        except FileExistsError:
            continue  # appeared since listdir: try the next name
        except OSError as exc:
            raise TransferFailed(path=final, reason=str(exc)) from exc
        return final
    raise ReleaseRefused(
        name=target_name,
        reason=RefusalReason.NO_FREE_NAME,
        detail=f"{target_name!r} and its numbered variants exist",
    )


def _link_or_rename_noreplace(tmp: Path, final: Path) -> None:
    try:
        os.link(tmp, final, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_LINK:
            raise
        rename_noreplace(tmp, final)
        return
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()


def rename_noreplace(source: Path, target: Path) -> None:
    """``renameat2(…, RENAME_NOREPLACE)``: atomic, and FileExistsError instead of replacing."""
    libc = ctypes.CDLL(None, use_errno=True)
    function = getattr(libc, "renameat2", None)
    if function is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available", str(target))
    status = function(
        _AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target), _RENAME_NOREPLACE
    )
    if status != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(target))
