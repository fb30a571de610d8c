from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from client.egvp import parse_payload
from client.egvp.model import (
    ADDITIONAL_INFOS,
    HERSTELLERINFORMATION_XML,
    NACHRICHT_XML,
    VISITENKARTE_XML,
    XJUSTIZ_NACHRICHT_XML,
    PartyKind,
    ProblemKind,
    XJustizKind,
)
from tests.client.egvp.helpers import sample_containers, sample_file

# ---------------------------------------------------------------- the real message


def test_real_message_containers_parse_completely() -> None:
    xjustiz = sample_file("attachments/xjustiz_nachricht.xml").read_bytes()
    payload = parse_payload(
        sample_containers(), ["99 - Klage.pdf", "xjustiz_nachricht.xml"], xjustiz
    )

    assert payload.problems == ()
    assert payload.nachricht is None  # this sender (EGVP-Enterprise) wrote no nachricht.xml
    card = payload.visitenkarte
    assert card is not None
    assert card.organisation == "Oberverwaltungsgericht Rheinland-Pfalz"
    assert card.rollen_id == "egvp_justiz"
    assert card.nutzer_id.startswith("DE.Justiz.")
    assert payload.sender_safe_id == card.nutzer_id
    assert payload.herstellerinformation is not None
    assert payload.herstellerinformation.produkt == "EGVP Enterprise-Version 4.1.1"
    assert payload.herstellerinformation.hersteller == "Governikus GmbH & Co. KG"
    assert payload.herstellerinformation.registrierungs_id == "0001.0003.0000.0411"

    infos = payload.additional_infos
    assert infos is not None
    assert infos.subject == "Test CH Asynchron"
    assert infos.signature_level == "no"
    assert infos.date_text == "Mon Sep 27 14:12:15 CEST 2021"
    assert infos.date is not None
    assert infos.date.isoformat() == "2021-09-27T14:12:15+02:00"
    # The subject comes from additional_infos when nachricht.xml is absent.
    assert payload.betreff == "Test CH Asynchron"
    # Unknown inline parts (EGVP's stylesheet) are kept byte for byte.
    assert (
        payload.part("visitenkarte.xsl") == sample_containers()["project_coco"]["visitenkarte.xsl"]
    )
    assert payload.attachment_names == ("99 - Klage.pdf", "xjustiz_nachricht.xml")


def test_real_xjustiz_2_4_is_read_with_its_old_names() -> None:
    payload = parse_payload({}, [], sample_file("attachments/xjustiz_nachricht.xml").read_bytes())
    x = payload.xjustiz
    assert x is not None
    assert x.kind is XJustizKind.SCHRIFTGUTOBJEKTE
    assert x.xjustiz_version == "2.4.0"
    assert x.aktenzeichen_absender == ("4 Ca 614/20",)
    assert x.aktenzeichen_empfaenger == ("22-114-B19\n SB/jaw",)
    assert x.absender is not None
    assert (x.absender.kind, x.absender.code, x.absender.list_version_id) == (
        PartyKind.GERICHT,
        "T6078",
        "2.6",
    )
    assert x.empfaenger is not None
    assert (x.empfaenger.kind, x.empfaenger.text) == (PartyKind.SONSTIGE, "Joswig & Partner")
    assert x.eigene_nachrichten_id == "F9D36902-B60A-4A38-AA40-69ED89874A2F"
    assert x.erstellungszeitpunkt is not None
    assert x.erstellungszeitpunkt.year == 2020
    assert x.herstellerinformation is not None
    assert x.herstellerinformation.name == "EUREKA-Fach"
    (doc,) = x.documents
    assert doc.id == "2F78D25A-1AF1-4E48-8D7F-9FBBA70177A6"
    assert doc.anzeigename == "TESTDOKUMENT"
    assert doc.dokumententyp == "004"
    assert [(f.dateiname, f.bestandteil) for f in doc.files] == [("99 - Klage.pdf", "002")]
    assert doc.eeb_requested is False
    assert not payload.eeb_requested
    assert not payload.is_eeb_answer


def test_real_2_4_message_with_eeb_flag_set_is_a_request() -> None:
    data = sample_file("attachments/xjustiz_nachricht.xml").read_bytes()
    for flag in (b"true", b"1", b" true "):
        changed = data.replace(
            b"<tns:ruecksendung_EEB_erforderlich>false",
            b"<tns:ruecksendung_EEB_erforderlich>" + flag,
        )
        assert changed != data
        assert parse_payload({}, [], changed).eeb_requested


def test_real_additionals_files_parse_without_problems() -> None:
    parts = {
        VISITENKARTE_XML: sample_file("additionals/visitenkarte.xml").read_bytes(),
        HERSTELLERINFORMATION_XML: sample_file(
            "additionals/herstellerinformation.xml"
        ).read_bytes(),
        "visitenkarte.xsl": sample_file("additionals/visitenkarte.xsl").read_bytes(),
    }
    payload = parse_payload({"project_coco": parts}, [])
    assert payload.problems == ()
    assert payload.visitenkarte is not None
    assert payload.visitenkarte.telefon == "0261-1307 40777"
    assert payload.visitenkarte.vorname == "- nur für interne Tests -"
    assert payload.visitenkarte.titel == ""


@pytest.mark.parametrize(
    ("file", "as_part", "kind"),
    [
        ("MsgProps.xml", NACHRICHT_XML, ProblemKind.UNEXPECTED_STRUCTURE),
        ("pruefvermerk.xml", VISITENKARTE_XML, ProblemKind.UNEXPECTED_STRUCTURE),
        ("summarisedinspectionsheet.xml", XJUSTIZ_NACHRICHT_XML, ProblemKind.UNKNOWN_MESSAGE_TYPE),
        ("businesscard.html", HERSTELLERINFORMATION_XML, ProblemKind.MALFORMED_XML),
        ("pruefvermerk.pdf", XJUSTIZ_NACHRICHT_XML, ProblemKind.MALFORMED_XML),
    ],
)
def test_other_real_files_in_the_wrong_place_are_reported_not_fatal(
    file: str, as_part: str, kind: ProblemKind
) -> None:
    data = sample_file(file).read_bytes()
    if as_part == XJUSTIZ_NACHRICHT_XML:
        payload = parse_payload({}, [], data)
    else:
        payload = parse_payload({"project_coco": {as_part: data}}, [])
    assert [p.kind for p in payload.problems] == [kind]
    assert payload.problems[0].part == as_part
    assert payload.problems[0].text  # German text for the user
    assert payload.part(as_part) == data  # raw bytes kept


@pytest.mark.parametrize("file", ["message.preferences", "content.preferences"])
def test_real_preferences_files_read_as_properties(file: str) -> None:
    data = sample_file(file).read_bytes()
    payload = parse_payload({"govello_coco": {ADDITIONAL_INFOS: data}}, [])
    infos = payload.additional_infos
    assert infos is not None
    assert payload.problems == ()
    assert infos.date is not None
    assert infos.date.utcoffset() is not None
    entries = dict(infos.entries)
    if file == "message.preferences":
        # "\=" and "\u00FC" escapes as Java writes them
        assert entries["table.originator"].startswith("C=DE,OU=Oberverwaltungsgericht")
        assert entries["table.originator"].endswith("- nur für interne Tests -")
        assert entries["status"] == "valid_gueltig"
    else:
        assert entries == {"bc.originator_name": "ZZ Testkonto RP OVG RLP"}


# ---------------------------------------------------------------- XJustiz 3.x names

XJUSTIZ_3 = """<?xml version="1.0" encoding="UTF-8"?>
<tns:nachricht.gds.uebermittlungSchriftgutobjekte.0005005 xmlns:tns="http://www.xjustiz.de">
  <tns:nachrichtenkopf xjustizVersion="3.2.1">
    <tns:aktenzeichen.absender>1 K 519/20.KO</tns:aktenzeichen.absender>
    <tns:aktenzeichen.empfaenger>ORD-7/21</tns:aktenzeichen.empfaenger>
    <tns:erstellungszeitpunkt>2021-12-08T11:03:52.313+01:00</tns:erstellungszeitpunkt>
    <tns:auswahl_absender>
      <tns:absender.gericht listVersionID="3.3"><code>T6076</code></tns:absender.gericht>
    </tns:auswahl_absender>
    <tns:auswahl_empfaenger>
      <tns:empfaenger.sonstige>Stadt Musterstadt</tns:empfaenger.sonstige>
    </tns:auswahl_empfaenger>
    <tns:eigeneNachrichtenID>e238a754-f63d-4196-98e6-89c50f015b2e</tns:eigeneNachrichtenID>
    <tns:herstellerinformation><tns:nameDesProdukts>Fachverfahren X</tns:nameDesProdukts>
    </tns:herstellerinformation>
  </tns:nachrichtenkopf>
  <tns:grunddaten/>
  <tns:schriftgutobjekte>
    <tns:dokument>
      <tns:identifikation><tns:id>b2043c91-024e-4179-afe7-b060ad67a2f8</tns:id>
        <tns:nummerImUebergeordnetenContainer>0</tns:nummerImUebergeordnetenContainer>
      </tns:identifikation>
      <tns:xjustiz.fachspezifischeDaten>
        <tns:dokumentklasse listVersionID=""><code>006</code></tns:dokumentklasse>
        <tns:anzeigename>Urteil vom 1.12.2021</tns:anzeigename>
        <tns:datei><tns:dateiname>001_Urteil.pdf</tns:dateiname>
          <tns:bestandteil listVersionID="2.2"><code>001</code></tns:bestandteil></tns:datei>
        <tns:datei><tns:dateiname>001_Urteil.pdf.p7s</tns:dateiname>
          <tns:bestandteil listVersionID="2.2"><code>003</code></tns:bestandteil></tns:datei>
        <tns:ruecksendungEEB.erforderlich>{flag}</tns:ruecksendungEEB.erforderlich>
      </tns:xjustiz.fachspezifischeDaten>
    </tns:dokument>
    <tns:akte><tns:dokument><tns:identifikation><tns:id>8319d06f-7b93-46a8-a7e0-409d53e417d2</tns:id>
      <tns:nummerImUebergeordnetenContainer>2</tns:nummerImUebergeordnetenContainer>
      </tns:identifikation></tns:dokument></tns:akte>
  </tns:schriftgutobjekte>
</tns:nachricht.gds.uebermittlungSchriftgutobjekte.0005005>
"""


@pytest.mark.parametrize(("flag", "requested"), [("true", True), ("1", True), ("false", False)])
def test_xjustiz_3_names(flag: str, requested: bool) -> None:
    payload = parse_payload({}, [], XJUSTIZ_3.format(flag=flag).encode())
    assert payload.problems == ()
    x = payload.xjustiz
    assert x is not None
    assert x.xjustiz_version == "3.2.1"
    assert x.absender is not None
    assert (x.absender.code, x.absender.list_version_id) == (
        "T6076",
        "3.3",
    )
    assert x.empfaenger is not None
    assert x.empfaenger.text == "Stadt Musterstadt"
    assert x.aktenzeichen_absender == ("1 K 519/20.KO",)
    assert x.aktenzeichen_empfaenger == ("ORD-7/21",)
    assert x.eigene_nachrichten_id == "e238a754-f63d-4196-98e6-89c50f015b2e"
    first, in_akte = x.documents
    assert first.nummer == 0  # as sent; 3.5 would forbid it, we only read it
    assert first.dokumentklasse == "006"
    assert [f.bestandteil for f in first.files] == ["001", "003"]
    assert in_akte.id == "8319d06f-7b93-46a8-a7e0-409d53e417d2"
    assert in_akte.nummer == 2
    assert payload.eeb_requested is requested


def test_incoming_eeb_answer_2x_names() -> None:
    answer = b"""<?xml version="1.0" encoding="UTF-8"?>
<tns:nachricht.eeb.zuruecklaufend.2200007 xmlns:tns="http://www.xjustiz.de">
  <tns:nachrichtenkopf>
    <tns:aktenzeichen.absender>
    </tns:aktenzeichen.absender>
    <tns:aktenzeichen.empfaenger>1 K 519/20.KO</tns:aktenzeichen.empfaenger>
    <tns:erstellungszeitpunkt>2021-10-29T10:20:47.675+02:00</tns:erstellungszeitpunkt>
    <tns:absender_Sonstige>Beh\xc3\xb6rde X</tns:absender_Sonstige>
    <tns:empfaenger_Gericht listVersionID="2.6"><code>T6076</code></tns:empfaenger_Gericht>
    <tns:eigene_Nachrichten_ID>714967a2-5e13-4c07-91c2-41adb4537bbc</tns:eigene_Nachrichten_ID>
    <tns:fremde_Nachrichten_ID>e238a754-f63d-4196-98e6-89c50f015b2e</tns:fremde_Nachrichten_ID>
  </tns:nachrichtenkopf>
  <tns:grunddaten xjustizVersion="2.4.0"/>
  <tns:fachdaten><tns:empfangsbestaetigung>2021-10-29</tns:empfangsbestaetigung></tns:fachdaten>
</tns:nachricht.eeb.zuruecklaufend.2200007>"""
    payload = parse_payload({}, [], answer)
    assert payload.problems == ()
    x = payload.xjustiz
    assert x is not None
    assert payload.is_eeb_answer
    assert not payload.eeb_requested
    assert x.aktenzeichen_absender == ()  # blank values are absent
    assert x.absender is not None
    assert x.absender.text == "Behörde X"
    assert x.empfaenger is not None
    assert x.empfaenger.code == "T6076"
    assert x.fremde_nachrichten_id == "e238a754-f63d-4196-98e6-89c50f015b2e"
    assert x.eeb_answer is not None
    assert x.eeb_answer.accepted
    assert x.eeb_answer.empfangsbestaetigung is not None
    assert x.eeb_answer.empfangsbestaetigung.isoformat() == "2021-10-29"


def test_incoming_eeb_stoerungsmeldung() -> None:
    answer = b"""<tns:nachricht.eeb.zuruecklaufend.2200007 xmlns:tns="http://www.xjustiz.de">
  <tns:nachrichtenkopf xjustizVersion="3.5.1"/>
  <tns:fachdaten><tns:stoerungsmeldung>
    <tns:stoerungsID listVersionID="2.1"><code>2</code></tns:stoerungsID>
    <tns:stoerungsGrund>Anlage 3 fehlt</tns:stoerungsGrund></tns:stoerungsmeldung>
  </tns:fachdaten></tns:nachricht.eeb.zuruecklaufend.2200007>"""
    x = parse_payload({}, [], answer).xjustiz
    assert x is not None
    assert x.eeb_answer is not None
    assert (x.eeb_answer.stoerungs_id, x.eeb_answer.stoerungs_grund) == ("2", "Anlage 3 fehlt")
    assert not x.eeb_answer.accepted


# ---------------------------------------------------------------- nachricht.xml, subject tags

NACHRICHT = """<?xml version="1.0" encoding="utf-8"?><Nachricht>
<Nachrichtentyp>Allgemeine Nachricht</Nachrichtentyp>
<Signaturniveau>no</Signaturniveau>
<Empfaengerkennung>DE.Justiz.1111</Empfaengerkennung>
<Betreff>{betreff}</Betreff>
<Aktenzeichen_Empfaenger>1 K 519/20.KO</Aktenzeichen_Empfaenger>
<Aktenzeichen_Absender>
    </Aktenzeichen_Absender>
<Freitext>Sehr geehrte Damen und Herren,

anbei.</Freitext>
</Nachricht>
"""


def test_nachricht_xml_fields() -> None:
    data = NACHRICHT.format(betreff="EB zu: 1 K 519/20.KO").encode()
    payload = parse_payload({"project_coco": {"nachricht.xml": data}}, [])
    n = payload.nachricht
    assert n is not None
    assert payload.problems == ()
    assert n.nachrichtentyp == "Allgemeine Nachricht"
    assert n.empfaengerkennung == "DE.Justiz.1111"
    assert n.aktenzeichen_empfaenger == "1 K 519/20.KO"
    assert n.aktenzeichen_absender is None
    assert n.freitext == "Sehr geehrte Damen und Herren,\n\nanbei."
    assert payload.betreff == "EB zu: 1 K 519/20.KO"
    assert payload.subject is not None
    assert not payload.subject.had_security_tags


@pytest.mark.parametrize(
    ("betreff", "cleaned", "removed"),
    [
        ("[VHN geprüft] Ladung zum Termin", "Ladung zum Termin", ("[VHN geprüft]",)),
        ("Ladung [signiert]", "Ladung", ("[signiert]",)),
        ("［Signatur OK］ Urteil", "Urteil", ("[Signatur OK]",)),  # full-width brackets
        ("(verschlüsselt) [Eilt] Antrag", "[Eilt] Antrag", ("(verschlüsselt)",)),
        ("[Eilt] Beschluss (2. Ausfertigung)", "[Eilt] Beschluss (2. Ausfertigung)", ()),
        ("[bearbeitet] Schreiben", "[bearbeitet] Schreiben", ()),
    ],
)
def test_subject_lookalike_tags_are_stripped_and_flagged(
    betreff: str, cleaned: str, removed: tuple[str, ...]
) -> None:
    data = NACHRICHT.format(betreff=betreff).encode()
    payload = parse_payload({"project_coco": {"nachricht.xml": data}}, [])
    assert payload.subject is not None
    assert payload.subject.original == betreff
    assert payload.betreff == cleaned
    assert payload.subject.removed_tags == removed
    assert payload.subject.had_security_tags is bool(removed)


def test_subject_tags_in_additional_infos_too() -> None:
    infos = b"#Mon Sep 27 14:12:15 CEST 2021\nsubject=[VHN\\: g\\u00FCltig] Mahnung\n"
    payload = parse_payload({"govello_coco": {"additional_infos": infos}}, [])
    assert payload.betreff == "Mahnung"
    assert payload.subject is not None
    assert payload.subject.removed_tags == ("[VHN: gültig]",)


# ---------------------------------------------------------------- malformed input


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<Nachricht><Betreff>kaputt</Nachricht>", "not well-formed"),
        (b"", "empty"),
        (b"\xff\xfe\x00garbage", "not well-formed"),
        (
            b'<?xml version="1.0"?><!DOCTYPE Nachricht [<!ENTITY x "boom">]>'
            b"<Nachricht><Betreff>&x;</Betreff></Nachricht>",
            "DOCTYPE",
        ),
        (
            b'<!DOCTYPE x SYSTEM "http://example.invalid/x.dtd"><Nachricht/>',
            "DOCTYPE",
        ),
    ],
)
def test_malformed_xml_is_recorded_with_raw_bytes(data: bytes, reason: str) -> None:
    payload = parse_payload(
        {"project_coco": {"nachricht.xml": data, "visitenkarte.xml": data}},
        ["a.pdf"],
        data,
    )
    assert payload.nachricht is None
    assert payload.visitenkarte is None
    assert payload.xjustiz is None
    assert {p.part for p in payload.problems} == {
        "nachricht.xml",
        "visitenkarte.xml",
        "xjustiz_nachricht.xml",
    }
    assert all(p.kind is ProblemKind.MALFORMED_XML for p in payload.problems)
    assert all(reason in p.detail for p in payload.problems)
    assert all("nicht ausgewertet" in p.text for p in payload.problems)
    assert payload.part("nachricht.xml") == data
    assert payload.part("xjustiz_nachricht.xml") == data


def test_xjustiz_without_kopf_and_with_bad_number() -> None:
    data = b"""<x:nachricht.gds.uebermittlungSchriftgutobjekte.0005005 xmlns:x="urn:other">
      <x:schriftgutobjekte><x:dokument><x:identifikation>
        <x:nummerImUebergeordnetenContainer>eins</x:nummerImUebergeordnetenContainer>
      </x:identifikation></x:dokument></x:schriftgutobjekte>
    </x:nachricht.gds.uebermittlungSchriftgutobjekte.0005005>"""
    payload = parse_payload({}, [], data)
    kinds = sorted(p.kind for p in payload.problems)
    assert kinds == [ProblemKind.UNEXPECTED_STRUCTURE, ProblemKind.INVALID_VALUE]
    x = payload.xjustiz
    assert x is not None
    assert x.absender is None
    assert x.eigene_nachrichten_id is None
    assert x.documents[0].nummer is None


def test_additional_infos_with_broken_escape_and_latin1() -> None:
    data = "#Fri Oct 29 10:20:52 MESZ 2021\r\nsubject=Gr\xfc\xdfe \\u12\r\nuser_id=DE.X\r\n".encode(
        "latin-1"
    )
    payload = parse_payload({"govello_coco": {"additional_infos": data}}, [])
    infos = payload.additional_infos
    assert infos is not None
    assert infos.subject == "Grüße \\u12"
    assert infos.user_id == "DE.X"
    assert [p.kind for p in payload.problems] == [ProblemKind.INVALID_VALUE]


def test_duplicate_parts_are_reported_first_wins() -> None:
    first = NACHRICHT.format(betreff="erste").encode()
    second = NACHRICHT.format(betreff="zweite").encode()
    payload = parse_payload(
        {"project_coco": {"nachricht.xml": first}, "other": {"NACHRICHT.XML": second}}, []
    )
    assert payload.betreff == "erste"
    assert [p.kind for p in payload.problems] == [ProblemKind.DUPLICATE_PART]
    assert len(payload.parts) == 2


@settings(max_examples=150, deadline=None)
@given(
    st.binary(max_size=400)
    | st.text(max_size=300).map(lambda t: f"<Nachricht>{t}</Nachricht>".encode("utf-8", "replace"))
)
def test_parse_payload_never_raises(data: bytes) -> None:
    containers = {
        "project_coco": {
            "nachricht.xml": data,
            "visitenkarte.xml": data,
            "herstellerinformation.xml": data,
        },
        "govello_coco": {"additional_infos": data},
    }
    payload = parse_payload(containers, ["x"], data)
    assert payload.part("additional_infos") == data
    assert all(p.kind is not ProblemKind.INTERNAL_ERROR for p in payload.problems)


def test_files_named_in_xjustiz_but_not_attached_are_reported() -> None:
    data = sample_file("attachments/xjustiz_nachricht.xml").read_bytes()
    complete = parse_payload({}, ["99 - Klage.pdf", "xjustiz_nachricht.xml"], data)
    assert complete.problems == ()
    missing = parse_payload({}, ["xjustiz_nachricht.xml"], data)
    assert [(p.kind, p.detail) for p in missing.problems] == [
        (ProblemKind.MISSING_ATTACHMENT, "99 - Klage.pdf")
    ]
    assert "99 - Klage.pdf" in missing.problems[0].text
