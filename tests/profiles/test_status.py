from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from profiles import workdirs
from profiles.status import FileKind, Pins, ProblemCode, inspect
from tests.helpers.certs import SIGNATURE_USAGE, certificate, write_p12, write_pem


@pytest.fixture
def demo(base_dir: Path) -> workdirs.Workdir:
    return workdirs.add("DEMO", base_dir)


def _codes(status: object, kind: FileKind) -> set[ProblemCode]:
    item = next(f for f in status.files if f.kind == kind)  # type: ignore[attr-defined]
    return {p.code for p in item.problems}


def test_empty_workdir_names_every_missing_file(demo: workdirs.Workdir) -> None:
    status = demo.status()
    assert not status.ready
    missing = {f.kind for f in status.missing}
    assert missing == {
        FileKind.MAILBOX_KEY,
        FileKind.VHN,
        FileKind.INTERMEDIARY_CIPHER,
        FileKind.INTERMEDIARY_SIGNATURE,
    }
    text = "\n".join(status.lines())
    assert "Postfachschlüssel (PKCS#12): fehlt" in text
    assert f"Legen Sie sie als postfach.p12 in den Ordner {demo.paths.keys}" in text
    assert "intermediaer-verschluesselung.pem" in text


def _complete(demo: workdirs.Workdir, *, mailbox_bits: int = 3072) -> None:
    keys = demo.paths.keys
    key, cert = certificate("Postfach Demo", bits=mailbox_bits)
    write_p12(keys / "postfach.p12", key, cert, "123456")
    key, cert = certificate("VHN Demo", bits=2048, usage=SIGNATURE_USAGE, slot=1)
    write_p12(keys / "vhn.p12", key, cert, "654321")
    write_pem(keys / "intermediaer-verschluesselung.pem", certificate("Intermediär", slot=2)[1])
    sig = certificate("Intermediär Signatur", usage=SIGNATURE_USAGE, slot=3)[1]
    write_pem(keys / "intermediaer-signatur.pem", sig)


def test_complete_workdir_is_ready_with_pins(demo: workdirs.Workdir) -> None:
    _complete(demo)
    without_pins = demo.status()
    assert without_pins.ready  # PKCS#12 present; checked at unlock
    assert ProblemCode.NEEDS_PIN in _codes(without_pins, FileKind.MAILBOX_KEY)
    with_pins = inspect(demo.paths, demo.scenario, pins=Pins(mailbox="123456", vhn="654321"))
    assert with_pins.ready
    assert all(not f.problems for f in with_pins.files)


def test_wrong_pin_is_reported(demo: workdirs.Workdir) -> None:
    _complete(demo)
    status = inspect(demo.paths, demo.scenario, pins=Pins(mailbox="000000", vhn="654321"))
    assert not status.ready
    assert _codes(status, FileKind.MAILBOX_KEY) == {ProblemCode.WRONG_PIN}


def test_small_mailbox_key_is_wrong(demo: workdirs.Workdir) -> None:
    _complete(demo, mailbox_bits=2048)
    status = inspect(demo.paths, demo.scenario, pins=Pins(mailbox="123456", vhn="654321"))
    assert _codes(status, FileKind.MAILBOX_KEY) == {ProblemCode.KEY_TOO_SMALL}
    item = next(f for f in status.wrong if f.kind == FileKind.MAILBOX_KEY)
    assert "2048 Bit" in item.problems[0].text
    assert "mindestens 3072 Bit" in item.problems[0].text


def test_expired_and_wrong_usage_certificates(demo: workdirs.Workdir) -> None:
    _complete(demo)
    keys = demo.paths.keys
    old = datetime.now(UTC) - timedelta(days=800)
    write_pem(
        keys / "intermediaer-verschluesselung.pem",
        certificate("Alt", days=365, not_before=old, slot=2)[1],
    )
    write_pem(
        keys / "intermediaer-signatur.pem",
        certificate("Falsch", usage={"key_encipherment": True}, slot=3)[1],
    )
    status = demo.status()
    assert _codes(status, FileKind.INTERMEDIARY_CIPHER) == {ProblemCode.EXPIRED}
    assert _codes(status, FileKind.INTERMEDIARY_SIGNATURE) == {ProblemCode.WRONG_KEY_USAGE}
    texts = "\n".join(status.lines())
    assert "ist am" in texts
    assert "abgelaufen" in texts
    assert "nicht für die Signatur freigegeben" in texts


def test_expiring_soon_warns_without_blocking(demo: workdirs.Workdir) -> None:
    _complete(demo)
    soon = datetime.now(UTC) - timedelta(days=360)
    write_pem(
        demo.paths.keys / "intermediaer-verschluesselung.pem",
        certificate("Bald", days=370, not_before=soon, slot=2)[1],
    )
    status = demo.status()
    assert _codes(status, FileKind.INTERMEDIARY_CIPHER) == {ProblemCode.EXPIRES_SOON}
    assert status.ready


def test_vhn_as_certificate_only(demo: workdirs.Workdir) -> None:
    _complete(demo)
    (demo.paths.keys / "vhn.p12").unlink()
    write_pem(demo.paths.keys / "vhn.pem", certificate("VHN", usage=SIGNATURE_USAGE, slot=1)[1])
    status = demo.status()
    assert _codes(status, FileKind.VHN) == set()


def test_garbage_certificate_is_unreadable(demo: workdirs.Workdir) -> None:
    _complete(demo)
    (demo.paths.keys / "intermediaer-signatur.pem").write_bytes(b"kein Zertifikat")
    assert _codes(demo.status(), FileKind.INTERMEDIARY_SIGNATURE) == {ProblemCode.UNREADABLE}
