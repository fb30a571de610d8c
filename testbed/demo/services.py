"""Start the three services as background processes and stop them again.

Each service is ``python -m testbed <service>`` in its own session (it outlives ``up``) with port
0, so the kernel picks a free loopback port; the service writes its URL to a ready file, which
``up`` waits for. ``<data>/testbed.json`` records pids and URLs for ``down`` and for a second
``up``. ``down`` signals only the pids recorded there, and only if the process still runs the
testbed (a recycled pid is left alone).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from profiles.paths import atomic_write_text, ensure_private_dir

STATE_FILE = "testbed.json"
START_TIMEOUT = 60.0  # generous: the first start of a PKI-less folder makes keys
STOP_TIMEOUT = 10.0
_CHILDREN: list[subprocess.Popen[bytes]] = []  # kept so they are not reported as leaked


class StartFailed(Exception):
    def __init__(self, *, service: str, reason: str, log: Path) -> None:
        self.service = service
        self.reason = reason
        self.log = log
        super().__init__(f"{service} konnte nicht starten: {reason} (Protokoll: {log})")


@dataclass(frozen=True)
class Service:
    name: str
    pid: int
    url: str
    port: int
    extra: dict[str, Any]


def _repo_root() -> Path:
    return Path(__file__).resolve().parent.parent.parent


def _spawn(name: str, args: list[str], data: Path) -> tuple[subprocess.Popen[bytes], Path, Path]:
    run = ensure_private_dir(data / "run")
    logs = ensure_private_dir(data / "logs")
    ready = run / f"{name}.ready"
    ready.unlink(missing_ok=True)
    log_path = logs / f"{name}.log"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(_repo_root()), env.get("PYTHONPATH", "")) if p
    )
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "testbed", name, *args, "--ready-file", str(ready)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=data,
            start_new_session=True,
        )
    _CHILDREN.append(process)
    return process, ready, log_path


def _wait(name: str, process: subprocess.Popen[bytes], ready: Path, log: Path) -> Service:
    deadline = time.monotonic() + START_TIMEOUT
    while not ready.exists():
        if process.poll() is not None:
            raise StartFailed(service=name, reason=f"beendet mit {process.returncode}", log=log)
        if time.monotonic() > deadline:
            raise StartFailed(service=name, reason="keine Bereitschaft", log=log)
        time.sleep(0.02)
    info = json.loads(ready.read_text(encoding="utf-8"))
    extra = {k: v for k, v in info.items() if k not in ("url", "port", "service")}
    return Service(name, process.pid, str(info["url"]), int(info["port"]), extra)


def start_all(data: Path, pki_folder: Path) -> dict[str, Service]:
    """Intermediary first (the directory names its URL), then directory and validation."""
    common = ["--pki", str(pki_folder), "--port", "0"]
    started: dict[str, Service] = {}
    try:
        process, ready, log = _spawn(
            "intermediary", ["--data", str(data / "intermediary"), *common], data
        )
        started["intermediary"] = _wait("intermediary", process, ready, log)
        url = started["intermediary"].url
        pending = {
            "directory": _spawn(
                "directory",
                ["--data", str(data / "directory"), *common, "--intermediary-url", url],
                data,
            ),
            "validation": _spawn("validation", ["--data", str(data / "validation"), *common], data),
        }
        for name, (process, ready, log) in pending.items():
            started[name] = _wait(name, process, ready, log)
    except BaseException:
        for process in _CHILDREN:
            if process.poll() is None:
                process.terminate()
                process.wait(STOP_TIMEOUT)
        raise
    return started


def write_state(data: Path, services: dict[str, Service], base: Path) -> None:
    state = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "base_dir": str(base),
        "services": {
            s.name: {"pid": s.pid, "url": s.url, "port": s.port, **s.extra}
            for s in services.values()
        },
    }
    atomic_write_text(data / STATE_FILE, json.dumps(state, indent=2) + "\n")


def read_state(data: Path) -> dict[str, Any] | None:
    try:
        state: dict[str, Any] = json.loads((data / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state


def alive(pid: int) -> bool:
    """The pid runs and is a testbed process (not a zombie, not a recycled pid)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False  # someone else's process now: not ours
    proc = Path(f"/proc/{pid}")
    if not proc.exists():
        return True  # no /proc (macOS): trust the signal check
    try:
        stat = (proc / "stat").read_text()
        cmdline = (proc / "cmdline").read_bytes()
    except OSError:
        return False
    state = stat.rsplit(")", 1)[-1].split()[0] if ")" in stat else "?"
    return state != "Z" and b"testbed" in cmdline


def running(data: Path) -> dict[str, Any] | None:
    """The recorded state if every recorded service still runs."""
    state = read_state(data)
    if state is None:
        return None
    pids = [int(s["pid"]) for s in state.get("services", {}).values()]
    if pids and all(alive(pid) for pid in pids):
        return state
    return None


def stop_all(data: Path) -> list[tuple[str, int, str]]:
    """Stop what ``up`` recorded: SIGTERM, then SIGKILL after a grace period."""
    state = read_state(data)
    if state is None:
        return []
    result = []
    for name, info in state.get("services", {}).items():
        pid = int(info["pid"])
        if not alive(pid):
            result.append((name, pid, "lief nicht mehr"))
            continue
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
            result.append((name, pid, "hart beendet"))
        else:
            result.append((name, pid, "beendet"))
    (data / STATE_FILE).unlink(missing_ok=True)
    return result
