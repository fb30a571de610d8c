"""What the administrator has put into a working directory, and what is still missing or wrong.

The client shows this when a working directory is added or opened, so the user is told exactly
which files to put where. Without PINs a PKCS#12 file can only be found, not opened; with a PIN
its certificate is checked as well (validity, key size, key usage).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12

from profiles.paths import WorkdirPaths
from profiles.scenarios import Scenario

MAILBOX_KEY_NAMES = ("postfach.p12", "postfach.pfx")
VHN_KEY_NAMES = ("vhn.p12", "vhn.pfx")
VHN_CERT_NAMES = ("vhn.pem", "vhn.crt", "vhn.cer")
MIN_CIPHER_RSA_BITS = 3072
MIN_SIGNATURE_RSA_BITS = 2048
EXPIRY_WARNING = timedelta(days=42)


class FileKind(enum.Enum):
    SCENARIO = "scenario"
    MAILBOX_KEY = "mailbox_key"
    VHN = "vhn"
    INTERMEDIARY_CIPHER = "intermediary_cipher"
    INTERMEDIARY_SIGNATURE = "intermediary_signature"


class ProblemCode(enum.Enum):
    MISSING = "missing"
    UNREADABLE = "unreadable"
    WRONG_PIN = "wrong_pin"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    EXPIRES_SOON = "expires_soon"
    KEY_TOO_SMALL = "key_too_small"
    NOT_RSA = "not_rsa"
    WRONG_KEY_USAGE = "wrong_key_usage"
    NO_PRIVATE_KEY = "no_private_key"
    NEEDS_PIN = "needs_pin"


# German source texts; the GUI translates the template, then fills in the parameters.
_TEMPLATES: dict[ProblemCode, str] = {
    ProblemCode.MISSING: "Die Datei fehlt. Legen Sie sie als {expected} in den Ordner {folder}.",
    ProblemCode.UNREADABLE: "Die Datei {file} kann nicht gelesen werden: {reason}",
    ProblemCode.WRONG_PIN: "Die PIN für {file} ist falsch.",
    ProblemCode.NOT_YET_VALID: "Das Zertifikat in {file} ist erst ab {date} gültig.",
    ProblemCode.EXPIRED: "Das Zertifikat in {file} ist am {date} abgelaufen.",
    ProblemCode.EXPIRES_SOON: (
        "Das Zertifikat in {file} läuft am {date} ab. Bitte rechtzeitig erneuern."
    ),
    ProblemCode.KEY_TOO_SMALL: (
        "Der RSA-Schlüssel in {file} hat {bits} Bit; für {purpose} sind mindestens {minimum} Bit "
        "vorgeschrieben."
    ),
    ProblemCode.NOT_RSA: "Der Schlüssel in {file} ist kein RSA-Schlüssel.",
    ProblemCode.WRONG_KEY_USAGE: (
        "Das Zertifikat in {file} ist nicht für {purpose} freigegeben "
        "(Schlüsselverwendung {usage})."
    ),
    ProblemCode.NO_PRIVATE_KEY: "Die Datei {file} enthält keinen privaten Schlüssel.",
    ProblemCode.NEEDS_PIN: (
        "Die Datei {file} ist vorhanden; sie wird beim Entsperren mit der PIN geprüft."
    ),
}

BLOCKING = frozenset(ProblemCode) - {ProblemCode.EXPIRES_SOON, ProblemCode.NEEDS_PIN}


@dataclass(frozen=True)
class Problem:
    code: ProblemCode
    params: dict[str, str] = field(default_factory=dict)

    @property
    def template(self) -> str:
        return _TEMPLATES[self.code]

    @property
    def text(self) -> str:
        return self.template.format(**self.params)

    @property
    def blocking(self) -> bool:
        return self.code in BLOCKING


@dataclass(frozen=True)
class FileStatus:
    kind: FileKind
    label: str
    path: Path | None
    problems: tuple[Problem, ...]

    @property
    def present(self) -> bool:
        return self.path is not None

    @property
    def ok(self) -> bool:
        return self.present and not any(p.blocking for p in self.problems)


@dataclass(frozen=True)
class WorkdirStatus:
    workdir: Path
    files: tuple[FileStatus, ...]

    @property
    def ready(self) -> bool:
        return all(f.ok for f in self.files)

    @property
    def missing(self) -> tuple[FileStatus, ...]:
        return tuple(f for f in self.files if not f.present)

    @property
    def wrong(self) -> tuple[FileStatus, ...]:
        return tuple(f for f in self.files if f.present and not f.ok)

    def lines(self) -> list[str]:
        """A German summary, one line per file, for the CLI and logs."""
        out = []
        for f in self.files:
            state = "in Ordnung" if f.ok else ("fehlt" if not f.present else "fehlerhaft")
            out.append(f"{f.label}: {state}")
            out.extend(f"  – {p.text}" for p in f.problems)
        return out


@dataclass(frozen=True)
class Pins:
    """PINs are only held in memory for the check and never stored by this module."""

    mailbox: str | None = None
    vhn: str | None = None


def inspect(
    paths: WorkdirPaths,
    scenario: Scenario,
    *,
    pins: Pins | None = None,
    now: datetime | None = None,
) -> WorkdirStatus:
    when = now or datetime.now(UTC)
    pins = pins or Pins()
    checks = [
        _scenario_status(paths),
        _mailbox_status(paths, pins.mailbox, when),
        _vhn_status(paths, pins.vhn, when),
        _cert_status(
            paths,
            FileKind.INTERMEDIARY_CIPHER,
            "Verschlüsselungszertifikat des Intermediärs",
            scenario.intermediary_cipher_certificate,
            _CIPHER,
            when,
        ),
    ]
    if scenario.intermediary_signature_certificate:
        checks.append(
            _cert_status(
                paths,
                FileKind.INTERMEDIARY_SIGNATURE,
                "Signaturzertifikat des Intermediärs",
                scenario.intermediary_signature_certificate,
                _SIGNATURE,
                when,
            )
        )
    return WorkdirStatus(paths.root, tuple(checks))


@dataclass(frozen=True)
class _Purpose:
    name: str
    min_bits: int
    usages: tuple[str, ...]


_CIPHER = _Purpose("die Verschlüsselung", MIN_CIPHER_RSA_BITS, ("key_encipherment",))
_SIGNATURE = _Purpose(
    "die Signatur", MIN_SIGNATURE_RSA_BITS, ("digital_signature", "content_commitment")
)


def _scenario_status(paths: WorkdirPaths) -> FileStatus:
    # A shipped scenario needs no file; a dropped one is already parsed by the catalogue.
    label = "Szenario-Datei"
    if paths.scenario_file.exists():
        return FileStatus(FileKind.SCENARIO, label, paths.scenario_file, ())
    return FileStatus(FileKind.SCENARIO, label + " (mitgeliefert)", paths.root, ())


def _first(folder: Path, names: Sequence[str]) -> Path | None:
    for name in names:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def _missing(kind: FileKind, label: str, paths: WorkdirPaths, expected: str) -> FileStatus:
    params = {"expected": expected, "folder": str(paths.keys)}
    return FileStatus(kind, label, None, (Problem(ProblemCode.MISSING, params),))


def _mailbox_status(paths: WorkdirPaths, pin: str | None, now: datetime) -> FileStatus:
    kind, label = FileKind.MAILBOX_KEY, "Postfachschlüssel (PKCS#12)"
    found = _first(paths.keys, MAILBOX_KEY_NAMES)
    if found is None:
        return _missing(kind, label, paths, MAILBOX_KEY_NAMES[0])
    return FileStatus(kind, label, found, tuple(_pkcs12_problems(found, pin, _CIPHER, now)))


def _vhn_status(paths: WorkdirPaths, pin: str | None, now: datetime) -> FileStatus:
    kind, label = FileKind.VHN, "VHN-Zertifikat (Herkunftsnachweis)"
    p12 = _first(paths.keys, VHN_KEY_NAMES)
    if p12 is not None:
        return FileStatus(kind, label, p12, tuple(_pkcs12_problems(p12, pin, _SIGNATURE, now)))
    cert_file = _first(paths.keys, VHN_CERT_NAMES)
    if cert_file is None:
        return _missing(kind, label, paths, f"{VHN_KEY_NAMES[0]} oder {VHN_CERT_NAMES[0]}")
    return FileStatus(
        kind, label, cert_file, tuple(_cert_file_problems(cert_file, _SIGNATURE, now))
    )


def _cert_status(
    paths: WorkdirPaths, kind: FileKind, label: str, name: str, purpose: _Purpose, now: datetime
) -> FileStatus:
    found = _first(paths.keys, (name,))
    if found is None:
        return _missing(kind, label, paths, name)
    return FileStatus(kind, label, found, tuple(_cert_file_problems(found, purpose, now)))


def load_certificate_file(path: Path) -> x509.Certificate:
    data = path.read_bytes()
    if b"-----BEGIN CERTIFICATE-----" in data:
        return x509.load_pem_x509_certificate(data)
    return x509.load_der_x509_certificate(data)


def _cert_file_problems(path: Path, purpose: _Purpose, now: datetime) -> list[Problem]:
    try:
        cert = load_certificate_file(path)
    except (OSError, ValueError) as exc:
        return [Problem(ProblemCode.UNREADABLE, {"file": path.name, "reason": str(exc)})]
    return certificate_problems(cert, path.name, purpose, now)


def _pkcs12_problems(
    path: Path, pin: str | None, purpose: _Purpose, now: datetime
) -> list[Problem]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [Problem(ProblemCode.UNREADABLE, {"file": path.name, "reason": str(exc)})]
    if pin is None:
        return [Problem(ProblemCode.NEEDS_PIN, {"file": path.name})]
    try:
        key, cert, _ = pkcs12.load_key_and_certificates(data, pin.encode("utf-8"))
    except ValueError:
        return [Problem(ProblemCode.WRONG_PIN, {"file": path.name})]
    if key is None:
        return [Problem(ProblemCode.NO_PRIVATE_KEY, {"file": path.name})]
    if cert is None:
        return [Problem(ProblemCode.UNREADABLE, {"file": path.name, "reason": "kein Zertifikat"})]
    return certificate_problems(cert, path.name, purpose, now)


def certificate_problems(
    cert: x509.Certificate, file: str, purpose: _Purpose, now: datetime
) -> list[Problem]:
    problems = list(_validity_problems(cert, file, now))
    key = cert.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        problems.append(Problem(ProblemCode.NOT_RSA, {"file": file}))
    elif key.key_size < purpose.min_bits:
        params = {
            "file": file,
            "bits": str(key.key_size),
            "purpose": purpose.name,
            "minimum": str(purpose.min_bits),
        }
        problems.append(Problem(ProblemCode.KEY_TOO_SMALL, params))
    usage = _key_usage(cert)
    if usage is not None and not any(usage.get(u, False) for u in purpose.usages):
        enabled = ", ".join(sorted(k for k, v in usage.items() if v)) or "keine"
        params = {"file": file, "purpose": purpose.name, "usage": enabled}
        problems.append(Problem(ProblemCode.WRONG_KEY_USAGE, params))
    return problems


def _validity_problems(cert: x509.Certificate, file: str, now: datetime) -> list[Problem]:
    start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    if now < start:
        return [Problem(ProblemCode.NOT_YET_VALID, {"file": file, "date": _date(start)})]
    if now > end:
        return [Problem(ProblemCode.EXPIRED, {"file": file, "date": _date(end)})]
    if end - now < EXPIRY_WARNING:
        return [Problem(ProblemCode.EXPIRES_SOON, {"file": file, "date": _date(end)})]
    return []


def _key_usage(cert: x509.Certificate) -> dict[str, bool] | None:
    try:
        ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return None  # no extension: every usage is allowed (RFC 5280 §4.2.1.3)
    return {
        "digital_signature": ku.digital_signature,
        "content_commitment": ku.content_commitment,
        "key_encipherment": ku.key_encipherment,
        "data_encipherment": ku.data_encipherment,
        "key_agreement": ku.key_agreement,
    }


def _date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%d.%m.%Y")
