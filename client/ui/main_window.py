"""The main window: the working-directory chooser, then (after unlocking) the mailbox page.

``opener_factory`` turns an opened working directory into a :class:`MailboxOpener` (the core's
service; ``None`` while a working directory is not configured far enough to have a mailbox):
the window then asks for the password in :class:`UnlockDialog` and shows the mailbox. Without a
factory it shows the working directory's state only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QWidget

from client.ui.errors import show_error
from client.ui.services import MailboxOpener, MailboxService
from client.ui.views import dialogs
from client.ui.views.mailbox_page import MailboxPage
from client.ui.views.restore_dialog import RestoreDialog
from client.ui.views.unlock_dialog import UnlockDialog
from client.ui.views.workdir_chooser import WorkdirChooser
from client.ui.workers import run_in_background
from profiles import workdirs
from profiles.errors import AlreadyOpen
from profiles.lock import InstanceLock
from profiles.workdirs import Workdir, WorkdirSummary

logger = logging.getLogger(__name__)


OpenerFactory = Callable[[Workdir], MailboxOpener | None]


class MainWindow(QMainWindow):
    workdir_opened = Signal(object)  # Workdir
    mailbox_shown = Signal(object)  # MailboxPage

    def __init__(
        self,
        base: Path,
        parent: QWidget | None = None,
        *,
        opener_factory: OpenerFactory | None = None,
    ) -> None:
        super().__init__(parent)
        self.base = base
        self.opener_factory = opener_factory
        self.workdir: Workdir | None = None
        self.instance_lock: InstanceLock | None = None
        self.unlock_dialog: UnlockDialog | None = None
        self.mailbox: MailboxPage | None = None
        self.restore_dialog: RestoreDialog | None = None
        self.setWindowTitle(self.tr("beBPo-Client"))
        self.resize(1280, 800)
        self.chooser = WorkdirChooser(base, self)
        self.chooser.open_requested.connect(self._on_chooser_open_requested)
        self.chooser.add_requested.connect(self.add_configuration_id)
        self.chooser.restore_requested.connect(self.restore_backup)
        self.opened_page = QLabel(self)
        self.opened_page.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.chooser)
        self.stack.addWidget(self.opened_page)
        self.setCentralWidget(self.stack)
        self._build_menu()
        self.statusBar().showMessage(self.tr("Bereit"))
        self.chooser.reload()

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Datei"))
        add = QAction(self.tr("Konfigurations-ID &hinzufügen …"), self)
        add.triggered.connect(self.add_configuration_id)
        self.backup_action = QAction(self.tr("Postfach &sichern …"), self)
        self.backup_action.setToolTip(
            self.tr("Eine verschlüsselte Sicherung des ganzen Postfachs schreiben")
        )
        self.backup_action.setEnabled(False)  # needs an unlocked mailbox
        self.backup_action.triggered.connect(self.backup_mailbox)
        # Works without an unlocked mailbox: it writes into a new working directory.
        self.restore_action = QAction(self.tr("Sicherung &wiederherstellen …"), self)
        self.restore_action.setToolTip(
            self.tr("Eine Sicherung in ein neues Arbeitsverzeichnis zurückschreiben")
        )
        self.restore_action.triggered.connect(self.restore_backup)
        self.reset_action = QAction(self.tr("&Löschen und Beenden"), self)
        self.reset_action.triggered.connect(self.reset_and_quit)
        quit_action = QAction(self.tr("&Beenden"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        actions = (add, self.backup_action, self.restore_action, self.reset_action, quit_action)
        for action in actions:
            menu.addAction(action)

    def backup_mailbox(self) -> None:
        if self.mailbox is not None:
            self.mailbox.backup()

    def restore_backup(self) -> RestoreDialog:
        """ "Datei → Sicherung wiederherstellen …": suggest the working directory in use (or the
        selected/only one) as the name, and a new folder next to the base folder as target."""
        name = ""
        if self.workdir is not None:
            name = self.workdir.name
        elif (summary := self.chooser.selected()) is not None:
            name = summary.workdir.name
        dialog = RestoreDialog(self.base, name, self)
        dialog.restored.connect(self._on_restored)
        self.restore_dialog = dialog
        dialog.open()
        return dialog

    def _on_restored(self, root: Path) -> None:
        self.statusBar().showMessage(
            self.tr("Sicherung wiederhergestellt: {path}").format(path=root), 15_000
        )
        if root.parent.parent.resolve() == self.base.resolve():
            self.chooser.reload(select=root.name)

    def add_configuration_id(self) -> None:
        configuration_id = dialogs.ask_configuration_id(self)
        if configuration_id is None:
            return
        base = self.base
        run_in_background(
            lambda: workdirs.add(configuration_id, base),
            lambda workdir: self.chooser.reload(select=workdir.name),
            lambda exc: show_error(self, exc),
        )

    def _on_chooser_open_requested(self, summary: WorkdirSummary) -> None:
        self.open_workdir(summary.workdir)

    def open_workdir(self, workdir: Workdir) -> bool:
        """Take the instance lock; if another instance holds it, ask before starting anyway."""
        try:
            self.instance_lock = InstanceLock.acquire(workdir.paths)
        except AlreadyOpen as exc:
            if not dialogs.confirm_start_anyway(self, exc):
                return False
            logger.info("starting a second instance on %s", workdir.paths.root)
            self.instance_lock = None
        self.workdir = workdir
        self._show_opened(workdir)
        self.workdir_opened.emit(workdir)
        opener = self.opener_factory(workdir) if self.opener_factory else None
        if opener is not None:
            self.ask_unlock(opener)
        return True

    def ask_unlock(self, opener: MailboxOpener) -> UnlockDialog:
        dialog = UnlockDialog(opener, self)
        self.unlock_dialog = dialog
        dialog.unlocked.connect(self.show_mailbox)
        dialog.open()
        return dialog

    def show_mailbox(self, service: MailboxService) -> MailboxPage:
        """The unlocked mailbox replaces the start page; its toolbar and progress move in."""
        page = MailboxPage(service, self)
        self.mailbox = page
        # A failure here shows up where the scanner is needed (fetch, rescan) with its text.
        run_in_background(service.prepare_scanner, lambda _: None, lambda _exc: None)
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self.addToolBar(page.toolbar)
        self.statusBar().addPermanentWidget(page.undo_bar)
        self.statusBar().addPermanentWidget(page.progress)
        self.backup_action.setEnabled(True)
        page.status_message.connect(lambda text: self.statusBar().showMessage(text, 15_000))
        self.setWindowTitle(
            self.tr("beBPo-Client – {title} – {person}").format(
                title=service.title, person=service.person
            )
        )
        self.statusBar().showMessage(
            self.tr("Postfach entsperrt. Angemeldet: {person}").format(person=service.person),
            10_000,
        )
        self.mailbox_shown.emit(page)
        return page

    def _show_opened(self, workdir: Workdir) -> None:
        status = workdir.status()
        lines = "<br>".join(status.lines())
        second = (
            ""
            if self.instance_lock
            else self.tr(
                "<p><b>Hinweis:</b> Dieses Arbeitsverzeichnis ist zusätzlich in einer anderen "
                "Instanz geöffnet.</p>"
            )
        )
        self.opened_page.setText(
            f"<h2>{workdir.scenario.title}</h2><p>{workdir.paths.root}</p>{second}<p>{lines}</p>"
        )
        self.stack.setCurrentWidget(self.opened_page)
        self.setWindowTitle(self.tr("beBPo-Client – {name}").format(name=workdir.scenario.title))

    def reset_and_quit(self) -> None:
        """ "Datei → Löschen und Beenden" for a half-configured working directory."""
        target = self.workdir
        if target is None:
            summary = self.chooser.selected()
            target = summary.workdir if summary else None
        if target is None:
            return
        if not dialogs.confirm_reset(self, target.name, str(target.paths.root)):
            return
        try:
            workdirs.reset(target, confirmed=True, held_lock=self.instance_lock)
        except Exception as exc:
            show_error(self, exc)
            return
        self.instance_lock = None
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.mailbox is not None:
            self.mailbox.service.close()
            self.mailbox = None
        if self.instance_lock is not None:
            self.instance_lock.release()
            self.instance_lock = None
        super().closeEvent(event)
