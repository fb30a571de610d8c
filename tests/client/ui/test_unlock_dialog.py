"""Unlocking: a wrong password is refused with the German text and can be retried."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton

from client.ui.views.unlock_dialog import UnlockDialog
from profiles.paths import WorkdirPaths
from tests.client.ui.conftest import PASSWORD, PERSON
from tests.client.ui.fake_service import FakeMailboxService, FakeOpener

pytestmark = pytest.mark.gui


@pytest.fixture
def dialog(qtbot, demo_paths: WorkdirPaths) -> UnlockDialog:
    dlg = UnlockDialog(FakeOpener(demo_paths))
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def _unlock_button(dialog: UnlockDialog) -> QPushButton:
    button = dialog.findChild(QPushButton, "unlock")
    assert isinstance(button, QPushButton)
    return button


def test_unlock_needs_password_and_name(dialog: UnlockDialog) -> None:
    assert not _unlock_button(dialog).isEnabled()
    dialog.password.setText("irgendwas")
    assert not _unlock_button(dialog).isEnabled()
    dialog.person.setText("   ")
    assert not _unlock_button(dialog).isEnabled()
    dialog.person.setText(PERSON)
    assert _unlock_button(dialog).isEnabled()


def test_wrong_then_right_password(qtbot, dialog: UnlockDialog) -> None:
    dialog.person.setText(PERSON)
    dialog.password.setText("Falsch-2024")
    _unlock_button(dialog).click()
    qtbot.waitUntil(dialog.error_label.isVisible, timeout=10_000)
    assert "Falsches Passwort" in dialog.error_label.text()
    assert "öffnet den Nachrichtenspeicher nicht" in dialog.error_label.text()
    assert dialog.password.text() == ""  # cleared for the next try
    assert dialog.isVisible()
    assert dialog.service is None

    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(dialog.unlocked, timeout=10_000) as unlocked:
        _unlock_button(dialog).click()
    service = unlocked.args[0]
    assert isinstance(service, FakeMailboxService)
    assert service.person == PERSON
    assert not dialog.isVisible()
    assert not dialog.error_label.isVisible()
    # The journal names the person who unlocked.
    entries = service.store.mailbox.journal_entries()
    assert entries[-1].person == PERSON
    service.close()
