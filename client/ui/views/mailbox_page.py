"""The unlocked mailbox: toolbar (Abrufen, Neue Nachricht, Antworten mit eEB, Exportieren,
In den Papierkorb / Wiederherstellen / Endgültig löschen, Entwurf öffnen, Einstellungen), folder
tree with unread counts, the message list over the message view, and the quarantine in place of
the list when "Quarantäne" is chosen. The backup of the whole mailbox ("Datei → Postfach
sichern …") runs here too.

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
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from client.core.errors import Cancelled
from client.egvp import PathSource
from client.store import BackupReport, Direction, DraftInfo, Folder, PartyInfo, PartyRole
from client.ui.details import MessageDetails
from client.ui.errors import show_error
from client.ui.formatting import format_size
from client.ui.icons import icon
from client.ui.models.folder_tree import QUARANTINE, FolderKey, FolderRole, FolderTreeModel
from client.ui.services import MailboxService, ProgressCallback
from client.ui.views import mailbox_dialogs
from client.ui.views.compose_dialog import ComposeDialog
from client.ui.views.eeb_dialog import EebDialog
from client.ui.views.message_list import MessageList
from client.ui.views.message_view import MessageView
from client.ui.views.progress import ProgressPanel
from client.ui.views.quarantine_view import QuarantineView
from client.ui.views.settings_dialog import SettingsDialog
from client.ui.views.undo_bar import UndoBar
from client.ui.workers import Job, run_in_background


class MailboxPage(QWidget):
    status_message = Signal(str)
    counts_updated = Signal()
    fetch_finished = Signal(object)  # int (new messages) or the exception
    messages_changed = Signal()  # after trash, restore or purge
    backup_finished = Signal(object)  # BackupReport or the exception

    def __init__(self, service: MailboxService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.current_folder: FolderKey = Folder.POSTEINGANG
        self.fetch_job: Job | None = None
        self.compose_dialog: ComposeDialog | None = None
        self.eeb_dialog: EebDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.purge_box: QMessageBox | None = None
        self.backup_box: QMessageBox | None = None
        self.backup_job: Job | None = None
        self.progress = ProgressPanel(self)
        self.undo_bar = UndoBar(self)
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
        # The list's own actions: context menu, and Entf works while the list has the focus.
        list_view = self.message_list.view
        list_view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        list_view.addActions(
            [self.open_draft_action, self.trash_action, self.restore_action, self.purge_action]
        )
        list_view.doubleClicked.connect(lambda _index: self.open_selected_draft())
        list_view.selectionModel().selectionChanged.connect(self._update_list_actions)
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
        self.open_draft_action = QAction(icon("action-open"), self.tr("Entwurf öffnen"), self)
        self.open_draft_action.setToolTip(self.tr("Den Entwurf im Nachrichtenfenster bearbeiten"))
        self.trash_action = QAction(icon("action-trash"), self.tr("In den Papierkorb"), self)
        self.trash_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.trash_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.trash_action.setToolTip(
            self.tr("Die gewählten Nachrichten in den Papierkorb verschieben (Entf)")
        )
        self.restore_action = QAction(icon("action-restore"), self.tr("Wiederherstellen"), self)
        self.restore_action.setToolTip(
            self.tr("Die gewählten Nachrichten in ihren Ordner zurücklegen")
        )
        self.purge_action = QAction(icon("action-delete"), self.tr("Endgültig löschen"), self)
        self.purge_action.setToolTip(
            self.tr("Die gewählten Nachrichten mit ihren Dokumenten unwiderruflich löschen")
        )
        for action in (
            self.fetch_action,
            self.new_action,
            self.eeb_action,
            self.export_action,
            self.open_draft_action,
            self.trash_action,
            self.restore_action,
            self.purge_action,
        ):
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
        self.open_draft_action.triggered.connect(self.open_selected_draft)
        self.trash_action.triggered.connect(self.trash_selected)
        self.restore_action.triggered.connect(self.restore_selected)
        self.purge_action.triggered.connect(self.purge_selected)
        self.eeb_action.setEnabled(False)
        self.export_action.setEnabled(False)
        self._show_folder_actions(Folder.POSTEINGANG)
        for action in (
            self.open_draft_action,
            self.trash_action,
            self.restore_action,
            self.purge_action,
        ):
            action.setEnabled(False)
        return bar

    def _show_folder_actions(self, folder: FolderKey) -> None:
        in_trash = folder == Folder.PAPIERKORB
        self.open_draft_action.setVisible(folder == Folder.ENTWUERFE)
        self.trash_action.setVisible(not in_trash and folder != QUARANTINE)
        self.restore_action.setVisible(in_trash)
        self.purge_action.setVisible(in_trash)

    def _update_list_actions(self, *_args: object) -> None:
        ids = self.message_list.selected_ids() if self.current_folder != QUARANTINE else []
        for action in (self.trash_action, self.restore_action, self.purge_action):
            action.setEnabled(bool(ids))
        self.open_draft_action.setEnabled(len(ids) == 1)

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
        self._show_folder_actions(folder)
        self._update_list_actions()
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

    def compose(
        self, draft_id: int | None = None, initial: DraftInfo | None = None
    ) -> ComposeDialog:
        dialog = ComposeDialog(self.service, self, draft_id=draft_id, initial=initial)
        self.compose_dialog = dialog
        dialog.sent.connect(self._after_send)
        dialog.draft_saved.connect(self._after_draft_saved)
        dialog.open()
        return dialog

    def _after_draft_saved(self, _message_id: int) -> None:
        self.refresh_counts()
        if self.current_folder == Folder.ENTWUERFE:
            self.message_list.reload()

    def open_selected_draft(self) -> None:
        if self.current_folder != Folder.ENTWUERFE:
            return
        ids = self.message_list.selected_ids()
        if len(ids) == 1:
            self.open_draft(ids[0])

    def open_draft(self, draft_id: int) -> None:
        """Reopen a saved draft in the compose dialog: recipient, Betreff, Aktenzeichen and
        its documents (as files again); sending or saving then updates this draft."""
        service = self.service

        def load() -> tuple[DraftInfo, list[PathSource]]:
            record = service.message(draft_id)
            recipients = tuple(
                PartyInfo(PartyRole.RECIPIENT, p.display_name, p.safe_id)
                for p in service.parties(draft_id)
                if p.role is PartyRole.RECIPIENT
            )
            initial = DraftInfo(
                betreff=record.betreff,
                aktenzeichen_absender=record.aktenzeichen_absender,
                aktenzeichen_empfaenger=record.aktenzeichen_empfaenger,
                parties=recipients,
            )
            return initial, list(service.draft_documents(draft_id))

        def loaded(result: tuple[DraftInfo, list[PathSource]]) -> None:
            initial, documents = result
            dialog = self.compose(draft_id, initial)
            dialog.add_sources(documents)

        run_in_background(load, loaded, lambda exc: show_error(self, exc))

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

    # ------------------------------------------------------------ Papierkorb

    def _after_change(self) -> None:
        self.message_view.clear()
        self._update_actions(None)
        self.refresh_counts()
        if self.current_folder != QUARANTINE:
            self.message_list.reload()
        self.messages_changed.emit()

    def trash_selected(self) -> None:
        if self.current_folder in (Folder.PAPIERKORB, QUARANTINE):
            return
        ids = self.message_list.selected_ids()
        if not ids:
            return
        service = self.service
        run_in_background(
            lambda: list(service.move_to_trash(ids)),
            self._trashed,
            lambda exc: show_error(self, exc),
        )

    def _trashed(self, ids: list[int]) -> None:
        if ids:
            self.undo_bar.offer(
                self.tr("{n} Nachricht(en) in den Papierkorb verschoben.").format(n=len(ids)),
                lambda: self.restore(ids),
            )
        self._after_change()

    def restore_selected(self) -> None:
        if self.current_folder != Folder.PAPIERKORB:
            return
        ids = self.message_list.selected_ids()
        if ids:
            self.restore(ids)

    def restore(self, message_ids: list[int]) -> None:
        """Out of the Papierkorb into the folders the messages came from."""
        service = self.service
        run_in_background(
            lambda: list(service.restore_from_trash(message_ids)),
            self._restored,
            lambda exc: show_error(self, exc),
        )

    def _restored(self, ids: list[int]) -> None:
        self.undo_bar.withdraw()
        self.status_message.emit(self.tr("{n} Nachricht(en) wiederhergestellt.").format(n=len(ids)))
        self._after_change()

    def purge_selected(self) -> QMessageBox | None:
        """Ask first (window-modal, kept in :attr:`purge_box`), then delete for good."""
        if self.current_folder != Folder.PAPIERKORB:
            return None
        ids = self.message_list.selected_ids()
        if not ids:
            return None
        box = mailbox_dialogs.purge_confirmation(self, len(ids))
        box.finished.connect(lambda result: self._purge_answered(box, ids))
        self.purge_box = box
        box.open()
        return box

    def _purge_answered(self, box: QMessageBox, ids: list[int]) -> None:
        if box.standardButton(box.clickedButton()) != QMessageBox.StandardButton.Yes:
            return
        service = self.service
        run_in_background(
            lambda: list(service.purge(ids)),
            self._purged,
            lambda exc: show_error(self, exc),
        )

    def _purged(self, ids: list[int]) -> None:
        self.status_message.emit(
            self.tr("{n} Nachricht(en) endgültig gelöscht.").format(n=len(ids))
        )
        self._after_change()

    # ------------------------------------------------------------ backup

    def backup(self, target: Path | None = None) -> None:
        """ "Datei → Postfach sichern …": one encrypted archive, with progress and cancel."""
        if self.backup_job is not None and self.backup_job.running:
            return
        if target is None:
            target = mailbox_dialogs.ask_backup_target(self)
            if target is None:
                return
        service, where = self.service, target

        def work(progress: ProgressCallback, cancel: threading.Event) -> BackupReport:
            return service.backup(where, progress=progress, cancel=cancel)

        job = Job(work, self)
        self.backup_job = job
        job.finished.connect(self._backed_up)
        job.failed.connect(self._backup_failed)
        self.progress.track(job, self.tr("Postfach wird gesichert …"))
        job.start()

    def _backed_up(self, report: BackupReport) -> None:
        box = mailbox_dialogs.backup_done(self, report)
        self.backup_box = box
        box.open()
        self.status_message.emit(
            self.tr("Postfach gesichert: {name} ({size})").format(
                name=report.path.name, size=format_size(report.size)
            )
        )
        self.backup_finished.emit(report)

    def _backup_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self.status_message.emit(self.tr("Die Sicherung wurde abgebrochen."))
        else:
            show_error(self, exc)
        self.backup_finished.emit(exc)

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.service, self)
        self.settings_dialog = dialog
        dialog.saved.connect(
            lambda _s: self.status_message.emit(self.tr("Einstellungen gespeichert."))
        )
        dialog.open()
        return dialog
