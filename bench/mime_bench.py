"""Streaming MIME throughput: MB/s of the writer and of parser + SHA-256 + spill, peak RSS.

Prints figures, asserts nothing about speed (house rule: benchmarks are not timed asserts).

    .venv/bin/python bench/mime_bench.py                 # one 200 MB part, binary and base64
    .venv/bin/python bench/mime_bench.py --size-mb 50 --chunk-kib 16

The message is generated chunk by chunk (a 1 MiB random block, each chunk made unique by a
counter), so the benchmark never holds the whole message. "write" measures the writer alone into
a sink that drops the bytes; "parse" measures writer → parser → collector with the big part
spilled to a temporary file (the parser computes SHA-256 while streaming). MB = 10^6 bytes;
peak RSS is this process's ru_maxrss.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from osci.mime import MimeWriter, PartHeaders, parse_multipart  # noqa: E402 - after the path set-up


def _chunks(size: int, chunk: int) -> Iterator[bytes]:
    block = bytearray(os.urandom(1024 * 1024))
    sent = 0
    index = 0
    while sent < size:
        piece = min(chunk, size - sent)
        start = (index * chunk) % (len(block) - piece + 1)
        block[start : start + 8] = index.to_bytes(8, "big")
        yield bytes(block[start : start + piece])
        sent += piece
        index += 1


def _message(size: int, chunk: int, encoding: str) -> Iterator[bytes]:
    out: list[bytes] = []
    writer = MimeWriter(out.append)
    writer.start()
    writer.write_part(PartHeaders(content_id="osci@message", content_type="text/xml"), b"<a/>")
    sink = writer.part(PartHeaders(content_id="anhang.bin", transfer_encoding=encoding))
    for piece in _chunks(size, chunk):
        sink.write(piece)
        yield from out
        out.clear()
    sink.end()
    writer.close()
    yield from out


def _bench_write(size: int, chunk: int, encoding: str) -> float:
    written = 0
    start = time.perf_counter()
    for piece in _message(size, chunk, encoding):
        written += len(piece)
    return time.perf_counter() - start


def _bench_parse(size: int, chunk: int, encoding: str, folder: Path) -> tuple[float, int]:
    counter = iter(range(1000))

    def spill() -> BinaryIO:
        return (folder / f"spill-{next(counter)}").open("w+b")

    start = time.perf_counter()
    with parse_multipart(_message(size, chunk, encoding), spill=spill) as message:
        elapsed = time.perf_counter() - start
        part = message.by_content_id("anhang.bin")
        if part.size != size:
            raise SystemExit(f"size mismatch: {part.size} != {size}")
        return elapsed, part.size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--chunk-kib", type=int, default=64)
    args = parser.parse_args()
    size = args.size_mb * 1_000_000
    chunk = args.chunk_kib * 1024
    print(f"part size {size / 1e6:.0f} MB, feed chunks {chunk // 1024} KiB")
    with tempfile.TemporaryDirectory(prefix="mime-bench-") as folder:
        for encoding in ("binary", "base64"):
            write = _bench_write(size, chunk, encoding)
            # "parse" includes generating the message with the writer, so subtract nothing and
            # report both: parse-only ≈ 1 / (1/parse − 1/write).
            parse, _ = _bench_parse(size, chunk, encoding, Path(folder))
            parse_only = parse - write
            print(
                f"{encoding:>7}: write {size / write / 1e6:8.1f} MB/s | "
                f"write+parse+sha256+spill {size / parse / 1e6:8.1f} MB/s | "
                f"parse alone ≈ {size / parse_only / 1e6:8.1f} MB/s"
            )
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS {peak_kib / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
