"""An administrator's scanner command that needs a file (``scanner.mode = "command"``).

The contract (docs/decisions/0402-scanner-command-contract.md):

* ``scanner.command`` is an argument list, run without a shell, as the client's own user, with
  the scan folder as working directory and stdin closed. Every ``{file}`` in an argument is
  replaced by the absolute path of the file to scan; without ``{file}`` the path is appended.
* Exit status 0: clean. 1: infected; the first non-empty stdout line (that is not one of the
  keys below) is the signature name. Anything else — another status, a signal, no start at all,
  no exit within the timeout — is INDETERMINATE.
* Optional stdout lines ``ENGINE: …``, ``ENGINE-VERSION: …``, ``SIGNATURE-VERSION: …`` are
  journaled with the result.

The plaintext file exists only during the scan: in a fresh ``0700`` folder
``<quarantine>/scan-XXXXXXXX/`` with a sanitised name, ``0600``, removed right after (also on
errors). A crash leaves the folder behind; :func:`client.sandbox.scanning.clean_stale_quarantine`
removes it at the next start (the folder's lock shows whether its owner still runs).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

from client.sandbox._owned import OwnedDir
from client.sandbox.errors import ScannerConfigInvalid
from client.sandbox.names import sanitize_filename
from client.sandbox.result import (
    CHUNK_SIZE,
    BinarySource,
    HashingReader,
    IndeterminateReason,
    ScannerInfo,
    ScanResult,
    Verdict,
    log_result,
)

log = logging.getLogger(__name__)

SCAN_PREFIX = "scan-"
FILE_PLACEHOLDER = "{file}"
EXIT_CLEAN = 0
EXIT_INFECTED = 1
UNNAMED_SIGNATURE = "(ohne Namen)"
_KEYS = ("ENGINE", "ENGINE-VERSION", "SIGNATURE-VERSION")
_MAX_FIELD = 200


class CommandScanner:
    """The :class:`~client.sandbox.result.Scanner` for an administrator's scanner command."""

    def __init__(
        self, command: Sequence[str], *, quarantine_dir: Path, timeout: float = 300.0
    ) -> None:
        argv = tuple(command)
        if not argv or not argv[0].strip():
            raise ScannerConfigInvalid(
                setting="scanner.command", value=" ".join(argv), reason="empty command"
            )
        self.argv = argv
        self.quarantine_dir = quarantine_dir
        self.timeout = timeout

    def info(self) -> ScannerInfo:
        return ScannerInfo(engine=Path(self.argv[0]).name)

    def ping(self) -> bool:
        """True when the command can be started (found and executable)."""
        return shutil.which(self.argv[0]) is not None

    def close(self) -> None:
        """Nothing to release: every scan has its own folder and process."""

    def scan(self, source: BinarySource, *, name: str = "") -> ScanResult:
        reader = HashingReader(source)
        started = time.monotonic()
        with OwnedDir.create(self.quarantine_dir, SCAN_PREFIX) as folder:
            path = folder.path / sanitize_filename(name or "Anhang")
            result = self._write(reader, path) or self._run(reader, path)
        log_result(log, result, seconds=time.monotonic() - started, where=self.info().engine)
        return result

    def _write(self, reader: HashingReader, path: Path) -> ScanResult | None:
        """Write the plaintext; an INDETERMINATE result if the quarantine cannot take it."""
        try:
            fd = os.open(
                path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600
            )
        except OSError as exc:
            return self._failed(reader, IndeterminateReason.SCANNER_ERROR, f"quarantine: {exc}")
        with os.fdopen(fd, "wb") as handle:
            while chunk := reader.read(CHUNK_SIZE):  # source errors propagate
                try:
                    handle.write(chunk)
                except OSError as exc:
                    detail = f"quarantine: {exc}"
                    return self._failed(reader, IndeterminateReason.SCANNER_ERROR, detail)
        return None

    def _run(self, reader: HashingReader, path: Path) -> ScanResult:
        argv = [arg.replace(FILE_PLACEHOLDER, str(path)) for arg in self.argv]
        if not any(FILE_PLACEHOLDER in arg for arg in self.argv):
            argv.append(str(path))
        try:
            process = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=path.parent,
                start_new_session=True,  # so a timeout can kill the command with its children
            )
        except OSError as exc:
            return self._failed(reader, IndeterminateReason.UNREACHABLE, f"cannot start: {exc}")
        try:
            stdout, stderr = process.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            detail = f"no exit within {self.timeout:g} s"
            return self._failed(reader, IndeterminateReason.TIMEOUT, detail)
        return self._interpret(reader, process.returncode, stdout, stderr)

    def _interpret(
        self, reader: HashingReader, status: int, stdout: bytes, stderr: bytes
    ) -> ScanResult:
        fields, first_line = _parse_output(stdout.decode("utf-8", errors="replace"))
        info = ScannerInfo(
            engine=fields.get("ENGINE") or self.info().engine,
            engine_version=fields.get("ENGINE-VERSION", ""),
            signature_version=fields.get("SIGNATURE-VERSION", ""),
        )
        if status == EXIT_CLEAN:
            return reader.result(Verdict.OK, info)
        if status == EXIT_INFECTED:
            return reader.result(Verdict.INFECTED, info, signature=first_line or UNNAMED_SIGNATURE)
        how = f"killed by signal {-status}" if status < 0 else f"exit status {status}"
        message = _clean(stderr.decode("utf-8", errors="replace").strip().splitlines()[:1])
        detail = f"{how}: {message}" if message else how
        return reader.result(
            Verdict.INDETERMINATE, info, reason=IndeterminateReason.SCANNER_ERROR, detail=detail
        )

    def _failed(
        self, reader: HashingReader, reason: IndeterminateReason, detail: str
    ) -> ScanResult:
        return reader.result(Verdict.INDETERMINATE, self.info(), reason=reason, detail=detail)


def _parse_output(text: str) -> tuple[dict[str, str], str]:
    """The ``KEY: value`` fields and the first other non-empty line, each cleaned and capped."""
    fields: dict[str, str] = {}
    first_line = ""
    for line in text.splitlines():
        key, colon, value = line.partition(":")
        if colon and key.strip().upper() in _KEYS:
            fields.setdefault(key.strip().upper(), _clean([value]))
        elif not first_line and line.strip():
            first_line = _clean([line])
    return fields, first_line


def _clean(lines: Sequence[str]) -> str:
    """One line of printable text, at most 200 characters (it ends up in the journal and GUI)."""
    text = "".join(ch for ch in " ".join(lines) if ch.isprintable()).strip()
    return text[:_MAX_FIELD]
