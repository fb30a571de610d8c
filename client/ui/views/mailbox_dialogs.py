"""The mailbox page's small dialogs: the purge confirmation, the backup target and the backup
result. Built here and opened window-modal by the page (``open()``), which keeps them as
attributes so tests can answer them. Texts share the page's translation context."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from client.store import BackupReport
from client.ui.formatting import format_size

BACKUP_SUFFIX = ".bebpo-backup"


def purge_confirmation(parent: QWidget, count: int) -> QMessageBox:
    """ "Endgültig löschen" names how many messages go; "Abbrechen" is the default."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("MailboxPage", "Endgültig löschen"),
        QCoreApplication.translate(
            "MailboxPage",
            "{n} Nachricht(en) mit allen Dokumenten endgültig löschen? Das kann nicht "
            "rückgängig gemacht werden.",
        ).format(n=count),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setObjectName("purge_confirmation")
    box.button(QMessageBox.StandardButton.Yes).setText(
        QCoreApplication.translate("MailboxPage", "Endgültig löschen")
    )
    box.button(QMessageBox.StandardButton.Cancel).setText(
        QCoreApplication.translate("MailboxPage", "Abbrechen")
    )
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box


def ask_backup_target(parent: QWidget) -> Path | None:
    """Where the backup goes (a new file; the dialog asks before replacing one)."""
    suggested = f"beBPo-Sicherung-{date.today().isoformat()}{BACKUP_SUFFIX}"
    name, _filter = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("MailboxPage", "Postfach sichern"),
        str(Path.home() / suggested),
        QCoreApplication.translate(
            "MailboxPage", "beBPo-Sicherungen (*.bebpo-backup);;Alle Dateien (*)"
        ),
    )
    return Path(name) if name else None


def backup_done(parent: QWidget, report: BackupReport) -> QMessageBox:
    """The result with size and SHA-256 (selectable, to note down or compare later)."""
    text = QCoreApplication.translate(
        "MailboxPage",
        "Das Postfach wurde gesichert.\n\nDatei: {path}\nGröße: {size}\nSHA-256: {sha256}"
        "\n\n{messages} Nachricht(en), {attachments} Dokument(e). Bewahren Sie die "
        "Sicherung getrennt vom Arbeitsverzeichnis auf; sie öffnet sich mit dem "
        "Postfach-Kennwort von heute.",
    ).format(
        path=report.path,
        size=format_size(report.size),
        sha256=report.sha256,
        messages=report.messages,
        attachments=report.attachments,
    )
    box = QMessageBox(
        QMessageBox.Icon.Information,
        QCoreApplication.translate("MailboxPage", "Postfach gesichert"),
        text,
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("backup_done")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return box
