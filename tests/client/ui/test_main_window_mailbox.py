"""From the start screen into the mailbox: open a working directory, unlock, see the mailbox
with its toolbar and the status of the person working."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QToolBar

from client.ui.main_window import MainWindow
from profiles import workdirs
from profiles.paths import WorkdirPaths
from profiles.workdirs import Workdir
from tests.client.ui.conftest import PASSWORD, PERSON
from tests.client.ui.fake_service import FakeOpener

pytestmark = pytest.mark.gui


def test_open_unlock_and_show_mailbox(qtbot, demo_paths: WorkdirPaths) -> None:
    base = demo_paths.root.parent.parent
    workdir = workdirs.add("DEMO", base)
    assert workdir.paths == demo_paths
    openers: list[FakeOpener] = []

    def factory(opened: Workdir) -> FakeOpener:
        openers.append(FakeOpener(opened.paths))
        return openers[-1]

    window = MainWindow(base, opener_factory=factory)
    qtbot.addWidget(window)
    window.show()
    assert window.open_workdir(workdir)
    dialog = window.unlock_dialog
    assert dialog is not None
    assert dialog.isVisible()
    dialog.person.setText(PERSON)
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(window.mailbox_shown, timeout=10_000) as shown:
        dialog.unlock_button.click()
    page = shown.args[0]
    assert window.stack.currentWidget() is page
    assert window.windowTitle() == f"beBPo-Client – {openers[0].title} – {PERSON}"
    toolbar = window.findChild(QToolBar, "mailbox_toolbar")
    assert toolbar is not None
    assert [a.text() for a in toolbar.actions() if a.text() and a.isVisible()] == [
        "Abrufen",
        "Neue Nachricht",
        "Antworten mit eEB",
        "Exportieren",
        "In den Papierkorb",
        "Einstellungen",
    ]
    assert window.backup_action.isEnabled()
    qtbot.waitUntil(lambda: page.message_list.model.rowCount() == 5, timeout=10_000)
    service = page.service
    # The scanner starts in the background right after unlock (clamd loads its database).
    qtbot.waitUntil(lambda: service.calls.scanner_prepared == 1, timeout=10_000)
    window.close()
    assert service.closed
    assert window.instance_lock is None
