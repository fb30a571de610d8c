"""OSCI feedback and fault codes (osci.md §11) with their meaning in German and English."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(Enum):
    OK = "ok"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Code:
    code: str
    de: str
    en: str
    fault: bool = False  # sent as a SOAP fault (message level), not as Feedback

    @property
    def severity(self) -> Severity:
        return severity(self.code)


def severity(code: str) -> Severity:
    if code.startswith("9"):
        return Severity.ERROR
    if code.startswith("3"):
        return Severity.WARNING
    return Severity.OK


_TABLE = [
    Code("0800", "Auftrag ausgeführt, Dialog beendet", "Order executed, dialog closed"),
    Code(
        "0801", "Auftrag ausgeführt, Dialog weiterhin geöffnet", "Order executed, dialog still open"
    ),
    Code(
        "3500",
        "Verschlüsselungszertifikat des Clients zeitlich ungültig",
        "Client cipher certificate not valid in time",
    ),
    Code(
        "3501",
        "Prüfung des Verschlüsselungszertifikats des Clients unvollständig",
        "Check of the client cipher certificate incomplete",
    ),
    Code(
        "3700",
        "Signaturzertifikat des Clients zeitlich ungültig",
        "Client signature certificate not valid in time",
    ),
    Code(
        "3701",
        "Signaturzertifikat eines Autors zeitlich ungültig",
        "An author's signature certificate is not valid in time",
    ),
    Code(
        "3702",
        "Signatur über ein Autorenzertifikat ungültig",
        "Signature over an author certificate invalid",
    ),
    Code(
        "3703",
        "Signaturzertifikat eines Autors gesperrt",
        "An author's signature certificate is revoked",
    ),
    Code(
        "3704",
        "Verschlüsselungszertifikat eines Autors zeitlich ungültig",
        "An author's cipher certificate is not valid in time",
    ),
    Code(
        "3705",
        "Verschlüsselungszertifikat des Empfängers zeitlich ungültig",
        "Recipient cipher certificate not valid in time",
    ),
    Code(
        "3706",
        "Verschlüsselungszertifikat eines Lesers zeitlich ungültig",
        "A reader's cipher certificate is not valid in time",
    ),
    Code(
        "3707",
        "Zertifikatsprüfung konnte nicht abgeschlossen werden",
        "Certificate check could not be completed",
    ),
    Code(
        "3708",
        "Signaturzertifikat des Empfängers zeitlich ungültig",
        "Recipient signature certificate not valid in time",
    ),
    Code(
        "3800",
        "Weitere Zustellungen für diesen Empfänger liegen vor",
        "Further deliveries are waiting",
    ),
    Code(
        "3801",
        "Weitere Laufzettel entsprechen den Kriterien",
        "Further process cards match the criteria",
    ),
    Code(
        "3802",
        "Signatur des Empfängers über die Antwort fehlt",
        "Recipient's signature over the response missing",
    ),
    Code("3803", "Empfänger hat unverschlüsselt geantwortet", "Recipient answered unencrypted"),
    Code("3950", "Innere Rückmeldung liegt vor", "Inside feedback present"),
    Code(
        "3951",
        "Zeitüberschreitung bei der Verarbeitung der Pakete",
        "Processing timeout of chunks exceeded",
    ),
    Code("3952", "Innere Nachricht wird noch verarbeitet", "Inner message still being processed"),
    Code("9000", "Interner Fehler beim Intermediär", "Internal supplier error", True),
    Code("9100", "Keine gültige OSCI-Nachricht", "Not a valid OSCI message", True),
    Code(
        "9200",
        "Kein privater Schlüssel für das Verschlüsselungszertifikat der Nachricht",
        "Supplier has no private key for the message cipher certificate",
        True,
    ),
    Code(
        "9201",
        "Verschlüsselungszertifikat der Nachricht gesperrt",
        "Message cipher certificate revoked",
        True,
    ),
    Code(
        "9202",
        "Nachricht konnte nicht entschlüsselt werden",
        "Message could not be decrypted",
        True,
    ),
    Code("9300", "Die Nachricht ist kein gültiger Auftrag", "Request is not a valid order", True),
    Code(
        "9400",
        "ConversationId, SequenceNumber oder Response fehlerhaft",
        "ConversationId, SequenceNumber or Response wrong",
        True,
    ),
    Code(
        "9500",
        "Verschlüsselungszertifikat des Clients fehlt",
        "Client cipher certificate missing",
        True,
    ),
    Code(
        "9501",
        "Signatur über das Verschlüsselungszertifikat des Clients ungültig",
        "Signature over the client cipher certificate invalid",
        True,
    ),
    Code(
        "9502",
        "Verschlüsselungszertifikat des Clients gesperrt",
        "Client cipher certificate revoked",
        True,
    ),
    Code(
        "9503",
        "Interner Fehler bei der Prüfung des Client-Zertifikats",
        "Internal error checking the client certificate",
        True,
    ),
    Code("9600", "Auftrag nicht signiert, obwohl erforderlich", "Order not signed though required"),
    Code("9601", "Signatur des Auftrags ungültig", "Order signature invalid"),
    Code(
        "9602",
        "Nicht alle erforderlichen Nachrichtenteile sind signiert",
        "Not all required parts are signed",
    ),
    Code(
        "9603", "Interner Fehler bei der Signaturprüfung", "Internal error during signature check"
    ),
    Code(
        "9700",
        "Signatur über das Signaturzertifikat des Clients ungültig",
        "Signature over the client signature certificate invalid",
    ),
    Code("9701", "Signaturzertifikat des Clients gesperrt", "Client signature certificate revoked"),
    Code(
        "9704",
        "Signatur über ein Autoren-Verschlüsselungszertifikat ungültig",
        "Signature over an author cipher certificate invalid",
    ),
    Code(
        "9705",
        "Verschlüsselungszertifikat eines Autors gesperrt",
        "An author's cipher certificate is revoked",
    ),
    Code(
        "9706",
        "Signatur über das Verschlüsselungszertifikat des Empfängers ungültig",
        "Signature over the recipient cipher certificate invalid",
    ),
    Code(
        "9707",
        "Verschlüsselungszertifikat des Empfängers gesperrt",
        "Recipient cipher certificate revoked",
    ),
    Code(
        "9708",
        "Signatur über ein Leser-Verschlüsselungszertifikat ungültig",
        "Signature over a reader cipher certificate invalid",
    ),
    Code(
        "9709",
        "Verschlüsselungszertifikat eines Lesers gesperrt",
        "A reader's cipher certificate is revoked",
    ),
    Code(
        "9710",
        "Interner Fehler bei der Zertifikatsprüfung",
        "Internal error during certificate check",
    ),
    Code(
        "9711",
        "Signatur über das Signaturzertifikat des Empfängers ungültig",
        "Signature over the recipient signature certificate invalid",
    ),
    Code(
        "9712",
        "Signaturzertifikat des Empfängers gesperrt",
        "Recipient signature certificate revoked",
    ),
    Code("9800", "Zustellung abgelehnt: keine MessageId", "Delivery refused: no MessageId"),
    Code("9801", "Unzulässige MessageId", "Illegal MessageId"),
    Code(
        "9802",
        "Auftrag nicht innerhalb eines expliziten Dialogs gesendet",
        "Order not sent within an explicit dialog",
    ),
    Code("9803", "Keine Zustellung entspricht den Kriterien", "No delivery matches the criteria"),
    Code(
        "9804", "Kein Laufzettel entspricht den Kriterien", "No process card matches the criteria"
    ),
    Code(
        "9805", "Passiver Empfänger hat die Annahme verweigert", "Passive recipient did not accept"
    ),
    Code(
        "9806", "Passiver Empfänger hat angenommen, aber nicht geantwortet", "Accepted but no reply"
    ),
    Code(
        "9807",
        "Signatur der Antwort des Empfängers ungültig",
        "Recipient's response signature invalid",
    ),
    Code(
        "9808", "Interner Fehler beim passiven Empfänger", "Internal error at the passive recipient"
    ),
    Code(
        "9809",
        "Zustellung hat den Empfänger nicht erreicht",
        "Delivery did not reach the recipient",
    ),
    Code(
        "9810",
        "Zustellung hat den Empfänger erreicht, Fehler danach",
        "Delivery reached the recipient, error afterwards",
    ),
    Code(
        "9811",
        "Interner Fehler bei der Ausführung des Auftrags",
        "Internal error while executing the order",
    ),
    Code("9900", "Paket doppelt übertragen", "Duplicate chunk"),
    Code("9901", "Falsche Paketnummer", "Wrong chunk number"),
    Code("9902", "Paket zu groß", "Chunk too big"),
    Code("9903", "Paket zu klein", "Chunk too small"),
    Code("9904", "Nachricht zu groß", "Message too big"),
    Code("9905", "Fehlerhafte Paketinformation", "Wrong ChunkInformation"),
    Code("9950", "Innere Rückmeldung enthält einen Fehler", "Inside feedback contains an error"),
]

CODES: dict[str, Code] = {entry.code: entry for entry in _TABLE}


def describe(code: str, language: str = "de") -> str:
    entry = CODES.get(code)
    if entry is None:
        return {"de": "Unbekannter Code", "en": "Unknown code"}.get(language, "Unknown code")
    return entry.de if language == "de" else entry.en


def is_fault(code: str) -> bool:
    entry = CODES.get(code)
    return entry is not None and entry.fault
