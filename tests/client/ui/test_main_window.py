"""The start screen: working-directory chooser, adding an ID, the single-instance warning."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from client.ui.main_window import MainWindow
from client.ui.models.workdir_table import COL_IDS, COL_STATE, WorkdirTableModel
from client.ui.views import dialogs
from profiles import workdirs

pytestmark = pytest.mark.gui
REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def window(qtbot, base_dir: Path) -> MainWindow:
    workdirs.add("DEMO", base_dir)
    win = MainWindow(base_dir)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.chooser.rows_loaded, timeout=10_000):
        win.show()
    return win


def test_model_passes_modeltester(qtmodeltester, base_dir: Path) -> None:
    workdirs.add("DEMO", base_dir)
    workdirs.add("DEMO-GERICHT", base_dir)
    model = WorkdirTableModel()
    model.set_rows(workdirs.list_workdirs(base_dir))
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.index(0, COL_IDS).data() == "DEMO"
    assert model.index(0, COL_STATE).data() == "Dateien fehlen"


def test_chooser_lists_workdirs_with_missing_files(window: MainWindow) -> None:
    assert window.chooser.model.rowCount() == 1
    assert window.chooser.selected() is not None
    details = window.chooser.details.toPlainText()
    assert "Postfachschlüssel (PKCS#12)" in details
    assert "Legen Sie sie als postfach.p12 in den Ordner" in details


def test_add_configuration_id(window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dialogs, "ask_configuration_id", lambda parent: "demo-gericht")
    with qtbot.waitSignal(window.chooser.rows_loaded, timeout=10_000):
        window.add_configuration_id()
    assert window.chooser.model.rowCount() == 2
    assert window.chooser.selected().workdir.name == "demo-gericht"


@pytest.mark.allow_log_warnings
def test_unknown_configuration_id_shows_german_error(
    window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "ask_configuration_id", lambda parent: "NIX")
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text: shown.append((title, text))
    )
    window.add_configuration_id()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert shown[0][0] == "Unbekannte Konfigurations-ID"
    assert "„NIX“ ist nicht bekannt" in shown[0][1]


@pytest.fixture
def other_instance(window: MainWindow) -> Iterator[int]:
    root = window.chooser.selected().workdir.paths.root
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.lock_holder", str(root), "instance"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.startswith("READY")
    yield int(line.split()[1])
    proc.kill()
    proc.communicate(timeout=30)


def _answer_warning(button: str, seen: list[str]) -> None:
    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox):
        QTimer.singleShot(20, lambda: _answer_warning(button, seen))
        return
    seen.append(box.text())
    box.findChild(QPushButton, button).click()


@pytest.mark.parametrize(("button", "opened"), [("start_anyway", True), ("cancel", False)])
def test_single_instance_warning(
    window: MainWindow, other_instance: int, button: str, opened: bool
) -> None:
    seen: list[str] = []
    QTimer.singleShot(0, lambda: _answer_warning(button, seen))
    summary = window.chooser.selected()
    assert window.open_workdir(summary.workdir) is opened
    assert f"bereits geöffnet von PID {other_instance}" in seen[0]
    assert (window.workdir is not None) is opened
    assert window.instance_lock is None


def test_open_takes_the_instance_lock(window: MainWindow) -> None:
    summary = window.chooser.selected()
    assert window.open_workdir(summary.workdir)
    assert window.instance_lock is not None
    assert window.instance_lock.held
    window.close()
    assert window.instance_lock is None
