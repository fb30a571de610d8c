"""Fetching: InitDialog → FetchDelivery until none is pending → ExitDialog (issue 5).

Each delivery's raw response is durable in the store *before* the next request goes out, because
that next request proves receipt to the intermediary (it sets Reception). Processing (decrypt,
parse the EGVP payload, store attachments, scan) happens after; a failure there marks that one
message failed with its error and never blocks the others. Progress goes to the event bus.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from client.core import progress_texts as texts
from client.core.errors import ClientError
from client.core.events import Event, EventBus
from client.core.processing import AttachmentScanned, AttachmentStored, DeliveryProcessor
from client.egvp.errors import EgvpError
from client.sandbox import SandboxError
from client.sandbox import Verdict as ScanVerdict
from client.store import MailboxStore, StoreError
from osci.errors import FeedbackError, OsciError
from osci.messages import ResponseToFetchDelivery
from osci.transport.session import ClientSession, Exchanged
from profiles.lock import operation_lock
from profiles.paths import WorkdirPaths

# What processing one message may raise without stopping the others (all typed, all shown).
PROCESSING_ERRORS = (OsciError, ClientError, StoreError, SandboxError, EgvpError)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FetchStarted(Event):
    workdir: str


@dataclass(frozen=True)
class DeliveryFetched(Event):
    """One delivery is durable in the store (not yet processed)."""

    message_id: int
    osci_message_id: str
    size: int
    duplicate: bool


@dataclass(frozen=True)
class DeliveryProcessed(Event):
    message_id: int
    betreff: str
    failed: bool
    error: str = ""


@dataclass(frozen=True)
class FetchBytes(Event):
    """Bytes of the current response received so far."""

    received: int


@dataclass(frozen=True)
class FetchFinished(Event):
    fetched: int
    failed: int


@dataclass
class FetchReport:
    fetched: list[int] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


class FetchService:
    def __init__(
        self,
        paths: WorkdirPaths,
        store: MailboxStore,
        session_factory: Callable[[Callable[[int], None]], ClientSession],
        processor: DeliveryProcessor,
        bus: EventBus | None = None,
    ) -> None:
        self.paths = paths
        self.store = store
        self.session_factory = session_factory
        self.processor = processor
        self.bus = bus or EventBus()

    def fetch(
        self, *, lock_timeout: float = 0.0, cancel: threading.Event | None = None
    ) -> FetchReport:
        """Fetch everything pending; the ``fetch`` operation lock keeps a second instance on the
        same working directory from fetching at the same time (OperationBusy)."""
        with operation_lock(self.paths, "fetch", timeout=lock_timeout):
            report = FetchReport()
            self.bus.publish(FetchStarted(self.paths.name))
            self._resume(report)
            session = self.session_factory(lambda n: self.bus.publish(FetchBytes(n)))
            self._dialog(session, report, cancel or threading.Event())
            self.bus.publish(FetchFinished(len(report.fetched), len(report.failed)))
            return report

    def _resume(self, report: FetchReport) -> None:
        """Finish processing that a crashed or failed earlier run left behind."""
        for message_id in self.store.incoming.needing_processing():
            self._process(message_id, report)

    def _dialog(self, session: ClientSession, report: FetchReport, cancel: threading.Event) -> None:
        session.init_dialog()
        unacknowledged: int | None = None
        try:
            while not cancel.is_set():  # cancel stops between deliveries: nothing half-done
                try:
                    exchanged = session.fetch_delivery()
                except FeedbackError as exc:
                    if exc.code == "9803":  # nothing (more) for us: the normal end
                        break
                    raise
                # The request we just sent proved receipt of the previous delivery.
                if unacknowledged is not None:
                    self.store.incoming.mark_acknowledged(unacknowledged)
                try:
                    message_id, duplicate = self._persist(exchanged)
                    unacknowledged = message_id
                    if duplicate:
                        report.duplicates.append(message_id)
                        continue
                    report.fetched.append(message_id)
                    self.processor.keep_for_processing(message_id, exchanged)
                    self._process(message_id, report)
                finally:
                    exchanged.response.close()
        finally:
            exited = _exit(session)
            if exited and unacknowledged is not None:
                self.store.incoming.mark_acknowledged(unacknowledged)

    def _persist(self, exchanged: Exchanged) -> tuple[int, bool]:
        payload = exchanged.payload
        osci_id = ""
        if isinstance(payload, ResponseToFetchDelivery) and payload.process_card is not None:
            osci_id = payload.process_card.message_id
        existing = self.store.incoming.find(osci_id) if osci_id else None
        if existing is not None:
            log.info(
                "Delivery %s was fetched before (message %d): not stored twice.", osci_id, existing
            )
            return existing, True
        exchanged.response.seek(0)
        with self.store.incoming.begin(osci_id) as intake:
            while chunk := exchanged.response.read(1 << 20):
                intake.write(chunk)
            recorded = intake.finish(osci_id)
        self.bus.publish(
            DeliveryFetched(recorded.message_id, osci_id, recorded.raw.size, not recorded.created)
        )
        return recorded.message_id, not recorded.created

    def _process(self, message_id: int, report: FetchReport) -> None:
        try:
            betreff = self.processor.process(message_id)
        except PROCESSING_ERRORS as exc:
            log.info("Message %d could not be processed: %s", message_id, type(exc).__name__)
            self.store.incoming.mark_failed(
                message_id, error_kind=type(exc).__name__, error_text=str(exc)
            )
            report.failed.append(message_id)
            self.bus.publish(DeliveryProcessed(message_id, "", True, str(exc)))
            return
        self.bus.publish(DeliveryProcessed(message_id, betreff, False))


def _exit(session: ClientSession) -> bool:
    try:
        session.exit_dialog()
    except OsciError as exc:
        log.info("ExitDialog failed (%s); the intermediary closes the dialog itself.", exc)
        return False
    return True


_VERDICT_TEXT = {
    ScanVerdict.OK: texts.SCANNED_OK,
    ScanVerdict.INFECTED: texts.SCANNED_INFECTED,
}
MB = 1024 * 1024


class FetchProgress:
    """Subscribes to a fetch's events and reports them as ``progress(done, 0, text)`` with the
    texts of :mod:`client.core.progress_texts` (one line per MB received)."""

    def __init__(self, progress: Callable[[int, int, str], None]) -> None:
        self.progress = progress
        self.messages = 0
        self._mb = -1

    def __call__(self, event: Event) -> None:
        text = self._text(event)
        if text:
            self.progress(self.messages, 0, text)

    def _text(self, event: Event) -> str:
        if isinstance(event, DeliveryFetched):
            self.messages += 1
            return texts.FETCHED.format(n=self.messages)
        if isinstance(event, AttachmentStored):
            return texts.STORED.format(
                n=self.messages, number=event.number, total=event.total, name=event.name
            )
        if isinstance(event, AttachmentScanned):
            return _VERDICT_TEXT.get(event.verdict, texts.SCANNED_UNCLEAR).format(name=event.name)
        if isinstance(event, DeliveryProcessed):
            return texts.PROCESSED.format(n=self.messages)
        if isinstance(event, FetchBytes) and event.received // MB != self._mb:
            self._mb = event.received // MB
            return texts.RECEIVED_MB.format(mb=self._mb)
        return ""
