"""Shared by bench/send.py and bench/receive.py: a throw-away running testbed and the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PIN = "demo-2026"


class Bench:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="bebpo-bench-"))
        self.base = self.root / "base"
        self.data = self.root / "testbed"
        self.helper_rss = 0  # peak RSS of the last command's children (its private clamd)

    def testbed(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "testbed", *args],
            check=True,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def up(self) -> None:
        cache = REPO / ".pytest_cache" / "d" / "testbed-pki-keys"
        extra = ["--key-cache", str(cache)] if cache.is_dir() else []
        self.testbed(
            "up",
            "--data",
            str(self.data),
            "--base-dir",
            str(self.base),
            "--no-demo-messages",
            *extra,
        )

    def down(self) -> None:
        self.testbed("down", "--data", str(self.data))

    def client(self, *args: str) -> tuple[float, int]:
        """Run one client command in a child; returns (seconds, the client process's own peak
        RSS in bytes). The peaks of its children (the private clamd) go to ``self.helper_rss``."""
        # Earlier steps leave hundreds of MB of dirty pages; their write-back would land in the
        # timed command and make runs differ by seconds.
        os.sync()
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "client.app", "--base-dir", str(self.base), *args],
            cwd=REPO,
            env={**os.environ, "BEBPO_PASSWORD": PIN},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # The kernel's figure for a reaped child also covers the child's own children (clamd,
        # which maps the file it scans), so the client's peak (VmHWM) is read while it runs.
        peaks: dict[int, int] = {}
        while child.poll() is None:
            for pid in (child.pid, *_children(child.pid)):
                peaks[pid] = max(peaks.get(pid, 0), _vm_hwm(pid))
            time.sleep(0.01)
        elapsed = time.perf_counter() - started
        if child.returncode != 0:
            raise subprocess.CalledProcessError(child.returncode, child.args)
        self.helper_rss = max((v for k, v in peaks.items() if k != child.pid), default=0)
        return elapsed, peaks.get(child.pid, 0)

    def safe_id(self, name: str) -> str:
        import tomllib

        card = self.base / "bebpo" / name / "visitenkarte.toml"
        return str(tomllib.loads(card.read_text())["visitenkarte"]["nutzer_id"])


def big_pdf(path: Path, megabytes: int) -> Path:
    """A PDF-looking file of ``megabytes`` MB (10^6 bytes, as the ERV limit counts)."""
    block = os.urandom(1_000_000)
    with path.open("wb") as out:
        out.write(b"%PDF-1.7\n")
        for index in range(megabytes):
            out.write(block[index % 97 :] + block[: index % 97])
        out.write(b"\n%%EOF\n")
    return path


def _children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(child) for child in found]


def _vm_hwm(pid: int) -> int:
    """Peak resident set size of one process (bytes); 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0
