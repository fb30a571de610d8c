"""Chunked AES-256-GCM: round trips at chunk boundaries; every kind of damage is detected."""

from __future__ import annotations

import io
import os

import pytest

from client.store.stream import TAG_SIZE, ChunkOpener, ChunkSealer, StreamDamaged

KEY = bytes(range(32))
AAD = b"header"
CHUNK = 64


def _seal(data: bytes, *, chunk: int = CHUNK, key: bytes = KEY, aad: bytes = AAD) -> bytes:
    out = io.BytesIO()
    sealer = ChunkSealer(out, key=key, aad=aad, chunk_size=chunk)
    for start in range(0, len(data), 50):  # writes that do not line up with chunks
        sealer.write(data[start : start + 50])
    sealer.close()
    return out.getvalue()


def _open(sealed: bytes, *, key: bytes = KEY, aad: bytes = AAD) -> bytes:
    return ChunkOpener(io.BytesIO(sealed), key=key, aad=aad, chunk_size=CHUNK).read_all()


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 5 * CHUNK + 3])
def test_round_trip(size: int) -> None:
    data = os.urandom(size)
    sealed = _seal(data)
    chunks = max(1, -(-size // CHUNK))
    assert len(sealed) == size + chunks * TAG_SIZE
    assert _open(sealed) == data


def test_read_in_small_pieces() -> None:
    data = os.urandom(3 * CHUNK + 10)
    opener = ChunkOpener(io.BytesIO(_seal(data)), key=KEY, aad=AAD, chunk_size=CHUNK)
    pieces = []
    while piece := opener.read(7):
        pieces.append(piece)
    assert b"".join(pieces) == data
    assert opener.at_end


def _damage(kind: str, sealed: bytes) -> bytes:
    size = CHUNK + TAG_SIZE
    if kind == "flip":
        return sealed[:70] + bytes([sealed[70] ^ 1]) + sealed[71:]
    if kind == "truncate-at-chunk":
        return sealed[: 2 * size]
    if kind == "truncate-inside":
        return sealed[:-5]
    if kind == "append":
        return sealed + os.urandom(size)
    if kind == "swap":
        return sealed[size : 2 * size] + sealed[:size] + sealed[2 * size :]
    raise AssertionError(kind)


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("flip", "authentication failed"),
        ("truncate-at-chunk", "truncated"),
        ("truncate-inside", "authentication failed"),
        ("append", "authentication failed"),
        ("swap", "authentication failed"),
    ],
)
def test_damage_is_detected(kind: str, reason: str) -> None:
    sealed = _seal(os.urandom(4 * CHUNK + 9))
    with pytest.raises(StreamDamaged) as caught:
        _open(_damage(kind, sealed))
    assert reason in caught.value.reason


def test_wrong_key_or_header_fails() -> None:
    sealed = _seal(b"secret")
    with pytest.raises(StreamDamaged):
        _open(sealed, key=bytes(32))
    with pytest.raises(StreamDamaged):
        _open(sealed, aad=b"other header")


def test_empty_input_is_a_missing_chunk() -> None:
    with pytest.raises(StreamDamaged) as caught:
        _open(b"")
    assert caught.value.chunk == 0
