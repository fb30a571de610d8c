"""German display formats for dates and sizes (what a clerk expects: 05.03.2024 14:07, 1,2 MB)."""

from __future__ import annotations

from datetime import date, datetime


def format_datetime(moment: datetime | None) -> str:
    """Local time, ``dd.mm.yyyy HH:MM``; empty for ``None``."""
    if moment is None:
        return ""
    return moment.astimezone().strftime("%d.%m.%Y %H:%M")


def format_date(day: date | datetime | None) -> str:
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = day.astimezone().date()
    return day.strftime("%d.%m.%Y")


def format_size(size: int | None) -> str:
    """Bytes in kB/MB with a decimal comma (1 kB = 1,000 bytes, as the ERV limits count)."""
    if size is None:
        return ""
    if size < 1000:
        return f"{size} Byte"
    if size < 1_000_000:
        return f"{size / 1000:.0f} kB"
    if size < 10_000_000:
        return f"{size / 1_000_000:.1f} MB".replace(".", ",")
    return f"{size / 1_000_000:.0f} MB"
