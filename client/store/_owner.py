"""Which open store instances are alive: one OS-locked file per instance in ``store/owners/``.

An unfinished intake row names the token of the process that writes it. On the next start, a row
is only recovered when its owner's lock can be taken, i.e. that process is gone (the kernel drops
the lock even after ``kill -9``). So a second client opening the same working directory never
"recovers" a delivery the first one is still streaming in.
"""

from __future__ import annotations

import contextlib
import os
import sys
import uuid
from pathlib import Path
from typing import IO

from profiles.paths import PRIVATE_FILE_MODE, ensure_private_dir

OWNERS_FOLDER = "owners"
_SUFFIX = ".lock"

if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _open(path: Path, *, create: bool) -> IO[bytes]:
    flags = os.O_RDWR | (os.O_CREAT | os.O_EXCL if create else 0)
    fd = os.open(path, flags, PRIVATE_FILE_MODE)
    return os.fdopen(fd, "r+b")


class OwnerLock:
    """Held for as long as one store instance is open."""

    def __init__(self, store_folder: Path) -> None:
        self.folder = ensure_private_dir(store_folder / OWNERS_FOLDER)
        self.token = uuid.uuid4().hex[:16]
        self._path = self.folder / f"{self.token}{_SUFFIX}"
        # Locked under a temporary name first and then renamed: a file under a final name is
        # therefore always locked while its owner lives, so nobody mistakes it for a dead one.
        # (Windows cannot rename an open file; there the lock is taken under the final name.)
        first = self._path if sys.platform == "win32" else self.folder / f".{self.token}.tmp"
        handle = _open(first, create=True)
        if not _try_lock(handle):  # pragma: no cover - a fresh random name
            handle.close()
            raise RuntimeError(f"owner lock {first} is held")
        if first != self._path:
            os.replace(first, self._path)
        self._handle: IO[bytes] | None = handle

    def release(self) -> None:
        if self._handle is None:
            return
        # Unlinked while still locked (POSIX), so nobody sees a free lock under this name.
        with contextlib.suppress(OSError):
            self._path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            _unlock(self._handle)
        self._handle.close()
        self._handle = None
        with contextlib.suppress(OSError):  # Windows: only possible once closed
            self._path.unlink(missing_ok=True)


def owner_alive(store_folder: Path, token: str, *, own_token: str) -> bool:
    """Whether the store instance ``token`` still runs (in this or another process)."""
    if token == own_token:
        return True
    if not token or not token.isalnum():
        return False
    try:
        handle = _open(store_folder / OWNERS_FOLDER / f"{token}{_SUFFIX}", create=False)
    except FileNotFoundError:
        return False
    try:
        if not _try_lock(handle):
            return True
        _unlock(handle)
        return False
    finally:
        handle.close()


def remove_dead_owner(store_folder: Path, token: str) -> None:
    """Delete a dead owner's lock file (after its intakes were dealt with)."""
    if token and token.isalnum():
        (store_folder / OWNERS_FOLDER / f"{token}{_SUFFIX}").unlink(missing_ok=True)


def sweep_dead_owners(store_folder: Path, *, own_token: str) -> int:
    """Remove the lock files of instances that are gone (killed without closing)."""
    removed = 0
    for entry in (store_folder / OWNERS_FOLDER).glob(f"*{_SUFFIX}"):
        token = entry.name[: -len(_SUFFIX)]
        if not owner_alive(store_folder, token, own_token=own_token):
            remove_dead_owner(store_folder, token)
            removed += 1
    return removed
