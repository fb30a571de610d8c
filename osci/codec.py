"""Model objects ⇄ lxml elements for the pieces every message type shares.

Writers produce exactly the element order of the XSDs; readers check it and raise
:class:`~osci.errors.StructureError` naming the element.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterable
from enum import Enum
from typing import TypeVar

from lxml import etree

from osci import certs, ns
from osci.certs import Role
from osci.errors import StructureError
from osci.model import (
    CertificateEntry,
    Certificates,
    CertType,
    ChunkInformation,
    ControlBlock,
    Feature,
    FeatureDescription,
    Feedback,
    FeedbackEntry,
    Inspection,
    MathResult,
    OfflineResult,
    OnlineResult,
    ProcessCard,
    ProcessCardBundle,
    SelectionRule,
    Timestamp,
    decode_message_id,
    encode_message_id,
)

OSCI_NS, EFFI_NS = ns.OSCI, ns.OSCI2017
E_ = TypeVar("E_", bound=Enum)


def o(local: str) -> str:
    return ns.q(OSCI_NS, local)


def e(local: str) -> str:
    return ns.q(EFFI_NS, local)


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attrib=attrs)
    if text is not None:
        element.text = text
    return element


def header_block(tag: str, block_id: str, *, actor: str = ns.ACTOR_NEXT) -> etree._Element:
    """A header block with the five namespace declarations, Id, actor and mustUnderstand."""
    nsmap = dict(ns.NSMAP5)
    if tag.startswith("{" + EFFI_NS):
        nsmap["osci2017"] = EFFI_NS
    element = etree.Element(tag, nsmap=nsmap)
    element.set("Id", block_id)
    element.set(ns.q(ns.SOAP, "actor"), actor)
    element.set(ns.q(ns.SOAP, "mustUnderstand"), "1")
    return element


def text_of(element: etree._Element | None, what: str) -> str:
    if element is None:
        raise StructureError(element=what, reason="missing")
    return element.text or ""


def iso(value: dt.datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("OSCI timestamps carry an offset")
    return value.isoformat(timespec="seconds")


def parse_datetime(text: str | None, what: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat((text or "").strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise StructureError(element=what, reason=f"not an xsd:dateTime: {text!r}") from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str | None, what: str) -> bytes:
    try:
        return base64.b64decode("".join((text or "").split()), validate=True)
    except ValueError as exc:
        raise StructureError(element=what, reason="not base64") from exc


def children(element: etree._Element) -> list[etree._Element]:
    """Element children only (no comments or processing instructions)."""
    return [child for child in element if isinstance(child.tag, str)]


# ---------------------------------------------------------------- ControlBlock


def build_control_block(cb: ControlBlock) -> etree._Element:
    element = header_block(o("ControlBlock"), "controlblock")
    if cb.conversation_id is not None:
        element.set("ConversationId", cb.conversation_id)
    if cb.sequence_number is not None:
        element.set("SequenceNumber", str(cb.sequence_number))
    if cb.response is not None:
        sub(element, o("Response"), cb.response)
    if cb.challenge is not None:
        sub(element, o("Challenge"), cb.challenge)
    return element


def parse_control_block(element: etree._Element) -> ControlBlock:
    response = element.find(o("Response"))
    challenge = element.find(o("Challenge"))
    sequence = element.get("SequenceNumber")
    if sequence is not None and not sequence.isdigit():
        raise StructureError(element="osci:ControlBlock", reason="SequenceNumber is not a number")
    conversation = element.get("ConversationId")
    if conversation is not None and not conversation.isdigit():
        raise StructureError(element="osci:ControlBlock", reason="ConversationId is not a number")
    return ControlBlock(
        challenge=None if challenge is None else challenge.text or "",
        response=None if response is None else response.text or "",
        conversation_id=conversation,
        sequence_number=None if sequence is None else int(sequence),
    )


# ---------------------------------------------------------------- Feedback


def build_feedback(parent: etree._Element, feedback: Feedback, tag: str = o("Feedback")) -> None:
    element = sub(parent, tag)
    for entry in feedback.entries:
        attrs = {} if entry.language is None else {ns.q(ns.XML, "lang"): entry.language}
        item = etree.SubElement(element, o("Entry"), attrib=attrs)
        sub(item, o("Code"), entry.code)
        sub(item, o("Text"), entry.text)


def parse_feedback(element: etree._Element | None) -> Feedback:
    if element is None:
        raise StructureError(element="osci:Feedback", reason="missing")
    entries = []
    for item in element.iterfind(o("Entry")):
        code = text_of(item.find(o("Code")), "osci:Feedback/Code").strip()
        if not code.isdigit():
            raise StructureError(element="osci:Feedback/Code", reason=f"not a code: {code!r}")
        entries.append(
            FeedbackEntry(
                code=code,
                text=text_of(item.find(o("Text")), "osci:Feedback/Text"),
                language=item.get(ns.q(ns.XML, "lang")),
            )
        )
    if not entries:
        raise StructureError(element="osci:Feedback", reason="has no Entry")
    return Feedback(tuple(entries))


# ---------------------------------------------------------------- timestamps and process cards


def build_timestamp(parent: etree._Element, tag: str, stamp: Timestamp) -> None:
    element = sub(parent, tag)
    if stamp.plain is not None:
        sub(element, o("Plain"), iso(stamp.plain))
    else:
        attrs = {} if stamp.algorithm is None else {"Algorithm": stamp.algorithm}
        sub(element, o("Cryptographic"), b64(stamp.cryptographic or b""), **attrs)


def parse_timestamp(element: etree._Element | None, what: str) -> Timestamp | None:
    if element is None:
        return None
    plain = element.find(o("Plain"))
    if plain is not None:
        return Timestamp(plain=parse_datetime(plain.text, what))
    crypto_el = element.find(o("Cryptographic"))
    if crypto_el is None:
        raise StructureError(element=what, reason="neither Plain nor Cryptographic")
    return Timestamp(
        cryptographic=unb64(crypto_el.text, what), algorithm=crypto_el.get("Algorithm")
    )


def build_process_card_bundle(
    parent: etree._Element, bundle: ProcessCardBundle, tag: str = o("ProcessCardBundle")
) -> None:
    element = sub(parent, tag)
    sub(element, o("MessageId"), encode_message_id(bundle.message_id))
    card = bundle.process_card
    card_el = sub(element, o("ProcessCard"), RecentModification=iso(card.recent_modification))
    for local, stamp in (
        ("Creation", card.creation),
        ("Forwarding", card.forwarding),
        ("Reception", card.reception),
    ):
        if stamp is not None:
            build_timestamp(card_el, o(local), stamp)
    if card.subject is not None:
        sub(card_el, o("Subject"), card.subject)
    report = sub(element, o("InspectionReport"))
    for inspection in bundle.inspections:
        _build_inspection(report, inspection)


def _build_inspection(parent: etree._Element, item: Inspection) -> None:
    element = sub(parent, o("Inspection"))
    build_timestamp(element, o("Timestamp"), item.timestamp)
    sub(element, o("X509SubjectName"), item.subject)
    sub(element, o("X509IssuerName"), item.issuer)
    sub(element, o("X509SerialNumber"), str(item.serial))
    sub(element, o("CertType"), Type=item.cert_type.value)
    sub(element, o("MathResult"), Result=item.math.value)
    sub(element, o("OfflineResult"), Result=item.offline.value)
    if item.online is not None:
        online = sub(element, o("OnlineResult"), Result=item.online.value)
        if item.ocsp is not None:
            sub(online, o("OCSP"), b64(item.ocsp))  # the XSD says OSCP; everyone writes OCSP
        if item.crl is not None:
            sub(online, o("CRL"), iso(item.crl))
        if item.ldap is not None:
            sub(online, o("LDAP"), b64(item.ldap))


def parse_process_card_bundle(element: etree._Element) -> ProcessCardBundle:
    message_id = decode_message_id(text_of(element.find(o("MessageId")), "osci:MessageId"))
    card_el = element.find(o("ProcessCard"))
    if card_el is None:
        raise StructureError(element="osci:ProcessCard", reason="missing")
    card = ProcessCard(
        recent_modification=parse_datetime(
            card_el.get("RecentModification"), "ProcessCard/@RecentModification"
        ),
        creation=parse_timestamp(card_el.find(o("Creation")), "osci:Creation"),
        forwarding=parse_timestamp(card_el.find(o("Forwarding")), "osci:Forwarding"),
        reception=parse_timestamp(card_el.find(o("Reception")), "osci:Reception"),
        subject=None if card_el.find(o("Subject")) is None else card_el.findtext(o("Subject")),
    )
    report = element.find(o("InspectionReport"))
    inspections = (
        ()
        if report is None
        else tuple(_parse_inspection(item) for item in report.iterfind(o("Inspection")))
    )
    return ProcessCardBundle(message_id=message_id, process_card=card, inspections=inspections)


def _enum_attr(element: etree._Element | None, enum: type[E_], what: str) -> E_:
    if element is None:
        raise StructureError(element=what, reason="missing")
    value = element.get("Type") or element.get("Result")
    try:
        return enum(value)
    except ValueError as exc:
        raise StructureError(element=what, reason=f"unknown value {value!r}") from exc


def _parse_inspection(element: etree._Element) -> Inspection:
    stamp = parse_timestamp(element.find(o("Timestamp")), "Inspection/Timestamp")
    if stamp is None:
        raise StructureError(element="Inspection/Timestamp", reason="missing")
    serial_text = text_of(element.find(o("X509SerialNumber")), "X509SerialNumber").strip()
    if not serial_text.lstrip("-").isdigit():
        raise StructureError(element="X509SerialNumber", reason="not an integer")
    online_el = element.find(o("OnlineResult"))
    ocsp_el = None
    crl_el = ldap_el = None
    if online_el is not None:
        ocsp_el = online_el.find(o("OCSP"))
        if ocsp_el is None:
            ocsp_el = online_el.find(o("OSCP"))
        crl_el = online_el.find(o("CRL"))
        ldap_el = online_el.find(o("LDAP"))
    return Inspection(
        timestamp=stamp,
        subject=text_of(element.find(o("X509SubjectName")), "X509SubjectName"),
        issuer=text_of(element.find(o("X509IssuerName")), "X509IssuerName"),
        serial=int(serial_text),
        cert_type=_enum_attr(element.find(o("CertType")), CertType, "CertType"),
        math=_enum_attr(element.find(o("MathResult")), MathResult, "MathResult"),
        offline=_enum_attr(element.find(o("OfflineResult")), OfflineResult, "OfflineResult"),
        online=None if online_el is None else _enum_attr(online_el, OnlineResult, "OnlineResult"),
        ocsp=None if ocsp_el is None else unb64(ocsp_el.text, "OCSP"),
        crl=None if crl_el is None else parse_datetime(crl_el.text, "CRL"),
        ldap=None if ldap_el is None else unb64(ldap_el.text, "LDAP"),
    )


# ---------------------------------------------------------------- certificates


def build_certificates(
    entries: Iterable[CertificateEntry], *, intermediary: bool
) -> etree._Element:
    tag, block_id = (
        (o("IntermediaryCertificates"), "intermediarycertificates")
        if intermediary
        else (o("NonIntermediaryCertificates"), "nonintermediarycertificates")
    )
    element = header_block(tag, block_id, actor=ns.ACTOR_NONE)
    order = {
        name: i
        for i, name in enumerate(
            [*certs.NIC_ORDER, "CipherCertificateIntermediary", "SignatureCertificateIntermediary"]
        )
    }
    ordered = sorted(entries, key=lambda x: order[certs.ELEMENT_NAMES[(x.role, x.kind)]])
    for entry in ordered:
        name = certs.ELEMENT_NAMES[(entry.role, entry.kind)]
        cert_el = sub(element, o(name), Id=entry_id(entry))
        data = sub(cert_el, ns.q(ns.DS, "X509Data"))
        sub(data, ns.q(ns.DS, "X509Certificate"), certs.to_b64(entry.certificate))
    return element


def entry_id(entry: CertificateEntry) -> str:
    return certs.cert_id(entry.role, entry.kind, entry.certificate, entry.index)


def parse_certificates(element: etree._Element | None) -> Certificates:
    if element is None:
        return Certificates()
    entries = []
    for child in children(element):
        local = etree.QName(child).localname
        key = certs.ROLE_OF_ELEMENT.get(local)
        if key is None or etree.QName(child).namespace != OSCI_NS:
            raise StructureError(element=local, reason="not a certificate element")
        cert_el = child.find(f"{ns.q(ns.DS, 'X509Data')}/{ns.q(ns.DS, 'X509Certificate')}")
        certificate = certs.from_b64(text_of(cert_el, f"{local}/X509Certificate"), role=local)
        role, kind = key
        index = _index_from_id(child.get("Id") or "", role)
        entries.append(CertificateEntry(role=role, kind=kind, certificate=certificate, index=index))
    return Certificates(tuple(entries))


def _index_from_id(value: str, role: Role) -> int | None:
    head = value.split("_", 1)[0]
    digits = head[len(role.value) :]
    return int(digits) if digits.isdigit() else None


def certificate_elements(root: etree._Element) -> dict[str, etree._Element]:
    """Certificate elements by Id (targets of RetrievalMethod and EncryptedKey references)."""
    found = {}
    for tag in (o("NonIntermediaryCertificates"), o("IntermediaryCertificates")):
        for block in root.iter(tag):
            for child in children(block):
                if child.get("Id"):
                    found[child.get("Id") or ""] = child
    return found


# ---------------------------------------------------------------- misc header blocks


def build_desired_languages(languages: str = "de") -> etree._Element:
    element = header_block(o("DesiredLanguages"), "desiredlanguages")
    element.set("LanguagesList", languages)
    return element


def build_quality_of_timestamp(service: str, quality: str) -> etree._Element:
    element = header_block(o("QualityOfTimestamp"), f"qualityoftimestamp_{service}")
    element.set("Quality", quality)
    element.set("Service", service)
    return element


def build_feature_description(desc: FeatureDescription) -> etree._Element:
    # Not a SOAP header block in the XSD sense: no actor, no mustUnderstand (EFFI.xsd).
    element = etree.Element(e("FeatureDescription"), nsmap={**ns.NSMAP5, "osci2017": EFFI_NS})
    element.set("Id", "featuredescription")
    # Attributes in lexicographic order because they are signed (osci.md §12).
    for attr, value in sorted(
        {
            "ChunkMessageTimeOut": desc.chunk_message_timeout,
            "MaxChunkSize": desc.max_chunk_size,
            "MaxMessageSize": desc.max_message_size,
            "MinChunkSize": desc.min_chunk_size,
        }.items()
    ):
        if value is not None:
            element.set(attr, str(value))
    supported = sub(element, e("SupportedFeatures"))
    for feature in desc.features:
        sub(supported, e("Feature"), Key=feature.key, Version=feature.version)
    return element


def parse_feature_description(element: etree._Element | None) -> FeatureDescription | None:
    if element is None:
        return None

    def number(name: str) -> int | None:
        value = element.get(name)
        return int(value) if value is not None and value.isdigit() else None

    features = tuple(
        Feature(key=f.get("Key") or "", version=f.get("Version") or "")
        for f in element.iter(e("Feature"))
    )
    return FeatureDescription(
        features=features,
        max_chunk_size=number("MaxChunkSize"),
        min_chunk_size=number("MinChunkSize"),
        max_message_size=number("MaxMessageSize"),
        chunk_message_timeout=number("ChunkMessageTimeOut"),
    )


def build_chunk_information(parent: etree._Element, info: ChunkInformation) -> None:
    attrs: dict[str, str] = {}
    for name, value in (
        ("ChunkNumber", info.chunk_number),
        ("ChunkSize", info.chunk_size),
        (
            "ReceivedChunks",
            None
            if info.received_chunks is None
            else " ".join(str(n) for n in info.received_chunks),
        ),
        ("TotalChunkNumbers", info.total_chunk_numbers),
        ("TotalMessageSize", info.total_message_size),
    ):
        if value is not None:
            attrs[name] = str(value)
    sub(parent, e("ChunkInformation"), **attrs)


def parse_chunk_information(element: etree._Element | None) -> ChunkInformation | None:
    if element is None:
        return None

    def number(name: str) -> int | None:
        value = element.get(name)
        if value is None:
            return None
        try:
            return int(value)
        except ValueError as exc:
            raise StructureError(
                element=f"ChunkInformation/@{name}", reason="not a number"
            ) from exc

    received = element.get("ReceivedChunks")
    try:
        received_chunks = None if received is None else tuple(int(n) for n in received.split())
    except ValueError as exc:
        raise StructureError(
            element="ChunkInformation/@ReceivedChunks", reason="not numbers"
        ) from exc
    return ChunkInformation(
        chunk_number=number("ChunkNumber"),
        chunk_size=number("ChunkSize"),
        total_chunk_numbers=number("TotalChunkNumbers"),
        total_message_size=number("TotalMessageSize"),
        received_chunks=received_chunks,
    )


def build_selection_rule(parent: etree._Element, rule: SelectionRule) -> None:
    if not (rule.message_ids or rule.reception_of_delivery or rule.recent_modification):
        return
    element = sub(parent, o("SelectionRule"))
    if rule.reception_of_delivery is not None:
        sub(element, o("ReceptionOfDelivery"), iso(rule.reception_of_delivery))
    elif rule.recent_modification is not None:
        attrs = {}
        if rule.no_reception is not None:
            attrs["NoReception"] = "true" if rule.no_reception else "false"
        if rule.role is not None:
            attrs["Role"] = rule.role
        sub(element, o("RecentModification"), iso(rule.recent_modification), **attrs)
    else:
        for message_id in rule.message_ids:
            sub(element, o("MessageId"), encode_message_id(message_id))


def parse_selection_rule(parent: etree._Element | None) -> SelectionRule:
    element = None if parent is None else parent.find(o("SelectionRule"))
    if element is None:
        return SelectionRule()
    reception = element.find(o("ReceptionOfDelivery"))
    recent = element.find(o("RecentModification"))
    ids = tuple(decode_message_id(m.text or "") for m in element.iterfind(o("MessageId")))
    if sum(1 for x in (reception is not None, recent is not None, bool(ids)) if x) != 1:
        raise StructureError(element="osci:SelectionRule", reason="needs exactly one criterion")
    no_reception = None
    if recent is not None and recent.get("NoReception") is not None:
        no_reception = recent.get("NoReception") in ("true", "1")
    return SelectionRule(
        message_ids=ids,
        reception_of_delivery=None
        if reception is None
        else parse_datetime(reception.text, "ReceptionOfDelivery"),
        recent_modification=None
        if recent is None
        else parse_datetime(recent.text, "RecentModification"),
        no_reception=no_reception,
        role=None if recent is None else recent.get("Role"),
    )
