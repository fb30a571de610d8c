"""The short loop that drives a dialog through a transport (client side).

:class:`ClientSession` builds each request with :mod:`osci.wire`, hands the bytes to an
:class:`Exchange` (HTTP in production, a :class:`~osci.supplier.Supplier` in memory for tests),
decodes and checks the answer (encryption, SupplierSignature pinned to the configured
intermediary certificate, ControlBlock, Feedback) and returns the typed response.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO, TypeVar

from cryptography import x509

from osci import certs, crypto
from osci.certs import Kind, Role
from osci.dialog import ClientDialog
from osci.envelope import SigningKey
from osci.errors import CertificateError, FeedbackError, OsciError, StructureError
from osci.keys import Decrypter, Signer
from osci.messages import (
    ContentPackage,
    ExitDialog,
    FetchDelivery,
    FetchProcessCard,
    GetMessageId,
    InitDialog,
    Message,
    Payload,
    ResponseToExitDialog,
    ResponseToFetchDelivery,
    ResponseToFetchProcessCard,
    ResponseToGetMessageId,
    ResponseToInitDialog,
    ResponseToStoreDelivery,
    StoreDelivery,
)
from osci.mime import SpillFactory
from osci.model import (
    ANY_SELECTION,
    CertificateEntry,
    Certificates,
    FeatureDescription,
    Feedback,
    SelectionRule,
)
from osci.supplier import Supplier
from osci.transport.http import HttpTransport
from osci.wire import OutgoingPart, ReceivedMessage, decode, read_chunks, seal, write_message

Exchange = Callable[[Callable[[Callable[[bytes], object]], None]], Iterable[bytes]]
"""Sends the request (written by the given writer) and returns the response body chunks."""


def in_memory(supplier: Supplier) -> Exchange:
    """An exchange that hands the request to a supplier in this process."""

    def exchange(write_request: Callable[[Callable[[bytes], object]], None]) -> Iterable[bytes]:
        buffer = io.BytesIO()
        write_request(buffer.write)
        return [supplier.handle([buffer.getvalue()])]

    return exchange


def http_exchange(
    transport: HttpTransport,
    *,
    spill: SpillFactory | None = None,
    on_upload: Callable[[int], None] | None = None,
    on_download: Callable[[int], None] | None = None,
) -> Exchange:
    """An exchange over HTTP: the request is written to a spill file first (its length becomes
    the Content-Length, and a 200 MB request is never held in memory), then streamed up."""

    def exchange(write_request: Callable[[Callable[[bytes], object]], None]) -> Iterable[bytes]:
        buffer: BinaryIO = spill() if spill is not None else io.BytesIO()
        write_request(buffer.write)
        length = buffer.tell()
        buffer.seek(0)

        response = transport.post(
            read_chunks(buffer), length=length, on_upload=on_upload, on_download=on_download
        )
        try:
            yield from response.iter_body()
        finally:
            response.close()
            buffer.close()

    return exchange


@dataclass(frozen=True)
class Exchanged:
    """A response with the raw bytes that proved it (kept as legal evidence)."""

    received: ReceivedMessage
    request_xml: bytes
    response: BinaryIO  # the whole response body as received (encrypted), for the record
    response_size: int

    @property
    def payload(self) -> Payload:
        return self.received.message.payload

    def close(self) -> None:
        """Release the spill files of the response and its parts."""
        self.response.close()
        self.received.close()

    @property
    def feedback(self) -> Feedback:
        return getattr(self.payload, "feedback", Feedback())


P = TypeVar("P", bound=Payload)


def _expect(payload: Payload, cls: type[P]) -> P:
    """The dialog table guarantees the response type; a mismatch is a protocol error."""
    if not isinstance(payload, cls):
        raise StructureError(element=type(payload).__name__, reason=f"expected {cls.__name__}")
    return payload


@dataclass
class ClientSession:
    """One client identity talking to one intermediary."""

    exchange: Exchange
    cipher: Decrypter  # the mailbox key: decrypts responses and content
    signer: Signer  # the VHN key for beBPo
    intermediary_cipher: x509.Certificate
    intermediary_signature: x509.Certificate | None  # pinned SupplierSignature certificate
    signature_algorithm: str = crypto.RSA_PSS_SHA256
    require_supplier_signature: bool = True
    policy: crypto.Policy = crypto.DEFAULT_POLICY
    spill: SpillFactory | None = None
    iv_length: int = crypto.GCM_IV
    feature_description: FeatureDescription | None = field(default_factory=FeatureDescription)
    dialog: ClientDialog = field(default_factory=ClientDialog)

    # ------------------------------------------------------------ generic

    def _own_certificates(self, *, with_cipher: bool) -> list[CertificateEntry]:
        entries = [CertificateEntry(Role.ORIGINATOR, Kind.SIGNATURE, self.signer.certificate)]
        if with_cipher:
            entries.insert(
                0, CertificateEntry(Role.ORIGINATOR, Kind.CIPHER, self.cipher.certificate)
            )
        return entries

    def send(
        self,
        payload: Payload,
        *,
        certificates: Sequence[CertificateEntry] | None = None,
        parts: Sequence[OutgoingPart] = (),
        progress: Callable[[int], None] | None = None,
    ) -> Exchanged:
        control = self.dialog.request(payload.TYPE)
        entries = (
            certificates if certificates is not None else self._own_certificates(with_cipher=True)
        )
        message = Message(
            payload=payload,
            control_block=control,
            certificates=Certificates(tuple(entries)),
            feature_description=self.feature_description,
        )
        signing = SigningKey(
            signer=self.signer,
            certificate_id=certs.cert_id(Role.ORIGINATOR, Kind.SIGNATURE, self.signer.certificate),
            algorithm=self.signature_algorithm,
        )
        captured: dict[str, bytes] = {}

        def write_request(sink: Callable[[bytes], object]) -> None:
            def inner(write: Callable[[bytes], object]) -> None:
                captured["xml"] = write_message(message, write, signing=signing, parts=parts)

            seal(inner, self.intermediary_cipher, sink, iv_length=self.iv_length)

        body: BinaryIO = self.spill() if self.spill is not None else io.BytesIO()
        try:
            size = 0
            for chunk in self.exchange(write_request):
                body.write(chunk)
                size += len(chunk)
            body.seek(0)
            received = decode(
                read_chunks(body),
                decrypter=self.cipher,
                require_signature=self.require_supplier_signature,
                require_encryption=True,
                spill=self.spill,
                policy=self.policy,
            )
            self._pin(received)
            self.dialog.response(received.message.type, received.message.control_block)
        except OsciError:
            self.dialog.abandon()
            body.close()
            raise
        body.seek(0)
        exchanged = Exchanged(received, captured.get("xml", b""), body, size)
        error = exchanged.feedback.first_error()
        if error is not None:
            exchanged.close()
            if self.dialog.pending is None and received.message.control_block.challenge is None:
                self.dialog.abandon()
            raise FeedbackError(feedback_code=error.code, text=error.text)
        return exchanged

    def _pin(self, received: ReceivedMessage) -> None:
        if self.intermediary_signature is None or received.signature is None:
            return
        if certs.der(received.signature.signer) != certs.der(self.intermediary_signature):
            raise CertificateError(
                role="intermediary",
                reason="response signed with a certificate other than the configured one",
                code="9601",
            )

    # ------------------------------------------------------------ operations

    def _payload_only(
        self, payload: Payload, certificates: list[CertificateEntry] | None
    ) -> Payload:
        """Send, keep only the typed answer and release the response's spill files."""
        response = self.send(payload, certificates=certificates)
        response.close()
        return response.payload

    def get_message_id(self) -> str:
        payload = _expect(self._payload_only(GetMessageId(), None), ResponseToGetMessageId)
        if payload.message_id is None:
            raise FeedbackError(feedback_code="9800", text="no MessageId in the response")
        return payload.message_id

    def store_delivery(
        self,
        *,
        message_id: str,
        subject: str | None,
        content: ContentPackage,
        addressee_cipher: x509.Certificate,
        readers: Sequence[x509.Certificate] = (),
        parts: Sequence[OutgoingPart] = (),
    ) -> Exchanged:
        """Implicit StoreDelivery; EGVP repeats the addressee as a reader (osci.md §7.2)."""
        entries = self._own_certificates(with_cipher=True)
        entries.append(CertificateEntry(Role.ADDRESSEE, Kind.CIPHER, addressee_cipher))
        for index, reader in enumerate(readers):
            entries.append(CertificateEntry(Role.READER, Kind.CIPHER, reader, index))
        payload = StoreDelivery(message_id=message_id, subject=subject, content=content)
        response = self.send(payload, certificates=entries, parts=parts)
        _expect(response.payload, ResponseToStoreDelivery)
        return response

    def init_dialog(self) -> ResponseToInitDialog:
        return _expect(self._payload_only(InitDialog(), None), ResponseToInitDialog)

    def fetch_delivery(self, selection: SelectionRule = ANY_SELECTION) -> Exchanged:
        response = self.send(FetchDelivery(selection), certificates=self._signature_only())
        _expect(response.payload, ResponseToFetchDelivery)
        return response

    def fetch_process_cards(
        self, selection: SelectionRule = ANY_SELECTION, limit: int | None = None
    ) -> ResponseToFetchProcessCard:
        request = FetchProcessCard(selection, limit)
        payload = self._payload_only(request, self._signature_only())
        return _expect(payload, ResponseToFetchProcessCard)

    def exit_dialog(self) -> ResponseToExitDialog:
        payload = self._payload_only(ExitDialog(), self._signature_only())
        return _expect(payload, ResponseToExitDialog)

    def _signature_only(self) -> list[CertificateEntry]:
        # Inside a dialog the supplier remembers our cipher certificate from InitDialog (§16.3).
        return self._own_certificates(with_cipher=False)
