"""One scanner per mailbox session.

A private clamd loads its signature database at start: milliseconds with the demo signatures,
tens of seconds (and about 1 GB) with the official ``main``/``daily`` databases. Starting one
for every fetch and every rescan would make the clerk wait that long each time, so the session
keeps the scanner it opened: opened at the first need, or in the background as soon as the
mailbox is unlocked (:meth:`ScannerSession.prepare`), reused by later fetches and rescans,
replaced when the scanner settings change, and closed with the mailbox.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future

from client.core.errors import ClientError
from client.sandbox import Scanner
from profiles.settings import ScannerSettings

log = logging.getLogger(__name__)

Opener = Callable[[ScannerSettings], Scanner]


class ScannerReplaced(ClientError):
    """The scanner being opened was replaced (settings changed) or closed meanwhile."""


class ScannerSession:
    def __init__(self, opener: Opener) -> None:
        self._opener = opener
        self._lock = threading.Lock()
        self._settings: ScannerSettings | None = None
        self._future: Future[Scanner] | None = None

    def prepare(self, settings: ScannerSettings) -> None:
        """Open the scanner for ``settings`` in the background unless it is open or opening."""
        self._future_for(settings)

    def get(self, settings: ScannerSettings) -> Scanner:
        """The scanner for ``settings``, opened if need be (waits until it is ready). An opening
        that failed raises here, and the next call tries again."""
        future = self._future_for(settings)
        try:
            return future.result()
        except BaseException:
            with self._lock:
                if self._future is future:
                    self._future, self._settings = None, None
            raise

    def close(self) -> None:
        with self._lock:
            future, self._future, self._settings = self._future, None, None
        _close(future)

    def _future_for(self, settings: ScannerSettings) -> Future[Scanner]:
        with self._lock:
            if self._future is not None and self._settings == settings:
                return self._future
            old, self._settings = self._future, settings
            future: Future[Scanner] = Future()
            self._future = future
        _close(old)  # other settings: the old scanner (a private clamd) stops
        threading.Thread(
            target=self._open, args=(future, settings), name="scanner-start", daemon=True
        ).start()
        return future

    def _open(self, future: Future[Scanner], settings: ScannerSettings) -> None:
        try:
            scanner = self._opener(settings)
        except BaseException as exc:  # handed to whoever waits in get()
            future.set_exception(exc)
            return
        with self._lock:
            # Under the lock: whoever replaces this future either finds it done (and closes the
            # scanner) or finds it still opening (and leaves the closing to this thread).
            current = self._future is future
            if current:
                future.set_result(scanner)
        if not current:  # closed or replaced while it started
            scanner.close()
            future.set_exception(ScannerReplaced("the scanner settings changed while it started"))


def _close(future: Future[Scanner] | None) -> None:
    if future is None or not future.done() or future.exception() is not None:
        return  # still opening: _open closes it once it notices it was replaced
    try:
        future.result().close()
    except Exception:  # closing must not hide the caller's own work
        log.warning("Closing the scanner failed.", exc_info=True)
