"""Scanning bytes while they are produced.

The fetch decrypts an attachment once; :class:`BackgroundScan` hands each decrypted chunk to a
worker thread that runs the ordinary :meth:`Scanner.scan` over it. clamd thus receives the
plaintext while it is decrypted and scans (in its own process, on the other core) while the
caller stores the attachment, instead of after it. The end of the data is signalled only when
the producer says so (after the decryption's tag verified); :meth:`abort` makes the scanner's
source raise, so no verdict is given on bytes that turned out not to be authentic.
"""

from __future__ import annotations

import queue
import threading
from types import TracebackType
from typing import Final

from client.sandbox.result import Scanner, ScanResult

_END: Final = b""


class ScanAborted(Exception):
    """Raised inside the scanner's source when the producer gave up (not a sandbox error: the
    producer's own error is the one that counts)."""


class _Feed:
    """The file-like source the scanner reads: chunks from a bounded queue."""

    def __init__(self, depth: int) -> None:
        self.chunks: queue.Queue[bytes | BaseException] = queue.Queue(maxsize=depth)
        self._rest = b""
        self._ended = False

    def read(self, size: int = -1) -> bytes:
        if not self._rest and not self._ended:
            item = self.chunks.get()
            if isinstance(item, BaseException):
                self._ended = True
                raise ScanAborted("the producer stopped") from item
            self._ended = item == _END
            self._rest = item
        if size < 0 or size >= len(self._rest):
            data, self._rest = self._rest, b""
        else:
            data, self._rest = self._rest[:size], self._rest[size:]
        return data


class BackgroundScan:
    """``write`` chunks, then ``end`` and ``result``; or ``abort``. A context manager that aborts
    and waits for the worker when the block raises."""

    def __init__(self, scanner: Scanner, *, name: str = "", depth: int = 8) -> None:
        self._feed = _Feed(depth)
        self._done = threading.Event()
        self._result: ScanResult | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(scanner, name), name="scan", daemon=True
        )
        self._thread.start()

    def _run(self, scanner: Scanner, name: str) -> None:
        try:
            self._result = scanner.scan(self._feed, name=name)
        except BaseException as exc:  # handed to the caller by result()
            self._error = exc
        finally:
            self._done.set()

    def write(self, data: bytes) -> None:
        """Queue ``data`` for the scanner; blocks while the queue is full. Once the scanner has
        stopped reading (a size limit, clamd hung up) the rest is dropped: its result says why."""
        if data:
            self._put(bytes(data))

    def end(self) -> None:
        """No more data: the scanner may give its verdict."""
        self._put(_END)

    def abort(self, error: BaseException | None = None) -> None:
        """Stop the scan without a verdict and wait for the worker."""
        self._put(error or ScanAborted("aborted"))
        self._done.wait()

    def result(self, timeout: float | None = None) -> ScanResult:
        """Wait for the verdict; re-raises what the scanner raised."""
        if not self._done.wait(timeout):
            raise TimeoutError("the scan did not finish in time")
        if self._result is None:
            raise self._error or ScanAborted("the scan gave no result")
        return self._result

    def _put(self, item: bytes | BaseException) -> None:
        while not self._done.is_set():
            try:
                self._feed.chunks.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def __enter__(self) -> BackgroundScan:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is not None:
            self.abort(exc)
