"""Background work for the GUI (house rule 5): the GUI thread never waits.

``run_in_background(fn, on_success, on_failure)`` runs ``fn`` on the global thread pool; the
callbacks arrive on the GUI thread through queued signals. Worker code never touches a widget.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


_live: set[_Relay] = set()


def run_in_background(
    fn: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None],
) -> None:
    """Run ``fn`` in a worker thread; call back on the GUI thread."""
    relay = _Relay()  # created on the GUI thread, so its signals are delivered there
    _live.add(relay)

    def done(result: Any) -> None:
        _live.discard(relay)
        on_success(result)

    def fail(exc: BaseException) -> None:
        _live.discard(relay)
        on_failure(exc)

    relay.succeeded.connect(done)
    relay.failed.connect(fail)
    QThreadPool.globalInstance().start(_Task(fn, relay))


def wait_for_background(timeout_ms: int = 30_000) -> bool:
    """For tests and shutdown: wait until the pool is idle."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)


class _JobRelay(_Relay):
    progressed = Signal(int, int, str)


class Job(QObject):
    """A cancellable background operation with progress (fetch, send, export, scans).

    ``fn(progress, cancel)`` runs on the thread pool; ``progress(done, total, text)`` may be
    called from there and arrives as :attr:`progressed` on the GUI thread. :meth:`cancel` sets
    the event the operation polls; it then raises ``Cancelled``, which arrives as a failure.
    """

    progressed = Signal(int, int, str)
    finished = Signal(object)  # the result
    failed = Signal(object)  # the exception

    def __init__(
        self,
        fn: Callable[[Callable[[int, int, str], None], threading.Event], Any],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.cancel_event = threading.Event()
        self.running = False
        self._fn = fn
        self._relay = _JobRelay()
        self._relay.progressed.connect(self.progressed)
        self._relay.succeeded.connect(self._on_succeeded)
        self._relay.failed.connect(self._on_failed)

    def start(self) -> Job:
        relay, fn, cancel = self._relay, self._fn, self.cancel_event
        self.running = True
        _live_jobs.add(self)
        QThreadPool.globalInstance().start(_Task(lambda: fn(relay.progressed.emit, cancel), relay))
        return self

    def cancel(self) -> None:
        self.cancel_event.set()

    def _on_succeeded(self, result: Any) -> None:
        self.running = False
        _live_jobs.discard(self)
        self.finished.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        self.running = False
        _live_jobs.discard(self)
        self.failed.emit(exc)


_live_jobs: set[Job] = set()
