"""Send from one mailbox and fetch into another through an in-memory intermediary, with the real
store, the real EGVP payload code and a real clamd: what arrives is what was sent."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import tempfile
import uuid
from pathlib import Path

import pytest

from client.core import processing
from client.core.fetch import FetchService
from client.core.processing import DeliveryProcessor
from client.core.send import Outgoing, SendService
from client.egvp import (
    OutgoingMessage,
    SchriftgutDraft,
    Visitenkarte,
    build_outgoing_payload,
    build_xjustiz_nachricht,
    documents_from_names,
)
from client.egvp.model import Party
from client.sandbox import ClamdScanner
from client.sandbox import Verdict as ScanVerdict
from client.store import Folder, MailboxStore, MessageState, ScanState, Verdict
from osci.supplier import Supplier, SupplierIdentity
from osci.transport.session import ClientSession, in_memory
from profiles.paths import WorkdirPaths
from tests.osci import peers
from tests.osci.transport.test_session import ToyMailbox

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + b"Klageschrift " * 4000 + b"\n%%EOF\n"


def workdir(base: Path, name: str) -> WorkdirPaths:
    paths = WorkdirPaths.for_scenario(base, name)
    paths.create()
    return paths


def session_factory(supplier: Supplier, party: peers.Party):  # type: ignore[no-untyped-def]
    intermediary = peers.intermediary()

    def factory(progress: object) -> ClientSession:
        return ClientSession(
            in_memory(supplier),
            party.cipher,
            party.signature,
            intermediary.cipher_cert,
            intermediary.signature_cert,
        )

    return factory


@pytest.fixture
def supplier() -> Supplier:
    party = peers.intermediary()
    return Supplier(SupplierIdentity(party.cipher, party.signature), ToyMailbox())


def outgoing(tmp_path: Path, documents: dict[str, bytes]) -> Outgoing:
    recipient = peers.addressee()
    files = {}
    for name, data in documents.items():
        (tmp_path / name).write_bytes(data)
        files[name] = tmp_path / name
    sender_card = Visitenkarte(
        name="Ordnungsamt",
        organisation="Stadt Musterstadt",
        nutzer_id="DE.Justiz.demo.1234",
        rollen_id="egvp_bebpo",
    )
    xjustiz = build_xjustiz_nachricht(
        SchriftgutDraft(
            draft_id=uuid.uuid4(),
            eigene_nachrichten_id=uuid.uuid4(),
            absender=Party.sonstige("Stadt Musterstadt"),
            empfaenger=Party.gericht("D1103"),
            documents=documents_from_names(list(documents)),
            aktenzeichen_absender="32.1-0815/26",
            aktenzeichen_empfaenger="3 K 12/26",
        )
    )
    payload = build_outgoing_payload(
        OutgoingMessage(
            empfaenger_safe_id="DE.Justiz.gericht.0001",
            betreff="Klage wegen Gebühren",
            aktenzeichen_absender="32.1-0815/26",
            aktenzeichen_empfaenger="3 K 12/26",
        ),
        sender=sender_card,
        document_names=list(documents),
        xjustiz_nachricht=xjustiz,
    )
    return Outgoing(
        recipient_name="Verwaltungsgericht Musterstadt",
        recipient_safe_id="DE.Justiz.gericht.0001",
        recipient_certificate=recipient.cipher_cert,
        betreff="Klage wegen Gebühren",
        aktenzeichen_absender="32.1-0815/26",
        aktenzeichen_empfaenger="3 K 12/26",
        payload=payload,
        documents=files,
    )


def send_documents(
    base_dir: Path, tmp_path: Path, supplier: Supplier, documents: dict[str, bytes]
) -> WorkdirPaths:
    """Send one message with ``documents`` from DEMO; returns the court's working directory."""
    sender_paths = workdir(base_dir, "demo")
    with MailboxStore.create(sender_paths, "geheim-1") as sender_store:
        sender = SendService(
            sender_paths,
            sender_store,
            session_factory(supplier, peers.client()),
            spill=tempfile.TemporaryFile,
        )
        message = outgoing(tmp_path, documents)
        assert sender.send(sender.queue(message), message) is not None
    return workdir(base_dir, "demo-gericht")


def fetch_service(
    paths: WorkdirPaths, store: MailboxStore, supplier: Supplier, scanner: object
) -> FetchService:
    """The court's fetch with the real processor and ``scanner``."""
    party = peers.addressee()
    processor = DeliveryProcessor(
        store,
        party.cipher,
        scanner,  # type: ignore[arg-type]
        spill=tempfile.TemporaryFile,
    )
    return FetchService(paths, store, session_factory(supplier, party), processor)


@pytest.mark.allow_log_warnings  # the EICAR attachment is logged as infected
def test_what_is_sent_arrives_decrypted_scanned_and_listed(
    base_dir: Path, tmp_path: Path, supplier: Supplier, clamd_scanner: ClamdScanner
) -> None:
    sender_paths, recipient_paths = workdir(base_dir, "demo"), workdir(base_dir, "demo-gericht")
    with MailboxStore.create(sender_paths, "geheim-1") as sender_store:
        sender = SendService(
            sender_paths,
            sender_store,
            session_factory(supplier, peers.client()),
            spill=tempfile.TemporaryFile,
        )
        message = outgoing(tmp_path, {"klage.pdf": PDF, "anlage_k1.pdf": EICAR})
        local_id = sender.queue(message)
        card = sender.send(local_id, message)
        assert card is not None
        assert card.creation is not None
        sent = sender_store.mailbox.get(local_id)
        assert sent.state is MessageState.OUT_SENT
        assert sent.osci_message_id.startswith("govapp_")

    with MailboxStore.create(recipient_paths, "geheim-2") as store:
        fetcher = fetch_service(recipient_paths, store, supplier, clamd_scanner)
        report = fetcher.fetch()
        assert len(report.fetched) == 1
        assert report.failed == []
        (message_id,) = report.fetched
        record = store.mailbox.get(message_id)
        assert record.state is MessageState.IN_PROCESSED
        assert record.folder is Folder.POSTEINGANG
        assert record.betreff == "Klage wegen Gebühren"
        assert record.aktenzeichen_empfaenger == "3 K 12/26"
        assert record.signature_verdict is Verdict.VALID
        attachments = {a.original_name: a for a in store.mailbox.attachments(message_id)}
        assert set(attachments) == {"klage.pdf", "anlage_k1.pdf", "xjustiz_nachricht.xml"}
        pdf = attachments["klage.pdf"]
        assert pdf.sha256 == hashlib.sha256(PDF).hexdigest()
        with store.mailbox.open_attachment(pdf.id) as reader:
            assert reader.read() == PDF
        assert pdf.scan_state is ScanState.OK
        assert attachments["anlage_k1.pdf"].scan_state is ScanState.INFECTED
        # A second fetch finds nothing new and stores nothing twice.
        assert fetcher.fetch().fetched == []
        assert len(store.mailbox.list_folder(Folder.POSTEINGANG)) == 1


class _Scans:
    """Counts the scans a scanner gave a verdict on (wraps the real clamd scanner)."""

    def __init__(self, inner: ClamdScanner) -> None:
        self.inner = inner
        self.verdicts: list[object] = []

    def scan(self, source: object, *, name: str = "") -> object:
        result = self.inner.scan(source, name=name)  # type: ignore[arg-type]
        self.verdicts.append(result.verdict)
        return result

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)


def test_an_attachment_failing_its_tag_is_neither_stored_nor_scanned(
    base_dir: Path,
    tmp_path: Path,
    supplier: Supplier,
    clamd_scanner: ClamdScanner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The plaintext streams to the scanner while it is decrypted; when the GCM tag then fails,
    the scanner gets no end of data (no verdict) and the store gets nothing: the message is kept
    as failed with the decryption error."""
    recipient_paths = send_documents(base_dir, tmp_path, supplier, {"klage.pdf": PDF * 40})

    real_decrypt = processing.content.decrypt_attachment

    def flipped(key, source, sink, **kwargs):  # type: ignore[no-untyped-def]
        data = bytearray(source.read())
        if key.content_id == "klage.pdf":
            data[len(data) // 2] ^= 0x01  # one bit of the ciphertext, after the signature check
        return real_decrypt(key, io.BytesIO(bytes(data)), sink, **kwargs)

    monkeypatch.setattr(processing.content, "decrypt_attachment", flipped)
    scans = _Scans(clamd_scanner)
    with MailboxStore.create(recipient_paths, "geheim-2") as store:
        report = fetch_service(recipient_paths, store, supplier, scans).fetch()
        assert report.fetched == report.failed
        assert len(report.failed) == 1
        record = store.mailbox.get(report.failed[0])
        assert record.error_kind == "DecryptionError"
        names = {a.original_name for a in store.mailbox.attachments(record.id)}
        assert "klage.pdf" not in names
    # Verdicts only on the intact attachments (the XJustiz file, if it came first).
    assert scans.verdicts == [ScanVerdict.OK] * len(names)
    assert list(recipient_paths.quarantine.iterdir()) == []
    # The blob the plaintext was being written into is gone, not left for later.
    assert list((recipient_paths.store / "blobs" / ".tmp").glob("*")) == []


class _OtherBytesScanner(_Scans):
    """A scanner whose OK speaks of other bytes than it was given (a broken scanner set-up)."""

    def scan(self, source: object, *, name: str = "") -> object:
        result = self.inner.scan(source, name=name)  # type: ignore[arg-type]
        return dataclasses.replace(result, sha256="0" * 64)


def test_an_ok_for_other_bytes_than_the_stored_ones_is_no_ok(
    base_dir: Path, tmp_path: Path, supplier: Supplier, clamd_scanner: ClamdScanner
) -> None:
    recipient_paths = send_documents(base_dir, tmp_path, supplier, {"klage.pdf": PDF})
    with MailboxStore.create(recipient_paths, "geheim-2") as store:
        fetcher = fetch_service(recipient_paths, store, supplier, _OtherBytesScanner(clamd_scanner))
        (message_id,) = fetcher.fetch().fetched
        states = {a.original_name: a.scan_state for a in store.mailbox.attachments(message_id)}
        assert states["klage.pdf"] is ScanState.INDETERMINATE
        assert not any(a.releasable for a in store.mailbox.attachments(message_id))
