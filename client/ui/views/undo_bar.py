"""A status-bar message with a "Rückgängig" button (after moving messages into the Papierkorb).

The page owns it; the main window places it in the status bar. It hides itself after a while or
when the undo was used, so an old offer cannot undo something the user no longer sees.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

OFFER_MS = 15_000


class UndoBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undo_bar")
        self.label = QLabel(self)
        self.undo_button = QPushButton(self.tr("Rückgängig"), self)
        self.undo_button.setObjectName("undo")
        self.undo_button.setAutoDefault(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.undo_button)
        self._undo: Callable[[], None] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.withdraw)
        self.undo_button.clicked.connect(self._on_undo_clicked)
        self.hide()

    def offer(self, text: str, undo: Callable[[], None], timeout_ms: int = OFFER_MS) -> None:
        """Show ``text`` with "Rückgängig"; a click calls ``undo`` (once)."""
        self._undo = undo
        self.label.setText(text)
        self.undo_button.setEnabled(True)
        self.show()
        self._timer.start(timeout_ms)

    def withdraw(self) -> None:
        self._timer.stop()
        self._undo = None
        self.hide()

    def _on_undo_clicked(self) -> None:
        undo = self._undo
        self.withdraw()
        if undo is not None:
            undo()
