"""The PyInstaller one-folder build starts, and the desktop entry points at it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PYINSTALLER = Path(sys.executable).parent / "pyinstaller"


@pytest.fixture(scope="module")
def frozen_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("frozen")
    result = subprocess.run(
        [
            str(PYINSTALLER),
            "--noconfirm",
            "--log-level",
            "ERROR",
            "--distpath",
            str(out / "dist"),
            "--workpath",
            str(out / "build"),
            str(REPO / "installer" / "bebpo-client.spec"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return out / "dist" / "bebpo-client"


@pytest.mark.slow
def test_frozen_app_starts_and_runs_commands(frozen_app: Path, base_dir: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BEBPO_BASE_DIR": str(base_dir)}
    exe = frozen_app / "bebpo-client"
    smoke = subprocess.run(
        [str(exe), "--smoke"], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert smoke.returncode == 0, smoke.stderr
    assert "smoke ok: beBPo-Client (icon: ja)" in smoke.stdout
    added = subprocess.run(
        [str(exe), "workdir", "add", "DEMO"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert added.returncode == 0, added.stderr
    assert (base_dir / "bebpo" / "demo" / "keys").is_dir()
    # The testbed is the server side and never ships with the client.
    assert not list(frozen_app.rglob("testbed*"))


@pytest.mark.slow
def test_desktop_entry_points_at_the_build(frozen_app: Path, tmp_path: Path) -> None:
    for name in ("install-desktop-entry.sh", "bebpo-client.desktop.in"):
        (frozen_app / name).write_bytes((REPO / "installer" / name).read_bytes())
    (frozen_app / "install-desktop-entry.sh").chmod(0o755)
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "share")}
    subprocess.run(
        [str(frozen_app / "install-desktop-entry.sh")], env=env, check=True, capture_output=True
    )
    entry = (tmp_path / "share" / "applications" / "bebpo-client.desktop").read_text()
    assert f"Exec={frozen_app}/bebpo-client\n" in entry
    assert "Name=beBPo-Client" in entry
    assert "Categories=Office;Network;Email;" in entry
