"""Automatic deletion after the retention period (issue 5 §6).

Two steps, each deterministic for a given clock:

1. **Move to Papierkorb** every message in the watched folders (Posteingang, Gesendet) whose
   date (receipt or sending) is at least ``trash_after_days`` old and whose processing or sending
   has finished (drafts and the outbox are never touched).
2. **Purge** every message that has been in the Papierkorb for at least ``purge_after_days``
   (whether retention or a user moved it there): rows, full-text entries and blob files go; the
   journal keeps one entry per message.

With ``only_after_export`` a message that was never exported stays where it is in both steps
(MailStore Server's rule: delete only what was archived). Work is done in batches of
:data:`BATCH` messages per transaction, each batch chosen inside its transaction, so a second
client running retention at the same time cannot trash or purge a message twice. The core runs it
at start and daily under the ``retention`` operation lock (docs/decisions/0003-locks.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from client.store import mailbox
from client.store._context import StoreContext
from client.store.db import Connection
from client.store.model import to_ms
from client.store.states import Folder, JournalAction, MessageState

BATCH = 200
FINISHED = (MessageState.IN_PROCESSED, MessageState.IN_FAILED, MessageState.OUT_SENT)


@dataclass(frozen=True)
class RetentionPolicy:
    enabled: bool = True
    trash_after_days: int = 90
    purge_after_days: int = 30
    only_after_export: bool = False
    folders: tuple[Folder, ...] = (Folder.POSTEINGANG, Folder.GESENDET)

    def __post_init__(self) -> None:
        if self.trash_after_days < 0 or self.purge_after_days < 0:
            raise ValueError("retention periods cannot be negative")
        if Folder.PAPIERKORB in self.folders:
            raise ValueError("the Papierkorb is purged, not moved to itself")


@dataclass(frozen=True)
class RetentionReport:
    """What a run did (or, with ``dry_run``, would do). ``confirmed`` is False when the
    confirmation hook declined: then nothing was changed and the lists show the plan."""

    ran_at: datetime
    dry_run: bool
    trashed: tuple[int, ...] = ()
    purged: tuple[int, ...] = ()
    kept_unexported: tuple[int, ...] = field(default=())
    confirmed: bool = True


ConfirmRetention = Callable[[RetentionReport], bool]


def _trash_due(policy: RetentionPolicy, now: datetime) -> tuple[str, list[object]]:
    folders = ",".join(str(int(f)) for f in policy.folders) or "-1"
    states = ",".join(str(int(s)) for s in FINISHED)
    sql = (
        f"SELECT id FROM messages WHERE folder_id IN ({folders}) AND state IN ({states})"  # noqa: S608 - numbers from enums
        " AND date_at <= ?"
    )
    return sql, [to_ms(now - timedelta(days=policy.trash_after_days))]


def _purge_due(policy: RetentionPolicy, now: datetime) -> tuple[str, list[object]]:
    sql = "SELECT id FROM messages WHERE folder_id = ? AND trashed_at <= ?"
    return sql, [int(Folder.PAPIERKORB), to_ms(now - timedelta(days=policy.purge_after_days))]


def _select(
    conn: Connection,
    due: tuple[str, list[object]],
    *,
    exported: bool | None,
    after_id: int = 0,
    limit: int = -1,
) -> list[int]:
    sql, params = due
    if exported is True:
        sql += " AND exported_at != 0"
    elif exported is False:
        sql += " AND exported_at = 0"
    sql += " AND id > ? ORDER BY id LIMIT ?"
    return [int(r[0]) for r in conn.execute(sql, [*params, after_id, limit]).fetchall()]


def _plan(
    ctx: StoreContext, policy: RetentionPolicy, now: datetime, need_export: bool | None
) -> RetentionReport:
    trash_due = _trash_due(policy, now)
    purge_due = _purge_due(policy, now)
    with ctx.db.read() as conn:
        trashed = _select(conn, trash_due, exported=need_export)
        purged = _select(conn, purge_due, exported=need_export)
    # What step 1 moves is purged in step 2 only if purge_after_days is 0.
    if policy.purge_after_days == 0:
        purged = sorted(set(purged) | set(trashed))
    kept = _kept(ctx, policy, now)
    return RetentionReport(now, True, tuple(trashed), tuple(purged), kept)


def _kept(ctx: StoreContext, policy: RetentionPolicy, now: datetime) -> tuple[int, ...]:
    """Messages due but kept because they were never exported (``only_after_export``)."""
    if not policy.only_after_export:
        return ()
    with ctx.db.read() as conn:
        kept = set(_select(conn, _trash_due(policy, now), exported=False))
        kept.update(_select(conn, _purge_due(policy, now), exported=False))
    return tuple(sorted(kept))


def apply_retention(
    ctx: StoreContext,
    policy: RetentionPolicy,
    *,
    dry_run: bool = False,
    confirm: ConfirmRetention | None = None,
) -> RetentionReport:
    """Run the policy. ``confirm`` (optional) is shown the plan first (a dry run) and must return
    True; then exactly the planned messages are trashed and purged, nothing that became due in
    between. Without ``confirm`` everything due at the time of each batch is handled."""
    now = ctx.now()
    if not policy.enabled:
        return RetentionReport(ran_at=now, dry_run=dry_run)
    need_export = True if policy.only_after_export else None
    plan = _plan(ctx, policy, now, need_export) if dry_run or confirm is not None else None
    if plan is not None and dry_run:
        return plan
    if plan is not None and confirm is not None and not confirm(plan):
        return replace(plan, confirmed=False)
    allowed_trash = set(plan.trashed) if plan is not None else None
    allowed_purge = set(plan.purged) if plan is not None else None
    trashed_ids = _run_batches(
        ctx,
        _trash_due(policy, now),
        need_export,
        allowed_trash,
        lambda conn, i: mailbox.trash(ctx, conn, i, reason="retention"),
    )
    purged_ids = _run_batches(
        ctx,
        _purge_due(policy, now),
        need_export,
        allowed_purge,
        lambda conn, i: _purge(ctx, conn, i),
    )
    kept = _kept(ctx, policy, now)
    with ctx.db.write() as conn:
        ctx.journal(
            conn,
            JournalAction.RETENTION_RUN,
            details={
                "trash_after_days": policy.trash_after_days,
                "purge_after_days": policy.purge_after_days,
                "only_after_export": policy.only_after_export,
                "trashed": len(trashed_ids),
                "purged": len(purged_ids),
                "kept_unexported": len(kept),
                "confirmed": confirm is not None,
            },
        )
    return RetentionReport(now, False, tuple(trashed_ids), tuple(purged_ids), tuple(kept))


def _run_batches(
    ctx: StoreContext,
    due: tuple[str, list[object]],
    need_export: bool | None,
    allowed: set[int] | None,
    act: Callable[[Connection, int], bool],
) -> list[int]:
    """Handle what is due in batches of :data:`BATCH`, each chosen inside its transaction (so two
    clients never handle one message twice), walking the ids upwards."""
    done: list[int] = []
    after_id = 0
    while True:
        with ctx.db.write() as conn:
            batch = _select(conn, due, exported=need_export, after_id=after_id, limit=BATCH)
            for message_id in batch:
                if (allowed is None or message_id in allowed) and act(conn, message_id):
                    done.append(message_id)
        ctx.sweep_blob_trash()
        if len(batch) < BATCH:
            return done
        after_id = batch[-1]


def _purge(ctx: StoreContext, conn: Connection, message_id: int) -> bool:
    mailbox.purge(ctx, conn, message_id, reason="retention")
    return True
