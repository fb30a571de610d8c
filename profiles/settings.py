"""Per-working-directory settings in ``settings.toml``, with a schema version and migrations.

Loading reads the file, refuses a version newer than this program knows, applies the ordered
migrations from its version up to :data:`CURRENT_VERSION` (keeping a copy of the old file as
``settings.toml.v<N>.bak``) and validates the result into a frozen :class:`Settings`. Saving is
atomic. Add a migration by appending to :data:`MIGRATIONS` and bumping :data:`CURRENT_VERSION`;
test it against a real file of the old version kept under ``tests/profiles/data/``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import tomli_w

from profiles.errors import SettingsError, SettingsTooNew
from profiles.paths import atomic_write_bytes, atomic_write_text

CURRENT_VERSION = 1

Migration = Callable[[dict[str, Any]], dict[str, Any]]
# MIGRATIONS[i] turns a version i+1 document into version i+2.
MIGRATIONS: tuple[Migration, ...] = ()

T = TypeVar("T")

SCANNER_MODES = ("clamd", "private-clamd", "command")
LANGUAGES = ("de", "en")


@dataclass(frozen=True)
class ScannerSettings:
    """``clamd``: a running daemon's socket; ``private-clamd``: the client starts its own clamd
    with ``signature_dir``; ``command``: an administrator's scanner command that needs a file.
    """

    mode: str = "private-clamd"
    clamd_socket: str = ""
    signature_dir: str = ""
    command: tuple[str, ...] = ()


@dataclass(frozen=True)
class RetentionSettings:
    """``None`` means: use the scenario's default."""

    enabled: bool | None = None
    trash_after_days: int | None = None
    purge_after_days: int | None = None
    only_after_export: bool | None = None


@dataclass(frozen=True)
class Settings:
    transfer_dir: str = "~/transfer"
    allowed_transfer_types: tuple[str, ...] = ("pdf", "tiff", "xml", "p7s")
    language: str = "de"
    proxy_url: str = ""
    scanner: ScannerSettings = field(default_factory=ScannerSettings)
    retention: RetentionSettings = field(default_factory=RetentionSettings)

    def with_changes(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def load(path: Path, migrations: Sequence[Migration] = MIGRATIONS) -> Settings:
    """Settings from ``path``; defaults when the file does not exist yet."""
    if not path.exists():
        return Settings()
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(path, str(exc)) from exc
    current = len(migrations) + 1
    version = document.get("schema_version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise SettingsError(path, f"invalid schema_version {version!r}")
    if version > current:
        raise SettingsTooNew(path, version, current)
    if version < current:
        atomic_write_bytes(path.with_name(f"{path.name}.v{version}.bak"), path.read_bytes())
        document = migrate(document, version, migrations)
        settings = _parse(path, document)
        save(path, settings, version=current)
        return settings
    return _parse(path, document)


def migrate(
    document: Mapping[str, Any], version: int, migrations: Sequence[Migration] = MIGRATIONS
) -> dict[str, Any]:
    """Apply the migrations from ``version`` on, in order."""
    result = dict(document)
    for step in migrations[version - 1 :]:
        result = step(result)
    result["schema_version"] = len(migrations) + 1
    return result


def save(path: Path, settings: Settings, *, version: int = CURRENT_VERSION) -> None:
    document = {"schema_version": version, **_to_document(settings)}
    atomic_write_text(path, tomli_w.dumps(document))


def _to_document(settings: Settings) -> dict[str, Any]:
    raw = asdict(settings)
    # TOML has no null: unset optional values are left out and read back as None.
    raw["retention"] = {k: v for k, v in raw["retention"].items() if v is not None}
    raw["allowed_transfer_types"] = list(settings.allowed_transfer_types)
    raw["scanner"]["command"] = list(settings.scanner.command)
    return raw


def _parse(path: Path, document: Mapping[str, Any]) -> Settings:
    try:
        return _settings(document)
    except (TypeError, ValueError) as exc:
        raise SettingsError(path, str(exc)) from exc


def _settings(doc: Mapping[str, Any]) -> Settings:
    default = Settings()
    language = _typed(doc.get("language", default.language), str, "language")
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    types = _str_list(doc.get("allowed_transfer_types", default.allowed_transfer_types))
    return Settings(
        transfer_dir=_typed(doc.get("transfer_dir", default.transfer_dir), str, "transfer_dir"),
        allowed_transfer_types=tuple(t.lower().lstrip(".") for t in types),
        language=language,
        proxy_url=_typed(doc.get("proxy_url", default.proxy_url), str, "proxy_url"),
        scanner=_scanner(_table(doc, "scanner")),
        retention=_retention(_table(doc, "retention")),
    )


def _scanner(doc: Mapping[str, Any]) -> ScannerSettings:
    mode = _typed(doc.get("mode", "private-clamd"), str, "scanner.mode")
    if mode not in SCANNER_MODES:
        raise ValueError(f"scanner.mode must be one of {', '.join(SCANNER_MODES)}")
    command = tuple(_str_list(doc.get("command", [])))
    if mode == "command" and not command:
        raise ValueError("scanner.command is required when scanner.mode is 'command'")
    return ScannerSettings(
        mode=mode,
        clamd_socket=_typed(doc.get("clamd_socket", ""), str, "scanner.clamd_socket"),
        signature_dir=_typed(doc.get("signature_dir", ""), str, "scanner.signature_dir"),
        command=command,
    )


def _retention(doc: Mapping[str, Any]) -> RetentionSettings:
    def days(key: str) -> int | None:
        value = doc.get(key)
        if value is None:
            return None
        number = _typed(value, int, f"retention.{key}")
        if number <= 0:
            raise ValueError(f"retention.{key} must be positive")
        return number

    def flag(key: str) -> bool | None:
        value = doc.get(key)
        return None if value is None else _typed(value, bool, f"retention.{key}")

    return RetentionSettings(
        enabled=flag("enabled"),
        trash_after_days=days("trash_after_days"),
        purge_after_days=days("purge_after_days"),
        only_after_export=flag("only_after_export"),
    )


def _table(doc: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = doc.get(key, {})
    if not isinstance(value, Mapping):
        raise TypeError(f"[{key}] must be a table")
    return value


def _typed(value: Any, kind: type[T], key: str) -> T:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError(f"{key} must be of type {kind.__name__}")
    return value


def _str_list(value: Any) -> list[str]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise TypeError("expected a list of strings")
    return list(value)
