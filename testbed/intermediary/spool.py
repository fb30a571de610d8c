"""Temporary files of the intermediary: request bodies, spill files of big MIME parts, responses.

They live in ``<data>/spool/`` (never in /tmp: a 200 MB message must not fill a small tmpfs) as
nameless files (``O_TMPFILE`` where available), so a crash leaves nothing behind. Every file made
while a request runs is closed when the request ends (:meth:`Spool.request`), which keeps the
number of open files bounded however many parts a message has.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from profiles.paths import ensure_private_dir

READ_CHUNK = 1024 * 1024


class Spool:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        if folder.exists():
            shutil.rmtree(folder)  # left over from a crash: nothing in here is needed
        ensure_private_dir(folder)
        self._local = threading.local()

    def file(self) -> BinaryIO:
        """A fresh, empty temporary file (closed at the end of the current request)."""
        handle: BinaryIO = tempfile.TemporaryFile(dir=self.folder)  # noqa: SIM115 (closed by request())
        files: list[BinaryIO] | None = getattr(self._local, "files", None)
        if files is not None:
            files.append(handle)
        return handle

    @contextmanager
    def request(self) -> Iterator[None]:
        self._local.files = []
        try:
            yield
        finally:
            files: list[BinaryIO] = self._local.files
            self._local.files = None
            for handle in files:
                handle.close()

    def subfolder(self, name: str) -> Path:
        return ensure_private_dir(self.folder / name)


class SliceReader(io.RawIOBase):
    """Reads ``length`` bytes of a file from ``offset`` (a chunk of a prepared response)."""

    def __init__(self, path: Path, offset: int, length: int) -> None:
        super().__init__()
        self._file = path.open("rb")
        self._file.seek(offset)
        self._left = length

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._left <= 0:
            return 0
        data = self._file.read(min(len(buffer), self._left))
        buffer[: len(data)] = data
        self._left -= len(data)
        return len(data)

    def close(self) -> None:
        self._file.close()
        super().close()
