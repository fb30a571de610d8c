"""Encrypted temporary files for big message parts (DESIGN.md §3: big parts spill to disk).

A :class:`SpillFile` is written once and then read back any number of times. Its key is random
and lives only in the object, so the bytes on disk are useless to anyone else and to this program
after it exits. On POSIX the file is unlinked right after it is created: it has no name while it
is used and vanishes with its last descriptor, even after ``kill -9``. The format is the blob
format (client.store.blobs) under the ephemeral key.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path
from types import TracebackType

from client.store.blobs import HEADER_SIZE, chunk_key, make_header, parse_header
from client.store.errors import BlobCorrupt
from client.store.stream import DEFAULT_CHUNK_SIZE, ChunkOpener, ChunkSealer, StreamDamaged

_PURPOSE = b"bebpo-store/v1/spill"


class _FdWriter:
    def __init__(self, fd: int) -> None:
        self._fd = fd

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]
        return len(data)


class _FdReader:
    """Reads the descriptor from an own offset (``pread``), so readers do not disturb each other."""

    def __init__(self, fd: int, offset: int = 0) -> None:
        self._fd = fd
        self._offset = offset

    def read(self, size: int = -1, /) -> bytes:
        if size < 0:
            size = max(0, os.fstat(self._fd).st_size - self._offset)
        data = os.pread(self._fd, size, self._offset)
        self._offset += len(data)
        return data


class SpillReader:
    def __init__(self, opener: ChunkOpener, label: str) -> None:
        self._opener = opener
        self._label = label

    def read(self, size: int = -1, /) -> bytes:
        try:
            return self._opener.read(size)
        except StreamDamaged as exc:
            raise BlobCorrupt(blob_id=self._label, chunk=exc.chunk, reason=exc.reason) from None


class SpillFile:
    """Write, :meth:`finish`, then :meth:`reader` as often as needed; :meth:`close` deletes it."""

    def __init__(self, folder: Path, *, chunk_size: int = DEFAULT_CHUNK_SIZE) -> None:
        fd, name = tempfile.mkstemp(prefix="spill-", suffix=".tmp", dir=folder)
        self._fd = fd
        self._path: Path | None = Path(name)
        with contextlib.suppress(OSError):  # Windows cannot unlink an open file: close() does
            self._path.unlink()
            self._path = None
        self._key = os.urandom(32)
        stream_id = os.urandom(16)
        salt = os.urandom(32)
        self._header = make_header(stream_id, salt, chunk_size)
        self.label = f"spill-{stream_id.hex()[:8]}"
        _FdWriter(fd).write(self._header)
        self._sealer: ChunkSealer | None = ChunkSealer(
            _FdWriter(fd),
            key=chunk_key(self._key, salt, stream_id, _PURPOSE),
            aad=self._header,
            chunk_size=chunk_size,
        )
        self._sha = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes | bytearray | memoryview) -> int:
        if self._sealer is None:
            raise ValueError("the spill file is finished")
        self._sha.update(data)
        self.size += len(data)
        return self._sealer.write(data)

    def finish(self) -> None:
        if self._sealer is not None:
            self._sealer.close()
            self._sealer = None

    @property
    def sha256(self) -> str:
        return self._sha.hexdigest()

    def reader(self) -> SpillReader:
        self.finish()
        source = _FdReader(self._fd)
        header = source.read(HEADER_SIZE)
        stream_id, salt, chunk_size = parse_header(header, path=Path(self.label), label=self.label)
        if header != self._header:
            raise BlobCorrupt(blob_id=self.label, chunk=-1, reason="header changed")
        key = chunk_key(self._key, salt, stream_id, _PURPOSE)
        try:
            opener = ChunkOpener(source, key=key, aad=header, chunk_size=chunk_size)
        except StreamDamaged as exc:
            raise BlobCorrupt(blob_id=self.label, chunk=exc.chunk, reason=exc.reason) from None
        return SpillReader(opener, self.label)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        if self._path is not None:
            self._path.unlink(missing_ok=True)
            self._path = None

    def __enter__(self) -> SpillFile:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()
