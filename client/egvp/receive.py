"""Lenient parsing of incoming EGVP payloads (decision record 0501).

Input is what the OSCI layer hands over after decryption: the ContentContainers as
``{container Id: {content Id: bytes}}`` (inline ``Base64Content`` already decoded), the names of
the attachments, and the bytes of ``xjustiz_nachricht.xml`` when one was attached.

Nothing in here raises for bad input. Every part is parsed on its own; a part that is not
well-formed, has an unexpected structure or holds odd values gets a :class:`ParseProblem` with a
German text, and its raw bytes stay in :attr:`EgvpPayload.parts`.

XJustiz is read namespace-agnostically by *normalised* element names: lower case without ``_`` and
``.``. That single rule maps the 2.x names (``eigene_Nachrichten_ID``, ``absender_Gericht``,
``ruecksendung_EEB_erforderlich``) and the 3.x names (``eigeneNachrichtenID``,
``auswahl_absender/absender.gericht``, ``ruecksendungEEB.erforderlich``) onto the same keys.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import TypeVar

from lxml import etree

from client.egvp._xml import local_name, parse_xml
from client.egvp.errors import XmlRejected
from client.egvp.model import (
    ADDITIONAL_INFOS,
    GOVELLO_COCO,
    HERSTELLERINFORMATION_XML,
    NACHRICHT_XML,
    PROJECT_COCO,
    VISITENKARTE_FIELDS,
    VISITENKARTE_XML,
    XJUSTIZ_NACHRICHT_XML,
    AdditionalInfos,
    EebAnswer,
    EgvpPayload,
    Herstellerinformation,
    Nachricht,
    ParseProblem,
    Party,
    PartyKind,
    PayloadPart,
    ProblemKind,
    Subject,
    Visitenkarte,
    XJustizDocument,
    XJustizFile,
    XJustizKind,
    XJustizNachricht,
    XJustizProduct,
)
from client.egvp.properties import decode_properties_text, parse_java_date, parse_properties
from client.egvp.subject import clean_subject

logger = logging.getLogger(__name__)
T = TypeVar("T")

_KNOWN_PARTS = (NACHRICHT_XML, VISITENKARTE_XML, HERSTELLERINFORMATION_XML, ADDITIONAL_INFOS)


class _Problems:
    def __init__(self) -> None:
        self.items: list[ParseProblem] = []

    def add(self, part: str, kind: ProblemKind, text: str, detail: str = "") -> None:
        self.items.append(ParseProblem(part=part, kind=kind, text=text, detail=detail))

    def rejected(self, part: str, exc: XmlRejected) -> None:
        self.add(
            part,
            ProblemKind.MALFORMED_XML,
            f"Die Datei „{part}“ ist kein lesbares XML und wurde nicht ausgewertet. "
            "Sie bleibt unverändert bei der Nachricht.",
            exc.reason,
        )


def parse_payload(
    containers: Mapping[str, Mapping[str, bytes]],
    attachment_names: Sequence[str],
    xjustiz_nachricht: bytes | None = None,
) -> EgvpPayload:
    """Parse one message's EGVP payload; never raises for malformed input."""
    problems = _Problems()
    parts = _collect_parts(containers, problems)
    if xjustiz_nachricht is not None:
        parts.append(PayloadPart("", XJUSTIZ_NACHRICHT_XML, xjustiz_nachricht))
    by_name: dict[str, bytes] = {}
    for part in parts:
        by_name.setdefault(part.content_id.casefold(), part.data)

    nachricht = _guarded(NACHRICHT_XML, by_name, problems, _parse_nachricht)
    visitenkarte = _guarded(VISITENKARTE_XML, by_name, problems, _parse_visitenkarte)
    hersteller = _guarded(
        HERSTELLERINFORMATION_XML, by_name, problems, _parse_herstellerinformation
    )
    infos = _guarded(ADDITIONAL_INFOS, by_name, problems, _parse_additional_infos)
    xjustiz = _guarded(XJUSTIZ_NACHRICHT_XML, by_name, problems, _parse_xjustiz)

    if xjustiz is not None and attachment_names:
        _check_listed_files(xjustiz, attachment_names, problems)

    raw_subject = None
    if nachricht is not None and nachricht.betreff:
        raw_subject = nachricht.betreff
    elif infos is not None and infos.subject:
        raw_subject = infos.subject
    subject: Subject | None = clean_subject(raw_subject) if raw_subject is not None else None
    return EgvpPayload(
        nachricht=nachricht,
        visitenkarte=visitenkarte,
        herstellerinformation=hersteller,
        additional_infos=infos,
        xjustiz=xjustiz,
        subject=subject,
        attachment_names=tuple(attachment_names),
        parts=tuple(parts),
        problems=tuple(problems.items),
    )


def _check_listed_files(
    xjustiz: XJustizNachricht, attachment_names: Sequence[str], problems: _Problems
) -> None:
    """Files the structure dataset names but the message does not carry (an incomplete delivery
    is a reason for an eEB Störungsmeldung, code 2)."""
    present = {unicodedata.normalize("NFC", n).casefold() for n in attachment_names}
    for document in xjustiz.documents:
        for listed in document.files:
            if unicodedata.normalize("NFC", listed.dateiname).casefold() not in present:
                problems.add(
                    XJUSTIZ_NACHRICHT_XML,
                    ProblemKind.MISSING_ATTACHMENT,
                    f"Der Strukturdatensatz nennt die Datei „{listed.dateiname}“, die der "
                    "Nachricht nicht beiliegt.",
                    listed.dateiname,
                )


def _collect_parts(
    containers: Mapping[str, Mapping[str, bytes]], problems: _Problems
) -> list[PayloadPart]:
    # EGVP's own containers first, so a stray duplicate elsewhere never shadows them.
    order = sorted(containers, key=lambda c: (c not in (PROJECT_COCO, GOVELLO_COCO), c))
    parts: list[PayloadPart] = []
    seen: set[str] = set()
    for container in order:
        for content_id, data in containers[container].items():
            key = content_id.casefold()
            if key in seen and key in _KNOWN_PARTS:
                problems.add(
                    content_id,
                    ProblemKind.DUPLICATE_PART,
                    f"Die Nachricht enthält „{content_id}“ mehrfach; ausgewertet wurde das erste "
                    "Vorkommen.",
                    f"again in container {container}",
                )
            seen.add(key)
            parts.append(PayloadPart(container, content_id, bytes(data)))
    return parts


def _guarded(
    name: str,
    by_name: Mapping[str, bytes],
    problems: _Problems,
    parse: Callable[[bytes, _Problems], T | None],
) -> T | None:
    data = by_name.get(name.casefold())
    if data is None:
        return None
    try:
        return parse(data, problems)
    except Exception as exc:
        # A bug of ours must not cost the message: record it, keep the bytes, log for support.
        logger.exception("parsing payload part %s failed", name)
        problems.add(
            name,
            ProblemKind.INTERNAL_ERROR,
            f"Die Datei „{name}“ konnte wegen eines Programmfehlers nicht ausgewertet werden. "
            "Sie bleibt unverändert bei der Nachricht.",
            type(exc).__name__,
        )
        return None


# ---------------------------------------------------------------- helpers


def _itertext(element: etree._Element) -> list[str]:
    return [t for t in element.itertext() if isinstance(t, str)]


def _text(element: etree._Element | None) -> str | None:
    """Stripped text content (also of mixed content); ``None`` when absent or blank."""
    if element is None:
        return None
    value = "".join(_itertext(element)).strip()
    return value or None


def _expect_root(root: etree._Element, expected: str, part: str, problems: _Problems) -> bool:
    if local_name(root) == expected:
        return True
    problems.add(
        part,
        ProblemKind.UNEXPECTED_STRUCTURE,
        f"Die Datei „{part}“ hat einen unerwarteten Aufbau und wurde nur teilweise ausgewertet.",
        f"root element {local_name(root)!r}, expected {expected!r}",
    )
    return False


def _children_by_name(root: etree._Element) -> dict[str, etree._Element]:
    found: dict[str, etree._Element] = {}
    for child in root:
        name = local_name(child)
        if name and name not in found:
            found[name] = child
    return found


# ---------------------------------------------------------------- EGVP XML parts


def _parse_nachricht(data: bytes, problems: _Problems) -> Nachricht | None:
    try:
        root = parse_xml(data, document=NACHRICHT_XML)
    except XmlRejected as exc:
        problems.rejected(NACHRICHT_XML, exc)
        return None
    _expect_root(root, "Nachricht", NACHRICHT_XML, problems)
    fields = _children_by_name(root)

    def get(name: str) -> str | None:
        return _text(fields.get(name))

    freitext = fields.get("Freitext")
    return Nachricht(
        nachrichtentyp=get("Nachrichtentyp"),
        signaturniveau=get("Signaturniveau"),
        empfaengerkennung=get("Empfaengerkennung"),
        betreff=get("Betreff"),
        aktenzeichen_empfaenger=get("Aktenzeichen_Empfaenger"),
        aktenzeichen_absender=get("Aktenzeichen_Absender"),
        # Free text keeps its inner line breaks; only the ends are trimmed.
        freitext=("".join(_itertext(freitext)).strip() or None) if freitext is not None else None,
    )


def _parse_visitenkarte(data: bytes, problems: _Problems) -> Visitenkarte | None:
    try:
        root = parse_xml(data, document=VISITENKARTE_XML)
    except XmlRejected as exc:
        problems.rejected(VISITENKARTE_XML, exc)
        return None
    _expect_root(root, "Visitenkarte", VISITENKARTE_XML, problems)
    fields = _children_by_name(root)
    values = {attr: _text(fields.get(element)) or "" for element, attr in VISITENKARTE_FIELDS}
    return Visitenkarte(**values)


def _parse_herstellerinformation(data: bytes, problems: _Problems) -> Herstellerinformation | None:
    try:
        root = parse_xml(data, document=HERSTELLERINFORMATION_XML)
    except XmlRejected as exc:
        problems.rejected(HERSTELLERINFORMATION_XML, exc)
        return None
    _expect_root(root, "Herstellerinformation", HERSTELLERINFORMATION_XML, problems)
    fields = _children_by_name(root)
    return Herstellerinformation(
        produkt=_text(fields.get("Name_des_Produkts_und_Softwareversion")) or "",
        hersteller=_text(fields.get("Hersteller_des_Produkts")) or "",
        registrierungs_id=_text(fields.get("Registrierungs_ID")) or "",
    )


def _parse_additional_infos(data: bytes, problems: _Problems) -> AdditionalInfos | None:
    text = decode_properties_text(data)
    if "\x00" in text:
        problems.add(
            ADDITIONAL_INFOS,
            ProblemKind.UNDECODABLE_TEXT,
            "Die Zusatzinformationen („additional_infos“) sind kein Text und wurden nicht "
            "ausgewertet.",
            "NUL byte",
        )
        return None
    props = parse_properties(text)
    for problem in props.problems:
        problems.add(
            ADDITIONAL_INFOS,
            ProblemKind.INVALID_VALUE,
            "Die Zusatzinformationen („additional_infos“) enthalten eine fehlerhafte Maskierung; "
            "der Wert wurde wie geschrieben übernommen.",
            problem,
        )
    date_text = props.comments[0].strip() if props.comments else None
    entries = props.entries
    return AdditionalInfos(
        date_text=date_text,
        date=parse_java_date(date_text) if date_text else None,
        user_id=entries.get("user_id") or None,
        signature_level=entries.get("signature_level") or None,
        subject=entries.get("subject") or None,
        entries=tuple(entries.items()),
    )


# ---------------------------------------------------------------- XJustiz


def _key(element: etree._Element) -> str:
    return local_name(element).replace("_", "").replace(".", "").lower()


def _kids(element: etree._Element, key: str) -> Iterator[etree._Element]:
    return (child for child in element if _key(child) == key)


def _kid(element: etree._Element | None, key: str) -> etree._Element | None:
    if element is None:
        return None
    return next(_kids(element, key), None)


def _descendant(element: etree._Element | None, key: str) -> etree._Element | None:
    if element is None:
        return None
    return next((e for e in element.iter() if e is not element and _key(e) == key), None)


def _party(kopf: etree._Element, role: str) -> Party | None:
    """``absender``/``empfaenger`` in 3.x (``auswahl_x/x.gericht``) or 2.x (``x_Gericht``)."""
    kinds = {
        f"{role}gericht": PartyKind.GERICHT,
        f"{role}sonstige": PartyKind.SONSTIGE,
        f"{role}rvtraeger": PartyKind.RV_TRAEGER,
        f"{role}polizeibehoerde": PartyKind.POLIZEIBEHOERDE,
    }
    scope = _kid(kopf, f"auswahl{role}")
    for element in (scope if scope is not None else kopf).iter():
        kind = kinds.get(_key(element))
        if kind is None:
            continue
        if kind is PartyKind.SONSTIGE:
            return Party(kind, text=_text(element))
        return Party(
            kind,
            code=_text(_kid(element, "code")),
            list_version_id=element.get("listVersionID"),
        )
    return None


def _version(root: etree._Element) -> str | None:
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        value = element.get("xjustizVersion")
        if value:
            return value.strip()
    return None


def _datetime(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _bool(text: str | None) -> bool | None:
    if text is None:
        return None
    value = text.strip().lower()
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    return None


def _kind(root_name: str) -> XJustizKind:
    key = root_name.replace("_", "").replace(".", "").lower()
    if "uebermittlungschriftgutobjekte" in key:
        return XJustizKind.SCHRIFTGUTOBJEKTE
    if "eebzuruecklaufend" in key:
        return XJustizKind.EEB_ZURUECKLAUFEND
    return XJustizKind.OTHER


def _document(element: etree._Element, problems: _Problems) -> XJustizDocument:
    ident = _kid(element, "identifikation")
    number_text = _text(_kid(ident, "nummerimuebergeordnetencontainer"))
    number: int | None = None
    if number_text is not None:
        try:
            number = int(number_text)
        except ValueError:
            problems.add(
                XJUSTIZ_NACHRICHT_XML,
                ProblemKind.INVALID_VALUE,
                "Eine Dokumentnummer im Strukturdatensatz ist keine Zahl.",
                f"nummerImUebergeordnetenContainer={number_text!r}",
            )
    files: list[XJustizFile] = []
    for datei in (e for e in element.iter() if _key(e) == "datei"):
        name = _text(_kid(datei, "dateiname"))
        if name is None:
            continue
        files.append(XJustizFile(name, _text(_kid(_kid(datei, "bestandteil"), "code"))))
    flag = _descendant(element, "ruecksendungeeberforderlich")
    return XJustizDocument(
        id=_text(_kid(ident, "id")),
        nummer=number,
        dokumentklasse=_text(_kid(_descendant(element, "dokumentklasse"), "code")),
        dokumententyp=_text(_kid(_descendant(element, "dokumententyp"), "code")),
        anzeigename=_text(_descendant(element, "anzeigename")),
        files=tuple(files),
        eeb_requested=_bool(_text(flag)) is True,
    )


def _eeb_answer(root: etree._Element) -> EebAnswer | None:
    fachdaten = _kid(root, "fachdaten")
    if fachdaten is None:
        return None
    accepted = _text(_kid(fachdaten, "empfangsbestaetigung"))
    stoerung = _kid(fachdaten, "stoerungsmeldung")
    stoerungs_id = _kid(stoerung, "stoerungsid")
    return EebAnswer(
        empfangsbestaetigung=_date(accepted),
        empfangsbestaetigung_text=accepted,
        stoerungs_id=_text(_kid(stoerungs_id, "code")) or _text(stoerungs_id),
        stoerungs_grund=_text(_kid(stoerung, "stoerungsgrund")),
        zustellungsempfaenger_abweichend=_bool(
            _text(_kid(fachdaten, "zustellungsempfaengerabweichend"))
        ),
    )


def _product(root: etree._Element) -> XJustizProduct | None:
    element = _descendant(root, "herstellerinformation")
    if element is None:
        return None
    return XJustizProduct(
        name=_text(_kid(element, "namedesprodukts")),
        hersteller=_text(_kid(element, "herstellerdesprodukts")),
        version=_text(_kid(element, "version")),
    )


def _parse_xjustiz(data: bytes, problems: _Problems) -> XJustizNachricht | None:
    try:
        root = parse_xml(data, document=XJUSTIZ_NACHRICHT_XML)
    except XmlRejected as exc:
        problems.rejected(XJUSTIZ_NACHRICHT_XML, exc)
        return None
    root_name = local_name(root)
    kind = _kind(root_name)
    if kind is XJustizKind.OTHER:
        problems.add(
            XJUSTIZ_NACHRICHT_XML,
            ProblemKind.UNKNOWN_MESSAGE_TYPE,
            f"Der Strukturdatensatz ist eine XJustiz-Nachricht der Art „{root_name}“, die das "
            "Programm nicht auswertet; nur der Nachrichtenkopf wurde gelesen.",
            root_name,
        )
    kopf = _kid(root, "nachrichtenkopf")
    if kopf is None and kind is not XJustizKind.OTHER:
        problems.add(
            XJUSTIZ_NACHRICHT_XML,
            ProblemKind.UNEXPECTED_STRUCTURE,
            "Der Strukturdatensatz hat keinen Nachrichtenkopf; Absender, Empfänger und "
            "Aktenzeichen sind daraus nicht bekannt.",
            "no nachrichtenkopf",
        )
    if kopf is None:
        kopf = etree.Element("nachrichtenkopf")
    created_text = _text(_kid(kopf, "erstellungszeitpunkt"))
    documents = tuple(
        _document(e, problems)
        for e in root.iter()
        if isinstance(e.tag, str) and _key(e) == "dokument"
    )
    return XJustizNachricht(
        root_name=root_name,
        kind=kind,
        xjustiz_version=_version(root),
        aktenzeichen_absender=_texts(kopf, "aktenzeichenabsender"),
        aktenzeichen_empfaenger=_texts(kopf, "aktenzeichenempfaenger"),
        erstellungszeitpunkt_text=created_text,
        erstellungszeitpunkt=_datetime(created_text),
        absender=_party(kopf, "absender"),
        empfaenger=_party(kopf, "empfaenger"),
        eigene_nachrichten_id=_text(_kid(kopf, "eigenenachrichtenid")),
        fremde_nachrichten_id=_text(_kid(kopf, "fremdenachrichtenid")),
        herstellerinformation=_product(root),
        documents=documents,
        eeb_answer=_eeb_answer(root) if kind is XJustizKind.EEB_ZURUECKLAUFEND else None,
    )


def _texts(kopf: etree._Element, key: str) -> tuple[str, ...]:
    values = (_text(e) for e in _kids(kopf, key))
    return tuple(v for v in values if v)
