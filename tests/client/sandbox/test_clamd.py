"""The clamd client against a real private clamd (demo signatures), and against peers that
misbehave in ways a real clamd cannot be made to (garbage answers, silence)."""

from __future__ import annotations

import hashlib
import io
import os
import signal
import socket
import struct
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from client.sandbox import (
    ClamdLimits,
    ClamdScanner,
    ClamdUnreachable,
    ContentType,
    IndeterminateReason,
    PrivateClamd,
    ScannerConfigInvalid,
    Verdict,
    demo_signature_dir,
    parse_clamd_address,
)
from client.sandbox.clamd import ClamdAddress, result_from_reply
from client.sandbox.private import render_conf
from client.sandbox.result import HashingReader, ScannerInfo
from tests.client.sandbox.helpers import (
    EICAR,
    MD5_SIGNATURE,
    PATTERN_SIGNATURE,
    FailingSource,
    PatternSource,
    minimal_pdf,
    sha256,
    zip_with,
)
from tests.helpers.services import ServiceProcess, free_port, port_open, running

MiB = 1 << 20


# ---------------------------------------------------------------- verdicts from the real clamd


@pytest.mark.allow_log_warnings
def test_eicar_is_infected_with_signature_name_and_versions(
    clamd_scanner: ClamdScanner, private_clamd: PrivateClamd, clamd_binary: str
) -> None:
    result = clamd_scanner.scan(io.BytesIO(EICAR), name="eicar.com")

    assert result.verdict is Verdict.INFECTED
    assert result.signature in (MD5_SIGNATURE, PATTERN_SIGNATURE)
    assert result.scanned_bytes == 68
    assert result.sha256 == sha256(EICAR)
    assert result.scanner.engine == "ClamAV"
    version = subprocess.run(
        [clamd_binary, "--version"], capture_output=True, text=True, check=True
    ).stdout.split()[1]
    assert result.scanner.engine_version == version.split("/")[0]
    assert result.scanner.signature_version == private_clamd.signature_version
    assert result.scanner.signature_version.startswith("custom-")


@pytest.mark.allow_log_warnings
def test_eicar_inside_a_zip_is_infected(clamd_scanner: ClamdScanner) -> None:
    archive = zip_with({"Anlage/readme.txt": b"harmlos", "Anlage/eicar.com": EICAR})

    result = clamd_scanner.scan(io.BytesIO(archive))

    assert result.verdict is Verdict.INFECTED
    assert result.signature in (MD5_SIGNATURE, PATTERN_SIGNATURE)
    assert result.content_type is ContentType.ZIP


@pytest.mark.allow_log_warnings
def test_eicar_at_the_end_of_a_big_stream_is_found_by_pattern(clamd_scanner: ClamdScanner) -> None:
    result = clamd_scanner.scan(PatternSource(5 * MiB, tail=b"\n" + EICAR + b"\n"))

    assert result.verdict is Verdict.INFECTED
    assert result.signature == PATTERN_SIGNATURE  # the MD5 signature needs the exact 68 bytes
    assert result.scanned_bytes == 5 * MiB + 70


def test_clean_pdf_is_ok(clamd_scanner: ClamdScanner) -> None:
    pdf = minimal_pdf("Beschluss")

    result = clamd_scanner.scan(io.BytesIO(pdf), name="Beschluss.pdf")

    assert result.verdict is Verdict.OK
    assert result.signature is None
    assert result.reason is None
    assert result.content_type is ContentType.PDF
    assert (result.scanned_bytes, result.sha256) == (len(pdf), sha256(pdf))


@pytest.mark.slow
def test_a_50_mb_stream_is_scanned_whole(clamd_scanner: ClamdScanner) -> None:
    size = 50 * 1000 * 1000
    reference = PatternSource(size)
    digest = hashlib.sha256()
    while chunk := reference.read(MiB):
        digest.update(chunk)

    result = clamd_scanner.scan(PatternSource(size))

    assert result.verdict is Verdict.OK
    assert result.scanned_bytes == size
    assert result.sha256 == digest.hexdigest()


@pytest.mark.allow_log_warnings
def test_an_encrypted_archive_is_indeterminate(clamd_scanner: ClamdScanner) -> None:
    # Mark the member as encrypted (general purpose flag bit 0) in both headers, as zip -e does.
    data = bytearray(zip_with({"geheim.txt": b"nicht lesbar"}))
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature)
        flags = struct.unpack_from("<H", data, at + flag_offset)[0]
        struct.pack_into("<H", data, at + flag_offset, flags | 1)

    result = clamd_scanner.scan(io.BytesIO(bytes(data)))

    assert result.verdict is Verdict.INDETERMINATE
    assert result.reason is IndeterminateReason.ENCRYPTED
    assert result.detail.startswith("Heuristics.Encrypted")


def test_an_error_in_the_source_propagates_and_clamd_stays_usable(
    clamd_scanner: ClamdScanner,
) -> None:
    with pytest.raises(FailingSource.Broken):
        clamd_scanner.scan(FailingSource(minimal_pdf()))

    assert clamd_scanner.ping()
    assert clamd_scanner.scan(io.BytesIO(minimal_pdf())).verdict is Verdict.OK


# ---------------------------------------------------------------- limits


@pytest.fixture(scope="module")
def small_clamd(
    clamd_binary: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PrivateClamd]:
    limits = ClamdLimits(stream_max_length=2 * MiB, max_file_size=1 * MiB, max_scan_size=1 * MiB)
    daemon = PrivateClamd(
        demo_signature_dir(),
        temp_parent=tmp_path_factory.mktemp("small-quarantine"),
        limits=limits,
        executable=clamd_binary,
    )
    with daemon:
        yield daemon


@pytest.mark.allow_log_warnings
def test_a_stream_over_the_known_limit_is_indeterminate_and_not_sent_whole(
    small_clamd: PrivateClamd,
) -> None:
    scanner = ClamdScanner(small_clamd.address, stream_max_length=2 * MiB)
    source = PatternSource(50 * MiB)

    result = scanner.scan(source)

    assert result.verdict is Verdict.INDETERMINATE
    assert result.reason is IndeterminateReason.SIZE_LIMIT
    assert source.reads <= 3  # stopped right after the limit, not after 50 MiB


@pytest.mark.allow_log_warnings
def test_clamds_own_stream_limit_is_indeterminate(small_clamd: PrivateClamd) -> None:
    scanner = ClamdScanner(small_clamd.address)  # limit unknown: clamd refuses by itself

    result = scanner.scan(PatternSource(5 * MiB))

    assert result.verdict is Verdict.INDETERMINATE
    assert result.reason is IndeterminateReason.SIZE_LIMIT
    assert "INSTREAM size limit exceeded" in result.detail


@pytest.mark.allow_log_warnings
def test_a_file_over_max_file_size_is_indeterminate_not_ok(small_clamd: PrivateClamd) -> None:
    scanner = ClamdScanner(small_clamd.address, stream_max_length=2 * MiB)

    result = scanner.scan(PatternSource(MiB + MiB // 2))

    assert result.verdict is Verdict.INDETERMINATE
    assert result.reason is IndeterminateReason.LIMITS_EXCEEDED
    assert result.detail.startswith("Heuristics.Limits.Exceeded")


# ---------------------------------------------------------------- clamd gone


@pytest.fixture
def own_clamd(clamd_binary: str, tmp_path: Path) -> Iterator[PrivateClamd]:
    daemon = PrivateClamd(
        demo_signature_dir(), temp_parent=tmp_path / "quarantine", executable=clamd_binary
    )
    with daemon:
        yield daemon


def _kill(daemon: PrivateClamd) -> None:
    assert daemon.pid is not None
    os.kill(daemon.pid, signal.SIGKILL)
    while daemon.running:
        pass


@pytest.mark.allow_log_warnings
def test_clamd_killed_mid_stream_gives_unreachable(own_clamd: PrivateClamd) -> None:
    scanner = ClamdScanner(own_clamd.address)

    def kill_on_third_read(reads: int) -> None:
        if reads == 3:
            _kill(own_clamd)

    source = PatternSource(30 * MiB, on_read=kill_on_third_read)

    result = scanner.scan(source)

    assert result.verdict is Verdict.INDETERMINATE
    assert result.reason is IndeterminateReason.UNREACHABLE
    assert result.scanned_bytes < 30 * MiB


@pytest.mark.allow_log_warnings
def test_a_stopped_clamd_gives_unreachable(own_clamd: PrivateClamd) -> None:
    scanner = ClamdScanner(own_clamd.address)
    _kill(own_clamd)

    result = scanner.scan(io.BytesIO(EICAR))

    assert result.verdict is Verdict.INDETERMINATE
    assert result.reason is IndeterminateReason.UNREACHABLE
    assert not scanner.ping()
    with pytest.raises(ClamdUnreachable):
        scanner.info()


# ---------------------------------------------------------------- TCP on loopback


@pytest.mark.allow_log_warnings
def test_clamd_over_loopback_tcp(clamd_binary: str, tmp_path: Path) -> None:
    port = free_port()
    conf = tmp_path / "clamd.conf"
    (tmp_path / "tmp").mkdir()
    text = render_conf(
        socket_path=tmp_path / "unused.sock",
        signature_dir=demo_signature_dir(),
        temp_dir=tmp_path / "tmp",
        pid_file=tmp_path / "clamd.pid",
        limits=ClamdLimits(),
    )
    lines = [line for line in text.splitlines() if not line.startswith("LocalSocket")]
    conf.write_text("\n".join([*lines, f"TCPSocket {port}", "TCPAddr 127.0.0.1", ""]))
    service = ServiceProcess([clamd_binary, f"--config-file={conf}"], tmp_path / "clamd.log")
    with running(service, lambda: port_open(port)):
        scanner = ClamdScanner(parse_clamd_address(f"tcp://127.0.0.1:{port}"))

        assert scanner.ping()
        assert scanner.info().engine == "ClamAV"
        assert scanner.scan(io.BytesIO(minimal_pdf())).verdict is Verdict.OK
        assert scanner.scan(io.BytesIO(EICAR)).verdict is Verdict.INFECTED


# ---------------------------------------------------------------- addresses


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/run/clamav/clamd.ctl", ClamdAddress(unix_path=Path("/run/clamav/clamd.ctl"))),
        ("unix:/tmp/c.sock", ClamdAddress(unix_path=Path("/tmp/c.sock"))),
        ("unix:///tmp/c.sock", ClamdAddress(unix_path=Path("/tmp/c.sock"))),
        ("tcp://127.0.0.1:3310", ClamdAddress(host="127.0.0.1", port=3310)),
        ("127.0.0.1:3310", ClamdAddress(host="127.0.0.1", port=3310)),
        ("localhost:3310", ClamdAddress(host="127.0.0.1", port=3310)),
        ("[::1]:3310", ClamdAddress(host="::1", port=3310)),
        (" 127.1.2.3:1 ", ClamdAddress(host="127.1.2.3", port=1)),
    ],
)
def test_clamd_addresses(text: str, expected: ClamdAddress) -> None:
    assert parse_clamd_address(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "10.0.0.5:3310",
        "clamav.example.org:3310",
        "tcp://0.0.0.0:3310",
        "127.0.0.1:0",
        "127.0.0.1:70000",
        "relative/clamd.sock",
        "127.0.0.1",
    ],
)
def test_clamd_addresses_refused(text: str) -> None:
    with pytest.raises(ScannerConfigInvalid) as caught:
        parse_clamd_address(text)
    assert caught.value.setting == "scanner.clamd_socket"
    assert caught.value.value == text


# ---------------------------------------------------------------- peers that misbehave


class _FakeClamd:
    """A Unix-socket peer that reads one command and answers ``answer`` (or stays silent)."""

    def __init__(self, path: Path, answer: bytes | None) -> None:
        self.path = path
        self.answer = answer
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(str(path))
        self.server.listen(8)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        self.server.settimeout(0.1)
        while not self.stop.is_set():
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                command = conn.recv(64)
                if command.startswith(b"zVERSION"):
                    conn.sendall(b"ClamAV 9.9.9/12345/Sun Nov 22 10:00:00 2026\0")
                    continue
                if self.answer is None:
                    self.stop.wait(3)
                    continue
                try:
                    while conn.recv(1 << 16):
                        pass
                except OSError:
                    pass
                conn.sendall(self.answer)

    def close(self) -> None:
        self.stop.set()
        self.server.close()
        self.thread.join(5)


@pytest.fixture
def fake_clamd(tmp_path: Path) -> Iterator[Callable[[bytes | None], _FakeClamd]]:
    made: list[_FakeClamd] = []

    def make(answer: bytes | None) -> _FakeClamd:
        fake = _FakeClamd(tmp_path / f"fake{len(made)}.sock", answer)
        made.append(fake)
        return fake

    yield make
    for fake in made:
        fake.close()


@pytest.mark.allow_log_warnings
def test_an_answer_we_do_not_understand_is_indeterminate(fake_clamd) -> None:
    fake = fake_clamd(b"all good, trust me\0")
    scanner = ClamdScanner(ClamdAddress(unix_path=fake.path))

    result = scanner.scan(io.BytesIO(minimal_pdf()))

    assert result.verdict is Verdict.INDETERMINATE
    assert result.reason is IndeterminateReason.PROTOCOL_ERROR
    assert result.scanner.signature_version == "12345 (Sun Nov 22 10:00:00 2026)"


@pytest.mark.allow_log_warnings
def test_silence_is_a_timeout(fake_clamd) -> None:
    fake = fake_clamd(None)
    scanner = ClamdScanner(ClamdAddress(unix_path=fake.path), io_timeout=0.5, reply_timeout=0.5)

    result = scanner.scan(io.BytesIO(b"x" * 1000))

    assert result.verdict is Verdict.INDETERMINATE
    assert result.reason is IndeterminateReason.TIMEOUT


def _mapped(reply: str, *, read_all: bool = True):
    reader = HashingReader(io.BytesIO(b"%PDF-1.7 x"))
    if read_all:
        while reader.read(1 << 20):
            pass
    return result_from_reply(reader, ScannerInfo("ClamAV"), reply)


@pytest.mark.parametrize(
    ("reply", "verdict", "reason"),
    [
        ("stream: OK", Verdict.OK, None),
        ("stream: Win.Test.EICAR_HDB-1 FOUND", Verdict.INFECTED, None),
        (
            "stream: Heuristics.Limits.Exceeded.MaxScanTime FOUND",
            Verdict.INDETERMINATE,
            IndeterminateReason.LIMITS_EXCEEDED,
        ),
        (
            "stream: Heuristics.Encrypted.PDF FOUND",
            Verdict.INDETERMINATE,
            IndeterminateReason.ENCRYPTED,
        ),
        (
            "stream: Can't allocate memory ERROR",
            Verdict.INDETERMINATE,
            IndeterminateReason.SCANNER_ERROR,
        ),
        (
            "INSTREAM size limit exceeded. ERROR",
            Verdict.INDETERMINATE,
            IndeterminateReason.SIZE_LIMIT,
        ),
        ("COMMAND READ TIMED OUT ERROR", Verdict.INDETERMINATE, IndeterminateReason.SCANNER_ERROR),
        ("stream:  FOUND", Verdict.INDETERMINATE, IndeterminateReason.PROTOCOL_ERROR),
        ("stream: ok", Verdict.INDETERMINATE, IndeterminateReason.PROTOCOL_ERROR),
        ("", Verdict.INDETERMINATE, IndeterminateReason.PROTOCOL_ERROR),
        ("PONG", Verdict.INDETERMINATE, IndeterminateReason.PROTOCOL_ERROR),
    ],
)
def test_answers_map_to_verdicts(
    reply: str, verdict: Verdict, reason: IndeterminateReason | None
) -> None:
    result = _mapped(reply)
    assert (result.verdict, result.reason) == (verdict, reason)


def test_ok_for_a_stream_we_did_not_finish_sending_is_not_ok() -> None:
    result = _mapped("stream: OK", read_all=False)
    assert result.verdict is Verdict.INDETERMINATE
    assert result.reason is IndeterminateReason.PROTOCOL_ERROR
