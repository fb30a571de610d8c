"""Instance and operation locks between real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from client.core.errors import user_message
from profiles import workdirs
from profiles.errors import AlreadyOpen, OperationBusy
from profiles.lock import InstanceLock, instance_holder, operation_lock
from profiles.paths import WorkdirPaths

REPO = Path(__file__).resolve().parents[2]


def _spawn(root: Path, mode: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.lock_holder", str(root), mode],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _ready(proc: subprocess.Popen[str]) -> int:
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    assert line.startswith("READY "), (line, proc.stderr.read() if proc.stderr else "")
    return int(line.split()[1])


@pytest.fixture
def paths(base_dir: Path) -> WorkdirPaths:
    return workdirs.add("DEMO", base_dir).paths


@pytest.fixture
def holder(paths: WorkdirPaths) -> Iterator[subprocess.Popen[str]]:
    proc = _spawn(paths.root, "instance")
    yield proc
    _finish(proc)


def _finish(proc: subprocess.Popen[str]) -> None:
    """Kill if still running and close the pipes (an open pipe is a ResourceWarning)."""
    if proc.poll() is None:
        proc.kill()
    proc.communicate(timeout=30)


def test_second_process_is_told_who_holds_it_and_may_proceed(
    paths: WorkdirPaths, holder: subprocess.Popen[str]
) -> None:
    pid = _ready(holder)
    with pytest.raises(AlreadyOpen) as caught:
        InstanceLock.acquire(paths)
    assert caught.value.holder is not None
    assert caught.value.holder.pid == pid
    text = user_message(caught.value).text
    assert f"bereits geöffnet von PID {pid}" in text
    # "Trotzdem starten": the second instance works without the instance lock, and the
    # operation locks still keep both apart.
    with operation_lock(paths, "fetch", timeout=1):
        assert instance_holder(paths) is not None


def test_lock_of_a_killed_holder_is_taken_over(
    paths: WorkdirPaths, holder: subprocess.Popen[str]
) -> None:
    _ready(holder)
    holder.kill()  # SIGKILL: no clean-up in the holder
    holder.wait(timeout=30)
    assert paths.instance_lock.exists()
    assert instance_holder(paths) is None
    with InstanceLock.acquire(paths) as lock:
        assert lock.held
        current = instance_holder(paths)
        assert current is not None
        assert current.pid == os.getpid()


def test_holder_sees_a_third_process_busy(paths: WorkdirPaths) -> None:
    with InstanceLock.acquire(paths):
        proc = _spawn(paths.root, "instance")
        out, _ = proc.communicate(timeout=30)
        assert proc.returncode == 3
        assert out.strip() == f"BUSY {os.getpid()}"


def test_operation_lock_waits_then_names_the_holder(paths: WorkdirPaths) -> None:
    proc = _spawn(paths.root, "operation:fetch")
    try:
        pid = _ready(proc)
        with pytest.raises(OperationBusy) as caught, operation_lock(paths, "fetch", timeout=0.3):
            pass
        assert caught.value.holder is not None
        assert caught.value.holder.pid == pid
        assert "Abholen läuft gerade" in user_message(caught.value).text
        with operation_lock(paths, "send", timeout=0.3):  # other operations are independent
            pass
    finally:
        _finish(proc)
    with operation_lock(paths, "fetch", timeout=2):
        pass


def test_operation_lock_serialises_two_processes(paths: WorkdirPaths) -> None:
    procs = [_spawn(paths.root, "count:fetch:150") for _ in range(2)]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.strip() == "DONE"
    assert (paths.root / "counter").read_text() == "300"


def test_invalid_operation_names_are_refused(paths: WorkdirPaths) -> None:
    with pytest.raises(ValueError, match="operation name"), operation_lock(paths, "../x"):
        pass
