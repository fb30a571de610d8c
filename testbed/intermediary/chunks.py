"""The chunking extension on the intermediary's side (osci.md §12), always on disk.

:class:`Assemblies` collects the chunks of PartialStoreDelivery: one folder per (sender,
message id) with one file per chunk and a ``state.json``, so a restart of the intermediary keeps
what was received and the client can continue (InfoOnly tells it which chunks are there).

:func:`chunk_part` cuts one chunk of a prepared response file for PartialFetchDelivery without
reading more than a buffer at a time.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from osci import codes
from osci.errors import FeedbackError
from osci.mime import MimePart
from osci.model import ChunkInformation
from osci.transport.chunked import (
    FETCH_BLOB,
    PARTIAL_SUFFIX,
)
from osci.wire import OutgoingPart, read_chunks
from profiles.paths import atomic_write_bytes, ensure_private_dir
from testbed.intermediary.config import KB, IntermediaryConfig
from testbed.intermediary.spool import READ_CHUNK, SliceReader


def refuse(code: str) -> FeedbackError:
    return FeedbackError(feedback_code=code, text=codes.describe(code))


def base_message_id(message_id: str) -> str:
    """PartialStoreDelivery carries the id with the suffix ``_Partial`` (osci.md §12)."""
    return message_id.removesuffix(PARTIAL_SUFFIX)


def kilobytes(size: int) -> int:
    return max(1, math.ceil(size / KB))


@dataclass
class Assembly:
    folder: Path
    message_id: str
    sender: str
    total: int
    chunk_kb: int
    total_kb: int
    received: dict[int, int] = field(default_factory=dict)  # chunk number -> size

    @property
    def complete(self) -> bool:
        return len(self.received) == self.total

    @property
    def received_numbers(self) -> tuple[int, ...]:
        return tuple(sorted(self.received))

    @property
    def size(self) -> int:
        return sum(self.received.values())

    def chunks(self) -> Iterator[bytes]:
        """The reassembled inner message, streamed chunk by chunk."""
        for number in range(1, self.total + 1):
            with (self.folder / f"{number}.chunk").open("rb") as handle:
                while data := handle.read(READ_CHUNK):
                    yield data

    def save(self) -> None:
        state = {
            "message_id": self.message_id,
            "sender": self.sender,
            "total": self.total,
            "chunk_kb": self.chunk_kb,
            "total_kb": self.total_kb,
            "received": {str(k): v for k, v in self.received.items()},
        }
        atomic_write_bytes(self.folder / "state.json", json.dumps(state).encode())


class Assemblies:
    """Chunks of PartialStoreDelivery messages in progress, persisted in ``folder``."""

    def __init__(self, folder: Path, config: IntermediaryConfig) -> None:
        self.folder = ensure_private_dir(folder)
        self.config = config

    def _folder(self, sender: str, message_id: str) -> Path:
        digest = hashlib.sha256(f"{sender}\n{message_id}".encode()).hexdigest()[:40]
        return self.folder / digest

    def get(self, sender: str, message_id: str) -> Assembly | None:
        folder = self._folder(sender, message_id)
        try:
            state = json.loads((folder / "state.json").read_bytes())
        except (OSError, ValueError):
            return None
        return Assembly(
            folder,
            state["message_id"],
            state["sender"],
            state["total"],
            state["chunk_kb"],
            state["total_kb"],
            {int(k): v for k, v in state["received"].items()},
        )

    def _check(self, chunk: ChunkInformation) -> tuple[int, int, int, int]:
        number, size_kb = chunk.chunk_number, chunk.chunk_size
        total, total_kb = chunk.total_chunk_numbers, chunk.total_message_size
        if number is None or size_kb is None or total is None or total_kb is None:
            raise refuse("9905")
        if total < 1 or size_kb < 1 or total_kb < 1 or total * size_kb < total_kb:
            raise refuse("9905")
        if total_kb > self.config.max_message_kb:
            raise refuse("9904")
        if size_kb > self.config.max_chunk_kb:
            raise refuse("9902")
        if size_kb < self.config.min_chunk_kb and total > 1:
            raise refuse("9903")
        if not 1 <= number <= total:
            raise refuse("9901")
        return number, size_kb, total, total_kb

    def add(
        self, sender: str, message_id: str, chunk: ChunkInformation, data: MimePart
    ) -> Assembly:
        """Store one chunk; raises a FeedbackError with a 99xx code when it does not fit."""
        number, size_kb, total, total_kb = self._check(chunk)
        assembly = self.get(sender, message_id)
        if assembly is None:
            assembly = Assembly(
                ensure_private_dir(self._folder(sender, message_id)),
                message_id,
                sender,
                total,
                size_kb,
                total_kb,
            )
        elif (assembly.total, assembly.chunk_kb, assembly.total_kb) != (total, size_kb, total_kb):
            raise refuse("9905")
        if number in assembly.received:
            raise refuse("9900")
        if data.size > size_kb * KB:
            raise refuse("9902")
        if number < total and data.size != size_kb * KB:
            raise refuse("9903" if data.size < size_kb * KB else "9902")
        target = assembly.folder / f"{number}.chunk"
        with data.body.open() as source, target.open("wb") as sink:
            shutil.copyfileobj(source, sink, READ_CHUNK)
        assembly.received[number] = data.size
        assembly.save()
        if assembly.complete and kilobytes(assembly.size) != total_kb:
            self.discard(assembly)
            raise refuse("9905")
        return assembly

    def discard(self, assembly: Assembly) -> None:
        shutil.rmtree(assembly.folder, ignore_errors=True)


@dataclass(frozen=True)
class PreparedFetch:
    """A complete ResponseToFetchDelivery written to a file, handed out in chunks."""

    message_id: str
    path: Path
    size: int
    chunk_bytes: int

    @property
    def total(self) -> int:
        return max(1, math.ceil(self.size / self.chunk_bytes))

    def information(self, number: int) -> ChunkInformation:
        return ChunkInformation(
            chunk_number=number,
            total_chunk_numbers=self.total,
            total_message_size=kilobytes(self.size),
        )

    def part(self, number: int) -> OutgoingPart:
        offset = (number - 1) * self.chunk_bytes
        length = max(0, min(self.chunk_bytes, self.size - offset))
        return chunk_part(self.path, offset, length, FETCH_BLOB)

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def chunk_part(path: Path, offset: int, length: int, content_id: str) -> OutgoingPart:
    def opener() -> BinaryIO:
        return io.BufferedReader(SliceReader(path, offset, length), READ_CHUNK)

    digest = hashlib.sha256()
    with opener() as reader:
        for data in read_chunks(reader):
            digest.update(data)
    return OutgoingPart(content_id, length, digest.digest(), opener)
