"""Owner locks: a live instance is seen as alive, a dead one's file is swept."""

from __future__ import annotations

from pathlib import Path

from client.store._owner import OWNERS_FOLDER, OwnerLock, owner_alive, sweep_dead_owners


def test_alive_while_held_and_gone_after_release(tmp_path: Path) -> None:
    lock = OwnerLock(tmp_path)
    assert owner_alive(tmp_path, lock.token, own_token="someone-else")
    assert sweep_dead_owners(tmp_path, own_token="someone-else") == 0
    lock.release()
    assert not owner_alive(tmp_path, lock.token, own_token="someone-else")
    assert list((tmp_path / OWNERS_FOLDER).iterdir()) == []


def test_files_of_killed_instances_are_swept(tmp_path: Path) -> None:
    live = OwnerLock(tmp_path)
    stale = tmp_path / OWNERS_FOLDER / "0123456789abcdef.lock"  # nobody holds it
    stale.write_bytes(b"")
    assert not owner_alive(tmp_path, "0123456789abcdef", own_token=live.token)
    assert not owner_alive(tmp_path, "../../etc", own_token=live.token)
    assert sweep_dead_owners(tmp_path, own_token=live.token) == 1
    assert [p.name for p in (tmp_path / OWNERS_FOLDER).iterdir()] == [f"{live.token}.lock"]
    live.release()
