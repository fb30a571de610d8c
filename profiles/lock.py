"""Inter-process locks on a working directory.

Two kinds, both OS-level (``flock`` on POSIX, ``msvcrt.locking`` on Windows), so the kernel drops
them when a holder dies, even by ``kill -9``; the next process simply takes the lock over:

* the **instance lock** says "a client has this working directory open". A second client is told
  who holds it and may still start (the required behaviour), so it is advisory;
* **operation locks** (``fetch``, ``send``, ``retention`` …) make the operations that must not run
  twice mutually exclusive across every process on the working directory. They are what keeps two
  instances from fetching, sending or deleting the same thing twice.

The holder writes its PID, host, user and start time into the locked file, for the warning text.
See docs/decisions/0003-locks.md.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from profiles.errors import AlreadyOpen, LockHolder, OperationBusy
from profiles.paths import PRIVATE_FILE_MODE, WorkdirPaths


class _FileLock:
    """An exclusive, non-blocking OS lock on one file; the file stays open while held."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def try_acquire(self) -> bool:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
        handle = os.fdopen(fd, "r+b")
        if not _lock_nonblocking(handle):
            handle.close()
            return False
        self._handle = handle
        return True

    def write_holder(self, program: str) -> None:
        if self._handle is None:
            raise RuntimeError("write_holder() needs the lock")
        holder = {
            "pid": os.getpid(),
            "hostname": socket.gethostname(),
            "user": _user(),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
            "program": program,
        }
        # The first byte is what msvcrt locks on Windows; the JSON starts there on every OS.
        self._handle.seek(0)
        self._handle.truncate()
        self._handle.write(json.dumps(holder).encode("utf-8"))
        self._handle.flush()

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is None:
            return
        with contextlib.suppress(OSError):
            handle.seek(0)
            handle.truncate()
            handle.flush()
        _unlock(handle)
        handle.close()


if sys.platform == "win32":
    import msvcrt

    def _lock_nonblocking(handle: IO[bytes]) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        with contextlib.suppress(OSError):
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock_nonblocking(handle: IO[bytes]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid()) if hasattr(os, "getuid") else "?"


def read_holder(path: Path) -> LockHolder | None:
    """Who wrote the lock file last; ``None`` if nobody holds it or the file says nothing."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
        return LockHolder(
            pid=int(data["pid"]),
            hostname=str(data["hostname"]),
            user=str(data["user"]),
            since=str(data["since"]),
            program=str(data["program"]),
        )
    except (ValueError, KeyError, TypeError):
        return None


class InstanceLock:
    """Held for as long as a client has the working directory open."""

    def __init__(self, paths: WorkdirPaths, lock: _FileLock) -> None:
        self.paths = paths
        self._lock = lock

    @classmethod
    def acquire(cls, paths: WorkdirPaths, program: str = "bebpo-client") -> InstanceLock:
        """Take the instance lock or raise :class:`AlreadyOpen` naming the holder."""
        lock = _FileLock(paths.instance_lock)
        if not lock.try_acquire():
            raise AlreadyOpen(paths.root, read_holder(paths.instance_lock))
        lock.write_holder(program)
        return cls(paths, lock)

    @property
    def held(self) -> bool:
        return self._lock.held

    def release(self) -> None:
        self._lock.release()

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def instance_holder(paths: WorkdirPaths) -> LockHolder | None:
    """The live holder of the instance lock, or ``None`` when the working directory is free."""
    if not paths.instance_lock.exists():
        return None
    probe = _FileLock(paths.instance_lock)
    if probe.try_acquire():
        probe.release()
        return None
    return read_holder(paths.instance_lock)


@contextlib.contextmanager
def operation_lock(
    paths: WorkdirPaths,
    operation: str,
    *,
    timeout: float = 0.0,
    program: str = "bebpo-client",
    poll_interval: float = 0.05,
) -> Iterator[None]:
    """Run the ``with`` body while no other process runs ``operation`` on this working directory.

    Waits up to ``timeout`` seconds, then raises :class:`OperationBusy` naming the holder.
    """
    lock = _FileLock(paths.operation_lock(operation))
    deadline = time.monotonic() + timeout
    while not lock.try_acquire():
        if time.monotonic() >= deadline:
            raise OperationBusy(paths.root, operation, read_holder(lock.path))
        time.sleep(poll_interval)
    lock.write_holder(program)
    try:
        yield
    finally:
        lock.release()
