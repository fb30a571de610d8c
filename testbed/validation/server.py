"""Putting the validation service together: trust anchors, OCSP responder, HTTP server.

Trust anchors are the test PKI's anchored CAs (VHN CAs and the administration CA, each checked
against the testbed's OCSP responder) plus any PEM file an operator drops into
``<data>/anchors/`` (no revocation service for those: their certificates stay INDETERMINATE on
revocation, never VALID by omission).
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

from cryptography import x509

from profiles.paths import ensure_private_dir
from testbed._soap import RawEndpoint, ServiceServer
from testbed.pki import TestPki
from testbed.validation.ocsp import CONTENT_TYPE_REQUEST, OcspResponder, query
from testbed.validation.service import ValidationService
from testbed.validation.validator import TrustAnchor, Validator

logger = logging.getLogger(__name__)

OCSP_PATH = "/ocsp"
ANCHORS_FOLDER = "anchors"


def trust_anchors(pki: TestPki, ocsp_url: str, data: Path) -> list[TrustAnchor]:
    anchors = [TrustAnchor(a.certificate, a.role.value, ocsp_url) for a in pki.trust_anchors()]
    folder = data / ANCHORS_FOLDER
    for path in sorted(folder.glob("*.pem")) if folder.is_dir() else []:
        for cert in x509.load_pem_x509_certificates(path.read_bytes()):
            anchors.append(TrustAnchor(cert, "extra", None))
            logger.info("extra trust anchor %s from %s", cert.subject.rfc4514_string(), path)
    return anchors


def validation_server(
    data: Path,
    pki: TestPki,
    *,
    port: int = 0,
    ocsp_url: str | None = None,
    ocsp_timeout: float = 5.0,
) -> tuple[ServiceServer, ValidationService]:
    """Validation service and OCSP responder on one port (``/validierungsdienst``, ``/ocsp``).

    The service asks its responder over real HTTP, exactly as it would ask a CA's responder.
    """
    ensure_private_dir(data)
    responder = OcspResponder(pki)
    server = ServiceServer(
        [], [RawEndpoint(OCSP_PATH, CONTENT_TYPE_REQUEST, responder.http)], port=port
    )
    anchors = trust_anchors(pki, ocsp_url or server.url(OCSP_PATH), data)
    service = ValidationService(Validator(anchors, partial(query, timeout=ocsp_timeout)))
    server.add(service.endpoint())
    return server, service


def ocsp_server(pki: TestPki, *, port: int = 0) -> ServiceServer:
    """The OCSP responder alone (for an intermediary that checks certificates itself)."""
    responder = OcspResponder(pki)
    return ServiceServer(
        [], [RawEndpoint(OCSP_PATH, CONTENT_TYPE_REQUEST, responder.http)], port=port
    )
