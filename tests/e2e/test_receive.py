"""Receive path against the running testbed and a real clamd (issue 5, "Done when")."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import threading
import time
import uuid
from pathlib import Path

import pytest

from client.core import actions
from client.core.mailbox import restore_mailbox
from client.core.send import Outgoing
from client.egvp import EebAccept, OutgoingPayload, load_schemas, parse_payload
from client.sandbox import SandboxError
from client.store import AttachmentKind, Folder, MailboxStore
from profiles.paths import WorkdirPaths
from tests.conftest import require_reference
from tests.e2e.conftest import RunningTestbed

# Killed clients leave private clamds behind; the next start stops them with a WARNING.
pytestmark = [pytest.mark.slow, pytest.mark.allow_log_warnings]

GERICHT = "demo-gericht"


def test_fetch_stores_every_demo_delivery_and_only_clean_files_leave(
    testbed: RunningTestbed,
) -> None:
    fetched = testbed.cli("fetch", "--workdir", "demo")
    assert fetched.returncode == 0, fetched.stderr
    assert "4 neue Nachricht(en) abgeholt." in fetched.stdout
    mailbox = testbed.open("demo")
    try:
        rows = {r.betreff: r for r in mailbox.list_messages(Folder.POSTEINGANG)}
        assert len(rows) == 4
        eicar_row = next(r for b, r in rows.items() if "EICAR" in b)
        files = {a.original_name: a for a in mailbox.attachments(eicar_row.id)}
        infected = next(a for n, a in files.items() if "EICAR" in n)
        assert infected.scan_state.name == "INFECTED"
        with pytest.raises(SandboxError):
            mailbox.release(infected.id)
        clean = next(a for n, a in files.items() if n.endswith(".pdf"))
        released = mailbox.release(clean.id)
        with mailbox.store.mailbox.open_attachment(clean.id) as reader:
            assert released.read_bytes() == reader.read()
        transfer = Path(mailbox.settings().transfer_dir)
        assert infected.safe_name not in {p.name for p in transfer.iterdir()}
        # The court letter asks for an eEB and carries a valid VHN.
        letter = next(r for b, r in rows.items() if b.startswith("Ladung"))
        assert letter.eeb_requested
        assert mailbox.message(letter.id).vhn_verdict.name == "VALID"
    finally:
        mailbox.close()


def test_nothing_is_readable_in_the_working_directory(testbed: RunningTestbed) -> None:
    mailbox = testbed.open("demo")
    try:
        (letter,) = [r for r in mailbox.list_messages(Folder.POSTEINGANG) if r.eeb_requested]
        betreff = letter.betreff.encode()
        pdf = next(a for a in mailbox.attachments(letter.id) if a.original_name.endswith(".pdf"))
        with mailbox.store.mailbox.open_attachment(pdf.id) as reader:
            sample = reader.read()[200:264]
    finally:
        mailbox.close()
    root = WorkdirPaths.for_scenario(testbed.base, "demo").root
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert betreff not in data, path
            assert sample not in data, path
            assert "Ladung".encode("utf-16-le") not in data, path


def test_the_eeb_answer_has_swapped_parties_and_validates(testbed: RunningTestbed) -> None:
    schemas = load_schemas(require_reference("xjustiz-3.5.1"))
    mailbox = testbed.open("demo")
    try:
        (letter,) = [r for r in mailbox.list_messages(Folder.POSTEINGANG) if r.eeb_requested]
        request, court_safe_id = actions.request_of(mailbox, letter.id)
        message, answer = mailbox.eeb_preview(letter.id, EebAccept(dt.date.today()))
        schemas.validate(answer, document="eeb")
        parsed = parse_payload({}, [], answer).xjustiz
        assert parsed is not None
        assert parsed.fremde_nachrichten_id == request.eigene_nachrichten_id
        assert parsed.absender == request.empfaenger
        assert parsed.empfaenger == request.absender
        assert message.empfaenger_safe_id == court_safe_id
        assert message.betreff.startswith("EB zu: ")
        sent_id = mailbox.answer_eeb(
            letter.id,
            EebAccept(dt.date.today()),
            progress=lambda *a: None,
            cancel=threading.Event(),
        )
        assert mailbox.message(sent_id).osci_message_id
    finally:
        mailbox.close()


def _deposit_hostile(testbed: RunningTestbed) -> None:
    """The court sends files with hostile names (the ERV rules would stop our own client)."""
    sender = testbed.open(GERICHT)
    try:
        recipient = sender.directory().recipient(actions._SafeId(testbed.safe_id("demo")))
        payload = OutgoingPayload(
            osci_subject="Allgemeine Nachricht",
            containers={
                "project_coco": {},
                "govello_coco": {"additional_infos": b"user_id=x\nsubject=Feindliche Namen\n"},
            },
            attachment_names=("../../etc/passwd", "CON.pdf"),
        )
        folder = testbed.base / "hostile"
        folder.mkdir(exist_ok=True)
        (folder / "a").write_bytes(b"root:x:0:0\n")
        (folder / "b").write_bytes(b"%PDF-1.7\n%%EOF\n")
        outgoing = Outgoing(
            "Demo-Behörde",
            recipient.safe_id,
            recipient.encryption_certificate,
            "Feindliche Namen",
            "",
            "",
            payload,
            {"../../etc/passwd": folder / "a", "CON.pdf": folder / "b"},
        )
        service = actions._send_service(sender, lambda *a: None)
        service.send(service.queue(outgoing), outgoing)
    finally:
        sender.close()


def test_hostile_file_names_land_safely(testbed: RunningTestbed) -> None:
    _deposit_hostile(testbed)
    mailbox = testbed.open("demo")
    try:
        mailbox.fetch(progress=lambda *a: None, cancel=threading.Event())
        (row,) = [
            r
            for r in mailbox.list_messages(Folder.POSTEINGANG)
            if r.id == max(x.id for x in mailbox.list_messages(Folder.POSTEINGANG))
        ]
        files = {a.original_name: a for a in mailbox.attachments(row.id)}
        assert set(files) == {"../../etc/passwd", "CON.pdf"}
        assert "/" not in files["../../etc/passwd"].safe_name
        assert files["CON.pdf"].safe_name.upper() != "CON.PDF"
        transfer = Path(mailbox.settings().transfer_dir)
        written = mailbox.release(files["CON.pdf"].id)
        assert written.parent == transfer
        assert written.name.upper() != "CON.PDF"
    finally:
        mailbox.close()


def test_password_change_keeps_everything_readable_and_backup_restores_identically(
    testbed: RunningTestbed, tmp_path: Path
) -> None:
    from testbed.pki import DEMO_PIN

    mailbox = testbed.open("demo")
    try:
        before = _digests(mailbox.store)
        mailbox.store.change_password(DEMO_PIN, "ein-neues-Passwort")
        mailbox.store.change_password("ein-neues-Passwort", DEMO_PIN)
        assert _digests(mailbox.store) == before
        archive = tmp_path / "sicherung.bebpo-backup"
        mailbox.store.backup(archive)
    finally:
        mailbox.close()
    root = restore_mailbox(archive, tmp_path / "neu", "demo", DEMO_PIN)
    with MailboxStore.open(WorkdirPaths(root), DEMO_PIN) as restored:
        assert _digests(restored) == before


def _digests(store: MailboxStore) -> dict[tuple[str, str], str]:
    found = {}
    for folder in Folder:
        for row in store.mailbox.list_folder(folder, limit=10_000):
            for attachment in store.mailbox.attachments(row.id):
                if attachment.blob_id is None:
                    continue
                with store.mailbox.open_attachment(attachment.id) as reader:
                    digest = hashlib.sha256(reader.read()).hexdigest()
                assert digest == attachment.sha256
                found[(row.betreff, attachment.original_name)] = digest
    return found


def test_a_fetch_killed_at_random_points_loses_and_duplicates_nothing(
    testbed: RunningTestbed,
) -> None:
    """The court mailbox gets several messages; its fetch is killed with SIGKILL at random
    moments, then run to the end: every delivery is there exactly once, and the intermediary
    shows Reception for each (the sender's FetchProcessCard)."""
    sender = testbed.open("demo")
    sent: dict[int, str] = {}
    try:
        recipient = sender.directory().recipient(actions._SafeId(testbed.safe_id(GERICHT)))
        folder = testbed.base / "kill"
        folder.mkdir(exist_ok=True)
        for number in range(5):
            pdf = folder / f"schriftsatz_{number}.pdf"
            pdf.write_bytes(b"%PDF-1.7\n" + uuid.uuid4().bytes * (20_000 + number) + b"\n%%EOF\n")
            payload = OutgoingPayload("Allgemeine Nachricht", {"project_coco": {}}, (pdf.name,))
            outgoing = Outgoing(
                "Demo-Gericht",
                recipient.safe_id,
                recipient.encryption_certificate,
                f"Eilsache {number}",
                "",
                "",
                payload,
                {pdf.name: pdf},
            )
            service = actions._send_service(sender, lambda *a: None)
            local = service.queue(outgoing)
            service.send(local, outgoing)
            sent[local] = sender.message(local).osci_message_id
    finally:
        sender.close()
    rng = random.Random(4711)  # noqa: S311 - reproducible kill moments, not cryptography
    for _ in range(4):
        process = testbed.popen("fetch", "--workdir", GERICHT)
        time.sleep(rng.uniform(0.3, 2.5))
        process.kill()
        process.wait()
    final = testbed.cli("fetch", "--workdir", GERICHT)
    assert final.returncode == 0, final.stderr
    court = testbed.open(GERICHT)
    try:
        ids = [court.message(r.id).osci_message_id for r in court.list_messages(Folder.POSTEINGANG)]
        for osci_id in sent.values():
            assert ids.count(osci_id) == 1, (osci_id, ids)
        for row in court.list_messages(Folder.POSTEINGANG):
            record = court.message(row.id)
            if record.osci_message_id in sent.values():
                assert record.state.name == "IN_PROCESSED"
                assert [a.kind for a in court.attachments(row.id)] == [AttachmentKind.DOCUMENT]
    finally:
        court.close()
    sender = testbed.open("demo")
    try:
        service = actions._send_service(sender, lambda *a: None)
        for local, osci_id in sent.items():
            card = service.refresh_process_card(local, osci_id)
            assert card is not None
            assert card.forwarding is not None
            assert card.reception is not None, osci_id
    finally:
        sender.close()


def test_two_instances_fetching_at_once_store_every_delivery_once(testbed: RunningTestbed) -> None:
    sender = testbed.open(GERICHT)
    try:
        recipient = sender.directory().recipient(actions._SafeId(testbed.safe_id("demo")))
        folder = testbed.base / "twice"
        folder.mkdir(exist_ok=True)
        sent = []
        for number in range(3):
            pdf = folder / f"verfuegung_{number}.pdf"
            pdf.write_bytes(b"%PDF-1.7\n" + uuid.uuid4().bytes * 5000 + b"\n%%EOF\n")
            payload = OutgoingPayload("Allgemeine Nachricht", {"project_coco": {}}, (pdf.name,))
            outgoing = Outgoing(
                "Demo-Behörde",
                recipient.safe_id,
                recipient.encryption_certificate,
                f"Verfügung {number}",
                "",
                "",
                payload,
                {pdf.name: pdf},
            )
            service = actions._send_service(sender, lambda *a: None)
            local = service.queue(outgoing)
            service.send(local, outgoing)
            sent.append(sender.message(local).osci_message_id)
    finally:
        sender.close()
    first = testbed.popen("fetch", "--workdir", "demo")
    second = testbed.popen("fetch", "--workdir", "demo")
    assert first.wait(120) in (0, 1)
    assert second.wait(120) in (0, 1)  # 1: "Abruf läuft bereits in einer anderen Sitzung"
    assert testbed.cli("fetch", "--workdir", "demo").returncode == 0
    mailbox = testbed.open("demo")
    try:
        ids = [
            mailbox.message(r.id).osci_message_id for r in mailbox.list_messages(Folder.POSTEINGANG)
        ]
        for osci_id in sent:
            assert ids.count(osci_id) == 1
    finally:
        mailbox.close()
