"""Everything needed to talk to the scenario's intermediary as this mailbox.

The mailbox key (``keys/postfach.p12``) decrypts responses and content; the VHN key
(``keys/vhn.p12``) signs requests (osci.md §13.3: the VHN is the Originator's signature
certificate for beBPo). The intermediary certificates come from the files the scenario names.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography import x509

from client.core.errors import ClientError
from osci.crypto import RSA_PSS_SHA256
from osci.keys import Pkcs12Identity
from osci.transport.http import HttpTransport
from osci.transport.session import ClientSession, http_exchange
from profiles.paths import WorkdirPaths, ensure_private_dir
from profiles.scenarios import Scenario
from profiles.settings import Settings
from profiles.status import MAILBOX_KEY_NAMES, VHN_KEY_NAMES, load_certificate_file


class KeyFileMissing(ClientError):
    """A key or certificate file the mailbox needs is not in the working directory."""

    def __init__(self, *, what: str, folder: Path, names: tuple[str, ...]) -> None:
        self.what = what
        self.folder = folder
        self.names = names
        super().__init__(f"{what}: none of {', '.join(names)} in {folder}")


@dataclass(frozen=True)
class Pins:
    mailbox: str
    vhn: str | None = None  # None: the same PIN as the mailbox key


@dataclass(frozen=True)
class MailboxKeys:
    cipher: Pkcs12Identity
    signer: Pkcs12Identity
    intermediary_cipher: x509.Certificate
    intermediary_signature: x509.Certificate | None


def _first(folder: Path, names: tuple[str, ...], what: str) -> Path:
    for name in names:
        if (folder / name).is_file():
            return folder / name
    raise KeyFileMissing(what=what, folder=folder, names=names)


def load_keys(paths: WorkdirPaths, scenario: Scenario, pins: Pins) -> MailboxKeys:
    """Load both PKCS#12 keys and the intermediary certificates (wrong PIN: CertificateError)."""
    mailbox_file = _first(paths.keys, MAILBOX_KEY_NAMES, "Postfachschlüssel")
    vhn_file = _first(paths.keys, VHN_KEY_NAMES, "VHN-Schlüssel")
    cipher = Pkcs12Identity.from_bytes(mailbox_file.read_bytes(), pins.mailbox, role="mailbox")
    vhn_pin = pins.vhn if pins.vhn is not None else pins.mailbox
    signer = Pkcs12Identity.from_bytes(vhn_file.read_bytes(), vhn_pin, role="vhn")
    names = (scenario.intermediary_cipher_certificate,)
    intermediary_cipher = load_certificate_file(
        _first(paths.keys, names, "Verschlüsselungszertifikat des Intermediärs")
    )
    intermediary_signature = None
    if scenario.intermediary_signature_certificate:
        names = (scenario.intermediary_signature_certificate,)
        intermediary_signature = load_certificate_file(
            _first(paths.keys, names, "Signaturzertifikat des Intermediärs")
        )
    return MailboxKeys(cipher, signer, intermediary_cipher, intermediary_signature)


def spill_factory(paths: WorkdirPaths) -> BinaryIO:
    """A nameless temporary file for big message parts (still content-encrypted there)."""
    folder = ensure_private_dir(paths.root / "tmp")
    return tempfile.TemporaryFile(dir=folder)  # the caller owns and closes it


def open_session(
    paths: WorkdirPaths,
    scenario: Scenario,
    keys: MailboxKeys,
    settings: Settings,
    *,
    on_upload: Callable[[int], None] | None = None,
    on_download: Callable[[int], None] | None = None,
    read_timeout: float = 300.0,
) -> tuple[ClientSession, HttpTransport]:
    transport = HttpTransport(
        scenario.intermediary_url,
        proxy_url=settings.proxy_url or None,
        read_timeout=read_timeout,
    )
    exchange = http_exchange(
        transport,
        spill=lambda: spill_factory(paths),
        on_upload=on_upload,
        on_download=on_download,
    )
    session = ClientSession(
        exchange=exchange,
        cipher=keys.cipher,
        signer=keys.signer,
        intermediary_cipher=keys.intermediary_cipher,
        intermediary_signature=keys.intermediary_signature,
        signature_algorithm=RSA_PSS_SHA256,
        spill=lambda: spill_factory(paths),
    )
    return session, transport
