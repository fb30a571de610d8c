"""The fetch path's operations: crash-safe ingestion, then decrypted content, metadata,
Laufzettel, attachments, scans and per-message errors.

The order the fetch code follows (issue 5):

1. Store the delivery's raw bytes *before* the next request acknowledges it: either
   :meth:`Incoming.record` (bytes or a readable stream), or :meth:`Incoming.begin` for a
   push-style producer (``write()`` the bytes as they arrive, then ``finish()``). On return the
   blob file and the message row are on disk (fsync, ``synchronous = FULL``). The same OSCI
   MessageId again returns the existing message (``created=False``) and stores nothing.
2. :meth:`Incoming.mark_acknowledged` once the intermediary has the acknowledgement.
3. Later, per message and independently: :meth:`record_decrypted`, :meth:`set_metadata`,
   :meth:`add_attachment` …, :meth:`mark_processed`; on any failure :meth:`mark_failed` (the raw
   bytes stay; other messages are not affected). :meth:`restart_processing` drops what a crashed
   or failed run left, for a clean retry. :meth:`needing_processing` lists what is left to do.

Crash safety of step 1 (the *intake journal*): an ``intake`` row is committed before the first
byte is written and removed in the same transaction that creates the message row. A crash in
between leaves the row; :meth:`recover` (run when the store opens) finds rows whose writing
process is gone and either records the complete raw blob as an ``IN_RECEIVED`` message or, if the
stream was cut off, drops the half-written file (that delivery was never acknowledged, so the
intermediary still holds it). Either way the journal says which.
"""

from __future__ import annotations

import contextlib
import logging
from types import TracebackType

from client.store import _owner, _rows
from client.store._context import BlobSource, StoreContext
from client.store.blobs import TMP_FOLDER, BlobWriter
from client.store.db import Connection, Row
from client.store.errors import (
    AttachmentNotFound,
    BlobCorrupt,
    ContentDeleted,
    IntakeClosed,
    InvalidTransition,
    MessageNotFound,
)
from client.store.model import (
    AttachmentRecord,
    BlobInfo,
    IncomingRecorded,
    MessageMetadata,
    NewAttachment,
    ProcessCardInfo,
    RecoveryReport,
    ScanRecord,
    ScanResultRecord,
    opt_ms,
)
from client.store.states import (
    BlobKind,
    Direction,
    Folder,
    JournalAction,
    MessageState,
    PartyRole,
)
from client.store.stream import DEFAULT_CHUNK_SIZE, BinarySource

logger = logging.getLogger(__name__)


class IncomingIntake:
    """One delivery being streamed into the store (from :meth:`Incoming.begin`).

    ``write`` the raw bytes as they arrive (at most one chunk is held in memory), then
    :meth:`finish`. Leaving a ``with`` block without ``finish`` (or with an exception) aborts.
    """

    def __init__(
        self, incoming: Incoming, intake_id: int, writer: BlobWriter, osci_message_id: str
    ) -> None:
        self._incoming = incoming
        self.intake_id = intake_id
        self._writer = writer
        self.osci_message_id = osci_message_id
        self.result: IncomingRecorded | None = None
        self._open = True

    @property
    def blob_id(self) -> str:
        return self._writer.blob_id

    def write(self, data: bytes | bytearray | memoryview) -> int:
        self._check_open()
        return self._writer.write(data)

    def write_from(self, source: BinarySource, chunk_size: int = DEFAULT_CHUNK_SIZE) -> None:
        self._check_open()
        self._writer.write_from(source, chunk_size)

    def finish(self, osci_message_id: str | None = None) -> IncomingRecorded:
        """Make the bytes durable and record the message (or find the duplicate)."""
        self._check_open()
        osci_id = osci_message_id or self.osci_message_id
        if not osci_id:
            raise ValueError("an incoming message needs its OSCI MessageId")
        self._open = False
        try:
            blob = self._writer.finish()
        except BaseException:
            self._incoming._drop_intake(self.intake_id)
            raise
        self.result = self._incoming._complete_intake(self.intake_id, osci_id, blob)
        return self.result

    def abort(self) -> None:
        """Drop what was written (e.g. the connection broke); nothing is recorded."""
        if not self._open:
            return
        self._open = False
        self._writer.abort()
        self._incoming._drop_intake(self.intake_id)

    def _check_open(self) -> None:
        if not self._open:
            raise IntakeClosed(intake_id=self.intake_id)

    def __enter__(self) -> IncomingIntake:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.abort()


class Incoming:
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    def find(self, osci_message_id: str) -> int | None:
        """The id of the incoming message with this OSCI MessageId, if it is stored."""
        with self._ctx.db.read() as conn:
            return _find(conn, osci_message_id)

    # ------------------------------------------------------------ ingestion

    def begin(self, osci_message_id: str = "") -> IncomingIntake:
        """Start streaming a delivery in. The OSCI MessageId may be given here or to ``finish``
        (it is often only known once the response was parsed)."""
        writer = self._ctx.blobs.writer()
        try:
            with self._ctx.db.write() as conn:
                cursor = conn.execute(
                    "INSERT INTO intake (blob_id, osci_message_id, owner, started_at)"
                    " VALUES (?, ?, ?, ?)",
                    (writer.blob_id, osci_message_id, self._ctx.owner, self._ctx.now_ms()),
                )
                intake_id = _rows.last_id(cursor)
        except BaseException:
            writer.abort()
            raise
        return IncomingIntake(self, intake_id, writer, osci_message_id)

    def record(self, osci_message_id: str, raw: BlobSource) -> IncomingRecorded:
        """Store a fetched delivery's raw bytes durably, once per OSCI MessageId.

        ``raw``: bytes, a readable binary stream (read chunk by chunk), or the :class:`BlobInfo`
        of a blob the caller already wrote with :meth:`MailboxStore.blob_writer`.
        """
        if not osci_message_id:
            raise ValueError("an incoming message needs its OSCI MessageId")
        if isinstance(raw, BlobInfo):
            info, _ = self._ctx.store_blob(raw)
            return self._complete_intake(None, osci_message_id, info)
        existing = self.find(osci_message_id)
        if existing is not None:
            return self._duplicate(existing, osci_message_id)
        with self.begin(osci_message_id) as intake:
            if isinstance(raw, bytes | bytearray | memoryview):
                intake.write(raw)
            else:
                intake.write_from(raw)
            return intake.finish()

    def _complete_intake(
        self, intake_id: int | None, osci_message_id: str, blob: BlobInfo
    ) -> IncomingRecorded:
        """One transaction: the message row (or the duplicate's) and the intake row gone."""
        try:
            with self._ctx.db.write() as conn:
                if intake_id is not None:
                    conn.execute("DELETE FROM intake WHERE id = ?", (intake_id,))
                found = _find(conn, osci_message_id)
                referenced = _blob_referenced(conn, blob.blob_id)
                if found is None:
                    message_id = _insert_received(self._ctx, conn, osci_message_id, blob)
        except BaseException:
            # Not recorded, so not acknowledged: the intermediary delivers it again. Tidy up if
            # the environment lets us; otherwise recovery does it at the next start.
            if intake_id is not None:
                with contextlib.suppress(Exception):
                    self._drop_intake(intake_id)
                    self._ctx.blobs.delete(blob.blob_id)
            raise
        if found is not None:
            if not referenced:
                self._ctx.blobs.delete(blob.blob_id)
            return self._duplicate(found, osci_message_id)
        logger.info("Stored incoming message %d (%d bytes).", message_id, blob.size)
        return IncomingRecorded(message_id=message_id, created=True, raw=blob)

    def _drop_intake(self, intake_id: int) -> None:
        with self._ctx.db.write() as conn:
            conn.execute("DELETE FROM intake WHERE id = ?", (intake_id,))

    def _duplicate(self, message_id: int, osci_message_id: str) -> IncomingRecorded:
        with self._ctx.db.write() as conn:
            record = _rows.load_message(conn, message_id)
            self._ctx.journal(
                conn,
                JournalAction.DUPLICATE_RECEIVED,
                message_id=message_id,
                osci_message_id=osci_message_id,
            )
        logger.info("Incoming message %d was delivered again; kept once.", message_id)
        if record.raw_blob is None:
            raise MessageNotFound(message_id=message_id)
        return IncomingRecorded(message_id=message_id, created=False, raw=record.raw_blob)

    def pending_intakes(self) -> int:
        """Deliveries being streamed in right now (by any instance) or left by a crash."""
        with self._ctx.db.read() as conn:
            row = conn.execute("SELECT count(*) FROM intake").fetchone()
        return int(row[0]) if row is not None else 0

    def recover(self) -> RecoveryReport:
        """Finish or drop the intakes of store instances that are gone (crashed)."""
        with self._ctx.db.read() as conn:
            rows = conn.execute(
                "SELECT id, blob_id, osci_message_id, owner FROM intake ORDER BY id"
            ).fetchall()
        recovered: list[IncomingRecorded] = []
        abandoned: list[str] = []
        duplicates = 0
        dead: set[str] = set()
        for row in rows:
            owner = str(row["owner"])
            if _owner.owner_alive(self._ctx.folder, owner, own_token=self._ctx.owner):
                continue
            dead.add(owner)
            outcome = self._recover_one(row)
            if isinstance(outcome, IncomingRecorded):
                recovered.append(outcome)
            elif outcome == "duplicate":
                duplicates += 1
            elif outcome == "abandoned":
                abandoned.append(str(row["osci_message_id"]))
        for owner in dead:
            _owner.remove_dead_owner(self._ctx.folder, owner)
        _owner.sweep_dead_owners(self._ctx.folder, own_token=self._ctx.owner)
        stale = self._ctx.blobs.clean_stale_tmp()
        return RecoveryReport(tuple(recovered), tuple(abandoned), duplicates, stale)

    def _recover_one(self, row: Row) -> IncomingRecorded | str:
        intake_id = int(row["id"])
        blob_id = str(row["blob_id"])
        osci_id = str(row["osci_message_id"])
        info: BlobInfo | None = None
        if self._ctx.blobs.path(blob_id).is_file():
            try:
                info = self._ctx.blobs.verify(blob_id)
            except BlobCorrupt as exc:
                logger.info("Unfinished delivery blob %s is unusable: %s.", blob_id, exc.reason)
        with self._ctx.db.write() as conn:
            if conn.execute("SELECT 1 FROM intake WHERE id = ?", (intake_id,)).fetchone() is None:
                return "gone"  # another instance dealt with it meanwhile
            conn.execute("DELETE FROM intake WHERE id = ?", (intake_id,))
            found = _find(conn, osci_id) if osci_id else None
            if info is not None and found is None:
                message_id = _insert_received(self._ctx, conn, osci_id, info)
                self._ctx.journal(
                    conn,
                    JournalAction.INTAKE_RECOVERED,
                    message_id=message_id,
                    osci_message_id=osci_id,
                    details={"size": info.size, "sha256": info.sha256},
                )
                outcome: IncomingRecorded | str = IncomingRecorded(message_id, True, info)
            else:
                self._ctx.journal(
                    conn,
                    JournalAction.INTAKE_ABANDONED,
                    message_id=found or 0,
                    osci_message_id=osci_id,
                    details={"reason": "duplicate" if info is not None else "incomplete"},
                )
                outcome = "duplicate" if info is not None else "abandoned"
        if not isinstance(outcome, IncomingRecorded):
            self._ctx.blobs.delete(blob_id)
            for tmp in (self._ctx.blobs.folder / TMP_FOLDER).glob(f"{blob_id}.*.tmp"):
                tmp.unlink(missing_ok=True)
        logger.info(
            "Recovered an interrupted delivery (intake %d): %s.",
            intake_id,
            "recorded" if isinstance(outcome, IncomingRecorded) else outcome,
        )
        return outcome

    def assign_osci_message_id(self, message_id: int, osci_message_id: str) -> int:
        """Give a recovered message (stored before its MessageId was known) its MessageId.

        If another incoming message has it already, this one is the same delivery twice: it is
        purged and the other's id is returned. Otherwise returns ``message_id``.
        """
        if not osci_message_id:
            raise ValueError("an OSCI MessageId is needed")
        with self._ctx.writing_then_sweep() as conn:
            record = _rows.load_message(conn, message_id)
            if record.osci_message_id == osci_message_id:
                return message_id
            if record.osci_message_id or record.direction is not Direction.INCOMING:
                raise InvalidTransition(
                    message_id=message_id, current=record.state, wanted=record.state
                )
            found = _find(conn, osci_message_id)
            if found is not None:
                _rows.purge_rows(conn, message_id, self._ctx.now_ms())
                self._ctx.journal(
                    conn,
                    JournalAction.DUPLICATE_RECEIVED,
                    message_id=found,
                    osci_message_id=osci_message_id,
                    details={"purged_copy": message_id},
                )
                return found
            conn.execute(
                "UPDATE messages SET osci_message_id = ?, updated_at = ? WHERE id = ?",
                (osci_message_id, self._ctx.now_ms(), message_id),
            )
            self._ctx.journal(
                conn,
                JournalAction.OSCI_MESSAGE_ID_ASSIGNED,
                message_id=message_id,
                osci_message_id=osci_message_id,
            )
        return message_id

    def mark_acknowledged(self, message_id: int) -> None:
        with self._ctx.db.write() as conn:
            record = _rows.load_message(conn, message_id)
            if record.acknowledged_at is not None:
                return
            conn.execute(
                "UPDATE messages SET acknowledged_at = ? WHERE id = ?",
                (self._ctx.now_ms(), message_id),
            )
            self._ctx.journal(
                conn,
                JournalAction.MESSAGE_ACKNOWLEDGED,
                message_id=message_id,
                osci_message_id=record.osci_message_id,
            )

    def record_decrypted(self, message_id: int, content: BlobSource) -> BlobInfo:
        """Keep the decrypted content; the message is ``IN_DECRYPTED`` afterwards."""

        def body(conn: Connection, blob: BlobInfo) -> None:
            now = self._ctx.now_ms()
            old = _rows.load_message(conn, message_id)
            _rows.set_state(conn, message_id, MessageState.IN_DECRYPTED, now)
            _rows.insert_blob(conn, blob, BlobKind.CONTENT, now)
            conn.execute(
                "UPDATE messages SET content_blob_id = ?, error_kind = '', error_text = ''"
                " WHERE id = ?",
                (blob.blob_id, message_id),
            )
            if old.content_blob is not None:
                _rows.discard_blobs(conn, [old.content_blob.blob_id], now)
            self._ctx.journal(
                conn,
                JournalAction.MESSAGE_DECRYPTED,
                message_id=message_id,
                details={"size": blob.size, "sha256": blob.sha256},
            )

        _, blob = self._ctx.with_new_blob(content, body)
        self._ctx.sweep_blob_trash()
        return blob

    def set_metadata(self, message_id: int, meta: MessageMetadata) -> None:
        """Record what parsing found (replaces earlier metadata and parties; adds the Laufzettel
        if given). The state does not change: call :meth:`mark_processed` when all is stored."""
        with self._ctx.db.write() as conn:
            record = _rows.load_message(conn, message_id)
            if record.direction is not Direction.INCOMING:
                raise InvalidTransition(
                    message_id=message_id, current=record.state, wanted=MessageState.IN_PROCESSED
                )
            now = self._ctx.now_ms()
            conn.execute(
                "UPDATE messages SET betreff = ?, betreff_original = ?, nachrichtentyp = ?,"
                " aktenzeichen_absender = ?, aktenzeichen_empfaenger = ?, sender = ?,"
                " recipient = ?, xjustiz_version = ?, xjustiz_kind = ?, eeb_requested = ?,"
                " is_eeb_answer = ?, signature_verdict = ?, vhn_verdict = ?, extra_json = ?,"
                " date_at = ?, updated_at = ? WHERE id = ?",
                (
                    meta.betreff,
                    meta.betreff_original or meta.betreff,
                    meta.nachrichtentyp,
                    meta.aktenzeichen_absender,
                    meta.aktenzeichen_empfaenger,
                    _rows.party_display(meta.parties, PartyRole.SENDER),
                    _rows.party_display(meta.parties, PartyRole.RECIPIENT),
                    meta.xjustiz_version,
                    meta.xjustiz_kind,
                    int(meta.eeb_requested),
                    int(meta.is_eeb_answer),
                    int(meta.signature_verdict),
                    int(meta.vhn_verdict),
                    _rows.pairs_json(meta.extra),
                    opt_ms(meta.received_at) or opt_ms(record.date),
                    now,
                    message_id,
                ),
            )
            _rows.replace_parties(conn, message_id, meta.parties)
            if meta.process_card is not None:
                _rows.insert_process_card(conn, message_id, meta.process_card, now)
            _rows.refresh_fts(conn, message_id)
            self._ctx.journal(
                conn,
                JournalAction.MESSAGE_PROCESSED,
                message_id=message_id,
                osci_message_id=record.osci_message_id,
                details={
                    "step": "metadata",
                    "signature": meta.signature_verdict.name,
                    "vhn": meta.vhn_verdict.name,
                    "eeb_requested": meta.eeb_requested,
                    "inspections": len(meta.process_card.inspections) if meta.process_card else 0,
                },
            )

    def record_process_card(self, message_id: int, card: ProcessCardInfo) -> int:
        return self._ctx.record_process_card(message_id, card)

    def add_attachment(
        self, message_id: int, spec: NewAttachment, content: BlobSource
    ) -> AttachmentRecord:
        """Store one attachment (unscanned: it is in quarantine until a scan says OK)."""
        return self._ctx.add_attachment(message_id, spec, content)

    def record_scan(self, attachment_id: int, scan: ScanRecord) -> ScanResultRecord:
        """Record a scan result; the attachment's scan state becomes its verdict."""
        with self._ctx.db.write() as conn:
            attachment = _rows.load_attachment(conn, attachment_id)
            if attachment.blob_id is None:
                raise ContentDeleted(attachment_id=attachment_id)
            scan_id = _rows.insert_scan(conn, attachment_id, scan)
            self._ctx.journal(
                conn,
                JournalAction.ATTACHMENT_SCANNED,
                message_id=attachment.message_id,
                attachment_id=attachment_id,
                details={
                    "verdict": scan.verdict.name,
                    "signature": scan.signature,
                    "engine": scan.engine,
                    "engine_version": scan.engine_version,
                    "signature_version": scan.signature_version,
                    "sha256": scan.sha256,
                    "matches_stored": scan.sha256 == attachment.sha256,
                    "reason": scan.reason,
                },
            )
            row = conn.execute(
                "SELECT id, attachment_id, verdict, engine, engine_version, signature_version,"
                " scanned_bytes, sha256, content_type, signature, reason, detail, scanned_at"
                " FROM scan_results WHERE id = ?",
                (scan_id,),
            ).fetchone()
        if row is None:
            raise AttachmentNotFound(attachment_id=attachment_id)
        return _rows.scan_result_record(row)

    def mark_processed(self, message_id: int) -> None:
        with self._ctx.db.write() as conn:
            _rows.set_state(conn, message_id, MessageState.IN_PROCESSED, self._ctx.now_ms())
            conn.execute(
                "UPDATE messages SET error_kind = '', error_text = '' WHERE id = ?", (message_id,)
            )
            self._ctx.journal(
                conn,
                JournalAction.MESSAGE_PROCESSED,
                message_id=message_id,
                details={"step": "complete"},
            )

    def mark_failed(self, message_id: int, *, error_kind: str, error_text: str) -> None:
        """Keep the message with its error (``error_text`` is shown to the user; no secrets)."""
        with self._ctx.db.write() as conn:
            _rows.set_state(conn, message_id, MessageState.IN_FAILED, self._ctx.now_ms())
            conn.execute(
                "UPDATE messages SET error_kind = ?, error_text = ? WHERE id = ?",
                (error_kind, error_text, message_id),
            )
            self._ctx.journal(
                conn,
                JournalAction.MESSAGE_FAILED,
                message_id=message_id,
                details={"error_kind": error_kind},
            )
        logger.info("Incoming message %d failed: %s.", message_id, error_kind)

    def restart_processing(self, message_id: int) -> None:
        """Drop decrypted content, metadata, parties, Laufzettel and attachments (with their
        scans) so processing can start again from the raw bytes."""
        with self._ctx.writing_then_sweep() as conn:
            record = _rows.load_message(conn, message_id)
            now = self._ctx.now_ms()
            _rows.set_state(conn, message_id, MessageState.IN_RECEIVED, now)
            blobs = [
                str(r["blob_id"])
                for r in conn.execute(
                    "SELECT blob_id FROM attachments WHERE message_id = ? AND blob_id IS NOT NULL",
                    (message_id,),
                )
            ]
            conn.execute("DELETE FROM attachments WHERE message_id = ?", (message_id,))
            conn.execute("DELETE FROM parties WHERE message_id = ?", (message_id,))
            conn.execute("DELETE FROM process_cards WHERE message_id = ?", (message_id,))
            conn.execute(
                "UPDATE messages SET content_blob_id = NULL, error_kind = '', error_text = ''"
                " WHERE id = ?",
                (message_id,),
            )
            if record.content_blob is not None:
                blobs.append(record.content_blob.blob_id)
            _rows.discard_blobs(conn, blobs, now)
            _rows.refresh_fts(conn, message_id)
            self._ctx.journal(
                conn,
                JournalAction.PROCESSING_RESTARTED,
                message_id=message_id,
                details={"previous_state": record.state.name, "blobs_dropped": len(blobs)},
            )

    def needing_processing(self) -> list[int]:
        """Incoming messages whose processing has not finished (received or decrypted)."""
        with self._ctx.db.read() as conn:
            rows = conn.execute(
                "SELECT id FROM messages WHERE state IN (?, ?) ORDER BY id",
                (int(MessageState.IN_RECEIVED), int(MessageState.IN_DECRYPTED)),
            ).fetchall()
        return [int(r["id"]) for r in rows]


def _find(conn: Connection, osci_message_id: str) -> int | None:
    row = conn.execute(
        "SELECT id FROM messages WHERE direction = ? AND osci_message_id = ?",
        (int(Direction.INCOMING), osci_message_id),
    ).fetchone()
    return int(row["id"]) if row is not None else None


def _insert_received(ctx: StoreContext, conn: Connection, osci_id: str, blob: BlobInfo) -> int:
    now = ctx.now_ms()
    _rows.insert_blob(conn, blob, BlobKind.RAW, now)
    cursor = conn.execute(
        "INSERT INTO messages (direction, state, folder_id, osci_message_id, raw_blob_id,"
        " size, date_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            int(Direction.INCOMING),
            int(MessageState.IN_RECEIVED),
            int(Folder.POSTEINGANG),
            osci_id,
            blob.blob_id,
            blob.size,
            now,
            now,
            now,
        ),
    )
    message_id = _rows.last_id(cursor)
    ctx.journal(
        conn,
        JournalAction.MESSAGE_RECEIVED,
        message_id=message_id,
        osci_message_id=osci_id,
        details={"size": blob.size, "sha256": blob.sha256},
    )
    return message_id


def _blob_referenced(conn: Connection, blob_id: str) -> bool:
    return conn.execute("SELECT 1 FROM blobs WHERE id = ?", (blob_id,)).fetchone() is not None
