"""``bebpo-client fetch|list|show|search|release|send|eeb|export|backup|restore``.

The mailbox password comes from an environment variable (``--password-env``, default
``BEBPO_PASSWORD``), never from the command line, where other users could read it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import threading
from pathlib import Path
from typing import Any

from client.core.directory import SearchCriterion, SearchField, SearchMode
from client.core.errors import ClientError, UserMessage, describes
from client.core.mailbox import WorkdirMailbox, WorkdirOpener
from client.egvp import EebAccept, EebReject, PathSource, StoerungsId
from client.store import DraftInfo, Folder, PartyInfo, PartyRole, restore_backup
from profiles import workdirs
from profiles.paths import WorkdirPaths, base_dir

FOLDERS = {f.name.lower(): f for f in Folder}


class PasswordMissing(ClientError):
    def __init__(self, *, variable: str) -> None:
        self.variable = variable
        super().__init__(f"the mailbox password is expected in ${variable}")


@describes(PasswordMissing)
def _password_missing(exc: PasswordMissing) -> UserMessage:
    return UserMessage(
        title="Passwort fehlt",
        template="Das Postfach-Passwort wird in der Umgebungsvariablen {variable} erwartet.",
        params={"variable": exc.variable},
        hint="Setzen Sie die Variable vor dem Aufruf (nie als Kommandozeilen-Argument).",
    )


def register(commands: Any) -> None:
    def add(name: str, help_text: str, handler: Any) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = commands.add_parser(name, help=help_text)
        parser.add_argument(
            "--workdir",
            dest="mailbox",
            default="demo",
            help="Arbeitsverzeichnis (Szenario-Name), Vorgabe: demo",
        )
        parser.add_argument(
            "--password-env",
            default="BEBPO_PASSWORD",
            help="Umgebungsvariable mit dem Postfach-Passwort",
        )
        parser.add_argument("--person", default="", help="wer arbeitet (für das Protokoll)")
        parser.set_defaults(handler=handler)
        return parser

    add("fetch", "alle wartenden Nachrichten abholen, prüfen und speichern", _fetch)
    listing = add("list", "Nachrichten eines Ordners anzeigen", _list)
    listing.add_argument("--folder", choices=sorted(FOLDERS), default="posteingang")
    show = add("show", "eine Nachricht mit Dokumenten und Laufzettel anzeigen", _show)
    show.add_argument("id", type=int)
    search = add("search", "Nachrichten durchsuchen (Volltext)", _search)
    search.add_argument("text")
    directory = add("directory", "Empfänger im Verzeichnisdienst suchen", _directory)
    directory.add_argument("text", help="Name oder Organisation (enthält)")
    release = add("release", "geprüfte Datei in den Transfer-Ordner übertragen", _release)
    release.add_argument("attachment", type=int, help="Nummer der Datei (siehe show)")
    send = add("send", "Nachricht senden", _send)
    send.add_argument("--to", required=True, help="SAFE-ID des Empfängers (aus dem Verzeichnis)")
    send.add_argument("--betreff", required=True)
    send.add_argument("--az-eigenes", default="")
    send.add_argument("--az-empfaenger", default="")
    send.add_argument("files", nargs="+", type=Path)
    eeb = add("eeb", "elektronisches Empfangsbekenntnis abgeben", _eeb)
    eeb.add_argument("id", type=int)
    choice = eeb.add_mutually_exclusive_group(required=True)
    choice.add_argument("--accept", metavar="DATUM", help="Empfang bestätigen (JJJJ-MM-TT)")
    choice.add_argument(
        "--reject",
        metavar="CODE",
        choices=("1", "2", "3"),
        help="Störungsmeldung mit Code 1, 2 oder 3",
    )
    eeb.add_argument("--grund", default="", help="Begründung der Störungsmeldung")
    export = add("export", "Nachricht als ZIP mit Zugangsnachweis exportieren", _export)
    export.add_argument("id", type=int)
    export.add_argument("--to", type=Path, required=True)
    backup = add("backup", "verschlüsselte Sicherung des Postfachs schreiben", _backup)
    backup.add_argument("target", type=Path)
    restore = commands.add_parser("restore", help="Sicherung in ein neues Basisverzeichnis")
    restore.add_argument("archive", type=Path)
    restore.add_argument("--into", required=True, type=Path, help="neues Basisverzeichnis")
    restore.add_argument("--workdir", dest="mailbox", default="demo")
    restore.add_argument("--password-env", default="BEBPO_PASSWORD")
    restore.set_defaults(handler=_restore)


def _open(args: argparse.Namespace) -> WorkdirMailbox:
    password = os.environ.get(args.password_env)
    if not password:
        raise PasswordMissing(variable=args.password_env)
    workdir = workdirs.open_workdir(args.mailbox, base_dir(args.base_dir))
    return WorkdirOpener(workdir).open(password, args.person)


def _progress(done: int, total: int, text: str) -> None:
    print(f"  {text}", file=sys.stderr)


def _fetch(args: argparse.Namespace) -> int:
    with _closing(_open(args)) as mailbox:
        count = mailbox.fetch(progress=_progress, cancel=threading.Event())
        print(f"{count} neue Nachricht(en) abgeholt.")
        for summary in mailbox.list_messages(Folder.POSTEINGANG, limit=count):
            print(_row(summary))
    return 0


def _row(summary: Any) -> str:
    date = summary.date.astimezone().strftime("%d.%m.%Y %H:%M") if summary.date else "-"
    flags = ("eEB " if summary.eeb_requested else "") + (
        f"{summary.quarantined_count} in Quarantäne" if summary.quarantined_count else ""
    )
    columns = (summary.id, date, summary.sender, summary.betreff, summary.aktenzeichen, flags)
    return "\t".join(str(c) for c in columns)


def _list(args: argparse.Namespace) -> int:
    with _closing(_open(args)) as mailbox:
        for summary in mailbox.list_messages(FOLDERS[args.folder]):
            print(_row(summary))
    return 0


def _search(args: argparse.Namespace) -> int:
    with _closing(_open(args)) as mailbox:
        for summary in mailbox.search(args.text):
            print(_row(summary))
    return 0


def _show(args: argparse.Namespace) -> int:
    with _closing(_open(args)) as mailbox:
        record = mailbox.message(args.id)
        print(f"Betreff: {record.betreff}")
        print(f"Nachrichtentyp: {record.nachrichtentyp}; Kennung {record.osci_message_id}")
        print(f"Aktenzeichen: {record.aktenzeichen_absender} / {record.aktenzeichen_empfaenger}")
        for party in mailbox.parties(args.id):
            role = "Absender" if party.role is PartyRole.SENDER else "Empfänger"
            print(f"{role}: {party.display_name} {party.safe_id}")
        print(f"Signatur: {record.signature_verdict.name}; VHN: {record.vhn_verdict.name}")
        print(f"eEB angefordert: {'ja' if record.eeb_requested else 'nein'}")
        for attachment in mailbox.attachments(args.id):
            scans = mailbox.scan_results(attachment.id)
            refusal = mailbox.release_refusal(attachment, scans[-1] if scans else None)
            print(
                f"  Datei {attachment.id}: {attachment.original_name} ({attachment.size} Bytes, "
                f"{attachment.scan_state.name}) {refusal or 'freigebbar'}"
            )
        for card in mailbox.process_cards(args.id):
            print(
                f"Laufzettel: Eingang {card.creation}, Abholung {card.forwarding}, "
                f"Empfang {card.reception}"
            )
    return 0


def _directory(args: argparse.Namespace) -> int:
    with _closing(_open(args)) as mailbox:
        criteria = [SearchCriterion(SearchField.ORGANISATION, args.text, SearchMode.CONTAINS)]
        page = mailbox.search_directory(criteria, page=1, page_size=50)
        for hit in page.hits:
            card = hit.visitenkarte
            print(f"{hit.safe_id}\t{card.display_name()}\t{card.ort}")
    return 0


def _release(args: argparse.Namespace) -> int:
    with _closing(_open(args)) as mailbox:
        print(f"Übertragen: {mailbox.release(args.attachment)}")
    return 0


def _send(args: argparse.Namespace) -> int:
    with _closing(_open(args)) as mailbox:
        draft = DraftInfo(
            betreff=args.betreff,
            aktenzeichen_absender=args.az_eigenes,
            aktenzeichen_empfaenger=args.az_empfaenger,
            parties=(PartyInfo(PartyRole.RECIPIENT, safe_id=args.to),),
        )
        files = [PathSource(path) for path in args.files]
        message_id = mailbox.send(
            draft, files, {}, draft_id=None, progress=_progress, cancel=threading.Event()
        )
        record = mailbox.message(message_id)
        print(f"Gesendet als {record.osci_message_id} (Nachricht {message_id}).")
    return 0


def _eeb(args: argparse.Namespace) -> int:
    response: EebAccept | EebReject
    if args.accept:
        response = EebAccept(dt.date.fromisoformat(args.accept))
    else:
        response = EebReject(StoerungsId(int(args.reject)), args.grund)
    with _closing(_open(args)) as mailbox:
        answer = mailbox.answer_eeb(args.id, response, progress=_progress, cancel=threading.Event())
        print(f"eEB gesendet (Nachricht {answer}).")
    return 0


def _export(args: argparse.Namespace) -> int:
    with _closing(_open(args)) as mailbox:
        (path,) = mailbox.export([args.id], args.to, progress=_progress, cancel=threading.Event())
        print(f"Exportiert: {path}")
    return 0


def _backup(args: argparse.Namespace) -> int:
    with _closing(_open(args)) as mailbox:
        report = mailbox.store.backup(args.target)
        print(f"Sicherung geschrieben: {args.target} ({report})")
    return 0


def _restore(args: argparse.Namespace) -> int:
    password = os.environ.get(args.password_env)
    if not password:
        raise PasswordMissing(variable=args.password_env)
    target = WorkdirPaths.for_scenario(args.into, args.mailbox)
    report = restore_backup(args.archive, target, password=password)
    print(f"Wiederhergestellt nach {target.root} ({report})")
    return 0


class _closing:
    def __init__(self, mailbox: WorkdirMailbox) -> None:
        self.mailbox = mailbox

    def __enter__(self) -> WorkdirMailbox:
        return self.mailbox

    def __exit__(self, *exc: object) -> None:
        self.mailbox.close()
