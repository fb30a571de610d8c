"""The one bridge from the core's event bus to Qt signals (house rule 4).

Create it on the GUI thread: its signal is then delivered there (queued) whichever worker thread
published the event.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from client.core.events import EventBus


class EventBridge(QObject):
    event_received = Signal(object)  # an Event

    def __init__(self, bus: EventBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe: Callable[[], None] = bus.subscribe(self.event_received.emit)

    def detach(self) -> None:
        self._unsubscribe()
