"""The message list of one folder with its instant search.

Loading a folder: the first page (newest :data:`FIRST_PAGE` rows) comes from a worker and is
shown at once; the rest follows in pieces of :data:`CHUNK` rows, appended while the user can
already read, search and sort. A newer folder request makes older pieces void.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QLocale, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from client.store import Folder, MessageSummary
from client.ui.errors import show_error
from client.ui.models.filter_proxy import MessageFilterProxy
from client.ui.models.message_table import (
    COL_AKTENZEICHEN,
    COL_BETREFF,
    COL_DATE,
    COL_PARTY,
    COL_SIZE,
    ICON_COLUMNS,
    MessageIdRole,
    MessageTableModel,
    haystack,
)
from client.ui.services import MailboxService
from client.ui.workers import run_in_background

FIRST_PAGE = 500
CHUNK = 25_000
INDEX_DELAY_MS = 200  # typing pauses this long before the full-text index is asked

log = logging.getLogger(__name__)

Loaded = tuple[list[MessageSummary], list[str]]


def _load(service: MailboxService, folder: Folder, offset: int, limit: int | None) -> Loaded:
    """Runs in a worker: the rows and their search texts."""
    rows = list(service.list_messages(folder, offset=offset, limit=limit))
    return rows, [haystack(r) for r in rows]


class MessageList(QWidget):
    message_selected = Signal(object)  # int message id, or None
    loading_finished = Signal(int)  # rows in the folder
    first_page_shown = Signal(int)

    def __init__(self, service: MailboxService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.folder: Folder | None = None
        self.loading = False
        self._generation = 0

        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setPlaceholderText(
            self.tr("Suchen in Absender, Betreff, Aktenzeichen, Dokumenten …")
        )
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count")
        self.count_label.setStyleSheet("color: #555;")

        self.model = MessageTableModel(self)
        self.proxy = MessageFilterProxy(self.model, self)
        self.view = QTableView(self)
        self.view.setObjectName("messages")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.view.verticalHeader()
        vertical.hide()
        # Fixed row heights: the view never measures 100,000 rows.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSortIndicator(COL_DATE, Qt.SortOrder.DescendingOrder)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column in ICON_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, 30)
        header.setSectionResizeMode(COL_BETREFF, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(COL_PARTY, 220)
        header.resizeSection(COL_AKTENZEICHEN, 140)
        header.resizeSection(COL_DATE, 132)
        header.resizeSection(COL_SIZE, 76)
        self.view.setSortingEnabled(True)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view)

        self._index_timer = QTimer(self)
        self._index_timer.setSingleShot(True)
        self._index_timer.setInterval(INDEX_DELAY_MS)
        self._index_timer.timeout.connect(self._ask_index)

        self.search.textChanged.connect(self._on_search_changed)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_changed)

    # ------------------------------------------------------------ loading

    def load_folder(self, folder: Folder) -> None:
        self._generation += 1
        generation = self._generation
        self.folder = folder
        self.loading = True
        self.count_label.setText(self.tr("Wird geladen …"))
        service = self.service
        run_in_background(
            lambda: _load(service, folder, 0, FIRST_PAGE),
            lambda loaded: self._first_page(generation, folder, loaded),
            lambda exc: self._failed(generation, exc),
        )

    def reload(self) -> None:
        """The folder again (after a fetch or send), keeping the selected message if present."""
        if self.folder is not None:
            self.load_folder(self.folder)

    def _first_page(self, generation: int, folder: Folder, loaded: Loaded) -> None:
        if generation != self._generation:
            return
        selected = self.selected_id()
        rows, haystacks = loaded
        self.model.set_rows(folder, rows, haystacks)
        if selected is not None:
            self.select_message(selected)
        self.first_page_shown.emit(len(rows))
        if self.search.text().split():
            self._index_timer.start()
        if len(rows) < FIRST_PAGE:
            self._finished()
        else:
            self._load_more(generation, folder, len(rows))

    def _load_more(self, generation: int, folder: Folder, offset: int) -> None:
        self._update_count()
        service = self.service
        run_in_background(
            lambda: _load(service, folder, offset, CHUNK),
            lambda loaded: self._more(generation, folder, offset, loaded),
            lambda exc: self._failed(generation, exc),
        )

    def _more(self, generation: int, folder: Folder, offset: int, loaded: Loaded) -> None:
        if generation != self._generation:
            return
        rows, haystacks = loaded
        self.model.append_rows(rows, haystacks)
        if len(rows) < CHUNK:
            self._finished()
        else:
            self._load_more(generation, folder, offset + len(rows))

    def _finished(self) -> None:
        self.loading = False
        self._update_count()
        self.loading_finished.emit(self.model.rowCount())

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.loading = False
        self._update_count()
        show_error(self, exc)

    def _update_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        text = (
            self.tr("{n} Nachrichten").format(n=_number(total))
            if shown == total
            else self.tr("{shown} von {total}").format(shown=_number(shown), total=_number(total))
        )
        if self.loading:
            text += " " + self.tr("(weitere werden geladen …)")
        self.count_label.setText(text)

    # ------------------------------------------------------------ search and selection

    def _on_search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()
        self._index_timer.start()

    def _ask_index(self) -> None:
        """The store's full-text index also knows document names and recipients; its hits
        join the instant filter when they arrive (if the text and folder are still the same)."""
        text, folder = self.search.text(), self.folder
        if folder is None or not text.split():
            return
        service = self.service
        run_in_background(
            lambda: frozenset(service.search_ids(text, folder)),
            lambda ids: self._index_answered(text, folder, ids),
            lambda exc: log.warning("Full-text search failed: %s", type(exc).__name__),
        )

    def _index_answered(self, text: str, folder: Folder, ids: frozenset[int]) -> None:
        if text != self.search.text() or folder != self.folder:
            return
        self.proxy.set_index_hits(ids)
        self._update_count()

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.message_selected.emit(current.data(MessageIdRole) if current.isValid() else None)

    def selected_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        value = rows[0].data(MessageIdRole)
        return int(value) if value is not None else None

    def selected_ids(self) -> list[int]:
        """Every selected message (several with Shift/Ctrl), in display order."""
        rows = sorted(self.view.selectionModel().selectedRows(), key=lambda i: i.row())
        return [int(i.data(MessageIdRole)) for i in rows if i.data(MessageIdRole) is not None]

    def selected_summary(self) -> MessageSummary | None:
        message_id = self.selected_id()
        if message_id is None:
            return None
        row = self.model.row_of(message_id)
        return self.model.summary(row) if row is not None else None

    def select_message(self, message_id: int) -> bool:
        row = self.model.row_of(message_id)
        if row is None:
            return False
        proxy_index = self.proxy.mapFromSource(self.model.index(row, COL_BETREFF))
        if not proxy_index.isValid():
            return False
        self.view.setCurrentIndex(proxy_index)
        self.view.selectRow(proxy_index.row())
        self.view.scrollTo(proxy_index)
        return True

    def visible_ids(self) -> Sequence[int]:
        """The message ids in display order (for tests and keyboard navigation)."""
        return [
            int(self.proxy.index(row, 0).data(MessageIdRole))
            for row in range(self.proxy.rowCount())
        ]


def _number(value: int) -> str:
    return QLocale().toString(value)
