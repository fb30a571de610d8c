"""The Quarantäne folder: documents whose latest scan is not OK, with rescan, transfer (once a
rescan said OK) and delete-with-reason."""

from __future__ import annotations

import threading

from PySide6.QtCore import QItemSelection, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from client.ui.details import QuarantineEntry, load_quarantine, quarantine_entry
from client.ui.errors import show_error
from client.ui.models.quarantine_table import COL_MESSAGE, QuarantineTableModel
from client.ui.services import MailboxService, ProgressCallback
from client.ui.views.progress import ProgressPanel
from client.ui.workers import Job, run_in_background


class DeleteContentDialog(QDialog):
    """Reason and an explicit confirmation before a document's content is deleted for good."""

    def __init__(self, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Dokument endgültig löschen"))
        self.setMinimumWidth(480)
        text = QLabel(
            self.tr(
                "Der Inhalt von „{name}“ wird endgültig gelöscht. Die Nachricht und ein Eintrag "
                "im Protokoll (mit Ihrem Namen und dem Grund) bleiben erhalten."
            ).format(name=file_name),
            self,
        )
        text.setWordWrap(True)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(self.tr("Grund, z. B. „Schadsoftware, Absender informiert“"))
        self.confirm = QCheckBox(self.tr("Ja, den Inhalt endgültig löschen"), self)
        self.confirm.setObjectName("confirm")
        buttons = QDialogButtonBox(self)
        self.delete_button = buttons.addButton(
            self.tr("Löschen"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.delete_button.setObjectName("delete")
        buttons.addButton(self.tr("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(QLabel(self.tr("Grund:"), self))
        layout.addWidget(self.reason)
        layout.addWidget(self.confirm)
        layout.addWidget(buttons)
        self.reason.textChanged.connect(self._update)
        self.confirm.toggled.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.delete_button.setEnabled(bool(self.reason.text().strip()) and self.confirm.isChecked())


class QuarantineView(QWidget):
    status_message = Signal(str)
    changed = Signal()
    open_message = Signal(int)
    loaded = Signal(int)

    def __init__(self, service: MailboxService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.delete_dialog: DeleteContentDialog | None = None
        self.model = QuarantineTableModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("quarantine")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_MESSAGE, QHeaderView.ResizeMode.Stretch)

        intro = QLabel(
            self.tr(
                "Diese Dokumente wurden nicht als virenfrei erkannt und bleiben gesperrt. Prüfen "
                "Sie sie erneut (z. B. nach einer Aktualisierung der Virensignaturen) oder löschen "
                "Sie den Inhalt mit Angabe eines Grundes."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.rescan_button = QPushButton(self.tr("Erneut prüfen"), self)
        self.rescan_button.setObjectName("rescan")
        self.release_button = QPushButton(self.tr("In Transfer übertragen"), self)
        self.release_button.setObjectName("release")
        self.delete_button = QPushButton(self.tr("Löschen …"), self)
        self.delete_button.setObjectName("delete")
        self.open_button = QPushButton(self.tr("Nachricht öffnen"), self)
        self.open_button.setObjectName("open_message")
        self.progress = ProgressPanel(self)
        buttons = QHBoxLayout()
        for button in (self.rescan_button, self.release_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)

        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        self.rescan_button.clicked.connect(self.rescan_selected)
        self.release_button.clicked.connect(self.release_selected)
        self.delete_button.clicked.connect(self.ask_delete_selected)
        self.open_button.clicked.connect(self._on_open_clicked)
        self._busy = False
        self._update_buttons()

    # ------------------------------------------------------------ loading

    def reload(self) -> None:
        service = self.service
        run_in_background(lambda: load_quarantine(service), self._loaded, self._failed)

    def _loaded(self, entries: list[QuarantineEntry]) -> None:
        self.model.set_entries(entries)
        self.view.resizeColumnsToContents()
        self.view.horizontalHeader().setSectionResizeMode(
            COL_MESSAGE, QHeaderView.ResizeMode.Stretch
        )
        self._update_buttons()
        self.loaded.emit(len(entries))

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self._update_buttons()
        show_error(self, exc)

    # ------------------------------------------------------------ selection

    def selected(self) -> QuarantineEntry | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.entry(rows[0].row()) if rows else None

    def select(self, name: str) -> bool:
        for row in range(self.model.rowCount()):
            if self.model.entry(row).attachment.safe_name == name:
                self.view.selectRow(row)
                return True
        return False

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        entry = self.selected()
        present = entry is not None and entry.attachment.blob_id is not None and not self._busy
        self.rescan_button.setEnabled(present)
        self.delete_button.setEnabled(present)
        self.release_button.setEnabled(present and entry is not None and entry.refusal is None)
        self.open_button.setEnabled(entry is not None)
        if entry is not None and entry.refusal:
            self.release_button.setToolTip(entry.refusal)
        else:
            self.release_button.setToolTip("")

    def _on_open_clicked(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.open_message.emit(entry.attachment.message_id)

    # ------------------------------------------------------------ actions

    def rescan_selected(self) -> None:
        entry = self.selected()
        if entry is None or self._busy:
            return
        service, attachment = self.service, entry.attachment

        def work(progress: ProgressCallback, cancel: threading.Event) -> QuarantineEntry:
            service.rescan(attachment.id, progress=progress, cancel=cancel)
            documents = service.attachments(attachment.message_id)
            return quarantine_entry(service, next(a for a in documents if a.id == attachment.id))

        job = Job(work, self)
        job.finished.connect(self._rescanned)
        job.failed.connect(self._failed)
        self._busy = True
        self._update_buttons()
        self.progress.track(job, self.tr("Prüfe „{name}“ …").format(name=attachment.safe_name))
        job.start()

    def _rescanned(self, entry: QuarantineEntry) -> None:
        self._busy = False
        self.model.update_entry(entry)
        self._update_buttons()
        if entry.refusal is None:
            self.status_message.emit(
                self.tr("„{name}“ ist virenfrei und kann übertragen werden.").format(
                    name=entry.attachment.safe_name
                )
            )
        else:
            self.status_message.emit(
                self.tr("„{name}“ bleibt gesperrt.").format(name=entry.attachment.safe_name)
            )
        self.changed.emit()

    def release_selected(self) -> None:
        entry = self.selected()
        if entry is None or entry.refusal is not None or self._busy:
            return
        self._busy = True
        self._update_buttons()
        service, attachment_id = self.service, entry.attachment.id
        run_in_background(
            lambda: service.release(attachment_id),
            lambda target: self._released(attachment_id, target),
            self._failed,
        )

    def _released(self, attachment_id: int, target: object) -> None:
        self._busy = False
        self.model.remove_entry(attachment_id)
        self._update_buttons()
        self.status_message.emit(self.tr("Übertragen nach {path}").format(path=str(target)))
        self.changed.emit()

    def ask_delete_selected(self) -> None:
        entry = self.selected()
        if entry is None or self._busy:
            return
        dialog = DeleteContentDialog(entry.attachment.safe_name, self)
        self.delete_dialog = dialog
        attachment_id = entry.attachment.id
        dialog.accepted.connect(lambda: self._delete(attachment_id, dialog.reason.text().strip()))
        dialog.open()

    def _delete(self, attachment_id: int, reason: str) -> None:
        self._busy = True
        self._update_buttons()
        service = self.service
        run_in_background(
            lambda: service.delete_attachment(attachment_id, reason),
            lambda _none: self._deleted(attachment_id),
            self._failed,
        )

    def _deleted(self, attachment_id: int) -> None:
        self._busy = False
        self.model.remove_entry(attachment_id)
        self._update_buttons()
        self.status_message.emit(self.tr("Der Inhalt wurde gelöscht."))
        self.changed.emit()
