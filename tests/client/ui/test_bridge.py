from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QThread

from client.core.events import Event, EventBus
from client.ui.bridge import EventBridge

pytestmark = pytest.mark.gui


@dataclass(frozen=True)
class WorkDone(Event):
    thread_name: str


def test_events_from_a_worker_arrive_on_the_gui_thread(qtbot) -> None:
    bus = EventBus()
    bridge = EventBridge(bus)
    received: list[tuple[Event, bool]] = []
    gui_thread = QThread.currentThread()
    bridge.event_received.connect(
        lambda e: received.append((e, QThread.currentThread() is gui_thread))
    )
    worker = threading.Thread(target=lambda: bus.publish(WorkDone("worker")))
    with qtbot.waitSignal(bridge.event_received, timeout=5000):
        worker.start()
    worker.join()
    assert received == [(WorkDone("worker"), True)]
    bridge.detach()
    bus.publish(WorkDone("after"))
    qtbot.wait(50)
    assert len(received) == 1
