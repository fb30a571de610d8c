"""Blob files: AES-256-GCM at rest, tamper-evident, streamed with bounded memory."""

from __future__ import annotations

import gc
import hashlib
import io
import os
import time
import tracemalloc
from pathlib import Path

import pytest

from client.store import BlobCorrupt, BlobMissing
from client.store.blobs import BLOB_MAGIC, HEADER_SIZE, TMP_FOLDER, BlobStore
from client.store.errors import UnsupportedFormat
from tests.client.store.helpers import GeneratedStream, MiB

ROOT_KEY = os.urandom(32)


@pytest.fixture
def blobs(tmp_path: Path) -> BlobStore:
    return BlobStore(tmp_path / "blobs", ROOT_KEY, chunk_size=4096)


def _read(store: BlobStore, blob_id: str) -> bytes:
    with store.open(blob_id) as reader:
        return reader.read()


def test_round_trip_and_info(blobs: BlobStore) -> None:
    data = os.urandom(10_000)
    info = blobs.write(data)
    assert info.size == len(data)
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    assert _read(blobs, info.blob_id) == data
    assert blobs.verify(info.blob_id, info) == info
    assert list(blobs.ids_on_disk()) == [info.blob_id]
    assert list((blobs.folder / TMP_FOLDER).iterdir()) == []


def test_the_file_holds_no_plaintext(blobs: BlobStore) -> None:
    data = b"Vertraulicher Schriftsatz " * 500
    info = blobs.write(io.BytesIO(data))
    raw = blobs.path(info.blob_id).read_bytes()
    assert raw.startswith(BLOB_MAGIC)
    assert b"Vertraulich" not in raw
    assert blobs.path(info.blob_id).stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("where", ["header", "first-chunk", "last-byte"])
def test_one_altered_byte_is_a_typed_error(blobs: BlobStore, where: str) -> None:
    info = blobs.write(os.urandom(3 * 4096 + 100))
    path = blobs.path(info.blob_id)
    raw = bytearray(path.read_bytes())
    index = {"header": 20, "first-chunk": HEADER_SIZE + 10, "last-byte": len(raw) - 1}[where]
    raw[index] ^= 0x01
    path.write_bytes(bytes(raw))
    with pytest.raises(BlobCorrupt) as caught:
        _read(blobs, info.blob_id)
    assert caught.value.blob_id == info.blob_id


def test_truncated_and_swapped_blobs_are_detected(blobs: BlobStore) -> None:
    first = blobs.write(os.urandom(3 * 4096))
    second = blobs.write(os.urandom(3 * 4096))
    path = blobs.path(first.blob_id)
    path.write_bytes(path.read_bytes()[: HEADER_SIZE + 4096 + 16])
    with pytest.raises(BlobCorrupt, match="truncated"):
        _read(blobs, first.blob_id)
    path.write_bytes(blobs.path(second.blob_id).read_bytes())
    with pytest.raises(BlobCorrupt, match="another blob"):
        _read(blobs, first.blob_id)


def test_a_different_root_key_cannot_read(blobs: BlobStore) -> None:
    info = blobs.write(b"data")
    stranger = BlobStore(blobs.folder, os.urandom(32))
    with pytest.raises(BlobCorrupt):
        _read(stranger, info.blob_id)


def test_missing_and_newer_blobs(blobs: BlobStore) -> None:
    with pytest.raises(BlobMissing):
        blobs.open("0" * 32)
    info = blobs.write(b"data")
    path = blobs.path(info.blob_id)
    raw = bytearray(path.read_bytes())
    raw[8] = 99  # format version
    path.write_bytes(bytes(raw))
    with pytest.raises(UnsupportedFormat):
        blobs.open(info.blob_id)
    with pytest.raises(ValueError, match="not a blob id"):
        blobs.path("../../etc/passwd")


def test_an_aborted_writer_leaves_nothing(blobs: BlobStore) -> None:
    def failing_producer() -> None:
        with blobs.writer() as writer:
            writer.write(b"half")
            raise RuntimeError("producer failed")

    with pytest.raises(RuntimeError):
        failing_producer()
    assert list(blobs.ids_on_disk()) == []
    assert list((blobs.folder / TMP_FOLDER).iterdir()) == []


def test_stale_tmp_files_are_cleaned(blobs: BlobStore) -> None:
    stale = blobs.folder / TMP_FOLDER / "0123.1.tmp"
    stale.write_bytes(b"x")
    old = time.time() - 2 * 86400
    os.utime(stale, (old, old))
    fresh = blobs.folder / TMP_FOLDER / "4567.1.tmp"
    fresh.write_bytes(b"y")
    assert blobs.clean_stale_tmp() == 1
    assert [p.name for p in (blobs.folder / TMP_FOLDER).iterdir()] == ["4567.1.tmp"]


@pytest.mark.slow
def test_a_200_mb_blob_streams_with_bounded_memory(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs", ROOT_KEY)
    size = 200 * 1000 * 1000
    source = GeneratedStream(size)
    gc.collect()
    tracemalloc.start()
    try:
        info = store.write(source)
        _, write_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        sha = hashlib.sha256()
        with store.open(info.blob_id) as reader:
            while data := reader.read(MiB):
                sha.update(data)
        _, read_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.size == size
    assert info.sha256 == source.sha.hexdigest() == sha.hexdigest()
    assert write_peak < 16 * MiB, write_peak
    assert read_peak < 16 * MiB, read_peak
