"""``python -m osci inspect|verify`` on messages we build, with and without the mailbox key."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    pkcs12,
)

from osci import wire, xenc
from osci.certs import Kind, Role, cert_id
from osci.delivery import PlainAttachment, prepare_content
from osci.messages import Message, StoreDelivery
from osci.model import CertificateEntry, Certificates, Content, ContentContainer
from tests.osci import peers
from tests.osci.test_messages import control_block_for

PDF = b"%PDF-1.7\n" + b"Beschluss " * 5000


def store_delivery(tmp_path: Path, *, sealed: bool) -> Path:
    sender, recipient, intermediary = peers.client(), peers.addressee(), peers.intermediary()
    reader = xenc.Reader(recipient.cipher_cert,
                         cert_id(Role.ADDRESSEE, Kind.CIPHER, recipient.cipher_cert))  # fmt: skip
    prepared = prepare_content(
        [ContentContainer("project_coco", (Content(id="beschluss.pdf", href="beschluss.pdf"),))],
        [PlainAttachment("project_coco", "beschluss.pdf", lambda: io.BytesIO(PDF))],
        [reader],
        spill=io.BytesIO,
    )
    message = Message(
        StoreDelivery("govapp_42", prepared.package, "Allgemeine Nachricht"),
        control_block_for(StoreDelivery.TYPE),
        certificates=Certificates((
            *peers.originator_entries(sender),
            CertificateEntry(Role.ADDRESSEE, Kind.CIPHER, recipient.cipher_cert),
        )),
    )  # fmt: skip
    body = wire.encode(
        message,
        signing=peers.signing(sender, Role.ORIGINATOR),
        parts=prepared.parts,
        recipient=intermediary.cipher_cert if sealed else None,
    )
    path = tmp_path / "nachricht.osci"
    path.write_bytes(body)
    return path


def p12(tmp_path: Path, party: peers.Party, pin: str) -> Path:
    key = party.cipher._key  # the test identity's key, to build a PKCS#12 file
    data = pkcs12.serialize_key_and_certificates(
        b"key", key, party.cipher_cert, None, BestAvailableEncryption(pin.encode())
    )
    path = tmp_path / "key.p12"
    path.write_bytes(data)
    return path


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "osci", *args], capture_output=True, text=True,
                          check=False, timeout=60, env=env)  # fmt: skip


def test_verify_accepts_an_intact_message(tmp_path: Path) -> None:
    assert cli("verify", str(store_delivery(tmp_path, sealed=False))).returncode == 0


def test_verify_rejects_one_changed_byte_and_names_the_part(tmp_path: Path) -> None:
    path = store_delivery(tmp_path, sealed=False)
    data = path.read_bytes()
    at = data.index(b"Allgemeine Nachricht")
    path.write_bytes(data[:at] + b"B" + data[at + 1 :])
    result = cli("verify", str(path))
    assert result.returncode == 1
    assert "#storedelivery: digest mismatch" in result.stdout


def test_inspect_with_the_key_decrypts_transport_and_content(tmp_path: Path) -> None:
    path = store_delivery(tmp_path, sealed=True)
    without = cli("inspect", "--json", str(path))
    assert json.loads(without.stdout)["message_type"].startswith("transport-encrypted")
    # The intermediary's key opens the transport envelope; the content stays closed to it.
    key = p12(tmp_path, peers.intermediary(), "1234")
    env = {**os.environ, "OSCI_PIN": "1234"}
    shown = cli("inspect", "--json", "--key", str(key), "--pin-env", "OSCI_PIN", str(path), env=env)
    report = json.loads(shown.stdout)
    assert report["message_type"] == "STORE_DELIVERY"
    assert report["message_ids"] == ["govapp_42"]
    assert report["signatures"][0]["ok"] is True
    assert any("content" in p for p in report["problems"])  # not addressed to the intermediary
    # The addressee's key cannot open the transport layer (it is for the intermediary).
    wrong = p12(tmp_path, peers.addressee(), "1234")
    refused = cli("inspect", "--key", str(wrong), "--pin-env", "OSCI_PIN", str(path), env=env)
    assert refused.returncode == 2
    assert "not encrypted for any of our certificates" in refused.stderr


def test_a_wrong_pin_is_a_clear_error(tmp_path: Path) -> None:
    key = p12(tmp_path, peers.addressee(), "1234")
    env = {**os.environ, "OSCI_PIN": "0000"}
    path = store_delivery(tmp_path, sealed=True)
    result = cli("inspect", "--key", str(key), "--pin-env", "OSCI_PIN", str(path), env=env)
    assert result.returncode == 2
    assert "wrong PIN" in result.stderr


def test_inspect_lists_decrypted_attachments_for_the_addressee(tmp_path: Path) -> None:
    path = store_delivery(tmp_path, sealed=False)
    key = p12(tmp_path, peers.addressee(), "1234")
    env = {**os.environ, "OSCI_PIN": "1234"}
    shown = cli("inspect", "--json", "--key", str(key), "--pin-env", "OSCI_PIN", str(path), env=env)
    (attachment,) = json.loads(shown.stdout)["attachments"]
    assert attachment["plain_size"] == len(PDF)
    assert attachment["plain_sha256"] == hashlib.sha256(PDF).hexdigest()
