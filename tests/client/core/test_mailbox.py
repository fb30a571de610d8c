"""The mailbox facade over a real store, real clamd and an in-memory intermediary: fetch,
read, release to the transfer folder, refuse the infected file, export with a Zugangsnachweis."""

from __future__ import annotations

import hashlib
import tempfile
import threading
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from client.core.mailbox import WorkdirMailbox, WorkdirOpener
from client.core.send import SendService
from client.sandbox import ClamdScanner, SandboxError
from client.store import Folder, MailboxStore, WrongPassword
from osci.supplier import Supplier, SupplierIdentity
from osci.transport.session import ClientSession, in_memory
from profiles import settings as settings_io
from profiles.paths import WorkdirPaths
from profiles.scenarios import Catalogue
from profiles.workdirs import Workdir
from tests.client.core.test_fetch_send import EICAR, PDF, outgoing
from tests.osci import peers
from tests.osci.transport.test_session import ToyMailbox


class InMemoryMailbox(WorkdirMailbox):
    """The facade with its OSCI session and scanner replaced by in-process parts."""

    supplier: Supplier
    party: peers.Party
    scanner: ClamdScanner

    def session(self, progress=None) -> ClientSession:  # type: ignore[no-untyped-def, override]
        intermediary = peers.intermediary()
        return ClientSession(
            in_memory(self.supplier),
            self.party.cipher,
            self.party.signature,
            intermediary.cipher_cert,
            intermediary.signature_cert,
        )

    def keys(self):  # type: ignore[no-untyped-def, override]
        from client.core.connection import MailboxKeys

        intermediary = peers.intermediary()
        return MailboxKeys(
            self.party.cipher,
            self.party.signature,
            intermediary.cipher_cert,
            intermediary.signature_cert,
        )


@pytest.fixture
def delivered(base_dir: Path, tmp_path: Path) -> Supplier:
    """An intermediary holding one delivery (a clean PDF and EICAR) for the addressee."""
    party = peers.intermediary()
    supplier = Supplier(SupplierIdentity(party.cipher, party.signature), ToyMailbox())
    sender_paths = WorkdirPaths.for_scenario(base_dir, "absender")
    sender_paths.create()
    with MailboxStore.create(sender_paths, "absender-1") as store:
        intermediary = peers.intermediary()

        def factory(progress: object) -> ClientSession:
            client = peers.client()
            return ClientSession(
                in_memory(supplier),
                client.cipher,
                client.signature,
                intermediary.cipher_cert,
                intermediary.signature_cert,
            )

        service = SendService(sender_paths, store, factory, spill=tempfile.TemporaryFile)
        message = outgoing(tmp_path, {"klage.pdf": PDF, "anlage_k1.pdf": EICAR})
        service.send(service.queue(message), message)
    return supplier


def open_mailbox(base_dir: Path, supplier: Supplier, scanner: ClamdScanner) -> InMemoryMailbox:
    scenario = Catalogue.load(base_dir).by_name("demo-gericht")
    assert scenario is not None
    paths = WorkdirPaths.for_scenario(base_dir, "demo-gericht")
    paths.create()
    transfer = base_dir / "transfer"
    transfer.mkdir()
    settings = settings_io.load(paths.settings_file)
    from dataclasses import replace

    settings_io.save(paths.settings_file, replace(settings, transfer_dir=str(transfer)))
    opened = WorkdirOpener(Workdir(paths, scenario)).open("geheim-123", "Erika Mustermann")
    mailbox = InMemoryMailbox(opened.workdir, opened.store, "geheim-123", "Erika Mustermann")
    mailbox.supplier, mailbox.party, mailbox.scanner = supplier, peers.addressee(), scanner
    return mailbox


@pytest.mark.allow_log_warnings  # the EICAR attachment is logged as infected
def test_fetch_release_refuse_and_export(
    base_dir: Path,
    delivered: Supplier,
    clamd_scanner: ClamdScanner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mailbox = open_mailbox(base_dir, delivered, clamd_scanner)
    monkeypatch.setattr(mailbox, "_scanner", _fixed(clamd_scanner))
    steps: list[str] = []
    assert (
        mailbox.fetch(progress=lambda d, t, text: steps.append(text), cancel=threading.Event()) == 1
    )
    assert any("abgeholt" in s for s in steps)
    # Processing says what it does per document, and each verdict.
    assert "Nachricht 1: Dokument 1 von 3 gespeichert, Virenprüfung läuft (klage.pdf)" in steps
    assert "klage.pdf: virenfrei" in steps
    assert "anlage_k1.pdf: Schadsoftware gefunden, bleibt in Quarantäne" in steps
    assert steps[-1] != "klage.pdf: virenfrei"  # "verarbeitet" and the end come after
    assert mailbox.folder_counts()[Folder.POSTEINGANG] == (1, 1)
    (summary,) = mailbox.list_messages(Folder.POSTEINGANG)
    assert summary.betreff == "Klage wegen Gebühren"
    files = {a.original_name: a for a in mailbox.attachments(summary.id)}

    clean = files["klage.pdf"]
    assert mailbox.release_refusal(clean, mailbox.scan_results(clean.id)[-1]) is None
    released = mailbox.release(clean.id)
    assert released.read_bytes() == PDF
    assert released.parent == base_dir / "transfer"

    infected = files["anlage_k1.pdf"]
    refusal = mailbox.release_refusal(infected, mailbox.scan_results(infected.id)[-1])
    assert refusal is not None
    assert "Schadsoftware" in refusal
    with pytest.raises(SandboxError):
        mailbox.release(infected.id)
    assert sorted(p.name for p in (base_dir / "transfer").iterdir()) == ["klage.pdf"]
    assert [a.id for a in mailbox.quarantine()] == [infected.id]

    (archive,) = mailbox.export(
        [summary.id], base_dir / "export", progress=lambda *a: None, cancel=threading.Event()
    )
    with zipfile.ZipFile(archive) as zipped:
        names = set(zipped.namelist())
        assert "dokumente/klage.pdf" in names
        assert "dokumente/anlage_k1.pdf" not in names  # infected content never leaves
        assert hashlib.sha256(zipped.read("dokumente/klage.pdf")).hexdigest() == clean.sha256
        proof = zipped.read("zugangsnachweis.pdf")
        assert proof.startswith(b"%PDF-1.4")
        assert proof.rstrip().endswith(b"%%EOF")
        assert b"Zugangsnachweis" in proof
    mailbox.close()


def test_a_wrong_password_is_refused_and_changes_nothing(base_dir: Path) -> None:
    scenario = Catalogue.load(base_dir).by_name("demo")
    assert scenario is not None
    paths = WorkdirPaths.for_scenario(base_dir, "demo")
    paths.create()
    opener = WorkdirOpener(Workdir(paths, scenario))
    opener.open("richtig-123", "A").close()
    before = {p: p.read_bytes() for p in paths.store.rglob("*") if p.is_file()}
    with pytest.raises(WrongPassword):
        opener.open("falsch-1234", "A")
    after = {p: p.read_bytes() for p in paths.store.rglob("*") if p.is_file()}
    assert before == after


def _fixed(scanner: ClamdScanner):  # type: ignore[no-untyped-def]
    from contextlib import contextmanager

    @contextmanager
    def use():  # type: ignore[no-untyped-def]
        yield scanner

    return use


@pytest.mark.allow_log_warnings  # the EICAR attachment is logged as infected
def test_retention_runs_when_the_mailbox_is_unlocked(
    base_dir: Path,
    delivered: Supplier,
    clamd_scanner: ClamdScanner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dataclasses import replace

    from profiles.settings import RetentionSettings

    mailbox = open_mailbox(base_dir, delivered, clamd_scanner)
    monkeypatch.setattr(mailbox, "_scanner", _fixed(clamd_scanner))
    mailbox.fetch(progress=lambda *a: None, cancel=threading.Event())
    settings = mailbox.settings()
    mailbox.save_settings(replace(settings, retention=RetentionSettings(trash_after_days=2)))
    workdir = mailbox.workdir
    mailbox.close()
    later = datetime.now(UTC) + timedelta(days=3)
    reopened = WorkdirOpener(workdir, clock=lambda: later).open("geheim-123", "Erika Mustermann")
    try:
        assert reopened.folder_counts()[Folder.POSTEINGANG][0] == 0
        assert reopened.folder_counts()[Folder.PAPIERKORB][0] == 1
    finally:
        reopened.close()


@pytest.mark.allow_log_warnings  # the EICAR attachment is logged as infected
def test_a_fetch_removes_old_blob_files_nobody_took(
    base_dir: Path,
    delivered: Supplier,
    clamd_scanner: ClamdScanner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os
    import time

    mailbox = open_mailbox(base_dir, delivered, clamd_scanner)
    monkeypatch.setattr(mailbox, "_scanner", _fixed(clamd_scanner))
    try:
        with mailbox.store.blob_writer() as writer:  # a processing step that crashed
            writer.write(b"never handed over")
        orphan = mailbox.store._ctx.blobs.path(writer.blob_id)
        old = time.time() - 2 * 86400
        os.utime(orphan, (old, old))
        assert mailbox.fetch(progress=lambda *a: None, cancel=threading.Event()) == 1
        assert not orphan.exists()
        (row,) = mailbox.list_messages(Folder.POSTEINGANG)
        for attachment in mailbox.attachments(row.id):  # what the fetch stored stays
            with mailbox.store.mailbox.open_attachment(attachment.id) as reader:
                assert reader.read()
    finally:
        mailbox.close()


@pytest.mark.allow_log_warnings  # the EICAR attachment is logged as infected
def test_trash_restore_purge_backup_and_draft_documents(
    base_dir: Path,
    delivered: Supplier,
    clamd_scanner: ClamdScanner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from client.egvp import PathSource
    from client.store import DraftInfo

    mailbox = open_mailbox(base_dir, delivered, clamd_scanner)
    monkeypatch.setattr(mailbox, "_scanner", _fixed(clamd_scanner))
    try:
        mailbox.fetch(progress=lambda *a: None, cancel=threading.Event())
        (row,) = mailbox.list_messages(Folder.POSTEINGANG)
        assert mailbox.purge([row.id]) == []  # only from the Papierkorb
        assert mailbox.move_to_trash([row.id]) == [row.id]
        assert mailbox.folder_counts()[Folder.PAPIERKORB][0] == 1
        assert mailbox.restore_from_trash([row.id]) == [row.id]
        assert mailbox.folder_counts()[Folder.POSTEINGANG][0] == 1
        report = mailbox.backup(
            base_dir / "sicherung.bin", progress=lambda *a: None, cancel=threading.Event()
        )
        assert report.messages == 1
        document = base_dir / "entwurf.pdf"
        document.write_bytes(PDF)
        anlage = base_dir / "anlage.pdf"
        anlage.write_bytes(PDF)
        draft = mailbox.save_draft(
            DraftInfo(betreff="Entwurf"),
            [PathSource(document, "Klage.pdf"), PathSource(anlage, "Anlage_K1.pdf")],
            {"Klage.pdf": "003"},  # Klage / Antrag; the Anlage keeps no class of its own
            draft_id=None,
        )
        again = mailbox.draft_documents(draft)
        assert [(s.name, s.klasse) for s in again] == [
            ("Klage.pdf", "003"),
            ("Anlage_K1.pdf", None),
        ]
        assert again[0].path.read_bytes() == PDF
        mailbox.move_to_trash([row.id])
        assert mailbox.purge([row.id]) == [row.id]
        assert mailbox.folder_counts()[Folder.PAPIERKORB][0] == 0
    finally:
        mailbox.close()


def test_retention_runs_again_once_a_day_in_a_long_session(base_dir: Path) -> None:
    scenario = Catalogue.load(base_dir).by_name("demo")
    assert scenario is not None
    paths = WorkdirPaths.for_scenario(base_dir, "demo")
    paths.create()
    now = [datetime(2026, 11, 29, 8, 0, tzinfo=UTC)]
    mailbox = WorkdirOpener(Workdir(paths, scenario), clock=lambda: now[0]).open("richtig-123", "A")
    try:
        assert mailbox.apply_retention_if_due() is None  # it ran at unlock a moment ago
        now[0] += timedelta(hours=23)
        assert mailbox.apply_retention_if_due() is None
        now[0] += timedelta(hours=2)
        assert mailbox.apply_retention_if_due() is not None  # a day later: again
        assert mailbox.apply_retention_if_due() is None
    finally:
        mailbox.close()
