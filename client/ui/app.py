"""Starting the GUI."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from client.core.mailbox import WorkdirOpener
from client.ui import i18n
from client.ui.main_window import MainWindow
from profiles.paths import base_dir, resource_dir
from profiles.workdirs import open_workdir


def run_gui(args: argparse.Namespace) -> int:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("beBPo-Client")
    app.setApplicationDisplayName("beBPo-Client")
    app.setOrganizationName("beBPo-Client")
    app.setWindowIcon(QIcon(str(resource_dir() / "icons" / "bebpo-client.svg")))
    i18n.install(app, args.lang or "de")
    base = base_dir(args.base_dir)
    # The core's facade opens a working directory's mailbox (unlock, fetch, send, …).
    window = MainWindow(base, opener_factory=WorkdirOpener)
    window.show()
    if args.workdir:
        window.open_workdir(open_workdir(args.workdir, base))
    if args.smoke:
        # Installation check: the window came up with its resources; quit once events ran.
        icon_ok = not app.windowIcon().isNull()
        QTimer.singleShot(0, app.quit)
        app.exec()
        print(f"smoke ok: {window.windowTitle()} (icon: {'ja' if icon_ok else 'nein'})")
        return 0 if icon_ok else 1
    return app.exec()
