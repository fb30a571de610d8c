"""The real 2021 EGVP message (OSCI-Manager RLP) as a golden vector.

EGVP-Enterprise stored the message after decrypting it, so the blocks it rewrote (ControlBlock,
the fetch header, Body, attachments) no longer match their digests; the three references it left
unchanged must match, and the intermediary's RSA-PSS (salt 32) signature value must verify.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from osci import crypto
from osci.inspect import inspect
from osci.model import CertType, MathResult, OfflineResult, OnlineResult
from tests.conftest import require_reference

SAMPLE = "egvp-sample/Testnachricht_1/oscicontentdata.osci"
SHA256 = "f1612a667ec10c8278c4ecdb12c82e8f540892008b6f57c2fb53cec561375429"
UNCHANGED = {
    "#nonintermediarycertificates",
    "#intermediarycertificates",
    "#RequestSignatureMandatory",
}
REWRITTEN = {"#responsetofetchdelivery", "#controlblock", "#body", "cid:99 - Klage.pdf",
             "cid:xjustiz_nachricht.xml"}  # fmt: skip


@pytest.fixture(scope="module")
def sample() -> bytes:
    data = require_reference(SAMPLE).read_bytes()
    assert hashlib.sha256(data).hexdigest() == SHA256, "the golden vector changed"
    return data


def test_the_intermediary_signature_value_verifies_with_pss_salt_32(sample: bytes) -> None:
    report = inspect([sample])
    (signature,) = report.signatures
    assert signature.block == "SupplierSignature"
    assert signature.method == crypto.RSA_PSS_SHA256
    assert signature.value_ok
    assert "governikus-intermediaer.rlp.de" in signature.signer


def test_unchanged_references_match_and_rewritten_ones_are_named(sample: bytes) -> None:
    results = {ref.uri: ref for ref in inspect([sample]).signatures[0].references}
    assert {uri for uri, ref in results.items() if ref.ok} == UNCHANGED
    for uri in REWRITTEN:
        assert results[uri].reason == "digest mismatch"
    # FeatureDescription was dropped by the store: reported, not guessed.
    assert results["#featuredescription"].reason == "target not found"


def test_the_process_card_and_inspections_are_read(sample: bytes) -> None:
    report = inspect([sample])
    assert report.message_ids[0] == "govapp_16327447360386892418543498345325"
    assert report.subjects == ["Allgemeine Nachricht"]
    (bundle,) = report.process_cards
    card = bundle.process_card
    assert card.creation is not None
    assert card.creation.plain is not None
    assert card.creation.plain.isoformat() == "2021-09-27T14:12:16+02:00"
    assert card.forwarding is not None
    vhn, *mailboxes = bundle.inspections
    assert "VHN - Justiz" in vhn.subject
    assert vhn.cert_type is CertType.ADVANCED
    assert (vhn.math, vhn.offline, vhn.online) == (
        MathResult.OK,
        OfflineResult.VALID,
        OnlineResult.OK,
    )
    assert vhn.ocsp == b"Not yet supported!"
    assert [m.cert_type for m in mailboxes] == [CertType.UNKNOWN, CertType.UNKNOWN]
    assert {c.element for c in report.certificates} >= {
        "SignatureCertificateIntermediary", "SignatureCertificateOriginator",
        "CipherCertificateAddressee", "CipherCertificateOtherReader",
    }  # fmt: skip


def test_the_attachments_are_listed_with_size_and_digest(sample: bytes) -> None:
    attachments = {a.content_id: a for a in inspect([sample]).attachments}
    assert set(attachments) == {"xjustiz_nachricht.xml", "99 - Klage.pdf"}
    assert attachments["99 - Klage.pdf"].size == 254387


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "osci", *args], capture_output=True, text=True,
                          check=False, timeout=60)  # fmt: skip


def test_cli_inspect_and_verify_on_the_real_message() -> None:
    path = str(require_reference(SAMPLE))
    shown = run_cli("inspect", path)
    assert shown.returncode == 0, shown.stderr
    assert "SupplierSignature" in shown.stdout
    assert "#RequestSignatureMandatory: ok" in shown.stdout
    assert "#body: digest mismatch" in shown.stdout
    assert "VHN - Justiz" in shown.stdout
    verified = run_cli("verify", path)
    assert verified.returncode == 1  # rewritten by EGVP-Enterprise: not every reference holds
