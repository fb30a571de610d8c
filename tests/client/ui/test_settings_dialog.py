"""Settings: retention with a warning when off, transfer folder, scanner, certificates, and our
entry in the directory service (role state, editing or registering the Visitenkarte)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from client.core.directory import RoleState
from client.core.errors import DirectoryRequestRefused, ServiceUnreachable
from client.ui.views.card_dialog import VisitenkarteDialog
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


def _directory_dialog(qtbot, service: FakeMailboxService) -> SettingsDialog:
    dlg = SettingsDialog(service)
    qtbot.addWidget(dlg)
    with qtbot.waitSignals([dlg.directory_loaded, dlg.loaded], timeout=20_000):
        dlg.show()
    dlg.tabs.setCurrentIndex(dlg.tabs.count() - 1)
    return dlg


def _open_card(qtbot, dlg: SettingsDialog) -> VisitenkarteDialog:
    assert dlg.edit_card_button.text() == "Visitenkarte bearbeiten …"
    dlg.edit_card_button.click()
    card = dlg.card_dialog
    assert card is not None
    qtbot.waitUntil(lambda: card.fields["organisation"].isReadOnly() is False, timeout=10_000)
    assert card.isVisible()
    return card


def test_edit_card_updates_directory_and_refreshes_role(qtbot, service: FakeMailboxService) -> None:
    dlg = _directory_dialog(qtbot, service)
    assert dlg.role_label.text() == "Rolle egvp_bebpo: bestätigt"
    card = _open_card(qtbot, dlg)
    assert card.fields["organisation"].text() == "Stadt Musterstadt"
    assert card.fields["organisationszusatz"].text() == "Rechtsamt"
    assert card.safe_id_label.text() == OWN_SAFE_ID
    assert card.save_button.text() == "Speichern"
    assert card.save_button.isEnabled()

    # An organisation or a name is required.
    card.fields["organisation"].clear()
    assert not card.save_button.isEnabled()
    card.fields["name"].setText("Erika Mustermann")
    assert card.save_button.isEnabled()
    card.fields["name"].clear()
    card.fields["organisation"].setText("Stadt Musterstadt")

    card.fields["organisationszusatz"].setText("Rechts- und Ordnungsamt")
    card.fields["telefon"].setText("+49 1234 5678-99")
    with qtbot.waitSignal(dlg.directory_loaded, timeout=10_000) as blocker:
        card.save_button.click()
    assert blocker.args == [True]
    assert service.calls.registered == []
    (sent,) = service.calls.updated
    assert sent.organisationszusatz == "Rechts- und Ordnungsamt"
    assert sent.telefon == "+49 1234 5678-99"
    assert sent.organisation == "Stadt Musterstadt"
    assert sent.nutzer_id == OWN_SAFE_ID  # the SAFE-ID is kept, not edited
    assert not card.isVisible()
    # A changed identity needs the Prüfstelle again; the tab shows the directory's new state.
    assert dlg.role_label.text() == "Rolle egvp_bebpo: noch nicht bestätigt (Prüfstelle)"
    assert dlg.safe_id_label.text() == f"SAFE-ID: {OWN_SAFE_ID}"
    assert dlg.directory_note.text() == "Stand: Abfrage nach dem Speichern der Visitenkarte."


def test_register_when_not_in_directory(qtbot, service: FakeMailboxService) -> None:
    service.card = None
    service.role_state = None
    dlg = _directory_dialog(qtbot, service)
    assert dlg.role_label.text() == "Rolle egvp_bebpo: keine Rolle"
    card = _open_card(qtbot, dlg)
    assert card.save_button.text() == "Im Verzeichnis eintragen"
    assert card.fields["organisation"].text() == ""
    assert not card.save_button.isEnabled()
    card.fields["organisation"].setText("Gemeinde Beispieldorf")
    card.fields["postleitzahl"].setText("54322")
    card.fields["ort"].setText("Beispieldorf")
    with qtbot.waitSignal(dlg.directory_loaded, timeout=10_000):
        card.save_button.click()
    assert service.calls.updated == []
    (sent,) = service.calls.registered
    assert (sent.organisation, sent.postleitzahl, sent.ort) == (
        "Gemeinde Beispieldorf",
        "54322",
        "Beispieldorf",
    )
    assert dlg.role_label.text() == "Rolle egvp_bebpo: noch nicht bestätigt (Prüfstelle)"
    assert service.own_card() is not None


def test_refusal_is_shown_in_the_card_dialog(
    qtbot, service: FakeMailboxService, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: boxes.append(text))
    service.card = None
    service.role_state = None
    service.card_error = DirectoryRequestRefused(
        service="directory",
        url="https://verzeichnis.example/ws",
        code="CERTIFICATE_IN_USE",
        field="EncryptionCertificate",
        text="certificate already registered",
    )
    dlg = _directory_dialog(qtbot, service)
    card = _open_card(qtbot, dlg)
    card.fields["organisation"].setText("Gemeinde Beispieldorf")
    with qtbot.waitSignal(card.failed, timeout=10_000) as blocker:
        card.save_button.click()
    note = card.note.text()
    assert blocker.args == [note]
    assert note.startswith("Vom Verzeichnisdienst abgelehnt\n")
    assert "Das Postfachzertifikat ist bereits für ein anderes Postfach hinterlegt" in note
    assert len(service.calls.registered) == 1
    assert card.isVisible()  # the user can correct and try again
    assert card.save_button.isEnabled()
    assert card.save_button.text() == "Im Verzeichnis eintragen"
    assert card.fields["organisation"].text() == "Gemeinde Beispieldorf"
    assert boxes == []
    assert dlg.role_label.text() == "Rolle egvp_bebpo: keine Rolle"  # unchanged
