"""Headless commands (``bebpo-client <command> …``) for scripts, administrators and tests.

Qt-free: the GUI is started by ``client.app`` only when no command is given. Each command module
registers its sub-parsers in :func:`build_parser`; errors are printed with the text from
``client.core.errors`` and exit with status 1 (usage errors exit with 2).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from client.cli import mailbox_cmds, workdir_cmds
from client.core.errors import Cancelled, user_message

Handler = Callable[[argparse.Namespace], int]

logger = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bebpo-client",
        description="beBPo-Client: besonderes elektronisches Behördenpostfach. Ohne Befehl "
        "startet die grafische Oberfläche.",
    )
    parser.add_argument(
        "--base-dir",
        help="Basisverzeichnis der Arbeitsverzeichnisse (sonst $BEBPO_BASE_DIR oder das "
        "Benutzerdatenverzeichnis)",
    )
    parser.add_argument("--lang", choices=("de", "en"), help="Sprache der Oberfläche")
    parser.add_argument(
        "--workdir", help="Arbeitsverzeichnis (Szenario-Name) direkt öffnen, z. B. demo"
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="Oberfläche starten und sofort beenden (Prüfung einer Installation)",
    )
    commands = parser.add_subparsers(dest="command", metavar="BEFEHL")
    workdir_cmds.register(commands)
    mailbox_cmds.register(commands)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run the headless command selected in ``args``."""
    handler: Handler = args.handler
    try:
        return handler(args)
    except Cancelled:
        return 1
    except Exception as exc:
        logger.debug("command %s failed", args.command, exc_info=True)
        message = user_message(exc)
        print(f"Fehler: {message.full_text()}", file=sys.stderr)
        return 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    return run(args)
