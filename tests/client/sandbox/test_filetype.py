"""Content types by magic, from real (generated) files; never by name."""

from __future__ import annotations

import base64
import io
import zlib

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7

from client.sandbox import HEAD_SIZE, ContentType, detect_content_type, name_fits_type
from tests.client.sandbox.helpers import docx_like, minimal_pdf, minimal_tiff, zip_with
from tests.helpers.certs import SIGNATURE_USAGE, certificate


def _signed(encoding: serialization.Encoding, *, detached: bool = True) -> bytes:
    key, cert = certificate("Signaturtest", bits=2048, usage=SIGNATURE_USAGE)
    options = [pkcs7.PKCS7Options.DetachedSignature] if detached else []
    return (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(minimal_pdf())
        .add_signer(cert, key, hashes.SHA256())
        .sign(encoding, options)
    )


def _enveloped_pem() -> bytes:
    _, cert = certificate("Empfänger", bits=2048)
    der = (
        pkcs7.PKCS7EnvelopeBuilder()
        .set_data(b"geheim")
        .add_recipient(cert)
        .encrypt(serialization.Encoding.DER, [])
    )
    body = base64.encodebytes(der)
    return b"-----BEGIN PKCS7-----\n" + body + b"-----END PKCS7-----\n"


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data).to_bytes(4, "big")
        return len(data).to_bytes(4, "big") + kind + data + crc

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x80"))
        + chunk(b"IEND", b"")
    )


CASES = [
    ("pdf", minimal_pdf(), ContentType.PDF),
    ("pdf after a prefix", b"garbage line\r\n" + minimal_pdf(), ContentType.PDF),
    ("tiff little endian", minimal_tiff(), ContentType.TIFF),
    ("tiff big endian", minimal_tiff(big_endian=True), ContentType.TIFF),
    ("xml with declaration", b'<?xml version="1.0"?><nachricht/>', ContentType.XML),
    ("xml with bom and blanks", b'\xef\xbb\xbf \n\t<?xml version="1.0"?><a/>', ContentType.XML),
    ("xml without declaration", b"\n  <xjustiz:nachricht xmlns:xjustiz='x'/>", ContentType.XML),
    ("xml after a comment", b"<!-- Kommentar --><root/>", ContentType.XML),
    (
        "xml utf-16 with bom",
        '<?xml version="1.0" encoding="UTF-16"?><a/>'.encode("utf-16"),
        ContentType.XML,
    ),
    ("xml utf-16 without bom", '<?xml version="1.0"?><a/>'.encode("utf-16-le"), ContentType.XML),
    ("pkcs7 der detached", _signed(serialization.Encoding.DER), ContentType.PKCS7),
    (
        "pkcs7 der with content",
        _signed(serialization.Encoding.DER, detached=False),
        ContentType.PKCS7,
    ),
    ("pkcs7 pem", _signed(serialization.Encoding.PEM), ContentType.PKCS7),
    # PEM armour alone is not enough: enveloped (encrypted) data is just text to us
    ("pkcs7 enveloped, not signed", _enveloped_pem(), ContentType.TEXT),
    ("zip", zip_with({"a.txt": b"a"}), ContentType.ZIP),
    ("zip holding a pdf", zip_with({"Urteil.pdf": minimal_pdf()}), ContentType.ZIP),
    ("docx", docx_like(), ContentType.OOXML),
    ("png", _png(), ContentType.PNG),
    (
        "jpeg",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00",
        ContentType.JPEG,
    ),
    ("text", "Sehr geehrte Damen und Herren,\nanbei …\n".encode(), ContentType.TEXT),
    ("text cut in a character", b"a" * (HEAD_SIZE - 1) + "ä".encode(), ContentType.TEXT),
    ("html", b"<!DOCTYPE html><html><body>x</body></html>", ContentType.HTML),
    ("html without doctype", b"  <HTML>\n<head></head>", ContentType.HTML),
    ("windows exe", b"MZ\x90\x00\x03\x00\x00\x00" + b"%PDF-1.4", ContentType.EXECUTABLE),
    ("elf", b"\x7fELF\x02\x01\x01", ContentType.EXECUTABLE),
    ("old office", bytes.fromhex("d0cf11e0a1b11ae1") + bytes(100), ContentType.OLE2),
    ("empty", b"", ContentType.EMPTY),
    ("binary", bytes(range(256)) * 4, ContentType.UNKNOWN),
    ("a lone less-than", b"<3 love", ContentType.TEXT),
]


@pytest.mark.parametrize(("data", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_content_types(data: bytes, expected: ContentType) -> None:
    assert detect_content_type(data[:HEAD_SIZE]) is expected


def test_detection_needs_only_the_head() -> None:
    big = minimal_pdf() + bytes(10_000_000)
    assert detect_content_type(io.BytesIO(big).read(HEAD_SIZE)) is ContentType.PDF


@pytest.mark.parametrize(
    ("name", "kind", "fits"),
    [
        ("Urteil.pdf", ContentType.PDF, True),
        ("Urteil.PDF", ContentType.PDF, True),
        ("Urteil.pdf", ContentType.ZIP, False),
        ("Urteil", ContentType.PDF, False),
        ("Scan.tif", ContentType.TIFF, True),
        ("Scan.tiff", ContentType.TIFF, True),
        ("Antrag.pdf.p7s", ContentType.PKCS7, True),
        ("Antrag.pdf.pkcs7", ContentType.PKCS7, True),
        ("Antrag.pdf.p7s", ContentType.PDF, False),
        ("xjustiz_nachricht.xml", ContentType.XML, True),
        ("Brief.docx", ContentType.OOXML, True),
        ("x.bin", ContentType.UNKNOWN, False),
    ],
)
def test_names_must_fit_the_content(name: str, kind: ContentType, fits: bool) -> None:
    assert name_fits_type(name, kind) is fits


def test_every_type_has_a_german_label() -> None:
    assert all(kind.label for kind in ContentType)
    assert ContentType.OOXML.label == "Office-Dokument (z. B. DOCX)"
