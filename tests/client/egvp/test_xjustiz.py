from __future__ import annotations

import re
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from client.egvp import (
    DOKUMENTKLASSEN,
    OutgoingDocument,
    Party,
    SchriftgutDraft,
    XJustizSchemas,
    build_xjustiz_nachricht,
    document_uuid,
    documents_from_names,
    load_code_list,
    load_schemas,
    parse_payload,
)
from client.egvp.codes import (
    BESTANDTEIL_LIST_VERSION,
    DOKUMENTKLASSE_LIST_VERSION,
    GERICHTE_LIST_VERSION,
    RV_TRAEGER_LIST_VERSION,
    STOERUNGS_ID_LIST_VERSION,
    XJUSTIZ_VERSION,
)
from client.egvp.errors import InvalidOutgoing, SchemaFolderInvalid, SchemaInvalid
from client.egvp.model import PartyKind, XJustizKind
from client.egvp.product import ProductInfo
from tests.client.egvp.helpers import xsd_folder

NS = {"t": "http://www.xjustiz.de"}
DRAFT_ID = uuid.UUID("7d0f7c39-8a51-4c55-9a53-31e8f1c1c0aa")
MESSAGE_ID = uuid.UUID("0b6a4a1e-3f0e-4a55-8d53-5b8c2d0e9f01")
PRODUCT = ProductInfo(name="beBPo-Client", version="1.2.3", vendor="beBPo-Client team")
CREATED = datetime(2025, 5, 2, 10, 15, tzinfo=ZoneInfo("Europe/Berlin"))


def draft(**changes: object) -> SchriftgutDraft:
    values: dict[str, object] = {
        "draft_id": DRAFT_ID,
        "eigene_nachrichten_id": MESSAGE_ID,
        "absender": Party.sonstige("Stadt Musterstadt – Rechtsamt"),
        "empfaenger": Party.gericht("9A0000"),
        "documents": documents_from_names(
            ["01_Klage.pdf", "01_Klage.pdf.p7s", "02_Anlage_K1.pdf", "03_Bescheid.pdf"],
            klassen={"01_Klage.pdf": "003", "03_Bescheid.pdf": "017"},
            anzeigenamen={"02_Anlage_K1.pdf": "Anlage K1 „Lageplan“"},
        ),
        "aktenzeichen_absender": "31-2025/0815",
        "aktenzeichen_empfaenger": "1 K 123/25.KO",
        "created": CREATED,
    }
    values.update(changes)
    return SchriftgutDraft(**values)


@pytest.fixture(scope="module")
def schemas() -> XJustizSchemas:
    return load_schemas(xsd_folder())


def test_generated_message_validates_and_says_what_we_mean(schemas: XJustizSchemas) -> None:
    data = build_xjustiz_nachricht(draft(), schemas=schemas, product=PRODUCT)
    root = etree.fromstring(data)
    assert root.tag == "{http://www.xjustiz.de}nachricht.gds.uebermittlungSchriftgutobjekte.0005005"
    kopf = root.find("t:nachrichtenkopf", NS)
    assert kopf is not None
    assert kopf.get("xjustizVersion") == "3.5.1"
    assert kopf.findtext("t:erstellungszeitpunkt", namespaces=NS) == "2025-05-02T10:15:00+02:00"
    assert kopf.findtext("t:auswahl_absender/t:absender.sonstige", namespaces=NS) == (
        "Stadt Musterstadt - Rechtsamt"
    )
    court = kopf.find("t:auswahl_empfaenger/t:empfaenger.gericht", NS)
    assert court is not None
    assert (court.get("listVersionID"), court.findtext("code")) == ("3.6", "9A0000")
    assert kopf.findtext("t:eigeneNachrichtenID", namespaces=NS) == str(MESSAGE_ID)
    assert kopf.findtext("t:herstellerinformation/t:version", namespaces=NS) == "1.2.3"
    instanz = root.find("t:grunddaten/t:verfahrensdaten/t:instanzdaten", NS)
    assert instanz is not None
    assert instanz.findtext("t:auswahl_instanzbehoerde/t:gericht/code", namespaces=NS) == "9A0000"
    assert (
        instanz.findtext(
            "t:aktenzeichen/t:auswahl_aktenzeichen/t:aktenzeichen.freitext", namespaces=NS
        )
        == "1 K 123/25.KO"
    )

    documents = root.findall("t:schriftgutobjekte/t:dokument", NS)
    assert [
        d.findtext("t:identifikation/t:nummerImUebergeordnetenContainer", namespaces=NS)
        for d in documents
    ] == ["1", "2", "3"]
    klassen = [
        d.findtext("t:xjustiz.fachspezifischeDaten/t:dokumentklasse/code", namespaces=NS)
        for d in documents
    ]
    assert klassen == ["003", "015", "017"]
    names = [
        d.findtext("t:xjustiz.fachspezifischeDaten/t:anzeigename", namespaces=NS) for d in documents
    ]
    assert names == ["01_Klage", 'Anlage K1 "Lageplan"', "03_Bescheid"]
    first_files = documents[0].findall("t:xjustiz.fachspezifischeDaten/t:datei", NS)
    assert [
        (f.findtext("t:dateiname", namespaces=NS), f.findtext("t:bestandteil/code", namespaces=NS))
        for f in first_files
    ] == [("01_Klage.pdf", "001"), ("01_Klage.pdf.p7s", "003")]
    assert first_files[1].findtext("t:dateiname.bezugsdatei", namespaces=NS) == "01_Klage.pdf"
    # We never ask for an eEB.
    assert root.find(".//t:ruecksendungEEB.erforderlich", NS) is None


def test_generated_message_reads_back_through_the_lenient_parser() -> None:
    data = build_xjustiz_nachricht(draft(), product=PRODUCT)
    payload = parse_payload({}, [], data)
    assert payload.problems == ()
    x = payload.xjustiz
    assert x is not None
    assert x.kind is XJustizKind.SCHRIFTGUTOBJEKTE
    assert x.xjustiz_version == "3.5.1"
    assert x.absender is not None
    assert x.absender.kind is PartyKind.SONSTIGE
    assert x.empfaenger == Party.gericht("9A0000", "3.6")
    assert [d.nummer for d in x.documents] == [1, 2, 3]
    assert [d.id for d in x.documents] == [
        str(document_uuid(DRAFT_ID, n))
        for n in ("01_Klage.pdf", "02_Anlage_K1.pdf", "03_Bescheid.pdf")
    ]
    assert not x.eeb_requested


def test_uuids_are_stable_per_draft_and_file() -> None:
    first = build_xjustiz_nachricht(draft(), product=PRODUCT)
    again = build_xjustiz_nachricht(
        draft(eigene_nachrichten_id=uuid.uuid4(), created=datetime.now(ZoneInfo("Europe/Berlin"))),
        product=PRODUCT,
    )
    other_draft = build_xjustiz_nachricht(draft(draft_id=uuid.uuid4()), product=PRODUCT)
    ids = lambda data: re.findall(rb"<tns:id>([^<]+)</tns:id>", data)  # noqa: E731
    assert ids(first) == ids(again)
    assert len(set(ids(first))) == 3
    assert set(ids(first)).isdisjoint(ids(other_draft))
    # Same file picked again in another Unicode form or case: same document.
    assert document_uuid(DRAFT_ID, "Ä.pdf") == document_uuid(DRAFT_ID, "A\u0308.PDF")
    # Reordering keeps each document's id but renumbers without gaps.
    reordered = draft(documents=tuple(reversed(draft().documents)))
    data = build_xjustiz_nachricht(reordered, product=PRODUCT)
    assert ids(data) == list(reversed(ids(first)))
    assert re.findall(rb"Container>(\d+)<", data) == [b"1", b"2", b"3"]


def test_explicit_document_id_wins() -> None:
    chosen = uuid.UUID("11111111-2222-4333-8444-555555555555")
    data = build_xjustiz_nachricht(
        draft(documents=(OutgoingDocument("a.pdf", document_id=chosen),)), product=PRODUCT
    )
    assert str(chosen).encode() in data


@pytest.mark.parametrize(
    "recipient",
    [
        Party.sonstige("Landratsamt Beispielkreis"),
        Party.gericht("T6078", "2.6"),
        Party(PartyKind.POLIZEIBEHOERDE, code="X1", list_version_id="1.0"),
        Party(PartyKind.RV_TRAEGER, code="10"),
    ],
)
def test_other_recipients_validate(schemas: XJustizSchemas, recipient: Party) -> None:
    data = build_xjustiz_nachricht(
        draft(empfaenger=recipient, aktenzeichen_empfaenger=""),
        schemas=schemas,
        product=PRODUCT,
    )
    assert b"<tns:aktenzeichen>" not in data  # no court file number known: none written


def test_din_91379_normalisation_keeps_the_xsd_happy(schemas: XJustizSchemas) -> None:
    weird = "Amt für Straßen 🚧 – “Süd” ș\u0007\tende"
    data = build_xjustiz_nachricht(
        draft(
            absender=Party.sonstige(weird),
            aktenzeichen_absender=weird,
            documents=(OutgoingDocument("a.pdf", anzeigename=weird),),
        ),
        schemas=schemas,
        product=PRODUCT,
    )
    assert 'Amt für Straßen ? - "Süd" s ende'.encode() in data


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=80).filter(lambda t: any(c.isalnum() for c in t)))
def test_any_user_text_yields_a_valid_document(text: str) -> None:
    schemas = load_schemas(xsd_folder())
    data = build_xjustiz_nachricht(
        draft(
            absender=Party.sonstige(text + " Amt"),
            aktenzeichen_absender=text,
            aktenzeichen_empfaenger=text,
            documents=(OutgoingDocument("a.pdf", anzeigename=text),),
        ),
        product=PRODUCT,
    )
    assert schemas.errors(data) == ()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"documents": ()}, "documents"),
        ({"documents": (OutgoingDocument("a.pdf"), OutgoingDocument("A.PDF"))}, "documents"),
        ({"documents": (OutgoingDocument("a.pdf", dokumentklasse="006"),)}, "dokumentklasse"),
        ({"absender": Party.sonstige(" \n ")}, "absender"),
        ({"empfaenger": Party.gericht("")}, "empfaenger"),
        ({"empfaenger": Party.gericht("T1", "")}, "empfaenger"),
        ({"created": datetime(2025, 1, 1)}, "erstellungszeitpunkt"),
    ],
)
def test_bad_drafts_raise(changes: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidOutgoing) as caught:
        build_xjustiz_nachricht(draft(**changes), product=PRODUCT)
    assert caught.value.field == field


def test_signature_without_document_is_refused() -> None:
    with pytest.raises(InvalidOutgoing):
        documents_from_names(["a.pdf.p7s"])


def test_schema_validation_catches_a_broken_document(schemas: XJustizSchemas) -> None:
    data = build_xjustiz_nachricht(draft(), product=PRODUCT)
    broken = data.replace(
        b"<tns:nummerImUebergeordnetenContainer>2<", b"<tns:nummerImUebergeordnetenContainer>0<"
    )
    with pytest.raises(SchemaInvalid) as caught:
        schemas.validate(broken)
    assert any("nummerImUebergeordnetenContainer" in e for e in caught.value.errors)
    wrong_version = data.replace(b'listVersionID="2.4"', b'listVersionID="2.2"', 1)
    assert schemas.errors(wrong_version)


def test_schema_folder_errors(tmp_path: Path) -> None:
    with pytest.raises(SchemaFolderInvalid) as caught:
        load_schemas(tmp_path)
    assert caught.value.missing.startswith("xjustiz_0005_nachrichten")
    (tmp_path / "xjustiz_0005_nachrichten_3_1.xsd").write_text("<xs:schema", encoding="utf-8")
    (tmp_path / "xjustiz_2200_eeb_3_1.xsd").write_text("<x/>", encoding="utf-8")
    with pytest.raises(SchemaFolderInvalid):
        load_schemas(tmp_path)


# ---------------------------------------------------------------- code-list versions vs. release

XS = "{http://www.w3.org/2001/XMLSchema}"


def _fixed_list_version(xsd: Path, type_name: str) -> str | None:
    tree = etree.parse(str(xsd))
    for complex_type in tree.getroot().iter(f"{XS}complexType"):
        if complex_type.get("name") == type_name:
            for attribute in complex_type.iter(f"{XS}attribute"):
                if attribute.get("name") == "listVersionID":
                    return attribute.get("fixed")
    raise AssertionError(f"{type_name} not in {xsd.name}")


def test_our_code_list_versions_match_the_release() -> None:
    folder = xsd_folder()
    allgemein = folder / "xjustiz_0010_cl_allgemein_3_6.xsd"
    assert _fixed_list_version(allgemein, "Code.GDS.Bestandteiltyp") == BESTANDTEIL_LIST_VERSION
    assert _fixed_list_version(allgemein, "Code.GDS.RVTraeger") == RV_TRAEGER_LIST_VERSION
    eeb = folder / "xjustiz_2210_cl_eeb_3_1.xsd"
    assert _fixed_list_version(eeb, "Code.EEB.StoerungsID") == STOERUNGS_ID_LIST_VERSION
    # Type-3 lists: free in the XSD, version of the list shipped with the release.
    assert _fixed_list_version(allgemein, "Code.GDS.Dokumentklasse.Typ3") is None
    assert load_code_list(folder / "GDS.Dokumentklasse.xml").version == DOKUMENTKLASSE_LIST_VERSION
    assert load_code_list(folder / "GDS.Gerichte.xml").version == GERICHTE_LIST_VERSION
    grund = etree.parse(str(folder / "xjustiz_0000_grunddatensatz_3_5.xsd"))
    fixed = grund.xpath(
        "//xs:attribute[@name='xjustizVersion']/@fixed", namespaces={"xs": XS[1:-1]}
    )
    assert set(fixed) == {XJUSTIZ_VERSION}


def test_offered_dokumentklassen_exist_in_the_official_list() -> None:
    official = load_code_list(xsd_folder() / "GDS.Dokumentklasse.xml")
    for klasse in DOKUMENTKLASSEN:
        assert klasse.code in official.values, klasse
    assert "005" not in {k.code for k in DOKUMENTKLASSEN}  # "Anlage" left the list in 1.4


def test_court_code_list_has_names() -> None:
    courts = load_code_list(xsd_folder() / "GDS.Gerichte.xml")
    assert courts.short_name == "gds.gerichte"
    assert courts.label("9A0000") == "ZZ Test-Bund"
    assert len(courts.values) > 500
