"""One sample payload per OSCI message type, for round trips and XSD validation."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

from lxml import etree

from osci import messages as m
from osci import ns
from osci.codec import o
from osci.model import (
    CertType,
    ChunkInformation,
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
)
from osci.types import MessageType

T = MessageType
NOW = dt.datetime(2026, 11, 29, 10, 20, 53, tzinfo=dt.timezone(dt.timedelta(hours=1)))
OK = Feedback((FeedbackEntry("0801", "Auftrag ausgeführt, Dialog weiterhin geöffnet"),))
DONE = Feedback((FeedbackEntry("0800", "Auftrag ausgeführt, Dialog beendet"),))

BUNDLE = ProcessCardBundle(
    message_id="govapp_1234567890123456789012345678901234567",
    process_card=ProcessCard(
        recent_modification=NOW,
        creation=Timestamp(plain=NOW),
        forwarding=Timestamp(plain=NOW),
        subject="Allgemeine Nachricht",
    ),
    inspections=(
        Inspection(
            timestamp=Timestamp(plain=NOW),
            subject="CN=VHN - besonderes elektronisches Behördenpostfach",
            issuer="C=DE,O=BNotK,CN=beBPo VHN CA 2017",
            serial=123456789,
            cert_type=CertType.ADVANCED,
            math=MathResult.OK,
            offline=OfflineResult.VALID,
            online=OnlineResult.OK,
            ocsp=b"Not yet supported!",
        ),
    ),
)


_OCSP = {"on": True}


@contextlib.contextmanager
def without_ocsp() -> Iterator[None]:
    """Samples whose inspections carry no OCSP payload (the XSD spells the element OSCP)."""
    _OCSP["on"] = False
    try:
        yield
    finally:
        _OCSP["on"] = True


def bundle(*stamps: str) -> ProcessCardBundle:
    """BUNDLE with exactly the given timestamps (the XSDs differ per message type)."""
    card = ProcessCard(
        recent_modification=NOW,
        subject="Allgemeine Nachricht",
        **{name: Timestamp(plain=NOW) for name in stamps},  # type: ignore[arg-type]
    )
    inspections = BUNDLE.inspections
    if not _OCSP["on"]:
        inspections = tuple(replace(i, ocsp=None) for i in inspections)
    return ProcessCardBundle(BUNDLE.message_id, card, inspections)


def package() -> m.ContentPackage:
    container = etree.Element(o("ContentContainer"), Id="project_coco", nsmap=dict(ns.NSMAP5))
    content = etree.SubElement(container, o("Content"))
    inline = etree.SubElement(content, o("Base64Content"), Id="nachricht.xml")
    inline.text = "PE5hY2hyaWNodC8+"
    return m.ContentPackage((container,))


def sample(mtype: MessageType) -> m.Payload:
    pkg = package()
    C, CF, CFR = (
        bundle("creation"),
        bundle("creation", "forwarding"),
        bundle("creation", "forwarding", "reception"),
    )
    by_id = SelectionRule(message_ids=(BUNDLE.message_id,))
    samples: dict[MessageType, m.Payload] = {
        T.INIT_DIALOG: m.InitDialog(),
        T.RESPONSE_TO_INIT_DIALOG: m.ResponseToInitDialog(OK),
        T.EXIT_DIALOG: m.ExitDialog(),
        T.RESPONSE_TO_EXIT_DIALOG: m.ResponseToExitDialog(DONE),
        T.GET_MESSAGE_ID: m.GetMessageId(),
        T.RESPONSE_TO_GET_MESSAGE_ID: m.ResponseToGetMessageId(DONE, BUNDLE.message_id),
        T.STORE_DELIVERY: m.StoreDelivery(BUNDLE.message_id, pkg, "Allgemeine Nachricht & mehr"),
        T.RESPONSE_TO_STORE_DELIVERY: m.ResponseToStoreDelivery(DONE, C),
        T.FETCH_DELIVERY: m.FetchDelivery(by_id),
        T.RESPONSE_TO_FETCH_DELIVERY: m.ResponseToFetchDelivery(OK, by_id, CF, pkg),
        T.FETCH_PROCESS_CARD: m.FetchProcessCard(
            SelectionRule(recent_modification=NOW, no_reception=True, role="Originator"), 10
        ),
        T.RESPONSE_TO_FETCH_PROCESS_CARD: m.ResponseToFetchProcessCard(
            OK, SelectionRule(reception_of_delivery=NOW), None, (C, CFR)
        ),
        T.FORWARD_DELIVERY: m.ForwardDelivery("https://empfaenger.example/osci", "id1", pkg, "S"),
        T.RESPONSE_TO_FORWARD_DELIVERY: m.ResponseToForwardDelivery(DONE, C),
        T.ACCEPT_DELIVERY: m.AcceptDelivery(CF, pkg),
        T.RESPONSE_TO_ACCEPT_DELIVERY: m.ResponseToAcceptDelivery(DONE),
        T.MEDIATE_DELIVERY: m.MediateDelivery("https://empfaenger.example/osci", "id2", pkg),
        T.RESPONSE_TO_MEDIATE_DELIVERY: m.ResponseToMediateDelivery(OK, CFR, CF, pkg),
        T.PROCESS_DELIVERY: m.ProcessDelivery(pkg, "id3", CF),
        T.RESPONSE_TO_PROCESS_DELIVERY: m.ResponseToProcessDelivery(DONE, "id4", "Antwort", pkg),
        T.PARTIAL_STORE_DELIVERY: m.PartialStoreDelivery(
            "id5_Partial",
            pkg,
            ChunkInformation(
                chunk_number=1, chunk_size=1024, total_chunk_numbers=3, total_message_size=3000
            ),
            "S",
        ),
        T.RESPONSE_TO_PARTIAL_STORE_DELIVERY: m.ResponseToPartialStoreDelivery(
            DONE,
            ChunkInformation(chunk_number=3, total_chunk_numbers=3, received_chunks=(1, 2, 3)),
            DONE,
            C,
        ),
        T.PARTIAL_FETCH_DELIVERY: m.PartialFetchDelivery(
            ChunkInformation(chunk_number=2, chunk_size=1024, received_chunks=(1,)), by_id
        ),
        T.RESPONSE_TO_PARTIAL_FETCH_DELIVERY: m.ResponseToPartialFetchDelivery(
            OK,
            ChunkInformation(chunk_number=2, total_chunk_numbers=3, total_message_size=3000),
            "id6",
            by_id,
            pkg,
        ),
    }
    return samples[mtype]


def normal(value: object) -> object:
    """Payloads compare equal after replacing XML elements by their canonical bytes."""
    if isinstance(value, m.ContentPackage):
        return tuple(etree.tostring(i, method="c14n") for i in value.items)
    if hasattr(value, "__dataclass_fields__"):
        return {k: normal(getattr(value, k)) for k in value.__dataclass_fields__}
    if isinstance(value, tuple):
        return tuple(normal(v) for v in value)
    return value
