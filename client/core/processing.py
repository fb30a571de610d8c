"""Turning a stored raw delivery into a readable message (issue 5, steps after the fetch).

Decode and verify the stored response (transport decryption, SupplierSignature), decrypt the
content with the mailbox key, parse the EGVP payload, store each attachment encrypted (its
plaintext is authenticated before the store sees it), scan it, and record the Laufzettel with
every Inspection. Works from the stored raw bytes, so a crash between fetch and processing is
recovered by simply processing again.
"""

from __future__ import annotations

import contextlib
import io
import logging
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import BinaryIO

from lxml import etree

from client.core.events import Event, EventBus
from client.egvp import EgvpPayload, parse_payload
from client.sandbox import (
    BackgroundScan,
    IndeterminateReason,
    Scanner,
    ScanResult,
    detect_content_type,
    sanitize_filename,
)
from client.sandbox import Verdict as ScanVerdict
from client.store import (
    AttachmentKind,
    AttachmentRecord,
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
from osci import certs, content
from osci.content import OpenedContainer
from osci.errors import StructureError
from osci.keys import Decrypter
from osci.messages import ResponseToFetchDelivery
from osci.model import AttachmentKey, CertType, Inspection, MathResult, OfflineResult, OnlineResult
from osci.model import ProcessCardBundle as OsciBundle
from osci.transport.session import Exchanged
from osci.wire import ReceivedMessage, decode, read_chunks

log = logging.getLogger(__name__)

XJUSTIZ_NAME = "xjustiz_nachricht.xml"
MAX_XJUSTIZ_BYTES = 20 * 1024 * 1024
CHUNK = 1 << 20
SCANS_AHEAD = 2  # scans still running while the next attachment is decrypted (4: no faster here)


@dataclass(frozen=True)
class AttachmentStored(Event):
    """An attachment of a delivery is decrypted and stored; its scan is running."""

    message_id: int
    name: str
    number: int  # 1-based
    total: int


@dataclass(frozen=True)
class AttachmentScanned(Event):
    message_id: int
    name: str
    verdict: ScanVerdict


class DeliveryProcessor:
    def __init__(
        self,
        store: MailboxStore,
        decrypter: Decrypter,
        scanner: Scanner,
        *,
        spill: Callable[[], BinaryIO],
        own_name: str = "",
        bus: EventBus | None = None,
    ) -> None:
        self.store = store
        self.decrypter = decrypter
        self.scanner = scanner
        self.spill = spill
        self.own_name = own_name
        self.bus = bus or EventBus()
        self._cache: dict[int, ReceivedMessage] = {}

    def keep_for_processing(self, message_id: int, exchanged: Exchanged) -> None:
        """The just-fetched message, so processing need not decode the stored copy again."""
        self._cache[message_id] = exchanged.received

    def process(self, message_id: int) -> str:
        """Process one stored delivery; returns its Betreff. Raises on failure (the caller
        marks the message failed and goes on)."""
        received = self._cache.pop(message_id, None) or self._decode_stored(message_id)
        try:
            return self._process(message_id, received)
        finally:
            received.close()

    def _process(self, message_id: int, received: ReceivedMessage) -> str:
        payload = received.message.payload
        if not isinstance(payload, ResponseToFetchDelivery):
            raise StructureError(element=type(payload).__name__, reason="not a fetched delivery")
        opened = self._open_content(received, payload)
        xjustiz, keys = self._xjustiz_and_keys(received, opened)
        egvp = parse_payload(_inline_parts(opened), list(keys), xjustiz)
        self.store.incoming.record_decrypted(message_id, _containers_xml(opened))
        meta = self._metadata(received, payload, egvp)
        self.store.incoming.set_metadata(message_id, meta)
        self._store_attachments(message_id, keys, received)
        self.store.incoming.mark_processed(message_id)
        return meta.betreff

    # ------------------------------------------------------------ steps

    def _decode_stored(self, message_id: int) -> ReceivedMessage:
        with self.store.mailbox.open_raw(message_id) as reader:
            return decode(
                read_chunks(reader),
                decrypter=self.decrypter,
                require_signature=True,
                require_encryption=True,
                spill=self.spill,
            )

    def _open_content(
        self, received: ReceivedMessage, payload: ResponseToFetchDelivery
    ) -> tuple[OpenedContainer, ...]:
        if payload.content is None:
            return ()
        by_id = {
            certs.cert_id(e.role, e.kind, e.certificate, e.index): e.certificate
            for e in received.message.certificates.entries
        }
        return content.open_package(payload.content, self.decrypter, certificates_by_id=by_id)

    def _xjustiz_and_keys(
        self, received: ReceivedMessage, opened: tuple[OpenedContainer, ...]
    ) -> tuple[bytes | None, dict[str, AttachmentKey]]:
        keys = {k.content_id: k for item in opened for k in item.container.attachment_keys}
        missing = [cid for cid in keys if cid not in received.attachments]
        if missing:
            raise StructureError(element=f"cid:{missing[0]}", reason="attachment part missing")
        xjustiz = None
        if XJUSTIZ_NAME in keys:
            out = io.BytesIO()
            part = received.attachments[XJUSTIZ_NAME]
            if part.size > MAX_XJUSTIZ_BYTES:
                raise StructureError(element=XJUSTIZ_NAME, reason="implausibly large")
            with part.body.open() as source:
                content.decrypt_attachment(keys[XJUSTIZ_NAME], source, out.write)
            xjustiz = out.getvalue()
        return xjustiz, keys

    def _store_attachments(
        self, message_id: int, keys: Mapping[str, AttachmentKey], received: ReceivedMessage
    ) -> None:
        """Store every attachment; up to :data:`SCANS_AHEAD` scans run on while the next
        attachment is decrypted (clamd scans each connection in its own thread)."""
        pending: deque[tuple[AttachmentRecord, BackgroundScan]] = deque()
        try:
            for position, (content_id, key) in enumerate(keys.items()):
                if len(pending) >= SCANS_AHEAD:
                    self._finish_scan(*pending.popleft())
                pending.append(
                    self._store_attachment(message_id, position, content_id, key, received)
                )
                self.bus.publish(
                    AttachmentStored(message_id, pending[-1][0].safe_name, position + 1, len(keys))
                )
            while pending:
                self._finish_scan(*pending.popleft())
        except BaseException:
            # The attachments already stored still get their verdicts; the first error counts.
            while pending:
                with contextlib.suppress(Exception):
                    self._finish_scan(*pending.popleft())
            raise

    def _store_attachment(
        self,
        message_id: int,
        position: int,
        content_id: str,
        key: AttachmentKey,
        received: ReceivedMessage,
    ) -> tuple[AttachmentRecord, BackgroundScan]:
        part = received.attachments[content_id]
        safe_name = sanitize_filename(content_id)
        # The plaintext goes straight into a new encrypted blob and, at the same time, to the
        # scanner, which thus scans (in its own process) while the next steps run. The blob is
        # handed to the store only after the GCM tag verified (decrypt_attachment raises
        # otherwise; an unfinished blob is removed), and the scanner gets its end of data only
        # then.
        writer = self.store.blob_writer()
        head = _Head()
        scan = BackgroundScan(self.scanner, name=safe_name)
        try:
            with part.body.open() as source:
                content.decrypt_attachment(key, source, _tee(writer.write, scan.write, head.add))
            scan.end()
            blob = writer.finish()
            spec = self._new_attachment(content_id, safe_name, position, head.data)
            record = self.store.incoming.add_attachment(message_id, spec, blob)
        except BaseException as exc:
            writer.abort()  # a finished blob nobody took is removed by collect_garbage
            scan.abort(exc)
            raise
        return record, scan

    def _finish_scan(self, record: AttachmentRecord, scan: BackgroundScan) -> None:
        self._record_scan(record, scan.result())

    def _new_attachment(
        self, content_id: str, safe_name: str, position: int, head: bytes
    ) -> NewAttachment:
        kind = AttachmentKind.XJUSTIZ if content_id == XJUSTIZ_NAME else AttachmentKind.DOCUMENT
        if content_id.lower().endswith((".p7s", ".pkcs7")):
            kind = AttachmentKind.SIGNATURE
        return NewAttachment(
            original_name=content_id,
            safe_name=safe_name,
            kind=kind,
            content_id=content_id,
            content_type=int(detect_content_type(head)),
            position=position,
        )

    def _record_scan(self, record: AttachmentRecord, result: ScanResult) -> None:
        if result.verdict is ScanVerdict.OK and result.sha256 != record.sha256:
            # The scanner saw other bytes than the store holds: no OK for the stored ones.
            result = replace(
                result,
                verdict=ScanVerdict.INDETERMINATE,
                signature=None,
                reason=IndeterminateReason.SCANNER_ERROR,
                detail="the scanned bytes differ from the stored attachment",
            )
        self.store.incoming.record_scan(record.id, scan_record(result))
        self.bus.publish(AttachmentScanned(record.message_id, record.safe_name, result.verdict))
        if result.verdict is ScanVerdict.INFECTED:
            log.warning(
                "Attachment %d is infected (%s); it stays in quarantine.",
                record.id,
                result.signature,
            )

    def _metadata(
        self, received: ReceivedMessage, payload: ResponseToFetchDelivery, egvp: EgvpPayload
    ) -> MessageMetadata:
        card = card_info(payload.process_card) if payload.process_card else None
        nachricht = egvp.nachricht
        xjustiz = egvp.xjustiz
        az_sender = (nachricht.aktenzeichen_absender if nachricht else None) or (
            xjustiz.aktenzeichen_absender[0] if xjustiz and xjustiz.aktenzeichen_absender else ""
        )
        az_recipient = (nachricht.aktenzeichen_empfaenger if nachricht else None) or (
            xjustiz.aktenzeichen_empfaenger[0]
            if xjustiz and xjustiz.aktenzeichen_empfaenger
            else ""
        )
        card_fields = egvp.visitenkarte
        sender = PartyInfo(
            role=PartyRole.SENDER,
            display_name=card_fields.display_name() if card_fields else "",
            safe_id=egvp.sender_safe_id or "",
            egvp_role=card_fields.rollen_id if card_fields else "",
        )
        recipient = PartyInfo(role=PartyRole.RECIPIENT, display_name=self.own_name)
        subject = payload.process_card.process_card.subject if payload.process_card else None
        return MessageMetadata(
            betreff=egvp.betreff or "",
            betreff_original=egvp.subject.original if egvp.subject else "",
            nachrichtentyp=subject or "",
            aktenzeichen_absender=az_sender or "",
            aktenzeichen_empfaenger=az_recipient or "",
            parties=(sender, recipient),
            xjustiz_version=(xjustiz.xjustiz_version or "") if xjustiz else "",
            xjustiz_kind=int(xjustiz.kind) if xjustiz else 0,
            eeb_requested=egvp.eeb_requested,
            is_eeb_answer=egvp.is_eeb_answer,
            signature_verdict=Verdict.VALID if received.signature else Verdict.UNCHECKED,
            vhn_verdict=_vhn_verdict(payload.process_card, received),
            received_at=card.creation if card else None,
            process_card=card,
        )


def scan_record(result: ScanResult) -> ScanRecord:
    """A sandbox scan result as the store journals it (engine, signature version, digest)."""
    info = result.scanner
    return ScanRecord(
        verdict=ScanState(int(result.verdict)),
        engine=info.engine,
        engine_version=info.engine_version,
        signature_version=info.signature_version,
        scanned_bytes=result.scanned_bytes,
        sha256=result.sha256,
        content_type=int(result.content_type),
        signature=result.signature or "",
        reason=int(result.reason) if result.reason is not None else 0,
        detail=result.detail,
        scanned_at=result.scanned_at,
    )


class _Head:
    """The first bytes of a stream, for the content-type check."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self.data = b""

    def add(self, chunk: bytes) -> None:
        if len(self.data) < self.size:
            self.data += bytes(chunk[: self.size - len(self.data)])


def _tee(*sinks: Callable[[bytes], object]) -> Callable[[bytes], None]:
    def write(data: bytes) -> None:
        for sink in sinks:
            sink(data)

    return write


def _inline_parts(opened: tuple[OpenedContainer, ...]) -> Mapping[str, Mapping[str, bytes]]:
    return {
        item.container.id: {
            c.id or "": c.data for c in item.container.contents if c.data is not None
        }
        for item in opened
    }


def _containers_xml(opened: tuple[OpenedContainer, ...]) -> bytes:
    root = etree.Element("decryptedContent")
    for item in opened:
        root.append(etree.fromstring(etree.tostring(item.element)))
    return etree.tostring(root, encoding="UTF-8")


def card_info(bundle: OsciBundle) -> ProcessCardInfo:
    card = bundle.process_card

    def when(stamp: object) -> object:
        return None if stamp is None else stamp.plain  # type: ignore[attr-defined]

    return ProcessCardInfo(
        osci_message_id=bundle.message_id,
        recent_modification=card.recent_modification,
        creation=when(card.creation),  # type: ignore[arg-type]
        forwarding=when(card.forwarding),  # type: ignore[arg-type]
        reception=when(card.reception),  # type: ignore[arg-type]
        subject=card.subject or "",
        inspections=tuple(_inspection(i) for i in bundle.inspections),
    )


def _inspection(item: Inspection) -> InspectionInfo:
    good = (
        item.math is MathResult.OK
        and item.offline is OfflineResult.VALID
        and item.online is not OnlineResult.REVOKED
    )
    return InspectionInfo(
        inspected_at=item.timestamp.plain,
        subject_name=item.subject,
        issuer_name=item.issuer,
        serial_number=str(item.serial),
        cert_type=item.cert_type.value,
        math_result=item.math.value,
        offline_result=item.offline.value,
        online_result=item.online.value if item.online else "",
        verdict=Verdict.VALID if good else Verdict.INVALID,
    )


def _vhn_verdict(bundle: OsciBundle | None, received: ReceivedMessage) -> Verdict:
    """VHN: the originator's signature certificate, as the intermediary inspected it.

    VALID only when the intermediary checked that exact certificate as an advanced certificate
    with a good result; INVALID when it found a problem; UNKNOWN when it did not say.
    """
    signer = received.message.certificates.get(certs.Role.ORIGINATOR, certs.Kind.SIGNATURE)
    if signer is None or bundle is None:
        return Verdict.UNKNOWN
    serial = signer.serial_number
    for item in bundle.inspections:
        if item.serial != serial:
            continue
        if item.cert_type is not CertType.ADVANCED:
            return Verdict.UNKNOWN
        info = _inspection(item)
        return info.verdict
    return Verdict.UNKNOWN
