"""Favourite recipients, kept per working directory in ``favourites.json`` (its root).

A favourite remembers who (SAFE-ID) and how to show it (organisation, name, city); it is never a
send target by itself: :meth:`client.core.directory.DirectoryClient.recipient` fetches the entry
afresh. Favourites are added from directory results only, never from a typed SAFE-ID. The file is
written atomically (tmp → fsync → rename); a file from a newer version or a broken one is left
untouched and reported as :class:`~client.core.errors.FavouritesUnreadable`.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from client.core.directory import DirectoryEntry, DirectoryHit
from client.core.errors import FavouritesUnreadable
from profiles.paths import WorkdirPaths, atomic_write_bytes

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Favourite:
    safe_id: str
    organisation: str
    name: str
    ort: str
    added: datetime

    @property
    def display_name(self) -> str:
        return ", ".join(p for p in (self.organisation, self.name) if p) or self.safe_id


class Favourites:
    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def for_workdir(cls, paths: WorkdirPaths) -> Favourites:
        return cls(paths.favourites_file)

    def entries(self) -> tuple[Favourite, ...]:
        """The favourites in the order they were added (an absent file means none)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return ()
        except OSError as exc:
            raise FavouritesUnreadable(path=self.path, reason=str(exc)) from exc
        try:
            data: dict[str, Any] = json.loads(raw)
            version = data["format_version"]
            if not isinstance(version, int) or version > FORMAT_VERSION:
                raise FavouritesUnreadable(
                    path=self.path, reason=f"Format {version} einer neueren Programmversion"
                )
            return tuple(
                Favourite(
                    safe_id=str(item["safe_id"]),
                    organisation=str(item["organisation"]),
                    name=str(item["name"]),
                    ort=str(item["ort"]),
                    added=datetime.fromisoformat(item["added"]),
                )
                for item in data["favourites"]
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise FavouritesUnreadable(path=self.path, reason=f"Inhalt fehlerhaft ({exc})") from exc

    def __contains__(self, safe_id: object) -> bool:
        return any(f.safe_id == safe_id for f in self.entries())

    def add(
        self, entry: DirectoryHit | DirectoryEntry, *, now: datetime | None = None
    ) -> Favourite:
        """Remember a directory result (again adding the same SAFE-ID updates its display)."""
        card = entry.visitenkarte
        favourite = Favourite(
            safe_id=entry.safe_id,
            organisation=card.organisation,
            name=card.name,
            ort=card.ort,
            added=(now or datetime.now(UTC)).replace(microsecond=0),
        )
        current = self.entries()
        kept = [f for f in current if f.safe_id != entry.safe_id]
        previous = next((f for f in current if f.safe_id == entry.safe_id), None)
        if previous is not None:
            favourite = replace(favourite, added=previous.added)
            kept.insert(current.index(previous), favourite)
        else:
            kept.append(favourite)
        self._write(kept)
        logger.info("favourite %s saved", entry.safe_id)
        return favourite

    def remove(self, safe_id: str) -> bool:
        current = self.entries()
        kept = [f for f in current if f.safe_id != safe_id]
        if len(kept) == len(current):
            return False
        self._write(kept)
        logger.info("favourite %s removed", safe_id)
        return True

    def _write(self, favourites: list[Favourite]) -> None:
        data = {
            "format_version": FORMAT_VERSION,
            "favourites": [
                {
                    "safe_id": f.safe_id,
                    "organisation": f.organisation,
                    "name": f.name,
                    "ort": f.ort,
                    "added": f.added.isoformat(),
                }
                for f in favourites
            ],
        }
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        atomic_write_bytes(self.path, text.encode("utf-8"))
