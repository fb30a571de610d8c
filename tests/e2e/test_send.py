"""Send path against the running testbed (issue 6, "Done when")."""

from __future__ import annotations

import hashlib
import signal
import threading
import time
from pathlib import Path

import pytest

from client.core import actions
from client.core.validation import EncryptionRefused
from client.egvp import PathSource
from client.store import DraftInfo, Folder, MessageState, PartyInfo, PartyRole
from testbed.pki.catalogue import TEST_REVOKED
from tests.e2e.conftest import RunningTestbed

# Killed clients leave private clamds behind; the next start stops them with a WARNING.
pytestmark = [pytest.mark.slow, pytest.mark.allow_log_warnings]


def pdf(path: Path, text: str, size: int = 30_000) -> Path:
    body = (text.encode() + b" ") * (size // (len(text) + 1))
    path.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + body + b"\n%%EOF\n")
    return path


def draft(to: str, betreff: str) -> DraftInfo:
    return DraftInfo(
        betreff=betreff,
        aktenzeichen_absender="32.1-0815/26",
        aktenzeichen_empfaenger="3 C 123/26",
        parties=(PartyInfo(PartyRole.RECIPIENT, safe_id=to),),
    )


def test_three_pdfs_arrive_byte_for_byte_and_the_laufzettel_grows(
    testbed: RunningTestbed, tmp_path: Path
) -> None:
    files = [pdf(tmp_path / f"anlage_{n}.pdf", f"Anlage {n}") for n in (1, 2, 3)]
    sender = testbed.open("demo")
    try:
        local = sender.send(
            draft(testbed.safe_id("demo-gericht"), "Drei Anlagen"),
            [PathSource(f) for f in files],
            {},
            draft_id=None,
            progress=lambda *a: None,
            cancel=threading.Event(),
        )
        record = sender.message(local)
        assert record.state is MessageState.OUT_SENT
        assert record.folder is Folder.GESENDET
        (card,) = sender.process_cards(local)
        assert card.creation is not None
        assert card.forwarding is None
        assert card.reception is None
        osci_id = record.osci_message_id
    finally:
        sender.close()

    court = testbed.open("demo-gericht")
    try:
        court.fetch(progress=lambda *a: None, cancel=threading.Event())
        (row,) = [
            r
            for r in court.list_messages(Folder.POSTEINGANG)
            if court.message(r.id).osci_message_id == osci_id
        ]
        got = {a.original_name: a for a in court.attachments(row.id)}
        for path in files:
            with court.store.mailbox.open_attachment(got[path.name].id) as reader:
                assert reader.read() == path.read_bytes()
        assert "xjustiz_nachricht.xml" in got
    finally:
        court.close()

    sender = testbed.open("demo")
    try:
        service = actions._send_service(sender, lambda *a: None)
        card = service.refresh_process_card(local, osci_id)
        assert card is not None
        assert card.creation is not None
        assert card.forwarding is not None
        assert card.reception is not None
        assert len(sender.process_cards(local)) == 2
    finally:
        sender.close()


def test_erv_violations_are_all_listed_before_anything_is_sent(
    testbed: RunningTestbed, tmp_path: Path
) -> None:
    spaced = pdf(tmp_path / "mit leerzeichen.pdf", "x")
    word = tmp_path / "antrag.docx"
    word.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    huge = tmp_path / "riesig.pdf"
    with huge.open("wb") as out:  # sparse: 201 MB without writing them
        out.write(b"%PDF-1.7\n")
        out.truncate(201 * 1000 * 1000)
    many = [pdf(tmp_path / f"d{n:04d}.pdf", "x", 50) for n in range(1001)]
    sender = testbed.open("demo")
    try:
        before = len(sender.list_messages(Folder.GESENDET))
        for files in ([spaced, word, huge], many):
            with pytest.raises(actions.ErvViolations) as refused:
                sender.send(
                    draft(testbed.safe_id("demo-gericht"), "Unzulässig"),
                    [PathSource(f) for f in files],
                    {},
                    draft_id=None,
                    progress=lambda *a: None,
                    cancel=threading.Event(),
                )
            assert refused.value.problems
        problems = " ".join(refused.value.problems)
        assert "1" in problems
        assert len(sender.list_messages(Folder.GESENDET)) == before
        assert len(sender.list_messages(Folder.POSTAUSGANG)) == 0
    finally:
        sender.close()


def test_a_revoked_recipient_certificate_is_refused_with_the_reason(
    testbed: RunningTestbed, tmp_path: Path
) -> None:
    sender = testbed.open("demo")
    try:
        with pytest.raises(EncryptionRefused) as refused:
            sender.send(
                draft(TEST_REVOKED.safe_id, "An gesperrtes Postfach"),
                [PathSource(pdf(tmp_path / "a.pdf", "a"))],
                {},
                draft_id=None,
                progress=lambda *a: None,
                cancel=threading.Event(),
            )
        assert "revoked" in refused.value.code.lower() or "gesperrt" in refused.value.reason
    finally:
        sender.close()


def test_a_send_killed_midway_is_sent_exactly_once_after_restart(
    testbed: RunningTestbed, tmp_path: Path
) -> None:
    big = pdf(tmp_path / "gross.pdf", "Akteninhalt", 30_000_000)
    to = testbed.safe_id("demo-gericht")
    for delay in (0.8, 1.6, 2.4):
        process = testbed.popen(
            "send", "--workdir", "demo", "--to", to, "--betreff", f"Abbruchtest {delay}", str(big)
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
    sender = testbed.open("demo")
    try:
        # The restart: every message left in the outbox is sent (once).
        sender.send_pending(progress=lambda *a: None)
        sent = [sender.message(r.id) for r in sender.list_messages(Folder.GESENDET)]
        tried = [m for m in sent if m.betreff.startswith("Abbruchtest")]
        ids = [m.osci_message_id for m in tried]
        assert len(ids) == len(set(ids))
    finally:
        sender.close()
    court = testbed.open("demo-gericht")
    try:
        court.fetch(progress=lambda *a: None, cancel=threading.Event())
        arrived = [
            r.betreff
            for r in court.list_messages(Folder.POSTEINGANG)
            if r.betreff.startswith("Abbruchtest")
        ]
        assert len(arrived) == len(set(arrived))  # never twice
        assert sorted(arrived) == sorted(m.betreff for m in tried)
        digest = hashlib.sha256(big.read_bytes()).hexdigest()
        for row in court.list_messages(Folder.POSTEINGANG):
            if row.betreff.startswith("Abbruchtest"):
                names = {a.original_name: a for a in court.attachments(row.id)}
                assert names["gross.pdf"].sha256 == digest
    finally:
        court.close()


def test_a_message_above_the_chunk_threshold_goes_in_chunks_and_arrives(
    testbed: RunningTestbed, tmp_path: Path
) -> None:
    from osci.types import MessageType
    from osci.wire import decode

    big = pdf(tmp_path / "akte.pdf", "Aktenseite", 24_000_000)  # scenario threshold: 20 MB
    sender = testbed.open("demo")
    try:
        local = sender.send(
            draft(testbed.safe_id("demo-gericht"), "Große Akte in Paketen"),
            [PathSource(big)],
            {},
            draft_id=None,
            progress=lambda *a: None,
            cancel=threading.Event(),
        )
        record = sender.message(local)
        assert record.state is MessageState.OUT_SENT
        (card,) = sender.process_cards(local)
        assert card.creation is not None
        with sender.store.mailbox.open_raw(local) as raw:
            proof = decode(
                [raw.read()],
                decrypter=sender.keys().cipher,
                require_signature=True,
                require_encryption=True,
            )
        assert proof.message.type is MessageType.RESPONSE_TO_PARTIAL_STORE_DELIVERY
        proof.close()
    finally:
        sender.close()
    court = testbed.open("demo-gericht")
    try:
        court.fetch(progress=lambda *a: None, cancel=threading.Event())
        (row,) = [
            r
            for r in court.list_messages(Folder.POSTEINGANG)
            if r.betreff == "Große Akte in Paketen"
        ]
        (document,) = [a for a in court.attachments(row.id) if a.original_name == "akte.pdf"]
        assert document.sha256 == hashlib.sha256(big.read_bytes()).hexdigest()
    finally:
        court.close()


def test_the_mailbox_sees_its_own_directory_entry_confirmed(testbed: RunningTestbed) -> None:
    from client.core.directory import RoleState

    mailbox = testbed.open("demo")
    try:
        safe_id_seen, state = mailbox.directory_status()
        assert safe_id_seen == testbed.safe_id("demo")
        assert state is RoleState.CONFIRMED
    finally:
        mailbox.close()


def test_registration_and_update_of_the_own_directory_entry(testbed: RunningTestbed) -> None:
    from dataclasses import replace

    from client.core.directory import RoleState
    from client.core.errors import DirectoryRequestRefused, user_message

    mailbox = testbed.open("demo")
    try:
        card = mailbox.own_card()
        assert card is not None
        updated = mailbox.update_directory(replace(card, telefon="06131 123-456"))
        assert updated.visitenkarte.telefon == "06131 123-456"
        assert mailbox.own_card().telefon == "06131 123-456"  # type: ignore[union-attr]
        assert mailbox.directory_status() == (card.nutzer_id, RoleState.CONFIRMED)
        # Registering the same certificate again is refused by the directory, with German text
        # (a new registration proper is covered by tests/client/core/test_directory.py).
        with pytest.raises(DirectoryRequestRefused) as refused:
            mailbox.register_in_directory(replace(card, organisationszusatz="Außenstelle"))
        assert refused.value.code == "CERTIFICATE_IN_USE"
        assert "Zertifikat" in user_message(refused.value).full_text()
    finally:
        mailbox.close()
