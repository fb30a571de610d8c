"""The validation service client (Validierungsdienst), Qt-free.

:meth:`ValidationClient.validate` returns the service's report (one result per check and an
overall result). On top of it:

- :func:`encryption_verdict` / :meth:`ValidationClient.require_encryptable`: whether we may
  encrypt for a recipient. An INVALID report (revoked, expired, key too short, no
  keyEncipherment, broken chain) refuses with the reason. INDETERMINATE is not VALID: a
  self-signed mailbox certificate — the normal EGVP case, trusted through the directory entry —
  is allowed with a note; any other indeterminate result (unknown issuer, OCSP unreachable) is
  allowed only with a warning the caller must show (decision record 0202).
- :meth:`ValidationClient.check_own_certificates`: our mailbox and VHN certificates at start,
  with a warning N weeks before they expire; expiry is computed locally, so the warning also
  comes when the service is unreachable.

Wire format: ``resources/wsdl/validation.wsdl``.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from client.core.directory import Recipient
from client.core.errors import EncryptionRefused, ServiceError
from client.core.soap import ServiceSettings, build_service, call
from profiles.scenarios import Scenario

logger = logging.getLogger(__name__)

SERVICE = "validation"
WSDL = "validation.wsdl"
BINDING = "{urn:bebpo:validierungsdienst:v1}ValidierungsdienstBinding"
DEFAULT_WARN_WEEKS = 6


class Purpose(enum.Enum):
    ENCRYPTION = "ENCRYPTION"
    SIGNATURE = "SIGNATURE"
    VHN = "VHN"


class CheckResult(enum.Enum):
    VALID = "VALID"
    INVALID = "INVALID"
    INDETERMINATE = "INDETERMINATE"


class CheckName(enum.Enum):
    CHAIN = "CHAIN"
    VALIDITY = "VALIDITY"
    ALGORITHM = "ALGORITHM"
    KEY_SIZE = "KEY_SIZE"
    KEY_USAGE = "KEY_USAGE"
    REVOCATION = "REVOCATION"
    VHN = "VHN"


class RevocationStatus(enum.Enum):
    GOOD = "GOOD"
    REVOKED = "REVOKED"
    UNKNOWN = "UNKNOWN"


@dataclass(frozen=True)
class Check:
    name: CheckName
    result: CheckResult
    code: str
    text: str


@dataclass(frozen=True)
class RevocationInfo:
    method: str
    responder: str
    status: RevocationStatus
    produced_at: datetime
    this_update: datetime
    revocation_time: datetime | None
    revocation_reason: str | None


@dataclass(frozen=True)
class CertificateSummary:
    subject: str
    issuer: str
    serial_number: str
    not_before: datetime
    not_after: datetime
    key_algorithm: str
    key_size: int
    signature_algorithm: str
    fingerprint_sha256: str
    self_signed: bool


@dataclass(frozen=True)
class VerificationReport:
    overall: CheckResult
    purpose: Purpose
    validation_time: datetime
    certificate: CertificateSummary
    chain: tuple[str, ...]
    trust_anchor: str | None
    checks: tuple[Check, ...]
    revocation: RevocationInfo | None

    def check(self, name: CheckName) -> Check | None:
        return next((c for c in self.checks if c.name is name), None)

    @property
    def problems(self) -> tuple[Check, ...]:
        """Checks that are not VALID, invalid ones first."""
        order = {CheckResult.INVALID: 0, CheckResult.INDETERMINATE: 1}
        found = [c for c in self.checks if c.result is not CheckResult.VALID]
        return tuple(sorted(found, key=lambda c: order[c.result]))


# ---------------------------------------------------------------------- encryption verdict


@dataclass(frozen=True)
class EncryptionVerdict:
    """Whether to encrypt for a certificate; ``reason`` and ``warnings`` are German."""

    allowed: bool
    code: str
    reason: str
    warnings: tuple[str, ...]
    report: VerificationReport


def _date(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%d.%m.%Y}"


# Which invalid finding to name first when several apply.
_SEVERITY = ("REVOKED", "EXPIRED", "NOT_YET_VALID", "KEY_TOO_SHORT", "KEY_USAGE_MISSING")


def _refusal_text(report: VerificationReport, check: Check) -> str:
    cert = report.certificate
    revocation = report.revocation
    if check.code == "REVOKED" and revocation and revocation.revocation_time:
        reason = f" (Grund: {revocation.revocation_reason})" if revocation.revocation_reason else ""
        return f"Das Zertifikat ist seit {_date(revocation.revocation_time)} gesperrt{reason}."
    if check.code == "REVOKED":
        return "Das Zertifikat ist gesperrt."
    if check.code == "EXPIRED":
        return f"Das Zertifikat ist seit {_date(cert.not_after)} abgelaufen."
    if check.code == "NOT_YET_VALID":
        return f"Das Zertifikat gilt erst ab {_date(cert.not_before)}."
    if check.code == "KEY_TOO_SHORT":
        return (
            f"Der Schlüssel des Zertifikats ist zu kurz ({cert.key_size} Bit; verlangt sind "
            "mindestens 3.072 Bit)."
        )
    if check.code == "KEY_USAGE_MISSING":
        return "Das Zertifikat ist nicht zur Verschlüsselung bestimmt."
    return f"Das Zertifikat ist ungültig: {check.text}"


def encryption_verdict(report: VerificationReport) -> EncryptionVerdict:
    """Decide from a report (purpose ENCRYPTION) whether we may encrypt for the certificate."""
    invalid = [c for c in report.checks if c.result is CheckResult.INVALID]
    if invalid:
        invalid.sort(key=lambda c: _SEVERITY.index(c.code) if c.code in _SEVERITY else 99)
        first = invalid[0]
        return EncryptionVerdict(False, first.code, _refusal_text(report, first), (), report)
    indeterminate = [c for c in report.checks if c.result is CheckResult.INDETERMINATE]
    if not indeterminate:
        return EncryptionVerdict(True, "VALID", "Das Zertifikat ist gültig.", (), report)
    codes = {c.code for c in indeterminate}
    if codes <= {"SELF_SIGNED", "NO_REVOCATION_SERVICE"} and report.certificate.self_signed:
        note = (
            "Selbstsigniertes Postfachzertifikat: vertrauenswürdig über den Eintrag im "
            "Verzeichnisdienst; eine Sperrprüfung ist dafür nicht möglich."
        )
        return EncryptionVerdict(True, "SELF_SIGNED", note, (), report)
    warnings = tuple(f"Nicht abschließend geprüft: {c.text}" for c in indeterminate)
    return EncryptionVerdict(
        True,
        "INDETERMINATE",
        "Das Zertifikat konnte nicht vollständig geprüft werden.",
        warnings,
        report,
    )


# ---------------------------------------------------------------------- own certificates


class OwnCertificateKind(enum.Enum):
    MAILBOX = "mailbox"
    VHN = "vhn"

    @property
    def purpose(self) -> Purpose:
        return Purpose.ENCRYPTION if self is OwnCertificateKind.MAILBOX else Purpose.VHN

    @property
    def label(self) -> str:
        return (
            "Das Postfachzertifikat"
            if self is OwnCertificateKind.MAILBOX
            else ("Das VHN-Zertifikat")
        )


class OwnCertificateState(enum.Enum):
    OK = "ok"
    EXPIRES_SOON = "expires-soon"
    EXPIRED = "expired"
    NOT_YET_VALID = "not-yet-valid"
    REVOKED = "revoked"
    INVALID = "invalid"
    UNCHECKED = "unchecked"


@dataclass(frozen=True)
class OwnCertificate:
    kind: OwnCertificateKind
    certificate: x509.Certificate


@dataclass(frozen=True)
class OwnCertificateStatus:
    kind: OwnCertificateKind
    certificate: x509.Certificate
    state: OwnCertificateState
    days_left: int
    message: str
    report: VerificationReport | None
    service_error: ServiceError | None

    @property
    def needs_attention(self) -> bool:
        return self.state is not OwnCertificateState.OK


def expiry_state(
    certificate: x509.Certificate, now: datetime, warn: timedelta
) -> tuple[OwnCertificateState, int]:
    """Local expiry check: (state, whole days left; negative once expired)."""
    left = certificate.not_valid_after_utc - now
    days = left.days
    if now < certificate.not_valid_before_utc:
        return OwnCertificateState.NOT_YET_VALID, days
    if left <= timedelta(0):
        return OwnCertificateState.EXPIRED, days
    if left <= warn:
        return OwnCertificateState.EXPIRES_SOON, days
    return OwnCertificateState.OK, days


def _own_message(
    kind: OwnCertificateKind,
    cert: x509.Certificate,
    state: OwnCertificateState,
    days: int,
    detail: str,
) -> str:
    until = _date(cert.not_valid_after_utc)
    texts = {
        OwnCertificateState.OK: f"{kind.label} ist gültig bis {until}.",
        OwnCertificateState.EXPIRES_SOON: f"{kind.label} läuft in {days} Tagen ab (am {until}). "
        "Bitte beantragen bzw. erzeugen Sie rechtzeitig ein neues.",
        OwnCertificateState.EXPIRED: f"{kind.label} ist seit {until} abgelaufen.",
        OwnCertificateState.NOT_YET_VALID: f"{kind.label} ist noch nicht gültig "
        f"(ab {_date(cert.not_valid_before_utc)}).",
        OwnCertificateState.REVOKED: f"{kind.label} ist gesperrt. {detail}",
        OwnCertificateState.INVALID: f"{kind.label} ist ungültig. {detail}",
        OwnCertificateState.UNCHECKED: f"{kind.label} ist gültig bis {until}, konnte aber nicht "
        f"vollständig geprüft werden: {detail}",
    }
    return texts[state].strip()


def _own_state(
    kind: OwnCertificateKind, local: OwnCertificateState, report: VerificationReport
) -> tuple[OwnCertificateState, str]:
    if local in (OwnCertificateState.EXPIRED, OwnCertificateState.NOT_YET_VALID):
        return local, ""
    invalid = [c for c in report.checks if c.result is CheckResult.INVALID]
    if any(c.code == "REVOKED" for c in invalid):
        return OwnCertificateState.REVOKED, _refusal_text(
            report, next(c for c in invalid if c.code == "REVOKED")
        )
    if invalid:
        return OwnCertificateState.INVALID, invalid[0].text
    open_checks = [c for c in report.checks if c.result is CheckResult.INDETERMINATE]
    self_signed_mailbox = kind is OwnCertificateKind.MAILBOX and report.certificate.self_signed
    if open_checks and not self_signed_mailbox:
        return OwnCertificateState.UNCHECKED, "; ".join(c.text for c in open_checks)
    return local, ""


# ---------------------------------------------------------------------- the client


def _time(value: Any) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _report(raw: Any) -> VerificationReport:
    cert = raw.Certificate
    revocation = raw.Revocation
    return VerificationReport(
        overall=CheckResult(raw.OverallResult),
        purpose=Purpose(raw.Purpose),
        validation_time=_time(raw.ValidationTime),
        certificate=CertificateSummary(
            subject=str(cert.Subject),
            issuer=str(cert.Issuer),
            serial_number=str(cert.SerialNumber),
            not_before=_time(cert.NotBefore),
            not_after=_time(cert.NotAfter),
            key_algorithm=str(cert.KeyAlgorithm),
            key_size=int(cert.KeySize),
            signature_algorithm=str(cert.SignatureAlgorithm),
            fingerprint_sha256=str(cert.FingerprintSha256),
            self_signed=bool(cert.SelfSigned),
        ),
        chain=tuple(str(s) for s in raw.ChainCertificate or ()),
        trust_anchor=str(raw.TrustAnchor) if raw.TrustAnchor else None,
        checks=tuple(
            Check(CheckName(c.Name), CheckResult(c.Result), str(c.Code), str(c.Text))
            for c in raw.Check
        ),
        revocation=None
        if revocation is None
        else RevocationInfo(
            method=str(revocation.Method),
            responder=str(revocation.Responder),
            status=RevocationStatus(revocation.Status),
            produced_at=_time(revocation.ProducedAt),
            this_update=_time(revocation.ThisUpdate),
            revocation_time=_time(revocation.RevocationTime) if revocation.RevocationTime else None,
            revocation_reason=str(revocation.RevocationReason)
            if revocation.RevocationReason
            else None,
        ),
    )


class ValidationClient:
    """Talks to the validation service at ``settings.url`` with the WSDL from resources."""

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self._service = build_service(settings, WSDL, BINDING)

    @classmethod
    def for_scenario(
        cls, scenario: Scenario, *, timeout: float = 30.0, proxy: str | None = None
    ) -> ValidationClient:
        return cls(ServiceSettings(scenario.validation_url, timeout, proxy))

    def validate(
        self,
        certificate: x509.Certificate,
        purpose: Purpose,
        *,
        at: datetime | None = None,
        chain: Sequence[x509.Certificate] = (),
    ) -> VerificationReport:
        der = serialization.Encoding.DER
        request: dict[str, Any] = {
            "Certificate": certificate.public_bytes(der),
            "ChainCertificate": [c.public_bytes(der) for c in chain],
            "Purpose": purpose.value,
        }
        if at is not None:
            request["ValidationTime"] = at
        return call(
            SERVICE,
            self.settings,
            "ValidateCertificate",
            lambda: _report(self._service.ValidateCertificate(**request)),
        )

    def check_recipient(self, recipient: Recipient) -> EncryptionVerdict:
        """Validate the recipient's encryption certificate now and decide."""
        report = self.validate(recipient.encryption_certificate, Purpose.ENCRYPTION)
        return encryption_verdict(report)

    def require_encryptable(self, recipient: Recipient) -> EncryptionVerdict:
        """As :meth:`check_recipient`, but raise :class:`EncryptionRefused` when refused."""
        verdict = self.check_recipient(recipient)
        if not verdict.allowed:
            logger.info("refusing to encrypt for %s: %s", recipient.safe_id, verdict.code)
            raise EncryptionRefused(
                recipient=recipient.display_name, code=verdict.code, reason=verdict.reason
            )
        return verdict

    def check_own_certificates(
        self,
        certificates: Sequence[OwnCertificate],
        *,
        now: datetime | None = None,
        warn_weeks: int = DEFAULT_WARN_WEEKS,
    ) -> tuple[OwnCertificateStatus, ...]:
        """Our certificates at start: expiry (locally, warning ``warn_weeks`` ahead) and the
        service's checks; a service failure is recorded, not raised."""
        moment = now or datetime.now(UTC)
        statuses = []
        for own in certificates:
            local, days = expiry_state(own.certificate, moment, timedelta(weeks=warn_weeks))
            report: VerificationReport | None = None
            error: ServiceError | None = None
            detail = ""
            try:
                report = self.validate(own.certificate, own.kind.purpose, at=moment)
            except ServiceError as exc:
                error = exc
            state = local
            if report is not None:
                state, detail = _own_state(own.kind, local, report)
            elif local in (OwnCertificateState.OK, OwnCertificateState.EXPIRES_SOON):
                detail = "Validierungsdienst nicht erreichbar, Sperrstatus unbekannt."
                state = OwnCertificateState.UNCHECKED if local is OwnCertificateState.OK else local
            message = _own_message(own.kind, own.certificate, state, days, detail)
            statuses.append(
                OwnCertificateStatus(own.kind, own.certificate, state, days, message, report, error)
            )
        return tuple(statuses)
