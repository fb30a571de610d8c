"""The unlocked mailbox: toolbar (Abrufen, Neue Nachricht, Antworten mit eEB, Exportieren,
Einstellungen), folder tree with unread counts, the message list over the message view, and the
quarantine in place of the list when "Quarantäne" is chosen.

The page owns its toolbar and progress panel; the main window places them (toolbar on top,
progress in the status bar). Dialogs are opened window-modal with ``open()`` and kept as
attributes, so the window never blocks in a nested event loop and tests can reach them.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QItemSelection, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from client.core.errors import Cancelled
from client.store import Direction, Folder
from client.ui.details import MessageDetails
from client.ui.errors import show_error
from client.ui.icons import icon
from client.ui.models.folder_tree import QUARANTINE, FolderKey, FolderRole, FolderTreeModel
from client.ui.services import MailboxService, ProgressCallback
from client.ui.views.compose_dialog import ComposeDialog
from client.ui.views.eeb_dialog import EebDialog
from client.ui.views.message_list import MessageList
from client.ui.views.message_view import MessageView
from client.ui.views.progress import ProgressPanel
from client.ui.views.quarantine_view import QuarantineView
from client.ui.views.settings_dialog import SettingsDialog
from client.ui.workers import Job, run_in_background


class MailboxPage(QWidget):
    status_message = Signal(str)
    counts_updated = Signal()
    fetch_finished = Signal(object)  # int (new messages) or the exception

    def __init__(self, service: MailboxService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.current_folder: FolderKey = Folder.POSTEINGANG
        self.fetch_job: Job | None = None
        self.compose_dialog: ComposeDialog | None = None
        self.eeb_dialog: EebDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.progress = ProgressPanel(self)
        self.toolbar = self._build_toolbar()

        self.folders = FolderTreeModel(service.title, self)
        self.folder_view = QTreeView(self)
        self.folder_view.setObjectName("folders")
        self.folder_view.setModel(self.folders)
        self.folder_view.setHeaderHidden(True)
        self.folder_view.setRootIsDecorated(False)
        self.folder_view.setItemsExpandable(False)
        self.folder_view.expandAll()
        self.folder_view.setMinimumWidth(190)
        self.folder_view.setIndentation(14)
        self.folder_view.setStyleSheet("QTreeView::item { padding: 3px 2px; }")

        self.message_list = MessageList(service, self)
        self.message_view = MessageView(service, self)
        self.quarantine = QuarantineView(service, self)
        mail_split = QSplitter(Qt.Orientation.Vertical, self)
        mail_split.addWidget(self.message_list)
        mail_split.addWidget(self.message_view)
        mail_split.setStretchFactor(0, 1)
        mail_split.setStretchFactor(1, 1)
        mail_split.setSizes([330, 370])
        self.right = QStackedWidget(self)
        self.right.addWidget(mail_split)
        self.right.addWidget(self.quarantine)
        self.mail_split = mail_split
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.folder_view)
        split.addWidget(self.right)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([260, 1020])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addWidget(split)

        self.folder_view.selectionModel().selectionChanged.connect(self._on_folder_selected)
        self.message_list.message_selected.connect(self._on_message_selected)
        self.message_view.details_loaded.connect(self._on_details_loaded)
        self.message_view.status_message.connect(self.status_message)
        self.message_view.changed.connect(self.refresh_counts)
        self.quarantine.status_message.connect(self.status_message)
        self.quarantine.changed.connect(self.refresh_counts)
        self.quarantine.open_message.connect(self.open_message)

        self.folder_view.setCurrentIndex(self.folders.folder_index(Folder.POSTEINGANG))
        self.refresh_counts()

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar(self.tr("Postfach"), self)
        bar.setObjectName("mailbox_toolbar")
        bar.setMovable(False)
        bar.setIconSize(QSize(22, 22))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.fetch_action = QAction(icon("action-fetch"), self.tr("Abrufen"), self)
        self.fetch_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.fetch_action.setToolTip(self.tr("Neue Nachrichten vom Intermediär abrufen (F5)"))
        self.new_action = QAction(icon("action-new"), self.tr("Neue Nachricht"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.eeb_action = QAction(icon("action-eeb"), self.tr("Antworten mit eEB"), self)
        self.eeb_action.setToolTip(
            self.tr("Das angeforderte elektronische Empfangsbekenntnis abgeben")
        )
        self.export_action = QAction(icon("action-export"), self.tr("Exportieren"), self)
        self.export_action.setToolTip(
            self.tr("Nachricht mit Prüfprotokoll und Zugangsnachweis als ZIP speichern")
        )
        self.settings_action = QAction(icon("action-settings"), self.tr("Einstellungen"), self)
        for action in (self.fetch_action, self.new_action, self.eeb_action, self.export_action):
            bar.addAction(action)
        spacer = QWidget(bar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        bar.addAction(self.settings_action)
        self.fetch_action.triggered.connect(self.fetch)
        self.new_action.triggered.connect(lambda: self.compose())
        self.eeb_action.triggered.connect(self.answer_eeb)
        self.export_action.triggered.connect(self.export_selected)
        self.settings_action.triggered.connect(self.open_settings)
        self.eeb_action.setEnabled(False)
        self.export_action.setEnabled(False)
        return bar

    # ------------------------------------------------------------ folders and counts

    def refresh_counts(self) -> None:
        service = self.service
        run_in_background(
            lambda: (dict(service.folder_counts()), service.quarantine_count()),
            self._counts_loaded,
            lambda exc: show_error(self, exc),
        )

    def _counts_loaded(self, loaded: tuple[dict[Folder, tuple[int, int]], int]) -> None:
        counts, quarantined = loaded
        self.folders.set_counts(counts, quarantined)
        self.counts_updated.emit()

    def select_folder(self, folder: FolderKey) -> None:
        self.folder_view.setCurrentIndex(self.folders.folder_index(folder))

    def _on_folder_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        folder = indexes[0].data(FolderRole)
        if folder is None:  # the mailbox row itself: show the Posteingang
            self.select_folder(Folder.POSTEINGANG)
            return
        self.current_folder = folder
        self.message_view.clear()
        self._update_actions(None)
        if folder == QUARANTINE:
            self.right.setCurrentWidget(self.quarantine)
            self.quarantine.reload()
        else:
            self.right.setCurrentWidget(self.mail_split)
            self.message_list.load_folder(Folder(folder))

    # ------------------------------------------------------------ messages

    def _on_message_selected(self, message_id: int | None) -> None:
        if message_id is None:
            self.message_view.clear()
            self._update_actions(None)
            return
        self.message_view.show_message(message_id)
        row = self.message_list.model.row_of(message_id)
        summary = self.message_list.model.summary(row) if row is not None else None
        self._update_actions(summary.eeb_requested if summary else None)
        if summary is not None and not summary.seen:
            self.message_list.model.mark_seen(message_id)
            service = self.service
            run_in_background(
                lambda: service.mark_seen([message_id]),
                lambda _none: self.refresh_counts(),
                lambda exc: show_error(self, exc),
            )

    def _on_details_loaded(self, details: MessageDetails) -> None:
        record = details.record
        self.eeb_action.setEnabled(record.eeb_requested and record.direction is Direction.INCOMING)

    def _update_actions(self, eeb_requested: bool | None) -> None:
        self.eeb_action.setEnabled(bool(eeb_requested))
        self.export_action.setEnabled(eeb_requested is not None)

    def open_message(self, message_id: int) -> None:
        """Show a message (e.g. from the quarantine): its folder, then the message."""
        service = self.service

        def shown(folder: Folder) -> None:
            self.select_folder(folder)
            self.message_list.first_page_shown.connect(
                select, Qt.ConnectionType.SingleShotConnection
            )

        def select(_rows: int) -> None:
            if not self.message_list.select_message(message_id):
                self.message_view.show_message(message_id)

        run_in_background(
            lambda: service.message(message_id).folder, shown, lambda exc: show_error(self, exc)
        )

    # ------------------------------------------------------------ actions

    def fetch(self) -> None:
        if self.fetch_job is not None and self.fetch_job.running:
            return
        service = self.service

        def work(progress: ProgressCallback, cancel: threading.Event) -> int:
            return service.fetch(progress=progress, cancel=cancel)

        job = Job(work, self)
        self.fetch_job = job
        job.finished.connect(self._fetched)
        job.failed.connect(self._fetch_failed)
        self.fetch_action.setEnabled(False)
        self.progress.track(job, self.tr("Nachrichten werden abgerufen …"))
        job.start()

    def _fetched(self, count: int) -> None:
        self.fetch_action.setEnabled(True)
        if count:
            self.status_message.emit(self.tr("{n} neue Nachricht(en) abgerufen.").format(n=count))
        else:
            self.status_message.emit(self.tr("Keine neuen Nachrichten."))
        self.refresh_counts()
        if self.current_folder == QUARANTINE:
            self.quarantine.reload()
        else:
            self.message_list.reload()
        self.fetch_finished.emit(count)

    def _fetch_failed(self, exc: BaseException) -> None:
        self.fetch_action.setEnabled(True)
        if isinstance(exc, Cancelled):
            self.status_message.emit(
                self.tr("Abruf abgebrochen. Bereits abgerufene Nachrichten sind gespeichert.")
            )
        else:
            show_error(self, exc)
        self.refresh_counts()
        self.message_list.reload()
        self.fetch_finished.emit(exc)

    def compose(self, draft_id: int | None = None) -> ComposeDialog:
        dialog = ComposeDialog(self.service, self, draft_id=draft_id)
        self.compose_dialog = dialog
        dialog.sent.connect(self._after_send)
        dialog.draft_saved.connect(lambda _id: self.refresh_counts())
        dialog.open()
        return dialog

    def _after_send(self, _message_id: int) -> None:
        self.status_message.emit(self.tr("Die Nachricht wurde gesendet."))
        self.refresh_counts()
        if self.current_folder != QUARANTINE:
            self.message_list.reload()

    def answer_eeb(self) -> EebDialog | None:
        summary = self.message_list.selected_summary()
        if summary is None or not summary.eeb_requested:
            return None
        dialog = EebDialog(
            self.service, summary.id, betreff=summary.betreff, sender=summary.sender, parent=self
        )
        self.eeb_dialog = dialog
        dialog.answered.connect(self._after_eeb)
        dialog.open()
        return dialog

    def _after_eeb(self, _answer_id: int) -> None:
        self.status_message.emit(self.tr("Das eEB wurde gesendet."))
        self.refresh_counts()
        self.message_view.reload()

    def export_selected(self, target: Path | None = None) -> None:
        message_id = self.message_list.selected_id()
        if message_id is None:
            return
        if target is None:
            folder = QFileDialog.getExistingDirectory(self, self.tr("Exportieren nach"))
            if not folder:
                return
            target = Path(folder)
        service, where = self.service, target

        def work(progress: ProgressCallback, cancel: threading.Event) -> list[Path]:
            return list(service.export([message_id], where, progress=progress, cancel=cancel))

        job = Job(work, self)
        job.finished.connect(self._exported)
        job.failed.connect(lambda exc: show_error(self, exc))
        self.progress.track(job, self.tr("Nachricht wird exportiert …"))
        job.start()

    def _exported(self, paths: list[Path]) -> None:
        names = ", ".join(p.name for p in paths)
        self.status_message.emit(self.tr("Exportiert: {names}").format(names=names))

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.service, self)
        self.settings_dialog = dialog
        dialog.saved.connect(
            lambda _s: self.status_message.emit(self.tr("Einstellungen gespeichert."))
        )
        dialog.open()
        return dialog
