"""The progress texts of the core's long operations, in one place.

The core formats these German templates (the command line prints them as they are); the GUI
recognises a formatted text by its template and shows the translation from context ``progress``
(:func:`parse` gives template and values). A text not built from a template here stays as it is.
"""

from __future__ import annotations

import re
from functools import cache

CONNECTING = "Verbindung zum Intermediär wird aufgebaut"
RECEIVED_MB = "{mb} MB übertragen"
FETCHED = "Nachricht {n} abgeholt"
STORED = "Nachricht {n}: Dokument {number} von {total} gespeichert, Virenprüfung läuft ({name})"
SCANNED_OK = "{name}: virenfrei"
SCANNED_INFECTED = "{name}: Schadsoftware gefunden, bleibt in Quarantäne"
SCANNED_UNCLEAR = "{name}: nicht eindeutig geprüft"
PROCESSED = "Nachricht {n} verarbeitet"
LOOKING_UP = "Empfänger wird im Verzeichnisdienst nachgeschlagen"
CHECKING_CERTIFICATE = "Zertifikat des Empfängers wird geprüft"
SENDING = "Nachricht wird verschlüsselt, signiert und gesendet"
SENT = "Gesendet"
BACKUP_RUNNING = "Sicherung wird geschrieben"
BACKUP_DONE = "Sicherung abgeschlossen"
RESCANNING = "Datei wird geprüft"
RESCANNED = "Prüfung abgeschlossen"
EXPORTING = "Nachricht {n} von {total}"
EXPORTED = "Export abgeschlossen"

TEMPLATES: tuple[str, ...] = (
    CONNECTING,
    RECEIVED_MB,
    FETCHED,
    STORED,
    SCANNED_OK,
    SCANNED_INFECTED,
    SCANNED_UNCLEAR,
    PROCESSED,
    LOOKING_UP,
    CHECKING_CERTIFICATE,
    SENDING,
    SENT,
    BACKUP_RUNNING,
    BACKUP_DONE,
    RESCANNING,
    RESCANNED,
    EXPORTING,
    EXPORTED,
)

_FIELD = re.compile(r"\{(\w+)\}")
NUMBERS = frozenset({"n", "number", "total", "mb"})  # the other fields (names) may hold anything


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    compiled = []
    for template in TEMPLATES:
        pieces = _FIELD.split(template)  # literal, name, literal, name, …
        regex = "".join(
            _group(piece) if index % 2 else re.escape(piece) for index, piece in enumerate(pieces)
        )
        compiled.append((template, re.compile(f"^{regex}$", re.DOTALL)))
    return tuple(compiled)


def _group(field: str) -> str:
    return f"(?P<{field}>\\d+)" if field in NUMBERS else f"(?P<{field}>.+)"


def parse(text: str) -> tuple[str, dict[str, str]] | None:
    """The template ``text`` was formatted from, and its values; ``None`` for other texts."""
    for template, pattern in _patterns():
        match = pattern.match(text)
        if match is not None:
            return template, match.groupdict()
    return None
