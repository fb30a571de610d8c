from __future__ import annotations

import base64
import contextlib
import hashlib
import itertools
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osci.errors import DuplicateContentId, MimeError, OsciError, TooLarge
from osci.mime import (
    MessageEnded,
    MimeEvent,
    MimeLimits,
    MimeParser,
    MimeWriter,
    Multipart,
    PartCollector,
    PartData,
    PartEnded,
    PartHeaders,
    PartStarted,
    SpillFactory,
    iter_events,
    parse_multipart,
    write_multipart,
)
from tests.conftest import require_reference

BOUNDARY = "MIME_boundary_VsjEyDaGaRemO9kgiLaq8NMmSCtQLHfV"


def _message(*parts: tuple[str, bytes], head: bytes | None = None, boundary: str = "b1") -> bytes:
    """A hand-written message: each part is (header lines, body)."""
    top = (
        head
        if head is not None
        else (
            f"MIME-Version: 1.0\r\nContent-Type: Multipart/Related; boundary={boundary}; "
            "type=text/xml\r\n\r\n"
        ).encode()
    )
    out = top
    for index, (headers, body) in enumerate(parts):
        out += (b"" if index == 0 else b"\r\n") + f"--{boundary}\r\n{headers}\r\n\r\n".encode()
        out += body
    return out + f"\r\n--{boundary}--\r\n".encode()


def _feed_all(data: bytes, size: int, limits: MimeLimits | None = None) -> list[MimeEvent]:
    parser = MimeParser(limits=limits or MimeLimits())
    events: list[MimeEvent] = []
    for start in range(0, len(data), size):
        events += parser.feed(data[start : start + size])
    return events + parser.close()


def _bodies(events: list[MimeEvent]) -> dict[str, bytes]:
    bodies: dict[str, bytes] = {}
    current = ""
    for event in events:
        if isinstance(event, PartStarted):
            current = event.headers.content_id
            bodies[current] = b""
        elif isinstance(event, PartData):
            bodies[current] += event.data
    return bodies


def _spill_to(tmp_path: Path) -> SpillFactory:
    counter = iter(range(10_000))
    folder = tmp_path / "spill"
    folder.mkdir(exist_ok=True)

    def spill() -> BinaryIO:
        return (folder / f"spill-{next(counter)}.bin").open("w+b")

    return spill


# ------------------------------------------------------------------ round trips

ROUND_TRIP_BODIES = [
    b"",
    b"x",
    bytes(range(256)) * 40,
    b"\r\n--" * 100,
    b"--" + BOUNDARY[:-1].encode() + b"\r\n",
    b"\r\n--" + BOUNDARY[:-1].encode(),
    b"\r\n--" + BOUNDARY.encode() + b"X\r\n",  # the boundary as a prefix of a longer word
    b"\r\n--" + BOUNDARY.encode() + b"-x",
    b"ends with CR\r",
    b"ends with CRLF\r\n",
    b"\r\n\r\n",
]


@pytest.mark.parametrize("encoding", ["binary", "8bit", "8-bit", "base64", "7bit"])
@pytest.mark.parametrize("feed_size", [1, 7, 64 * 1024])
def test_round_trip(encoding: str, feed_size: int) -> None:
    parts = [
        (PartHeaders(content_id=f"part {index} – Klage ä.pdf", transfer_encoding=encoding), body)
        for index, body in enumerate(ROUND_TRIP_BODIES)
    ]
    message = write_multipart(parts, boundary=BOUNDARY)
    events = _feed_all(message, feed_size)
    assert isinstance(events[-1], MessageEnded)
    assert _bodies(events) == {headers.content_id: body for headers, body in parts}
    ended = [event for event in events if isinstance(event, PartEnded)]
    for event, (_, body) in zip(ended, parts, strict=True):
        assert event.size == len(body)
        assert event.sha256 == hashlib.sha256(body).digest()


def test_round_trip_keeps_headers() -> None:
    headers = PartHeaders(
        content_id="osci@message",
        content_type="text/xml",
        charset="UTF-8",
        transfer_encoding="8bit",
        content_length=5,
        extra=(("X-Extra", "wert ä"),),
    )
    message = write_multipart([(headers, b"<a/>x")])
    assert (
        b"Content-Type: text/xml; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n" in message
    )
    assert (
        b"Content-ID: <osci@message>\r\nContent-Length: 5\r\nX-Extra: wert \xc3\xa4\r\n" in message
    )
    parsed = parse_multipart([message])
    assert parsed.root.headers == headers
    assert parsed.root.body.read_bytes() == b"<a/>x"


def test_writer_framing_and_default_boundary() -> None:
    out: list[bytes] = []
    writer = MimeWriter(out.append)
    assert writer.boundary.startswith("MIME_boundary_")
    assert len(writer.boundary) == len("MIME_boundary_") + 32
    assert writer.boundary[len("MIME_boundary_") :].isalnum()
    writer.start()
    with writer.part(PartHeaders(content_id="a")) as sink:
        sink.write(b"one")
        sink.write(b"two")
    writer.close()
    message = b"".join(out)
    b = writer.boundary.encode()
    assert message.startswith(
        b"MIME-Version: 1.0\r\nContent-Type: Multipart/Related; boundary=" + b + b"; type=text/xml"
        b"\r\n\r\n--" + b + b"\r\n"
    )
    assert message.endswith(b"\r\n\r\nonetwo\r\n--" + b + b"--\r\n")


def test_base64_writer_wraps_lines_at_76() -> None:
    out: list[bytes] = []
    writer = MimeWriter(out.append, boundary="b")
    writer.start()
    sink = writer.part(PartHeaders(content_id="a", transfer_encoding="base64"))
    payload = bytes(range(256)) * 20
    for start in range(0, len(payload), 13):  # chunks that are no multiple of 3 or 57
        sink.write(payload[start : start + 13])
    sink.end()
    writer.close()
    body = b"".join(out).split(b"\r\n\r\n", 2)[2].rsplit(b"\r\n--b--", 1)[0]
    lines = body.split(b"\r\n")
    assert all(len(line) == 76 for line in lines[:-1])
    assert 0 < len(lines[-1]) <= 76
    assert base64.b64decode(b"".join(lines)) == payload


@pytest.mark.parametrize(
    "content_id", ["a\r\nX-Injected: 1", "a>b", "<a", "a\nb", "", " leading", "tab\t"]
)
def test_writer_refuses_header_injection(content_id: str) -> None:
    writer = MimeWriter(lambda _: None)
    writer.start()
    with pytest.raises(MimeError):
        writer.part(PartHeaders(content_id=content_id))


def test_writer_refuses_bad_extra_headers_and_duplicates() -> None:
    writer = MimeWriter(lambda _: None)
    writer.start()
    with pytest.raises(MimeError):
        writer.part(PartHeaders(content_id="a", extra=(("X-A", "v\r\nX-B: w"),)))
    with pytest.raises(MimeError):
        writer.part(PartHeaders(content_id="a", extra=(("Bad Name", "v"),)))
    with pytest.raises(MimeError):
        writer.part(PartHeaders(content_id="a", charset="ISO-8859-1"))
    with pytest.raises(MimeError):
        writer.part(PartHeaders(content_id="a", transfer_encoding="quoted-printable"))
    writer.part(PartHeaders(content_id="a")).end()
    with pytest.raises(DuplicateContentId):
        writer.part(PartHeaders(content_id="a"))
    with pytest.raises(MimeError):
        MimeWriter(lambda _: None, boundary="bad\r\nboundary")


# ------------------------------------------------------------------ reading what peers write


def test_reference_message_from_egvp() -> None:
    path = require_reference("egvp-sample/Testnachricht_1/oscicontentdata.osci")
    data = path.read_bytes()
    with parse_multipart(data[i : i + 4096] for i in range(0, len(data), 4096)) as message:
        assert [part.content_id for part in message.parts] == [
            "osci@message",
            "xjustiz_nachricht.xml",
            "99 - Klage.pdf",
        ]
        root = message.root
        assert root.headers.content_type == "text/xml"
        assert root.headers.transfer_encoding == "8bit"
        assert root.body.read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>\r\n')
        assert b"<soap:Envelope " in root.body.read_bytes()
        assert root.body.read_bytes().endswith(b"</soap:Envelope>")
        pdf = message.by_content_id("99 - Klage.pdf")
        assert pdf.headers.transfer_encoding == "8-bit"
        assert pdf.size == pdf.headers.content_length == 254387
        assert pdf.body.read_bytes().startswith(b"%PDF-")
        assert pdf.body.read_bytes().endswith(b"%%EOF\n")
        xjustiz = message.by_content_id("xjustiz_nachricht.xml")
        assert xjustiz.size == xjustiz.headers.content_length == 3464
        with pytest.raises(MimeError):
            message.by_content_id("fehlt")


def test_java_soap_fault_shape_leading_crlf_and_fixed_boundary() -> None:
    head = (
        b"\r\nMIME-Version: 1.0\r\ncontent-type: multipart/related; type=text/xml; "
        b"boundary=MIME_boundary\r\n\r\n"
    )
    fault = b"<soap:Envelope>fault</soap:Envelope>"
    message = _message(
        ("Content-Type: text/xml; charset=utf-8\r\ncontent-id: <osci@message>", fault),
        head=head,
        boundary="MIME_boundary",
    )
    for size in (1, 1000):
        assert _bodies(_feed_all(message, size)) == {"osci@message": fault}


@pytest.mark.parametrize("boundary", ["a+b/c=", '"a+b/c="', "'quoted-ish'", "x y"])
def test_boundary_forms(boundary: str) -> None:
    raw = boundary.strip('"')
    if " " in raw:
        boundary = f'"{raw}"'
    head = f"Content-Type: Multipart/Related; boundary={boundary}; type=text/xml\r\n\r\n".encode()
    message = _message(("Content-ID: <a>", b"body"), head=head, boundary=raw)
    assert _bodies(_feed_all(message, 3)) == {"a": b"body"}


def test_preamble_epilogue_padding_and_wrong_content_length() -> None:
    head = b"Content-Type: multipart/related; boundary=zz\r\n\r\n"
    message = (
        head
        + b"preamble text\r\n--zz \t\r\n"
        + b"CONTENT-ID:  <eins>  \r\nContent-Length: 3\r\nX-Folded: a\r\n b\r\n\r\n"
        + b"longer than three"
        + b"\r\n--zz\r\nContent-ID: zwei\r\n\r\n2"
        + b"\r\n--zz--  \r\nepilogue --zz\r\n"
    )
    events = _feed_all(message, 1)
    assert _bodies(events) == {"eins": b"longer than three", "zwei": b"2"}
    first = next(e for e in events if isinstance(e, PartStarted)).headers
    assert first.content_length == 3
    assert first.extra == (("X-Folded", "a b"),)
    assert first.transfer_encoding == "7bit"


def test_text_base64_and_latin1_header_fallback() -> None:
    encoded = base64.encodebytes(b"\x00\x01geheim" * 50).replace(b"\n", b"\r\n")
    message = _message(
        (
            "Content-Type: text/base64\r\nContent-Transfer-Encoding: 7bit\r\n"
            "Content-ID: <osci_enc>",
            encoded,
        ),
    )
    assert _bodies(_feed_all(message, 5)) == {"osci_enc": b"\x00\x01geheim" * 50}
    latin = (
        b"Content-Type: multipart/related; boundary=q\r\n\r\n"
        b"--q\r\nContent-ID: <K\xe4se>\r\n\r\nx\r\n--q--"
    )
    assert _bodies(_feed_all(latin, 2)) == {"Käse": b"x"}


def test_empty_headers_of_a_part_are_missing_content_id() -> None:
    message = b"Content-Type: multipart/related; boundary=q\r\n\r\n--q\r\n\r\nx\r\n--q--\r\n"
    with pytest.raises(MimeError, match="Content-ID"):
        _feed_all(message, 1)


# ------------------------------------------------------------------ rejections


@pytest.mark.parametrize(
    ("message", "error", "words"),
    [
        (b"Content-Type: multipart/related\r\n\r\n--b\r\n", MimeError, "boundary"),
        (b"Content-Type: text/xml; boundary=b\r\n\r\n", MimeError, "multipart"),
        (b"MIME-Version: 1.0\r\n\r\n", MimeError, "Content-Type"),
        (_message(("Content-Type: text/xml", b"x")), MimeError, "Content-ID"),
        (_message(("Content-ID: <a>", b"x"), ("Content-ID: <a>", b"y")), DuplicateContentId, "a"),
        (
            _message(("Content-ID: <a>\r\nContent-Type: text/xml; charset=latin1", b"x")),
            MimeError,
            "charset",
        ),
        (
            _message(("Content-ID: <a>\r\nContent-Transfer-Encoding: quoted-printable", b"x")),
            MimeError,
            "encoding",
        ),
        (
            _message(("Content-ID: <a>\r\nContent-Transfer-Encoding: base64", b"QUJD*")),
            MimeError,
            "base64",
        ),
        (
            _message(("Content-ID: <a>\r\nContent-Transfer-Encoding: base64", b"QUJDR")),
            MimeError,
            "base64",
        ),
        (
            _message(("Content-ID: <a>\r\nContent-Transfer-Encoding: base64", b"QQ==QUJD")),
            MimeError,
            "base64",
        ),
        (_message(("Content-ID: <a>\r\nContent-Length: zehn", b"x")), MimeError, "Content-Length"),
        (_message(("Content-ID: <a>\r\nContent-ID: <b>", b"x")), MimeError, "twice"),
        (_message(("no colon here\r\nContent-ID: <a>", b"x")), MimeError, "malformed"),
        (_message(("Content-ID: <a>", b"x"))[:-8], MimeError, "truncated"),
        (
            b"Content-Type: multipart/related; boundary=b\r\n\r\n--b--\r\n",
            MimeError,
            "without parts",
        ),
        (b"Content-Type: multipart/related; boundary=b\r\n", MimeError, "truncated"),
        (b"", MimeError, "truncated"),
    ],
)
def test_rejections(message: bytes, error: type[Exception], words: str) -> None:
    for size in (1, 1 << 20):
        with pytest.raises(error, match=words):
            _feed_all(message, size)


def test_limits() -> None:
    message = _message(("Content-ID: <a>", b"x" * 100), ("Content-ID: <b>", b"y"))
    with pytest.raises(TooLarge, match="MIME part 'a'"):
        _feed_all(message, 7, MimeLimits(max_part_bytes=99))
    with pytest.raises(TooLarge, match="MIME message"):
        _feed_all(message, 7, MimeLimits(max_total_bytes=len(message) - 1))
    with pytest.raises(MimeError, match="more than 1 parts"):
        _feed_all(message, 7, MimeLimits(max_parts=1))
    long_header = _message(("Content-ID: <a>\r\nX-Long: " + "v" * 300, b"x"))
    with pytest.raises(TooLarge, match="header block"):
        _feed_all(long_header, 1, MimeLimits(max_header_bytes=256))
    with pytest.raises(TooLarge, match="header block"):
        _feed_all(
            b"Content-Type: multipart/related; boundary=" + b"b" * 600,
            1,
            MimeLimits(max_header_bytes=256),
        )
    assert len(_bodies(_feed_all(message, 7, MimeLimits(max_part_bytes=100, max_parts=2)))) == 2


def test_parser_repeats_its_failure() -> None:
    parser = MimeParser()
    with pytest.raises(MimeError):
        parser.feed(b"Content-Type: text/plain\r\n\r\n")
    with pytest.raises(MimeError):
        parser.feed(b"more")
    with pytest.raises(MimeError):
        parser.close()


# ------------------------------------------------------------------ collector and bodies


def test_collector_spills_big_parts_and_gives_independent_readers(tmp_path: Path) -> None:
    big = bytes(range(256)) * 100  # 25,600 bytes
    message = write_multipart(
        [(PartHeaders(content_id="klein"), b"small"), (PartHeaders(content_id="gross"), big)]
    )
    with parse_multipart([message], spill=_spill_to(tmp_path), memory_threshold=1000) as parsed:
        small, large = parsed.parts
        assert small.body.in_memory
        assert small.body.read_bytes() == b"small"
        assert not large.body.in_memory
        assert large.size == large.body.size == len(big)
        assert large.sha256 == hashlib.sha256(big).digest()
        first, second = large.body.open(), large.body.open()
        assert first.read(10) == big[:10]
        assert second.read(5) == big[:5]
        assert first.read() == big[10:]
        assert second.read() == big[5:]
        assert large.body.read_bytes() == big
        assert len(list((tmp_path / "spill").iterdir())) == 1


def test_collector_without_spill_keeps_everything_in_memory() -> None:
    message = write_multipart([(PartHeaders(content_id="a"), b"z" * 5000)])
    collector = PartCollector(memory_threshold=10)
    completed = [part for event in iter_events([message]) if (part := collector.add(event))]
    assert [part.content_id for part in completed] == ["a"]
    result = collector.result()
    assert isinstance(result, Multipart)
    assert result.root.body.in_memory


def test_failed_parse_closes_spill_files(tmp_path: Path) -> None:
    opened: list[BinaryIO] = []

    def spill() -> BinaryIO:
        file = (tmp_path / f"s{len(opened)}").open("w+b")
        opened.append(file)
        return file

    message = write_multipart([(PartHeaders(content_id="a"), b"q" * 5000)])
    with pytest.raises(MimeError):
        parse_multipart([message[:-20]], spill=spill, memory_threshold=100)
    assert opened
    assert all(file.closed for file in opened)


# ------------------------------------------------------------------ fuzzing

FUZZ = settings(
    max_examples=300,
    deadline=2000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SMALL_LIMITS = MimeLimits(
    max_header_bytes=512, max_parts=8, max_part_bytes=4096, max_total_bytes=16384
)


def _parse_loosely(data: bytes, cuts: list[int]) -> None:
    parser = MimeParser(limits=SMALL_LIMITS)
    points = sorted({0, len(data), *(cut % (len(data) + 1) for cut in cuts)})
    for start, end in itertools.pairwise(points):
        parser.feed(data[start:end])
    parser.close()


@FUZZ
@given(st.binary(max_size=2048), st.lists(st.integers(min_value=0), max_size=8))
def test_fuzz_random_bytes_raise_only_osci_errors(data: bytes, cuts: list[int]) -> None:
    with contextlib.suppress(OsciError):
        _parse_loosely(data, cuts)


VALID = write_multipart(
    [
        (PartHeaders(content_id="osci@message", content_type="text/xml", charset="UTF-8"), b"<a/>"),
        (PartHeaders(content_id="anhang 1.pdf", transfer_encoding="base64"), bytes(range(200))),
        (PartHeaders(content_id="leer", transfer_encoding="8-bit"), b""),
    ],
    boundary="MIME_boundary_fuzz",
)


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(VALID)),
            st.sampled_from(["flip", "delete", "insert"]),
            st.binary(min_size=1, max_size=8),
        ),
        min_size=1,
        max_size=6,
    ),
    st.lists(st.integers(min_value=0), max_size=8),
)
def test_fuzz_mutated_messages_raise_only_osci_errors(
    mutations: list[tuple[int, str, bytes]], cuts: list[int]
) -> None:
    data = bytearray(VALID)
    for position, kind, payload in mutations:
        position = min(position, len(data))
        if kind == "flip" and position < len(data):
            data[position] ^= payload[0] or 1
        elif kind == "delete":
            del data[position : position + len(payload)]
        else:
            data[position:position] = payload
    with contextlib.suppress(OsciError):
        _parse_loosely(bytes(data), cuts)


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.text(
                alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
                min_size=1,
                max_size=20,
            ).filter(lambda s: s == s.strip() and s.isprintable() and not set(s) & set("<>")),
            st.sampled_from(["binary", "8-bit", "base64", "7bit"]),
            st.binary(max_size=300),
        ),
        min_size=1,
        max_size=4,
        unique_by=lambda item: item[0],
    ),
    st.integers(min_value=1, max_value=50),
)
def test_fuzz_round_trip(parts: list[tuple[str, str, bytes]], feed_size: int) -> None:
    message = write_multipart(
        [(PartHeaders(content_id=cid, transfer_encoding=enc), body) for cid, enc, body in parts]
    )
    assert _bodies(_feed_all(message, feed_size)) == {cid: body for cid, _, body in parts}


# ------------------------------------------------------------------ memory bound

CHUNK = 64 * 1024
TOTAL = 200 * 1024 * 1024


def _big_message(digest: hashlib._Hash) -> Iterator[bytes]:
    """A 200 MB message produced chunk by chunk through the writer (never held whole)."""
    block = bytearray(hashlib.sha256(b"seed").digest() * (CHUNK // 32))
    block[100:104] = b"\r\n--"  # delimiter look-alikes in every chunk
    out: list[bytes] = []
    writer = MimeWriter(out.append)
    writer.start()
    writer.write_part(PartHeaders(content_id="osci@message", content_type="text/xml"), b"<a/>")
    sink = writer.part(PartHeaders(content_id="gross.bin"))
    for index in range(TOTAL // CHUNK):
        block[0:8] = index.to_bytes(8, "big")
        chunk = bytes(block)
        digest.update(chunk)
        sink.write(chunk)
        yield from out
        out.clear()
    sink.end()
    writer.close()
    yield from out


@pytest.mark.slow
def test_200_mb_message_streams_in_bounded_memory(tmp_path: Path) -> None:
    expected = hashlib.sha256()
    tracemalloc.start()
    try:
        with parse_multipart(_big_message(expected), spill=_spill_to(tmp_path)) as message:
            _, peak = tracemalloc.get_traced_memory()
            big = message.by_content_id("gross.bin")
            assert big.size == TOTAL
            assert big.sha256 == expected.digest()
            assert not big.body.in_memory
            assert message.root.body.read_bytes() == b"<a/>"
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
    assert (tmp_path / "spill" / "spill-0.bin").stat().st_size == TOTAL
