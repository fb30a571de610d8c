"""Composition root: ``bebpo-client`` runs a headless command, or the GUI when none is given."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence

from client.cli import build_parser, run


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(
        level=os.environ.get("BEBPO_LOG_LEVEL", "WARNING").upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    args = build_parser().parse_args(argv)
    if args.command:
        return run(args)
    from client.ui.app import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
