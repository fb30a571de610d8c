"""Shared pieces for tests that need the test PKI or the directory / validation services.

The PKI is made once per test process (keys cached across runs in pytest's cache folder, so only
the very first run pays the ~10 s of RSA key generation). Tests that change PKI state (revoke)
take a private copy with :func:`pki_copy`.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from testbed._soap import ServiceServer
from testbed.directory.server import directory_server
from testbed.directory.service import PATH as DIRECTORY_PATH
from testbed.directory.service import DirectoryService
from testbed.pki import TestPki
from testbed.validation.server import validation_server
from testbed.validation.service import PATH as VALIDATION_PATH
from testbed.validation.service import ValidationService
from tests.conftest import REPO_ROOT

_SESSION: dict[str, TestPki] = {}

INTERMEDIARY_URL = "http://127.0.0.1:47180/osci-manager-entry/externalentry"


def session_pki(config: pytest.Config, factory: pytest.TempPathFactory) -> TestPki:
    """One PKI per test process, made from cached keys."""
    if "pki" not in _SESSION:
        cache = getattr(config, "cache", None)
        key_cache = cache.mkdir("testbed-pki-keys") if cache is not None else None
        _SESSION["pki"] = TestPki.create(factory.mktemp("pki"), key_cache=key_cache)
    return _SESSION["pki"]


def pki_copy(pki: TestPki, target: Path) -> TestPki:
    shutil.copytree(pki.folder, target)
    return TestPki.load(target)


@contextlib.contextmanager
def running_directory(
    data: Path, pki: TestPki, intermediary_url: str = INTERMEDIARY_URL
) -> Iterator[tuple[ServiceServer, DirectoryService, str]]:
    server, service = directory_server(data, pki, intermediary_url=intermediary_url)
    server.start()
    try:
        yield server, service, server.url(DIRECTORY_PATH)
    finally:
        server.stop()


@contextlib.contextmanager
def running_validation(
    data: Path, pki: TestPki, ocsp_url: str | None = None
) -> Iterator[tuple[ServiceServer, ValidationService, str]]:
    server, service = validation_server(data, pki, ocsp_url=ocsp_url, ocsp_timeout=2.0)
    server.start()
    try:
        yield server, service, server.url(VALIDATION_PATH)
    finally:
        server.stop()


def run_testbed(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``python -m testbed …`` to completion (operator commands)."""
    return subprocess.run(
        [sys.executable, "-m", "testbed", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO_ROOT,
        check=False,
    )
