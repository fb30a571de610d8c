"""Backup of a working directory's store into one encrypted file, and verified restore.

Format (docs/decisions/0303-backup-format.md), integers big-endian::

    "BBPOBACK" | version u8 = 1 | header length u32 | header (JSON)
    sealed chunks (client.store.stream), AD = every byte before them

The header carries the store id, the key id, a random salt and *copies of the key wraps* as they
were at backup time. The archive key is HKDF(master key, "backup", salt): the backup opens with
the mailbox password of that time (or the recovery key) and needs no extra secret. The plaintext
is a PAX tar stream: ``store/mailbox.db`` (a ``VACUUM INTO`` snapshot, still SQLCipher-encrypted),
every blob file the snapshot references (copied as is, still encrypted), the working directory's
small files (scenario, settings, favourites, ``keys/``), and last ``manifest.json`` with counts,
the journal head and the SHA-256 of every member.

Consistency while the client runs: the snapshot is one read transaction; blob files are immutable
and only deleted while nobody holds the ``backup`` operation lock, which the backup holds from the
snapshot until the last blob is copied.

Restore writes into a staging folder inside the target working directory, verifies everything
(manifest hashes, ``integrity_check``, ``cipher_integrity_check``, counts, every blob decrypts to
its recorded SHA-256, the journal chain), and only then moves the store into place.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import struct
import tarfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from client.store import journal
from client.store._context import BACKUP_LOCK, StoreContext
from client.store.blobs import BLOB_SUFFIX
from client.store.db import Connection, Database, private_file
from client.store.errors import (
    BlobMissing,
)
from client.store.keys import (
    KeyFiles,
    MasterKey,
)
from client.store.states import JournalAction
from client.store.stream import DEFAULT_CHUNK_SIZE, ChunkSealer
from profiles.lock import operation_lock
from profiles.paths import ensure_private_dir, fsync_dir

BACKUP_MAGIC = b"BBPOBACK"
BACKUP_VERSION = 1
BACKUP_FORMAT = "bebpo-store-backup"
DB_FILE = "mailbox.db"
TMP_FOLDER = "tmp"
_PREFIX = struct.Struct(">8sBI")
_MAX_HEADER = 1 << 20
_WORKDIR_FILES = ("scenario.toml", "settings.toml", "favourites.json")
_BLOB_MEMBER = re.compile(r"^store/blobs/([0-9a-f]{2})/([0-9a-f]{32})\.blob$")
_WORKDIR_MEMBER = re.compile(
    r"^workdir/(scenario\.toml|settings\.toml|favourites\.json"
    r"|keys/[A-Za-z0-9][A-Za-z0-9._ -]{0,200})$"
)


@dataclass(frozen=True)
class BackupReport:
    path: Path
    size: int
    sha256: str
    messages: int
    attachments: int
    blobs: int
    journal_entries: int
    created_at: datetime


@dataclass(frozen=True)
class RestoreReport:
    store_folder: Path
    store_id: str
    key_id: str
    messages: int
    attachments: int
    blobs: int
    journal_entries: int
    files: tuple[str, ...]


def _archive_key(master: MasterKey, salt: bytes) -> bytes:
    return master.derive("backup", context=salt)


class _HashingSink:
    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        self.size += len(data)
        self._handle.write(data)
        return len(data)


def _sha256_file(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        while data := handle.read(DEFAULT_CHUNK_SIZE):
            sha.update(data)
    return sha.hexdigest()


COUNTED_TABLES = ("messages", "attachments", "blobs", "journal")


def table_counts(conn: Connection) -> dict[str, int]:
    """Rows per table, recorded in the manifest and compared on restore."""
    return {
        table: int(conn.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])  # noqa: S608 - constant names
        for table in COUNTED_TABLES
    }


def _counts(db: Database) -> dict[str, int]:
    with db.read() as conn:
        return table_counts(conn)


# ---------------------------------------------------------------- backup


def create_backup(
    ctx: StoreContext, master: MasterKey, keys: KeyFiles, target: Path, *, schema_version: int
) -> BackupReport:
    """Write a backup of the open store to ``target`` (a new file; never overwrites)."""
    if target.exists():
        raise FileExistsError(target)
    tmp_folder = ensure_private_dir(ctx.folder / TMP_FOLDER)
    snapshot = tmp_folder / f"snapshot-{uuid.uuid4().hex}.db"
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.partial")
    created_at = ctx.now()
    try:
        with operation_lock(ctx.paths, BACKUP_LOCK, timeout=30.0, program="bebpo-backup"):
            _snapshot(ctx.db, snapshot)
            snap_db = Database(snapshot, master.database_key())
            try:
                blobs = _blob_list(snap_db)
                counts = _counts(snap_db)
                with snap_db.read() as conn:
                    head = journal.verify(conn, anchor=ctx.anchor).head_hash
            finally:
                snap_db.close()
            for suffix in ("-wal", "-shm"):
                Path(f"{snapshot}{suffix}").unlink(missing_ok=True)
            header = _header(master, keys, created_at, schema_version)
            with partial.open("xb") as handle:
                sink = _HashingSink(handle)
                prefix = _PREFIX.pack(BACKUP_MAGIC, BACKUP_VERSION, len(header)) + header
                sink.write(prefix)
                salt = base64.b64decode(json.loads(header)["salt"])
                sealer = ChunkSealer(
                    sink,
                    key=_archive_key(master, salt),
                    aad=prefix,
                    chunk_size=DEFAULT_CHUNK_SIZE,
                )
                extra = {"counts": counts, "journal_head": head, "store_id": master.store_id}
                _write_tar(ctx, sealer, snapshot, blobs, extra)
                sealer.close()
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(partial, target)
        fsync_dir(target.parent)
    finally:
        snapshot.unlink(missing_ok=True)
        partial.unlink(missing_ok=True)
    report = BackupReport(
        path=target,
        size=sink.size,
        sha256=sink.sha.hexdigest(),
        messages=counts["messages"],
        attachments=counts["attachments"],
        blobs=counts["blobs"],
        journal_entries=counts["journal"],
        created_at=created_at,
    )
    with ctx.db.write() as conn:
        ctx.journal(
            conn,
            JournalAction.BACKUP_CREATED,
            details={
                "file": target.name,
                "size": report.size,
                "sha256": report.sha256,
                "messages": report.messages,
                "blobs": report.blobs,
            },
        )
    return report


def _snapshot(db: Database, snapshot: Path) -> None:
    """A consistent copy of the live database (one read transaction), encrypted as the live one."""
    private_file(snapshot)  # VACUUM INTO accepts an empty file; this one has mode 0600
    conn = db.connect()
    try:
        conn.execute("VACUUM INTO ?", (str(snapshot),))
    finally:
        conn.close()


def _blob_list(db: Database) -> list[str]:
    with db.read() as conn:
        return [str(r["id"]) for r in conn.execute("SELECT id FROM blobs ORDER BY id")]


def _header(master: MasterKey, keys: KeyFiles, created_at: datetime, schema: int) -> bytes:
    recovery = keys.recovery_path.read_text("ascii") if keys.recovery_path.exists() else None
    doc = {
        "format": BACKUP_FORMAT,
        "version": BACKUP_VERSION,
        "store_id": master.store_id,
        "key_id": master.key_id,
        "created_at": created_at.isoformat(timespec="seconds"),
        "schema_version": schema,
        "salt": base64.b64encode(os.urandom(32)).decode("ascii"),
        "chunk_size": DEFAULT_CHUNK_SIZE,
        "password_wrap": keys.password_path.read_text("ascii"),
        "recovery_wrap": recovery,
    }
    return json.dumps(doc, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _add(tar: tarfile.TarFile, name: str, path: Path, manifest: dict[str, Any]) -> None:
    info = tarfile.TarInfo(name)
    info.size = path.stat().st_size
    info.mode = 0o600
    info.mtime = int(path.stat().st_mtime)
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        tar.addfile(info, _HashingReader(handle, sha))
    manifest["files"][name] = {"size": info.size, "sha256": sha.hexdigest()}


class _HashingReader:
    def __init__(self, handle: IO[bytes], sha: Any) -> None:
        self._handle = handle
        self._sha = sha

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self._sha.update(data)
        return data


def _write_tar(
    ctx: StoreContext,
    sealer: ChunkSealer,
    snapshot: Path,
    blobs: list[str],
    extra: dict[str, Any],
) -> None:
    manifest: dict[str, Any] = {"format": BACKUP_FORMAT, "files": {}, **extra}
    with tarfile.open(fileobj=sealer, mode="w|", format=tarfile.PAX_FORMAT) as tar:  # type: ignore[call-overload]
        _add(tar, f"store/{DB_FILE}", snapshot, manifest)
        for blob_id in blobs:
            path = ctx.blobs.path(blob_id)
            if not path.is_file():
                raise BlobMissing(blob_id=blob_id, path=path)
            _add(tar, f"store/blobs/{blob_id[:2]}/{blob_id}{BLOB_SUFFIX}", path, manifest)
        for name, path in _workdir_files(ctx.paths.root):
            _add(tar, f"workdir/{name}", path, manifest)
        data = json.dumps(manifest, sort_keys=True).encode("utf-8")
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        info.mode = 0o600
        tar.addfile(info, _BytesReader(data))


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self._data = data
        self._offset = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else self._offset + size
        chunk = self._data[self._offset : end]
        self._offset += len(chunk)
        return chunk


def _workdir_files(root: Path) -> Iterator[tuple[str, Path]]:
    for name in _WORKDIR_FILES:
        if (root / name).is_file():
            yield name, root / name
    keys = root / "keys"
    if keys.is_dir():
        for entry in sorted(keys.iterdir()):
            if entry.is_file() and _WORKDIR_MEMBER.match(f"workdir/keys/{entry.name}"):
                yield f"keys/{entry.name}", entry
