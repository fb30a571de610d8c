"""What every repository of one open store shares: database, blobs, actor, clock, journal."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from client.store import _rows, journal
from client.store.blobs import BlobStore
from client.store.db import Connection, Database
from client.store.errors import BlobMissing
from client.store.journal import DetailValue
from client.store.model import (
    Actor,
    AttachmentRecord,
    BlobInfo,
    Clock,
    NewAttachment,
    ProcessCardInfo,
    to_ms,
)
from client.store.states import JournalAction
from client.store.stream import BinarySource
from profiles.errors import OperationBusy
from profiles.lock import operation_lock
from profiles.paths import WorkdirPaths

logger = logging.getLogger(__name__)

BlobSource = BlobInfo | bytes | BinarySource
T = TypeVar("T")

# Backups take this operation lock; blob files are only deleted while nobody holds it.
BACKUP_LOCK = "backup"


@dataclass
class StoreContext:
    paths: WorkdirPaths
    db: Database
    blobs: BlobStore
    actor: Actor
    clock: Clock
    anchor: str
    owner: str = ""  # this instance's token in owners/ (see client.store._owner)

    @property
    def folder(self) -> Path:
        return self.paths.store

    def now(self) -> datetime:
        value = self.clock()
        if value.tzinfo is None:
            raise ValueError("the store clock must return timezone-aware times")
        return value

    def now_ms(self) -> int:
        return to_ms(self.now())

    def journal(
        self,
        conn: Connection,
        action: JournalAction,
        *,
        message_id: int = 0,
        attachment_id: int = 0,
        osci_message_id: str = "",
        details: Mapping[str, DetailValue] | None = None,
    ) -> int:
        return journal.append(
            conn,
            anchor=self.anchor,
            actor=self.actor,
            at=self.now(),
            action=action,
            message_id=message_id,
            attachment_id=attachment_id,
            osci_message_id=osci_message_id,
            details=details,
        )

    # ------------------------------------------------------------ blobs around transactions

    def store_blob(self, source: BlobSource) -> tuple[BlobInfo, bool]:
        """``(info, written_here)``: a caller's finished blob is checked, anything else stored."""
        if isinstance(source, BlobInfo):
            path = self.blobs.path(source.blob_id)
            if not path.is_file():
                raise BlobMissing(blob_id=source.blob_id, path=path)
            return source, False
        return self.blobs.write(source), True

    def with_new_blob(
        self, source: BlobSource, body: Callable[[Connection, BlobInfo], T]
    ) -> tuple[T, BlobInfo]:
        """Store the blob (durable), then run ``body`` in a write transaction. If the transaction
        fails, a blob written here is removed again, so no file is left without its row."""
        info, written = self.store_blob(source)
        try:
            with self.db.write() as conn:
                result = body(conn, info)
        except BaseException:
            if written:
                self.blobs.delete(info.blob_id)
            raise
        return result, info

    def sweep_blob_trash(self) -> int:
        """Delete the files of discarded blobs, unless a backup is reading them right now (then
        they stay queued for the next sweep). Returns how many files were deleted."""
        try:
            with operation_lock(self.paths, BACKUP_LOCK, timeout=0, program="bebpo-store"):
                return self._sweep()
        except OperationBusy:
            logger.info("A backup is running; discarded blob files are deleted later.")
            return 0

    def _sweep(self) -> int:
        with self.db.read() as conn:
            ids = [str(r["blob_id"]) for r in conn.execute("SELECT blob_id FROM blob_trash")]
        if not ids:
            return 0
        deleted = sum(1 for blob_id in ids if self.blobs.delete(blob_id))
        with self.db.write() as conn:
            conn.executemany("DELETE FROM blob_trash WHERE blob_id = ?", [(b,) for b in ids])
        return deleted

    @contextlib.contextmanager
    def writing_then_sweep(self) -> Iterator[Connection]:
        """A write transaction after which discarded blob files are deleted."""
        with self.db.write() as conn:
            yield conn
        self.sweep_blob_trash()

    # ------------------------------------------------------------ operations of both directions

    def add_attachment(
        self, message_id: int, spec: NewAttachment, content: BlobSource
    ) -> AttachmentRecord:
        def body(conn: Connection, blob: BlobInfo) -> AttachmentRecord:
            attachment_id = _rows.insert_attachment(conn, message_id, spec, blob, self.now_ms())
            _rows.refresh_fts(conn, message_id)
            record = _rows.load_attachment(conn, attachment_id)
            self.journal(
                conn,
                JournalAction.ATTACHMENT_STORED,
                message_id=message_id,
                attachment_id=attachment_id,
                details={
                    "position": record.position,
                    "kind": record.kind.name,
                    "size": blob.size,
                    "sha256": blob.sha256,
                    "content_type": spec.content_type,
                },
            )
            return record

        record, _ = self.with_new_blob(content, body)
        return record

    def record_process_card(self, message_id: int, card: ProcessCardInfo) -> int:
        with self.db.write() as conn:
            _rows.load_message(conn, message_id)
            card_id = _rows.insert_process_card(conn, message_id, card, self.now_ms())
            self.journal(
                conn,
                JournalAction.PROCESS_CARD_RECORDED,
                message_id=message_id,
                osci_message_id=card.osci_message_id,
                details={
                    "inspections": len(card.inspections),
                    "reception": card.reception is not None,
                },
            )
        return card_id
