"""Text we write into XJustiz must fit the DIN 91379 data types of the 3.5.1 schemas.

The schemas restrict free text to DIN 91379 ("String.Latin+"): datatype C (most fields, line
breaks allowed) and D (names of parties, no line breaks). Users type en dashes, curly quotes or
emoji, which the XSD would reject. We keep a conservative subset that is valid in *both* C and D
— printable ASCII, U+00A1…U+00AC, U+00AE…U+017E, ẞ and € — map common typography to ASCII,
strip diacritics the subset lacks, and replace whatever remains by ``?`` so the loss is visible.
"""

from __future__ import annotations

import re
import unicodedata

_TYPOGRAPHY = {
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2039": "'",
    "\u203a": "'",
    "\u2026": "...",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u00ad": "",  # soft hyphen: outside the subset and invisible anyway
}


def _in_subset(ch: str) -> bool:
    code = ord(ch)
    return (
        0x20 <= code <= 0x7E
        or 0xA1 <= code <= 0xAC
        or 0xAE <= code <= 0x17E
        or ch in ("\u1e9e", "\u20ac")
    )


def _map_char(ch: str) -> str:
    if _in_subset(ch):
        return ch
    if ch in _TYPOGRAPHY:
        return _TYPOGRAPHY[ch]
    if ch in "\t\n\r\v\f" or unicodedata.category(ch) in ("Zs", "Zl", "Zp"):
        return " "
    if unicodedata.category(ch) in ("Cc", "Cf", "Mn"):
        return ""
    # A letter with a diacritic the subset lacks (ș, ǧ …): keep its base letter(s).
    decomposed = "".join(c for c in unicodedata.normalize("NFKD", ch) if _in_subset(c))
    return decomposed or "?"


def din_text(value: str, *, multiline: bool = False) -> str:
    """``value`` restricted to the DIN 91379 subset; blanks collapsed, ends stripped."""
    text = unicodedata.normalize("NFC", value)
    if multiline:
        lines = re.split(r"\r\n|\r|\n", text)
        return "\n".join(din_text(line) for line in lines).strip("\n")
    mapped = "".join(_map_char(ch) for ch in text)
    return re.sub(r" {2,}", " ", mapped).strip()


def single_line(value: str) -> str:
    """Collapse all white space (incl. line breaks) to single blanks; strip the ends."""
    return " ".join(value.split())


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(value: str) -> str:
    """Remove the characters XML 1.0 cannot carry (control characters, U+FFFE/U+FFFF)."""
    return _XML_ILLEGAL.sub("", value)
