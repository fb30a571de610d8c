"""The business side of the intermediary: what each verified request does (osci.md §14.3 step 10).

:class:`Intermediary` is the ``handler`` of :class:`osci.supplier.Supplier`: the supplier has
already decrypted the request, checked structure, dialog (9400) and signature (96xx); this class
issues message ids, stores and hands out deliveries with their Laufzettel, answers process-card
queries, runs the chunking extension, and raises ``FeedbackError`` for request-level refusals.

Reception: a delivery handed out in an explicit dialog counts as received when the *next*
request of the same dialog arrives with the correct Response (the supplier checked it before
calling us), i.e. when the client proved that it got our answer. A client that dies in between
gets the same delivery again from the next dialog: nothing is lost.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from lxml import etree

from osci import codes
from osci.certs import Kind, Role, cert_id
from osci.dialog import new_challenge
from osci.envelope import SigningKey
from osci.errors import FeedbackError, OsciError, SignatureError
from osci.messages import (
    ContentPackage,
    ExitDialog,
    FetchDelivery,
    FetchProcessCard,
    GetMessageId,
    InitDialog,
    Message,
    PartialFetchDelivery,
    PartialStoreDelivery,
    ResponseToExitDialog,
    ResponseToFetchDelivery,
    ResponseToFetchProcessCard,
    ResponseToGetMessageId,
    ResponseToInitDialog,
    ResponseToPartialFetchDelivery,
    ResponseToPartialStoreDelivery,
    ResponseToStoreDelivery,
    StoreDelivery,
)
from osci.mime import MimePart, parse_multipart
from osci.model import (
    CertificateEntry,
    Certificates,
    ChunkInformation,
    ControlBlock,
    Feedback,
    FeedbackEntry,
    SelectionRule,
)
from osci.supplier import Reply, Request, SupplierIdentity, SupplierOptions
from osci.transport.chunked import FETCH_BLOB, STORE_BLOB, chunk_package
from osci.types import MessageType
from osci.wire import OutgoingPart, read_message, write_message
from osci.xml import parse_xml
from testbed.intermediary.chunks import (
    Assemblies,
    PreparedFetch,
    base_message_id,
    refuse,
)
from testbed.intermediary.config import KB, Faults, FaultSwitch, IntermediaryConfig
from testbed.intermediary.inspections import Inspector
from testbed.intermediary.spool import Spool
from testbed.intermediary.store import (
    DeliveryRecord,
    DeliveryStore,
    IdUnusable,
    StoredPart,
    identity,
)

logger = logging.getLogger(__name__)

PURGE_INTERVAL = timedelta(minutes=10)
MORE_DELIVERIES = "3800"
MORE_CARDS = "3801"
INSIDE_FEEDBACK = "3950"
INSIDE_ERROR = "9950"
CUSTOM_HEADER = "http://gov.bos-bremen.de/osci/customHeader"


def request_signature_mandatory() -> etree._Element:
    """The custom header the EGVP OSCI-Manager adds (signed) to fetch responses of deliveries
    that came with a mandatory ClientSignature (osci.md §13.1); ours always do."""
    nsmap: Any = {None: CUSTOM_HEADER}  # a default namespace, as the OSCI-Manager writes it
    element = etree.Element(f"{{{CUSTOM_HEADER}}}RequestSignatureMandatory", nsmap=nsmap)
    element.set("Id", "RequestSignatureMandatory")
    return element


def now_utc() -> datetime:
    """OSCI timestamps carry seconds (codec.iso); keep stored and sent values identical."""
    return datetime.now(UTC).replace(microsecond=0)


def feedback(*entries: str) -> Feedback:
    return Feedback(tuple(FeedbackEntry(code, codes.describe(code)) for code in entries))


def new_message_id() -> str:
    """``govapp_`` and 37 digits, as the EGVP OSCI-Manager issues them (osci.md §13.1)."""
    return f"govapp_{secrets.randbelow(10**37):037d}"


@dataclass(frozen=True)
class Stored:
    record: DeliveryRecord
    warnings: tuple[str, ...]


class Intermediary:
    """The handler: one instance per running intermediary, shared by all request threads."""

    def __init__(
        self,
        config: IntermediaryConfig,
        store: DeliveryStore,
        inspector: Inspector,
        identity_: SupplierIdentity,
        options: SupplierOptions,
        spool: Spool,
        *,
        faults: FaultSwitch | None = None,
        on_faults: Callable[[Faults], None] | None = None,
        clock: Callable[[], datetime] = now_utc,
    ) -> None:
        self.config = config
        self.store = store
        self.inspector = inspector
        self.identity = identity_
        self.options = options
        self.spool = spool
        self.faults = faults or FaultSwitch()
        self.on_faults = on_faults
        self.clock = clock
        self.assemblies = Assemblies(config.data / "partial", config)
        self._lock = threading.RLock()
        self._unacknowledged: dict[str, str] = {}  # conversation id -> message id
        self._prepared: dict[str, PreparedFetch] = {}  # conversation id -> chunked fetch
        self._last_purge: datetime | None = None
        self._local = threading.local()

    # ------------------------------------------------------------------ dispatch

    @property
    def current_faults(self) -> Faults:
        """The switches taken by the request this thread is executing (for the HTTP layer)."""
        faults: Faults = getattr(self._local, "faults", None) or Faults()
        return faults

    @property
    def current_type(self) -> MessageType | None:
        return getattr(self._local, "message_type", None)

    def begin(self) -> None:
        """Forget the previous request's thread-local state (the HTTP layer calls this)."""
        self._local.faults = None
        self._local.message_type = None

    def __call__(self, request: Request) -> Reply:
        payload = request.message.payload
        self._local.message_type = request.message.type
        now = self.clock()
        self._acknowledge(request, now)
        self._purge(now)
        faults = self.faults.take(request.message.type)
        self._local.faults = faults
        if faults.fault_code is not None:
            # The HTTP layer answers with this SOAP fault instead; nothing is executed.
            raise FeedbackError(feedback_code=faults.fault_code, text="fault injection")
        if faults.feedback_code is not None:
            raise refuse(faults.feedback_code)
        if self.on_faults is not None and faults.armed:
            self.on_faults(faults)
        ok = "0801" if request.dialog.explicit else "0800"
        if isinstance(payload, InitDialog):
            return Reply(ResponseToInitDialog(feedback("0801")))
        if isinstance(payload, ExitDialog):
            self._forget_prepared(request.dialog.conversation_id)
            return Reply(ResponseToExitDialog(feedback("0800")))
        if isinstance(payload, GetMessageId):
            return self._get_message_id(request, ok, now)
        if isinstance(payload, StoreDelivery):
            stored = self._store(request.message, request.received.attachments, now)
            return Reply(
                ResponseToStoreDelivery(
                    feedback(ok, *stored.warnings),
                    stored.record.bundle(forwarding=False, reception=False),
                )
            )
        if isinstance(payload, FetchDelivery):
            return self._fetch(request, payload, now)
        if isinstance(payload, FetchProcessCard):
            return self._process_cards(request, payload)
        if isinstance(payload, PartialStoreDelivery):
            return self._partial_store(request, payload, ok, now)
        if isinstance(payload, PartialFetchDelivery):
            return self._partial_fetch(request, payload, now)
        # Forward/MediateDelivery need a passive recipient, which the testbed does not have.
        raise refuse("9809")

    # ------------------------------------------------------------------ bookkeeping

    def _acknowledge(self, request: Request, now: datetime) -> None:
        if not request.dialog.explicit:
            return
        with self._lock:
            message_id = self._unacknowledged.pop(request.dialog.conversation_id, None)
        if message_id is not None:
            self.store.mark_received(message_id, now)

    def _purge(self, now: datetime) -> None:
        with self._lock:
            if self._last_purge is not None and now - self._last_purge < PURGE_INTERVAL:
                return
            self._last_purge = now
        self.store.purge(now, self.config.retention_days)

    def purge_now(self) -> int:
        return self.store.purge(self.clock(), self.config.retention_days)

    def _requester(self, request: Request) -> str:
        if request.client_cipher is None:
            raise refuse("9803")  # nobody we could hand a delivery to
        return identity(request.client_cipher)

    # ------------------------------------------------------------------ ids and deliveries

    def _get_message_id(self, request: Request, ok: str, now: datetime) -> Reply:
        message_id = new_message_id()
        requester = None if request.client_cipher is None else identity(request.client_cipher)
        self.store.issue(message_id, requester, now)
        logger.info("message id %s issued", message_id)
        return Reply(ResponseToGetMessageId(feedback(ok), message_id))

    def _store(self, message: Message, attachments: Mapping[str, object], now: datetime) -> Stored:
        payload = message.payload
        if not isinstance(payload, StoreDelivery):
            raise refuse("9300")
        if not payload.message_id:
            raise refuse("9800")
        if not self.store.id_usable(payload.message_id):
            raise refuse("9801")
        certificates = message.certificates
        addressee = certificates.get(Role.ADDRESSEE, Kind.CIPHER)
        if addressee is None:
            raise refuse("9300")
        result = self.inspector.inspect(certificates.entries, now)
        if result.error is not None:
            raise refuse(result.error.code)
        originator = certificates.get(Role.ORIGINATOR, Kind.CIPHER) or certificates.get(
            Role.ORIGINATOR, Kind.SIGNATURE
        )
        staging = self.store.staging(payload.message_id)
        try:
            parts = _copy_parts(attachments, staging)
            package = etree.tostring(payload.content.build(), encoding="UTF-8")
            self.store.write_content(staging, package, certificates.entries, parts)
            record = DeliveryRecord(
                seq=0,
                message_id=payload.message_id,
                addressee=identity(addressee),
                originator="" if originator is None else identity(originator),
                readers=tuple(identity(c) for c in certificates.all(Role.READER, Kind.CIPHER)),
                subject=payload.subject,
                creation=now,
                forwarding=None,
                reception=None,
                modified=now,
                inspections=result.inspections,
                folder=None,
                size=len(package) + sum(p.size for p in parts),
            )
            stored = self.store.add(record, staging)
        except IdUnusable:
            raise refuse("9801") from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return Stored(stored, result.warnings)

    def _select(self, who: str, selection: SelectionRule) -> tuple[DeliveryRecord, int]:
        """The delivery to hand out and how many others are waiting for ``who``."""
        waiting = [
            r
            for r in self.store.all()
            if r.readable_by(who) and r.reception is None and r.folder is not None
        ]
        if selection.message_ids:
            wanted = set(selection.message_ids)
            matches = [r for r in waiting if r.message_id in wanted]
        elif selection.reception_of_delivery is not None:
            since = selection.reception_of_delivery
            matches = [r for r in waiting if r.creation > since]
        else:
            matches = waiting
        if not matches:
            raise refuse("9803")
        chosen = matches[0]  # oldest first
        return chosen, len(waiting) - 1

    def _fetch_response(
        self, request: Request, selection: SelectionRule, now: datetime
    ) -> tuple[ResponseToFetchDelivery, Certificates, list[OutgoingPart]]:
        who = self._requester(request)
        with self._lock:
            record, others = self._select(who, selection)
            record = self.store.mark_forwarded(record.message_id, now)
            try:
                content = self.store.content(record)
            except FileNotFoundError:
                raise refuse("9803") from None
        package = ContentPackage.parse(parse_xml(content.package_xml, document="package.xml"))
        parts = [_outgoing(stored, path) for stored, path in content.parts]
        codes_ = ["0801", MORE_DELIVERIES] if others else ["0801"]
        response = ResponseToFetchDelivery(
            feedback(*codes_), selection, record.bundle(reception=False), package
        )
        logger.info("delivery %s handed out (%d more waiting)", record.message_id, others)
        return response, content.certificates, parts

    def _fetch(self, request: Request, payload: FetchDelivery, now: datetime) -> Reply:
        response, certificates, parts = self._fetch_response(request, payload.selection, now)
        with self._lock:
            self._unacknowledged[request.dialog.conversation_id] = _message_id(response)
        return Reply(
            response,
            certificates=certificates,
            parts=parts,
            custom_headers=(request_signature_mandatory(),),
        )

    def _process_cards(self, request: Request, payload: FetchProcessCard) -> Reply:
        who = self._requester(request)
        rule = payload.selection
        role = (rule.role or "").casefold()
        cards = []
        for record in self.store.all():
            as_addressee = role in ("", "addressee") and record.readable_by(who)
            as_originator = role in ("", "originator") and record.originator == who
            if not (as_addressee or as_originator):
                continue
            if rule.message_ids and record.message_id not in rule.message_ids:
                continue
            if rule.reception_of_delivery and record.creation <= rule.reception_of_delivery:
                continue
            if rule.recent_modification and record.modified <= rule.recent_modification:
                continue
            if rule.no_reception and record.reception is not None:
                continue
            cards.append(record.bundle())
        if not cards:
            raise refuse("9804")
        codes_ = ["0801"]
        if payload.limit is not None and len(cards) > payload.limit:
            cards = cards[: payload.limit]
            codes_.append(MORE_CARDS)
        return Reply(
            ResponseToFetchProcessCard(
                feedback(*codes_), payload.selection, payload.limit, tuple(cards)
            )
        )

    # ------------------------------------------------------------------ chunking (osci.md §12)

    def _partial_store(
        self, request: Request, payload: PartialStoreDelivery, ok: str, now: datetime
    ) -> Reply:
        message_id = base_message_id(payload.message_id)
        sender = "" if request.client_cipher is None else identity(request.client_cipher)
        if payload.chunk is None:  # InfoOnly: which chunks are there?
            assembly = self.assemblies.get(sender, message_id)
            received = () if assembly is None else assembly.received_numbers
            total = 0 if assembly is None else assembly.total
            info = _store_info(-1, received, total)
            return Reply(ResponseToPartialStoreDelivery(feedback(ok), info))
        if not self.store.id_usable(message_id):
            raise refuse("9801")
        blobs = request.received.attachments
        blob = blobs.get(STORE_BLOB) or (next(iter(blobs.values())) if len(blobs) == 1 else None)
        if not isinstance(blob, MimePart):
            raise refuse("9905")
        with self._lock:
            assembly = self.assemblies.add(sender, message_id, payload.chunk, blob)
        number = payload.chunk.chunk_number or 0
        info = _store_info(number, assembly.received_numbers, assembly.total)
        if not assembly.complete:
            return Reply(ResponseToPartialStoreDelivery(feedback(ok), info))
        try:
            stored = self._store_assembled(assembly.chunks(), message_id, now)
        except FeedbackError as exc:
            inside = feedback(exc.feedback_code)
            return Reply(
                ResponseToPartialStoreDelivery(feedback(INSIDE_ERROR), info, inside_feedback=inside)
            )
        finally:
            self.assemblies.discard(assembly)
        inside = feedback(ok, *stored.warnings)
        bundle = stored.record.bundle(forwarding=False, reception=False)
        return Reply(
            ResponseToPartialStoreDelivery(
                feedback(ok, INSIDE_FEEDBACK), info, inside_feedback=inside, process_card=bundle
            )
        )

    def _store_assembled(self, chunks: Iterable[bytes], message_id: str, now: datetime) -> Stored:
        """The reassembled inner StoreDelivery: checked like a direct one, then stored."""
        required = self.options.require_signature(MessageType.STORE_DELIVERY)
        try:
            multipart = parse_multipart(
                chunks,
                spill=self.spool.file,
                limits=self.options.limits,
            )
            received = read_message(multipart, require_signature=required, complete=True)
        except SignatureError as exc:
            raise refuse(exc.code or "9601") from None
        except OsciError:
            raise refuse("9300") from None
        inner = received.message
        if not isinstance(inner.payload, StoreDelivery):
            raise refuse("9300")
        if inner.payload.message_id != message_id:
            raise refuse("9801")
        return self._store(inner, received.attachments, now)

    def _partial_fetch(
        self, request: Request, payload: PartialFetchDelivery, now: datetime
    ) -> Reply:
        conversation = request.dialog.conversation_id
        chunk = payload.chunk
        number, size_kb = chunk.chunk_number, chunk.chunk_size
        if number is None or size_kb is None or size_kb < 1:
            raise refuse("9905")
        if size_kb > self.config.max_chunk_kb:
            raise refuse("9902")
        if size_kb < self.config.min_chunk_kb:
            raise refuse("9903")
        with self._lock:
            prepared = self._prepared.get(conversation)
        wanted = payload.selection.message_ids
        stale = prepared is None or (wanted and prepared.message_id not in wanted)
        if number == 1 and (stale or chunk.received_chunks in (None, (), (-1,))):
            prepared = self._prepare(request, payload.selection, size_kb * KB, now)
        elif stale or prepared is None:
            raise refuse("9901")
        if not 1 <= number <= prepared.total:
            raise refuse("9901")
        if number == prepared.total:
            with self._lock:
                self._unacknowledged[conversation] = prepared.message_id
        response = ResponseToPartialFetchDelivery(
            feedback("0801"),
            prepared.information(number),
            prepared.message_id,
            payload.selection,
            chunk_package(FETCH_BLOB),
        )
        return Reply(response, parts=[prepared.part(number)])

    def _prepare(
        self, request: Request, selection: SelectionRule, chunk_bytes: int, now: datetime
    ) -> PreparedFetch:
        """Write the whole ResponseToFetchDelivery (signed, not transport-encrypted) to a file."""
        self._forget_prepared(request.dialog.conversation_id)
        response, certificates, parts = self._fetch_response(request, selection, now)
        signature = self.identity.signature
        message = Message(
            payload=response,
            control_block=_inner_control(request.message.control_block, request),
            certificates=certificates,
            intermediary_certificates=Certificates(
                (CertificateEntry(Role.INTERMEDIARY, Kind.SIGNATURE, signature.certificate),)
            ),
            feature_description=self.options.feature_description,
            custom_headers=(request_signature_mandatory(),),
        )
        signing = SigningKey(
            signer=signature,
            certificate_id=cert_id(Role.INTERMEDIARY, Kind.SIGNATURE, signature.certificate),
            algorithm=self.identity.signature_algorithm,
        )
        folder = self.spool.subfolder("fetch")
        path = folder / f"{request.dialog.conversation_id}-{secrets.token_hex(8)}.msg"
        with path.open("wb") as sink:
            write_message(message, sink.write, signing=signing, parts=parts)
            size = sink.tell()
        prepared = PreparedFetch(_message_id(response), path, size, chunk_bytes)
        with self._lock:
            self._prepared[request.dialog.conversation_id] = prepared
        return prepared

    def _forget_prepared(self, conversation: str) -> None:
        with self._lock:
            prepared = self._prepared.pop(conversation, None)
        if prepared is not None:
            prepared.discard()


# ---------------------------------------------------------------------- helpers


def _message_id(response: ResponseToFetchDelivery) -> str:
    return "" if response.process_card is None else response.process_card.message_id


def _store_info(number: int, received: Sequence[int], total: int) -> ChunkInformation:
    return ChunkInformation(
        chunk_number=number, received_chunks=tuple(received), total_chunk_numbers=total
    )


def _inner_control(request_cb: ControlBlock, request: Request) -> ControlBlock:
    return ControlBlock(
        response=request_cb.challenge,
        challenge=new_challenge(),
        conversation_id=request.dialog.conversation_id,
        sequence_number=request_cb.sequence_number,
    )


def _copy_parts(attachments: Mapping[str, object], folder: Path) -> list[StoredPart]:
    parts = []
    for index, (content_id, part) in enumerate(attachments.items()):
        if not isinstance(part, MimePart):
            raise TypeError(f"attachment {content_id} is no MIME part")
        name = f"part-{index}.bin"
        with part.body.open() as source, (folder / name).open("wb") as sink:
            shutil.copyfileobj(source, sink, 1024 * 1024)
        parts.append(
            StoredPart(content_id, name, part.size, part.sha256, part.headers.content_type)
        )
    return parts


def _outgoing(stored: StoredPart, path: Path) -> OutgoingPart:
    return OutgoingPart(
        content_id=stored.content_id,
        size=stored.size,
        sha256=stored.sha256,
        open=lambda: path.open("rb"),
        content_type=stored.content_type or "application/octet-stream",
    )
