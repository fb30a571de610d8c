"""The validation service's SOAP operation (``resources/wsdl/validation.wsdl``)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from lxml import etree

from profiles.paths import resource_dir
from testbed._soap import SoapEndpoint, SoapFault
from testbed.validation.validator import (
    Purpose,
    Report,
    Validator,
    fingerprint,
    is_self_signed,
    key_description,
    signature_algorithm,
)

NS = "urn:bebpo:validierungsdienst:v1"
PATH = "/validierungsdienst"

Clock = Callable[[], datetime]


def q(local: str) -> str:
    return f"{{{NS}}}{local}"


def _sub(parent: etree._Element, local: str, text: str) -> etree._Element:
    child = etree.SubElement(parent, q(local))
    child.text = text
    return child


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _certificate(text: str | None, field: str) -> x509.Certificate:
    try:
        der = base64.b64decode("".join((text or "").split()), validate=True)
        return x509.load_der_x509_certificate(der)
    except ValueError as exc:
        raise SoapFault(
            code="CERTIFICATE_UNREADABLE",
            text=f"{field} ist kein lesbares X.509-Zertifikat (DER)",
            field=field,
        ) from exc


def _now() -> datetime:
    return datetime.now(UTC)


class ValidationService:
    def __init__(self, validator: Validator, clock: Clock = _now) -> None:
        self.validator = validator
        self.clock = clock

    def endpoint(self, wsdl_dir: Path | None = None) -> SoapEndpoint:
        folder = wsdl_dir or resource_dir() / "wsdl"
        return SoapEndpoint(
            path=PATH,
            wsdl=folder / "validation.wsdl",
            xsd=folder / "validation.xsd",
            namespace=NS,
            operations={"ValidateCertificateRequest": self.validate_certificate},
            max_request_bytes=512 * 1024,
        )

    def validate_certificate(self, request: etree._Element) -> etree._Element:
        cert = _certificate(request.findtext(q("Certificate")), "Certificate")
        extra = [
            _certificate(e.text, "ChainCertificate") for e in request.findall(q("ChainCertificate"))
        ]
        purpose = Purpose(request.findtext(q("Purpose")))
        when = request.findtext(q("ValidationTime"))
        at = self.clock()
        if when:
            try:
                at = datetime.fromisoformat(when.strip())
            except ValueError as exc:
                raise SoapFault(
                    code="INVALID_REQUEST", text="ValidationTime ist kein Zeitpunkt"
                ) from exc
            if at.tzinfo is None:
                at = at.replace(tzinfo=UTC)
        report = self.validator.validate(cert, extra, purpose, at)
        response = etree.Element(q("ValidateCertificateResponse"), nsmap={"tns": NS})
        render(response, report)
        return response


def render(parent: etree._Element, report: Report) -> None:
    root = etree.SubElement(parent, q("VerificationReport"))
    _sub(root, "OverallResult", report.overall.value)
    _sub(root, "Purpose", report.purpose.value)
    _sub(root, "ValidationTime", _iso(report.time))
    cert = report.certificate
    info = etree.SubElement(root, q("Certificate"))
    algorithm, size = key_description(cert)
    _sub(info, "Subject", cert.subject.rfc4514_string())
    _sub(info, "Issuer", cert.issuer.rfc4514_string())
    _sub(info, "SerialNumber", f"{cert.serial_number:x}")
    _sub(info, "NotBefore", _iso(cert.not_valid_before_utc))
    _sub(info, "NotAfter", _iso(cert.not_valid_after_utc))
    _sub(info, "KeyAlgorithm", algorithm)
    _sub(info, "KeySize", str(size))
    _sub(info, "SignatureAlgorithm", signature_algorithm(cert))
    _sub(info, "FingerprintSha256", fingerprint(cert))
    _sub(info, "SelfSigned", "true" if is_self_signed(cert) else "false")
    for item in report.chain:
        _sub(root, "ChainCertificate", item.subject.rfc4514_string())
    if report.anchor is not None:
        _sub(root, "TrustAnchor", report.anchor.certificate.subject.rfc4514_string())
    for check in report.checks:
        element = etree.SubElement(root, q("Check"))
        _sub(element, "Name", check.name)
        _sub(element, "Result", check.result.value)
        _sub(element, "Code", check.code)
        _sub(element, "Text", check.text)
    answer = report.revocation
    if answer is not None:
        element = etree.SubElement(root, q("Revocation"))
        _sub(element, "Method", "OCSP")
        _sub(element, "Responder", answer.responder)
        _sub(element, "Status", answer.status.name)
        _sub(element, "ProducedAt", _iso(answer.produced_at))
        _sub(element, "ThisUpdate", _iso(answer.this_update))
        if answer.revocation_time is not None:
            _sub(element, "RevocationTime", _iso(answer.revocation_time))
        if answer.revocation_reason is not None:
            _sub(element, "RevocationReason", answer.revocation_reason)
