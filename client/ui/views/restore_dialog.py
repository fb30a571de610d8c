""" "Sicherung wiederherstellen …": a backup archive back into a working directory.

Available on the start screen, without an unlocked mailbox. The restore always goes into a
working directory whose store is still empty — by default in a new base folder next to the one
in use — never over the mailbox the client works with now (the core refuses that as well; the
dialog says so before it even tries).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from client.core.mailbox import restore_mailbox
from client.ui.errors import show_error
from client.ui.workers import run_in_background
from profiles.paths import WorkdirPaths, is_valid_scenario_name

RestoreFunction = Callable[[Path, Path, str, str], Path]
"""``restore(archive, base, name, password) -> working directory`` (``restore_mailbox``)."""


def suggested_base(current: Path) -> Path:
    """A folder next to ``current`` that does not exist yet."""
    stem = f"{current.name or 'bebpo'}-wiederhergestellt"
    candidate = current.parent / stem
    number = 2
    while candidate.exists():
        candidate = current.parent / f"{stem}-{number}"
        number += 1
    return candidate


class RestoreDialog(QDialog):
    restored = Signal(object)  # Path: the restored working directory

    def __init__(
        self,
        current_base: Path,
        workdir_name: str = "",
        parent: QWidget | None = None,
        *,
        restore: RestoreFunction = restore_mailbox,
    ) -> None:
        super().__init__(parent)
        self.current_base = current_base
        self._restore = restore
        self.done_box: QMessageBox | None = None
        self._target = current_base
        self.setWindowTitle(self.tr("Sicherung wiederherstellen"))
        self.setObjectName("restore_dialog")
        self.resize(620, 0)
        intro = QLabel(
            self.tr(
                "Die Sicherung wird in ein neues, leeres Arbeitsverzeichnis zurückgeschrieben. "
                "In das Arbeitsverzeichnis, mit dem dieser Client gerade arbeitet, kann nicht "
                "wiederhergestellt werden – wählen Sie dafür einen anderen Zielordner."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.archive = QLineEdit(self)
        self.archive.setObjectName("archive")
        self.archive.setPlaceholderText(self.tr("Datei *.bebpo-backup"))
        choose_archive = QPushButton(self.tr("Auswählen …"), self)
        choose_archive.setAutoDefault(False)
        choose_archive.clicked.connect(self._choose_archive)
        archive_row = QHBoxLayout()
        archive_row.addWidget(self.archive, 1)
        archive_row.addWidget(choose_archive)
        self.workdir_name = QLineEdit(workdir_name, self)
        self.workdir_name.setObjectName("workdir_name")
        self.target_base = QLineEdit(str(suggested_base(current_base)), self)
        self.target_base.setObjectName("target_base")
        choose_base = QPushButton(self.tr("Auswählen …"), self)
        choose_base.setAutoDefault(False)
        choose_base.clicked.connect(self._choose_base)
        base_row = QHBoxLayout()
        base_row.addWidget(self.target_base, 1)
        base_row.addWidget(choose_base)
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Kennwort zum Zeitpunkt der Sicherung"))
        form = QFormLayout()
        form.addRow(self.tr("Sicherung:"), archive_row)
        form.addRow(self.tr("Arbeitsverzeichnis:"), self.workdir_name)
        form.addRow(self.tr("Zielordner:"), base_row)
        form.addRow(self.tr("Postfach-Kennwort:"), self.password)
        self.problem = QLabel(self)
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.hide()
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)  # unknown duration: the core verifies every blob on the way
        self.busy.setFormat(self.tr("Wird wiederhergestellt …"))
        self.busy.setTextVisible(True)
        self.busy.hide()
        self.buttons = QDialogButtonBox(self)
        self.restore_button = self.buttons.addButton(
            self.tr("Wiederherstellen"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setObjectName("restore")
        self.cancel_button = self.buttons.addButton(
            self.tr("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        self._inputs: list[QWidget] = [
            self.archive,
            choose_archive,
            self.workdir_name,
            self.target_base,
            choose_base,
            self.password,
        ]
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)

    # ------------------------------------------------------------ choosing

    def _choose_archive(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Sicherung wählen"),
            self.archive.text() or str(Path.home()),
            self.tr("beBPo-Sicherungen (*.bebpo-backup);;Alle Dateien (*)"),
        )
        if name:
            self.archive.setText(name)

    def _choose_base(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Zielordner wählen"), str(Path(self.target_base.text()).parent)
        )
        if folder:
            self.target_base.setText(folder)

    # ------------------------------------------------------------ restoring

    def problem_text(self) -> str | None:
        """What keeps the restore from starting (German), or ``None``."""
        archive = self.archive.text().strip()
        name = self.workdir_name.text().strip()
        base = self.target_base.text().strip()
        if not archive or not Path(archive).is_file():
            return self.tr("Wählen Sie die Sicherungsdatei.")
        if not is_valid_scenario_name(name):
            return self.tr(
                "Geben Sie den Namen des Arbeitsverzeichnisses an (z. B. „demo“: kleine "
                "Buchstaben, Ziffern und Bindestriche)."
            )
        if not base:
            return self.tr("Wählen Sie den Zielordner.")
        if not self.password.text():
            return self.tr("Geben Sie das Postfach-Kennwort ein.")
        target = WorkdirPaths.for_scenario(Path(base), name)
        if _same_folder(Path(base), self.current_base) and target.root.exists():
            return self.tr(
                "Das Arbeitsverzeichnis „{name}“ im gerade benutzten Ordner {base} kann nicht "
                "überschrieben werden. Wählen Sie einen anderen, neuen Zielordner."
            ).format(name=name, base=self.current_base)
        return None

    def start(self) -> None:
        problem = self.problem_text()
        self.problem.setText(problem or "")
        self.problem.setVisible(problem is not None)
        if problem is not None:
            return
        archive = Path(self.archive.text().strip())
        base = Path(self.target_base.text().strip())
        name = self.workdir_name.text().strip()
        password = self.password.text()
        restore = self._restore
        self._target = base
        self._set_busy(True)
        run_in_background(
            lambda: restore(archive, base, name, password), self._finished, self._failed
        )

    def _set_busy(self, busy: bool) -> None:
        for widget in self._inputs:
            widget.setEnabled(not busy)
        self.restore_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        self.busy.setVisible(busy)

    def _finished(self, root: Path) -> None:
        self._set_busy(False)
        self.password.clear()
        text = self.tr(
            "Die Sicherung wurde wiederhergestellt.\n\nArbeitsverzeichnis: {path}\n\n"
            "Das Postfach öffnet sich mit dem Postfach-Kennwort der Sicherung."
        ).format(path=root)
        if not _same_folder(self._target, self.current_base):
            text += "\n\n" + self.tr(
                "Um damit zu arbeiten, starten Sie den beBPo-Client mit dem Zielordner als "
                "Basisordner (--base-dir {base})."
            ).format(base=self._target)
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Sicherung wiederhergestellt"),
            text,
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("restore_done")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.finished.connect(self.accept)
        self.done_box = box
        self.restored.emit(root)
        box.open()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        show_error(self, exc)


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b
