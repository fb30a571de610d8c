"""Choosing a recipient: search the directory per field with paging, or pick a favourite."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from client.core.directory import SearchCriterion, SearchField, SearchPage
from client.core.favourites import Favourite
from client.ui.errors import show_error
from client.ui.models.directory_table import DirectoryTableModel, FavouritesModel
from client.ui.services import MailboxService
from client.ui.workers import run_in_background

PAGE_SIZE = 20


@dataclass(frozen=True)
class ChosenRecipient:
    safe_id: str
    display_name: str


class DirectoryDialog(QDialog):
    searched = Signal(object)  # SearchPage
    favourites_loaded = Signal(int)

    def __init__(self, service: MailboxService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.chosen: ChosenRecipient | None = None
        self.page: SearchPage | None = None
        self._criteria: list[SearchCriterion] = []
        self._busy = False
        self.setWindowTitle(self.tr("Empfänger im Verzeichnis suchen"))
        self.setObjectName("directory_dialog")
        self.resize(980, 600)

        self.fields: dict[SearchField, QLineEdit] = {}
        form = QGridLayout()
        labels = [
            (SearchField.ORGANISATION, self.tr("Organisation:")),
            (SearchField.NAME, self.tr("Name:")),
            (SearchField.ORT, self.tr("Ort:")),
            (SearchField.POSTLEITZAHL, self.tr("Postleitzahl:")),
            (SearchField.LAND, self.tr("Land:")),
            (SearchField.SAFE_ID, self.tr("SAFE-ID:")),
        ]
        for position, (field, text) in enumerate(labels):
            edit = QLineEdit(self)
            edit.setObjectName(f"field_{field.name.lower()}")
            edit.returnPressed.connect(self.search)
            self.fields[field] = edit
            row, pair = divmod(position, 2)
            form.addWidget(QLabel(text, self), row, pair * 2)
            form.addWidget(edit, row, pair * 2 + 1)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)
        self.search_button = QPushButton(self.tr("Suchen"), self)
        self.search_button.setObjectName("search")
        self.search_button.setAutoDefault(False)
        clear = QPushButton(self.tr("Felder leeren"), self)
        clear.setAutoDefault(False)
        clear.clicked.connect(self._clear_fields)
        search_row = QHBoxLayout()
        search_row.addStretch(1)
        search_row.addWidget(clear)
        search_row.addWidget(self.search_button)

        self.model = DirectoryTableModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("hits")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setWordWrap(False)
        self.previous_button = QPushButton(self.tr("◀ Zurück"), self)
        self.previous_button.setObjectName("previous")
        self.next_button = QPushButton(self.tr("Weiter ▶"), self)
        self.next_button.setObjectName("next")
        for button in (self.previous_button, self.next_button):
            button.setAutoDefault(False)
        self.page_label = QLabel(self)
        self.page_label.setObjectName("page_label")
        paging = QHBoxLayout()
        paging.addWidget(self.previous_button)
        paging.addWidget(self.page_label, 1, Qt.AlignmentFlag.AlignCenter)
        paging.addWidget(self.next_button)
        self.add_favourite_button = QPushButton(self.tr("Als Favorit merken"), self)
        self.add_favourite_button.setObjectName("add_favourite")
        self.add_favourite_button.setAutoDefault(False)
        results = QWidget(self)
        results_layout = QVBoxLayout(results)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addWidget(self.view)
        results_layout.addLayout(paging)
        results_layout.addWidget(self.add_favourite_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.favourites = FavouritesModel(self)
        self.favourites_view = QListView(self)
        self.favourites_view.setObjectName("favourites")
        self.favourites_view.setModel(self.favourites)
        self.remove_favourite_button = QPushButton(self.tr("Favorit entfernen"), self)
        self.remove_favourite_button.setObjectName("remove_favourite")
        self.remove_favourite_button.setAutoDefault(False)
        favourites_box = QGroupBox(self.tr("Favoriten"), self)
        favourites_layout = QVBoxLayout(favourites_box)
        favourites_layout.addWidget(self.favourites_view)
        favourites_layout.addWidget(self.remove_favourite_button)

        splitter = QSplitter(self)
        splitter.addWidget(results)
        splitter.addWidget(favourites_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([700, 240])

        self.buttons = QDialogButtonBox(self)
        self.choose_button = self.buttons.addButton(
            self.tr("Übernehmen"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.choose_button.setObjectName("choose")
        self.buttons.addButton(self.tr("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._choose)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(search_row)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

        self.search_button.clicked.connect(self.search)
        self.previous_button.clicked.connect(lambda: self._go(-1))
        self.next_button.clicked.connect(lambda: self._go(1))
        self.add_favourite_button.clicked.connect(self._add_favourite)
        self.remove_favourite_button.clicked.connect(self._remove_favourite)
        self.view.selectionModel().selectionChanged.connect(self._on_hit_selected)
        self.view.doubleClicked.connect(lambda _index: self._choose())
        self.favourites_view.selectionModel().selectionChanged.connect(self._on_favourite_selected)
        self.favourites_view.doubleClicked.connect(lambda _index: self._choose())
        self._update()
        self.load_favourites()

    # ------------------------------------------------------------ searching

    def criteria(self) -> list[SearchCriterion]:
        return [
            SearchCriterion(field, edit.text().strip())
            for field, edit in self.fields.items()
            if edit.text().strip()
        ]

    def search(self) -> None:
        criteria = self.criteria()
        if not criteria:
            self.page_label.setText(self.tr("Bitte mindestens ein Feld ausfüllen."))
            return
        self._criteria = criteria
        self._fetch(1)

    def _go(self, step: int) -> None:
        if self.page is not None:
            self._fetch(self.page.page + step)

    def _fetch(self, page: int) -> None:
        self._busy = True
        self.page_label.setText(self.tr("Suche läuft …"))
        self._update()
        service, criteria = self.service, list(self._criteria)
        run_in_background(
            lambda: service.search_directory(criteria, page=page, page_size=PAGE_SIZE),
            self._found,
            self._failed,
        )

    def _found(self, page: SearchPage) -> None:
        self._busy = False
        self.page = page
        self.model.set_hits(page.hits)
        self.view.resizeColumnsToContents()
        self.view.resizeRowsToContents()
        if page.total == 0:
            self.page_label.setText(self.tr("Keine Treffer."))
        else:
            self.page_label.setText(
                self.tr("Seite {page} von {pages} · {total} Treffer").format(
                    page=page.page, pages=page.pages, total=page.total
                )
            )
        self._update()
        self.searched.emit(page)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.page_label.setText("")
        self._update()
        show_error(self, exc)

    def _clear_fields(self) -> None:
        for edit in self.fields.values():
            edit.clear()

    # ------------------------------------------------------------ favourites

    def load_favourites(self) -> None:
        service = self.service
        run_in_background(lambda: list(service.favourites()), self._favourites_loaded, self._failed)

    def _favourites_loaded(self, favourites: list[Favourite]) -> None:
        self.favourites.set_favourites(favourites)
        self._update()
        self.favourites_loaded.emit(len(favourites))

    def _add_favourite(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return
        hit, service = self.model.hit(rows[0].row()), self.service

        def add() -> list[Favourite]:
            service.add_favourite(hit)
            return list(service.favourites())

        run_in_background(
            add,
            self._favourites_loaded,
            self._failed,
        )

    def _remove_favourite(self) -> None:
        rows = self.favourites_view.selectionModel().selectedRows()
        if not rows:
            return
        safe_id, service = self.favourites.favourite(rows[0].row()).safe_id, self.service

        def remove() -> list[Favourite]:
            service.remove_favourite(safe_id)
            return list(service.favourites())

        run_in_background(
            remove,
            self._favourites_loaded,
            self._failed,
        )

    # ------------------------------------------------------------ choosing

    def _on_hit_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        if not selected.isEmpty():
            self.favourites_view.clearSelection()
        self._update()

    def _on_favourite_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        if not selected.isEmpty():
            self.view.clearSelection()
        self._update()

    def current_choice(self) -> ChosenRecipient | None:
        hits = self.view.selectionModel().selectedRows()
        if hits:
            hit = self.model.hit(hits[0].row())
            return ChosenRecipient(hit.safe_id, hit.visitenkarte.display_name())
        favourites = self.favourites_view.selectionModel().selectedIndexes()
        if favourites:
            favourite = self.favourites.favourite(favourites[0].row())
            return ChosenRecipient(favourite.safe_id, favourite.display_name)
        return None

    def select_hit(self, row: int) -> None:
        self.view.selectRow(row)

    def select_favourite(self, row: int) -> None:
        index: QModelIndex = self.favourites.index(row, 0)
        self.favourites_view.setCurrentIndex(index)

    def _choose(self) -> None:
        choice = self.current_choice()
        if choice is None:
            return
        self.chosen = choice
        self.accept()

    def _update(self) -> None:
        page = self.page
        self.search_button.setEnabled(not self._busy)
        self.previous_button.setEnabled(not self._busy and page is not None and page.page > 1)
        self.next_button.setEnabled(not self._busy and page is not None and page.has_next)
        has_hit = bool(self.view.selectionModel().selectedRows())
        self.add_favourite_button.setEnabled(has_hit)
        has_favourite = bool(self.favourites_view.selectionModel().selectedIndexes())
        self.remove_favourite_button.setEnabled(has_favourite)
        self.choose_button.setEnabled(has_hit or has_favourite)
