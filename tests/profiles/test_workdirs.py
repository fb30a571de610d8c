from __future__ import annotations

import stat
from pathlib import Path

import pytest

from client.core.errors import user_message
from profiles import workdirs
from profiles.errors import AlreadyOpen, ResetNotConfirmed, ResetRefused, UnknownConfigurationId
from profiles.lock import InstanceLock


def test_add_creates_private_workdir_once(base_dir: Path) -> None:
    first = workdirs.add("demo", base_dir)
    assert first.paths.root == base_dir / "bebpo" / "demo"
    assert stat.S_IMODE(first.paths.root.stat().st_mode) == 0o700
    (first.paths.keys / "postfach.p12").write_bytes(b"x")
    again = workdirs.add("DEMO", base_dir)
    assert again.paths == first.paths
    assert (again.paths.keys / "postfach.p12").read_bytes() == b"x"


def test_add_unknown_id_creates_nothing(base_dir: Path) -> None:
    with pytest.raises(UnknownConfigurationId):
        workdirs.add("GIBTSNICHT", base_dir)
    assert not (base_dir / "bebpo").exists()


def test_list_shows_state_and_holder(base_dir: Path) -> None:
    workdirs.add("DEMO", base_dir)
    workdirs.add("DEMO-GERICHT", base_dir)
    (base_dir / "bebpo" / "stray").mkdir()
    rows = {r.workdir.name: r for r in workdirs.list_workdirs(base_dir)}
    assert set(rows) == {"demo", "demo-gericht"}
    assert not rows["demo"].ready
    assert rows["demo"].open_by is None
    with InstanceLock.acquire(rows["demo"].workdir.paths):
        again = {r.workdir.name: r for r in workdirs.list_workdirs(base_dir)}
        holder = again["demo"].open_by
        assert holder is not None
        import os

        assert holder.pid == os.getpid()
    assert workdirs.list_workdirs(base_dir)[0].open_by is None


def test_reset_needs_confirmation(base_dir: Path) -> None:
    wd = workdirs.add("DEMO", base_dir)
    with pytest.raises(ResetNotConfirmed):
        workdirs.reset(wd, confirmed=False)
    assert wd.paths.root.exists()


def test_reset_removes_half_configured_workdir(base_dir: Path) -> None:
    wd = workdirs.add("DEMO", base_dir)
    (wd.paths.keys / "postfach.p12").write_bytes(b"x")
    workdirs.reset(wd, confirmed=True)
    assert not wd.paths.root.exists()
    assert workdirs.list_workdirs(base_dir) == []


def test_reset_refuses_a_store_unless_forced(base_dir: Path) -> None:
    wd = workdirs.add("DEMO", base_dir)
    (wd.paths.store / "mailbox.db").write_bytes(b"encrypted")
    with pytest.raises(ResetRefused) as caught:
        workdirs.reset(wd, confirmed=True)
    assert caught.value.store_files == 1
    assert (wd.paths.store / "mailbox.db").exists()
    assert "Nachrichtenspeicher" in user_message(caught.value).text
    workdirs.reset(wd, confirmed=True, force=True)
    assert not wd.paths.root.exists()


def test_reset_refuses_while_another_instance_holds_it(base_dir: Path) -> None:
    wd = workdirs.add("DEMO", base_dir)
    other = InstanceLock.acquire(wd.paths)
    try:
        with pytest.raises(AlreadyOpen):
            workdirs.reset(wd, confirmed=True)
        assert wd.paths.root.exists()
    finally:
        other.release()


def test_reset_with_own_lock(base_dir: Path) -> None:
    wd = workdirs.add("DEMO", base_dir)
    lock = InstanceLock.acquire(wd.paths)
    workdirs.reset(wd, confirmed=True, held_lock=lock)
    assert not lock.held
    assert not wd.paths.root.exists()
