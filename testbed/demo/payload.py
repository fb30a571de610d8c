"""The EGVP payload of the demo deliveries, written the way EGVP senders write it (osci.md §13.1).

Container ``project_coco``: inline ``nachricht.xml``, ``visitenkarte.xml`` and
``herstellerinformation.xml``; one attachment reference per file (the documents, then
``xjustiz_nachricht.xml``). Container ``govello_coco``: inline ``additional_infos`` (Java
properties). The XJustiz 3.5.1 ``nachricht.gds.uebermittlungSchriftgutobjekte.0005005`` is
written by hand here (the testbed never imports the client's generator) and asks for an eEB the
way courts do: ``ruecksendungEEB.erforderlich`` on the document.
"""

from __future__ import annotations

import hashlib
import uuid
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from lxml import etree

from testbed.pki import Mailbox

PROJECT_COCO = "project_coco"
GOVELLO_COCO = "govello_coco"
NACHRICHT_XML = "nachricht.xml"
VISITENKARTE_XML = "visitenkarte.xml"
HERSTELLERINFORMATION_XML = "herstellerinformation.xml"
ADDITIONAL_INFOS = "additional_infos"
XJUSTIZ_NACHRICHT_XML = "xjustiz_nachricht.xml"
NACHRICHTENTYP = "Allgemeine Nachricht"

XJUSTIZ = "http://www.xjustiz.de"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XJUSTIZ_VERSION = "3.5.1"
GERICHTE_URI = "urn:xoev-de:xjustiz:codeliste:gds.gerichte"
DOKUMENTKLASSE_URI = "urn:xoev-de:xjustiz:codeliste:gds.dokumentklasse"
BESTANDTEIL_URI = "urn:xoev-de:xjustiz:codeliste:gds.bestandteiltyp"
AG_MAINZ = "T2304"  # GDS.Gerichte: the demo court stands in for the Amtsgericht Mainz
VERFUEGUNG = "008"  # GDS.Dokumentklasse "Verfügung" (a Ladung is one)


def eicar() -> bytes:
    """The EICAR anti-virus test string, assembled at run time so no scanner flags this file."""
    return b"".join((b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$", b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"))


@dataclass(frozen=True)
class DemoMessage:
    """One demo delivery in plain form: inline contents per container and attachments."""

    title: str
    subject: str  # the OSCI Subject (EGVP message type)
    containers: dict[str, dict[str, bytes]]
    attachments: tuple[tuple[str, bytes], ...] = field(default=())
    big_attachment: tuple[str, int] | None = None  # (name, size): a PDF written while sending


def _xml(root: etree._Element) -> bytes:
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False, pretty_print=True)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


def _plain(parent: etree._Element, name: str, value: str) -> etree._Element:
    element = etree.SubElement(parent, name)
    element.text = value
    return element


def nachricht_xml(recipient: Mailbox, betreff: str, az_sender: str, az_recipient: str) -> bytes:
    root = etree.Element("Nachricht")
    _plain(root, "Nachrichtentyp", NACHRICHTENTYP)
    _plain(root, "Signaturniveau", "no")
    _plain(root, "Empfaengerkennung", recipient.safe_id)
    _plain(root, "Betreff", betreff)
    _plain(root, "Aktenzeichen_Empfaenger", az_recipient)
    _plain(root, "Aktenzeichen_Absender", az_sender)
    _plain(root, "Freitext", "")
    return _xml(root)


def visitenkarte_xml(sender: Mailbox, role: str) -> bytes:
    root = etree.Element("Visitenkarte")
    for name, value in (
        ("Organisation", sender.organisation),
        ("Organisationszusatz", sender.organisationszusatz),
        ("Anrede", sender.anrede),
        ("Titel", ""),
        ("Vorname", sender.vorname),
        ("Name", sender.name),
        ("Strasse", sender.strasse),
        ("Hausnummer", sender.hausnummer),
        ("Postleitzahl", sender.postleitzahl),
        ("Ort", sender.ort),
        ("Bundesland", sender.bundesland),
        ("Land", "DE"),
        ("E-Mail", sender.e_mail),
        ("Mobiltelefon", ""),
        ("Telefon", sender.telefon),
        ("Fax", sender.fax),
        ("Nutzer_ID", sender.safe_id),
        ("Rollen_ID", role),
        ("Externe_ID", ""),
    ):
        _plain(root, name, value)
    return _xml(root)


def herstellerinformation_xml() -> bytes:
    root = etree.Element("Herstellerinformation")
    _plain(root, "Name_des_Produkts_und_Softwareversion", "beBPo-Testbed 1")
    _plain(root, "Hersteller_des_Produkts", "beBPo-Client-Projekt")
    return _xml(root)


def _escape_property(value: str) -> str:
    out = []
    for char in value:
        if char in "\\:=#!":
            out.append("\\" + char)
        elif ord(char) > 0x7E:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)


def additional_infos(sender: Mailbox, betreff: str, created: datetime) -> bytes:
    """Java properties as EGVP writes them: a ``#<date>`` comment, then key=value lines."""
    stamp = created.astimezone(UTC).strftime("%a %b %d %H:%M:%S UTC %Y")
    lines = [
        f"#{stamp}",
        f"user_id={_escape_property(sender.safe_id)}",
        "signature_level=no",
        f"subject={_escape_property(betreff)}",
    ]
    return ("\n".join(lines) + "\n").encode("ascii")


def _x(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{XJUSTIZ}}}{name}")
    if text is not None:
        element.text = text
    return element


def _code(parent: etree._Element, name: str, code: str, version: str, uri: str) -> None:
    element = _x(parent, name)
    element.set("listURI", uri)
    element.set("listVersionID", version)
    etree.SubElement(element, "code").text = code


def xjustiz_ladung(
    *,
    recipient: Mailbox,
    document: str,
    az_court: str,
    az_recipient: str,
    created: datetime,
    message_uuid: uuid.UUID,
    document_uuid: uuid.UUID,
) -> bytes:
    """XJustiz 3.5.1 0005005 from the court, one document, with an eEB request."""
    root = etree.Element(
        f"{{{XJUSTIZ}}}nachricht.gds.uebermittlungSchriftgutobjekte.0005005",
        nsmap={"tns": XJUSTIZ, "xsi": XSI},
    )
    root.set(f"{{{XSI}}}schemaLocation", f"{XJUSTIZ} xjustiz_0005_nachrichten_3_1.xsd")
    kopf = _x(root, "nachrichtenkopf")
    kopf.set("xjustizVersion", XJUSTIZ_VERSION)
    _x(kopf, "aktenzeichen.absender", az_court)
    _x(kopf, "aktenzeichen.empfaenger", az_recipient)
    _x(kopf, "erstellungszeitpunkt", created.isoformat(timespec="seconds"))
    _code(_x(kopf, "auswahl_absender"), "absender.gericht", AG_MAINZ, "3.6", GERICHTE_URI)
    _x(_x(kopf, "auswahl_empfaenger"), "empfaenger.sonstige", recipient.organisation)
    _x(kopf, "eigeneNachrichtenID", str(message_uuid))
    info = _x(kopf, "herstellerinformation")
    _x(info, "nameDesProdukts", "beBPo-Testbed")
    _x(info, "herstellerDesProdukts", "beBPo-Client-Projekt")
    _x(info, "version", "1")
    instanz = _x(_x(_x(root, "grunddaten"), "verfahrensdaten"), "instanzdaten")
    _code(_x(instanz, "auswahl_instanzbehoerde"), "gericht", AG_MAINZ, "3.6", GERICHTE_URI)
    auswahl = _x(_x(instanz, "aktenzeichen"), "auswahl_aktenzeichen")
    _x(auswahl, "aktenzeichen.freitext", az_court)
    dokument = _x(_x(root, "schriftgutobjekte"), "dokument")
    ident = _x(dokument, "identifikation")
    _x(ident, "id", str(document_uuid))
    _x(ident, "nummerImUebergeordnetenContainer", "1")
    daten = _x(dokument, "xjustiz.fachspezifischeDaten")
    _code(daten, "dokumentklasse", VERFUEGUNG, "1.4", DOKUMENTKLASSE_URI)
    _x(daten, "anzeigename", document.rsplit(".", 1)[0])
    datei = _x(daten, "datei")
    _x(datei, "dateiname", document)
    _code(datei, "bestandteil", "001", "2.4", BESTANDTEIL_URI)
    _x(daten, "ruecksendungEEB.erforderlich", "true")
    return _xml(root)


def simple_pdf(title: str, lines: Sequence[str]) -> bytes:
    """A one-page PDF with text in Helvetica (WinAnsi), correct cross-reference table."""

    def text(value: str) -> bytes:
        escaped = value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return escaped.encode("cp1252", errors="replace")

    stream = b"BT /F1 11 Tf 15 TL 60 790 Td\n"
    for line in lines:
        stream += b"(" + text(line) + b") '\n"
    stream += b"ET"
    compressed = zlib.compress(stream)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(compressed)
        + compressed
        + b"\nendstream",
        b"<< /Title (" + text(title) + b") /Producer (beBPo-Testbed) >>",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def write_big_pdf(write: Callable[[bytes], object], size: int) -> int:
    """A valid one-page PDF of about ``size`` bytes: the page shows one big grey-scale image
    (noise). Written in pieces, never held in memory; returns the number of bytes written."""
    width = 4096
    height = max(1, (size - 1024) // width)
    pixels = width * height
    written = 0
    offsets: list[int] = []

    def put(data: bytes) -> None:
        nonlocal written
        write(data)
        written += len(data)

    def start(number: int) -> None:
        offsets.append(written)
        put(b"%d 0 obj\n" % number)

    put(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    start(1)
    put(b"<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
    start(2)
    put(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n")
    start(3)
    put(
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>\nendobj\n"
    )
    content = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
    start(4)
    put(b"<< /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (len(content), content))
    start(5)
    put(
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length %d >>\nstream\n" % (width, height, pixels)
    )
    block = hashlib.shake_256(b"beBPo-Testbed demo image").digest(1024 * 1024)
    left = pixels
    while left > 0:
        piece = block[: min(len(block), left)]
        put(piece)
        left -= len(piece)
    put(b"\nendstream\nendobj\n")
    xref = written
    put(b"xref\n0 6\n0000000000 65535 f \n")
    for offset in offsets:
        put(b"%010d 00000 n \n" % offset)
    put(b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return written


# ---------------------------------------------------------------------- the four deliveries


def _envelope(
    sender: Mailbox, recipient: Mailbox, betreff: str, az: tuple[str, str], created: datetime
) -> dict[str, dict[str, bytes]]:
    return {
        PROJECT_COCO: {
            NACHRICHT_XML: nachricht_xml(recipient, betreff, az[0], az[1]),
            VISITENKARTE_XML: visitenkarte_xml(sender, sender.role),
            HERSTELLERINFORMATION_XML: herstellerinformation_xml(),
        },
        GOVELLO_COCO: {ADDITIONAL_INFOS: additional_infos(sender, betreff, created)},
    }


def demo_messages(
    sender: Mailbox, recipient: Mailbox, created: datetime, *, big_size: int = 50 * 1024 * 1024
) -> list[DemoMessage]:
    """Court letter with eEB request, several attachments, EICAR, and one big message."""
    az_court, az_authority = "3 C 123/26", "RA-2026/0815"
    ladung = simple_pdf(
        "Ladung zum Termin",
        [
            sender.organisation,
            f"Aktenzeichen: {az_court}",
            "",
            f"An: {recipient.organisation}, {recipient.organisationszusatz}",
            "",
            "Ladung zum Termin zur mündlichen Verhandlung",
            "am Montag, 14. Dezember 2026, 10:00 Uhr, Saal 12.",
            "",
            "Bitte bestätigen Sie den Empfang mit einem elektronischen",
            "Empfangsbekenntnis (eEB).",
            "",
            "Dies ist eine Demo-Nachricht der lokalen Testumgebung.",
        ],
    )
    namespace = uuid.UUID("0b6c2e1e-7f1d-5b1e-9f57-6e2d1b7c9a10")
    xjustiz = xjustiz_ladung(
        recipient=recipient,
        document="Ladung.pdf",
        az_court=az_court,
        az_recipient=az_authority,
        created=created,
        message_uuid=uuid.uuid5(namespace, f"ladung/{created.isoformat()}"),
        document_uuid=uuid.uuid5(namespace, f"ladung/{created.isoformat()}/Ladung.pdf"),
    )
    betreff_ladung = f"Ladung zum Termin – {az_court}"
    several = [
        (f"Anlage_{n}.pdf", simple_pdf(f"Anlage {n}", [f"Anlage {n} zum Schreiben {az_court}"]))
        for n in range(1, 4)
    ]
    several.append(("Aufstellung.csv", b"Pos;Betrag\n1;120,00\n2;80,50\n"))
    several.append(("Hinweise.txt", b"Hinweise zum Verfahren (Demo).\n"))
    return [
        DemoMessage(
            "Ladung mit Bitte um eEB",
            NACHRICHTENTYP,
            _envelope(sender, recipient, betreff_ladung, (az_court, az_authority), created),
            (("Ladung.pdf", ladung), (XJUSTIZ_NACHRICHT_XML, xjustiz)),
        ),
        DemoMessage(
            "Schreiben mit mehreren Anlagen",
            NACHRICHTENTYP,
            _envelope(sender, recipient, "Unterlagen zum Verfahren", (az_court, ""), created),
            tuple(several),
        ),
        DemoMessage(
            "Anlage mit EICAR-Testvirus",
            NACHRICHTENTYP,
            _envelope(sender, recipient, "Prüfnachricht Virenscanner (EICAR)", ("", ""), created),
            (
                ("Begleitschreiben.pdf", simple_pdf("Begleitschreiben", ["Siehe Anlage."])),
                ("EICAR-Testdatei.txt", eicar()),
            ),
        ),
        DemoMessage(
            "Große Nachricht (50 MB)",
            NACHRICHTENTYP,
            _envelope(sender, recipient, "Große Aktenübersendung (50 MB)", (az_court, ""), created),
            (),
            ("Aktenauszug.pdf", big_size),
        ),
    ]
