from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from client.egvp.properties import (
    decode_properties_text,
    dump_properties,
    format_java_date,
    parse_java_date,
    parse_properties,
)


def test_java_escapes_and_continuations() -> None:
    text = (
        "# comment\n"
        "! other comment\n"
        "key1=value\\:with\\=escapes\n"
        "key\\ two : spaced value \n"
        "long = first \\\n"
        "       second\n"
        "uni=\\u00FC\\u00DF\\uD83D\\uDE00\n"
        "tabs=a\\tb\\nc\n"
        "empty=\n"
        "noseparator\n"
    )
    props = parse_properties(text)
    assert props.comments == (" comment", " other comment")
    assert props.entries == {
        "key1": "value:with=escapes",
        "key two": "spaced value ",
        "long": "first second",
        "uni": "üß😀",
        "tabs": "a\tb\nc",
        "empty": "",
        "noseparator": "",
    }
    assert props.problems == ()


def test_java_date_round_trip_in_berlin() -> None:
    summer = datetime(2021, 9, 27, 14, 12, 15, tzinfo=ZoneInfo("Europe/Berlin"))
    winter = datetime(2021, 12, 8, 11, 3, 55, tzinfo=ZoneInfo("Europe/Berlin"))
    assert format_java_date(summer) == "Mon Sep 27 14:12:15 CEST 2021"
    assert format_java_date(winter) == "Wed Dec 08 11:03:55 CET 2021"
    for moment in (summer, winter):
        parsed = parse_java_date(format_java_date(moment))
        assert parsed == moment


def test_java_date_other_zone_written_as_utc() -> None:
    moment = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=5)))
    assert format_java_date(moment) == "Mon Jan 01 22:04:05 UTC 2024"


@pytest.mark.parametrize("text", ["", "yesterday", "Mon Foo 27 14:12:15 CEST 2021", "Mon Sep 27"])
def test_java_date_unknown_forms(text: str) -> None:
    assert parse_java_date(text) is None


def test_decode_prefers_utf8_and_falls_back_to_latin1() -> None:
    assert decode_properties_text("a=ü".encode()) == "a=ü"
    assert decode_properties_text("a=ü".encode("latin-1")) == "a=ü"
    assert decode_properties_text(b"\xef\xbb\xbfa=b") == "a=b"


def test_dump_is_ascii_and_starts_with_the_date() -> None:
    moment = datetime(2021, 9, 27, 14, 12, 15, tzinfo=ZoneInfo("Europe/Berlin"))
    data = dump_properties([("subject", "Grüße: 1 K 5/20 #1 = ok")], date=moment)
    assert data == (
        b"#Mon Sep 27 14:12:15 CEST 2021\nsubject=Gr\\u00FC\\u00DFe\\: 1 K 5/20 \\#1 \\= ok\n"
    )


_keys = st.text(min_size=1, max_size=30)
_values = st.text(max_size=60)


@given(st.dictionaries(_keys, _values, max_size=6))
def test_dump_then_parse_round_trips(entries: dict[str, str]) -> None:
    moment = datetime(2025, 5, 2, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    data = dump_properties(entries.items(), date=moment)
    data.decode("ascii")  # Java's ISO-8859-1 readers see the same text
    props = parse_properties(decode_properties_text(data))
    assert props.entries == entries
    assert props.problems == ()
    assert parse_java_date(props.comments[0]) == moment
