from __future__ import annotations

from pathlib import Path

import pytest

from client.core.errors import user_message
from client.egvp._xml import parse_xml
from client.egvp.errors import (
    CodeListInvalid,
    EgvpError,
    InvalidOutgoing,
    NotAnEebRequest,
    SchemaFolderInvalid,
    SchemaInvalid,
    XmlRejected,
)

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<lolz>&lol2;</lolz>"""


def test_hardened_parser_refuses_doctypes_and_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("geheim", encoding="utf-8")
    external = f'<!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]><x>&e;</x>'.encode()
    for data in (LAUGHS, external):
        with pytest.raises(XmlRejected) as caught:
            parse_xml(data, document="t.xml")
        assert "DOCTYPE" in caught.value.reason
        assert caught.value.document == "t.xml"


def test_hardened_parser_size_bound() -> None:
    with pytest.raises(XmlRejected) as caught:
        parse_xml(b"<a>" + b"x" * 100 + b"</a>", document="t.xml", max_bytes=50)
    assert "larger" in caught.value.reason
    assert parse_xml(b"<a>x</a>", document="t.xml").text == "x"


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (XmlRejected(document="nachricht.xml", reason="not well-formed"), "nachricht.xml"),
        (
            SchemaFolderInvalid(folder=Path("/opt/xsd"), missing="xjustiz_2200_eeb_*.xsd"),
            "/opt/xsd",
        ),
        (SchemaInvalid(document="xjustiz_nachricht.xml", errors=("Zeile 3: kaputt",)), "Zeile 3"),
        (InvalidOutgoing(field="empfaenger_safe_id", reason="empty"), "Empfänger (SAFE-ID)"),
        (NotAnEebRequest(reason="keine Anforderung"), "Empfangsbekenntnis"),
        (CodeListInvalid(path=Path("/x/GDS.Gerichte.xml"), reason="no Version"), "GDS.Gerichte"),
        (EgvpError(), "Nachrichteninhalt"),
    ],
)
def test_every_error_has_german_user_text(error: EgvpError, words: str) -> None:
    message = user_message(error)
    assert message.title != "Unerwarteter Fehler"
    assert words in message.full_text()
