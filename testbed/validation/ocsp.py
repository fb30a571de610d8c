"""The testbed's OCSP responder (RFC 6960) and the matching client side of the validation service.

Responder: DER request in, DER response out, signed by the delegated responder certificate of the
CA the request names (id-kp-OCSPSigning, ocsp-nocheck); status from the CA's index file, re-read
when it changes, so a revocation with ``python -m testbed pki revoke`` shows at once. A nonce in
the request is echoed. CertIDs hashed with SHA-1 are refused (``unauthorized``): CONVENTIONS.md
allows no SHA-1, and our own client never sends one.

Client (:func:`query`): builds a request with a nonce, POSTs it over HTTP and checks the answer
fully — the responder is authorised by the issuing CA, its signature verifies, the nonce and the
CertID match, and the answer is fresh — before it believes the status.
"""

from __future__ import annotations

import logging
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID

from testbed.pki import Authority, Credential, TestPki
from testbed.pki.revocation import CaIndexReader, CertStatus

logger = logging.getLogger(__name__)

CONTENT_TYPE_REQUEST = "application/ocsp-request"
CONTENT_TYPE_RESPONSE = "application/ocsp-response"
ALLOWED_CERTID_HASHES = (hashes.SHA256, hashes.SHA384, hashes.SHA512)
NEXT_UPDATE = timedelta(hours=1)
CLOCK_SKEW = timedelta(minutes=5)


def public_key_bits(key: object) -> bytes:
    """The contents of the subjectPublicKey BIT STRING (what CertID's issuerKeyHash hashes)."""
    if isinstance(key, rsa.RSAPublicKey):
        return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)
    if isinstance(key, ec.EllipticCurvePublicKey):
        return key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    raise TypeError(f"unsupported issuer key {type(key).__name__}")


def _digest(algorithm: hashes.HashAlgorithm, data: bytes) -> bytes:
    h = hashes.Hash(algorithm)
    h.update(data)
    return h.finalize()


@dataclass
class _Served:
    authority: Authority
    responder: Credential
    index: CaIndexReader


class OcspResponder:
    """Answers for every CA of the PKI that has a delegated responder certificate."""

    def __init__(self, pki: TestPki) -> None:
        self._served = [
            _Served(a, a.ocsp, CaIndexReader(a.index_path))
            for a in pki.authorities
            if a.ocsp is not None
        ]

    def _find(self, request: ocsp.OCSPRequest) -> _Served | None:
        for served in self._served:
            ca = served.authority.certificate
            name_hash = _digest(request.hash_algorithm, ca.subject.public_bytes())
            key_hash = _digest(request.hash_algorithm, public_key_bits(ca.public_key()))
            if name_hash == request.issuer_name_hash and key_hash == request.issuer_key_hash:
                return served
        return None

    def respond(self, data: bytes) -> bytes:
        try:
            request = ocsp.load_der_ocsp_request(data)
        except ValueError:
            logger.info("OCSP: malformed request")
            return _unsuccessful(ocsp.OCSPResponseStatus.MALFORMED_REQUEST)
        except NotImplementedError:
            # cryptography reads one CertID per request; clients send one certificate each.
            logger.info("OCSP: request for several certificates refused")
            return _unsuccessful(ocsp.OCSPResponseStatus.MALFORMED_REQUEST)
        if not isinstance(request.hash_algorithm, ALLOWED_CERTID_HASHES):
            logger.info("OCSP: CertID hash %s refused", request.hash_algorithm.name)
            return _unsuccessful(ocsp.OCSPResponseStatus.UNAUTHORIZED)
        served = self._find(request)
        if served is None:
            logger.info("OCSP: serial %x of an unknown issuer", request.serial_number)
            return _unsuccessful(ocsp.OCSPResponseStatus.UNAUTHORIZED)
        status, revocation = served.index.current().status(request.serial_number)
        now = datetime.now(UTC).replace(microsecond=0)
        responder = served.responder
        builder = (
            ocsp.OCSPResponseBuilder()
            .add_response_by_hash(
                issuer_name_hash=request.issuer_name_hash,
                issuer_key_hash=request.issuer_key_hash,
                serial_number=request.serial_number,
                algorithm=request.hash_algorithm,
                cert_status={
                    CertStatus.GOOD: ocsp.OCSPCertStatus.GOOD,
                    CertStatus.REVOKED: ocsp.OCSPCertStatus.REVOKED,
                    CertStatus.UNKNOWN: ocsp.OCSPCertStatus.UNKNOWN,
                }[status],
                this_update=now,
                next_update=now + NEXT_UPDATE,
                revocation_time=revocation.time if revocation else None,
                revocation_reason=revocation.reason if revocation else None,
            )
            .responder_id(ocsp.OCSPResponderEncoding.HASH, responder.certificate)
            .certificates([responder.certificate])
        )
        try:
            nonce = request.extensions.get_extension_for_class(x509.OCSPNonce).value
            builder = builder.add_extension(nonce, critical=False)
        except x509.ExtensionNotFound:
            pass
        response = builder.sign(responder.key, hashes.SHA256())
        logger.info(
            "OCSP: %s serial %x: %s", served.authority.label, request.serial_number, status.value
        )
        return response.public_bytes(serialization.Encoding.DER)

    def http(self, data: bytes) -> tuple[int, str, bytes]:
        """The raw HTTP endpoint: always 200 with an OCSP response, as RFC 6960 A.1 says."""
        return 200, CONTENT_TYPE_RESPONSE, self.respond(data)


def _unsuccessful(status: ocsp.OCSPResponseStatus) -> bytes:
    response = ocsp.OCSPResponseBuilder.build_unsuccessful(status)
    return response.public_bytes(serialization.Encoding.DER)


# ---------------------------------------------------------------------- the client side


class OcspFailure(Exception):
    """No trustworthy answer: the status stays indeterminate."""

    def __init__(self, *, code: str, reason: str) -> None:
        self.code = code
        self.reason = reason
        super().__init__(f"{code}: {reason}")


@dataclass(frozen=True)
class OcspAnswer:
    status: CertStatus
    responder: str
    produced_at: datetime
    this_update: datetime
    revocation_time: datetime | None
    revocation_reason: str | None


def _post(url: str, body: bytes, timeout: float) -> bytes:
    # No proxies from the environment: the responder is configured, nothing else is contacted.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(  # noqa: S310 - the URL comes from the service's configuration
        url, data=body, method="POST", headers={"Content-Type": CONTENT_TYPE_REQUEST}
    )
    try:
        with opener.open(request, timeout=timeout) as reply:
            if reply.headers.get_content_type() != CONTENT_TYPE_RESPONSE:
                raise OcspFailure(code="OCSP_UNAVAILABLE", reason="Antwort ist keine OCSP-Antwort")
            return bytes(reply.read(64 * 1024))
    except (urllib.error.URLError, OSError) as exc:
        raise OcspFailure(
            code="OCSP_UNAVAILABLE", reason=f"Responder nicht erreichbar ({exc})"
        ) from exc


def _signature_ok(response: ocsp.OCSPResponse, signer: x509.Certificate) -> bool:
    key = signer.public_key()
    algorithm = response.signature_hash_algorithm
    try:
        if isinstance(key, rsa.RSAPublicKey) and algorithm is not None:
            key.verify(
                response.signature, response.tbs_response_bytes, padding.PKCS1v15(), algorithm
            )
            return True
        if isinstance(key, ec.EllipticCurvePublicKey) and algorithm is not None:
            key.verify(response.signature, response.tbs_response_bytes, ec.ECDSA(algorithm))
            return True
    except InvalidSignature:
        return False
    return False


def _authorised(candidate: x509.Certificate, issuer: x509.Certificate) -> bool:
    """The CA itself, or a responder certificate it issued for OCSP signing (RFC 6960 §4.2.2.2)."""
    if candidate == issuer:
        return True
    try:
        candidate.verify_directly_issued_by(issuer)
        usage = candidate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except (ValueError, TypeError, InvalidSignature, x509.ExtensionNotFound):
        return False
    return ExtendedKeyUsageOID.OCSP_SIGNING in usage


def _signer(response: ocsp.OCSPResponse, issuer: x509.Certificate) -> x509.Certificate:
    """The authorised certificate whose key verifies the response's signature."""
    for candidate in [*response.certificates, issuer]:
        if _authorised(candidate, issuer) and _signature_ok(response, candidate):
            return candidate
    raise OcspFailure(
        code="OCSP_INVALID",
        reason="OCSP-Antwort nicht von der CA oder einem von ihr beauftragten Responder signiert",
    )


def query(
    url: str,
    cert: x509.Certificate,
    issuer: x509.Certificate,
    *,
    timeout: float = 5.0,
    now: datetime | None = None,
) -> OcspAnswer:
    """Ask ``url`` about ``cert`` and return the verified answer (or raise OcspFailure)."""
    nonce = os.urandom(16)
    request = (
        ocsp.OCSPRequestBuilder()
        .add_certificate(cert, issuer, hashes.SHA256())
        .add_extension(x509.OCSPNonce(nonce), critical=False)
        .build()
    )
    raw = _post(url, request.public_bytes(serialization.Encoding.DER), timeout)
    try:
        response = ocsp.load_der_ocsp_response(raw)
    except ValueError as exc:
        raise OcspFailure(code="OCSP_INVALID", reason="OCSP-Antwort nicht lesbar") from exc
    if response.response_status is not ocsp.OCSPResponseStatus.SUCCESSFUL:
        raise OcspFailure(
            code="OCSP_UNAVAILABLE",
            reason=f"Responder antwortet {response.response_status.name}",
        )
    signer = _signer(response, issuer)
    produced = response.produced_at_utc
    if not signer.not_valid_before_utc <= produced <= signer.not_valid_after_utc:
        raise OcspFailure(code="OCSP_INVALID", reason="Responder-Zertifikat war nicht gültig")
    try:
        echoed = response.extensions.get_extension_for_class(x509.OCSPNonce).value.nonce
    except x509.ExtensionNotFound:
        echoed = None
    if echoed != nonce:
        raise OcspFailure(code="OCSP_INVALID", reason="Nonce der OCSP-Antwort passt nicht")
    single = next(iter(response.responses), None)
    if single is None or single.serial_number != cert.serial_number:
        raise OcspFailure(
            code="OCSP_INVALID", reason="OCSP-Antwort betrifft ein anderes Zertifikat"
        )
    moment = now or datetime.now(UTC)
    if single.this_update_utc > moment + CLOCK_SKEW or (
        single.next_update_utc is not None and single.next_update_utc < moment - CLOCK_SKEW
    ):
        raise OcspFailure(code="OCSP_INVALID", reason="OCSP-Antwort ist nicht aktuell")
    status = {
        ocsp.OCSPCertStatus.GOOD: CertStatus.GOOD,
        ocsp.OCSPCertStatus.REVOKED: CertStatus.REVOKED,
        ocsp.OCSPCertStatus.UNKNOWN: CertStatus.UNKNOWN,
    }[single.certificate_status]
    reason = single.revocation_reason
    return OcspAnswer(
        status=status,
        responder=url,
        produced_at=produced,
        this_update=single.this_update_utc,
        revocation_time=single.revocation_time_utc,
        revocation_reason=reason.value if reason is not None else None,
    )
