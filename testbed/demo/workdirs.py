"""The client's working directories for the demo mailboxes: scenario file with the real ports,
mailbox key, VHN key and the intermediary's certificates (profiles/scenarios/README.md).

A ``scenario.toml`` in ``<base>/bebpo/<name>/`` takes precedence over the shipped one
(:func:`profiles.scenarios.dropped_scenarios`), so configuration ID ``DEMO`` resolves to the
services that really run. Files are rewritten on every ``up`` (ports and, after a PKI renewal,
certificates change; the keys stay the same), which never touches the client's store.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import tomli_w

from profiles.paths import (
    WorkdirPaths,
    atomic_write_bytes,
    atomic_write_text,
    ensure_private_dir,
    resource_dir,
)
from profiles.scenarios import Catalogue
from profiles.settings import ScannerSettings, Settings
from profiles.settings import save as save_settings
from profiles.status import Pins, inspect
from testbed.pki import MailboxCredentials, TestPki


@dataclass(frozen=True)
class DemoMailbox:
    scenario: str
    configuration_id: str
    label: str  # mailbox in the test PKI catalogue
    title: str


DEMO_MAILBOXES = (
    DemoMailbox("demo", "DEMO", "demo", "Lokale Testumgebung – Demo-Behörde"),
    DemoMailbox(
        "demo-gericht",
        "DEMO-GERICHT",
        "demo-gericht",
        "Lokale Testumgebung – Demo-Gericht (zweites Postfach)",
    ),
)


@dataclass(frozen=True)
class ServiceUrls:
    intermediary: str
    directory: str
    validation: str


@dataclass(frozen=True)
class PreparedWorkdir:
    mailbox: DemoMailbox
    root: Path
    safe_id: str
    mailbox_pin: str
    vhn_pin: str
    ready: bool
    problems: tuple[str, ...]


def scenario_toml(mailbox: DemoMailbox, urls: ServiceUrls) -> str:
    return f"""# Written by `python -m testbed up` with the ports the local services really use.
format_version = 1
name = "{mailbox.scenario}"
title = "{mailbox.title}"
configuration_ids = ["{mailbox.configuration_id}"]
xjustiz_version = "3.5.1"

[intermediary]
url = "{urls.intermediary}"
cipher_certificate = "intermediaer-verschluesselung.pem"
signature_certificate = "intermediaer-signatur.pem"

[directory]
url = "{urls.directory}"

[validation]
url = "{urls.validation}"

[limits]
max_files = 1000
max_message_bytes = 200_000_000
chunk_threshold_bytes = 20_000_000
chunk_size_bytes = 5_000_000

[retention]
enabled = true
trash_after_days = 90
purge_after_days = 30
only_after_export = false
"""


# Visitenkarte fields as the client reads them (client.egvp.Visitenkarte names).
_CARD_FIELDS = {
    "organisation": "organisation", "organisationszusatz": "organisationszusatz",
    "anrede": "anrede", "vorname": "vorname", "name": "name", "strasse": "strasse",
    "hausnummer": "hausnummer", "postleitzahl": "postleitzahl", "ort": "ort",
    "bundesland": "bundesland", "e_mail": "e_mail", "telefon": "telefon", "fax": "fax",
}  # fmt: skip


def _write_client_files(paths: WorkdirPaths, base: Path, credentials: MailboxCredentials) -> None:
    """The mailbox's own Visitenkarte (as registration would write it) always; settings only
    the first time (the user may change them): the shipped demo ClamAV signatures, since a
    machine without internet has no signature database, and a transfer folder of its own."""
    box = credentials.mailbox
    card = {key: getattr(box, attr, "") or "" for key, attr in _CARD_FIELDS.items()}
    card |= {"land": "DE", "nutzer_id": box.safe_id, "rollen_id": box.role}
    atomic_write_text(paths.visitenkarte_file, tomli_w.dumps({"visitenkarte": card}))
    if not paths.settings_file.exists():
        transfer = ensure_private_dir(base / "transfer" / paths.name)
        settings = Settings(
            transfer_dir=str(transfer),
            scanner=ScannerSettings(mode="private-clamd",
                                    signature_dir=str(resource_dir() / "clamav")),
        )  # fmt: skip
        save_settings(paths.settings_file, settings)


def prepare_workdirs(base: Path, pki: TestPki, urls: ServiceUrls) -> list[PreparedWorkdir]:
    prepared = []
    for mailbox in DEMO_MAILBOXES:
        paths = WorkdirPaths.for_scenario(base, mailbox.scenario)
        paths.create()
        atomic_write_text(paths.scenario_file, scenario_toml(mailbox, urls), mode=0o644)
        credentials = pki.mailbox(mailbox.label)
        if credentials.cipher.p12_path is None or credentials.vhn is None:
            raise ValueError(f"mailbox {mailbox.label} has no PKCS#12 file or no VHN")
        if credentials.vhn.p12_path is None:
            raise ValueError(f"mailbox {mailbox.label}: VHN without PKCS#12 file")
        atomic_write_bytes(paths.keys / "postfach.p12", credentials.cipher.p12_path.read_bytes())
        atomic_write_bytes(paths.keys / "vhn.p12", credentials.vhn.p12_path.read_bytes())
        for credential in (pki.intermediary_cipher, pki.intermediary_signature):
            atomic_write_bytes(paths.keys / f"{credential.label}.pem", credential.pem, mode=0o644)
        _write_client_files(paths, base, credentials)
        scenario = Catalogue.load(base).resolve(mailbox.configuration_id)
        if scenario.intermediary_url != urls.intermediary:
            raise ValueError(f"{mailbox.configuration_id} resolves to {scenario.source}")
        pins = Pins(mailbox=credentials.cipher.pin, vhn=credentials.vhn.pin)
        status = inspect(paths, scenario, pins=pins)
        prepared.append(
            PreparedWorkdir(
                mailbox,
                paths.root,
                credentials.safe_id,
                credentials.cipher.pin or "",
                credentials.vhn.pin or "",
                status.ready,
                tuple(line for line in status.lines() if line.startswith("  –")),
            )
        )
    return prepared
