"""The core's progress texts are recognised again from the formatted text (so the GUI can
translate them), whatever the values contain."""

from __future__ import annotations

import re

import pytest

from client.core import progress_texts as texts


@pytest.mark.parametrize("template", texts.TEMPLATES)
def test_every_template_is_recognised_with_its_values(template: str) -> None:
    names = re.findall(r"\{(\w+)\}", template)
    # File names may contain the templates' own words and signs.
    values = {
        name: str(7 + i) if name in texts.NUMBERS else "Nachricht 1 von 2: virenfrei (x).pdf"
        for i, name in enumerate(names)
    }
    assert texts.parse(template.format(**values)) == (template, values)


def test_similar_templates_are_told_apart() -> None:
    stored = texts.STORED.format(n=1, number=2, total=3, name="Klage.pdf")
    assert texts.parse(stored) == (
        texts.STORED,
        {"n": "1", "number": "2", "total": "3", "name": "Klage.pdf"},
    )
    assert texts.parse(texts.EXPORTING.format(n=2, total=5)) == (
        texts.EXPORTING,
        {"n": "2", "total": "5"},
    )


def test_other_texts_are_not_taken_for_templates() -> None:
    assert texts.parse("Dokument 3 von 4") is None
    assert texts.parse("") is None
    assert texts.parse("Gesendet!") is None
