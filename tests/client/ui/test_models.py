"""Every GUI model passes pytest-qt's model tester, filled with real store data."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from client.egvp import check_outgoing
from client.store import Folder
from client.ui.details import load_details, load_quarantine
from client.ui.models.compose_files import ComposeFile, ComposeFilesModel
from client.ui.models.directory_table import DirectoryTableModel, FavouritesModel
from client.ui.models.document_table import DocumentTableModel
from client.ui.models.filter_proxy import MessageFilterProxy
from client.ui.models.folder_tree import QUARANTINE, FolderRole, FolderTreeModel
from client.ui.models.message_table import (
    COL_BETREFF,
    COL_DATE,
    COL_PARTY,
    MessageIdRole,
    MessageTableModel,
    haystack,
)
from client.ui.models.quarantine_table import QuarantineTableModel
from profiles.scenarios import Limits
from tests.client.ui.fake_service import FakeMailboxService
from tests.client.ui.seed import pdf

pytestmark = pytest.mark.gui


def _message_model(service: FakeMailboxService) -> MessageTableModel:
    rows = list(service.list_messages(Folder.POSTEINGANG))
    model = MessageTableModel()
    model.set_rows(Folder.POSTEINGANG, rows, [haystack(r) for r in rows])
    return model


def test_message_table_and_proxy(qtmodeltester, service: FakeMailboxService) -> None:
    model = _message_model(service)
    qtmodeltester.check(model)
    assert model.rowCount() == 5
    assert model.headerData(COL_PARTY, Qt.Orientation.Horizontal) == "Absender"
    assert model.index(0, COL_PARTY).data() == "Amtsgericht Musterstadt"  # newest first
    assert model.index(0, COL_DATE).data().count(".") == 2  # dd.mm.yyyy hh:mm
    proxy = MessageFilterProxy(model)
    proxy.set_search("koblenz")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 2
    proxy.set_search("")
    proxy.sort(COL_BETREFF, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(proxy)
    betreffs = [proxy.index(r, COL_BETREFF).data() for r in range(proxy.rowCount())]
    assert betreffs == sorted(betreffs, key=str.casefold)
    ids = {proxy.index(r, 0).data(MessageIdRole) for r in range(proxy.rowCount())}
    assert len(ids) == 5


def test_folder_tree(qtmodeltester, service: FakeMailboxService) -> None:
    model = FolderTreeModel(service.title)
    model.set_counts(service.folder_counts(), service.quarantine_count())
    qtmodeltester.check(model)
    inbox = model.folder_index(Folder.POSTEINGANG)
    assert inbox.data() == "Posteingang (3)"
    assert model.folder_index(QUARANTINE).data() == "Quarantäne (1)"
    assert model.folder_index(Folder.ENTWUERFE).data(FolderRole) is Folder.ENTWUERFE
    assert model.folder_index(Folder.GESENDET).data() == "Gesendet"


def test_documents_and_quarantine(
    qtmodeltester, service: FakeMailboxService, demo_ids: dict[str, int]
) -> None:
    details = load_details(service, demo_ids["demo-2025-0002"])
    documents = DocumentTableModel()
    documents.set_documents(details.documents)
    qtmodeltester.check(documents)
    names = [documents.index(r, 0).data() for r in range(documents.rowCount())]
    assert names == ["Beschluss.pdf", "Anlage_Scan.pdf", "xjustiz_nachricht.xml"]
    assert documents.index(1, 3).data() == "Schadsoftware gefunden: Eicar-Test-Signature"
    quarantine = QuarantineTableModel()
    quarantine.set_entries(load_quarantine(service))
    qtmodeltester.check(quarantine)
    assert quarantine.rowCount() == 1
    assert quarantine.index(0, 0).data() == "Anlage_Scan.pdf"


def test_directory_models(qtmodeltester, service: FakeMailboxService) -> None:
    hits = DirectoryTableModel()
    hits.set_hits(service.directory[:6])
    qtmodeltester.check(hits)
    assert hits.index(5, 6).data() == "beBPo (unbestätigt)"
    service.add_favourite(service.directory[1])
    favourites = FavouritesModel()
    favourites.set_favourites(service.favourites())
    qtmodeltester.check(favourites)
    assert favourites.index(0, 0).data() == "Verwaltungsgericht Koblenz – Koblenz"


def test_compose_files(qtmodeltester, tmp_path: Path) -> None:
    good = tmp_path / "Klage.pdf"
    good.write_bytes(pdf("Klage"))
    bad = tmp_path / "Klage Entwurf.pdf"
    bad.write_bytes(pdf("Entwurf"))
    model = ComposeFilesModel()
    model.add([ComposeFile(good, good.name, size=1), ComposeFile(bad, bad.name, size=2)])
    model.set_report(check_outgoing([f.source for f in model.files], Limits()))
    qtmodeltester.check(model)
    assert model.index(0, 3).data() == "in Ordnung"
    assert model.index(1, 3).data() == "1 Problem(e)"
    assert model.setData(model.index(1, 1), "003")
    assert model.index(1, 1).data() == "Klage / Antrag (an ein Gericht)"
