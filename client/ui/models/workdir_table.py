"""The working directories as a table model (house rule 6)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from client.ui.i18n import QT_TRANSLATE_NOOP
from profiles.workdirs import WorkdirSummary

Index = QModelIndex | QPersistentModelIndex

COL_TITLE, COL_IDS, COL_STATE, COL_PATH = range(4)
NameRole = Qt.ItemDataRole.UserRole + 1


class WorkdirTableModel(QAbstractTableModel):
    _HEADERS = (
        QT_TRANSLATE_NOOP("WorkdirTableModel", "Postfach / Szenario"),
        QT_TRANSLATE_NOOP("WorkdirTableModel", "Konfigurations-ID"),
        QT_TRANSLATE_NOOP("WorkdirTableModel", "Zustand"),
        QT_TRANSLATE_NOOP("WorkdirTableModel", "Ordner"),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[WorkdirSummary] = []

    def set_rows(self, rows: list[WorkdirSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def summary(self, row: int) -> WorkdirSummary:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self._HEADERS):
            return self.tr(self._HEADERS[section])
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == NameRole:
            return row.workdir.name
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._display(row, index.column())
        return None

    def _display(self, row: WorkdirSummary, column: int) -> str | None:
        scenario = row.workdir.scenario
        if column == COL_TITLE:
            return scenario.title
        if column == COL_IDS:
            return ", ".join(scenario.configuration_ids)
        if column == COL_STATE:
            state = self.tr("Bereit") if row.ready else self.tr("Dateien fehlen")
            if row.open_by is not None:
                state += self.tr(" – geöffnet (PID {pid})").format(pid=row.open_by.pid)
            return state
        if column == COL_PATH:
            return str(row.workdir.paths.root)
        return None
