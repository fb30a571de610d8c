"""Test data builders for ``client.egvp``: tiny PDFs, the real sample's containers, XSD paths."""

from __future__ import annotations

import base64
import re
import zlib
from collections.abc import Sequence
from pathlib import Path

from tests.conftest import require_reference

SAMPLE = "egvp-sample/Testnachricht_1"
XSD_FOLDER = "xjustiz-3.5.1"


def sample_file(relative: str) -> Path:
    return require_reference(f"{SAMPLE}/{relative}")


def xsd_folder() -> Path:
    return require_reference(f"{XSD_FOLDER}/xjustiz_0005_nachrichten_3_1.xsd").parent


def sample_containers() -> dict[str, dict[str, bytes]]:
    """The decrypted ContentContainers of the real message, read from EGVP's stored envelope.

    The ``osci`` parser is not available to this package's tests; the stored envelope carries the
    inline contents as plain ``Base64Content`` elements, which a regular expression finds.
    """
    data = sample_file("oscicontentdata.osci").read_bytes()
    containers: dict[str, dict[str, bytes]] = {}
    pattern = rb'<osci:ContentContainer[^>]*\sId="([^"]+)">(.*?)</osci:ContentContainer>'
    for match in re.finditer(pattern, data, re.S):
        contents = {
            item.group(1).decode(): base64.b64decode(item.group(2))
            for item in re.finditer(rb'<osci:Base64Content Id="([^"]+)">([^<]*)<', match.group(2))
        }
        containers[match.group(1).decode()] = contents
    return containers


# ---------------------------------------------------------------- PDFs


def _stream_object(dictionary: bytes, data: bytes) -> bytes:
    return b"<<" + dictionary + b"/Length %d>>\nstream\n" % len(data) + data + b"\nendstream"


def make_pdf(
    extra_objects: Sequence[bytes] = (),
    *,
    catalog_extra: bytes = b"",
    object_stream: Sequence[bytes] = (),
    object_stream_filter: bytes | None = b"/FlateDecode",
    content: bytes = b"BT /F1 12 Tf 72 712 Td (Schriftsatz) Tj ET",
    compress_content: bool = True,
) -> bytes:
    """A small, structurally valid PDF (xref offsets are right for the top-level objects).

    Objects 1–4: catalog, pages, page, content stream; ``extra_objects`` follow as 5, 6, …;
    ``object_stream`` puts further objects into a compressed object stream (PDF 1.5).
    """
    if compress_content:
        stream = _stream_object(b"/Filter/FlateDecode", zlib.compress(content))
    else:
        stream = _stream_object(b"", content)
    bodies = [
        b"<</Type/Catalog/Pages 2 0 R" + catalog_extra + b">>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>",
        stream,
        *extra_objects,
    ]
    first_free = len(bodies) + 1
    if object_stream:
        numbers = range(first_free + 1, first_free + 1 + len(object_stream))
        offsets, payload = [], b""
        for body in object_stream:
            offsets.append(len(payload))
            payload += body + b"\n"
        header = b" ".join(b"%d %d" % (n, o) for n, o in zip(numbers, offsets, strict=True)) + b"\n"
        raw = header + payload
        data = zlib.compress(raw) if object_stream_filter == b"/FlateDecode" else raw
        dictionary = b"/Type/ObjStm/N %d/First %d" % (len(object_stream), len(header))
        if object_stream_filter:
            dictionary += b"/Filter" + object_stream_filter
        bodies.append(_stream_object(dictionary, data))
    out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    positions = []
    for number, body in enumerate(bodies, start=1):
        positions.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % p for p in positions)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, xref)
    return out


TIFF = b"II*\x00\x08\x00\x00\x00" + b"\x00" * 64
DOCX = b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 22 + b"[Content_Types].xml" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
# A DER SignedData header: SEQUENCE (long form) + OID pkcs7-signedData.
P7S = bytes.fromhex("3082010006092a864886f70d010702") + b"\xa0" + b"\x00" * 64
