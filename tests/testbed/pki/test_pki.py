"""The test PKI: a complete, consistent, reusable set with the profiles EGVP uses."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID

from testbed.pki import DEMO_PIN, MAILBOXES, CaRole, CertStatus, Kind, PkiError, TestPki
from tests.testbed.support import pki_copy, run_testbed, session_pki


@pytest.fixture(scope="module")
def pki(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return session_pki(pytestconfig, tmp_path_factory)


def _usage(cert: x509.Certificate) -> x509.KeyUsage:
    return cert.extensions.get_extension_for_class(x509.KeyUsage).value


def test_every_credential_has_its_files_and_matching_key(pki: TestPki) -> None:
    assert len(pki.mailboxes()) == len(MAILBOXES) >= 50
    for credential in pki.credentials:
        assert credential.cert_path.is_file()
        public = credential.key.public_key().public_numbers()
        assert public == credential.certificate.public_key().public_numbers(), credential.label
        assert (credential.p12_path is None) == (credential.pin is None)
        if credential.p12_path is not None:
            assert credential.p12_path.is_file()


@pytest.mark.parametrize(
    "label", ["demo", "demo-vhn", "ag-hannover", "intermediaer-signatur", "schwach", "fremd"]
)
def test_pkcs12_files_open_with_their_pin_only(pki: TestPki, label: str) -> None:
    # Loading a PKCS#12 checks the RSA key (~0.1 s), so one of each kind is opened here.
    credential = pki.credential(label)
    assert credential.p12_path is not None
    assert credential.pin is not None
    data = credential.p12_path.read_bytes()
    loaded = pkcs12.load_pkcs12(data, credential.pin.encode())
    assert loaded.cert is not None
    assert loaded.cert.certificate == credential.certificate
    assert loaded.cert.friendly_name == label.encode()
    assert [c.certificate for c in loaded.additional_certs] == list(credential.chain)
    with pytest.raises(ValueError, match="Invalid password"):
        pkcs12.load_pkcs12(data, b"wrong-pin")


def test_ca_issued_certificates_chain_to_their_ca(pki: TestPki) -> None:
    issued = [c for c in pki.credentials if c.issuer is not None]
    assert len(issued) > 10
    for credential in issued:
        issuer = pki.authority(credential.issuer or "").certificate
        credential.certificate.verify_directly_issued_by(issuer)
        assert credential.chain == (issuer,)


def test_mailbox_certificates_follow_the_egvp_profile(pki: TestPki) -> None:
    cert = pki.mailbox("ag-mainz").cipher.certificate
    key = cert.public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    assert key.key_size == 3072
    assert cert.issuer == cert.subject
    assert cert.not_valid_after_utc - cert.not_valid_before_utc == timedelta(days=3 * 365)
    usage = _usage(cert)
    assert usage.digital_signature
    assert usage.content_commitment
    assert usage.key_encipherment
    assert not usage.key_cert_sign
    eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert eku.critical
    assert ExtendedKeyUsageOID.SERVER_AUTH in eku.value
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    # Niedersachsen demands CA-issued Postfach certificates.
    assert pki.mailbox("ag-hannover").cipher.issuer == "verwaltung-ca"


def test_vhn_certificates_come_from_the_vhn_cas(pki: TestPki) -> None:
    demo = pki.mailbox("demo")
    court = pki.mailbox("demo-gericht")
    assert demo.vhn is not None
    assert court.vhn is not None
    assert demo.vhn.issuer == "vhn-ca-bebpo"
    assert court.vhn.issuer == "vhn-ca-justiz"
    assert pki.vhn_ca_bebpo.role is CaRole.VHN_BEBPO
    cert = demo.vhn.certificate
    assert isinstance(cert.signature_algorithm_parameters, padding.PSS)
    usage = _usage(cert)
    assert usage.digital_signature
    assert usage.content_commitment
    assert usage.key_encipherment
    assert usage.data_encipherment
    uid = cert.subject.get_attributes_for_oid(x509.NameOID.USER_ID)[0].value
    assert uid == demo.safe_id
    assert "besonderes elektronisches Behördenpostfach" in cert.subject.rfc4514_string()
    assert demo.vhn.pin == DEMO_PIN == demo.cipher.pin


def test_intermediary_and_ocsp_certificates(pki: TestPki) -> None:
    cipher, signature = pki.intermediary_cipher, pki.intermediary_signature
    assert cipher.cert_path.name == "intermediaer-verschluesselung.pem"  # as the demo scenario
    assert signature.cert_path.name == "intermediaer-signatur.pem"
    assert _usage(cipher.certificate).key_encipherment
    assert not _usage(cipher.certificate).digital_signature
    assert _usage(signature.certificate).digital_signature
    for authority in pki.trust_anchors():
        assert authority.ocsp is not None
        responder = authority.ocsp.certificate
        responder.verify_directly_issued_by(authority.certificate)
        eku = responder.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        assert ExtendedKeyUsageOID.OCSP_SIGNING in eku
        responder.extensions.get_extension_for_class(x509.OCSPNoCheck)
    assert not pki.foreign_ca.trust_anchor
    assert pki.foreign_ca.ocsp is None


def test_test_certificates_are_revoked_expired_weak_or_foreign(pki: TestPki) -> None:
    now = pki.anchor + timedelta(hours=12)
    assert pki.expired.certificate.not_valid_after_utc < now
    assert pki.expired_vhn.certificate.not_valid_after_utc < now
    for credential in (pki.revoked, pki.revoked_vhn):
        assert credential.certificate.not_valid_after_utc > now
        index = pki.authority(credential.issuer or "").index()
        status, revocation = index.status(credential.certificate.serial_number)
        assert status is CertStatus.REVOKED
        assert revocation is not None
        assert revocation.time < now
    weak_key = pki.weak.certificate.public_key()
    assert isinstance(weak_key, rsa.RSAPublicKey)
    assert weak_key.key_size == 2048
    assert pki.foreign.issuer == "fremd-ca"
    good = pki.mailbox("demo").vhn
    assert good is not None
    status, _ = pki.vhn_ca_bebpo.index().status(good.certificate.serial_number)
    assert status is CertStatus.GOOD
    assert pki.vhn_ca_bebpo.index().status(12345)[0] is CertStatus.UNKNOWN


def test_create_reuses_a_current_folder_byte_for_byte(pki: TestPki, tmp_path: Path) -> None:
    copy = tmp_path / "pki"
    shutil.copytree(pki.folder, copy)
    before = {p: p.read_bytes() for p in copy.rglob("*") if p.is_file() and "lock" not in p.name}
    again = TestPki.create(copy, now=pki.anchor + timedelta(days=1))
    after = {p: p.read_bytes() for p in copy.rglob("*") if p.is_file() and "lock" not in p.name}
    assert after == before
    assert again.anchor == pki.anchor


def test_same_key_cache_gives_the_same_certificates(pki: TestPki, tmp_path: Path) -> None:
    # Keys from the folder as cache; PKCS#1 v1.5 signatures are deterministic, so a new folder
    # made on the same anchor day holds identical self-signed and DOI-CA certificates.
    cache = tmp_path / "cache"
    cache.mkdir()
    for credential in pki.credentials:
        bits = credential.key.key_size
        shutil.copy(credential.key_path, cache / f"{credential.key_path.name[:-8]}-rsa{bits}.pem")
    other = TestPki.create(tmp_path / "other", key_cache=cache, now=pki.anchor + timedelta(hours=1))
    for label in ("ag-mainz", "ag-hannover", "intermediaer-verschluesselung"):
        assert other.credential(label).pem == pki.credential(label).pem


def test_an_old_folder_is_renewed_with_the_same_keys(pki: TestPki, tmp_path: Path) -> None:
    copy = pki_copy(pki, tmp_path / "pki")
    later = pki.anchor + timedelta(days=40)
    renewed = TestPki.create(copy.folder, now=later)
    assert renewed.anchor == later.replace(hour=0)
    old, new = pki.mailbox("demo").cipher, renewed.mailbox("demo").cipher
    assert new.certificate.serial_number != old.certificate.serial_number
    assert new.certificate.public_key() == old.certificate.public_key()
    assert new.certificate.not_valid_after_utc > old.certificate.not_valid_after_utc


def test_revoke_marks_the_index_and_refuses_self_signed(pki: TestPki, tmp_path: Path) -> None:
    copy = pki_copy(pki, tmp_path / "pki")
    court_vhn = copy.mailbox("demo-gericht").vhn
    assert court_vhn is not None
    revocation = copy.revoke(court_vhn.label, reason=x509.ReasonFlags.superseded)
    status, stored = copy.vhn_ca_justiz.index().status(court_vhn.certificate.serial_number)
    assert status is CertStatus.REVOKED
    assert stored == revocation
    assert revocation.time.tzinfo is UTC
    with pytest.raises(PkiError, match="self-signed"):
        copy.revoke("ag-mainz")
    # The session PKI is untouched.
    assert pki.vhn_ca_justiz.index().status(court_vhn.certificate.serial_number)[0] is (
        CertStatus.GOOD
    )


def test_load_refuses_an_incomplete_folder(pki: TestPki, tmp_path: Path) -> None:
    with pytest.raises(PkiError, match=r"no pki\.json"):
        TestPki.load(tmp_path)
    copy = pki_copy(pki, tmp_path / "pki")
    (copy.folder / "vhn" / "demo-vhn.p12").unlink()
    with pytest.raises(PkiError, match=r"demo-vhn\.p12"):
        TestPki.load(copy.folder)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl command not installed")
def test_openssl_reads_and_verifies_the_files(pki: TestPki) -> None:
    anchors = pki.folder / "ca" / "trust-anchors.pem"
    vhn = pki.mailbox("demo").vhn
    assert vhn is not None
    ok = subprocess.run(
        ["openssl", "verify", "-CAfile", str(anchors), str(vhn.cert_path),
         str(pki.mailbox("olg-celle").cipher.cert_path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    expired = subprocess.run(
        ["openssl", "verify", "-CAfile", str(anchors), str(pki.expired_vhn.cert_path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert expired.returncode != 0
    assert "expired" in expired.stdout + expired.stderr
    p12 = subprocess.run(
        ["openssl", "pkcs12", "-in", str(vhn.p12_path), "-passin", f"pass:{DEMO_PIN}",
         "-noout"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert p12.returncode == 0, p12.stderr


def test_cli_creates_lists_and_revokes(pki: TestPki, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(pki.folder, out)
    created = run_testbed("pki", "--out", str(out))
    assert created.returncode == 0, created.stderr
    assert f"{len(pki.credentials)} Zertifikate" in created.stdout
    listed = run_testbed("pki", "list", "--out", str(out))
    assert "demo-vhn" in listed.stdout
    assert f"PIN {DEMO_PIN}" in listed.stdout
    revoked = run_testbed("pki", "revoke", "demo-vhn", "--out", str(out))
    assert revoked.returncode == 0, revoked.stderr
    reloaded = TestPki.load(out)
    demo_vhn = reloaded.credential("demo-vhn")
    status, _ = reloaded.vhn_ca_bebpo.index().status(demo_vhn.certificate.serial_number)
    assert status is CertStatus.REVOKED
    refused = run_testbed("pki", "revoke", "ag-mainz", "--out", str(out))
    assert refused.returncode == 1
    assert "self-signed" in refused.stderr
    missing = run_testbed("pki", "list", "--out", str(tmp_path / "nothing"))
    assert missing.returncode == 1


def test_kinds_are_as_labelled(pki: TestPki) -> None:
    assert pki.credential("vhn-ca-bebpo").kind is Kind.CA
    assert pki.credential("demo").kind is Kind.MAILBOX
    assert pki.credential("demo-vhn").kind is Kind.VHN
    assert pki.weak.kind is Kind.TEST
