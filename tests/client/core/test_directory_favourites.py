"""Favourites per working directory: added from directory results, kept across restarts."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from client.core.directory import DirectoryClient, SearchCriterion, SearchField, SearchMode
from client.core.errors import FavouritesUnreadable, user_message
from client.core.favourites import Favourites
from client.core.soap import ServiceSettings
from profiles.paths import WorkdirPaths
from testbed.pki import TestPki
from tests.testbed.support import running_directory, session_pki


@pytest.fixture(scope="module")
def pki(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return session_pki(pytestconfig, tmp_path_factory)


@pytest.fixture
def directory(pki: TestPki, tmp_path: Path) -> Iterator[DirectoryClient]:
    with running_directory(tmp_path / "directory", pki) as (_server, _service, url):
        yield DirectoryClient(ServiceSettings(url, timeout=5))


@pytest.fixture
def workdir(base_dir: Path) -> WorkdirPaths:
    paths = WorkdirPaths.for_scenario(base_dir, "demo")
    paths.create()
    return paths


def _hit(directory: DirectoryClient, organisation: str):
    page = directory.search(
        [SearchCriterion(SearchField.ORGANISATION, organisation, SearchMode.EXACT)]
    )
    return page.hits[0]


def test_add_persist_remove(directory: DirectoryClient, workdir: WorkdirPaths) -> None:
    favourites = Favourites.for_workdir(workdir)
    assert favourites.entries() == ()
    celle = _hit(directory, "Oberlandesgericht Celle")
    first = favourites.add(celle, now=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    favourites.add(_hit(directory, "Kammergericht"))
    assert first.display_name == "Oberlandesgericht Celle"
    assert workdir.favourites_file == workdir.root / "favourites.json"
    assert stat.S_IMODE(workdir.favourites_file.stat().st_mode) == 0o600
    # A new instance (as after a restart) reads the same list, in order.
    reloaded = Favourites.for_workdir(workdir)
    assert [f.organisation for f in reloaded.entries()] == [
        "Oberlandesgericht Celle",
        "Kammergericht",
    ]
    assert celle.safe_id in reloaded
    # Adding again keeps the place and the date.
    again = reloaded.add(celle)
    assert again.added == first.added
    assert reloaded.entries()[0].safe_id == celle.safe_id
    assert reloaded.remove(celle.safe_id)
    assert not reloaded.remove(celle.safe_id)
    assert [f.organisation for f in Favourites.for_workdir(workdir).entries()] == ["Kammergericht"]


def test_a_favourite_becomes_a_recipient_through_the_directory(
    directory: DirectoryClient, workdir: WorkdirPaths, pki: TestPki
) -> None:
    favourites = Favourites.for_workdir(workdir)
    favourites.add(directory.get_entry(pki.mailbox("bverwg").safe_id))
    favourite = favourites.entries()[0]
    recipient = directory.recipient(favourite)
    assert recipient.encryption_certificate == pki.mailbox("bverwg").cipher.certificate


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{not json", "Inhalt fehlerhaft"),
        (json.dumps({"format_version": 99, "favourites": []}).encode(), "neueren Programmversion"),
        (
            json.dumps({"format_version": 1, "favourites": [{"safe_id": "x"}]}).encode(),
            "fehlerhaft",
        ),
    ],
)
def test_broken_files_are_reported_and_left_alone(
    workdir: WorkdirPaths, content: bytes, reason: str
) -> None:
    workdir.favourites_file.write_bytes(content)
    favourites = Favourites.for_workdir(workdir)
    with pytest.raises(FavouritesUnreadable) as caught:
        favourites.entries()
    assert reason in caught.value.reason
    message = user_message(caught.value)
    assert message.title == "Favoriten nicht lesbar"
    assert str(workdir.favourites_file) in message.text
    assert workdir.favourites_file.read_bytes() == content
