"""One unlocked mailbox: the facade the GUI and the headless commands use (client/ui/services.py
describes the contract). Plain Python; every method may block, so the GUI calls them from workers.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import tomli_w

from client.core import (
    actions,
    texts_core,  # noqa: F401 - registers the German texts of core errors
)
from client.core import progress_texts as texts
from client.core.connection import MailboxKeys, Pins, load_keys, open_session, spill_factory
from client.core.directory import (
    DirectoryClient,
    DirectoryEntry,
    DirectoryHit,
    RoleState,
    SearchCriterion,
    SearchPage,
)
from client.core.errors import Cancelled
from client.core.events import EventBus
from client.core.favourites import Favourite, Favourites
from client.core.fetch import FetchProgress, FetchService
from client.core.processing import DeliveryProcessor, scan_record
from client.core.scanners import ScannerSession
from client.core.validation import (
    OwnCertificate,
    OwnCertificateKind,
    OwnCertificateStatus,
    ValidationClient,
)
from client.egvp import EebAccept, EebReject, OutgoingMessage, PathSource, Visitenkarte
from client.sandbox import (
    ContentType,
    IndeterminateReason,
    ReleasePolicy,
    Scanner,
    ScannerInfo,
    ScanResult,
    open_scanner,
)
from client.sandbox import Verdict as ScanVerdict
from client.sandbox import can_release as sandbox_can_release
from client.sandbox import release as sandbox_release
from client.store import (
    Actor,
    AttachmentRecord,
    BackupReport,
    DraftInfo,
    Folder,
    JournalEntry,
    MailboxStore,
    MessageRecord,
    MessageSummary,
    PartyRecord,
    ProcessCardRecord,
    RetentionPolicy,
    RetentionReport,
    ScanResultRecord,
    restore_backup,
)
from client.store.model import utc_now
from osci.transport.session import ClientSession
from profiles import settings as settings_io
from profiles.paths import WorkdirPaths, atomic_write_text
from profiles.scenarios import Limits, RetentionDefaults
from profiles.settings import Settings
from profiles.workdirs import Workdir

ProgressCallback = Callable[[int, int, str], None]
MB = 1024 * 1024
log = logging.getLogger(__name__)
RETENTION_EVERY = timedelta(days=1)
EebResponse = EebAccept | EebReject

_REFUSALS = {
    "INFECTED": "Die Datei enthält Schadsoftware und kann nicht übertragen werden.",
    "NEEDS_RESCAN": "Die Datei ist noch nicht sicher geprüft; bitte erneut prüfen.",
    "TYPE_NOT_ALLOWED": "Dieser Dateityp darf nicht in den Transfer-Ordner.",
    "CONTENT_CHANGED": "Der Inhalt stimmt nicht mit der geprüften Datei überein.",
}


class WorkdirOpener:
    """Unlocks one working directory: the store password is also the PIN of the keys."""

    def __init__(
        self,
        workdir: Workdir,
        *,
        bus: EventBus | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.workdir = workdir
        self.bus = bus or EventBus()
        self.clock = clock  # the store's idea of "now" (tests move it forward)

    @property
    def title(self) -> str:
        return self.workdir.scenario.title

    def open(self, password: str, person: str) -> WorkdirMailbox:
        paths = self.workdir.paths
        actor = Actor.current(person)
        clock = self.clock or utc_now
        if MailboxStore.exists(paths):
            store = MailboxStore.open(paths, password, actor=actor, clock=clock)
        else:
            store = MailboxStore.create(paths, password, actor=actor, clock=clock)
        mailbox = WorkdirMailbox(self.workdir, store, password, person, bus=self.bus)
        mailbox.clock = self.clock
        mailbox.apply_retention()  # at every start (issue 5: "run at start and daily")
        return mailbox


class WorkdirMailbox:
    def __init__(
        self,
        workdir: Workdir,
        store: MailboxStore,
        password: str,
        person: str,
        *,
        bus: EventBus | None = None,
    ) -> None:
        self.workdir = workdir
        self.paths = workdir.paths
        self.scenario = workdir.scenario
        self.store = store
        self._password = password
        self._person = person
        self.bus = bus or EventBus()
        self._keys: MailboxKeys | None = None
        self._lock = threading.Lock()
        self.clock: Callable[[], datetime] | None = None
        self._retention_ran: datetime | None = None
        self._garbage_collected: datetime | None = None
        self._scanners = ScannerSession(
            lambda settings: open_scanner(settings, quarantine_dir=self.paths.quarantine)
        )

    # ------------------------------------------------------------ identity

    @property
    def title(self) -> str:
        return self.scenario.title

    @property
    def person(self) -> str:
        return self._person

    def keys(self) -> MailboxKeys:
        with self._lock:
            if self._keys is None:
                self._keys = load_keys(self.paths, self.scenario, Pins(self._password))
            return self._keys

    def session(self, progress: Callable[[int], None] | None = None) -> ClientSession:
        session, _transport = open_session(
            self.paths,
            self.scenario,
            self.keys(),
            self.settings(),
            on_upload=progress,
            on_download=progress,
        )
        return session

    # ------------------------------------------------------------ reading

    def folder_counts(self) -> Mapping[Folder, tuple[int, int]]:
        return self.store.mailbox.folder_counts()

    def quarantine_count(self) -> int:
        return len(self.store.mailbox.quarantine())

    def list_messages(
        self, folder: Folder, *, offset: int = 0, limit: int | None = None
    ) -> Sequence[MessageSummary]:
        size = limit if limit is not None else 10**9
        return self.store.mailbox.list_folder(folder, offset=offset, limit=size)

    def search_ids(self, text: str, folder: Folder) -> set[int]:
        return self.store.mailbox.search_ids(text, folder=folder)

    def message(self, message_id: int) -> MessageRecord:
        return self.store.mailbox.get(message_id)

    def parties(self, message_id: int) -> Sequence[PartyRecord]:
        return self.store.mailbox.parties(message_id)

    def attachments(self, message_id: int) -> Sequence[AttachmentRecord]:
        return self.store.mailbox.attachments(message_id)

    def scan_results(self, attachment_id: int) -> Sequence[ScanResultRecord]:
        return self.store.mailbox.scan_results(attachment_id)

    def process_cards(self, message_id: int) -> Sequence[ProcessCardRecord]:
        return self.store.mailbox.process_cards(message_id)

    def journal(self, message_id: int) -> Sequence[JournalEntry]:
        return self.store.mailbox.journal_entries(message_id=message_id)

    def quarantine(self) -> Sequence[AttachmentRecord]:
        return self.store.mailbox.quarantine()

    def mark_seen(self, message_ids: Sequence[int]) -> None:
        self.store.mailbox.set_seen(message_ids)

    def move_to_trash(self, message_ids: Sequence[int]) -> Sequence[int]:
        """Into the Papierkorb (undoable with :meth:`restore_from_trash`); journaled."""
        return self.store.mailbox.move_to_trash(message_ids, reason="user")

    def restore_from_trash(self, message_ids: Sequence[int]) -> Sequence[int]:
        return self.store.mailbox.restore_from_trash(message_ids)

    def purge(self, message_ids: Sequence[int]) -> Sequence[int]:
        """Delete for good (only from the Papierkorb; the journal keeps a line)."""
        in_trash = [i for i in message_ids if self.store.mailbox.get(i).folder is Folder.PAPIERKORB]
        return self.store.mailbox.purge(in_trash, reason="user")

    def backup(
        self, target: Path, *, progress: ProgressCallback, cancel: threading.Event
    ) -> BackupReport:
        """One encrypted archive of the whole mailbox (consistent while the client runs);
        restore with ``bebpo-client restore`` or :func:`client.store.restore_backup`."""
        progress(0, 0, texts.BACKUP_RUNNING)
        report = self.store.backup(target)
        progress(1, 1, texts.BACKUP_DONE)
        return report

    def draft_documents(self, draft_id: int) -> Sequence[PathSource]:
        return actions.draft_documents(self.store, self.paths, draft_id)

    def search(self, text: str) -> Sequence[MessageSummary]:
        return self.store.mailbox.search(text)

    # ------------------------------------------------------------ release and scans

    def _policy(self) -> ReleasePolicy:
        return ReleasePolicy.from_tokens(self.settings().allowed_transfer_types)

    def release_refusal(
        self, attachment: AttachmentRecord, scan: ScanResultRecord | None
    ) -> str | None:
        if attachment.blob_id is None:
            return "Der Inhalt dieser Datei wurde gelöscht."
        if scan is None:
            return _REFUSALS["NEEDS_RESCAN"]
        decision = sandbox_can_release(
            as_scan_result(scan),
            name=attachment.safe_name,
            expected_sha256=attachment.sha256,
            policy=self._policy(),
        )
        if decision.refusal is None:
            return None
        return _REFUSALS.get(decision.refusal.name, "Die Datei kann nicht übertragen werden.")

    def release(self, attachment_id: int) -> Path:
        attachment = self.store.mailbox.attachment(attachment_id)
        scans = self.store.mailbox.scan_results(attachment_id)
        if not scans:
            raise actions.NotScanned(name=attachment.safe_name)
        target = Path(self.settings().transfer_dir).expanduser()
        with self.store.mailbox.open_attachment(attachment_id) as reader:
            released = sandbox_release(
                reader,
                name=attachment.safe_name,
                scan=as_scan_result(scans[-1]),
                expected_sha256=attachment.sha256,
                transfer_dir=target,
                policy=self._policy(),
            )
        self.store.mailbox.record_release(
            attachment_id, target_name=released.name, size=released.size, sha256=released.sha256
        )
        return released.path

    def rescan(
        self, attachment_id: int, *, progress: ProgressCallback, cancel: threading.Event
    ) -> ScanResultRecord:
        attachment = self.store.mailbox.attachment(attachment_id)
        progress(0, 1, texts.RESCANNING)
        with self._scanner() as scanner, self.store.mailbox.open_attachment(attachment_id) as src:
            result = scanner.scan(src, name=attachment.safe_name)
        record = self.store.incoming.record_scan(attachment_id, scan_record(result))
        progress(1, 1, texts.RESCANNED)
        return record

    def delete_attachment(self, attachment_id: int, reason: str) -> None:
        self.store.mailbox.delete_attachment_content(attachment_id, reason=reason)

    def prepare_scanner(self) -> None:
        """Start the scanner in the background (the GUI does so right after unlock, so that a
        private clamd has loaded its database by the first fetch)."""
        self._scanners.prepare(self.settings().scanner)

    @contextmanager
    def _scanner(self) -> Iterator[Scanner]:
        """The session's scanner (kept open for later fetches and rescans)."""
        yield self._scanners.get(self.settings().scanner)

    # ------------------------------------------------------------ fetch

    def fetch(self, *, progress: ProgressCallback, cancel: threading.Event) -> int:
        self.apply_retention_if_due()
        keys = self.keys()
        progress(0, 0, texts.CONNECTING)
        unsubscribe = self.bus.subscribe(FetchProgress(progress))
        try:
            with self._scanner() as scanner:
                processor = DeliveryProcessor(
                    self.store,
                    keys.cipher,
                    scanner,
                    spill=lambda: spill_factory(self.paths),
                    own_name=self.title,
                    bus=self.bus,
                )
                service = FetchService(self.paths, self.store, self.session, processor, self.bus)
                result = service.fetch(cancel=cancel)
        finally:
            unsubscribe()
        self._collect_garbage_if_due()
        if cancel.is_set():
            raise Cancelled()
        return len(result.fetched)

    def _collect_garbage_if_due(self) -> None:
        """Remove blob files a crash or a failed processing step left without a row: after the
        first fetch of a session and then daily (it lists every blob file, ~0.6 s for 300,000,
        so not at unlock)."""
        if not self._day_passed(self._garbage_collected):
            return
        self._garbage_collected = self._now()
        removed = self.store.collect_garbage()
        if removed:
            log.info("Removed %d blob files without a row.", removed)

    # ------------------------------------------------------------ send, eEB, export

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
        return actions.send(
            self, draft, files, klassen, draft_id=draft_id, progress=progress, cancel=cancel
        )

    def send_pending(self, *, progress: ProgressCallback) -> Sequence[int]:
        """Send what a crash or an unreachable intermediary left in the outbox."""
        return actions.send_pending(self, progress)

    def save_draft(
        self,
        draft: DraftInfo,
        files: Sequence[PathSource],
        klassen: Mapping[str, str],
        *,
        draft_id: int | None,
    ) -> int:
        return actions.save_draft(self, draft, files, klassen, draft_id=draft_id)

    def eeb_preview(self, message_id: int, response: EebResponse) -> tuple[OutgoingMessage, bytes]:
        return actions.eeb_preview(self, message_id, response)

    def answer_eeb(
        self,
        message_id: int,
        response: EebResponse,
        *,
        progress: ProgressCallback,
        cancel: threading.Event,
    ) -> int:
        return actions.answer_eeb(self, message_id, response, progress=progress, cancel=cancel)

    def export(
        self,
        message_ids: Sequence[int],
        target_dir: Path,
        *,
        progress: ProgressCallback,
        cancel: threading.Event,
    ) -> Sequence[Path]:
        written = []
        for index, message_id in enumerate(message_ids):
            if cancel.is_set():
                raise Cancelled()
            progress(
                index, len(message_ids), texts.EXPORTING.format(n=index + 1, total=len(message_ids))
            )
            written.append(actions.export_message(self, message_id, target_dir))
        progress(len(message_ids), len(message_ids), texts.EXPORTED)
        return written

    # ------------------------------------------------------------ directory

    def directory(self) -> DirectoryClient:
        return DirectoryClient.for_scenario(self.scenario, proxy=self.settings().proxy_url or None)

    def validation(self) -> ValidationClient:
        return ValidationClient.for_scenario(self.scenario, proxy=self.settings().proxy_url or None)

    def search_directory(
        self, criteria: Sequence[SearchCriterion], *, page: int, page_size: int
    ) -> SearchPage:
        return self.directory().search(criteria, page=page, page_size=page_size)

    def directory_status(self) -> tuple[str, RoleState | None]:
        """Our SAFE-ID and the state of our beBPo role as the directory sees it now
        (``None``: no role entry). Raises the directory's errors when it is unreachable."""
        safe_id = actions.own_card(self).nutzer_id
        return safe_id, self.directory().role_state(safe_id)

    def own_card(self) -> Visitenkarte | None:
        """Our Visitenkarte as registered (``None`` before the first registration)."""
        try:
            return actions.own_card(self)
        except actions.OwnCardMissing:
            return None

    def register_in_directory(self, card: Visitenkarte) -> DirectoryEntry:
        """Register this mailbox (card + encryption certificate, proven with the mailbox key);
        the directory gives the SAFE-ID, and the role stays unconfirmed until the Prüfstelle
        confirms it. The card is kept in the working directory for sending."""
        entry = self.directory().register(card, self.keys().cipher.certificate, self.keys().cipher)
        self._keep_card(entry)
        return entry

    def update_directory(self, card: Visitenkarte) -> DirectoryEntry:
        """Change our Visitenkarte in the directory (signed with the registered key)."""
        own = actions.own_card(self)
        result = self.directory().update(own.nutzer_id, card, self.keys().cipher)
        self._keep_card(result.entry)
        return result.entry

    def _keep_card(self, entry: DirectoryEntry) -> None:
        card = replace(entry.visitenkarte, nutzer_id=entry.safe_id)
        values = {name: getattr(card, name) for name in Visitenkarte.__dataclass_fields__}
        atomic_write_text(self.paths.visitenkarte_file, tomli_w.dumps({"visitenkarte": values}))

    def favourites(self) -> Sequence[Favourite]:
        return Favourites.for_workdir(self.paths).entries()

    def add_favourite(self, hit: DirectoryHit) -> Favourite:
        return Favourites.for_workdir(self.paths).add(hit)

    def remove_favourite(self, safe_id: str) -> None:
        Favourites.for_workdir(self.paths).remove(safe_id)

    # ------------------------------------------------------------ settings

    def limits(self) -> Limits:
        return self.scenario.limits

    def settings(self) -> Settings:
        return settings_io.load(self.paths.settings_file)

    def retention_defaults(self) -> RetentionDefaults:
        return self.scenario.retention

    def save_settings(self, settings: Settings) -> None:
        settings_io.save(self.paths.settings_file, settings)

    def certificates(self) -> Sequence[OwnCertificateStatus]:
        keys = self.keys()
        own = [
            OwnCertificate(OwnCertificateKind.MAILBOX, keys.cipher.certificate),
            OwnCertificate(OwnCertificateKind.VHN, keys.signer.certificate),
        ]
        return self.validation().check_own_certificates(own)

    def retention_policy(self) -> RetentionPolicy:
        """The working directory's settings, where unset the scenario's defaults."""
        chosen = self.settings().retention
        default = self.scenario.retention
        return RetentionPolicy(
            enabled=default.enabled if chosen.enabled is None else chosen.enabled,
            trash_after_days=chosen.trash_after_days
            if chosen.trash_after_days is not None
            else default.trash_after_days,
            purge_after_days=chosen.purge_after_days
            if chosen.purge_after_days is not None
            else default.purge_after_days,
            only_after_export=chosen.only_after_export
            if chosen.only_after_export is not None
            else default.only_after_export,
        )

    def apply_retention(self) -> RetentionReport | None:
        """Move messages due to the Papierkorb and purge the ones due there (journaled)."""
        self._retention_ran = self._now()
        policy = self.retention_policy()
        if not policy.enabled:
            return None
        return self.store.apply_retention(policy)

    def apply_retention_if_due(self) -> RetentionReport | None:
        """Retention once a day in a long session (each fetch asks; unlock always runs it)."""
        if not self._day_passed(self._retention_ran):
            return None
        return self.apply_retention()

    def _day_passed(self, last: datetime | None) -> bool:
        """Whether a daily task is due again (never run in this session: yes)."""
        return last is None or self._now() - last >= RETENTION_EVERY

    def _now(self) -> datetime:
        return self.clock() if self.clock is not None else datetime.now(UTC)

    def close(self) -> None:
        self._scanners.close()
        self.store.close()


def as_scan_result(record: ScanResultRecord) -> ScanResult:
    """A stored scan as the sandbox's decision functions take it."""
    verdict = ScanVerdict(int(record.verdict)) if record.verdict else ScanVerdict.INDETERMINATE
    reason = None
    if verdict is ScanVerdict.INDETERMINATE:
        reason = IndeterminateReason(record.reason) if record.reason else IndeterminateReason(1)
    return ScanResult(
        verdict=verdict,
        scanner=ScannerInfo(record.engine, record.engine_version, record.signature_version),
        scanned_bytes=record.scanned_bytes,
        sha256=record.sha256,
        content_type=ContentType(record.content_type),
        signature=record.signature or None,
        reason=reason,
        detail=record.detail,
        scanned_at=record.scanned_at or datetime.now(UTC),
    )


def restore_mailbox(archive: Path, base: Path, name: str, password: str) -> Path:
    """Restore a mailbox backup into the working directory ``name`` under ``base`` (which must
    not hold a store yet); returns the working directory. Verifies every blob on the way."""
    target = WorkdirPaths.for_scenario(base, name)
    target.create()
    restore_backup(archive, target, password=password)
    return target.root
