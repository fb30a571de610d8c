"""The unlocked mailbox over a real store: folders, list, search, sorting, message view,
release to transfer, eEB action, fetch with progress, quarantine, Papierkorb (trash, undo,
restore, purge), backup, reopening drafts."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from client.sandbox import ContentType
from client.store import BackupReport, Folder, MessageNotFound, NewAttachment, ScanState
from client.ui.formatting import format_size
from client.ui.models.folder_tree import QUARANTINE
from client.ui.models.message_table import COL_BETREFF, COL_DATE, COL_PARTY
from client.ui.views.mailbox_page import MailboxPage
from client.ui.workers import wait_for_background
from tests.client.ui.fake_service import FakeMailboxService
from tests.client.ui.seed import BASE_TIME, DemoDocument, DemoMessage, pdf

pytestmark = pytest.mark.gui


@pytest.fixture
def page(qtbot, service: FakeMailboxService) -> MailboxPage:
    widget = MailboxPage(service)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    qtbot.waitUntil(lambda: _loaded(widget, 5), timeout=10_000)
    qtbot.waitUntil(lambda: widget.folders.counts(Folder.POSTEINGANG) == (5, 3), timeout=10_000)
    return widget


def _loaded(page: MailboxPage, rows: int) -> bool:
    return not page.message_list.loading and page.message_list.model.rowCount() == rows


def _betreffs(page: MailboxPage) -> list[str]:
    proxy = page.message_list.proxy
    return [proxy.index(r, COL_BETREFF).data() for r in range(proxy.rowCount())]


def _open(qtbot, page: MailboxPage, message_id: int) -> None:
    with qtbot.waitSignal(page.message_view.details_loaded, timeout=10_000):
        assert page.message_list.select_message(message_id)


def test_list_shows_the_seeded_messages(page: MailboxPage) -> None:
    assert _betreffs(page) == [
        "Ladung zum Termin am 14.05.2025, 10:30 Uhr",
        "Beschluss in der Verwaltungsrechtssache Müller ./. Stadt Musterstadt",
        "Anforderung der Verwaltungsakte",
        "Terminsverlegung",
        "Hinweisbeschluss gemäß § 522 Abs. 2 ZPO",
    ]
    assert page.message_list.count_label.text() == "5 Nachrichten"
    folders = page.folders
    assert folders.folder_index(Folder.POSTEINGANG).data() == "Posteingang (3)"
    assert folders.folder_index(QUARANTINE).data() == "Quarantäne (1)"
    assert folders.folder_index(Folder.ENTWUERFE).data() == "Entwürfe (1)"


def test_search_filters_instantly(qtbot, page: MailboxPage) -> None:
    qtbot.keyClicks(page.message_list.search, "koblenz")
    assert _betreffs(page) == [
        "Beschluss in der Verwaltungsrechtssache Müller ./. Stadt Musterstadt",
        "Hinweisbeschluss gemäß § 522 Abs. 2 ZPO",
    ]
    assert page.message_list.count_label.text() == "2 von 5"
    page.message_list.search.setText("Koblenz Hinweis")  # every word must match
    assert _betreffs(page) == ["Hinweisbeschluss gemäß § 522 Abs. 2 ZPO"]
    page.message_list.search.setText("31-2025/0815")
    assert _betreffs(page) == ["Ladung zum Termin am 14.05.2025, 10:30 Uhr"]
    page.message_list.search.clear()
    assert len(_betreffs(page)) == 5


def test_search_also_finds_document_names_through_the_index(qtbot, page: MailboxPage) -> None:
    """Document names are not in the list's columns: the store's full-text index finds them a
    moment later, and its hits join the instant filter; a new text drops them again."""
    page.message_list.search.setText("Anlage_Scan")
    assert _betreffs(page) == []  # nothing in the columns matches
    qtbot.waitUntil(
        lambda: (
            _betreffs(page)
            == ["Beschluss in der Verwaltungsrechtssache Müller ./. Stadt Musterstadt"]
        ),
        timeout=10_000,
    )
    assert page.message_list.count_label.text() == "1 von 5"
    page.message_list.search.setText("Verfuegung")  # two messages carry such a document
    qtbot.waitUntil(lambda: len(_betreffs(page)) == 2, timeout=10_000)
    assert set(_betreffs(page)) == {
        "Ladung zum Termin am 14.05.2025, 10:30 Uhr",
        "Terminsverlegung",
    }
    page.message_list.search.setText("Verfuegung Ladung")  # every word, across fields
    qtbot.waitUntil(
        lambda: _betreffs(page) == ["Ladung zum Termin am 14.05.2025, 10:30 Uhr"], timeout=10_000
    )
    page.message_list.search.setText("gibtesnicht")
    wait_for_background()
    qtbot.wait(400)  # past the index delay: still nothing
    assert _betreffs(page) == []


def test_sorting_by_header(page: MailboxPage) -> None:
    header = page.message_list.view.horizontalHeader()
    header.setSortIndicator(COL_PARTY, Qt.SortOrder.AscendingOrder)
    proxy = page.message_list.proxy
    senders = [proxy.index(r, COL_PARTY).data() for r in range(proxy.rowCount())]
    assert senders == sorted(senders, key=str.casefold)
    assert senders[0] == "Amtsgericht Musterstadt"
    header.setSortIndicator(COL_DATE, Qt.SortOrder.AscendingOrder)
    assert _betreffs(page)[0] == "Hinweisbeschluss gemäß § 522 Abs. 2 ZPO"
    # Search keeps working on the re-sorted rows.
    page.message_list.search.setText("gericht musterstadt")
    assert _betreffs(page) == [
        "Terminsverlegung",
        "Anforderung der Verwaltungsakte",
        "Beschluss in der Verwaltungsrechtssache Müller ./. Stadt Musterstadt",
        "Ladung zum Termin am 14.05.2025, 10:30 Uhr",
    ]


def test_opening_a_message_shows_documents_and_marks_it_read(
    qtbot, page: MailboxPage, service: FakeMailboxService, demo_ids: dict[str, int]
) -> None:
    message_id = demo_ids["demo-2025-0001"]
    _open(qtbot, page, message_id)
    view = page.message_view
    assert view.betreff.text() == "Ladung zum Termin am 14.05.2025, 10:30 Uhr"
    assert view.sender_label.text() == "Amtsgericht Musterstadt (safe-1600000001-ag-musterstadt)"
    assert view.az_sender.text() == "12 C 345/25"
    assert view.az_recipient.text() == "31-2025/0815"
    assert view.signature_badge.text() == "Signatur gültig"
    assert view.eeb_badge.text() == "eEB angefordert"
    names = [view.documents.index(r, 0).data() for r in range(view.documents.rowCount())]
    assert names == ["Ladung.pdf", "Verfuegung.pdf", "xjustiz_nachricht.xml"]
    assert "demo-2025-0001" in view.laufzettel.toPlainText()
    assert "Amtsgericht Musterstadt" in view.laufzettel.toPlainText()
    protocol = view.pruefprotokoll.toPlainText()
    assert "Ladung.pdf" in protocol
    assert "virenfrei" in protocol
    assert "Dokument auf Viren geprüft" in protocol
    assert page.eeb_action.isEnabled()
    assert page.export_action.isEnabled()
    qtbot.waitUntil(lambda: page.folders.counts(Folder.POSTEINGANG)[1] == 2, timeout=10_000)
    assert service.store.mailbox.get(message_id).seen


def test_release_refused_for_infected_allowed_for_clean_pdf(
    qtbot, page: MailboxPage, service: FakeMailboxService, demo_ids: dict[str, int]
) -> None:
    _open(qtbot, page, demo_ids["demo-2025-0002"])
    view = page.message_view
    assert not page.eeb_action.isEnabled()
    assert view.select_document("Anlage_Scan.pdf")
    assert not view.release_button.isEnabled()
    assert "Schadsoftware" in view.release_hint.text()
    assert view.documents.index(1, 4).data() == "gesperrt"

    assert view.select_document("Beschluss.pdf")
    assert view.release_button.isEnabled()
    with qtbot.waitSignal(view.details_loaded, timeout=10_000):
        view.release_button.click()
    beschluss = next(
        a
        for a in service.store.mailbox.attachments(demo_ids["demo-2025-0002"])
        if a.safe_name == "Beschluss.pdf"
    )
    assert service.calls.released == [beschluss.id]
    released = service.transfer_dir / "Beschluss.pdf"
    assert released.read_bytes() == pdf("Beschluss")
    assert view.documents.index(0, 4).data().startswith("übertragen am ")
    assert service.store.mailbox.attachment(beschluss.id).release_count == 1


def test_fetch_shows_progress_and_new_messages(
    qtbot, page: MailboxPage, service: FakeMailboxService
) -> None:
    service.pending = [
        DemoMessage(
            osci_id=f"neu-{n}",
            court="Amtsgericht Beispielstadt",
            court_safe_id="safe-1610000001-ag",
            betreff=f"Neue Verfügung {n}",
            az_court=f"7 C {n}/25",
            az_own="31-2025/0999",
            received=BASE_TIME.replace(hour=12, minute=n),
            documents=(DemoDocument("Verfuegung.pdf", pdf(f"Verfuegung {n}")),),
        )
        for n in (1, 2)
    ]
    progressed: list[tuple[int, int, str]] = []
    with qtbot.waitSignal(page.fetch_finished, timeout=15_000) as finished:
        page.fetch_action.trigger()
        assert page.progress.isVisible()
        assert not page.fetch_action.isEnabled()
        page.fetch_job.progressed.connect(lambda *a: progressed.append(a))
    assert finished.args == [2]
    assert (2, 2, "Nachricht 2 von 2") in progressed
    assert not page.progress.isVisible()
    assert page.fetch_action.isEnabled()
    qtbot.waitUntil(lambda: _loaded(page, 7), timeout=10_000)
    assert _betreffs(page)[:2] == ["Neue Verfügung 2", "Neue Verfügung 1"]
    qtbot.waitUntil(lambda: page.folders.counts(Folder.POSTEINGANG) == (7, 5), timeout=10_000)


def test_fetch_can_be_cancelled(qtbot, page: MailboxPage, service: FakeMailboxService) -> None:
    service.step_delay_s = 0.2
    service.pending = [
        DemoMessage(
            osci_id=f"abbruch-{n}",
            court="Amtsgericht Beispielstadt",
            court_safe_id="safe-1610000001-ag",
            betreff=f"Verfügung {n}",
            az_court="7 C 1/25",
            az_own="",
            received=BASE_TIME,
            documents=(),
        )
        for n in range(10)
    ]
    with qtbot.waitSignal(page.fetch_finished, timeout=15_000) as finished:
        page.fetch_action.trigger()
        page.progress.cancel_button.click()
    assert type(finished.args[0]).__name__ == "Cancelled"
    assert len(service.pending) >= 8  # stopped at the next message


def test_quarantine_rescan_and_delete_with_reason(
    qtbot, page: MailboxPage, service: FakeMailboxService
) -> None:
    with qtbot.waitSignal(page.quarantine.loaded, timeout=10_000):
        page.select_folder(QUARANTINE)
    view = page.quarantine
    assert view.model.rowCount() == 1
    assert view.select("Anlage_Scan.pdf")
    assert view.rescan_button.isEnabled()
    assert not view.release_button.isEnabled()  # INFECTED: never

    view.rescan_button.click()
    qtbot.waitUntil(lambda: bool(service.calls.rescanned) and not view.progress.isVisible())
    wait_for_background()
    qtbot.waitUntil(view.rescan_button.isEnabled, timeout=10_000)
    assert view.model.entry(0).attachment.scan_state is ScanState.INFECTED

    view.delete_button.click()
    dialog = view.delete_dialog
    assert dialog is not None
    assert not dialog.delete_button.isEnabled()
    dialog.reason.setText("Schadsoftware, Gericht informiert")
    assert not dialog.delete_button.isEnabled()  # needs the confirmation too
    dialog.confirm.setChecked(True)
    dialog.delete_button.click()
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=10_000)
    attachment_id, reason = service.calls.deleted[0]
    assert reason == "Schadsoftware, Gericht informiert"
    assert service.store.mailbox.attachment(attachment_id).blob_id is None
    qtbot.waitUntil(lambda: page.folders.counts(QUARANTINE) == (0, 0), timeout=10_000)


def test_export_writes_a_zip(
    qtbot, page: MailboxPage, service: FakeMailboxService, demo_ids: dict[str, int], tmp_path: Path
) -> None:
    _open(qtbot, page, demo_ids["demo-2025-0003"])
    page.export_selected(tmp_path)
    qtbot.waitUntil(lambda: bool(list(tmp_path.glob("*.zip"))), timeout=10_000)
    wait_for_background()
    assert service.calls.exported == [([demo_ids["demo-2025-0003"]], tmp_path)]
    assert service.store.mailbox.get(demo_ids["demo-2025-0003"]).exported_at is not None


def test_outgoing_folders_show_the_recipient(qtbot, page: MailboxPage) -> None:
    page.select_folder(Folder.GESENDET)
    qtbot.waitUntil(lambda: _loaded(page, 1), timeout=10_000)
    model = page.message_list.model
    assert model.headerData(COL_PARTY, Qt.Orientation.Horizontal) == "Empfänger"
    assert model.index(0, COL_PARTY).data() == "Verwaltungsgericht Koblenz"
    page.select_folder(Folder.ENTWUERFE)
    qtbot.waitUntil(lambda: _loaded(page, 1), timeout=10_000)
    assert model.index(0, COL_BETREFF).data() == "Stellungnahme zur Terminsverlegung"


def test_quarantine_opens_the_message(qtbot, page: MailboxPage, demo_ids: dict[str, int]) -> None:
    with qtbot.waitSignal(page.quarantine.loaded, timeout=10_000):
        page.select_folder(QUARANTINE)
    assert page.quarantine.select("Anlage_Scan.pdf")
    with qtbot.waitSignal(page.message_view.details_loaded, timeout=10_000) as loaded:
        page.quarantine.open_button.click()
    assert loaded.args[0].record.id == demo_ids["demo-2025-0002"]
    assert page.current_folder is Folder.POSTEINGANG
    assert page.message_list.selected_id() == demo_ids["demo-2025-0002"]


# ---------------------------------------------------------------- Papierkorb


def _settle(qtbot) -> None:
    """Let every worker finish and its callbacks arrive before the page goes away."""
    wait_for_background()
    qtbot.wait(100)


def _trash_directly(service: FakeMailboxService, *message_ids: int) -> None:
    assert list(service.store.mailbox.move_to_trash(message_ids)) == list(message_ids)


def _show_trash(qtbot, page: MailboxPage, rows: int) -> None:
    page.select_folder(Folder.PAPIERKORB)
    qtbot.waitUntil(lambda: page.message_list.folder is Folder.PAPIERKORB, timeout=10_000)
    qtbot.waitUntil(lambda: _loaded(page, rows), timeout=10_000)


def test_trash_with_delete_key_and_undo(
    qtbot, page: MailboxPage, service: FakeMailboxService, demo_ids: dict[str, int]
) -> None:
    message_id = demo_ids["demo-2025-0003"]
    assert page.trash_action.isVisible()
    assert not page.restore_action.isVisible()
    assert not page.purge_action.isVisible()
    _open(qtbot, page, message_id)
    assert page.trash_action.isEnabled()
    view = page.message_list.view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=5_000)
    with qtbot.waitSignal(page.messages_changed, timeout=10_000):
        qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert service.calls.trashed == [[message_id]]
    qtbot.waitUntil(lambda: _loaded(page, 4), timeout=10_000)
    assert "Anforderung der Verwaltungsakte" not in _betreffs(page)
    assert service.store.mailbox.get(message_id).folder is Folder.PAPIERKORB
    qtbot.waitUntil(lambda: page.folders.counts(Folder.PAPIERKORB)[0] == 1, timeout=10_000)
    assert page.undo_bar.isVisible()
    assert page.undo_bar.label.text() == "1 Nachricht(en) in den Papierkorb verschoben."
    assert page.undo_bar.undo_button.text() == "Rückgängig"

    with qtbot.waitSignal(page.messages_changed, timeout=10_000):
        page.undo_bar.undo_button.click()
    assert service.calls.restored == [[message_id]]
    assert not page.undo_bar.isVisible()
    qtbot.waitUntil(lambda: _loaded(page, 5), timeout=10_000)
    assert service.store.mailbox.get(message_id).folder is Folder.POSTEINGANG
    qtbot.waitUntil(lambda: page.folders.counts(Folder.PAPIERKORB)[0] == 0, timeout=10_000)
    _settle(qtbot)


def test_restore_from_the_papierkorb(
    qtbot, page: MailboxPage, service: FakeMailboxService, demo_ids: dict[str, int]
) -> None:
    message_id = demo_ids["demo-2025-0002"]
    _trash_directly(service, message_id)
    _show_trash(qtbot, page, 1)
    assert not page.trash_action.isVisible()
    assert page.restore_action.isVisible()
    assert page.purge_action.isVisible()
    assert not page.restore_action.isEnabled()  # nothing selected yet
    _open(qtbot, page, message_id)
    assert page.restore_action.isEnabled()
    with qtbot.waitSignal(page.messages_changed, timeout=10_000):
        page.restore_action.trigger()
    assert service.calls.restored == [[message_id]]
    qtbot.waitUntil(lambda: _loaded(page, 0), timeout=10_000)
    assert service.store.mailbox.get(message_id).folder is Folder.POSTEINGANG
    qtbot.waitUntil(lambda: page.folders.counts(Folder.POSTEINGANG)[0] == 5, timeout=10_000)
    _settle(qtbot)


def test_purge_asks_first_and_deletes_for_good(
    qtbot, page: MailboxPage, service: FakeMailboxService, demo_ids: dict[str, int]
) -> None:
    ids = [demo_ids["demo-2025-0003"], demo_ids["demo-2025-0004"]]
    _trash_directly(service, *ids)
    _show_trash(qtbot, page, 2)
    page.message_list.view.selectAll()
    assert sorted(page.message_list.selected_ids()) == sorted(ids)

    # "Abbrechen" keeps everything.
    page.purge_action.trigger()
    box = page.purge_box
    assert box is not None
    assert box.isVisible()
    box.button(QMessageBox.StandardButton.Cancel).click()
    wait_for_background()
    assert service.calls.purged == []

    page.purge_action.trigger()
    box = page.purge_box
    assert box is not None
    assert "2 Nachricht(en)" in box.text()
    assert "endgültig löschen" in box.text()
    with qtbot.waitSignal(page.messages_changed, timeout=10_000):
        box.button(QMessageBox.StandardButton.Yes).click()
    assert sorted(service.calls.purged[0]) == sorted(ids)
    qtbot.waitUntil(lambda: _loaded(page, 0), timeout=10_000)
    for message_id in ids:
        with pytest.raises(MessageNotFound):
            service.store.mailbox.get(message_id)
    qtbot.waitUntil(lambda: page.folders.counts(Folder.PAPIERKORB)[0] == 0, timeout=10_000)
    assert page.folders.counts(Folder.POSTEINGANG)[0] == 3
    _settle(qtbot)


# ---------------------------------------------------------------- backup


def test_backup_writes_the_archive_and_shows_size_and_hash(
    qtbot, page: MailboxPage, service: FakeMailboxService, tmp_path: Path
) -> None:
    target = tmp_path / "sicherung.bebpo-backup"
    with qtbot.waitSignal(page.backup_finished, timeout=30_000) as finished:
        page.backup(target)
        assert page.progress.isVisible()
    report = finished.args[0]
    assert isinstance(report, BackupReport)
    assert service.calls.backups == [target]
    data = target.read_bytes()
    assert data.startswith(b"BBPOBACK")
    assert report.size == len(data)
    assert report.sha256 == hashlib.sha256(data).hexdigest()
    box = page.backup_box
    assert box is not None
    assert box.isVisible()
    text = box.text()
    assert "Das Postfach wurde gesichert." in text
    assert f"Größe: {format_size(len(data))}" in text
    assert f"SHA-256: {report.sha256}" in text
    assert str(target) in text
    assert not page.progress.isVisible()


@pytest.mark.allow_log_warnings
def test_backup_error_is_shown(
    qtbot, page: MailboxPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[BaseException] = []
    monkeypatch.setattr(
        "client.ui.views.mailbox_page.show_error", lambda _parent, exc: shown.append(exc)
    )
    with qtbot.waitSignal(page.backup_finished, timeout=30_000) as finished:
        page.backup(tmp_path / "fehlt" / "sicherung.bebpo-backup")
    assert isinstance(finished.args[0], Exception)
    assert shown == [finished.args[0]]
    assert page.backup_box is None


# ---------------------------------------------------------------- drafts


def test_reopening_a_draft_fills_the_compose_dialog(
    qtbot, page: MailboxPage, service: FakeMailboxService
) -> None:
    (draft,) = service.store.mailbox.list_folder(Folder.ENTWUERFE)
    service.store.outgoing.add_attachment(
        draft.id,
        NewAttachment(
            "Schriftsatz vom 3.5..pdf",
            "Schriftsatz.pdf",
            content_type=ContentType.PDF,
            dokumentklasse="003",  # Klage / Antrag, chosen when the draft was saved
        ),
        pdf("Stellungnahme"),
    )
    page.select_folder(Folder.ENTWUERFE)
    qtbot.waitUntil(lambda: page.message_list.folder is Folder.ENTWUERFE, timeout=10_000)
    qtbot.waitUntil(lambda: _loaded(page, 1), timeout=10_000)
    assert page.open_draft_action.isVisible()
    _open(qtbot, page, draft.id)
    assert page.open_draft_action.isEnabled()
    page.open_draft_action.trigger()
    qtbot.waitUntil(lambda: page.compose_dialog is not None, timeout=10_000)
    dialog = page.compose_dialog
    assert dialog is not None
    assert dialog.draft_id == draft.id
    assert dialog.windowTitle() == "Entwurf bearbeiten"
    assert dialog.recipient_edit.text() == (
        "Sozialgericht Musterstadt (safe-1600000004-sg-musterstadt)"
    )
    assert dialog.betreff.text() == "Stellungnahme zur Terminsverlegung"
    assert dialog.az_own.text() == "50-2024/0077"
    assert dialog.az_theirs.text() == "S 4 AS 1021/24"
    (document,) = dialog.files.files
    assert document.send_name == "Schriftsatz vom 3.5..pdf"
    assert document.klasse == "003"
    assert document.path.read_bytes() == pdf("Stellungnahme")

    # Saving updates this draft instead of making a new one.
    dialog.betreff.setText("Stellungnahme zur Terminsverlegung (ergänzt)")
    with qtbot.waitSignal(dialog.draft_saved, timeout=10_000) as saved:
        dialog.save_button.click()
    assert saved.args == [draft.id]
    assert service.calls.drafts[-1][3] == draft.id
    assert service.calls.drafts[-1][2] == {"Schriftsatz vom 3.5..pdf": "003"}
    (kept,) = service.store.mailbox.attachments(draft.id)
    assert kept.dokumentklasse == "003"
    assert service.store.mailbox.get(draft.id).betreff.endswith("(ergänzt)")
    qtbot.waitUntil(lambda: page.folders.counts(Folder.ENTWUERFE)[0] == 1, timeout=10_000)
    _settle(qtbot)


def test_double_click_opens_a_draft(qtbot, page: MailboxPage, service: FakeMailboxService) -> None:
    (draft,) = service.store.mailbox.list_folder(Folder.ENTWUERFE)
    page.select_folder(Folder.ENTWUERFE)
    qtbot.waitUntil(lambda: page.message_list.folder is Folder.ENTWUERFE, timeout=10_000)
    qtbot.waitUntil(lambda: _loaded(page, 1), timeout=10_000)
    _open(qtbot, page, draft.id)
    view = page.message_list.view
    index = view.currentIndex()
    view.doubleClicked.emit(index)
    qtbot.waitUntil(lambda: page.compose_dialog is not None, timeout=10_000)
    assert page.compose_dialog is not None
    assert page.compose_dialog.draft_id == draft.id
    assert page.compose_dialog.files.files == ()
    _settle(qtbot)
