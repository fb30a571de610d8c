"""The OCSP responder over real HTTP, and the checks its client side makes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.x509 import ocsp as x509_ocsp

from testbed._soap import RawEndpoint, ServiceServer
from testbed.pki import CertStatus, TestPki
from testbed.validation.ocsp import CONTENT_TYPE_REQUEST, OcspFailure, query
from testbed.validation.server import OCSP_PATH, ocsp_server
from tests.helpers.services import free_port
from tests.testbed.support import pki_copy, session_pki


@pytest.fixture(scope="module")
def pki(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return session_pki(pytestconfig, tmp_path_factory)


@pytest.fixture
def own_pki(pki: TestPki, tmp_path: Path) -> TestPki:
    return pki_copy(pki, tmp_path / "pki")


@pytest.fixture
def responder(own_pki: TestPki) -> Iterator[str]:
    server = ocsp_server(own_pki).start()
    try:
        yield server.url(OCSP_PATH)
    finally:
        server.stop()


def _raw(url: str, body: bytes) -> x509_ocsp.OCSPResponse:
    answer = requests.post(
        url, data=body, headers={"Content-Type": CONTENT_TYPE_REQUEST}, timeout=5
    )
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/ocsp-response"
    return x509_ocsp.load_der_ocsp_response(answer.content)


def _request(
    cert: x509.Certificate, issuer: x509.Certificate, algorithm: hashes.HashAlgorithm
) -> bytes:
    built = x509_ocsp.OCSPRequestBuilder().add_certificate(cert, issuer, algorithm).build()
    return built.public_bytes(serialization.Encoding.DER)


def test_good_revoked_and_unknown(own_pki: TestPki, responder: str) -> None:
    ca = own_pki.vhn_ca_bebpo.certificate
    demo_vhn = own_pki.mailbox("demo").vhn
    assert demo_vhn is not None
    good = query(responder, demo_vhn.certificate, ca)
    assert good.status is CertStatus.GOOD
    assert good.revocation_time is None
    revoked = query(responder, own_pki.revoked_vhn.certificate, ca)
    assert revoked.status is CertStatus.REVOKED
    assert revoked.revocation_reason == "keyCompromise"
    assert revoked.revocation_time is not None
    assert revoked.revocation_time < datetime.now(UTC)
    # A serial this CA never issued: the Justiz VHN's serial, asked of the beBPo VHN CA.
    justiz_vhn = own_pki.mailbox("demo-gericht").vhn
    assert justiz_vhn is not None
    forged = (
        x509_ocsp.OCSPRequestBuilder()
        .add_certificate_by_hash(
            issuer_name_hash=_hash(ca.subject.public_bytes()),
            issuer_key_hash=_hash(_key_bits(ca)),
            serial_number=justiz_vhn.certificate.serial_number,
            algorithm=hashes.SHA256(),
        )
        .build()
    )
    unknown = _raw(responder, forged.public_bytes(serialization.Encoding.DER))
    assert unknown.response_status is x509_ocsp.OCSPResponseStatus.SUCCESSFUL
    assert unknown.certificate_status is x509_ocsp.OCSPCertStatus.UNKNOWN


def _hash(data: bytes) -> bytes:
    digest = hashes.Hash(hashes.SHA256())
    digest.update(data)
    return digest.finalize()


def _key_bits(cert: x509.Certificate) -> bytes:
    return cert.public_key().public_bytes(  # type: ignore[union-attr]
        serialization.Encoding.DER, serialization.PublicFormat.PKCS1
    )


def test_response_is_signed_by_the_delegated_responder(own_pki: TestPki, responder: str) -> None:
    authority = own_pki.verwaltung_ca
    cert = own_pki.mailbox("ag-hannover").cipher.certificate
    response = _raw(responder, _request(cert, authority.certificate, hashes.SHA256()))
    assert response.response_status is x509_ocsp.OCSPResponseStatus.SUCCESSFUL
    assert response.certificate_status is x509_ocsp.OCSPCertStatus.GOOD
    assert response.serial_number == cert.serial_number
    assert authority.ocsp is not None
    assert response.certificates == [authority.ocsp.certificate]
    authority.ocsp.certificate.public_key().verify(  # type: ignore[union-attr]
        response.signature,
        response.tbs_response_bytes,
        padding.PKCS1v15(),
        response.signature_hash_algorithm,  # type: ignore[arg-type]
    )
    assert response.next_update_utc is not None
    assert response.next_update_utc - response.this_update_utc == timedelta(hours=1)


def test_a_revocation_shows_while_the_responder_runs(own_pki: TestPki, responder: str) -> None:
    court = own_pki.mailbox("olg-celle").cipher
    issuer = own_pki.verwaltung_ca.certificate
    assert query(responder, court.certificate, issuer).status is CertStatus.GOOD
    own_pki.revoke(court.label, reason=x509.ReasonFlags.cessation_of_operation)
    answer = query(responder, court.certificate, issuer)
    assert answer.status is CertStatus.REVOKED
    assert answer.revocation_reason == "cessationOfOperation"


@pytest.mark.parametrize(
    ("body_kind", "status"),
    [
        ("garbage", x509_ocsp.OCSPResponseStatus.MALFORMED_REQUEST),
        ("sha1", x509_ocsp.OCSPResponseStatus.UNAUTHORIZED),
        ("foreign", x509_ocsp.OCSPResponseStatus.UNAUTHORIZED),
    ],
)
def test_unsuccessful_answers(
    own_pki: TestPki, responder: str, body_kind: str, status: object
) -> None:
    if body_kind == "garbage":
        body = b"\x30\x03\x02\x01\x00"
    elif body_kind == "sha1":
        demo = own_pki.mailbox("demo").vhn
        assert demo is not None
        body = _request(demo.certificate, own_pki.vhn_ca_bebpo.certificate, hashes.SHA1())  # noqa: S303 - must be refused
    else:
        body = _request(
            own_pki.foreign.certificate, own_pki.foreign_ca.certificate, hashes.SHA256()
        )
    assert _raw(responder, body).response_status is status


def test_client_refuses_answers_it_cannot_trust(own_pki: TestPki) -> None:
    # A "responder" that answers with a response signed by a key the CA never authorised.
    demo = own_pki.mailbox("demo").vhn
    assert demo is not None
    ca = own_pki.vhn_ca_bebpo.certificate
    impostor = own_pki.intermediary_signature

    def forged(data: bytes) -> tuple[int, str, bytes]:
        request = x509_ocsp.load_der_ocsp_request(data)
        nonce = request.extensions.get_extension_for_class(x509.OCSPNonce).value
        now = datetime.now(UTC)
        response = (
            x509_ocsp.OCSPResponseBuilder()
            .add_response(
                cert=demo.certificate, issuer=ca, algorithm=hashes.SHA256(),
                cert_status=x509_ocsp.OCSPCertStatus.GOOD, this_update=now, next_update=None,
                revocation_time=None, revocation_reason=None,
            )
            .responder_id(x509_ocsp.OCSPResponderEncoding.HASH, impostor.certificate)
            .certificates([impostor.certificate])
            .add_extension(nonce, critical=False)
            .sign(impostor.key, hashes.SHA256())
        )  # fmt: skip
        return 200, "application/ocsp-response", response.public_bytes(serialization.Encoding.DER)

    server = ServiceServer([], [RawEndpoint("/ocsp", CONTENT_TYPE_REQUEST, forged)]).start()
    try:
        with pytest.raises(OcspFailure) as caught:
            query(server.url("/ocsp"), demo.certificate, ca)
    finally:
        server.stop()
    assert caught.value.code == "OCSP_INVALID"


def test_client_reports_an_unreachable_responder(own_pki: TestPki) -> None:
    demo = own_pki.mailbox("demo").vhn
    assert demo is not None
    url = f"http://127.0.0.1:{free_port()}/ocsp"
    with pytest.raises(OcspFailure) as caught:
        query(url, demo.certificate, own_pki.vhn_ca_bebpo.certificate, timeout=1)
    assert caught.value.code == "OCSP_UNAVAILABLE"
