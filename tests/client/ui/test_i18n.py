"""English is selectable: the .ts file covers the new windows and the built .qm is used."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from client.store import Folder
from client.ui.models.folder_tree import QUARANTINE, FolderTreeModel
from client.ui.models.message_table import COL_PARTY, MessageTableModel
from client.ui.views.restore_dialog import RestoreDialog
from client.ui.views.undo_bar import UndoBar
from tests.client.ui.conftest import TS

pytestmark = pytest.mark.gui


def test_every_source_is_translated() -> None:
    root = ET.parse(TS).getroot()  # noqa: S314 - our own translation source file
    unfinished = [
        m.findtext("source")
        for m in root.iter("message")
        if m.find("translation") is None
        or m.find("translation").get("type") == "unfinished"  # type: ignore[union-attr]
        or not (m.findtext("translation") or "").strip()
    ]
    assert unfinished == []
    contexts = {c.findtext("name") for c in root.iter("context")}
    assert {"MailboxPage", "ComposeDialog", "EebDialog", "UnlockDialog", "dialogs"} <= contexts


def test_english_labels(english: None) -> None:
    folders = FolderTreeModel("Demo")
    assert folders.label(Folder.POSTEINGANG) == "Inbox"
    assert folders.label(QUARANTINE) == "Quarantine"
    model = MessageTableModel()
    assert model.headerData(COL_PARTY, Qt.Orientation.Horizontal) == "Sender"


def test_english_trash_and_undo(english: None) -> None:
    bar = UndoBar()
    assert bar.undo_button.text() == "Undo"


def test_english_restore_dialog(english: None, qtbot, base_dir: Path) -> None:
    dialog = RestoreDialog(base_dir, "demo")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Restore backup"
    assert dialog.restore_button.text() == "Restore"
