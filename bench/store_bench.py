"""Store throughput: MB/s for writing and reading a 200 MB blob through the encrypted store, and
peak RSS. Prints figures, asserts nothing (house rule: benchmarks are not timed asserts).

    .venv/bin/python bench/store_bench.py                 # 200 MB, 3 runs, in a temp folder
    .venv/bin/python bench/store_bench.py --size-mb 50 --runs 1 --dir /var/tmp

Each run stores a generated stream as an incoming delivery (``Incoming.record``: AES-256-GCM
chunks, SHA-256, fsync, SQLCipher row, journal entry) and reads it back through the verifying
reader (``Mailbox.open_raw``). The data is produced on the fly (a 1 MiB block made unique per
read by a counter), so the benchmark holds no 200 MB buffer. MB = 10^6 bytes. The scrypt cost is
lowered: unlocking is not what is measured here. "peak RSS" is this process's ru_maxrss.
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from client.store import MailboxStore, ScryptParams  # noqa: E402 - after the path set-up
from profiles.paths import WorkdirPaths  # noqa: E402

MiB = 1 << 20
PASSWORD = "bench-password-1"  # noqa: S105 - a throwaway store


class GeneratedStream:
    """``size`` bytes in reads of at most 1 MiB; hashes what it hands out."""

    def __init__(self, size: int) -> None:
        self.remaining = size
        self._block = hashlib.shake_256(b"store-bench").digest(MiB)
        self._counter = 0
        self.sha = hashlib.sha256()

    def read(self, size: int = -1, /) -> bytes:
        if self.remaining <= 0:
            return b""
        size = MiB if size < 0 else min(size, MiB, self.remaining)
        self._counter += 1
        data = (self._counter.to_bytes(8, "big") + self._block[8:size])[:size]
        self.remaining -= len(data)
        self.sha.update(data)
        return data


def _peak_rss_mb() -> float:
    # ru_maxrss is KiB on Linux, bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024


def run(folder: Path, size: int, runs: int) -> None:
    paths = WorkdirPaths(folder / "bench")
    store = MailboxStore.create(paths, PASSWORD, scrypt=ScryptParams(n=1 << 10))
    try:
        for index in range(runs):
            source = GeneratedStream(size)
            started = time.perf_counter()
            rec = store.incoming.record(f"bench-{index}", source)
            write_s = time.perf_counter() - started
            started = time.perf_counter()
            sha = hashlib.sha256()
            with store.mailbox.open_raw(rec.message_id) as reader:
                while data := reader.read(MiB):
                    sha.update(data)
            read_s = time.perf_counter() - started
            ok = sha.hexdigest() == source.sha.hexdigest() == rec.raw.sha256
            print(
                f"run {index + 1}: write {size / 1e6 / write_s:7.1f} MB/s ({write_s:5.2f} s)  "
                f"read {size / 1e6 / read_s:7.1f} MB/s ({read_s:5.2f} s)  "
                f"sha256 {'ok' if ok else 'MISMATCH'}  peak RSS {_peak_rss_mb():6.1f} MB"
            )
            store.mailbox.purge([rec.message_id])
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=None, help="where the store goes (a disk)")
    args = parser.parse_args()
    size = args.size_mb * 1000 * 1000
    print(f"store bench: {args.size_mb} MB per run, {args.runs} runs")
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        print(f"folder: {folder}")
        run(Path(folder), size, args.runs)
    print(f"peak RSS of the whole run: {_peak_rss_mb():.1f} MB")


if __name__ == "__main__":
    main()
