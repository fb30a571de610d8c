"""Every OSCI 1.2 message type as a typed payload, built to and parsed from its blocks.

A :class:`Message` is the payload plus what every message carries (ControlBlock, certificates,
languages, FeatureDescription, custom headers). :func:`to_envelope` and :func:`from_envelope`
translate between a message and an (unsigned or verified) SOAP envelope; signing, MIME and
encryption happen in :mod:`osci.wire`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from lxml import etree

from osci import codec, ns
from osci.certs import ELEMENT_NAMES
from osci.codec import e, o, sub
from osci.envelope import ParsedEnvelope, SigningKey, compose
from osci.errors import StructureError
from osci.model import (
    ANY_SELECTION,
    DEFAULT_QOT,
    NO_CERTIFICATES,
    Certificates,
    ChunkInformation,
    ControlBlock,
    FeatureDescription,
    Feedback,
    ProcessCardBundle,
    QualityOfTimestamp,
    SelectionRule,
    decode_message_id,
    encode_message_id,
)
from osci.types import CARD_RULES, CHUNK_RULES, NIC_ALLOWED, NIC_REQUIRED, SPECS, MessageType

T = MessageType


@dataclass(frozen=True)
class ContentPackage:
    """Body content: EncryptedData and/or ContentContainer elements, as they travel."""

    items: tuple[etree._Element, ...] = ()

    def build(self) -> etree._Element:
        package = etree.Element(o("ContentPackage"))
        for item in self.items:
            package.append(_copy(item))
        return package

    @classmethod
    def parse(cls, element: etree._Element | None) -> ContentPackage | None:
        if element is None:
            return None
        items = codec.children(element)
        seen_container = False
        for item in items:
            if item.tag == o("ContentContainer"):
                seen_container = True
            elif item.tag == ns.q(ns.XENC, "EncryptedData"):
                if seen_container:
                    raise StructureError(
                        element="osci:ContentPackage", reason="EncryptedData after ContentContainer"
                    )
            else:
                raise StructureError(element="osci:ContentPackage", reason=f"unexpected {item.tag}")
        return cls(tuple(items))


def _copy(element: etree._Element) -> etree._Element:
    # Elements may belong to another tree (e.g. a stored delivery); never move them out of it.
    return etree.fromstring(etree.tostring(element))


class Payload:
    """Base of the per-type payloads."""

    TYPE: ClassVar[MessageType]

    def element(self) -> etree._Element:
        """The type-specific element (header block or body child)."""
        spec = SPECS[self.TYPE]
        if spec.element_in_body:
            return etree.Element(spec.element)
        return codec.header_block(spec.element, spec.element_id)

    def extra_blocks(self) -> dict[str, list[etree._Element]]:
        return {}

    def body(self) -> list[etree._Element]:
        return []

    @classmethod
    def from_parsed(cls, parsed: ParsedEnvelope) -> Payload:
        raise NotImplementedError


def _package_of(parsed: ParsedEnvelope) -> ContentPackage | None:
    return ContentPackage.parse(parsed.body.find(o("ContentPackage")))


def _required_package(parsed: ParsedEnvelope) -> ContentPackage:
    package = _package_of(parsed)
    if package is None:
        raise StructureError(element="osci:ContentPackage", reason="missing")
    return package


def _message_id(element: etree._Element, tag: str = o("MessageId")) -> str:
    return decode_message_id(codec.text_of(element.find(tag), "osci:MessageId"))


def _optional_text(element: etree._Element, tag: str) -> str | None:
    found = element.find(tag)
    return None if found is None else found.text or ""


def _bundle(element: etree._Element, tag: str = o("ProcessCardBundle")) -> ProcessCardBundle | None:
    found = element.find(tag)
    return None if found is None else codec.parse_process_card_bundle(found)


def _qot_blocks(qot: Sequence[QualityOfTimestamp]) -> dict[str, list[etree._Element]]:
    return {
        o("QualityOfTimestamp"): [
            codec.build_quality_of_timestamp(q.service, q.quality) for q in qot
        ]
    }


def _parse_qot(parsed: ParsedEnvelope) -> tuple[QualityOfTimestamp, ...]:
    return tuple(
        QualityOfTimestamp(service=b.get("Service") or "", quality=b.get("Quality") or "")
        for b in parsed.blocks(o("QualityOfTimestamp"))
    )


# ---------------------------------------------------------------- dialog


@dataclass(frozen=True)
class InitDialog(Payload):
    TYPE: ClassVar[MessageType] = T.INIT_DIALOG

    @classmethod
    def from_parsed(cls, parsed: ParsedEnvelope) -> InitDialog:
        return cls()


@dataclass(frozen=True)
class FeedbackOnly(Payload):
    feedback: Feedback

    def element(self) -> etree._Element:
        element = super().element()
        codec.build_feedback(element, self.feedback)
        return element

    @classmethod
    def from_parsed(cls, parsed: ParsedEnvelope) -> FeedbackOnly:
        return cls(codec.parse_feedback(parsed.message_element().find(o("Feedback"))))


@dataclass(frozen=True)
class ResponseToInitDialog(FeedbackOnly):
    TYPE: ClassVar[MessageType] = T.RESPONSE_TO_INIT_DIALOG


@dataclass(frozen=True)
class ExitDialog(Payload):
    TYPE: ClassVar[MessageType] = T.EXIT_DIALOG

    @classmethod
    def from_parsed(cls, parsed: ParsedEnvelope) -> ExitDialog:
        return cls()


@dataclass(frozen=True)
class ResponseToExitDialog(FeedbackOnly):
    TYPE: ClassVar[MessageType] = T.RESPONSE_TO_EXIT_DIALOG


@dataclass(frozen=True)
class GetMessageId(Payload):
    TYPE: ClassVar[MessageType] = T.GET_MESSAGE_ID

    @classmethod
    def from_parsed(cls, parsed: ParsedEnvelope) -> GetMessageId:
        return cls()


@dataclass(frozen=True)
class ResponseToGetMessageId(Payload):
    TYPE: ClassVar[MessageType] = T.RESPONSE_TO_GET_MESSAGE_ID
    feedback: Feedback
    message_id: str | None = None

    def element(self) -> etree._Element:
        element = super().element()
        codec.build_feedback(element, self.feedback)
        if self.message_id is not None:
            sub(element, o("MessageId"), encode_message_id(self.message_id))
        return element

    @classmethod
    def from_parsed(cls, parsed: ParsedEnvelope) -> ResponseToGetMessageId:
        element = parsed.message_element()
        has_id = element.find(o("MessageId")) is not None
        return cls(
            feedback=codec.parse_feedback(element.find(o("Feedback"))),
            message_id=_message_id(element) if has_id else None,
        )


# ---------------------------------------------------------------- deliveries


@dataclass(frozen=True)
class StoreDelivery(Payload):
    TYPE: ClassVar[MessageType] = T.STORE_DELIVERY
    message_id: str
    content: ContentPackage
    subject: str | None = None
    quality_of_timestamp: tuple[QualityOfTimestamp, ...] = DEFAULT_QOT

    def element(self) -> etree._Element:
        element = super().element()
        sub(element, o("MessageId"), encode_message_id(self.message_id))
        if self.subject is not None:
            sub(element, o("Subject"), self.subject)
        return element

    def extra_blocks(self) -> dict[str, list[etree._Element]]:
        return _qot_blocks(self.quality_of_timestamp)

    def body(self) -> list[etree._Element]:
        return [self.content.build()]

    @classmethod
    def from_parsed(cls, parsed: ParsedEnvelope) -> StoreDelivery:
        element = parsed.message_element()
        return cls(
            message_id=_message_id(element),
            subject=_optional_text(element, o("Subject")),
            content=_required_package(parsed),
            quality_of_timestamp=_parse_qot(parsed),
        )


@dataclass(frozen=True)
class FeedbackAndBundle(Payload):
    feedback: Feedback
    process_card: ProcessCardBundle | None = None

    def element(self) -> etree._Element:
        element = super().element()
        codec.build_feedback(element, self.feedback)
        if self.process_card is not None:
            codec.build_process_card_bundle(element, self.process_card)
        return element

    @classmethod
    def from_parsed(cls, parsed: ParsedEnvelope) -> FeedbackAndBundle:
        element = parsed.message_element()
        return cls(codec.parse_feedback(element.find(o("Feedback"))), _bundle(element))


@dataclass(frozen=True)
class ResponseToStoreDelivery(FeedbackAndBundle):
    TYPE: ClassVar[MessageType] = T.RESPONSE_TO_STORE_DELIVERY


@dataclass(frozen=True)
class FetchDelivery(Payload):
    TYPE: ClassVar[MessageType] = T.FETCH_DELIVERY
    selection: SelectionRule = ANY_SELECTION

    def element(self) -> etree._Element:
        element = super().element()
        codec.build_selection_rule(element, self.selection)
        return element

    @classmethod
    def from_parsed(cls, parsed: ParsedEnvelope) -> FetchDelivery:
        return cls(codec.parse_selection_rule(parsed.message_element()))


@dataclass(frozen=True)
class ResponseToFetchDelivery(Payload):
    TYPE: ClassVar[MessageType] = T.RESPONSE_TO_FETCH_DELIVERY
    feedback: Feedback
    selection: SelectionRule = ANY_SELECTION
    process_card: ProcessCardBundle | None = None
    content: ContentPackage | None = None

    def element(self) -> etree._Element:
        element = super().element()
        codec.build_feedback(element, self.feedback)
        echo = sub(element, o("fetchDelivery"))
        codec.build_selection_rule(echo, self.selection)
        if self.process_card is not None:
            codec.build_process_card_bundle(element, self.process_card)
        return element

    def body(self) -> list[etree._Element]:
        return [] if self.content is None else [self.content.build()]

    @classmethod
    def from_parsed(cls, parsed: ParsedEnvelope) -> ResponseToFetchDelivery:
        element = parsed.message_element()
        return cls(
            feedback=codec.parse_feedback(element.find(o("Feedback"))),
            selection=codec.parse_selection_rule(element.find(o("fetchDelivery"))),
            process_card=_bundle(element),
            content=_package_of(parsed),
        )


@dataclass(frozen=True)
class FetchProcessCard(Payload):
    TYPE: ClassVar[MessageType] = T.FETCH_PROCESS_CARD
    selection: SelectionRule = ANY_SELECTION
    limit: int | None = None

    def element(self) -> etree._Element:
        element = super().element()
        _selection_and_quantity(element, self.selection, self.limit)
        return element

    @classmethod
    def from_parsed(cls, parsed: ParsedEnvelope) -> FetchProcessCard:
        element = parsed.message_element()
        return cls(codec.parse_selection_rule(element), _limit(element))


def _selection_and_quantity(
    element: etree._Element, rule: SelectionRule, limit: int | None
) -> None:
    codec.build_selection_rule(element, rule)
    if limit is not None:
        sub(element, o("Quantity"), Limit=str(limit))


def _limit(element: etree._Element | None) -> int | None:
    quantity = None if element is None else element.find(o("Quantity"))
    if quantity is None:
        return None
    value = quantity.get("Limit") or ""
    if not value.isdigit():
        raise StructureError(element="osci:Quantity/@Limit", reason="not a number")
    return int(value)


@dataclass(frozen=True)
class ResponseToFetchProcessCard(Payload):
    TYPE: ClassVar[MessageType] = T.RESPONSE_TO_FETCH_PROCESS_CARD
    feedback: Feedback
    selection: SelectionRule = ANY_SELECTION
    limit: int | None = None
    process_cards: tuple[ProcessCardBundle, ...] = ()

    def element(self) -> etree._Element:
        element = super().element()
        codec.build_feedback(element, self.feedback)
        echo = sub(element, o("fetchProcessCard"))
        _selection_and_quantity(echo, self.selection, self.limit)
        for bundle in self.process_cards:
            codec.build_process_card_bundle(element, bundle)
        return element

    @classmethod
    def from_parsed(cls, parsed: ParsedEnvelope) -> ResponseToFetchProcessCard:
        element = parsed.message_element()
        echo = element.find(o("fetchProcessCard"))
        return cls(
            feedback=codec.parse_feedback(element.find(o("Feedback"))),
            selection=codec.parse_selection_rule(echo),
            limit=_limit(echo),
            process_cards=tuple(
                codec.parse_process_card_bundle(b) for b in element.iterfind(o("ProcessCardBundle"))
            ),
        )


@dataclass(frozen=True)
class _Routed(Payload):
    content_receiver: str
    message_id: str
    content: ContentPackage
    subject: str | None = None
    quality_of_timestamp: tuple[QualityOfTimestamp, ...] = DEFAULT_QOT

    def element(self) -> etree._Element:
        element = super().element()
        sub(element, o("ContentReceiver"), URI=self.content_receiver)
        sub(element, o("MessageId"), encode_message_id(self.message_id))
        if self.subject is not None:
            sub(element, o("Subject"), self.subject)
        return element

    def extra_blocks(self) -> dict[str, list[etree._Element]]:
        return _qot_blocks(self.quality_of_timestamp)

    def body(self) -> list[etree._Element]:
        return [self.content.build()]

    @classmethod
    def from_parsed(cls, parsed: ParsedEnvelope) -> _Routed:
        element = parsed.message_element()
        receiver = element.find(o("ContentReceiver"))
        if receiver is None or not receiver.get("URI"):
            raise StructureError(element="osci:ContentReceiver", reason="missing or without URI")
        return cls(
            content_receiver=receiver.get("URI") or "",
            message_id=_message_id(element),
            subject=_optional_text(element, o("Subject")),
            content=_required_package(parsed),
            quality_of_timestamp=_parse_qot(parsed),
        )


@dataclass(frozen=True)
class ForwardDelivery(_Routed):
    TYPE: ClassVar[MessageType] = T.FORWARD_DELIVERY


@dataclass(frozen=True)
class ResponseToForwardDelivery(FeedbackAndBundle):
    TYPE: ClassVar[MessageType] = T.RESPONSE_TO_FORWARD_DELIVERY


@dataclass(frozen=True)
class MediateDelivery(_Routed):
    TYPE: ClassVar[MessageType] = T.MEDIATE_DELIVERY
    quality_of_timestamp: tuple[QualityOfTimestamp, ...] = ()


@dataclass(frozen=True)
class ResponseToMediateDelivery(Payload):
    TYPE: ClassVar[MessageType] = T.RESPONSE_TO_MEDIATE_DELIVERY
    feedback: Feedback
    request_process_card: ProcessCardBundle | None = None
    reply_process_card: ProcessCardBundle | None = None
    content: ContentPackage | None = None

    def element(self) -> etree._Element:
        element = super().element()
        codec.build_feedback(element, self.feedback)
        if self.request_process_card is not None:
            codec.build_process_card_bundle(
                element, self.request_process_card, o("RequestProcessCardBundle")
            )
            if self.reply_process_card is not None:
                codec.build_process_card_bundle(
                    element, self.reply_process_card, o("ReplyProcessCardBundle")
                )
        return element

    def body(self) -> list[etree._Element]:
        return [] if self.content is None else [self.content.build()]

    @classmethod
    def from_parsed(cls, parsed: ParsedEnvelope) -> ResponseToMediateDelivery:
        element = parsed.message_element()
        return cls(
            feedback=codec.parse_feedback(element.find(o("Feedback"))),
            request_process_card=_bundle(element, o("RequestProcessCardBundle")),
            reply_process_card=_bundle(element, o("ReplyProcessCardBundle")),
            content=_package_of(parsed),
        )


@dataclass(frozen=True)
class AcceptDelivery(Payload):
    TYPE: ClassVar[MessageType] = T.ACCEPT_DELIVERY
    process_card: ProcessCardBundle
    content: ContentPackage

    def element(self) -> etree._Element:
        element = super().element()
        codec.build_process_card_bundle(element, self.process_card)
        return element

    def body(self) -> list[etree._Element]:
        return [self.content.build()]

    @classmethod
    def from_parsed(cls, parsed: ParsedEnvelope) -> AcceptDelivery:
        bundle = _bundle(parsed.message_element())
        if bundle is None:
            raise StructureError(element="osci:ProcessCardBundle", reason="missing")
        return cls(process_card=bundle, content=_required_package(parsed))


@dataclass(frozen=True)
class ResponseToAcceptDelivery(FeedbackOnly):
    TYPE: ClassVar[MessageType] = T.RESPONSE_TO_ACCEPT_DELIVERY


@dataclass(frozen=True)
class ProcessDelivery(Payload):
    TYPE: ClassVar[MessageType] = T.PROCESS_DELIVERY
    content: ContentPackage
    message_id_response: str | None = None
    process_card: ProcessCardBundle | None = None

    def element(self) -> etree._Element:
        element = super().element()
        if self.message_id_response is not None:
            sub(element, o("MessageIdResponse"), encode_message_id(self.message_id_response))
        if self.process_card is not None:
            codec.build_process_card_bundle(element, self.process_card)
        return element

    def body(self) -> list[etree._Element]:
        return [self.content.build()]

    @classmethod
    def from_parsed(cls, parsed: ParsedEnvelope) -> ProcessDelivery:
        element = parsed.message_element()
        response_id = element.find(o("MessageIdResponse"))
        return cls(
            content=_required_package(parsed),
            message_id_response=None
            if response_id is None
            else _message_id(element, o("MessageIdResponse")),
            process_card=_bundle(element),
        )


@dataclass(frozen=True)
class ResponseToProcessDelivery(Payload):
    TYPE: ClassVar[MessageType] = T.RESPONSE_TO_PROCESS_DELIVERY
    feedback: Feedback
    message_id: str
    subject: str | None = None
    content: ContentPackage | None = None
    quality_of_timestamp: tuple[QualityOfTimestamp, ...] = ()

    def element(self) -> etree._Element:
        element = super().element()
        codec.build_feedback(element, self.feedback)
        sub(element, o("MessageId"), encode_message_id(self.message_id))
        if self.subject is not None:
            sub(element, o("Subject"), self.subject)
        return element

    def extra_blocks(self) -> dict[str, list[etree._Element]]:
        return _qot_blocks(self.quality_of_timestamp)

    def body(self) -> list[etree._Element]:
        return [] if self.content is None else [self.content.build()]

    @classmethod
    def from_parsed(cls, parsed: ParsedEnvelope) -> ResponseToProcessDelivery:
        element = parsed.message_element()
        return cls(
            feedback=codec.parse_feedback(element.find(o("Feedback"))),
            message_id=_message_id(element),
            subject=_optional_text(element, o("Subject")),
            content=_package_of(parsed),
            quality_of_timestamp=_parse_qot(parsed),
        )


# ---------------------------------------------------------------- chunking (osci.md §12)


@dataclass(frozen=True)
class PartialStoreDelivery(Payload):
    TYPE: ClassVar[MessageType] = T.PARTIAL_STORE_DELIVERY
    message_id: str
    content: ContentPackage
    chunk: ChunkInformation | None = None  # None = InfoOnly (status request)
    subject: str | None = None
    quality_of_timestamp: tuple[QualityOfTimestamp, ...] = (DEFAULT_QOT[0],)

    def element(self) -> etree._Element:
        element = super().element()
        sub(element, o("MessageId"), encode_message_id(self.message_id))
        if self.subject is not None:
            sub(element, o("Subject"), self.subject)
        if self.chunk is None:
            sub(element, e("InfoOnly"))
        else:
            codec.build_chunk_information(element, self.chunk)
        return element

    def extra_blocks(self) -> dict[str, list[etree._Element]]:
        return _qot_blocks(self.quality_of_timestamp)

    def body(self) -> list[etree._Element]:
        return [self.content.build()]

    @classmethod
    def from_parsed(cls, parsed: ParsedEnvelope) -> PartialStoreDelivery:
        element = parsed.message_element()
        chunk = codec.parse_chunk_information(element.find(e("ChunkInformation")))
        if chunk is None and element.find(e("InfoOnly")) is None:
            raise StructureError(
                element="osci2017:partialStoreDelivery", reason="needs ChunkInformation or InfoOnly"
            )
        return cls(
            message_id=_message_id(element),
            subject=_optional_text(element, o("Subject")),
            chunk=chunk,
            content=_required_package(parsed),
            quality_of_timestamp=_parse_qot(parsed),
        )


@dataclass(frozen=True)
class ResponseToPartialStoreDelivery(Payload):
    TYPE: ClassVar[MessageType] = T.RESPONSE_TO_PARTIAL_STORE_DELIVERY
    feedback: Feedback
    chunk: ChunkInformation
    inside_feedback: Feedback | None = None
    process_card: ProcessCardBundle | None = None

    def element(self) -> etree._Element:
        element = super().element()
        if self.inside_feedback is not None:
            codec.build_feedback(element, self.inside_feedback, e("InsideFeedback"))
        codec.build_feedback(element, self.feedback)
        if self.process_card is not None:
            codec.build_process_card_bundle(element, self.process_card, o("procard"))
        codec.build_chunk_information(element, self.chunk)
        return element

    @classmethod
    def from_parsed(cls, parsed: ParsedEnvelope) -> ResponseToPartialStoreDelivery:
        element = parsed.message_element()
        inside = element.find(e("InsideFeedback"))
        chunk = codec.parse_chunk_information(element.find(e("ChunkInformation")))
        if chunk is None:
            raise StructureError(element="osci2017:ChunkInformation", reason="missing")
        return cls(
            feedback=codec.parse_feedback(element.find(o("Feedback"))),
            chunk=chunk,
            inside_feedback=None if inside is None else codec.parse_feedback(inside),
            process_card=_bundle(element, o("procard")),
        )


@dataclass(frozen=True)
class PartialFetchDelivery(Payload):
    TYPE: ClassVar[MessageType] = T.PARTIAL_FETCH_DELIVERY
    chunk: ChunkInformation
    selection: SelectionRule = ANY_SELECTION

    def element(self) -> etree._Element:
        element = super().element()
        codec.build_selection_rule(element, self.selection)
        codec.build_chunk_information(element, self.chunk)
        return element

    @classmethod
    def from_parsed(cls, parsed: ParsedEnvelope) -> PartialFetchDelivery:
        element = parsed.message_element()
        chunk = codec.parse_chunk_information(element.find(e("ChunkInformation")))
        if chunk is None:
            raise StructureError(element="osci2017:ChunkInformation", reason="missing")
        return cls(chunk=chunk, selection=codec.parse_selection_rule(element))


@dataclass(frozen=True)
class ResponseToPartialFetchDelivery(Payload):
    TYPE: ClassVar[MessageType] = T.RESPONSE_TO_PARTIAL_FETCH_DELIVERY
    feedback: Feedback
    chunk: ChunkInformation
    message_id: str
    selection: SelectionRule = ANY_SELECTION
    content: ContentPackage | None = None

    def element(self) -> etree._Element:
        element = super().element()
        codec.build_feedback(element, self.feedback)
        codec.build_selection_rule(sub(element, o("fetchDelivery")), self.selection)
        codec.build_chunk_information(element, self.chunk)
        sub(element, o("MessageId"), encode_message_id(self.message_id))
        return element

    def body(self) -> list[etree._Element]:
        return [] if self.content is None else [self.content.build()]

    @classmethod
    def from_parsed(cls, parsed: ParsedEnvelope) -> ResponseToPartialFetchDelivery:
        element = parsed.message_element()
        chunk = codec.parse_chunk_information(element.find(e("ChunkInformation")))
        if chunk is None:
            raise StructureError(element="osci2017:ChunkInformation", reason="missing")
        return cls(
            feedback=codec.parse_feedback(element.find(o("Feedback"))),
            chunk=chunk,
            message_id=_message_id(element),
            selection=codec.parse_selection_rule(element.find(o("fetchDelivery"))),
            content=_package_of(parsed),
        )


PAYLOADS: dict[MessageType, type[Payload]] = {
    cls.TYPE: cls
    for cls in (
        InitDialog,
        ResponseToInitDialog,
        ExitDialog,
        ResponseToExitDialog,
        GetMessageId,
        ResponseToGetMessageId,
        StoreDelivery,
        ResponseToStoreDelivery,
        FetchDelivery,
        ResponseToFetchDelivery,
        FetchProcessCard,
        ResponseToFetchProcessCard,
        ForwardDelivery,
        ResponseToForwardDelivery,
        AcceptDelivery,
        ResponseToAcceptDelivery,
        MediateDelivery,
        ResponseToMediateDelivery,
        ProcessDelivery,
        ResponseToProcessDelivery,
        PartialStoreDelivery,
        ResponseToPartialStoreDelivery,
        PartialFetchDelivery,
        ResponseToPartialFetchDelivery,
    )
}


# ---------------------------------------------------------------- the whole message


@dataclass(frozen=True)
class Message:
    """A payload with the blocks every message carries."""

    payload: Payload
    control_block: ControlBlock
    certificates: Certificates = NO_CERTIFICATES
    intermediary_certificates: Certificates = NO_CERTIFICATES
    languages: str = "de"
    feature_description: FeatureDescription | None = None
    custom_headers: tuple[etree._Element, ...] = field(default=(), repr=False)

    @property
    def type(self) -> MessageType:
        return self.payload.TYPE


def check_rules(message: Message) -> None:
    """Per-type restrictions the XSDs add to the shared templates (certificates allowed in
    NonIntermediaryCertificates, timestamps of the ProcessCard, ChunkInformation attributes)."""
    mtype = message.type
    names = {ELEMENT_NAMES[(e.role, e.kind)] for e in message.certificates.entries}
    allowed = NIC_ALLOWED.get(mtype)
    if allowed is not None and not names <= allowed:
        raise StructureError(
            element="osci:NonIntermediaryCertificates",
            reason=f"{sorted(names - allowed)[0]} is not allowed in {mtype.name}",
        )
    for name in NIC_REQUIRED.get(mtype, frozenset()) - names:
        raise StructureError(element=f"osci:{name}", reason=f"required in {mtype.name}")
    payload = message.payload
    cards = [getattr(payload, "process_card", None), getattr(payload, "request_process_card", None)]
    cards += list(getattr(payload, "process_cards", ()))
    for card in cards:
        if card is not None and mtype in CARD_RULES:
            _check_card(card, *CARD_RULES[mtype], mtype)
    reply = getattr(payload, "reply_process_card", None)
    if reply is not None:  # ReplyProcessCardType: Creation and Forwarding
        both = frozenset({"creation", "forwarding"})
        _check_card(reply, both, both, mtype)
    chunk = getattr(payload, "chunk", None)
    if chunk is not None and mtype in CHUNK_RULES:
        _check_chunk(chunk, *CHUNK_RULES[mtype], mtype)


def _check_card(
    bundle: ProcessCardBundle, required: frozenset[str], allowed: frozenset[str], mtype: MessageType
) -> None:
    card = bundle.process_card
    present = {name for name in ("creation", "forwarding", "reception") if getattr(card, name)}
    if not required <= present or not present <= allowed:
        raise StructureError(
            element="osci:ProcessCard",
            reason=f"{mtype.name} needs {sorted(required)} and allows {sorted(allowed)}, "
            f"has {sorted(present)}",
        )


_CHUNK_FIELDS = {
    "ChunkNumber": "chunk_number",
    "ChunkSize": "chunk_size",
    "ReceivedChunks": "received_chunks",
    "TotalChunkNumbers": "total_chunk_numbers",
    "TotalMessageSize": "total_message_size",
}


def _check_chunk(
    chunk: ChunkInformation,
    required: frozenset[str],
    prohibited: frozenset[str],
    mtype: MessageType,
) -> None:
    for name, attr in _CHUNK_FIELDS.items():
        value = getattr(chunk, attr)
        if name in required and value is None:
            raise StructureError(
                element=f"ChunkInformation/@{name}", reason=f"required in {mtype.name}"
            )
        if name in prohibited and value is not None:
            raise StructureError(
                element=f"ChunkInformation/@{name}", reason=f"not allowed in {mtype.name}"
            )


def to_envelope(
    message: Message,
    *,
    signing: SigningKey | None = None,
    attachment_digests: dict[str, bytes] | None = None,
) -> etree._Element:
    check_rules(message)
    spec = SPECS[message.type]
    payload = message.payload
    blocks: dict[str, etree._Element | list[etree._Element]] = {
        o("ControlBlock"): codec.build_control_block(message.control_block),
        **payload.extra_blocks(),
    }
    if spec.is_request:
        blocks[o("DesiredLanguages")] = codec.build_desired_languages(message.languages)
    if message.certificates.entries:
        blocks[o("NonIntermediaryCertificates")] = codec.build_certificates(
            message.certificates.entries, intermediary=False
        )
    if message.intermediary_certificates.entries:
        blocks[o("IntermediaryCertificates")] = codec.build_certificates(
            message.intermediary_certificates.entries, intermediary=True
        )
    body = payload.body()
    if spec.element_in_body:
        body = [payload.element(), *body]
    else:
        blocks[spec.element] = payload.element()
    others = [_copy(h) for h in message.custom_headers]
    if message.feature_description is not None:
        feature = codec.build_feature_description(message.feature_description)
        if any(slot.tag == e("FeatureDescription") for slot in spec.header):
            blocks[e("FeatureDescription")] = feature
        else:
            others.insert(0, feature)
    blocks["##other"] = others
    return compose(
        message.type,
        blocks=blocks,
        body=body,
        signing=signing,
        attachment_digests=attachment_digests,
    )


def from_envelope(parsed: ParsedEnvelope) -> Message:
    payload = PAYLOADS[parsed.type].from_parsed(parsed)
    languages = parsed.block(o("DesiredLanguages"))
    feature = parsed.block(e("FeatureDescription"))
    known = {
        o("ControlBlock"),
        o("ClientSignature"),
        o("SupplierSignature"),
        o("DesiredLanguages"),
        o("QualityOfTimestamp"),
        o("NonIntermediaryCertificates"),
        o("IntermediaryCertificates"),
        e("FeatureDescription"),
        parsed.spec.element,
    }
    control = parsed.block(o("ControlBlock"))
    if control is None:
        raise StructureError(element="osci:ControlBlock", reason="missing")
    message = Message(
        payload=payload,
        control_block=codec.parse_control_block(control),
        certificates=codec.parse_certificates(parsed.block(o("NonIntermediaryCertificates"))),
        intermediary_certificates=codec.parse_certificates(
            parsed.block(o("IntermediaryCertificates"))
        ),
        languages="" if languages is None else languages.get("LanguagesList") or "",
        feature_description=codec.parse_feature_description(feature),
        custom_headers=tuple(b for b in parsed.header_blocks if b.tag not in known),
    )
    check_rules(message)
    return message
