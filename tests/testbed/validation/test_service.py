"""The validation service over real HTTP, asked by a zeep client built from the WSDL file."""

from __future__ import annotations

import base64
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import zeep
import zeep.exceptions
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from profiles.paths import resource_dir
from testbed.pki import Credential, TestPki
from tests.helpers.services import free_port
from tests.testbed.support import pki_copy, running_validation, session_pki

NS = "urn:bebpo:validierungsdienst:v1"
BINDING = f"{{{NS}}}ValidierungsdienstBinding"


@pytest.fixture(scope="module")
def pki(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return session_pki(pytestconfig, tmp_path_factory)


def _service(url: str) -> object:
    client = zeep.Client(str(resource_dir() / "wsdl" / "validation.wsdl"))
    return client.create_service(BINDING, url)


@pytest.fixture(scope="module")
def service(pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    with running_validation(tmp_path_factory.mktemp("validation"), pki) as (_s, _v, url):
        yield _service(url)


def _validate(service: object, cert: x509.Certificate | bytes, purpose: str, **extra: object):
    der = cert if isinstance(cert, bytes) else cert.public_bytes(serialization.Encoding.DER)
    return service.ValidateCertificate(Certificate=der, Purpose=purpose, **extra)  # type: ignore[attr-defined]


def _checks(report: object) -> dict[str, tuple[str, str]]:
    return {c.Name: (c.Result, c.Code) for c in report.Check}  # type: ignore[attr-defined]


def _vhn(pki: TestPki, label: str) -> Credential:
    credential = pki.mailbox(label).vhn
    assert credential is not None
    return credential


def test_a_good_vhn_is_valid_in_every_check(service: object, pki: TestPki) -> None:
    report = _validate(service, _vhn(pki, "demo").certificate, "VHN")
    assert report.OverallResult == "VALID"
    assert _checks(report) == {
        "CHAIN": ("VALID", "TRUSTED"),
        "VALIDITY": ("VALID", "IN_PERIOD"),
        "ALGORITHM": ("VALID", "ACCEPTED"),
        "KEY_SIZE": ("VALID", "SUFFICIENT"),
        "KEY_USAGE": ("VALID", "SIGNATURE"),
        "REVOCATION": ("VALID", "GOOD"),
        "VHN": ("VALID", "VHN_BEBPO"),
    }
    assert report.TrustAnchor == pki.vhn_ca_bebpo.certificate.subject.rfc4514_string()
    assert report.Certificate.SignatureAlgorithm == "RSA-PSS/SHA-512"
    assert report.Certificate.KeySize == 3072
    assert report.Certificate.SelfSigned is False
    assert report.Revocation.Status == "GOOD"
    assert report.Revocation.Responder.endswith("/ocsp")
    court = _validate(service, _vhn(pki, "demo-gericht").certificate, "VHN")
    assert _checks(court)["VHN"] == ("VALID", "VHN_JUSTIZ")


def test_revoked_is_reported_revoked_via_ocsp(service: object, pki: TestPki) -> None:
    report = _validate(service, pki.revoked_vhn.certificate, "SIGNATURE")
    assert report.OverallResult == "INVALID"
    assert _checks(report)["REVOCATION"] == ("INVALID", "REVOKED")
    assert report.Revocation.Status == "REVOKED"
    assert report.Revocation.RevocationReason == "keyCompromise"
    # Validated for a moment before the revocation, the same certificate was fine.
    revoked_at = report.Revocation.RevocationTime
    before = _validate(
        service, pki.revoked_vhn.certificate, "SIGNATURE",
        ValidationTime=revoked_at - timedelta(days=1),
    )  # fmt: skip
    assert before.OverallResult == "VALID"
    assert _checks(before)["REVOCATION"] == ("VALID", "REVOKED_LATER")
    mailbox = _validate(service, pki.revoked.certificate, "ENCRYPTION")
    assert _checks(mailbox)["REVOCATION"] == ("INVALID", "REVOKED")


def test_expired_is_invalid_but_was_valid_in_its_time(service: object, pki: TestPki) -> None:
    cert = pki.expired_vhn.certificate
    report = _validate(service, cert, "SIGNATURE")
    assert report.OverallResult == "INVALID"
    assert _checks(report)["VALIDITY"] == ("INVALID", "EXPIRED")
    back_then = _validate(
        service, cert, "SIGNATURE", ValidationTime=cert.not_valid_after_utc - timedelta(days=100)
    )
    assert back_then.OverallResult == "VALID"
    early = _validate(
        service, cert, "SIGNATURE", ValidationTime=cert.not_valid_before_utc - timedelta(days=1)
    )
    assert _checks(early)["VALIDITY"] == ("INVALID", "NOT_YET_VALID")


def test_unknown_issuer_is_indeterminate_not_valid(service: object, pki: TestPki) -> None:
    report = _validate(service, pki.foreign.certificate, "ENCRYPTION")
    assert report.OverallResult == "INDETERMINATE"
    assert _checks(report)["CHAIN"] == ("INDETERMINATE", "UNKNOWN_ISSUER")
    assert _checks(report)["REVOCATION"][0] == "INDETERMINATE"
    # Handing over the foreign CA as a chain certificate does not make it trusted.
    with_chain = _validate(
        service, pki.foreign.certificate, "ENCRYPTION",
        ChainCertificate=[pki.foreign_ca.credential.der],
    )  # fmt: skip
    assert with_chain.OverallResult == "INDETERMINATE"
    assert _checks(with_chain)["CHAIN"] == ("INDETERMINATE", "UNKNOWN_ISSUER")


def test_self_signed_mailbox_certificate(service: object, pki: TestPki) -> None:
    report = _validate(service, pki.mailbox("ag-koeln").cipher.certificate, "ENCRYPTION")
    assert report.OverallResult == "INDETERMINATE"
    checks = _checks(report)
    assert checks["CHAIN"] == ("INDETERMINATE", "SELF_SIGNED")
    assert checks["REVOCATION"] == ("INDETERMINATE", "NO_REVOCATION_SERVICE")
    assert checks["KEY_SIZE"] == ("VALID", "SUFFICIENT")
    assert checks["KEY_USAGE"] == ("VALID", "KEY_ENCIPHERMENT")
    assert report.Certificate.SelfSigned is True
    # A CA-issued Postfach certificate (Niedersachsen) validates fully.
    celle = _validate(service, pki.mailbox("olg-celle").cipher.certificate, "ENCRYPTION")
    assert celle.OverallResult == "VALID"


def test_key_size_and_usage_policies(service: object, pki: TestPki) -> None:
    weak = _validate(service, pki.weak.certificate, "ENCRYPTION")
    assert _checks(weak)["KEY_SIZE"] == ("INVALID", "KEY_TOO_SHORT")
    assert weak.OverallResult == "INVALID"
    # 2048 bits are enough for a signature certificate, not for encryption.
    weak_sig = _validate(service, pki.weak.certificate, "SIGNATURE")
    assert _checks(weak_sig)["KEY_SIZE"] == ("VALID", "SUFFICIENT")
    signature_only = _validate(service, pki.intermediary_signature.certificate, "ENCRYPTION")
    assert _checks(signature_only)["KEY_USAGE"] == ("INVALID", "KEY_USAGE_MISSING")
    cipher_only = _validate(service, pki.intermediary_cipher.certificate, "SIGNATURE")
    assert _checks(cipher_only)["KEY_USAGE"] == ("INVALID", "KEY_USAGE_MISSING")
    not_vhn = _validate(service, pki.intermediary_signature.certificate, "VHN")
    assert _checks(not_vhn)["VHN"] == ("INVALID", "NOT_A_VHN_CA")


def _forged(pki: TestPki, *, algorithm: hashes.HashAlgorithm) -> x509.Certificate:
    """A certificate that names the beBPo VHN CA as issuer but is signed by another key."""
    key = pki.weak.key
    ca = pki.vhn_ca_bebpo.certificate
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Fälschung")]))
        .issuer_name(ca.subject)
        .public_key(pki.mailbox("demo").cipher.key.public_key())
        .serial_number(4711)
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(key, algorithm)
    )


def test_a_forged_issuer_signature_is_invalid(service: object, pki: TestPki) -> None:
    report = _validate(service, _forged(pki, algorithm=hashes.SHA256()), "ENCRYPTION")
    assert report.OverallResult == "INVALID"
    assert _checks(report)["CHAIN"] == ("INVALID", "BAD_SIGNATURE")


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl command not installed")
def test_sha1_signed_certificates_are_invalid(
    service: object, pki: TestPki, tmp_path: Path
) -> None:
    # cryptography refuses to sign with SHA-1, so openssl plays the careless CA.
    issuer = pki.vhn_ca_bebpo.credential
    csr, cert_path = tmp_path / "sha1.csr", tmp_path / "sha1.pem"
    subprocess.run(
        ["openssl", "req", "-new", "-key", str(pki.weak.key_path), "-subj", "/CN=SHA-1",
         "-out", str(csr)],
        check=True, capture_output=True,
    )  # fmt: skip
    subprocess.run(
        ["openssl", "x509", "-req", "-in", str(csr), "-CA", str(issuer.cert_path),
         "-CAkey", str(issuer.key_path), "-sha1", "-days", "30", "-set_serial", "815",
         "-out", str(cert_path)],
        check=True, capture_output=True,
    )  # fmt: skip
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    report = _validate(service, cert, "SIGNATURE")
    assert _checks(report)["ALGORITHM"] == ("INVALID", "WEAK_SIGNATURE_ALGORITHM")
    assert _checks(report)["CHAIN"] == ("INVALID", "WEAK_SIGNATURE_ALGORITHM")
    assert report.OverallResult == "INVALID"


def test_unreadable_certificate_is_a_fault(service: object) -> None:
    with pytest.raises(zeep.exceptions.Fault) as caught:
        _validate(service, b"not a certificate", "ENCRYPTION")
    code = caught.value.detail.find(f".//{{{NS}}}Code")
    assert code is not None
    assert code.text == "CERTIFICATE_UNREADABLE"


def test_responder_down_leaves_revocation_indeterminate(pki: TestPki, tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{free_port()}/ocsp"
    with running_validation(tmp_path / "v", pki, ocsp_url=dead) as (_s, _v, url):
        report = _validate(_service(url), _vhn(pki, "demo").certificate, "VHN")
    assert report.OverallResult == "INDETERMINATE"
    assert _checks(report)["REVOCATION"] == ("INDETERMINATE", "OCSP_UNAVAILABLE")


def test_extra_trust_anchor_from_the_data_folder(pki: TestPki, tmp_path: Path) -> None:
    data = tmp_path / "v"
    (data / "anchors").mkdir(parents=True)
    (data / "anchors" / "fremd.pem").write_bytes(pki.foreign_ca.credential.pem)
    with running_validation(data, pki) as (_s, _v, url):
        report = _validate(_service(url), pki.foreign.certificate, "ENCRYPTION")
    assert _checks(report)["CHAIN"] == ("VALID", "TRUSTED")
    # No revocation service is known for an extra anchor: never VALID by omission.
    assert _checks(report)["REVOCATION"] == ("INDETERMINATE", "NO_REVOCATION_SERVICE")
    assert report.OverallResult == "INDETERMINATE"


def test_revocation_at_runtime_reaches_the_report(pki: TestPki, tmp_path: Path) -> None:
    own = pki_copy(pki, tmp_path / "pki")
    court = own.mailbox("ag-hannover").cipher
    with running_validation(tmp_path / "v", own) as (_s, _v, url):
        service = _service(url)
        assert _validate(service, court.certificate, "ENCRYPTION").OverallResult == "VALID"
        own.revoke(court.label)
        report = _validate(service, court.certificate, "ENCRYPTION")
    assert _checks(report)["REVOCATION"] == ("INVALID", "REVOKED")
    assert base64.b64encode(court.der)  # the DER the service was given is the PKI's
