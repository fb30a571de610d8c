"""Sending: ERV rules, EGVP payload, end-to-end encryption, VHN-signed StoreDelivery (issue 6).

GetMessageId → StoreDelivery, both implicit dialogs. The MessageId is written to the outbox file
*before* StoreDelivery goes out, so a client killed in between resends with the same id after a
restart, and the intermediary's 9801 ("already used") then proves the first attempt arrived:
a message is never sent twice. The Laufzettel (Creation) is stored at once as proof.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from cryptography import x509

from client.core.events import Event, EventBus
from client.core.processing import card_info
from client.egvp import OutgoingPayload
from client.sandbox import detect_content_type, sanitize_filename
from client.store import (
    DraftInfo,
    MailboxStore,
    MessageState,
    NewAttachment,
    PartyInfo,
    PartyRole,
    ProcessCardInfo,
)
from osci import xenc
from osci.certs import Kind, Role, cert_id
from osci.delivery import PlainAttachment, PreparedContent, prepare_content
from osci.errors import FeedbackError, SoapFault, TransportError
from osci.messages import ResponseToPartialStoreDelivery, ResponseToStoreDelivery
from osci.model import Content, ContentContainer, SelectionRule
from osci.transport.chunked import info_only, store_in_chunks_exchanged
from osci.transport.session import ClientSession, Exchanged
from profiles.lock import operation_lock
from profiles.paths import WorkdirPaths, atomic_write_text

log = logging.getLogger(__name__)

RETRY_AFTER = timedelta(minutes=5)
PROJECT = "project_coco"
GOVELLO = "govello_coco"
ADDITIONAL_INFOS = "additional_infos"


@dataclass(frozen=True)
class SendProgress(Event):
    message_id: int
    sent: int
    total: int


@dataclass(frozen=True)
class MessageSent(Event):
    message_id: int
    osci_message_id: str
    creation: datetime | None


def prepare_payload_content(
    payload: OutgoingPayload,
    documents: Mapping[str, Callable[[], BinaryIO]],
    recipient: x509.Certificate,
    *,
    spill: Callable[[], BinaryIO],
) -> PreparedContent:
    """The EGVP containers (osci.md §13.1) encrypted for the recipient, who is also a reader
    (as EGVP does), with every document and the generated XJustiz file as an attachment."""
    containers = []
    for container_id, parts in payload.containers.items():
        contents = [Content(id=name, data=data) for name, data in parts.items()]
        if container_id == PROJECT:
            contents += [Content(id=name, href=name) for name in payload.attachment_names]
        containers.append(ContentContainer(container_id, tuple(contents)))
    attachments = []
    for name in payload.attachment_names:
        generated = payload.generated_attachments.get(name)
        opener = _bytes_opener(generated) if generated is not None else documents[name]
        attachments.append(PlainAttachment(PROJECT, name, opener))
    readers = [
        xenc.Reader(recipient, cert_id(Role.ADDRESSEE, Kind.CIPHER, recipient)),
        xenc.Reader(recipient, cert_id(Role.READER, Kind.CIPHER, recipient, 0)),
    ]
    return prepare_content(containers, attachments, readers, spill=spill)


def _bytes_opener(data: bytes) -> Callable[[], BinaryIO]:
    return lambda: io.BytesIO(data)


def _path_opener(path: Path) -> Callable[[], BinaryIO]:
    return lambda: path.open("rb")


def _open(document: Path | Callable[[], BinaryIO]) -> BinaryIO:
    return document.open("rb") if isinstance(document, Path) else document()


@dataclass(frozen=True)
class Outgoing:
    """A message ready to send: who, what, and the files."""

    recipient_name: str
    recipient_safe_id: str
    recipient_certificate: x509.Certificate
    betreff: str
    aktenzeichen_absender: str
    aktenzeichen_empfaenger: str
    payload: OutgoingPayload
    documents: Mapping[str, Path | Callable[[], BinaryIO]]  # files, or readers (from the store)
    eeb_answer: bool = False


class Outbox:
    """MessageIds obtained but not yet confirmed as stored: one small JSON file, written
    atomically, so a restart resends with the same id instead of sending twice."""

    def __init__(self, paths: WorkdirPaths) -> None:
        self.file = paths.root / "outbox.json"

    def read(self) -> dict[str, str]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return {str(k): str(v) for k, v in data.items()}

    def put(self, message_id: int, osci_id: str) -> None:
        data = self.read()
        data[str(message_id)] = osci_id
        atomic_write_text(self.file, json.dumps(data, indent=1))

    def drop(self, message_id: int) -> None:
        data = self.read()
        if data.pop(str(message_id), None) is not None:
            atomic_write_text(self.file, json.dumps(data, indent=1))


@dataclass(frozen=True)
class Chunking:
    """Above ``threshold_bytes`` a delivery goes as PartialStoreDelivery chunks (osci.md §12)."""

    threshold_bytes: int
    chunk_bytes: int

    @property
    def chunk_kb(self) -> int:
        return max(1, self.chunk_bytes // 1024)


class SendService:
    def __init__(
        self,
        paths: WorkdirPaths,
        store: MailboxStore,
        session_factory: Callable[[Callable[[int], None]], ClientSession],
        *,
        spill: Callable[[], BinaryIO],
        bus: EventBus | None = None,
        chunking: Chunking | None = None,
    ) -> None:
        self.paths = paths
        self.store = store
        self.session_factory = session_factory
        self.spill = spill
        self.bus = bus or EventBus()
        self.outbox = Outbox(paths)
        self.chunking = chunking

    def queue(
        self,
        outgoing: Outgoing,
        *,
        sender_name: str = "",
        draft_id: int | None = None,
        extra: tuple[tuple[str, str], ...] = (),
    ) -> int:
        """Store the message as queued in the outbox (Postausgang); returns its id. A draft it
        was composed from becomes this message (its old attachments are replaced)."""
        outgoing_store = self.store.outgoing
        info = DraftInfo(
            betreff=outgoing.betreff,
            nachrichtentyp=outgoing.payload.osci_subject,
            aktenzeichen_absender=outgoing.aktenzeichen_absender,
            aktenzeichen_empfaenger=outgoing.aktenzeichen_empfaenger,
            parties=(
                PartyInfo(PartyRole.SENDER, display_name=sender_name),
                PartyInfo(
                    PartyRole.RECIPIENT,
                    display_name=outgoing.recipient_name,
                    safe_id=outgoing.recipient_safe_id,
                ),
            ),
            is_eeb_answer=outgoing.eeb_answer,
            extra=extra,
        )
        if draft_id is None:
            message_id = outgoing_store.create_draft(info)
        else:
            message_id = draft_id
            outgoing_store.update_draft(draft_id, info)
            for old in self.store.mailbox.attachments(draft_id):
                outgoing_store.remove_attachment(old.id)
        for position, name in enumerate(outgoing.payload.attachment_names):
            generated = outgoing.payload.generated_attachments.get(name)
            source: BinaryIO = (
                io.BytesIO(generated) if generated is not None else _open(outgoing.documents[name])
            )
            with source:
                head = source.read(4096)
                source.seek(0)
                outgoing_store.add_attachment(
                    message_id,
                    NewAttachment(
                        name,
                        sanitize_filename(name),
                        content_id=name,
                        content_type=int(detect_content_type(head)),
                        position=position,
                    ),
                    source,
                )
        outgoing_store.queue(message_id)
        return message_id

    def send(
        self, message_id: int, outgoing: Outgoing, *, lock_timeout: float = 0.0
    ) -> ProcessCardInfo | None:
        """Send one queued message exactly once (see the module text)."""
        with operation_lock(self.paths, f"send-{message_id}", timeout=lock_timeout):
            record = self.store.mailbox.get(message_id)
            if record.state is MessageState.OUT_SENT:
                return None  # already sent
            if record.state is not MessageState.OUT_SENDING:  # a crash may have left it there
                self.store.outgoing.start_sending(message_id)
            total = sum(
                p.stat().st_size for p in outgoing.documents.values() if isinstance(p, Path)
            )
            session = self.session_factory(
                lambda n: self.bus.publish(SendProgress(message_id, n, total))
            )
            try:
                osci_id = self.outbox.read().get(str(message_id))
                resumed = osci_id is not None
                if osci_id is None:
                    osci_id = session.get_message_id()
                    self.outbox.put(message_id, osci_id)
                card = self._store_delivery(session, message_id, osci_id, outgoing, resumed)
            except (TransportError, SoapFault) as exc:
                # The intermediary is unreachable or refused the envelope: stays in the outbox,
                # due again later (same MessageId, so never twice).
                self.store.outgoing.mark_failed(
                    message_id,
                    error_kind=type(exc).__name__,
                    error_text=str(exc),
                    retry_at=datetime.now(UTC) + RETRY_AFTER,
                )
                raise
            self.outbox.drop(message_id)
            self.bus.publish(MessageSent(message_id, osci_id, card.creation if card else None))
            return card

    def _store_delivery(
        self,
        session: ClientSession,
        message_id: int,
        osci_id: str,
        outgoing: Outgoing,
        resumed: bool = False,
    ) -> ProcessCardInfo | None:
        openers = {
            name: _path_opener(doc) if isinstance(doc, Path) else doc
            for name, doc in outgoing.documents.items()
        }
        prepared = prepare_payload_content(
            outgoing.payload, openers, outgoing.recipient_certificate, spill=self.spill
        )
        size = sum(part.size for part in prepared.parts)
        chunked = self.chunking is not None and size > self.chunking.threshold_bytes
        try:
            if chunked and resumed:
                osci_id = self._fresh_id_after_partial_attempt(session, message_id, osci_id)
            exchanged = self._deliver(session, osci_id, outgoing, prepared, chunked)
        except FeedbackError as exc:
            if exc.code != "9801":
                raise
            # Our MessageId is used: the earlier attempt arrived before we crashed.
            log.info("Message %d was stored before (MessageId used); not sent again.", message_id)
            self.store.outgoing.mark_sent(
                message_id, osci_message_id=osci_id, sent_at=datetime.now(UTC)
            )
            return self.refresh_process_card(message_id, osci_id)
        finally:
            for part in prepared.parts:  # the encrypted attachments' spill files
                part.close_spill()
        payload = exchanged.payload
        card = None
        inside = getattr(payload, "inside_feedback", None)
        if inside is not None and inside.first_error() is not None:
            exchanged.close()
            error = inside.first_error()
            raise FeedbackError(feedback_code=error.code, text=error.text)
        if (
            isinstance(payload, ResponseToStoreDelivery | ResponseToPartialStoreDelivery)
            and payload.process_card is not None
        ):
            card = card_info(payload.process_card)
        try:
            exchanged.response.seek(0)
            self.store.outgoing.mark_sent(
                message_id,
                osci_message_id=osci_id,
                sent_at=card.creation if card and card.creation else datetime.now(UTC),
                raw=exchanged.response,
                process_card=card,
            )
        finally:
            exchanged.close()
        return card

    def _deliver(
        self,
        session: ClientSession,
        osci_id: str,
        outgoing: Outgoing,
        prepared: PreparedContent,
        chunked: bool,
    ) -> Exchanged:
        common = {
            "message_id": osci_id,
            "subject": outgoing.payload.osci_subject,
            "content": prepared.package,
            "addressee_cipher": outgoing.recipient_certificate,
            "readers": [outgoing.recipient_certificate],
            "parts": prepared.parts,
        }
        if not chunked or self.chunking is None:
            return session.store_delivery(**common)  # type: ignore[arg-type]
        return store_in_chunks_exchanged(
            session,
            chunk_kb=self.chunking.chunk_kb,
            spill=self.spill,
            **common,  # type: ignore[arg-type]
        )

    def _fresh_id_after_partial_attempt(
        self, session: ClientSession, message_id: int, osci_id: str
    ) -> str:
        """A crashed chunked send left some chunks at the intermediary: they can never be
        completed byte-identically (new keys, new IVs), so start over under a new MessageId.
        The old id was never used, so nothing arrived twice. If no chunk is there, either the
        attempt never started or it completed; the first chunk then gets 9801 in the latter case."""
        held = info_only(session, osci_id).chunk.received_chunks or ()
        if not [n for n in held if n > 0]:
            return osci_id
        fresh = session.get_message_id()
        self.outbox.put(message_id, fresh)
        log.info("Message %d: earlier chunks incomplete, sending again under a new id.", message_id)
        return fresh

    def refresh_process_card(self, message_id: int, osci_id: str) -> ProcessCardInfo | None:
        """FetchProcessCard for a sent message: adds Forwarding and Reception when known."""
        session = self.session_factory(lambda n: None)
        session.init_dialog()
        try:
            try:
                response = session.fetch_process_cards(SelectionRule(message_ids=(osci_id,)))
            except FeedbackError as exc:
                if exc.code == "9804":
                    return None
                raise
        finally:
            session.exit_dialog()
        for bundle in response.process_cards:
            if bundle.message_id == osci_id:
                card = card_info(bundle)
                self.store.outgoing.record_process_card(message_id, card)
                return card
        return None
