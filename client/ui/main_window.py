"""The main window. For now: the working-directory chooser and the opened working directory's
state; the mailbox views are composed in here as they arrive (issue 7).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QWidget

from client.ui.errors import show_error
from client.ui.views import dialogs
from client.ui.views.workdir_chooser import WorkdirChooser
from client.ui.workers import run_in_background
from profiles import workdirs
from profiles.errors import AlreadyOpen
from profiles.lock import InstanceLock
from profiles.workdirs import Workdir, WorkdirSummary

logger = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    workdir_opened = Signal(object)  # Workdir

    def __init__(self, base: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.base = base
        self.workdir: Workdir | None = None
        self.instance_lock: InstanceLock | None = None
        self.setWindowTitle(self.tr("beBPo-Client"))
        self.resize(1100, 700)
        self.chooser = WorkdirChooser(base, self)
        self.chooser.open_requested.connect(self._on_chooser_open_requested)
        self.chooser.add_requested.connect(self.add_configuration_id)
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
        self.reset_action = QAction(self.tr("&Löschen und Beenden"), self)
        self.reset_action.triggered.connect(self.reset_and_quit)
        quit_action = QAction(self.tr("&Beenden"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        for action in (add, self.reset_action, quit_action):
            menu.addAction(action)

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
        return True

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
        if self.instance_lock is not None:
            self.instance_lock.release()
            self.instance_lock = None
        super().closeEvent(event)
