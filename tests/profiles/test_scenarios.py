from __future__ import annotations

from pathlib import Path

import pytest

from client.core.errors import user_message
from profiles.errors import InvalidConfigurationId, ScenarioFileError, UnknownConfigurationId
from profiles.scenarios import Catalogue, load_scenario, shipped_scenarios

GOOD = """
format_version = 1
name = "land-x"
title = "Land X – Produktion"
configuration_ids = ["LX-PROD", "lx-alt"]
[intermediary]
url = "https://osci.land-x.example/osci-manager-entry/externalentry"
cipher_certificate = "lx.pem"
[directory]
url = "https://safe.land-x.example/dir"
[validation]
url = "https://val.land-x.example/v"
[limits]
max_files = 500
"""


def test_shipped_scenarios_include_the_demo() -> None:
    names = {s.name: s for s in shipped_scenarios()}
    assert {"demo", "demo-gericht"} <= set(names)
    demo = names["demo"]
    assert demo.configuration_ids == ("DEMO",)
    assert demo.intermediary_url.startswith("http://127.0.0.1:")
    assert demo.limits.max_files == 1000
    assert demo.limits.max_message_bytes == 200_000_000
    assert demo.retention.enabled


def test_resolve_is_case_and_blank_insensitive(base_dir: Path) -> None:
    catalogue = Catalogue.load(base_dir)
    assert catalogue.resolve("  demo ").name == "demo"
    assert catalogue.resolve("Demo-Gericht").name == "demo-gericht"


def test_unknown_id_lists_known_scenarios_in_german(base_dir: Path) -> None:
    with pytest.raises(UnknownConfigurationId) as caught:
        Catalogue.load(base_dir).resolve("NRW-PROD")
    assert caught.value.configuration_id == "NRW-PROD"
    assert {s.name for s in caught.value.known} >= {"demo", "demo-gericht"}
    text = user_message(caught.value).full_text()
    assert "„NRW-PROD“ ist nicht bekannt" in text
    assert "DEMO" in text
    assert "DEMO-GERICHT" in text


@pytest.mark.parametrize("raw", ["", "a b", "ü", "x" * 70, "../etc"])
def test_malformed_ids_are_refused(base_dir: Path, raw: str) -> None:
    with pytest.raises(InvalidConfigurationId):
        Catalogue.load(base_dir).resolve(raw)


def test_dropped_scenario_file_is_found_and_overrides(base_dir: Path) -> None:
    folder = base_dir / "bebpo" / "land-x"
    folder.mkdir(parents=True)
    (folder / "scenario.toml").write_text(GOOD, encoding="utf-8")
    override = base_dir / "bebpo" / "demo"
    override.mkdir(parents=True)
    demo = (Path(__file__).parents[2] / "profiles" / "scenarios" / "demo.toml").read_text()
    (override / "scenario.toml").write_text(demo.replace("47180", "50000"), encoding="utf-8")

    catalogue = Catalogue.load(base_dir)
    land_x = catalogue.resolve("lx-alt")
    assert land_x.name == "land-x"
    assert land_x.limits.max_files == 500
    assert land_x.limits.max_message_bytes == 200_000_000  # default
    assert land_x.intermediary_signature_certificate is None
    assert ":50000/" in catalogue.resolve("DEMO").intermediary_url


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (('name = "land-x"', 'name = "Land X"'), "lower-case"),
        (('configuration_ids = ["LX-PROD", "lx-alt"]', "configuration_ids = []"), "empty"),
        (('url = "https://safe.land-x.example/dir"', 'url = "ftp://x"'), "URL"),
        (('cipher_certificate = "lx.pem"', 'cipher_certificate = "../lx.pem"'), "plain file"),
        (("max_files = 500", "max_files = -1"), "positive"),
        (("max_files = 500", 'max_files = "viele"'), "integer"),
        (("format_version = 1", "format_version = 9"), "newer"),
        (("[validation]", "[nope]"), "validation"),
        (("[intermediary]", "[intermediary"), "line"),
    ],
)
def test_broken_scenario_files_say_why(
    tmp_path: Path, change: tuple[str, str], reason: str
) -> None:
    path = tmp_path / "scenario.toml"
    path.write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(ScenarioFileError) as caught:
        load_scenario(path)
    assert caught.value.path == path
    assert reason in caught.value.reason
