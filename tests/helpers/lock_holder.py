"""Run as a separate process by the lock tests: ``python -m tests.helpers.lock_holder ROOT MODE``.

MODE ``instance`` holds the instance lock; ``operation:NAME`` holds an operation lock;
``count:NAME:N`` increments ``ROOT/counter`` N times, each read-modify-write under the lock.
Prints ``READY <pid>`` once it holds the lock, then sleeps until killed.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from profiles.errors import AlreadyOpen
from profiles.lock import InstanceLock, operation_lock
from profiles.paths import WorkdirPaths


def main() -> int:
    paths = WorkdirPaths(Path(sys.argv[1]))
    mode = sys.argv[2]
    if mode == "instance":
        try:
            lock = InstanceLock.acquire(paths, program="lock_holder")
        except AlreadyOpen as exc:
            print(f"BUSY {exc.holder.pid if exc.holder else '?'}", flush=True)
            return 3
        with lock:
            print(f"READY {os.getpid()}", flush=True)
            time.sleep(3600)
        return 0
    if mode.startswith("operation:"):
        with operation_lock(paths, mode.split(":", 1)[1], timeout=10, program="lock_holder"):
            print(f"READY {os.getpid()}", flush=True)
            time.sleep(3600)
        return 0
    if mode.startswith("count:"):
        _, name, times = mode.split(":")
        counter = paths.root / "counter"
        for _ in range(int(times)):
            with operation_lock(paths, name, timeout=30):
                value = int(counter.read_text()) if counter.exists() else 0
                time.sleep(0.002)
                counter.write_text(str(value + 1))
        print("DONE", flush=True)
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
