"""The test PKI: certificate authorities (two VHN CAs, an administration CA, a foreign CA), the
intermediary's cipher and signature certificates, self-signed and CA-issued mailbox
certificates for every mailbox of the testbed world, VHN certificates, OCSP responder
certificates, and test certificates that are revoked, expired, too weak or foreign.

``TestPki.create(folder)`` makes or reuses the set; ``python -m testbed pki --out DIR`` does the
same from the command line. Decision record 0201 explains keys, reuse and validity.
"""

from __future__ import annotations

from testbed.pki.catalogue import MAILBOXES, Mailbox
from testbed.pki.generator import DEMO_PIN
from testbed.pki.model import Authority, CaRole, Credential, Kind, MailboxCredentials, PkiError
from testbed.pki.pki import RENEW_AFTER, TestPki
from testbed.pki.revocation import CaIndex, CertStatus, Revocation

__all__ = [
    "DEMO_PIN",
    "MAILBOXES",
    "RENEW_AFTER",
    "Authority",
    "CaIndex",
    "CaRole",
    "CertStatus",
    "Credential",
    "Kind",
    "Mailbox",
    "MailboxCredentials",
    "PkiError",
    "Revocation",
    "TestPki",
]
