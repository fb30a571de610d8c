"""``python -m testbed intermediary``: the OSCI intermediary on 127.0.0.1."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading
from dataclasses import replace
from pathlib import Path

from profiles.paths import atomic_write_text
from testbed._soap import PortUnavailable
from testbed.intermediary.config import (
    DEFAULT_PATH,
    KB,
    MB,
    Faults,
    IntermediaryConfig,
    UnknownFault,
)
from testbed.pki import PkiError, TestPki

HELP = "OSCI-Intermediär (Zustelldienst) starten; Fehler lassen sich gezielt einschalten"

logger = logging.getLogger(__name__)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", required=True, type=Path, help="Datenordner des Intermediärs")
    parser.add_argument("--port", type=int, default=0, help="TCP-Port auf 127.0.0.1 (0: frei)")
    parser.add_argument(
        "--pki", type=Path, help="Ordner der Test-PKI (Standard: DATA/pki, wird bei Bedarf erzeugt)"
    )
    parser.add_argument("--key-cache", type=Path, help="Schlüssel-Cache für die Test-PKI")
    parser.add_argument("--path", default=DEFAULT_PATH, help="HTTP-Pfad der OSCI-Schnittstelle")
    parser.add_argument(
        "--retention-days",
        type=int,
        default=365,
        help="nicht abgeholte Nachrichten nach so vielen Tagen löschen (EGVP: 365)",
    )
    parser.add_argument("--max-request-mb", type=int, default=300, help="größte HTTP-Anfrage in MB")
    parser.add_argument(
        "--max-chunk-kb",
        type=int,
        default=8 * KB,
        help="größtes Teilstück (PartialStore/PartialFetch) in KB",
    )
    parser.add_argument("--min-chunk-kb", type=int, default=16, help="kleinstes Teilstück in KB")
    parser.add_argument("--ready-file", type=Path, help="hierhin Port und URL schreiben")
    faults = parser.add_argument_group("Fehlerinjektion (nur für Tests)")
    faults.add_argument("--faults", type=Path, help="JSON-Datei mit Schaltern (siehe Faults)")
    faults.add_argument("--wrong-challenge", action="store_true", help="falsche Response senden")
    faults.add_argument("--tamper-signature", action="store_true", help="Signatur verfälschen")
    faults.add_argument("--drop-after", type=int, metavar="BYTES", help="Verbindung abbrechen")
    faults.add_argument(
        "--slow", type=float, default=0.0, metavar="SEK", help="verzögert antworten"
    )
    faults.add_argument("--fault-code", help="jede Anfrage mit diesem SOAP-Fault beantworten")
    faults.add_argument("--legacy-iv", action="store_true", help="16-Byte-IV ohne IvLength")
    faults.add_argument("--unencrypted", action="store_true", help="unverschlüsselt antworten")


def _faults(args: argparse.Namespace) -> Faults:
    base = Faults.load(args.faults) if args.faults else Faults()
    faults = replace(
        base,
        wrong_challenge=args.wrong_challenge or base.wrong_challenge,
        tamper_signature=args.tamper_signature or base.tamper_signature,
        drop_after_bytes=base.drop_after_bytes if args.drop_after is None else args.drop_after,
        slow_seconds=args.slow or base.slow_seconds,
        fault_code=args.fault_code or base.fault_code,
        legacy_iv=args.legacy_iv or base.legacy_iv,
        unencrypted=args.unencrypted or base.unencrypted,
    )
    faults.check()
    return faults


def run(args: argparse.Namespace) -> int:
    from testbed.intermediary.server import IntermediaryServer

    try:
        faults = _faults(args)
        pki = TestPki.create(args.pki or args.data / "pki", key_cache=args.key_cache)
        config = IntermediaryConfig(
            data=args.data,
            path=args.path,
            retention_days=args.retention_days,
            max_request_bytes=args.max_request_mb * MB,
            max_chunk_kb=args.max_chunk_kb,
            min_chunk_kb=args.min_chunk_kb,
        )
        server = IntermediaryServer(config, pki, port=args.port, faults=faults)
    except (PkiError, PortUnavailable, UnknownFault, OSError, ValueError) as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 1
    if faults.armed:
        logger.info("fault injection armed: %s", faults)

    def stop(signum: int, frame: object) -> None:
        del frame
        logger.info("signal %d: shutting down", signum)
        threading.Thread(target=server.httpd.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    info = json.dumps(
        {
            "service": "intermediary",
            "url": server.url,
            "admin": server.admin_url,
            "port": server.port,
        }
    )
    if args.ready_file is not None:
        atomic_write_text(args.ready_file, info + "\n", mode=0o644)
    print(f"ready {info}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.httpd.server_close()
    return 0
