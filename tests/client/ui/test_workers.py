"""Background jobs report progress on the GUI thread and can be cancelled; the Qt binding
does not lose references (PySide6 6.12.0 on Python 3.11 did, and crashed after a few
thousand signal emissions)."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QLabel

from client.core.errors import Cancelled
from client.ui.services import ProgressCallback
from client.ui.workers import Job

pytestmark = pytest.mark.gui


def test_job_progress_arrives_on_the_gui_thread(qtbot) -> None:
    threads: list[bool] = []

    def work(progress: ProgressCallback, cancel: threading.Event) -> str:
        for n in range(1, 4):
            progress(n, 3, f"Schritt {n}")
        return "fertig"

    job = Job(work)
    seen: list[tuple[int, int, str]] = []

    def on_progress(done: int, total: int, text: str) -> None:
        threads.append(QThread.currentThread() is job.thread())
        seen.append((done, total, text))

    job.progressed.connect(on_progress)
    with qtbot.waitSignal(job.finished, timeout=5_000) as finished:
        job.start()
    assert finished.args == ["fertig"]
    assert seen == [(1, 3, "Schritt 1"), (2, 3, "Schritt 2"), (3, 3, "Schritt 3")]
    assert all(threads)
    assert not job.running


def test_job_cancel(qtbot) -> None:
    started = threading.Event()

    def work(progress: ProgressCallback, cancel: threading.Event) -> None:
        started.set()
        if not cancel.wait(5):
            raise AssertionError("not cancelled")
        raise Cancelled()

    job = Job(work)
    with qtbot.waitSignal(job.failed, timeout=5_000) as failed:
        job.start()
        assert started.wait(5)
        job.cancel()
    assert isinstance(failed.args[0], Cancelled)


class _Emitter(QObject):
    fired = Signal(int)


def test_binding_keeps_reference_counts() -> None:
    emitter, label = _Emitter(), QLabel()
    emitter.fired.connect(lambda value: None)
    before = sys.getrefcount(True), sys.getrefcount(None)
    for n in range(200):
        emitter.fired.emit(n)
        label.setText(str(n))
    after = sys.getrefcount(True), sys.getrefcount(None)
    assert after[0] >= before[0] - 5, "Signal.emit loses references to True (PySide6 bug)"
    assert after[1] >= before[1] - 5, "void calls lose references to None (PySide6 bug)"
