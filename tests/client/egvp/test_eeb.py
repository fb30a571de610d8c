from __future__ import annotations

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from lxml import etree

from client.egvp import (
    EebAccept,
    EebReject,
    OutgoingDocument,
    Party,
    SchriftgutDraft,
    StoerungsId,
    XJustizNachricht,
    XJustizSchemas,
    build_eeb_answer,
    build_xjustiz_nachricht,
    eeb_outgoing_message,
    eeb_subject,
    load_schemas,
    parse_payload,
)
from client.egvp.errors import NotAnEebRequest
from client.egvp.model import PartyKind
from client.egvp.product import ProductInfo
from tests.client.egvp.helpers import sample_file, xsd_folder

NS = {"t": "http://www.xjustiz.de"}
COURT_MESSAGE_ID = uuid.UUID("e238a754-f63d-4196-98e6-89c50f015b2e")
ANSWER_ID = uuid.UUID("714967a2-5e13-4c07-91c2-41adb4537bbc")
CREATED = datetime(2025, 5, 5, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
COURT = ProductInfo(name="Justiz-Fachverfahren", version="9", vendor="Justiz")


@pytest.fixture(scope="module")
def schemas() -> XJustizSchemas:
    return load_schemas(xsd_folder())


def court_request(schemas: XJustizSchemas, *, request_eeb: bool = True) -> bytes:
    """A court's 3.5.1 message to us asking for an eEB, schema-valid like a real one."""
    data = build_xjustiz_nachricht(
        SchriftgutDraft(
            draft_id=uuid.uuid4(),
            eigene_nachrichten_id=COURT_MESSAGE_ID,
            absender=Party.gericht("T6076", "3.5"),
            empfaenger=Party.sonstige("Stadt Musterstadt, Rechtsamt"),
            documents=(
                OutgoingDocument("Ladung.pdf", dokumentklasse="015"),
                OutgoingDocument("Verfuegung.pdf", dokumentklasse="001"),
            ),
            aktenzeichen_absender="1 K 519/25.KO",
            aktenzeichen_empfaenger="31-2025/0815",
            created=CREATED,
        ),
        product=COURT,
    )
    if request_eeb:
        root = etree.fromstring(data)
        daten = root.find("t:schriftgutobjekte/t:dokument/t:xjustiz.fachspezifischeDaten", NS)
        assert daten is not None
        etree.SubElement(daten, "{http://www.xjustiz.de}ruecksendungEEB.erforderlich").text = "true"
        data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    schemas.validate(data)
    return data


def parsed(data: bytes) -> XJustizNachricht:
    x = parse_payload({}, [], data).xjustiz
    assert x is not None
    return x


def test_eeb_for_a_3_5_1_request_swaps_parties_and_numbers(schemas: XJustizSchemas) -> None:
    request = parsed(court_request(schemas))
    assert request.eeb_requested
    data = build_eeb_answer(
        request,
        EebAccept(date(2025, 5, 5)),
        eigene_nachrichten_id=ANSWER_ID,
        created=CREATED,
        schemas=schemas,
    )
    root = etree.fromstring(data)
    assert root.tag == "{http://www.xjustiz.de}nachricht.eeb.zuruecklaufend.2200007"
    kopf = root.find("t:nachrichtenkopf", NS)
    assert kopf is not None
    # our number first, the court's number as the recipient's
    assert kopf.findtext("t:aktenzeichen.absender", namespaces=NS) == "31-2025/0815"
    assert kopf.findtext("t:aktenzeichen.empfaenger", namespaces=NS) == "1 K 519/25.KO"
    assert kopf.findtext("t:auswahl_absender/t:absender.sonstige", namespaces=NS) == (
        "Stadt Musterstadt, Rechtsamt"
    )
    court = kopf.find("t:auswahl_empfaenger/t:empfaenger.gericht", NS)
    assert court is not None
    assert (court.findtext("code"), court.get("listVersionID")) == ("T6076", "3.5")
    assert kopf.findtext("t:eigeneNachrichtenID", namespaces=NS) == str(ANSWER_ID)
    assert kopf.findtext("t:fremdeNachrichtenID", namespaces=NS) == str(COURT_MESSAGE_ID)
    assert root.findtext("t:fachdaten/t:empfangsbestaetigung", namespaces=NS) == "2025-05-05"
    assert root.find("t:grunddaten", NS) is None  # 3.x eEBs carry no grunddaten

    # The court's side reads it as an answer to its message.
    answer = parsed(data)
    assert answer.is_eeb_answer
    assert answer.fremde_nachrichten_id == request.eigene_nachrichten_id
    assert answer.eeb_answer is not None
    assert answer.eeb_answer.accepted


@pytest.mark.parametrize("code", list(StoerungsId))
def test_stoerungsmeldung_all_codes_validate(schemas: XJustizSchemas, code: StoerungsId) -> None:
    request = parsed(court_request(schemas))
    data = build_eeb_answer(
        request,
        EebReject(code, grund="Anlage 3 fehlt.\nBitte erneut senden – danke."),
        eigene_nachrichten_id=uuid.uuid4(),
        zustellungsempfaenger_abweichend=True,
        aktenzeichen_absender="neues Az 7",
        schemas=schemas,
    )
    answer = parsed(data)
    assert answer.eeb_answer is not None
    assert answer.eeb_answer.stoerungs_id == str(int(code))
    assert answer.eeb_answer.stoerungs_grund == "Anlage 3 fehlt.\nBitte erneut senden - danke."
    assert answer.eeb_answer.zustellungsempfaenger_abweichend is True
    assert answer.aktenzeichen_absender == ("neues Az 7",)
    assert code.label  # German label for the dialog


def test_stoerung_labels_are_the_official_values() -> None:
    xsd = etree.parse(str(xsd_folder() / "xjustiz_2210_cl_eeb_3_1.xsd"))
    xs = {"xs": "http://www.w3.org/2001/XMLSchema"}
    official = {
        e.get("value"): e.findtext(".//wert")
        for e in xsd.xpath(
            "//xs:simpleType[@name='eeb.stoerungs-id']//xs:enumeration", namespaces=xs
        )
    }
    assert official == {str(int(c)): c.label for c in StoerungsId}


def test_eeb_for_the_real_2_4_message(schemas: XJustizSchemas) -> None:
    data = sample_file("attachments/xjustiz_nachricht.xml").read_bytes()
    unrequested = parsed(data)
    with pytest.raises(NotAnEebRequest):
        build_eeb_answer(unrequested, EebAccept(date(2025, 5, 5)), eigene_nachrichten_id=ANSWER_ID)

    # The same real court message as if it asked for an eEB (2.4 names throughout).
    request = parsed(
        data.replace(
            b"<tns:ruecksendung_EEB_erforderlich>false", b"<tns:ruecksendung_EEB_erforderlich>true"
        )
    )
    answer = build_eeb_answer(
        request, EebAccept(date(2020, 5, 7)), eigene_nachrichten_id=ANSWER_ID, schemas=schemas
    )
    x = parsed(answer)
    assert x.empfaenger == Party(PartyKind.GERICHT, code="T6078", list_version_id="2.6")
    assert x.absender == Party.sonstige("Joswig & Partner")
    assert x.aktenzeichen_absender == ("22-114-B19 SB/jaw",)  # line break of the original folded
    assert x.aktenzeichen_empfaenger == ("4 Ca 614/20",)
    assert x.fremde_nachrichten_id == "F9D36902-B60A-4A38-AA40-69ED89874A2F"
    assert eeb_subject(request) == "EB zu: 4 Ca 614/20"


def test_court_code_without_list_version_gets_the_current_one(schemas: XJustizSchemas) -> None:
    data = court_request(schemas).replace(b'listVersionID="3.5"', b'listVersionID=""')
    answer = build_eeb_answer(
        parsed(data), EebAccept(date(2025, 5, 5)), eigene_nachrichten_id=ANSWER_ID, schemas=schemas
    )
    assert parsed(answer).empfaenger == Party.gericht("T6076", "3.6")


def test_requests_that_cannot_be_answered(schemas: XJustizSchemas) -> None:
    no_flag = parsed(court_request(schemas, request_eeb=False))
    with pytest.raises(NotAnEebRequest) as caught:
        build_eeb_answer(no_flag, EebAccept(date(2025, 5, 5)), eigene_nachrichten_id=ANSWER_ID)
    assert "ruecksendungEEB" in caught.value.reason
    bad_id = court_request(schemas).replace(str(COURT_MESSAGE_ID).encode(), b"not-a-uuid")
    with pytest.raises(NotAnEebRequest):
        build_eeb_answer(
            parsed(bad_id), EebAccept(date(2025, 5, 5)), eigene_nachrichten_id=ANSWER_ID
        )


def test_eeb_message_for_the_court(schemas: XJustizSchemas) -> None:
    request = parsed(court_request(schemas))
    message = eeb_outgoing_message(request, empfaenger_safe_id="DE.Justiz.abc.1111")
    assert message.betreff == "EB zu: 1 K 519/25.KO"
    assert message.nachrichtentyp == "Allgemeine Nachricht"
    assert message.aktenzeichen_empfaenger == "1 K 519/25.KO"
    assert message.aktenzeichen_absender == "31-2025/0815"
    assert message.empfaenger_safe_id == "DE.Justiz.abc.1111"
