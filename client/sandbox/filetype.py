"""What a file *is*, from its first bytes ("magic"), never from its name.

Used for release decisions (only allowed types reach ``transfer``, and the name's extension must
fit the content). The receive side's own detector: ``client.egvp`` has a smaller one for sending;
the layers may not share code.

Precedence: signatures at offset 0 win (so a ZIP that stores a PDF is a ZIP, an EXE with
``%PDF-`` inside is an executable); then ``%PDF-`` within the first KiB (readers accept a prefix);
then PEM PKCS#7, HTML, XML, plain text.
"""

from __future__ import annotations

import binascii
import re
import unicodedata
from enum import IntEnum

# Enough for every check below (PDF needs 1 KiB, the ZIP entry name and PEM body a few hundred).
HEAD_SIZE = 4096
_PDF_WINDOW = 1024

# DER of the OID 1.2.840.113549.1.7.2 (pkcs7-signedData).
_SIGNED_DATA_OID = bytes.fromhex("06092a864886f70d010702")
_PEM_PKCS7 = (
    b"-----BEGIN PKCS7-----",
    b"-----BEGIN CMS-----",
    b"-----BEGIN PKCS #7 SIGNED DATA-----",
)
_OOXML_FIRST_ENTRIES = (b"[Content_Types].xml", b"_rels/", b"word/", b"xl/", b"ppt/", b"docProps/")
_XML_NAME_START = re.compile(rb"<[A-Za-z_:\x80-\xff]")
_HTML_START = re.compile(rb"<(!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)
_TEXT_CONTROLS = frozenset(b"\t\n\r\f")


class ContentType(IntEnum):
    """Detected content types. Persisted values: never reuse a number."""

    UNKNOWN = 0
    EMPTY = 1
    PDF = 2
    TIFF = 3
    XML = 4
    PKCS7 = 5
    ZIP = 6
    OOXML = 7
    PNG = 8
    JPEG = 9
    TEXT = 10
    HTML = 11
    EXECUTABLE = 12
    OLE2 = 13

    @property
    def label(self) -> str:
        """German name for the user (what the file really is)."""
        return _LABELS[self]


_LABELS = {
    ContentType.UNKNOWN: "unbekannter Dateityp",
    ContentType.EMPTY: "leere Datei",
    ContentType.PDF: "PDF-Dokument",
    ContentType.TIFF: "TIFF-Bild",
    ContentType.XML: "XML-Datei",
    ContentType.PKCS7: "Signaturdatei (PKCS#7)",
    ContentType.ZIP: "ZIP-Archiv",
    ContentType.OOXML: "Office-Dokument (z. B. DOCX)",
    ContentType.PNG: "PNG-Bild",
    ContentType.JPEG: "JPEG-Bild",
    ContentType.TEXT: "Textdatei",
    ContentType.HTML: "HTML-Seite",
    ContentType.EXECUTABLE: "ausführbares Programm",
    ContentType.OLE2: "älteres Office-Dokument (z. B. DOC)",
}

# The extensions (lower case, no dot) a file name may carry for each content type.
EXTENSIONS: dict[ContentType, frozenset[str]] = {
    ContentType.PDF: frozenset({"pdf"}),
    ContentType.TIFF: frozenset({"tif", "tiff"}),
    ContentType.XML: frozenset({"xml"}),
    ContentType.PKCS7: frozenset({"p7s", "pkcs7", "p7m"}),
    ContentType.ZIP: frozenset({"zip"}),
    ContentType.OOXML: frozenset({"docx", "xlsx", "pptx"}),
    ContentType.PNG: frozenset({"png"}),
    ContentType.JPEG: frozenset({"jpg", "jpeg"}),
    ContentType.TEXT: frozenset({"txt"}),
    ContentType.HTML: frozenset({"html", "htm"}),
}

# Words accepted in ``allowed_transfer_types`` (settings) for each content type.
TYPE_TOKENS: dict[str, ContentType] = {
    "pdf": ContentType.PDF,
    "tif": ContentType.TIFF,
    "tiff": ContentType.TIFF,
    "xml": ContentType.XML,
    "p7s": ContentType.PKCS7,
    "p7m": ContentType.PKCS7,
    "pkcs7": ContentType.PKCS7,
    "zip": ContentType.ZIP,
    "docx": ContentType.OOXML,
    "ooxml": ContentType.OOXML,
    "png": ContentType.PNG,
    "jpg": ContentType.JPEG,
    "jpeg": ContentType.JPEG,
    "txt": ContentType.TEXT,
    "text": ContentType.TEXT,
    "html": ContentType.HTML,
}


def detect_content_type(head: bytes) -> ContentType:
    """The content type of a file from its first bytes (pass at least :data:`HEAD_SIZE`).

    ``head`` shorter than :data:`HEAD_SIZE` is taken to be the whole file.
    """
    if not head:
        return ContentType.EMPTY
    at_zero = _at_offset_zero(head)
    if at_zero is not None:
        return at_zero
    if b"%PDF-" in head[:_PDF_WINDOW]:
        return ContentType.PDF
    if _is_pem_pkcs7(head):
        return ContentType.PKCS7
    markup = _markup_type(head)
    if markup is not None:
        return markup
    if _is_text(head, truncated=len(head) >= HEAD_SIZE):
        return ContentType.TEXT
    return ContentType.UNKNOWN


def extension_of(name: str) -> str:
    """The last extension of ``name`` in lower case without the dot (``""`` when none)."""
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem and ext else ""


def name_fits_type(name: str, content_type: ContentType) -> bool:
    """True when the extension of ``name`` is one that ``content_type`` may carry."""
    return extension_of(name) in EXTENSIONS.get(content_type, frozenset())


def _at_offset_zero(head: bytes) -> ContentType | None:
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return ContentType.TIFF
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return ContentType.OOXML if _is_ooxml(head) else ContentType.ZIP
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return ContentType.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return ContentType.JPEG
    if head.startswith(bytes.fromhex("d0cf11e0a1b11ae1")):
        return ContentType.OLE2
    if head.startswith((b"MZ", b"\x7fELF", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf")) or head[
        :4
    ] in (b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe"):
        return ContentType.EXECUTABLE
    if _is_pkcs7_der(head):
        return ContentType.PKCS7
    return None


def _is_pkcs7_der(head: bytes) -> bool:
    """A DER/BER ContentInfo: SEQUENCE whose first element is the signedData OID."""
    if len(head) < 2 or head[0] != 0x30:
        return False
    length_byte = head[1]
    offset = 2
    if length_byte == 0x80:
        pass  # indefinite length (BER), as some signing tools write
    elif length_byte & 0x80:
        count = length_byte & 0x7F
        if not 1 <= count <= 4:
            return False
        offset += count
    return head[offset : offset + len(_SIGNED_DATA_OID)] == _SIGNED_DATA_OID


def _is_pem_pkcs7(head: bytes) -> bool:
    """PEM armour *and* a body that decodes to signedData (CMS PEM may also be enveloped)."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    for armour in _PEM_PKCS7:
        if text.startswith(armour):
            body = b"".join(text[len(armour) :].split())[:64]
            try:
                return _is_pkcs7_der(binascii.a2b_base64(body[: len(body) // 4 * 4]))
            except binascii.Error:
                return False
    return False


def _is_ooxml(head: bytes) -> bool:
    """An Office Open XML package: the first ZIP entry is one of the OPC parts."""
    if len(head) < 30 or not head.startswith(b"PK\x03\x04"):
        return False
    name_length = int.from_bytes(head[26:28], "little")
    first_entry = head[30 : 30 + name_length]
    return first_entry.startswith(_OOXML_FIRST_ENTRIES)


def _markup_type(head: bytes) -> ContentType | None:
    text = _as_utf8_prefix(head)
    if text is None:
        return None
    text = text.lstrip(b" \t\r\n")
    if _HTML_START.match(text):
        return ContentType.HTML
    if text.startswith((b"<?xml ", b"<?xml\t", b"<?xml\r", b"<?xml\n")):
        return ContentType.XML
    # No declaration: a comment, a doctype or a root element must come first.
    while text.startswith((b"<!--", b"<?")):
        end = text.find(b"-->" if text.startswith(b"<!--") else b"?>")
        if end < 0:
            return None
        text = text[end + 3 if text.startswith(b"<!--") else end + 2 :].lstrip(b" \t\r\n")
        if _HTML_START.match(text):
            return ContentType.HTML
    if text.startswith(b"<!DOCTYPE") or _XML_NAME_START.match(text):
        return ContentType.XML
    return None


def _as_utf8_prefix(head: bytes) -> bytes | None:
    """The head as UTF-8-ish bytes: the BOM removed, UTF-16 (with or without BOM) re-encoded."""
    if head.startswith(b"\xef\xbb\xbf"):
        return head[3:]
    for bom, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return _reencode(head[2:], encoding)
    if head.startswith(b"<\x00?\x00"):
        return _reencode(head, "utf-16-le")
    if head.startswith(b"\x00<\x00?"):
        return _reencode(head, "utf-16-be")
    return head


def _reencode(data: bytes, encoding: str) -> bytes | None:
    try:
        return data[: len(data) // 2 * 2].decode(encoding, errors="strict").encode("utf-8")
    except UnicodeDecodeError:
        return None


def _is_text(head: bytes, *, truncated: bool) -> bool:
    data = head.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the head is fine.
        if not (
            truncated and exc.start >= len(data) - 3 and exc.reason.startswith("unexpected end")
        ):
            return False
        text = data[: exc.start].decode("utf-8")
    return not any(
        unicodedata.category(ch) == "Cc" and ord(ch) not in _TEXT_CONTROLS for ch in text
    )
