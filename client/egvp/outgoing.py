"""The EGVP payload of an outgoing message, as EGVP clients build it (osci.md §13.1).

``project_coco`` holds the inline contents ``nachricht.xml``, ``visitenkarte.xml`` and
``herstellerinformation.xml`` plus one reference per attachment (the documents, then
``xjustiz_nachricht.xml``); ``govello_coco`` holds ``additional_infos``. We return plain bytes per
content Id and the attachment names in order; the ``osci`` layer builds the ContentContainers,
signs and encrypts.

No ``nachricht.xsl`` / ``visitenkarte.xsl``: those stylesheets are EGVP's, we do not copy them and
have none of our own yet (decision record 0502). Receivers show the XML or their own rendering.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from lxml import etree

from client.egvp._text import xml_safe
from client.egvp.errors import InvalidOutgoing
from client.egvp.model import (
    ADDITIONAL_INFOS,
    GOVELLO_COCO,
    HERSTELLERINFORMATION_XML,
    NACHRICHT_XML,
    NACHRICHTENTYP_ALLGEMEIN,
    PROJECT_COCO,
    VISITENKARTE_FIELDS,
    VISITENKARTE_XML,
    XJUSTIZ_NACHRICHT_XML,
    Visitenkarte,
)
from client.egvp.product import ProductInfo, product_info
from client.egvp.properties import dump_properties

SIGNATURNIVEAU_NONE = "no"
_RESERVED_ATTACHMENTS = frozenset(
    n.casefold()
    for n in (
        NACHRICHT_XML,
        VISITENKARTE_XML,
        HERSTELLERINFORMATION_XML,
        ADDITIONAL_INFOS,
        XJUSTIZ_NACHRICHT_XML,
        "nachricht.xsl",
        "visitenkarte.xsl",
    )
)


@dataclass(frozen=True)
class OutgoingMessage:
    """Message-level data of an outgoing message (``nachricht.xml`` / ``additional_infos``)."""

    empfaenger_safe_id: str
    betreff: str
    aktenzeichen_empfaenger: str = ""
    aktenzeichen_absender: str = ""
    freitext: str = ""
    nachrichtentyp: str = NACHRICHTENTYP_ALLGEMEIN
    signaturniveau: str = SIGNATURNIVEAU_NONE


@dataclass(frozen=True)
class OutgoingPayload:
    """What the ``osci`` layer needs to build the content containers.

    ``containers``: container Id → content Id → bytes (inline ``Base64Content``), in order.
    ``attachment_names``: every attachment in order; each gets a ``Content href="cid:<name>"`` in
    ``project_coco``. ``generated_attachments`` holds the bytes of those we made
    (``xjustiz_nachricht.xml``); the others are the user's files, streamed from disk.
    """

    osci_subject: str
    containers: dict[str, dict[str, bytes]]
    attachment_names: tuple[str, ...]
    generated_attachments: dict[str, bytes] = field(default_factory=dict)


def _xml(root: etree._Element) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(
        root, encoding="UTF-8", xml_declaration=False, pretty_print=True
    )


def _plain(parent: etree._Element, name: str, value: str) -> None:
    etree.SubElement(parent, name).text = xml_safe(value)


def nachricht_xml(message: OutgoingMessage) -> bytes:
    root = etree.Element("Nachricht")
    _plain(root, "Nachrichtentyp", message.nachrichtentyp)
    _plain(root, "Signaturniveau", message.signaturniveau)
    _plain(root, "Empfaengerkennung", message.empfaenger_safe_id.strip())
    _plain(root, "Betreff", " ".join(message.betreff.split()))
    _plain(root, "Aktenzeichen_Empfaenger", " ".join(message.aktenzeichen_empfaenger.split()))
    _plain(root, "Aktenzeichen_Absender", " ".join(message.aktenzeichen_absender.split()))
    _plain(root, "Freitext", message.freitext.replace("\r\n", "\n").strip())
    return _xml(root)


def visitenkarte_xml(card: Visitenkarte) -> bytes:
    root = etree.Element("Visitenkarte")
    for element, attribute in VISITENKARTE_FIELDS:
        _plain(root, element, " ".join(str(getattr(card, attribute)).split()))
    return _xml(root)


def herstellerinformation_xml(product: ProductInfo) -> bytes:
    root = etree.Element("Herstellerinformation")
    _plain(root, "Name_des_Produkts_und_Softwareversion", product.name_and_version)
    _plain(root, "Hersteller_des_Produkts", product.vendor)
    if product.registrierungs_id:
        _plain(root, "Registrierungs_ID", product.registrierungs_id)
    return _xml(root)


def additional_infos(message: OutgoingMessage, sender: Visitenkarte, created: datetime) -> bytes:
    return dump_properties(
        [
            ("user_id", sender.nutzer_id.strip()),
            ("signature_level", message.signaturniveau),
            ("subject", " ".join(message.betreff.split())),
        ],
        date=created,
    )


def _check(message: OutgoingMessage, sender: Visitenkarte, names: Sequence[str]) -> None:
    if not message.empfaenger_safe_id.strip():
        raise InvalidOutgoing(field="empfaenger_safe_id", reason="empty")
    if not message.nachrichtentyp.strip():
        raise InvalidOutgoing(field="nachrichtentyp", reason="empty")
    if not sender.nutzer_id.strip():
        raise InvalidOutgoing(field="visitenkarte.nutzer_id", reason="our SAFE-ID is missing")
    seen: set[str] = set()
    for name in names:
        key = name.casefold()
        if not name.strip():
            raise InvalidOutgoing(field="attachments", reason="empty file name")
        if key in _RESERVED_ATTACHMENTS:
            raise InvalidOutgoing(field="attachments", reason=f"{name!r} is a reserved name")
        if key in seen:
            raise InvalidOutgoing(field="attachments", reason=f"{name!r} twice")
        seen.add(key)


def build_outgoing_payload(
    message: OutgoingMessage,
    *,
    sender: Visitenkarte,
    document_names: Sequence[str],
    xjustiz_nachricht: bytes | None,
    created: datetime | None = None,
    include_nachricht_xml: bool = True,
    product: ProductInfo | None = None,
) -> OutgoingPayload:
    """The EGVP payload for ``message`` with the documents ``document_names`` (in order).

    ``xjustiz_nachricht`` is the generated structure dataset (attached last); ``None`` only for
    the rare message without one. ``include_nachricht_xml=False`` leaves ``nachricht.xml`` out,
    as the Mahn courts demand (bebpo.md §4.1).
    """
    _check(message, sender, document_names)
    moment = created or datetime.now(UTC).astimezone()
    product = product or product_info()
    project: dict[str, bytes] = {}
    if include_nachricht_xml:
        project[NACHRICHT_XML] = nachricht_xml(message)
    project[VISITENKARTE_XML] = visitenkarte_xml(sender)
    project[HERSTELLERINFORMATION_XML] = herstellerinformation_xml(product)
    names = tuple(document_names)
    generated: dict[str, bytes] = {}
    if xjustiz_nachricht is not None:
        names += (XJUSTIZ_NACHRICHT_XML,)
        generated[XJUSTIZ_NACHRICHT_XML] = xjustiz_nachricht
    return OutgoingPayload(
        osci_subject=message.nachrichtentyp,
        containers={
            PROJECT_COCO: project,
            GOVELLO_COCO: {ADDITIONAL_INFOS: additional_infos(message, sender, moment)},
        },
        attachment_names=names,
        generated_attachments=generated,
    )
