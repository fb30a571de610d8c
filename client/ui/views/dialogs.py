"""Small dialogs of the start screen."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from client.core.errors import user_message
from client.ui.errors import translated
from profiles.errors import AlreadyOpen

translate = QCoreApplication.translate


def ask_configuration_id(parent: QWidget | None) -> str | None:
    text, ok = QInputDialog.getText(
        parent,
        translate("dialogs", "Konfigurations-ID hinzufügen"),
        translate("dialogs", "Konfigurations-ID (erhalten Sie von Ihrer Administration):"),
    )
    return text.strip() if ok and text.strip() else None


def start_anyway_box(parent: QWidget | None, exc: AlreadyOpen) -> QMessageBox:
    """The single-instance warning with "Trotzdem starten" and "Abbrechen" (default)."""
    title, text = translated(user_message(exc))
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    box.setObjectName("instance_warning")
    start = box.addButton(
        translate("dialogs", "Trotzdem starten"), QMessageBox.ButtonRole.AcceptRole
    )
    start.setObjectName("start_anyway")
    cancel = box.addButton(translate("dialogs", "Abbrechen"), QMessageBox.ButtonRole.RejectRole)
    cancel.setObjectName("cancel")
    box.setDefaultButton(cancel)
    return box


def confirm_start_anyway(parent: QWidget | None, exc: AlreadyOpen) -> bool:
    box = start_anyway_box(parent, exc)
    box.exec()
    clicked = box.clickedButton()
    return clicked is not None and clicked.objectName() == "start_anyway"


def confirm_reset(parent: QWidget | None, name: str, path: str) -> bool:
    answer = QMessageBox.question(
        parent,
        translate("dialogs", "Löschen und Beenden"),
        translate(
            "dialogs",
            "Das Arbeitsverzeichnis „{name}“ ({path}) wird mit allen abgelegten Schlüsseln und "
            "Zertifikaten gelöscht, danach wird das Programm beendet. Fortfahren?",
        ).format(name=name, path=path),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
