"""A minimal PDF writer for the printable Zugangsnachweis (text only, A4, Helvetica).

Why not a library: the proof is a few pages of plain text, and a dependency for that would be
more code to trust than these lines. Text is encoded in WinAnsiEncoding (covers German); other
characters become "?".
"""

from __future__ import annotations

from collections.abc import Sequence

PAGE_W, PAGE_H = 595, 842  # A4 in points
MARGIN, LEADING = 56, 14
LINES_PER_PAGE = (PAGE_H - 2 * MARGIN) // LEADING
WRAP = 95


def _escape(text: str) -> bytes:
    data = text.encode("cp1252", errors="replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _wrap(lines: Sequence[tuple[str, bool]]) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    for text, bold in lines:
        while len(text) > WRAP:
            cut = text.rfind(" ", 0, WRAP)
            cut = cut if cut > 20 else WRAP
            out.append((text[:cut], bold))
            text = "    " + text[cut:].lstrip()
        out.append((text, bold))
    return out


def render(lines: Sequence[tuple[str, bool]], *, title: str) -> bytes:
    """``lines`` are (text, bold) pairs; returns the PDF bytes."""
    wrapped = _wrap(lines)
    pages = [wrapped[i : i + LINES_PER_PAGE] for i in range(0, len(wrapped), LINES_PER_PAGE)] or [
        []
    ]
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled below
    pages_obj = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    bold = add(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
    )
    kids = []
    for number, page in enumerate(pages, start=1):
        stream = [b"BT", f"{MARGIN} {PAGE_H - MARGIN} Td {LEADING} TL".encode()]
        for text, is_bold in page:
            stream.append(b"/F2 10 Tf" if is_bold else b"/F1 10 Tf")
            stream.append(b"(" + _escape(text) + b") Tj T*")
        stream.append(b"ET")
        footer = f"{title} - Seite {number} von {len(pages)}"
        stream += [b"BT /F1 8 Tf", f"{MARGIN} 30 Td".encode(), b"(" + _escape(footer) + b") Tj ET"]
        data = b"\n".join(stream)
        content = add(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        kids.append(
            add(
                f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
                f"/Resources << /Font << /F1 {font} 0 R /F2 {bold} 0 R >> >> "
                f"/Contents {content} 0 R >>".encode()
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_obj} 0 R >>".encode()
    kid_refs = " ".join(f"{k} 0 R" for k in kids)
    objects[pages_obj - 1] = f"<< /Type /Pages /Kids [{kid_refs}] /Count {len(kids)} >>".encode()
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for index, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{index} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    info = f"/Title ({title})".encode("cp1252", errors="replace")
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R ".encode()
        + b"/Info << "
        + info
        + b" >> >>\n"
        + f"startxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
