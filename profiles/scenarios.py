"""Scenarios and the catalogue that resolves configuration IDs to them.

A scenario is a TOML file (format documented in ``profiles/scenarios/README.md``). The catalogue is
the shipped files in ``profiles/scenarios/`` plus, taking precedence, the ``scenario.toml`` an
administrator drops into a working directory ``<base>/bebpo/<name>/``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from profiles.errors import (
    InvalidConfigurationId,
    KnownScenario,
    ScenarioFileError,
    UnknownConfigurationId,
)
from profiles.paths import SCENARIO_FILE, is_valid_scenario_name, workdirs_root

SCENARIO_FORMAT_VERSION = 1
_CONFIGURATION_ID = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,63}$")


@dataclass(frozen=True)
class Limits:
    """What one message may carry (ERVB: 1,000 files and 200 MB) and when to send in chunks."""

    max_files: int = 1000
    max_message_bytes: int = 200_000_000
    chunk_threshold_bytes: int = 20_000_000
    chunk_size_bytes: int = 5_000_000


@dataclass(frozen=True)
class RetentionDefaults:
    """Automatic deletion: to the Papierkorb N days after receipt, purged M days later."""

    enabled: bool = True
    trash_after_days: int = 90
    purge_after_days: int = 30
    only_after_export: bool = False


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    configuration_ids: tuple[str, ...]
    intermediary_url: str
    intermediary_cipher_certificate: str
    intermediary_signature_certificate: str | None
    directory_url: str
    validation_url: str
    xjustiz_version: str
    limits: Limits
    retention: RetentionDefaults
    source: str

    def summary(self) -> KnownScenario:
        return KnownScenario(self.name, self.title, self.configuration_ids)


def normalise_configuration_id(raw: str) -> str:
    """Configuration IDs are case-insensitive and may be pasted with blanks around them."""
    value = raw.strip().upper()
    if not _CONFIGURATION_ID.match(value):
        raise InvalidConfigurationId(raw)
    return value


def load_scenario(path: Path) -> Scenario:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ScenarioFileError(path, str(exc)) from exc
    return parse_scenario(data, source=str(path), path=path)


def parse_scenario(data: Mapping[str, Any], *, source: str, path: Path | None = None) -> Scenario:
    where = path or Path(source)
    try:
        return _parse(data, source)
    except (KeyError, TypeError, ValueError) as exc:
        raise ScenarioFileError(where, _reason(exc)) from exc


def _reason(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing entry {exc.args[0]}"
    return str(exc)


def _parse(data: Mapping[str, Any], source: str) -> Scenario:
    version = _int(data.get("format_version", 1), "format_version")
    if version > SCENARIO_FORMAT_VERSION:
        raise ValueError(f"format_version {version} is newer than {SCENARIO_FORMAT_VERSION}")
    name = _str(data["name"], "name")
    if not is_valid_scenario_name(name):
        raise ValueError(f"name {name!r} must be lower-case letters, digits, '-' or '_'")
    ids = tuple(normalise_configuration_id(_str(v, "configuration_ids")) for v in _list(data))
    if not ids:
        raise ValueError("configuration_ids must not be empty")
    intermediary = _table(data, "intermediary")
    return Scenario(
        name=name,
        title=_str(data.get("title", name), "title"),
        configuration_ids=ids,
        intermediary_url=_url(intermediary["url"], "intermediary.url"),
        intermediary_cipher_certificate=_filename(intermediary["cipher_certificate"]),
        intermediary_signature_certificate=_optional_filename(
            intermediary.get("signature_certificate")
        ),
        directory_url=_url(_table(data, "directory")["url"], "directory.url"),
        validation_url=_url(_table(data, "validation")["url"], "validation.url"),
        xjustiz_version=_str(data.get("xjustiz_version", "3.5.1"), "xjustiz_version"),
        limits=_limits(data.get("limits", {})),
        retention=_retention(data.get("retention", {})),
        source=source,
    )


def _limits(raw: Any) -> Limits:
    table = _mapping(raw, "limits")
    default = Limits()
    values = {
        key: _positive(table.get(key, getattr(default, key)), f"limits.{key}")
        for key in ("max_files", "max_message_bytes", "chunk_threshold_bytes", "chunk_size_bytes")
    }
    return Limits(**values)


def _retention(raw: Any) -> RetentionDefaults:
    table = _mapping(raw, "retention")
    default = RetentionDefaults()
    return RetentionDefaults(
        enabled=_bool(table.get("enabled", default.enabled), "retention.enabled"),
        trash_after_days=_positive(
            table.get("trash_after_days", default.trash_after_days), "retention.trash_after_days"
        ),
        purge_after_days=_positive(
            table.get("purge_after_days", default.purge_after_days), "retention.purge_after_days"
        ),
        only_after_export=_bool(
            table.get("only_after_export", default.only_after_export),
            "retention.only_after_export",
        ),
    )


def _list(data: Mapping[str, Any]) -> list[Any]:
    value = data["configuration_ids"]
    if not isinstance(value, list):
        raise TypeError("configuration_ids must be a list of strings")
    return value


def _table(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    return _mapping(data[key], key)


def _mapping(value: Any, key: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TypeError(f"[{key}] must be a table")
    return value


def _str(value: Any, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError(f"{key} must be a non-empty string")
    return value.strip()


def _int(value: Any, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{key} must be an integer")
    return value


def _positive(value: Any, key: str) -> int:
    number = _int(value, key)
    if number <= 0:
        raise ValueError(f"{key} must be positive")
    return number


def _bool(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{key} must be true or false")
    return value


def _url(value: Any, key: str) -> str:
    text = _str(value, key)
    if not re.match(r"^https?://[^\s/]+", text):
        raise ValueError(f"{key} must be an http(s) URL")
    return text


def _filename(value: Any) -> str:
    text = _str(value, "certificate")
    if "/" in text or "\\" in text or text.startswith("."):
        raise ValueError(f"certificate {text!r} must be a plain file name in keys/")
    return text


def _optional_filename(value: Any) -> str | None:
    return None if value is None else _filename(value)


def shipped_scenarios() -> list[Scenario]:
    """The scenario files that ship with the program (``profiles/scenarios/*.toml``)."""
    folder = resources.files("profiles") / "scenarios"
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            found.append(parse_scenario(data, source=f"shipped:{entry.name}"))
    return found


def dropped_scenarios(base: Path) -> list[Scenario]:
    """Scenario files an administrator put into working directories under ``base``."""
    root = workdirs_root(base)
    if not root.is_dir():
        return []
    return [load_scenario(f) for f in sorted(root.glob(f"*/{SCENARIO_FILE}"))]


class Catalogue:
    """Resolves configuration IDs to scenarios; dropped files override shipped ones by name."""

    def __init__(self, scenarios: Iterable[Scenario]) -> None:
        by_name: dict[str, Scenario] = {}
        for scenario in scenarios:
            by_name[scenario.name] = scenario
        self._by_name = by_name

    @classmethod
    def load(cls, base: Path) -> Catalogue:
        return cls([*shipped_scenarios(), *dropped_scenarios(base)])

    @property
    def scenarios(self) -> tuple[Scenario, ...]:
        return tuple(sorted(self._by_name.values(), key=lambda s: s.name))

    def by_name(self, name: str) -> Scenario | None:
        return self._by_name.get(name)

    def resolve(self, configuration_id: str) -> Scenario:
        wanted = normalise_configuration_id(configuration_id)
        for scenario in self.scenarios:
            if wanted in scenario.configuration_ids:
                return scenario
        raise UnknownConfigurationId(wanted, tuple(s.summary() for s in self.scenarios))
