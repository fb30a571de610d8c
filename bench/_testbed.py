"""Shared by bench/send.py and bench/receive.py: a throw-away running testbed and the CLI."""

from __future__ import annotations

import os
import resource
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
        """Run one client command in a child; returns (seconds, child's peak RSS in bytes)."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "client.app", "--base-dir", str(self.base), *args],
            check=True,
            cwd=REPO,
            env={**os.environ, "BEBPO_PASSWORD": PIN},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        elapsed = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        # ru_maxrss of children is the maximum over all children so far (KiB on Linux).
        return elapsed, max(peak, before) * 1024

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
