"""Fixtures for the GUI tests: a real store seeded once per session with the demo messages and
copied into each test's base directory (seeding through the API takes a second; copying a few
files takes milliseconds)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from client.store import Actor, MailboxStore, ScryptParams
from client.ui import i18n
from client.ui.workers import wait_for_background
from profiles.paths import WorkdirPaths, resource_dir
from scripts import build_translations
from tests.client.ui.fake_service import FakeMailboxService
from tests.client.ui.seed import seed_demo

PASSWORD = "Richtig-Geheim-2024"
PERSON = "Erika Mustermann"
FAST_SCRYPT = ScryptParams(n=1 << 10, r=8, p=1)
WORKDIR = "demo"
TS = resource_dir() / "translations" / "bebpo_en.ts"


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    """The English translation installed (the .qm built first if it is older than the .ts)."""
    qm = TS.with_suffix(".qm")
    if not qm.exists() or qm.stat().st_mtime < TS.stat().st_mtime:
        assert build_translations.main() == 0
    assert i18n.install(qapp, "en") == "en"
    try:
        yield
    finally:
        i18n.install(qapp, "de")


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    root = tmp_path_factory.mktemp("template")
    paths = WorkdirPaths.for_scenario(root, WORKDIR)
    paths.create()
    store = MailboxStore.create(
        paths, PASSWORD, scrypt=FAST_SCRYPT, actor=Actor("tester", "Seeder")
    )
    try:
        ids = seed_demo(store)
    finally:
        store.close()
    return paths.root, ids


@pytest.fixture
def demo_ids(seeded_template: tuple[Path, dict[str, int]]) -> dict[str, int]:
    return seeded_template[1]


@pytest.fixture
def demo_paths(base_dir: Path, seeded_template: tuple[Path, dict[str, int]]) -> WorkdirPaths:
    paths = WorkdirPaths.for_scenario(base_dir, WORKDIR)
    paths.root.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    shutil.copytree(seeded_template[0], paths.root)
    return paths


@pytest.fixture
def store(demo_paths: WorkdirPaths) -> Iterator[MailboxStore]:
    opened = MailboxStore.open(demo_paths, PASSWORD, actor=Actor("tester", PERSON))
    try:
        yield opened
    finally:
        wait_for_background()
        opened.close()


@pytest.fixture
def service(store: MailboxStore, tmp_path: Path) -> FakeMailboxService:
    return FakeMailboxService(store, transfer_dir=tmp_path / "transfer")
