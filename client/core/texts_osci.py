"""German texts for errors of the OSCI layer and of the core's own operations.

Registered in the one table of :mod:`client.core.errors` (this module is imported at its end).
"""

from __future__ import annotations

from client.core.errors import UserMessage, describes
from osci import codes
from osci.errors import (
    CertificateError,
    ConnectionFailed,
    ControlBlockError,
    DecryptionError,
    FeedbackError,
    HttpStatusError,
    MalformedMessage,
    OsciError,
    ProxyRejected,
    SignatureError,
    SoapFault,
    TlsError,
    TransportError,
    TransportTimeout,
    UnencryptedResponse,
    WeakAlgorithm,
)

_SUPPORT = "Es gingen keine Daten verloren. Bleibt der Fehler, wenden Sie sich an den Support."


@describes(OsciError)
def _osci(exc: OsciError) -> UserMessage:
    return UserMessage(
        title="Übertragungsfehler",
        template="Die Nachricht entspricht nicht dem OSCI-Protokoll ({kind}: {detail}).",
        params={"kind": type(exc).__name__, "detail": str(exc)},
        hint=_SUPPORT,
    )


@describes(MalformedMessage)
def _malformed(exc: MalformedMessage) -> UserMessage:
    return UserMessage(
        title="Nachricht nicht lesbar",
        template="Eine empfangene Nachricht ist beschädigt oder keine gültige OSCI-Nachricht: "
        "{reason}",
        params={"reason": exc.reason},
        hint="Die Nachricht wurde nicht verarbeitet und bleibt beim Intermediär. " + _SUPPORT,
    )


@describes(FeedbackError)
def _feedback(exc: FeedbackError) -> UserMessage:
    meaning = codes.describe(exc.feedback_code)
    hints = {
        "9801": "Die Nachrichtenkennung war bereits vergeben; die Nachricht wird neu gesendet.",
        "9803": "Es liegen keine weiteren Nachrichten vor.",
        "9802": "Bitte erneut versuchen.",
    }
    return UserMessage(
        title="Der Intermediär hat den Auftrag abgelehnt",
        template="Rückmeldung {code}: {meaning}.",
        params={"code": exc.feedback_code, "meaning": meaning},
        hint=hints.get(exc.feedback_code, _SUPPORT),
    )


@describes(SoapFault)
def _fault(exc: SoapFault) -> UserMessage:
    code = exc.osci_code or ""
    hint = _SUPPORT
    if code == "9200":
        hint = (
            "Das Verschlüsselungszertifikat des Intermediärs in Ihrem Arbeitsverzeichnis ist "
            "veraltet. Bitten Sie Ihre Administration um das aktuelle Zertifikat."
        )
    elif code == "9400":
        hint = "Der Dialog wurde zurückgesetzt. Bitte versuchen Sie es erneut."
    return UserMessage(
        title="Der Intermediär hat die Nachricht zurückgewiesen",
        template="Fehler {code}: {meaning}.",
        params={
            "code": code or exc.fault_code,
            "meaning": codes.describe(code) if code else exc.text,
        },
        hint=hint,
    )


@describes(ControlBlockError)
def _control_block(exc: ControlBlockError) -> UserMessage:
    return UserMessage(
        title="Dialog gestört",
        template="Die Antwort des Intermediärs passt nicht zur Anfrage ({field}).",
        params={"field": exc.field},
        hint="Der Dialog wurde verworfen. Bitte versuchen Sie es erneut; es gingen keine Daten "
        "verloren.",
    )


@describes(SignatureError)
def _signature(exc: SignatureError) -> UserMessage:
    return UserMessage(
        title="Signatur ungültig",
        template="Eine Signatur der Nachricht ist nicht gültig: {reason}.",
        params={"reason": exc.reason},
        hint="Die Nachricht wurde nicht als gültig angenommen. Wenden Sie sich an den Support.",
    )


@describes(CertificateError)
def _certificate(exc: CertificateError) -> UserMessage:
    if "PIN" in exc.reason:
        return UserMessage(
            title="Schlüssel nicht geöffnet",
            template="Der Schlüssel ({role}) ließ sich mit diesem Passwort nicht öffnen.",
            params={"role": exc.role},
            hint="Prüfen Sie das Passwort (PIN) des Postfachs.",
        )
    return UserMessage(
        title="Zertifikat nicht verwendbar",
        template="Das Zertifikat ({role}) ist nicht verwendbar: {reason}.",
        params={"role": exc.role, "reason": exc.reason},
        hint="Bitten Sie Ihre Administration um ein gültiges Zertifikat.",
    )


@describes(DecryptionError)
def _decryption(exc: DecryptionError) -> UserMessage:
    return UserMessage(
        title="Entschlüsselung fehlgeschlagen",
        template="{what} ließ sich nicht entschlüsseln ({reason}).",
        params={"what": exc.what, "reason": exc.reason},
        hint="Die verschlüsselte Nachricht bleibt gespeichert. Prüfen Sie, ob der richtige "
        "Postfachschlüssel im Arbeitsverzeichnis liegt.",
    )


@describes(WeakAlgorithm)
def _weak(exc: WeakAlgorithm) -> UserMessage:
    return UserMessage(
        title="Veraltetes Verfahren",
        template="Die Nachricht verwendet ein nicht mehr zulässiges Verfahren ({reason}).",
        params={"reason": exc.reason},
        hint="Alte Archive lassen sich nur mit einer ausdrücklichen Einstellung lesen.",
    )


@describes(UnencryptedResponse)
def _unencrypted(exc: UnencryptedResponse) -> UserMessage:
    return UserMessage(
        title="Unverschlüsselte Antwort",
        template="Der Intermediär hat unverschlüsselt geantwortet; die Antwort wurde verworfen.",
        hint=_SUPPORT,
    )


@describes(TransportError)
def _transport(exc: TransportError) -> UserMessage:
    return UserMessage(
        title="Verbindungsproblem",
        template="Die Verbindung zu {url} ist fehlgeschlagen: {reason}",
        params={"url": exc.url, "reason": exc.reason},
        hint="Prüfen Sie die Netzwerkverbindung und die Proxy-Einstellung. Nichts wurde doppelt "
        "gesendet; ein erneuter Versuch ist gefahrlos.",
    )


@describes(ConnectionFailed)
def _connection(exc: ConnectionFailed) -> UserMessage:
    return UserMessage(
        title="Intermediär nicht erreichbar",
        template="Keine Verbindung zu {url}.",
        params={"url": exc.url},
        hint="Prüfen Sie die Netzwerkverbindung und die Proxy-Einstellung; die Nachricht bleibt "
        "im Postausgang und wird später erneut gesendet.",
    )


@describes(TransportTimeout)
def _timeout(exc: TransportTimeout) -> UserMessage:
    return UserMessage(
        title="Zeitüberschreitung",
        template="Der Intermediär {url} hat nicht rechtzeitig geantwortet.",
        params={"url": exc.url},
        hint="Bitte später erneut versuchen; es wurde nichts doppelt gesendet.",
    )


@describes(ProxyRejected)
def _proxy(exc: ProxyRejected) -> UserMessage:
    return UserMessage(
        title="Vom Proxy abgelehnt",
        template="Der Proxy hat die Nachricht abgelehnt: {reason}",
        params={"reason": exc.reason},
        hint="Große Nachrichten brauchen einen Proxy ohne Größenbeschränkung. Wenden Sie sich an "
        "Ihre IT.",
    )


@describes(TlsError)
def _tls(exc: TlsError) -> UserMessage:
    return UserMessage(
        title="Sichere Verbindung fehlgeschlagen",
        template="Das Serverzertifikat von {url} wurde nicht akzeptiert ({reason}).",
        params={"url": exc.url, "reason": exc.reason},
        hint="Wenden Sie sich an Ihre IT; die Verbindung wurde aus Sicherheitsgründen abgebrochen.",
    )


@describes(HttpStatusError)
def _http(exc: HttpStatusError) -> UserMessage:
    return UserMessage(
        title="Unerwartete Antwort",
        template="Der Server {url} antwortete mit HTTP {status}.",
        params={"url": exc.url, "status": str(exc.status)},
        hint="Prüfen Sie die Adresse des Intermediärs im Szenario. " + _SUPPORT,
    )
