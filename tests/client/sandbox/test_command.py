"""The scanner-command mode with real (small) scanner scripts: the exit-code contract, the
short-lived quarantine file, timeouts, crashes of the command and of the client."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from client.sandbox import (
    CommandScanner,
    IndeterminateReason,
    ScannerConfigInvalid,
    Verdict,
    clean_stale_quarantine,
)
from client.sandbox.command import UNNAMED_SIGNATURE
from client.sandbox.private import _alive
from tests.client.sandbox.helpers import EICAR, FailingSource, minimal_pdf, sha256
from tests.conftest import REPO_ROOT
from tests.helpers.services import wait_until

# A scanner that really looks at the file: it reports EICAR by its marker and notes what it saw.
SCANNER = """#!/bin/sh
file="$1"
printf '%s\\n%s\\n%s\\n' "$file" "$(stat -c %a "$file")" "$(sha256sum "$file" | cut -d' ' -f1)" \\
    > "{seen}"
echo "ENGINE: DemoScan"
echo "ENGINE-VERSION: 2.1"
echo "SIGNATURE-VERSION: 20261122"
if grep -q 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE' "$file"; then
    echo "Demo.EICAR FOUND"
    exit 1
fi
exit 0
"""


def _script(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body)
    path.chmod(0o755)
    return path


@pytest.fixture
def seen(tmp_path: Path) -> Path:
    return tmp_path / "seen.txt"


@pytest.fixture
def scanner(tmp_path: Path, quarantine: Path, seen: Path) -> CommandScanner:
    script = _script(tmp_path, "demoscan", SCANNER.replace("{seen}", str(seen)))
    return CommandScanner([str(script)], quarantine_dir=quarantine, timeout=30)


def test_clean_file_exit_0_is_ok(scanner: CommandScanner, quarantine: Path, seen: Path) -> None:
    pdf = minimal_pdf()

    result = scanner.scan(io.BytesIO(pdf), name="Beschluss.pdf")

    assert result.verdict is Verdict.OK
    assert (result.scanned_bytes, result.sha256) == (len(pdf), sha256(pdf))
    assert result.scanner.engine == "DemoScan"
    assert result.scanner.engine_version == "2.1"
    assert result.scanner.signature_version == "20261122"
    path, mode, digest = seen.read_text().splitlines()
    # The command saw the plaintext in a private folder inside the quarantine, 0600, unchanged
    assert Path(path).parent.parent == quarantine
    assert Path(path).name == "Beschluss.pdf"
    assert mode == "600"
    assert digest == sha256(pdf)
    assert list(quarantine.iterdir()) == []  # removed right after


@pytest.mark.allow_log_warnings
def test_exit_1_is_infected_with_the_signature_from_stdout(
    scanner: CommandScanner, quarantine: Path
) -> None:
    result = scanner.scan(io.BytesIO(b"%PDF-1.4\n" + EICAR), name="Anlage.pdf")

    assert result.verdict is Verdict.INFECTED
    assert result.signature == "Demo.EICAR FOUND"
    assert list(quarantine.iterdir()) == []


@pytest.mark.allow_log_warnings
@pytest.mark.parametrize(
    "hostile",
    ["../../etc/passwd", "-rf", "CON.pdf", "a\x00b\nc\u202etxt.exe", "x" * 300 + ".pdf", ""],
)
def test_hostile_names_land_safely_in_the_quarantine(
    scanner: CommandScanner, quarantine: Path, seen: Path, hostile: str
) -> None:
    result = scanner.scan(io.BytesIO(EICAR), name=hostile)

    assert result.verdict is Verdict.INFECTED
    path = Path(seen.read_text().splitlines()[0])
    assert path.parent.parent == quarantine
    assert not path.name.startswith(("-", "."))
    assert len(path.name) <= 90
    assert list(quarantine.iterdir()) == []


@pytest.mark.allow_log_warnings
def test_placeholder_and_unnamed_signature(tmp_path: Path, quarantine: Path) -> None:
    command = ["/bin/sh", "-c", 'grep -q EICAR-STANDARD "$0" && exit 1; exit 0', "{file}"]
    scanner = CommandScanner(command, quarantine_dir=quarantine, timeout=30)

    assert scanner.scan(io.BytesIO(minimal_pdf())).verdict is Verdict.OK
    infected = scanner.scan(io.BytesIO(EICAR))
    assert infected.verdict is Verdict.INFECTED
    assert infected.signature == UNNAMED_SIGNATURE
    assert infected.scanner.engine == "sh"


@pytest.mark.allow_log_warnings
@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ("echo 'database corrupt' >&2\nexit 2\n", "exit status 2: database corrupt"),
        ("kill -SEGV $$\n", "killed by signal 11"),
        ("exit 127\n", "exit status 127"),
    ],
)
def test_other_exit_codes_and_crashes_are_indeterminate(
    tmp_path: Path, quarantine: Path, body: str, detail: str
) -> None:
    script = _script(tmp_path, "broken", "#!/bin/sh\n" + body)
    scanner = CommandScanner([str(script)], quarantine_dir=quarantine, timeout=30)

    result = scanner.scan(io.BytesIO(minimal_pdf()), name="a.pdf")

    assert result.verdict is Verdict.INDETERMINATE
    assert result.reason is IndeterminateReason.SCANNER_ERROR
    assert result.detail == detail
    assert list(quarantine.iterdir()) == []


@pytest.mark.allow_log_warnings
def test_a_hanging_command_times_out_and_is_killed(tmp_path: Path, quarantine: Path) -> None:
    pid_file = tmp_path / "pid"
    script = _script(tmp_path, "hang", f"#!/bin/sh\necho $$ > {pid_file}\nexec sleep 60\n")
    scanner = CommandScanner([str(script)], quarantine_dir=quarantine, timeout=0.5)

    started = time.monotonic()
    result = scanner.scan(io.BytesIO(minimal_pdf()), name="a.pdf")

    assert time.monotonic() - started < 10
    assert result.verdict is Verdict.INDETERMINATE
    assert result.reason is IndeterminateReason.TIMEOUT
    assert not _alive(int(pid_file.read_text()))
    assert list(quarantine.iterdir()) == []


@pytest.mark.allow_log_warnings
def test_a_command_that_cannot_start_is_unreachable(tmp_path: Path, quarantine: Path) -> None:
    scanner = CommandScanner(
        [str(tmp_path / "no-such-scanner")], quarantine_dir=quarantine, timeout=5
    )

    result = scanner.scan(io.BytesIO(minimal_pdf()))

    assert not scanner.ping()
    assert result.verdict is Verdict.INDETERMINATE
    assert result.reason is IndeterminateReason.UNREACHABLE
    assert list(quarantine.iterdir()) == []


def test_an_empty_command_is_a_configuration_error(quarantine: Path) -> None:
    with pytest.raises(ScannerConfigInvalid) as caught:
        CommandScanner([], quarantine_dir=quarantine)
    assert caught.value.setting == "scanner.command"


def test_a_failing_source_propagates_and_leaves_nothing(
    scanner: CommandScanner, quarantine: Path
) -> None:
    with pytest.raises(FailingSource.Broken):
        scanner.scan(FailingSource(minimal_pdf()), name="a.pdf")
    assert list(quarantine.iterdir()) == []


def test_a_running_scan_survives_a_second_instances_cleanup(
    tmp_path: Path, quarantine: Path
) -> None:
    gate = tmp_path / "gate"
    script = _script(
        tmp_path,
        "slow",
        f"#!/bin/sh\ntouch {gate}.started\nwhile [ ! -e {gate} ]; do sleep 0.02; done\n",
    )
    scanner = CommandScanner([str(script)], quarantine_dir=quarantine, timeout=30)
    results = []
    worker = threading.Thread(target=lambda: results.append(scanner.scan(io.BytesIO(b"x"))))
    worker.start()
    wait_until(lambda: Path(f"{gate}.started").exists(), timeout=10)

    removed = clean_stale_quarantine(quarantine, min_age_s=0)
    gate.touch()
    worker.join(10)

    assert removed == 0
    assert results[0].verdict is Verdict.OK
    assert list(quarantine.iterdir()) == []


_CRASHING_CLIENT = """
import io, sys
from pathlib import Path
from client.sandbox import CommandScanner
scanner = CommandScanner([sys.argv[2]], quarantine_dir=Path(sys.argv[1]), timeout=60)
scanner.scan(io.BytesIO(b"%PDF-1.7 Klartext"), name="Urteil.pdf")
"""


def test_plaintext_left_by_a_crashed_client_is_removed_at_the_next_start(
    tmp_path: Path, quarantine: Path
) -> None:
    pid_file = tmp_path / "pid"
    script = _script(
        tmp_path,
        "hang",
        f"#!/bin/sh\necho $$ > {pid_file}.tmp\nmv {pid_file}.tmp {pid_file}\nexec sleep 60\n",
    )
    client = subprocess.Popen(
        [sys.executable, "-c", _CRASHING_CLIENT, str(quarantine), str(script)], cwd=REPO_ROOT
    )
    try:
        wait_until(pid_file.exists, timeout=30)
    finally:
        client.send_signal(signal.SIGKILL)
        client.wait(10)
    os.kill(int(pid_file.read_text()), signal.SIGKILL)
    leftovers = list(quarantine.glob("scan-*/Urteil.pdf"))
    assert len(leftovers) == 1
    assert leftovers[0].read_bytes() == b"%PDF-1.7 Klartext"

    assert clean_stale_quarantine(quarantine) == 0  # too young: may be a scan being set up
    assert clean_stale_quarantine(quarantine, min_age_s=0) == 1
    assert list(quarantine.iterdir()) == []
