"""Test-wide rules (house rule 10).

* Qt runs offscreen.
* No network beyond loopback: connecting anywhere else, or resolving a name other than
  ``localhost``, raises :class:`NetworkBlocked`.
* Warnings are errors (``filterwarnings = error`` in pyproject.toml); WARNING log records fail the
  test unless it is marked ``allow_log_warnings``.
* Reference data from ``../shared/data`` (or ``$BEBPO_REFERENCE_DATA``): outside CI a test skips
  when it is absent; with ``CI`` set, a missing file fails.
* Every test gets its own base directory (``$BEBPO_BASE_DIR``).
"""

from __future__ import annotations

import ipaddress
import logging
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

REPO_ROOT = Path(__file__).resolve().parent.parent


class NetworkBlocked(RuntimeError):
    pass


def _is_loopback(host: Any) -> bool:
    if host in ("localhost", "localhost.localdomain", ""):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
        raise NetworkBlocked(f"tests may only connect to loopback, not {address!r}")
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> Any:
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
        raise NetworkBlocked(f"tests may only connect to loopback, not {address!r}")
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    if host is not None and not _is_loopback(host if isinstance(host, str) else host.decode()):
        raise NetworkBlocked(f"tests may not resolve {host!r}")
    return _real_getaddrinfo(host, *args, **kwargs)


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", _guarded_getaddrinfo)


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def _fail_on_warning_logs(request: pytest.FixtureRequest) -> Iterator[None]:
    collector = _WarningCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield
    finally:
        root.removeHandler(collector)
    if request.node.get_closest_marker("allow_log_warnings"):
        return
    if collector.records:
        lines = "\n".join(f"{r.levelname} {r.name}: {r.getMessage()}" for r in collector.records)
        pytest.fail(f"unexpected WARNING log records:\n{lines}", pytrace=False)


@pytest.fixture(autouse=True)
def base_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh base directory per test, also exported as ``$BEBPO_BASE_DIR``."""
    base = tmp_path / "base"
    base.mkdir()
    monkeypatch.setenv("BEBPO_BASE_DIR", str(base))
    return base


def reference_data_dir() -> Path:
    env = os.environ.get("BEBPO_REFERENCE_DATA")
    return Path(env) if env else REPO_ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def reference_data() -> Path:
    """The shared reference data folder (OSCI/XJustiz XSDs, the real EGVP message)."""
    return reference_data_dir()


def require_reference(relative: str) -> Path:
    """A reference file: skip outside CI when absent, fail in CI."""
    path = reference_data_dir() / relative
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"reference data missing in CI: {path}", pytrace=False)
        pytest.skip(f"reference data not available: {path}")
    return path
