"""One running testbed (``python -m testbed up``) for the end-to-end tests of this folder.

The services run as separate processes on loopback ports, exactly as a user starts them; the
client is driven through its facade (as the GUI does) or its command line (as scripts do).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from client.core.mailbox import WorkdirMailbox, WorkdirOpener
from client.sandbox import clean_stale_private_clamds
from profiles import workdirs
from profiles.paths import WorkdirPaths
from testbed.pki import DEMO_PIN
from tests.conftest import REPO_ROOT
from tests.testbed.support import run_testbed


@dataclass(frozen=True)
class RunningTestbed:
    __test__ = False
    base: Path
    data: Path

    def safe_id(self, name: str) -> str:
        """The SAFE-ID `testbed up` wrote into the working directory's own Visitenkarte."""
        path = WorkdirPaths.for_scenario(self.base, name).visitenkarte_file
        return str(tomllib.loads(path.read_text())["visitenkarte"]["nutzer_id"])

    def open(self, name: str, person: str = "Erika Mustermann") -> WorkdirMailbox:
        return WorkdirOpener(workdirs.open_workdir(name, self.base)).open(DEMO_PIN, person)

    def cli(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "client.app", "--base-dir", str(self.base), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=REPO_ROOT,
            check=False,
            env={**os.environ, "BEBPO_PASSWORD": DEMO_PIN},
        )

    def popen(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "client.app", "--base-dir", str(self.base), *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd=REPO_ROOT,
            env={**os.environ, "BEBPO_PASSWORD": DEMO_PIN},
        )


@pytest.fixture(scope="module")
def testbed(
    tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config
) -> Iterator[RunningTestbed]:
    cache: Any = pytestconfig.cache
    key_cache = cache.mkdir("testbed-pki-keys")
    root = tmp_path_factory.mktemp("e2e")
    bed = RunningTestbed(base=root / "base", data=root / "testbed")
    args = ("--data", str(bed.data), "--base-dir", str(bed.base), "--key-cache", str(key_cache))
    up = run_testbed("up", *args, "--big-mb", "5", timeout=240)
    assert up.returncode == 0, up.stdout + up.stderr
    try:
        yield bed
    finally:
        run_testbed("down", "--data", str(bed.data))
        # Clients killed on purpose leave their private clamds behind; stop them here rather
        # than at the next client start (locks tell orphans from live ones).
        clean_stale_private_clamds(min_age_s=0)
