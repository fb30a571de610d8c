"""Answering an eEB request: accept with the date of receipt, or report a Störung with its code
and reason. Before sending, the dialog shows what will be sent (recipient, Betreff,
Aktenzeichen and the XJustiz record itself), built by the service from the stored request.
"""

from __future__ import annotations

import html
import threading
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from client.core.errors import Cancelled
from client.egvp import EebAccept, EebReject, OutgoingMessage, StoerungsId
from client.ui.errors import show_error
from client.ui.i18n import QT_TRANSLATE_NOOP
from client.ui.services import EebResponse, MailboxService, ProgressCallback
from client.ui.views.progress import ProgressPanel
from client.ui.workers import Job, run_in_background

# The code list's labels (client.egvp.StoerungsId.label), here once more so they are translatable.
_STOERUNGEN = {
    StoerungsId.NICHT_BETEILIGT: QT_TRANSLATE_NOOP(
        "EebDialog", "Zustellungsempfänger nicht am Verfahren beteiligt"
    ),
    StoerungsId.INHALT_UNKLAR: QT_TRANSLATE_NOOP(
        "EebDialog", "Inhalt der Sendung unklar oder unvollständig"
    ),
    StoerungsId.ZERTIFIKAT_FEHLERHAFT: QT_TRANSLATE_NOOP(
        "EebDialog", "Zertifikatsprüfung fehlgeschlagen"
    ),
}


class EebDialog(QDialog):
    preview_shown = Signal(object)  # (OutgoingMessage, bytes)
    answered = Signal(int)  # the answer's message id

    def __init__(
        self,
        service: MailboxService,
        message_id: int,
        *,
        betreff: str,
        sender: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.message_id = message_id
        self.job: Job | None = None
        self.preview: tuple[OutgoingMessage, bytes] | None = None
        self._preview_generation = 0
        self.setWindowTitle(self.tr("Elektronisches Empfangsbekenntnis (eEB)"))
        self.setObjectName("eeb_dialog")
        self.resize(720, 640)

        request = QLabel(
            self.tr("Anforderung von <b>{sender}</b><br>Betreff: {betreff}").format(
                sender=html.escape(sender), betreff=html.escape(betreff)
            ),
            self,
        )
        request.setWordWrap(True)

        self.accept_radio = QRadioButton(self.tr("Empfang bestätigen"), self)
        self.accept_radio.setObjectName("accept")
        self.accept_radio.setChecked(True)
        self.date = QDateEdit(QDate.currentDate(), self)
        self.date.setObjectName("date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd.MM.yyyy")
        self.date.setMaximumDate(QDate.currentDate())
        self.reject_radio = QRadioButton(self.tr("Störung melden (Empfang nicht bestätigen)"), self)
        self.reject_radio.setObjectName("reject")
        self.code = QComboBox(self)
        self.code.setObjectName("code")
        for code in StoerungsId:
            label = self.tr(_STOERUNGEN[code]) if code in _STOERUNGEN else code.label
            self.code.addItem(f"{int(code)} – {label}", int(code))
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(self.tr("Grund (optional, wird mitgesendet)"))
        self.reason.setMaximumHeight(70)
        group = QButtonGroup(self)
        group.addButton(self.accept_radio)
        group.addButton(self.reject_radio)
        answer = QGroupBox(self.tr("Antwort"), self)
        grid = QGridLayout(answer)
        grid.addWidget(self.accept_radio, 0, 0, 1, 2)
        grid.addWidget(QLabel(self.tr("Datum des Empfangs:"), answer), 1, 0)
        grid.addWidget(self.date, 1, 1)
        grid.addWidget(self.reject_radio, 2, 0, 1, 2)
        grid.addWidget(QLabel(self.tr("Grund der Störung:"), answer), 3, 0)
        grid.addWidget(self.code, 3, 1)
        grid.addWidget(self.reason, 4, 0, 1, 2)
        grid.setColumnStretch(1, 1)

        preview = QGroupBox(self.tr("Das wird gesendet"), self)
        self.to_label = QLabel(preview)
        self.to_label.setObjectName("preview_recipient")
        self.subject_label = QLabel(preview)
        self.subject_label.setObjectName("preview_betreff")
        self.az_label = QLabel(preview)
        self.az_label.setObjectName("preview_aktenzeichen")
        self.xml = QPlainTextEdit(preview)
        self.xml.setObjectName("preview_xml")
        self.xml.setReadOnly(True)
        self.xml.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        preview_form = QFormLayout(preview)
        preview_form.addRow(self.tr("An (SAFE-ID):"), self.to_label)
        preview_form.addRow(self.tr("Betreff:"), self.subject_label)
        preview_form.addRow(self.tr("Aktenzeichen:"), self.az_label)
        preview_form.addRow(self.tr("XJustiz-Datensatz:"), self.xml)

        self.progress = ProgressPanel(self)
        self.buttons = QDialogButtonBox(self)
        self.send_button = self.buttons.addButton(
            self.tr("eEB senden"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.send_button.setObjectName("send")
        self.buttons.addButton(self.tr("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.send)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(request)
        layout.addWidget(answer)
        layout.addWidget(preview, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)

        self.accept_radio.toggled.connect(self._changed)
        self.date.dateChanged.connect(self._changed)
        self.code.currentIndexChanged.connect(self._changed)
        self.reason.textChanged.connect(self._changed)
        self._changed()

    # ------------------------------------------------------------ the answer

    def response(self) -> EebResponse:
        if self.accept_radio.isChecked():
            day = self.date.date()
            return EebAccept(date(day.year(), day.month(), day.day()))
        return EebReject(StoerungsId(self.code.currentData()), self.reason.toPlainText().strip())

    def _changed(self) -> None:
        accepting = self.accept_radio.isChecked()
        self.date.setEnabled(accepting)
        self.code.setEnabled(not accepting)
        self.reason.setEnabled(not accepting)
        self._refresh_preview()

    def _refresh_preview(self) -> None:
        self._preview_generation += 1
        generation = self._preview_generation
        self.preview = None
        self.send_button.setEnabled(False)
        service, message_id, response = self.service, self.message_id, self.response()
        run_in_background(
            lambda: service.eeb_preview(message_id, response),
            lambda preview: self._previewed(generation, preview),
            lambda exc: self._preview_failed(generation, exc),
        )

    def _previewed(self, generation: int, preview: tuple[OutgoingMessage, bytes]) -> None:
        if generation != self._preview_generation:
            return
        self.preview = preview
        message, xml = preview
        self.to_label.setText(message.empfaenger_safe_id)
        self.subject_label.setText(message.betreff)
        self.az_label.setText(
            self.tr("Empfänger: {theirs} · Ihres: {own}").format(
                theirs=message.aktenzeichen_empfaenger or "–",
                own=message.aktenzeichen_absender or "–",
            )
        )
        self.xml.setPlainText(xml.decode("utf-8", errors="replace"))
        self.send_button.setEnabled(self.job is None or not self.job.running)
        self.preview_shown.emit(preview)

    def _preview_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._preview_generation:
            show_error(self, exc)

    # ------------------------------------------------------------ sending

    def send(self) -> None:
        if self.preview is None or (self.job is not None and self.job.running):
            return
        service, message_id, response = self.service, self.message_id, self.response()

        def work(progress: ProgressCallback, cancel: threading.Event) -> int:
            return service.answer_eeb(message_id, response, progress=progress, cancel=cancel)

        job = Job(work, self)
        self.job = job
        job.finished.connect(self._answered)
        job.failed.connect(self._failed)
        self.send_button.setEnabled(False)
        self.progress.track(job, self.tr("eEB wird gesendet …"))
        job.start()

    def _answered(self, answer_id: int) -> None:
        self.answered.emit(answer_id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.send_button.setEnabled(self.preview is not None)
        if not isinstance(exc, Cancelled):
            show_error(self, exc)

    def reject(self) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()
            return
        super().reject()
