from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

import pytest

from client.egvp import (
    BytesSource,
    PathSource,
    RuleCode,
    Severity,
    check_outgoing,
    is_valid_name,
)
from client.egvp.filetype import FileKind, sniff
from profiles.scenarios import Limits
from tests.client.egvp.helpers import DOCX, JPEG, P7S, TIFF, make_pdf, sample_file

PDF = make_pdf()
JS_PDF = make_pdf([b"<</S/JavaScript/JS(app.alert\\(1\\))>>"], catalog_extra=b"/OpenAction 5 0 R")
LIMITS = Limits()


class SizedSource:
    """A source that reports a size without holding the bytes (like a huge file on a share)."""

    def __init__(self, name: str, size: int, head: bytes) -> None:
        self.name = name
        self.size = size
        self._head = head

    def open(self) -> BinaryIO:
        return io.BytesIO(self._head)


def test_a_clean_message_passes(tmp_path: Path) -> None:
    first = tmp_path / "01_Klage.pdf"
    first.write_bytes(PDF)
    second = tmp_path / "02_Anlage_Übersicht.pdf"
    second.write_bytes(PDF)
    files = [
        first,
        str(second),
        PathSource(sample_file("attachments/99 - Klage.pdf"), send_name="03_Klage.pdf"),
        BytesSource("03_Klage.pdf.p7s", P7S),
        BytesSource("04_Foto.tif", TIFF),
    ]
    report = check_outgoing(files, LIMITS)
    assert report.violations == ()
    assert report.ok
    assert [f.kind for f in report.files] == [
        FileKind.PDF,
        FileKind.PDF,
        FileKind.PDF,
        FileKind.PKCS7,
        FileKind.TIFF,
    ]
    assert report.total_bytes == sum(f.size or 0 for f in report.files)


def test_everything_wrong_at_once() -> None:
    files = [
        BytesSource("99 - Klage.pdf", PDF),
        BytesSource("Bericht.docx", DOCX),
        BytesSource("Schriftsatz (1).PDF", PDF),
        BytesSource("Aktiv.pdf", JS_PDF),
        BytesSource("Stellungnahme_" + "x" * 90 + ".pdf", PDF),
        BytesSource("Foto.jpg", JPEG),
        BytesSource("Scan.pdf", TIFF),
    ]
    report = check_outgoing(files, Limits(max_files=3, max_message_bytes=1000))
    assert not report.ok
    expected = {
        None: {RuleCode.TOO_MANY_FILES, RuleCode.MESSAGE_TOO_LARGE},
        0: {RuleCode.NAME_SPACES},
        1: {RuleCode.TYPE_NOT_ALLOWED},
        2: {RuleCode.NAME_SPACES, RuleCode.NAME_INVALID_CHARACTERS},
        3: {RuleCode.PDF_JAVASCRIPT},
        4: {RuleCode.NAME_TOO_LONG},
        5: {RuleCode.TYPE_NOT_ALLOWED},
        6: {RuleCode.EXTENSION_MISMATCH},
    }
    for index, codes in expected.items():
        assert report.codes(index) == codes, index
    assert len(report.violations) == 10
    suggestions = report.suggested_names()
    assert suggestions == {
        0: "99-Klage.pdf",
        2: "Schriftsatz_1.pdf",
        4: ("Stellungnahme_" + "x" * 90)[:86] + ".pdf",
        6: "Scan.tif",
    }
    assert all(is_valid_name(name) for name in suggestions.values())
    for violation in report.violations:
        assert violation.severity is Severity.ERROR
        assert violation.text
        assert violation.fix
        assert violation.file == (
            files[violation.index].name if violation.index is not None else None
        )
    docx = next(v for v in report.violations if v.index == 1)
    assert "DOCX" in docx.text
    assert "PDF" in docx.fix
    too_many = next(v for v in report.violations if v.code is RuleCode.TOO_MANY_FILES)
    assert "8 Dateien" in too_many.text  # 7 + xjustiz_nachricht.xml
    assert "höchstens 3" in too_many.text


def test_1001_files_are_refused_and_1000_fit_without_the_generated_file() -> None:
    files = [BytesSource(f"Anlage_{i:04d}.pdf", PDF) for i in range(1001)]
    report = check_outgoing(files, LIMITS)
    assert [v.code for v in report.violations] == [RuleCode.TOO_MANY_FILES]
    assert "1002 Dateien" in report.violations[0].text
    # 999 documents + xjustiz_nachricht.xml = 1,000: allowed
    assert check_outgoing(files[:999], LIMITS).ok
    assert not check_outgoing(files[:1000], LIMITS).ok
    assert check_outgoing(files[:1000], LIMITS, generated_files=0).ok


def test_201_mb_sparse_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "Akte.pdf"
    with big.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(201_000_000)  # sparse: no 201 MB on disk or in memory
    report = check_outgoing([big, BytesSource("Klage.pdf", PDF)], LIMITS)
    assert [v.code for v in report.violations] == [RuleCode.MESSAGE_TOO_LARGE]
    assert "201,0 MB" in report.violations[0].text
    assert "200,0 MB" in report.violations[0].text
    assert report.files[0].pdf is not None
    assert report.files[0].pdf.bytes_scanned == 201_000_000


def test_size_reported_by_a_source_counts() -> None:
    report = check_outgoing([SizedSource("Akte.pdf", 201 * 1_000_000, PDF)], LIMITS)
    assert [v.code for v in report.violations] == [RuleCode.MESSAGE_TOO_LARGE]
    assert report.total_bytes == 201_000_000
    exact = check_outgoing([SizedSource("Akte.pdf", 200_000_000, PDF)], LIMITS)
    assert exact.ok


def test_tiff_only_beside_a_pdf() -> None:
    alone = check_outgoing([BytesSource("Scan.tif", TIFF)], LIMITS)
    assert [v.code for v in alone.violations] == [RuleCode.TIFF_WITHOUT_PDF]
    beside = check_outgoing([BytesSource("Scan.tiff", TIFF), BytesSource("a.pdf", PDF)], LIMITS)
    assert beside.ok


def test_duplicate_names_get_unique_suggestions() -> None:
    files = [
        BytesSource("Antrag.pdf", PDF),
        BytesSource("ANTRAG.pdf", PDF),
        BytesSource("Schriftsatz (1).pdf", PDF),
        BytesSource("Schriftsatz_1.pdf", PDF),
    ]
    report = check_outgoing(files, LIMITS)
    assert report.codes(1) == {RuleCode.NAME_DUPLICATE}
    assert report.suggested_names() == {1: "ANTRAG_2.pdf", 2: "Schriftsatz_1_2.pdf"}
    assert report.codes(0) == set()
    assert report.codes(3) == set()


def test_signature_files() -> None:
    orphan = check_outgoing([BytesSource("Antrag.pdf.p7s", P7S)], LIMITS)
    assert orphan.codes(0) == {RuleCode.SIGNATURE_WITHOUT_DOCUMENT}
    misnamed = check_outgoing(
        [BytesSource("Antrag.pdf", PDF), BytesSource("Antrag.p7s", P7S)], LIMITS
    )
    assert misnamed.codes(1) == {RuleCode.EXTENSION_MISMATCH, RuleCode.SIGNATURE_WITHOUT_DOCUMENT}
    assert misnamed.suggested_names() == {1: "Antrag.pdf.p7s"}


def test_reserved_and_xml_names() -> None:
    report = check_outgoing(
        [BytesSource("a.pdf", PDF), BytesSource("vhn.xml", b"<?xml version='1.0'?><vhn/>")], LIMITS
    )
    assert report.codes(1) == {RuleCode.NAME_RESERVED, RuleCode.TYPE_NOT_ALLOWED}
    assert report.suggested_names() == {1: "vhn_2.xml"}


def test_unreadable_and_empty_files(tmp_path: Path) -> None:
    empty = tmp_path / "leer.pdf"
    empty.write_bytes(b"")
    report = check_outgoing([tmp_path / "fehlt.pdf", empty, BytesSource("a.pdf", PDF)], LIMITS)
    assert report.codes(0) == {RuleCode.FILE_UNREADABLE}
    assert report.codes(1) == {RuleCode.FILE_EMPTY}
    assert report.files[0].size is None


def test_encrypted_pdf_is_only_a_warning() -> None:
    encrypted = make_pdf().replace(b"/Root 1 0 R", b"/Root 1 0 R/Encrypt 9 0 R")
    report = check_outgoing([BytesSource("a.pdf", encrypted)], LIMITS)
    assert report.ok
    assert [v.code for v in report.warnings] == [RuleCode.PDF_ENCRYPTED]


def test_unknown_content() -> None:
    report = check_outgoing([BytesSource("notiz.pdf", b"just some text")], LIMITS)
    assert report.codes(0) == {RuleCode.TYPE_UNKNOWN}


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n", FileKind.PDF),
        (b"\x00" * 100 + b"%PDF-1.4", FileKind.PDF),
        (b"PK\x03\x04" + b"%PDF-1.4", FileKind.ZIP),  # a ZIP that stores a PDF is a ZIP
        (TIFF, FileKind.TIFF),
        (b"MM\x00*\x00\x00\x00\x08", FileKind.TIFF),
        (b"II+\x00", FileKind.BIGTIFF),
        (P7S, FileKind.PKCS7),
        (bytes.fromhex("308006092a864886f70d010702"), FileKind.PKCS7),
        (b"-----BEGIN PKCS7-----\n", FileKind.PKCS7),
        (b"\xef\xbb\xbf<?xml version='1.0'?>", FileKind.XML),
        (DOCX, FileKind.ZIP),
        (bytes.fromhex("d0cf11e0a1b11ae1"), FileKind.OLE2),
        (JPEG, FileKind.JPEG),
        (b"\x89PNG\r\n\x1a\n", FileKind.PNG),
        (b"GIF89a", FileKind.GIF),
        (b"{\\rtf1", FileKind.RTF),
        (b"MZ\x90\x00", FileKind.EXECUTABLE),
        (b"", FileKind.EMPTY),
        (b"hello", FileKind.UNKNOWN),
    ],
)
def test_sniff(head: bytes, kind: FileKind) -> None:
    assert sniff(head) is kind
