"""The headless ``workdir`` commands, run as a real process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _run(base: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "client", "--base-dir", str(base), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_unknown_configuration_id(base_dir: Path) -> None:
    result = _run(base_dir, "workdir", "add", "XYZ-123")
    assert result.returncode == 1
    assert "Die Konfigurations-ID „XYZ-123“ ist nicht bekannt" in result.stderr
    assert "Lokale Testumgebung – Demo-Behörde (DEMO)" in result.stderr


def test_add_status_list_reset(base_dir: Path) -> None:
    added = _run(base_dir, "workdir", "add", "demo")
    assert added.returncode == 0, added.stderr
    assert str(base_dir / "bebpo" / "demo") in added.stdout
    assert "Postfachschlüssel (PKCS#12): fehlt" in added.stdout
    status = _run(base_dir, "workdir", "status", "demo")
    assert status.returncode == 3
    assert "Noch nicht vollständig eingerichtet." in status.stdout
    listed = _run(base_dir, "workdir", "list")
    assert listed.stdout.startswith("demo\tDEMO\tunvollständig")
    refused = _run(base_dir, "workdir", "reset", "demo")
    assert refused.returncode == 1
    assert "Bestätigung fehlt" in refused.stderr
    done = _run(base_dir, "workdir", "reset", "demo", "--yes")
    assert done.returncode == 0, done.stderr
    assert not (base_dir / "bebpo" / "demo").exists()
