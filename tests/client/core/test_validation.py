"""The validation client against the real validation service (with its OCSP responder)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from client.core.directory import DirectoryClient, Recipient
from client.core.errors import EncryptionRefused, ServiceUnreachable, user_message
from client.core.soap import ServiceSettings
from client.core.validation import (
    CheckName,
    CheckResult,
    OwnCertificate,
    OwnCertificateKind,
    OwnCertificateState,
    Purpose,
    RevocationStatus,
    ValidationClient,
    encryption_verdict,
    expiry_state,
)
from profiles.scenarios import Catalogue
from testbed.pki import TestPki
from tests.helpers.services import free_port
from tests.testbed.support import running_directory, running_validation, session_pki


@pytest.fixture(scope="module")
def pki(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return session_pki(pytestconfig, tmp_path_factory)


@pytest.fixture(scope="module")
def validation(
    pki: TestPki, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ValidationClient]:
    with running_validation(tmp_path_factory.mktemp("validation"), pki) as (_s, _v, url):
        yield ValidationClient(ServiceSettings(url, timeout=5))


@pytest.fixture(scope="module")
def directory(pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DirectoryClient]:
    with running_directory(tmp_path_factory.mktemp("directory"), pki) as (_s, _d, url):
        yield DirectoryClient(ServiceSettings(url, timeout=5))


def _recipient(directory: DirectoryClient, pki: TestPki, label: str) -> Recipient:
    return directory.recipient(directory.get_entry(pki.mailbox(label).safe_id))


def test_report_is_typed(validation: ValidationClient, pki: TestPki) -> None:
    vhn = pki.mailbox("demo").vhn
    assert vhn is not None
    report = validation.validate(vhn.certificate, Purpose.VHN)
    assert report.overall is CheckResult.VALID
    assert report.purpose is Purpose.VHN
    assert {c.name for c in report.checks} == set(CheckName)
    assert report.problems == ()
    vhn_check = report.check(CheckName.VHN)
    assert vhn_check is not None
    assert vhn_check.code == "VHN_BEBPO"
    assert report.certificate.fingerprint_sha256 == vhn.fingerprint
    assert report.certificate.serial_number == f"{vhn.certificate.serial_number:x}"
    assert report.certificate.not_after == vhn.certificate.not_valid_after_utc
    assert report.trust_anchor is not None
    assert "Testbed beBPo VHN CA" in report.trust_anchor
    assert report.revocation is not None
    assert report.revocation.status is RevocationStatus.GOOD
    assert abs(report.validation_time - datetime.now(UTC)) < timedelta(minutes=1)


def test_revoked_recipient_is_refused_with_the_reason(
    validation: ValidationClient, directory: DirectoryClient, pki: TestPki
) -> None:
    recipient = _recipient(directory, pki, "test-widerrufen")
    with pytest.raises(EncryptionRefused) as caught:
        validation.require_encryptable(recipient)
    assert caught.value.code == "REVOKED"
    index = pki.verwaltung_ca.index()
    _status, revocation = index.status(pki.revoked.certificate.serial_number)
    assert revocation is not None
    assert f"seit {revocation.time:%d.%m.%Y} gesperrt" in caught.value.reason
    assert "keyCompromise" in caught.value.reason
    message = user_message(caught.value)
    assert message.title == "Verschlüsselung verweigert"
    assert "ZZ Testkonto widerrufenes Zertifikat" in message.text
    assert "nicht gesendet" in message.hint


def test_expired_recipient_is_refused(
    validation: ValidationClient, directory: DirectoryClient, pki: TestPki
) -> None:
    verdict = validation.check_recipient(_recipient(directory, pki, "test-abgelaufen"))
    assert not verdict.allowed
    assert verdict.code == "EXPIRED"
    not_after = pki.expired.certificate.not_valid_after_utc
    assert verdict.reason == f"Das Zertifikat ist seit {not_after:%d.%m.%Y} abgelaufen."


def test_self_signed_court_is_allowed_ca_issued_court_is_valid(
    validation: ValidationClient, directory: DirectoryClient, pki: TestPki
) -> None:
    self_signed = validation.require_encryptable(_recipient(directory, pki, "ag-mainz"))
    assert self_signed.allowed
    assert self_signed.code == "SELF_SIGNED"
    assert self_signed.report.overall is CheckResult.INDETERMINATE
    assert self_signed.warnings == ()
    ca_issued = validation.require_encryptable(_recipient(directory, pki, "olg-celle"))
    assert ca_issued.code == "VALID"
    assert ca_issued.report.overall is CheckResult.VALID


def test_weak_and_wrong_usage_are_refused(validation: ValidationClient, pki: TestPki) -> None:
    weak = encryption_verdict(validation.validate(pki.weak.certificate, Purpose.ENCRYPTION))
    assert not weak.allowed
    assert weak.code == "KEY_TOO_SHORT"
    assert "2048 Bit" in weak.reason
    usage = encryption_verdict(
        validation.validate(pki.intermediary_signature.certificate, Purpose.ENCRYPTION)
    )
    assert not usage.allowed
    assert usage.code == "KEY_USAGE_MISSING"


def test_unknown_issuer_is_not_valid_but_only_warned(
    validation: ValidationClient, pki: TestPki
) -> None:
    report = validation.validate(pki.foreign.certificate, Purpose.ENCRYPTION)
    assert report.overall is CheckResult.INDETERMINATE
    assert report.problems[0].code == "UNKNOWN_ISSUER"
    verdict = encryption_verdict(report)
    assert verdict.allowed
    assert verdict.code == "INDETERMINATE"
    assert any("Fremde Test-CA" in w for w in verdict.warnings)


def test_responder_down_gives_a_warning_not_a_pass(pki: TestPki, tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{free_port()}/ocsp"
    with running_validation(tmp_path / "v", pki, ocsp_url=dead) as (_s, _v, url):
        client = ValidationClient(ServiceSettings(url, timeout=5))
        verdict = encryption_verdict(
            client.validate(pki.mailbox("ag-hannover").cipher.certificate, Purpose.ENCRYPTION)
        )
    assert verdict.allowed
    assert verdict.code == "INDETERMINATE"
    assert verdict.warnings
    assert verdict.report.check(CheckName.REVOCATION) is not None


def test_validation_at_a_given_time(validation: ValidationClient, pki: TestPki) -> None:
    cert = pki.expired_vhn.certificate
    now = validation.validate(cert, Purpose.SIGNATURE)
    assert now.overall is CheckResult.INVALID
    then = validation.validate(cert, Purpose.SIGNATURE, at=cert.not_valid_after_utc - timedelta(1))
    assert then.overall is CheckResult.VALID
    assert then.validation_time == cert.not_valid_after_utc - timedelta(1)


# ---------------------------------------------------------------------- own certificates


def _own(pki: TestPki, label: str = "demo") -> list[OwnCertificate]:
    mailbox = pki.mailbox(label)
    assert mailbox.vhn is not None
    return [
        OwnCertificate(OwnCertificateKind.MAILBOX, mailbox.cipher.certificate),
        OwnCertificate(OwnCertificateKind.VHN, mailbox.vhn.certificate),
    ]


def test_own_certificates_ok(validation: ValidationClient, pki: TestPki) -> None:
    mailbox, vhn = validation.check_own_certificates(_own(pki))
    assert mailbox.state is OwnCertificateState.OK
    assert vhn.state is OwnCertificateState.OK
    assert not mailbox.needs_attention
    assert mailbox.report is not None
    assert mailbox.report.certificate.self_signed
    until = pki.mailbox("demo").cipher.certificate.not_valid_after_utc
    assert mailbox.message == f"Das Postfachzertifikat ist gültig bis {until:%d.%m.%Y}."


def test_own_certificates_warn_weeks_ahead(validation: ValidationClient, pki: TestPki) -> None:
    own = _own(pki)
    vhn_end = own[1].certificate.not_valid_after_utc
    statuses = validation.check_own_certificates(
        own, now=vhn_end - timedelta(days=20), warn_weeks=4
    )
    vhn = statuses[1]
    assert vhn.state is OwnCertificateState.EXPIRES_SOON
    assert vhn.days_left == 20
    assert "läuft in 20 Tagen ab" in vhn.message
    assert vhn.needs_attention
    later = validation.check_own_certificates(own, now=vhn_end + timedelta(days=2))[1]
    assert later.state is OwnCertificateState.EXPIRED
    assert "abgelaufen" in later.message


def test_own_revoked_vhn(validation: ValidationClient, pki: TestPki) -> None:
    status = validation.check_own_certificates(
        [OwnCertificate(OwnCertificateKind.VHN, pki.revoked_vhn.certificate)]
    )[0]
    assert status.state is OwnCertificateState.REVOKED
    assert "gesperrt" in status.message


def test_own_certificates_without_the_service(pki: TestPki) -> None:
    client = ValidationClient(ServiceSettings(f"http://127.0.0.1:{free_port()}/v", timeout=2))
    own = _own(pki)
    mailbox, vhn = client.check_own_certificates(own)
    assert mailbox.state is OwnCertificateState.UNCHECKED
    assert isinstance(mailbox.service_error, ServiceUnreachable)
    assert "Sperrstatus unbekannt" in mailbox.message
    # The expiry warning does not need the service.
    soon = client.check_own_certificates(
        own, now=own[1].certificate.not_valid_after_utc - timedelta(days=3)
    )[1]
    assert soon.state is OwnCertificateState.EXPIRES_SOON
    assert soon.service_error is not None
    with pytest.raises(ServiceUnreachable):
        client.validate(own[0].certificate, Purpose.ENCRYPTION)
    assert vhn.report is None


def test_expiry_state_boundaries(pki: TestPki) -> None:
    cert = pki.mailbox("demo").cipher.certificate
    end = cert.not_valid_after_utc
    warn = timedelta(weeks=6)
    assert expiry_state(cert, end - timedelta(weeks=7), warn)[0] is OwnCertificateState.OK
    assert expiry_state(cert, end - timedelta(weeks=6), warn)[0] is (
        OwnCertificateState.EXPIRES_SOON
    )
    assert expiry_state(cert, end, warn)[0] is OwnCertificateState.EXPIRED
    before = cert.not_valid_before_utc - timedelta(seconds=1)
    assert expiry_state(cert, before, warn)[0] is OwnCertificateState.NOT_YET_VALID


def test_for_scenario_uses_the_scenario_url(base_dir: Path) -> None:
    scenario = Catalogue.load(base_dir).resolve("DEMO")
    client = ValidationClient.for_scenario(scenario)
    assert client.settings.url == scenario.validation_url
