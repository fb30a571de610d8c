"""Independent cross-check of our XML Encryption and content signatures with xmlsec1 and openssl.

xmlsec1 1.2.x (Debian bookworm: 1.2.37) knows AES-256-GCM and RSA-SHA256 but neither the XMLEnc 1.1
``rsa-oaep`` URI with MGF1-SHA-256 / SHA-256 nor RSA-PSS (both arrived in xmlsec 1.3); its
``rsa-oaep-mgf1p`` is SHA-1 only. So the checks are split where xmlsec1 stops (decision 0103):

* the RSA-OAEP key transport (MGF1-SHA-256, SHA-256) is checked with ``openssl pkeyutl``;
* the AES-256-GCM EncryptedData (with our ``osci128:IvLength`` inside EncryptionMethod) with
  ``xmlsec1 --decrypt`` / ``--encrypt`` and a named AES key;
* RSA-SHA256 content signatures with ``xmlsec1 --verify``; RSA-PSS (salt 32) with ``openssl
  pkeyutl -verify`` over the canonical SignedInfo whose bytes the RSA-SHA256 check confirmed;
* the full xmlsec1 encryption (session key wrapped with ``rsa-oaep-mgf1p``) is read by our code
  with ``Policy(legacy_read=True)`` and refused by the default policy.

Without xmlsec1/openssl the tests skip locally and fail in CI.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from lxml import etree

from osci import content, crypto, ns, xenc
from osci.certs import Kind, Role, cert_id
from osci.errors import DecryptionError, WeakAlgorithm
from osci.keys import Pkcs12Identity
from osci.messages import ContentPackage
from osci.model import AttachmentKey, Content, ContentContainer
from osci.xml import parse_xml
from tests.helpers.certs import CIPHER_USAGE, SIGNATURE_USAGE, certificate

OSCI_BASE64_CONTENT = f"{ns.OSCI}:Base64Content"
LEGACY = crypto.Policy(legacy_read=True)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed (scripts/setup.sh installs it)", pytrace=False)
        pytest.skip(f"{name} not installed")
    return path


@dataclass(frozen=True)
class Tools:
    xmlsec1: str
    openssl: str
    workdir: Path

    def run(self, *args: str | Path, ok: bool = True) -> subprocess.CompletedProcess[bytes]:
        done = subprocess.run(
            [str(a) for a in args], capture_output=True, cwd=self.workdir, timeout=60, check=False
        )
        if ok:
            assert done.returncode == 0, done.stderr.decode(errors="replace")
        return done

    def file(self, name: str, data: bytes) -> Path:
        path = self.workdir / name
        path.write_bytes(data)
        return path


@pytest.fixture
def tools(tmp_path: Path) -> Tools:
    return Tools(_tool("xmlsec1"), _tool("openssl"), tmp_path)


@dataclass(frozen=True)
class Keyholder:
    """An identity whose private key we can hand to the command line tools."""

    identity: Pkcs12Identity
    key: rsa.RSAPrivateKey

    @property
    def cert(self) -> x509.Certificate:
        return self.identity.certificate

    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def cert_pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def public_pem(self) -> bytes:
        return self.cert.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )


def _holder(name: str, usage: dict[str, bool], slot: int) -> Keyholder:
    # Slots shared with tests/osci/peers.py: the (cached) keys are reused, only the certs are new.
    key, cert = certificate(name, usage=usage, slot=slot)
    return Keyholder(Pkcs12Identity(key, cert), key)


@pytest.fixture(scope="module")
def reader() -> Keyholder:
    return _holder("xmlsec1 Leser", CIPHER_USAGE, 20)


@pytest.fixture(scope="module")
def other_reader() -> Keyholder:
    return _holder("xmlsec1 anderer Leser", CIPHER_USAGE, 10)


@pytest.fixture(scope="module")
def author() -> Keyholder:
    return _holder("xmlsec1 Autor", SIGNATURE_USAGE, 11)


def reader_id(holder: Keyholder, role: Role = Role.ADDRESSEE) -> str:
    return cert_id(role, Kind.CIPHER, holder.cert, 0 if role is Role.READER else None)


def sample_container() -> ContentContainer:
    """Inline data, an attachment reference with its key, and a nested container."""
    nested = ContentContainer("inner", (Content(id="content2", data="Grüße".encode()),))
    return ContentContainer(
        "project_coco",
        (
            Content(id="content0", data=b"<Nachricht>Hallo</Nachricht>"),
            Content(id="content1", data=bytes(range(256)) * 20),
            Content(id="ref_klage", href="klage.pdf"),
            Content(id="nested", container=nested),
        ),
        (AttachmentKey("klage.pdf", bytes(range(32)), crypto.AES256_GCM, 12),),
    )


def plaintext_of(container: etree._Element) -> bytes:
    # What encrypt_container encrypts (osci.content.encrypt_container).
    return etree.tostring(container, encoding="UTF-8")


def _x(local: str) -> str:
    return ns.q(ns.XENC, local)


def _d(local: str) -> str:
    return ns.q(ns.DS, local)


def _encrypted_key_for(data: etree._Element, retrieval_id: str) -> etree._Element:
    for key in data.iterfind(f"{_d('KeyInfo')}/{_x('EncryptedKey')}"):
        method = key.find(f"{_d('KeyInfo')}/{_d('RetrievalMethod')}")
        if method is not None and method.get("URI") == f"#{retrieval_id}":
            return key
    raise AssertionError(f"no EncryptedKey for {retrieval_id}")


def _with_key_name(data: etree._Element, name: str) -> etree._Element:
    """A copy of EncryptedData whose KeyInfo names an AES key instead of carrying EncryptedKeys."""
    copy = etree.fromstring(etree.tostring(data))
    info = copy.find(_d("KeyInfo"))
    assert info is not None
    for child in list(info):
        info.remove(child)
    etree.SubElement(info, _d("KeyName")).text = name
    return copy


def _oaep_opts() -> tuple[str, ...]:
    return (
        "-pkeyopt", "rsa_padding_mode:oaep",
        "-pkeyopt", "rsa_oaep_md:sha256",
        "-pkeyopt", "rsa_mgf1_md:sha256",
    )  # fmt: skip


# ---------------------------------------------------------------- (a) xmlsec1 decrypts ours


@pytest.mark.parametrize("addressed", ["addressee", "reader"])
def test_xmlsec1_and_openssl_decrypt_our_content_encrypted_data(
    tools: Tools, reader: Keyholder, other_reader: Keyholder, addressed: str
) -> None:
    element = content.build_container(sample_container())
    plaintext = plaintext_of(element)
    role = Role.ADDRESSEE if addressed == "addressee" else Role.READER
    readers = [
        xenc.Reader(other_reader.cert, reader_id(other_reader)),
        xenc.Reader(reader.cert, reader_id(reader, role)),
    ]
    encrypted = content.encrypt_container(element, readers, element_id="encdata_0")

    # The shape xmlsec1 and openssl are told about: AES-256-GCM with IvLength 12, RSA-OAEP with
    # MGF1-SHA-256 and SHA-256 (osci.md §7.2).
    method = encrypted.find(_x("EncryptionMethod"))
    assert method is not None
    assert method.get("Algorithm") == crypto.AES256_GCM
    assert method.find(ns.q(ns.OSCI128, "IvLength")).get("Value") == "12"  # type: ignore[union-attr]
    encrypted_key = _encrypted_key_for(encrypted, reader_id(reader, role))
    key_method = encrypted_key.find(_x("EncryptionMethod"))
    assert key_method is not None
    assert key_method.get("Algorithm") == crypto.RSA_OAEP
    assert key_method.find(ns.q(ns.XENC11, "MGF")).get("Algorithm") == crypto.MGF1_SHA256  # type: ignore[union-attr]
    assert key_method.find(_d("DigestMethod")).get("Algorithm") == crypto.SHA256  # type: ignore[union-attr]

    # openssl unwraps the content key from our EncryptedKey ...
    wrapped = encrypted_key.findtext(f"{_x('CipherData')}/{_x('CipherValue')}")
    tools.file("reader.pem", reader.key_pem())
    tools.file("wrapped.bin", base64.b64decode(wrapped or ""))
    tools.run(
        tools.openssl, "pkeyutl", "-decrypt", "-inkey", "reader.pem",
        "-in", "wrapped.bin", "-out", "content.key", *_oaep_opts(),
    )  # fmt: skip
    assert len((tools.workdir / "content.key").read_bytes()) == 32

    # ... and xmlsec1 decrypts the EncryptedData (IvLength element and all) with that key.
    tools.file("encrypted.xml", etree.tostring(_with_key_name(encrypted, "content-key")))
    tools.run(
        tools.xmlsec1, "--decrypt", "--aeskey:content-key", "content.key",
        "--output", "plain.xml", "encrypted.xml",
    )  # fmt: skip
    assert (tools.workdir / "plain.xml").read_bytes() == plaintext


def test_xmlsec1_refuses_our_ciphertext_after_a_flipped_byte(
    tools: Tools, reader: Keyholder
) -> None:
    element = content.build_container(sample_container())
    key = crypto.new_content_key()
    encrypted = xenc.encrypt_content(
        plaintext_of(element), [xenc.Reader(reader.cert, reader_id(reader))], element_id="e0"
    )
    # Re-encrypt with a key we know, so only xmlsec1 is involved in the check.
    value = encrypted.find(f"{_x('CipherData')}/{_x('CipherValue')}")
    assert value is not None
    blob = bytearray(crypto.gcm_encrypt(key, plaintext_of(element)))
    blob[40] ^= 0x01
    value.text = base64.b64encode(bytes(blob)).decode()
    tools.file("content.key", key)
    tools.file("encrypted.xml", etree.tostring(_with_key_name(encrypted, "k")))
    done = tools.run(
        tools.xmlsec1, "--decrypt", "--aeskey:k", "content.key", "encrypted.xml", ok=False
    )
    assert done.returncode != 0
    assert not done.stdout


# ---------------------------------------------------------------- (b) content signatures


def _signed_container(
    author: Keyholder, algorithm: str, *, retrieval: bool
) -> tuple[etree._Element, etree._Element]:
    element = content.build_container(sample_container())
    certificate_id = cert_id(Role.AUTHOR, Kind.SIGNATURE, author.cert) if retrieval else None
    signature = content.sign_container(
        element, author.identity, certificate_id=certificate_id, algorithm=algorithm
    )
    return element, signature


def _xmlsec1_verify(
    tools: Tools, author: Keyholder, document: bytes
) -> subprocess.CompletedProcess[bytes]:
    tools.file("author.pem", author.cert_pem())
    tools.file("signed.xml", document)
    # Our Ids are plain attributes: tell xmlsec1 which ones count as IDs. "--enabled-key-data rsa"
    # makes it take the key we give instead of following KeyInfo (RetrievalMethod/X509Data).
    return tools.run(
        tools.xmlsec1, "--verify", "--id-attr:Id", OSCI_BASE64_CONTENT,
        "--pubkey-cert-pem", "author.pem", "--enabled-key-data", "rsa", "signed.xml",
        ok=False,
    )  # fmt: skip


@pytest.mark.parametrize("retrieval", [False, True], ids=["x509-in-keyinfo", "retrieval-method"])
def test_xmlsec1_verifies_our_rsa_sha256_content_signature(
    tools: Tools, author: Keyholder, retrieval: bool
) -> None:
    element, signature = _signed_container(author, crypto.RSA_SHA256, retrieval=retrieval)
    uris = [r.get("URI") for r in signature.iter(_d("Reference"))]
    assert uris == ["#content0", "#content1", "#content2"]  # nested inline data too
    done = _xmlsec1_verify(tools, author, etree.tostring(element))
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert b"OK" in done.stderr
    assert b"SignedInfo References (ok/all): 3/3" in done.stderr


def test_xmlsec1_detects_a_changed_base64_content(tools: Tools, author: Keyholder) -> None:
    element, _signature = _signed_container(author, crypto.RSA_SHA256, retrieval=False)
    inline = element.find(f".//{ns.q(ns.OSCI, 'Base64Content')}[@Id='content1']")
    assert inline is not None
    assert inline.text is not None
    inline.text = base64.b64encode(b"X" + base64.b64decode(inline.text)[1:]).decode()
    done = _xmlsec1_verify(tools, author, etree.tostring(element))
    assert done.returncode != 0
    assert b"data and digest do not match" in done.stderr  # a reference, not the value
    reports = content.verify_container_signatures(
        parse_xml(etree.tostring(element)),
        certificates=[],
        plain_attachment_digest=lambda cid, uri: None,
    )
    assert [(r.uri, r.ok) for r in reports[0].references if not r.ok] == [("#content1", False)]


def _xmlsec1_knows(tools: Tools, transform: str) -> bool:
    done = tools.run(tools.xmlsec1, "--list-transforms", ok=False)
    return f'"{transform}"'.encode() in done.stdout + done.stderr


def test_rsa_pss_content_signature_verifies_with_openssl(tools: Tools, author: Keyholder) -> None:
    """xmlsec1 1.2 has no sha256-rsa-MGF1; openssl checks the PSS value (salt 32, MGF1-SHA-256)
    over the canonical SignedInfo. Those bytes are the ones the RSA-SHA256 test has xmlsec1 agree
    with (same canonicalisation code)."""
    element, signature = _signed_container(author, crypto.RSA_PSS_SHA256, retrieval=False)
    reparsed = parse_xml(etree.tostring(element))
    signed_info = reparsed.find(f"{_d('Signature')}/{_d('SignedInfo')}")
    assert signed_info is not None
    canonical = etree.tostring(signed_info, method="c14n", exclusive=False, with_comments=False)
    value = base64.b64decode(signature.findtext(_d("SignatureValue")) or "")
    tools.file("author_pub.pem", author.public_pem())
    tools.file("digest.bin", hashlib.sha256(canonical).digest())
    tools.file("signature.bin", value)
    pss = (
        "-pkeyopt", "rsa_padding_mode:pss", "-pkeyopt", "rsa_pss_saltlen:32",
        "-pkeyopt", "rsa_mgf1_md:sha256", "-pkeyopt", "digest:sha256",
    )  # fmt: skip
    done = tools.run(
        tools.openssl, "pkeyutl", "-verify", "-pubin", "-inkey", "author_pub.pem",
        "-in", "digest.bin", "-sigfile", "signature.bin", *pss,
    )  # fmt: skip
    assert b"Signature Verified Successfully" in done.stdout
    # A salt length other than 32 does not verify: the salt really is 32 bytes.
    wrong = [p.replace("saltlen:32", "saltlen:64") for p in pss]
    refused = tools.run(
        tools.openssl, "pkeyutl", "-verify", "-pubin", "-inkey", "author_pub.pem",
        "-in", "digest.bin", "-sigfile", "signature.bin", *wrong, ok=False,
    )  # fmt: skip
    assert refused.returncode != 0


def test_rsa_pss_content_signature_verifies_with_xmlsec1_when_it_knows_pss(
    tools: Tools, author: Keyholder
) -> None:
    if not _xmlsec1_knows(tools, "rsa-pss-sha256"):
        pytest.skip("this xmlsec1 has no RSA-PSS (added in xmlsec 1.3); openssl checks PSS")
    element, _signature = _signed_container(author, crypto.RSA_PSS_SHA256, retrieval=False)
    done = _xmlsec1_verify(tools, author, etree.tostring(element))
    assert done.returncode == 0, done.stderr.decode(errors="replace")


# ---------------------------------------------------------------- (c) we decrypt xmlsec1's


def _template(*, iv_length: int | None, key_info: str) -> bytes:
    iv = (
        ""
        if iv_length is None
        else f'<osci128:IvLength xmlns:osci128="{ns.OSCI128}" Value="{iv_length}"/>'
    )
    return f"""<xenc:EncryptedData xmlns:xenc="{ns.XENC}" xmlns:ds="{ns.DS}"
    Id="encdata_0" MimeType="text/xml">
<xenc:EncryptionMethod Algorithm="{crypto.AES256_GCM}">{iv}</xenc:EncryptionMethod>
<ds:KeyInfo>{key_info}</ds:KeyInfo>
<xenc:CipherData><xenc:CipherValue/></xenc:CipherData>
</xenc:EncryptedData>""".encode()


_XMLSEC_ENCRYPTED_KEY = f"""<xenc:EncryptedKey>
<xenc:EncryptionMethod Algorithm="{crypto.RSA_OAEP_MGF1P}"/>
<ds:KeyInfo><ds:X509Data><ds:X509Certificate/></ds:X509Data></ds:KeyInfo>
<xenc:CipherData><xenc:CipherValue/></xenc:CipherData>
</xenc:EncryptedKey>"""


def _xmlsec1_encrypt(tools: Tools, plaintext: bytes, template: bytes, *keys: str) -> bytes:
    tools.file("container.xml", plaintext)
    tools.file("template.xml", template)
    tools.run(
        tools.xmlsec1, "--encrypt", *keys, "--binary-data", "container.xml",
        "--output", "encrypted.xml", "template.xml",
    )  # fmt: skip
    return (tools.workdir / "encrypted.xml").read_bytes()


def test_we_decrypt_what_xmlsec1_encrypted_for_our_certificate(
    tools: Tools, reader: Keyholder
) -> None:
    """xmlsec1 does it all: session key, AES-256-GCM, key transport (rsa-oaep-mgf1p = SHA-1,
    the only OAEP xmlsec1 1.2 has), X509Certificate in EncryptedKey. SHA-1 OAEP is legacy for us."""
    element = content.build_container(sample_container())
    plaintext = plaintext_of(element)
    tools.file("reader_cert.pem", reader.cert_pem())
    produced = _xmlsec1_encrypt(
        tools,
        plaintext,
        _template(iv_length=12, key_info=_XMLSEC_ENCRYPTED_KEY),
        "--pubkey-cert-pem", "reader_cert.pem", "--session-key", "aes-256",
    )  # fmt: skip
    info = xenc.parse_encrypted_data(parse_xml(produced))
    assert info.iv_length == 12
    assert info.keys[0].certificate == reader.cert
    assert info.keys[0].transport == crypto.KeyTransport(
        crypto.RSA_OAEP_MGF1P, crypto.MGF1_SHA1, crypto.SHA1
    )
    decrypted = xenc.decrypt_inline(
        info, reader.identity, certificates_by_id={}, policy=LEGACY, what="content"
    )
    assert decrypted == plaintext
    with pytest.raises(WeakAlgorithm):
        xenc.decrypt_inline(info, reader.identity, certificates_by_id={}, what="content")

    opened = content.open_package(
        ContentPackage((parse_xml(produced),)),
        reader.identity,
        certificates_by_id={},
        policy=LEGACY,
    )
    assert opened[0].encrypted
    assert opened[0].container == content.parse_container(element)


def test_we_decrypt_xmlsec1_gcm_with_a_key_openssl_wrapped_the_osci_way(
    tools: Tools, reader: Keyholder
) -> None:
    """The default policy end to end: xmlsec1 writes the AES-256-GCM cipher text, openssl wraps the
    key with RSA-OAEP (MGF1-SHA-256, SHA-256); we add the EncryptedKey as OSCI writes it."""
    element = content.build_container(sample_container())
    plaintext = plaintext_of(element)
    key = crypto.new_content_key()
    tools.file("content.key", key)
    tools.file("reader_pub.pem", reader.public_pem())
    tools.run(
        tools.openssl, "pkeyutl", "-encrypt", "-pubin", "-inkey", "reader_pub.pem",
        "-in", "content.key", "-out", "wrapped.bin", *_oaep_opts(),
    )  # fmt: skip
    produced = _xmlsec1_encrypt(
        tools,
        plaintext,
        _template(iv_length=12, key_info="<ds:KeyName>content-key</ds:KeyName>"),
        "--aeskey:content-key", "content.key",
    )  # fmt: skip
    root = parse_xml(produced)
    info_el = root.find(_d("KeyInfo"))
    assert info_el is not None
    for child in list(info_el):
        info_el.remove(child)
    wrapped = (tools.workdir / "wrapped.bin").read_bytes()
    target = reader_id(reader, Role.READER)
    xenc.encrypted_key(info_el, wrapped, transport=crypto.DEFAULT_TRANSPORT, retrieval_id=target)
    opened = content.open_package(
        ContentPackage((root,)), reader.identity, certificates_by_id={target: reader.cert}
    )
    assert opened[0].container == content.parse_container(element)
    assert etree.tostring(opened[0].element, encoding="UTF-8") == plaintext


def test_without_iv_length_xmlsec1_gcm_is_read_as_osci_legacy_16_byte_iv_and_refused(
    tools: Tools, reader: Keyholder
) -> None:
    """XMLEnc 1.1 fixes the GCM IV at 12 bytes; OSCI reads an absent IvLength as 16 (osci.md §7.1).
    A standard document without IvLength therefore fails authentication: a typed error, no
    garbage plaintext."""
    key = crypto.new_content_key()
    tools.file("content.key", key)
    produced = _xmlsec1_encrypt(
        tools,
        b"<x/>",
        _template(iv_length=None, key_info="<ds:KeyName>k</ds:KeyName>"),
        "--aeskey:k", "content.key",
    )  # fmt: skip
    info = xenc.parse_encrypted_data(parse_xml(produced))
    assert info.iv_length == crypto.LEGACY_GCM_IV
    assert info.cipher_value is not None
    with pytest.raises(DecryptionError):
        crypto.decrypt_symmetric(info.algorithm, key, info.cipher_value, iv_length=info.iv_length)
    assert crypto.decrypt_symmetric(info.algorithm, key, info.cipher_value, iv_length=12) == (
        b"<x/>"
    )
