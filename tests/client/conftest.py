"""Fixtures shared by the client tests: a real private clamd with the shipped demo signatures.

Outside CI a machine without clamd skips the tests that need it; in CI a missing clamd fails
them (like ``require_reference``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from client.sandbox import (
    ClamdScanner,
    PrivateClamd,
    demo_signature_dir,
    find_clamd,
)


def require_clamd() -> str:
    """The clamd binary: skip outside CI when absent, fail in CI."""
    path = find_clamd()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("clamd is required in CI (Debian package clamav-daemon)", pytrace=False)
        pytest.skip("clamd is not installed")
    return path


@pytest.fixture(scope="session")
def clamd_binary() -> str:
    return require_clamd()


@pytest.fixture(scope="session")
def private_clamd(
    clamd_binary: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PrivateClamd]:
    """One real private clamd for the whole session (the demo signatures; default limits)."""
    quarantine = tmp_path_factory.mktemp("session-quarantine")
    daemon = PrivateClamd(demo_signature_dir(), temp_parent=quarantine, executable=clamd_binary)
    with daemon:
        yield daemon


@pytest.fixture
def clamd_scanner(private_clamd: PrivateClamd) -> ClamdScanner:
    assert private_clamd.running, "the session clamd died"
    return ClamdScanner(
        private_clamd.address,
        stream_max_length=private_clamd.limits.stream_max_length,
        signature_version=private_clamd.signature_version,
    )
