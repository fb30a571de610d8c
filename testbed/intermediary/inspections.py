"""Certificate inspections for the Laufzettel (osci.md §10, §14.3 step 9).

One :class:`~osci.model.Inspection` per certificate of a delivery. MathResult is the check of the
certificate's own signature (issuer's key, or its own key when self-signed); OfflineResult is the
validity period plus a known issuer; OnlineResult comes from the test PKI's revocation lists
(CA-issued certificates only: a self-signed mailbox certificate has nobody to ask). The VHN CAs of
the test PKI make a certificate ``advanced``, everything else is ``unknown`` — as the beBPo
OSCI-Manager reports VHN and self-signed mailbox certificates.

Findings map to Feedback codes per role: expired certificates give 3xxx warnings, revoked ones
give 97xx errors where OSCI defines a refusal (client signature, recipient and reader cipher).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.exceptions import InvalidSignature

from osci.certs import Kind, Role, der
from osci.model import (
    CertificateEntry,
    CertType,
    Inspection,
    MathResult,
    OfflineResult,
    OnlineResult,
    Timestamp,
)
from testbed.pki import Authority, CaRole, CertStatus, TestPki

VHN_ROLES = frozenset({CaRole.VHN_BEBPO, CaRole.VHN_JUSTIZ})

# (role, kind) -> (warning when not valid in time, error when revoked or None: only reported)
_CODES: dict[tuple[Role, Kind], tuple[str, str | None]] = {
    (Role.ORIGINATOR, Kind.SIGNATURE): ("3700", "9701"),
    (Role.ORIGINATOR, Kind.CIPHER): ("3500", None),
    (Role.AUTHOR, Kind.SIGNATURE): ("3701", None),
    (Role.AUTHOR, Kind.CIPHER): ("3704", "9705"),
    (Role.ADDRESSEE, Kind.CIPHER): ("3705", "9707"),
    (Role.READER, Kind.CIPHER): ("3706", "9709"),
}
REVOKED_AUTHOR_SIGNATURE_WARNING = "3703"


@dataclass(frozen=True)
class Finding:
    """A Feedback code an inspection calls for (warning 3xxx or error 9xxx)."""

    code: str
    role: Role
    kind: Kind

    @property
    def is_error(self) -> bool:
        return self.code.startswith("9")


@dataclass(frozen=True)
class InspectionResult:
    inspections: tuple[Inspection, ...]
    findings: tuple[Finding, ...]

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.code for f in self.findings if not f.is_error))

    @property
    def error(self) -> Finding | None:
        return next((f for f in self.findings if f.is_error), None)


class Inspector:
    """Checks certificates against the test PKI (its CAs and revocation lists)."""

    def __init__(self, pki: TestPki | None) -> None:
        self._authorities: tuple[Authority, ...] = () if pki is None else pki.authorities

    def _issuer(self, cert: x509.Certificate) -> Authority | None:
        for authority in self._authorities:
            if authority.certificate.subject == cert.issuer:
                return authority
        return None

    def inspect(self, entries: Sequence[CertificateEntry], now: datetime) -> InspectionResult:
        inspections: list[Inspection] = []
        findings: list[Finding] = []
        seen: set[bytes] = set()
        for entry in entries:
            inspection = self.inspect_one(entry.certificate, now)
            findings.extend(_findings(entry, inspection))
            # EGVP repeats the addressee as reader: one line per certificate is enough.
            encoded = der(entry.certificate)
            if encoded not in seen:
                seen.add(encoded)
                inspections.append(inspection)
        return InspectionResult(tuple(inspections), tuple(dict.fromkeys(findings)))

    def inspect_one(self, cert: x509.Certificate, now: datetime) -> Inspection:
        in_time = cert.not_valid_before_utc <= now <= cert.not_valid_after_utc
        authority = None if cert.issuer == cert.subject else self._issuer(cert)
        issuer_cert = cert if cert.issuer == cert.subject else None
        if authority is not None:
            issuer_cert = authority.certificate
        math = MathResult.INDETERMINATE
        if issuer_cert is not None:
            math = MathResult.OK if _signed_by(cert, issuer_cert) else MathResult.CORRUPTED
        if not in_time or math is MathResult.CORRUPTED:
            offline = OfflineResult.INVALID
        elif issuer_cert is None or (authority is not None and not authority.trust_anchor):
            offline = OfflineResult.INDETERMINATE
        else:
            offline = OfflineResult.VALID
        online = None
        if authority is not None and authority.trust_anchor:
            status, _ = authority.index().status(cert.serial_number)
            if status is CertStatus.REVOKED:
                online = OnlineResult.REVOKED
            elif status is CertStatus.GOOD:
                online = OnlineResult.OK
        vhn = authority is not None and authority.role in VHN_ROLES
        return Inspection(
            timestamp=Timestamp(plain=now),
            subject=cert.subject.rfc4514_string(),
            issuer=cert.issuer.rfc4514_string(),
            serial=cert.serial_number,
            cert_type=CertType.ADVANCED if vhn else CertType.UNKNOWN,
            math=math,
            offline=offline,
            online=online,
        )


def _signed_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def _findings(entry: CertificateEntry, inspection: Inspection) -> list[Finding]:
    codes = _CODES.get((entry.role, entry.kind))
    if codes is None:
        return []
    expired_code, revoked_code = codes
    found = []
    if inspection.offline is OfflineResult.INVALID:
        found.append(Finding(expired_code, entry.role, entry.kind))
    if inspection.online is OnlineResult.REVOKED:
        if revoked_code is not None:
            found.append(Finding(revoked_code, entry.role, entry.kind))
        elif (entry.role, entry.kind) == (Role.AUTHOR, Kind.SIGNATURE):
            found.append(Finding(REVOKED_AUTHOR_SIGNATURE_WARNING, entry.role, entry.kind))
    return found
