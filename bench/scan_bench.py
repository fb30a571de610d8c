"""Scan throughput through the private clamd: MB/s and peak RSS for a 200 MB stream.

Prints figures, asserts nothing about speed (house rule: benchmarks are not timed asserts).

    .venv/bin/python bench/scan_bench.py                  # 200 MB, demo signatures, 3 runs
    .venv/bin/python bench/scan_bench.py --size-mb 50 --signature-dir /var/lib/clamav

Streams are generated on the fly (a 16 MiB random block, each 1 MiB chunk made unique by a
counter), so the benchmark itself holds no 200 MB buffer. Kinds:

* ``random``: unstructured bytes (clamd scans them raw);
* ``pdf``: the same bytes behind a ``%PDF-1.7`` header, so clamd's PDF parser looks at them;
* ``eicar``: ``random`` with the EICAR marker at the very end (must be INFECTED).

MB = 10^6 bytes. "client RSS" is this process's peak (ru_maxrss); "clamd RSS" is the daemon's
peak (VmHWM) over the whole run.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from client.sandbox import (  # noqa: E402 - after the path set-up for a plain checkout
    ClamdScanner,
    PrivateClamd,
    demo_signature_dir,
    find_clamd,
)
from client.sandbox.result import CHUNK_SIZE, HashingReader, ScanResult  # noqa: E402

MiB = 1 << 20
_EICAR_MARKER = b"EICAR-STANDARD-" + b"ANTIVIRUS-TEST-FILE"


class GeneratedStream:
    """``size`` bytes of incompressible data in 1 MiB reads, with an optional header/tail."""

    def __init__(self, size: int, *, header: bytes = b"", tail: bytes = b"") -> None:
        self.block = os.urandom(16 * MiB)
        self.remaining = size - len(header) - len(tail)
        self.header = header
        self.tail = tail
        self.counter = 0

    def read(self, size: int = CHUNK_SIZE) -> bytes:
        if self.header:
            data, self.header = self.header, b""
            return data
        if self.remaining > 0:
            want = min(size, self.remaining, MiB)
            start = (self.counter * 7919 * 4096) % (len(self.block) - want)
            self.counter += 1
            self.remaining -= want
            return self.counter.to_bytes(8, "big") + self.block[start + 8 : start + want]
        data, self.tail = self.tail, b""
        return data


def make_stream(kind: str, size: int) -> GeneratedStream:
    if kind == "pdf":
        return GeneratedStream(size, header=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    if kind == "eicar":
        return GeneratedStream(size, tail=b"\n" + _EICAR_MARKER + b"\n")
    return GeneratedStream(size)


def clamd_peak_rss_mb(pid: int | None) -> float:
    if pid is None:
        return float("nan")
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def client_peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--signature-dir", type=Path, default=demo_signature_dir())
    parser.add_argument("--kinds", default="random,pdf,eicar")
    args = parser.parse_args()
    size = args.size_mb * 1000 * 1000

    if find_clamd() is None:
        print("clamd is not installed", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="scan-bench-") as work:
        quarantine = Path(work) / "quarantine"
        started = time.perf_counter()
        with PrivateClamd(args.signature_dir, temp_parent=quarantine) as daemon:
            startup = time.perf_counter() - started
            scanner = ClamdScanner(
                daemon.address,
                stream_max_length=daemon.limits.stream_max_length,
                signature_version=daemon.signature_version,
            )
            info = scanner.info()
            print(
                f"clamd: {info.engine} {info.engine_version}, signatures {info.signature_version}"
            )
            print(f"private clamd start (to PONG): {startup * 1000:.0f} ms")
            print(f"stream: {size / 1e6:.0f} MB, {args.runs} run(s) per kind, temp in {quarantine}")
            print()
            baseline = _hash_only(size)
            print(f"{'read + SHA-256 only (client side)':38} {size / baseline / 1e6:8.0f} MB/s")
            for kind in args.kinds.split(","):
                times = []
                verdict = ""
                for _ in range(args.runs):
                    stream = make_stream(kind, size)
                    t0 = time.perf_counter()
                    result = scanner.scan(stream)
                    times.append(time.perf_counter() - t0)
                    verdict = _describe(result, size)
                best, median = min(times), sorted(times)[len(times) // 2]
                print(
                    f"{'scan ' + kind:38} {size / median / 1e6:8.0f} MB/s median"
                    f" ({size / best / 1e6:.0f} best, {median:.2f} s) → {verdict}"
                )
            print()
            print(f"peak RSS client: {client_peak_rss_mb():.0f} MB")
            print(f"peak RSS clamd:  {clamd_peak_rss_mb(daemon.pid):.0f} MB")
    return 0


def _hash_only(size: int) -> float:
    """What the client side costs without clamd: generate, read, count and hash the stream."""
    reader = HashingReader(make_stream("random", size))
    t0 = time.perf_counter()
    while reader.read(CHUNK_SIZE):
        pass
    return time.perf_counter() - t0


def _describe(result: ScanResult, size: int) -> str:
    text = result.verdict.name
    if result.signature:
        text += f" ({result.signature})"
    if result.reason is not None:
        text += f" ({result.reason.name}: {result.detail})"
    if result.scanned_bytes != size:
        text += f" [scanned {result.scanned_bytes} of {size} bytes]"
    return text


if __name__ == "__main__":
    raise SystemExit(main())
