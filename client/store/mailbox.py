"""Reading the mailbox and keeping order: lists, full-text search, folders, trash, purge,
exports, releases, the journal.

Lists are served by indexes ``(folder, sort key, id)`` and paged with ``LIMIT``/``OFFSET``, so a
page of a 100,000-message folder costs a short index walk. Search is FTS5 with BM25 ranking;
every word the user types is matched as a prefix (instant search), all words must match.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable

from client.store import _rows, journal
from client.store._context import StoreContext
from client.store.blobs import BlobReader
from client.store.db import Connection
from client.store.errors import AttachmentNotReleasable, ContentDeleted, MessageNotFound
from client.store.journal import JournalEntry, JournalVerification
from client.store.model import (
    AttachmentRecord,
    MessageRecord,
    MessageSummary,
    PartyRecord,
    ProcessCardRecord,
    ScanResultRecord,
)
from client.store.states import Folder, JournalAction, ScanState, home_folder

# Column weights for BM25: Betreff, Aktenzeichen, sender, recipient, document names.
_BM25 = "bm25(messages_fts, 10.0, 8.0, 4.0, 4.0, 2.0)"
_WORD = re.compile(r"\w", re.UNICODE)


class SortKey(enum.Enum):
    DATE = "date_at"
    BETREFF = "betreff COLLATE NOCASE"
    SENDER = "sender COLLATE NOCASE"
    RECIPIENT = "recipient COLLATE NOCASE"


def fts_query(text: str) -> str | None:
    """An FTS5 query from what a user typed: every word as a quoted prefix, all required.
    Quoting keeps FTS syntax (AND, NEAR, ``*``, ``:``, quotes) in the input from doing anything."""
    words = [word for word in text.split() if _WORD.search(word)]
    return " ".join('"' + word.replace('"', '""') + '"*' for word in words) or None


class Mailbox:
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    # ------------------------------------------------------------ single records

    def get(self, message_id: int) -> MessageRecord:
        with self._ctx.db.read() as conn:
            return _rows.load_message(conn, message_id)

    def parties(self, message_id: int) -> list[PartyRecord]:
        with self._ctx.db.read() as conn:
            rows = conn.execute(
                "SELECT id, message_id, role, display_name, safe_id, egvp_role, xjustiz_code,"
                " card_json FROM parties WHERE message_id = ? ORDER BY role, position",
                (message_id,),
            ).fetchall()
        return [_rows.party_record(r) for r in rows]

    def attachments(self, message_id: int) -> list[AttachmentRecord]:
        with self._ctx.db.read() as conn:
            rows = conn.execute(
                f"SELECT {_rows.ATTACHMENT_COLUMNS} FROM attachments"  # noqa: S608 - constants
                " WHERE message_id = ? ORDER BY position",
                (message_id,),
            ).fetchall()
        return [_rows.attachment_record(r) for r in rows]

    def attachment(self, attachment_id: int) -> AttachmentRecord:
        with self._ctx.db.read() as conn:
            return _rows.load_attachment(conn, attachment_id)

    def scan_results(self, attachment_id: int) -> list[ScanResultRecord]:
        """All scans of an attachment, oldest first (the last one is the current verdict)."""
        with self._ctx.db.read() as conn:
            rows = conn.execute(
                "SELECT id, attachment_id, verdict, engine, engine_version, signature_version,"
                " scanned_bytes, sha256, content_type, signature, reason, detail, scanned_at"
                " FROM scan_results WHERE attachment_id = ? ORDER BY id",
                (attachment_id,),
            ).fetchall()
        return [_rows.scan_result_record(r) for r in rows]

    def process_cards(self, message_id: int) -> list[ProcessCardRecord]:
        """Every Laufzettel recorded for the message, oldest first."""
        with self._ctx.db.read() as conn:
            return _rows.load_process_cards(conn, message_id)

    def quarantine(self, *, limit: int = 1000) -> list[AttachmentRecord]:
        """Incoming attachments whose content exists and whose latest scan is not OK."""
        with self._ctx.db.read() as conn:
            rows = conn.execute(
                f"SELECT {_rows.ATTACHMENT_COLUMNS} FROM quarantine"  # noqa: S608 - constants
                " ORDER BY id LIMIT ?",
                (limit,),
            ).fetchall()
        return [_rows.attachment_record(r) for r in rows]

    # ------------------------------------------------------------ content

    def open_raw(self, message_id: int) -> BlobReader:
        record = self.get(message_id)
        if record.raw_blob is None:
            raise MessageNotFound(message_id=message_id)
        return self._ctx.blobs.open(record.raw_blob.blob_id)

    def open_content(self, message_id: int) -> BlobReader:
        record = self.get(message_id)
        if record.content_blob is None:
            raise MessageNotFound(message_id=message_id)
        return self._ctx.blobs.open(record.content_blob.blob_id)

    def open_attachment(self, attachment_id: int) -> BlobReader:
        """A verifying reader of the attachment's plaintext (streams; for scanning and release)."""
        attachment = self.attachment(attachment_id)
        if attachment.blob_id is None:
            raise ContentDeleted(attachment_id=attachment_id)
        return self._ctx.blobs.open(attachment.blob_id)

    # ------------------------------------------------------------ lists and search

    def list_folder(
        self,
        folder: Folder,
        *,
        sort: SortKey = SortKey.DATE,
        descending: bool = True,
        offset: int = 0,
        limit: int = 100,
    ) -> list[MessageSummary]:
        order = "DESC" if descending else "ASC"
        with self._ctx.db.read() as conn:
            rows = conn.execute(
                f"SELECT {_rows.SUMMARY_COLUMNS} FROM messages m INDEXED BY"  # noqa: S608
                f" {_INDEX[sort]} WHERE m.folder_id = ?"
                f" ORDER BY m.{sort.value} {order}, m.id {order} LIMIT ? OFFSET ?",
                (int(folder), limit, offset),
            ).fetchall()
        return [_rows.message_summary(r) for r in rows]

    def count(self, folder: Folder, *, unseen_only: bool = False) -> int:
        sql = "SELECT count(*) FROM messages WHERE folder_id = ?"
        if unseen_only:
            sql += " AND seen = 0"
        with self._ctx.db.read() as conn:
            row = conn.execute(sql, (int(folder),)).fetchone()
        return int(row[0]) if row is not None else 0

    def folder_counts(self) -> dict[Folder, tuple[int, int]]:
        """``{folder: (messages, unseen)}`` for the folder tree."""
        with self._ctx.db.read() as conn:
            rows = conn.execute(
                "SELECT folder_id, count(*) AS total, sum(seen = 0) AS unseen FROM messages"
                " GROUP BY folder_id"
            ).fetchall()
        counts = dict.fromkeys(Folder, (0, 0))
        for row in rows:
            counts[Folder(row["folder_id"])] = (int(row["total"]), int(row["unseen"] or 0))
        return counts

    def search(
        self, text: str, *, folder: Folder | None = None, offset: int = 0, limit: int = 50
    ) -> list[MessageSummary]:
        """Messages matching every word of ``text`` (as prefixes), best first."""
        query = fts_query(text)
        if query is None:
            return []
        where = "messages_fts MATCH ?"
        params: list[object] = [query]
        if folder is not None:
            where += " AND m.folder_id = ?"
            params.append(int(folder))
        params += [limit, offset]
        with self._ctx.db.read() as conn:
            rows = conn.execute(
                f"SELECT {_rows.SUMMARY_COLUMNS} FROM messages_fts"  # noqa: S608 - constants
                f" JOIN messages m ON m.id = messages_fts.rowid WHERE {where}"
                f" ORDER BY {_BM25}, m.date_at DESC LIMIT ? OFFSET ?",
                params,
            ).fetchall()
        return [_rows.message_summary(r) for r in rows]

    def search_ids(
        self, text: str, *, folder: Folder | None = None, limit: int = 100_000
    ) -> set[int]:
        """The ids of all messages matching every word of ``text`` as prefixes (no ranking: the
        GUI merges them into its list filter)."""
        query = fts_query(text)
        if query is None:
            return set()
        # The FTS table drives (a subquery): joined, SQLite may scan messages and probe the
        # index once per row, which takes minutes for 100,000 messages.
        sql = (
            "SELECT id FROM messages WHERE id IN"
            " (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)"
        )
        params: list[object] = [query]
        if folder is not None:
            sql += " AND folder_id = ?"
            params.append(int(folder))
        with self._ctx.db.read() as conn:
            rows = conn.execute(sql + " LIMIT ?", [*params, limit]).fetchall()
        return {int(row[0]) for row in rows}

    # ------------------------------------------------------------ changes

    def set_seen(self, message_ids: Iterable[int], seen: bool = True) -> None:
        ids = list(message_ids)
        with self._ctx.db.write() as conn:
            conn.executemany(
                "UPDATE messages SET seen = ? WHERE id = ?", [(int(seen), i) for i in ids]
            )

    def move_to_trash(self, message_ids: Iterable[int], *, reason: str = "user") -> list[int]:
        with self._ctx.db.write() as conn:
            return [i for i in message_ids if trash(self._ctx, conn, i, reason=reason)]

    def restore_from_trash(self, message_ids: Iterable[int]) -> list[int]:
        restored = []
        with self._ctx.db.write() as conn:
            for message_id in message_ids:
                record = _rows.load_message(conn, message_id)
                if record.folder is not Folder.PAPIERKORB:
                    continue
                row = conn.execute(
                    "SELECT folder_before_trash FROM messages WHERE id = ?", (message_id,)
                ).fetchone()
                target = int(row[0]) if row is not None and row[0] else _home(record)
                conn.execute(
                    "UPDATE messages SET folder_id = ?, folder_before_trash = 0, trashed_at = 0,"
                    " updated_at = ? WHERE id = ?",
                    (target, self._ctx.now_ms(), message_id),
                )
                self._ctx.journal(
                    conn,
                    JournalAction.MESSAGE_RESTORED,
                    message_id=message_id,
                    osci_message_id=record.osci_message_id,
                    details={"folder": Folder(target).name},
                )
                restored.append(message_id)
        return restored

    def purge(self, message_ids: Iterable[int], *, reason: str = "user") -> list[int]:
        """Delete messages for good: rows, full-text entries, blobs. The journal keeps a line."""
        purged = []
        with self._ctx.writing_then_sweep() as conn:
            for message_id in message_ids:
                try:
                    purge(self._ctx, conn, message_id, reason=reason)
                except MessageNotFound:
                    continue
                purged.append(message_id)
        return purged

    def mark_exported(self, message_ids: Iterable[int], *, target: str = "") -> None:
        """Record an export (e.g. ZIP with proof); ``target`` is a file name, not a path."""
        with self._ctx.db.write() as conn:
            now = self._ctx.now_ms()
            for message_id in message_ids:
                record = _rows.load_message(conn, message_id)
                conn.execute("UPDATE messages SET exported_at = ? WHERE id = ?", (now, message_id))
                self._ctx.journal(
                    conn,
                    JournalAction.MESSAGE_EXPORTED,
                    message_id=message_id,
                    osci_message_id=record.osci_message_id,
                    details={"target": target},
                )

    def record_release(
        self, attachment_id: int, *, target_name: str, size: int, sha256: str
    ) -> AttachmentRecord:
        """Journal a release to the transfer folder (the sandbox writes the file).

        Refuses (:class:`AttachmentNotReleasable`) unless the attachment's content exists and its
        latest scan is OK, and unless ``sha256`` is the stored content's: what left the store must
        be exactly what was scanned.
        """
        with self._ctx.db.write() as conn:
            attachment = _rows.load_attachment(conn, attachment_id)
            reason = _release_refusal(attachment, size=size, sha256=sha256)
            if reason:
                raise AttachmentNotReleasable(
                    attachment_id=attachment_id,
                    scan_state=int(attachment.scan_state),
                    reason=reason,
                )
            conn.execute(
                "UPDATE attachments SET released_at = ?, release_count = release_count + 1"
                " WHERE id = ?",
                (self._ctx.now_ms(), attachment_id),
            )
            self._ctx.journal(
                conn,
                JournalAction.ATTACHMENT_RELEASED,
                message_id=attachment.message_id,
                attachment_id=attachment_id,
                details={"target_name": target_name, "size": size, "sha256": sha256},
            )
            return _rows.load_attachment(conn, attachment_id)

    def delete_attachment_content(self, attachment_id: int, *, reason: str) -> None:
        """Delete an attachment's content (e.g. INFECTED) with a reason; its record stays."""
        if not reason.strip():
            raise ValueError("deleting an attachment's content needs a reason")
        with self._ctx.writing_then_sweep() as conn:
            attachment = _rows.load_attachment(conn, attachment_id)
            if attachment.blob_id is None:
                raise ContentDeleted(attachment_id=attachment_id)
            now = self._ctx.now_ms()
            conn.execute(
                "UPDATE attachments SET blob_id = NULL, deleted_at = ?, deleted_reason = ?"
                " WHERE id = ?",
                (now, reason, attachment_id),
            )
            _rows.discard_blobs(conn, [attachment.blob_id], now)
            self._ctx.journal(
                conn,
                JournalAction.ATTACHMENT_CONTENT_DELETED,
                message_id=attachment.message_id,
                attachment_id=attachment_id,
                details={
                    "reason": reason,
                    "scan_state": attachment.scan_state.name,
                    "sha256": attachment.sha256,
                },
            )

    # ------------------------------------------------------------ journal

    def journal_entries(
        self,
        *,
        message_id: int | None = None,
        action: JournalAction | None = None,
        after_id: int = 0,
        limit: int = 500,
    ) -> list[JournalEntry]:
        with self._ctx.db.read() as conn:
            return journal.entries(
                conn, message_id=message_id, action=action, after_id=after_id, limit=limit
            )

    def verify_journal(self) -> JournalVerification:
        with self._ctx.db.read() as conn:
            return journal.verify(conn, anchor=self._ctx.anchor)


_INDEX = {
    SortKey.DATE: "messages_folder_date",
    SortKey.BETREFF: "messages_folder_betreff",
    SortKey.SENDER: "messages_folder_sender",
    SortKey.RECIPIENT: "messages_folder_recipient",
}


def _release_refusal(attachment: AttachmentRecord, *, size: int, sha256: str) -> str:
    if attachment.blob_id is None:
        return "its content was deleted"
    if attachment.scan_state is not ScanState.OK:
        return f"its latest scan is {attachment.scan_state.name}, not OK"
    if (size, sha256) != (attachment.size, attachment.sha256):
        return "the released bytes differ from the stored content"
    return ""


def _home(record: MessageRecord) -> int:
    return int(home_folder(record.state))


def trash(ctx: StoreContext, conn: Connection, message_id: int, *, reason: str) -> bool:
    record = _rows.load_message(conn, message_id)
    if record.folder is Folder.PAPIERKORB:
        return False
    conn.execute(
        "UPDATE messages SET folder_before_trash = folder_id, folder_id = ?, trashed_at = ?,"
        " updated_at = ? WHERE id = ?",
        (int(Folder.PAPIERKORB), ctx.now_ms(), ctx.now_ms(), message_id),
    )
    ctx.journal(
        conn,
        JournalAction.MESSAGE_TRASHED,
        message_id=message_id,
        osci_message_id=record.osci_message_id,
        details={"reason": reason, "from": record.folder.name},
    )
    return True


def purge(ctx: StoreContext, conn: Connection, message_id: int, *, reason: str) -> None:
    record = _rows.load_message(conn, message_id)
    gone = _rows.purge_rows(conn, message_id, ctx.now_ms())
    ctx.journal(
        conn,
        JournalAction.MESSAGE_PURGED,
        message_id=message_id,
        osci_message_id=gone.osci_message_id,
        details={
            "reason": reason,
            "direction": record.direction.name,
            "state": record.state.name,
            "attachments": gone.attachments,
            "blobs": len(gone.blob_ids),
            "raw_sha256": record.raw_blob.sha256 if record.raw_blob else "",
        },
    )
