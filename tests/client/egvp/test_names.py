from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from client.egvp import is_valid_name, name_problems, suggest_name
from client.egvp.names import MAX_NAME_LENGTH, NameProblem


@pytest.mark.parametrize(
    "name",
    [
        "Schriftsatz.pdf",
        "01_Klage-Entwurf.pdf",
        "Äußerung_über_Gebühren.PDF",
        "Antrag.pdf.p7s",
        "Antrag.pdf.pkcs7",
        "Scan_1.tif",
        "a" * 86 + ".pdf",
    ],
)
def test_valid_names(name: str) -> None:
    assert name_problems(name) == ()


@pytest.mark.parametrize(
    ("name", "problems"),
    [
        ("Schriftsatz (1).PDF", (NameProblem.SPACES, NameProblem.INVALID_CHARACTERS)),
        ("99 - Klage.pdf", (NameProblem.SPACES,)),
        ("a" * 87 + ".pdf", (NameProblem.TOO_LONG,)),
        ("Antrag", (NameProblem.DOTS,)),
        ("Antrag.v2.pdf", (NameProblem.DOTS,)),
        ("Antrag..pdf", (NameProblem.DOTS,)),
        (".pdf", (NameProblem.DOTS,)),
        ("Antrag.pdf.p7s.p7s", (NameProblem.DOTS,)),
        ("Café.pdf", (NameProblem.INVALID_CHARACTERS,)),
        ("A\u0308rger.pdf", (NameProblem.INVALID_CHARACTERS,)),  # decomposed Ä
        ("VHN.xml", (NameProblem.RESERVED,)),
        ("vhn.xml.p7s", (NameProblem.RESERVED,)),
        ("xjustiz_nachricht.xml", (NameProblem.RESERVED,)),
    ],
)
def test_invalid_names(name: str, problems: tuple[NameProblem, ...]) -> None:
    assert name_problems(name) == problems


@pytest.mark.parametrize(
    ("name", "kwargs", "expected"),
    [
        ("Schriftsatz (1).PDF", {}, "Schriftsatz_1.pdf"),
        ("99 - Klage.pdf", {}, "99-Klage.pdf"),
        ("Café Größe.pdf", {}, "Cafe_Größe.pdf"),
        ("A\u0308rger.pdf", {}, "Ärger.pdf"),
        ("Søren Ærø – Æble.pdf", {}, "Soren_Aero-Aeble.pdf"),
        ("Antrag.v2.final.pdf", {}, "Antrag_v2_final.pdf"),
        ("Bericht.docx", {"extension": "pdf"}, "Bericht.pdf"),
        ("Signatur.p7s", {"extension": "pdf.p7s"}, "Signatur.pdf.p7s"),
        ("vhn.xml", {}, "vhn_2.xml"),
        ("日本語.pdf", {}, "Dokument.pdf"),
        ("Antrag", {}, "Antrag.pdf"),
        ("Antrag.pdf", {"taken": ["antrag.pdf", "Antrag_2.pdf"]}, "Antrag_3.pdf"),
    ],
)
def test_suggestions(name: str, kwargs: dict[str, object], expected: str) -> None:
    assert suggest_name(name, **kwargs) == expected
    assert is_valid_name(expected)


def test_long_name_is_cut_keeping_the_extension() -> None:
    name = "Stellungnahme zum Widerspruch gegen den Bescheid vom 12. März 2025 " * 3 + ".pdf"
    suggestion = suggest_name(name)
    assert len(suggestion) == MAX_NAME_LENGTH
    assert suggestion.startswith("Stellungnahme_zum_Widerspruch")
    assert suggestion.endswith(".pdf")
    unique = suggest_name(name, taken=[suggestion])
    assert len(unique) <= MAX_NAME_LENGTH
    assert unique.endswith("_2.pdf")


@given(
    name=st.text(max_size=200),
    extension=st.none() | st.text(max_size=20),
    taken=st.lists(st.text(max_size=30), max_size=5),
)
def test_suggestion_always_passes_the_check(
    name: str, extension: str | None, taken: list[str]
) -> None:
    suggestion = suggest_name(name, extension=extension, taken=taken)
    assert name_problems(suggestion) == ()
    assert suggestion.casefold() not in {t.casefold() for t in taken}


@given(st.lists(st.text(min_size=1, max_size=100), min_size=1, max_size=12))
def test_suggestions_for_a_whole_message_are_unique(names: list[str]) -> None:
    taken: list[str] = []
    for name in names:
        taken.append(suggest_name(name, taken=taken))
    assert len({t.casefold() for t in taken}) == len(taken)
    assert all(is_valid_name(t) for t in taken)
