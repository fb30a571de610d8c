"""Messages to bytes and back: MIME framing, the transport signature, transport encryption.

Sans-IO: output goes to a ``sink`` callable, input comes as chunks or an already collected
:class:`~osci.mime.Multipart`; big parts live in spill files the caller supplies. Attachment
digests for the signature are computed while the parts stream (osci.md §16.2: over the bytes
after removing the transfer encoding).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import BinaryIO, Protocol

from cryptography import x509
from lxml import etree

from osci import certs, codec, crypto, ns, xenc
from osci.envelope import (
    SCHEMA_LOCATION,
    SOAP_BODY,
    ParsedEnvelope,
    SigningKey,
    VerifiedSignature,
    parse,
    raise_fault,
    serialize,
    verify_signature,
)
from osci.errors import (
    CertificateError,
    DecryptionError,
    MalformedMessage,
    MimeError,
    StructureError,
    UnencryptedResponse,
)
from osci.keys import Decrypter
from osci.messages import Message, from_envelope, to_envelope
from osci.mime import (
    MimeLimits,
    MimeParser,
    MimePart,
    MimeWriter,
    Multipart,
    PartCollector,
    PartHeaders,
    SpillFactory,
    parse_multipart,
)
from osci.types import ENCRYPTED_LOCATION
from osci.xml import parse_xml

ROOT_ID = "osci@message"
DEFAULT_LIMITS = MimeLimits()
CIPHER_ID = "osci_enc"
CHUNK = 1024 * 1024
Sink = Callable[[bytes], object]


@dataclass(frozen=True)
class OutgoingPart:
    """An attachment as it will be transmitted (already content-encrypted where needed)."""

    content_id: str
    size: int
    sha256: bytes  # of the transmitted bytes
    open: Callable[[], BinaryIO]
    transfer_encoding: str = "binary"
    content_type: str = "application/octet-stream"
    release: Callable[[], object] | None = None  # frees the spill file behind ``open``

    def close_spill(self) -> None:
        if self.release is not None:
            self.release()

    @classmethod
    def from_bytes(cls, content_id: str, data: bytes) -> OutgoingPart:
        digest = crypto.digest(crypto.SHA256, data)
        return cls(content_id, len(data), digest, lambda: io.BytesIO(data))


def _stream_digest(
    uri: str,
    sha256: bytes,
    open_stream: Callable[[], BinaryIO],
    policy: crypto.Policy = crypto.DEFAULT_POLICY,
) -> bytes:
    """A part's digest for ``uri``: the SHA-256 computed while it streamed, or a second pass."""
    if uri == crypto.SHA256:
        return sha256
    hasher = crypto.new_hasher(uri, policy)
    with open_stream() as stream:
        for chunk in read_chunks(stream):
            hasher.update(chunk)
    return hasher.digest()


def _part_digest(part: OutgoingPart, digest_uri: str) -> bytes:
    return _stream_digest(digest_uri, part.sha256, part.open)


def attachment_digests(
    parts: Mapping[str, MimePart], policy: crypto.Policy = crypto.DEFAULT_POLICY
) -> Callable[[str, str], bytes | None]:
    """``digest(content_id, uri)`` over received parts, for signature verification."""

    def digest(content_id: str, uri: str) -> bytes | None:
        part = parts.get(content_id)
        if part is None:
            return None
        return _stream_digest(uri, part.sha256, part.body.open, policy)

    return digest


def write_message(
    message: Message,
    sink: Sink,
    *,
    signing: SigningKey | None = None,
    parts: Sequence[OutgoingPart] = (),
    boundary: str | None = None,
) -> bytes:
    """Write the plain (inner) OSCI message to ``sink``; returns the envelope XML bytes."""
    digests = None
    if signing is not None:
        digests = {p.content_id: _part_digest(p, signing.digest) for p in parts}
    root = to_envelope(message, signing=signing, attachment_digests=digests)
    xml = serialize(root)
    writer = MimeWriter(sink, boundary=boundary)
    writer.start()
    writer.write_part(
        PartHeaders(
            content_id=ROOT_ID, content_type="text/xml", charset="UTF-8", transfer_encoding="8bit"
        ),
        xml,
    )
    for part in parts:
        out = writer.part(
            PartHeaders(
                content_id=part.content_id,
                content_type=part.content_type,
                transfer_encoding=part.transfer_encoding,
                content_length=part.size,
            )
        )
        with part.open() as stream:
            while chunk := stream.read(CHUNK):
                out.write(chunk)
        out.end()
    writer.close()
    return xml


# ---------------------------------------------------------------- transport encryption


def seal(
    write_inner: Callable[[Sink], object],
    recipient: x509.Certificate,
    sink: Sink,
    *,
    iv_length: int = crypto.GCM_IV,
    transport: crypto.KeyTransport = crypto.DEFAULT_TRANSPORT,
    boundary: str | None = None,
) -> None:
    """Wrap the inner message written by ``write_inner`` into the encrypted envelope."""
    key = crypto.new_content_key()
    wrapped = crypto.wrap_key(recipient.public_key(), key, transport)
    root = etree.Element(
        ns.q(ns.SOAP, "Envelope"),
        nsmap={"ds": ns.DS, "soap": ns.SOAP, "xenc": ns.XENC, "xsi": ns.XSI},
    )
    root.set(SCHEMA_LOCATION, ENCRYPTED_LOCATION)
    body = etree.SubElement(root, SOAP_BODY)
    data = codec.sub(body, xenc.x("EncryptedData"), MimeType="Multipart/Related")
    xenc.encryption_method(data, crypto.AES256_GCM, iv_length)
    info = codec.sub(data, xenc.d("KeyInfo"))
    xenc.encrypted_key(info, wrapped, transport=transport, certificate=recipient)
    ref = codec.sub(
        codec.sub(data, xenc.x("CipherData")), xenc.x("CipherReference"), URI=f"cid:{CIPHER_ID}"
    )
    codec.sub(
        codec.sub(ref, xenc.x("Transforms")), xenc.d("Transform"), Algorithm=ns.BASE64_TRANSFORM
    )
    xml = serialize(root)
    writer = MimeWriter(sink, boundary=boundary)
    writer.start()
    writer.write_part(
        PartHeaders(ROOT_ID, "text/xml", "UTF-8", "8bit", content_length=len(xml)), xml
    )
    out = writer.part(PartHeaders(CIPHER_ID, "application/octet-stream", None, "binary"))
    encryptor = crypto.GcmEncryptor(key, iv_length=iv_length)
    write_inner(lambda chunk: out.write(encryptor.update(chunk)))
    out.write(encryptor.finalize())
    out.end()
    writer.close()


def is_sealed(multipart: Multipart) -> bool:
    head = multipart.root.body.read_bytes()[:4096]
    return b"soapMessageEncrypted.xsd" in head


def unseal(
    outer: Multipart,
    decrypter: Decrypter,
    *,
    spill: SpillFactory | None = None,
    policy: crypto.Policy = crypto.DEFAULT_POLICY,
    limits: MimeLimits = DEFAULT_LIMITS,
) -> Multipart:
    """Decrypt the ``osci_enc`` part into the inner multipart message.

    Plaintext is parsed while it is decrypted but handed out only after the GCM tag verified.
    """
    root = parse_xml(outer.root.body.read_bytes(), document=ROOT_ID)
    if " ".join((root.get(SCHEMA_LOCATION) or "").split()) != ENCRYPTED_LOCATION:
        raise MalformedMessage(reason="not a transport-encrypted message")
    data_el = root.find(f"{SOAP_BODY}/{xenc.x('EncryptedData')}")
    if data_el is None:
        raise StructureError(element="xenc:EncryptedData", reason="missing in soap:Body")
    info = xenc.parse_encrypted_data(data_el)
    if info.cipher_reference is None:
        raise StructureError(element="xenc:CipherReference", reason="missing")
    crypto.check_allowed(info.algorithm, policy)
    key = xenc.unwrap_for(info, decrypter, certificates_by_id={}, policy=policy, what="message")
    part = outer.by_content_id(info.cipher_reference)
    if info.algorithm != crypto.AES256_GCM and info.algorithm not in (
        crypto.AES128_GCM,
        crypto.AES192_GCM,
    ):
        plain = crypto.decrypt_symmetric(
            info.algorithm,
            key,
            part.body.read_bytes(),
            iv_length=None,
            policy=policy,
            what="message",
        )
        return parse_multipart([plain], spill=spill, limits=limits)
    decryptor = crypto.GcmDecryptor(key, iv_length=info.iv_length, what="message")
    parser = MimeParser(limits=limits)
    collector = PartCollector(spill=spill)
    try:
        with part.body.open() as stream:
            while chunk := stream.read(CHUNK):
                for event in parser.feed(decryptor.update(chunk)):
                    collector.add(event)
        for event in parser.feed(decryptor.finalize()):
            collector.add(event)
        for event in parser.close():
            collector.add(event)
        return collector.result()
    except BaseException:
        collector.discard()
        raise


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class ReceivedMessage:
    """A parsed, structurally checked and (where signed) verified message."""

    message: Message
    parsed: ParsedEnvelope
    xml: bytes
    signature: VerifiedSignature | None
    attachments: dict[str, MimePart]
    sealed: bool

    def close(self) -> None:
        """Release the attachment parts' spill files."""
        for part in self.attachments.values():
            part.body.close()


def read_message(
    multipart: Multipart,
    *,
    require_signature: bool,
    complete: bool = True,
    policy: crypto.Policy = crypto.DEFAULT_POLICY,
    sealed: bool = False,
    verify: bool = True,
) -> ReceivedMessage:
    """Parse the root part, check structure and signature; attachments stay in their parts.

    ``verify=False`` leaves the signature to the caller (the supplier answers a bad one with a
    Feedback, not a fault); then ``signature`` is None until the caller has verified it.
    """
    if multipart.root.content_id != ROOT_ID:
        raise MimeError(reason="first part is not <osci@message>", part=multipart.root.content_id)
    xml = multipart.root.body.read_bytes()
    parsed = parse(xml)
    attachments = {p.content_id: p for p in multipart.parts[1:]}

    signature = None
    if verify:
        signature = verify_signature(
            parsed,
            attachment_digest=attachment_digests(attachments, policy),
            attachment_ids=list(attachments),
            required=require_signature,
            complete=complete,
            policy=policy,
        )
    message = from_envelope(parsed)
    return ReceivedMessage(message, parsed, xml, signature, dict(attachments), sealed)


def decode(
    chunks: Iterable[bytes],
    *,
    decrypter: Decrypter | None,
    require_signature: bool,
    require_encryption: bool,
    spill: SpillFactory | None = None,
    policy: crypto.Policy = crypto.DEFAULT_POLICY,
    limits: MimeLimits = DEFAULT_LIMITS,
) -> ReceivedMessage:
    """Bytes of a whole HTTP body → :class:`ReceivedMessage` (SOAP faults raise SoapFault)."""
    outer = parse_multipart(chunks, spill=spill, limits=limits)
    root_bytes = outer.root.body.read_bytes()
    if b"schemaLocation" not in root_bytes[:8192]:
        fault_root = parse_xml(root_bytes, document=ROOT_ID)
        body = fault_root.find(SOAP_BODY)
        if body is None:
            raise StructureError(element="soap:Body", reason="missing")
        raise_fault(body)
    if is_sealed(outer):
        if decrypter is None:
            raise DecryptionError(what="message", reason="encrypted, but no key to decrypt it")
        inner = unseal(outer, decrypter, spill=spill, policy=policy, limits=limits)
        outer.close()
        return read_message(inner, require_signature=require_signature, policy=policy, sealed=True)
    if require_encryption:
        raise UnencryptedResponse()
    return read_message(outer, require_signature=require_signature, policy=policy)


def encode(
    message: Message,
    *,
    signing: SigningKey | None = None,
    parts: Sequence[OutgoingPart] = (),
    recipient: x509.Certificate | None = None,
    iv_length: int = crypto.GCM_IV,
) -> bytes:
    """Convenience for small messages: the whole HTTP body in memory."""
    out = io.BytesIO()
    if recipient is None:
        write_message(message, out.write, signing=signing, parts=parts)
    else:
        seal(
            lambda sink: write_message(message, sink, signing=signing, parts=parts),
            recipient,
            out.write,
            iv_length=iv_length,
        )
    return out.getvalue()


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def read_chunks(stream: Readable, size: int = CHUNK) -> Iterator[bytes]:
    """A binary stream as chunks, for the chunk-taking APIs (decode, parsers, HTTP upload)."""
    while chunk := stream.read(size):
        yield chunk


def iter_chunks(data: bytes, size: int = 65536) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def check_recipient(certificate: x509.Certificate, *, role: str) -> None:
    """A certificate we encrypt for must allow key encipherment."""
    try:
        certs.check_encryption_usage(certificate, role=role)
    except CertificateError:
        raise
