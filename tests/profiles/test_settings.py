from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from profiles import settings
from profiles.errors import SettingsError, SettingsTooNew


def test_defaults_without_file(tmp_path: Path) -> None:
    loaded = settings.load(tmp_path / "settings.toml")
    assert loaded == settings.Settings()
    assert loaded.scanner.mode == "private-clamd"
    assert loaded.retention.enabled is None  # scenario default applies


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    value = settings.Settings(
        transfer_dir="/home/tg/transfer",
        language="en",
        proxy_url="http://proxy.local:3128",
        scanner=settings.ScannerSettings(mode="command", command=("scan", "--file", "{path}")),
        retention=settings.RetentionSettings(enabled=False, trash_after_days=30),
    )
    settings.save(path, value)
    assert "schema_version = 1" in path.read_text()
    assert settings.load(path) == value


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("schema_version = 7\n")
    with pytest.raises(SettingsTooNew) as caught:
        settings.load(path)
    assert (caught.value.version, caught.value.supported) == (7, settings.CURRENT_VERSION)
    assert path.read_text() == "schema_version = 7\n"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('language = "fr"', "language"),
        ('[scanner]\nmode = "magic"', "scanner.mode"),
        ('[scanner]\nmode = "command"', "scanner.command"),
        ("[retention]\ntrash_after_days = 0", "positive"),
        ("transfer_dir = 5", "transfer_dir"),
        ("schema_version = true", "schema_version"),
        ("= broken", "line"),
    ],
)
def test_invalid_settings_say_why(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(content + "\n")
    with pytest.raises(SettingsError, match=reason):
        settings.load(path)


def _rename_transfer(doc: dict[str, Any]) -> dict[str, Any]:
    doc = dict(doc)
    doc["transfer_dir"] = doc.pop("transfer_folder")
    return doc


def _add_language(doc: dict[str, Any]) -> dict[str, Any]:
    return {**doc, "language": doc.get("language", "de")}


def test_migrations_run_in_order_and_keep_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    old = 'schema_version = 1\ntransfer_folder = "/old/transfer"\n'
    path.write_text(old)
    loaded = settings.load(path, migrations=(_rename_transfer, _add_language))
    assert loaded.transfer_dir == "/old/transfer"
    assert (tmp_path / "settings.toml.v1.bak").read_text() == old
    assert "schema_version = 3" in path.read_text()
    # The upgraded file loads again without another migration (and without a new backup).
    (tmp_path / "settings.toml.v1.bak").unlink()
    assert settings.load(path, migrations=(_rename_transfer, _add_language)) == loaded
    assert not (tmp_path / "settings.toml.v1.bak").exists()


def test_migration_starts_at_the_file_version(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('schema_version = 2\ntransfer_dir = "/t"\n')
    loaded = settings.load(path, migrations=(_rename_transfer, _add_language))
    assert loaded.transfer_dir == "/t"
