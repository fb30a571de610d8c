"""What the GUI needs from the core: one small Protocol per role (house rule 4).

The windows never touch the store, the OSCI layer or the directory client directly; they call a
:class:`MailboxService` (the integrator's ``client.core`` facade implements it) and get a service
from a :class:`MailboxOpener` when the user unlocks a mailbox.

Rules for implementers:

* Every method may block (disk, crypto, network, scanning): the GUI calls them only from worker
  threads (``client.ui.workers``), never on the GUI thread. Implementations must be thread-safe.
* Long operations take ``progress`` and ``cancel``. ``progress(done, total, text)`` may be called
  from the worker thread as often as useful (``total == 0``: unknown; ``text``: German, short,
  e.g. "Nachricht 3 von 7"). When ``cancel`` is set, stop at the next safe point and raise
  :class:`client.core.errors.Cancelled`; nothing half-done may stay behind.
* Errors are raised as the packages' own exceptions; the GUI shows them through
  ``client.core.errors.user_message`` (register a German text there for anything new).
* Arguments and results are types of ``client.core``/``client.store``/``client.egvp``/
  ``profiles`` or builtins, so ``client.core`` can implement this Protocol without importing Qt or
  ``client.ui``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Protocol

from client.core.directory import (
    DirectoryEntry,
    DirectoryHit,
    RoleState,
    SearchCriterion,
    SearchPage,
)
from client.core.favourites import Favourite
from client.core.validation import OwnCertificateStatus
from client.egvp import EebAccept, EebReject, OutgoingMessage, PathSource, Visitenkarte
from client.store import (
    AttachmentRecord,
    BackupReport,
    DraftInfo,
    Folder,
    JournalEntry,
    MessageRecord,
    MessageSummary,
    PartyRecord,
    ProcessCardRecord,
    ScanResultRecord,
)
from profiles.scenarios import Limits, RetentionDefaults
from profiles.settings import Settings

ProgressCallback = Callable[[int, int, str], None]
"""``progress(done, total, text)``; ``total == 0`` means unknown."""

EebResponse = EebAccept | EebReject


class MailboxOpener(Protocol):
    """Unlocks one working directory's mailbox (the unlock dialog's counterpart)."""

    @property
    def title(self) -> str:
        """The mailbox's name for the dialog (the scenario title)."""
        ...

    def open(self, password: str, person: str) -> MailboxService:
        """Unlock with the mailbox password; ``person`` is who works now (for the journal).

        Raises ``client.store.WrongPassword`` for a wrong password (the dialog lets the user try
        again) and other store/profile errors for anything else.
        """
        ...


class MailboxService(Protocol):
    """One unlocked mailbox, as the GUI sees it. All methods may block; see the module doc."""

    @property
    def title(self) -> str:
        """The mailbox's display name (scenario title)."""
        ...

    @property
    def person(self) -> str:
        """Who works now (entered when unlocking)."""
        ...

    # ------------------------------------------------------------ reading

    def folder_counts(self) -> Mapping[Folder, tuple[int, int]]:
        """``{folder: (messages, unseen)}`` — ``store.mailbox.folder_counts()``."""
        ...

    def quarantine_count(self) -> int:
        """How many incoming attachments are quarantined (scan not OK, content present)."""
        ...

    def list_messages(
        self, folder: Folder, *, offset: int = 0, limit: int | None = None
    ) -> Sequence[MessageSummary]:
        """A folder's rows, newest first (``store.mailbox.list_folder`` by date, descending).

        ``limit=None`` means all rows from ``offset`` on. The GUI asks for a first page, shows
        it, then loads the rest in pieces. If the rows carry a ``size`` attribute (bytes), the
        list shows it in the "Größe" column.
        """
        ...

    def search_ids(self, text: str, folder: Folder) -> set[int]:
        """Ids of the folder's messages whose indexed texts (Betreff, Aktenzeichen, Absender,
        Empfänger, document names) contain every word of ``text`` as a prefix
        (``store.mailbox.search_ids``). The list merges them into its instant filter."""
        ...

    def message(self, message_id: int) -> MessageRecord:
        """``store.mailbox.get``."""
        ...

    def parties(self, message_id: int) -> Sequence[PartyRecord]:
        """``store.mailbox.parties``."""
        ...

    def attachments(self, message_id: int) -> Sequence[AttachmentRecord]:
        """``store.mailbox.attachments``: documents in order, with their latest scan state."""
        ...

    def scan_results(self, attachment_id: int) -> Sequence[ScanResultRecord]:
        """``store.mailbox.scan_results``: every scan, oldest first."""
        ...

    def process_cards(self, message_id: int) -> Sequence[ProcessCardRecord]:
        """``store.mailbox.process_cards``: the Laufzettel, oldest first."""
        ...

    def journal(self, message_id: int) -> Sequence[JournalEntry]:
        """The journal entries about one message (for the Prüfprotokoll)."""
        ...

    def release_refusal(
        self, attachment: AttachmentRecord, scan: ScanResultRecord | None
    ) -> str | None:
        """Why ``attachment`` may not go to the transfer folder (German, one sentence), or
        ``None`` when it may. No I/O: wraps ``client.sandbox.can_release`` with the working
        directory's release policy (allowed types from the settings)."""
        ...

    def quarantine(self) -> Sequence[AttachmentRecord]:
        """``store.mailbox.quarantine()``: attachments whose latest scan is not OK."""
        ...

    def mark_seen(self, message_ids: Sequence[int]) -> None:
        """Mark messages as read."""
        ...

    # ------------------------------------------------------------ long operations

    def fetch(self, *, progress: ProgressCallback, cancel: threading.Event) -> int:
        """Fetch every waiting delivery (InitDialog … ExitDialog), store, decrypt, scan.

        Returns the number of new messages. Progress per message and bytes.
        """
        ...

    def send(
        self,
        draft: DraftInfo,
        files: Sequence[PathSource],
        klassen: Mapping[str, str],
        *,
        draft_id: int | None,
        progress: ProgressCallback,
        cancel: threading.Event,
    ) -> int:
        """Send a composed message; returns its message id.

        ``draft.parties`` holds exactly one ``PartyRole.RECIPIENT`` with the SAFE-ID chosen in
        the directory (fetch the recipient afresh: ``DirectoryClient.recipient``). ``files`` are
        the user's documents under the names they will carry (``PathSource.send_name``);
        ``klassen`` maps each name to its Dokumentklasse code (``client.egvp.DOKUMENTKLASSEN``).
        ``draft_id``: the stored draft this message was opened from (it becomes the sent
        message), or ``None``. Must check the ERV rules again (``client.egvp.check_outgoing``).
        """
        ...

    def save_draft(
        self,
        draft: DraftInfo,
        files: Sequence[PathSource],
        klassen: Mapping[str, str],
        *,
        draft_id: int | None,
    ) -> int:
        """Create or update a draft in "Entwürfe"; returns its message id."""
        ...

    def release(self, attachment_id: int) -> Path:
        """Write a clean attachment into the transfer folder (``client.sandbox.release`` +
        ``store.mailbox.record_release``); returns the written file."""
        ...

    def rescan(
        self, attachment_id: int, *, progress: ProgressCallback, cancel: threading.Event
    ) -> ScanResultRecord:
        """Scan a quarantined attachment again and record the result."""
        ...

    def delete_attachment(self, attachment_id: int, reason: str) -> None:
        """Delete an attachment's content for good, with the user's reason (journaled)."""
        ...

    def eeb_preview(self, message_id: int, response: EebResponse) -> tuple[OutgoingMessage, bytes]:
        """What answering the eEB request ``message_id`` would send: the EGVP message (recipient
        SAFE-ID, Betreff, Aktenzeichen) and the ``xjustiz_nachricht.xml`` bytes. No sending."""
        ...

    def answer_eeb(
        self,
        message_id: int,
        response: EebResponse,
        *,
        progress: ProgressCallback,
        cancel: threading.Event,
    ) -> int:
        """Send the eEB answer to request ``message_id`` and link it; returns the answer's id."""
        ...

    def export(
        self,
        message_ids: Sequence[int],
        target_dir: Path,
        *,
        progress: ProgressCallback,
        cancel: threading.Event,
    ) -> Sequence[Path]:
        """Export messages (ZIP + printable Zugangsnachweis each) into ``target_dir``."""
        ...

    def move_to_trash(self, message_ids: Sequence[int]) -> Sequence[int]:
        """Move messages into the "Papierkorb" (journaled; undone by :meth:`restore_from_trash`).

        Returns the ids that were moved (ids already in the Papierkorb or unknown are skipped).
        """
        ...

    def restore_from_trash(self, message_ids: Sequence[int]) -> Sequence[int]:
        """Move messages out of the "Papierkorb" into the folder they came from; returns the
        ids that were restored (messages not in the Papierkorb are skipped)."""
        ...

    def purge(self, message_ids: Sequence[int]) -> Sequence[int]:
        """Delete messages for good (rows, documents, search entries; the journal keeps a line).

        Only messages in the "Papierkorb" are affected; returns the ids that were deleted.
        """
        ...

    def backup(
        self, target: Path, *, progress: ProgressCallback, cancel: threading.Event
    ) -> BackupReport:
        """Write one encrypted archive of the whole mailbox to the new file ``target``
        (consistent while the client runs); the report has its size and SHA-256."""
        ...

    def draft_documents(self, draft_id: int) -> Sequence[PathSource]:
        """A saved draft's documents as files again (for reopening it in the compose dialog),
        each under the name it will be sent with (``PathSource.send_name``)."""
        ...

    # ------------------------------------------------------------ directory

    def search_directory(
        self, criteria: Sequence[SearchCriterion], *, page: int, page_size: int
    ) -> SearchPage:
        """``DirectoryClient.search``."""
        ...

    def directory_status(self) -> tuple[str, RoleState | None]:
        """Our own SAFE-ID and the state of our ``egvp_bebpo`` role as the directory sees it now
        (``RoleState.CONFIRMED``/``UNCONFIRMED``; ``None``: no role entry). Asks the directory
        service; raises ``client.core.errors.ServiceError`` subclasses when it is unreachable or
        answers nonsense (the settings dialog shows the German text in place)."""
        ...

    def own_card(self) -> Visitenkarte | None:
        """Our Visitenkarte as registered in the directory (kept in the working directory), or
        ``None`` before the first registration."""
        ...

    def register_in_directory(self, card: Visitenkarte) -> DirectoryEntry:
        """Register this mailbox with ``card`` (and its encryption certificate); returns the new
        entry with our SAFE-ID. The ``egvp_bebpo`` role stays ``UNCONFIRMED`` until the
        Prüfstelle confirms it. Raises ``client.core.errors.DirectoryRequestRefused`` (e.g. code
        ``CERTIFICATE_IN_USE``) or ``ServiceUnreachable``."""
        ...

    def update_directory(self, card: Visitenkarte) -> DirectoryEntry:
        """Change our Visitenkarte in the directory; returns the updated entry. ``nutzer_id``
        and ``rollen_id`` of ``card`` are not ours to change. Raises like
        :meth:`register_in_directory`."""
        ...

    def favourites(self) -> Sequence[Favourite]:
        """``Favourites.entries()`` of this working directory."""
        ...

    def add_favourite(self, hit: DirectoryHit) -> Favourite:
        """``Favourites.add``."""
        ...

    def remove_favourite(self, safe_id: str) -> None:
        """``Favourites.remove``."""
        ...

    # ------------------------------------------------------------ settings

    def limits(self) -> Limits:
        """The scenario's ERV limits (for the live check in the compose dialog)."""
        ...

    def settings(self) -> Settings:
        """The working directory's settings (``profiles.settings.load``)."""
        ...

    def retention_defaults(self) -> RetentionDefaults:
        """The scenario's retention defaults (used where the settings say ``None``)."""
        ...

    def save_settings(self, settings: Settings) -> None:
        """Save and apply changed settings."""
        ...

    def certificates(self) -> Sequence[OwnCertificateStatus]:
        """The mailbox and VHN certificates with their expiry state (may ask the validation
        service; a ``service_error`` in the result is shown, not raised)."""
        ...

    def prepare_scanner(self) -> None:
        """Start the virus scanner in the background (right after unlock: a private clamd with
        the official databases needs tens of seconds to load them); it is kept for the session."""
        ...

    def close(self) -> None:
        """Lock the mailbox again (close the store and the session's scanner)."""
        ...
