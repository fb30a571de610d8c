"""The blob folder: raw OSCI messages, decrypted content and attachments, each one file.

Id-addressed, not content-addressed (docs/decisions/0302-blob-format.md): a blob's name is a
random 128-bit id (``blobs/ab/ab12….blob``). A name derived from the content would tell anyone
with the folder whether a known document is stored; the SHA-256 of the plaintext is kept inside
the encrypted database instead.

File layout, all integers big-endian::

    magic "BBPOBLOB" | version u8 = 1 | flags u8 = 0 | chunk size u32 | blob id 16 | salt 32
    sealed chunks (see client.store.stream), header bytes as associated data

The per-blob key is HKDF-SHA256(blob root key, salt, info = purpose ‖ blob id). A blob is written
to ``blobs/.tmp/``, fsynced, renamed into place and the folder fsynced before the writer returns:
once :meth:`BlobWriter.finish` returns, the blob survives a crash.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import struct
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from client.store.errors import BlobCorrupt, BlobMissing, UnsupportedFormat
from client.store.model import BlobInfo
from client.store.stream import (
    DEFAULT_CHUNK_SIZE,
    MAX_CHUNK_SIZE,
    BinarySource,
    ChunkOpener,
    ChunkSealer,
    StreamDamaged,
)
from profiles.paths import PRIVATE_FILE_MODE, ensure_private_dir, fsync_dir

logger = logging.getLogger(__name__)

BLOB_MAGIC = b"BBPOBLOB"
BLOB_VERSION = 1
_HEADER = struct.Struct(">8sBBI16s32s")
HEADER_SIZE = _HEADER.size
BLOB_SUFFIX = ".blob"
TMP_FOLDER = ".tmp"
# Files in .tmp older than this belong to a crashed writer (a live one finishes much sooner).
STALE_TMP_S = 24 * 3600.0


def new_blob_id() -> str:
    return uuid.uuid4().hex


def _check_id(blob_id: str) -> bytes:
    try:
        raw = bytes.fromhex(blob_id)
    except ValueError:
        raw = b""
    if len(raw) != 16 or blob_id != raw.hex():
        raise ValueError(f"not a blob id: {blob_id!r}")
    return raw


def chunk_key(root_key: bytes, salt: bytes, stream_id: bytes, purpose: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=salt, info=purpose + b"\x00" + stream_id
    ).derive(root_key)


def make_header(blob_id: bytes, salt: bytes, chunk_size: int) -> bytes:
    return _HEADER.pack(BLOB_MAGIC, BLOB_VERSION, 0, chunk_size, blob_id, salt)


def parse_header(data: bytes, *, path: Path, label: str) -> tuple[bytes, bytes, int]:
    """``(stream id, salt, chunk size)`` of a blob-format header; raises :class:`BlobCorrupt`."""
    if len(data) < HEADER_SIZE:
        raise BlobCorrupt(blob_id=label, chunk=-1, reason="shorter than its header")
    magic, version, flags, chunk_size, stream_id, salt = _HEADER.unpack(data[:HEADER_SIZE])
    if magic != BLOB_MAGIC:
        raise BlobCorrupt(blob_id=label, chunk=-1, reason="not a store blob")
    if version > BLOB_VERSION:
        raise UnsupportedFormat(path=path, what="blob", version=version, supported=BLOB_VERSION)
    if version != BLOB_VERSION or flags != 0 or not 1 <= chunk_size <= MAX_CHUNK_SIZE:
        raise BlobCorrupt(blob_id=label, chunk=-1, reason="header values out of range")
    return stream_id, salt, chunk_size


class BlobWriter:
    """Streams plaintext into one new encrypted blob. Use as a context manager or call
    :meth:`finish` / :meth:`abort`. Holds at most one chunk of plaintext in memory."""

    def __init__(
        self, *, handle: BinaryIO, tmp: Path, final: Path, blob_id: str, sealer: ChunkSealer
    ) -> None:
        self.blob_id = blob_id
        self._handle = handle
        self._tmp = tmp
        self._final = final
        self._sealer = sealer
        self._sha = hashlib.sha256()
        self.info: BlobInfo | None = None

    def write(self, data: bytes | bytearray | memoryview) -> int:
        self._sha.update(data)
        return self._sealer.write(data)

    def write_from(self, source: BinarySource, chunk_size: int = DEFAULT_CHUNK_SIZE) -> None:
        while True:
            data = source.read(chunk_size)
            if not data:
                return
            self.write(data)

    def finish(self) -> BlobInfo:
        """Seal, fsync, rename into place, fsync the folder; the blob is durable on return."""
        if self.info is not None:
            return self.info
        try:
            self._sealer.close()
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
            folder = self._final.parent
            if not folder.is_dir():
                ensure_private_dir(folder)
                fsync_dir(folder.parent)
            os.replace(self._tmp, self._final)
            fsync_dir(folder)
        except BaseException:
            self.abort()
            raise
        self.info = BlobInfo(self.blob_id, self._sealer.plaintext_bytes, self._sha.hexdigest())
        return self.info

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            self._handle.close()
        self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> BlobWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.finish()
        else:
            self.abort()


class BlobReader:
    """Decrypting, verifying reader of one blob (``read(size)`` like a binary file)."""

    def __init__(self, handle: BinaryIO, opener: ChunkOpener, blob_id: str) -> None:
        self.blob_id = blob_id
        self._handle = handle
        self._opener = opener

    def read(self, size: int = -1, /) -> bytes:
        try:
            return self._opener.read(size)
        except StreamDamaged as exc:
            raise BlobCorrupt(blob_id=self.blob_id, chunk=exc.chunk, reason=exc.reason) from None

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class BlobStore:
    """The ``blobs/`` folder of one store, keyed by the blob root key."""

    PURPOSE = b"bebpo-store/v1/blob-chunk"

    def __init__(
        self, folder: Path, root_key: bytes, *, chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> None:
        self.folder = folder
        self._root_key = root_key
        self._chunk_size = chunk_size
        ensure_private_dir(folder)
        ensure_private_dir(folder / TMP_FOLDER)

    def path(self, blob_id: str) -> Path:
        _check_id(blob_id)
        return self.folder / blob_id[:2] / f"{blob_id}{BLOB_SUFFIX}"

    def writer(self) -> BlobWriter:
        blob_id = new_blob_id()
        raw_id = _check_id(blob_id)
        salt = os.urandom(32)
        header = make_header(raw_id, salt, self._chunk_size)
        tmp = self.folder / TMP_FOLDER / f"{blob_id}.{os.getpid()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
        handle = os.fdopen(fd, "wb")
        try:
            handle.write(header)
            key = chunk_key(self._root_key, salt, raw_id, self.PURPOSE)
            sealer = ChunkSealer(handle, key=key, aad=header, chunk_size=self._chunk_size)
        except BaseException:
            handle.close()
            tmp.unlink(missing_ok=True)
            raise
        return BlobWriter(
            handle=handle, tmp=tmp, final=self.path(blob_id), blob_id=blob_id, sealer=sealer
        )

    def write(self, source: BinarySource | bytes) -> BlobInfo:
        """Store ``source`` (bytes or a readable stream) as a new blob; durable on return."""
        with self.writer() as writer:
            if isinstance(source, bytes | bytearray | memoryview):
                writer.write(source)
            else:
                writer.write_from(source, self._chunk_size)
        return writer.finish()

    def open(self, blob_id: str) -> BlobReader:
        path = self.path(blob_id)
        try:
            handle = path.open("rb")
        except FileNotFoundError:
            raise BlobMissing(blob_id=blob_id, path=path) from None
        try:
            header = handle.read(HEADER_SIZE)
            stream_id, salt, chunk_size = parse_header(header, path=path, label=blob_id)
            if stream_id != _check_id(blob_id):
                raise BlobCorrupt(blob_id=blob_id, chunk=-1, reason="the file is another blob")
            key = chunk_key(self._root_key, salt, stream_id, self.PURPOSE)
            opener = ChunkOpener(handle, key=key, aad=header, chunk_size=chunk_size)
        except StreamDamaged as exc:
            handle.close()
            raise BlobCorrupt(blob_id=blob_id, chunk=exc.chunk, reason=exc.reason) from None
        except BaseException:
            handle.close()
            raise
        return BlobReader(handle, opener, blob_id)

    def read_bytes(self, blob_id: str) -> bytes:
        with self.open(blob_id) as reader:
            return reader.read()

    def verify(self, blob_id: str, expected: BlobInfo | None = None) -> BlobInfo:
        """Decrypt the whole blob; with ``expected``, also compare size and SHA-256."""
        sha = hashlib.sha256()
        size = 0
        with self.open(blob_id) as reader:
            while data := reader.read(self._chunk_size):
                sha.update(data)
                size += len(data)
        info = BlobInfo(blob_id, size, sha.hexdigest())
        if expected is not None and (expected.size, expected.sha256) != (size, info.sha256):
            raise BlobCorrupt(
                blob_id=blob_id, chunk=-1, reason="content differs from the recorded SHA-256"
            )
        return info

    def delete(self, blob_id: str) -> bool:
        try:
            self.path(blob_id).unlink()
        except FileNotFoundError:
            return False
        return True

    def ids_on_disk(self) -> Iterator[str]:
        for shard in self.folder.iterdir():
            if shard.name == TMP_FOLDER or not shard.is_dir():
                continue
            for entry in shard.iterdir():
                if entry.name.endswith(BLOB_SUFFIX):
                    yield entry.name[: -len(BLOB_SUFFIX)]

    def clean_stale_tmp(self, *, older_than_s: float = STALE_TMP_S) -> int:
        """Remove half-written blobs of crashed writers; returns how many."""
        limit = time.time() - older_than_s
        removed = 0
        for entry in (self.folder / TMP_FOLDER).iterdir():
            with contextlib.suppress(FileNotFoundError):
                if entry.stat().st_mtime < limit:
                    entry.unlink()
                    removed += 1
        if removed:
            logger.info("Removed %d unfinished blob files of crashed writers.", removed)
        return removed
