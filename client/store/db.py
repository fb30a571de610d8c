"""SQLCipher connections, transactions and the mapping of SQLite failures to store errors.

* The database key is derived from the master key (never the password) and given as a raw key
  (``x'…'``), so opening costs no PBKDF2; SQLCipher 4 settings are pinned with
  ``cipher_compatibility = 4`` so a later SQLCipher with other defaults still opens the file.
* WAL journal, ``synchronous = FULL`` (a commit is on disk when it returns: the fetch code relies
  on that before it acknowledges a delivery), foreign keys on, ``secure_delete`` on, temporary
  tables in memory, a busy timeout so two client instances wait for each other instead of failing.
* One writer per process: every write runs in :meth:`Database.write` (a process-wide lock around
  ``BEGIN IMMEDIATE`` … ``COMMIT``); between processes SQLite's own locking serialises writers.
  Reads use one connection per thread and see committed snapshots.
* Environment failures (busy, disk full, I/O, read-only, damaged) become :class:`StoreBusy`,
  :class:`StoreDiskError` or :class:`StoreCorrupt`; anything else is a bug and propagates
  unchanged.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, cast

import sqlcipher3  # type: ignore[import-untyped]

from client.store.errors import StoreBusy, StoreClosed, StoreCorrupt, StoreDiskError
from profiles.paths import PRIVATE_FILE_MODE

logger = logging.getLogger(__name__)

DEFAULT_BUSY_TIMEOUT_S = 30.0


class Row(Protocol):
    def __getitem__(self, key: str | int, /) -> Any: ...

    def keys(self) -> list[str]: ...


class Cursor(Protocol):
    lastrowid: int | None
    rowcount: int

    def fetchone(self) -> Row | None: ...

    def fetchall(self) -> list[Row]: ...

    def __iter__(self) -> Iterator[Row]: ...


class Connection(Protocol):
    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Sequence[Sequence[Any]], /) -> Cursor: ...

    def executescript(self, sql: str, /) -> Cursor: ...

    def close(self) -> None: ...


DatabaseError = sqlcipher3.DatabaseError
IntegrityError = sqlcipher3.IntegrityError

_BUSY = {"SQLITE_BUSY", "SQLITE_LOCKED"}
_DISK = {"SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM"}
_CORRUPT = {"SQLITE_CORRUPT", "SQLITE_NOTADB"}


def _base_name(exc: BaseException) -> str:
    # Extended codes (SQLITE_IOERR_WRITE, SQLITE_BUSY_SNAPSHOT …) count as their primary code.
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    return "_".join(name.split("_")[:2])


def map_error(exc: BaseException, path: Path, busy_timeout_s: float) -> BaseException:
    """The store error for an SQLite failure of the environment, or ``exc`` itself (a bug)."""
    if not isinstance(exc, sqlcipher3.Error):
        return exc
    original: BaseException = exc
    name = _base_name(exc)
    if name in _BUSY or "database is locked" in str(exc):
        return StoreBusy(path=path, seconds=busy_timeout_s)
    if name in _DISK:
        return StoreDiskError(path=path, reason=str(exc))
    if name in _CORRUPT:
        return StoreCorrupt(path=path, reason=str(exc))
    return original


def private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if it is missing. SQLite would create it with the
    umask's mode, and gives its -wal and -shm files the mode of the database file."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))


class Database:
    """The store's SQLCipher database file."""

    def __init__(
        self, path: Path, key: bytes, *, busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S
    ) -> None:
        if len(key) != 32:
            raise ValueError("the database key has 32 bytes")
        self.path = path
        self.busy_timeout_s = busy_timeout_s
        self._key_hex = key.hex()
        self._write_lock = threading.RLock()
        self._write_depth = 0
        self._writer: Connection | None = None
        self._local = threading.local()
        self._connections: list[Connection] = []
        self._connections_lock = threading.Lock()
        self._closed = False

    # ------------------------------------------------------------ connections

    def connect(self) -> Connection:
        """A new keyed connection (the caller closes it, or :meth:`close` does)."""
        if self._closed:
            raise StoreClosed()
        private_file(self.path)
        try:
            raw = sqlcipher3.connect(
                str(self.path),
                timeout=self.busy_timeout_s,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlcipher3.Error as exc:
            raise map_error(exc, self.path, self.busy_timeout_s) from exc
        conn = cast(Connection, raw)
        raw.row_factory = sqlcipher3.Row
        try:
            self._prepare(conn)
        except BaseException:
            conn.close()
            raise
        with self._connections_lock:
            self._connections.append(conn)
        return conn

    def _prepare(self, conn: Connection) -> None:
        conn.execute(f"PRAGMA key = \"x'{self._key_hex}'\"")
        conn.execute("PRAGMA cipher_compatibility = 4")
        try:
            conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        except sqlcipher3.DatabaseError as exc:
            mapped = map_error(exc, self.path, self.busy_timeout_s)
            if isinstance(mapped, StoreBusy):
                raise mapped from exc
            raise StoreCorrupt(
                path=self.path, reason="does not open with the store key (damaged or foreign)"
            ) from None
        conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_s * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        mode = conn.execute("PRAGMA journal_mode").fetchone()
        if mode is None or str(mode[0]).lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")

    def reader(self) -> Connection:
        """This thread's read connection."""
        conn: Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self.connect()
            self._local.conn = conn
        return conn

    def _writer_connection(self) -> Connection:
        if self._writer is None:
            self._writer = self.connect()
        return self._writer

    # ------------------------------------------------------------ transactions

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction (``BEGIN IMMEDIATE``); nested calls join the outer one."""
        with self._write_lock:
            if self._closed:
                raise StoreClosed()
            conn = self._writer_connection()
            if self._write_depth:
                self._write_depth += 1
                try:
                    yield conn
                finally:
                    self._write_depth -= 1
                return
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlcipher3.Error as exc:
                raise map_error(exc, self.path, self.busy_timeout_s) from exc
            self._write_depth = 1
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                with contextlib.suppress(sqlcipher3.Error):
                    conn.execute("ROLLBACK")
                mapped = map_error(exc, self.path, self.busy_timeout_s)
                if mapped is exc:
                    raise
                raise mapped from exc
            finally:
                self._write_depth = 0

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction: every query inside sees the same committed snapshot."""
        if self._closed:
            raise StoreClosed()
        conn = self.reader()
        try:
            conn.execute("BEGIN")
        except sqlcipher3.Error as exc:
            raise map_error(exc, self.path, self.busy_timeout_s) from exc
        try:
            yield conn
        except sqlcipher3.Error as exc:
            mapped = map_error(exc, self.path, self.busy_timeout_s)
            if mapped is exc:
                raise
            raise mapped from exc
        finally:
            with contextlib.suppress(sqlcipher3.Error):
                conn.execute("COMMIT")

    def user_version(self, conn: Connection) -> int:
        row = conn.execute("PRAGMA user_version").fetchone()
        return int(row[0]) if row is not None else 0

    def close(self) -> None:
        with self._write_lock:
            self._closed = True
            with self._connections_lock:
                connections, self._connections = self._connections, []
            for conn in connections:
                with contextlib.suppress(sqlcipher3.Error):
                    conn.close()
            self._writer = None
            self._local = threading.local()
