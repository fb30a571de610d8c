from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest

from client.core.events import Event, EventBus


@dataclass(frozen=True)
class ThingHappened(Event):
    number: int


@dataclass(frozen=True)
class OtherThingHappened(Event):
    pass


def test_subscribers_get_matching_events_until_unsubscribed() -> None:
    bus = EventBus()
    everything: list[Event] = []
    things: list[Event] = []
    bus.subscribe(everything.append)
    stop = bus.subscribe(things.append, ThingHappened)
    bus.publish(ThingHappened(1))
    bus.publish(OtherThingHappened())
    stop()
    bus.publish(ThingHappened(2))
    assert things == [ThingHappened(1)]
    assert everything == [ThingHappened(1), OtherThingHappened(), ThingHappened(2)]


@pytest.mark.allow_log_warnings
def test_a_failing_subscriber_does_not_stop_the_others(caplog: pytest.LogCaptureFixture) -> None:
    bus = EventBus()
    seen: list[Event] = []

    def broken(event: Event) -> None:
        raise RuntimeError("kaputt")

    bus.subscribe(broken)
    bus.subscribe(seen.append)
    bus.publish(ThingHappened(3))
    assert seen == [ThingHappened(3)]
    assert "event subscriber failed for ThingHappened" in caplog.text


def test_publish_from_many_threads() -> None:
    bus = EventBus()
    seen: list[Event] = []
    lock = threading.Lock()

    def collect(event: Event) -> None:
        with lock:
            seen.append(event)

    bus.subscribe(collect)
    threads = [
        threading.Thread(target=lambda n=n: [bus.publish(ThingHappened(n)) for _ in range(100)])
        for n in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 800
