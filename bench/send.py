"""Send one 200 MB message from DEMO to DEMO-GERICHT through the running testbed (encrypt + sign
+ upload, the real client command in a child process). Prints MB/s and the client's peak RSS,
once as the demo scenario asks (PartialStoreDelivery in 5 MB chunks above 20 MB) and once as
one StoreDelivery (the bench raises the scenario's chunk threshold for that run).

Target (issue 6): ≥ 60 MB/s, peak RSS ≤ 200 MB. Usage: python bench/send.py [--mb 200]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from _testbed import Bench, big_pdf


def set_chunk_threshold(scenario: Path, threshold: int) -> None:
    text = scenario.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^chunk_threshold_bytes = .*$", f"chunk_threshold_bytes = {threshold}", text)
    scenario.write_text(text, encoding="utf-8")


def send(bench: Bench, document: Path, label: str, baseline: float) -> None:
    size = document.stat().st_size
    seconds, rss = bench.client(
        "send",
        "--workdir",
        "demo",
        "--to",
        bench.safe_id("demo-gericht"),
        "--betreff",
        "Große Akte",
        str(document),
    )
    net = seconds - baseline
    print(
        f"send {size / 1e6:.0f} MB {label}: {seconds:.1f} s for the whole command = "
        f"{size / 1e6 / seconds:.1f} MB/s"
    )
    print(
        f"  without start-up and unlock ({baseline:.1f} s, measured with `list`): "
        f"{size / 1e6 / net:.1f} MB/s (the testbed intermediary's own work included)"
    )
    print(f"  client peak RSS {rss / 2**20:.0f} MiB (own process)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=200)
    args = parser.parse_args()
    bench = Bench()
    bench.up()
    try:
        document = big_pdf(bench.root / "akte.pdf", args.mb - 1)  # + xjustiz etc. ≤ limit
        baseline, _ = bench.client("list", "--workdir", "demo")  # start-up + unlock (scrypt)
        send(bench, document, "in 5 MB chunks (the demo scenario)", baseline)
        set_chunk_threshold(bench.base / "bebpo" / "demo" / "scenario.toml", 10**12)
        send(bench, document, "as one StoreDelivery", baseline)
    finally:
        bench.down()


if __name__ == "__main__":
    main()
