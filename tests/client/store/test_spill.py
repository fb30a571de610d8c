"""Encrypted spill files for big parts: nameless on disk, readable several times, tamper-evident."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from client.store import BlobCorrupt, SpillFile


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "spill"
    path.mkdir()
    return path


def test_written_once_read_twice_and_gone(folder: Path) -> None:
    data = os.urandom(300_000)
    with SpillFile(folder, chunk_size=65536) as spill:
        for start in range(0, len(data), 70_000):
            spill.write(data[start : start + 70_000])
        assert list(folder.iterdir()) == []  # unlinked while in use
        assert spill.size == len(data)
        first, second = spill.reader(), spill.reader()
        assert first.read(1000) == data[:1000]
        assert second.read() == data
        assert first.read() == data[1000:]
    assert list(folder.iterdir()) == []


def test_a_finished_spill_file_takes_no_more_data(folder: Path) -> None:
    with SpillFile(folder) as spill:
        spill.write(b"abc")
        spill.finish()
        with pytest.raises(ValueError, match="finished"):
            spill.write(b"more")


def test_altered_bytes_are_detected(folder: Path) -> None:
    with SpillFile(folder, chunk_size=1024) as spill:
        spill.write(b"x" * 5000)
        spill.finish()
        os.pwrite(spill._fd, b"\x00\x00", 200)
        with pytest.raises(BlobCorrupt):
            spill.reader().read()
