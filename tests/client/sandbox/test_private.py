"""The private clamd: its configuration, its folders, start failures, crashes and orphans."""

from __future__ import annotations

import io
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from client.sandbox import (
    PrivateClamd,
    PrivateClamdScanner,
    ScannerStartFailed,
    SignatureDirInvalid,
    Verdict,
    clean_stale_private_clamds,
    clean_stale_quarantine,
    demo_signature_dir,
)
from client.sandbox.private import RUNTIME_PREFIX, _alive
from client.sandbox.result import IndeterminateReason
from tests.client.sandbox.helpers import EICAR, MD5_SIGNATURE, PATTERN_SIGNATURE, PatternSource
from tests.conftest import REPO_ROOT
from tests.helpers.services import wait_until

MiB = 1 << 20


@pytest.fixture
def runtime(tmp_path: Path) -> Path:
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    return folder


@pytest.fixture
def daemon(clamd_binary: str, quarantine: Path, runtime: Path) -> Iterator[PrivateClamd]:
    with PrivateClamd(
        demo_signature_dir(),
        temp_parent=quarantine,
        runtime_parent=runtime,
        executable=clamd_binary,
    ) as started:
        yield started


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_private_clamd_folders_config_and_clean_stop(
    daemon: PrivateClamd, quarantine: Path, runtime: Path
) -> None:
    run_dir, temp_dir, pid = daemon.run_dir, daemon.temp_dir, daemon.pid
    assert run_dir is not None
    assert temp_dir is not None
    assert pid is not None
    assert run_dir.parent == runtime
    assert _mode(run_dir) == 0o700
    socket_path = run_dir / "clamd.sock"
    assert stat.S_ISSOCK(socket_path.lstat().st_mode)
    assert _mode(socket_path) == 0o600
    # clamd's temporary files (the streamed plaintext) stay in the working directory's quarantine
    assert temp_dir.parent == quarantine
    assert _mode(temp_dir) == 0o700

    conf = (run_dir / "clamd.conf").read_text().splitlines()
    assert "Foreground yes" in conf
    assert f"LocalSocket {socket_path}" in conf
    assert f"DatabaseDirectory {demo_signature_dir().resolve()}" in conf
    assert f"TemporaryDirectory {temp_dir}" in conf
    assert f"StreamMaxLength {400 * MiB}" in conf
    assert not any(line.startswith(("TCPSocket", "User ")) for line in conf)
    # clamd really runs with the raised limits (200 MB documents are scanned, not refused)
    log = daemon.log_tail(200)
    assert f"Limits: File size limit set to {400 * MiB} bytes." in log
    assert f"Limits: Global size limit set to {1600 * MiB} bytes." in log
    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    assert cmdline[1] == f"--config-file={run_dir / 'clamd.conf'}".encode()

    daemon.stop()

    assert not _alive(pid)
    assert not run_dir.exists()
    assert list(quarantine.iterdir()) == []


def test_streamed_plaintext_lands_in_the_quarantine_and_is_removed(daemon: PrivateClamd) -> None:
    scanner = PrivateClamdScanner(daemon)
    seen: list[list[str]] = []
    temp_dir = daemon.temp_dir
    assert temp_dir is not None

    def look(reads: int) -> None:
        if reads == 4:
            seen.append([p.name for p in temp_dir.iterdir() if p.name != ".owner.lock"])

    result = scanner.scan(PatternSource(8 * MiB, on_read=look))

    assert result.verdict is Verdict.OK
    assert seen, "the source was read fewer than four times"
    assert seen[0], "clamd should be writing the stream into its temp folder"
    # clamd removes its temp file just after answering
    wait_until(lambda: [p.name for p in temp_dir.iterdir()] == [".owner.lock"], timeout=5)


@pytest.mark.allow_log_warnings
def test_a_dead_private_clamd_is_restarted_before_the_next_scan(daemon: PrivateClamd) -> None:
    scanner = PrivateClamdScanner(daemon, max_restarts=1)
    first_pid = daemon.pid
    assert first_pid is not None
    os.kill(first_pid, signal.SIGKILL)
    while daemon.running:
        pass

    result = scanner.scan(io.BytesIO(EICAR))

    assert result.verdict is Verdict.INFECTED
    assert result.signature in (MD5_SIGNATURE, PATTERN_SIGNATURE)
    assert scanner.restarts == 1
    assert daemon.pid not in (None, first_pid)

    os.kill(daemon.pid or 0, signal.SIGKILL)
    while daemon.running:
        pass
    source = io.BytesIO(EICAR)
    after_limit = scanner.scan(source)
    assert after_limit.verdict is Verdict.INDETERMINATE
    assert after_limit.reason is IndeterminateReason.UNREACHABLE
    assert source.tell() == 0  # nothing was read, nothing claimed as scanned


def test_live_instances_survive_the_stale_cleanup(
    daemon: PrivateClamd, quarantine: Path, runtime: Path
) -> None:
    assert clean_stale_private_clamds(runtime, min_age_s=0) == 0
    assert clean_stale_quarantine(quarantine, min_age_s=0) == 0
    assert daemon.running
    assert daemon.temp_dir is not None
    assert daemon.temp_dir.is_dir()


_CRASHING_CLIENT = """
import os, signal, sys
from pathlib import Path
from client.sandbox import PrivateClamd, demo_signature_dir
daemon = PrivateClamd(demo_signature_dir(), temp_parent=Path(sys.argv[1]),
                      runtime_parent=Path(sys.argv[2]))
daemon.start()
print(daemon.pid, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.allow_log_warnings
def test_the_orphan_of_a_crashed_client_is_stopped_and_its_folders_removed(
    clamd_binary: str, quarantine: Path, runtime: Path
) -> None:
    crashed = subprocess.run(
        [sys.executable, "-c", _CRASHING_CLIENT, str(quarantine), str(runtime)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=60,
        check=False,
    )
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr
    orphan = int(crashed.stdout.strip())
    assert _alive(orphan), "the crashed client's clamd keeps running"
    assert len(list(runtime.glob(f"{RUNTIME_PREFIX}*"))) == 1
    assert len(list(quarantine.glob("clamd-*"))) == 1

    assert clean_stale_private_clamds(runtime, min_age_s=0) == 1
    assert clean_stale_quarantine(quarantine, min_age_s=0) == 1

    assert not _alive(orphan)
    assert list(runtime.iterdir()) == []
    assert list(quarantine.iterdir()) == []


def test_a_young_stale_folder_is_left_for_later(quarantine: Path, runtime: Path) -> None:
    # A folder without lock file may be one another process is creating right now.
    young = runtime / f"{RUNTIME_PREFIX}beingmade"
    young.mkdir()
    assert clean_stale_private_clamds(runtime) == 0
    assert young.is_dir()
    assert clean_stale_private_clamds(runtime, min_age_s=0) == 1
    assert not young.exists()


# ---------------------------------------------------------------- start failures


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p / "missing", "does not exist"),
        (lambda p: (p / "empty").mkdir() or p / "empty", "holds no signature database files"),
        (lambda p: (p / "file").write_text("x") and p / "file", "is not a folder"),
    ],
)
def test_unusable_signature_folders(tmp_path: Path, runtime: Path, make, reason: str) -> None:
    folder = make(tmp_path)
    with pytest.raises(SignatureDirInvalid) as caught:
        PrivateClamd(folder, runtime_parent=runtime).start()
    assert caught.value.reason == reason
    assert caught.value.path == folder
    assert list(runtime.iterdir()) == []


def test_a_broken_signature_file_stops_the_start_with_clamds_reason(
    clamd_binary: str, tmp_path: Path, runtime: Path, quarantine: Path
) -> None:
    signatures = tmp_path / "sigs"
    signatures.mkdir()
    (signatures / "broken.ndb").write_text("this is not a signature\n")
    daemon = PrivateClamd(
        signatures, temp_parent=quarantine, runtime_parent=runtime, executable=clamd_binary
    )
    with pytest.raises(ScannerStartFailed) as caught:
        daemon.start()
    assert caught.value.reason.startswith("clamd exited with status")
    assert "broken.ndb" in caught.value.log_tail or "Malformed" in caught.value.log_tail
    assert not daemon.running
    assert list(runtime.iterdir()) == []
    assert list(quarantine.iterdir()) == []


def test_a_missing_clamd_binary(tmp_path: Path, runtime: Path) -> None:
    daemon = PrivateClamd(
        demo_signature_dir(), runtime_parent=runtime, executable=str(tmp_path / "no-clamd")
    )
    with pytest.raises(ScannerStartFailed) as caught:
        daemon.start()
    assert caught.value.executable == str(tmp_path / "no-clamd")
    assert list(runtime.iterdir()) == []


def test_a_socket_path_that_is_too_long(clamd_binary: str, tmp_path: Path) -> None:
    deep = tmp_path / ("x" * 60) / ("y" * 60)
    deep.mkdir(parents=True)
    daemon = PrivateClamd(demo_signature_dir(), runtime_parent=deep, executable=clamd_binary)
    with pytest.raises(ScannerStartFailed) as caught:
        daemon.start()
    assert "socket path too long" in caught.value.reason
    assert list(deep.iterdir()) == []


# ---------------------------------------------------------------- as a normal user


_AS_USER = """
import io, sys
from pathlib import Path
from client.sandbox import PrivateClamd, PrivateClamdScanner, demo_signature_dir
folder = Path(sys.argv[1])
with PrivateClamdScanner(PrivateClamd(demo_signature_dir(), temp_parent=folder / "q",
                                      runtime_parent=folder / "run")) as scanner:
    infected = scanner.scan(io.BytesIO(bytes.fromhex(sys.argv[2]))).verdict.name
    clean = scanner.scan(io.BytesIO(b"ok")).verdict.name
    print(infected, clean)
"""


def _unprivileged_python() -> list[str] | None:
    """A command prefix running a Python that can import this checkout as user ``nobody``."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        return None
    prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    site = next(Path(sys.prefix, "lib").glob("python3*/site-packages"), None)
    for python in (sys.executable, "/usr/bin/python3"):
        env = {"PYTHONPATH": f"{REPO_ROOT}:{site}", "PATH": "/usr/sbin:/usr/bin:/bin", "HOME": "/"}
        probe = subprocess.run(
            [*prefix, python, "-c", "import client.sandbox"],
            env=env,
            capture_output=True,
            cwd="/",
            timeout=30,
            check=False,
        )
        if probe.returncode == 0:
            return [*prefix, python]
    return None


def _folder_for_nobody(prefix: list[str]) -> str | None:
    for candidate in (tempfile.gettempdir(), "/var/tmp", "/dev/shm"):
        probe = subprocess.run(
            [*prefix, "/bin/sh", "-c", 'test -d "$1" -a -w "$1" -a -x "$1"', "sh", candidate],
            capture_output=True,
            timeout=30,
            check=False,
        )
        if probe.returncode == 0:
            return candidate
    return None


@pytest.mark.slow
@pytest.mark.allow_log_warnings
def test_the_private_clamd_runs_as_a_normal_user(clamd_binary: str) -> None:
    command = _unprivileged_python()
    if command is None:
        pytest.skip("needs root, setpriv and a Python the user nobody can run")
    parent = _folder_for_nobody(command[:-1])
    if parent is None:
        pytest.skip("no temp folder the user nobody can write to")
    folder = Path(tempfile.mkdtemp(prefix="bebpo-nobody-", dir=parent))
    try:
        os.chown(folder, 65534, 65534)
        site = next(Path(sys.prefix, "lib").glob("python3*/site-packages"))
        run = subprocess.run(
            [*command, "-c", _AS_USER, str(folder), EICAR.hex()],
            env={
                "PYTHONPATH": f"{REPO_ROOT}:{site}",
                "PATH": "/usr/sbin:/usr/bin:/bin",
                "HOME": "/",
            },
            capture_output=True,
            text=True,
            cwd="/",
            timeout=120,
            check=False,
        )
        assert run.returncode == 0, run.stderr
        assert run.stdout.split() == ["INFECTED", "OK"]
        assert sorted(p.name for p in folder.iterdir()) == ["q", "run"]
        assert list((folder / "q").iterdir()) == []
        assert list((folder / "run").iterdir()) == []
    finally:
        shutil.rmtree(folder)
