"""Our Visitenkarte in the directory service: edit it (``update_directory``) or, before the first
registration, enter the mailbox into the directory (``register_in_directory``)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from client.core.directory import DirectoryEntry
from client.core.errors import user_message
from client.egvp import Visitenkarte
from client.ui.errors import translated
from client.ui.i18n import QT_TRANSLATE_NOOP
from client.ui.services import MailboxService
from client.ui.workers import run_in_background

# The editable fields in the order of the form; nutzer_id (SAFE-ID) and rollen_id belong to the
# directory and are kept as they are.
FIELDS = (
    ("organisation", QT_TRANSLATE_NOOP("VisitenkarteDialog", "Organisation:")),
    ("organisationszusatz", QT_TRANSLATE_NOOP("VisitenkarteDialog", "Zusatz:")),
    ("anrede", QT_TRANSLATE_NOOP("VisitenkarteDialog", "Anrede:")),
    ("titel", QT_TRANSLATE_NOOP("VisitenkarteDialog", "Titel:")),
    ("vorname", QT_TRANSLATE_NOOP("VisitenkarteDialog", "Vorname:")),
    ("name", QT_TRANSLATE_NOOP("VisitenkarteDialog", "Name:")),
    ("strasse", QT_TRANSLATE_NOOP("VisitenkarteDialog", "Straße:")),
    ("hausnummer", QT_TRANSLATE_NOOP("VisitenkarteDialog", "Hausnummer:")),
    ("postleitzahl", QT_TRANSLATE_NOOP("VisitenkarteDialog", "PLZ:")),
    ("ort", QT_TRANSLATE_NOOP("VisitenkarteDialog", "Ort:")),
    ("bundesland", QT_TRANSLATE_NOOP("VisitenkarteDialog", "Bundesland:")),
    ("land", QT_TRANSLATE_NOOP("VisitenkarteDialog", "Land:")),
    ("e_mail", QT_TRANSLATE_NOOP("VisitenkarteDialog", "E-Mail:")),
    ("telefon", QT_TRANSLATE_NOOP("VisitenkarteDialog", "Telefon:")),
    ("mobiltelefon", QT_TRANSLATE_NOOP("VisitenkarteDialog", "Mobiltelefon:")),
    ("fax", QT_TRANSLATE_NOOP("VisitenkarteDialog", "Fax:")),
    ("externe_id", QT_TRANSLATE_NOOP("VisitenkarteDialog", "Externe Kennung:")),
)


class VisitenkarteDialog(QDialog):
    """Loads ``own_card()`` in the background, then lets the user edit and save it. Errors of
    the directory are shown in the dialog (German), so the user can correct and try again."""

    loaded = Signal(bool)  # True: a registered card was found (edit); False: register first
    saved = Signal(object)  # DirectoryEntry
    failed = Signal(str)  # the text shown in the dialog

    def __init__(self, service: MailboxService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.card: Visitenkarte | None = None
        self._ready = False  # own_card() has answered
        self._saving = False
        self.setObjectName("card_dialog")
        self.setWindowTitle(self.tr("Visitenkarte im Verzeichnisdienst"))
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name, label in FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(f"card_{name}")
            edit.textChanged.connect(self._update_state)
            self.fields[name] = edit
            form.addRow(self.tr(label), edit)
        self.safe_id_label = QLabel(self)
        self.safe_id_label.setObjectName("card_safe_id")
        self.safe_id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.insertRow(0, self.tr("SAFE-ID:"), self.safe_id_label)
        self.note = QLabel(self.tr("Die Visitenkarte wird geladen …"), self)
        self.note.setObjectName("card_note")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)  # error texts carry URLs
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            self.tr("Speichern"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("card_save")
        self.buttons.addButton(self.tr("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self._set_editable(False)
        run_in_background(service.own_card, self._loaded, self._load_failed)

    # ------------------------------------------------------------ loading

    def _loaded(self, card: Visitenkarte | None) -> None:
        self._ready = True
        self.card = card
        shown = card or Visitenkarte()
        for name, edit in self.fields.items():
            edit.setText(str(getattr(shown, name)))
        if card is None:
            self.safe_id_label.setText(self.tr("noch keine (wird beim Eintragen vergeben)"))
            self.save_button.setText(self.tr("Im Verzeichnis eintragen"))
            self._show_note(
                self.tr(
                    "Dieses Postfach ist noch nicht im Verzeichnisdienst eingetragen. Nach dem "
                    "Eintragen muss die Prüfstelle die Rolle egvp_bebpo bestätigen."
                )
            )
        else:
            self.safe_id_label.setText(card.nutzer_id)
            self._show_note(
                self.tr(
                    "Änderungen an Organisation, Name oder Ort muss die Prüfstelle erneut "
                    "bestätigen."
                )
            )
        self._set_editable(True)
        self.loaded.emit(card is not None)

    def _load_failed(self, exc: BaseException) -> None:
        # Stays read-only: without knowing our card we could neither update nor register.
        self._show_error(exc)

    # ------------------------------------------------------------ state

    def _set_editable(self, editable: bool) -> None:
        for edit in self.fields.values():
            edit.setReadOnly(not editable)
        self._update_state()

    def _update_state(self) -> None:
        # The directory needs someone to address: an organisation or a person's name.
        named = any(self.fields[n].text().strip() for n in ("organisation", "name"))
        self.save_button.setEnabled(named and self._ready and not self._saving)

    def _show_note(self, text: str, *, error: bool = False) -> None:
        self.note.setText(text)
        self.note.setStyleSheet("color: #b3261e;" if error else "color: #555;")

    def visitenkarte(self) -> Visitenkarte:
        """The card as the form shows it now (SAFE-ID and role as loaded)."""
        values = {name: edit.text().strip() for name, edit in self.fields.items()}
        return replace(self.card or Visitenkarte(), **values)

    # ------------------------------------------------------------ saving

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        card, service = self.visitenkarte(), self.service
        registering = self.card is None
        self._saving = True
        self._set_editable(False)
        self._show_note(
            self.tr("Das Postfach wird eingetragen …")
            if registering
            else self.tr("Die Visitenkarte wird gespeichert …")
        )
        run_in_background(
            (
                (lambda: service.register_in_directory(card))
                if registering
                else (lambda: service.update_directory(card))
            ),
            self._saved,
            self._save_failed,
        )

    def _saved(self, entry: DirectoryEntry) -> None:
        self._saving = False
        self.saved.emit(entry)
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        # Shown here, not as a box: the user corrects the card and tries again.
        self._saving = False
        self._set_editable(True)
        self._show_error(exc)

    def _show_error(self, exc: BaseException) -> None:
        title, text = translated(user_message(exc))
        message = f"{title}\n{text}"
        self._show_note(message, error=True)
        self.failed.emit(message)

    def reject(self) -> None:
        if self._saving:
            return  # a request is on its way; its answer decides what the directory holds
        super().reject()
