"""Progress texts of the core in English: every template has a translation with the same
placeholders, and a formatted text is shown translated with its values."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from client.core import progress_texts as texts
from client.ui import i18n
from client.ui.i18n import progress_text
from client.ui.views.progress import ProgressPanel
from client.ui.workers import Job
from scripts import extract_error_texts
from tests.client.ui.conftest import TS


def test_every_progress_template_is_translated() -> None:
    done = extract_error_texts.translations(TS, context="progress")
    assert [t for t in texts.TEMPLATES if t not in done] == []
    for template in texts.TEMPLATES:
        assert extract_error_texts.placeholders(done[template]) == (
            extract_error_texts.placeholders(template)
        )


@pytest.mark.gui
def test_progress_in_english(english: None, qtbot) -> None:
    stored = texts.STORED.format(n=1, number=2, total=3, name="Klage.pdf")
    assert progress_text(stored) == (
        "Message 1: document 2 of 3 stored, virus check running (Klage.pdf)"
    )
    assert progress_text(texts.SCANNED_INFECTED.format(name="x.pdf")) == (
        "x.pdf: malware found, stays in quarantine"
    )
    assert progress_text("Dokument 1 von 2") == "Dokument 1 von 2"  # not a core template
    panel = ProgressPanel()
    qtbot.addWidget(panel)
    job = Job(lambda progress, cancel: progress(1, 0, texts.FETCHED.format(n=4)))
    panel.track(job, "")
    job.progressed.emit(1, 0, texts.FETCHED.format(n=4))
    assert panel.label.text() == "Message 4 fetched"


@pytest.mark.gui
def test_progress_in_german_is_the_core_text(qapp: QApplication) -> None:
    assert i18n.install(qapp, "de") == "de"
    assert progress_text(texts.FETCHED.format(n=4)) == "Nachricht 4 abgeholt"
