"""A progress bar with a text and "Abbrechen", bound to a running :class:`Job`."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from client.ui.i18n import progress_text
from client.ui.workers import Job


class ProgressPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setMinimumWidth(180)
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("Abbrechen"), self)
        self.cancel_button.setObjectName("cancel_job")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self._job: Job | None = None
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.hide()

    @property
    def job(self) -> Job | None:
        return self._job

    def track(self, job: Job, text: str) -> None:
        self._job = job
        self.label.setText(text)
        self.bar.setRange(0, 0)  # busy until the first report
        self.cancel_button.setEnabled(True)
        job.progressed.connect(self._on_progressed)
        job.finished.connect(self._on_done)
        job.failed.connect(self._on_done)
        self.show()

    def _on_progressed(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)
        if text:
            self.label.setText(progress_text(text))

    def _on_cancel_clicked(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText(self.tr("Wird abgebrochen …"))

    def _on_done(self, _result: object) -> None:
        self._job = None
        self.hide()
