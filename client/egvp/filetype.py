"""A minimal content-type check ("magic") for the ERV rules: what a file *is*, not what it is named.

Deliberately small and local (``client.sandbox`` has its own for the receive side; the layers may
not share code). It recognises what may be sent — PDF, TIFF 6, detached PKCS#7 signatures — and
the common things that may not (XML, ZIP/Office, old Office, JPEG, PNG, GIF, RTF, executables) so
the refusal can say what the file is.
"""

from __future__ import annotations

from enum import IntEnum

# Readers accept "%PDF-" anywhere in the first KiB; so do we, unless another signature is at 0.
HEAD_BYTES = 1024

# DER of the OID 1.2.840.113549.1.7.2 (pkcs7-signedData).
_SIGNED_DATA_OID = bytes.fromhex("06092a864886f70d010702")


class FileKind(IntEnum):
    """Detected file types. Persisted values."""

    UNKNOWN = 0
    PDF = 1
    TIFF = 2
    PKCS7 = 3
    XML = 4
    ZIP = 5
    OLE2 = 6
    JPEG = 7
    PNG = 8
    GIF = 9
    RTF = 10
    EXECUTABLE = 11
    BIGTIFF = 12
    EMPTY = 13

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    FileKind.UNKNOWN: "unbekannter Dateityp",
    FileKind.PDF: "PDF",
    FileKind.TIFF: "TIFF",
    FileKind.PKCS7: "Signaturdatei (PKCS#7)",
    FileKind.XML: "XML",
    FileKind.ZIP: "ZIP-Archiv bzw. Office-Dokument (z. B. DOCX)",
    FileKind.OLE2: "älteres Office-Dokument (z. B. DOC, XLS)",
    FileKind.JPEG: "JPEG-Bild",
    FileKind.PNG: "PNG-Bild",
    FileKind.GIF: "GIF-Bild",
    FileKind.RTF: "RTF-Dokument",
    FileKind.EXECUTABLE: "ausführbares Programm",
    FileKind.BIGTIFF: "BigTIFF (kein TIFF 6)",
    FileKind.EMPTY: "leere Datei",
}

# File name extensions that fit each kind we allow (lower case, without the dot).
EXTENSIONS: dict[FileKind, tuple[str, ...]] = {
    FileKind.PDF: ("pdf",),
    FileKind.TIFF: ("tif", "tiff"),
    FileKind.PKCS7: ("p7s", "pkcs7"),
}


def _is_pkcs7_der(head: bytes) -> bool:
    if len(head) < 2 or head[0] != 0x30:
        return False
    length_byte = head[1]
    offset = 2
    if length_byte == 0x80:
        pass  # indefinite length (BER), as some signing tools write
    elif length_byte & 0x80:
        offset += length_byte & 0x7F
    return head[offset : offset + len(_SIGNED_DATA_OID)] == _SIGNED_DATA_OID


def sniff(head: bytes) -> FileKind:
    """The kind of a file from its first bytes (pass at least :data:`HEAD_BYTES`)."""
    if not head:
        return FileKind.EMPTY
    if head.startswith(b"%PDF-"):
        return FileKind.PDF
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return FileKind.TIFF
    if head.startswith((b"II+\x00", b"MM\x00+")):
        return FileKind.BIGTIFF
    if _is_pkcs7_der(head) or head.lstrip().startswith(
        (b"-----BEGIN PKCS7-----", b"-----BEGIN CMS-----")
    ):
        return FileKind.PKCS7
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return FileKind.ZIP
    if head.startswith(bytes.fromhex("d0cf11e0a1b11ae1")):
        return FileKind.OLE2
    if head.startswith(b"\xff\xd8\xff"):
        return FileKind.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind.PNG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return FileKind.GIF
    if head.startswith(b"{\\rtf"):
        return FileKind.RTF
    if head.startswith((b"MZ", b"\x7fELF", b"#!")):
        return FileKind.EXECUTABLE
    if _looks_like_xml(head):
        return FileKind.XML
    # After the signatures at offset 0, so a ZIP that stores a PDF is still a ZIP.
    if b"%PDF-" in head[:HEAD_BYTES]:
        return FileKind.PDF
    return FileKind.UNKNOWN


def _looks_like_xml(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe<\x00", b"\xfe\xff\x00<")):
        return True
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    return text.startswith(b"<?xml") or (text[:1] == b"<" and text[1:2].isalpha())
