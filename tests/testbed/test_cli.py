"""``python -m testbed …`` as real child processes: start, answer, stop, operator commands."""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import zeep

from profiles.paths import resource_dir
from testbed.pki import TestPki
from tests.helpers.services import ServiceProcess, python_argv, wait_until
from tests.testbed.support import run_testbed, session_pki


@pytest.fixture(scope="module")
def pki(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return session_pki(pytestconfig, tmp_path_factory)


def _start(tmp_path: Path, name: str, *args: str) -> tuple[ServiceProcess, dict[str, object]]:
    ready = tmp_path / f"{name}.ready"
    process = ServiceProcess(
        python_argv("-m", "testbed", name, *args, "--ready-file", str(ready)),
        tmp_path / f"{name}.log",
    ).start()
    process.wait_ready(ready.exists)
    return process, json.loads(ready.read_text())


@pytest.fixture
def stop_all() -> Iterator[list[ServiceProcess]]:
    processes: list[ServiceProcess] = []
    yield processes
    for process in processes:
        process.stop()


def test_help_lists_the_commands() -> None:
    result = run_testbed("--help")
    assert result.returncode == 0
    for command in ("pki", "directory", "validation", "ocsp"):
        assert command in result.stdout


def test_directory_starts_answers_and_stops_on_sigterm(
    pki: TestPki, tmp_path: Path, stop_all: list[ServiceProcess]
) -> None:
    process, info = _start(tmp_path, "directory", "--data", str(tmp_path / "d"), "--pki",
                           str(pki.folder))  # fmt: skip
    stop_all.append(process)
    url = str(info["url"])
    assert url.startswith("http://127.0.0.1:")
    assert url.endswith("/verzeichnisdienst")
    client = zeep.Client(str(resource_dir() / "wsdl" / "directory.wsdl"))
    service = client.create_service("{urn:bebpo:verzeichnisdienst:v1}VerzeichnisdienstBinding", url)
    found = service.SearchEntries(
        Criterion=[{"Field": "Organisation", "Value": "Kammergericht", "Mode": "EXACT"}],
        Page=1,
        PageSize=10,
    )
    assert found.Total == 1
    assert "seeded with" in process.output()
    assert process.process is not None
    process.process.send_signal(signal.SIGTERM)
    assert process.process.wait(10) == 0
    assert (tmp_path / "d" / "directory.sqlite3").is_file()


def test_validation_and_ocsp_commands(
    pki: TestPki, tmp_path: Path, stop_all: list[ServiceProcess]
) -> None:
    process, info = _start(tmp_path, "validation", "--data", str(tmp_path / "v"), "--pki",
                           str(pki.folder))  # fmt: skip
    stop_all.append(process)
    client = zeep.Client(str(resource_dir() / "wsdl" / "validation.wsdl"))
    service = client.create_service(
        "{urn:bebpo:validierungsdienst:v1}ValidierungsdienstBinding", str(info["url"])
    )
    report = service.ValidateCertificate(Certificate=pki.revoked_vhn.der, Purpose="VHN")
    assert report.OverallResult == "INVALID"
    assert str(info["ocsp"]).endswith("/ocsp")
    ocsp, ocsp_info = _start(tmp_path, "ocsp", "--pki", str(pki.folder))
    stop_all.append(ocsp)
    answer = requests.post(
        str(ocsp_info["url"]),
        data=b"\x30\x00",
        headers={"Content-Type": "application/ocsp-request"},
        timeout=5,
    )
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/ocsp-response"


def test_directory_confirm_and_list_on_a_data_folder(pki: TestPki, tmp_path: Path) -> None:
    data = tmp_path / "d"
    missing = run_testbed("directory", "confirm", "DE.Justiz.nope", "--data", str(data))
    assert missing.returncode == 1
    assert "kein Eintrag mit der SAFE-ID DE.Justiz.nope" in missing.stderr
    no_id = run_testbed("directory", "confirm", "--data", str(data))
    assert no_id.returncode == 2
    listed = run_testbed("directory", "list", "--data", str(data))
    assert listed.returncode == 0
    assert listed.stdout == ""


def test_a_port_in_use_is_an_error(
    pki: TestPki, tmp_path: Path, stop_all: list[ServiceProcess]
) -> None:
    first, info = _start(tmp_path, "directory", "--data", str(tmp_path / "d1"), "--pki",
                         str(pki.folder))  # fmt: skip
    stop_all.append(first)
    second = ServiceProcess(
        python_argv("-m", "testbed", "directory", "--data", str(tmp_path / "d2"), "--pki",
                    str(pki.folder), "--port", str(info["port"])),
        tmp_path / "second.log",
    ).start()  # fmt: skip
    stop_all.append(second)
    wait_until(lambda: not second.alive(), timeout=15)
    assert second.process is not None
    assert second.process.returncode == 1
    assert f"Port {info['port']} auf 127.0.0.1 nicht nutzbar" in second.output()
    assert "Traceback" not in second.output()
