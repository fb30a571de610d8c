"""Java ``.properties`` text, as EGVP writes ``additional_infos`` (osci.md §13.1).

Reading follows ``java.util.Properties.load``: comment lines start with ``#`` or ``!``, a key ends
at the first unescaped ``=``, ``:`` or blank, a line ending in an odd number of backslashes
continues on the next one, and ``\\t \\n \\r \\f \\uXXXX`` are escapes (any other ``\\x`` is ``x``).
Where Java would throw (a broken ``\\u`` escape) we keep the text as written and report it, because
a received message must never be lost over a detail.

Writing follows ``Properties.store``: ASCII only, everything else as ``\\uXXXX``, the characters
``= : # !`` escaped, a first comment line with the date in ``java.util.Date.toString`` form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}
_KEY_END = "=: \t\f"
_BLANKS = " \t\f"


@dataclass(frozen=True)
class Properties:
    """A parsed properties text: entries in file order (last one wins, as in Java), comments."""

    entries: dict[str, str]
    comments: tuple[str, ...]
    problems: tuple[str, ...]


def decode_properties_text(data: bytes) -> str:
    """Java reads properties as ISO-8859-1; some writers use UTF-8. Take UTF-8 when it decodes."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("iso-8859-1")


def _logical_lines(text: str) -> Iterable[str]:
    lines = re.split(r"\r\n|\r|\n", text)
    pending: str | None = None
    for raw in lines:
        line = raw.lstrip(_BLANKS) if pending is not None else raw
        if pending is None and (not line.strip(_BLANKS) or line.lstrip(_BLANKS)[:1] in "#!"):
            yield line
            continue
        trailing = len(line) - len(line.rstrip("\\"))
        if trailing % 2 == 1:
            pending = (pending or "") + line[:-1]
            continue
        yield (pending or "") + line
        pending = None
    if pending is not None:
        yield pending


def _unescape(text: str, problems: list[str]) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch != "\\" or i + 1 >= len(text):
            out.append(ch)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt == "u":
            digits = text[i + 2 : i + 6]
            if len(digits) == 4 and all(c in "0123456789abcdefABCDEF" for c in digits):
                out.append(chr(int(digits, 16)))
                i += 6
                continue
            problems.append(f"ungültige Unicode-Maskierung „\\u{digits}“")
            out.append("\\u")
            i += 2
            continue
        out.append(_ESCAPES.get(nxt, nxt))
        i += 2
    # Java stores non-BMP characters as two \u escapes (a surrogate pair); join them.
    return "".join(out).encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _split_key(line: str) -> tuple[str, str]:
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == "\\":
            i += 2
            continue
        if ch in _KEY_END:
            break
        i += 1
    key = line[:i]
    rest = line[i:].lstrip(_BLANKS)
    if rest[:1] in ("=", ":"):
        rest = rest[1:].lstrip(_BLANKS)
    return key, rest


def parse_properties(text: str) -> Properties:
    entries: dict[str, str] = {}
    comments: list[str] = []
    problems: list[str] = []
    for line in _logical_lines(text):
        stripped = line.lstrip(_BLANKS)
        if not stripped:
            continue
        if stripped[0] in "#!":
            comments.append(stripped[1:])
            continue
        raw_key, raw_value = _split_key(stripped)
        entries[_unescape(raw_key, problems)] = _unescape(raw_value, problems)
    return Properties(entries=entries, comments=tuple(comments), problems=tuple(problems))


# ---------------------------------------------------------------- the #date comment

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# The zone abbreviations a German EGVP installation writes; others are kept as text only.
_ZONES = {"CET": 1, "CEST": 2, "MEZ": 1, "MESZ": 2, "UTC": 0, "GMT": 0, "UT": 0, "Z": 0}
_JAVA_DATE = re.compile(
    r"^\s*(?:[A-Za-z]{3})\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+"
    r"([A-Za-z+\-0-9:]+)\s+(\d{4})\s*$"
)


def parse_java_date(text: str) -> datetime | None:
    """``Mon Sep 27 14:12:15 CEST 2021`` → an aware datetime; ``None`` when not understood."""
    match = _JAVA_DATE.match(text)
    if not match:
        return None
    month_name, day, hour, minute, second, zone, year = match.groups()
    if month_name not in _MONTHS or zone.upper() not in _ZONES:
        return None
    try:
        return datetime(
            int(year),
            _MONTHS.index(month_name) + 1,
            int(day),
            int(hour),
            int(minute),
            int(second),
            tzinfo=timezone(timedelta(hours=_ZONES[zone.upper()])),
        )
    except ValueError:
        return None


def format_java_date(moment: datetime) -> str:
    """``datetime`` → ``Mon Sep 27 14:12:15 CEST 2021`` (English names, as Java writes them)."""
    if moment.tzinfo is None:
        raise ValueError("the date of additional_infos needs a time zone")
    zone = moment.tzname() or "UTC"
    offset = moment.utcoffset() or timedelta(0)
    if zone not in _ZONES or timedelta(hours=_ZONES[zone]) != offset:
        # A zone Java would print by an id we cannot round-trip: write it as UTC instead.
        moment = moment.astimezone(UTC)
        zone = "UTC"
    return (
        f"{_DAYS[moment.weekday()]} {_MONTHS[moment.month - 1]} {moment.day:02d} "
        f"{moment:%H:%M:%S} {zone} {moment.year}"
    )


# ---------------------------------------------------------------- writing


def _escape(text: str, *, is_key: bool) -> str:
    out: list[str] = []
    for index, ch in enumerate(text):
        if ch == " " and (is_key or index == 0):
            out.append("\\ ")
        elif ch in "\\=:#!":
            out.append("\\" + ch)
        elif ch in "\t\n\r\f":
            out.append({"\t": "\\t", "\n": "\\n", "\r": "\\r", "\f": "\\f"}[ch])
        elif 0x20 <= ord(ch) <= 0x7E:
            out.append(ch)
        else:
            # Java escapes UTF-16 code units: a non-BMP character becomes a surrogate pair.
            data = ch.encode("utf-16-be", "surrogatepass")
            for k in range(0, len(data), 2):
                out.append(f"\\u{int.from_bytes(data[k : k + 2], 'big'):04X}")
    return "".join(out)


def dump_properties(entries: Iterable[tuple[str, str]], *, date: datetime) -> bytes:
    """The properties text as ASCII bytes with a ``#date`` first line and ``\\n`` line ends."""
    lines = ["#" + format_java_date(date)]
    lines.extend(
        f"{_escape(key, is_key=True)}={_escape(value, is_key=False)}" for key, value in entries
    )
    return ("\n".join(lines) + "\n").encode("ascii")
