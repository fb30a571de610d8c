from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from profiles import paths


def test_base_dir_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.ENV_BASE_DIR, str(tmp_path / "from-env"))
    assert paths.base_dir(tmp_path / "explicit") == (tmp_path / "explicit").resolve()
    assert paths.base_dir() == (tmp_path / "from-env").resolve()
    monkeypatch.delenv(paths.ENV_BASE_DIR)
    assert paths.base_dir().name == paths.APP_NAME


def test_workdir_layout_is_private(base_dir: Path) -> None:
    wd = paths.WorkdirPaths.for_scenario(base_dir, "demo")
    wd.create()
    assert wd.root == base_dir / "bebpo" / "demo"
    for folder in (wd.root, *wd.subfolders):
        assert folder.is_dir()
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert {f.name for f in wd.subfolders} == {"keys", "store", "quarantine", "logs"}


def test_create_tightens_existing_folder(base_dir: Path) -> None:
    wd = paths.WorkdirPaths.for_scenario(base_dir, "demo")
    wd.root.mkdir(parents=True, mode=0o755)
    os.chmod(wd.root, 0o755)  # noqa: S103 - the test loosens it on purpose
    wd.create()
    assert stat.S_IMODE(wd.root.stat().st_mode) == 0o700


@pytest.mark.parametrize("name", ["", "Demo", "../x", "a/b", "con fig", "x" * 65, "-lead"])
def test_scenario_names_must_be_plain(base_dir: Path, name: str) -> None:
    with pytest.raises(ValueError, match="scenario name"):
        paths.WorkdirPaths.for_scenario(base_dir, name)


def test_atomic_write_replaces_whole_file(tmp_path: Path) -> None:
    folder = tmp_path / "w"
    folder.mkdir()
    target = folder / "settings.toml"
    paths.atomic_write_text(target, "alt")
    paths.atomic_write_text(target, "neu ü")
    assert target.read_text(encoding="utf-8") == "neu ü"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == ["settings.toml"]


def test_atomic_write_failure_keeps_old_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "w"
    folder.mkdir()
    target = folder / "settings.toml"
    paths.atomic_write_text(target, "alt")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(paths.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        paths.atomic_write_text(target, "neu")
    assert target.read_text() == "alt"
    assert [p.name for p in folder.iterdir()] == ["settings.toml"]


def test_resource_dir_is_the_repository_folder() -> None:
    assert paths.resource_dir() == Path(__file__).resolve().parents[2] / "resources"
