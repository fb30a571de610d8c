"""Chunked AES-256-GCM for streams of any size with bounded memory (the STREAM construction).

The plaintext is cut into chunks of ``chunk_size`` bytes (the last one may be shorter, and is
empty only for an empty stream). Chunk ``i`` is sealed with AES-256-GCM under one per-stream key,
nonce ``i`` (8 bytes, big-endian) ‖ final flag (1 byte) ‖ three zero bytes, and the stream's header
bytes as associated data. So a chunk cannot be altered, moved to another position, cut off at the
end (the new last chunk was not sealed as final) or appended to, and a header cannot be swapped.
The per-stream key is fresh for every stream (derived from a random salt), so counter nonces never
repeat under one key. See docs/decisions/0302-blob-format.md.

This module only seals and opens; where the bytes live (blob files, spill files, backups) and how
the key is derived is the callers' business.
"""

from __future__ import annotations

from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

TAG_SIZE = 16
DEFAULT_CHUNK_SIZE = 1 << 20
MAX_CHUNK_SIZE = 16 << 20
_FINAL = b"\x01"
_NOT_FINAL = b"\x00"


class BinarySource(Protocol):
    """Anything with ``read(size)`` returning bytes, ``b""`` at the end."""

    def read(self, size: int = ..., /) -> bytes: ...


class BinarySink(Protocol):
    def write(self, data: bytes, /) -> int: ...


class StreamDamaged(Exception):
    """Internal: chunk ``chunk`` failed to open. Callers turn it into their typed error."""

    def __init__(self, *, chunk: int, reason: str) -> None:
        self.chunk = chunk
        self.reason = reason
        super().__init__(f"chunk {chunk}: {reason}")


def _nonce(index: int, final: bool) -> bytes:
    return index.to_bytes(8, "big") + (_FINAL if final else _NOT_FINAL) + b"\x00\x00\x00"


def check_chunk_size(chunk_size: int) -> None:
    if not 1 <= chunk_size <= MAX_CHUNK_SIZE:
        raise ValueError(f"chunk size {chunk_size} out of range")


class ChunkSealer:
    """Encrypts what is written to it into ``out``; :meth:`close` seals the final chunk.

    Holds at most one chunk of plaintext: a full chunk is only sealed once more data arrives,
    because until then it may be the final one.
    """

    def __init__(self, out: BinarySink, *, key: bytes, aad: bytes, chunk_size: int) -> None:
        check_chunk_size(chunk_size)
        self._out = out
        self._aead = AESGCM(key)
        self._aad = aad
        self._chunk_size = chunk_size
        self._buffer = bytearray()
        self._index = 0
        self._closed = False
        self.plaintext_bytes = 0

    def write(self, data: bytes | bytearray | memoryview) -> int:
        if self._closed:
            raise ValueError("write to a closed sealer")
        view = memoryview(data).cast("B")
        size = len(view)
        while len(view):
            if len(self._buffer) == self._chunk_size:
                self._seal(final=False)
            take = self._chunk_size - len(self._buffer)
            self._buffer += view[:take]
            view = view[take:]
        self.plaintext_bytes += size
        return size

    def close(self) -> None:
        """Seal the last (possibly empty) chunk as final. Does not close ``out``."""
        if not self._closed:
            self._seal(final=True)
            self._closed = True

    def _seal(self, *, final: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._index, final), bytes(self._buffer), self._aad)
        self._out.write(sealed)
        self._index += 1
        self._buffer.clear()


class ChunkOpener:
    """Reads and verifies a sealed stream from ``source`` (positioned after the header).

    ``read`` returns plaintext only from chunks that verified. A missing, altered, reordered or
    appended chunk raises :class:`StreamDamaged` at the first bad chunk; truncation at a chunk
    boundary is reported as such.
    """

    def __init__(self, source: BinarySource, *, key: bytes, aad: bytes, chunk_size: int) -> None:
        check_chunk_size(chunk_size)
        self._source = source
        self._aead = AESGCM(key)
        self._aad = aad
        self._sealed_size = chunk_size + TAG_SIZE
        self._index = 0
        self._next = self._read_sealed()
        self._plain = b""
        self._offset = 0
        self._done = False
        self.plaintext_bytes = 0

    def _read_sealed(self) -> bytes:
        parts = []
        wanted = self._sealed_size
        while wanted:
            data = self._source.read(wanted)
            if not data:
                break
            parts.append(data)
            wanted -= len(data)
        return b"".join(parts)

    def _open_next(self) -> None:
        current = self._next
        if len(current) < TAG_SIZE:
            reason = "missing" if not current else "too short"
            raise StreamDamaged(chunk=self._index, reason=f"chunk {reason} (truncated)")
        final = len(current) < self._sealed_size
        if not final:
            self._next = self._read_sealed()
            final = not self._next
        try:
            plain = self._aead.decrypt(_nonce(self._index, final), current, self._aad)
        except InvalidTag:
            raise StreamDamaged(chunk=self._index, reason=self._diagnose(current, final)) from None
        self._index += 1
        self._plain = plain
        self._offset = 0
        self.plaintext_bytes += len(plain)
        if final:
            self._done = True

    def _diagnose(self, sealed: bytes, final: bool) -> str:
        """A name for the failure: truncation leaves a valid non-final chunk at the end."""
        try:
            self._aead.decrypt(_nonce(self._index, not final), sealed, self._aad)
        except InvalidTag:
            return "authentication failed (altered, reordered or foreign data)"
        if final:
            return "the stream ends early (truncated)"
        return "data after the final chunk (appended)"

    def read(self, size: int = -1, /) -> bytes:
        if size is None or size < 0:
            return self.read_all()
        while self._offset >= len(self._plain):
            if self._done:
                return b""
            self._open_next()
        end = min(len(self._plain), self._offset + size)
        data = self._plain[self._offset : end]
        self._offset = end
        return data

    def read_all(self) -> bytes:
        parts = [self._plain[self._offset :]]
        self._offset = len(self._plain)
        while not self._done:
            self._open_next()
            parts.append(self._plain)
            self._offset = len(self._plain)
        return b"".join(parts)

    def read_chunk(self) -> bytes:
        """The rest of the current chunk, or the next one; ``b""`` at the end."""
        return self.read(self._sealed_size)

    @property
    def at_end(self) -> bool:
        return self._done and self._offset >= len(self._plain)

    def drain(self) -> None:
        """Verify the rest of the stream without keeping it."""
        while self.read_chunk():
            pass


def copy_stream(source: BinarySource, sink: ChunkSealer, chunk_size: int) -> None:
    """Feed ``source`` into ``sink`` chunk by chunk."""
    while True:
        data = source.read(chunk_size)
        if not data:
            return
        sink.write(data)
