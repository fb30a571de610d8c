"""Status and toolbar icons from ``resources/icons`` (own SVG drawings), loaded once."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from client.store import ScanState, Verdict
from profiles.paths import resource_dir


@cache
def icon(name: str) -> QIcon:
    """``resources/icons/<name>.svg`` as a QIcon (cached: a list paints thousands of them)."""
    return QIcon(str(resource_dir() / "icons" / f"{name}.svg"))


def verdict_icon_name(*verdicts: Verdict) -> str:
    """One badge for several verdicts: invalid wins, then undecided, valid only if all are."""
    if any(v is Verdict.INVALID for v in verdicts):
        return "sig-invalid"
    if verdicts and all(v is Verdict.VALID for v in verdicts):
        return "sig-valid"
    return "sig-unknown"


def scan_icon_name(state: ScanState) -> str:
    if state is ScanState.OK:
        return "scan-ok"
    if state is ScanState.INFECTED:
        return "scan-infected"
    return "scan-pending"
