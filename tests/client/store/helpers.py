"""Building blocks for store tests: a fully processed incoming message, generated streams."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime

from client.store import (
    AttachmentKind,
    AttachmentRecord,
    BlobReader,
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

MiB = 1 << 20


@dataclass(frozen=True)
class Stored:
    message_id: int
    raw: bytes
    content: bytes
    attachments: tuple[AttachmentRecord, ...]
    documents: tuple[bytes, ...]


def metadata(
    betreff: str = "Klage wegen Mietzahlung",
    *,
    aktenzeichen: str = "3 C 123/24",
    sender: str = "Amtsgericht Musterstadt",
    received_at: datetime | None = None,
    osci_message_id: str = "",
) -> MessageMetadata:
    card = ProcessCardInfo(
        osci_message_id=osci_message_id,
        creation=received_at or datetime(2024, 3, 1, 8, 59, 58, tzinfo=UTC),
        subject=betreff,
        inspections=(
            InspectionInfo(
                subject_name="CN=Erika Mustermann",
                issuer_name="CN=Test-CA",
                serial_number="1234",
                cert_type="qualified",
                math_result="ok",
                offline_result="valid",
                online_result="ok",
                verdict=Verdict.VALID,
            ),
        ),
    )
    return MessageMetadata(
        betreff=betreff,
        nachrichtentyp="Allgemeine Nachricht",
        aktenzeichen_absender=aktenzeichen,
        aktenzeichen_empfaenger="",
        parties=(
            PartyInfo(PartyRole.SENDER, display_name=sender, safe_id="DE.Justiz.abc.1234"),
            PartyInfo(PartyRole.RECIPIENT, display_name="Kanzlei Beispiel", safe_id="DE.BRAK.x.9"),
        ),
        signature_verdict=Verdict.VALID,
        vhn_verdict=Verdict.VALID,
        received_at=received_at,
        process_card=card,
    )


def store_message(
    store: MailboxStore,
    osci_message_id: str,
    *,
    betreff: str = "Klage wegen Mietzahlung",
    documents: tuple[tuple[str, bytes], ...] = (("Klageschrift.pdf", b"%PDF-1.7 Klage"),),
    scan: ScanState | None = ScanState.OK,
    received_at: datetime | None = None,
) -> Stored:
    """A delivery taken through every step of the receive path."""
    raw = b"<osci>" + osci_message_id.encode() + os.urandom(64) + b"</osci>"
    content = b"<inner>" + betreff.encode() + b"</inner>"
    rec = store.incoming.record(osci_message_id, raw)
    store.incoming.mark_acknowledged(rec.message_id)
    store.incoming.record_decrypted(rec.message_id, content)
    store.incoming.set_metadata(
        rec.message_id,
        metadata(betreff, received_at=received_at, osci_message_id=osci_message_id),
    )
    attachments = []
    for name, data in documents:
        att = store.incoming.add_attachment(
            rec.message_id,
            NewAttachment(original_name=name, safe_name=name, kind=AttachmentKind.DOCUMENT),
            data,
        )
        if scan is not None:
            store.incoming.record_scan(
                att.id,
                ScanRecord(
                    verdict=scan,
                    engine="ClamAV",
                    engine_version="1.4.3",
                    signature_version="27000",
                    scanned_bytes=len(data),
                    sha256=hashlib.sha256(data).hexdigest(),
                    signature="Eicar-Test-Signature" if scan is ScanState.INFECTED else "",
                ),
            )
        attachments.append(store.mailbox.attachment(att.id))
    store.incoming.mark_processed(rec.message_id)
    return Stored(rec.message_id, raw, content, tuple(attachments), tuple(d for _, d in documents))


class GeneratedStream:
    """``size`` bytes of pseudo-random data in reads of at most ``read_size``; never holds more
    than one 1 MiB block, and hashes what it hands out."""

    def __init__(self, size: int, *, seed: int = 7) -> None:
        self.remaining = size
        self._block = hashlib.shake_256(str(seed).encode()).digest(MiB)
        self._counter = 0
        self.sha = hashlib.sha256()

    def read(self, size: int = -1, /) -> bytes:
        if self.remaining <= 0:
            return b""
        size = MiB if size is None or size < 0 else min(size, MiB)
        size = min(size, self.remaining)
        self._counter += 1
        data = self._counter.to_bytes(8, "big") + self._block[8:size]
        data = data[:size]
        self.remaining -= len(data)
        self.sha.update(data)
        return data


def read(reader: BlobReader) -> bytes:
    """All plaintext of a store reader, closing it."""
    with reader:
        return reader.read()
