"""``python -m testbed up --data DIR``: the local EGVP world, ready for the client.

Starts intermediary, directory and validation service on free loopback ports, writes the
``demo`` and ``demo-gericht`` scenario files with those ports into the client's base directory,
puts keys and intermediary certificates into both working directories, and deposits the demo
deliveries for DEMO (once per data folder). A second ``up`` reuses everything in DIR.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from profiles.paths import atomic_write_text, base_dir, ensure_private_dir
from testbed.demo import services
from testbed.demo.workdirs import PreparedWorkdir, ServiceUrls, prepare_workdirs
from testbed.pki import PkiError, TestPki

HELP = (
    "Alles starten: Intermediär, Verzeichnis- und Validierungsdienst, Demo-Postfächer DEMO "
    "und DEMO-GERICHT mit Demo-Nachrichten"
)
DEMO_MARKER = "demo-deliveries.json"
README = "README.txt"

logger = logging.getLogger(__name__)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", required=True, type=Path, help="Datenordner der Testumgebung")
    parser.add_argument(
        "--base-dir",
        help="Basisordner des Clients (Standard: $BEBPO_BASE_DIR bzw. der übliche Ordner)",
    )
    parser.add_argument("--key-cache", type=Path, help="Schlüssel-Cache für die Test-PKI")
    parser.add_argument(
        "--big-mb", type=int, default=50, help="Größe der großen Demo-Nachricht in MB"
    )
    parser.add_argument(
        "--no-demo-messages", action="store_true", help="keine Demo-Nachrichten hinterlegen"
    )


def run(args: argparse.Namespace) -> int:
    data = ensure_private_dir(args.data.expanduser().resolve())
    base = base_dir(args.base_dir)
    state = services.running(data)
    if state is not None:
        print(f"Die Testumgebung in {data} läuft bereits.")
        print((data / README).read_text(encoding="utf-8") if (data / README).exists() else "")
        return 0
    services.stop_all(data)  # leftovers of a crashed run, if any
    try:
        pki = TestPki.create(data / "pki", key_cache=args.key_cache)
        started = services.start_all(data, pki.folder)
    except (PkiError, services.StartFailed, OSError) as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 1
    services.write_state(data, started, base)
    urls = ServiceUrls(
        started["intermediary"].url, started["directory"].url, started["validation"].url
    )
    try:
        workdirs = prepare_workdirs(base, pki, urls)
        deliveries = _deliveries(args, data, pki, urls.intermediary)
    except Exception as exc:
        logger.exception("setting up the demo failed")
        services.stop_all(data)
        print(f"Fehler beim Einrichten der Demo: {exc}", file=sys.stderr)
        return 1
    text = summary(data, base, urls, workdirs, deliveries)
    atomic_write_text(data / README, text, mode=0o644)
    print(text, end="")
    return 0


def _deliveries(
    args: argparse.Namespace, data: Path, pki: TestPki, url: str
) -> list[dict[str, object]]:
    from testbed.demo.deposit import deposit_demo

    marker = data / DEMO_MARKER
    if marker.exists():
        existing: list[dict[str, object]] = json.loads(marker.read_text(encoding="utf-8"))
        return existing
    if args.no_demo_messages:
        return []
    work = ensure_private_dir(data / "work")
    sent = deposit_demo(pki, url, work, big_size=args.big_mb * 1024 * 1024)
    listing: list[dict[str, object]] = [
        {"title": d.title, "message_id": d.message_id, "bytes": d.size, "chunked": d.chunked}
        for d in sent
    ]
    atomic_write_text(marker, json.dumps(listing, indent=2, ensure_ascii=False) + "\n")
    return listing


def summary(
    data: Path,
    base: Path,
    urls: ServiceUrls,
    workdirs: list[PreparedWorkdir],
    deliveries: list[dict[str, object]],
) -> str:
    lines = [
        f"Lokale EGVP-Testumgebung läuft (Daten: {data})",
        "",
        f"  Intermediär (OSCI):  {urls.intermediary}",
        f"  Verzeichnisdienst:   {urls.directory}",
        f"  Validierungsdienst:  {urls.validation}",
        "",
        f"Postfächer (Basisordner des Clients: {base}):",
    ]
    for workdir in workdirs:
        box = workdir.mailbox
        state = "bereit" if workdir.ready else "unvollständig"
        lines += [
            f"  Konfigurations-ID {box.configuration_id}: {box.title} ({state})",
            f"    Arbeitsverzeichnis: {workdir.root}",
            f"    SAFE-ID:            {workdir.safe_id}",
            f"    PIN Postfachschlüssel (keys/postfach.p12): {workdir.mailbox_pin}",
            f"    PIN VHN-Schlüssel (keys/vhn.p12):          {workdir.vhn_pin}",
            *(f"    {p.strip()}" for p in workdir.problems),
        ]
    lines += ["", "Beide Postfächer sind im Verzeichnisdienst eingetragen (Rolle bestätigt)."]
    if deliveries:
        lines.append(f"Für DEMO liegen {len(deliveries)} Demo-Nachrichten beim Intermediär bereit:")
        for item in deliveries:
            lines.append(f"  – {item['title']} ({_size(int(str(item['bytes'])))})")
    lines += [
        "",
        "Im Client die Konfigurations-ID DEMO eingeben (gleicher Basisordner), "
        "dann mit der PIN entsperren und abholen.",
        f"Beenden: python -m testbed down --data {data}",
        "Ein erneutes `up` mit demselben Datenordner setzt alles fort (nichts geht verloren).",
        "Alle Schlüssel und PINs hier sind Testmaterial und für nichts Echtes zu verwenden.",
    ]
    return "\n".join(lines) + "\n"


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, round(count / 1024))} KB"
