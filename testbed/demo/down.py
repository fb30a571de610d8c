"""``python -m testbed down --data DIR``: stop what ``up`` started; the data stays."""

from __future__ import annotations

import argparse
from pathlib import Path

from testbed.demo import services

HELP = "Die mit up gestartete Testumgebung beenden (die Daten bleiben erhalten)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", required=True, type=Path, help="Datenordner der Testumgebung")


def run(args: argparse.Namespace) -> int:
    data = args.data.expanduser().resolve()
    stopped = services.stop_all(data)
    if not stopped:
        print(f"In {data} läuft keine Testumgebung.")
        return 0
    for name, pid, how in stopped:
        print(f"{name} (pid {pid}): {how}")
    print(f"Die Daten in {data} bleiben erhalten.")
    print(f"Neu starten: python -m testbed up --data {data}")
    return 0
