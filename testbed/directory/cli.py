"""``python -m testbed directory``: run the directory service, or act as its operator."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from testbed._soap import PortUnavailable, serve_until_signalled
from testbed.directory.server import DEFAULT_INTERMEDIARY_URL, directory_server
from testbed.directory.service import PATH
from testbed.directory.store import DirectoryStore, RoleState
from testbed.pki import PkiError, TestPki

HELP = (
    "Verzeichnisdienst starten; Betreiber-Befehle: confirm SAFE-ID (Rolle bestätigen wie die "
    "Prüfstelle), list"
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        nargs="?",
        choices=("serve", "confirm", "list"),
        default="serve",
        help="serve (Standard), confirm SAFE-ID, list",
    )
    parser.add_argument("safe_id", nargs="?", help="bei confirm: die SAFE-ID des Eintrags")
    parser.add_argument("--data", required=True, type=Path, help="Datenordner des Dienstes")
    parser.add_argument("--port", type=int, default=0, help="TCP-Port auf 127.0.0.1 (0: frei)")
    parser.add_argument(
        "--pki", type=Path, help="Ordner der Test-PKI (Standard: DATA/pki, wird bei Bedarf erzeugt)"
    )
    parser.add_argument("--key-cache", type=Path, help="Schlüssel-Cache für die Test-PKI")
    parser.add_argument(
        "--intermediary-url",
        default=DEFAULT_INTERMEDIARY_URL,
        help="Adresse des Intermediärs, die Einträge nennen",
    )
    parser.add_argument("--ready-file", type=Path, help="hierhin Port und URL schreiben")


def run(args: argparse.Namespace) -> int:
    try:
        if args.action == "serve":
            return _serve(args)
        if args.action == "list":
            return _list(args.data)
        if not args.safe_id:
            print("Fehler: confirm braucht eine SAFE-ID", file=sys.stderr)
            return 2
        return _confirm(args)
    except (PkiError, PortUnavailable) as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 1


def _pki(args: argparse.Namespace) -> TestPki:
    return TestPki.create(args.pki or args.data / "pki", key_cache=args.key_cache)


def _serve(args: argparse.Namespace) -> int:
    server, _service = directory_server(
        args.data, _pki(args), port=args.port, intermediary_url=args.intermediary_url
    )
    return serve_until_signalled(
        server, {"service": "directory", "url": server.url(PATH)}, args.ready_file
    )


def _confirm(args: argparse.Namespace) -> int:
    store = DirectoryStore(args.data)
    record = store.get(args.safe_id.strip())
    if record is None:
        print(f"Fehler: kein Eintrag mit der SAFE-ID {args.safe_id}", file=sys.stderr)
        return 1
    store.set_role_state(record.safe_id, RoleState.CONFIRMED, datetime.now(UTC))
    print(f"Rolle {record.role_id} für {record.safe_id} bestätigt")
    return 0


def _list(data: Path) -> int:
    for record in sorted(DirectoryStore(data).all(), key=lambda r: r.card["Organisation"]):
        state = "bestätigt" if record.role_state is RoleState.CONFIRMED else "unbestätigt"
        print(f"{record.safe_id}  {record.card['Organisation']}  {record.role_id} ({state})")
    return 0
