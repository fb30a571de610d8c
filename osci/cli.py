"""``python -m osci inspect|verify FILE``: look into an OSCI message without a client.

``inspect`` shows what the message says and whether each signature reference holds; with
``--key`` (PKCS#12) and the PIN in an environment variable it also removes the transport
encryption and decrypts the content. ``verify`` exits 0 only when every signature verifies.
Exit codes: 0 ok, 1 a signature does not verify, 2 the file cannot be read as OSCI.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from osci import codes
from osci.crypto import Policy
from osci.errors import OsciError
from osci.inspect import Report, inspect
from osci.keys import Pkcs12Identity
from osci.wire import read_chunks


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m osci", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("inspect", "show message type, blocks, certificates, process card and signatures"),
        ("verify", "exit 0 only when every signature in the message verifies"),
    ):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("file", type=Path)
        sub.add_argument("--key", type=Path, help="PKCS#12 file of the mailbox (cipher) key")
        sub.add_argument("--pin-env", metavar="VAR", help="environment variable holding the PIN")
        sub.add_argument("--legacy", action="store_true", help="accept SHA-1, CBC, RSA-1_5")
        sub.add_argument("--json", action="store_true", help="machine-readable output")
    return parser


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as stream:
        yield from read_chunks(stream)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    decrypter = None
    try:
        if args.key is not None:
            pin = os.environ.get(args.pin_env, "") if args.pin_env else None
            decrypter = Pkcs12Identity.from_bytes(args.key.read_bytes(), pin, role="mailbox key")
        report = inspect(
            _chunks(args.file), decrypter=decrypter, policy=Policy(legacy_read=args.legacy)
        )
    except (OsciError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(_jsonable(report), indent=2, ensure_ascii=False))
    elif args.command == "inspect":
        print(render(report))
    else:
        print(render_signatures(report))
    if args.command == "verify":
        return 0 if report.all_signatures_valid else 1
    return 0


def render(report: Report) -> str:
    lines = [
        f"Nachrichtentyp: {report.message_type}"
        + (" (transportverschlüsselt)" if report.sealed else "")
    ]
    cb = report.control_block
    if cb is not None:
        lines.append(
            f"ControlBlock: ConversationId={cb.conversation_id} "
            f"SequenceNumber={cb.sequence_number} Challenge={cb.challenge} Response={cb.response}"
        )
    lines += [f"MessageId: {m}" for m in dict.fromkeys(report.message_ids)]
    lines += [f"Betreff (Subject): {s}" for s in report.subjects]
    if report.certificates:
        lines.append("Zertifikate:")
        for cert in report.certificates:
            lines.append(f"  {cert.element}: {cert.subject}")
            lines.append(f"    Aussteller: {cert.issuer}; Seriennummer {cert.serial}")
            lines.append(f"    gültig {cert.not_before} bis {cert.not_after}")
    if report.feedback:
        lines.append("Rückmeldungen:")
        lines += [f"  {e.code} {e.text} ({codes.describe(e.code)})" for e in report.feedback]
    for bundle in report.process_cards:
        card = bundle.process_card
        lines.append(f"Laufzettel für {bundle.message_id}:")
        for name in ("creation", "forwarding", "reception"):
            stamp = getattr(card, name)
            if stamp is not None:
                lines.append(
                    f"  {name}: {stamp.plain.isoformat() if stamp.plain else 'kryptographisch'}"
                )
        for item in bundle.inspections:
            lines.append(
                f"  Prüfung {item.subject}: Typ {item.cert_type.value}, "
                f"Mathematik {item.math.value}, offline {item.offline.value}, "
                f"online {item.online.value if item.online else '-'}"
            )
    lines.append(render_signatures(report))
    if report.attachments:
        lines.append("Anhänge:")
        for part in report.attachments:
            text = f"  {part.content_id}: {part.size} Bytes, SHA-256 {part.sha256}"
            if part.plain_sha256 is not None:
                text += f"; entschlüsselt {part.plain_size} Bytes, SHA-256 {part.plain_sha256}"
            lines.append(text)
    lines += [f"Container: {c}" for c in report.containers]
    lines += [f"Problem: {p}" for p in report.problems]
    return "\n".join(lines)


def render_signatures(report: Report) -> str:
    if not report.signatures:
        return "Signaturen: keine"
    lines = []
    for sig in report.signatures:
        state = "gültig" if sig.ok else "NICHT gültig"
        lines.append(f"{sig.block} ({sig.method}) von {sig.signer}: {state}")
        if sig.error:
            lines.append(f"  Fehler: {sig.error}")
        lines.append(f"  Signaturwert: {'ok' if sig.value_ok else 'falsch'}")
        for ref in sig.references:
            lines.append(f"  {ref.uri}: {'ok' if ref.ok else ref.reason}")
    return "\n".join(lines)


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)} | (
            {"ok": value.ok} if hasattr(value, "ok") else {}
        )
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, bytes):
        return value.hex()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value") and not isinstance(value, str | int):
        return value.value
    return value
