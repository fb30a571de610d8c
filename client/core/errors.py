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
from pathlib import Path
from typing import Any, TypeVar

from client.egvp.errors import (
    CodeListInvalid,
    EgvpError,
    InvalidOutgoing,
    NotAnEebRequest,
    SchemaFolderInvalid,
    SchemaInvalid,
    XmlRejected,
)
from client.sandbox.errors import (
    ClamdError,
    ReleaseRefused,
    SandboxError,
    ScannerConfigInvalid,
    ScannerStartFailed,
    SignatureDirInvalid,
    TransferDirInvalid,
    TransferFailed,
    TransferTypeUnknown,
)
from client.sandbox.result import RefusalReason
from client.store.errors import (
    AttachmentNotReleasable,
    BackupCorrupt,
    BackupWrongPassword,
    BlobCorrupt,
    BlobMissing,
    ContentDeleted,
    InsecureKeyring,
    InvalidTransition,
    KeyFileCorrupt,
    NoRecoveryWrap,
    PasswordRejected,
    PasswordResetNotAllowed,
    RecoveryCertificateRejected,
    RecoveryKeyMismatch,
    RestoreTargetNotEmpty,
    RestoreVerificationFailed,
    SchemaTooNew,
    StoreBusy,
    StoreCorrupt,
    StoreDiskError,
    StoreError,
    StoreExists,
    StoreNotFound,
    UnsupportedFormat,
    WrongPassword,
)
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


# ---------------------------------------------------------------- egvp (payload, XJustiz, eEB)


@describes(EgvpError)
def _egvp_error(exc: EgvpError) -> UserMessage:
    return UserMessage(
        title="Nachrichteninhalt fehlerhaft",
        template="Der Nachrichteninhalt konnte nicht verarbeitet werden ({kind}).",
        params={"kind": type(exc).__name__},
        hint="Es gingen keine Daten verloren. Bitte wenden Sie sich mit der Protokolldatei an den "
        "Support.",
    )


@describes(XmlRejected)
def _xml_rejected(exc: XmlRejected) -> UserMessage:
    return UserMessage(
        title="XML-Datei nicht lesbar",
        template="Die Datei „{document}“ ist kein zulässiges XML: {reason}",
        params={"document": exc.document, "reason": exc.reason},
        hint="Die Datei bleibt unverändert gespeichert.",
    )


@describes(SchemaFolderInvalid)
def _schema_folder_invalid(exc: SchemaFolderInvalid) -> UserMessage:
    return UserMessage(
        title="XJustiz-Schemata unvollständig",
        template="Im XJustiz-Schemaordner {folder} fehlt „{missing}“ oder ist nicht lesbar. "
        "{reason}",
        params={"folder": str(exc.folder), "missing": exc.missing, "reason": exc.reason},
        hint="Legen Sie dort die vollständigen XSD-Dateien der gültigen XJustiz-Version ab oder "
        "entfernen Sie die Einstellung; ohne Schemata wird nicht gegen das XSD geprüft.",
    )


@describes(SchemaInvalid)
def _schema_invalid(exc: SchemaInvalid) -> UserMessage:
    first = exc.errors[0] if exc.errors else ""
    return UserMessage(
        title="Strukturdatensatz ungültig",
        template="Der erzeugte Strukturdatensatz „{document}“ entspricht nicht dem XJustiz-Schema "
        "({count} Fehler, zuerst: {first}). Die Nachricht wurde nicht gesendet.",
        params={"document": exc.document, "count": str(len(exc.errors)), "first": first},
        hint="Prüfen Sie Absender, Empfänger und Aktenzeichen. Bleibt der Fehler, wenden Sie sich "
        "an den Support.",
    )


_OUTGOING_FIELDS = {
    "empfaenger_safe_id": "Empfänger (SAFE-ID)",
    "nachrichtentyp": "Nachrichtentyp",
    "visitenkarte.nutzer_id": "eigene SAFE-ID in der Visitenkarte",
    "attachments": "Anhänge",
    "documents": "Dokumente",
    "dokumentklasse": "Dokumentklasse",
    "absender": "Absender",
    "empfaenger": "Empfänger",
}


@describes(InvalidOutgoing)
def _invalid_outgoing(exc: InvalidOutgoing) -> UserMessage:
    return UserMessage(
        title="Nachricht unvollständig",
        template="Die Angabe „{field}“ fehlt oder ist ungültig ({reason}).",
        params={"field": _OUTGOING_FIELDS.get(exc.field, exc.field), "reason": exc.reason},
        hint="Ergänzen oder korrigieren Sie die Angabe und senden Sie erneut.",
    )


@describes(NotAnEebRequest)
def _not_an_eeb_request(exc: NotAnEebRequest) -> UserMessage:
    return UserMessage(
        title="Kein eEB möglich",
        template="Auf diese Nachricht kann kein elektronisches Empfangsbekenntnis abgegeben "
        "werden: {reason}.",
        params={"reason": exc.reason},
        hint="Ein eEB ist nur möglich, wenn der Strukturdatensatz der Nachricht es anfordert.",
    )


@describes(CodeListInvalid)
def _code_list_invalid(exc: CodeListInvalid) -> UserMessage:
    return UserMessage(
        title="Codeliste nicht lesbar",
        template="Die Codeliste {path} ist nicht lesbar: {reason}",
        params={"path": str(exc.path), "reason": exc.reason},
        hint="Legen Sie die offizielle Codeliste (genericode-XML aus dem XRepository) ab.",
    )


# ---------------------------------------------------------------- directory and validation services

_SERVICE_NAMES = {"directory": "Verzeichnisdienst", "validation": "Validierungsdienst"}


class ServiceError(ClientError):
    """The directory or the validation service could not do what was asked."""

    def __init__(self, *, service: str, url: str, reason: str) -> None:
        self.service = service
        self.url = url
        self.reason = reason
        super().__init__(f"{service} at {url}: {reason}")


class ServiceUnreachable(ServiceError):
    """No answer: connection refused, timeout, proxy or name resolution failed."""


class ServiceAnswerInvalid(ServiceError):
    """An answer that is no SOAP response of the WSDL (HTTP error page, broken XML …)."""


class ServiceFault(ServiceError):
    """A SOAP fault; ``code`` is the machine-readable code from the fault detail."""

    def __init__(self, *, service: str, url: str, code: str, field: str | None, text: str) -> None:
        self.code = code
        self.field = field
        self.text = text
        super().__init__(service=service, url=url, reason=f"{code}: {text}")


class DirectoryEntryNotFound(ServiceFault):
    def __init__(
        self, *, service: str, url: str, code: str, field: str | None, text: str, safe_id: str
    ) -> None:
        self.safe_id = safe_id
        super().__init__(service=service, url=url, code=code, field=field, text=text)


class DirectoryRequestRefused(ServiceFault):
    """The directory refused a search, registration or update (field, certificate, proof)."""


class EncryptionRefused(ClientError):
    """We do not encrypt for this recipient certificate (revoked, expired, invalid)."""

    def __init__(self, *, recipient: str, code: str, reason: str) -> None:
        self.recipient = recipient
        self.code = code
        self.reason = reason
        super().__init__(f"not encrypting for {recipient}: {code}")


class FavouritesUnreadable(ClientError):
    def __init__(self, *, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"favourites {path}: {reason}")


def _service_name(exc: ServiceError) -> str:
    return _SERVICE_NAMES.get(exc.service, exc.service)


@describes(ServiceError)
def _service_error(exc: ServiceError) -> UserMessage:
    return UserMessage(
        title="Dienst nicht verfügbar",
        template="Der {service} ({url}) konnte die Anfrage nicht bearbeiten: {reason}",
        params={"service": _service_name(exc), "url": exc.url, "reason": exc.reason},
        hint="Versuchen Sie es später erneut.",
    )


@describes(ServiceUnreachable)
def _service_unreachable(exc: ServiceUnreachable) -> UserMessage:
    return UserMessage(
        title="Dienst nicht erreichbar",
        template="Der {service} unter {url} ist nicht erreichbar ({reason}).",
        params={"service": _service_name(exc), "url": exc.url, "reason": exc.reason},
        hint="Prüfen Sie die Netzwerkverbindung und die Proxy-Einstellungen und versuchen Sie "
        "es später erneut.",
    )


@describes(ServiceAnswerInvalid)
def _service_answer_invalid(exc: ServiceAnswerInvalid) -> UserMessage:
    return UserMessage(
        title="Unerwartete Antwort",
        template="Der {service} unter {url} hat unerwartet geantwortet ({reason}).",
        params={"service": _service_name(exc), "url": exc.url, "reason": exc.reason},
        hint="Möglicherweise ist die Adresse im Szenario falsch. Wenden Sie sich an Ihre "
        "Administration.",
    )


@describes(ServiceFault)
def _service_fault(exc: ServiceFault) -> UserMessage:
    return UserMessage(
        title="Anfrage abgelehnt",
        template="Der {service} hat die Anfrage abgelehnt: {text} (Code {code}).",
        params={"service": _service_name(exc), "text": exc.text, "code": exc.code},
        hint="Versuchen Sie es später erneut. Bleibt der Fehler, wenden Sie sich an den Support.",
    )


@describes(DirectoryEntryNotFound)
def _directory_entry_not_found(exc: DirectoryEntryNotFound) -> UserMessage:
    return UserMessage(
        title="Eintrag nicht gefunden",
        template="Im Verzeichnisdienst gibt es keinen Eintrag mit der SAFE-ID {safe_id}.",
        params={"safe_id": exc.safe_id or "(leer)"},
        hint="Das Postfach wurde möglicherweise gelöscht. Suchen Sie den Empfänger erneut im "
        "Verzeichnis.",
    )


_DIRECTORY_REFUSALS = {
    "INVALID_FIELD": "Die Angabe „{field}“ in der Visitenkarte ist ungültig",
    "SEARCH_CRITERIA_MISSING": "Bitte geben Sie mindestens einen Suchbegriff ein",
    "INVALID_PAGING": "Die gewünschte Seitengröße ist zu groß",
    "CERTIFICATE_INVALID": "Das Postfachzertifikat ist nicht verwendbar",
    "CERTIFICATE_KEY_TOO_SHORT": "Der Schlüssel des Postfachzertifikats ist zu kurz "
    "(verlangt sind mindestens 3.072 Bit)",
    "CERTIFICATE_EXPIRED": "Das Postfachzertifikat ist abgelaufen",
    "CERTIFICATE_NOT_YET_VALID": "Das Postfachzertifikat ist noch nicht gültig",
    "CERTIFICATE_IN_USE": "Das Postfachzertifikat ist bereits für ein anderes Postfach hinterlegt",
    "ROLE_NOT_ALLOWED": "Diese Rolle kann nicht beantragt werden",
    "PROOF_INVALID": "Der Besitznachweis ist ungültig – passt der Schlüssel zum Zertifikat?",
    "PROOF_EXPIRED": "Der Besitznachweis ist veraltet – stimmt die Uhrzeit dieses Rechners?",
}

_FIELD_NAMES = {"E-Mail": "E-Mail", "Externe_ID": "Externe ID", "Strasse": "Straße"}


@describes(DirectoryRequestRefused)
def _directory_refused(exc: DirectoryRequestRefused) -> UserMessage:
    field_name = _FIELD_NAMES.get(exc.field or "", exc.field or "")
    summary = _DIRECTORY_REFUSALS.get(exc.code, "Der Verzeichnisdienst lehnt die Anfrage ab")
    return UserMessage(
        title="Vom Verzeichnisdienst abgelehnt",
        template="{summary}. Auskunft des Dienstes: {text}",
        params={"summary": summary.format(field=field_name), "text": exc.text},
        hint="Korrigieren Sie die Angabe und versuchen Sie es erneut.",
    )


@describes(EncryptionRefused)
def _encryption_refused(exc: EncryptionRefused) -> UserMessage:
    return UserMessage(
        title="Verschlüsselung verweigert",
        template="Für „{recipient}“ wird nicht verschlüsselt: {reason}",
        params={"recipient": exc.recipient, "reason": exc.reason},
        hint="Die Nachricht wurde nicht gesendet. Bitten Sie den Empfänger auf anderem Weg, "
        "ein gültiges Zertifikat im Verzeichnisdienst zu hinterlegen.",
    )


@describes(FavouritesUnreadable)
def _favourites_unreadable(exc: FavouritesUnreadable) -> UserMessage:
    return UserMessage(
        title="Favoriten nicht lesbar",
        template="Die Favoritenliste {path} ist nicht lesbar: {reason}",
        params={"path": str(exc.path), "reason": exc.reason},
        hint="Die Datei bleibt unverändert. Entfernen Sie sie, um mit einer leeren Liste zu "
        "beginnen.",
    )


# ---------------------------------------------------------------- sandbox (scan, release)


@describes(SandboxError)
def _sandbox_error(exc: SandboxError) -> UserMessage:
    return UserMessage(
        title="Quarantäne-Fehler",
        template="Bei der Virenprüfung oder Freigabe ist ein Fehler aufgetreten ({kind}).",
        params={"kind": type(exc).__name__},
        hint="Die Datei bleibt in der Quarantäne. Bitte wenden Sie sich mit der Protokolldatei an "
        "den Support.",
    )


@describes(ScannerConfigInvalid)
def _scanner_config_invalid(exc: ScannerConfigInvalid) -> UserMessage:
    return UserMessage(
        title="Virenscanner falsch eingestellt",
        template="Die Einstellung {setting} = „{value}“ ist nicht verwendbar: {reason}.",
        params={"setting": exc.setting, "value": exc.value, "reason": exc.reason},
        hint="Bitte lassen Sie die Virenscanner-Einstellungen von Ihrer Administration "
        "korrigieren. Bis dahin bleiben alle Anhänge in der Quarantäne.",
    )


@describes(SignatureDirInvalid)
def _signature_dir_invalid(exc: SignatureDirInvalid) -> UserMessage:
    return UserMessage(
        title="Virensignaturen fehlen",
        template="Der Signaturordner des Virenscanners ({path}) ist nicht verwendbar: {reason}.",
        params={"path": str(exc.path) if exc.path else "nicht eingestellt", "reason": exc.reason},
        hint="Die Administration muss in den Einstellungen (scanner.signature_dir) den Ordner mit "
        "der ClamAV-Datenbank angeben. Bis dahin bleiben alle Anhänge in der Quarantäne.",
    )


@describes(ScannerStartFailed)
def _scanner_start_failed(exc: ScannerStartFailed) -> UserMessage:
    return UserMessage(
        title="Virenscanner startet nicht",
        template="Der Virenscanner ({executable}) konnte nicht gestartet werden: {reason}.",
        params={"executable": exc.executable, "reason": exc.reason},
        hint="Anhänge bleiben in der Quarantäne, bis eine Prüfung möglich ist. Details stehen in "
        "der Protokolldatei; bitte wenden Sie sich an Ihre Administration.",
    )


@describes(ClamdError)
def _clamd_error(exc: ClamdError) -> UserMessage:
    return UserMessage(
        title="Virenscanner nicht erreichbar",
        template="Der Virenscanner unter {address} antwortet nicht: {reason}.",
        params={"address": exc.address, "reason": exc.reason},
        hint="Anhänge bleiben in der Quarantäne. Prüfen Sie später erneut oder wenden Sie sich an "
        "Ihre Administration.",
    )


_REFUSALS = {
    RefusalReason.INFECTED: (
        "Die Datei „{name}“ ist mit Schadsoftware befallen ({detail}) und kann nicht "
        "freigegeben werden.",
        "Sie können die Datei mit Begründung löschen.",
    ),
    RefusalReason.NEEDS_RESCAN: (
        "Die Datei „{name}“ wurde noch nicht sicher geprüft und kann nicht freigegeben werden.",
        "Prüfen Sie die Datei erneut auf Viren.",
    ),
    RefusalReason.SCAN_MISMATCH: (
        "Das Prüfergebnis gehört nicht zum gespeicherten Inhalt der Datei „{name}“.",
        "Prüfen Sie die Datei erneut auf Viren.",
    ),
    RefusalReason.TYPE_NOT_ALLOWED: (
        "„{name}“ ist vom Typ {kind}; dieser Typ darf nicht in den Transferordner.",
        "Erlaubt sind die in den Einstellungen genannten Typen (üblich: PDF, TIFF, XML, "
        "Signaturdateien).",
    ),
    RefusalReason.NAME_TYPE_MISMATCH: (
        "Name und Inhalt der Datei „{name}“ passen nicht zusammen (Inhalt: {kind}).",
        "Solche Dateien werden aus Sicherheitsgründen nicht freigegeben.",
    ),
    RefusalReason.CONTENT_CHANGED: (
        "Beim Freigeben der Datei „{name}“ weicht der Inhalt vom geprüften ab; nichts wurde "
        "freigegeben.",
        "Prüfen Sie die Datei erneut. Bleibt der Fehler, wenden Sie sich an den Support.",
    ),
    RefusalReason.NO_FREE_NAME: (
        "Im Transferordner gibt es „{name}“ und alle nummerierten Varianten bereits.",
        "Räumen Sie den Transferordner auf und geben Sie die Datei erneut frei.",
    ),
}


@describes(ReleaseRefused)
def _release_refused(exc: ReleaseRefused) -> UserMessage:
    template, hint = _REFUSALS.get(
        exc.reason, ("Die Datei „{name}“ kann nicht freigegeben werden.", "")
    )
    kind = exc.content_type.label if exc.content_type is not None else "unbekannt"
    return UserMessage(
        title="Freigabe verweigert",
        template=template,
        params={"name": exc.name, "detail": exc.detail, "kind": kind},
        hint=hint,
    )


@describes(TransferDirInvalid)
def _transfer_dir_invalid(exc: TransferDirInvalid) -> UserMessage:
    return UserMessage(
        title="Transferordner fehlt",
        template="Der Transferordner {path} ist nicht verwendbar: {reason}.",
        params={"path": str(exc.path), "reason": exc.reason},
        hint="Prüfen Sie die Einstellung „Transferordner“ (transfer_dir) dieses "
        "Arbeitsverzeichnisses.",
    )


@describes(TransferFailed)
def _transfer_failed(exc: TransferFailed) -> UserMessage:
    return UserMessage(
        title="Freigabe fehlgeschlagen",
        template="Die Datei konnte nicht in den Transferordner geschrieben werden ({path}): "
        "{reason}.",
        params={"path": str(exc.path), "reason": exc.reason},
        hint="Es wurde keine unvollständige Datei hinterlassen. Prüfen Sie den freien "
        "Speicherplatz und die Rechte des Transferordners.",
    )


@describes(TransferTypeUnknown)
def _transfer_type_unknown(exc: TransferTypeUnknown) -> UserMessage:
    return UserMessage(
        title="Einstellung fehlerhaft",
        template="Der Dateityp „{token}“ in allowed_transfer_types ist unbekannt. Bekannte "
        "Typen: {known}.",
        params={"token": exc.token, "known": ", ".join(exc.known)},
        hint="Korrigieren Sie die Einstellung allowed_transfer_types.",
    )


# ---------------------------------------------------------------- store


@describes(StoreError)
def _store_error(exc: StoreError) -> UserMessage:
    return UserMessage(
        title="Fehler im Nachrichtenspeicher",
        template="Der verschlüsselte Nachrichtenspeicher meldet einen Fehler ({kind}).",
        params={"kind": type(exc).__name__},
        hint="Es wurden keine Nachrichten verändert. Bitte wenden Sie sich mit der "
        "Protokolldatei an den Support.",
    )


@describes(StoreNotFound)
def _store_not_found(exc: StoreNotFound) -> UserMessage:
    return UserMessage(
        title="Kein Nachrichtenspeicher",
        template="Im Arbeitsverzeichnis gibt es keinen Nachrichtenspeicher ({folder}).",
        params={"folder": str(exc.folder)},
        hint="Richten Sie das Postfach ein oder stellen Sie eine Sicherung wieder her.",
    )


@describes(StoreExists)
def _store_exists(exc: StoreExists) -> UserMessage:
    return UserMessage(
        title="Nachrichtenspeicher vorhanden",
        template="In {folder} gibt es bereits einen Nachrichtenspeicher.",
        params={"folder": str(exc.folder)},
        hint="Öffnen Sie den vorhandenen Speicher mit seinem Passwort.",
    )


@describes(WrongPassword)
def _store_wrong_password(exc: WrongPassword) -> UserMessage:
    return UserMessage(
        title="Falsches Passwort",
        template="Das Passwort öffnet den Nachrichtenspeicher nicht.",
        hint="Achten Sie auf Groß- und Kleinschreibung und die Feststelltaste. Es wurde nichts "
        "verändert.",
    )


@describes(PasswordRejected)
def _store_password_rejected(exc: PasswordRejected) -> UserMessage:
    return UserMessage(
        title="Passwort zu schwach",
        template="Das neue Passwort muss mindestens {min} Zeichen lang sein.",
        params={"min": str(exc.min_length)},
    )


@describes(KeyFileCorrupt)
def _store_key_file_corrupt(exc: KeyFileCorrupt) -> UserMessage:
    return UserMessage(
        title="Schlüsseldatei beschädigt",
        template="Die Schlüsseldatei {path} des Nachrichtenspeichers ist beschädigt.",
        params={"path": str(exc.path)},
        hint="Stellen Sie die Datei aus einer Sicherung wieder her oder öffnen Sie den Speicher "
        "mit dem Wiederherstellungsschlüssel der Behörde.",
    )


@describes(NoRecoveryWrap)
def _store_no_recovery(exc: NoRecoveryWrap) -> UserMessage:
    return UserMessage(
        title="Keine Wiederherstellung eingerichtet",
        template="Für diesen Nachrichtenspeicher ist kein Wiederherstellungszertifikat hinterlegt.",
        hint="Der Speicher lässt sich nur mit dem Postfach-Passwort öffnen.",
    )


@describes(RecoveryKeyMismatch)
def _store_recovery_mismatch(exc: RecoveryKeyMismatch) -> UserMessage:
    return UserMessage(
        title="Falscher Wiederherstellungsschlüssel",
        template="Der Schlüssel gehört nicht zum hinterlegten Wiederherstellungszertifikat "
        "(SHA-256-Fingerabdruck {fingerprint}…).",
        params={"fingerprint": exc.certificate_sha256[:16]},
        hint="Verwenden Sie den Schlüssel zu diesem Zertifikat.",
    )


@describes(RecoveryCertificateRejected)
def _store_recovery_rejected(exc: RecoveryCertificateRejected) -> UserMessage:
    return UserMessage(
        title="Zertifikat nicht verwendbar",
        template="Das Wiederherstellungszertifikat ist nicht verwendbar: {reason}.",
        params={"reason": exc.reason},
        hint="Verwenden Sie ein Zertifikat mit einem RSA-Schlüssel von mindestens 2048 Bit.",
    )


@describes(PasswordResetNotAllowed)
def _store_reset_not_allowed(exc: PasswordResetNotAllowed) -> UserMessage:
    return UserMessage(
        title="Zurücksetzen nicht möglich",
        template="Ein neues Passwort ohne das alte kann nur nach dem Öffnen mit dem "
        "Wiederherstellungsschlüssel gesetzt werden.",
    )


@describes(UnsupportedFormat)
def _store_unsupported_format(exc: UnsupportedFormat) -> UserMessage:
    return UserMessage(
        title="Neueres Dateiformat",
        template="Die Datei {path} wurde von einer neueren Programmversion geschrieben "
        "(Format {version}, unterstützt bis {supported}).",
        params={
            "path": str(exc.path),
            "version": str(exc.version),
            "supported": str(exc.supported),
        },
        hint="Installieren Sie die aktuelle Version des Programms.",
    )


@describes(SchemaTooNew)
def _store_schema_too_new(exc: SchemaTooNew) -> UserMessage:
    return UserMessage(
        title="Neuere Datenbankversion",
        template="Der Nachrichtenspeicher wurde von einer neueren Programmversion angelegt "
        "(Version {version}, unterstützt bis {supported}).",
        params={"version": str(exc.version), "supported": str(exc.supported)},
        hint="Installieren Sie die aktuelle Version des Programms. Der Speicher wurde nicht "
        "verändert.",
    )


@describes(StoreCorrupt)
def _store_corrupt(exc: StoreCorrupt) -> UserMessage:
    return UserMessage(
        title="Nachrichtenspeicher beschädigt",
        template="Der Nachrichtenspeicher {path} ist beschädigt oder gehört nicht zu diesem "
        "Schlüssel.",
        params={"path": str(exc.path)},
        hint="Stellen Sie den Speicher aus einer Sicherung wieder her.",
    )


@describes(StoreBusy)
def _store_busy(exc: StoreBusy) -> UserMessage:
    return UserMessage(
        title="Speicher belegt",
        template="Ein anderes Programmfenster hat den Nachrichtenspeicher länger als {seconds} "
        "Sekunden belegt.",
        params={"seconds": f"{exc.seconds:.0f}"},
        hint="Warten Sie, bis der Abruf oder Versand im anderen Fenster beendet ist, und "
        "versuchen Sie es erneut.",
    )


@describes(StoreDiskError)
def _store_disk_error(exc: StoreDiskError) -> UserMessage:
    return UserMessage(
        title="Speichern nicht möglich",
        template="In den Nachrichtenspeicher {path} konnte nicht geschrieben werden: {reason}.",
        params={"path": str(exc.path), "reason": exc.reason},
        hint="Prüfen Sie den freien Speicherplatz und die Schreibrechte. Bereits gespeicherte "
        "Nachrichten sind nicht betroffen.",
    )


@describes(InvalidTransition)
def _store_invalid_transition(exc: InvalidTransition) -> UserMessage:
    return UserMessage(
        title="Nicht möglich",
        template="Die Nachricht {id} kann in ihrem jetzigen Zustand nicht so geändert werden.",
        params={"id": str(exc.message_id)},
        hint="Gesendete Nachrichten können nicht mehr bearbeitet werden.",
    )


@describes(ContentDeleted)
def _store_content_deleted(exc: ContentDeleted) -> UserMessage:
    return UserMessage(
        title="Inhalt gelöscht",
        template="Der Inhalt dieses Anhangs wurde gelöscht; nur seine Angaben sind erhalten.",
    )


@describes(AttachmentNotReleasable)
def _store_not_releasable(exc: AttachmentNotReleasable) -> UserMessage:
    return UserMessage(
        title="Freigabe nicht möglich",
        template="Der Anhang {id} kann nicht freigegeben werden: Er ist nicht als unbedenklich "
        "geprüft oder sein Inhalt stimmt nicht mit dem geprüften überein.",
        params={"id": str(exc.attachment_id)},
        hint="Lassen Sie den Anhang erneut prüfen.",
    )


@describes(BlobMissing)
def _store_blob_missing(exc: BlobMissing) -> UserMessage:
    return UserMessage(
        title="Datei fehlt",
        template="Eine Datei des Nachrichtenspeichers fehlt ({path}).",
        params={"path": str(exc.path)},
        hint="Stellen Sie den Speicher aus einer Sicherung wieder her.",
    )


@describes(BlobCorrupt)
def _store_blob_corrupt(exc: BlobCorrupt) -> UserMessage:
    return UserMessage(
        title="Datei beschädigt",
        template="Eine Datei des Nachrichtenspeichers ist beschädigt oder wurde verändert.",
        hint="Der Inhalt wird nicht angezeigt. Stellen Sie den Speicher aus einer Sicherung "
        "wieder her.",
    )


@describes(InsecureKeyring)
def _store_insecure_keyring(exc: InsecureKeyring) -> UserMessage:
    return UserMessage(
        title="Passwort kann nicht gemerkt werden",
        template="Auf diesem Rechner ist kein sicherer Passwortspeicher des Betriebssystems aktiv.",
        hint="Das Passwort muss bei jedem Start eingegeben werden.",
    )


@describes(BackupWrongPassword)
def _backup_wrong_password(exc: BackupWrongPassword) -> UserMessage:
    return UserMessage(
        title="Falsches Passwort",
        template="Das Passwort öffnet die Sicherung {path} nicht.",
        params={"path": str(exc.path)},
        hint="Eine Sicherung öffnet sich mit dem Passwort, das zur Zeit der Sicherung galt.",
    )


@describes(BackupCorrupt)
def _backup_corrupt(exc: BackupCorrupt) -> UserMessage:
    return UserMessage(
        title="Sicherung beschädigt",
        template="Die Datei {path} ist keine gültige Sicherung oder wurde verändert.",
        params={"path": str(exc.path)},
        hint="Es wurde nichts wiederhergestellt. Verwenden Sie eine andere Sicherung.",
    )


@describes(RestoreTargetNotEmpty)
def _restore_target_not_empty(exc: RestoreTargetNotEmpty) -> UserMessage:
    return UserMessage(
        title="Ziel nicht leer",
        template="Am Ziel {path} gibt es bereits Daten.",
        params={"path": str(exc.path)},
        hint="Stellen Sie in ein neues, leeres Arbeitsverzeichnis wieder her.",
    )


@describes(RestoreVerificationFailed)
def _restore_verification_failed(exc: RestoreVerificationFailed) -> UserMessage:
    return UserMessage(
        title="Wiederherstellung abgebrochen",
        template="Die wiederhergestellten Daten aus {path} sind nicht vollständig ({count} "
        "Probleme).",
        params={"path": str(exc.path), "count": str(len(exc.problems))},
        hint="Es wurde nichts übernommen. Verwenden Sie eine andere Sicherung.",
    )


# Describers of other modules register into the same table (one place maps errors to text).
from client.core import texts_osci  # noqa: E402, F401
