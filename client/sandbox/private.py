"""A private clamd the client starts itself, with a given signature folder, offline.

Used when no daemon is configured (``scanner.mode = "private-clamd"``). The client writes a
``clamd.conf`` into a fresh ``0700`` run folder (``$XDG_RUNTIME_DIR`` or the temp folder: a Unix
socket path must stay under 108 bytes, which a working directory deep in a home folder may not),
starts ``clamd`` in the foreground as a child process, waits for PONG, and stops it with SIGTERM
(SIGKILL after a grace period) — also at interpreter exit. clamd's temporary files (the streamed
plaintext) go into a private folder inside the working directory's quarantine.

Crash safety: the run folder and the temp folder are :class:`~client.sandbox._owned.OwnedDir`\\ s.
If the client dies without stopping clamd, the next start finds the run folder unlocked, stops
the orphaned clamd by the PID recorded there (after checking that PID still runs our config) and
removes both folders.

No ``User`` line and no TCP socket: clamd runs as whoever starts it (root or a normal user), and
only through a ``0600`` Unix socket.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from client.sandbox._owned import OwnedDir, clean_stale_dirs
from client.sandbox.clamd import ENGINE, ClamdAddress, ClamdClient, ClamdScanner
from client.sandbox.errors import ScannerStartFailed, SignatureDirInvalid
from client.sandbox.result import (
    BinarySource,
    HashingReader,
    IndeterminateReason,
    ScannerInfo,
    ScanResult,
    Verdict,
)
from profiles.paths import atomic_write_text

log = logging.getLogger(__name__)

MiB = 1 << 20
RUNTIME_PREFIX = "bebpo-clamd-"
TEMP_PREFIX = "clamd-"
CONF_NAME = "clamd.conf"
SOCKET_NAME = "clamd.sock"
PID_NAME = "child.pid"
LOG_NAME = "clamd.log"
_MAX_SOCKET_PATH = 100  # sun_path is 108 bytes including the NUL; keep a margin
_CLAMD_CANDIDATES = ("/usr/sbin/clamd", "/usr/local/sbin/clamd", "/opt/homebrew/sbin/clamd")
# Files clamd loads signatures from (sigtool --help, "Database formats" in the ClamAV manual).
_SIGNATURE_SUFFIXES = frozenset(
    {".cvd", ".cld", ".cud", ".hdb", ".hsb", ".hdu", ".hsu", ".mdb", ".msb", ".mdu", ".msu"}
    | {".ndb", ".ndu", ".ldb", ".ldu", ".idb", ".cdb", ".cbc", ".pdb", ".gdb", ".wdb", ".ftm"}
    | {".crb", ".yar", ".yara"}
)
_OFFICIAL_STEMS = ("main", "daily", "bytecode")


@dataclass(frozen=True)
class ClamdLimits:
    """clamd's size and time limits. Raised well above ClamAV's defaults (StreamMaxLength 100M)
    so a 200 MB document is scanned, not refused; bigger is INDETERMINATE, never OK."""

    stream_max_length: int = 400 * MiB
    max_file_size: int = 400 * MiB
    max_scan_size: int = 1600 * MiB
    max_scan_time_ms: int = 180_000

    def __post_init__(self) -> None:
        # libclamav cannot scan files of 2 GiB or more and warns about such settings.
        for value in (self.stream_max_length, self.max_file_size, self.max_scan_size):
            if not 0 < value < 2 * 1024 * MiB:
                raise ValueError("clamd size limits must be between 1 byte and 2 GiB")
        if self.max_scan_time_ms <= 0:
            raise ValueError("max_scan_time_ms must be positive")


def find_clamd() -> str | None:
    """The clamd binary: ``$PATH`` first, then the usual sbin folders (not in a user's PATH)."""
    found = shutil.which("clamd")
    if found:
        return found
    for candidate in _CLAMD_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    return None


def default_runtime_parent() -> Path:
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and Path(runtime).is_dir() and os.access(runtime, os.W_OK):
        return Path(runtime)
    return Path(tempfile.gettempdir())


def check_signature_dir(path: Path) -> list[Path]:
    """The signature files in ``path``; raises :class:`SignatureDirInvalid` if there are none."""
    if any(ch in str(path) for ch in "\n\r\0"):
        raise SignatureDirInvalid(path=path, reason="path contains control characters")
    if not path.exists():
        raise SignatureDirInvalid(path=path, reason="does not exist")
    if not path.is_dir():
        raise SignatureDirInvalid(path=path, reason="is not a folder")
    try:
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in _SIGNATURE_SUFFIXES)
    except OSError as exc:
        raise SignatureDirInvalid(path=path, reason=f"not readable: {exc}") from exc
    if not files:
        raise SignatureDirInvalid(path=path, reason="holds no signature database files")
    return files


def custom_signature_version(files: list[Path]) -> str:
    """For folders without the official databases: a digest of the signature files, so the
    journal still says which set gave a verdict."""
    digest = hashlib.sha256()
    for path in files:
        data = path.read_bytes()
        digest.update(f"{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    return f"custom-{digest.hexdigest()[:16]}"


def render_conf(
    *, socket_path: Path, signature_dir: Path, temp_dir: Path, pid_file: Path, limits: ClamdLimits
) -> str:
    for value in (socket_path, signature_dir, temp_dir, pid_file):
        if any(ch in str(value) for ch in "\n\r\0"):
            raise ValueError(f"path with control characters: {value!r}")
    return "\n".join(
        [
            "# Written by beBPo-Client for its private clamd; rewritten at every start.",
            "Foreground yes",
            f"LocalSocket {socket_path}",
            "LocalSocketMode 600",
            "FixStaleSocket yes",
            f"DatabaseDirectory {signature_dir}",
            f"TemporaryDirectory {temp_dir}",
            f"PidFile {pid_file}",
            f"StreamMaxLength {limits.stream_max_length}",
            f"MaxFileSize {limits.max_file_size}",
            f"MaxScanSize {limits.max_scan_size}",
            f"MaxScanTime {limits.max_scan_time_ms}",
            # Fail closed: what clamd could not look into is reported, and we map it to
            # INDETERMINATE (Heuristics.Limits.Exceeded.*, Heuristics.Encrypted.*).
            "AlertExceedsMax yes",
            "AlertEncryptedArchive yes",
            "AlertEncryptedDoc yes",
            # The signature folder is ours or the operator's; no reload checks, no second copy.
            "SelfCheck 0",
            "ConcurrentDatabaseReload no",
            "",
        ]
    )


class PrivateClamd:
    """One private clamd child process. Thread-safe start/stop; a context manager."""

    def __init__(
        self,
        signature_dir: Path,
        *,
        temp_parent: Path | None = None,
        runtime_parent: Path | None = None,
        limits: ClamdLimits | None = None,
        executable: str | None = None,
        start_timeout: float = 120.0,
    ) -> None:
        self.signature_dir = Path(signature_dir).expanduser()
        self.temp_parent = temp_parent
        self.runtime_parent = runtime_parent
        self.limits = limits or ClamdLimits()
        self.executable = executable
        self.start_timeout = start_timeout
        self.signature_version = ""
        self._lock = threading.RLock()
        self._process: subprocess.Popen[bytes] | None = None
        self._run: OwnedDir | None = None
        self._temp: OwnedDir | None = None

    # ------------------------------------------------------------ state

    @property
    def address(self) -> ClamdAddress:
        if self._run is None:
            raise RuntimeError("the private clamd is not started")
        return ClamdAddress(unix_path=self._run.path / SOCKET_NAME)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def run_dir(self) -> Path | None:
        return self._run.path if self._run is not None else None

    @property
    def temp_dir(self) -> Path | None:
        if self._temp is not None:
            return self._temp.path
        return self._run.path / "tmp" if self._run is not None else None

    def log_tail(self, lines: int = 20) -> str:
        if self._run is None:
            return ""
        try:
            text = (self._run.path / LOG_NAME).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    # ------------------------------------------------------------ start / stop

    def start(self) -> None:
        with self._lock:
            if self.running:
                return
            self._terminate()  # reap a child that died on its own
            self._cleanup()
            executable = self.executable or find_clamd()
            if executable is None:
                raise ScannerStartFailed(executable="clamd", reason="clamd is not installed")
            files = check_signature_dir(self.signature_dir)
            if not any(p.stem.split(".")[0] in _OFFICIAL_STEMS for p in files):
                self.signature_version = custom_signature_version(files)
            runtime_parent = self.runtime_parent or default_runtime_parent()
            clean_stale_private_clamds(runtime_parent)
            try:
                try:
                    self._spawn(executable, runtime_parent)
                except (OSError, ValueError) as exc:
                    raise ScannerStartFailed(executable=executable, reason=str(exc)) from exc
                self._wait_ready(executable)
            except BaseException:
                self._terminate()
                self._cleanup()
                raise
            atexit.register(self.stop)
            log.info(
                "Private clamd started (PID %s, socket %s, signatures %s).",
                self.pid,
                self.address,
                self.signature_dir,
            )

    def stop(self, timeout: float = 10.0) -> None:
        with self._lock:
            atexit.unregister(self.stop)
            if self._process is not None:
                log.info("Stopping the private clamd (PID %s).", self._process.pid)
            self._terminate(timeout)
            self._cleanup()

    def restart(self) -> None:
        with self._lock:
            self.stop()
            self.start()

    def __enter__(self) -> PrivateClamd:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _spawn(self, executable: str, runtime_parent: Path) -> None:
        self._run = OwnedDir.create(runtime_parent, RUNTIME_PREFIX)
        socket_path = self._run.path / SOCKET_NAME
        if len(os.fsencode(socket_path)) > _MAX_SOCKET_PATH:
            raise ScannerStartFailed(
                executable=executable,
                reason=f"socket path too long for a Unix socket: {socket_path}",
            )
        if self.temp_parent is not None:
            self._temp = OwnedDir.create(self.temp_parent, TEMP_PREFIX)
        temp_dir = self._temp.path if self._temp is not None else self._run.path / "tmp"
        temp_dir.mkdir(mode=0o700, exist_ok=True)
        conf = self._run.path / CONF_NAME
        atomic_write_text(
            conf,
            render_conf(
                socket_path=socket_path,
                signature_dir=self.signature_dir.resolve(),
                temp_dir=temp_dir,
                pid_file=self._run.path / "clamd.pid",
                limits=self.limits,
            ),
        )
        with (self._run.path / LOG_NAME).open("wb") as log_file:
            self._process = subprocess.Popen(
                [executable, f"--config-file={conf}"],
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                cwd=self._run.path,
                start_new_session=True,  # a terminal's Ctrl-C is for the client, not for clamd
            )
        atomic_write_text(self._run.path / PID_NAME, f"{self._process.pid}\n")

    def _wait_ready(self, executable: str) -> None:
        process = self._process
        if process is None:
            raise RuntimeError("clamd was not spawned")
        client = ClamdClient(self.address, connect_timeout=1.0, io_timeout=5.0)
        deadline = time.monotonic() + self.start_timeout
        delay = 0.02
        while True:
            status = process.poll()
            if status is not None:
                raise ScannerStartFailed(
                    executable=executable,
                    reason=f"clamd exited with status {status}",
                    log_tail=self.log_tail(),
                )
            if (self._run is not None and (self._run.path / SOCKET_NAME).exists()) and (
                client.ping()
            ):
                return
            if time.monotonic() > deadline:
                raise ScannerStartFailed(
                    executable=executable,
                    reason=f"no PONG within {self.start_timeout:g} s",
                    log_tail=self.log_tail(),
                )
            time.sleep(delay)
            delay = min(delay * 1.5, 0.25)

    def _terminate(self, timeout: float = 10.0) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            log.warning("The private clamd (PID %s) ignored SIGTERM; killing it.", process.pid)
            process.kill()
            process.wait(timeout)

    def _cleanup(self) -> None:
        for owned in (self._temp, self._run):
            if owned is not None:
                owned.remove()
        self._temp = self._run = None


class PrivateClamdScanner:
    """The :class:`~client.sandbox.result.Scanner` over a :class:`PrivateClamd` it owns.

    If the daemon died since the last scan, it is restarted (at most ``max_restarts`` times) before
    scanning. A scan during which it dies is INDETERMINATE (UNREACHABLE), never OK.
    """

    def __init__(
        self, daemon: PrivateClamd, *, max_restarts: int = 3, reply_timeout: float = 300.0
    ) -> None:
        self.daemon = daemon
        self.max_restarts = max_restarts
        self.restarts = 0
        self.reply_timeout = reply_timeout
        self._lock = threading.Lock()

    def start(self) -> PrivateClamdScanner:
        self.daemon.start()
        return self

    def _scanner(self) -> ClamdScanner:
        return ClamdScanner(
            self.daemon.address,
            stream_max_length=self.daemon.limits.stream_max_length,
            signature_version=self.daemon.signature_version,
            reply_timeout=self.reply_timeout,
        )

    def _ensure_running(self) -> ClamdScanner | None:
        with self._lock:
            if not self.daemon.running:
                if self.restarts >= self.max_restarts:
                    return None
                self.restarts += 1
                log.warning(
                    "The private clamd is not running; restarting it (%d of %d).",
                    self.restarts,
                    self.max_restarts,
                )
                try:
                    self.daemon.restart()
                except ScannerStartFailed as exc:
                    log.warning("Restarting the private clamd failed: %s", exc)
                    return None
            return self._scanner()

    def scan(self, source: BinarySource, *, name: str = "") -> ScanResult:
        scanner = self._ensure_running()
        if scanner is None:
            return HashingReader(source).result(
                Verdict.INDETERMINATE,
                ScannerInfo(ENGINE),
                reason=IndeterminateReason.UNREACHABLE,
                detail="the private clamd is not running",
            )
        return scanner.scan(source, name=name)

    def info(self) -> ScannerInfo:
        scanner = self._ensure_running()
        if scanner is None:
            return ScannerInfo(ENGINE)
        return scanner.info()

    def ping(self) -> bool:
        return self.daemon.running and self._scanner().ping()

    def close(self) -> None:
        self.daemon.stop()

    def __enter__(self) -> PrivateClamdScanner:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def clean_stale_private_clamds(
    runtime_parent: Path | None = None, *, min_age_s: float = 60.0
) -> int:
    """Stop orphaned private clamds of crashed clients and remove their run folders."""
    parent = runtime_parent or default_runtime_parent()
    return len(
        clean_stale_dirs(parent, RUNTIME_PREFIX, min_age_s=min_age_s, before_remove=_stop_orphan)
    )


def _stop_orphan(run_dir: Path) -> None:
    try:
        pid = int((run_dir / PID_NAME).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return
    if not _runs_config(pid, run_dir / CONF_NAME):
        return
    log.warning("Stopping the orphaned private clamd (PID %d) of a crashed client.", pid)
    for sig, wait_s in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, sig)
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if not _alive(pid):
                return
            time.sleep(0.05)


def _runs_config(pid: int, conf: Path) -> bool:
    """True when PID ``pid`` is a clamd started with ``conf`` (guards against PID reuse)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return any(arg == f"--config-file={conf}".encode() for arg in cmdline)


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    # A zombie (state Z) has exited; only its parent can reap it.
    return stat.rpartition(")")[2].split()[:1] != ["Z"]
