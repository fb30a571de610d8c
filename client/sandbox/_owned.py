"""Private folders and files that belong to one live process, and cleaning up after dead ones.

Plaintext may exist on disk only while it is scanned. When the client crashes (or is killed) in
the middle, its leftovers must go at the next start — but a second instance may be running on the
same working directory right now, and its files must stay. So every such folder holds a lock file
with an ``flock`` that its owner keeps for the folder's lifetime; the kernel drops the lock when
the owner dies, whatever the way. Cleaning takes the lock without waiting: success means stale.
Anything younger than ``min_age_s`` may be in the middle of being created and is left alone.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from profiles.paths import ensure_private_dir

log = logging.getLogger(__name__)

LOCK_NAME = ".owner.lock"
STALE_AFTER_S = 60.0


class OwnedDir:
    """A fresh ``0700`` folder ``<parent>/<prefix>XXXXXXXX`` locked by this process."""

    def __init__(self, path: Path, lock_fd: int) -> None:
        self.path = path
        self._lock_fd: int | None = lock_fd

    @classmethod
    def create(cls, parent: Path, prefix: str) -> OwnedDir:
        ensure_private_dir(parent)
        path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))  # 0700, unique
        fd = -1
        try:
            fd = os.open(
                path / LOCK_NAME,
                os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                0o600,
            )
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.write(fd, f"{os.getpid()}\n".encode())
        except BaseException:
            if fd >= 0:
                os.close(fd)
            shutil.rmtree(path, ignore_errors=True)
            raise
        return cls(path, fd)

    @property
    def alive(self) -> bool:
        return self._lock_fd is not None

    def clear(self) -> None:
        """Remove everything in the folder except the lock file."""
        for entry in list(self.path.iterdir()):
            if entry.name != LOCK_NAME:
                _remove(entry)

    def remove(self) -> None:
        """Delete the folder with its content, then let go of the lock."""
        if self._lock_fd is None:
            return
        try:
            shutil.rmtree(self.path, ignore_errors=True)
        finally:
            os.close(self._lock_fd)
            self._lock_fd = None

    def __enter__(self) -> OwnedDir:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.remove()


def locked_file(folder: Path, prefix: str, suffix: str) -> tuple[int, Path]:
    """A new ``0600`` file ``<folder>/<prefix>XXXX<suffix>`` opened for writing and locked."""
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)  # O_EXCL, 0600
    try:
        # Blocking on purpose: a cleaner in another thread or process may hold the lock of this
        # brand-new file for a moment before it sees the file is too young to be stale.
        fcntl.flock(fd, fcntl.LOCK_EX)
    except BaseException:
        os.close(fd)
        Path(name).unlink(missing_ok=True)
        raise
    return fd, Path(name)


def clean_stale_dirs(
    parent: Path,
    prefix: str,
    *,
    min_age_s: float = STALE_AFTER_S,
    before_remove: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Remove ``<parent>/<prefix>*`` folders whose owner is gone; return what was removed."""
    removed: list[Path] = []
    for entry in _entries(parent, prefix):
        if not entry.is_dir() or entry.is_symlink():
            continue
        fd = _take_lock(entry / LOCK_NAME, entry, min_age_s)
        if fd is None:
            continue
        try:
            if before_remove is not None:
                before_remove(entry)
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
        finally:
            if fd >= 0:
                os.close(fd)
    if removed:
        log.info("Removed %d stale folder(s) %s* in %s.", len(removed), prefix, parent)
    return removed


def clean_stale_files(
    folder: Path, prefix: str, suffix: str, *, min_age_s: float = STALE_AFTER_S
) -> list[Path]:
    """Remove ``<folder>/<prefix>*<suffix>`` files whose writer is gone (:func:`locked_file`)."""
    removed: list[Path] = []
    for entry in _entries(folder, prefix):
        if not entry.name.endswith(suffix) or entry.is_symlink() or not entry.is_file():
            continue
        fd = _take_lock(entry, entry, min_age_s)
        if fd is None:
            continue
        try:
            entry.unlink(missing_ok=True)
            removed.append(entry)
        finally:
            if fd >= 0:
                os.close(fd)
    if removed:
        log.info("Removed %d stale file(s) %s*%s in %s.", len(removed), prefix, suffix, folder)
    return removed


def _entries(parent: Path, prefix: str) -> list[Path]:
    try:
        return [entry for entry in parent.iterdir() if entry.name.startswith(prefix)]
    except FileNotFoundError:
        return []


def _take_lock(lock_path: Path, entry: Path, min_age_s: float) -> int | None:
    """An fd holding the lock (stale), ``-1`` when stale without a lock file, ``None`` if live."""
    if _age(entry) < min_age_s:
        return None  # young: leave it alone without even touching its lock
    try:
        fd = os.open(lock_path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        return -1 if _age(entry) >= min_age_s else None
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    if _age(entry) < min_age_s:
        # Created a moment ago: its owner may not have taken the lock yet.
        os.close(fd)
        return None
    return fd


def _age(path: Path) -> float:
    try:
        return time.time() - path.lstat().st_mtime
    except FileNotFoundError:
        return 0.0


def _remove(entry: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            entry.unlink()
