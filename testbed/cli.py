"""``python -m testbed <command> …``: one entry point, one module per command.

A command module provides ``HELP`` (one line), ``configure(parser)`` and ``run(args) -> int``.
:data:`COMMANDS` maps command names to module paths and is the only thing to extend when a command
is added (``intermediary``, ``up``, ``down`` …). Modules are imported lazily: starting one
service imports only that service's code, which keeps start-up well under a second.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from types import ModuleType

COMMANDS: dict[str, str] = {
    "pki": "testbed.pki.cli",
    "directory": "testbed.directory.cli",
    "validation": "testbed.validation.cli",
    "ocsp": "testbed.validation.ocsp_cli",
    "intermediary": "testbed.intermediary.cli",
    "up": "testbed.demo.up",
    "down": "testbed.demo.down",
}


def _module(name: str) -> ModuleType:
    return importlib.import_module(COMMANDS[name])


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only`` just that command's module is imported (the fast path)."""
    parser = argparse.ArgumentParser(
        prog="python -m testbed",
        description="Lokale EGVP-Testumgebung: Intermediär, Verzeichnisdienst, "
        "Validierungsdienst und Test-PKI (nur 127.0.0.1).",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="Protokoll auf DEBUG-Stufe ausgeben"
    )
    commands = parser.add_subparsers(dest="command", metavar="BEFEHL", required=True)
    for name in COMMANDS:
        if only is not None and name != only:
            commands.add_parser(name, help="…")
            continue
        module = _module(name)
        sub = commands.add_parser(name, help=module.HELP, description=module.HELP)
        module.configure(sub)
    return parser


def _selected(argv: Sequence[str]) -> str | None:
    for arg in argv:
        if arg in COMMANDS:
            return arg
        if not arg.startswith("-"):
            return None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(only=_selected(args_list))
    args = parser.parse_args(args_list)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    result: int = _module(args.command).run(args)
    return result
