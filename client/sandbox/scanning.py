"""Choosing and opening the scanner a working directory's settings ask for.

* ``clamd``: a running daemon at ``scanner.clamd_socket`` (Unix socket or loopback TCP);
* ``private-clamd`` (default): the client starts its own clamd with ``scanner.signature_dir``
  (the operator's database; the demo uses :func:`demo_signature_dir`);
* ``command``: an administrator's scanner command that needs a file.

There is deliberately no silent fallback: a private clamd without a configured signature folder is
a configuration error, not a scanner with the demo's EICAR-only signatures.
"""

from __future__ import annotations

from pathlib import Path

from client.sandbox._owned import STALE_AFTER_S, clean_stale_dirs
from client.sandbox.clamd import ClamdScanner, parse_clamd_address
from client.sandbox.command import SCAN_PREFIX, CommandScanner
from client.sandbox.errors import ScannerConfigInvalid, SignatureDirInvalid
from client.sandbox.private import (
    TEMP_PREFIX,
    ClamdLimits,
    PrivateClamd,
    PrivateClamdScanner,
)
from client.sandbox.result import Scanner
from profiles.paths import resource_dir
from profiles.settings import ScannerSettings


def demo_signature_dir() -> Path:
    """The shipped demo signatures (EICAR by MD5 and by pattern) — for the demo and the tests
    only; they detect nothing else."""
    return resource_dir() / "clamav"


def open_scanner(
    settings: ScannerSettings,
    *,
    quarantine_dir: Path,
    limits: ClamdLimits | None = None,
    runtime_parent: Path | None = None,
    command_timeout: float = 300.0,
) -> Scanner:
    """The scanner for ``settings``, started and ready; call ``close()`` when done (it stops a
    private clamd). Removes stale quarantine leftovers of crashed runs first.

    Raises :class:`ScannerConfigInvalid`, :class:`SignatureDirInvalid` or
    :class:`ScannerStartFailed`.
    """
    clean_stale_quarantine(quarantine_dir)
    if settings.mode == "clamd":
        return ClamdScanner(parse_clamd_address(settings.clamd_socket))
    if settings.mode == "private-clamd":
        if not settings.signature_dir.strip():
            raise SignatureDirInvalid(path=None, reason="no signature folder configured")
        daemon = PrivateClamd(
            Path(settings.signature_dir).expanduser(),
            temp_parent=quarantine_dir,
            runtime_parent=runtime_parent,
            limits=limits,
        )
        return PrivateClamdScanner(daemon).start()
    if settings.mode == "command":
        return CommandScanner(
            settings.command, quarantine_dir=quarantine_dir, timeout=command_timeout
        )
    raise ScannerConfigInvalid(
        setting="scanner.mode",
        value=settings.mode,
        reason="expected clamd, private-clamd or command",
    )


def clean_stale_quarantine(quarantine_dir: Path, *, min_age_s: float = STALE_AFTER_S) -> int:
    """Remove plaintext leftovers of crashed runs (scanner-command files, private clamd temp
    folders) whose owner no longer runs; a live second instance's folders stay."""
    removed = clean_stale_dirs(quarantine_dir, SCAN_PREFIX, min_age_s=min_age_s)
    removed += clean_stale_dirs(quarantine_dir, TEMP_PREFIX, min_age_s=min_age_s)
    return len(removed)
