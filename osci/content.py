"""End-to-end content: ContentContainers, their encryption for readers, attachment encryption.

Sending: :func:`encrypt_attachment` streams an attachment through AES-256-GCM with its own key
(the transmitted bytes and their SHA-256 come out); :func:`build_container` writes the container
with inline Base64Content, ``Content href`` and the key-carrying EncryptedData per attachment;
:func:`encrypt_container` wraps it for the addressee and readers.

Receiving: :func:`open_package` decrypts the EncryptedData elements addressed to us and parses the
containers; :func:`decrypt_attachment` streams an attachment part back to plaintext (tag checked
before the caller may use the result); :func:`verify_container_signatures` checks content
signatures (EGVP senders do not sign containers, but a received one is shown).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from cryptography import x509
from lxml import etree

from osci import certs, codec, crypto, dsig, ns, xenc
from osci.codec import o, sub
from osci.errors import DecryptionError, StructureError
from osci.keys import Decrypter, Signer
from osci.messages import ContentPackage
from osci.model import AttachmentKey, Content, ContentContainer
from osci.xml import parse_xml

CHUNK = 1024 * 1024
Sink = Callable[[bytes], object]


@dataclass(frozen=True)
class EncryptedAttachment:
    """What :func:`encrypt_attachment` produced: the key for the container, the wire digest."""

    key: AttachmentKey
    size: int  # transmitted (encrypted) size
    sha256: bytes  # of the transmitted bytes, for the transport signature
    plain_size: int
    plain_sha256: bytes


def encrypt_attachment(
    content_id: str, source: BinaryIO, sink: Sink, *, iv_length: int = crypto.GCM_IV
) -> EncryptedAttachment:
    key = crypto.new_content_key()
    encryptor = crypto.GcmEncryptor(key, iv_length=iv_length)
    wire_hash, plain_hash = hashlib.sha256(), hashlib.sha256()
    size = plain_size = 0
    while chunk := source.read(CHUNK):
        plain_hash.update(chunk)
        plain_size += len(chunk)
        out = encryptor.update(chunk)
        wire_hash.update(out)
        size += len(out)
        sink(out)
    tail = encryptor.finalize()
    wire_hash.update(tail)
    size += len(tail)
    sink(tail)
    return EncryptedAttachment(
        key=AttachmentKey(content_id, key, crypto.AES256_GCM, iv_length),
        size=size,
        sha256=wire_hash.digest(),
        plain_size=plain_size,
        plain_sha256=plain_hash.digest(),
    )


def build_container(container: ContentContainer) -> etree._Element:
    """The plaintext ``osci:ContentContainer`` (with the five namespace declarations)."""
    element = etree.Element(o("ContentContainer"), nsmap=dict(ns.NSMAP5))
    element.set("Id", container.id)
    for content in container.contents:
        item = sub(element, o("Content"))
        if content.data is not None:
            sub(item, o("Base64Content"), codec.b64(content.data), Id=content.id or "")
        elif content.href is not None:
            if content.id is not None:
                item.set("Id", content.id)
            item.set("href", f"cid:{content.href}")
        elif content.container is not None:
            if content.id is not None:
                item.set("Id", content.id)
            item.append(build_container(content.container))
    for key in container.attachment_keys:
        xenc.attachment_reference(element, key.content_id, key.key, iv_length=key.iv_length or 16)
    return element


def encrypt_container(
    container: etree._Element,
    readers: Sequence[xenc.Reader],
    *,
    element_id: str,
    iv_length: int = crypto.GCM_IV,
) -> etree._Element:
    plaintext = etree.tostring(container, encoding="UTF-8")
    return xenc.encrypt_content(plaintext, readers, element_id=element_id, iv_length=iv_length)


# ---------------------------------------------------------------- receiving


@dataclass(frozen=True)
class OpenedContainer:
    container: ContentContainer
    element: etree._Element  # the verified plaintext container, for signature checks
    encrypted: bool


def open_package(
    package: ContentPackage,
    decrypter: Decrypter | None,
    *,
    certificates_by_id: Mapping[str, x509.Certificate],
    policy: crypto.Policy = crypto.DEFAULT_POLICY,
) -> tuple[OpenedContainer, ...]:
    opened: list[OpenedContainer] = []
    for item in package.items:
        if item.tag == o("ContentContainer"):
            opened.append(OpenedContainer(parse_container(item), item, False))
            continue
        if decrypter is None:
            raise DecryptionError(what="content", reason="encrypted content and no key")
        info = xenc.parse_encrypted_data(item)
        plaintext = xenc.decrypt_inline(
            info,
            decrypter,
            certificates_by_id=certificates_by_id,
            policy=policy,
            what=f"content {item.get('Id') or ''}".strip(),
        )
        root = parse_xml(plaintext, document=item.get("Id") or "EncryptedData")
        if root.tag != o("ContentContainer"):
            raise StructureError(element="EncryptedData", reason="does not hold a ContentContainer")
        opened.append(OpenedContainer(parse_container(root), root, True))
    return tuple(opened)


def parse_container(element: etree._Element) -> ContentContainer:
    container_id = element.get("Id")
    if container_id is None:
        raise StructureError(element="osci:ContentContainer", reason="has no Id")
    contents: list[Content] = []
    keys: list[AttachmentKey] = []
    signatures = 0
    stage = 0  # Signature* Content* EncryptedData* (XSD sequence)
    for child in codec.children(element):
        if child.tag == ns.q(ns.DS, "Signature"):
            if stage > 0:
                raise StructureError(
                    element="osci:ContentContainer", reason="ds:Signature out of order"
                )
            signatures += 1
        elif child.tag == o("Content"):
            if stage > 1:
                raise StructureError(
                    element="osci:ContentContainer", reason="Content after EncryptedData"
                )
            stage = 1
            contents.append(_parse_content(child))
        elif child.tag == xenc.x("EncryptedData"):
            stage = 2
            keys.append(_attachment_key(child))
        else:
            raise StructureError(element="osci:ContentContainer", reason=f"unexpected {child.tag}")
    return ContentContainer(container_id, tuple(contents), tuple(keys), signatures)


def _parse_content(element: etree._Element) -> Content:
    href = element.get("href")
    inline = element.find(o("Base64Content"))
    nested = element.find(o("ContentContainer"))
    if href is not None:
        if not href.startswith("cid:"):
            raise StructureError(element="osci:Content/@href", reason=f"not a cid: URI: {href!r}")
        return Content(id=element.get("Id"), href=href[4:])
    if inline is not None:
        return Content(id=inline.get("Id"), data=codec.unb64(inline.text, "osci:Base64Content"))
    if nested is not None:
        return Content(id=element.get("Id"), container=parse_container(nested))
    raise StructureError(element="osci:Content", reason="neither data, href nor container")


def _attachment_key(element: etree._Element) -> AttachmentKey:
    info = xenc.parse_encrypted_data(element)
    if info.mgmt_key is None or info.cipher_reference is None:
        raise StructureError(
            element="xenc:EncryptedData", reason="attachment entry without MgmtData or reference"
        )
    return AttachmentKey(
        content_id=info.cipher_reference,
        key=info.mgmt_key,
        algorithm=info.algorithm,
        iv_length=None if info.iv_length == crypto.LEGACY_GCM_IV else info.iv_length,
    )


def decrypt_attachment(
    key: AttachmentKey,
    source: BinaryIO,
    sink: Sink,
    *,
    policy: crypto.Policy = crypto.DEFAULT_POLICY,
) -> tuple[int, bytes]:
    """Stream an attachment part to plaintext; returns (size, SHA-256) of the plaintext.

    ``sink`` receives unauthenticated bytes: it must write to quarantine, and the caller may use
    them only when this function returned (it raises :class:`DecryptionError` otherwise).
    """
    crypto.check_allowed(key.algorithm, policy)
    if len(key.key) != crypto.key_length(key.algorithm):
        raise DecryptionError(what=key.content_id, reason="key length does not fit the algorithm")
    if key.algorithm not in (crypto.AES128_GCM, crypto.AES192_GCM, crypto.AES256_GCM):
        plain = crypto.decrypt_symmetric(
            key.algorithm,
            key.key,
            source.read(),
            iv_length=None,
            policy=policy,
            what=key.content_id,
        )
        sink(plain)
        return len(plain), hashlib.sha256(plain).digest()
    decryptor = crypto.GcmDecryptor(
        key.key, iv_length=key.iv_length or crypto.LEGACY_GCM_IV, what=key.content_id
    )
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        out = decryptor.update(chunk)
        digest.update(out)
        size += len(out)
        sink(out)
    out = decryptor.finalize()
    digest.update(out)
    sink(out)
    return size + len(out), digest.digest()


# ---------------------------------------------------------------- content signatures


def verify_container_signatures(
    container: etree._Element,
    *,
    certificates: Sequence[x509.Certificate],
    plain_attachment_digest: Callable[[str, str], bytes | None],
    policy: crypto.Policy = crypto.DEFAULT_POLICY,
) -> tuple[dsig.SignatureReport, ...]:
    """Check every ds:Signature of a container (osci.md §6.2).

    The signer is found by RetrievalMethod among ``certificates`` (by their Ids) or from an
    embedded certificate. References resolve only inside this container.
    """
    ids = dsig.index_ids(container)
    by_id = {}
    for cert in certificates:
        for role in certs.Role:
            for kind in certs.Kind:
                by_id[certs.cert_id(role, kind, cert)] = cert
    reports = []
    for signature in container.iterfind(ns.q(ns.DS, "Signature")):
        parsed = dsig.parse_signature(signature)
        signer = parsed.embedded_certificate
        if parsed.retrieval_uri is not None:
            signer = by_id.get(parsed.retrieval_uri.removeprefix("#"), signer)
        if signer is None:
            raise StructureError(element="ds:Signature", reason="signer certificate not found")

        def resolve(ref: dsig.ParsedReference) -> bytes | None:
            target = ids.get(ref.uri.removeprefix("#")) if ref.uri.startswith("#") else None
            return None if target is None else dsig.apply_transforms(target, ref.transforms)

        reports.append(
            dsig.verify(
                parsed, signer, resolve, policy=policy, attachment_digest=plain_attachment_digest
            )
        )
    return tuple(reports)


def sign_container(
    container: etree._Element,
    signer: Signer,
    *,
    certificate_id: str | None = None,
    algorithm: str = crypto.RSA_SHA256,
    plain_attachment_digests: Mapping[str, bytes] | None = None,
) -> etree._Element:
    """A content signature as the reference library writes it (only used for tests and interop:
    EGVP forbids container signatures for court submissions)."""
    refs = []
    for item in container.iter(o("Base64Content")):
        refs.append(
            dsig.ReferenceSpec(
                uri=f"#{item.get('Id')}",
                data=codec.unb64(item.text, "Base64Content"),
                transforms=(ns.BASE64_TRANSFORM,),
            )
        )
    for cid, value in (plain_attachment_digests or {}).items():
        refs.append(dsig.ReferenceSpec(uri=f"cid:{cid}", transforms=(), digest_value=value))
    key_info = None
    if certificate_id is not None:
        key_info = dsig.retrieval_key_info(certificate_id)
    else:
        key_info = etree.Element(ns.q(ns.DS, "KeyInfo"))
        data = sub(key_info, ns.q(ns.DS, "X509Data"))
        sub(data, ns.q(ns.DS, "X509Certificate"), certs.to_b64(signer.certificate))
    return dsig.build_signature(
        container, refs, signer, algorithm=algorithm, key_info=key_info, index=0
    )
