"""Certificate validation: chain, validity, algorithms, key size, key usage, revocation, VHN.

The rules are in ``resources/wsdl/validation.xsd``. What matters most: a certificate is only
VALID when every check is; an issuer we do not know makes it INDETERMINATE, never VALID; a
self-signed mailbox certificate (as EGVP makes them) cannot be chained or checked for revocation,
so it is INDETERMINATE with the code SELF_SIGNED — its trust comes from the directory entry.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from testbed.pki.revocation import CertStatus
from testbed.validation.ocsp import OcspAnswer, OcspFailure

MAX_DEPTH = 5
MIN_BITS = {"ENCRYPTION": 3072, "SIGNATURE": 2048, "VHN": 2048}
MIN_EC_BITS = 256
WEAK_HASHES = (hashes.MD5, hashes.SHA1)


class Purpose(enum.Enum):
    ENCRYPTION = "ENCRYPTION"
    SIGNATURE = "SIGNATURE"
    VHN = "VHN"


class Result(enum.Enum):
    VALID = "VALID"
    INVALID = "INVALID"
    INDETERMINATE = "INDETERMINATE"


@dataclass(frozen=True)
class TrustAnchor:
    certificate: x509.Certificate
    role: str  # vhn-bebpo, vhn-justiz, verwaltung, extra
    ocsp_url: str | None


@dataclass(frozen=True)
class Check:
    name: str
    result: Result
    code: str
    text: str


@dataclass(frozen=True)
class Report:
    purpose: Purpose
    time: datetime
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]
    anchor: TrustAnchor | None
    checks: tuple[Check, ...]
    revocation: OcspAnswer | None

    @property
    def overall(self) -> Result:
        results = {c.result for c in self.checks}
        if Result.INVALID in results:
            return Result.INVALID
        if Result.INDETERMINATE in results:
            return Result.INDETERMINATE
        return Result.VALID


OcspQuery = Callable[[str, x509.Certificate, x509.Certificate], OcspAnswer]


def _date(moment: datetime) -> str:
    return f"{moment:%d.%m.%Y %H:%M} UTC"


def _subject(cert: x509.Certificate) -> str:
    return cert.subject.rfc4514_string()


def is_self_signed(cert: x509.Certificate) -> bool:
    if cert.subject != cert.issuer:
        return False
    try:
        cert.verify_directly_issued_by(cert)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


@dataclass
class _Chain:
    path: list[x509.Certificate] = field(default_factory=list)  # intermediates, leaf excluded
    anchor: TrustAnchor | None = None
    check: Check | None = None


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        return False
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return constraints.ca
    return constraints.ca and usage.key_cert_sign


class Validator:
    def __init__(self, anchors: Sequence[TrustAnchor], ocsp_query: OcspQuery) -> None:
        self.anchors = tuple(anchors)
        self.ocsp_query = ocsp_query

    def _anchor_for(self, cert: x509.Certificate) -> TrustAnchor | None:
        for anchor in self.anchors:
            if anchor.certificate == cert:
                return anchor
        return None

    def _chain(self, cert: x509.Certificate, extra: Sequence[x509.Certificate]) -> _Chain:
        own = self._anchor_for(cert)
        if own is not None:
            return _Chain(
                anchor=own,
                check=Check(
                    "CHAIN",
                    Result.VALID,
                    "TRUST_ANCHOR",
                    "Das Zertifikat ist selbst ein Vertrauensanker",
                ),
            )
        if is_self_signed(cert):
            return _Chain(
                check=Check(
                    "CHAIN",
                    Result.INDETERMINATE,
                    "SELF_SIGNED",
                    "Selbstsigniertes Zertifikat: keine Kette zu einem Vertrauensanker; "
                    "vertrauenswürdig nur über den Eintrag im Verzeichnisdienst",
                )
            )
        chain = _Chain()
        current = cert
        for _depth in range(MAX_DEPTH):
            candidates = [a.certificate for a in self.anchors] + list(extra)
            named = [c for c in candidates if c.subject == current.issuer and c != current]
            if not named:
                chain.check = Check(
                    "CHAIN",
                    Result.INDETERMINATE,
                    "UNKNOWN_ISSUER",
                    f"Aussteller „{current.issuer.rfc4514_string()}“ ist kein bekannter "
                    "Vertrauensanker",
                )
                return chain
            if isinstance(current.signature_hash_algorithm, WEAK_HASHES):
                chain.check = Check(
                    "CHAIN",
                    Result.INVALID,
                    "WEAK_SIGNATURE_ALGORITHM",
                    "Eine Signatur der Kette verwendet ein unsicheres Verfahren und wird nicht "
                    "anerkannt",
                )
                return chain
            issuer = next((c for c in named if _issued_by(current, c)), None)
            if issuer is None:
                chain.check = Check(
                    "CHAIN",
                    Result.INVALID,
                    "BAD_SIGNATURE",
                    "Die Signatur des Ausstellers ist ungültig",
                )
                return chain
            if not _is_ca(issuer):
                chain.check = Check(
                    "CHAIN",
                    Result.INVALID,
                    "ISSUER_NOT_CA",
                    f"„{_subject(issuer)}“ darf keine Zertifikate ausstellen",
                )
                return chain
            anchor = self._anchor_for(issuer)
            if anchor is not None:
                limit = issuer.extensions.get_extension_for_class(x509.BasicConstraints).value
                if limit.path_length is not None and len(chain.path) > limit.path_length:
                    chain.check = Check(
                        "CHAIN",
                        Result.INVALID,
                        "PATH_TOO_LONG",
                        "Die Kette ist länger als der Vertrauensanker erlaubt",
                    )
                    return chain
                chain.anchor = anchor
                chain.check = Check(
                    "CHAIN",
                    Result.VALID,
                    "TRUSTED",
                    f"Kette zum Vertrauensanker „{_subject(issuer)}“",
                )
                return chain
            chain.path.append(issuer)
            current = issuer
        chain.check = Check(
            "CHAIN",
            Result.INDETERMINATE,
            "PATH_TOO_LONG",
            "Keine Kette innerhalb von fünf Stufen gefunden",
        )
        return chain

    def validate(
        self,
        cert: x509.Certificate,
        extra: Sequence[x509.Certificate],
        purpose: Purpose,
        at: datetime,
    ) -> Report:
        chain = self._chain(cert, extra)
        assert chain.check is not None  # noqa: S101 - _chain always decides
        checks = [chain.check, _validity(cert, chain, at), _algorithms(cert, chain)]
        checks += [_key_size(cert, purpose), _key_usage(cert, purpose)]
        revocation_check, answer = self._revocation(cert, chain, at)
        checks.append(revocation_check)
        if purpose is Purpose.VHN:
            checks.append(_vhn(chain))
        path = tuple(chain.path) + ((chain.anchor.certificate,) if chain.anchor else ())
        return Report(purpose, at, cert, path, chain.anchor, tuple(checks), answer)

    def _revocation(
        self, cert: x509.Certificate, chain: _Chain, at: datetime
    ) -> tuple[Check, OcspAnswer | None]:
        assert chain.check is not None  # noqa: S101
        if chain.check.code == "TRUST_ANCHOR":
            return Check(
                "REVOCATION",
                Result.VALID,
                "TRUST_ANCHOR",
                "Vertrauensanker werden nicht gesperrt geprüft",
            ), None
        if chain.check.code == "SELF_SIGNED":
            return Check(
                "REVOCATION",
                Result.INDETERMINATE,
                "NO_REVOCATION_SERVICE",
                "Für selbstsignierte Zertifikate gibt es keinen Sperrdienst",
            ), None
        if chain.anchor is None:
            return Check(
                "REVOCATION",
                Result.INDETERMINATE,
                "NOT_CHECKED",
                "Ohne gültige Kette keine Sperrprüfung",
            ), None
        if chain.anchor.ocsp_url is None:
            return Check(
                "REVOCATION",
                Result.INDETERMINATE,
                "NO_REVOCATION_SERVICE",
                "Für diesen Aussteller ist kein OCSP-Responder eingerichtet",
            ), None
        issuers = [*chain.path, chain.anchor.certificate]
        subjects = [cert, *chain.path]
        leaf_answer: OcspAnswer | None = None
        for subject, issuer in zip(subjects, issuers, strict=True):
            try:
                answer = self.ocsp_query(chain.anchor.ocsp_url, subject, issuer)
            except OcspFailure as exc:
                return Check("REVOCATION", Result.INDETERMINATE, exc.code, exc.reason), leaf_answer
            if leaf_answer is None:
                leaf_answer = answer
            verdict = _status_check(answer, at, subject is cert)
            if verdict.result is not Result.VALID:
                return verdict, leaf_answer
        assert leaf_answer is not None  # noqa: S101
        return _status_check(leaf_answer, at, True), leaf_answer


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _status_check(answer: OcspAnswer, at: datetime, leaf: bool) -> Check:
    which = "Das Zertifikat" if leaf else "Ein Zertifikat der Kette"
    if answer.status is CertStatus.GOOD:
        return Check(
            "REVOCATION", Result.VALID, "GOOD", f"OCSP: nicht gesperrt ({answer.responder})"
        )
    if answer.status is CertStatus.UNKNOWN:
        return Check(
            "REVOCATION",
            Result.INDETERMINATE,
            "OCSP_UNKNOWN",
            f"OCSP: {which} ist dem Responder unbekannt",
        )
    assert answer.revocation_time is not None  # noqa: S101 - REVOKED always has a time
    reason = f", Grund {answer.revocation_reason}" if answer.revocation_reason else ""
    if answer.revocation_time <= at:
        return Check(
            "REVOCATION",
            Result.INVALID,
            "REVOKED",
            f"{which} ist gesperrt seit {_date(answer.revocation_time)}{reason}",
        )
    return Check(
        "REVOCATION",
        Result.VALID,
        "REVOKED_LATER",
        f"Zum Prüfzeitpunkt nicht gesperrt (gesperrt erst ab "
        f"{_date(answer.revocation_time)}{reason})",
    )


def _validity(cert: x509.Certificate, chain: _Chain, at: datetime) -> Check:
    for item in [cert, *chain.path, *([chain.anchor.certificate] if chain.anchor else [])]:
        which = "Das Zertifikat" if item is cert else f"Das Ausstellerzertifikat „{_subject(item)}“"
        if at < item.not_valid_before_utc:
            return Check(
                "VALIDITY",
                Result.INVALID,
                "NOT_YET_VALID",
                f"{which} gilt erst ab {_date(item.not_valid_before_utc)}",
            )
        if at > item.not_valid_after_utc:
            code = "EXPIRED" if item is cert else "CHAIN_EXPIRED"
            return Check(
                "VALIDITY",
                Result.INVALID,
                code,
                f"{which} ist seit {_date(item.not_valid_after_utc)} abgelaufen",
            )
    return Check(
        "VALIDITY",
        Result.VALID,
        "IN_PERIOD",
        f"Gültig von {_date(cert.not_valid_before_utc)} bis {_date(cert.not_valid_after_utc)}",
    )


def _algorithms(cert: x509.Certificate, chain: _Chain) -> Check:
    for item in [cert, *chain.path]:
        algorithm = item.signature_hash_algorithm
        if isinstance(algorithm, WEAK_HASHES):
            return Check(
                "ALGORITHM",
                Result.INVALID,
                "WEAK_SIGNATURE_ALGORITHM",
                f"Unsicheres Signaturverfahren ({algorithm.name}) in der Kette",
            )
    return Check(
        "ALGORITHM", Result.VALID, "ACCEPTED", f"Signaturverfahren {signature_algorithm(cert)}"
    )


def signature_algorithm(cert: x509.Certificate) -> str:
    """A readable name such as ``RSA-PSS/SHA-512`` or ``RSA/SHA-256``."""
    digest = cert.signature_hash_algorithm
    hash_name = digest.name.upper().replace("SHA", "SHA-") if digest else "?"
    parameters = cert.signature_algorithm_parameters
    if isinstance(parameters, padding.PSS):
        return f"RSA-PSS/{hash_name}"
    if isinstance(parameters, padding.PKCS1v15):
        return f"RSA/{hash_name}"
    if isinstance(parameters, ec.ECDSA):
        return f"ECDSA/{hash_name}"
    return cert.signature_algorithm_oid.dotted_string


def key_description(cert: x509.Certificate) -> tuple[str, int]:
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        return "RSA", key.key_size
    if isinstance(key, ec.EllipticCurvePublicKey):
        return f"EC {key.curve.name}", key.key_size
    return type(key).__name__, 0


def _key_size(cert: x509.Certificate, purpose: Purpose) -> Check:
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        need = MIN_BITS[purpose.value]
        if key.key_size < need:
            return Check(
                "KEY_SIZE",
                Result.INVALID,
                "KEY_TOO_SHORT",
                f"RSA-Schlüssel mit {key.key_size} Bit, verlangt sind mindestens {need} Bit",
            )
        return Check(
            "KEY_SIZE", Result.VALID, "SUFFICIENT", f"RSA-Schlüssel mit {key.key_size} Bit"
        )
    if isinstance(key, ec.EllipticCurvePublicKey) and purpose is not Purpose.ENCRYPTION:
        if key.key_size < MIN_EC_BITS:
            return Check(
                "KEY_SIZE",
                Result.INVALID,
                "KEY_TOO_SHORT",
                f"EC-Schlüssel mit {key.key_size} Bit ist zu kurz",
            )
        return Check("KEY_SIZE", Result.VALID, "SUFFICIENT", f"EC-Schlüssel mit {key.key_size} Bit")
    return Check(
        "KEY_SIZE",
        Result.INVALID,
        "UNSUPPORTED_KEY",
        "Schlüsseltyp für diesen Zweck nicht zulässig (OSCI verschlüsselt mit RSA-OAEP)",
    )


def _key_usage(cert: x509.Certificate, purpose: Purpose) -> Check:
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return Check(
            "KEY_USAGE", Result.VALID, "UNRESTRICTED", "Keine Einschränkung der Schlüsselverwendung"
        )
    if purpose is Purpose.ENCRYPTION:
        if usage.key_encipherment:
            return Check(
                "KEY_USAGE",
                Result.VALID,
                "KEY_ENCIPHERMENT",
                "Verschlüsselung erlaubt (keyEncipherment)",
            )
        return Check(
            "KEY_USAGE",
            Result.INVALID,
            "KEY_USAGE_MISSING",
            "Das Zertifikat erlaubt keine Verschlüsselung (keyEncipherment fehlt)",
        )
    if usage.digital_signature or usage.content_commitment:
        return Check(
            "KEY_USAGE",
            Result.VALID,
            "SIGNATURE",
            "Signatur erlaubt (digitalSignature/nonRepudiation)",
        )
    return Check(
        "KEY_USAGE", Result.INVALID, "KEY_USAGE_MISSING", "Das Zertifikat erlaubt keine Signatur"
    )


def _vhn(chain: _Chain) -> Check:
    if chain.anchor is None:
        return Check(
            "VHN", Result.INDETERMINATE, "NOT_CHECKED", "Ohne gültige Kette kein Herkunftsnachweis"
        )
    if chain.anchor.role == "vhn-bebpo":
        return Check(
            "VHN",
            Result.VALID,
            "VHN_BEBPO",
            "Herkunftsnachweis eines besonderen elektronischen Behördenpostfachs",
        )
    if chain.anchor.role == "vhn-justiz":
        return Check("VHN", Result.VALID, "VHN_JUSTIZ", "Herkunftsnachweis der Justiz")
    return Check(
        "VHN",
        Result.INVALID,
        "NOT_A_VHN_CA",
        "Das Zertifikat stammt nicht von einer VHN-Zertifizierungsstelle",
    )


def fingerprint(cert: x509.Certificate) -> str:
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()
