"""Putting the directory service together: store, seed, intermediary, HTTP server."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from testbed._soap import ServiceServer
from testbed.directory.seed import seed
from testbed.directory.service import DirectoryService, IntermediaryInfo
from testbed.directory.store import DirectoryStore
from testbed.pki import TestPki

logger = logging.getLogger(__name__)

# The intermediary of the shipped demo scenario (profiles/scenarios/demo.toml).
DEFAULT_INTERMEDIARY_URL = "http://127.0.0.1:47180/osci-manager-entry/externalentry"


def directory_service(
    data: Path, pki: TestPki, intermediary_url: str = DEFAULT_INTERMEDIARY_URL
) -> DirectoryService:
    store = DirectoryStore(data)
    added = seed(store, pki, datetime.now(UTC))
    if added:
        logger.info("directory in %s seeded with %d entries", data, added)
    intermediary = IntermediaryInfo(
        url=intermediary_url,
        cipher_certificate=pki.intermediary_cipher.der,
        signature_certificate=pki.intermediary_signature.der,
    )
    return DirectoryService(store, intermediary)


def directory_server(
    data: Path,
    pki: TestPki,
    *,
    port: int = 0,
    intermediary_url: str = DEFAULT_INTERMEDIARY_URL,
) -> tuple[ServiceServer, DirectoryService]:
    """A directory server on 127.0.0.1 (not yet serving: call ``start()`` or serve)."""
    service = directory_service(data, pki, intermediary_url)
    return ServiceServer([service.endpoint()], port=port), service
