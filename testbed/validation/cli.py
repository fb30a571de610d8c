"""``python -m testbed validation``: the validation service with its OCSP responder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from testbed._soap import PortUnavailable, serve_until_signalled
from testbed.pki import PkiError, TestPki
from testbed.validation.server import OCSP_PATH, validation_server
from testbed.validation.service import PATH

HELP = "Validierungsdienst (Zertifikatsprüfung mit OCSP) samt OCSP-Responder starten"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", required=True, type=Path, help="Datenordner des Dienstes")
    parser.add_argument("--port", type=int, default=0, help="TCP-Port auf 127.0.0.1 (0: frei)")
    parser.add_argument(
        "--pki", type=Path, help="Ordner der Test-PKI (Standard: DATA/pki, wird bei Bedarf erzeugt)"
    )
    parser.add_argument("--key-cache", type=Path, help="Schlüssel-Cache für die Test-PKI")
    parser.add_argument(
        "--ocsp-url", help="anderen OCSP-Responder fragen (Standard: der eigene unter /ocsp)"
    )
    parser.add_argument("--ready-file", type=Path, help="hierhin Port und URLs schreiben")


def run(args: argparse.Namespace) -> int:
    try:
        pki = TestPki.create(args.pki or args.data / "pki", key_cache=args.key_cache)
    except PkiError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 1
    try:
        server, _service = validation_server(args.data, pki, port=args.port, ocsp_url=args.ocsp_url)
    except PortUnavailable as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 1
    announce = {"service": "validation", "url": server.url(PATH), "ocsp": server.url(OCSP_PATH)}
    return serve_until_signalled(server, announce, args.ready_file)
