""" "Sicherung wiederherstellen …": a real backup goes back into a new working directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from client.store import Actor, MailboxStore
from client.ui.main_window import MainWindow
from client.ui.views.restore_dialog import RestoreDialog
from client.ui.workers import wait_for_background
from profiles import workdirs
from profiles.paths import WorkdirPaths
from tests.client.ui.conftest import PASSWORD, WORKDIR

pytestmark = pytest.mark.gui


def _message_count(store: MailboxStore) -> int:
    return sum(total for total, _unseen in store.mailbox.folder_counts().values())


@pytest.fixture
def archive(store: MailboxStore, tmp_path: Path) -> Path:
    target = tmp_path / "sicherung.bebpo-backup"
    store.backup(target)
    return target


def _dialog(qtbot, base: Path, archive: Path, password: str = PASSWORD) -> RestoreDialog:
    dialog = RestoreDialog(base, WORKDIR)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.archive.setText(str(archive))
    dialog.password.setText(password)
    return dialog


def test_restores_a_real_backup_into_a_new_base(
    qtbot, store: MailboxStore, archive: Path, base_dir: Path
) -> None:
    dialog = _dialog(qtbot, base_dir, archive)
    assert dialog.workdir_name.text() == "demo"
    target_base = Path(dialog.target_base.text())
    assert target_base == base_dir.parent / "base-wiederhergestellt"  # next to the current one
    assert not target_base.exists()
    with qtbot.waitSignal(dialog.restored, timeout=60_000) as blocker:
        dialog.restore_button.click()
        assert not dialog.restore_button.isEnabled()  # busy while the worker runs
    root = blocker.args[0]
    assert root == WorkdirPaths.for_scenario(target_base, WORKDIR).root

    box = dialog.done_box
    assert box is not None
    assert box.windowTitle() == "Sicherung wiederhergestellt"
    assert f"Arbeitsverzeichnis: {root}" in box.text()
    assert f"--base-dir {target_base}" in box.text()
    box.button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)

    restored = MailboxStore.open(
        WorkdirPaths.for_scenario(target_base, WORKDIR), PASSWORD, actor=Actor("tester", "Prüfer")
    )
    try:
        assert _message_count(restored) == _message_count(store) > 0
    finally:
        restored.close()


def test_refuses_the_working_directory_in_use(qtbot, archive: Path, base_dir: Path) -> None:
    calls: list[tuple[Path, Path, str, str]] = []

    def restore(archive: Path, base: Path, name: str, password: str) -> Path:
        calls.append((archive, base, name, password))
        return base

    dialog = RestoreDialog(base_dir, WORKDIR, restore=restore)
    qtbot.addWidget(dialog)
    dialog.archive.setText(str(archive))
    dialog.password.setText(PASSWORD)
    dialog.target_base.setText(str(base_dir))
    dialog.restore_button.click()
    wait_for_background()
    assert calls == []
    assert not dialog.problem.isHidden()
    assert "„demo“ im gerade benutzten Ordner" in dialog.problem.text()
    assert "kann nicht überschrieben werden" in dialog.problem.text()


def test_wrong_password_shows_german_error(
    qtbot, archive: Path, base_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text: shown.append((title, text))
    )
    dialog = _dialog(qtbot, base_dir, archive, password="Falsch-Falsch-2024")
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    assert shown[0][0] == "Falsches Passwort"
    assert dialog.restore_button.isEnabled()  # the user can try again
    assert dialog.done_box is None


def test_file_menu_and_start_screen_offer_restore(qtbot, base_dir: Path) -> None:
    workdirs.add("DEMO", base_dir)
    window = MainWindow(base_dir)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.chooser.rows_loaded, timeout=10_000):
        window.show()
    assert window.restore_action.isEnabled()  # no unlocked mailbox needed
    assert window.restore_action.text() == "Sicherung &wiederherstellen …"
    window.chooser.restore_button.click()
    dialog = window.restore_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.workdir_name.text() == "demo"  # the selected working directory
    dialog.reject()
