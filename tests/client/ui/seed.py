"""Realistic German demo messages, written into a real store through its public API.

Used by the GUI tests, the screenshot script and the GUI benchmark. Every incoming message goes
the way the fetch code will take: raw bytes recorded, acknowledged, content decrypted, metadata
with Laufzettel, attachments into quarantine, scan results, processed.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from lxml import etree

from client.egvp import OutgoingDocument, Party, SchriftgutDraft, build_xjustiz_nachricht
from client.sandbox import ContentType
from client.store import (
    AttachmentKind,
    DraftInfo,
    InspectionInfo,
    MailboxStore,
    MessageMetadata,
    NewAttachment,
    PartyInfo,
    PartyRole,
    ProcessCardInfo,
    ScanRecord,
    ScanState,
    Verdict,
)
from tests.client.egvp.helpers import make_pdf

# The EICAR test string (68 bytes), assembled so this source file does not itself carry it.
EICAR = ("X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*").encode()
EICAR_SIGNATURE = "Eicar-Test-Signature"
ENGINE = "ClamAV"
ENGINE_VERSION = "1.4.2"
SIGNATURE_VERSION = "27640"
OWN_SAFE_ID = "safe-1700000001-stadt-musterstadt"
OWN_NAME = "Stadt Musterstadt, Rechtsamt"
BASE_TIME = datetime(2025, 5, 5, 8, 12, tzinfo=UTC)


def pdf(text: str) -> bytes:
    return make_pdf(content=f"BT /F1 12 Tf 72 712 Td ({text}) Tj ET".encode("latin-1"))


@dataclass(frozen=True)
class DemoDocument:
    name: str
    data: bytes
    kind: AttachmentKind = AttachmentKind.DOCUMENT
    content_type: ContentType = ContentType.PDF

    @property
    def verdict(self) -> ScanState:
        return ScanState.INFECTED if EICAR in self.data else ScanState.OK


@dataclass(frozen=True)
class DemoMessage:
    osci_id: str
    court: str
    court_safe_id: str
    betreff: str
    az_court: str
    az_own: str
    received: datetime
    documents: tuple[DemoDocument, ...]
    eeb_requested: bool = False
    signature: Verdict = Verdict.VALID
    vhn: Verdict = Verdict.VALID
    seen: bool = False
    extra: tuple[tuple[str, str], ...] = field(default=())


def court_request_xml(message: DemoMessage, *, court_code: str = "K1101") -> bytes:
    """A court's XJustiz 3.5.1 message to us, asking for an eEB when the message does."""
    data = build_xjustiz_nachricht(
        SchriftgutDraft(
            draft_id=uuid.uuid5(uuid.NAMESPACE_URL, message.osci_id),
            eigene_nachrichten_id=uuid.uuid5(uuid.NAMESPACE_DNS, message.osci_id),
            absender=Party.gericht(court_code, "3.5"),
            empfaenger=Party.sonstige(OWN_NAME),
            documents=tuple(
                OutgoingDocument(d.name, dokumentklasse="015")
                for d in message.documents
                if d.kind is AttachmentKind.DOCUMENT
            ),
            aktenzeichen_absender=message.az_court,
            aktenzeichen_empfaenger=message.az_own,
            created=message.received,
        )
    )
    if not message.eeb_requested:
        return data
    root = etree.fromstring(data)
    ns = {"t": "http://www.xjustiz.de"}
    daten = root.find("t:schriftgutobjekte/t:dokument/t:xjustiz.fachspezifischeDaten", ns)
    if daten is None:
        raise AssertionError("the generated XJustiz message has no document")
    etree.SubElement(daten, "{http://www.xjustiz.de}ruecksendungEEB.erforderlich").text = "true"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def demo_messages() -> list[DemoMessage]:
    """Five court messages: an eEB request, an EICAR attachment, read and unread ones."""
    infected = EICAR + b"\n" + b"Gescanntes Schreiben"
    return [
        DemoMessage(
            osci_id="demo-2025-0001",
            court="Amtsgericht Musterstadt",
            court_safe_id="safe-1600000001-ag-musterstadt",
            betreff="Ladung zum Termin am 14.05.2025, 10:30 Uhr",
            az_court="12 C 345/25",
            az_own="31-2025/0815",
            received=BASE_TIME,
            eeb_requested=True,
            documents=(
                DemoDocument("Ladung.pdf", pdf("Ladung zum Termin")),
                DemoDocument("Verfuegung.pdf", pdf("Verfuegung")),
            ),
        ),
        DemoMessage(
            osci_id="demo-2025-0002",
            court="Verwaltungsgericht Koblenz",
            court_safe_id="safe-1600000002-vg-koblenz",
            betreff="Beschluss in der Verwaltungsrechtssache Müller ./. Stadt Musterstadt",
            az_court="1 K 519/25.KO",
            az_own="31-2025/0412",
            received=BASE_TIME - timedelta(hours=3, minutes=41),
            vhn=Verdict.UNKNOWN,
            documents=(
                DemoDocument("Beschluss.pdf", pdf("Beschluss")),
                DemoDocument("Anlage_Scan.pdf", infected),
            ),
        ),
        DemoMessage(
            osci_id="demo-2025-0003",
            court="Landgericht Musterstadt",
            court_safe_id="safe-1600000003-lg-musterstadt",
            betreff="Anforderung der Verwaltungsakte",
            az_court="2 O 77/24",
            az_own="31-2024/1933",
            received=BASE_TIME - timedelta(days=1, hours=2),
            seen=True,
            documents=(DemoDocument("Schreiben.pdf", pdf("Anforderung")),),
        ),
        DemoMessage(
            osci_id="demo-2025-0004",
            court="Sozialgericht Musterstadt",
            court_safe_id="safe-1600000004-sg-musterstadt",
            betreff="Terminsverlegung",
            az_court="S 4 AS 1021/24",
            az_own="50-2024/0077",
            received=BASE_TIME - timedelta(days=2, hours=5),
            seen=True,
            documents=(DemoDocument("Verfuegung_Terminsverlegung.pdf", pdf("Terminsverlegung")),),
        ),
        DemoMessage(
            osci_id="demo-2025-0005",
            court="Oberlandesgericht Koblenz",
            court_safe_id="safe-1600000005-olg-koblenz",
            betreff="Hinweisbeschluss gemäß § 522 Abs. 2 ZPO",
            az_court="3 U 88/25",
            az_own="31-2025/0101",
            received=BASE_TIME - timedelta(days=4, hours=1),
            signature=Verdict.INVALID,
            documents=(DemoDocument("Hinweisbeschluss.pdf", pdf("Hinweisbeschluss")),),
        ),
    ]


def _process_card(message: DemoMessage) -> ProcessCardInfo:
    verdict = Verdict.VALID if message.signature is Verdict.VALID else message.signature
    return ProcessCardInfo(
        osci_message_id=message.osci_id,
        recent_modification=message.received + timedelta(minutes=7),
        creation=message.received,
        forwarding=message.received + timedelta(seconds=40),
        reception=message.received + timedelta(minutes=7),
        subject=message.betreff,
        inspections=(
            InspectionInfo(
                inspected_at=message.received,
                subject_name=f"CN={message.court}, O=Justiz, C=DE",
                issuer_name="CN=Justiz-CA 2024, O=Justiz, C=DE",
                serial_number="4711",
                cert_type="advanced",
                math_result="ok" if verdict is Verdict.VALID else "corrupted",
                offline_result="valid",
                online_result="ok",
                verdict=verdict,
            ),
        ),
    )


def deliver(store: MailboxStore, message: DemoMessage) -> int:
    """Store one incoming message the way the fetch code does."""
    incoming = store.incoming
    raw = f"OSCI {message.osci_id} {message.betreff}".encode() * 20
    recorded = incoming.record(message.osci_id, raw)
    mid = recorded.message_id
    incoming.mark_acknowledged(mid)
    xjustiz = court_request_xml(message)
    incoming.record_decrypted(mid, xjustiz)
    incoming.set_metadata(
        mid,
        MessageMetadata(
            betreff=message.betreff,
            betreff_original=message.betreff,
            nachrichtentyp="Allgemeine Nachricht",
            aktenzeichen_absender=message.az_court,
            aktenzeichen_empfaenger=message.az_own,
            parties=(
                PartyInfo(
                    PartyRole.SENDER,
                    message.court,
                    message.court_safe_id,
                    egvp_role="egvp_justiz",
                ),
                PartyInfo(PartyRole.RECIPIENT, OWN_NAME, OWN_SAFE_ID, egvp_role="egvp_bebpo"),
            ),
            xjustiz_version="3.5.1",
            eeb_requested=message.eeb_requested,
            signature_verdict=message.signature,
            vhn_verdict=message.vhn,
            received_at=message.received,
            process_card=_process_card(message),
        ),
    )
    documents = (
        *message.documents,
        DemoDocument("xjustiz_nachricht.xml", xjustiz, AttachmentKind.XJUSTIZ, ContentType.XML),
    )
    for document in documents:
        attachment = incoming.add_attachment(
            mid,
            NewAttachment(
                original_name=document.name,
                safe_name=document.name,
                kind=document.kind,
                content_type=int(document.content_type),
            ),
            document.data,
        )
        incoming.record_scan(attachment.id, scan_record(document.data, document.content_type))
    incoming.mark_processed(mid)
    if message.seen:
        store.mailbox.set_seen([mid])
    return mid


def scan_record(data: bytes, content_type: ContentType) -> ScanRecord:
    """What the scanner reports for ``data`` (EICAR is found, everything else is clean)."""
    infected = EICAR in data
    return ScanRecord(
        verdict=ScanState.INFECTED if infected else ScanState.OK,
        engine=ENGINE,
        engine_version=ENGINE_VERSION,
        signature_version=SIGNATURE_VERSION,
        scanned_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        content_type=int(ContentType.UNKNOWN if infected else content_type),
        signature=EICAR_SIGNATURE if infected else "",
    )


def seed_outgoing(store: MailboxStore) -> None:
    """One sent message and one draft."""
    sent = store.outgoing.create_draft(
        DraftInfo(
            betreff="Klageerwiderung in der Verwaltungsrechtssache Müller ./. Stadt Musterstadt",
            aktenzeichen_absender="31-2025/0412",
            aktenzeichen_empfaenger="1 K 519/25.KO",
            parties=(
                PartyInfo(PartyRole.SENDER, OWN_NAME, OWN_SAFE_ID),
                PartyInfo(
                    PartyRole.RECIPIENT, "Verwaltungsgericht Koblenz", "safe-1600000002-vg-koblenz"
                ),
            ),
        )
    )
    data = pdf("Klageerwiderung")
    store.outgoing.add_attachment(
        sent,
        NewAttachment("Klageerwiderung.pdf", "Klageerwiderung.pdf", content_type=ContentType.PDF),
        data,
    )
    store.outgoing.queue(sent)
    store.outgoing.start_sending(sent)
    store.outgoing.mark_sent(
        sent, osci_message_id="demo-out-0001", sent_at=BASE_TIME - timedelta(days=3)
    )
    draft = store.outgoing.create_draft(
        DraftInfo(
            betreff="Stellungnahme zur Terminsverlegung",
            aktenzeichen_absender="50-2024/0077",
            aktenzeichen_empfaenger="S 4 AS 1021/24",
            parties=(
                PartyInfo(
                    PartyRole.RECIPIENT,
                    "Sozialgericht Musterstadt",
                    "safe-1600000004-sg-musterstadt",
                ),
            ),
        )
    )
    del draft


def seed_demo(store: MailboxStore) -> dict[str, int]:
    """All demo messages; returns osci id → message id."""
    ids = {m.osci_id: deliver(store, m) for m in demo_messages()}
    seed_outgoing(store)
    return ids
