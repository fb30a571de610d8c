"""``python -m testbed pki``: make the test PKI, list it, revoke a certificate."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cryptography import x509

from testbed.pki.model import PkiError
from testbed.pki.pki import TestPki

HELP = "Test-PKI erzeugen (oder vorhandene wiederverwenden), auflisten, Zertifikat widerrufen"

_REASONS = {
    "keyCompromise": x509.ReasonFlags.key_compromise,
    "superseded": x509.ReasonFlags.superseded,
    "cessationOfOperation": x509.ReasonFlags.cessation_of_operation,
    "affiliationChanged": x509.ReasonFlags.affiliation_changed,
}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        nargs="?",
        choices=("create", "list", "revoke"),
        default="create",
        help="create (Standard): vollständigen Satz erzeugen; list: Inhalt zeigen; "
        "revoke LABEL: Zertifikat sperren",
    )
    parser.add_argument("label", nargs="?", help="bei revoke: Label des Zertifikats")
    parser.add_argument("--out", required=True, type=Path, help="Ordner der Test-PKI")
    parser.add_argument(
        "--key-cache",
        type=Path,
        help="Ordner, in dem erzeugte Schlüssel zwischengespeichert und wiederverwendet werden",
    )
    parser.add_argument(
        "--reason", choices=sorted(_REASONS), default="keyCompromise", help="Sperrgrund"
    )


def run(args: argparse.Namespace) -> int:
    try:
        if args.action == "create":
            pki = TestPki.create(args.out, key_cache=args.key_cache)
            print(
                f"Test-PKI in {pki.folder}: {len(pki.credentials)} Zertifikate, "
                f"Stichtag {pki.anchor.date().isoformat()}"
            )
            return 0
        pki = TestPki.load(args.out)
        if args.action == "list":
            _list(pki)
            return 0
        if not args.label:
            print("Fehler: revoke braucht ein LABEL", file=sys.stderr)
            return 2
        revocation = pki.revoke(args.label, reason=_REASONS[args.reason])
        print(f"{args.label} gesperrt am {revocation.time.isoformat()} ({args.reason})")
        return 0
    except PkiError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 1


def _list(pki: TestPki) -> None:
    for credential in pki.credentials:
        cert = credential.certificate
        pin = f" PIN {credential.pin}" if credential.pin else ""
        issuer = credential.issuer or "selbstsigniert"
        print(
            f"{credential.label:32} {credential.kind.value:24} {issuer:16} "
            f"bis {cert.not_valid_after_utc.date().isoformat()}{pin}"
        )
