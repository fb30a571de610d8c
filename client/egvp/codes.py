"""XJustiz code lists as far as we *write* them, and a reader for official genericode files.

Which ``listVersionID`` goes where (checked against the XJustiz 3.5.1 XSDs, decision record 0502):

* Code lists of type 2 carry their version as a ``fixed`` attribute value in the XSD. We write that
  value: ``GDS.Bestandteiltyp`` 2.4, ``EEB.StoerungsID`` 2.1, ``GDS.RVTraeger`` 2.0.
* Code lists of type 3 (``GDS.Gerichte``, ``GDS.Dokumentklasse``) have a *required* but free
  ``listVersionID``; the version is that of the list in XRepository that the code was taken from.
  The 3.5.1 release ships ``GDS.Gerichte`` 3.6 and ``GDS.Dokumentklasse`` 1.4.

We ship only the short table of Dokumentklassen we offer (code and our own German label) and the
three Störungs-IDs. The court list (about 1,400 entries) is third-party data we do not ship; an
administrator can point the client at an official ``GDS.Gerichte.xml`` (:func:`load_code_list`),
and codes that arrive in messages keep their own list version.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

from client.egvp._xml import local_name, parse_xml
from client.egvp.errors import CodeListInvalid, XmlRejected

XJUSTIZ_VERSION = "3.5.1"

GERICHTE_LIST_VERSION = "3.6"
DOKUMENTKLASSE_LIST_VERSION = "1.4"
BESTANDTEIL_LIST_VERSION = "2.4"
STOERUNGS_ID_LIST_VERSION = "2.1"
RV_TRAEGER_LIST_VERSION = "2.0"

GERICHTE_LIST_URI = "urn:xoev-de:xjustiz:codeliste:gds.gerichte"
DOKUMENTKLASSE_LIST_URI = "urn:xoev-de:xjustiz:codeliste:gds.dokumentklasse"
BESTANDTEIL_LIST_URI = "urn:xoev-de:xjustiz:codeliste:gds.bestandteiltyp"
STOERUNGS_ID_LIST_URI = "urn:xoev-de:xjustiz:codeliste:eeb.stoerungs-id"

BESTANDTEIL_ORIGINAL = "001"


@dataclass(frozen=True)
class Dokumentklasse:
    """One entry of GDS.Dokumentklasse that the client offers, with our German label."""

    code: str
    label: str


# The codes an authority sends to a court (GDS.Dokumentklasse 1.4); court-only classes such as
# Urteil, Beschluss or Protokoll are not offered. The labels are ours.
DOKUMENTKLASSEN: tuple[Dokumentklasse, ...] = (
    Dokumentklasse("015", "Schreiben"),
    Dokumentklasse("003", "Klage / Antrag (an ein Gericht)"),
    Dokumentklasse("016", "Antrag (an eine Behörde)"),
    Dokumentklasse("017", "Bescheid"),
    Dokumentklasse("018", "Einspruch / Widerspruch (Behörde)"),
    Dokumentklasse("019", "Einspruchs- / Widerspruchsbescheid"),
    Dokumentklasse("013", "Gutachten"),
    Dokumentklasse("009", "Vermerk"),
    Dokumentklasse("012", "Zustellungsdokument"),
    Dokumentklasse("020", "Kostendokument"),
    Dokumentklasse("001", "Andere / Sonstige"),
)
DEFAULT_DOKUMENTKLASSE = "015"
_DOKUMENTKLASSEN_BY_CODE = {k.code: k for k in DOKUMENTKLASSEN}


def dokumentklasse(code: str) -> Dokumentklasse:
    """The offered Dokumentklasse for ``code``; ``KeyError`` when we do not offer it."""
    return _DOKUMENTKLASSEN_BY_CODE[code]


class StoerungsId(IntEnum):
    """eEB Störungsmeldung reasons (code list eeb.stoerungs-id 2.1); values are the codes."""

    NICHT_BETEILIGT = 1
    INHALT_UNKLAR = 2
    ZERTIFIKAT_FEHLERHAFT = 3

    @property
    def label(self) -> str:
        return _STOERUNG_LABELS[self]


_STOERUNG_LABELS = {
    StoerungsId.NICHT_BETEILIGT: "Zustellungsempfänger nicht am Verfahren beteiligt",
    StoerungsId.INHALT_UNKLAR: "Inhalt der Sendung unklar oder unvollständig",
    StoerungsId.ZERTIFIKAT_FEHLERHAFT: "Zertifikatsprüfung fehlgeschlagen",
}


# ---------------------------------------------------------------- official genericode files


@dataclass(frozen=True)
class CodeList:
    """A genericode code list: its short name, version and code → value ("wert")."""

    short_name: str
    version: str
    values: dict[str, str]

    def label(self, code: str) -> str | None:
        return self.values.get(code)


_GC_MAX_BYTES = 8 * 1024 * 1024  # GDS.Gerichte.xml is about 0.7 MB


def load_code_list(path: Path) -> CodeList:
    """Read an official genericode file (e.g. ``GDS.Gerichte.xml``) from an administrator folder."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CodeListInvalid(path=path, reason=str(exc)) from exc
    try:
        root = parse_xml(data, document=path.name, max_bytes=_GC_MAX_BYTES)
    except XmlRejected as exc:
        raise CodeListInvalid(path=path, reason=exc.reason) from exc
    if local_name(root) != "CodeList":
        raise CodeListInvalid(path=path, reason="not a genericode CodeList")
    ident = next((e for e in root if local_name(e) == "Identification"), None)
    if ident is None:
        raise CodeListInvalid(path=path, reason="no Identification")
    fields = {local_name(e): (e.text or "").strip() for e in ident}
    version = fields.get("Version", "")
    if not version:
        raise CodeListInvalid(path=path, reason="no Version")
    values: dict[str, str] = {}
    for row in root.iter("{*}Row", "Row"):
        cells = {
            value.get("ColumnRef", ""): (value.findtext("{*}SimpleValue") or "").strip()
            for value in row
            if local_name(value) == "Value"
        }
        code = cells.get("code")
        if code:
            values[code] = cells.get("wert", "")
    if not values:
        raise CodeListInvalid(path=path, reason="no rows with a code")
    return CodeList(short_name=fields.get("ShortName", ""), version=version, values=values)
