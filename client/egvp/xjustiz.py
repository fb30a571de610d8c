"""Generation of ``xjustiz_nachricht.xml``: XJustiz 3.5.1
``nachricht.gds.uebermittlungSchriftgutobjekte.0005005`` (decision record 0502).

Strict on output: every value passes through the DIN 91379 subset (:mod:`client.egvp._text`),
element order follows the XSD, code lists carry the versions in :mod:`client.egvp.codes`, and the
result validates against the official schemas when a schema folder is given.

Document UUIDs are stable: ``uuid5(namespace, draft id + file name)``, so re-sending the same draft
(after a failure, or a corrected resend) names the same documents with the same ids, as XJustiz
wants; a new draft gives new ids. The caller may also pass an explicit id per document.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from client.egvp._text import din_text, single_line
from client.egvp.codes import (
    BESTANDTEIL_LIST_URI,
    BESTANDTEIL_LIST_VERSION,
    BESTANDTEIL_ORIGINAL,
    DEFAULT_DOKUMENTKLASSE,
    DOKUMENTKLASSE_LIST_URI,
    DOKUMENTKLASSE_LIST_VERSION,
    GERICHTE_LIST_URI,
    RV_TRAEGER_LIST_VERSION,
    XJUSTIZ_VERSION,
    dokumentklasse,
)
from client.egvp.errors import InvalidOutgoing
from client.egvp.model import Party, PartyKind
from client.egvp.product import ProductInfo, product_info
from client.egvp.schema import XJustizSchemas

TNS = "http://www.xjustiz.de"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
_NSMAP = {"tns": TNS, "xsi": XSI}
ROOT_SCHRIFTGUT = "nachricht.gds.uebermittlungSchriftgutobjekte.0005005"
_SCHEMA_FILE = "xjustiz_0005_nachrichten_3_1.xsd"
BESTANDTEIL_SIGNATUR = "003"

# Fixed namespace of our document UUIDs. Never change it: ids of re-sent documents depend on it.
DOCUMENT_UUID_NAMESPACE = uuid.UUID("b50a5d9c-51ce-4cf7-a2e8-883b82c6a3eb")

_SIGNATURE_EXTENSIONS = (".p7s", ".pkcs7")


def document_uuid(draft_id: uuid.UUID, dateiname: str) -> uuid.UUID:
    """The stable UUID of the document ``dateiname`` in draft ``draft_id``.

    The file name is NFC-normalised and case-folded, so the same file picked again (or by a
    system that changed the Unicode form) keeps its id. Content is deliberately not part of it:
    a corrected version of the same document in the same draft stays the same Schriftgutobjekt.
    """
    key = unicodedata.normalize("NFC", dateiname).casefold()
    return uuid.uuid5(DOCUMENT_UUID_NAMESPACE, f"{draft_id}/{key}")


def new_message_id() -> uuid.UUID:
    """A fresh ``eigeneNachrichtenID``; store it with the outbox entry and reuse it on retries."""
    return uuid.uuid4()


@dataclass(frozen=True)
class OutgoingDocument:
    """One document of an outgoing message: its file and optional detached signature files."""

    dateiname: str
    dokumentklasse: str = DEFAULT_DOKUMENTKLASSE
    anzeigename: str | None = None
    document_id: uuid.UUID | None = None
    signature_files: tuple[str, ...] = ()


@dataclass(frozen=True)
class SchriftgutDraft:
    """What ``xjustiz_nachricht.xml`` says about an outgoing message."""

    draft_id: uuid.UUID
    eigene_nachrichten_id: uuid.UUID
    absender: Party
    empfaenger: Party
    documents: tuple[OutgoingDocument, ...]
    aktenzeichen_absender: str = ""
    aktenzeichen_empfaenger: str = ""
    created: datetime | None = None
    # The authority where the case is; by default the recipient.
    instanzbehoerde: Party | None = None


def is_signature_file(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(_SIGNATURE_EXTENSIONS) and lower.count(".") >= 2


def documents_from_names(
    names: Sequence[str],
    *,
    klassen: Mapping[str, str] | None = None,
    anzeigenamen: Mapping[str, str] | None = None,
) -> tuple[OutgoingDocument, ...]:
    """Documents in the given order; ``x.pdf.p7s`` / ``x.pdf.pkcs7`` join the document ``x.pdf``.

    A signature file whose document is not in ``names`` raises :class:`InvalidOutgoing`.
    """
    klassen = klassen or {}
    anzeigenamen = anzeigenamen or {}
    folded = {n.casefold(): n for n in names if not is_signature_file(n)}
    signatures: dict[str, list[str]] = {}
    for name in names:
        if is_signature_file(name):
            base = name.rsplit(".", 1)[0]
            if base.casefold() not in folded:
                raise InvalidOutgoing(
                    field="documents", reason=f"signature file {name!r} without its document"
                )
            signatures.setdefault(folded[base.casefold()], []).append(name)
    return tuple(
        OutgoingDocument(
            dateiname=name,
            dokumentklasse=klassen.get(name, DEFAULT_DOKUMENTKLASSE),
            anzeigename=anzeigenamen.get(name),
            signature_files=tuple(signatures.get(name, ())),
        )
        for name in names
        if not is_signature_file(name)
    )


# ---------------------------------------------------------------- XML helpers (shared with eEB)


def q(name: str) -> str:
    return f"{{{TNS}}}{name}"


def sub(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, q(name))
    if text is not None:
        element.text = text
    return element


def sub_code(
    parent: etree._Element,
    name: str,
    code: str,
    list_version_id: str,
    list_uri: str | None = None,
) -> etree._Element:
    element = sub(parent, name)
    if list_uri:
        element.set("listURI", list_uri)
    element.set("listVersionID", list_version_id)
    # The ``code`` child is unqualified (xoev-code), unlike everything around it.
    etree.SubElement(element, "code").text = code
    return element


def text_d(value: str, field: str) -> str:
    """A DIN 91379 datatype D value (names): one line, not empty."""
    cleaned = din_text(single_line(value))
    if not cleaned:
        raise InvalidOutgoing(field=field, reason="empty after normalisation")
    return cleaned


def text_c(value: str, field: str, *, multiline: bool = False) -> str:
    cleaned = din_text(value, multiline=multiline) if multiline else din_text(single_line(value))
    if not cleaned:
        raise InvalidOutgoing(field=field, reason="empty after normalisation")
    return cleaned


def timestamp(moment: datetime | None) -> str:
    moment = moment or datetime.now(UTC).astimezone()
    if moment.tzinfo is None:
        raise InvalidOutgoing(field="erstellungszeitpunkt", reason="needs a time zone")
    return moment.isoformat(timespec="seconds")


def _check_party(party: Party, field: str) -> None:
    if party.kind is PartyKind.SONSTIGE:
        text_d(party.text or "", field)
        return
    if not party.code or not party.code.strip():
        raise InvalidOutgoing(field=field, reason="code missing")
    if party.kind is not PartyKind.RV_TRAEGER and not party.list_version_id:
        raise InvalidOutgoing(field=field, reason="listVersionID missing")


def add_party(parent: etree._Element, role: str, party: Party) -> None:
    """``auswahl_<role>`` with ``<role>.gericht|sonstige|rvTraeger|polizeibehoerde``."""
    _check_party(party, f"{role}")
    choice = sub(parent, f"auswahl_{role}")
    if party.kind is PartyKind.SONSTIGE:
        sub(choice, f"{role}.sonstige", text_d(party.text or "", role))
    elif party.kind is PartyKind.GERICHT:
        sub_code(
            choice,
            f"{role}.gericht",
            (party.code or "").strip(),
            party.list_version_id or "",
            GERICHTE_LIST_URI,
        )
    elif party.kind is PartyKind.RV_TRAEGER:
        # GDS.RVTraeger is a type-2 list: its version is fixed by the schema.
        sub_code(choice, f"{role}.rvTraeger", (party.code or "").strip(), RV_TRAEGER_LIST_VERSION)
    else:
        sub_code(
            choice,
            f"{role}.polizeibehoerde",
            (party.code or "").strip(),
            party.list_version_id or "",
        )


def add_nachrichtenkopf(
    root: etree._Element,
    *,
    aktenzeichen_absender: Iterable[str],
    aktenzeichen_empfaenger: Iterable[str],
    created: datetime | None,
    absender: Party,
    empfaenger: Party,
    eigene_nachrichten_id: uuid.UUID,
    fremde_nachrichten_id: str | None = None,
    product: ProductInfo | None = None,
) -> etree._Element:
    kopf = sub(root, "nachrichtenkopf")
    kopf.set("xjustizVersion", XJUSTIZ_VERSION)
    for value in aktenzeichen_absender:
        if value.strip():
            sub(kopf, "aktenzeichen.absender", text_c(value, "aktenzeichen.absender"))
    for value in aktenzeichen_empfaenger:
        if value.strip():
            sub(kopf, "aktenzeichen.empfaenger", text_c(value, "aktenzeichen.empfaenger"))
    sub(kopf, "erstellungszeitpunkt", timestamp(created))
    add_party(kopf, "absender", absender)
    add_party(kopf, "empfaenger", empfaenger)
    sub(kopf, "eigeneNachrichtenID", str(eigene_nachrichten_id))
    if fremde_nachrichten_id is not None:
        sub(kopf, "fremdeNachrichtenID", fremde_nachrichten_id)
    if product is not None:
        info = sub(kopf, "herstellerinformation")
        sub(info, "nameDesProdukts", text_d(product.name, "nameDesProdukts"))
        sub(info, "herstellerDesProdukts", text_d(product.vendor, "herstellerDesProdukts"))
        sub(info, "version", text_c(product.version, "version"))
    return kopf


def new_root(name: str, schema_file: str) -> etree._Element:
    root = etree.Element(q(name), nsmap=_NSMAP)
    root.set(f"{{{XSI}}}schemaLocation", f"{TNS} {schema_file}")
    return root


XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def serialise(root: etree._Element) -> bytes:
    body = etree.tostring(root, xml_declaration=False, encoding="UTF-8", pretty_print=True)
    return XML_DECLARATION + body


# ---------------------------------------------------------------- the 0005005 message


def _add_behoerde(parent: etree._Element, party: Party) -> None:
    """``auswahl_instanzbehoerde`` (Type.GDS.Behoerde: gericht | sonstige | polizeibehoerde)."""
    choice = sub(parent, "auswahl_instanzbehoerde")
    if party.kind is PartyKind.GERICHT:
        sub_code(
            choice,
            "gericht",
            (party.code or "").strip(),
            party.list_version_id or "",
            GERICHTE_LIST_URI,
        )
    elif party.kind is PartyKind.POLIZEIBEHOERDE:
        sub_code(choice, "polizeibehoerde", (party.code or "").strip(), party.list_version_id or "")
    else:
        # Free text, also for an RV-Träger (Behoerde has no coded choice for it).
        sub(choice, "sonstige", text_d(party.display(), "instanzbehoerde"))


def _add_grunddaten(root: etree._Element, draft: SchriftgutDraft) -> None:
    grunddaten = sub(root, "grunddaten")
    verfahren = sub(grunddaten, "verfahrensdaten")
    instanz = sub(verfahren, "instanzdaten")
    _add_behoerde(instanz, draft.instanzbehoerde or draft.empfaenger)
    if draft.aktenzeichen_empfaenger.strip():
        aktenzeichen = sub(instanz, "aktenzeichen")
        auswahl = sub(aktenzeichen, "auswahl_aktenzeichen")
        sub(
            auswahl,
            "aktenzeichen.freitext",
            text_c(draft.aktenzeichen_empfaenger, "aktenzeichen.empfaenger"),
        )


_ANZEIGENAME_EXT = re.compile(r"(\.[A-Za-z0-9]{1,5})+$")


def _add_document(
    parent: etree._Element, document: OutgoingDocument, number: int, draft_id: uuid.UUID
) -> None:
    try:
        dokumentklasse(document.dokumentklasse)
    except KeyError:
        raise InvalidOutgoing(
            field="dokumentklasse", reason=f"code {document.dokumentklasse!r} is not offered"
        ) from None
    element = sub(parent, "dokument")
    ident = sub(element, "identifikation")
    doc_id = document.document_id or document_uuid(draft_id, document.dateiname)
    sub(ident, "id", str(doc_id))
    sub(ident, "nummerImUebergeordnetenContainer", str(number))
    daten = sub(element, "xjustiz.fachspezifischeDaten")
    sub_code(
        daten,
        "dokumentklasse",
        document.dokumentklasse,
        DOKUMENTKLASSE_LIST_VERSION,
        DOKUMENTKLASSE_LIST_URI,
    )
    anzeigename = document.anzeigename or _ANZEIGENAME_EXT.sub("", document.dateiname)
    sub(daten, "anzeigename", text_c(anzeigename or document.dateiname, "anzeigename"))
    original = text_c(document.dateiname, "dateiname")
    datei = sub(daten, "datei")
    sub(datei, "dateiname", original)
    sub_code(
        datei, "bestandteil", BESTANDTEIL_ORIGINAL, BESTANDTEIL_LIST_VERSION, BESTANDTEIL_LIST_URI
    )
    for signature in document.signature_files:
        datei = sub(daten, "datei")
        sub(datei, "dateiname", text_c(signature, "dateiname"))
        sub_code(
            datei,
            "bestandteil",
            BESTANDTEIL_SIGNATUR,
            BESTANDTEIL_LIST_VERSION,
            BESTANDTEIL_LIST_URI,
        )
        sub(datei, "dateiname.bezugsdatei", original)


def _check_documents(documents: Sequence[OutgoingDocument]) -> None:
    if not documents:
        raise InvalidOutgoing(field="documents", reason="no documents")
    seen: set[str] = set()
    for document in documents:
        for name in (document.dateiname, *document.signature_files):
            key = unicodedata.normalize("NFC", name).casefold()
            if key in seen:
                raise InvalidOutgoing(field="documents", reason=f"file {name!r} twice")
            seen.add(key)
    ids = [d.document_id for d in documents if d.document_id is not None]
    if len(ids) != len(set(ids)):
        raise InvalidOutgoing(field="documents", reason="the same document id twice")


def build_xjustiz_nachricht(
    draft: SchriftgutDraft,
    *,
    schemas: XJustizSchemas | None = None,
    product: ProductInfo | None = None,
) -> bytes:
    """``xjustiz_nachricht.xml`` for ``draft``; validated when ``schemas`` is given.

    Documents are numbered 1..n in the given order (EGVP components sort attachments by name,
    so the order the user chose lives only here).
    """
    _check_documents(draft.documents)
    root = new_root(ROOT_SCHRIFTGUT, _SCHEMA_FILE)
    add_nachrichtenkopf(
        root,
        aktenzeichen_absender=[draft.aktenzeichen_absender],
        aktenzeichen_empfaenger=[draft.aktenzeichen_empfaenger],
        created=draft.created,
        absender=draft.absender,
        empfaenger=draft.empfaenger,
        eigene_nachrichten_id=draft.eigene_nachrichten_id,
        product=product or product_info(),
    )
    _add_grunddaten(root, draft)
    objects = sub(root, "schriftgutobjekte")
    for number, document in enumerate(draft.documents, start=1):
        _add_document(objects, document, number, draft.draft_id)
    data = serialise(root)
    if schemas is not None:
        schemas.validate(data)
    return data
