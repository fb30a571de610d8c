"""Opening the scanner the settings ask for, and the German texts for sandbox errors."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from client.core.errors import user_message
from client.sandbox import (
    ClamdScanner,
    CommandScanner,
    ContentType,
    PrivateClamd,
    PrivateClamdScanner,
    RefusalReason,
    ReleaseRefused,
    ScannerConfigInvalid,
    ScannerStartFailed,
    SignatureDirInvalid,
    TransferDirInvalid,
    TransferFailed,
    TransferTypeUnknown,
    Verdict,
    demo_signature_dir,
    open_scanner,
)
from client.sandbox.errors import ClamdUnreachable, SandboxError
from profiles.settings import ScannerSettings
from tests.client.sandbox.helpers import EICAR, minimal_pdf


@pytest.mark.allow_log_warnings
def test_private_clamd_mode_starts_and_stops_its_daemon(
    clamd_binary: str, quarantine: Path, tmp_path: Path
) -> None:
    runtime = tmp_path / "run"
    settings = ScannerSettings(mode="private-clamd", signature_dir=str(demo_signature_dir()))

    scanner = open_scanner(settings, quarantine_dir=quarantine, runtime_parent=runtime)
    with contextlib.closing(scanner):
        assert isinstance(scanner, PrivateClamdScanner)
        assert scanner.ping()
        assert scanner.scan(io.BytesIO(EICAR)).verdict is Verdict.INFECTED
        assert scanner.scan(io.BytesIO(minimal_pdf())).verdict is Verdict.OK
        daemon = scanner.daemon

    assert not daemon.running
    assert list(runtime.iterdir()) == []
    assert list(quarantine.iterdir()) == []


def test_private_clamd_mode_without_signatures_is_refused(quarantine: Path) -> None:
    with pytest.raises(SignatureDirInvalid) as caught:
        open_scanner(ScannerSettings(mode="private-clamd"), quarantine_dir=quarantine)
    assert caught.value.path is None


def test_clamd_mode_uses_the_configured_daemon(
    private_clamd: PrivateClamd, quarantine: Path
) -> None:
    settings = ScannerSettings(mode="clamd", clamd_socket=str(private_clamd.address.unix_path))

    scanner = open_scanner(settings, quarantine_dir=quarantine)

    assert isinstance(scanner, ClamdScanner)
    assert scanner.scan(io.BytesIO(minimal_pdf())).verdict is Verdict.OK


@pytest.mark.parametrize("socket", ["", "192.168.1.10:3310"])
def test_clamd_mode_with_a_bad_address(quarantine: Path, socket: str) -> None:
    with pytest.raises(ScannerConfigInvalid):
        open_scanner(ScannerSettings(mode="clamd", clamd_socket=socket), quarantine_dir=quarantine)


def test_command_mode(quarantine: Path) -> None:
    settings = ScannerSettings(mode="command", command=("/bin/sh", "-c", "exit 0"))
    scanner = open_scanner(settings, quarantine_dir=quarantine)
    assert isinstance(scanner, CommandScanner)
    assert scanner.scan(io.BytesIO(b"x"), name="a.pdf").verdict is Verdict.OK


def test_an_unknown_mode(quarantine: Path) -> None:
    with pytest.raises(ScannerConfigInvalid) as caught:
        open_scanner(ScannerSettings(mode="icap"), quarantine_dir=quarantine)
    assert caught.value.setting == "scanner.mode"


ERRORS = [
    ScannerConfigInvalid(setting="scanner.mode", value="icap", reason="unknown"),
    SignatureDirInvalid(path=None, reason="no signature folder configured"),
    SignatureDirInvalid(path=Path("/srv/clamav"), reason="does not exist"),
    ScannerStartFailed(executable="/usr/sbin/clamd", reason="clamd exited with status 1"),
    ClamdUnreachable(address="unix:/run/clamd.sock", reason="connect: refused"),
    TransferDirInvalid(path=Path("/home/u/transfer"), reason="does not exist"),
    TransferFailed(path=Path("/home/u/transfer"), reason="No space left on device"),
    TransferTypeUnknown(token="exe", known=("pdf", "tiff")),
    *[
        ReleaseRefused(name="Urteil.pdf", reason=reason, detail="d", content_type=ContentType.ZIP)
        for reason in RefusalReason
    ],
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_every_sandbox_error_has_german_text(error: SandboxError) -> None:
    message = user_message(error)
    assert message.title != "Unerwarteter Fehler"
    assert message.text  # formats without missing placeholders
    assert "{" not in message.full_text()


def test_refusal_texts_name_the_file_and_what_it_really_is() -> None:
    message = user_message(
        ReleaseRefused(
            name="Urteil.pdf",
            reason=RefusalReason.NAME_TYPE_MISMATCH,
            content_type=ContentType.ZIP,
        )
    )
    assert "Urteil.pdf" in message.text
    assert "ZIP-Archiv" in message.text
    infected = user_message(
        ReleaseRefused(name="x.pdf", reason=RefusalReason.INFECTED, detail="Win.Test.EICAR")
    )
    assert "Win.Test.EICAR" in infected.text
