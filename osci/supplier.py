"""The supplier side of a request/response exchange, sans-IO (the testbed intermediary runs it).

:meth:`Supplier.handle` takes the request bytes and returns the response bytes: remove the
transport encryption, check structure, dialog and signature, call the business ``handler``, then
sign and encrypt the answer for the client. Message-level errors become unencrypted SOAP faults
(9000, 91xx–95xx); request-level errors become a signed Feedback error of the right response type
(osci.md §11, §14.3).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from cryptography import x509
from lxml import etree

from osci import codes, crypto, ns
from osci.certs import Kind, Role, cert_id
from osci.dialog import DialogRequired, State, SupplierDialog, SupplierDialogs
from osci.envelope import SigningKey, serialize
from osci.errors import (
    ControlBlockError,
    DecryptionError,
    FeedbackError,
    NoMatchingKey,
    OsciError,
    SignatureError,
    StructureError,
    WeakAlgorithm,
)
from osci.keys import Decrypter, Signer
from osci.messages import PAYLOADS, Message, Payload
from osci.mime import MimeLimits, MimeWriter, PartHeaders, SpillFactory, parse_multipart
from osci.model import (
    NO_CERTIFICATES,
    CertificateEntry,
    Certificates,
    ChunkInformation,
    FeatureDescription,
    Feedback,
    FeedbackEntry,
)
from osci.types import RESPONSE_OF, MessageType
from osci.wire import (
    OutgoingPart,
    ReceivedMessage,
    attachment_digests,
    is_sealed,
    read_message,
    seal,
    unseal,
    write_message,
)

log = logging.getLogger(__name__)
T = MessageType


@dataclass(frozen=True)
class SupplierIdentity:
    cipher: Decrypter
    signature: Signer
    signature_algorithm: str = crypto.RSA_PSS_SHA256


@dataclass(frozen=True)
class Request:
    """What the business handler gets: a verified request and its dialog."""

    received: ReceivedMessage
    dialog: SupplierDialog
    client_cipher: x509.Certificate | None
    error: FeedbackError | None = None  # a request-level refusal found before the handler

    @property
    def message(self) -> Message:
        return self.received.message


@dataclass(frozen=True)
class Reply:
    payload: Payload
    certificates: Certificates = NO_CERTIFICATES
    parts: Sequence[OutgoingPart] = ()
    custom_headers: tuple[etree._Element, ...] = field(default=(), repr=False)


Handler = Callable[[Request], Reply]


@dataclass
class SupplierOptions:
    """Policy and fault-injection switches (the testbed exposes them)."""

    require_signature: Callable[[MessageType], bool] = lambda t: t is T.STORE_DELIVERY
    policy: crypto.Policy = crypto.DEFAULT_POLICY
    iv_length: int = crypto.GCM_IV
    encrypt_responses: bool = True
    feature_description: FeatureDescription | None = field(default_factory=FeatureDescription)
    limits: MimeLimits = field(default_factory=MimeLimits)
    # Fault injection: a hook that may alter the response bytes (tests only).
    tamper: Callable[[MessageType, bytes], bytes] | None = None
    wrong_challenge: bool = False


class Supplier:
    def __init__(
        self,
        identity: SupplierIdentity,
        handler: Handler,
        *,
        options: SupplierOptions | None = None,
        spill: SpillFactory | None = None,
    ) -> None:
        self.identity = identity
        self.handler = handler
        self.options = options or SupplierOptions()
        self.dialogs = SupplierDialogs()
        self._spill = spill
        self._client_ciphers: dict[str, x509.Certificate] = {}

    def handle(self, chunks: Iterable[bytes]) -> bytes:
        out = io.BytesIO()
        self.handle_into(chunks, out.write)
        return out.getvalue()

    def handle_into(self, chunks: Iterable[bytes], sink: Callable[[bytes], object]) -> None:
        try:
            request, sealed = self._receive(chunks)
        except OsciError as exc:
            code = _fault_code(exc)
            log.info("Request refused with SOAP fault %s: %s", code, exc)
            write_fault(sink, code, codes.describe(code))
            return
        except Exception:
            log.exception("Internal error while reading a request")
            write_fault(sink, "9000", codes.describe("9000"))
            return
        response_type = RESPONSE_OF[request.message.type]
        try:
            reply = self._check_and_handle(request)
        except FeedbackError as exc:
            reply = Reply(error_payload(response_type, exc.feedback_code, exc.text))
        except SignatureError as exc:
            code = exc.code or "9601"
            reply = Reply(error_payload(response_type, code, codes.describe(code)))
        except Exception:
            log.exception("Internal error while executing a %s", request.message.type.name)
            reply = Reply(error_payload(response_type, "9811", codes.describe("9811")))
        self._respond(request, reply, sealed, sink)

    # ------------------------------------------------------------ steps

    def _receive(self, chunks: Iterable[bytes]) -> tuple[Request, bool]:
        options = self.options
        outer = parse_multipart(chunks, spill=self._spill, limits=options.limits)
        sealed = is_sealed(outer)
        multipart = outer
        if sealed:
            multipart = unseal(
                outer,
                self.identity.cipher,
                spill=self._spill,
                policy=options.policy,
                limits=options.limits,
            )
        # Signature problems are request-level (Feedback 96xx, osci.md §11): verified later.
        received = read_message(
            multipart, require_signature=False, policy=options.policy, sealed=sealed, verify=False
        )
        message = received.message
        if message.type not in RESPONSE_OF:
            raise StructureError(element=message.type.name, reason="is not a request")
        try:
            dialog = self.dialogs.accept(message.type, message.control_block)
        except DialogRequired as exc:
            # Request-level (Feedback 9802): answer in a one-shot dialog of our own.
            dialog = SupplierDialog(
                self.dialogs.new_id(), explicit=False, state=State.IMPLICIT_SENT
            )
            return Request(received, dialog, self._client_cipher(message, dialog), exc), sealed
        client_cipher = self._client_cipher(message, dialog)
        if client_cipher is None and sealed and self.options.encrypt_responses:
            raise _ClientCipherMissing()
        return Request(received, dialog, client_cipher), sealed

    def _client_cipher(self, message: Message, dialog: SupplierDialog) -> x509.Certificate | None:
        """From the request, or remembered from InitDialog (later requests omit it, §16.3)."""
        client_cipher = message.certificates.get(Role.ORIGINATOR, Kind.CIPHER)
        if client_cipher is not None and dialog.explicit:
            self._client_ciphers[dialog.conversation_id] = client_cipher
        elif client_cipher is None:
            client_cipher = self._client_ciphers.get(dialog.conversation_id)
        return client_cipher

    def _check_and_handle(self, request: Request) -> Reply:
        from osci.envelope import verify_signature  # the full check, now at request level

        if request.error is not None:
            raise request.error
        received = request.received
        required = self.options.require_signature(request.message.type)
        attachments = received.attachments
        try:
            signature = verify_signature(
                received.parsed,
                attachment_digest=attachment_digests(attachments, self.options.policy),
                attachment_ids=list(attachments),
                required=required,
                complete=True,
                policy=self.options.policy,
            )
        except SignatureError:
            raise
        except OsciError as exc:
            # A broken signature element, a weak or unknown algorithm, an unusable signer
            # certificate: for the order, its signature is invalid (9601).
            raise SignatureError(reason=str(exc)) from exc
        if signature is not None:
            request = replace(request, received=replace(received, signature=signature))
        return self.handler(request)

    def _respond(
        self, request: Request, reply: Reply, sealed: bool, sink: Callable[[bytes], object]
    ) -> None:
        response_type = RESPONSE_OF[request.message.type]
        request_cb = request.message.control_block
        if request.error is not None and request_cb.sequence_number is None:
            request_cb = replace(request_cb, sequence_number=0)
        control = request.dialog.respond(request_cb, response_type)
        if self.options.wrong_challenge:
            control = replace(control, response="d3JvbmctY2hhbGxlbmdl")
        self.dialogs.finished(request.dialog)
        identity = self.identity
        intermediary = Certificates(
            (CertificateEntry(Role.INTERMEDIARY, Kind.SIGNATURE, identity.signature.certificate),)
        )
        message = Message(
            payload=reply.payload,
            control_block=control,
            certificates=reply.certificates,
            intermediary_certificates=intermediary,
            feature_description=self.options.feature_description,
            custom_headers=reply.custom_headers,
        )
        signing = SigningKey(
            signer=identity.signature,
            certificate_id=cert_id(
                Role.INTERMEDIARY, Kind.SIGNATURE, identity.signature.certificate
            ),
            algorithm=identity.signature_algorithm,
        )
        tamper = self.options.tamper

        def inner(write: Callable[[bytes], object]) -> None:
            if tamper is None:
                write_message(message, write, signing=signing, parts=reply.parts)
                return
            # Tampering acts on the signed inner message, before the transport encryption:
            # otherwise the client would only ever see a broken GCM tag, never a bad signature.
            buffer = io.BytesIO()
            write_message(message, buffer.write, signing=signing, parts=reply.parts)
            write(tamper(response_type, buffer.getvalue()))

        if sealed and self.options.encrypt_responses and request.client_cipher is not None:
            seal(inner, request.client_cipher, sink, iv_length=self.options.iv_length)
        else:
            inner(sink)


class _ClientCipherMissing(OsciError):
    code = "9500"

    def __init__(self) -> None:
        super().__init__("client cipher certificate missing", code="9500")


def _fault_code(exc: OsciError) -> str:
    if isinstance(exc, NoMatchingKey):
        return "9200"
    if isinstance(exc, DecryptionError):
        return "9202"
    if isinstance(exc, ControlBlockError):
        return "9400"
    if isinstance(exc, FeedbackError) and exc.feedback_code:
        return exc.feedback_code  # e.g. 9802 for a dialog-only request outside a dialog
    if isinstance(exc, WeakAlgorithm):
        return "9100"
    if isinstance(exc, StructureError):
        # A message of a known type that breaks its XSD rules: "not a valid order".
        return "9300"
    if exc.code and codes.is_fault(exc.code):
        return exc.code
    return "9100"


def error_payload(response_type: MessageType, code: str, text: str) -> Payload:
    """A response of ``response_type`` that carries only an error Feedback."""
    feedback = Feedback((FeedbackEntry(code, text),))
    cls = PAYLOADS[response_type]
    kwargs: dict[str, object] = {"feedback": feedback}
    if response_type is T.RESPONSE_TO_PROCESS_DELIVERY:
        kwargs["message_id"] = ""
    # The ChunkInformation attributes each partial response type requires (types.CHUNK_RULES).
    if response_type is T.RESPONSE_TO_PARTIAL_STORE_DELIVERY:
        kwargs["chunk"] = ChunkInformation(
            chunk_number=-1, total_chunk_numbers=0, received_chunks=()
        )
    if response_type is T.RESPONSE_TO_PARTIAL_FETCH_DELIVERY:
        kwargs["chunk"] = ChunkInformation(
            chunk_number=-1, total_chunk_numbers=0, total_message_size=0
        )
        kwargs["message_id"] = ""
    return cls(**kwargs)


def write_fault(sink: Callable[[bytes], object], code: str, text: str) -> None:
    """An unencrypted, unsigned SOAP fault in a one-part MIME message (osci.md §11)."""
    root = etree.Element(ns.q(ns.SOAP, "Envelope"), nsmap={"soap": ns.SOAP, "osci": ns.OSCI})
    body = etree.SubElement(root, ns.q(ns.SOAP, "Body"))
    fault = etree.SubElement(body, ns.q(ns.SOAP, "Fault"))
    side = "soap:Server" if code in ("9000", "9503") else "soap:Client"
    etree.SubElement(fault, "faultcode").text = side
    etree.SubElement(fault, "faultstring").text = text
    detail = etree.SubElement(fault, "detail")
    etree.SubElement(detail, ns.q(ns.OSCI, "Code")).text = code
    writer = MimeWriter(sink)
    writer.start()
    writer.write_part(PartHeaders("osci@message", "text/xml", "UTF-8", "8bit"), serialize(root))
    writer.close()
