"""Safe file names for every file that touches a disk (quarantine, transfer folder).

A received attachment's name is attacker-controlled. :func:`sanitize_filename` turns any string
into one plain file name that is safe on Linux, on the Windows workstation behind the TightGate
file gateway and on macOS: the last path component only (no traversal, no separators), no control
or format characters (NUL, newlines, RTL override), none of ``<>:"/\\|?*``, no reserved Windows
device name (``CON.pdf``, ``nul``, ``LPT1.txt``), no leading dots, dashes or blanks, no trailing
dots or blanks, Unicode NFC, at most 90 characters (ERVB) and 240 UTF-8 bytes, keeping the
extension, never empty. The caller keeps the original name as metadata.

:func:`unique_name` resolves collisions as ``name (2).pdf``, ``name (3).pdf`` … within the same
limits, comparing case-insensitively (the workstation's file system usually is).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection

MAX_NAME_CHARS = 90  # ERVB file name limit, including the extension
MAX_NAME_BYTES = 240  # below the 255-byte limit of Linux file systems, leaving room to spare
MAX_EXTENSION_CHARS = 10
FALLBACK_STEM = "Datei"
MAX_COPIES = 999

_WINDOWS_FORBIDDEN = frozenset('<>:"|?*')
# Categories dropped outright: controls, format characters (RTL override, zero-width, BOM),
# surrogates, private use, unassigned (including non-characters).
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
# Characters that separate words: become one blank.
_BLANK_CATEGORIES = frozenset({"Zs", "Zl", "Zp"})
_BLANK_CONTROLS = frozenset("\t\n\r\v\f\x1c\x1d\x1e\x1f\x85")
_DEVICE_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"}
    | {f"{kind}{n}" for kind in ("COM", "LPT") for n in "0123456789¹²³"}
)
_EXTENSION = re.compile(rf"[^\W_]{{1,{MAX_EXTENSION_CHARS}}}")
_LEADING = " .-"
_TRAILING = " ."


def sanitize_filename(name: str, *, fallback_stem: str = FALLBACK_STEM) -> str:
    """A safe single file name for ``name`` (see the module text for the rules).

    Idempotent: ``sanitize_filename(sanitize_filename(x)) == sanitize_filename(x)``. One pass
    already gives a safe name; cutting a long name can expose a new "extension" (``x..äää`` cut
    to ``x..ääääääääää``), so passes repeat until nothing changes (a change only ever shortens
    the name, so this ends after a few passes).
    """
    text = _sanitize_once(name, fallback_stem)
    for _ in range(MAX_NAME_CHARS):
        again = _sanitize_once(text, fallback_stem)
        if again == text:
            break
        text = again
    return text


def _sanitize_once(name: str, fallback_stem: str) -> str:
    text = unicodedata.normalize("NFC", name)
    text = _last_component(text)
    text = _clean_characters(text)
    text = unicodedata.normalize("NFC", text).rstrip(_TRAILING)
    head, dot, ext = text.rpartition(".")
    if dot and _EXTENSION.fullmatch(ext):
        # ".pdf" (or "\x00.pdf" after cleaning) keeps its extension: "Datei.pdf".
        stem = head.lstrip(_LEADING)
    else:
        stem, ext = text.lstrip(_LEADING), ""
    if not stem:
        stem = fallback_stem
    if _is_device_name(stem):
        stem = "_" + stem
    return _fit(stem, ext, suffix="")


def unique_name(name: str, taken: Collection[str] | Callable[[str], bool]) -> str:
    """``name`` or the first free ``stem (n).ext`` (n = 2 … 999), compared case-insensitively.

    ``name`` must already be sanitised. ``taken`` is a collection of existing names or a
    predicate. Raises :class:`ValueError` when all candidates are taken.
    """
    if callable(taken):
        is_taken = taken
    else:
        folded = {existing.casefold() for existing in taken}

        def is_taken(candidate: str) -> bool:
            return candidate.casefold() in folded

    for candidate in candidates(name):
        if not is_taken(candidate):
            return candidate
    raise ValueError(f"no free name for {name!r} after {MAX_COPIES} attempts")


def candidates(name: str) -> list[str]:
    """``name``, then ``stem (2).ext`` … ``stem (999).ext``, each within the length limits."""
    stem, ext = split_extension(name)
    return [name] + [_fit(stem, ext, suffix=f" ({n})") for n in range(2, MAX_COPIES + 1)]


def split_extension(name: str) -> tuple[str, str]:
    """``("Antrag", "pdf")`` for ``Antrag.pdf``; an extension is 1–10 letters or digits."""
    stem, dot, ext = name.rpartition(".")
    if dot and stem and _EXTENSION.fullmatch(ext):
        return stem, ext
    return name, ""


def is_safe_filename(name: str) -> bool:
    """True when ``name`` is already what :func:`sanitize_filename` would make of it."""
    return bool(name) and sanitize_filename(name) == name


def _last_component(text: str) -> str:
    """The last non-empty component, splitting at both ``/`` and ``\\``."""
    parts = [part for part in re.split(r"[/\\]", text) if part.strip(" .")]
    return parts[-1] if parts else ""


def _clean_characters(text: str) -> str:
    out: list[str] = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch in _BLANK_CONTROLS or category in _BLANK_CATEGORIES:
            out.append(" ")
        elif category in _DROPPED_CATEGORIES:
            continue
        elif ch in _WINDOWS_FORBIDDEN:
            out.append("_")
        else:
            out.append(ch)
    return re.sub(" {2,}", " ", "".join(out))


def _is_device_name(stem: str) -> bool:
    # Windows treats "CON.tar.gz" and "con .txt" as the device too: look at the first part.
    first = stem.split(".", 1)[0].rstrip(" ").upper()
    return first in _DEVICE_NAMES


def _fit(stem: str, ext: str, *, suffix: str) -> str:
    """``stem + suffix + "." + ext`` cut at the end of the stem to the length limits."""
    tail = suffix + (f".{ext}" if ext else "")
    stem = unicodedata.normalize("NFC", stem[:MAX_NAME_CHARS]).rstrip(_TRAILING)
    while stem and not _fits(stem + tail):
        stem = unicodedata.normalize("NFC", stem[:-1]).rstrip(_TRAILING)
    if not stem:
        # Only possible for absurd extensions; split_extension caps them at 10 characters.
        stem = FALLBACK_STEM
    return stem + tail


def _fits(name: str) -> bool:
    return len(name) <= MAX_NAME_CHARS and len(name.encode("utf-8")) <= MAX_NAME_BYTES
