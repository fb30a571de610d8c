"""One scanner per mailbox session: a real private clamd is started once, reused, replaced when
the settings change and stopped with the session; a failed start is reported and retried."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from client.core.scanners import ScannerReplaced, ScannerSession
from client.sandbox import (
    PrivateClamdScanner,
    Scanner,
    SignatureDirInvalid,
    Verdict,
    demo_signature_dir,
    open_scanner,
)
from client.sandbox.private import _alive
from profiles.settings import ScannerSettings
from tests.client.conftest import require_clamd


@pytest.fixture
def quarantine(tmp_path: Path) -> Path:
    folder = tmp_path / "quarantine"
    folder.mkdir(mode=0o700)
    return folder


def _private(signatures: Path) -> ScannerSettings:
    return ScannerSettings(mode="private-clamd", signature_dir=str(signatures))


def test_the_private_clamd_is_started_once_and_stopped_with_the_session(
    quarantine: Path, tmp_path: Path
) -> None:
    require_clamd()
    opened: list[Scanner] = []

    def opener(settings: ScannerSettings) -> Scanner:
        scanner = open_scanner(settings, quarantine_dir=quarantine)
        opened.append(scanner)
        return scanner

    session = ScannerSession(opener)
    settings = _private(demo_signature_dir())
    session.prepare(settings)  # in the background, as the GUI does after unlock
    first = session.get(settings)
    assert session.get(settings) is first  # a second fetch or a rescan: the same daemon
    assert first.scan(_Bytes(b"Klageschrift"), name="a.pdf").verdict is Verdict.OK
    assert isinstance(first, PrivateClamdScanner)
    first_pid = first.daemon.pid
    assert first_pid is not None
    assert _alive(first_pid)

    # Other settings (another signature folder): a new daemon, the old one stops.
    copy = tmp_path / "signatures"
    copy.mkdir()
    for name in os.listdir(demo_signature_dir()):
        (copy / name).write_bytes((demo_signature_dir() / name).read_bytes())
    second = session.get(_private(copy))
    assert second is not first
    assert isinstance(second, PrivateClamdScanner)
    assert not _alive(first_pid)
    second_pid = second.daemon.pid
    assert second_pid is not None
    assert _alive(second_pid)
    session.close()
    assert not _alive(second_pid)
    assert len(opened) == 2


def test_a_failed_start_is_raised_and_the_next_request_tries_again(
    quarantine: Path, tmp_path: Path
) -> None:
    calls = []

    def opener(settings: ScannerSettings) -> Scanner:
        calls.append(settings)
        return open_scanner(settings, quarantine_dir=quarantine)

    session = ScannerSession(opener)
    broken = _private(tmp_path / "no-such-folder")
    session.prepare(broken)
    with pytest.raises(SignatureDirInvalid):
        session.get(broken)
    with pytest.raises(SignatureDirInvalid):
        session.get(broken)  # tried again (the folder might exist by now), not a cached failure
    assert len(calls) == 2
    session.close()


def test_a_scanner_replaced_while_it_starts_is_closed(quarantine: Path) -> None:
    release = threading.Event()
    closed: list[str] = []

    class Slow:
        def __init__(self, name: str) -> None:
            self.name = name

        def close(self) -> None:
            closed.append(self.name)

    def opener(settings: ScannerSettings) -> Scanner:
        if settings.clamd_socket == "/first":
            release.wait(10)
        return Slow(settings.clamd_socket)  # type: ignore[return-value]

    session = ScannerSession(opener)
    first = ScannerSettings(mode="clamd", clamd_socket="/first")
    waited: list[BaseException] = []

    def fetch_with_first() -> None:
        try:
            session.get(first)
        except BaseException as exc:
            waited.append(exc)

    waiter = threading.Thread(target=fetch_with_first)
    waiter.start()
    while session._future is None:  # the first start is under way
        threading.Event().wait(0.01)
    second = session.get(ScannerSettings(mode="clamd", clamd_socket="/second"))
    release.set()
    waiter.join(10)
    assert len(waited) == 1
    assert isinstance(waited[0], ScannerReplaced)
    assert closed == ["/first"]  # the replaced one, once it had started
    session.close()
    assert closed == ["/first", "/second"]
    assert second.name == "/second"  # type: ignore[attr-defined]


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data
