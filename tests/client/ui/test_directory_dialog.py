"""The recipient search: per-field search, paging, favourites."""

from __future__ import annotations

import pytest

from client.core.directory import SearchField
from client.ui.views.directory_dialog import ChosenRecipient, DirectoryDialog
from tests.client.ui.fake_service import FakeMailboxService

pytestmark = pytest.mark.gui


@pytest.fixture
def dialog(qtbot, service: FakeMailboxService) -> DirectoryDialog:
    dlg = DirectoryDialog(service)
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.favourites_loaded, timeout=10_000):
        dlg.show()
    return dlg


def test_search_with_paging(qtbot, dialog: DirectoryDialog) -> None:
    dialog.search_button.click()
    assert dialog.page_label.text() == "Bitte mindestens ein Feld ausfüllen."
    dialog.fields[SearchField.ORGANISATION].setText("amtsgericht")
    with qtbot.waitSignal(dialog.searched, timeout=10_000):
        dialog.search_button.click()
    assert dialog.page_label.text() == "Seite 1 von 2 · 31 Treffer"
    assert dialog.model.rowCount() == 20
    assert not dialog.previous_button.isEnabled()
    assert dialog.next_button.isEnabled()
    with qtbot.waitSignal(dialog.searched, timeout=10_000):
        dialog.next_button.click()
    assert dialog.page_label.text() == "Seite 2 von 2 · 31 Treffer"
    assert dialog.model.rowCount() == 11
    assert not dialog.next_button.isEnabled()
    dialog.fields[SearchField.ORT].setText("Musterstadt")
    with qtbot.waitSignal(dialog.searched, timeout=10_000) as searched:
        dialog.search_button.click()
    assert searched.args[0].total == 1
    assert dialog.model.index(0, 0).data() == "Amtsgericht Musterstadt"
    assert not dialog.choose_button.isEnabled()
    dialog.select_hit(0)
    assert dialog.choose_button.isEnabled()
    dialog.choose_button.click()
    assert dialog.chosen == ChosenRecipient(
        "safe-1600000001-ag-musterstadt", "Amtsgericht Musterstadt"
    )


def test_favourites(qtbot, dialog: DirectoryDialog, service: FakeMailboxService) -> None:
    dialog.fields[SearchField.SAFE_ID].setText("vg-koblenz")
    with qtbot.waitSignal(dialog.searched, timeout=10_000):
        dialog.search_button.click()
    dialog.select_hit(0)
    with qtbot.waitSignal(dialog.favourites_loaded, timeout=10_000):
        dialog.add_favourite_button.click()
    assert [f.safe_id for f in service.favourites()] == ["safe-1600000002-vg-koblenz"]
    assert dialog.favourites.rowCount() == 1

    dialog.select_favourite(0)
    assert not dialog.view.selectionModel().selectedRows()
    assert dialog.current_choice() == ChosenRecipient(
        "safe-1600000002-vg-koblenz", "Verwaltungsgericht Koblenz"
    )
    with qtbot.waitSignal(dialog.favourites_loaded, timeout=10_000):
        dialog.remove_favourite_button.click()
    assert list(service.favourites()) == []
