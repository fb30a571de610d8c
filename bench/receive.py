"""Fetch + store + scan one 200 MB delivery through the running testbed (the real client command
in a child process, private clamd included). Prints MB/s and the client's peak RSS.

Target (issue 5): ≥ 60 MB/s end to end with the scan, peak RSS ≤ 200 MB.
Usage: python bench/receive.py [--mb 200] [--documents 1]  (the MB split over that many PDFs)
"""

from __future__ import annotations

import argparse

from _testbed import Bench, big_pdf


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--documents", type=int, default=1)
    args = parser.parse_args()
    bench = Bench()
    bench.up()
    try:
        each = (args.mb - 1) // args.documents  # + xjustiz etc. ≤ limit
        documents = [big_pdf(bench.root / f"akte_{n + 1}.pdf", each) for n in range(args.documents)]
        size = sum(d.stat().st_size for d in documents)
        bench.client(
            "send",
            "--workdir",
            "demo-gericht",
            "--to",
            bench.safe_id("demo"),
            "--betreff",
            "Große Akte",
            *map(str, documents),
        )
        # Open the store once so the first fetch does not pay for creating it.
        baseline, _ = bench.client("list", "--workdir", "demo")
        seconds, rss = bench.client("fetch", "--workdir", "demo")
        net = seconds - baseline
        print(
            f"fetch+store+scan {size / 1e6:.0f} MB in {len(documents)} document(s): "
            f"{seconds:.1f} s for the whole command = "
            f"{size / 1e6 / seconds:.1f} MB/s"
        )
        print(
            f"  without start-up and unlock ({baseline:.1f} s, measured with `list`): "
            f"{size / 1e6 / net:.1f} MB/s (clamd start and the intermediary's work included)"
        )
        print(
            f"  client peak RSS {rss / 2**20:.0f} MiB (its private clamd, a separate process "
            f"that maps the file it scans: {bench.helper_rss / 2**20:.0f} MiB)"
        )
    finally:
        bench.down()


if __name__ == "__main__":
    main()
