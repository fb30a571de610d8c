"""Directory search results and the favourites, as models for the recipient search."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from client.core.directory import ROLE_BEBPO, DirectoryHit, RoleState
from client.core.favourites import Favourite
from client.ui.i18n import QT_TRANSLATE_NOOP

Index = QModelIndex | QPersistentModelIndex

COL_ORGANISATION, COL_NAME, COL_ORT, COL_PLZ, COL_LAND, COL_SAFE_ID, COL_ROLE = range(7)
SafeIdRole = Qt.ItemDataRole.UserRole + 1

_HEADERS = (
    QT_TRANSLATE_NOOP("DirectoryTableModel", "Organisation"),
    QT_TRANSLATE_NOOP("DirectoryTableModel", "Name"),
    QT_TRANSLATE_NOOP("DirectoryTableModel", "Ort"),
    QT_TRANSLATE_NOOP("DirectoryTableModel", "PLZ"),
    QT_TRANSLATE_NOOP("DirectoryTableModel", "Land"),
    QT_TRANSLATE_NOOP("DirectoryTableModel", "SAFE-ID"),
    QT_TRANSLATE_NOOP("DirectoryTableModel", "Rolle"),
)


class DirectoryTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[DirectoryHit] = []

    def set_hits(self, hits: Sequence[DirectoryHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> DirectoryHit:
        return self._hits[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._hits)

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
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._display(hit, index.column())
        if role == SafeIdRole:
            return hit.safe_id
        return None

    def _display(self, hit: DirectoryHit, column: int) -> str | None:
        card = hit.visitenkarte
        values = {
            COL_ORGANISATION: card.organisation,
            COL_NAME: " ".join(p for p in (card.vorname, card.name) if p),
            COL_ORT: card.ort,
            COL_PLZ: card.postleitzahl,
            COL_LAND: card.land,
            COL_SAFE_ID: hit.safe_id,
        }
        if column == COL_ROLE:
            return self._role(hit)
        return values.get(column)

    def _role(self, hit: DirectoryHit) -> str:
        texts = []
        for role in hit.roles:
            if role.role_id == ROLE_BEBPO:
                confirmed = role.state is RoleState.CONFIRMED
                texts.append(
                    self.tr("beBPo (bestätigt)") if confirmed else self.tr("beBPo (unbestätigt)")
                )
            elif role.role_id == "egvp_justiz":
                texts.append(self.tr("Justiz"))
            else:
                texts.append(role.role_id)
        return ", ".join(texts)


class FavouritesModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._favourites: list[Favourite] = []

    def set_favourites(self, favourites: Sequence[Favourite]) -> None:
        self.beginResetModel()
        self._favourites = list(favourites)
        self.endResetModel()

    def favourite(self, row: int) -> Favourite:
        return self._favourites[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._favourites)

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._favourites):
            return None
        favourite = self._favourites[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                f"{favourite.display_name} – {favourite.ort}"
                if favourite.ort
                else (favourite.display_name)
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            return favourite.safe_id
        if role == SafeIdRole:
            return favourite.safe_id
        return None
