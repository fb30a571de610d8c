"""The folder tree: the mailbox as the root, its folders below with unread counts.

Quarantäne is not a store folder: it lists the quarantined attachments of all messages, so its
key is :data:`QUARANTINE` and its count the number of quarantined documents.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from client.store import Folder
from client.ui.i18n import QT_TRANSLATE_NOOP

Index = QModelIndex | QPersistentModelIndex
QUARANTINE = "quarantine"
FolderKey = Folder | str
FolderRole = Qt.ItemDataRole.UserRole + 1

FOLDERS: tuple[FolderKey, ...] = (
    Folder.POSTEINGANG,
    Folder.POSTAUSGANG,
    Folder.GESENDET,
    Folder.ENTWUERFE,
    Folder.PAPIERKORB,
    QUARANTINE,
)
_LABELS: dict[FolderKey, str] = {
    Folder.POSTEINGANG: QT_TRANSLATE_NOOP("FolderTreeModel", "Posteingang"),
    Folder.POSTAUSGANG: QT_TRANSLATE_NOOP("FolderTreeModel", "Postausgang"),
    Folder.GESENDET: QT_TRANSLATE_NOOP("FolderTreeModel", "Gesendet"),
    Folder.ENTWUERFE: QT_TRANSLATE_NOOP("FolderTreeModel", "Entwürfe"),
    Folder.PAPIERKORB: QT_TRANSLATE_NOOP("FolderTreeModel", "Papierkorb"),
    QUARANTINE: QT_TRANSLATE_NOOP("FolderTreeModel", "Quarantäne"),
}
_ROOT_ID = 0  # internalId of the mailbox row; folder rows carry their position + 1


class FolderTreeModel(QAbstractItemModel):
    def __init__(self, title: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.title = title
        self._counts: dict[FolderKey, tuple[int, int]] = dict.fromkeys(FOLDERS, (0, 0))
        self._bold = QFont()
        self._bold.setBold(True)

    def set_counts(self, counts: Mapping[Folder, tuple[int, int]], quarantined: int) -> None:
        for folder in FOLDERS:
            if isinstance(folder, Folder):
                self._counts[folder] = counts.get(folder, (0, 0))
        self._counts[QUARANTINE] = (quarantined, quarantined)
        root = self.index(0, 0)
        self.dataChanged.emit(self.index(0, 0, root), self.index(len(FOLDERS) - 1, 0, root))

    def counts(self, folder: FolderKey) -> tuple[int, int]:
        return self._counts[folder]

    def badge(self, folder: FolderKey) -> int:
        """The number after the name: unread in the Posteingang, waiting messages in the
        Postausgang and Entwürfe, documents in Quarantäne; none for Gesendet and Papierkorb."""
        total, unseen = self._counts[folder]
        if folder == Folder.POSTEINGANG:
            return unseen
        if folder in (Folder.POSTAUSGANG, Folder.ENTWUERFE, QUARANTINE):
            return total
        return 0

    def label(self, folder: FolderKey) -> str:
        return self.tr(_LABELS[folder])

    def folder_index(self, folder: FolderKey) -> QModelIndex:
        return self.index(FOLDERS.index(folder), 0, self.index(0, 0))

    # ------------------------------------------------------------ Qt model API

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _ROOT_ID) if row == 0 else QModelIndex()
        if parent.internalId() == _ROOT_ID and 0 <= row < len(FOLDERS):
            return self.createIndex(row, 0, row + 1)
        return QModelIndex()

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == _ROOT_ID:
            return QModelIndex()
        return self.createIndex(0, 0, _ROOT_ID)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return 1
        if parent.column() == 0 and parent.internalId() == _ROOT_ID:
            return len(FOLDERS)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _ROOT_ID:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return self.title
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
            return None
        folder = FOLDERS[index.row()]
        total, unseen = self._counts[folder]
        shown = self.badge(folder)
        if role == Qt.ItemDataRole.DisplayRole:
            label = self.label(folder)
            return f"{label} ({shown})" if shown else label
        if role == Qt.ItemDataRole.ToolTipRole:
            if folder == QUARANTINE:
                return self.tr("{n} Dokument(e) in Quarantäne").format(n=total)
            return self.tr("{total} Nachricht(en), davon {unseen} ungelesen").format(
                total=total, unseen=unseen
            )
        if role == Qt.ItemDataRole.FontRole and shown:
            return self._bold
        if role == FolderRole:
            return folder
        return None
