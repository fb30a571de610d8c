"""The message list as a table model (house rule 6).

Built for 100,000 rows: the rows are the store's :class:`MessageSummary` objects, loaded in a
worker in pieces (:meth:`MessageTableModel.set_rows` for the first page, then
:meth:`append_rows`); nothing here touches the database, and ``data()`` only formats the few
rows on screen. The search text of every row (:func:`haystack`) is built in the worker too, so
filtering is a substring test per row. Sorting happens here in Python (one ``list.sort``),
because a proxy sorting 100,000 rows by calling ``data()`` per comparison takes seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from client.store import Direction, Folder, MessageSummary, ScanState, Verdict
from client.ui.formatting import format_datetime, format_size
from client.ui.i18n import QT_TRANSLATE_NOOP
from client.ui.icons import icon, scan_icon_name, verdict_icon_name

Index = QModelIndex | QPersistentModelIndex

(
    COL_SIGNATURE,
    COL_EEB,
    COL_SCAN,
    COL_PARTY,
    COL_BETREFF,
    COL_AKTENZEICHEN,
    COL_DATE,
    COL_SIZE,
) = range(8)
COLUMN_COUNT = 8
ICON_COLUMNS = (COL_SIGNATURE, COL_EEB, COL_SCAN)
MessageIdRole = Qt.ItemDataRole.UserRole + 1

_HEADERS = {
    COL_SIGNATURE: "",
    COL_EEB: "",
    COL_SCAN: "",
    COL_BETREFF: QT_TRANSLATE_NOOP("MessageTableModel", "Betreff"),
    COL_AKTENZEICHEN: QT_TRANSLATE_NOOP("MessageTableModel", "Aktenzeichen"),
    COL_SIZE: QT_TRANSLATE_NOOP("MessageTableModel", "Größe"),
}
_HEADER_TIPS = {
    COL_SIGNATURE: QT_TRANSLATE_NOOP("MessageTableModel", "Signatur und VHN"),
    COL_EEB: QT_TRANSLATE_NOOP("MessageTableModel", "eEB angefordert"),
    COL_SCAN: QT_TRANSLATE_NOOP("MessageTableModel", "Virenprüfung der Dokumente"),
}


def is_outgoing_folder(folder: Folder) -> bool:
    return folder in (Folder.POSTAUSGANG, Folder.GESENDET, Folder.ENTWUERFE)


def party(row: MessageSummary) -> str:
    """The other side: the sender of an incoming message, the recipient of an outgoing one."""
    return row.sender if row.direction is Direction.INCOMING else row.recipient


def haystack(row: MessageSummary) -> str:
    """What the instant search looks in (case-folded once, in the worker)."""
    return f"{party(row)}\n{row.betreff}\n{row.aktenzeichen}".casefold()


def row_size(row: MessageSummary) -> int | None:
    # The store's summary has no size yet; a service may return rows that carry one.
    size = getattr(row, "size", None)
    return size if isinstance(size, int) else None


def scan_state(row: MessageSummary) -> ScanState:
    """The list's scan badge: quarantined documents, otherwise clean (or nothing to scan)."""
    if row.direction is Direction.OUTGOING or row.attachment_count == 0:
        return ScanState.UNSCANNED
    return ScanState.OK if row.quarantined_count == 0 else ScanState.INDETERMINATE


def _sort_key(column: int) -> Callable[[MessageSummary], Any]:
    keys: dict[int, Callable[[MessageSummary], Any]] = {
        COL_SIGNATURE: lambda r: (int(r.signature_verdict), int(r.vhn_verdict)),
        COL_EEB: lambda r: r.eeb_requested,
        COL_SCAN: lambda r: r.quarantined_count,
        COL_PARTY: lambda r: party(r).casefold(),
        COL_BETREFF: lambda r: r.betreff.casefold(),
        COL_AKTENZEICHEN: lambda r: r.aktenzeichen.casefold(),
        COL_DATE: lambda r: r.date.timestamp() if r.date else 0.0,
        COL_SIZE: lambda r: row_size(r) or 0,
    }
    return keys[column]


class MessageTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.folder = Folder.POSTEINGANG
        self._rows: list[MessageSummary] = []
        self.haystacks: list[str] = []  # parallel to the rows; read by the filter proxy
        self._row_by_id: dict[int, int] | None = None
        self.sort_column = COL_DATE
        self.sort_order = Qt.SortOrder.DescendingOrder
        self._bold = QFont()
        self._bold.setBold(True)

    # ------------------------------------------------------------ loading

    def set_rows(
        self, folder: Folder, rows: Sequence[MessageSummary], haystacks: Sequence[str]
    ) -> None:
        """Replace everything (a folder was opened); rows arrive newest first."""
        self.beginResetModel()
        self.folder = folder
        self._rows = list(rows)
        self.haystacks = list(haystacks)
        self._row_by_id = None
        self._resort_in_place()
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, COL_PARTY, COL_PARTY)

    def append_rows(self, rows: Sequence[MessageSummary], haystacks: Sequence[str]) -> None:
        """More rows of the same folder (the background load goes on)."""
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.haystacks.extend(haystacks)
        self._row_by_id = None
        self.endInsertRows()
        if not self._default_order():
            self.sort(self.sort_column, self.sort_order)

    def update_row(self, row: MessageSummary) -> None:
        """One row changed (e.g. read); the view repaints only it."""
        position = self.row_of(row.id)
        if position is None:
            return
        self._rows[position] = row
        self.haystacks[position] = haystack(row)
        self.dataChanged.emit(self.index(position, 0), self.index(position, COLUMN_COUNT - 1))

    def mark_seen(self, message_id: int) -> None:
        position = self.row_of(message_id)
        if position is None or self._rows[position].seen:
            return
        self.update_row(replace(self._rows[position], seen=True))

    def summary(self, row: int) -> MessageSummary:
        return self._rows[row]

    def id_at(self, row: int) -> int:
        return self._rows[row].id

    def row_of(self, message_id: int) -> int | None:
        if self._row_by_id is None:
            self._row_by_id = {r.id: i for i, r in enumerate(self._rows)}
        return self._row_by_id.get(message_id)

    # ------------------------------------------------------------ sorting

    def _default_order(self) -> bool:
        return self.sort_column == COL_DATE and self.sort_order == Qt.SortOrder.DescendingOrder

    def _resort_in_place(self) -> None:
        if self._default_order():
            return  # the store delivers newest first
        self._apply_order(self._ordered_positions())

    def _ordered_positions(self) -> list[int]:
        key = _sort_key(self.sort_column)
        date_key = _sort_key(COL_DATE)
        rows = self._rows
        # Ties keep a date order: sort by date first, then (stable) by the column.
        positions = sorted(range(len(rows)), key=lambda i: date_key(rows[i]))
        positions.sort(key=lambda i: key(rows[i]))
        if self.sort_order == Qt.SortOrder.DescendingOrder:
            positions.reverse()
        return positions

    def _apply_order(self, positions: list[int]) -> None:
        self._rows = [self._rows[i] for i in positions]
        self.haystacks = [self.haystacks[i] for i in positions]
        self._row_by_id = None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < COLUMN_COUNT:
            return
        self.layoutAboutToBeChanged.emit()
        old_ids = [r.id for r in self._rows]
        self.sort_column, self.sort_order = column, order
        self._apply_order(self._ordered_positions())
        self._move_persistent(old_ids)
        self.layoutChanged.emit()

    def _move_persistent(self, old_ids: list[int]) -> None:
        persistent = self.persistentIndexList()
        if not persistent:
            return
        new_rows = {r.id: i for i, r in enumerate(self._rows)}
        targets = [
            self.index(new_rows[old_ids[p.row()]], p.column())
            if 0 <= p.row() < len(old_ids)
            else QModelIndex()
            for p in persistent
        ]
        self.changePersistentIndexList(persistent, targets)

    # ------------------------------------------------------------ Qt model API

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._header(section)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = _HEADER_TIPS.get(section)
            return self.tr(tip) if tip else self._header(section)
        if role == Qt.ItemDataRole.DecorationRole and section in ICON_COLUMNS:
            return icon({COL_SIGNATURE: "sig-valid", COL_EEB: "eeb", COL_SCAN: "scan-ok"}[section])
        return None

    def _header(self, section: int) -> str:
        if section == COL_PARTY:
            return self.tr("Empfänger") if is_outgoing_folder(self.folder) else self.tr("Absender")
        if section == COL_DATE:
            return self.tr("Datum") if is_outgoing_folder(self.folder) else self.tr("Eingang")
        text = _HEADERS.get(section, "")
        return self.tr(text) if text else ""

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        position = index.row()
        if not 0 <= position < len(self._rows):
            return None
        row = self._rows[position]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._decoration(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.FontRole:
            return None if row.seen else self._bold
        if role == MessageIdRole:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: MessageSummary, column: int) -> str | None:
        if column == COL_PARTY:
            return party(row)
        if column == COL_BETREFF:
            return row.betreff or self.tr("(ohne Betreff)")
        if column == COL_AKTENZEICHEN:
            return row.aktenzeichen
        if column == COL_DATE:
            return format_datetime(row.date)
        if column == COL_SIZE:
            return format_size(row_size(row))
        return None

    def _decoration(self, row: MessageSummary, column: int) -> Any:
        if column == COL_SIGNATURE and row.direction is Direction.INCOMING:
            return icon(verdict_icon_name(row.signature_verdict, row.vhn_verdict))
        if column == COL_EEB and row.eeb_requested:
            return icon("eeb")
        if column == COL_SCAN and row.attachment_count and row.direction is Direction.INCOMING:
            return icon(scan_icon_name(scan_state(row)))
        return None

    def _tooltip(self, row: MessageSummary, column: int) -> str | None:
        if column == COL_SIGNATURE and row.direction is Direction.INCOMING:
            return self.tr("Signatur: {sig} · VHN: {vhn}").format(
                sig=self._verdict_text(row.signature_verdict),
                vhn=self._verdict_text(row.vhn_verdict),
            )
        if column == COL_EEB and row.eeb_requested:
            return self.tr("Das Gericht bittet um ein elektronisches Empfangsbekenntnis (eEB).")
        if column == COL_SCAN and row.attachment_count and row.direction is Direction.INCOMING:
            if row.quarantined_count:
                return self.tr("{n} Dokument(e) in Quarantäne").format(n=row.quarantined_count)
            return self.tr("Alle Dokumente geprüft: virenfrei")
        if column in (COL_BETREFF, COL_PARTY):
            return self._display(row, column)
        return None

    def _verdict_text(self, verdict: Verdict) -> str:
        return {
            Verdict.VALID: self.tr("gültig"),
            Verdict.INVALID: self.tr("ungültig"),
            Verdict.UNKNOWN: self.tr("nicht entscheidbar"),
            Verdict.UNCHECKED: self.tr("nicht geprüft"),
        }[verdict]
