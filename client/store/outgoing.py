"""Drafts and the outbox for the send path.

A draft gets a ``local_ref`` (random, unique) when it is created: the send code can use it to
recognise its own message after a crash between GetMessageId and the end of StoreDelivery.
States: ``OUT_DRAFT`` → ``OUT_QUEUED`` → ``OUT_SENDING`` → ``OUT_SENT`` | ``OUT_FAILED``
(→ queued again or back to draft). :meth:`Outgoing.interrupted` lists messages a crash left in
``OUT_SENDING``; the send code decides from the intermediary's answer what happened to them.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from client.store import _rows
from client.store._context import BlobSource, StoreContext
from client.store.db import Connection
from client.store.errors import InvalidTransition
from client.store.model import (
    AttachmentRecord,
    BlobInfo,
    DraftInfo,
    NewAttachment,
    ProcessCardInfo,
    opt_ms,
    to_ms,
)
from client.store.states import (
    BlobKind,
    Direction,
    Folder,
    JournalAction,
    MessageState,
    PartyRole,
)

_EDITABLE = (MessageState.OUT_DRAFT,)


class Outgoing:
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    def create_draft(self, draft: DraftInfo) -> int:
        with self._ctx.db.write() as conn:
            now = self._ctx.now_ms()
            cursor = conn.execute(
                "INSERT INTO messages (direction, state, folder_id, local_ref, date_at,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    int(Direction.OUTGOING),
                    int(MessageState.OUT_DRAFT),
                    int(Folder.ENTWUERFE),
                    uuid.uuid4().hex,
                    now,
                    now,
                    now,
                ),
            )
            message_id = _rows.last_id(cursor)
            self._write_fields(conn, message_id, draft, now)
            self._ctx.journal(conn, JournalAction.DRAFT_CREATED, message_id=message_id)
        return message_id

    def update_draft(self, message_id: int, draft: DraftInfo) -> None:
        with self._ctx.db.write() as conn:
            self._require_editable(conn, message_id)
            self._write_fields(conn, message_id, draft, self._ctx.now_ms())
            self._ctx.journal(conn, JournalAction.DRAFT_UPDATED, message_id=message_id)

    def _require_editable(self, conn: Connection, message_id: int) -> None:
        record = _rows.load_message(conn, message_id)
        if record.state not in _EDITABLE:
            raise InvalidTransition(
                message_id=message_id, current=record.state, wanted=MessageState.OUT_DRAFT
            )

    def _write_fields(self, conn: Connection, message_id: int, draft: DraftInfo, now: int) -> None:
        conn.execute(
            "UPDATE messages SET betreff = ?, betreff_original = ?, nachrichtentyp = ?,"
            " aktenzeichen_absender = ?, aktenzeichen_empfaenger = ?, sender = ?, recipient = ?,"
            " eeb_requested = ?, is_eeb_answer = ?, extra_json = ?, date_at = ?, updated_at = ?"
            " WHERE id = ?",
            (
                draft.betreff,
                draft.betreff,
                draft.nachrichtentyp,
                draft.aktenzeichen_absender,
                draft.aktenzeichen_empfaenger,
                _rows.party_display(draft.parties, PartyRole.SENDER),
                _rows.party_display(draft.parties, PartyRole.RECIPIENT),
                int(draft.eeb_requested),
                int(draft.is_eeb_answer),
                _rows.pairs_json(draft.extra),
                now,
                now,
                message_id,
            ),
        )
        _rows.replace_parties(conn, message_id, draft.parties)
        _rows.refresh_fts(conn, message_id)

    def add_attachment(
        self, message_id: int, spec: NewAttachment, content: BlobSource
    ) -> AttachmentRecord:
        with self._ctx.db.read() as conn:
            self._require_editable(conn, message_id)
        return self._ctx.add_attachment(message_id, spec, content)

    def remove_attachment(self, attachment_id: int) -> None:
        with self._ctx.writing_then_sweep() as conn:
            attachment = _rows.load_attachment(conn, attachment_id)
            self._require_editable(conn, attachment.message_id)
            conn.execute("DELETE FROM attachments WHERE id = ?", (attachment_id,))
            _rows.discard_blobs(conn, [attachment.blob_id or ""], self._ctx.now_ms())
            _rows.refresh_fts(conn, attachment.message_id)
            self._ctx.journal(
                conn,
                JournalAction.DRAFT_UPDATED,
                message_id=attachment.message_id,
                attachment_id=attachment_id,
                details={"attachment_removed": True},
            )

    def queue(self, message_id: int) -> None:
        """Put a draft (or a failed message) into the outbox, due now."""
        with self._ctx.db.write() as conn:
            now = self._ctx.now_ms()
            _rows.set_state(conn, message_id, MessageState.OUT_QUEUED, now)
            conn.execute(
                "UPDATE messages SET next_attempt_at = ?, error_kind = '', error_text = ''"
                " WHERE id = ?",
                (now, message_id),
            )
            self._ctx.journal(conn, JournalAction.MESSAGE_QUEUED, message_id=message_id)

    def back_to_draft(self, message_id: int) -> None:
        with self._ctx.db.write() as conn:
            _rows.set_state(conn, message_id, MessageState.OUT_DRAFT, self._ctx.now_ms())
            self._ctx.journal(conn, JournalAction.DRAFT_UPDATED, message_id=message_id)

    def start_sending(self, message_id: int) -> int:
        """Mark the send as under way; returns the attempt number (1 for the first)."""
        with self._ctx.db.write() as conn:
            _rows.set_state(conn, message_id, MessageState.OUT_SENDING, self._ctx.now_ms())
            conn.execute(
                "UPDATE messages SET send_attempts = send_attempts + 1 WHERE id = ?",
                (message_id,),
            )
            attempts = _rows.load_message(conn, message_id).send_attempts
            self._ctx.journal(
                conn,
                JournalAction.SENDING_STARTED,
                message_id=message_id,
                details={"attempt": attempts},
            )
        return attempts

    def mark_sent(
        self,
        message_id: int,
        *,
        osci_message_id: str,
        sent_at: datetime,
        raw: BlobSource | None = None,
        process_card: ProcessCardInfo | None = None,
    ) -> None:
        """The intermediary accepted the delivery. ``raw`` keeps what was sent (or the signed
        response) as proof; ``process_card`` is the Laufzettel from ResponseToStoreDelivery."""

        def body(conn: Connection, blob: BlobInfo | None) -> None:
            now = self._ctx.now_ms()
            previous = _rows.load_message(conn, message_id).raw_blob
            _rows.set_state(conn, message_id, MessageState.OUT_SENT, now)
            if blob is not None:
                _rows.insert_blob(conn, blob, BlobKind.RAW, now)
            conn.execute(
                "UPDATE messages SET osci_message_id = ?, sent_at = ?, date_at = ?,"
                " raw_blob_id = coalesce(?, raw_blob_id), size = coalesce(?, size),"
                " error_kind = '', error_text = '', next_attempt_at = 0 WHERE id = ?",
                (
                    osci_message_id,
                    to_ms(sent_at),
                    to_ms(sent_at),
                    blob.blob_id if blob else None,
                    blob.size if blob else None,
                    message_id,
                ),
            )
            if blob is not None and previous is not None:
                _rows.discard_blobs(conn, [previous.blob_id], now)
            if process_card is not None:
                _rows.insert_process_card(conn, message_id, process_card, now)
            self._ctx.journal(
                conn,
                JournalAction.MESSAGE_SENT,
                message_id=message_id,
                osci_message_id=osci_message_id,
                details={"sha256": blob.sha256 if blob else "", "size": blob.size if blob else 0},
            )

        if raw is None:
            with self._ctx.db.write() as conn:
                body(conn, None)
        else:
            self._ctx.with_new_blob(raw, body)
            self._ctx.sweep_blob_trash()

    def mark_failed(
        self,
        message_id: int,
        *,
        error_kind: str,
        error_text: str,
        retry_at: datetime | None = None,
    ) -> None:
        """Sending failed. With ``retry_at`` the message goes back into the outbox, due then."""
        with self._ctx.db.write() as conn:
            now = self._ctx.now_ms()
            _rows.set_state(conn, message_id, MessageState.OUT_FAILED, now)
            if retry_at is not None:
                _rows.set_state(conn, message_id, MessageState.OUT_QUEUED, now)
            conn.execute(
                "UPDATE messages SET error_kind = ?, error_text = ?, next_attempt_at = ?"
                " WHERE id = ?",
                (error_kind, error_text, opt_ms(retry_at), message_id),
            )
            self._ctx.journal(
                conn,
                JournalAction.SENDING_FAILED,
                message_id=message_id,
                details={"error_kind": error_kind, "retry": retry_at is not None},
            )

    def record_process_card(self, message_id: int, card: ProcessCardInfo) -> int:
        """A later Laufzettel (FetchProcessCard: forwarding, reception) for a sent message."""
        return self._ctx.record_process_card(message_id, card)

    def due(self, now: datetime | None = None) -> list[int]:
        """Queued messages whose next attempt is due, oldest first."""
        limit = to_ms(now) if now is not None else self._ctx.now_ms()
        with self._ctx.db.read() as conn:
            rows = conn.execute(
                "SELECT id FROM messages WHERE state = ? AND next_attempt_at <= ?"
                " ORDER BY next_attempt_at, id",
                (int(MessageState.OUT_QUEUED), limit),
            ).fetchall()
        return [int(r["id"]) for r in rows]

    def find_by_local_ref(self, local_ref: str) -> int | None:
        """The outgoing message with our own reference (set at ``create_draft``)."""
        with self._ctx.db.read() as conn:
            row = conn.execute(
                "SELECT id FROM messages WHERE local_ref = ? AND direction = ?",
                (local_ref, int(Direction.OUTGOING)),
            ).fetchone()
        return int(row["id"]) if row is not None else None

    def interrupted(self) -> list[int]:
        """Messages a crash left in ``OUT_SENDING``: ask the intermediary what became of them
        (by MessageId) before sending again, so nothing is sent twice."""
        with self._ctx.db.read() as conn:
            rows = conn.execute(
                "SELECT id FROM messages WHERE state = ? ORDER BY id",
                (int(MessageState.OUT_SENDING),),
            ).fetchall()
        return [int(r["id"]) for r in rows]
