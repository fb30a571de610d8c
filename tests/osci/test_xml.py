from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from osci.errors import OsciError, TooLarge, XmlRejected
from osci.xml import parse_xml

SECRET = "streng-geheim-4711"

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<lolz>&lol9;</lolz>"""


class _Recorder(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]]

    def do_GET(self) -> None:
        self.hits.append(self.path)
        body = f'<!ENTITY e "{SECRET}">'.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        del format, args


@pytest.fixture
def entity_server() -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server that would hand out the secret if the parser ever fetched from it."""
    hits: list[str] = []
    handler = type("Handler", (_Recorder,), {"hits": hits})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _refused(data: bytes) -> XmlRejected:
    with pytest.raises(XmlRejected) as caught:
        parse_xml(data, document="probe.xml")
    return caught.value


def test_plain_document_keeps_whitespace_and_comments() -> None:
    data = b'<a xmlns="urn:x">\n  <b Id="x">t</b><!-- c -->\n</a>'
    root = parse_xml(data)
    assert etree.tostring(root) == data


def test_billion_laughs_is_refused() -> None:
    error = _refused(LAUGHS)
    # libxml2's amplification guard may fire before our DOCTYPE check; either way it is refused.
    assert "DOCTYPE" in error.reason or "amplification" in error.reason
    assert error.document == "probe.xml"
    assert isinstance(error, OsciError)


def test_external_file_entity_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    for uri in (f"file://{secret}", str(secret)):
        data = f'<!DOCTYPE x [<!ENTITY e SYSTEM "{uri}">]><x>&e;</x>'.encode()
        error = _refused(data)
        assert SECRET not in str(error)
        assert "DOCTYPE" in error.reason


def test_external_http_entity_and_dtd_are_never_fetched(
    entity_server: tuple[str, list[str]],
) -> None:
    url, hits = entity_server
    probes = [
        f'<!DOCTYPE x [<!ENTITY e SYSTEM "{url}/entity">]><x>&e;</x>',
        f'<!DOCTYPE x SYSTEM "{url}/dtd"><x>&e;</x>',
        f'<!DOCTYPE x [<!ENTITY % p SYSTEM "{url}/param"> %p;]><x>&e;</x>',
        f'<?xml version="1.0"?><!DOCTYPE x PUBLIC "-//X//DTD X//EN" "{url}/pub"><x/>',
    ]
    for probe in probes:
        error = _refused(probe.encode())
        assert SECRET not in str(error)
    assert hits == []


def test_xinclude_is_not_processed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    data = (
        '<x xmlns:xi="http://www.w3.org/2001/XInclude">'
        f'<xi:include href="file://{secret}" parse="text"/></x>'
    ).encode()
    root = parse_xml(data)
    assert SECRET not in etree.tostring(root).decode()


def test_undeclared_entity_is_refused() -> None:
    assert "not well-formed" in _refused(b"<x>&e;</x>").reason


def test_oversize_is_too_large() -> None:
    with pytest.raises(TooLarge) as caught:
        parse_xml(b"<a>" + b"x" * 100 + b"</a>", max_bytes=50)
    assert caught.value.limit == 50
    assert parse_xml(b"<a>x</a>", max_bytes=8).text == "x"


def test_deep_nesting_is_refused() -> None:
    depth = 10_000
    error = _refused(b"<a>" * depth + b"</a>" * depth)
    assert "depth" in error.reason.lower()


def test_invalid_utf8_is_refused() -> None:
    assert (
        "not well-formed" in _refused(b'<?xml version="1.0" encoding="UTF-8"?><a>\xff</a>').reason
    )


@pytest.mark.parametrize("data", [b"", b"   \n", b"<a>", b"<a></b>", b"\x00\x01", b"text"])
def test_garbage_is_refused(data: bytes) -> None:
    _refused(data)


@settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=512) | st.text(max_size=256).map(lambda t: f"<a>{t}</a>".encode()))
def test_arbitrary_bytes_only_raise_typed_errors(data: bytes) -> None:
    with contextlib.suppress(XmlRejected, TooLarge):
        parse_xml(data, max_bytes=400)
