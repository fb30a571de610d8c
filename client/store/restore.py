"""Restoring a backup (client.store.backup) into a new working directory, verified first."""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import os
import shutil
import tarfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.hazmat.primitives.asymmetric import rsa

from client.store import journal
from client.store.backup import (
    _BLOB_MEMBER,
    _PREFIX,
    _WORKDIR_MEMBER,
    BACKUP_FORMAT,
    BACKUP_MAGIC,
    BACKUP_VERSION,
    DB_FILE,
    RestoreReport,
    _archive_key,
    table_counts,
)
from client.store.blobs import BlobStore
from client.store.db import Database
from client.store.errors import (
    BackupCorrupt,
    BackupWrongPassword,
    BlobCorrupt,
    BlobMissing,
    KeyFileCorrupt,
    NoRecoveryWrap,
    RestoreTargetNotEmpty,
    RestoreVerificationFailed,
    StoreError,
    UnsupportedFormat,
    WrongPassword,
)
from client.store.keys import (
    PASSWORD_WRAP_FILE,
    RECOVERY_WRAP_FILE,
    MasterKey,
    unwrap_password,
    unwrap_recovery,
)
from client.store.model import Actor, BlobInfo, Clock, utc_now
from client.store.schema import SCHEMA_VERSION
from client.store.states import JournalAction
from client.store.stream import MAX_CHUNK_SIZE, ChunkOpener, StreamDamaged
from profiles.paths import WorkdirPaths, atomic_write_bytes, ensure_private_dir, fsync_dir

_MAX_HEADER = 1 << 20
_STAGING_PREFIX = ".restore-"


@dataclass(frozen=True)
class BackupHeader:
    """What the unencrypted header says (shown before asking for the password)."""

    path: Path
    store_id: str
    key_id: str
    created_at: str
    schema_version: int
    chunk_size: int
    salt: bytes
    password_wrap: bytes
    recovery_wrap: bytes | None
    prefix: bytes  # every byte before the sealed chunks (their associated data)


def read_backup_header(archive: Path) -> BackupHeader:
    with archive.open("rb") as handle:
        return _read_header(handle, archive)


def _read_header(handle: IO[bytes], archive: Path) -> BackupHeader:
    start = handle.read(_PREFIX.size)
    if len(start) < _PREFIX.size:
        raise BackupCorrupt(path=archive, reason="too short for a backup")
    magic, version, length = _PREFIX.unpack(start)
    if magic != BACKUP_MAGIC:
        raise BackupCorrupt(path=archive, reason="not a mailbox backup")
    if version > BACKUP_VERSION:
        raise UnsupportedFormat(
            path=archive, what="backup", version=version, supported=BACKUP_VERSION
        )
    if version != BACKUP_VERSION or not 0 < length <= _MAX_HEADER:
        raise BackupCorrupt(path=archive, reason="header out of range")
    raw = handle.read(length)
    if len(raw) != length:
        raise BackupCorrupt(path=archive, reason="header truncated")
    try:
        doc = json.loads(raw.decode("utf-8"))
        if doc["format"] != BACKUP_FORMAT:
            raise ValueError("format")
        chunk_size = int(doc["chunk_size"])
        if not 1 <= chunk_size <= MAX_CHUNK_SIZE:
            raise ValueError("chunk size")
        recovery = doc.get("recovery_wrap")
        return BackupHeader(
            path=archive,
            store_id=str(doc["store_id"]),
            key_id=str(doc["key_id"]),
            created_at=str(doc["created_at"]),
            schema_version=int(doc["schema_version"]),
            chunk_size=chunk_size,
            salt=base64.b64decode(doc["salt"], validate=True),
            password_wrap=str(doc["password_wrap"]).encode("ascii"),
            recovery_wrap=str(recovery).encode("ascii") if recovery else None,
            prefix=start + raw,
        )
    except (UnicodeError, ValueError, KeyError, TypeError, binascii.Error):
        raise BackupCorrupt(path=archive, reason="header unreadable") from None


def _unlock(
    header: BackupHeader, password: str | None, recovery_key: rsa.RSAPrivateKey | None
) -> MasterKey:
    try:
        if recovery_key is not None:
            if header.recovery_wrap is None:
                raise NoRecoveryWrap(folder=header.path)
            master = unwrap_recovery(header.recovery_wrap, recovery_key, header.path)
        elif password is not None:
            master = unwrap_password(header.password_wrap, password, header.path)
        else:
            raise ValueError("restore needs the password or the recovery key")
    except WrongPassword:
        raise BackupWrongPassword(path=header.path) from None
    except KeyFileCorrupt as exc:
        raise BackupCorrupt(path=header.path, reason=f"key wrap: {exc.reason}") from None
    if master.key_id != header.key_id or master.store_id != header.store_id:
        raise BackupCorrupt(path=header.path, reason="the key wrap belongs to another store")
    return master


def restore_backup(
    archive: Path,
    target: WorkdirPaths,
    *,
    password: str | None = None,
    recovery_key: rsa.RSAPrivateKey | None = None,
    actor: Actor | None = None,
    clock: Clock = utc_now,
) -> RestoreReport:
    """Restore ``archive`` into the working directory ``target`` (whose store must be empty).

    ``password`` is the mailbox password *at backup time*; or give the authority's
    ``recovery_key``. Raises :class:`BackupWrongPassword`, :class:`BackupCorrupt`,
    :class:`RestoreTargetNotEmpty` or :class:`RestoreVerificationFailed`; on any failure nothing
    is left in the target's store.
    """
    if target.store.exists() and any(target.store.iterdir()):
        raise RestoreTargetNotEmpty(path=target.store)
    target.create()
    for old in target.root.glob(f"{_STAGING_PREFIX}*"):
        shutil.rmtree(old, ignore_errors=True)
    staging = ensure_private_dir(target.root / f"{_STAGING_PREFIX}{uuid.uuid4().hex[:12]}")
    try:
        with archive.open("rb") as handle:
            header = _read_header(handle, archive)
            master = _unlock(header, password, recovery_key)
            opener = ChunkOpener(
                handle,
                key=_archive_key(master, header.salt),
                aad=header.prefix,
                chunk_size=header.chunk_size,
            )
            extracted, manifest = _extract(opener, staging, archive)
        _check_manifest(archive, extracted, manifest)
        store = staging / "store"
        ensure_private_dir(store)
        atomic_write_bytes(store / PASSWORD_WRAP_FILE, header.password_wrap)
        if header.recovery_wrap is not None:
            atomic_write_bytes(store / RECOVERY_WRAP_FILE, header.recovery_wrap)
        counts = _verify(store, master, manifest, archive, header, actor or Actor.current(), clock)
        files = _move_into_place(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return RestoreReport(
        store_folder=target.store,
        store_id=master.store_id,
        key_id=master.key_id,
        messages=counts["messages"],
        attachments=counts["attachments"],
        blobs=counts["blobs"],
        journal_entries=counts["journal"],
        files=files,
    )


def _member_path(name: str, staging: Path) -> Path | None:
    """Where an archive member goes in the staging folder; ``None`` for an unknown name."""
    if name == f"store/{DB_FILE}" or _BLOB_MEMBER.match(name) or _WORKDIR_MEMBER.match(name):
        return staging.joinpath(*name.split("/"))
    return None


def _extract(
    opener: ChunkOpener, staging: Path, archive: Path
) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    extracted: dict[str, dict[str, Any]] = {}
    manifest: dict[str, Any] | None = None
    try:
        with tarfile.open(fileobj=opener, mode="r|") as tar:  # type: ignore[call-overload]
            for member in tar:
                if manifest is not None:
                    raise BackupCorrupt(path=archive, reason="data after the manifest")
                if not member.isreg() or member.name in extracted:
                    raise BackupCorrupt(path=archive, reason=f"unexpected member {member.name!r}")
                source = tar.extractfile(member)
                if source is None:
                    raise BackupCorrupt(path=archive, reason=f"unreadable member {member.name!r}")
                if member.name == "manifest.json":
                    manifest = json.loads(source.read(1 << 24).decode("utf-8"))
                    continue
                path = _member_path(member.name, staging)
                if path is None:
                    raise BackupCorrupt(path=archive, reason=f"unexpected member {member.name!r}")
                extracted[member.name] = _write_member(source, path)
        opener.drain()  # the final chunk must verify: nothing cut off after the tar end
    except StreamDamaged as exc:
        raise BackupCorrupt(path=archive, reason=f"chunk {exc.chunk}: {exc.reason}") from None
    except (tarfile.TarError, UnicodeError, ValueError) as exc:
        raise BackupCorrupt(path=archive, reason=f"archive unreadable: {exc}") from None
    if manifest is None:
        raise BackupCorrupt(path=archive, reason="the manifest is missing")
    return extracted, manifest


def _write_member(source: IO[bytes], path: Path) -> dict[str, Any]:
    ensure_private_dir(path.parent)
    sha = hashlib.sha256()
    size = 0
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        while data := source.read(1 << 20):
            sha.update(data)
            size += len(data)
            out.write(data)
        out.flush()
        os.fsync(out.fileno())
    return {"size": size, "sha256": sha.hexdigest()}


def _check_manifest(
    archive: Path, extracted: dict[str, dict[str, Any]], manifest: dict[str, Any]
) -> None:
    listed = manifest.get("files")
    if not isinstance(listed, dict) or set(listed) != set(extracted):
        raise BackupCorrupt(path=archive, reason="members differ from the manifest")
    for name, facts in extracted.items():
        if listed[name] != facts:
            raise BackupCorrupt(path=archive, reason=f"{name} differs from the manifest")


def _verify(
    store: Path,
    master: MasterKey,
    manifest: dict[str, Any],
    archive: Path,
    header: BackupHeader,
    actor: Actor,
    clock: Clock,
) -> dict[str, int]:
    problems: list[str] = []
    db = Database(store / DB_FILE, master.database_key())
    try:
        with db.read() as conn:
            version = db.user_version(conn)
            if version > SCHEMA_VERSION:
                problems.append(f"schema {version} is newer than {SCHEMA_VERSION}")
            check = [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
            if check != ["ok"]:
                problems.append(f"integrity_check: {check[:3]}")
            cipher = conn.execute("PRAGMA cipher_integrity_check").fetchall()
            if cipher:
                problems.append(f"cipher_integrity_check: {len(cipher)} problems")
            counts = table_counts(conn)
            blobs = [
                (str(r["id"]), int(r["size"]), str(r["sha256"]))
                for r in conn.execute("SELECT id, size, sha256 FROM blobs ORDER BY id")
            ]
            chain = journal.verify(conn, anchor=master.journal_anchor())
        if counts != manifest.get("counts"):
            problems.append(f"counts {counts} differ from the manifest {manifest.get('counts')}")
        if not chain.ok:
            problems.append(f"journal broken at entry {chain.first_broken_id}: {chain.reason}")
        elif chain.head_hash != manifest.get("journal_head"):
            problems.append("the journal head differs from the manifest")
        problems += _verify_blobs(store, master, blobs)
        if problems:
            raise RestoreVerificationFailed(path=archive, problems=tuple(problems))
        with db.write() as conn:
            journal.append(
                conn,
                anchor=master.journal_anchor(),
                actor=actor,
                at=clock(),
                action=JournalAction.STORE_RESTORED,
                details={
                    "archive": archive.name,
                    "backup_created_at": header.created_at,
                    "messages": counts["messages"],
                    "blobs": counts["blobs"],
                },
            )
        counts["journal"] += 1
    except StoreError as exc:
        if isinstance(exc, RestoreVerificationFailed):
            raise
        raise RestoreVerificationFailed(path=archive, problems=(str(exc),)) from exc
    finally:
        db.close()
    return counts


def _verify_blobs(store: Path, master: MasterKey, blobs: list[tuple[str, int, str]]) -> list[str]:
    problems = []
    blob_store = BlobStore(store / "blobs", master.blob_root_key())
    for blob_id, size, sha256 in blobs:
        try:
            blob_store.verify(blob_id, BlobInfo(blob_id, size, sha256))
        except (BlobCorrupt, BlobMissing) as exc:
            problems.append(str(exc))
    return problems


def _move_into_place(staging: Path, target: WorkdirPaths) -> tuple[str, ...]:
    workdir = staging / "workdir"
    moves: list[tuple[Path, Path]] = []
    if workdir.is_dir():
        for path in sorted(workdir.rglob("*")):
            if path.is_file():
                destination = target.root / path.relative_to(workdir)
                if destination.exists():
                    raise RestoreTargetNotEmpty(path=destination)
                moves.append((path, destination))
    with contextlib.suppress(FileNotFoundError):
        target.store.rmdir()  # empty (checked before); the staging store replaces it
    os.replace(staging / "store", target.store)
    fsync_dir(target.root)
    for source, destination in moves:
        ensure_private_dir(destination.parent)
        os.replace(source, destination)
        fsync_dir(destination.parent)
    return tuple(str(d.relative_to(target.root)) for _, d in moves)
