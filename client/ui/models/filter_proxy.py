"""Instant search and sorting over the message list.

The proxy filters with one substring test per row against the source's pre-built search texts
(all words must occur, like the store's full-text search), about 50 ms for 100,000 rows. A row
also shows when the store's full-text index found it (document names, recipients): the list asks
the index in a worker and hands the ids over with :meth:`set_index_hits`.
Sorting is handed to the source model, which sorts its Python list once; the default
``QSortFilterProxyModel`` sort would call ``data()`` twice per comparison.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from client.ui.models.message_table import MessageTableModel

Index = QModelIndex | QPersistentModelIndex


class MessageFilterProxy(QSortFilterProxyModel):
    def __init__(self, source: MessageTableModel, parent: Any = None) -> None:
        super().__init__(parent)
        self._source = source
        self._words: tuple[str, ...] = ()
        self._index_hits: frozenset[int] = frozenset()
        self.setSourceModel(source)

    @property
    def search_text(self) -> str:
        return " ".join(self._words)

    def set_search(self, text: str) -> None:
        words = tuple(text.casefold().split())
        if words == self._words:
            return
        self._words = words
        self._index_hits = frozenset()  # they belonged to the previous text
        # invalidate() drops the mapping and emits one layout change; the finer
        # endFilterChange() emits a removal per gap, which costs ~0.4 s when a filter hides
        # every other row of 100,000.
        self.invalidate()

    def set_index_hits(self, message_ids: frozenset[int]) -> None:
        """Messages the full-text index found for the current text; shown as well."""
        if message_ids == self._index_hits:
            return
        self._index_hits = message_ids
        self.invalidate()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        words = self._words
        if not words:
            return True
        hay = self._source.haystacks[source_row]
        for word in words:
            if word not in hay:
                return bool(self._index_hits) and self._source.id_at(source_row) in self._index_hits
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._source.sort(column, order)
