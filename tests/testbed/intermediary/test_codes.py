"""Every fault and feedback code the intermediary produces, triggered over real HTTP and seen by
the client side (ClientSession + http_exchange + HttpTransport) as a typed error with the code.

The chunking codes (99xx, 3950) are in test_chunks.py, 3800/3801/9803/9804 also in
test_delivery.py.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

import pytest
import requests
from lxml import etree

from osci import ns
from osci.certs import Kind, Role
from osci.dialog import ClientDialog, State, new_challenge
from osci.errors import (
    ControlBlockError,
    FeedbackError,
    HttpStatusError,
    SignatureError,
    SoapFault,
    TransportTimeout,
    UnencryptedResponse,
)
from osci.keys import Pkcs12Identity
from osci.messages import ContentPackage, ForwardDelivery, GetMessageId, StoreDelivery
from osci.mime import MimeWriter, PartHeaders, parse_multipart
from osci.model import CertificateEntry, ControlBlock
from osci.transport.session import ClientSession
from osci.types import MessageType
from osci.wire import decode, seal, unseal
from testbed.pki import TestPki
from tests.testbed.intermediary.conftest import (
    RECIPIENT,
    SENDER,
    Running,
    Spill,
    admin_get,
    prepare,
    running_intermediary,
)

Writer = Callable[[Callable[[bytes], object]], None]


# ---------------------------------------------------------------------- helpers


def rewrite(
    session: ClientSession,
    pki: TestPki,
    change: Callable[[bytes, list[tuple[str, bytes]]], tuple[bytes, list[tuple[str, bytes]]]],
) -> None:
    """Let ``change`` alter the next requests' inner message (XML and attachments) on the wire,
    as a broken or malicious client would send them; the session still reads the answer."""
    original = session.exchange
    intermediary = Pkcs12Identity(pki.intermediary_cipher.key, pki.intermediary_cipher.certificate)

    def exchange(write_request: Writer) -> Iterable[bytes]:
        buffer = io.BytesIO()
        write_request(buffer.write)
        inner = unseal(parse_multipart([buffer.getvalue()]), intermediary)
        xml = inner.root.body.read_bytes()
        parts = [(p.content_id, p.body.read_bytes()) for p in inner.parts[1:]]
        xml, parts = change(xml, parts)

        def write_inner(sink: Callable[[bytes], object]) -> None:
            writer = MimeWriter(sink)
            writer.start()
            writer.write_part(PartHeaders("osci@message", "text/xml", "UTF-8", "8bit"), xml)
            for content_id, data in parts:
                headers = PartHeaders(content_id, "application/octet-stream", None, "binary")
                writer.write_part(headers, data)
            writer.close()

        out = io.BytesIO()
        seal(write_inner, pki.intermediary_cipher.certificate, out.write)
        return original(_writing(out.getvalue()))

    session.exchange = exchange


def raw_body(session: ClientSession, change: Callable[[bytes], bytes]) -> None:
    """Let ``change`` alter the next requests' HTTP body (the sealed message) as sent."""
    original = session.exchange

    def exchange(write_request: Writer) -> Iterable[bytes]:
        buffer = io.BytesIO()
        write_request(buffer.write)
        return original(_writing(change(buffer.getvalue())))

    session.exchange = exchange


def _writing(data: bytes) -> Writer:
    def write(sink: Callable[[bytes], object]) -> None:
        sink(data)

    return write


def store(running: Running, session: ClientSession, message_id: str | None = None) -> Any:
    addressee = running.pki.credential(RECIPIENT).certificate
    prepared = prepare(addressee, [("a.pdf", b"%PDF-1.7")], running.spill)
    return session.store_delivery(
        message_id=session.get_message_id() if message_id is None else message_id,
        subject="Allgemeine Nachricht",
        content=prepared.package,
        addressee_cipher=addressee,
        readers=[addressee],
        parts=prepared.parts,
    )


def fault_code(error: pytest.ExceptionInfo[SoapFault]) -> str | None:
    return error.value.osci_code


# ---------------------------------------------------------------------- SOAP faults


def test_9100_not_an_osci_message(intermediary: Running) -> None:
    session = intermediary.session(SENDER)
    raw_body(session, lambda body: b"this is no MIME message")
    with pytest.raises(SoapFault) as fault:
        session.get_message_id()
    assert fault_code(fault) == "9100"
    assert fault.value.fault_code == "soap:Client"


def test_9200_encrypted_for_another_certificate(intermediary: Running) -> None:
    session = intermediary.session(SENDER)
    session.intermediary_cipher = intermediary.pki.credential(RECIPIENT).certificate
    with pytest.raises(SoapFault) as fault:
        session.get_message_id()
    assert fault_code(fault) == "9200"


def test_9202_request_cannot_be_decrypted(intermediary: Running) -> None:
    def break_tag(body: bytes) -> bytes:
        end = body.rfind(b"\r\n--")  # the closing delimiter follows the GCM tag
        return body[: end - 3] + bytes([body[end - 3] ^ 0xFF]) + body[end - 2 :]

    session = intermediary.session(SENDER)
    raw_body(session, break_tag)
    with pytest.raises(SoapFault) as fault:
        session.get_message_id()
    assert fault_code(fault) == "9202"


def test_9400_wrong_response_in_the_control_block(intermediary: Running) -> None:
    session = intermediary.session(RECIPIENT)
    session.init_dialog()
    session.dialog.supplier_challenge = new_challenge()  # not the challenge the supplier sent
    with pytest.raises(SoapFault) as fault:
        session.fetch_process_cards()
    assert fault_code(fault) == "9400"
    assert session.dialog.state is State.IDLE


def test_9500_no_client_cipher_certificate(intermediary: Running) -> None:
    session = intermediary.session(SENDER)
    signature_only = [CertificateEntry(Role.ORIGINATOR, Kind.SIGNATURE, session.signer.certificate)]
    with pytest.raises(SoapFault) as fault:
        session.send(GetMessageId(), certificates=signature_only)
    assert fault_code(fault) == "9500"


@pytest.mark.parametrize(("code", "side"), [("9000", "soap:Server"), ("9503", "soap:Server")])
def test_forced_soap_faults(intermediary: Running, code: str, side: str) -> None:
    intermediary.faults(fault_code=code, count=1)
    session = intermediary.session(SENDER)
    with pytest.raises(SoapFault) as fault:
        session.get_message_id()
    assert fault_code(fault) == code
    assert fault.value.fault_code == side
    assert session.get_message_id().startswith("govapp_")  # count=1: switched itself off


# ---------------------------------------------------------------------- signatures (96xx)


def _without_signature(xml: bytes, parts: list[tuple[str, bytes]]) -> Any:
    root = etree.fromstring(xml)
    for block in root.iter(ns.q(ns.OSCI, "ClientSignature")):
        parent = block.getparent()
        assert parent is not None
        parent.remove(block)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8"), parts


def _bad_signature_value(xml: bytes, parts: list[tuple[str, bytes]]) -> Any:
    start = xml.index(b">", xml.index(b"SignatureValue")) + 1
    flipped = b"B" if xml[start : start + 1] == b"A" else b"A"
    return xml[:start] + flipped + xml[start + 1 :], parts


def _extra_attachment(xml: bytes, parts: list[tuple[str, bytes]]) -> Any:
    return xml, [*parts, ("unsigned-extra", b"not covered by the signature")]


@pytest.mark.parametrize(
    ("change", "code"),
    [(_without_signature, "9600"), (_bad_signature_value, "9601"), (_extra_attachment, "9602")],
)
def test_client_signature_codes(intermediary: Running, change: Any, code: str) -> None:
    session = intermediary.session(SENDER)
    message_id = session.get_message_id()
    rewrite(session, intermediary.pki, change)
    with pytest.raises(FeedbackError) as refused:
        store(intermediary, session, message_id)
    assert refused.value.code == code


# ---------------------------------------------------------------------- certificates


def test_9701_revoked_vhn_refused(intermediary: Running) -> None:
    session = intermediary.session(RECIPIENT, signer="widerrufen-vhn")
    with pytest.raises(FeedbackError) as refused:
        store(intermediary, session)
    assert refused.value.code == "9701"


def test_9707_revoked_addressee_refused(intermediary: Running) -> None:
    with pytest.raises(FeedbackError) as refused:
        intermediary.send(to="test-widerrufen")
    assert refused.value.code == "9707"


def test_3700_expired_vhn_is_a_warning(intermediary: Running) -> None:
    _, stored = intermediary.send(sender=RECIPIENT, to=SENDER, signer="abgelaufen-vhn")
    assert stored.feedback.codes == ("0800", "3700")


def test_3705_expired_addressee_is_a_warning(intermediary: Running) -> None:
    _, stored = intermediary.send(to="test-abgelaufen")
    assert stored.feedback.codes == ("0800", "3705", "3706")  # addressee, repeated as reader
    card = stored.payload.process_card  # type: ignore[attr-defined]
    assert any(i.offline.value == "invalid" for i in card.inspections)


def test_3500_expired_originator_cipher_is_a_warning(intermediary: Running) -> None:
    # The expired mailbox signs with its own (equally expired) key: 3500 and 3700.
    _, stored = intermediary.send(sender="test-abgelaufen")
    assert set(stored.feedback.codes) == {"0800", "3500", "3700"}


@pytest.mark.parametrize(
    ("role", "kind", "label", "codes"),
    [
        (Role.READER, Kind.CIPHER, "test-widerrufen", "9709"),
        (Role.AUTHOR, Kind.CIPHER, "test-widerrufen", "9705"),
        (Role.AUTHOR, Kind.CIPHER, "test-abgelaufen", "0800 3704"),
        (Role.AUTHOR, Kind.SIGNATURE, "abgelaufen-vhn", "0800 3701"),
        (Role.AUTHOR, Kind.SIGNATURE, "widerrufen-vhn", "0800 3703"),
    ],
)
def test_reader_and_author_certificates_are_inspected(
    intermediary: Running, role: Role, kind: Kind, label: str, codes: str
) -> None:
    session = intermediary.session(SENDER)
    addressee = intermediary.pki.credential(RECIPIENT).certificate
    prepared = prepare(addressee, [("a.pdf", b"%PDF-1.7")], intermediary.spill)
    entries = [
        CertificateEntry(Role.ORIGINATOR, Kind.CIPHER, session.cipher.certificate),
        CertificateEntry(Role.ADDRESSEE, Kind.CIPHER, addressee),
        CertificateEntry(role, kind, intermediary.pki.credential(label).certificate, 0),
        CertificateEntry(Role.ORIGINATOR, Kind.SIGNATURE, session.signer.certificate),
    ]
    payload = StoreDelivery(
        message_id=session.get_message_id(), content=prepared.package, subject=None
    )
    if codes.startswith("9"):
        with pytest.raises(FeedbackError) as refused:
            session.send(payload, certificates=entries, parts=prepared.parts)
        assert refused.value.code == codes
    else:
        stored = session.send(payload, certificates=entries, parts=prepared.parts)
        assert stored.feedback.codes == tuple(codes.split())


# ---------------------------------------------------------------------- orders (98xx)


def test_9800_store_without_message_id(intermediary: Running) -> None:
    session = intermediary.session(SENDER)
    with pytest.raises(FeedbackError) as refused:
        store(intermediary, session, message_id="")
    assert refused.value.code == "9800"


def test_9801_message_id_not_issued_or_used_twice(intermediary: Running) -> None:
    session = intermediary.session(SENDER)
    with pytest.raises(FeedbackError) as unknown:
        store(intermediary, session, message_id="govapp_" + "1" * 37)
    assert unknown.value.code == "9801"
    message_id = session.get_message_id()
    store(intermediary, session, message_id)
    with pytest.raises(FeedbackError) as twice:
        store(intermediary, session, message_id)
    assert twice.value.code == "9801"


class _OutsideADialog(ClientDialog):
    """A client that sends dialog-only requests in an implicit exchange (a buggy client)."""

    def request(self, mtype: MessageType) -> ControlBlock:
        control = ControlBlock(challenge=new_challenge(), sequence_number=0)
        self.state, self.last_challenge, self.pending = (
            State.IMPLICIT_SENT,
            control.challenge,
            mtype,
        )
        return control


def test_9802_fetch_outside_an_explicit_dialog(intermediary: Running) -> None:
    # FetchDelivery may carry only the signature certificate (XSD), so outside a dialog the
    # supplier knows no cipher certificate to encrypt for: it answers signed, unencrypted.
    session = intermediary.session(RECIPIENT)
    session.dialog = _OutsideADialog()
    captured: list[bytes] = []
    original = session.exchange

    def keep(write_request: Writer) -> Iterable[bytes]:
        body = b"".join(original(write_request))
        captured.append(body)
        return [body]

    session.exchange = keep
    with pytest.raises(UnencryptedResponse):
        session.fetch_delivery()
    answer = decode(
        captured, decrypter=session.cipher, require_signature=True, require_encryption=False
    )
    assert answer.signature is not None
    feedback = answer.message.payload.feedback  # type: ignore[attr-defined]
    assert feedback.codes == ("9802",)


def test_9803_and_9804_on_an_empty_mailbox(intermediary: Running) -> None:
    session = intermediary.session(RECIPIENT)
    session.init_dialog()
    with pytest.raises(FeedbackError) as no_delivery:
        session.fetch_delivery()
    assert no_delivery.value.code == "9803"
    with pytest.raises(FeedbackError) as no_card:
        session.fetch_process_cards()
    assert no_card.value.code == "9804"
    assert session.exit_dialog().feedback.codes == ("0800",)


def test_9809_no_passive_recipients(intermediary: Running) -> None:
    session = intermediary.session(SENDER)
    message_id = session.get_message_id()
    forward = ForwardDelivery(
        content_receiver="http://127.0.0.1:9/passive",
        message_id=message_id,
        content=ContentPackage(),
    )
    with pytest.raises(FeedbackError) as refused:
        session.send(forward)
    assert refused.value.code == "9809"


def test_forced_feedback_code(intermediary: Running) -> None:
    intermediary.faults(feedback_code="9811", on=["GET_MESSAGE_ID"], count=1)
    session = intermediary.session(SENDER)
    with pytest.raises(FeedbackError) as refused:
        session.get_message_id()
    assert refused.value.code == "9811"
    assert admin_get(intermediary)["count"] == 0


# ---------------------------------------------------------------------- response faults


def test_wrong_challenge_is_9400_on_the_client(intermediary: Running) -> None:
    intermediary.faults(wrong_challenge=True, count=1)
    session = intermediary.session(RECIPIENT)
    with pytest.raises(ControlBlockError) as error:
        session.init_dialog()
    assert error.value.code == "9400"


def test_tampered_supplier_signature_is_9601_on_the_client(intermediary: Running) -> None:
    intermediary.faults(tamper_signature=True, count=1)
    session = intermediary.session(SENDER)
    with pytest.raises(SignatureError) as error:
        session.get_message_id()
    assert error.value.code == "9601"


def test_unencrypted_response_is_refused_by_the_client(intermediary: Running) -> None:
    intermediary.faults(unencrypted=True, count=1)
    session = intermediary.session(SENDER)
    with pytest.raises(UnencryptedResponse):
        session.get_message_id()


def test_legacy_16_byte_iv_is_understood(intermediary: Running) -> None:
    intermediary.faults(legacy_iv=True, count=1)
    session = intermediary.session(SENDER)
    exchanged = session.send(GetMessageId())
    envelope = exchanged.response.read(4096)
    assert b"IvLength" not in envelope
    assert exchanged.payload.message_id.startswith("govapp_")  # type: ignore[attr-defined]
    normal = session.send(GetMessageId())
    assert b"IvLength" in normal.response.read(4096)


def test_slow_response_times_out(intermediary: Running) -> None:
    intermediary.faults(slow_seconds=1.0, count=1)
    session = intermediary.session(SENDER, read_timeout=0.3)
    with pytest.raises(TransportTimeout):
        session.get_message_id()


def test_request_above_the_limit_is_http_413(pki: TestPki, tmp_path: Any, spill: Spill) -> None:
    with running_intermediary(pki, tmp_path / "small", spill, max_request_bytes=64 * 1024) as small:
        with pytest.raises(HttpStatusError) as refused:
            small.send(files=[("gross.pdf", b"x" * 200_000)])
        assert refused.value.status == 413


def test_admin_endpoint_reads_sets_and_clears_switches(intermediary: Running) -> None:
    assert admin_get(intermediary)["fault_code"] is None
    intermediary.faults(slow_seconds=0.1, on=["FETCH_DELIVERY"])
    assert admin_get(intermediary)["on"] == ["FETCH_DELIVERY"]
    bad = requests.post(intermediary.server.admin_url, json={"fault_code": "1234"}, timeout=5)
    assert bad.status_code == 400
    unknown = requests.post(intermediary.server.admin_url, json={"explode": True}, timeout=5)
    assert unknown.status_code == 400
    requests.delete(intermediary.server.admin_url, timeout=5).raise_for_status()
    assert admin_get(intermediary)["on"] == []
