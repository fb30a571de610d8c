"""A full client dialog against an in-memory supplier: send, fetch, process cards, errors."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

import pytest

from osci import content, crypto, xenc
from osci.certs import Kind, Role, cert_id
from osci.delivery import PlainAttachment, prepare_content
from osci.dialog import ClientDialog, State
from osci.errors import ControlBlockError, FeedbackError, SoapFault
from osci.messages import (
    ContentPackage,
    ExitDialog,
    FetchDelivery,
    FetchProcessCard,
    GetMessageId,
    InitDialog,
    ResponseToExitDialog,
    ResponseToFetchDelivery,
    ResponseToFetchProcessCard,
    ResponseToGetMessageId,
    ResponseToInitDialog,
    ResponseToStoreDelivery,
    StoreDelivery,
)
from osci.model import (
    CertificateEntry,
    Certificates,
    Content,
    ContentContainer,
    Feedback,
    FeedbackEntry,
    ProcessCard,
    ProcessCardBundle,
    Timestamp,
)
from osci.supplier import Reply, Request, Supplier, SupplierIdentity, SupplierOptions
from osci.transport.session import ClientSession, in_memory
from tests.osci import peers

NOW = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)


def ok(code: str) -> Feedback:
    return Feedback((FeedbackEntry(code, "ok"),))


@dataclass
class Stored:
    message_id: str
    subject: str | None
    package: ContentPackage
    certificates: Certificates
    parts: dict[str, bytes]
    card: ProcessCard


@dataclass
class ToyMailbox:
    """Just enough intermediary to drive the client (the real one lives in testbed)."""

    issued: set[str] = field(default_factory=set)
    stored: list[Stored] = field(default_factory=list)

    def __call__(self, request: Request) -> Reply:
        payload = request.message.payload
        explicit = request.dialog.explicit
        done = ok("0801" if explicit else "0800")
        if isinstance(payload, InitDialog):
            return Reply(ResponseToInitDialog(ok("0801")))
        if isinstance(payload, ExitDialog):
            return Reply(ResponseToExitDialog(ok("0800")))
        if isinstance(payload, GetMessageId):
            message_id = f"govapp_{len(self.issued) + 1:037d}"
            self.issued.add(message_id)
            return Reply(ResponseToGetMessageId(done, message_id))
        if isinstance(payload, StoreDelivery):
            if payload.message_id not in self.issued:
                raise FeedbackError(feedback_code="9801", text="unzulässige MessageId")
            self.issued.discard(payload.message_id)
            card = ProcessCard(NOW, creation=Timestamp(plain=NOW), subject=payload.subject)
            parts = {cid: p.body.read_bytes() for cid, p in request.received.attachments.items()}
            self.stored.append(
                Stored(
                    payload.message_id,
                    payload.subject,
                    payload.content,
                    request.message.certificates,
                    parts,
                    card,
                )
            )
            return Reply(ResponseToStoreDelivery(done, ProcessCardBundle(payload.message_id, card)))
        if isinstance(payload, FetchDelivery):
            if not self.stored:
                raise FeedbackError(feedback_code="9803", text="keine Zustellung")
            item = self.stored.pop(0)
            card = ProcessCard(
                NOW,
                creation=Timestamp(plain=NOW),
                forwarding=Timestamp(plain=NOW),
                subject=item.subject,
            )
            return Reply(
                ResponseToFetchDelivery(
                    done, payload.selection, ProcessCardBundle(item.message_id, card), item.package
                ),
                certificates=item.certificates,
                parts=[_part(cid, data) for cid, data in item.parts.items()],
            )
        if isinstance(payload, FetchProcessCard):
            return Reply(ResponseToFetchProcessCard(done, payload.selection))
        raise AssertionError(payload)


def _part(cid: str, data: bytes):  # type: ignore[no-untyped-def]
    from osci.wire import OutgoingPart

    return OutgoingPart.from_bytes(cid, data)


def supplier(options: SupplierOptions | None = None) -> tuple[Supplier, ToyMailbox]:
    mailbox = ToyMailbox()
    party = peers.intermediary()
    return Supplier(
        SupplierIdentity(party.cipher, party.signature), mailbox, options=options
    ), mailbox


def session(sup: Supplier, who: peers.Party) -> ClientSession:
    party = peers.intermediary()
    return ClientSession(
        exchange=in_memory(sup),
        cipher=who.cipher,
        signer=who.signature,
        intermediary_cipher=party.cipher_cert,
        intermediary_signature=party.signature_cert,
    )


def test_send_then_fetch_delivers_the_documents_byte_for_byte() -> None:
    sup, _mailbox = supplier()
    sender, recipient = peers.client(), peers.addressee()
    document = b"%PDF-1.7\n" + bytes(range(256)) * 300
    readers = [
        xenc.Reader(
            recipient.cipher_cert, cert_id(Role.ADDRESSEE, Kind.CIPHER, recipient.cipher_cert)
        ),
        xenc.Reader(
            recipient.cipher_cert, cert_id(Role.READER, Kind.CIPHER, recipient.cipher_cert, 0)
        ),
    ]
    prepared = prepare_content(
        [ContentContainer("project_coco", (Content(id="klage.pdf", href="klage.pdf"),))],
        [PlainAttachment("project_coco", "klage.pdf", lambda: io.BytesIO(document))],
        readers,
        spill=io.BytesIO,
    )
    client = session(sup, sender)
    message_id = client.get_message_id()
    assert client.dialog.state is State.IDLE  # implicit dialogs end with their response
    stored = client.store_delivery(
        message_id=message_id,
        subject="Allgemeine Nachricht",
        content=prepared.package,
        addressee_cipher=recipient.cipher_cert,
        readers=[recipient.cipher_cert],
        parts=prepared.parts,
    )
    card = stored.payload.process_card  # type: ignore[attr-defined]
    assert card.message_id == message_id
    assert card.process_card.creation.plain == NOW

    fetcher = session(sup, recipient)
    fetcher.init_dialog()
    fetched = fetcher.fetch_delivery()
    response = fetched.payload
    assert isinstance(response, ResponseToFetchDelivery)
    assert response.process_card is not None
    assert response.process_card.process_card.forwarding is not None
    received = fetched.received
    by_id = {
        cert_id(e.role, e.kind, e.certificate, e.index): e.certificate
        for e in received.message.certificates.entries
    }
    assert response.content is not None
    opened = content.open_package(response.content, recipient.cipher, certificates_by_id=by_id)
    key = opened[0].container.attachment_keys[0]
    out = io.BytesIO()
    content.decrypt_attachment(key, received.attachments["klage.pdf"].body.open(), out.write)
    assert out.getvalue() == document
    with pytest.raises(FeedbackError) as empty:
        fetcher.fetch_delivery()
    assert empty.value.code == "9803"
    fetcher.exit_dialog()
    assert fetcher.dialog.state is State.IDLE


def test_a_message_id_is_usable_once() -> None:
    sup, _ = supplier()
    recipient = peers.addressee()
    client = session(sup, peers.client())
    message_id = client.get_message_id()

    def store() -> None:
        client.store_delivery(
            message_id=message_id,
            subject=None,
            content=ContentPackage(),
            addressee_cipher=recipient.cipher_cert,
        )

    store()
    with pytest.raises(FeedbackError) as again:
        store()
    assert again.value.code == "9801"


def test_fetch_outside_a_dialog_is_refused_by_the_client_table() -> None:
    from osci.errors import DialogStateError

    sup, _ = supplier()
    client = session(sup, peers.client())
    with pytest.raises(DialogStateError):
        client.fetch_delivery()


def test_a_wrong_challenge_in_the_response_is_9400() -> None:
    sup, _ = supplier(SupplierOptions(wrong_challenge=True))
    client = session(sup, peers.client())
    with pytest.raises(ControlBlockError) as error:
        client.init_dialog()
    assert error.value.code == "9400"
    assert client.dialog.state is State.IDLE  # abandoned, ready to start over


def test_a_request_for_a_stranger_intermediary_gets_a_9200_fault() -> None:
    sup, _ = supplier()
    client = session(sup, peers.client())
    client.intermediary_cipher = peers.addressee().cipher_cert  # we encrypt for someone else
    with pytest.raises(SoapFault) as fault:
        client.init_dialog()
    assert fault.value.osci_code == "9200"


def test_an_unsigned_store_delivery_gets_9600() -> None:
    sup, _ = supplier()
    recipient = peers.addressee()
    client = session(sup, peers.client())
    message_id = client.get_message_id()

    # Send StoreDelivery without ClientSignature by writing the message ourselves.
    from osci import wire
    from osci.messages import Message

    control = client.dialog.request(StoreDelivery.TYPE)
    message = Message(
        StoreDelivery(message_id, ContentPackage()),
        control,
        certificates=Certificates(
            (
                CertificateEntry(Role.ORIGINATOR, Kind.CIPHER, peers.client().cipher_cert),
                CertificateEntry(Role.ADDRESSEE, Kind.CIPHER, recipient.cipher_cert),
            )
        ),
    )
    body = wire.encode(message, recipient=peers.intermediary().cipher_cert)
    answer = wire.decode(
        [sup.handle([body])],
        decrypter=peers.client().cipher,
        require_signature=True,
        require_encryption=True,
    )
    feedback = answer.message.payload.feedback  # type: ignore[attr-defined]
    assert feedback.codes == ("9600",)


def test_the_supplier_signature_is_pinned_to_the_configured_certificate() -> None:
    from osci.errors import CertificateError

    sup, _ = supplier()
    client = session(sup, peers.client())
    client.intermediary_signature = peers.addressee().signature_cert
    with pytest.raises(CertificateError):
        client.init_dialog()


@pytest.mark.parametrize("algorithm", [crypto.RSA_PSS_SHA256, crypto.RSA_SHA256])
def test_both_signature_schemes_are_accepted(algorithm: str) -> None:
    sup, _ = supplier()
    client = session(sup, peers.client())
    client.signature_algorithm = algorithm
    assert client.get_message_id().startswith("govapp_")


def test_a_message_that_breaks_its_type_rules_is_answered_with_fault_9300() -> None:
    import re

    from osci import wire
    from osci.messages import GetMessageId, Message

    sup, _ = supplier()
    message = Message(GetMessageId(), ClientDialog().request(GetMessageId.TYPE))
    body = wire.encode(message)
    # Drop the required DesiredLanguages block: still OSCI, no longer a valid order.
    broken = re.sub(
        rb"<osci:DesiredLanguages[^>]*/>|<osci:DesiredLanguages.*?</osci:DesiredLanguages>",
        b"",
        body,
        count=1,
    )
    assert broken != body
    with pytest.raises(SoapFault) as fault:
        wire.decode(
            [sup.handle([broken])],
            decrypter=None,
            require_signature=False,
            require_encryption=False,
        )
    assert fault.value.osci_code == "9300"
