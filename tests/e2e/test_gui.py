"""The real windows over the real core against the running testbed (issue 7, "Done when"):
open DEMO, unlock, fetch the demo messages, open the court letter, release a clean PDF, see the
EICAR file refused, answer the eEB, compose and send to the second demo mailbox."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from client.core.mailbox import WorkdirOpener
from client.store import Folder
from client.ui.main_window import MainWindow
from client.ui.views.compose_dialog import ComposeDialog
from client.ui.views.eeb_dialog import EebDialog
from client.ui.workers import wait_for_background
from profiles import workdirs
from testbed.pki import DEMO_PIN
from tests.e2e.conftest import RunningTestbed

pytestmark = [pytest.mark.slow, pytest.mark.gui, pytest.mark.allow_log_warnings]


def test_unlock_fetch_open_release_refuse_answer_and_send(
    qtbot, testbed: RunningTestbed, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
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

    # Answer the court's eEB request through the real dialog: preview, send, it is in Gesendet.
    dialog = EebDialog(service, letter, betreff="Ladung", sender="Demo-Amtsgericht")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview_shown, timeout=20_000):
        dialog.show()
    assert dialog.subject_label.text().startswith("EB zu: ")
    assert "empfangsbestaetigung" in dialog.xml.toPlainText()
    with qtbot.waitSignal(dialog.answered, timeout=60_000) as answered:
        dialog.send_button.click()
    sent = service.message(answered.args[0])
    assert sent.folder is Folder.GESENDET
    assert sent.is_eeb_answer
    assert sent.osci_message_id

    # Compose and send to the second demo mailbox: the recipient comes from the directory.
    compose = ComposeDialog(service)
    qtbot.addWidget(compose)
    compose.show()
    compose.choose_recipient_button.click()
    directory = compose.directory_dialog
    assert directory is not None
    directory.fields[next(iter(directory.fields))].setText("Demo-Amtsgericht")
    with qtbot.waitSignal(directory.searched, timeout=20_000):
        directory.search_button.click()
    assert directory.model.rowCount() >= 1
    directory.select_hit(0)
    directory.choose_button.click()
    assert compose.recipient is not None
    compose.betreff.setText("Stellungnahme zur Ladung")
    compose.az_own.setText("RA-2026/0815")
    compose.az_theirs.setText("3 C 123/26")
    schriftsatz = tmp_path / "Stellungnahme.pdf"
    schriftsatz.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n")
    with qtbot.waitSignal(compose.checked, timeout=20_000):
        compose.add_files([schriftsatz])
    assert compose.send_button.isEnabled()
    with qtbot.waitSignal(compose.sent, timeout=60_000) as sent_signal:
        compose.send_button.click()
    outgoing = service.message(sent_signal.args[0])
    assert outgoing.folder is Folder.GESENDET
    court = testbed.open("demo-gericht")
    try:
        court.fetch(progress=lambda *a: None, cancel=threading.Event())
        arrived = [
            r
            for r in court.list_messages(Folder.POSTEINGANG)
            if r.betreff == "Stellungnahme zur Ladung"
        ]
        assert len(arrived) == 1
        (document,) = [
            a for a in court.attachments(arrived[0].id) if a.original_name == "Stellungnahme.pdf"
        ]
        with court.store.mailbox.open_attachment(document.id) as reader:
            assert reader.read() == schriftsatz.read_bytes()
    finally:
        court.close()
    window.close()
    wait_for_background()
