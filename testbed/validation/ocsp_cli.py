"""``python -m testbed ocsp``: the OCSP responder alone."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from testbed._soap import PortUnavailable, serve_until_signalled
from testbed.pki import PkiError, TestPki
from testbed.validation.server import OCSP_PATH, ocsp_server

HELP = "OCSP-Responder der Test-PKI allein starten (HTTP POST, RFC 6960)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pki", required=True, type=Path, help="Ordner der Test-PKI")
    parser.add_argument("--port", type=int, default=0, help="TCP-Port auf 127.0.0.1 (0: frei)")
    parser.add_argument("--ready-file", type=Path, help="hierhin Port und URL schreiben")


def run(args: argparse.Namespace) -> int:
    try:
        pki = TestPki.load(args.pki)
    except PkiError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 1
    try:
        server = ocsp_server(pki, port=args.port)
    except PortUnavailable as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 1
    return serve_until_signalled(
        server, {"service": "ocsp", "url": server.url(OCSP_PATH)}, args.ready_file
    )
