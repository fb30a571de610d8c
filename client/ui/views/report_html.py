"""The Laufzettel and Prüfprotokoll tabs as small HTML documents, from our data only.

Every value is escaped: Betreff, names and scanner output come from outside.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from PySide6.QtCore import QCoreApplication

from client.store import JournalAction, ProcessCardRecord, ScanState, Verdict
from client.ui.details import MessageDetails
from client.ui.formatting import format_datetime
from client.ui.i18n import QT_TRANSLATE_NOOP

translate = QCoreApplication.translate

_STYLE = (
    "<style>"
    "h3 { margin: 10px 0 4px 0; color: #1f4e79; }"
    "table { border-collapse: collapse; }"
    "th { text-align: left; padding: 2px 10px 2px 0; color: #444; font-weight: normal; }"
    "td { padding: 2px 10px 2px 0; }"
    ".ok { color: #1b6e2a; } .bad { color: #b3261e; } .open { color: #8a5a00; }"
    "</style>"
)


def verdict_text(verdict: Verdict) -> str:
    return {
        Verdict.VALID: translate("ReportHtml", "gültig"),
        Verdict.INVALID: translate("ReportHtml", "ungültig"),
        Verdict.UNKNOWN: translate("ReportHtml", "nicht entscheidbar"),
        Verdict.UNCHECKED: translate("ReportHtml", "nicht geprüft"),
    }[verdict]


def _verdict_cell(verdict: Verdict) -> str:
    css = {Verdict.VALID: "ok", Verdict.INVALID: "bad"}.get(verdict, "open")
    return f'<span class="{css}">{escape(verdict_text(verdict))}</span>'


def _rows(pairs: Iterable[tuple[str, str]]) -> str:
    """A two-column table; the values are HTML already."""
    body = "".join(f"<tr><th>{escape(k)}</th><td>{v}</td></tr>" for k, v in pairs)
    return f"<table>{body}</table>"


def _grid(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    head = "".join(f"<th><b>{escape(h)}</b></th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def laufzettel_html(cards: Sequence[ProcessCardRecord]) -> str:
    if not cards:
        return (
            _STYLE
            + "<p>"
            + escape(
                QCoreApplication.translate(
                    "ReportHtml", "Zu dieser Nachricht liegt (noch) kein Laufzettel vor."
                )
            )
            + "</p>"
        )
    parts = [_STYLE]
    for card in cards:
        parts.append("<h3>" + escape(translate("ReportHtml", "Laufzettel")) + "</h3>")
        yes = translate("ReportHtml", "ja")
        no = translate("ReportHtml", "nein")
        parts.append(
            _rows(
                [
                    (
                        translate("ReportHtml", "Nachrichten-ID"),
                        escape(card.osci_message_id),
                    ),
                    (
                        translate("ReportHtml", "Betreff (OSCI)"),
                        escape(card.subject),
                    ),
                    (
                        translate("ReportHtml", "Eingang beim Intermediär"),
                        escape(format_datetime(card.creation)),
                    ),
                    (
                        translate("ReportHtml", "Weitergeleitet"),
                        escape(format_datetime(card.forwarding)),
                    ),
                    (
                        translate("ReportHtml", "Abgeholt"),
                        escape(format_datetime(card.reception)),
                    ),
                    (
                        translate("ReportHtml", "Letzte Änderung"),
                        escape(format_datetime(card.recent_modification)),
                    ),
                    (
                        translate("ReportHtml", "Kryptografische Zeitstempel"),
                        escape(yes if card.cryptographic_timestamps else no),
                    ),
                ]
            )
        )
        if card.inspections:
            parts.append("<h3>" + escape(translate("ReportHtml", "Zertifikatsprüfungen")) + "</h3>")
            parts.append(
                _grid(
                    [
                        translate("ReportHtml", "Geprüft am"),
                        translate("ReportHtml", "Zertifikat"),
                        translate("ReportHtml", "Aussteller"),
                        translate("ReportHtml", "Art"),
                        translate("ReportHtml", "Mathematisch"),
                        translate("ReportHtml", "Offline"),
                        translate("ReportHtml", "Online"),
                        translate("ReportHtml", "Ergebnis"),
                    ],
                    (
                        [
                            escape(format_datetime(i.inspected_at)),
                            escape(i.subject_name),
                            escape(i.issuer_name),
                            escape(i.cert_type),
                            escape(i.math_result),
                            escape(i.offline_result),
                            escape(i.online_result or "–"),
                            _verdict_cell(i.verdict),
                        ]
                        for i in card.inspections
                    ),
                )
            )
    return "".join(parts)


_ACTIONS = {
    JournalAction.MESSAGE_RECEIVED: QT_TRANSLATE_NOOP("ReportHtml", "Nachricht empfangen"),
    JournalAction.MESSAGE_ACKNOWLEDGED: QT_TRANSLATE_NOOP(
        "ReportHtml", "Empfang beim Intermediär quittiert"
    ),
    JournalAction.MESSAGE_DECRYPTED: QT_TRANSLATE_NOOP("ReportHtml", "Nachricht entschlüsselt"),
    JournalAction.MESSAGE_PROCESSED: QT_TRANSLATE_NOOP("ReportHtml", "Nachricht verarbeitet"),
    JournalAction.MESSAGE_FAILED: QT_TRANSLATE_NOOP("ReportHtml", "Verarbeitung fehlgeschlagen"),
    JournalAction.PROCESS_CARD_RECORDED: QT_TRANSLATE_NOOP("ReportHtml", "Laufzettel gespeichert"),
    JournalAction.ATTACHMENT_STORED: QT_TRANSLATE_NOOP(
        "ReportHtml", "Dokument gespeichert (Quarantäne)"
    ),
    JournalAction.ATTACHMENT_SCANNED: QT_TRANSLATE_NOOP("ReportHtml", "Dokument auf Viren geprüft"),
    JournalAction.ATTACHMENT_RELEASED: QT_TRANSLATE_NOOP(
        "ReportHtml", "Dokument in Transfer übertragen"
    ),
    JournalAction.ATTACHMENT_CONTENT_DELETED: QT_TRANSLATE_NOOP(
        "ReportHtml", "Dokumentinhalt gelöscht"
    ),
    JournalAction.DRAFT_CREATED: QT_TRANSLATE_NOOP("ReportHtml", "Entwurf angelegt"),
    JournalAction.DRAFT_UPDATED: QT_TRANSLATE_NOOP("ReportHtml", "Entwurf geändert"),
    JournalAction.MESSAGE_QUEUED: QT_TRANSLATE_NOOP("ReportHtml", "Zum Versand bereitgestellt"),
    JournalAction.SENDING_STARTED: QT_TRANSLATE_NOOP("ReportHtml", "Versand begonnen"),
    JournalAction.MESSAGE_SENT: QT_TRANSLATE_NOOP("ReportHtml", "Nachricht gesendet"),
    JournalAction.SENDING_FAILED: QT_TRANSLATE_NOOP("ReportHtml", "Versand fehlgeschlagen"),
    JournalAction.MESSAGE_TRASHED: QT_TRANSLATE_NOOP("ReportHtml", "In den Papierkorb verschoben"),
    JournalAction.MESSAGE_RESTORED: QT_TRANSLATE_NOOP("ReportHtml", "Aus dem Papierkorb geholt"),
    JournalAction.MESSAGE_EXPORTED: QT_TRANSLATE_NOOP("ReportHtml", "Nachricht exportiert"),
}


def action_text(action: JournalAction | int) -> str:
    try:
        known = JournalAction(action)
    except ValueError:
        return str(action)
    text = _ACTIONS.get(known)
    return translate("ReportHtml", text) if text else known.name


def _scan_cell(state: ScanState, signature: str) -> str:
    if state is ScanState.OK:
        return f'<span class="ok">{escape(translate("ReportHtml", "virenfrei"))}</span>'
    if state is ScanState.INFECTED:
        found = translate("ReportHtml", "Schadsoftware gefunden")
        return f'<span class="bad">{escape(found)}: {escape(signature)}</span>'
    if state is ScanState.INDETERMINATE:
        return f'<span class="open">{escape(translate("ReportHtml", "nicht entscheidbar"))}</span>'
    return f'<span class="open">{escape(translate("ReportHtml", "noch nicht geprüft"))}</span>'


def pruefprotokoll_html(details: MessageDetails) -> str:
    record = details.record
    parts = [
        _STYLE,
        "<h3>" + escape(translate("ReportHtml", "Signatur und Herkunft")) + "</h3>",
    ]
    parts.append(
        _rows(
            [
                (
                    translate("ReportHtml", "Signatur der Nachricht"),
                    _verdict_cell(record.signature_verdict),
                ),
                (
                    QCoreApplication.translate(
                        "ReportHtml", "Vertrauenswürdiger Herkunftsnachweis (VHN)"
                    ),
                    _verdict_cell(record.vhn_verdict),
                ),
            ]
        )
    )
    scans = [(doc, scan) for doc in details.documents for scan in doc.scans]
    parts.append("<h3>" + escape(translate("ReportHtml", "Virenprüfung")) + "</h3>")
    if scans:
        parts.append(
            _grid(
                [
                    translate("ReportHtml", "Datei"),
                    translate("ReportHtml", "Geprüft am"),
                    translate("ReportHtml", "Prüfprogramm"),
                    translate("ReportHtml", "Signaturen"),
                    translate("ReportHtml", "Befund"),
                ],
                (
                    [
                        escape(doc.attachment.safe_name),
                        escape(format_datetime(scan.scanned_at)),
                        escape(f"{scan.engine} {scan.engine_version}".strip()),
                        escape(scan.signature_version),
                        _scan_cell(scan.verdict, scan.signature),
                    ]
                    for doc, scan in scans
                ),
            )
        )
    else:
        parts.append(
            "<p>" + escape(translate("ReportHtml", "Keine Virenprüfung aufgezeichnet.")) + "</p>"
        )
    parts.append("<h3>" + escape(translate("ReportHtml", "Protokoll")) + "</h3>")
    parts.append(
        _grid(
            [
                translate("ReportHtml", "Zeitpunkt"),
                translate("ReportHtml", "Person"),
                translate("ReportHtml", "Vorgang"),
            ],
            (
                [
                    escape(format_datetime(entry.at)),
                    escape(entry.person or entry.os_user),
                    escape(action_text(entry.action)),
                ]
                for entry in details.journal
            ),
        )
    )
    return "".join(parts)
