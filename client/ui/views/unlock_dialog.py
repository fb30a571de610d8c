"""Unlocking a mailbox: its password and the name of the person working (for the journal).

Opening derives the key with scrypt (about a second), so it runs in a worker; a wrong password
shows the store's German text in the dialog and lets the user try again.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from client.core.errors import user_message
from client.store import WrongPassword
from client.ui.errors import show_error, translated
from client.ui.services import MailboxOpener, MailboxService
from client.ui.workers import run_in_background


class UnlockDialog(QDialog):
    unlocked = Signal(object)  # MailboxService

    def __init__(
        self, opener: MailboxOpener, parent: QWidget | None = None, *, person: str = ""
    ) -> None:
        super().__init__(parent)
        self.opener = opener
        self.service: MailboxService | None = None
        self.setWindowTitle(self.tr("Postfach entsperren"))
        self.setObjectName("unlock_dialog")
        self.setMinimumWidth(460)

        intro = QLabel(
            self.tr(
                "<b>{title}</b><br>Geben Sie das Passwort des Postfachs und Ihren Namen ein."
            ).format(title=html.escape(opener.title)),
            self,
        )
        intro.setWordWrap(True)
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.person = QLineEdit(person, self)
        self.person.setObjectName("person")
        self.person.setPlaceholderText(self.tr("Vor- und Nachname"))
        self.person.setToolTip(
            self.tr("Wird im Protokoll zu allem vermerkt, was Sie in diesem Postfach tun.")
        )
        form = QFormLayout()
        form.addRow(self.tr("&Passwort:"), self.password)
        form.addRow(self.tr("&Ihr Name:"), self.person)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("error_label")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.hide()
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.hide()

        self.buttons = QDialogButtonBox(self)
        self.unlock_button = self.buttons.addButton(
            self.tr("Entsperren"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.unlock_button.setObjectName("unlock")
        self.unlock_button.setDefault(True)
        cancel = self.buttons.addButton(
            self.tr("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole
        )
        cancel.setObjectName("cancel")
        self.buttons.accepted.connect(self.try_unlock)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)

        self.password.textChanged.connect(self._update_buttons)
        self.person.textChanged.connect(self._update_buttons)
        self._update_buttons()
        (self.person if not person else self.password).setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_buttons(self) -> None:
        ready = bool(self.password.text()) and bool(self.person.text().strip())
        self.unlock_button.setEnabled(ready and not self.busy.isVisible())

    def try_unlock(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        password, person = self.password.text(), self.person.text().strip()
        self.error_label.hide()
        self.busy.show()
        self.password.setEnabled(False)
        self.person.setEnabled(False)
        self._update_buttons()
        opener = self.opener
        run_in_background(lambda: opener.open(password, person), self._opened, self._failed)

    def _opened(self, service: MailboxService) -> None:
        self.service = service
        self.busy.hide()
        self.unlocked.emit(service)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.busy.hide()
        self.password.setEnabled(True)
        self.person.setEnabled(True)
        if isinstance(exc, WrongPassword):
            title, text = translated(user_message(exc))
            self.error_label.setText(f"<b>{html.escape(title)}.</b> {html.escape(text)}")
            self.error_label.show()
            self.password.clear()
            self.password.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            show_error(self, exc)
        self._update_buttons()
