"""Typed model of an EGVP payload: what the receive path stores and the GUI shows.

All objects are frozen. Parsed values are the sender's data: display them, never trust them for a
security decision (the verification results come from the OSCI layer and live in the store).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum

from client.egvp.codes import GERICHTE_LIST_VERSION

# The names EGVP uses for the two containers and their inline contents (osci.md §13.1).
PROJECT_COCO = "project_coco"
GOVELLO_COCO = "govello_coco"
NACHRICHT_XML = "nachricht.xml"
VISITENKARTE_XML = "visitenkarte.xml"
HERSTELLERINFORMATION_XML = "herstellerinformation.xml"
ADDITIONAL_INFOS = "additional_infos"
XJUSTIZ_NACHRICHT_XML = "xjustiz_nachricht.xml"

NACHRICHTENTYP_ALLGEMEIN = "Allgemeine Nachricht"


class ProblemKind(IntEnum):
    """Why a payload part could not be read completely. Persisted: never reuse a value."""

    MALFORMED_XML = 1
    UNEXPECTED_STRUCTURE = 2
    UNDECODABLE_TEXT = 3
    INVALID_VALUE = 4
    UNKNOWN_MESSAGE_TYPE = 5
    DUPLICATE_PART = 6
    INTERNAL_ERROR = 7
    MISSING_ATTACHMENT = 8


@dataclass(frozen=True)
class ParseProblem:
    """A problem with one payload part: German text for the user, technical detail for the log."""

    part: str
    kind: ProblemKind
    text: str
    detail: str = ""


@dataclass(frozen=True)
class PayloadPart:
    """The raw bytes of one inline content or of ``xjustiz_nachricht.xml``, kept as received."""

    container: str
    content_id: str
    data: bytes


# ---------------------------------------------------------------- EGVP's own XML parts


@dataclass(frozen=True)
class Nachricht:
    """``nachricht.xml`` (root ``Nachricht``). Absent fields are ``None``."""

    nachrichtentyp: str | None = None
    signaturniveau: str | None = None
    empfaengerkennung: str | None = None
    betreff: str | None = None
    aktenzeichen_empfaenger: str | None = None
    aktenzeichen_absender: str | None = None
    freitext: str | None = None


@dataclass(frozen=True)
class Visitenkarte:
    """``visitenkarte.xml``: a business card. ``nutzer_id`` is the SAFE-ID, ``rollen_id`` the role
    (``egvp_bebpo`` for a confirmed beBPo, ``egvp_justiz`` for courts)."""

    name: str = ""
    organisation: str = ""
    organisationszusatz: str = ""
    anrede: str = ""
    titel: str = ""
    vorname: str = ""
    strasse: str = ""
    hausnummer: str = ""
    postleitzahl: str = ""
    ort: str = ""
    bundesland: str = ""
    land: str = "DE"
    e_mail: str = ""
    mobiltelefon: str = ""
    telefon: str = ""
    fax: str = ""
    nutzer_id: str = ""
    rollen_id: str = ""
    externe_id: str = ""

    def display_name(self) -> str:
        parts = [self.organisation, self.name] if self.organisation else [self.name]
        return ", ".join(p for p in parts if p) or self.nutzer_id


# Element name in visitenkarte.xml → attribute, in the order EGVP writes them.
VISITENKARTE_FIELDS: tuple[tuple[str, str], ...] = (
    ("Organisation", "organisation"),
    ("Organisationszusatz", "organisationszusatz"),
    ("Anrede", "anrede"),
    ("Titel", "titel"),
    ("Vorname", "vorname"),
    ("Name", "name"),
    ("Strasse", "strasse"),
    ("Hausnummer", "hausnummer"),
    ("Postleitzahl", "postleitzahl"),
    ("Ort", "ort"),
    ("Bundesland", "bundesland"),
    ("Land", "land"),
    ("E-Mail", "e_mail"),
    ("Mobiltelefon", "mobiltelefon"),
    ("Telefon", "telefon"),
    ("Fax", "fax"),
    ("Nutzer_ID", "nutzer_id"),
    ("Rollen_ID", "rollen_id"),
    ("Externe_ID", "externe_id"),
)


@dataclass(frozen=True)
class Herstellerinformation:
    """``herstellerinformation.xml``: the sending product."""

    produkt: str = ""
    hersteller: str = ""
    registrierungs_id: str = ""


@dataclass(frozen=True)
class AdditionalInfos:
    """``additional_infos`` in ``govello_coco``: a Java properties text."""

    date_text: str | None
    date: datetime | None
    user_id: str | None
    signature_level: str | None
    subject: str | None
    entries: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Subject:
    """The Betreff as received and with look-alike security tags removed (DESIGN.md §5)."""

    original: str
    cleaned: str
    removed_tags: tuple[str, ...] = ()

    @property
    def had_security_tags(self) -> bool:
        return bool(self.removed_tags)


# ---------------------------------------------------------------- XJustiz


class PartyKind(IntEnum):
    """Which choice of ``auswahl_absender`` / ``auswahl_empfaenger``. Persisted values."""

    GERICHT = 1
    SONSTIGE = 2
    RV_TRAEGER = 3
    POLIZEIBEHOERDE = 4


@dataclass(frozen=True)
class Party:
    """A sender or recipient in XJustiz: a coded court/authority or a free-text name."""

    kind: PartyKind
    code: str | None = None
    list_version_id: str | None = None
    text: str | None = None

    @classmethod
    def gericht(cls, code: str, list_version_id: str = GERICHTE_LIST_VERSION) -> Party:
        return cls(PartyKind.GERICHT, code=code, list_version_id=list_version_id)

    @classmethod
    def sonstige(cls, text: str) -> Party:
        return cls(PartyKind.SONSTIGE, text=text)

    def display(self) -> str:
        if self.kind is PartyKind.SONSTIGE:
            return self.text or ""
        return self.code or ""


class XJustizKind(IntEnum):
    """What an incoming ``xjustiz_nachricht.xml`` is. Persisted values."""

    SCHRIFTGUTOBJEKTE = 1
    EEB_ZURUECKLAUFEND = 2
    OTHER = 3


@dataclass(frozen=True)
class XJustizFile:
    dateiname: str
    bestandteil: str | None = None


@dataclass(frozen=True)
class XJustizDocument:
    """One ``dokument``. ``nummer`` is as sent (3.2.1 senders wrote 0, which 3.5 forbids)."""

    id: str | None
    nummer: int | None
    dokumentklasse: str | None
    dokumententyp: str | None
    anzeigename: str | None
    files: tuple[XJustizFile, ...]
    eeb_requested: bool


@dataclass(frozen=True)
class EebAnswer:
    """The ``fachdaten`` of an incoming ``nachricht.eeb.zuruecklaufend``."""

    empfangsbestaetigung: date | None
    empfangsbestaetigung_text: str | None
    stoerungs_id: str | None
    stoerungs_grund: str | None
    zustellungsempfaenger_abweichend: bool | None

    @property
    def accepted(self) -> bool:
        return self.empfangsbestaetigung_text is not None and self.stoerungs_id is None


@dataclass(frozen=True)
class XJustizProduct:
    name: str | None
    hersteller: str | None
    version: str | None


@dataclass(frozen=True)
class XJustizNachricht:
    """The parts of an ``xjustiz_nachricht.xml`` we use, read from XJustiz 2.x or 3.x names."""

    root_name: str
    kind: XJustizKind
    xjustiz_version: str | None
    aktenzeichen_absender: tuple[str, ...]
    aktenzeichen_empfaenger: tuple[str, ...]
    erstellungszeitpunkt_text: str | None
    erstellungszeitpunkt: datetime | None
    absender: Party | None
    empfaenger: Party | None
    eigene_nachrichten_id: str | None
    fremde_nachrichten_id: str | None
    herstellerinformation: XJustizProduct | None
    documents: tuple[XJustizDocument, ...]
    eeb_answer: EebAnswer | None

    @property
    def eeb_requested(self) -> bool:
        """A court asks for an eEB: ``ruecksendungEEB.erforderlich`` true/1 on any document."""
        return self.kind is XJustizKind.SCHRIFTGUTOBJEKTE and any(
            d.eeb_requested for d in self.documents
        )

    @property
    def is_eeb_answer(self) -> bool:
        return self.kind is XJustizKind.EEB_ZURUECKLAUFEND


# ---------------------------------------------------------------- the whole payload


@dataclass(frozen=True)
class EgvpPayload:
    """Everything parsed from one message's decrypted containers.

    A part that is missing is ``None``; a part that is damaged is ``None`` (or partly filled) and
    has an entry in ``problems``. ``parts`` keeps every inline content and the XJustiz file as
    received, so nothing is lost whatever the parser made of it.
    """

    nachricht: Nachricht | None
    visitenkarte: Visitenkarte | None
    herstellerinformation: Herstellerinformation | None
    additional_infos: AdditionalInfos | None
    xjustiz: XJustizNachricht | None
    subject: Subject | None
    attachment_names: tuple[str, ...]
    parts: tuple[PayloadPart, ...] = ()
    problems: tuple[ParseProblem, ...] = field(default=())

    def part(self, content_id: str) -> bytes | None:
        wanted = content_id.casefold()
        for part in self.parts:
            if part.content_id.casefold() == wanted:
                return part.data
        return None

    @property
    def betreff(self) -> str | None:
        """The Betreff without look-alike security tags."""
        return self.subject.cleaned if self.subject else None

    @property
    def sender_safe_id(self) -> str | None:
        """The SAFE-ID the sender claims (Visitenkarte, else additional_infos)."""
        if self.visitenkarte and self.visitenkarte.nutzer_id:
            return self.visitenkarte.nutzer_id
        if self.additional_infos and self.additional_infos.user_id:
            return self.additional_infos.user_id
        return None

    @property
    def eeb_requested(self) -> bool:
        return bool(self.xjustiz and self.xjustiz.eeb_requested)

    @property
    def is_eeb_answer(self) -> bool:
        return bool(self.xjustiz and self.xjustiz.is_eeb_answer)
