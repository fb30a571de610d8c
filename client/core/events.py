"""The core's event bus: how services tell the GUI (or the CLI) what happened.

Events are frozen dataclasses named in the past tense (``DeliveryFetched``). Publishing is
thread-safe and synchronous: subscribers run on the publishing (worker) thread, so a subscriber
must be quick and must not touch widgets; the GUI subscribes exactly once, through
``client.ui.bridge``, which re-emits every event as a Qt signal queued to the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    """Base class of all core events."""


Subscriber = Callable[[Event], None]


class EventBus:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: list[tuple[type[Event], Subscriber]] = []

    def subscribe(self, subscriber: Subscriber, kind: type[Event] = Event) -> Callable[[], None]:
        """Call ``subscriber`` for every published event of ``kind``; returns an unsubscribe."""
        entry = (kind, subscriber)
        with self._lock:
            self._subscribers.append(entry)

        def unsubscribe() -> None:
            with self._lock:
                if entry in self._subscribers:
                    self._subscribers.remove(entry)

        return unsubscribe

    def publish(self, event: Event) -> None:
        with self._lock:
            targets = [s for kind, s in self._subscribers if isinstance(event, kind)]
        for subscriber in targets:
            try:
                subscriber(event)
            except Exception:
                # A broken listener must not break the operation that reports progress.
                logger.exception("event subscriber failed for %s", type(event).__name__)
