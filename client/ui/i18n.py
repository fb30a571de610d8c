"""Languages: German source strings; English from ``resources/translations/bebpo_en.qm``."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from client.core import progress_texts
from profiles.paths import resource_dir

logger = logging.getLogger(__name__)
SUPPORTED = ("de", "en")
_installed: list[QTranslator] = []


def install(app: QCoreApplication, language: str) -> str:
    """Install the translator for ``language``; returns the language in effect."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if language not in SUPPORTED:
        language = "de"
    QLocale.setDefault(
        QLocale(QLocale.Language.German if language == "de" else QLocale.Language.English)
    )
    if language == "de":
        return language
    translator = QTranslator(app)
    qm = resource_dir() / "translations" / f"bebpo_{language}.qm"
    if translator.load(str(qm)):
        app.installTranslator(translator)
        _installed.append(translator)
    else:
        logger.info("no translation file %s; staying with German", qm.name)
        return "de"
    return language


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context`` without translating it yet (for tables of
    labels); typed, unlike PySide6's. Translate at use with ``tr``/``translate``."""
    del context
    return text


def progress_text(text: str) -> str:
    """A progress text of the core in the user's language (context ``progress``); texts that
    are not built from one of the core's templates are shown as they are."""
    parsed = progress_texts.parse(text)
    if parsed is None:
        return text
    template, values = parsed
    return QCoreApplication.translate("progress", template).format(**values)
