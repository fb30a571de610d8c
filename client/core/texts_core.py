"""German texts for errors of the core's own operations (connection, send, eEB, CLI)."""

from __future__ import annotations

from client.core.actions import (
    ErvViolations,
    NoRecipient,
    NotAnswerable,
    NotScanned,
    OwnCardMissing,
)
from client.core.connection import KeyFileMissing
from client.core.errors import UserMessage, describes
from client.core.scanners import ScannerReplaced


@describes(KeyFileMissing)
def _key_file(exc: KeyFileMissing) -> UserMessage:
    return UserMessage(
        title="Datei fehlt im Arbeitsverzeichnis",
        template="{what}: keine der Dateien {names} in {folder}.",
        params={"what": exc.what, "names": ", ".join(exc.names), "folder": str(exc.folder)},
        hint="Legen Sie die Datei von Ihrer Administration dort ab.",
    )


@describes(OwnCardMissing)
def _own_card(exc: OwnCardMissing) -> UserMessage:
    return UserMessage(
        title="Eigene Visitenkarte fehlt",
        template="Für dieses Postfach ist noch keine Visitenkarte hinterlegt ({path}).",
        params={"path": str(exc.path)},
        hint="Registrieren Sie das Postfach im Verzeichnisdienst (Einstellungen → Verzeichnis).",
    )


@describes(NotScanned)
def _not_scanned(exc: NotScanned) -> UserMessage:
    return UserMessage(
        title="Datei nicht geprüft",
        template="„{name}“ wurde noch nicht auf Schadsoftware geprüft.",
        params={"name": exc.name},
        hint="Prüfen Sie die Datei erneut; erst danach kann sie übertragen werden.",
    )


@describes(ErvViolations)
def _erv(exc: ErvViolations) -> UserMessage:
    return UserMessage(
        title="Nachricht entspricht nicht den ERV-Regeln",
        template="Die Nachricht wurde nicht gesendet: {problems}",
        params={"problems": " ".join(exc.problems)},
        hint="Korrigieren Sie die genannten Punkte und senden Sie erneut.",
    )


@describes(NoRecipient)
def _no_recipient(exc: NoRecipient) -> UserMessage:
    return UserMessage(
        title="Kein Empfänger",
        template="Bitte wählen Sie genau einen Empfänger aus dem Verzeichnisdienst.",
        hint="Empfänger können nicht frei eingegeben werden, damit nichts fehlgeleitet wird.",
    )


@describes(NotAnswerable)
def _not_answerable(exc: NotAnswerable) -> UserMessage:
    return UserMessage(
        title="Kein eEB möglich",
        template="Auf diese Nachricht kann kein Empfangsbekenntnis abgegeben werden ({reason}).",
        params={"reason": exc.reason},
        hint="Ein eEB ist nur möglich, wenn das Gericht es angefordert hat.",
    )


@describes(ScannerReplaced)
def _scanner_replaced(exc: ScannerReplaced) -> UserMessage:
    return UserMessage(
        title="Virenprüfung neu gestartet",
        template="Die Einstellungen der Virenprüfung wurden geändert, während sie startete.",
        hint="Bitte wiederholen Sie den Vorgang. Es gingen keine Daten verloren.",
    )
