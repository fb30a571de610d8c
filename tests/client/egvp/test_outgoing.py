from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from lxml import etree

from client.egvp import (
    OutgoingMessage,
    OutgoingPayload,
    Party,
    SchriftgutDraft,
    Visitenkarte,
    build_outgoing_payload,
    build_xjustiz_nachricht,
    documents_from_names,
    parse_payload,
)
from client.egvp.errors import InvalidOutgoing
from client.egvp.product import ProductInfo, product_info

CREATED = datetime(2025, 5, 2, 10, 15, 30, tzinfo=ZoneInfo("Europe/Berlin"))
SENDER = Visitenkarte(
    organisation="Stadt Musterstadt",
    organisationszusatz="Rechtsamt",
    name="Rechtsamt Musterstadt",
    strasse="Rathausplatz",
    hausnummer="1",
    postleitzahl="12345",
    ort="Musterstadt",
    bundesland="Hessen",
    e_mail="rechtsamt@musterstadt.example",
    nutzer_id="DE.BEBPO.6f0c7a1b-1111-4222-8333-444455556666.abcd",
    rollen_id="egvp_bebpo",
)
MESSAGE = OutgoingMessage(
    empfaenger_safe_id="DE.Justiz.233a8870-2319-4dbc-9f68-a4cc9da8f429.9999",
    betreff="Klage wegen Gebühren: 1 K 123/25 = #1",
    aktenzeichen_empfaenger="1 K 123/25.KO",
    aktenzeichen_absender="31-2025/0815",
    freitext="Sehr geehrte Damen und Herren,\r\n\r\nanbei die Klage.\u0007",
)


def build(**kwargs: object) -> OutgoingPayload:
    xjustiz = build_xjustiz_nachricht(
        SchriftgutDraft(
            draft_id=uuid.uuid4(),
            eigene_nachrichten_id=uuid.uuid4(),
            absender=Party.sonstige("Stadt Musterstadt"),
            empfaenger=Party.gericht("9A0000"),
            documents=documents_from_names(["01_Klage.pdf", "02_Anlage.pdf"]),
        )
    )
    arguments: dict[str, object] = {
        "sender": SENDER,
        "document_names": ["01_Klage.pdf", "02_Anlage.pdf"],
        "xjustiz_nachricht": xjustiz,
        "created": CREATED,
    }
    arguments.update(kwargs)
    return build_outgoing_payload(MESSAGE, **arguments)


def test_payload_has_egvp_containers_and_reads_back() -> None:
    payload = build()
    assert payload.osci_subject == "Allgemeine Nachricht"
    assert list(payload.containers) == ["project_coco", "govello_coco"]
    assert list(payload.containers["project_coco"]) == [
        "nachricht.xml",
        "visitenkarte.xml",
        "herstellerinformation.xml",
    ]
    assert list(payload.containers["govello_coco"]) == ["additional_infos"]
    assert payload.attachment_names == ("01_Klage.pdf", "02_Anlage.pdf", "xjustiz_nachricht.xml")
    assert set(payload.generated_attachments) == {"xjustiz_nachricht.xml"}

    # What the recipient's client (our own parser) makes of it:
    received = parse_payload(
        payload.containers,
        payload.attachment_names,
        payload.generated_attachments["xjustiz_nachricht.xml"],
    )
    assert received.problems == ()
    assert received.visitenkarte == SENDER
    assert received.sender_safe_id == SENDER.nutzer_id
    n = received.nachricht
    assert n is not None
    assert n.nachrichtentyp == "Allgemeine Nachricht"
    assert n.signaturniveau == "no"
    assert n.empfaengerkennung == MESSAGE.empfaenger_safe_id
    assert n.betreff == MESSAGE.betreff
    assert n.aktenzeichen_empfaenger == "1 K 123/25.KO"
    assert n.aktenzeichen_absender == "31-2025/0815"
    assert n.freitext == "Sehr geehrte Damen und Herren,\n\nanbei die Klage."
    infos = received.additional_infos
    assert infos is not None
    assert infos.user_id == SENDER.nutzer_id
    assert infos.subject == MESSAGE.betreff
    assert infos.signature_level == "no"
    assert infos.date == CREATED
    assert infos.date_text == "Fri May 02 10:15:30 CEST 2025"
    assert received.herstellerinformation is not None
    own = product_info()
    assert received.herstellerinformation.produkt == f"beBPo-Client {own.version}"
    assert own.version == "0.1.0"  # from the installed package metadata (pyproject.toml)
    assert received.xjustiz is not None
    assert [d.files[0].dateiname for d in received.xjustiz.documents] == [
        "01_Klage.pdf",
        "02_Anlage.pdf",
    ]


def test_inline_parts_are_plain_utf8_xml_like_egvp() -> None:
    payload = build()
    for data in payload.containers["project_coco"].values():
        assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
        root = etree.fromstring(data)
        assert root.nsmap == {}  # EGVP's parts carry no namespace
    card = etree.fromstring(payload.containers["project_coco"]["visitenkarte.xml"])
    assert [e.tag for e in card][:3] == ["Organisation", "Organisationszusatz", "Anrede"]
    assert card.findtext("Rollen_ID") == "egvp_bebpo"
    hersteller = etree.fromstring(payload.containers["project_coco"]["herstellerinformation.xml"])
    assert hersteller.find("Registrierungs_ID") is None  # we have none; we do not invent one
    registered = build(product=ProductInfo("beBPo-Client", "2.0", "Team", "0001.0099"))
    root = etree.fromstring(registered.containers["project_coco"]["herstellerinformation.xml"])
    assert root.findtext("Registrierungs_ID") == "0001.0099"


def test_without_nachricht_xml_for_mahn_courts() -> None:
    payload = build(include_nachricht_xml=False)
    assert "nachricht.xml" not in payload.containers["project_coco"]
    assert parse_payload(payload.containers, []).betreff == MESSAGE.betreff


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"document_names": ["a.pdf", "A.pdf"]}, "attachments"),
        ({"document_names": ["xjustiz_nachricht.xml"]}, "attachments"),
        ({"document_names": [" "]}, "attachments"),
        ({"sender": Visitenkarte(name="ohne SAFE-ID")}, "visitenkarte.nutzer_id"),
    ],
)
def test_bad_input_is_refused(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidOutgoing) as caught:
        build(**kwargs)
    assert caught.value.field == field


def test_missing_recipient_is_refused() -> None:
    with pytest.raises(InvalidOutgoing) as caught:
        build_outgoing_payload(
            OutgoingMessage(empfaenger_safe_id=" ", betreff="x"),
            sender=SENDER,
            document_names=[],
            xjustiz_nachricht=None,
        )
    assert caught.value.field == "empfaenger_safe_id"
