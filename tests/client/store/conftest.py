"""Fixtures for the store tests: real SQLCipher stores in each test's own base directory.

The scrypt cost is lowered (``FAST_SCRYPT``) so unlocking takes milliseconds; the production cost
is exercised once in test_keys. A controllable clock makes retention deterministic.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from client.store import Actor, MailboxStore, ScryptParams
from profiles.paths import WorkdirPaths

REPO_ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "Richtig-Geheim-2024"
FAST_SCRYPT = ScryptParams(n=1 << 10, r=8, p=1)
ACTOR = Actor(os_user="tester", person="Erika Mustermann")


class FakeClock:
    """A clock the test moves by hand (timezone-aware, starts 2024-03-01 09:00 UTC)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2024, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def paths(base_dir: Path) -> WorkdirPaths:
    workdir = WorkdirPaths.for_scenario(base_dir, "demo")
    workdir.create()
    return workdir


@pytest.fixture
def store(paths: WorkdirPaths, clock: FakeClock) -> Iterator[MailboxStore]:
    opened = MailboxStore.create(paths, PASSWORD, scrypt=FAST_SCRYPT, actor=ACTOR, clock=clock)
    try:
        yield opened
    finally:
        opened.close()


def reopen(paths: WorkdirPaths, clock: FakeClock | None = None) -> MailboxStore:
    return MailboxStore.open(paths, PASSWORD, actor=ACTOR, clock=clock or FakeClock())
