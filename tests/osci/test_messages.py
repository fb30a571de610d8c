"""Every message type survives build → sign → encrypt → MIME → parse → verify → decrypt."""

from __future__ import annotations

from dataclasses import replace

import pytest
from lxml import etree

from osci import crypto, wire
from osci.certs import Role
from osci.dialog import check_shape
from osci.errors import StructureError
from osci.messages import Message, to_envelope
from osci.mime import parse_multipart
from osci.model import Certificates, ControlBlock, FeatureDescription
from osci.types import SPECS, MessageType, Occurs
from tests.osci import peers, samples
from tests.osci.samples import normal, sample
from tests.osci.schemas import validation_errors


def control_block_for(mtype: MessageType) -> ControlBlock:
    spec = SPECS[mtype]

    def pick(rule: Occurs, value: object) -> object:
        return None if rule is Occurs.PROHIBITED else value

    cb = ControlBlock(
        response=pick(spec.response, "cmVzcG9uc2UxMjM="),  # type: ignore[arg-type]
        challenge=pick(spec.challenge, "Y2hhbGxlbmdlMTI="),  # type: ignore[arg-type]
        conversation_id=pick(spec.conversation_id, "4711"),  # type: ignore[arg-type]
        sequence_number=pick(spec.sequence_number, 3),  # type: ignore[arg-type]
    )
    check_shape(mtype, cb)
    return cb


SIGNATURE_ONLY = {
    MessageType.EXIT_DIALOG,
    MessageType.FETCH_DELIVERY,
    MessageType.FETCH_PROCESS_CARD,
    MessageType.PARTIAL_FETCH_DELIVERY,
}
DELIVERIES = {MessageType.STORE_DELIVERY, MessageType.PARTIAL_STORE_DELIVERY}
PASSIVE = {MessageType.ACCEPT_DELIVERY, MessageType.PROCESS_DELIVERY}
PASSIVE_RESPONSES = {
    MessageType.RESPONSE_TO_ACCEPT_DELIVERY,
    MessageType.RESPONSE_TO_PROCESS_DELIVERY,
}


def roles_for(mtype: MessageType) -> tuple[peers.Party, Role, peers.Party]:
    """(signer, signer role, reader): in Accept/ProcessDelivery the intermediary is the client
    and the passive addressee answers (osci.md §3.1)."""
    client, intermediary, addressee = peers.client(), peers.intermediary(), peers.addressee()
    if mtype in PASSIVE:
        return intermediary, Role.INTERMEDIARY, addressee
    if mtype in PASSIVE_RESPONSES:
        return addressee, Role.ADDRESSEE, intermediary
    if SPECS[mtype].is_request:
        return client, Role.ORIGINATOR, intermediary
    return intermediary, Role.INTERMEDIARY, client


def message_for(mtype: MessageType) -> Message:
    return replace(_message_for(mtype), feature_description=FeatureDescription())


def _message_for(mtype: MessageType) -> Message:
    signer, role, _reader = roles_for(mtype)
    if role is Role.ORIGINATOR:
        entries = peers.originator_entries(signer)
        if mtype in SIGNATURE_ONLY:
            entries = entries[1:]
        if mtype in DELIVERIES:
            entries += peers.addressee_entries(peers.addressee())[:1]
        return Message(sample(mtype), control_block_for(mtype), certificates=Certificates(entries))
    if role is Role.ADDRESSEE:
        return Message(
            sample(mtype),
            control_block_for(mtype),
            certificates=Certificates(peers.addressee_entries(signer)[1:]),
        )
    return Message(
        sample(mtype),
        control_block_for(mtype),
        intermediary_certificates=Certificates(peers.intermediary_entries(signer)),
    )


@pytest.mark.parametrize("mtype", list(MessageType), ids=lambda t: t.name)
@pytest.mark.parametrize("iv_length", [12, 16])
@pytest.mark.parametrize(
    "algorithm", [crypto.RSA_PSS_SHA256, crypto.RSA_SHA256], ids=["pss", "pkcs1"]
)
def test_round_trip(mtype: MessageType, iv_length: int, algorithm: str) -> None:
    message = message_for(mtype)
    signer, role, reader = roles_for(mtype)
    parts = [wire.OutgoingPart.from_bytes("anlage 1.pdf", b"%PDF-1.7 " + bytes(range(256)) * 40)]
    body = wire.encode(
        message,
        signing=peers.signing(signer, role, algorithm),
        parts=parts,
        recipient=reader.cipher_cert,
        iv_length=iv_length,
    )
    assert b"MessageId" not in body  # the envelope hides usage data on the wire
    received = wire.decode(
        wire.iter_chunks(body, 1000),
        decrypter=reader.cipher,
        require_signature=True,
        require_encryption=True,
    )
    assert received.message.type is mtype
    assert normal(received.message.payload) == normal(message.payload)
    assert received.message.control_block == message.control_block
    assert received.signature is not None
    assert received.signature.report.ok
    assert received.signature.report.method == algorithm
    assert "cid:anlage 1.pdf" in received.signature.report.uris
    assert received.attachments["anlage 1.pdf"].body.read_bytes() == parts[0].open().read()


def test_subject_with_markup_is_escaped_and_read_back() -> None:
    message = message_for(MessageType.STORE_DELIVERY)
    body = wire.encode(message)
    assert b"Allgemeine Nachricht &amp; mehr" in body
    received = wire.decode(
        [body], decrypter=None, require_signature=False, require_encryption=False
    )
    assert received.message.payload.subject == "Allgemeine Nachricht & mehr"  # type: ignore[attr-defined]


def test_control_block_fields_the_type_forbids_are_refused() -> None:
    with pytest.raises(StructureError, match="SequenceNumber"):
        check_shape(MessageType.INIT_DIALOG, ControlBlock(challenge="x", sequence_number=0))
    with pytest.raises(StructureError, match="Challenge"):
        check_shape(
            MessageType.RESPONSE_TO_EXIT_DIALOG,
            ControlBlock(response="a", challenge="b", conversation_id="1", sequence_number=1),
        )


@pytest.mark.parametrize("mtype", list(MessageType), ids=lambda t: t.name)
def test_generated_messages_validate_against_the_official_xsds(mtype: MessageType) -> None:
    signer, role, _reader = roles_for(mtype)
    with samples.without_ocsp():
        root = to_envelope(message_for(mtype), signing=peers.signing(signer, role))
    assert validation_errors(root, SPECS[mtype].xsd) == []


def test_the_only_schema_deviation_is_ocsp_spelled_as_everyone_spells_it() -> None:
    # order.xsd names the element OSCP (a typo); the reference library and the real 2021 message
    # write OCSP, so we write OCSP and read both (decision 0102).
    signer, role, _reader = roles_for(MessageType.RESPONSE_TO_STORE_DELIVERY)
    root = to_envelope(
        message_for(MessageType.RESPONSE_TO_STORE_DELIVERY), signing=peers.signing(signer, role)
    )
    errors = validation_errors(root, SPECS[MessageType.RESPONSE_TO_STORE_DELIVERY].xsd)
    assert len(errors) == 1
    assert "OCSP': This element is not expected" in errors[0]


def test_the_transport_envelope_validates_against_its_xsd() -> None:
    body = wire.encode(
        message_for(MessageType.INIT_DIALOG), recipient=peers.intermediary().cipher_cert
    )
    outer = parse_multipart([body])
    document = etree.fromstring(outer.root.body.read_bytes())
    assert validation_errors(document, "soapMessageEncrypted.xsd") == []
