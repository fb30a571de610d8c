"""The quarantine: documents of all messages whose latest scan is not OK."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from client.ui.details import QuarantineEntry
from client.ui.formatting import format_datetime, format_size
from client.ui.i18n import QT_TRANSLATE_NOOP
from client.ui.icons import icon, scan_icon_name
from client.ui.models.document_table import scan_text

Index = QModelIndex | QPersistentModelIndex

COL_NAME, COL_STATE, COL_MESSAGE, COL_SENDER, COL_SCANNED, COL_SIZE = range(6)
AttachmentIdRole = Qt.ItemDataRole.UserRole + 1

_HEADERS = (
    QT_TRANSLATE_NOOP("QuarantineTableModel", "Datei"),
    QT_TRANSLATE_NOOP("QuarantineTableModel", "Befund"),
    QT_TRANSLATE_NOOP("QuarantineTableModel", "Nachricht"),
    QT_TRANSLATE_NOOP("QuarantineTableModel", "Absender"),
    QT_TRANSLATE_NOOP("QuarantineTableModel", "Geprüft"),
    QT_TRANSLATE_NOOP("QuarantineTableModel", "Größe"),
)


class QuarantineTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[QuarantineEntry] = []

    def set_entries(self, entries: Sequence[QuarantineEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> QuarantineEntry:
        return self._entries[row]

    def row_of(self, attachment_id: int) -> int | None:
        for position, entry in enumerate(self._entries):
            if entry.attachment.id == attachment_id:
                return position
        return None

    def update_entry(self, entry: QuarantineEntry) -> None:
        row = self.row_of(entry.attachment.id)
        if row is None:
            return
        self._entries[row] = entry
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(_HEADERS) - 1))

    def remove_entry(self, attachment_id: int) -> None:
        row = self.row_of(attachment_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._entries[row]
        self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._entries)

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
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._display(entry, column)
        if role == Qt.ItemDataRole.DecorationRole and column == COL_STATE:
            return icon(scan_icon_name(entry.attachment.scan_state))
        if role == AttachmentIdRole:
            return entry.attachment.id
        return None

    def _display(self, entry: QuarantineEntry, column: int) -> str | None:
        attachment, scan = entry.attachment, entry.latest_scan
        if column == COL_NAME:
            return attachment.safe_name or attachment.original_name
        if column == COL_STATE:
            return scan_text(attachment, scan.signature if scan else "")
        if column == COL_MESSAGE:
            return entry.betreff
        if column == COL_SENDER:
            return entry.sender
        if column == COL_SCANNED:
            if scan is None:
                return ""
            return f"{format_datetime(scan.scanned_at)} ({scan.engine})"
        if column == COL_SIZE:
            return format_size(attachment.size)
        return None
