"""Fuzzing the message parsers: random and mutated input gives typed errors, never crashes or hangs.

Inputs are real messages (one signed message per type from tests/osci/samples, some sealed) with
bytes flipped, inserted, deleted or duplicated, plus random bytes. Targets: ``wire.decode``,
``envelope.parse`` (with the model decoding and signature check behind it), ``Supplier.handle``
(which must always answer with a SOAP fault or a response) and ``content.open_package``. The MIME
reader itself is fuzzed in test_mime.py.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import io
import logging
import re
from collections.abc import Iterator
from dataclasses import replace

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from osci import certs, content, envelope, messages, ns, wire, xenc
from osci.certs import Kind, Role, cert_id
from osci.delivery import PlainAttachment, prepare_content
from osci.dialog import ClientDialog
from osci.errors import CertificateError, DialogStateError, OsciError, SoapFault, StructureError
from osci.messages import ContentPackage, Message
from osci.mime import PartHeaders, parse_multipart, write_multipart
from osci.model import Content, ContentContainer
from osci.supplier import Reply, Request, Supplier, SupplierIdentity, error_payload
from osci.types import RESPONSE_OF, SPECS, MessageType
from osci.xml import parse_xml
from tests.osci import peers
from tests.osci.test_messages import message_for, roles_for

FUZZ = settings(
    max_examples=200,
    deadline=5000,  # generous per example; a hang would blow it by orders of magnitude
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ATTACHMENT = b"%PDF-1.7 " + bytes(range(256)) * 4

# Tokens that move a parser into other states than random bytes do.
TOKENS = [
    b"<", b">", b"/>", b'"', b"'", b"=", b"&", b"&amp;", b"&#0;", b"&#x110000;", b"]]>",
    b"<!--", b"<![CDATA[", b"<?xml version='1.0'?>", b"<!DOCTYPE a [<!ENTITY e 'x'>]>&e;",
    b' Id="body"', b' Id="controlblock"', b' xmlns:x="urn:x"', b"</soap:Header>",
    b"<osci:Content href='cid:x'/>", b"cid:", b"#", b"\r\n", b"\r\n--", b"\r\n\r\n", b"\x00",
    b"\xff\xfe", b"\xc3", b"99999999999999999999999", b"-1", b"0", b"====", b"AAAA",
    b' SequenceNumber="x"', b"2026-13-45T99:99:99", b"Content-Transfer-Encoding: base64\r\n",
]  # fmt: skip

Mutation = tuple[str, int, bytes]
mutations = st.lists(
    st.tuples(
        # "@": at a markup character rather than anywhere (most bytes are base64 certificates).
        st.sampled_from(["flip", "insert", "delete", "duplicate", "insert@", "delete@", "flip@"]),
        st.integers(min_value=0, max_value=2**31),
        st.sampled_from(TOKENS) | st.binary(min_size=1, max_size=16),
    ),
    min_size=1,
    max_size=6,
)


_MARKUP = re.compile(rb'[<>"=&]')


def mutate(data: bytes, ops: list[Mutation]) -> bytes:
    out = bytearray(data)
    for operation, where, payload in ops:
        kind = operation.rstrip("@")
        position = where % (len(out) + 1)
        if operation.endswith("@"):
            marks = [m.start() for m in _MARKUP.finditer(out)]
            position = marks[where % len(marks)] if marks else position
        if kind == "flip" and position < len(out):
            out[position] ^= payload[0] or 0x20
        elif kind == "insert":
            out[position:position] = payload
        elif kind == "delete":
            del out[position : position + len(payload)]
        elif kind == "duplicate":
            size = 1 + payload[0] * 4
            out[position:position] = out[position : position + size]
    return bytes(out)


@contextlib.contextmanager
def no_warning_logs() -> Iterator[None]:
    """Fail the example (so Hypothesis can shrink it) when osci logs a warning or an error."""
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Collect(level=logging.WARNING)
    logger = logging.getLogger("osci")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    assert not records, [r.getMessage() for r in records]


# ---------------------------------------------------------------- the corpus


@functools.cache
def unsealed() -> tuple[bytes, ...]:
    """Per type: a signed message with an attachment and an unsigned one (whose model decoding a
    mutation reaches without first breaking a digest)."""
    bodies = []
    for mtype in MessageType:
        signer, role, _reader = roles_for(mtype)
        bodies.append(
            wire.encode(
                message_for(mtype),
                signing=peers.signing(signer, role),
                parts=[wire.OutgoingPart.from_bytes("anlage 1.pdf", ATTACHMENT)],
            )
        )
        bodies.append(wire.encode(message_for(mtype)))
    return tuple(bodies)


@functools.cache
def sealed() -> tuple[bytes, ...]:
    bodies = []
    for mtype, iv_length in (
        (MessageType.STORE_DELIVERY, 12),
        (MessageType.RESPONSE_TO_FETCH_DELIVERY, 16),
    ):
        signer, role, reader = roles_for(mtype)
        bodies.append(
            wire.encode(
                message_for(mtype),
                signing=peers.signing(signer, role),
                recipient=reader.cipher_cert,
                iv_length=iv_length,
            )
        )
    return tuple(bodies)


def _request_control_block(mtype: MessageType) -> Message:
    """A request the supplier will take past its dialog check (implicit dialog or InitDialog)."""
    message = message_for(mtype)
    with contextlib.suppress(DialogStateError):
        return replace(message, control_block=ClientDialog().request(mtype))
    return message  # explicit-dialog types: the supplier answers 9802 / 9400


@functools.cache
def requests() -> tuple[tuple[bytes, bool], ...]:
    """Requests as a client sends them: (body, sealed)."""
    out = []
    client, intermediary = peers.client(), peers.intermediary()
    for mtype in RESPONSE_OF:
        if mtype in (MessageType.ACCEPT_DELIVERY, MessageType.PROCESS_DELIVERY):
            continue  # the intermediary sends those; a supplier of ours never receives them
        message = _request_control_block(mtype)
        signing = peers.signing(client, Role.ORIGINATOR)
        parts = [wire.OutgoingPart.from_bytes("anlage 1.pdf", ATTACHMENT)]
        out.append((wire.encode(message, signing=signing, parts=parts), False))
        if mtype in (MessageType.STORE_DELIVERY, MessageType.INIT_DIALOG):
            body = wire.encode(
                message, signing=signing, parts=parts, recipient=intermediary.cipher_cert
            )
            out.append((body, True))
    return tuple(out)


corpus = st.sampled_from(range(2 * len(MessageType)))


# ---------------------------------------------------------------- wire.decode


def _decode(body: bytes, *, require_signature: bool) -> None:
    with contextlib.suppress(OsciError):
        wire.decode(
            wire.iter_chunks(body, 4096),
            decrypter=None,
            require_signature=require_signature,
            require_encryption=False,
        )


@FUZZ
@given(st.binary(max_size=4096))
def test_decode_of_random_bytes_raises_only_osci_errors(data: bytes) -> None:
    _decode(data, require_signature=False)


@FUZZ
@given(st.binary(max_size=2048) | st.sampled_from(TOKENS))
def test_decode_of_random_xml_part_raises_only_osci_errors(data: bytes) -> None:
    body = write_multipart(
        [(PartHeaders(wire.ROOT_ID, "text/xml", "UTF-8", "8bit"), b"<?xml version='1.0'?>" + data)]
    )
    _decode(body, require_signature=False)


@FUZZ
@given(corpus, mutations, st.booleans())
def test_decode_of_mutated_messages_raises_only_osci_errors(
    index: int, ops: list[Mutation], require_signature: bool
) -> None:
    _decode(mutate(unsealed()[index], ops), require_signature=require_signature)


@FUZZ
@given(st.sampled_from(range(2)), mutations)
def test_decode_of_mutated_sealed_messages_raises_only_osci_errors(
    index: int, ops: list[Mutation]
) -> None:
    mtype = (MessageType.STORE_DELIVERY, MessageType.RESPONSE_TO_FETCH_DELIVERY)[index]
    _signer, _role, reader = roles_for(mtype)
    with contextlib.suppress(OsciError):
        wire.decode(
            [mutate(sealed()[index], ops)],
            decrypter=reader.cipher,
            require_signature=True,
            require_encryption=True,
        )


# ---------------------------------------------------------------- envelope.parse


@functools.cache
def envelopes() -> tuple[bytes, ...]:
    return tuple(parse_multipart([body]).root.body.read_bytes() for body in unsealed())


@FUZZ
@given(corpus, mutations)
def test_envelope_parse_of_mutated_xml_raises_only_osci_errors(
    index: int, ops: list[Mutation]
) -> None:
    xml = mutate(envelopes()[index], ops)
    with contextlib.suppress(OsciError):
        parsed = envelope.parse(xml)
        with contextlib.suppress(OsciError):
            messages.from_envelope(parsed)
        envelope.verify_signature(
            parsed,
            attachment_digest=lambda cid, uri: None,
            attachment_ids=["anlage 1.pdf"],
            required=True,
        )


# ---------------------------------------------------------------- Supplier.handle


def _answer_anything(request: Request) -> Reply:
    response_type = RESPONSE_OF[request.message.type]
    return Reply(error_payload(response_type, "9803", "keine Zustellung"))


@FUZZ
@given(st.data(), mutations)
def test_supplier_always_answers_with_a_fault_or_a_response(
    data: st.DataObject, ops: list[Mutation]
) -> None:
    body, was_sealed = data.draw(st.sampled_from(requests()))
    party = peers.intermediary()
    supplier = Supplier(SupplierIdentity(party.cipher, party.signature), _answer_anything)
    with no_warning_logs():
        answer = supplier.handle(wire.iter_chunks(mutate(body, ops), 8192))
    assert answer
    received = fault_or_message(answer, was_sealed)
    if isinstance(received, SoapFault):
        assert received.osci_code is not None
        assert received.osci_code.startswith("9")
    else:
        assert received.message.type in RESPONSE_OF.values()
        assert not SPECS[received.message.type].is_request


def fault_or_message(answer: bytes, encrypted: bool) -> SoapFault | wire.ReceivedMessage:
    """The supplier's answer read as the client reads it: a fault or a signed response."""
    try:
        return wire.decode(
            [answer],
            decrypter=peers.client().cipher,
            require_signature=True,
            require_encryption=encrypted,
        )
    except SoapFault as fault:
        return fault


def test_supplier_answers_random_bytes_with_a_fault() -> None:
    party = peers.intermediary()
    supplier = Supplier(SupplierIdentity(party.cipher, party.signature), _answer_anything)
    for data in (b"", b"\x00" * 100, b"MIME-Version: 1.0\r\n\r\n", b"GET / HTTP/1.1\r\n\r\n"):
        fault = fault_or_message(supplier.handle([data]), encrypted=False)
        assert isinstance(fault, SoapFault)
        assert fault.osci_code == "9100"


# ---------------------------------------------------------------- content.open_package


@functools.cache
def packages() -> tuple[tuple[bytes, ...], dict[str, object]]:
    """Serialized ContentPackage items: an encrypted container (attachment key inside), a plain one
    with nested content, the plaintext of the encrypted one, and a content-signed one."""
    addressee = peers.addressee()
    target = cert_id(Role.ADDRESSEE, Kind.CIPHER, addressee.cipher_cert)
    nested = ContentContainer("inner", (Content(id="c9", data=b"<Innen/>"),))
    container = ContentContainer(
        "project_coco",
        (
            Content(id="content0", data=b"<Nachricht/>"),
            Content(id="ref", href="klage.pdf"),
            Content(id="n", container=nested),
        ),
    )
    prepared = prepare_content(
        [container],
        [PlainAttachment("project_coco", "klage.pdf", lambda: io.BytesIO(ATTACHMENT))],
        [xenc.Reader(addressee.cipher_cert, target)],
        spill=io.BytesIO,
    )
    encrypted = prepared.package.items[0]
    opened = content.open_package(
        prepared.package, addressee.cipher, certificates_by_id={target: addressee.cipher_cert}
    )
    signed = content.build_container(container)
    content.sign_container(signed, peers.client().signature)  # X509Certificate in KeyInfo
    items = (
        etree.tostring(encrypted),
        etree.tostring(content.build_container(container)),
        etree.tostring(opened[0].element),
        etree.tostring(signed),
    )
    return items, {target: addressee.cipher_cert}


@FUZZ
@given(st.sampled_from(range(4)), mutations)
def test_open_package_of_mutated_content_raises_only_osci_errors(
    index: int, ops: list[Mutation]
) -> None:
    items, by_id = packages()
    with contextlib.suppress(OsciError):
        element = parse_xml(mutate(items[index], ops))
        opened = content.open_package(
            ContentPackage((element,)),
            peers.addressee().cipher,
            certificates_by_id=by_id,  # type: ignore[arg-type]
        )
        for item in opened:
            content.verify_container_signatures(
                item.element, certificates=[], plain_attachment_digest=lambda cid, uri: None
            )
            for key in item.container.attachment_keys:
                content.decrypt_attachment(key, io.BytesIO(ATTACHMENT + bytes(28)), lambda b: None)


# ---------------------------------------------------------------- what fuzzing found (regressions)


def _der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def _broken_certificates() -> dict[str, bytes]:
    der = _der(peers.client().signature_cert)
    name = der.index("Behörde".encode())
    spki_oid = der.index(bytes.fromhex("2a864886f70d010101"))  # rsaEncryption
    version = der.index(bytes.fromhex("a003020102"))  # [0] INTEGER 2 (v3)
    return {
        # cryptography parses the subject lazily: invalid UTF-8 surfaced as ValueError on use.
        "subject": der[: name + 3] + b"\xff\xff" + der[name + 5 :],
        # An unknown key OID surfaced as cryptography's UnsupportedAlgorithm from public_key().
        "key-type": der[:spki_oid] + bytes.fromhex("2a864886f70d010107") + der[spki_oid + 9 :],
        # An invalid version surfaced as x509.InvalidVersion (no ValueError).
        "version": der[: version + 4] + b"\x6a" + der[version + 5 :],
    }


@pytest.mark.parametrize("broken", ["subject", "key-type", "version"])
def test_a_broken_certificate_is_a_certificate_error(broken: str) -> None:
    text = base64.b64encode(_broken_certificates()[broken]).decode()
    with pytest.raises(CertificateError):
        certs.from_b64(text, role="signer")


def test_a_broken_certificate_in_a_content_signature_is_a_certificate_error() -> None:
    container = content.build_container(ContentContainer("c", (Content(id="a", data=b"x"),)))
    content.sign_container(container, peers.client().signature)
    cert_el = container.find(f".//{ns.q(ns.DS, 'X509Certificate')}")
    assert cert_el is not None
    cert_el.text = base64.b64encode(_broken_certificates()["subject"]).decode()
    with pytest.raises(CertificateError):
        content.verify_container_signatures(
            container, certificates=[], plain_attachment_digest=lambda cid, uri: None
        )


def test_a_signed_block_that_cannot_be_canonicalised_is_a_structure_error() -> None:
    # C14N 1.0 refuses relative namespace URIs; lxml raised its own C14NError.
    xml = envelopes()[0].replace(
        b'<osci:ControlBlock Id="controlblock"',
        (b'<osci:ControlBlock xmlns:rel="relative/uri" Id="controlblock"'),
    )
    parsed = envelope.parse(xml)
    with pytest.raises(StructureError, match="canonicalised"):
        envelope.verify_signature(
            parsed,
            attachment_digest=lambda cid, uri: None,
            attachment_ids=["anlage 1.pdf"],
            required=True,
        )
