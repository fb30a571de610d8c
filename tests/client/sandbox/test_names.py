"""File-name sanitising: hostile names land safely, for every string (hypothesis)."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from client.sandbox import sanitize_filename, unique_name
from client.sandbox.names import MAX_NAME_BYTES, MAX_NAME_CHARS, candidates, is_safe_filename

DEVICE_STEMS = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"} | {
    f"{kind}{n}" for kind in ("COM", "LPT") for n in "0123456789¹²³"
}


@pytest.mark.parametrize(
    ("hostile", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\system32\\evil.dll", "evil.dll"),
        ("/etc/shadow", "shadow"),
        ("Anlagen/Schriftsatz.pdf", "Schriftsatz.pdf"),
        ("CON.pdf", "_CON.pdf"),
        ("nul", "_nul"),
        ("LPT1.txt", "_LPT1.txt"),
        ("com¹.pdf", "_com¹.pdf"),
        ("con.tar.gz", "_con.tar.gz"),
        ("Aux .pdf", "_Aux.pdf"),
        ("Akte .pdf", "Akte.pdf"),
        ("CONSOLE.pdf", "CONSOLE.pdf"),
        ("Urteil\x00.pdf", "Urteil.pdf"),
        ("Urteil\n2024.pdf", "Urteil 2024.pdf"),
        ("Rechnung\u202efdp.exe", "Rechnungfdp.exe"),
        ("a\u200bb\ufeffc.pdf", "abc.pdf"),
        (".bashrc", "Datei.bashrc"),
        (".pdf", "Datei.pdf"),
        ("-rf", "rf"),
        ("--help.pdf", "help.pdf"),
        ("Akte. ", "Akte"),
        ("Akte.pdf...", "Akte.pdf"),
        ('Frage: "wer?" <ich>|*.pdf', "Frage_ _wer__ _ich___.pdf"),
        ("A\u0308rger.pdf", "Ärger.pdf"),  # NFC
        ("Gebühren  \t Bescheid.pdf", "Gebühren Bescheid.pdf"),
        ("", "Datei"),
        ("..", "Datei"),
        ("/", "Datei"),
        ("\x00\x01\x02", "Datei"),
        ("Schriftsatz.pdf", "Schriftsatz.pdf"),
    ],
)
def test_hostile_names(hostile: str, safe: str) -> None:
    assert sanitize_filename(hostile) == safe


def test_long_names_keep_the_extension_and_fit_ervb() -> None:
    name = sanitize_filename("Ä" * 300 + ".pdf")
    assert name.endswith(".pdf")
    assert len(name) == MAX_NAME_CHARS
    assert len(name.encode()) <= MAX_NAME_BYTES


def test_multibyte_names_fit_the_byte_limit() -> None:
    name = sanitize_filename("😀" * 300 + ".pdf")  # 4 bytes each
    assert name.endswith(".pdf")
    assert len(name.encode()) <= MAX_NAME_BYTES


def test_collisions_become_numbered_case_insensitively() -> None:
    assert unique_name("Urteil.pdf", []) == "Urteil.pdf"
    assert unique_name("Urteil.pdf", ["URTEIL.PDF"]) == "Urteil (2).pdf"
    assert unique_name("Urteil.pdf", ["Urteil.pdf", "urteil (2).pdf"]) == "Urteil (3).pdf"
    long = sanitize_filename("x" * 200 + ".pdf")
    second = unique_name(long, [long])
    assert second.endswith(" (2).pdf")
    assert len(second) <= MAX_NAME_CHARS
    with pytest.raises(ValueError, match="no free name"):
        unique_name("a.pdf", lambda candidate: True)


def test_candidates_are_distinct_and_safe() -> None:
    names = candidates("Bescheid.pdf")
    assert len({n.casefold() for n in names}) == len(names) == 999
    assert all(is_safe_filename(n) for n in names)


def _check_safe(name: str) -> None:
    assert name
    assert len(name) <= MAX_NAME_CHARS
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert "/" not in name
    assert "\\" not in name
    assert not any(ch in name for ch in '<>:"|?*')
    assert not any(unicodedata.category(ch)[0] == "C" for ch in name)
    assert not any(unicodedata.category(ch) in ("Zl", "Zp") for ch in name)
    assert name[0] not in " .-"
    assert name[-1] not in " ."
    assert unicodedata.is_normalized("NFC", name)
    assert name.split(".", 1)[0].rstrip(" ").upper() not in DEVICE_STEMS
    assert name not in (".", "..")


# Fragments a hostile sender would use, mixed with arbitrary code points (lone surrogates too,
# as os.fsdecode produces for undecodable bytes).
hostile_text = st.lists(
    st.one_of(
        st.characters(),
        st.text(max_size=20),
        st.sampled_from(list('./\\:*?"<>| -\x00\n\r\t\u202e\u200b\ufeff\u2028\u0301\x85')),
        st.sampled_from(["CON", "nul", "LPT1", "COM¹", ".pdf", "..", "/..", "\ud800", "ä" * 50]),
    ),
    max_size=60,
).map("".join)


@given(hostile_text)
@example("0" * 35 + "ä" * 50 + "0000 0")  # once cut to a trailing blank
@example("0" * 28 + "ä" * 50 + ".." + "ä" * 50)  # once cut to a new "extension"
@settings(max_examples=2000, suppress_health_check=[HealthCheck.too_slow])
def test_every_name_becomes_safe_and_sanitising_is_idempotent(name: str) -> None:
    safe = sanitize_filename(name)
    _check_safe(safe)
    assert sanitize_filename(safe) == safe


# Repeats make collisions (and numbered names) likely.
@given(
    st.lists(
        st.sampled_from(["CON.pdf", "a.pdf", "A.PDF", "x" * 120 + ".pdf"]) | hostile_text,
        min_size=1,
        max_size=8,
    )
)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_sanitised_names_land_inside_the_folder_and_never_collide(
    tmp_path_factory, names: list[str]
) -> None:
    folder = tmp_path_factory.mktemp("landing")
    taken: list[str] = []
    for name in names:
        final = unique_name(sanitize_filename(name), taken)
        _check_safe(final)
        fd = os.open(folder / final, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        os.close(fd)
        taken.append(final)
    # Exactly one new plain file per name, all directly in the folder
    entries = sorted(p.name for p in folder.iterdir())
    assert entries == sorted(taken)
    assert all(Path(folder / e).resolve().parent == folder.resolve() for e in entries)
