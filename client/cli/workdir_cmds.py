"""``bebpo-client workdir list|add|status|reset``: working directories from the shell."""

from __future__ import annotations

import argparse
from typing import Any

from profiles import workdirs
from profiles.paths import base_dir


def register(commands: Any) -> None:
    group = commands.add_parser("workdir", help="Arbeitsverzeichnisse verwalten")
    sub = group.add_subparsers(dest="workdir_command", metavar="AKTION", required=True)

    listing = sub.add_parser("list", help="bekannte Arbeitsverzeichnisse anzeigen")
    listing.set_defaults(handler=_list)

    add = sub.add_parser("add", help="Arbeitsverzeichnis für eine Konfigurations-ID anlegen")
    add.add_argument("configuration_id", metavar="KONFIGURATIONS-ID")
    add.set_defaults(handler=_add)

    status = sub.add_parser("status", help="vorhandene und fehlende Dateien anzeigen")
    status.add_argument("name", metavar="NAME")
    status.set_defaults(handler=_status)

    reset = sub.add_parser("reset", help="halb eingerichtetes Arbeitsverzeichnis löschen")
    reset.add_argument("name", metavar="NAME")
    reset.add_argument("--yes", action="store_true", help="Löschen bestätigen")
    reset.add_argument(
        "--force", action="store_true", help="auch mit Nachrichtenspeicher löschen (Administration)"
    )
    reset.set_defaults(handler=_reset)


def _list(args: argparse.Namespace) -> int:
    rows = workdirs.list_workdirs(base_dir(args.base_dir))
    if not rows:
        print("Noch kein Arbeitsverzeichnis vorhanden.")
        return 0
    for row in rows:
        scenario = row.workdir.scenario
        state = "bereit" if row.ready else "unvollständig"
        if row.open_by:
            state += f", geöffnet von PID {row.open_by.pid}"
        ids = ", ".join(scenario.configuration_ids)
        print(f"{row.workdir.name}\t{ids}\t{state}\t{row.workdir.paths.root}")
    return 0


def _add(args: argparse.Namespace) -> int:
    workdir = workdirs.add(args.configuration_id, base_dir(args.base_dir))
    print(f"Arbeitsverzeichnis: {workdir.paths.root}")
    _print_status(workdir)
    return 0


def _status(args: argparse.Namespace) -> int:
    workdir = workdirs.open_workdir(args.name, base_dir(args.base_dir))
    return 0 if _print_status(workdir) else 3


def _print_status(workdir: workdirs.Workdir) -> bool:
    status = workdir.status()
    for line in status.lines():
        print(line)
    print("Bereit." if status.ready else "Noch nicht vollständig eingerichtet.")
    return status.ready


def _reset(args: argparse.Namespace) -> int:
    workdir = workdirs.open_workdir(args.name, base_dir(args.base_dir))
    workdirs.reset(workdir, confirmed=args.yes, force=args.force)
    print(f"Gelöscht: {workdir.paths.root}")
    return 0
