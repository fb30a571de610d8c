"""The client's exception root and the one table that turns any exception into user text.

House rule 7: exceptions carry named attributes; this module alone decides what a user reads.
Texts are German source strings with ``{name}`` placeholders. The GUI translates the *template*
(``QCoreApplication.translate("errors", template)``) and then fills in the parameters, so English
works without a second table here. Unknown exceptions become a generic text that never leaks
internals; the details go to the log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from profiles.errors import (
    AlreadyOpen,
    InvalidConfigurationId,
    OperationBusy,
    ResetNotConfirmed,
    ResetRefused,
    ScenarioFileError,
    SettingsError,
    SettingsTooNew,
    UnknownConfigurationId,
    WorkdirNotFound,
)


class ClientError(Exception):
    """Root of the client's own exceptions."""


class Cancelled(ClientError):
    """The user cancelled; never shown as an error."""


@dataclass(frozen=True)
class UserMessage:
    """What the user reads: a title, a text saying what happened, and what to do next."""

    title: str
    template: str
    params: dict[str, str] = field(default_factory=dict)
    hint: str = ""

    @property
    def text(self) -> str:
        return self.template.format(**self.params)

    def full_text(self) -> str:
        return f"{self.text}\n\n{self.hint}" if self.hint else self.text


E = TypeVar("E", bound=BaseException)
_Describer = Callable[[Any], UserMessage]
_TABLE: dict[type[BaseException], _Describer] = {}


def describes(
    kind: type[E],
) -> Callable[[Callable[[E], UserMessage]], Callable[[E], UserMessage]]:
    """Register the text for an exception type; subclasses inherit it unless they have one."""

    def register(func: Callable[[E], UserMessage]) -> Callable[[E], UserMessage]:
        _TABLE[kind] = func
        return func

    return register


def user_message(exc: BaseException) -> UserMessage:
    """The text for ``exc``: the entry of its nearest registered base class."""
    for kind in type(exc).__mro__:
        describer = _TABLE.get(kind)
        if describer is not None:
            return describer(exc)
    return UserMessage(
        title="Unerwarteter Fehler",
        template="Bei der Verarbeitung ist ein unerwarteter Fehler aufgetreten ({kind}).",
        params={"kind": type(exc).__name__},
        hint="Es gingen keine Daten verloren. Bitte wenden Sie sich mit der Protokolldatei an den "
        "Support.",
    )


# ---------------------------------------------------------------- profiles


@describes(UnknownConfigurationId)
def _unknown_configuration_id(exc: UnknownConfigurationId) -> UserMessage:
    known = "; ".join(f"{s.title} ({', '.join(s.configuration_ids)})" for s in exc.known)
    return UserMessage(
        title="Unbekannte Konfigurations-ID",
        template="Die Konfigurations-ID „{id}“ ist nicht bekannt. Bekannte Szenarien: {known}.",
        params={"id": exc.configuration_id, "known": known or "keine"},
        hint="Prüfen Sie die Schreibweise oder bitten Sie Ihre Administration um die "
        "Szenario-Datei.",
    )


@describes(InvalidConfigurationId)
def _invalid_configuration_id(exc: InvalidConfigurationId) -> UserMessage:
    return UserMessage(
        title="Ungültige Konfigurations-ID",
        template="„{id}“ ist keine gültige Konfigurations-ID.",
        params={"id": exc.configuration_id},
        hint="Erlaubt sind Buchstaben, Ziffern, Punkt, Binde- und Unterstrich.",
    )


@describes(ScenarioFileError)
def _scenario_file(exc: ScenarioFileError) -> UserMessage:
    return UserMessage(
        title="Szenario-Datei fehlerhaft",
        template="Die Szenario-Datei {path} ist fehlerhaft: {reason}",
        params={"path": str(exc.path), "reason": exc.reason},
        hint="Bitte lassen Sie die Datei von Ihrer Administration korrigieren.",
    )


@describes(WorkdirNotFound)
def _workdir_not_found(exc: WorkdirNotFound) -> UserMessage:
    return UserMessage(
        title="Arbeitsverzeichnis nicht gefunden",
        template="Das Arbeitsverzeichnis „{name}“ existiert nicht.",
        params={"name": exc.name},
        hint="Fügen Sie es über „Konfigurations-ID hinzufügen“ hinzu.",
    )


@describes(ResetNotConfirmed)
def _reset_not_confirmed(exc: ResetNotConfirmed) -> UserMessage:
    return UserMessage(
        title="Nicht gelöscht",
        template="Das Arbeitsverzeichnis {path} wurde nicht gelöscht, weil die Bestätigung fehlt.",
        params={"path": str(exc.workdir)},
    )


@describes(ResetRefused)
def _reset_refused(exc: ResetRefused) -> UserMessage:
    return UserMessage(
        title="Löschen verweigert",
        template="Das Arbeitsverzeichnis {path} enthält einen Nachrichtenspeicher "
        "({count} Dateien) und wird deshalb nicht gelöscht.",
        params={"path": str(exc.workdir), "count": str(exc.store_files)},
        hint="Sichern oder exportieren Sie die Nachrichten zuerst. Nur die Administration kann "
        "das Löschen erzwingen.",
    )


@describes(AlreadyOpen)
def _already_open(exc: AlreadyOpen) -> UserMessage:
    holder = exc.holder
    who = (
        f"PID {holder.pid} (Benutzer {holder.user} auf {holder.hostname}, seit {holder.since})"
        if holder
        else "einem anderen Programm"
    )
    return UserMessage(
        title="Arbeitsverzeichnis bereits geöffnet",
        template="Das Arbeitsverzeichnis {path} ist bereits geöffnet von {who}.",
        params={"path": str(exc.workdir), "who": who},
        hint="Sie können trotzdem starten: Abholen, Senden und Löschen laufen nie doppelt.",
    )


@describes(OperationBusy)
def _operation_busy(exc: OperationBusy) -> UserMessage:
    names = {"fetch": "Abholen", "send": "Senden", "retention": "Aufräumen"}
    who = f"PID {exc.holder.pid}" if exc.holder else "einem anderen Programm"
    return UserMessage(
        title="Vorgang läuft bereits",
        template="{operation} läuft gerade in {who} für dieses Postfach.",
        params={"operation": names.get(exc.operation, exc.operation), "who": who},
        hint="Warten Sie, bis der andere Vorgang beendet ist, und versuchen Sie es erneut.",
    )


@describes(SettingsError)
def _settings_error(exc: SettingsError) -> UserMessage:
    return UserMessage(
        title="Einstellungen fehlerhaft",
        template="Die Einstellungsdatei {path} ist fehlerhaft: {reason}",
        params={"path": str(exc.path), "reason": exc.reason},
        hint="Korrigieren oder entfernen Sie die Datei; ohne Datei gelten die Standardwerte.",
    )


@describes(SettingsTooNew)
def _settings_too_new(exc: SettingsTooNew) -> UserMessage:
    return UserMessage(
        title="Einstellungen einer neueren Version",
        template="Die Einstellungsdatei {path} stammt von einer neueren Programmversion "
        "(Schema {version}, unterstützt bis {supported}).",
        params={
            "path": str(exc.path),
            "version": str(exc.version),
            "supported": str(exc.supported),
        },
        hint="Bitte verwenden Sie die neuere Programmversion.",
    )
