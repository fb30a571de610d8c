"""Strip look-alike security tags from an incoming Betreff (DESIGN.md §5, gateways.md §8.4).

The client shows verification results from its own database, never from the subject. A sender
could write "[VHN geprüft] Ladung" to make a message look verified, so tags in brackets that talk
about signatures, VHN, verification or encryption are removed and the removal is flagged. Ordinary
bracketed text ("[Eilt]", "(2. Mahnung)") stays.

The match works on an NFKC-normalised copy, so full-width brackets and letters are caught too.
"""

from __future__ import annotations

import re
import unicodedata

from client.egvp.model import Subject

# What makes a bracketed tag a security claim (casefolded, NFKC): whole words, and word stems
# that only occur in such claims. Short words are whole-word only ("bea" must not hit "bearbeitet").
_CLAIM_WORDS = frozenset(
    {
        "vhn",
        "qes",
        "bea",
        "bebpo",
        "egvp",
        "safe",
        "echt",
        "valid",
        "invalid",
        "gültig",
        "gueltig",
        "ungültig",
        "ungueltig",
        "signed",
        "unsigned",
        "secure",
        "sicher",
        "verified",
        "encrypted",
        "trusted",
    }
)
_CLAIM_STEMS = (
    "signier",
    "signatur",
    "signature",
    "geprüft",
    "geprueft",
    "prüfung",
    "pruefung",
    "verifi",
    "verschlüssel",
    "verschluessel",
    "vertrauenswürdig",
    "vertrauenswuerdig",
    "herkunftsnachweis",
    "übermittlungsweg",
    "uebermittlungsweg",
    "zertifik",
    "certific",
    "authenti",
    "qualifiziert",
    "sicherer",
    "sicherheit",
)
_BRACKETS = {"[": "]", "(": ")", "{": "}", "<": ">", "【": "】", "〔": "〕", "〖": "〗", "⟦": "⟧"}
_TAG = re.compile(
    "|".join(
        re.escape(o) + r"[^" + re.escape(o + c) + r"]{1,80}" + re.escape(c)
        for o, c in _BRACKETS.items()
    )
)
_WORD = re.compile(r"\w+")


def _is_claim(tag: str) -> bool:
    words = _WORD.findall(tag.casefold())
    return any(w in _CLAIM_WORDS or w.startswith(_CLAIM_STEMS) for w in words)


def clean_subject(original: str) -> Subject:
    """The subject with security look-alike tags removed; ``removed_tags`` lists them."""
    normalised = unicodedata.normalize("NFKC", original)
    removed: list[str] = []
    kept: list[str] = []
    position = 0
    for match in _TAG.finditer(normalised):
        if _is_claim(match.group(0)):
            kept.append(normalised[position : match.start()])
            removed.append(match.group(0))
            position = match.end()
    kept.append(normalised[position:])
    if not removed:
        return Subject(original=original, cleaned=" ".join(original.split()))
    cleaned = " ".join("".join(kept).split())
    # Separators left dangling at the start ("[VHN]: Ladung" → ": Ladung").
    cleaned = cleaned.lstrip(":-–|/ ").strip()
    return Subject(original=original, cleaned=cleaned, removed_tags=tuple(removed))
