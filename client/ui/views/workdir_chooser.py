"""First screen: the known working directories, their state, and what is still missing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from client.ui.errors import show_error
from client.ui.models.workdir_table import WorkdirTableModel
from client.ui.workers import run_in_background
from profiles import workdirs
from profiles.workdirs import WorkdirSummary


class WorkdirChooser(QWidget):
    open_requested = Signal(object)  # WorkdirSummary
    add_requested = Signal()
    restore_requested = Signal()
    rows_loaded = Signal(int)

    def __init__(self, base: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._base = base
        self.model = WorkdirTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.details = QTextBrowser(self)
        self.details.setOpenLinks(False)
        self.open_button = QPushButton(self.tr("Öffnen"), self)
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.add_button = QPushButton(self.tr("Konfigurations-ID hinzufügen …"), self)
        self.add_button.clicked.connect(self.add_requested)
        self.restore_button = QPushButton(self.tr("Sicherung wiederherstellen …"), self)
        self.restore_button.setObjectName("restore_backup")
        self.restore_button.clicked.connect(self.restore_requested)
        heading = QLabel(self.tr("<h2>Arbeitsverzeichnis wählen</h2>"), self)
        intro = QLabel(
            self.tr(
                "Jedes Postfach hat ein eigenes Arbeitsverzeichnis, angelegt über seine "
                "Konfigurations-ID."
            ),
            self,
        )
        intro.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.table, 3)
        layout.addWidget(QLabel(self.tr("Zustand des gewählten Arbeitsverzeichnisses:"), self))
        layout.addWidget(self.details, 2)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)

    def reload(self, select: str | None = None) -> None:
        base = self._base
        run_in_background(
            lambda: workdirs.list_workdirs(base),
            lambda rows: self._show_rows(rows, select),
            lambda exc: show_error(self, exc),
        )

    def selected(self) -> WorkdirSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.summary(rows[0].row()) if rows else None

    def _show_rows(self, rows: list[WorkdirSummary], select: str | None) -> None:
        self.model.set_rows(rows)
        target = next(
            (i for i, r in enumerate(rows) if r.workdir.name == select), 0 if rows else -1
        )
        if target >= 0:
            self.table.selectRow(target)
        else:
            self.details.setPlainText(
                self.tr("Noch kein Arbeitsverzeichnis. Fügen Sie eine Konfigurations-ID hinzu.")
            )
        self.rows_loaded.emit(len(rows))

    def _on_selection_changed(self) -> None:
        summary = self.selected()
        self.open_button.setEnabled(summary is not None)
        if summary is None:
            self.details.clear()
            return
        status = summary.workdir.status()
        lines = [f"<b>{summary.workdir.scenario.title}</b> – {summary.workdir.paths.root}", "<ul>"]
        for item in status.files:
            mark = "✔" if item.ok else "✘"
            problems = "".join(f"<br>&nbsp;&nbsp;{p.text}" for p in item.problems)
            lines.append(f"<li>{mark} {item.label}{problems}</li>")
        lines.append("</ul>")
        self.details.setHtml("".join(lines))

    def _on_open_clicked(self) -> None:
        summary = self.selected()
        if summary is not None:
            self.open_requested.emit(summary)

    def _on_table_double_clicked(self) -> None:
        self._on_open_clicked()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_open_clicked()
            return
        super().keyPressEvent(event)
