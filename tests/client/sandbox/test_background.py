"""Scanning while the bytes are produced (BackgroundScan) against the real private clamd and a
real scanner command: the verdict covers exactly the bytes written, an abort gives no verdict
and leaves nothing behind, and a scanner that stops reading never blocks the producer."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from client.sandbox import (
    BackgroundScan,
    ClamdScanner,
    CommandScanner,
    IndeterminateReason,
    ScanAborted,
    Verdict,
)
from client.sandbox.private import MiB
from tests.client.sandbox.helpers import EICAR, PATTERN_SIGNATURE, sha256

pytestmark = pytest.mark.timeout(120)


def _chunks(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


@pytest.mark.allow_log_warnings
def test_chunks_written_while_produced_are_scanned_as_one_stream(
    clamd_scanner: ClamdScanner,
) -> None:
    # The EICAR marker straddles two writes: clamd must see one contiguous stream.
    data = os.urandom(3 * MiB) + b"prefix " + EICAR + os.urandom(1000)
    with BackgroundScan(clamd_scanner, name="akte.bin") as scan:
        for chunk in _chunks(data, 3 * MiB + 20):
            scan.write(chunk)
        scan.end()
        result = scan.result(timeout=60)
    assert result.verdict is Verdict.INFECTED
    assert result.signature == PATTERN_SIGNATURE
    assert result.scanned_bytes == len(data)
    assert result.sha256 == sha256(data)


def test_clean_bytes_are_ok_with_the_digest_of_everything_written(
    clamd_scanner: ClamdScanner,
) -> None:
    data = os.urandom(5 * MiB + 17)
    with BackgroundScan(clamd_scanner) as scan:
        for chunk in _chunks(data, 64 * 1024):
            scan.write(chunk)
        scan.end()
        result = scan.result(timeout=60)
    assert result.verdict is Verdict.OK
    assert (result.scanned_bytes, result.sha256) == (len(data), sha256(data))


def test_an_abort_gives_no_verdict_and_clamd_keeps_working(clamd_scanner: ClamdScanner) -> None:
    scan = BackgroundScan(clamd_scanner)
    scan.write(EICAR)  # even bytes that would be INFECTED get no verdict when not authentic
    scan.abort(ValueError("tag mismatch"))
    with pytest.raises(ScanAborted) as raised:
        scan.result(timeout=5)
    assert isinstance(raised.value.__cause__, ValueError)
    with BackgroundScan(clamd_scanner) as again:
        again.write(b"harmless")
        again.end()
        assert again.result(timeout=30).verdict is Verdict.OK


def test_an_exception_in_the_block_aborts_the_scan(clamd_scanner: ClamdScanner) -> None:
    scans: list[BackgroundScan] = []

    def decrypt_and_fail() -> None:
        with BackgroundScan(clamd_scanner) as scan:
            scans.append(scan)
            scan.write(b"part of a document")
            raise RuntimeError("decryption failed")

    with pytest.raises(RuntimeError):
        decrypt_and_fail()
    with pytest.raises(ScanAborted):
        scans[0].result(timeout=5)


@pytest.mark.allow_log_warnings
def test_a_scanner_that_stops_reading_does_not_block_the_producer(
    clamd_scanner: ClamdScanner,
) -> None:
    limited = ClamdScanner(clamd_scanner.address, stream_max_length=1 * MiB)
    done = threading.Event()

    def produce() -> None:
        with BackgroundScan(limited, depth=2) as scan:
            for _ in range(40):  # 40 MiB into a queue of two: only possible if writes drop
                scan.write(os.urandom(MiB))
            scan.end()
            produce.result = scan.result(timeout=30)  # type: ignore[attr-defined]
        done.set()

    worker = threading.Thread(target=produce, daemon=True)
    worker.start()
    assert done.wait(60), "the producer blocked after the scanner stopped reading"
    result = produce.result  # type: ignore[attr-defined]
    assert result.verdict is Verdict.INDETERMINATE
    assert result.reason is IndeterminateReason.SIZE_LIMIT


def test_an_aborted_command_scan_leaves_no_plaintext_in_quarantine(tmp_path: Path) -> None:
    quarantine = tmp_path / "quarantine"
    quarantine.mkdir(mode=0o700)
    seen = tmp_path / "ran"
    script = tmp_path / "scan.py"
    script.write_text(f"import sys, pathlib\npathlib.Path({str(seen)!r}).write_text('ran')\n")
    scanner = CommandScanner([sys.executable, str(script), "{file}"], quarantine_dir=quarantine)
    scan = BackgroundScan(scanner, name="akte.pdf")
    scan.write(b"%PDF-1.7 half a document")
    scan.abort()
    with pytest.raises(ScanAborted):
        scan.result(timeout=10)
    assert not seen.exists(), "the scanner command ran on bytes that were not authentic"
    assert list(quarantine.iterdir()) == []
