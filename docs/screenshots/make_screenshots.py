"""Screenshots of the real windows over a seeded demo store: main_window.png, compose.png,
single_instance.png (1280×800).

Run from the repository root: ``.venv/bin/python docs/screenshots/make_screenshots.py``.
With an X display (``$DISPLAY``) or ``Xvfb`` installed the windows run on a real (window-
manager-less) X server at 1280×800; otherwise Qt's offscreen platform is used. Either way each
picture is the widget's own rendering (``QWidget.grab``), so it does not depend on a window
manager. The demo store lives in a temporary folder and is removed afterwards.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))
WIDTH, HEIGHT = 1280, 800


def start_display() -> subprocess.Popen[bytes] | None:
    """An Xvfb server when there is no display; ``None`` if one exists or Xvfb is missing."""
    if os.environ.get("DISPLAY") or os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return None
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return None
    # -displayfd: Xvfb picks a free display number and writes it to the pipe when ready.
    read_end, write_end = os.pipe()
    screen = f"{WIDTH}x{HEIGHT}x24"
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", screen, "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as answer:
        number = answer.readline().strip()
    if not number:
        server.kill()
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return None
    os.environ["DISPLAY"] = f":{number}"
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    return server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--lang", default="de", choices=("de", "en"))
    parser.add_argument(
        "--extra", action="store_true", help="also the other dialogs (unlock, eEB, …)"
    )
    args = parser.parse_args()
    server = start_display()
    try:
        with tempfile.TemporaryDirectory(prefix="bebpo-screens-") as tmp:
            return shoot(Path(tmp), args.out, args.lang, extra=args.extra)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)


def shoot(tmp: Path, out: Path, lang: str, *, extra: bool = False) -> int:
    os.environ["BEBPO_BASE_DIR"] = str(tmp / "base")
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QWidget

    from client.store import Actor, Folder, MailboxStore, ScryptParams
    from client.ui import i18n
    from client.ui.main_window import MainWindow
    from client.ui.views import dialogs
    from client.ui.workers import wait_for_background
    from profiles import workdirs
    from profiles.errors import AlreadyOpen, LockHolder
    from profiles.paths import resource_dir
    from tests.client.ui.fake_service import FakeMailboxService
    from tests.client.ui.seed import pdf, seed_demo

    app = QApplication([sys.argv[0]])
    app.setApplicationDisplayName("beBPo-Client")
    app.setWindowIcon(QIcon(str(resource_dir() / "icons" / "bebpo-client.svg")))
    i18n.install(app, lang)
    print(f"platform: {app.platformName()}")
    base = tmp / "base"
    base.mkdir()
    workdir = workdirs.add("DEMO", base)
    store = MailboxStore.create(
        workdir.paths,
        "Demo-Passwort-2025",
        scrypt=ScryptParams(n=1 << 10, r=8, p=1),
        actor=Actor("demo", "Erika Mustermann"),
    )
    ids = seed_demo(store)
    service = FakeMailboxService(store, transfer_dir=tmp / "transfer")

    def settle(ms: int = 300) -> None:
        deadline = time.monotonic() + ms / 1000
        while time.monotonic() < deadline:
            wait_for_background(2000)
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    def save(widget: QWidget, name: str) -> None:
        settle()
        target = out / name
        widget.grab().save(str(target))
        print(
            f"wrote {target.relative_to(REPO) if target.is_relative_to(REPO) else target}"
            f" ({widget.width()}×{widget.height()})"
        )

    window = MainWindow(base)
    window.resize(WIDTH, HEIGHT)
    window.show()
    page = window.show_mailbox(service)
    settle()
    page.select_folder(Folder.POSTEINGANG)
    settle()
    page.message_list.select_message(ids["demo-2025-0001"])
    settle()
    page.message_view.select_document("Ladung.pdf")
    save(window, "main_window.png")

    examples = tmp / "Dokumente"
    examples.mkdir()
    (examples / "Klageschrift.pdf").write_bytes(pdf("Klageschrift"))
    (examples / "Anlage K1 Vertrag.pdf").write_bytes(pdf("Vertrag"))
    docx = examples / "Klage Entwurf.docx"
    import zipfile

    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    compose = page.compose()
    from client.ui.views.directory_dialog import ChosenRecipient

    compose.set_recipient(
        ChosenRecipient("safe-1600000002-vg-koblenz", "Verwaltungsgericht Koblenz")
    )
    compose.betreff.setText("Klage gegen den Bescheid vom 02.04.2025")
    compose.az_own.setText("31-2025/0412")
    compose.az_theirs.setText("1 K 519/25.KO")
    compose.add_files([examples / "Klageschrift.pdf", examples / "Anlage K1 Vertrag.pdf", docx])
    settle(600)
    save(compose, "compose.png")
    compose.reject()

    holder = LockHolder(
        pid=48213, hostname="tgpro-07", user="rechtsamt", since="2025-05-05 08:02", program="bebpo"
    )
    # The path a clerk would see (the demo store itself lives in a temporary folder).
    shown = Path("/home/rechtsamt/.local/share/bebpo/demo")
    box = dialogs.start_anyway_box(window, AlreadyOpen(shown, holder))
    box.show()
    save(box, "single_instance.png")
    box.close()

    if extra:
        shoot_extra(page, save, settle, ids)

    window.close()
    QTimer.singleShot(0, QCoreApplication.quit)
    settle(100)
    return 0


def shoot_extra(page: Any, save: Any, settle: Any, ids: dict[str, int]) -> None:
    """The other windows, for review (not linked from the README)."""
    from client.store import Folder
    from client.ui.models.folder_tree import QUARANTINE
    from client.ui.views.directory_dialog import DirectoryDialog
    from client.ui.views.unlock_dialog import UnlockDialog
    from tests.client.ui.fake_service import FakeOpener

    page.select_folder(Folder.POSTEINGANG)
    settle()
    page.message_list.select_message(ids["demo-2025-0001"])
    settle()
    eeb = page.answer_eeb()
    save(eeb, "extra_eeb.png")
    eeb.reject()
    settings = page.open_settings()
    settle(500)
    settings.retention_enabled.setChecked(False)
    save(settings, "extra_settings_retention.png")
    settings.tabs.setCurrentIndex(4)
    save(settings, "extra_settings_certificates.png")
    settings.reject()
    directory = DirectoryDialog(page.service, page)
    directory.show()
    directory.fields[next(iter(directory.fields))].setText("gericht")
    directory.search()
    settle()
    save(directory, "extra_directory.png")
    directory.reject()
    page.select_folder(QUARANTINE)
    settle()
    page.quarantine.select("Anlage_Scan.pdf")
    save(page.window(), "extra_quarantine.png")
    page.select_folder(Folder.POSTEINGANG)
    settle()
    page.message_list.select_message(ids["demo-2025-0002"])
    settle()
    page.message_view.select_document("Anlage_Scan.pdf")
    page.message_view.tabs.setCurrentIndex(2)
    save(page.window(), "extra_pruefprotokoll.png")
    unlock = UnlockDialog(FakeOpener(page.service.paths), page)
    unlock.show()
    unlock.person.setText("Erika Mustermann")
    unlock.error_label.setText(
        "<b>Falsches Passwort.</b> Das Passwort öffnet den Nachrichtenspeicher nicht."
    )
    unlock.error_label.show()
    save(unlock, "extra_unlock.png")
    unlock.reject()


if __name__ == "__main__":
    sys.exit(main())
