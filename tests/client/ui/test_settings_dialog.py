"""Settings: retention with a warning when off, transfer folder, scanner, certificates."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from client.core.directory import RoleState
from client.core.errors import ServiceUnreachable
from client.ui.views.settings_dialog import SettingsDialog
from profiles.settings import load
from tests.client.ui.fake_service import FakeMailboxService
from tests.client.ui.seed import OWN_SAFE_ID

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


def test_directory_status_shows_safe_id_and_role(qtbot, service: FakeMailboxService) -> None:
    dlg = SettingsDialog(service)
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.directory_loaded, timeout=20_000) as blocker:
        dlg.show()
    assert blocker.args == [True]
    dlg.tabs.setCurrentIndex(dlg.tabs.count() - 1)
    assert dlg.tabs.tabText(dlg.tabs.currentIndex()) == "Verzeichnisdienst"
    assert dlg.safe_id_label.text() == f"SAFE-ID: {OWN_SAFE_ID}"
    assert dlg.role_label.text() == "Rolle egvp_bebpo: bestätigt"


@pytest.mark.parametrize(
    ("state", "text"),
    [(RoleState.UNCONFIRMED, "noch nicht bestätigt (Prüfstelle)"), (None, "keine Rolle")],
)
def test_directory_role_not_confirmed(
    qtbot, service: FakeMailboxService, state: RoleState | None, text: str
) -> None:
    service.role_state = state
    dlg = SettingsDialog(service)
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.directory_loaded, timeout=20_000):
        dlg.show()
    assert dlg.role_label.text() == f"Rolle egvp_bebpo: {text}"


def test_directory_error_is_shown_in_place(
    qtbot, service: FakeMailboxService, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: boxes.append(text))
    service.directory_error = ServiceUnreachable(
        service="directory", url="https://verzeichnis.example/ws", reason="Zeitüberschreitung"
    )
    dlg = SettingsDialog(service)
    qtbot.addWidget(dlg)
    outcomes: list[bool] = []
    dlg.directory_loaded.connect(outcomes.append)
    with qtbot.waitSignals([dlg.directory_loaded, dlg.loaded], timeout=20_000):
        dlg.show()
    assert outcomes == [False]
    note = dlg.directory_note.text()
    assert note.startswith("Dienst nicht erreichbar\n")
    assert "https://verzeichnis.example/ws ist nicht erreichbar (Zeitüberschreitung)" in note
    assert dlg.safe_id_label.text() == "SAFE-ID: …"
    assert boxes == []  # no modal box; the other settings stay usable
    assert dlg.save_button.isEnabled()
