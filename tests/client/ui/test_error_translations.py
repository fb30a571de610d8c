"""Every error text of the one table has an English translation in context ``errors``."""

from __future__ import annotations

from pathlib import Path

import pytest

from client.core.errors import user_message
from client.store import WrongPassword
from client.ui.errors import translated
from profiles.errors import UnknownConfigurationId
from scripts import extract_error_texts
from tests.client.ui.conftest import TS


def test_extractor_finds_the_texts() -> None:
    skipped: list[str] = []
    strings = extract_error_texts.extract(skipped=skipped)
    assert len(strings) > 200
    assert len(set(strings)) == len(strings)
    # module constants, "…" + _SUPPORT, dict values chosen by .get and tuple unpacking
    assert "Es gingen keine Daten verloren. Bleibt der Fehler, wenden Sie sich an den Support." in (
        strings
    )
    assert any(
        s.startswith("Prüfen Sie die Adresse des Intermediärs im Szenario. Es gingen")
        for s in strings
    )
    assert "Es liegen keine weiteren Nachrichten vor." in strings
    assert "Im Transferordner gibt es „{name}“ und alle nummerierten Varianten bereits." in strings
    assert "Passwort fehlt" in strings
    assert "" not in strings
    # Nothing is built at run time (it could not be translated): values go into params.
    assert skipped == []


def test_every_error_text_is_translated() -> None:
    strings = extract_error_texts.extract()
    done = extract_error_texts.translations(TS)
    missing = [s for s in strings if s not in done]
    assert missing == []
    changed = [
        s
        for s in strings
        if extract_error_texts.placeholders(done[s]) != extract_error_texts.placeholders(s)
    ]
    assert changed == []


def test_check_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert extract_error_texts.main(["--check", str(TS)]) == 0
    empty = tmp_path / "empty.ts"
    empty.write_text('<?xml version="1.0" encoding="utf-8"?>\n<TS version="2.1"></TS>\n')
    assert extract_error_texts.main(["--check", str(empty)]) == 1
    assert "missing: Falsches Passwort" in capsys.readouterr().out


@pytest.mark.gui
def test_english_error_text(english: None) -> None:
    title, text = translated(user_message(WrongPassword(path=Path("store.key"))))
    assert title == "Wrong password"
    assert text == (
        "The password does not open the message store.\n\n"
        "Mind upper and lower case and the Caps Lock key. Nothing was changed."
    )
    title, text = translated(user_message(UnknownConfigurationId("x.y", ())))
    assert title == "Unknown configuration ID"
    assert text.startswith("The configuration ID “x.y” is not known. Known scenarios: ")
    assert text.endswith("ask your administrator for the scenario file.")
