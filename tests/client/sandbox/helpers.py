"""Test data for the sandbox tests: EICAR, small real documents, streaming sources."""

from __future__ import annotations

import hashlib
import io
import os
import struct
import zipfile
from collections.abc import Callable

# The EICAR test string (68 bytes), assembled so this source file does not itself carry it.
EICAR = ("X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*").encode()
assert len(EICAR) == 68

MD5_SIGNATURE = "BeBPo.Demo.EICAR.MD5.UNOFFICIAL"
PATTERN_SIGNATURE = "BeBPo.Demo.EICAR.Pattern.UNOFFICIAL"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def minimal_pdf(text: str = "Hallo") -> bytes:
    """A small, well-formed one-page PDF (xref offsets computed)."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def minimal_tiff(big_endian: bool = False) -> bytes:
    """A 1×1 8-bit grey TIFF 6 image."""
    order = ">" if big_endian else "<"
    magic = b"MM\x00*" if big_endian else b"II*\x00"
    entries = [
        (256, 3, 1, 1),  # ImageWidth
        (257, 3, 1, 1),  # ImageLength
        (258, 3, 1, 8),  # BitsPerSample
        (259, 3, 1, 1),  # Compression: none
        (262, 3, 1, 1),  # Photometric: BlackIsZero
        (273, 4, 1, 8 + 2 + 12 * 8 + 4),  # StripOffsets: right after the IFD
        (278, 3, 1, 1),  # RowsPerStrip
        (279, 4, 1, 1),  # StripByteCounts
    ]
    ifd = struct.pack(order + "H", len(entries))
    for tag, kind, count, value in entries:
        # A SHORT sits left-justified in the 4-byte value field, a LONG fills it.
        packed = (
            struct.pack(order + "HH", value, 0) if kind == 3 else struct.pack(order + "I", value)
        )
        ifd += struct.pack(order + "HHI", tag, kind, count) + packed
    ifd += struct.pack(order + "I", 0)
    return magic + struct.pack(order + "I", 8) + ifd + b"\x80"


def zip_with(members: dict[str, bytes], *, first: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        names = sorted(members, key=lambda n: (n != first, n))
        for name in names:
            archive.writestr(name, members[name])
    return out.getvalue()


def docx_like() -> bytes:
    return zip_with(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
            "word/document.xml": b"<w:document/>",
        },
        first="[Content_Types].xml",
    )


def detached_signature(data: bytes | None = None) -> bytes:
    """A real detached PKCS#7 signature (DER) over ``data``, as ``Antrag.pdf.p7s``."""
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.serialization import pkcs7

    from tests.helpers.certs import SIGNATURE_USAGE, certificate

    key, cert = certificate("Signaturtest", bits=2048, usage=SIGNATURE_USAGE)
    return (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(data if data is not None else minimal_pdf())
        .add_signer(cert, key, hashes.SHA256())
        .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature])
    )


class PatternSource:
    """A readable stream of ``size`` pseudo-random bytes generated on the fly (no big buffers),
    optionally followed by ``tail``; ``on_read`` is called after each read (fault injection)."""

    def __init__(
        self,
        size: int,
        *,
        tail: bytes = b"",
        seed: int = 1,
        on_read: Callable[[int], None] | None = None,
    ) -> None:
        self.remaining = size
        self.tail = tail
        self.block = hashlib.sha256(str(seed).encode()).digest() * 4096  # 128 KiB
        self.counter = 0
        self.on_read = on_read
        self.reads = 0

    def read(self, size: int = -1) -> bytes:
        if self.remaining <= 0:
            data, self.tail = self.tail, b""
        else:
            want = min(self.remaining, size if size > 0 else self.remaining, 1 << 20)
            self.counter += 1
            block = struct.pack(">Q", self.counter) + self.block
            reps = -(-want // len(block))
            data = (block * reps)[:want]
            self.remaining -= want
        self.reads += 1
        if self.on_read is not None:
            self.on_read(self.reads)
        return data


def expected_pattern_bytes(size: int, *, tail: bytes = b"", seed: int = 1) -> bytes:
    source = PatternSource(size, tail=tail, seed=seed)
    out = bytearray()
    while chunk := source.read(1 << 20):
        out += chunk
    return bytes(out)


class FailingSource:
    """A source whose read fails after ``good`` bytes, as a store's decrypting reader could."""

    class Broken(OSError):
        pass

    def __init__(self, good: bytes) -> None:
        self.data = io.BytesIO(good)

    def read(self, size: int = -1) -> bytes:
        chunk = self.data.read(size)
        if not chunk:
            raise FailingSource.Broken("authentication tag mismatch")
        return chunk


def random_bytes(size: int) -> bytes:
    return os.urandom(size)
