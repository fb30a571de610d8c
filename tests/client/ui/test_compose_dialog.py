"""Composing: live ERV check with German problems and suggested names, recipient from the
directory, Senden only when everything is fixed, progress, drafts."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from client.store import Folder, PartyRole
from client.ui.views.compose_dialog import ComposeDialog
from client.ui.views.directory_dialog import ChosenRecipient
from tests.client.ui.fake_service import FakeMailboxService
from tests.client.ui.seed import pdf

pytestmark = pytest.mark.gui
VG_KOBLENZ = ChosenRecipient("safe-1600000002-vg-koblenz", "Verwaltungsgericht Koblenz")


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def dialog(qtbot, service: FakeMailboxService) -> ComposeDialog:
    dlg = ComposeDialog(service)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def _add(qtbot, dialog: ComposeDialog, *paths: Path) -> None:
    with qtbot.waitSignal(dialog.checked, timeout=10_000):
        dialog.add_files(list(paths))


def test_docx_lists_erv_problems_and_blocks_sending(
    qtbot, dialog: ComposeDialog, tmp_path: Path
) -> None:
    dialog.set_recipient(VG_KOBLENZ)
    dialog.betreff.setText("Klage gegen den Bescheid vom 02.04.2025")
    docx = tmp_path / "Klage Entwurf.docx"
    docx.write_bytes(docx_bytes())
    _add(qtbot, dialog, docx)
    problems = dialog.problem_texts()
    assert any("Der Dateiname enthält Leerzeichen." in p for p in problems)
    assert any("Vorschlag: Klage_Entwurf.docx" in p for p in problems)
    assert any("nur PDF" in p and "zugelassen" in p for p in problems)
    assert "2 Problem(e)" in dialog.problems_title.text()
    assert dialog.files.index(0, 3).data() == "2 Problem(e)"
    assert not dialog.send_button.isEnabled()
    assert "Probleme der Dokumente beheben" in dialog.todo.text()

    # Replacing it by a proper PDF fixes everything.
    dialog.remove_file("Klage Entwurf.docx")
    klage = tmp_path / "Klage.pdf"
    klage.write_bytes(pdf("Klage"))
    _add(qtbot, dialog, klage)
    assert dialog.problem_texts() == []
    assert "keine Probleme" in dialog.problems_title.text()
    assert dialog.send_button.isEnabled()


def test_suggested_names_fix_the_names(qtbot, dialog: ComposeDialog, tmp_path: Path) -> None:
    dialog.set_recipient(VG_KOBLENZ)
    dialog.betreff.setText("Klage")
    entwurf = tmp_path / "Klage Entwurf.pdf"
    entwurf.write_bytes(pdf("Entwurf"))
    _add(qtbot, dialog, entwurf)
    assert not dialog.send_button.isEnabled()
    assert dialog.rename_button.isEnabled()
    with qtbot.waitSignal(dialog.checked, timeout=10_000):
        dialog.rename_button.click()
    assert [f.send_name for f in dialog.files.files] == ["Klage_Entwurf.pdf"]
    assert dialog.files.files[0].path == entwurf  # the file itself is not renamed
    assert dialog.send_button.isEnabled()


def test_send_needs_recipient_and_betreff(qtbot, dialog: ComposeDialog, tmp_path: Path) -> None:
    klage = tmp_path / "Klage.pdf"
    klage.write_bytes(pdf("Klage"))
    _add(qtbot, dialog, klage)
    assert not dialog.send_button.isEnabled()
    assert dialog.todo.text() == "Noch zu tun: Empfänger wählen, Betreff eingeben"
    dialog.betreff.setText("Klage")
    assert not dialog.send_button.isEnabled()
    dialog.set_recipient(VG_KOBLENZ)
    assert dialog.send_button.isEnabled()


def test_drop_adds_files(qtbot, dialog: ComposeDialog, tmp_path: Path) -> None:
    klage = tmp_path / "Klage.pdf"
    klage.write_bytes(pdf("Klage"))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(klage))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(dialog.checked, timeout=10_000):
        dialog.dropEvent(event)
    assert [f.send_name for f in dialog.files.files] == ["Klage.pdf"]


def test_recipient_from_directory_then_send_with_klasse(
    qtbot, dialog: ComposeDialog, service: FakeMailboxService, tmp_path: Path
) -> None:
    dialog.choose_recipient_button.click()
    directory = dialog.directory_dialog
    assert directory is not None
    directory.fields[next(iter(directory.fields))].setText("Verwaltungsgericht")
    with qtbot.waitSignal(directory.searched, timeout=10_000):
        directory.search_button.click()
    assert directory.model.rowCount() == 1
    directory.select_hit(0)
    directory.choose_button.click()
    assert dialog.recipient == VG_KOBLENZ
    assert "Verwaltungsgericht Koblenz" in dialog.recipient_edit.text()

    dialog.betreff.setText("Klage gegen den Bescheid vom 02.04.2025")
    dialog.az_own.setText("31-2025/0412")
    dialog.az_theirs.setText("1 K 519/25.KO")
    klage = tmp_path / "Klage.pdf"
    klage.write_bytes(pdf("Klage"))
    _add(qtbot, dialog, klage)
    assert dialog.files.setData(dialog.files.index(0, 1), "003")
    with qtbot.waitSignal(dialog.sent, timeout=10_000) as sent:
        dialog.send_button.click()
        assert dialog.progress.isVisible()
    draft, files, klassen, draft_id = service.calls.sent[0]
    assert draft.betreff == "Klage gegen den Bescheid vom 02.04.2025"
    assert (draft.aktenzeichen_absender, draft.aktenzeichen_empfaenger) == (
        "31-2025/0412",
        "1 K 519/25.KO",
    )
    recipient = next(p for p in draft.parties if p.role is PartyRole.RECIPIENT)
    assert (recipient.safe_id, recipient.display_name) == (
        "safe-1600000002-vg-koblenz",
        "Verwaltungsgericht Koblenz",
    )
    assert [(f.path, f.name) for f in files] == [(klage, "Klage.pdf")]
    assert klassen == {"Klage.pdf": "003"}
    assert draft_id is None
    assert service.store.mailbox.get(sent.args[0]).folder is Folder.GESENDET
    assert not dialog.isVisible()


def test_cancel_while_sending(
    qtbot, dialog: ComposeDialog, service: FakeMailboxService, tmp_path: Path
) -> None:
    service.step_delay_s = 0.3
    dialog.set_recipient(VG_KOBLENZ)
    dialog.betreff.setText("Klage")
    paths = []
    for n in range(4):
        path = tmp_path / f"Anlage_{n}.pdf"
        path.write_bytes(pdf(f"Anlage {n}"))
        paths.append(path)
    _add(qtbot, dialog, *paths)
    dialog.send_button.click()
    job = dialog.job
    assert job is not None
    with qtbot.waitSignal(job.failed, timeout=10_000):
        dialog.progress.cancel_button.click()
    assert dialog.isVisible()
    assert "abgebrochen" in dialog.todo.text()
    assert dialog.send_button.isEnabled()


def test_save_draft(
    qtbot, dialog: ComposeDialog, service: FakeMailboxService, tmp_path: Path
) -> None:
    dialog.betreff.setText("Stellungnahme")
    klage = tmp_path / "Stellungnahme.pdf"
    klage.write_bytes(pdf("Stellungnahme"))
    _add(qtbot, dialog, klage)
    with qtbot.waitSignal(dialog.draft_saved, timeout=10_000) as saved:
        dialog.save_button.click()
    draft_id = saved.args[0]
    assert dialog.draft_id == draft_id
    record = service.store.mailbox.get(draft_id)
    assert (record.folder, record.betreff) == (Folder.ENTWUERFE, "Stellungnahme")
    assert [a.safe_name for a in service.store.mailbox.attachments(draft_id)] == [
        "Stellungnahme.pdf"
    ]
    with qtbot.waitSignal(dialog.draft_saved, timeout=10_000) as again:
        dialog.save_button.click()
    assert again.args[0] == draft_id  # updated, not a second draft
