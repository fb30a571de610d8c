"""The real windows over the real core against the running testbed (issue 7, "Done when"):
open DEMO, unlock, fetch the demo messages, open the court letter, release a clean PDF, see the
EICAR file refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from client.core.mailbox import WorkdirOpener
from client.store import Folder
from client.ui.main_window import MainWindow
from client.ui.workers import wait_for_background
from profiles import workdirs
from testbed.pki import DEMO_PIN
from tests.e2e.conftest import RunningTestbed

pytestmark = [pytest.mark.slow, pytest.mark.gui, pytest.mark.allow_log_warnings]


def test_unlock_fetch_open_release_and_refuse(qtbot, testbed: RunningTestbed) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(testbed.base, opener_factory=WorkdirOpener)
    qtbot.addWidget(window)
    window.show()
    assert window.open_workdir(workdirs.open_workdir("demo", testbed.base))
    dialog = window.unlock_dialog
    assert dialog is not None
    dialog.person.setText("Erika Mustermann")
    dialog.password.setText(DEMO_PIN)
    with qtbot.waitSignal(window.mailbox_shown, timeout=30_000) as shown:
        dialog.unlock_button.click()
    page = shown.args[0]
    with qtbot.waitSignal(page.fetch_finished, timeout=120_000) as finished:
        page.fetch_action.trigger()
    assert finished.args == [4]
    qtbot.waitUntil(lambda: page.folders.counts(Folder.POSTEINGANG)[0] == 4, timeout=20_000)
    qtbot.waitUntil(
        lambda: not page.message_list.loading and page.message_list.model.rowCount() == 4,
        timeout=20_000,
    )
    service = page.service
    rows = {r.betreff: r.id for r in service.list_messages(Folder.POSTEINGANG)}

    letter = next(i for b, i in rows.items() if b.startswith("Ladung"))
    with qtbot.waitSignal(page.message_view.details_loaded, timeout=20_000):
        assert page.message_list.select_message(letter)
    view = page.message_view
    assert view.eeb_badge.text() == "eEB angefordert"
    assert page.eeb_action.isEnabled()
    assert view.select_document("Ladung.pdf")
    assert view.release_button.isEnabled()
    with qtbot.waitSignal(view.details_loaded, timeout=20_000):
        view.release_button.click()
    transfer = Path(service.settings().transfer_dir)
    assert (transfer / "Ladung.pdf").is_file()

    eicar = next(i for b, i in rows.items() if "EICAR" in b)
    with qtbot.waitSignal(page.message_view.details_loaded, timeout=20_000):
        assert page.message_list.select_message(eicar)
    infected = next(
        a.original_name for a in service.attachments(eicar) if a.scan_state.name == "INFECTED"
    )
    assert view.select_document(infected)
    assert not view.release_button.isEnabled()
    assert "Schadsoftware" in view.release_hint.text()
    window.close()
    wait_for_background()
