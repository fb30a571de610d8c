"""End-to-end content: containers, their encryption for readers, attachments, content signatures."""

from __future__ import annotations

import hashlib
import io

import pytest
from cryptography import x509
from lxml import etree

from osci import content, crypto, ns, xenc
from osci.certs import Kind, Role, cert_id
from osci.delivery import PlainAttachment, prepare_content
from osci.errors import (
    CertificateError,
    DecryptionError,
    NoMatchingKey,
    StructureError,
)
from osci.messages import ContentPackage
from osci.model import AttachmentKey, Content, ContentContainer
from osci.xml import parse_xml
from tests.osci import peers

DOCUMENT = b"%PDF-1.7\n" + bytes(range(256)) * 700  # ~180 KB
BIG = bytes(range(251)) * 9000  # ~2.2 MB: several CHUNKs through the streaming code


def addressee_reader() -> xenc.Reader:
    cert = peers.addressee().cipher_cert
    return xenc.Reader(cert, cert_id(Role.ADDRESSEE, Kind.CIPHER, cert))


def other_reader() -> xenc.Reader:
    cert = peers.intermediary().cipher_cert
    return xenc.Reader(cert, cert_id(Role.READER, Kind.CIPHER, cert, 0))


def by_id(*readers: xenc.Reader) -> dict[str, x509.Certificate]:
    return {reader.id: reader.certificate for reader in readers}


def rich_container() -> ContentContainer:
    inner = ContentContainer("inner", (Content(id="content9", data="Anlage Ä".encode()),))
    return ContentContainer(
        "project_coco",
        (
            Content(id="content0", data=b"<Nachricht>Hallo</Nachricht>"),
            Content(id="content1", data=b""),
            Content(id="ref_klage", href="klage 1.pdf"),
            Content(id="nested", container=inner),
        ),
        (
            AttachmentKey("klage 1.pdf", bytes(range(32)), crypto.AES256_GCM, 12),
            AttachmentKey("alt.pdf", bytes(range(32, 64)), crypto.AES256_GCM, None),
        ),
    )


# ---------------------------------------------------------------- containers


def test_a_container_with_inline_href_nested_and_keys_round_trips() -> None:
    container = rich_container()
    element = content.build_container(container)
    assert content.parse_container(parse_xml(etree.tostring(element))) == container
    # Attachment keys sit in EncryptedData elements after the Content elements (XSD sequence).
    tags = [etree.QName(child).localname for child in element]
    assert tags == ["Content"] * 4 + ["EncryptedData"] * 2
    key_el = element.find(f"{xenc.x('EncryptedData')}[@Id='Attachmentklage 1.pdf']")
    assert key_el is not None
    assert key_el.find(f"{xenc.x('CipherData')}/{xenc.x('CipherReference')}").get("URI") == (  # type: ignore[union-attr]
        "cid:klage 1.pdf"
    )
    legacy = element.find(f"{xenc.x('EncryptedData')}[@Id='Attachmentalt.pdf']")
    assert legacy is not None
    assert legacy.find(f".//{ns.q(ns.OSCI128, 'IvLength')}") is None  # 16-byte IV: no element


def test_an_encrypted_container_parses_standalone() -> None:
    element = content.build_container(rich_container())
    # The five namespace declarations travel with the container (osci.md §7.2).
    assert set(element.nsmap) == {"ds", "osci", "soap", "xenc", "xsi"}


@pytest.mark.parametrize(
    ("xml", "reason"),
    [
        (b"<osci:ContentContainer {ns}/>", "has no Id"),
        (b"<osci:ContentContainer {ns} Id='c'><osci:Content/></osci:ContentContainer>", "neither"),
        (
            b"<osci:ContentContainer {ns} Id='c'><osci:Content href='http://x'/></osci:ContentContainer>",
            "not a cid",
        ),
        (
            b"<osci:ContentContainer {ns} Id='c'><osci:Content href='cid:a'/><ds:Signature/>"
            b"</osci:ContentContainer>",
            "out of order",
        ),
        (b"<osci:ContentContainer {ns} Id='c'><osci:Other/></osci:ContentContainer>", "unexpected"),
    ],
)
def test_container_structure_errors_are_typed(xml: bytes, reason: str) -> None:
    declarations = f'xmlns:osci="{ns.OSCI}" xmlns:ds="{ns.DS}"'.encode()
    element = parse_xml(xml.replace(b"{ns}", declarations))
    with pytest.raises(StructureError, match=reason):
        content.parse_container(element)


# ---------------------------------------------------------------- encryption for readers


def test_every_reader_opens_the_container_and_a_stranger_gets_no_matching_key() -> None:
    element = content.build_container(rich_container())
    readers = (addressee_reader(), other_reader())
    encrypted = content.encrypt_container(element, readers, element_id="encdata_0")
    assert len(encrypted.findall(f"{xenc.d('KeyInfo')}/{xenc.x('EncryptedKey')}")) == 2
    package = ContentPackage((encrypted,))
    for party in (peers.addressee(), peers.intermediary()):
        opened = content.open_package(package, party.cipher, certificates_by_id=by_id(*readers))
        assert opened[0].encrypted
        assert opened[0].container == rich_container()
    with pytest.raises(NoMatchingKey) as error:
        content.open_package(package, peers.client().cipher, certificates_by_id=by_id(*readers))
    assert error.value.code == "9200"


def test_a_reader_whose_certificate_is_not_in_the_message_gets_no_matching_key() -> None:
    encrypted = content.encrypt_container(
        content.build_container(rich_container()), [addressee_reader()], element_id="encdata_0"
    )
    with pytest.raises(NoMatchingKey):  # RetrievalMethod points at nothing we were given
        content.open_package(
            ContentPackage((encrypted,)), peers.addressee().cipher, certificates_by_id={}
        )


def test_encrypted_content_without_a_key_is_a_decryption_error() -> None:
    encrypted = content.encrypt_container(
        content.build_container(rich_container()), [addressee_reader()], element_id="e"
    )
    with pytest.raises(DecryptionError):
        content.open_package(ContentPackage((encrypted,)), None, certificates_by_id={})


def test_plain_containers_are_opened_without_a_key() -> None:
    package = ContentPackage((content.build_container(rich_container()),))
    opened = content.open_package(package, None, certificates_by_id={})
    assert not opened[0].encrypted
    assert opened[0].container == rich_container()


def test_a_changed_cipher_value_is_a_decryption_error() -> None:
    reader = addressee_reader()
    encrypted = content.encrypt_container(
        content.build_container(rich_container()), [reader], element_id="encdata_0"
    )
    value = encrypted.find(f"{xenc.x('CipherData')}/{xenc.x('CipherValue')}")
    assert value is not None
    assert value.text is not None
    value.text = ("B" if value.text[30] == "A" else "A").join((value.text[:30], value.text[31:]))
    with pytest.raises(DecryptionError) as error:
        content.open_package(
            ContentPackage((encrypted,)), peers.addressee().cipher, certificates_by_id=by_id(reader)
        )
    assert "encdata_0" in str(error.value)


def test_encrypted_data_must_hold_a_content_container() -> None:
    reader = addressee_reader()
    encrypted = xenc.encrypt_content(b"<x:Other xmlns:x='urn:x'/>", [reader], element_id="e")
    with pytest.raises(StructureError, match="ContentContainer"):
        content.open_package(
            ContentPackage((encrypted,)), peers.addressee().cipher, certificates_by_id=by_id(reader)
        )


# ---------------------------------------------------------------- attachments


def _prepare(*documents: tuple[str, bytes], iv_length: int = 12, encrypt: bool = True):  # type: ignore[no-untyped-def]
    container = ContentContainer(
        "project_coco", tuple(Content(id=f"ref_{cid}", href=cid) for cid, _ in documents)
    )
    attachments = [
        PlainAttachment("project_coco", cid, lambda data=data: io.BytesIO(data))  # type: ignore[misc]
        for cid, data in documents
    ]
    return prepare_content(
        [container],
        attachments,
        [addressee_reader()],
        spill=io.BytesIO,
        iv_length=iv_length,
        encrypt=encrypt,
    )


@pytest.mark.parametrize("iv_length", [12, 16])
def test_each_attachment_has_its_own_key_and_decrypts_in_streaming_fashion(iv_length: int) -> None:
    prepared = _prepare(("klage.pdf", BIG), ("anlage.pdf", DOCUMENT), iv_length=iv_length)
    opened = content.open_package(
        prepared.package, peers.addressee().cipher, certificates_by_id=by_id(addressee_reader())
    )
    keys = {key.content_id: key for key in opened[0].container.attachment_keys}
    assert set(keys) == {"klage.pdf", "anlage.pdf"}
    assert keys["klage.pdf"].key != keys["anlage.pdf"].key
    parts = {part.content_id: part for part in prepared.parts}
    for cid, plain in (("klage.pdf", BIG), ("anlage.pdf", DOCUMENT)):
        part = parts[cid]
        assert part.size == len(plain) + iv_length + crypto.TAG
        with part.open() as stream:
            transmitted = stream.read()
        assert hashlib.sha256(transmitted).digest() == part.sha256  # what the signature covers
        out: list[bytes] = []
        size, digest = content.decrypt_attachment(keys[cid], io.BytesIO(transmitted), out.append)
        assert b"".join(out) == plain
        assert (size, digest) == (len(plain), hashlib.sha256(plain).digest())
        assert prepared.plain_sha256[cid] == digest


def test_a_changed_attachment_byte_or_wrong_key_is_a_decryption_error() -> None:
    prepared = _prepare(("klage.pdf", DOCUMENT))
    opened = content.open_package(
        prepared.package, peers.addressee().cipher, certificates_by_id=by_id(addressee_reader())
    )
    key = opened[0].container.attachment_keys[0]
    with prepared.parts[0].open() as stream:
        blob = bytearray(stream.read())
    blob[len(blob) // 2] ^= 0x80
    with pytest.raises(DecryptionError) as error:
        content.decrypt_attachment(key, io.BytesIO(bytes(blob)), lambda data: None)
    assert error.value.what == "klage.pdf"
    blob[len(blob) // 2] ^= 0x80
    wrong = AttachmentKey(key.content_id, bytes(32), key.algorithm, key.iv_length)
    with pytest.raises(DecryptionError):
        content.decrypt_attachment(wrong, io.BytesIO(bytes(blob)), lambda data: None)
    short = AttachmentKey(key.content_id, bytes(16), key.algorithm, key.iv_length)
    with pytest.raises(DecryptionError, match="key length"):
        content.decrypt_attachment(short, io.BytesIO(bytes(blob)), lambda data: None)


def test_unencrypted_containers_carry_their_attachments_in_clear() -> None:
    prepared = _prepare(("klage.pdf", DOCUMENT), encrypt=False)
    [item] = prepared.package.items
    assert item.tag == ns.q(ns.OSCI, "ContentContainer")
    with prepared.parts[0].open() as stream:
        assert stream.read() == DOCUMENT
    assert prepared.parts[0].sha256 == hashlib.sha256(DOCUMENT).digest()


def test_attachments_for_an_unknown_container_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown containers"):
        prepare_content(
            [ContentContainer("a")],
            [PlainAttachment("b", "x.pdf", lambda: io.BytesIO(b""))],
            [addressee_reader()],
            spill=io.BytesIO,
        )


# ---------------------------------------------------------------- content signatures


def _signed(**kwargs: object) -> etree._Element:
    element = content.build_container(rich_container())
    content.sign_container(element, peers.client().signature, **kwargs)  # type: ignore[arg-type]
    return element


def _verify(element: etree._Element, digests: dict[str, bytes] | None = None, **kwargs: object):  # type: ignore[no-untyped-def]
    return content.verify_container_signatures(
        parse_xml(etree.tostring(element)),
        plain_attachment_digest=lambda cid, uri: (digests or {}).get(cid),
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("algorithm", [crypto.RSA_SHA256, crypto.RSA_PSS_SHA256])
def test_content_signatures_verify_with_embedded_or_referenced_certificates(
    algorithm: str,
) -> None:
    signer = peers.client().signature_cert
    digests = {"klage 1.pdf": hashlib.sha256(DOCUMENT).digest()}
    embedded = _signed(algorithm=algorithm, plain_attachment_digests=digests)
    [report] = _verify(embedded, digests, certificates=[])
    assert report.ok
    assert report.signer == signer
    assert set(report.uris) == {"#content0", "#content1", "#content9", "cid:klage 1.pdf"}
    referenced = _signed(
        algorithm=algorithm, certificate_id=cert_id(Role.AUTHOR, Kind.SIGNATURE, signer)
    )
    [report] = _verify(referenced, certificates=[signer])
    assert report.ok
    assert content.parse_container(referenced).signature_count == 1


def test_content_signatures_name_the_changed_content() -> None:
    digests = {"klage 1.pdf": hashlib.sha256(DOCUMENT).digest()}
    element = _signed(plain_attachment_digests=digests)
    inline = element.find(f".//{ns.q(ns.OSCI, 'Base64Content')}[@Id='content9']")
    assert inline is not None
    inline.text = "QW5sYWdlIEI="  # "Anlage B"
    [report] = _verify(element, {"klage 1.pdf": hashlib.sha256(b"other").digest()}, certificates=[])
    assert not report.ok
    assert report.value_ok  # SignedInfo untouched
    failed = {(r.uri, r.reason) for r in report.references if not r.ok}
    assert failed == {("#content9", "digest mismatch"), ("cid:klage 1.pdf", "digest mismatch")}


def test_a_content_signature_survives_encryption() -> None:
    reader = addressee_reader()
    element = _signed(algorithm=crypto.RSA_PSS_SHA256)
    encrypted = content.encrypt_container(element, [reader], element_id="encdata_0")
    [opened] = content.open_package(
        ContentPackage((encrypted,)), peers.addressee().cipher, certificates_by_id=by_id(reader)
    )
    assert opened.container.signature_count == 1
    [report] = content.verify_container_signatures(
        opened.element, certificates=[], plain_attachment_digest=lambda cid, uri: None
    )
    assert report.ok


def test_a_content_signature_without_a_known_signer_is_refused() -> None:
    signer = peers.client().signature_cert
    element = _signed(certificate_id=cert_id(Role.AUTHOR, Kind.SIGNATURE, signer))
    with pytest.raises(StructureError, match="signer certificate not found"):
        _verify(element, certificates=[])
    cert_el_text = "AAAA"
    broken = _signed()
    x509_el = broken.find(f".//{ns.q(ns.DS, 'X509Certificate')}")
    assert x509_el is not None
    x509_el.text = cert_el_text
    with pytest.raises(CertificateError):
        _verify(broken, certificates=[])
