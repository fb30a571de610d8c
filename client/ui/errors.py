"""Showing errors: the text comes from ``client.core.errors`` (the one table), translated here."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from client.core.errors import Cancelled, UserMessage, user_message

logger = logging.getLogger(__name__)


def translated(message: UserMessage) -> tuple[str, str]:
    """Title and body in the user's language."""
    # The templates come from client.core.errors (context "errors"); lupdate cannot see them.
    translate = QCoreApplication.translate
    text = translate("errors", message.template).format(**message.params)
    if message.hint:
        text += "\n\n" + translate("errors", message.hint)
    return translate("errors", message.title), text


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    if isinstance(exc, Cancelled):
        return
    logger.info("showing error %s", type(exc).__name__)
    title, text = translated(user_message(exc))
    QMessageBox.warning(parent, title, text)
