"""XML Encryption as OSCI uses it (osci.md §7): EncryptedData/EncryptedKey build and parse.

Three shapes: the transport envelope (EncryptedKey carries the recipient certificate, cipher text
in the ``cid:osci_enc`` part), content containers (one EncryptedKey per reader pointing into
NonIntermediaryCertificates, cipher text inline), and attachments (key in ``ds:MgmtData`` inside
the encrypted container, cipher text in the attachment's MIME part).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cryptography import x509
from lxml import etree

from osci import certs, crypto, ns
from osci.codec import b64, sub, unb64
from osci.errors import DecryptionError, NoMatchingKey, StructureError
from osci.keys import Decrypter

X, DS = ns.XENC, ns.DS


def x(local: str) -> str:
    return ns.q(X, local)


def d(local: str) -> str:
    return ns.q(DS, local)


# ---------------------------------------------------------------- building


def encryption_method(parent: etree._Element, algorithm: str, iv_length: int) -> None:
    method = sub(parent, x("EncryptionMethod"), Algorithm=algorithm)
    if iv_length != crypto.LEGACY_GCM_IV:  # absent IvLength means 16 (osci.md §7.1)
        etree.SubElement(
            method,
            ns.q(ns.OSCI128, "IvLength"),
            attrib={"Value": str(iv_length)},
            nsmap={"osci128": ns.OSCI128},
        )


def encrypted_key(
    parent: etree._Element,
    wrapped: bytes,
    *,
    transport: crypto.KeyTransport,
    certificate: x509.Certificate | None = None,
    retrieval_id: str | None = None,
) -> None:
    """One ``xenc:EncryptedKey``: to an embedded certificate or via RetrievalMethod."""
    key = sub(parent, x("EncryptedKey"))
    method = sub(key, x("EncryptionMethod"), Algorithm=transport.algorithm)
    if transport.algorithm == crypto.RSA_OAEP:
        etree.SubElement(
            method,
            ns.q(ns.XENC11, "MGF"),
            attrib={"Algorithm": transport.mgf},
            nsmap={"xenc11": ns.XENC11},
        )
    if transport.algorithm != crypto.RSA_1_5:
        sub(method, d("DigestMethod"), Algorithm=transport.digest)
    info = sub(key, d("KeyInfo"))
    if certificate is not None:
        sub(sub(info, d("X509Data")), d("X509Certificate"), certs.to_b64(certificate))
    else:
        sub(info, d("RetrievalMethod"), Type=ns.X509DATA_TYPE, URI=f"#{retrieval_id}")
    sub(sub(key, x("CipherData")), x("CipherValue"), b64(wrapped))


@dataclass(frozen=True)
class Reader:
    """A certificate the content key is wrapped for, with its Id in NonIntermediaryCertificates."""

    certificate: x509.Certificate
    id: str


def encrypt_content(
    plaintext: bytes,
    readers: Sequence[Reader],
    *,
    element_id: str,
    iv_length: int = crypto.GCM_IV,
    transport: crypto.KeyTransport = crypto.DEFAULT_TRANSPORT,
) -> etree._Element:
    """``xenc:EncryptedData`` with the cipher text inline (a serialized ContentContainer)."""
    if not readers:
        raise ValueError("content encryption needs at least one reader")
    key = crypto.new_content_key()
    element = etree.Element(x("EncryptedData"), nsmap=dict(ns.NSMAP5))
    element.set("Id", element_id)
    element.set("MimeType", "text/xml")
    encryption_method(element, crypto.AES256_GCM, iv_length)
    info = sub(element, d("KeyInfo"))
    for reader in readers:
        wrapped = crypto.wrap_key(reader.certificate.public_key(), key, transport)
        encrypted_key(info, wrapped, transport=transport, retrieval_id=reader.id)
    cipher = crypto.gcm_encrypt(key, plaintext, iv_length=iv_length)
    sub(sub(element, x("CipherData")), x("CipherValue"), b64(cipher))
    return element


def attachment_reference(
    parent: etree._Element, content_id: str, key: bytes, *, iv_length: int = crypto.GCM_IV
) -> etree._Element:
    """The EncryptedData inside a container that carries an attachment's key (``ds:MgmtData``)."""
    element = sub(parent, x("EncryptedData"), Id=f"Attachment{content_id}", MimeType="text/xml")
    encryption_method(element, crypto.AES256_GCM, iv_length)
    sub(sub(element, d("KeyInfo")), d("MgmtData"), b64(key))
    ref = sub(sub(element, x("CipherData")), x("CipherReference"), URI=f"cid:{content_id}")
    sub(sub(ref, x("Transforms")), d("Transform"), Algorithm=ns.BASE64_TRANSFORM)
    return element


# ---------------------------------------------------------------- parsing


@dataclass(frozen=True)
class EncryptedKeyInfo:
    transport: crypto.KeyTransport
    wrapped: bytes
    certificate: x509.Certificate | None
    retrieval_id: str | None


@dataclass(frozen=True)
class EncryptedDataInfo:
    element: etree._Element
    algorithm: str
    iv_length: int
    keys: tuple[EncryptedKeyInfo, ...]
    mgmt_key: bytes | None
    cipher_value: bytes | None
    cipher_reference: str | None  # content id, without "cid:"


def parse_encrypted_data(element: etree._Element) -> EncryptedDataInfo:
    method = element.find(x("EncryptionMethod"))
    if method is None or not method.get("Algorithm"):
        raise StructureError(element="xenc:EncryptionMethod", reason="missing")
    iv_el = method.find(ns.q(ns.OSCI128, "IvLength"))
    iv_length = crypto.LEGACY_GCM_IV
    if iv_el is not None:
        value = iv_el.get("Value") or ""
        if not value.isdigit():
            raise StructureError(element="osci128:IvLength", reason="not a number")
        iv_length = int(value)
    info = element.find(d("KeyInfo"))
    keys: list[EncryptedKeyInfo] = []
    mgmt = None
    if info is not None:
        keys = [_parse_encrypted_key(k) for k in info.iterfind(x("EncryptedKey"))]
        mgmt_el = info.find(d("MgmtData"))
        if mgmt_el is not None:
            mgmt = unb64(mgmt_el.text, "ds:MgmtData")
    cipher = element.find(x("CipherData"))
    if cipher is None:
        raise StructureError(element="xenc:CipherData", reason="missing")
    value_el = cipher.find(x("CipherValue"))
    ref_el = cipher.find(x("CipherReference"))
    reference = None
    if ref_el is not None:
        uri = ref_el.get("URI") or ""
        if not uri.startswith("cid:"):
            raise StructureError(element="xenc:CipherReference", reason=f"not a cid: URI: {uri!r}")
        reference = uri[4:]
    if (value_el is None) == (ref_el is None):
        raise StructureError(
            element="xenc:CipherData", reason="needs CipherValue or CipherReference"
        )
    return EncryptedDataInfo(
        element=element,
        algorithm=method.get("Algorithm") or "",
        iv_length=iv_length,
        keys=tuple(keys),
        mgmt_key=mgmt,
        cipher_value=None if value_el is None else unb64(value_el.text, "xenc:CipherValue"),
        cipher_reference=reference,
    )


def _parse_encrypted_key(element: etree._Element) -> EncryptedKeyInfo:
    method = element.find(x("EncryptionMethod"))
    if method is None:
        raise StructureError(element="xenc:EncryptedKey/EncryptionMethod", reason="missing")
    algorithm = method.get("Algorithm") or ""
    mgf_el = method.find(ns.q(ns.XENC11, "MGF"))
    digest_el = method.find(d("DigestMethod"))
    transport = crypto.KeyTransport(
        algorithm=algorithm,
        mgf=crypto.MGF1_SHA1 if mgf_el is None else mgf_el.get("Algorithm") or "",
        # XMLEnc 1.1: no DigestMethod in OAEP means SHA-1 (osci.md §8).
        digest=crypto.SHA1 if digest_el is None else digest_el.get("Algorithm") or "",
    )
    cert_el = element.find(f"{d('KeyInfo')}/{d('X509Data')}/{d('X509Certificate')}")
    retrieval = element.find(f"{d('KeyInfo')}/{d('RetrievalMethod')}")
    retrieval_id = None
    if retrieval is not None:
        retrieval_id = (retrieval.get("URI") or "").removeprefix("#")
    value = element.find(f"{x('CipherData')}/{x('CipherValue')}")
    return EncryptedKeyInfo(
        transport=transport,
        wrapped=unb64(None if value is None else value.text, "EncryptedKey/CipherValue"),
        certificate=None
        if cert_el is None
        else certs.from_b64(cert_el.text or "", role="recipient"),
        retrieval_id=retrieval_id,
    )


def unwrap_for(
    info: EncryptedDataInfo,
    decrypter: Decrypter,
    *,
    certificates_by_id: Mapping[str, x509.Certificate],
    policy: crypto.Policy = crypto.DEFAULT_POLICY,
    what: str,
) -> bytes:
    """The symmetric key of ``info``, from the EncryptedKey addressed to ``decrypter``."""
    mine = certs.der(decrypter.certificate)
    for key in info.keys:
        target = key.certificate
        if target is None and key.retrieval_id is not None:
            target = certificates_by_id.get(key.retrieval_id)
        if target is not None and certs.der(target) == mine:
            symmetric = decrypter.unwrap_key(key.wrapped, key.transport, policy)
            if len(symmetric) != crypto.key_length(info.algorithm):
                raise DecryptionError(what=what, reason="unwrapped key has a wrong length")
            return symmetric
    raise NoMatchingKey(what=what)


def decrypt_inline(
    info: EncryptedDataInfo,
    decrypter: Decrypter,
    *,
    certificates_by_id: Mapping[str, x509.Certificate],
    policy: crypto.Policy = crypto.DEFAULT_POLICY,
    what: str,
) -> bytes:
    if info.cipher_value is None:
        raise StructureError(element="xenc:CipherValue", reason="missing")
    key = unwrap_for(
        info, decrypter, certificates_by_id=certificates_by_id, policy=policy, what=what
    )
    return crypto.decrypt_symmetric(
        info.algorithm, key, info.cipher_value, iv_length=info.iv_length, policy=policy, what=what
    )
