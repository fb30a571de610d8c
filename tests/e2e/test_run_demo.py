"""The README's first command: ``./run-demo`` sets up, starts the testbed with the demo mailboxes,
opens the client on DEMO and stops the testbed again when the client ends (here with ``--smoke``,
which quits the window once it is up)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.testbed.support import run_testbed

pytestmark = pytest.mark.slow


def _testbed_processes(data: Path) -> list[str]:
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if "testbed" in cmdline and str(data) in cmdline:
            found.append(cmdline)
    return found


def test_run_demo_opens_the_client_on_demo_and_stops_the_testbed(
    tmp_path: Path, pytestconfig: pytest.Config
) -> None:
    demo = tmp_path / "demo"
    keys = pytestconfig.cache.mkdir("testbed-pki-keys")  # type: ignore[union-attr]
    shutil.copytree(keys, demo / "keys")  # the demo's own key cache, pre-filled to save time
    environment = {k: v for k, v in os.environ.items() if k != "BEBPO_BASE_DIR"}  # the test's
    try:
        result = subprocess.run(
            [str(REPO_ROOT / "run-demo"), "--smoke"],
            cwd=tmp_path,  # the script finds the repository itself
            env={**environment, "BEBPO_DEMO_DIR": str(demo), "QT_QPA_PLATFORM": "offscreen"},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        leftover = _testbed_processes(demo / "testbed")
    finally:
        run_testbed("down", "--data", str(demo / "testbed"))  # whatever happened above
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "smoke ok: beBPo-Client – Lokale Testumgebung – Demo-Behörde" in result.stdout
    # The demo mailboxes and their deposited messages are there for the next start.
    assert (demo / "base" / "bebpo" / "demo" / "keys" / "postfach.p12").is_file()
    assert any((demo / "testbed" / "intermediary").rglob("*")), "no deliveries deposited"
    assert leftover == [], "the testbed kept running after the client ended"
