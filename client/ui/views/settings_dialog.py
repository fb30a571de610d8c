"""Settings of the working directory: retention (with a warning when it is turned off), the
transfer folder, the scanner, language and proxy, the certificates with their expiry, and our
entry in the directory service (SAFE-ID and the state of the beBPo role)."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import replace

from cryptography.x509.oid import NameOID
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from client.core.directory import DirectoryEntry, RoleState
from client.core.errors import user_message
from client.core.validation import OwnCertificateState, OwnCertificateStatus
from client.ui.errors import show_error, translated
from client.ui.formatting import format_date
from client.ui.i18n import QT_TRANSLATE_NOOP
from client.ui.services import MailboxService
from client.ui.views.card_dialog import VisitenkarteDialog
from client.ui.workers import run_in_background
from profiles.scenarios import RetentionDefaults
from profiles.settings import RetentionSettings, ScannerSettings, Settings

_SCANNER_MODES = (
    ("private-clamd", QT_TRANSLATE_NOOP("SettingsDialog", "Eigener ClamAV-Prozess (empfohlen)")),
    ("clamd", QT_TRANSLATE_NOOP("SettingsDialog", "Laufender ClamAV-Dienst (Socket)")),
    ("command", QT_TRANSLATE_NOOP("SettingsDialog", "Prüfprogramm der Administration (Befehl)")),
)
_CERTIFICATE_KINDS = {
    "mailbox": QT_TRANSLATE_NOOP("SettingsDialog", "Postfachzertifikat (Verschlüsselung)"),
    "vhn": QT_TRANSLATE_NOOP("SettingsDialog", "VHN-Zertifikat (Signatur)"),
}
_ROLE_STATES = {
    RoleState.CONFIRMED: QT_TRANSLATE_NOOP("SettingsDialog", "bestätigt"),
    RoleState.UNCONFIRMED: QT_TRANSLATE_NOOP("SettingsDialog", "noch nicht bestätigt (Prüfstelle)"),
}
_NO_ROLE = QT_TRANSLATE_NOOP("SettingsDialog", "keine Rolle")
_GOOD = {OwnCertificateState.OK}
_BAD = {OwnCertificateState.EXPIRED, OwnCertificateState.REVOKED, OwnCertificateState.INVALID}


class SettingsDialog(QDialog):
    loaded = Signal()
    certificates_loaded = Signal(int)
    directory_loaded = Signal(bool)  # False: the directory service failed (text shown in place)
    saved = Signal(object)  # Settings

    def __init__(self, service: MailboxService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.original: Settings | None = None
        self.defaults = RetentionDefaults()
        self.card_dialog: VisitenkarteDialog | None = None
        self._directory_stand = self.tr("Stand: Abfrage beim Öffnen dieses Fensters.")
        self.setWindowTitle(self.tr("Einstellungen"))
        self.setObjectName("settings_dialog")
        self.resize(820, 500)
        self.tabs = QTabWidget(self)
        # The settings pages wait for the loaded values; the certificates fill on their own.
        self._settings_pages = [
            self._retention_tab(),
            self._transfer_tab(),
            self._scanner_tab(),
            self._general_tab(),
        ]
        titles = [
            self.tr("Aufbewahrung"),
            self.tr("Transfer"),
            self.tr("Virenprüfung"),
            self.tr("Allgemein"),
        ]
        for tab, title in zip(self._settings_pages, titles, strict=True):
            tab.setEnabled(False)
            self.tabs.addTab(tab, title)
        self.tabs.addTab(self._certificates_tab(), self.tr("Zertifikate"))
        self.tabs.addTab(self._directory_tab(), self.tr("Verzeichnisdienst"))
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            self.tr("Speichern"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("save")
        self.save_button.setEnabled(False)
        self.buttons.addButton(self.tr("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self._load()

    # ------------------------------------------------------------ tabs

    def _retention_tab(self) -> QWidget:
        page = QWidget(self)
        self.retention_enabled = QCheckBox(
            self.tr("Nachrichten nach Ablauf der Frist automatisch löschen"), page
        )
        self.retention_enabled.setObjectName("retention_enabled")
        self.trash_days = QSpinBox(page)
        self.trash_days.setObjectName("trash_days")
        self.trash_days.setRange(1, 3650)
        self.trash_days.setSuffix(self.tr(" Tage nach Eingang"))
        self.purge_days = QSpinBox(page)
        self.purge_days.setObjectName("purge_days")
        self.purge_days.setRange(1, 3650)
        self.purge_days.setSuffix(self.tr(" Tage im Papierkorb"))
        self.only_exported = QCheckBox(self.tr("Nur Nachrichten löschen, die exportiert wurden"))
        self.only_exported.setObjectName("only_exported")
        self.retention_warning = QLabel(
            self.tr(
                "<b>Achtung:</b> Ohne automatische Löschung bleiben alle Nachrichten unbegrenzt "
                "gespeichert. Klären Sie mit Ihrer Datenschutzbeauftragten bzw. Ihrem "
                "Datenschutzbeauftragten, ob das zulässig ist, und löschen Sie Nachrichten "
                "dann selbst, sobald sie nicht mehr gebraucht werden."
            ),
            page,
        )
        self.retention_warning.setObjectName("retention_warning")
        self.retention_warning.setWordWrap(True)
        self.retention_warning.setStyleSheet(
            "background: #fff4e5; border: 1px solid #ef8f00; padding: 6px; color: #5a3a00;"
        )
        form = QFormLayout()
        form.addRow(self.tr("In den Papierkorb:"), self.trash_days)
        form.addRow(self.tr("Endgültig löschen nach:"), self.purge_days)
        form.addRow("", self.only_exported)
        layout = QVBoxLayout(page)
        layout.addWidget(self.retention_enabled)
        layout.addLayout(form)
        layout.addWidget(self.retention_warning)
        layout.addStretch(1)
        self.retention_enabled.toggled.connect(self._update_retention)
        return page

    def _transfer_tab(self) -> QWidget:
        page = QWidget(self)
        self.transfer_dir = QLineEdit(page)
        self.transfer_dir.setObjectName("transfer_dir")
        choose = QPushButton(self.tr("Auswählen …"), page)
        choose.setAutoDefault(False)
        choose.clicked.connect(self._choose_transfer_dir)
        row = QHBoxLayout()
        row.addWidget(self.transfer_dir, 1)
        row.addWidget(choose)
        self.allowed_types = QLineEdit(page)
        self.allowed_types.setObjectName("allowed_types")
        hint = QLabel(
            self.tr(
                "Nur virenfreie Dokumente dieser Typen können in den Transfer-Ordner übertragen "
                "werden. Der Typ wird am Inhalt erkannt, nicht an der Endung."
            ),
            page,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        form = QFormLayout(page)
        form.addRow(self.tr("Transfer-Ordner:"), row)
        form.addRow(self.tr("Erlaubte Typen:"), self.allowed_types)
        form.addRow("", hint)
        return page

    def _scanner_tab(self) -> QWidget:
        page = QWidget(self)
        self.scanner_mode = QComboBox(page)
        self.scanner_mode.setObjectName("scanner_mode")
        for mode, label in _SCANNER_MODES:
            self.scanner_mode.addItem(self.tr(label), mode)
        self.clamd_socket = QLineEdit(page)
        self.clamd_socket.setObjectName("clamd_socket")
        self.clamd_socket.setPlaceholderText(self.tr("z. B. /run/clamav/clamd.ctl"))
        self.signature_dir = QLineEdit(page)
        self.signature_dir.setObjectName("signature_dir")
        self.signature_dir.setPlaceholderText(self.tr("leer: Signaturen des Systems"))
        self.scanner_command = QLineEdit(page)
        self.scanner_command.setObjectName("scanner_command")
        self.scanner_command.setPlaceholderText(
            self.tr("z. B. /usr/local/bin/pruefen --datei {file}")
        )
        form = QFormLayout(page)
        form.addRow(self.tr("Prüfung durch:"), self.scanner_mode)
        form.addRow(self.tr("ClamAV-Socket:"), self.clamd_socket)
        form.addRow(self.tr("Signatur-Ordner:"), self.signature_dir)
        form.addRow(self.tr("Befehl:"), self.scanner_command)
        self.scanner_mode.currentIndexChanged.connect(self._update_scanner)
        return page

    def _general_tab(self) -> QWidget:
        page = QWidget(self)
        self.language = QComboBox(page)
        self.language.setObjectName("language")
        self.language.addItem("Deutsch", "de")
        self.language.addItem("English", "en")
        self.proxy = QLineEdit(page)
        self.proxy.setObjectName("proxy")
        self.proxy.setPlaceholderText(self.tr("leer: keine; z. B. http://proxy.behoerde.de:3128"))
        form = QFormLayout(page)
        form.addRow(self.tr("Sprache (nach Neustart):"), self.language)
        form.addRow(self.tr("Proxy:"), self.proxy)
        return page

    def _certificates_tab(self) -> QWidget:
        page = QWidget(self)
        self.certificates = QTableWidget(0, 4, page)
        self.certificates.setObjectName("certificates")
        self.certificates.setHorizontalHeaderLabels(
            [self.tr("Zertifikat"), self.tr("Inhaber"), self.tr("Gültig bis"), self.tr("Zustand")]
        )
        self.certificates.verticalHeader().hide()
        self.certificates.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.certificates.setWordWrap(True)
        self.certificates.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.certificates_note = QLabel(self.tr("Zertifikate werden geprüft …"), page)
        self.certificates_note.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(self.certificates, 1)
        layout.addWidget(self.certificates_note)
        return page

    def _directory_tab(self) -> QWidget:
        page = QWidget(self)
        box = QGroupBox(self.tr("Verzeichnisdienst"), page)
        box.setObjectName("directory_box")
        self.safe_id_label = QLabel(self.tr("SAFE-ID: …"), box)
        self.safe_id_label.setObjectName("safe_id")
        self.safe_id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.role_label = QLabel(self.tr("Rolle egvp_bebpo: …"), box)
        self.role_label.setObjectName("role_state")
        self.directory_note = QLabel(self.tr("Der Verzeichnisdienst wird abgefragt …"), box)
        self.directory_note.setObjectName("directory_note")
        self.directory_note.setWordWrap(True)
        self.directory_note.setTextFormat(Qt.TextFormat.PlainText)  # error texts carry URLs
        self.edit_card_button = QPushButton(self.tr("Visitenkarte bearbeiten …"), box)
        self.edit_card_button.setObjectName("edit_card")
        self.edit_card_button.setAutoDefault(False)
        self.edit_card_button.clicked.connect(self.edit_card)
        card_row = QHBoxLayout()
        card_row.addWidget(self.edit_card_button)
        card_row.addStretch(1)
        inner = QVBoxLayout(box)
        inner.addWidget(self.safe_id_label)
        inner.addWidget(self.role_label)
        inner.addWidget(self.directory_note)
        inner.addLayout(card_row)
        layout = QVBoxLayout(page)
        layout.addWidget(box)
        layout.addStretch(1)
        return page

    # ------------------------------------------------------------ loading

    def _load(self) -> None:
        service = self.service
        run_in_background(
            lambda: (service.settings(), service.retention_defaults()),
            lambda loaded: self._loaded(*loaded),
            lambda exc: show_error(self, exc),
        )
        run_in_background(
            lambda: list(service.certificates()),
            self._certificates_loaded,
            self._certificates_failed,
        )
        run_in_background(service.directory_status, self._directory_loaded, self._directory_failed)

    def _loaded(self, settings: Settings, defaults: RetentionDefaults) -> None:
        self.original, self.defaults = settings, defaults
        retention = settings.retention
        self.retention_enabled.setChecked(bool(_pick(retention.enabled, defaults.enabled)))
        self.trash_days.setValue(int(_pick(retention.trash_after_days, defaults.trash_after_days)))
        self.purge_days.setValue(int(_pick(retention.purge_after_days, defaults.purge_after_days)))
        self.only_exported.setChecked(bool(retention.only_after_export))
        self.transfer_dir.setText(settings.transfer_dir)
        self.allowed_types.setText(", ".join(settings.allowed_transfer_types))
        position = self.scanner_mode.findData(settings.scanner.mode)
        self.scanner_mode.setCurrentIndex(max(position, 0))
        self.clamd_socket.setText(settings.scanner.clamd_socket)
        self.signature_dir.setText(settings.scanner.signature_dir)
        self.scanner_command.setText(shlex.join(settings.scanner.command))
        self.language.setCurrentIndex(max(self.language.findData(settings.language), 0))
        self.proxy.setText(settings.proxy_url)
        self._update_retention()
        self._update_scanner()
        self.save_button.setEnabled(True)
        for tab in self._settings_pages:
            tab.setEnabled(True)
        self.loaded.emit()

    def _certificates_loaded(self, statuses: Sequence[OwnCertificateStatus]) -> None:
        self.certificates.setRowCount(len(statuses))
        for row, status in enumerate(statuses):
            names = status.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
            subject = str(names[0].value) if names else status.certificate.subject.rfc4514_string()
            kind = _CERTIFICATE_KINDS.get(status.kind.value)
            cells = [
                self.tr(kind) if kind else status.kind.label,
                subject,
                format_date(status.certificate.not_valid_after_utc),
                status.message,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 3:
                    item.setForeground(_state_colour(status.state))
                self.certificates.setItem(row, column, item)
        for column in range(3):
            self.certificates.resizeColumnToContents(column)
        self.certificates.resizeRowsToContents()  # the state text wraps in the last column
        attention = [s for s in statuses if s.needs_attention]
        self.certificates_note.setText(
            self.tr("{n} Zertifikat(e) brauchen Ihre Aufmerksamkeit.").format(n=len(attention))
            if attention
            else self.tr("Alle Zertifikate sind gültig.")
        )
        self.certificates_loaded.emit(len(statuses))

    def _certificates_failed(self, exc: BaseException) -> None:
        self.certificates_note.setText(self.tr("Die Zertifikate konnten nicht geprüft werden."))
        show_error(self, exc)

    def _directory_loaded(self, status: tuple[str, RoleState | None]) -> None:
        safe_id, role = status
        state = _ROLE_STATES[role] if role is not None else _NO_ROLE
        self.safe_id_label.setText(self.tr("SAFE-ID: {safe_id}").format(safe_id=safe_id))
        self.role_label.setText(self.tr("Rolle egvp_bebpo: {state}").format(state=self.tr(state)))
        self.directory_note.setText(self._directory_stand)
        self.directory_note.setStyleSheet("color: #555;")
        self.directory_loaded.emit(True)

    def _directory_failed(self, exc: BaseException) -> None:
        # In place, not as a box: the directory being down must not get in the way of settings.
        title, text = translated(user_message(exc))
        self.directory_note.setText(f"{title}\n{text}")
        self.directory_note.setStyleSheet("color: #b3261e;")
        self.directory_loaded.emit(False)

    # ------------------------------------------------------------ Visitenkarte

    def edit_card(self) -> None:
        """Open the Visitenkarte form (window-modal; it loads our card itself)."""
        if self.card_dialog is not None:
            self.card_dialog.deleteLater()  # closed: window-modal, and it cannot close mid-save
        self.card_dialog = VisitenkarteDialog(self.service, self)
        self.card_dialog.saved.connect(self._card_saved)
        self.card_dialog.open()

    def _card_saved(self, entry: DirectoryEntry) -> None:
        del entry  # the directory's own view afterwards is what the tab shows
        self._directory_stand = self.tr("Stand: Abfrage nach dem Speichern der Visitenkarte.")
        self.directory_note.setText(self.tr("Der Verzeichnisdienst wird abgefragt …"))
        self.directory_note.setStyleSheet("")
        run_in_background(
            self.service.directory_status, self._directory_loaded, self._directory_failed
        )

    # ------------------------------------------------------------ state

    def _update_retention(self) -> None:
        enabled = self.retention_enabled.isChecked()
        for widget in (self.trash_days, self.purge_days, self.only_exported):
            widget.setEnabled(enabled)
        self.retention_warning.setVisible(not enabled)

    def _update_scanner(self) -> None:
        mode = self.scanner_mode.currentData()
        self.clamd_socket.setEnabled(mode == "clamd")
        self.signature_dir.setEnabled(mode == "private-clamd")
        self.scanner_command.setEnabled(mode == "command")

    def _choose_transfer_dir(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Transfer-Ordner wählen"), self.transfer_dir.text()
        )
        if folder:
            self.transfer_dir.setText(folder)

    def settings(self) -> Settings:
        """The settings as the dialog shows them now."""
        base = self.original or Settings()
        types = tuple(
            t.strip().lower().lstrip(".") for t in self.allowed_types.text().split(",") if t.strip()
        )
        return replace(
            base,
            transfer_dir=self.transfer_dir.text().strip(),
            allowed_transfer_types=types,
            language=str(self.language.currentData()),
            proxy_url=self.proxy.text().strip(),
            scanner=ScannerSettings(
                mode=str(self.scanner_mode.currentData()),
                clamd_socket=self.clamd_socket.text().strip(),
                signature_dir=self.signature_dir.text().strip(),
                command=tuple(shlex.split(self.scanner_command.text())),
            ),
            retention=RetentionSettings(
                enabled=self.retention_enabled.isChecked(),
                trash_after_days=self.trash_days.value(),
                purge_after_days=self.purge_days.value(),
                only_after_export=self.only_exported.isChecked(),
            ),
        )

    def save(self) -> None:
        try:
            settings = self.settings()
        except ValueError as exc:  # shlex: an unclosed quote in the command
            self.tabs.setCurrentIndex(2)
            self.scanner_command.setFocus()
            self.scanner_command.setToolTip(str(exc))
            return
        service = self.service
        self.save_button.setEnabled(False)
        run_in_background(
            lambda: service.save_settings(settings),
            lambda _none: self._saved(settings),
            self._save_failed,
        )

    def _saved(self, settings: Settings) -> None:
        self.saved.emit(settings)
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        show_error(self, exc)


def _pick(value: int | bool | None, default: int | bool) -> int | bool:
    return default if value is None else value


def _state_colour(state: OwnCertificateState) -> QColor:
    if state in _GOOD:
        return QColor("#1b6e2a")
    if state in _BAD:
        return QColor("#b3261e")
    return QColor("#8a5a00")
