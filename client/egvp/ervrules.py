"""The ERV rules checked before anything is sent (issue 6 §3, bebpo.md §6).

:func:`check_outgoing` looks at all files of a message and lists *every* violation at once, in
German, each with a code, the file and a suggested fix (and a corrected name where a name is the
problem). It never stops at the first problem and never raises for bad files.

Files are given as paths or as :class:`FileSource` objects (a name, a size and a way to open the
bytes); nothing is read whole into memory: the first KiB decides the type, and PDFs are streamed
through :mod:`client.egvp.pdfscan` in 1 MiB chunks.

Counting: the message carries one more file than the user's — the generated
``xjustiz_nachricht.xml`` — which counts toward the 1,000-file limit (``generated_files``).
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import BinaryIO, Protocol, runtime_checkable

from client.egvp.filetype import EXTENSIONS, HEAD_BYTES, FileKind, sniff
from client.egvp.names import (
    MAX_NAME_LENGTH,
    SIGNATURE_EXTENSIONS,
    NameProblem,
    is_allowed_char,
    name_problems,
    split_name,
    suggest_name,
)
from client.egvp.pdfscan import PdfFinding, PdfGap, PdfScanResult, scan_pdf
from profiles.scenarios import Limits

logger = logging.getLogger(__name__)

_CHUNK = 1 << 20


@runtime_checkable
class FileSource(Protocol):
    """A file to send: the name it will carry, its size, and its bytes on demand."""

    @property
    def name(self) -> str: ...

    @property
    def size(self) -> int: ...

    def open(self) -> BinaryIO: ...


@dataclass(frozen=True)
class PathSource:
    """A file on disk, optionally sent under another name (and, for a reopened draft, with the
    Dokumentklasse chosen before)."""

    path: Path
    send_name: str | None = None
    klasse: str | None = None

    @property
    def name(self) -> str:
        return self.send_name if self.send_name is not None else self.path.name

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    def open(self) -> BinaryIO:
        return self.path.open("rb")


@dataclass(frozen=True)
class BytesSource:
    """Bytes in memory (small generated files, tests)."""

    name: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    def open(self) -> BinaryIO:
        return io.BytesIO(self.data)


class RuleCode(IntEnum):
    """Which rule a violation breaks. Persisted values, never reused."""

    TOO_MANY_FILES = 1
    MESSAGE_TOO_LARGE = 2
    NAME_TOO_LONG = 3
    NAME_INVALID_CHARACTERS = 4
    NAME_SPACES = 5
    NAME_DOTS = 6
    NAME_RESERVED = 7
    NAME_DUPLICATE = 8
    TYPE_NOT_ALLOWED = 9
    TYPE_UNKNOWN = 10
    EXTENSION_MISMATCH = 11
    TIFF_WITHOUT_PDF = 12
    PDF_JAVASCRIPT = 13
    PDF_EMBEDDED_FILE = 14
    PDF_LAUNCH_ACTION = 15
    PDF_NOT_FULLY_CHECKED = 16
    FILE_UNREADABLE = 17
    FILE_EMPTY = 18
    SIGNATURE_WITHOUT_DOCUMENT = 19
    PDF_ENCRYPTED = 20


class Severity(IntEnum):
    ERROR = 1  # blocks sending
    WARNING = 2  # the user should look; sending stays possible


@dataclass(frozen=True)
class Violation:
    """One broken rule. ``file``/``index`` name the file (``None`` for the whole message)."""

    code: RuleCode
    severity: Severity
    file: str | None
    index: int | None
    text: str
    fix: str
    suggested_name: str | None = None


@dataclass(frozen=True)
class CheckedFile:
    name: str
    size: int | None
    kind: FileKind | None
    pdf: PdfScanResult | None = None


@dataclass(frozen=True)
class ErvReport:
    files: tuple[CheckedFile, ...]
    violations: tuple[Violation, ...]
    total_bytes: int

    @property
    def ok(self) -> bool:
        """``True`` when nothing blocks sending (warnings may remain)."""
        return not self.errors

    @property
    def errors(self) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if v.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if v.severity is Severity.WARNING)

    def codes(self, index: int | None) -> set[RuleCode]:
        """The rule codes reported for the file at ``index`` (``None``: the whole message)."""
        return {v.code for v in self.violations if v.index == index}

    def suggested_names(self) -> dict[int, str]:
        """File index → suggested name, for a one-click "rename all" in the GUI."""
        return {
            v.index: v.suggested_name
            for v in self.violations
            if v.index is not None and v.suggested_name
        }


def _mb(value: int) -> str:
    return f"{value / 1_000_000:.1f}".replace(".", ",") + " MB"


# ---------------------------------------------------------------- per-file inspection


@dataclass
class _Inspection:
    name: str
    size: int | None = None
    kind: FileKind | None = None
    pdf: PdfScanResult | None = None
    error: str | None = None


def _inspect(source: FileSource) -> _Inspection:
    result = _Inspection(name=source.name)
    try:
        result.size = source.size
        with source.open() as stream:
            head = stream.read(HEAD_BYTES)
            result.kind = sniff(head)
            if result.kind is FileKind.PDF:
                result.pdf = scan_pdf(stream, chunk_size=_CHUNK, prefix=head)
    except OSError as exc:
        logger.info("file %s could not be read for the ERV check: %s", source.name, exc)
        result.error = exc.strerror or type(exc).__name__
    return result


def _wanted_extension(inspection: _Inspection) -> str | None:
    """The extension the content calls for (``pdf``, ``tif``, ``pdf.p7s``); ``None`` if fine."""
    _, own = split_name(inspection.name)
    parts = own.lower().split(".") if own else []
    if inspection.kind is FileKind.PDF:
        return None if parts == ["pdf"] else "pdf"
    if inspection.kind is FileKind.TIFF:
        return None if len(parts) == 1 and parts[0] in EXTENSIONS[FileKind.TIFF] else "tif"
    if inspection.kind is FileKind.PKCS7:
        if len(parts) == 2 and parts[1] in SIGNATURE_EXTENSIONS:
            return None
        if parts and parts[-1] in SIGNATURE_EXTENSIONS:
            return f"pdf.{parts[-1]}"
        return f"{parts[-1] if parts else 'pdf'}.p7s"
    return None


# ---------------------------------------------------------------- texts

_NAME_TEXTS = {
    NameProblem.TOO_LONG: (
        RuleCode.NAME_TOO_LONG,
        "Der Dateiname ist länger als {max} Zeichen ({length} Zeichen).",
    ),
    NameProblem.SPACES: (RuleCode.NAME_SPACES, "Der Dateiname enthält Leerzeichen."),
    NameProblem.INVALID_CHARACTERS: (
        RuleCode.NAME_INVALID_CHARACTERS,
        "Der Dateiname enthält unzulässige Zeichen ({chars}). Erlaubt sind Buchstaben des "
        "deutschen Alphabets einschließlich ÄÖÜäöüß, Ziffern, Unterstrich und Bindestrich.",
    ),
    NameProblem.DOTS: (
        RuleCode.NAME_DOTS,
        "Der Dateiname muss genau einen Punkt vor der Dateiendung haben (Ausnahme: "
        "Signaturdateien wie „Antrag.pdf.p7s“).",
    ),
    NameProblem.RESERVED: (
        RuleCode.NAME_RESERVED,
        "Der Dateiname ist für das Programm bzw. den Herkunftsnachweis (VHN) reserviert.",
    ),
}

_PDF_TEXTS = {
    PdfFinding.JAVASCRIPT: (
        RuleCode.PDF_JAVASCRIPT,
        "Das PDF enthält JavaScript. PDF-Dokumente mit aktiven Inhalten sind im elektronischen "
        "Rechtsverkehr nicht zugelassen.",
        "Erzeugen Sie das PDF neu ohne Skripte (z. B. „Drucken als PDF“ oder als PDF/A speichern).",
    ),
    PdfFinding.EMBEDDED_FILE: (
        RuleCode.PDF_EMBEDDED_FILE,
        "Das PDF enthält eingebettete Dateien oder Medien.",
        "Entfernen Sie die eingebetteten Dateien und senden Sie sie – falls nötig – als eigene "
        "PDF-Dokumente.",
    ),
    PdfFinding.LAUNCH_ACTION: (
        RuleCode.PDF_LAUNCH_ACTION,
        "Das PDF enthält eine Aktion, die andere Programme oder Dateien starten kann.",
        "Erzeugen Sie das PDF neu (z. B. „Drucken als PDF“ oder als PDF/A speichern).",
    ),
    PdfFinding.ENCRYPTED: (
        RuleCode.PDF_ENCRYPTED,
        "Das PDF ist verschlüsselt oder mit Berechtigungen geschützt; Teile des Inhalts konnten "
        "nicht geprüft werden, und der Empfänger kann es womöglich nicht verarbeiten.",
        "Speichern Sie das PDF ohne Kennwort- und Berechtigungsschutz.",
    ),
}

_GAP_TEXTS = {
    PdfGap.OBJECT_STREAM_FILTER: "Objektstrom mit nicht unterstütztem Filter",
    PdfGap.OBJECT_STREAM_DAMAGED: "beschädigter oder verschlüsselter Objektstrom",
    PdfGap.INFLATE_LIMIT: "zu große komprimierte Daten",
    PdfGap.UNTERMINATED_STREAM: "unvollständige Dateistruktur",
}


def _rename_fix(suggestion: str | None) -> str:
    if suggestion:
        return f"Benennen Sie die Datei um, z. B. in „{suggestion}“."
    return "Benennen Sie die Datei um."


def _type_fix(kind: FileKind) -> str:
    if kind in (FileKind.ZIP, FileKind.OLE2, FileKind.RTF):
        return (
            "Wandeln Sie das Dokument in PDF um (z. B. „Speichern als PDF“ in der "
            "Textverarbeitung)."
        )
    if kind in (FileKind.JPEG, FileKind.PNG, FileKind.GIF):
        return "Fügen Sie das Bild in ein PDF ein (z. B. „Drucken als PDF“)."
    if kind is FileKind.XML:
        return (
            "Strukturierte Daten (xjustiz_nachricht.xml) erzeugt das Programm selbst; entfernen "
            "Sie die XML-Datei oder senden Sie ihren Inhalt als PDF."
        )
    if kind is FileKind.BIGTIFF:
        return "Speichern Sie das Bild als TIFF (Version 6) oder als PDF."
    return "Entfernen Sie die Datei; senden Sie Dokumente als PDF."


# ---------------------------------------------------------------- the check


class _Checker:
    def __init__(self, files: Sequence[FileSource], limits: Limits, generated_files: int) -> None:
        self.limits = limits
        self.generated_files = generated_files
        self.violations: list[Violation] = []
        self.inspections = [_inspect(f) for f in files]

    def add(
        self,
        code: RuleCode,
        index: int | None,
        text: str,
        fix: str,
        *,
        suggested_name: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        name = self.inspections[index].name if index is not None else None
        self.violations.append(Violation(code, severity, name, index, text, fix, suggested_name))

    def run(self) -> ErvReport:
        self._check_limits()
        suggestions = self._suggestions()
        for index, inspection in enumerate(self.inspections):
            self._check_file(index, inspection, suggestions.get(index))
        self._check_tiff_beside_pdf()
        self._check_duplicates(suggestions)
        self._check_signatures()
        return ErvReport(
            files=tuple(CheckedFile(i.name, i.size, i.kind, i.pdf) for i in self.inspections),
            violations=tuple(self.violations),
            total_bytes=self._total(),
        )

    def _total(self) -> int:
        return sum(i.size or 0 for i in self.inspections)

    # -------------------------------------------------------- message level

    def _check_limits(self) -> None:
        count = len(self.inspections) + self.generated_files
        if count > self.limits.max_files:
            self.add(
                RuleCode.TOO_MANY_FILES,
                None,
                f"Die Nachricht enthält {count} Dateien (einschließlich des Strukturdatensatzes "
                f"xjustiz_nachricht.xml); erlaubt sind höchstens {self.limits.max_files}.",
                "Teilen Sie die Dokumente auf mehrere Nachrichten auf und weisen Sie im Betreff "
                "auf den Zusammenhang hin (z. B. „Teil 1 von 2“).",
            )
        total = self._total()
        if total > self.limits.max_message_bytes:
            self.add(
                RuleCode.MESSAGE_TOO_LARGE,
                None,
                f"Die Dateien der Nachricht sind zusammen {_mb(total)} groß; erlaubt sind "
                f"höchstens {_mb(self.limits.max_message_bytes)}.",
                "Teilen Sie die Dokumente auf mehrere Nachrichten auf oder reichen Sie sie auf "
                "einem zugelassenen Datenträger ein (§ 3 ERVV).",
            )

    # -------------------------------------------------------- names

    def _suggestions(self) -> dict[int, str]:
        """A corrected name for every file whose name or extension is wrong, unique overall."""
        needs: dict[int, str | None] = {}
        seen: set[str] = set()
        for index, inspection in enumerate(self.inspections):
            key = inspection.name.casefold()
            wanted = _wanted_extension(inspection)
            if name_problems(inspection.name) or key in seen or wanted is not None:
                needs[index] = wanted
            seen.add(key)
        taken = {
            i.name.casefold() for index, i in enumerate(self.inspections) if index not in needs
        }
        result: dict[int, str] = {}
        for index, wanted in needs.items():
            suggestion = suggest_name(self.inspections[index].name, extension=wanted, taken=taken)
            taken.add(suggestion.casefold())
            result[index] = suggestion
        return result

    def _check_name(self, index: int, name: str, suggestion: str | None) -> None:
        for problem in name_problems(name):
            code, template = _NAME_TEXTS[problem]
            bad = sorted({c for c in name if not (c.isspace() or c == "." or is_allowed_char(c))})
            text = template.format(
                max=MAX_NAME_LENGTH, length=len(name), chars="„" + "".join(bad) + "“"
            )
            self.add(code, index, text, _rename_fix(suggestion), suggested_name=suggestion)

    # -------------------------------------------------------- content

    def _check_file(self, index: int, inspection: _Inspection, suggestion: str | None) -> None:
        self._check_name(index, inspection.name, suggestion)
        if inspection.error is not None:
            self.add(
                RuleCode.FILE_UNREADABLE,
                index,
                f"Die Datei kann nicht gelesen werden ({inspection.error}).",
                "Prüfen Sie, ob die Datei noch vorhanden ist und gelesen werden darf, und wählen "
                "Sie sie erneut aus.",
            )
            return
        kind = inspection.kind
        if kind is FileKind.EMPTY or inspection.size == 0:
            self.add(
                RuleCode.FILE_EMPTY,
                index,
                "Die Datei ist leer.",
                "Entfernen Sie die Datei oder wählen Sie die richtige Datei aus.",
            )
            return
        if kind is None or kind is FileKind.UNKNOWN:
            self.add(
                RuleCode.TYPE_UNKNOWN,
                index,
                "Der Dateiinhalt ist weder PDF noch TIFF; der Dateityp ist nicht erkennbar.",
                "Wandeln Sie das Dokument in PDF um (z. B. über „Drucken als PDF“).",
            )
            return
        if kind not in (FileKind.PDF, FileKind.TIFF, FileKind.PKCS7):
            self.add(
                RuleCode.TYPE_NOT_ALLOWED,
                index,
                f"Die Datei ist ein(e) {kind.label}. Im elektronischen Rechtsverkehr sind nur PDF "
                "und – ergänzend zu einem PDF – TIFF zugelassen.",
                _type_fix(kind),
            )
            return
        if _wanted_extension(inspection) is not None:
            self.add(
                RuleCode.EXTENSION_MISMATCH,
                index,
                f"Die Dateiendung passt nicht zum Inhalt: die Datei ist ein(e) {kind.label}.",
                _rename_fix(suggestion),
                suggested_name=suggestion,
            )
        if inspection.pdf is not None:
            self._check_pdf(index, inspection.pdf)

    def _check_pdf(self, index: int, scan: PdfScanResult) -> None:
        for finding, (code, text, fix) in _PDF_TEXTS.items():
            if finding in scan.findings:
                severity = Severity.WARNING if finding is PdfFinding.ENCRYPTED else Severity.ERROR
                self.add(code, index, text, fix, severity=severity)
        if scan.gaps:
            self.add(
                RuleCode.PDF_NOT_FULLY_CHECKED,
                index,
                "Das PDF konnte nicht vollständig auf aktive Inhalte geprüft werden ("
                + ", ".join(_GAP_TEXTS[g] for g in sorted(scan.gaps))
                + ").",
                "Öffnen Sie das PDF und prüfen Sie es; im Zweifel erzeugen Sie es neu als PDF/A.",
                severity=Severity.WARNING,
            )

    # -------------------------------------------------------- combinations

    def _check_tiff_beside_pdf(self) -> None:
        kinds = [i.kind for i in self.inspections]
        if FileKind.TIFF not in kinds or FileKind.PDF in kinds:
            return
        for index, inspection in enumerate(self.inspections):
            if inspection.kind is FileKind.TIFF:
                self.add(
                    RuleCode.TIFF_WITHOUT_PDF,
                    index,
                    "TIFF-Dateien sind nur ergänzend zu einem PDF-Dokument zulässig; die "
                    "Nachricht enthält kein PDF.",
                    "Fügen Sie das Dokument als PDF hinzu oder wandeln Sie die TIFF-Datei in PDF "
                    "um.",
                )

    def _check_duplicates(self, suggestions: dict[int, str]) -> None:
        seen: set[str] = set()
        for index, inspection in enumerate(self.inspections):
            key = inspection.name.casefold()
            if key in seen:
                suggestion = suggestions.get(index)
                self.add(
                    RuleCode.NAME_DUPLICATE,
                    index,
                    "Eine Datei mit diesem Namen ist bereits in der Nachricht.",
                    _rename_fix(suggestion),
                    suggested_name=suggestion,
                )
            seen.add(key)

    def _check_signatures(self) -> None:
        names = {i.name.casefold() for i in self.inspections}
        for index, inspection in enumerate(self.inspections):
            if inspection.kind is not FileKind.PKCS7:
                continue
            stem, ext = split_name(inspection.name)
            parts = ext.split(".")
            document = f"{stem}.{parts[0]}" if len(parts) == 2 else None
            if document is None or document.casefold() not in names:
                self.add(
                    RuleCode.SIGNATURE_WITHOUT_DOCUMENT,
                    index,
                    "Zu dieser Signaturdatei fehlt das signierte Dokument in der Nachricht "
                    "(erwartet z. B. „Antrag.pdf“ zu „Antrag.pdf.p7s“).",
                    "Fügen Sie das signierte Dokument hinzu oder entfernen Sie die Signaturdatei.",
                )


def check_outgoing(
    files: Sequence[FileSource | Path | str | os.PathLike[str]],
    limits: Limits,
    *,
    generated_files: int = 1,
) -> ErvReport:
    """Check all files of an outgoing message against the ERV rules; every violation at once.

    ``generated_files``: files the client adds itself (``xjustiz_nachricht.xml``); they count
    toward ``limits.max_files``.
    """
    sources: list[FileSource] = [
        f if isinstance(f, FileSource) else PathSource(Path(f)) for f in files
    ]
    return _Checker(sources, limits, generated_files).run()
