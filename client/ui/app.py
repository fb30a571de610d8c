"""Starting the GUI."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtWidgets import QApplication

from client.ui import i18n
from client.ui.main_window import MainWindow
from profiles.paths import base_dir
from profiles.workdirs import open_workdir


def run_gui(args: argparse.Namespace) -> int:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("beBPo-Client")
    app.setApplicationDisplayName("beBPo-Client")
    app.setOrganizationName("beBPo-Client")
    i18n.install(app, args.lang or "de")
    base = base_dir(args.base_dir)
    window = MainWindow(base)
    window.show()
    if args.workdir:
        window.open_workdir(open_workdir(args.workdir, base))
    return app.exec()
