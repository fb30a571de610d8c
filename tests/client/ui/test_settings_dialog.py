"""Settings: retention with a warning when off, transfer folder, scanner, certificates."""

from __future__ import annotations

import pytest

from client.ui.views.settings_dialog import SettingsDialog
from profiles.settings import load
from tests.client.ui.fake_service import FakeMailboxService

pytestmark = pytest.mark.gui


@pytest.fixture
def dialog(qtbot, service: FakeMailboxService) -> SettingsDialog:
    dlg = SettingsDialog(service)
    qtbot.addWidget(dlg)
    with qtbot.waitSignals([dlg.loaded, dlg.certificates_loaded], timeout=20_000):
        dlg.show()
    return dlg


def test_retention_warning_and_save(
    qtbot, dialog: SettingsDialog, service: FakeMailboxService
) -> None:
    assert dialog.retention_enabled.isChecked()  # on by default (scenario default)
    assert dialog.trash_days.value() == 90
    assert not dialog.retention_warning.isVisible()
    dialog.tabs.setCurrentIndex(0)
    dialog.retention_enabled.setChecked(False)
    assert dialog.retention_warning.isVisible()
    assert "unbegrenzt gespeichert" in dialog.retention_warning.text()
    assert not dialog.trash_days.isEnabled()

    dialog.transfer_dir.setText("/srv/transfer/rechtsamt")
    dialog.scanner_mode.setCurrentIndex(dialog.scanner_mode.findData("command"))
    assert dialog.scanner_command.isEnabled()
    assert not dialog.clamd_socket.isEnabled()
    dialog.scanner_command.setText("/usr/local/bin/pruefen --datei '{file}'")
    dialog.proxy.setText("http://proxy.behoerde.de:3128")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save_button.click()
    saved = load(service.paths.settings_file)
    assert saved.retention.enabled is False
    assert saved.transfer_dir == "/srv/transfer/rechtsamt"
    assert saved.scanner.mode == "command"
    assert saved.scanner.command == ("/usr/local/bin/pruefen", "--datei", "{file}")
    assert saved.proxy_url == "http://proxy.behoerde.de:3128"


def test_certificates_with_expiry(dialog: SettingsDialog) -> None:
    table = dialog.certificates
    assert table.rowCount() == 2
    assert table.item(0, 0).text() == "Postfachzertifikat (Verschlüsselung)"
    assert table.item(1, 0).text() == "VHN-Zertifikat (Signatur)"
    assert table.item(0, 2).text().count(".") == 2  # dd.mm.yyyy
    assert "läuft in" in table.item(1, 3).text()
    assert dialog.certificates_note.text() == "1 Zertifikat(e) brauchen Ihre Aufmerksamkeit."
