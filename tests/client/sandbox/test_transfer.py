"""Releasing to the transfer folder, with real scan results from the session clamd."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import stat
import threading
from pathlib import Path

import pytest

from client.sandbox import (
    ClamdAddress,
    ClamdScanner,
    ContentType,
    RefusalReason,
    ReleasePolicy,
    ReleaseRefused,
    ScanResult,
    TransferDirInvalid,
    TransferTypeUnknown,
    Verdict,
    can_release,
    clean_stale_release_parts,
    release,
    transfer_dir_from_settings,
)
from client.sandbox._owned import locked_file
from client.sandbox.transfer import RELEASE_PREFIX, RELEASE_SUFFIX, rename_noreplace
from profiles.settings import Settings
from tests.client.sandbox.helpers import (
    EICAR,
    FailingSource,
    detached_signature,
    minimal_pdf,
    minimal_tiff,
    sha256,
    zip_with,
)

PDF = minimal_pdf("Beschluss vom 22.11.2026")


@pytest.fixture
def transfer(tmp_path: Path) -> Path:
    folder = tmp_path / "transfer"
    folder.mkdir()
    return folder


@pytest.fixture
def scan(clamd_scanner: ClamdScanner):
    def run(data: bytes) -> ScanResult:
        return clamd_scanner.scan(io.BytesIO(data))

    return run


def _release(data: bytes, name: str, result: ScanResult, transfer: Path, **kwargs):
    return release(
        io.BytesIO(data),
        name=name,
        scan=result,
        expected_sha256=kwargs.pop("expected", sha256(data)),
        transfer_dir=transfer,
        **kwargs,
    )


def test_a_clean_pdf_reaches_the_transfer_folder_byte_identical(scan, transfer: Path) -> None:
    result = scan(PDF)
    assert can_release(result, name="Beschluss.pdf", expected_sha256=sha256(PDF)).allowed

    released = _release(PDF, "Beschluss.pdf", result, transfer)

    assert released.path == transfer / "Beschluss.pdf"
    assert released.path.read_bytes() == PDF
    assert (released.size, released.sha256) == (len(PDF), sha256(PDF))
    assert released.content_type is ContentType.PDF
    assert released.original_name == "Beschluss.pdf"
    assert released.released_at.tzinfo is not None
    assert stat.S_IMODE(released.path.stat().st_mode) == 0o600
    assert sorted(p.name for p in transfer.iterdir()) == ["Beschluss.pdf"]  # no temp files


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (minimal_tiff(), "Scan.tif"),
        (detached_signature(), "Antrag.pdf.p7s"),
        (b'<?xml version="1.0"?><nachricht/>', "xjustiz_nachricht.xml"),
    ],
)
def test_other_allowed_types_are_released(scan, transfer: Path, data: bytes, name: str) -> None:
    released = _release(data, name, scan(data), transfer)
    assert released.path.read_bytes() == data


@pytest.mark.allow_log_warnings
def test_eicar_is_never_released(scan, transfer: Path) -> None:
    result = scan(EICAR)
    assert result.verdict is Verdict.INFECTED
    policy = ReleasePolicy.from_tokens(["pdf", "txt"])  # even where text would be allowed

    decision = can_release(result, name="eicar.txt", expected_sha256=sha256(EICAR), policy=policy)
    with pytest.raises(ReleaseRefused) as caught:
        _release(EICAR, "eicar.txt", result, transfer, policy=policy)

    assert decision.refusal is RefusalReason.INFECTED
    assert caught.value.reason is RefusalReason.INFECTED
    assert caught.value.detail == result.signature
    assert list(transfer.iterdir()) == []


@pytest.mark.allow_log_warnings
def test_indeterminate_needs_a_rescan(transfer: Path, tmp_path: Path) -> None:
    unreachable = ClamdScanner(ClamdAddress(unix_path=tmp_path / "no-clamd.sock"))
    result = unreachable.scan(io.BytesIO(PDF))
    assert result.verdict is Verdict.INDETERMINATE

    with pytest.raises(ReleaseRefused) as caught:
        _release(PDF, "Beschluss.pdf", result, transfer)

    assert caught.value.reason is RefusalReason.NEEDS_RESCAN
    assert list(transfer.iterdir()) == []


def test_a_pdf_that_is_really_a_zip_is_refused(scan, transfer: Path) -> None:
    archive = zip_with({"Urteil.pdf": PDF})
    result = scan(archive)
    assert result.verdict is Verdict.OK

    with pytest.raises(ReleaseRefused) as by_default:
        _release(archive, "Urteil.pdf", result, transfer)
    with pytest.raises(ReleaseRefused) as even_if_zip_allowed:
        _release(archive, "Urteil.pdf", result, transfer, policy=ReleasePolicy.from_tokens(["zip"]))

    assert by_default.value.reason is RefusalReason.TYPE_NOT_ALLOWED
    assert by_default.value.content_type is ContentType.ZIP
    assert even_if_zip_allowed.value.reason is RefusalReason.NAME_TYPE_MISMATCH
    assert list(transfer.iterdir()) == []


@pytest.mark.parametrize("name", ["Urteil", "Urteil.tif", "Urteil.pdf.exe", "Urteil.p7s"])
def test_a_pdf_with_a_name_that_does_not_fit_is_refused(scan, name: str) -> None:
    decision = can_release(scan(PDF), name=name, expected_sha256=sha256(PDF))
    assert decision.refusal is RefusalReason.NAME_TYPE_MISMATCH


def test_hostile_names_are_sanitised_on_release(scan, transfer: Path) -> None:
    released = _release(PDF, "../../etc/CON.pdf", scan(PDF), transfer)
    assert released.path == transfer / "_CON.pdf"
    assert released.original_name == "../../etc/CON.pdf"


def test_an_existing_file_is_never_overwritten(scan, transfer: Path, tmp_path: Path) -> None:
    (transfer / "Beschluss.pdf").write_bytes(b"schon da")
    (transfer / "BESCHLUSS (2).PDF").write_bytes(b"auch da")  # the workstation ignores case
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(b"nicht anfassen")
    (transfer / "Beschluss (3).pdf").symlink_to(outside)

    released = _release(PDF, "Beschluss.pdf", scan(PDF), transfer)

    assert released.name == "Beschluss (4).pdf"
    assert released.path.read_bytes() == PDF
    assert (transfer / "Beschluss.pdf").read_bytes() == b"schon da"
    assert (transfer / "BESCHLUSS (2).PDF").read_bytes() == b"auch da"
    assert outside.read_bytes() == b"nicht anfassen"


def test_concurrent_releases_of_the_same_name_never_clobber(scan, transfer: Path) -> None:
    result = scan(PDF)
    released = []
    errors: list[BaseException] = []

    def one() -> None:
        try:
            released.append(_release(PDF, "Beschluss.pdf", result, transfer))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert errors == []
    names = sorted(r.name for r in released)
    assert len(set(names)) == 8
    assert sorted(p.name for p in transfer.iterdir()) == names
    assert all((transfer / n).read_bytes() == PDF for n in names)


def test_release_without_hard_links_uses_a_no_replace_rename(
    scan, transfer: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # vfat/CIFS transfer mounts refuse link(); simulate that file system's answer.
    def no_links(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    (transfer / "Beschluss.pdf").write_bytes(b"schon da")

    released = _release(PDF, "Beschluss.pdf", scan(PDF), transfer)

    assert released.name == "Beschluss (2).pdf"
    assert released.path.read_bytes() == PDF
    assert (transfer / "Beschluss.pdf").read_bytes() == b"schon da"
    assert sorted(p.name for p in transfer.iterdir()) == ["Beschluss (2).pdf", "Beschluss.pdf"]


def test_rename_noreplace_refuses_to_replace(tmp_path: Path) -> None:
    (tmp_path / "a").write_text("a")
    (tmp_path / "b").write_text("b")
    with pytest.raises(FileExistsError):
        rename_noreplace(tmp_path / "a", tmp_path / "b")
    rename_noreplace(tmp_path / "a", tmp_path / "c")
    assert (tmp_path / "b").read_text() == "b"
    assert (tmp_path / "c").read_text() == "a"


def test_a_scan_of_other_bytes_is_refused(scan, transfer: Path) -> None:
    result = scan(PDF)
    other = minimal_pdf("anderer Inhalt")

    decision = can_release(result, name="B.pdf", expected_sha256=sha256(other))
    with pytest.raises(ReleaseRefused) as caught:
        _release(other, "B.pdf", result, transfer)

    assert decision.refusal is RefusalReason.SCAN_MISMATCH
    assert caught.value.reason is RefusalReason.SCAN_MISMATCH
    assert list(transfer.iterdir()) == []


def test_bytes_that_differ_from_the_scanned_ones_are_not_released(scan, transfer: Path) -> None:
    result = scan(PDF)
    tampered = PDF.replace(b"Beschluss", b"Freispruch")

    with pytest.raises(ReleaseRefused) as caught:
        _release(tampered, "Beschluss.pdf", result, transfer, expected=sha256(PDF))

    assert caught.value.reason is RefusalReason.CONTENT_CHANGED
    assert list(transfer.iterdir()) == []


def test_a_failing_source_leaves_nothing_behind(scan, transfer: Path) -> None:
    result = scan(PDF)
    with pytest.raises(FailingSource.Broken):
        release(
            FailingSource(PDF[:100]),
            name="Beschluss.pdf",
            scan=result,
            expected_sha256=sha256(PDF),
            transfer_dir=transfer,
        )
    assert list(transfer.iterdir()) == []


def test_a_missing_transfer_folder(scan, tmp_path: Path) -> None:
    with pytest.raises(TransferDirInvalid) as caught:
        _release(PDF, "Beschluss.pdf", scan(PDF), tmp_path / "nowhere")
    assert caught.value.reason == "does not exist"
    assert not (tmp_path / "nowhere").exists()


def test_when_every_numbered_name_is_taken(scan, transfer: Path) -> None:
    (transfer / "x.pdf").write_bytes(b"1")
    for n in range(2, 1000):
        (transfer / f"x ({n}).pdf").write_bytes(b"1")
    with pytest.raises(ReleaseRefused) as caught:
        _release(PDF, "x.pdf", scan(PDF), transfer)
    assert caught.value.reason is RefusalReason.NO_FREE_NAME
    assert len(list(transfer.iterdir())) == 999


def test_stale_parts_of_a_crashed_release_are_removed(transfer: Path) -> None:
    stale = transfer / f"{RELEASE_PREFIX}crashed{RELEASE_SUFFIX}"
    stale.write_bytes(PDF[:10])
    live_fd, live = locked_file(transfer, RELEASE_PREFIX, RELEASE_SUFFIX)
    try:
        assert clean_stale_release_parts(transfer) == 0  # too young to judge
        assert clean_stale_release_parts(transfer, min_age_s=0) == 1
        assert not stale.exists()
        assert live.exists()  # its writer still holds the lock
    finally:
        os.close(live_fd)
        live.unlink()


def test_policy_and_folder_from_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    settings = Settings()
    policy = ReleasePolicy.from_settings(settings)
    assert policy.allowed_types == {
        ContentType.PDF,
        ContentType.TIFF,
        ContentType.XML,
        ContentType.PKCS7,
    }
    assert transfer_dir_from_settings(settings) == tmp_path / "transfer"
    assert ReleasePolicy.from_tokens([".PDF", "pkcs7"]).allowed_types == {
        ContentType.PDF,
        ContentType.PKCS7,
    }
    with pytest.raises(TransferTypeUnknown) as caught:
        ReleasePolicy.from_tokens(["pdf", "exe"])
    assert caught.value.token == "exe"


def test_the_scan_hash_matches_the_released_bytes(scan, transfer: Path) -> None:
    released = _release(PDF, "a.pdf", scan(PDF), transfer)
    assert hashlib.sha256(released.path.read_bytes()).hexdigest() == released.sha256
