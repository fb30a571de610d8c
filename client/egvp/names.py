"""ERVB file names: the check and a suggested correction (bebpo.md §6, osci.md §13.2).

Rules (ERVB 2022 Nr. 6, the XJustiz "ERV Strukturdatensatz" app): at most 90 characters including
the extension; letters of the German alphabet including ÄÖÜäöüß, digits, ``_`` and ``-``; exactly
one dot, before the extension — except signature files with a concatenated extension
(``Antrag.pdf.p7s``, ``Antrag.pdf.pkcs7``); no blanks; ``vhn.xml`` and ``vhn.xml.p7s`` are
reserved for the VHN2 proof of origin. We also reserve the names of the payload parts the client
writes itself (``xjustiz_nachricht.xml`` …).

:func:`suggest_name` always returns a name that passes :func:`name_problems` (property-tested).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from enum import IntEnum

MAX_NAME_LENGTH = 90
SIGNATURE_EXTENSIONS = ("p7s", "pkcs7")
RESERVED_NAMES = frozenset(
    {
        "vhn.xml",
        "vhn.xml.p7s",
        "xjustiz_nachricht.xml",
        "nachricht.xml",
        "visitenkarte.xml",
        "herstellerinformation.xml",
        "nachricht.xsl",
        "visitenkarte.xsl",
    }
)
_GERMAN_LETTERS = "ÄÖÜäöüß"
_ALLOWED = re.compile(r"[A-Za-z0-9_\-" + _GERMAN_LETTERS + "]")
_PART = re.compile(r"[A-Za-z0-9_\-" + _GERMAN_LETTERS + r"]+")
_FALLBACK_STEM = "Dokument"
_FALLBACK_EXTENSION = "pdf"
_MAX_EXTENSION_PART = 10


class NameProblem(IntEnum):
    """What is wrong with a file name. Persisted values."""

    TOO_LONG = 1
    INVALID_CHARACTERS = 2
    SPACES = 3
    DOTS = 4
    RESERVED = 5


def name_problems(name: str) -> tuple[NameProblem, ...]:
    """Every rule ``name`` breaks, in a fixed order; empty when the name is fine."""
    problems: list[NameProblem] = []
    if len(name) > MAX_NAME_LENGTH:
        problems.append(NameProblem.TOO_LONG)
    if any(ch.isspace() for ch in name):
        problems.append(NameProblem.SPACES)
    if any(not _ALLOWED.fullmatch(ch) and ch != "." and not ch.isspace() for ch in name):
        problems.append(NameProblem.INVALID_CHARACTERS)
    if not _dots_ok(name):
        problems.append(NameProblem.DOTS)
    if name.casefold() in RESERVED_NAMES:
        problems.append(NameProblem.RESERVED)
    return tuple(problems)


def is_allowed_char(ch: str) -> bool:
    """A character ERVB allows in a name (besides the extension dot)."""
    return bool(_ALLOWED.fullmatch(ch))


def is_valid_name(name: str) -> bool:
    return not name_problems(name)


def _dots_ok(name: str) -> bool:
    parts = name.split(".")
    if any(not p for p in parts):
        return False  # leading/trailing/double dots, or no stem
    if len(parts) == 2:
        return True
    return len(parts) == 3 and parts[2].lower() in SIGNATURE_EXTENSIONS


def split_name(name: str) -> tuple[str, str]:
    """``(stem, extension)``; a signature file's extension is double (``pdf.p7s``)."""
    parts = name.split(".")
    if len(parts) >= 3 and parts[-1].lower() in SIGNATURE_EXTENSIONS and parts[-2]:
        return ".".join(parts[:-2]), f"{parts[-2]}.{parts[-1]}"
    if len(parts) >= 2 and parts[-1]:
        return ".".join(parts[:-1]), parts[-1]
    return name, ""


# ---------------------------------------------------------------- suggestion

# Letters NFKD cannot reduce to a base letter of the allowed set.
_TRANSLIT = {
    "æ": "ae",
    "Æ": "Ae",
    "œ": "oe",
    "Œ": "Oe",
    "ø": "o",
    "Ø": "O",
    "å": "a",
    "Å": "A",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "þ": "th",
    "Þ": "Th",
    "ı": "i",
    "ẞ": "SS",
    "ŋ": "ng",
    "ĸ": "k",
    "ſ": "s",
}


def _transliterate(text: str) -> str:
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if _ALLOWED.fullmatch(ch):
            out.append(ch)
        elif ch in _TRANSLIT:
            out.append(_TRANSLIT[ch])
        elif unicodedata.category(ch) == "Pd":  # en dash, em dash, … are hyphens
            out.append("-")
        else:
            base = "".join(
                c for c in unicodedata.normalize("NFKD", ch) if c.isascii() and c.isalnum()
            )
            # Anything else (blanks, dots, brackets, symbols, other scripts) separates words.
            out.append(base or "_")
    return "".join(out)


def _clean_stem(stem: str) -> str:
    text = _transliterate(stem)
    text = re.sub(r"_*-[-_]*", "-", text)  # "99 - Klage" → "99-Klage", not "99_-_Klage"
    text = re.sub(r"_{2,}", "_", text)
    return text.strip("_-")


def _clean_extension(extension: str) -> str:
    parts = [
        re.sub(r"[^A-Za-z0-9]", "", _transliterate(p)).lower()[:_MAX_EXTENSION_PART]
        for p in extension.split(".")
    ]
    parts = [p for p in parts if p]
    if len(parts) >= 2 and parts[-1] in SIGNATURE_EXTENSIONS:
        return f"{parts[-2]}.{parts[-1]}"
    return parts[-1] if parts else ""


def _fit(stem: str, extension: str, suffix: str = "") -> str:
    room = MAX_NAME_LENGTH - len(extension) - 1 - len(suffix)
    stem = stem[:room].rstrip("_-") or _FALLBACK_STEM[:room]
    return f"{stem}{suffix}.{extension}"


def suggest_name(name: str, *, extension: str | None = None, taken: Collection[str] = ()) -> str:
    """A valid ERVB name close to ``name``, not in ``taken`` (compared case-insensitively).

    ``extension`` (e.g. ``"pdf"`` from the detected content, or ``"pdf.p7s"``) replaces the
    name's own; without either, ``pdf`` is assumed — the only document type that stands alone.
    """
    stem, own_extension = split_name(name.strip())
    ext = _clean_extension(extension if extension is not None else own_extension)
    ext = ext or _FALLBACK_EXTENSION
    base = _clean_stem(stem) or _FALLBACK_STEM
    used = {t.casefold() for t in taken} | RESERVED_NAMES
    candidate = _fit(base, ext)
    counter = 2
    while candidate.casefold() in used:
        candidate = _fit(base, ext, f"_{counter}")
        counter += 1
    return candidate
