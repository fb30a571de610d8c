"""Tampering with signed bytes, signature wrapping, and the legacy-algorithm policy.

Messages are built unsealed (``wire.encode`` without a recipient) and changed at the byte or XML
level, so each test knows exactly which signed byte it touched; they are decoded with
``require_encryption=False``. The transport encryption has its own tests (GCM tag).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import padding as sym_padding
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from lxml import etree

from osci import codec, content, crypto, dsig, ns, wire, xenc
from osci.certs import Kind, Role, cert_id
from osci.delivery import PlainAttachment, prepare_content
from osci.envelope import SCHEMA_LOCATION, SOAP_BODY, SigningKey, serialize
from osci.errors import (
    DuplicateId,
    OsciError,
    ReferenceMismatch,
    ReferenceMissing,
    SignatureValueInvalid,
    WeakAlgorithm,
)
from osci.keys import Pkcs12Identity, Signer
from osci.messages import ContentPackage, Message, StoreDelivery
from osci.mime import MimeWriter, PartHeaders, parse_multipart
from osci.model import CertificateEntry, Certificates, Content, ContentContainer, ControlBlock
from osci.supplier import Reply, Request, Supplier, SupplierIdentity
from osci.types import ENCRYPTED_LOCATION
from osci.xml import parse_xml
from tests.helpers.certs import SIGNATURE_USAGE, certificate
from tests.osci import peers
from tests.osci.samples import sample
from tests.osci.test_messages import message_for
from tests.osci.transport.test_session import ToyMailbox

T = StoreDelivery.TYPE
ATTACHMENT = b"%PDF-1.7 " + bytes(range(256)) * 8
CID = "anlage 1.pdf"
LEGACY = crypto.Policy(legacy_read=True)
SUBJECT = b"Allgemeine Nachricht &amp; mehr"


def store_delivery() -> Message:
    return message_for(T)


def signed(
    message: Message | None = None,
    *,
    signing: SigningKey | None = None,
    parts: tuple[wire.OutgoingPart, ...] | None = None,
) -> bytes:
    """A signed, unsealed StoreDelivery with one attachment (the HTTP body)."""
    if parts is None:
        parts = (wire.OutgoingPart.from_bytes(CID, ATTACHMENT),)
    return wire.encode(
        message or store_delivery(),
        signing=signing or peers.signing(peers.client(), Role.ORIGINATOR),
        parts=parts,
    )


def read(body: bytes, policy: crypto.Policy = crypto.DEFAULT_POLICY) -> wire.ReceivedMessage:
    return wire.decode(
        [body], decrypter=None, require_signature=True, require_encryption=False, policy=policy
    )


def swap(body: bytes, old: bytes, new: bytes) -> bytes:
    assert body.count(old) == 1, old
    return body.replace(old, new)


def b64_char_after(body: bytes, marker: bytes, offset: int) -> bytes:
    """Change one base64 character ``offset`` characters after ``marker`` (stays base64)."""
    at = body.index(marker) + len(marker) + offset
    old = body[at : at + 1]
    assert old.isalnum() or old in b"+/", old  # a base64 character, not padding or markup
    new = b"B" if old == b"A" else b"A"
    return body[:at] + new + body[at + 1 :]


@dataclass(frozen=True)
class Split:
    """A message taken apart: the envelope XML and the other parts' bodies."""

    xml: bytes
    parts: dict[str, bytes]

    @classmethod
    def of(cls, body: bytes) -> Split:
        multipart = parse_multipart([body])
        return cls(
            multipart.root.body.read_bytes(),
            {p.content_id: p.body.read_bytes() for p in multipart.parts[1:]},
        )

    def root(self) -> etree._Element:
        return parse_xml(self.xml)

    def with_root(self, root: etree._Element) -> Split:
        return replace(self, xml=serialize(root))

    def assemble(self) -> bytes:
        out = io.BytesIO()
        writer = MimeWriter(out.write)
        writer.start()
        writer.write_part(PartHeaders(wire.ROOT_ID, "text/xml", "UTF-8", "8bit"), self.xml)
        for cid, data in self.parts.items():
            writer.write_part(PartHeaders(cid), data)
        writer.close()
        return out.getvalue()


def _o(local: str) -> str:
    return ns.q(ns.OSCI, local)


def _ds(local: str) -> str:
    return ns.q(ns.DS, local)


def header(root: etree._Element) -> etree._Element:
    found = root.find(ns.q(ns.SOAP, "Header"))
    assert found is not None
    return found


def test_the_untouched_message_verifies_and_covers_every_block() -> None:
    received = read(signed())
    assert received.signature is not None
    assert set(received.signature.report.uris) == {
        "#controlblock",
        "#desiredlanguages",
        "#qualityoftimestamp_creation",
        "#qualityoftimestamp_reception",
        "#storedelivery",
        "#nonintermediarycertificates",
        "#featuredescription",
        f"cid:{CID}",
        "#body",
    }


# ---------------------------------------------------------------- one changed byte


def _in_subject(body: bytes) -> bytes:
    return swap(body, SUBJECT, SUBJECT[:-1] + b"X")


TAMPERS: dict[str, Callable[[bytes], bytes]] = {
    "#controlblock": lambda b: swap(b, b'ConversationId="4711"', b'ConversationId="4712"'),
    "#desiredlanguages": lambda b: swap(b, b'LanguagesList="de"', b'LanguagesList="en"'),
    "#qualityoftimestamp_creation": lambda b: swap(
        b, b'Quality="plain" Service="creation"', b'Quality="plaiN" Service="creation"'
    ),
    "#qualityoftimestamp_reception": lambda b: swap(
        b, b'Quality="plain" Service="reception"', b'Quality="plaim" Service="reception"'
    ),
    "#storedelivery": _in_subject,
    # A character inside the (unsigned-for-us) cipher certificate of the originator.
    "#nonintermediarycertificates": lambda b: b64_char_after(
        b, b"<osci:CipherCertificateOriginator", 300
    ),
    "#featuredescription": lambda b: swap(b, b'Version="1.9.0"', b'Version="1.9.1"'),
    "#body": lambda b: swap(b, b"PE5hY2hyaWNodC8+", b"PE5hY2hyaWNodC9+"),
    f"cid:{CID}": lambda b: swap(b, ATTACHMENT[:12], b"%PDF-1.8 " + ATTACHMENT[9:12]),
}


@pytest.mark.parametrize("uri", list(TAMPERS))
def test_a_changed_byte_in_a_signed_part_names_its_reference(uri: str) -> None:
    body = signed()
    tampered = TAMPERS[uri](body)
    assert len(tampered) == len(body)
    with pytest.raises(ReferenceMismatch) as error:
        read(tampered)
    assert error.value.uri == uri
    assert error.value.code == "9601"


def test_a_changed_byte_in_a_base64_transmitted_attachment_is_found_after_decoding() -> None:
    digest = hashlib.sha256(ATTACHMENT).digest()
    part = wire.OutgoingPart(
        CID, len(ATTACHMENT), digest, lambda: io.BytesIO(ATTACHMENT), transfer_encoding="base64"
    )
    body = signed(parts=(part,))
    encoded = base64.b64encode(ATTACHMENT[:57])
    tampered = b64_char_after(body, encoded[:20], 5)
    with pytest.raises(ReferenceMismatch) as error:
        read(tampered)
    assert error.value.uri == f"cid:{CID}"


def implicit_store_delivery() -> Message:
    return replace(
        store_delivery(), control_block=ControlBlock(challenge="YWJj", sequence_number=0)
    )


def supplier_answer(inner: bytes) -> tuple[wire.ReceivedMessage, list[Request]]:
    """Send ``inner`` (sealed for the intermediary) to a supplier; its answer and handler calls."""
    calls: list[Request] = []

    def handler(request: Request) -> Reply:
        calls.append(request)
        return ToyMailbox()(request)

    party = peers.intermediary()
    supplier = Supplier(SupplierIdentity(party.cipher, party.signature), handler)
    sealed = io.BytesIO()
    wire.seal(lambda sink: sink(inner), party.cipher_cert, sealed.write)
    answer = wire.decode(
        [supplier.handle([sealed.getvalue()])],
        decrypter=peers.client().cipher,
        require_signature=True,
        require_encryption=True,
    )
    return answer, calls


def test_a_supplier_answers_9601_for_a_tampered_subject_and_never_calls_the_handler() -> None:
    # osci.md §16.9: the reference library answers a one-byte Subject change with 9601.
    answer, calls = supplier_answer(_in_subject(signed(implicit_store_delivery())))
    assert answer.message.payload.feedback.codes == ("9601",)  # type: ignore[attr-defined]
    assert calls == []


def test_the_supplier_handler_gets_the_verified_signature() -> None:
    answer, calls = supplier_answer(signed(implicit_store_delivery()))
    assert answer.message.payload.feedback.codes == ("9801",)  # type: ignore[attr-defined]
    [request] = calls
    assert request.received.signature is not None
    assert request.received.signature.signer == peers.client().signature_cert
    assert f"cid:{CID}" in request.received.signature.report.uris


def test_a_changed_digest_or_signature_value_invalidates_the_signature() -> None:
    body = signed()
    split = Split.of(body)
    root = split.root()
    digest = root.find(f".//{_ds('Reference')}[@URI='#body']/{_ds('DigestValue')}")
    assert digest is not None
    digest.text = base64.b64encode(hashlib.sha256(b"other").digest()).decode()
    with pytest.raises(SignatureValueInvalid):
        read(split.with_root(root).assemble())
    with pytest.raises(SignatureValueInvalid):
        read(b64_char_after(body, b"<ds:SignatureValue>", 40))


# ---------------------------------------------------------------- coverage (9602)


def test_a_removed_reference_is_reference_missing_9602() -> None:
    split = Split.of(signed())
    root = split.root()
    ref = root.find(f".//{_ds('Reference')}[@URI='#desiredlanguages']")
    assert ref is not None
    ref.getparent().remove(ref)  # type: ignore[union-attr]
    with pytest.raises(ReferenceMissing) as error:
        read(split.with_root(root).assemble())
    assert error.value.uri == "#desiredlanguages"
    assert error.value.code == "9602"


def _resign(
    root: etree._Element,
    signer: Signer,
    parts: dict[str, bytes],
    *,
    method: str | None = None,
    digest_uri: str | None = None,
    drop: tuple[str, ...] = (),
) -> etree._Element:
    """Recompute every digest and the SignatureValue as a (possibly old-fashioned) signer would.

    Bypasses our writer on purpose: it refuses SHA-1. ``drop`` leaves references out.
    """
    signed_info = root.find(f".//{_ds('SignedInfo')}")
    assert signed_info is not None
    if method is not None:
        signed_info.find(_ds("SignatureMethod")).set("Algorithm", method)  # type: ignore[union-attr]
    ids = dsig.index_ids(root)
    for ref in list(signed_info.iterfind(_ds("Reference"))):
        uri = ref.get("URI") or ""
        if uri in drop:
            signed_info.remove(ref)
            continue
        method_el = ref.find(_ds("DigestMethod"))
        assert method_el is not None
        if digest_uri is not None:
            method_el.set("Algorithm", digest_uri)
        name = {crypto.SHA1: "sha1", crypto.SHA256: "sha256"}[method_el.get("Algorithm") or ""]
        data = parts[uri[4:]] if uri.startswith("cid:") else dsig.c14n(ids[uri[1:]])
        ref.find(_ds("DigestValue")).text = base64.b64encode(  # type: ignore[union-attr]
            hashlib.new(name, data).digest()
        ).decode()
    algorithm = signed_info.find(_ds("SignatureMethod")).get("Algorithm") or ""  # type: ignore[union-attr]
    value = root.find(f".//{_ds('SignatureValue')}")
    assert value is not None
    value.text = base64.b64encode(signer.sign(dsig.c14n(signed_info), algorithm)).decode()
    return root


@pytest.mark.parametrize("uri", ["#storedelivery", "#body", f"cid:{CID}", "#controlblock"])
def test_a_validly_signed_but_incomplete_signature_is_reference_missing(uri: str) -> None:
    split = Split.of(signed())
    root = _resign(split.root(), peers.client().signature, split.parts, drop=(uri,))
    with pytest.raises(ReferenceMissing) as error:
        read(split.with_root(root).assemble())
    assert error.value.uri == uri
    assert error.value.code == "9602"


def test_an_attachment_added_after_signing_is_reference_missing() -> None:
    split = Split.of(signed())
    extra = replace(split, parts={**split.parts, "nachgeschoben.pdf": b"%PDF-1.4 evil"})
    with pytest.raises(ReferenceMissing) as error:
        read(extra.assemble())
    assert error.value.uri == "cid:nachgeschoben.pdf"


@pytest.mark.parametrize("with_id", [True, False])
def test_an_extra_unsigned_header_block_is_refused(with_id: bool) -> None:
    split = Split.of(signed())
    root = split.root()
    extra = etree.SubElement(header(root), "{urn:example:evil}Hint")
    extra.text = "zahle an DE00 0000"
    if with_id:
        extra.set("Id", "hint")
    with pytest.raises(ReferenceMissing) as error:
        read(split.with_root(root).assemble())
    assert error.value.uri == ("#hint" if with_id else "{urn:example:evil}Hint")


# ---------------------------------------------------------------- signature wrapping


FORGED = "Gefälschter Betreff"


def _forge(root: etree._Element, *, forged_id: str | None) -> etree._Element:
    """Replace storeDelivery's Subject by a forged copy in its place; return the original."""
    head = header(root)
    original = head.find(_o("storeDelivery"))
    assert original is not None
    forged = etree.fromstring(etree.tostring(original))
    forged.find(_o("Subject")).text = FORGED  # type: ignore[union-attr]
    if forged_id is None:
        del forged.attrib["Id"]
    else:
        forged.set("Id", forged_id)
    head.replace(original, forged)
    return original


def _refused(split: Split, root: etree._Element) -> OsciError:
    body = split.with_root(root).assemble()
    with pytest.raises(OsciError) as error:
        read(body)
    assert FORGED.encode() in body  # the forged value was on the wire ...
    return error.value  # ... and never came out as a Message (read raised)


@pytest.mark.parametrize("forged_id", ["storedelivery", "forged", None])
def test_signed_block_moved_into_a_foreign_header_wrapper(forged_id: str | None) -> None:
    split = Split.of(signed())
    root = split.root()
    original = _forge(root, forged_id=forged_id)
    wrapper = etree.SubElement(header(root), "{urn:example:evil}Wrapper")
    wrapper.append(original)
    error = _refused(split, root)
    if forged_id == "storedelivery":
        assert isinstance(error, DuplicateId)
        assert error.id_value == "storedelivery"
    else:
        # The wrapper (no Id), the forged block (other/no Id) or the unreachable original: all
        # are "not covered" or "not found", never accepted.
        assert isinstance(error, ReferenceMissing)


@pytest.mark.parametrize("forged_id", ["storedelivery", "forged"])
def test_signed_block_moved_into_ds_object_of_the_signature(forged_id: str) -> None:
    split = Split.of(signed())
    root = split.root()
    original = _forge(root, forged_id=forged_id)
    signature = root.find(f".//{_ds('Signature')}")
    assert signature is not None
    etree.SubElement(signature, _ds("Object")).append(original)
    error = _refused(split, root)
    assert isinstance(error, DuplicateId if forged_id == "storedelivery" else ReferenceMissing)


def test_signed_body_moved_and_a_forged_body_put_in_its_place() -> None:
    split = Split.of(signed())
    root = split.root()
    body = root.find(SOAP_BODY)
    assert body is not None
    inline = body.find(f".//{_o('Base64Content')}")
    assert inline is not None
    original_text = inline.text
    inline.text = base64.b64encode(FORGED.encode()).decode()
    hidden = etree.SubElement(header(root), "{urn:example:evil}Stash")
    stash_body = etree.SubElement(hidden, SOAP_BODY)
    stash_body.set("Id", "body")
    etree.SubElement(stash_body, "x").text = original_text
    with pytest.raises(DuplicateId):
        read(split.with_root(root).assemble())


def test_a_duplicate_id_anywhere_is_refused() -> None:
    split = Split.of(signed())
    root = split.root()
    inline = root.find(f".//{_o('Base64Content')}")
    assert inline is not None
    inline.set("Id", "controlblock")
    with pytest.raises(DuplicateId) as error:
        read(split.with_root(root).assemble())
    assert error.value.id_value == "controlblock"


def test_a_reference_to_a_nested_element_is_not_resolved() -> None:
    """Only header blocks and the Body at their positions are reference targets."""
    split = Split.of(signed())
    root = split.root()
    signed_info = root.find(f".//{_ds('SignedInfo')}")
    assert signed_info is not None
    inline = root.find(f".//{_o('Base64Content')}")
    assert inline is not None
    ref = etree.SubElement(signed_info, _ds("Reference"), URI=f"#{inline.get('Id')}")
    etree.SubElement(ref, _ds("DigestMethod"), Algorithm=crypto.SHA256)
    etree.SubElement(ref, _ds("DigestValue")).text = "AAAA"
    root = _resign(root, peers.client().signature, split.parts)
    with pytest.raises(ReferenceMissing) as error:
        read(split.with_root(root).assemble())
    assert error.value.uri == "#nachricht.xml"


# ---------------------------------------------------------------- legacy algorithms


@pytest.mark.parametrize(
    ("method", "digest"),
    [
        (crypto.RSA_SHA256, crypto.SHA1),
        (crypto.RSA_SHA1, crypto.SHA256),
        (crypto.RSA_SHA1, crypto.SHA1),
    ],
)
def test_sha1_is_refused_unless_legacy_read(method: str, digest: str) -> None:
    split = Split.of(signed())
    root = _resign(
        split.root(), peers.client().signature, split.parts, method=method, digest_uri=digest
    )
    body = split.with_root(root).assemble()
    with pytest.raises(WeakAlgorithm) as error:
        read(body)
    assert error.value.algorithm in (crypto.SHA1, crypto.RSA_SHA1)
    received = read(body, LEGACY)
    assert received.signature is not None
    assert received.signature.report.ok
    assert received.message.payload.subject == "Allgemeine Nachricht & mehr"  # type: ignore[attr-defined]


def test_an_rsa_1024_signer_is_refused_unless_legacy_read() -> None:
    key, cert = certificate("Altes Signaturzertifikat", bits=1024, usage=SIGNATURE_USAGE)
    old = Pkcs12Identity(key, cert)
    client = peers.client()
    message = replace(
        store_delivery(),
        certificates=Certificates(
            (
                CertificateEntry(Role.ORIGINATOR, Kind.CIPHER, client.cipher_cert),
                CertificateEntry(Role.ORIGINATOR, Kind.SIGNATURE, cert),
                CertificateEntry(Role.ADDRESSEE, Kind.CIPHER, peers.addressee().cipher_cert),
            )
        ),
    )
    signing = SigningKey(old, cert_id(Role.ORIGINATOR, Kind.SIGNATURE, cert), crypto.RSA_SHA256)
    body = signed(message, signing=signing)
    with pytest.raises(WeakAlgorithm) as error:
        read(body)
    assert "1024" in error.value.reason
    received = read(body, LEGACY)
    assert received.signature is not None
    assert received.signature.signer == cert


def test_a_supplier_refuses_a_wrapped_block_and_its_handler_never_sees_the_forgery() -> None:
    split = Split.of(signed(implicit_store_delivery()))
    root = split.root()
    wrapper = etree.SubElement(header(root), "{urn:example:evil}Wrapper")
    wrapper.append(_forge(root, forged_id="forged"))
    answer, calls = supplier_answer(split.with_root(root).assemble())
    assert answer.message.payload.feedback.codes == ("9602",)  # type: ignore[attr-defined]
    assert calls == []


def test_a_supplier_answers_9601_for_a_sha1_signature_by_default() -> None:
    split = Split.of(signed(implicit_store_delivery()))
    root = _resign(split.root(), peers.client().signature, split.parts, digest_uri=crypto.SHA1)
    answer, calls = supplier_answer(split.with_root(root).assemble())
    assert answer.message.payload.feedback.codes == ("9601",)  # type: ignore[attr-defined]
    assert calls == []


# ---------------------------------------------------------------- legacy encryption


def _reader() -> tuple[peers.Party, str]:
    addressee = peers.addressee()
    return addressee, cert_id(Role.ADDRESSEE, Kind.CIPHER, addressee.cipher_cert)


def _cbc(key: bytes, plaintext: bytes) -> bytes:
    iv = os.urandom(16)
    padder = sym_padding.PKCS7(128).padder()
    padded = padder.update(plaintext) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return iv + encryptor.update(padded) + encryptor.finalize()


def _wrap(cert: x509.Certificate, key: bytes, transport: crypto.KeyTransport) -> bytes:
    public = cert.public_key()
    if transport.algorithm == crypto.RSA_1_5:
        return public.encrypt(key, padding.PKCS1v15())  # type: ignore[union-attr]
    return crypto.wrap_key(public, key, transport)


PKCS1 = crypto.KeyTransport(crypto.RSA_1_5)


def _legacy_encrypted_data(
    plaintext: bytes, cert: x509.Certificate, *, symmetric: str, transport: crypto.KeyTransport
) -> tuple[etree._Element, dict[str, x509.Certificate]]:
    """An EncryptedData as an old sender wrote it (our writer refuses CBC and RSA-1_5)."""
    key = os.urandom(32)
    blob = (
        _cbc(key, plaintext)
        if symmetric == crypto.AES256_CBC
        else crypto.gcm_encrypt(key, plaintext)
    )
    element = etree.Element(xenc.x("EncryptedData"), nsmap=dict(ns.NSMAP5), Id="encdata_0")
    xenc.encryption_method(element, symmetric, 16 if symmetric == crypto.AES256_CBC else 12)
    info = codec.sub(element, xenc.d("KeyInfo"))
    target = cert_id(Role.ADDRESSEE, Kind.CIPHER, cert)
    xenc.encrypted_key(info, _wrap(cert, key, transport), transport=transport, retrieval_id=target)
    codec.sub(codec.sub(element, xenc.x("CipherData")), xenc.x("CipherValue"), codec.b64(blob))
    return element, {target: cert}


@pytest.mark.parametrize(
    ("symmetric", "transport"),
    [
        (crypto.AES256_CBC, crypto.DEFAULT_TRANSPORT),
        (crypto.AES256_GCM, PKCS1),
        (crypto.AES256_CBC, PKCS1),
    ],
    ids=["cbc", "rsa-1_5", "cbc+rsa-1_5"],
)
def test_legacy_content_encryption_is_readable_only_with_legacy_read(
    symmetric: str, transport: crypto.KeyTransport
) -> None:
    addressee, _ = _reader()
    container = ContentContainer("alt", (Content(id="c0", data=b"<Alt/>"),))
    plaintext = etree.tostring(content.build_container(container), encoding="UTF-8")
    element, by_id = _legacy_encrypted_data(
        plaintext, addressee.cipher_cert, symmetric=symmetric, transport=transport
    )
    package = ContentPackage((element,))
    with pytest.raises(WeakAlgorithm):
        content.open_package(package, addressee.cipher, certificates_by_id=by_id)
    opened = content.open_package(
        package, addressee.cipher, certificates_by_id=by_id, policy=LEGACY
    )
    assert opened[0].container == container


def _seal_legacy(
    inner: bytes, recipient: x509.Certificate, *, symmetric: str, transport: crypto.KeyTransport
) -> bytes:
    """The transport envelope as an old sender wrote it (CBC and/or RSA-1_5)."""
    key = os.urandom(32)
    root = etree.Element(
        ns.q(ns.SOAP, "Envelope"), nsmap={"ds": ns.DS, "soap": ns.SOAP, "xenc": ns.XENC}
    )
    root.set(SCHEMA_LOCATION, ENCRYPTED_LOCATION)
    data = codec.sub(
        etree.SubElement(root, SOAP_BODY), xenc.x("EncryptedData"), MimeType="Multipart/Related"
    )
    xenc.encryption_method(data, symmetric, 16 if symmetric == crypto.AES256_CBC else 12)
    info = codec.sub(data, xenc.d("KeyInfo"))
    xenc.encrypted_key(
        info, _wrap(recipient, key, transport), transport=transport, certificate=recipient
    )
    ref = codec.sub(
        codec.sub(data, xenc.x("CipherData")), xenc.x("CipherReference"), URI="cid:osci_enc"
    )
    codec.sub(
        codec.sub(ref, xenc.x("Transforms")), xenc.d("Transform"), Algorithm=ns.BASE64_TRANSFORM
    )
    blob = _cbc(key, inner) if symmetric == crypto.AES256_CBC else crypto.gcm_encrypt(key, inner)
    out = io.BytesIO()
    writer = MimeWriter(out.write)
    writer.start()
    writer.write_part(PartHeaders(wire.ROOT_ID, "text/xml", "UTF-8", "8bit"), serialize(root))
    writer.write_part(PartHeaders("osci_enc", transfer_encoding="base64"), blob)
    writer.close()
    return out.getvalue()


@pytest.mark.parametrize(
    ("symmetric", "transport"),
    [
        (crypto.AES256_CBC, crypto.DEFAULT_TRANSPORT),
        (crypto.AES256_GCM, PKCS1),
    ],
    ids=["cbc", "rsa-1_5"],
)
def test_legacy_transport_encryption_is_readable_only_with_legacy_read(
    symmetric: str, transport: crypto.KeyTransport
) -> None:
    intermediary = peers.intermediary()
    inner = signed()
    body = _seal_legacy(inner, intermediary.cipher_cert, symmetric=symmetric, transport=transport)

    def decode(policy: crypto.Policy) -> wire.ReceivedMessage:
        return wire.decode(
            [body],
            decrypter=intermediary.cipher,
            require_signature=True,
            require_encryption=True,
            policy=policy,
        )

    with pytest.raises(WeakAlgorithm):
        decode(crypto.DEFAULT_POLICY)
    received = decode(LEGACY)
    assert received.sealed
    assert received.message.type is T


def test_the_legacy_16_byte_iv_is_readable_without_legacy_read() -> None:
    addressee, target = _reader()
    container = ContentContainer("c", (Content(id="a", href="a.bin"),))
    prepared = prepare_content(
        [container],
        [PlainAttachment("c", "a.bin", lambda: io.BytesIO(ATTACHMENT))],
        [xenc.Reader(addressee.cipher_cert, target)],
        spill=io.BytesIO,
        iv_length=16,
    )
    element = prepared.package.items[0]
    assert element.find(f".//{ns.q(ns.OSCI128, 'IvLength')}") is None  # absent means 16
    opened = content.open_package(
        prepared.package, addressee.cipher, certificates_by_id={target: addressee.cipher_cert}
    )
    key = opened[0].container.attachment_keys[0]
    assert key.iv_length is None
    assert opened[0].element.find(f".//{ns.q(ns.OSCI128, 'IvLength')}") is None
    part = prepared.parts[0]
    assert part.size == len(ATTACHMENT) + 16 + 16
    out = io.BytesIO()
    with part.open() as source:
        content.decrypt_attachment(key, source, out.write)
    assert out.getvalue() == ATTACHMENT


def test_sample_payload_is_the_one_tampered() -> None:
    # Guard for the byte patterns above: they must come from the sample StoreDelivery.
    payload = sample(T)
    assert isinstance(payload, StoreDelivery)
    assert payload.subject == "Allgemeine Nachricht & mehr"
