"""Answering an eEB: the dialog shows what will be sent and hands the right answer over."""

from __future__ import annotations

from datetime import date

import pytest
from lxml import etree
from PySide6.QtCore import QDate

from client.egvp import EebAccept, EebReject, StoerungsId
from client.store import Folder
from client.ui.models.message_table import MessageIdRole
from client.ui.views.eeb_dialog import EebDialog
from client.ui.views.mailbox_page import MailboxPage
from tests.client.ui.fake_service import FakeMailboxService

pytestmark = pytest.mark.gui
NS = {"t": "http://www.xjustiz.de"}


@pytest.fixture
def dialog(qtbot, service: FakeMailboxService, demo_ids: dict[str, int]) -> EebDialog:
    dlg = EebDialog(
        service,
        demo_ids["demo-2025-0001"],
        betreff="Ladung zum Termin am 14.05.2025, 10:30 Uhr",
        sender="Amtsgericht Musterstadt",
    )
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.preview_shown, timeout=10_000):
        dlg.show()
    return dlg


def test_accept_with_date(
    qtbot, dialog: EebDialog, service: FakeMailboxService, demo_ids: dict[str, int]
) -> None:
    assert dialog.to_label.text() == "safe-1600000001-ag-musterstadt"
    assert dialog.subject_label.text() == "EB zu: 12 C 345/25"
    assert dialog.az_label.text() == "Empfänger: 12 C 345/25 · Ihres: 31-2025/0815"
    with qtbot.waitSignal(dialog.preview_shown, timeout=10_000):
        dialog.date.setDate(QDate(2025, 5, 6))
    root = etree.fromstring(dialog.xml.toPlainText().encode())
    assert root.findtext("t:fachdaten/t:empfangsbestaetigung", namespaces=NS) == "2025-05-06"
    assert dialog.send_button.isEnabled()
    with qtbot.waitSignal(dialog.answered, timeout=10_000) as answered:
        dialog.send_button.click()
    assert service.calls.eeb == [(demo_ids["demo-2025-0001"], EebAccept(date(2025, 5, 6)))]
    answer = service.store.mailbox.get(answered.args[0])
    assert (answer.folder, answer.betreff, answer.is_eeb_answer) == (
        Folder.GESENDET,
        "EB zu: 12 C 345/25",
        True,
    )


def test_stoerung_with_code_and_reason(
    qtbot, dialog: EebDialog, service: FakeMailboxService, demo_ids: dict[str, int]
) -> None:
    with qtbot.waitSignal(dialog.preview_shown, timeout=10_000):
        dialog.reject_radio.setChecked(True)
    assert not dialog.date.isEnabled()
    assert dialog.code.currentText() == "1 – Zustellungsempfänger nicht am Verfahren beteiligt"
    with qtbot.waitSignal(dialog.preview_shown, timeout=10_000):
        dialog.code.setCurrentIndex(1)
    with qtbot.waitSignal(dialog.preview_shown, timeout=10_000):
        dialog.reason.setPlainText("Anlage 2 fehlt.")
    root = etree.fromstring(dialog.xml.toPlainText().encode())
    meldung = root.find("t:fachdaten/t:stoerungsmeldung", NS)
    assert meldung is not None
    assert meldung.findtext("t:stoerungsID/code", namespaces=NS) == "2"
    assert meldung.findtext("t:stoerungsGrund", namespaces=NS) == "Anlage 2 fehlt."
    with qtbot.waitSignal(dialog.answered, timeout=10_000):
        dialog.send_button.click()
    assert service.calls.eeb == [
        (demo_ids["demo-2025-0001"], EebReject(StoerungsId.INHALT_UNKLAR, "Anlage 2 fehlt."))
    ]


def test_toolbar_opens_the_dialog_for_the_request(
    qtbot, service: FakeMailboxService, demo_ids: dict[str, int]
) -> None:
    page = MailboxPage(service)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.message_list.model.rowCount() == 5, timeout=10_000)
    with qtbot.waitSignal(page.message_view.details_loaded, timeout=10_000):
        page.message_list.select_message(demo_ids["demo-2025-0001"])
    assert page.message_list.view.currentIndex().data(MessageIdRole) == demo_ids["demo-2025-0001"]
    page.eeb_action.trigger()
    dialog = page.eeb_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    with qtbot.waitSignal(dialog.answered, timeout=10_000):
        dialog.send_button.click()
    assert service.calls.eeb[0][0] == demo_ids["demo-2025-0001"]
