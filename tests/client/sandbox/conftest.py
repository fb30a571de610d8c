"""Fixtures for the sandbox tests (the session clamd lives in tests/client/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from profiles.paths import WorkdirPaths


@pytest.fixture
def workdir(base_dir: Path) -> WorkdirPaths:
    paths = WorkdirPaths.for_scenario(base_dir, "demo")
    paths.create()
    return paths


@pytest.fixture
def quarantine(workdir: WorkdirPaths) -> Path:
    """The working directory's 0700 quarantine folder."""
    return workdir.quarantine
