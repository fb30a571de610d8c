from __future__ import annotations

import io
import os
import zlib

import pytest

from client.egvp.pdfscan import (
    MAX_INFLATE_PER_STREAM,
    PdfFinding,
    PdfGap,
    PdfScanner,
    scan_pdf,
    scan_pdf_bytes,
)
from tests.client.egvp.helpers import make_pdf, sample_file

JS_ACTION = b"<</Type/Action/S/JavaScript/JS(app.alert\\(1\\))>>"


def chunked(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


@pytest.mark.parametrize("file", ["attachments/99 - Klage.pdf", "pruefvermerk.pdf"])
def test_real_pdfs_are_clean(file: str) -> None:
    with sample_file(file).open("rb") as stream:
        result = scan_pdf(stream)
    assert result.findings == frozenset()
    assert result.gaps == frozenset()
    assert result.bytes_scanned == sample_file(file).stat().st_size


@pytest.mark.parametrize(
    ("pdf", "finding"),
    [
        (make_pdf([JS_ACTION], catalog_extra=b"/OpenAction 5 0 R"), PdfFinding.JAVASCRIPT),
        (make_pdf([b"<</S/JavaScript/JS 6 0 R>>"]), PdfFinding.JAVASCRIPT),
        (
            make_pdf([b"<</Names[(x) 6 0 R]>>"], catalog_extra=b"/Names<</EmbeddedFiles 5 0 R>>"),
            PdfFinding.EMBEDDED_FILE,
        ),
        (make_pdf([b"<</Type/Annot/Subtype/FileAttachment/FS 6 0 R>>"]), PdfFinding.EMBEDDED_FILE),
        (make_pdf([b"<</S/Launch/F(calc.exe)>>"]), PdfFinding.LAUNCH_ACTION),
        # names spelled with #xx escapes
        (make_pdf([b"<</S/J#61vaScript/J#53(x)>>"]), PdfFinding.JAVASCRIPT),
        (make_pdf([b"<</S/#4C#61#75#6E#63#68>>"]), PdfFinding.LAUNCH_ACTION),
        # inside a compressed object stream (PDF 1.5)
        (make_pdf(object_stream=[JS_ACTION]), PdfFinding.JAVASCRIPT),
        (
            make_pdf(
                object_stream=[b"<</Type/Filespec/EF<</F 9 0 R>>>>", b"<</Type/EmbeddedFile>>"]
            ),
            PdfFinding.EMBEDDED_FILE,
        ),
        # an uncompressed object stream is plain text
        (make_pdf(object_stream=[JS_ACTION], object_stream_filter=None), PdfFinding.JAVASCRIPT),
    ],
)
def test_active_content_is_found_in_any_chunking(pdf: bytes, finding: PdfFinding) -> None:
    for size in (1, 7, 64, 4096, len(pdf)):
        result = scan_pdf_bytes(chunked(pdf, size))
        assert result.findings == {finding}, size
        assert result.gaps == frozenset()
        assert result.active_content


@pytest.mark.parametrize(
    "pdf",
    [
        make_pdf(),
        make_pdf(object_stream=[b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"]),
        # look-alikes: a longer name, text in a string, text in page content
        make_pdf([b"<</Type/Font/BaseFont/JSFont/Name/JavaScriptBook>>"]),
        make_pdf([b"<</Title(JS and Launch are just words here)>>"]),
        make_pdf(content=b"BT /F1 12 Tf (/JavaScript) Tj ET /JS Do", compress_content=False),
    ],
)
def test_clean_pdfs_stay_clean(pdf: bytes) -> None:
    for size in (3, 100, len(pdf)):
        result = scan_pdf_bytes(chunked(pdf, size))
        assert result.findings == frozenset(), size
        assert not result.active_content


def test_names_inside_strings_count_conservatively() -> None:
    # The scanner does not parse strings (a parser that disagrees with the reader about where a
    # string ends could be fooled); a name written inside a string counts (decision 0503).
    pdf = make_pdf([b"<</Title(see /Launch here)>>"])
    assert scan_pdf_bytes([pdf]).findings == {PdfFinding.LAUNCH_ACTION}


def test_random_stream_data_causes_no_false_alarm() -> None:
    # Compressed images look like random bytes; "/JS" followed by a delimiter appears in them
    # by chance. Put it there on purpose: it must not count, because it is stream data.
    noise = os.urandom(200_000) + b"/JS " + os.urandom(1000) + b"/Launch>" + os.urandom(1000)
    pdf = make_pdf(content=noise, compress_content=False)
    assert scan_pdf_bytes(chunked(pdf, 65536)).findings == frozenset()


def test_a_fake_stream_keyword_cannot_hide_objects() -> None:
    # "stream" inside a string: a reader sees no stream, so the next object is live.
    pdf = make_pdf([b"<</Title(>>stream\n)>>", JS_ACTION])
    assert scan_pdf_bytes([pdf]).findings == {PdfFinding.JAVASCRIPT}


def test_object_stream_with_other_filter_is_a_gap() -> None:
    pdf = make_pdf(object_stream=[JS_ACTION], object_stream_filter=b"/LZWDecode")
    result = scan_pdf_bytes([pdf])
    assert PdfGap.OBJECT_STREAM_FILTER in result.gaps


def test_damaged_object_stream_is_a_gap() -> None:
    pdf = make_pdf(object_stream=[JS_ACTION])
    start = pdf.index(b"/Type/ObjStm")
    data_at = pdf.index(b"stream\n", start) + len(b"stream\n")
    damaged = pdf[:data_at] + b"\x00\x01garbage" + pdf[data_at + 9 :]
    result = scan_pdf_bytes([damaged])
    assert PdfGap.OBJECT_STREAM_DAMAGED in result.gaps


def test_zip_bomb_object_stream_stops_at_the_limit() -> None:
    compressor = zlib.compressobj(9)
    chunk = b"\x00" * (1 << 20)
    bomb = b"".join(
        compressor.compress(chunk) for _ in range(MAX_INFLATE_PER_STREAM // len(chunk) + 4)
    )
    bomb += compressor.flush()
    pdf = (
        b"%PDF-1.7\n1 0 obj\n<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length "
        + str(len(bomb)).encode()
        + b">>\nstream\n"
        + bomb
        + b"\nendstream\nendobj\n2 0 obj\n"
        + JS_ACTION
        + b"\nendobj\n%%EOF\n"
    )
    result = scan_pdf(io.BytesIO(pdf))
    assert PdfGap.INFLATE_LIMIT in result.gaps
    # the check goes on after the bomb
    assert result.findings == {PdfFinding.JAVASCRIPT}


def test_encrypted_pdf_is_reported() -> None:
    pdf = make_pdf().replace(b"/Root 1 0 R", b"/Root 1 0 R/Encrypt 9 0 R")
    result = scan_pdf_bytes([pdf])
    assert result.findings == {PdfFinding.ENCRYPTED}
    assert not result.active_content


def test_truncated_pdf_inside_a_stream_is_a_gap() -> None:
    pdf = make_pdf()
    cut = pdf[: pdf.index(b"endstream")]
    assert PdfGap.UNTERMINATED_STREAM in scan_pdf_bytes([cut]).gaps


def test_scanner_is_single_use() -> None:
    scanner = PdfScanner()
    scanner.feed(make_pdf())
    scanner.finish()
    with pytest.raises(RuntimeError):
        scanner.feed(b"x")
