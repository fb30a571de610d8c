"""Composing a message: recipient from the directory, Betreff, Aktenzeichen, documents (drag and
drop or file dialog) with their Dokumentklasse, a live ERV check that lists every problem with
its fix and a suggested name, and sending with progress and cancel. Drafts can be saved.

The ERV check reads the files (PDFs are scanned for JavaScript and the like), so it runs in a
worker after every change; only the newest check's result is shown, and "Senden" stays off
until that result has no errors.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from client.core.errors import Cancelled
from client.egvp import DOKUMENTKLASSEN, ErvReport, PathSource, Severity, check_outgoing
from client.egvp.codes import DEFAULT_DOKUMENTKLASSE
from client.store import DraftInfo, PartyInfo, PartyRole
from client.ui.errors import show_error
from client.ui.formatting import format_size
from client.ui.icons import icon
from client.ui.models.compose_files import (
    COL_CHECK,
    COL_KLASSE,
    COL_NAME,
    COL_SIZE,
    ComposeFile,
    ComposeFilesModel,
)
from client.ui.services import MailboxService, ProgressCallback
from client.ui.views.directory_dialog import ChosenRecipient, DirectoryDialog
from client.ui.views.progress import ProgressPanel
from client.ui.workers import Job, run_in_background
from profiles.scenarios import Limits

Index = QModelIndex | QPersistentModelIndex


def _check(service: MailboxService, sources: Sequence[PathSource]) -> tuple[Limits, ErvReport]:
    """Runs in a worker: the ERV check reads the files."""
    limits = service.limits()
    return limits, check_outgoing(sources, limits)


class KlasseDelegate(QStyledItemDelegate):
    """The Dokumentklasse column is edited with a combo box of the offered classes."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        for klasse in DOKUMENTKLASSEN:
            combo.addItem(klasse.label, klasse.code)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            position = editor.findData(index.data(Qt.ItemDataRole.EditRole))
            editor.setCurrentIndex(max(position, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class ComposeDialog(QDialog):
    checked = Signal(object)  # ErvReport of the newest check
    sent = Signal(int)  # message id
    draft_saved = Signal(int)

    def __init__(
        self,
        service: MailboxService,
        parent: QWidget | None = None,
        *,
        draft_id: int | None = None,
        initial: DraftInfo | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.draft_id = draft_id
        self.recipient: ChosenRecipient | None = None
        self.report: ErvReport | None = None
        self.limits = Limits()  # the scenario's, once the first check ran
        self.directory_dialog: DirectoryDialog | None = None
        self.job: Job | None = None
        self._check_generation = 0
        self.setWindowTitle(
            self.tr("Neue Nachricht") if draft_id is None else self.tr("Entwurf bearbeiten")
        )
        self.setObjectName("compose_dialog")
        self.setAcceptDrops(True)
        self.resize(900, 680)

        self.recipient_edit = QLineEdit(self)
        self.recipient_edit.setObjectName("recipient")
        self.recipient_edit.setReadOnly(True)
        self.recipient_edit.setPlaceholderText(self.tr("Noch kein Empfänger gewählt"))
        self.choose_recipient_button = QPushButton(self.tr("Im Verzeichnis suchen …"), self)
        self.choose_recipient_button.setObjectName("choose_recipient")
        self.choose_recipient_button.setAutoDefault(False)
        recipient_row = QHBoxLayout()
        recipient_row.addWidget(self.recipient_edit, 1)
        recipient_row.addWidget(self.choose_recipient_button)
        self.betreff = QLineEdit(self)
        self.betreff.setObjectName("betreff")
        self.az_own = QLineEdit(self)
        self.az_own.setObjectName("aktenzeichen_own")
        self.az_own.setPlaceholderText(self.tr("z. B. 31-2025/0815"))
        self.az_theirs = QLineEdit(self)
        self.az_theirs.setObjectName("aktenzeichen_recipient")
        self.az_theirs.setPlaceholderText(self.tr("z. B. 1 K 519/25"))
        form = QFormLayout()
        form.addRow(self.tr("Empfänger:"), recipient_row)
        form.addRow(self.tr("&Betreff:"), self.betreff)
        form.addRow(self.tr("&Ihr Aktenzeichen:"), self.az_own)
        form.addRow(self.tr("Aktenzeichen des Empfän&gers:"), self.az_theirs)

        self.files = ComposeFilesModel(self)
        self.files_view = QTableView(self)
        self.files_view.setObjectName("documents")
        self.files_view.setModel(self.files)
        self.files_view.setItemDelegateForColumn(COL_KLASSE, KlasseDelegate(self.files_view))
        self.files_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.files_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.files_view.verticalHeader().hide()
        header = self.files_view.horizontalHeader()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_KLASSE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_KLASSE, 240)
        header.setSectionResizeMode(COL_SIZE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_CHECK, QHeaderView.ResizeMode.ResizeToContents)
        self.drop_hint = QLabel(
            self.tr("Dokumente hierher ziehen oder über „Dokumente hinzufügen …“ auswählen."),
            self,
        )
        self.drop_hint.setStyleSheet("color: #555;")
        self.add_button = QPushButton(self.tr("Dokumente hinzufügen …"), self)
        self.add_button.setObjectName("add_files")
        self.remove_button = QPushButton(self.tr("Entfernen"), self)
        self.remove_button.setObjectName("remove_files")
        self.rename_button = QPushButton(self.tr("Vorgeschlagene Namen übernehmen"), self)
        self.rename_button.setObjectName("apply_names")
        for button in (self.add_button, self.remove_button, self.rename_button):
            button.setAutoDefault(False)
        file_buttons = QHBoxLayout()
        file_buttons.addWidget(self.add_button)
        file_buttons.addWidget(self.remove_button)
        file_buttons.addStretch(1)
        file_buttons.addWidget(self.rename_button)

        self.problems_title = QLabel(self)
        self.problems_title.setObjectName("problems_title")
        self.problems = QListWidget(self)
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        self.problems.setMaximumHeight(150)
        self.todo = QLabel(self)
        self.todo.setObjectName("todo")
        self.todo.setWordWrap(True)
        self.todo.setStyleSheet("color: #555;")

        self.progress = ProgressPanel(self)
        self.save_button = QPushButton(self.tr("Entwurf speichern"), self)
        self.save_button.setObjectName("save_draft")
        self.send_button = QPushButton(self.tr("Senden"), self)
        self.send_button.setObjectName("send")
        self.close_button = QPushButton(self.tr("Schließen"), self)
        self.close_button.setObjectName("close")
        for button in (self.save_button, self.send_button, self.close_button):
            button.setAutoDefault(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.todo, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.send_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("<b>Dokumente</b>"), self))
        layout.addWidget(self.files_view, 1)
        layout.addWidget(self.drop_hint)
        layout.addLayout(file_buttons)
        layout.addWidget(self.problems_title)
        layout.addWidget(self.problems)
        layout.addWidget(self.progress)
        layout.addLayout(bottom)

        self.choose_recipient_button.clicked.connect(self.choose_recipient)
        self.add_button.clicked.connect(self._ask_files)
        self.remove_button.clicked.connect(self._remove_selected)
        self.rename_button.clicked.connect(self.apply_suggested_names)
        self.save_button.clicked.connect(self.save_draft)
        self.send_button.clicked.connect(self.send)
        self.close_button.clicked.connect(self.reject)
        self.betreff.textChanged.connect(self._update)
        self.files.dataChanged.connect(self._on_files_edited)
        self.files_view.selectionModel().selectionChanged.connect(self._update)
        if initial is not None:
            self._load_initial(initial)
        self._show_report()
        self._update()

    def _load_initial(self, draft: DraftInfo) -> None:
        self.betreff.setText(draft.betreff)
        self.az_own.setText(draft.aktenzeichen_absender)
        self.az_theirs.setText(draft.aktenzeichen_empfaenger)
        for party in draft.parties:
            if party.role is PartyRole.RECIPIENT and party.safe_id:
                self.set_recipient(ChosenRecipient(party.safe_id, party.display_name))

    # ------------------------------------------------------------ recipient

    def choose_recipient(self) -> None:
        dialog = DirectoryDialog(self.service, self)
        self.directory_dialog = dialog
        dialog.accepted.connect(lambda: self._recipient_chosen(dialog))
        dialog.open()

    def _recipient_chosen(self, dialog: DirectoryDialog) -> None:
        if dialog.chosen is not None:
            self.set_recipient(dialog.chosen)

    def set_recipient(self, recipient: ChosenRecipient) -> None:
        self.recipient = recipient
        self.recipient_edit.setText(f"{recipient.display_name} ({recipient.safe_id})")
        self._update()

    # ------------------------------------------------------------ documents

    def add_files(self, paths: Sequence[Path]) -> None:
        self.add_sources([PathSource(p) for p in paths])

    def add_sources(self, sources: Sequence[PathSource]) -> None:
        """Files under the names they will be sent with (e.g. a reopened draft's documents)."""
        existing = {f.path for f in self.files.files}
        new = [
            ComposeFile(
                path=s.path,
                send_name=s.name,
                klasse=s.klasse or DEFAULT_DOKUMENTKLASSE,
                size=s.path.stat().st_size,
            )
            for s in sources
            if s.path.is_file() and s.path not in existing
        ]
        if new:
            self.files.add(new)
            self.recheck()

    def _ask_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("Dokumente hinzufügen"),
            "",
            self.tr("PDF-Dokumente (*.pdf);;TIFF-Bilder (*.tif *.tiff);;Alle Dateien (*)"),
        )
        self.add_files([Path(n) for n in names])

    def _remove_selected(self) -> None:
        rows = [i.row() for i in self.files_view.selectionModel().selectedRows()]
        if rows:
            self.files.remove(rows)
            self.recheck()

    def remove_file(self, name: str) -> None:
        rows = [i for i, f in enumerate(self.files.files) if f.send_name == name]
        self.files.remove(rows)
        self.recheck()

    def apply_suggested_names(self) -> None:
        if self.report is None:
            return
        for row, name in self.report.suggested_names().items():
            if 0 <= row < self.files.rowCount():
                self.files.rename(row, name)  # each rename starts a new check

    def _on_files_edited(self, top_left: QModelIndex, _bottom_right: QModelIndex) -> None:
        # A new name needs a new check; the check's own column updates must not start one.
        if top_left.column() == COL_NAME:
            self.recheck()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        self.add_files(paths)
        event.acceptProposedAction()

    # ------------------------------------------------------------ the ERV check

    def recheck(self) -> None:
        self._check_generation += 1
        generation = self._check_generation
        self.report = None
        self.files.set_report(None)
        self._show_report()
        self._update()
        if not self.files.files:
            return
        sources = [f.source for f in self.files.files]
        service = self.service
        run_in_background(
            lambda: _check(service, sources),
            lambda result: self._checked(generation, *result),
            lambda exc: self._check_failed(generation, exc),
        )

    def _checked(self, generation: int, limits: Limits, report: ErvReport) -> None:
        if generation != self._check_generation:
            return  # the files changed meanwhile; a newer check is under way
        self.limits = limits
        self.report = report
        self.files.set_report(report)
        self._show_report()
        self._update()
        self.checked.emit(report)

    def _check_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._check_generation:
            show_error(self, exc)

    def _show_report(self) -> None:
        self.problems.clear()
        report = self.report
        if not self.files.files:
            self.problems_title.setText(self.tr("<b>Prüfung nach den ERV-Regeln</b>"))
            self.problems.hide()
            return
        self.problems.show()
        if report is None:
            self.problems_title.setText(self.tr("<b>Prüfung nach den ERV-Regeln</b> – läuft …"))
            return
        total = self.tr("{size} von höchstens {limit}").format(
            size=format_size(report.total_bytes),
            limit=format_size(self.limits.max_message_bytes),
        )
        if not report.violations:
            self.problems_title.setText(
                self.tr("<b>Prüfung nach den ERV-Regeln:</b> keine Probleme ({total}).").format(
                    total=total
                )
            )
            self.problems.hide()
            return
        self.problems_title.setText(
            self.tr(
                "<b>Prüfung nach den ERV-Regeln:</b> {errors} Problem(e), {warnings} "
                "Hinweis(e) ({total})"
            ).format(errors=len(report.errors), warnings=len(report.warnings), total=total)
        )
        for violation in report.violations:
            prefix = f"{violation.file}: " if violation.file else ""
            text = f"{prefix}{violation.text}\n→ {violation.fix}"
            if violation.suggested_name:
                text += "\n" + self.tr("Vorschlag: {name}").format(name=violation.suggested_name)
            item = QListWidgetItem(text)
            error = violation.severity is Severity.ERROR
            item.setIcon(icon("sig-invalid" if error else "scan-pending"))
            item.setForeground(QColor("#b3261e" if error else "#8a5a00"))
            self.problems.addItem(item)

    def problem_texts(self) -> list[str]:
        return [self.problems.item(i).text() for i in range(self.problems.count())]

    # ------------------------------------------------------------ state

    def missing(self) -> list[str]:
        """What still stops sending, in words."""
        todo = []
        if self.recipient is None:
            todo.append(self.tr("Empfänger wählen"))
        if not self.betreff.text().strip():
            todo.append(self.tr("Betreff eingeben"))
        if not self.files.files:
            todo.append(self.tr("mindestens ein Dokument hinzufügen"))
        elif self.report is None:
            todo.append(self.tr("Prüfung abwarten"))
        elif not self.report.ok:
            todo.append(self.tr("Probleme der Dokumente beheben"))
        return todo

    def _update(self) -> None:
        busy = self.job is not None and self.job.running
        todo = self.missing()
        self.send_button.setEnabled(not todo and not busy)
        self.save_button.setEnabled(not busy)
        self.choose_recipient_button.setEnabled(not busy)
        self.add_button.setEnabled(not busy)
        self.remove_button.setEnabled(
            not busy and bool(self.files_view.selectionModel().selectedRows())
        )
        self.rename_button.setEnabled(
            not busy and self.report is not None and bool(self.report.suggested_names())
        )
        self.drop_hint.setVisible(not self.files.files)
        self.todo.setText(
            self.tr("Noch zu tun: {items}").format(items=", ".join(todo)) if todo else ""
        )

    def draft(self) -> DraftInfo:
        recipient = self.recipient
        parties = (
            (
                PartyInfo(
                    role=PartyRole.RECIPIENT,
                    display_name=recipient.display_name,
                    safe_id=recipient.safe_id,
                ),
            )
            if recipient is not None
            else ()
        )
        return DraftInfo(
            betreff=self.betreff.text().strip(),
            aktenzeichen_absender=self.az_own.text().strip(),
            aktenzeichen_empfaenger=self.az_theirs.text().strip(),
            parties=parties,
        )

    # ------------------------------------------------------------ sending and drafts

    def send(self) -> None:
        if self.missing() or (self.job is not None and self.job.running):
            return
        draft, files = self.draft(), self.files.files
        sources = [f.source for f in files]
        klassen = {f.send_name: f.klasse for f in files}
        service, draft_id = self.service, self.draft_id

        def work(progress: ProgressCallback, cancel: threading.Event) -> int:
            return service.send(
                draft, sources, klassen, draft_id=draft_id, progress=progress, cancel=cancel
            )

        job = Job(work, self)
        self.job = job
        job.finished.connect(self._sent)
        job.failed.connect(self._send_failed)
        self.progress.track(job, self.tr("Nachricht wird gesendet …"))
        job.start()
        self._update()

    def _sent(self, message_id: int) -> None:
        self._update()
        self.sent.emit(message_id)
        self.accept()

    def _send_failed(self, exc: BaseException) -> None:
        self._update()
        if isinstance(exc, Cancelled):
            self.todo.setText(self.tr("Der Versand wurde abgebrochen; nichts wurde gesendet."))
            return
        show_error(self, exc)

    def save_draft(self) -> None:
        draft, files = self.draft(), self.files.files
        sources = [f.source for f in files]
        klassen = {f.send_name: f.klasse for f in files}
        service, draft_id = self.service, self.draft_id
        run_in_background(
            lambda: service.save_draft(draft, sources, klassen, draft_id=draft_id),
            self._draft_saved,
            lambda exc: show_error(self, exc),
        )

    def _draft_saved(self, message_id: int) -> None:
        self.draft_id = message_id
        self.todo.setText(self.tr("Der Entwurf wurde gespeichert."))
        self.draft_saved.emit(message_id)

    def reject(self) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()
            return
        super().reject()
