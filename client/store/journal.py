"""The journal: who did what, append-only and chained by SHA-256 (tamper-evident).

Entry ``n`` stores ``prev_hash`` = hash of entry ``n - 1`` (for the first entry: an anchor
derived from the store id) and ``hash`` = SHA-256 over the canonical JSON of all its fields
including ``prev_hash``. Changing, removing or inserting an entry in the middle breaks the chain
at that entry; :func:`verify` names the first broken link. Triggers refuse ``UPDATE`` and
``DELETE`` on the table, so the program itself cannot rewrite history by mistake.

Limits (docs/decisions/0301-key-hierarchy.md): whoever holds the master key can rewrite the whole
chain from some point on, or cut entries off the end; the chain protects against silent edits,
not against a key holder who recomputes it. A backup keeps an older head for comparison.

Entries hold ids, hashes, verdicts and short reasons — never a Betreff, a file's content, a
password or a key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from client.store.db import Connection, Row
from client.store.model import Actor, from_ms, to_ms
from client.store.states import JournalAction

DetailValue = str | int | bool | None


@dataclass(frozen=True)
class JournalEntry:
    id: int
    at: datetime | None
    os_user: str
    person: str
    action: JournalAction | int
    message_id: int
    attachment_id: int
    osci_message_id: str
    details: Mapping[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class JournalVerification:
    """``ok`` when every link holds; otherwise ``first_broken_id`` and ``reason`` say where."""

    ok: bool
    entries: int
    head_hash: str
    first_broken_id: int | None = None
    reason: str = ""


def _details_json(details: Mapping[str, DetailValue]) -> str:
    for key, value in details.items():
        if not isinstance(key, str) or not isinstance(value, str | int | bool | type(None)):
            raise TypeError(f"journal detail {key!r} must be str, int, bool or None")
    return json.dumps(dict(details), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(
    *,
    entry_id: int,
    at_ms: int,
    os_user: str,
    person: str,
    action: int,
    message_id: int,
    attachment_id: int,
    osci_message_id: str,
    details: str,
    prev_hash: str,
) -> str:
    fields = [
        entry_id,
        at_ms,
        os_user,
        person,
        action,
        message_id,
        attachment_id,
        osci_message_id,
        details,
        prev_hash,
    ]
    canonical = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def append(
    conn: Connection,
    *,
    anchor: str,
    actor: Actor,
    at: datetime,
    action: JournalAction,
    message_id: int = 0,
    attachment_id: int = 0,
    osci_message_id: str = "",
    details: Mapping[str, DetailValue] | None = None,
) -> int:
    """Append one entry inside the caller's write transaction; returns its id."""
    last = conn.execute("SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1").fetchone()
    entry_id = int(last["id"]) + 1 if last is not None else 1
    prev_hash = str(last["hash"]) if last is not None else anchor
    at_ms = to_ms(at)
    details_text = _details_json(details or {})
    digest = entry_hash(
        entry_id=entry_id,
        at_ms=at_ms,
        os_user=actor.os_user,
        person=actor.person,
        action=int(action),
        message_id=message_id,
        attachment_id=attachment_id,
        osci_message_id=osci_message_id,
        details=details_text,
        prev_hash=prev_hash,
    )
    conn.execute(
        "INSERT INTO journal (id, at, os_user, person, action, message_id, attachment_id,"
        " osci_message_id, details, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (
            entry_id,
            at_ms,
            actor.os_user,
            actor.person,
            int(action),
            message_id,
            attachment_id,
            osci_message_id,
            details_text,
            prev_hash,
            digest,
        ),
    )
    return entry_id


def verify(conn: Connection, *, anchor: str) -> JournalVerification:
    """Walk the whole chain; report the first entry whose link or content does not hold."""
    expected_prev = anchor
    expected_id = 1
    count = 0
    cursor = conn.execute(
        "SELECT id, at, os_user, person, action, message_id, attachment_id, osci_message_id,"
        " details, prev_hash, hash FROM journal ORDER BY id"
    )
    for row in cursor:
        count += 1
        entry_id = int(row["id"])
        if entry_id != expected_id:
            return JournalVerification(
                False, count, expected_prev, expected_id, f"entry {expected_id} is missing"
            )
        if row["prev_hash"] != expected_prev:
            return JournalVerification(
                False, count, expected_prev, entry_id, "does not link to the entry before it"
            )
        digest = entry_hash(
            entry_id=entry_id,
            at_ms=int(row["at"]),
            os_user=str(row["os_user"]),
            person=str(row["person"]),
            action=int(row["action"]),
            message_id=int(row["message_id"]),
            attachment_id=int(row["attachment_id"]),
            osci_message_id=str(row["osci_message_id"]),
            details=str(row["details"]),
            prev_hash=str(row["prev_hash"]),
        )
        if digest != row["hash"]:
            return JournalVerification(
                False, count, expected_prev, entry_id, "content differs from its hash"
            )
        expected_prev = digest
        expected_id += 1
    return JournalVerification(True, count, expected_prev)


def _entry(row: Row) -> JournalEntry:
    action_value = int(row["action"])
    try:
        action: JournalAction | int = JournalAction(action_value)
    except ValueError:
        action = action_value  # written by a newer program
    return JournalEntry(
        id=int(row["id"]),
        at=from_ms(int(row["at"])),
        os_user=str(row["os_user"]),
        person=str(row["person"]),
        action=action,
        message_id=int(row["message_id"]),
        attachment_id=int(row["attachment_id"]),
        osci_message_id=str(row["osci_message_id"]),
        details=json.loads(str(row["details"])),
        prev_hash=str(row["prev_hash"]),
        hash=str(row["hash"]),
    )


def entries(
    conn: Connection,
    *,
    message_id: int | None = None,
    action: JournalAction | None = None,
    after_id: int = 0,
    limit: int = 500,
) -> list[JournalEntry]:
    """Entries in order, optionally for one message or one action, from ``after_id`` on."""
    where = ["id > ?"]
    params: list[Any] = [after_id]
    if message_id is not None:
        where.append("message_id = ?")
        params.append(message_id)
    if action is not None:
        where.append("action = ?")
        params.append(int(action))
    params.append(limit)
    rows = conn.execute(
        "SELECT id, at, os_user, person, action, message_id, attachment_id, osci_message_id,"  # noqa: S608 - the WHERE parts are constants, values are parameters
        f" details, prev_hash, hash FROM journal WHERE {' AND '.join(where)} ORDER BY id LIMIT ?",
        params,
    ).fetchall()
    return [_entry(row) for row in rows]
