"""A lenient look at any OSCI message, for administrators and support (``python -m osci``).

Unlike the strict parser, this reads messages that break the per-type rules (stored copies such as
EGVP-Enterprise's ``oscicontentdata.osci`` rename blocks and drop parts) and reports what it finds:
type, ControlBlock, MessageIds, Subject, certificates by role, Feedback, process cards, and the
result of every signature reference. With the mailbox key it removes the transport encryption,
decrypts the content and lists the attachments with size and SHA-256. Nothing here decides
whether a message is acceptable; that is the strict path's job.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from cryptography import x509
from lxml import etree

from osci import certs, codec, codes, content, dsig, ns
from osci.codec import o
from osci.crypto import Policy
from osci.errors import OsciError
from osci.keys import Decrypter
from osci.messages import ContentPackage
from osci.mime import MimePart, Multipart, parse_multipart
from osci.model import ControlBlock, FeedbackEntry, ProcessCardBundle, decode_message_id
from osci.types import ENCRYPTED_LOCATION, spec_for_location
from osci.wire import attachment_digests, is_sealed, unseal
from osci.xml import parse_xml

SCHEMA_LOCATION = ns.q(ns.XSI, "schemaLocation")


@dataclass(frozen=True)
class CertificateInfo:
    element: str
    id: str
    subject: str
    issuer: str
    serial: int
    not_before: str
    not_after: str


@dataclass(frozen=True)
class SignatureInfo:
    block: str
    method: str
    signer: str
    value_ok: bool
    references: tuple[dsig.ReferenceResult, ...]
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.value_ok and not self.error and all(r.ok for r in self.references)


@dataclass(frozen=True)
class AttachmentInfo:
    content_id: str
    size: int  # as transmitted
    sha256: str
    plain_size: int | None = None
    plain_sha256: str | None = None


@dataclass
class Report:
    message_type: str
    sealed: bool
    control_block: ControlBlock | None = None
    message_ids: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    certificates: list[CertificateInfo] = field(default_factory=list)
    feedback: list[FeedbackEntry] = field(default_factory=list)
    process_cards: list[ProcessCardBundle] = field(default_factory=list)
    signatures: list[SignatureInfo] = field(default_factory=list)
    attachments: list[AttachmentInfo] = field(default_factory=list)
    containers: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def all_signatures_valid(self) -> bool:
        return bool(self.signatures) and all(s.ok for s in self.signatures)


def inspect(
    chunks: Iterable[bytes], *, decrypter: Decrypter | None = None, policy: Policy | None = None
) -> Report:
    policy = policy or Policy()
    multipart = parse_multipart(chunks)
    sealed = is_sealed(multipart)
    if sealed:
        if decrypter is None:
            report = Report(message_type="transport-encrypted (no key given)", sealed=True)
            report.attachments = [_part_info(p) for p in multipart.parts[1:]]
            return report
        multipart = unseal(multipart, decrypter, policy=policy)
    root = parse_xml(multipart.root.body.read_bytes(), document="osci@message")
    report = Report(message_type=_type_name(root), sealed=sealed)
    _read_usage_data(root, report)
    _check_signatures(root, multipart, report, policy)
    report.attachments = [_part_info(p) for p in multipart.parts[1:]]
    if decrypter is not None:
        _open_content(root, multipart, decrypter, report, policy)
    return report


def _type_name(root: etree._Element) -> str:
    location = root.get(SCHEMA_LOCATION)
    if location is None:
        return "SOAP fault" if root.find(f".//{ns.q(ns.SOAP, 'Fault')}") is not None else "unknown"
    if " ".join(location.split()) == ENCRYPTED_LOCATION:
        return "transport-encrypted"
    try:
        return spec_for_location(location).type.name
    except OsciError:
        return f"unknown ({location})"


def _read_usage_data(root: etree._Element, report: Report) -> None:
    control = root.find(f".//{o('ControlBlock')}")
    if control is not None:
        report.control_block = codec.parse_control_block(control)
    for element in root.iter(o("MessageId")):
        try:
            report.message_ids.append(decode_message_id(element.text or ""))
        except OsciError as exc:
            report.problems.append(str(exc))
    report.subjects = [s.text or "" for s in root.iter(o("Subject"))]
    for cert_id, element in codec.certificate_elements(root).items():
        cert_el = element.find(f"{ns.q(ns.DS, 'X509Data')}/{ns.q(ns.DS, 'X509Certificate')}")
        try:
            cert = certs.from_b64(codec.text_of(cert_el, "X509Certificate"), role=cert_id)
        except OsciError as exc:
            report.problems.append(str(exc))
            continue
        report.certificates.append(_certificate_info(etree.QName(element).localname, cert_id, cert))
    for feedback in root.iter(o("Feedback")):
        try:
            report.feedback += codec.parse_feedback(feedback).entries
        except OsciError as exc:
            report.problems.append(str(exc))
    for tag in (
        o("ProcessCardBundle"),
        o("procard"),
        o("RequestProcessCardBundle"),
        o("ReplyProcessCardBundle"),
    ):
        for bundle in root.iter(tag):
            try:
                report.process_cards.append(codec.parse_process_card_bundle(bundle))
            except OsciError as exc:
                report.problems.append(str(exc))


def _certificate_info(element: str, cert_id: str, cert: x509.Certificate) -> CertificateInfo:
    return CertificateInfo(
        element=element,
        id=cert_id,
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        serial=cert.serial_number,
        not_before=cert.not_valid_before_utc.isoformat(),
        not_after=cert.not_valid_after_utc.isoformat(),
    )


def _check_signatures(
    root: etree._Element, multipart: Multipart, report: Report, policy: Policy
) -> None:
    header = root.find(ns.q(ns.SOAP, "Header"))
    body = root.find(ns.q(ns.SOAP, "Body"))
    if header is None or body is None:
        return
    targets = {b.get("Id"): b for b in codec.children(header) if b.get("Id")}
    targets[body.get("Id")] = body
    parts = {p.content_id: p for p in multipart.parts[1:]}
    cert_elements = codec.certificate_elements(root)
    for wrapper in codec.children(header):
        signature = wrapper.find(ns.q(ns.DS, "Signature"))
        if signature is None or wrapper.tag not in (o("ClientSignature"), o("SupplierSignature")):
            continue
        report.signatures.append(
            _one_signature(wrapper, signature, targets, parts, cert_elements, policy)
        )


def _one_signature(
    wrapper: etree._Element,
    signature: etree._Element,
    targets: dict[str | None, etree._Element],
    parts: dict[str, MimePart],
    cert_elements: dict[str, etree._Element],
    policy: Policy,
) -> SignatureInfo:
    block = etree.QName(wrapper).localname
    try:
        parsed = dsig.parse_signature(signature)
        cert = parsed.embedded_certificate
        if parsed.retrieval_uri is not None:
            target = cert_elements.get(parsed.retrieval_uri.removeprefix("#"))
            if target is not None:
                cert_el = target.find(f".//{ns.q(ns.DS, 'X509Certificate')}")
                cert = certs.from_b64(codec.text_of(cert_el, "X509Certificate"), role="signer")
        if cert is None:
            return SignatureInfo(
                block, parsed.method, "", False, (), "signer certificate not found"
            )

        def resolve(ref: dsig.ParsedReference) -> bytes | None:
            element = targets.get(ref.uri[1:]) if ref.uri.startswith("#") else None
            return None if element is None else dsig.apply_transforms(element, ref.transforms)

        digest = attachment_digests(parts, policy)
        result = dsig.verify(parsed, cert, resolve, policy=policy, attachment_digest=digest)
        return SignatureInfo(
            block, parsed.method, cert.subject.rfc4514_string(), result.value_ok, result.references
        )
    except OsciError as exc:
        return SignatureInfo(block, "", "", False, (), str(exc))


def _part_info(part: MimePart) -> AttachmentInfo:
    return AttachmentInfo(content_id=part.content_id, size=part.size, sha256=part.sha256.hex())


def _open_content(
    root: etree._Element,
    multipart: Multipart,
    decrypter: Decrypter,
    report: Report,
    policy: Policy,
) -> None:
    package_el = root.find(f".//{o('ContentPackage')}")
    if package_el is None:
        return
    certificates_by_id = {}
    for cert_id, element in codec.certificate_elements(root).items():
        cert_el = element.find(f".//{ns.q(ns.DS, 'X509Certificate')}")
        try:
            certificates_by_id[cert_id] = certs.from_b64(
                codec.text_of(cert_el, "cert"), role=cert_id
            )
        except OsciError:
            continue
    try:
        package = ContentPackage.parse(package_el) or ContentPackage()
        opened = content.open_package(
            package, decrypter, certificates_by_id=certificates_by_id, policy=policy
        )
    except OsciError as exc:
        report.problems.append(f"content: {exc}")
        return
    keys = {}
    for item in opened:
        report.containers.append(
            f"{item.container.id} ({'encrypted' if item.encrypted else 'plain'}, "
            f"{len(item.container.contents)} contents)"
        )
        keys.update({k.content_id: k for k in item.container.attachment_keys})
    parts = {p.content_id: p for p in multipart.parts[1:]}
    infos = []
    for info in report.attachments:
        key = keys.get(info.content_id)
        part = parts.get(info.content_id)
        if key is None or part is None:
            infos.append(info)
            continue
        try:
            # Only size and digest are wanted: the plaintext is discarded as it streams by.
            size, plain_sha256 = content.decrypt_attachment(
                key, part.body.open(), _discard, policy=policy
            )
        except OsciError as exc:
            report.problems.append(f"{info.content_id}: {exc}")
            infos.append(info)
            continue
        infos.append(
            AttachmentInfo(info.content_id, info.size, info.sha256, size, plain_sha256.hex())
        )
    report.attachments = infos


def _discard(data: bytes) -> None:
    del data


def describe_feedback(entry: FeedbackEntry) -> str:
    return f"{entry.code} {entry.text} — {codes.describe(entry.code)}"
