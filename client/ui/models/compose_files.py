"""The documents of a message being composed: file, name it will carry, Dokumentklasse, and
the ERV problems the live check found for it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from client.egvp import DOKUMENTKLASSEN, ErvReport, PathSource, Severity
from client.egvp.codes import DEFAULT_DOKUMENTKLASSE
from client.ui.formatting import format_size
from client.ui.i18n import QT_TRANSLATE_NOOP

Index = QModelIndex | QPersistentModelIndex

COL_NAME, COL_KLASSE, COL_SIZE, COL_CHECK = range(4)
KlasseCodeRole = Qt.ItemDataRole.UserRole + 1

_HEADERS = (
    QT_TRANSLATE_NOOP("ComposeFilesModel", "Dokument (Name beim Versand)"),
    QT_TRANSLATE_NOOP("ComposeFilesModel", "Dokumentklasse"),
    QT_TRANSLATE_NOOP("ComposeFilesModel", "Größe"),
    QT_TRANSLATE_NOOP("ComposeFilesModel", "Prüfung"),
)
_KLASSE_LABELS = {k.code: k.label for k in DOKUMENTKLASSEN}
_RED = QColor("#b3261e")
_AMBER = QColor("#8a5a00")
_GREEN = QColor("#1b6e2a")


@dataclass(frozen=True)
class ComposeFile:
    path: Path
    send_name: str
    klasse: str = DEFAULT_DOKUMENTKLASSE
    size: int = 0

    @property
    def source(self) -> PathSource:
        return PathSource(self.path, self.send_name)


class ComposeFilesModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._files: list[ComposeFile] = []
        self._report: ErvReport | None = None

    # ------------------------------------------------------------ content

    @property
    def files(self) -> tuple[ComposeFile, ...]:
        return tuple(self._files)

    def add(self, files: Sequence[ComposeFile]) -> None:
        if not files:
            return
        first = len(self._files)
        self.beginInsertRows(QModelIndex(), first, first + len(files) - 1)
        self._files.extend(files)
        self._report = None
        self.endInsertRows()

    def remove(self, rows: Sequence[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self._files):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._files[row]
                self.endRemoveRows()
        self._report = None

    def rename(self, row: int, name: str) -> None:
        self._files[row] = replace(self._files[row], send_name=name)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(_HEADERS) - 1))

    def set_report(self, report: ErvReport | None) -> None:
        self._report = report
        if self._files:
            last = len(self._files) - 1
            self.dataChanged.emit(self.index(0, COL_CHECK), self.index(last, COL_CHECK))

    def problems(self, row: int) -> list[str]:
        if self._report is None:
            return []
        return [v.text for v in self._report.violations if v.index == row]

    # ------------------------------------------------------------ Qt model API

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._files)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(_HEADERS):
            return self.tr(_HEADERS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (COL_NAME, COL_KLASSE):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._files):
            return None
        file = self._files[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(index.row(), file, column)
        if role == Qt.ItemDataRole.EditRole:
            if column == COL_NAME:
                return file.send_name
            if column == COL_KLASSE:
                return file.klasse
        if role == KlasseCodeRole:
            return file.klasse
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_CHECK:
                return "\n".join(self.problems(index.row())) or None
            if column == COL_NAME:
                return str(file.path)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_CHECK:
            return QBrush(self._check_colour(index.row()))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row, column = index.row(), index.column()
        if column == COL_NAME and isinstance(value, str) and value.strip():
            self._files[row] = replace(self._files[row], send_name=value.strip())
        elif column == COL_KLASSE and value in _KLASSE_LABELS:
            self._files[row] = replace(self._files[row], klasse=str(value))
        else:
            return False
        self.dataChanged.emit(index, index)
        return True

    def _display(self, row: int, file: ComposeFile, column: int) -> str | None:
        if column == COL_NAME:
            return file.send_name
        if column == COL_KLASSE:
            return _KLASSE_LABELS.get(file.klasse, file.klasse)
        if column == COL_SIZE:
            return format_size(file.size)
        if column == COL_CHECK:
            if self._report is None:
                return self.tr("wird geprüft …")
            found = [v for v in self._report.violations if v.index == row]
            if not found:
                return self.tr("in Ordnung")
            errors = sum(v.severity is Severity.ERROR for v in found)
            if errors:
                return self.tr("{n} Problem(e)").format(n=len(found))
            return self.tr("{n} Hinweis(e)").format(n=len(found))
        return None

    def _check_colour(self, row: int) -> QColor:
        if self._report is None:
            return _AMBER
        found = [v for v in self._report.violations if v.index == row]
        if any(v.severity is Severity.ERROR for v in found):
            return _RED
        return _AMBER if found else _GREEN
