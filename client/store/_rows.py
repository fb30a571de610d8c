"""Row-level helpers shared by the repositories: mapping rows to records, state changes, blob
rows, attachments, the full-text row and purging. Every function runs inside the caller's
transaction and takes the connection explicitly."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from client.store.db import Connection, Cursor, IntegrityError, Row
from client.store.errors import (
    AttachmentNotFound,
    InvalidTransition,
    MessageNotFound,
)
from client.store.model import (
    AttachmentRecord,
    BlobInfo,
    InspectionInfo,
    MessageRecord,
    MessageSummary,
    NewAttachment,
    PartyInfo,
    PartyRecord,
    ProcessCardInfo,
    ProcessCardRecord,
    ScanRecord,
    ScanResultRecord,
    from_ms,
    opt_ms,
)
from client.store.states import (
    TRANSITIONS,
    AttachmentKind,
    BlobKind,
    Direction,
    Folder,
    MessageState,
    PartyRole,
    ScanState,
    Verdict,
    home_folder,
)

MESSAGE_COLUMNS = (
    "m.id, m.direction, m.state, m.folder_id, m.osci_message_id, m.betreff, m.betreff_original,"
    " m.nachrichtentyp, m.aktenzeichen_absender, m.aktenzeichen_empfaenger, m.sender,"
    " m.recipient, m.xjustiz_version, m.xjustiz_kind, m.eeb_requested, m.is_eeb_answer,"
    " m.signature_verdict, m.vhn_verdict, m.seen, m.raw_blob_id, m.content_blob_id, m.size,"
    " m.extra_json, m.error_kind, m.error_text, m.date_at, m.created_at, m.updated_at,"
    " m.acknowledged_at, m.trashed_at, m.exported_at, m.local_ref, m.send_attempts,"
    " m.next_attempt_at, m.sent_at,"
    " rb.size AS raw_size, rb.sha256 AS raw_sha256, cb.size AS content_size,"
    " cb.sha256 AS content_sha256"
)
MESSAGE_FROM = (
    "messages m LEFT JOIN blobs rb ON rb.id = m.raw_blob_id"
    " LEFT JOIN blobs cb ON cb.id = m.content_blob_id"
)
SUMMARY_COLUMNS = (
    "m.id, m.direction, m.state, m.folder_id, m.betreff, m.aktenzeichen_absender,"
    " m.aktenzeichen_empfaenger, m.sender, m.recipient, m.date_at, m.seen, m.eeb_requested,"
    " m.signature_verdict, m.vhn_verdict, m.error_kind,"
    " (SELECT count(*) FROM attachments a WHERE a.message_id = m.id) AS attachment_count,"
    " (SELECT count(*) FROM attachments a WHERE a.message_id = m.id AND m.direction = 1"
    "   AND a.scan_state != 1 AND a.deleted_at = 0) AS quarantined_count"  # 1 = ScanState.OK
)
ATTACHMENT_COLUMNS = (
    "id, message_id, position, kind, original_name, safe_name, content_id, size, sha256,"
    " blob_id, content_type, scan_state, created_at, deleted_at, deleted_reason, released_at,"
    " release_count, dokumentklasse"
)


def last_id(cursor: Cursor) -> int:
    """The rowid of the row an ``INSERT`` just made."""
    if cursor.lastrowid is None:
        raise RuntimeError("INSERT gave no rowid")
    return int(cursor.lastrowid)


def pairs_json(pairs: Iterable[tuple[str, str]]) -> str:
    return json.dumps([[str(k), str(v)] for k, v in pairs], ensure_ascii=False)


def json_pairs(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((str(k), str(v)) for k, v in json.loads(text))


def _blob(blob_id: Any, size: Any, sha256: Any) -> BlobInfo | None:
    return BlobInfo(str(blob_id), int(size), str(sha256)) if blob_id else None


def message_record(row: Row) -> MessageRecord:
    return MessageRecord(
        id=int(row["id"]),
        direction=Direction(row["direction"]),
        state=MessageState(row["state"]),
        folder=Folder(row["folder_id"]),
        osci_message_id=row["osci_message_id"],
        betreff=row["betreff"],
        betreff_original=row["betreff_original"],
        nachrichtentyp=row["nachrichtentyp"],
        aktenzeichen_absender=row["aktenzeichen_absender"],
        aktenzeichen_empfaenger=row["aktenzeichen_empfaenger"],
        sender=row["sender"],
        recipient=row["recipient"],
        xjustiz_version=row["xjustiz_version"],
        xjustiz_kind=int(row["xjustiz_kind"]),
        eeb_requested=bool(row["eeb_requested"]),
        is_eeb_answer=bool(row["is_eeb_answer"]),
        signature_verdict=Verdict(row["signature_verdict"]),
        vhn_verdict=Verdict(row["vhn_verdict"]),
        seen=bool(row["seen"]),
        raw_blob=_blob(row["raw_blob_id"], row["raw_size"], row["raw_sha256"]),
        content_blob=_blob(row["content_blob_id"], row["content_size"], row["content_sha256"]),
        size=int(row["size"]),
        extra=json_pairs(row["extra_json"]),
        error_kind=row["error_kind"],
        error_text=row["error_text"],
        date=from_ms(row["date_at"]),
        created_at=from_ms(row["created_at"]),
        updated_at=from_ms(row["updated_at"]),
        acknowledged_at=from_ms(row["acknowledged_at"]),
        trashed_at=from_ms(row["trashed_at"]),
        exported_at=from_ms(row["exported_at"]),
        local_ref=row["local_ref"],
        send_attempts=int(row["send_attempts"]),
        next_attempt_at=from_ms(row["next_attempt_at"]),
        sent_at=from_ms(row["sent_at"]),
    )


def message_summary(row: Row) -> MessageSummary:
    direction = Direction(row["direction"])
    ours, theirs = (
        (row["aktenzeichen_empfaenger"], row["aktenzeichen_absender"])
        if direction is Direction.INCOMING
        else (row["aktenzeichen_absender"], row["aktenzeichen_empfaenger"])
    )
    return MessageSummary(
        id=int(row["id"]),
        direction=direction,
        state=MessageState(row["state"]),
        folder=Folder(row["folder_id"]),
        betreff=row["betreff"],
        aktenzeichen=ours or theirs,
        sender=row["sender"],
        recipient=row["recipient"],
        date=from_ms(row["date_at"]),
        seen=bool(row["seen"]),
        eeb_requested=bool(row["eeb_requested"]),
        signature_verdict=Verdict(row["signature_verdict"]),
        vhn_verdict=Verdict(row["vhn_verdict"]),
        attachment_count=int(row["attachment_count"]),
        quarantined_count=int(row["quarantined_count"]),
        has_error=bool(row["error_kind"]),
    )


def load_message(conn: Connection, message_id: int) -> MessageRecord:
    row = conn.execute(
        f"SELECT {MESSAGE_COLUMNS} FROM {MESSAGE_FROM} WHERE m.id = ?",  # noqa: S608 - constants
        (message_id,),
    ).fetchone()
    if row is None:
        raise MessageNotFound(message_id=message_id)
    return message_record(row)


def attachment_record(row: Row) -> AttachmentRecord:
    return AttachmentRecord(
        id=int(row["id"]),
        message_id=int(row["message_id"]),
        position=int(row["position"]),
        kind=AttachmentKind(row["kind"]),
        original_name=row["original_name"],
        safe_name=row["safe_name"],
        content_id=row["content_id"],
        size=int(row["size"]),
        sha256=row["sha256"],
        blob_id=row["blob_id"],
        content_type=int(row["content_type"]),
        scan_state=ScanState(row["scan_state"]),
        created_at=from_ms(row["created_at"]),
        deleted_at=from_ms(row["deleted_at"]),
        deleted_reason=row["deleted_reason"],
        released_at=from_ms(row["released_at"]),
        release_count=int(row["release_count"]),
        dokumentklasse=row["dokumentklasse"],
    )


def load_attachment(conn: Connection, attachment_id: int) -> AttachmentRecord:
    row = conn.execute(
        f"SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE id = ?",  # noqa: S608 - constants
        (attachment_id,),
    ).fetchone()
    if row is None:
        raise AttachmentNotFound(attachment_id=attachment_id)
    return attachment_record(row)


def party_record(row: Row) -> PartyRecord:
    return PartyRecord(
        id=int(row["id"]),
        message_id=int(row["message_id"]),
        role=PartyRole(row["role"]),
        display_name=row["display_name"],
        safe_id=row["safe_id"],
        egvp_role=row["egvp_role"],
        xjustiz_code=row["xjustiz_code"],
        card=json_pairs(row["card_json"]),
    )


def scan_result_record(row: Row) -> ScanResultRecord:
    scanned_at = from_ms(row["scanned_at"]) or datetime.fromtimestamp(0, UTC)
    return ScanResultRecord(
        id=int(row["id"]),
        attachment_id=int(row["attachment_id"]),
        verdict=ScanState(row["verdict"]),
        engine=row["engine"],
        engine_version=row["engine_version"],
        signature_version=row["signature_version"],
        scanned_bytes=int(row["scanned_bytes"]),
        sha256=row["sha256"],
        content_type=int(row["content_type"]),
        signature=row["signature"],
        reason=int(row["reason"]),
        detail=row["detail"],
        scanned_at=scanned_at,
    )


# ---------------------------------------------------------------- writes


def set_state(conn: Connection, message_id: int, wanted: MessageState, now_ms: int) -> MessageState:
    """Move ``message_id`` to ``wanted`` if its life cycle allows; returns the old state. The
    folder follows the state, except in the Papierkorb (a trashed message stays there)."""
    row = conn.execute(
        "SELECT state, folder_id FROM messages WHERE id = ?", (message_id,)
    ).fetchone()
    if row is None:
        raise MessageNotFound(message_id=message_id)
    current = MessageState(row["state"])
    if wanted not in TRANSITIONS[current]:
        raise InvalidTransition(message_id=message_id, current=current, wanted=wanted)
    folder = int(row["folder_id"])
    if folder != Folder.PAPIERKORB:
        folder = home_folder(wanted)
    conn.execute(
        "UPDATE messages SET state = ?, folder_id = ?, updated_at = ? WHERE id = ?",
        (int(wanted), folder, now_ms, message_id),
    )
    return current


def insert_blob(conn: Connection, info: BlobInfo, kind: BlobKind, now_ms: int) -> None:
    conn.execute(
        "INSERT INTO blobs (id, kind, size, sha256, created_at) VALUES (?, ?, ?, ?, ?)",
        (info.blob_id, int(kind), info.size, info.sha256, now_ms),
    )


def discard_blobs(conn: Connection, blob_ids: Iterable[str], now_ms: int) -> list[str]:
    """Delete blob rows and queue their files for deletion after the commit."""
    ids = [b for b in blob_ids if b]
    for blob_id in ids:
        conn.execute("DELETE FROM blobs WHERE id = ?", (blob_id,))
        conn.execute(
            "INSERT OR IGNORE INTO blob_trash (blob_id, queued_at) VALUES (?, ?)",
            (blob_id, now_ms),
        )
    return ids


def replace_parties(conn: Connection, message_id: int, parties: Sequence[PartyInfo]) -> None:
    conn.execute("DELETE FROM parties WHERE message_id = ?", (message_id,))
    for position, party in enumerate(parties):
        conn.execute(
            "INSERT INTO parties (message_id, role, position, display_name, safe_id, egvp_role,"
            " xjustiz_code, card_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                message_id,
                int(party.role),
                position,
                party.display_name,
                party.safe_id,
                party.egvp_role,
                party.xjustiz_code,
                pairs_json(party.card),
            ),
        )


def party_display(parties: Sequence[PartyInfo], role: PartyRole) -> str:
    names = [p.display_name or p.safe_id or p.xjustiz_code for p in parties if p.role is role]
    return "; ".join(n for n in names if n)


def insert_attachment(
    conn: Connection, message_id: int, spec: NewAttachment, blob: BlobInfo, now_ms: int
) -> int:
    position = spec.position
    if position is None:
        row = conn.execute(
            "SELECT coalesce(max(position), -1) + 1 FROM attachments WHERE message_id = ?",
            (message_id,),
        ).fetchone()
        position = int(row[0]) if row is not None else 0
    insert_blob(conn, blob, BlobKind.ATTACHMENT, now_ms)
    try:
        cursor = conn.execute(
            "INSERT INTO attachments (message_id, position, kind, original_name, safe_name,"
            " content_id, size, sha256, blob_id, content_type, scan_state, created_at,"
            " dokumentklasse) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                message_id,
                position,
                int(spec.kind),
                spec.original_name,
                spec.safe_name,
                spec.content_id,
                blob.size,
                blob.sha256,
                blob.blob_id,
                spec.content_type,
                int(ScanState.UNSCANNED),
                now_ms,
                spec.dokumentklasse,
            ),
        )
    except IntegrityError as exc:
        if "FOREIGN KEY" in str(exc):
            raise MessageNotFound(message_id=message_id) from None
        raise
    return last_id(cursor)


def insert_scan(conn: Connection, attachment_id: int, scan: ScanRecord) -> int:
    cursor = conn.execute(
        "INSERT INTO scan_results (attachment_id, verdict, engine, engine_version,"
        " signature_version, scanned_bytes, sha256, content_type, signature, reason, detail,"
        " scanned_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            attachment_id,
            int(scan.verdict),
            scan.engine,
            scan.engine_version,
            scan.signature_version,
            scan.scanned_bytes,
            scan.sha256,
            scan.content_type,
            scan.signature,
            scan.reason,
            scan.detail,
            opt_ms(scan.scanned_at),
        ),
    )
    conn.execute(
        "UPDATE attachments SET scan_state = ? WHERE id = ?", (int(scan.verdict), attachment_id)
    )
    return last_id(cursor)


def insert_process_card(
    conn: Connection, message_id: int, card: ProcessCardInfo, now_ms: int
) -> int:
    cursor = conn.execute(
        "INSERT INTO process_cards (message_id, osci_message_id, recent_modification,"
        " creation_at, forwarding_at, reception_at, subject, cryptographic_timestamps,"
        " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            message_id,
            card.osci_message_id,
            opt_ms(card.recent_modification),
            opt_ms(card.creation),
            opt_ms(card.forwarding),
            opt_ms(card.reception),
            card.subject,
            int(card.cryptographic_timestamps),
            now_ms,
        ),
    )
    card_id = last_id(cursor)
    for position, inspection in enumerate(card.inspections):
        conn.execute(
            "INSERT INTO inspections (process_card_id, position, inspected_at, subject_name,"
            " issuer_name, serial_number, cert_type, math_result, offline_result, online_result,"
            " verdict) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                card_id,
                position,
                opt_ms(inspection.inspected_at),
                inspection.subject_name,
                inspection.issuer_name,
                inspection.serial_number,
                inspection.cert_type,
                inspection.math_result,
                inspection.offline_result,
                inspection.online_result,
                int(inspection.verdict),
            ),
        )
    return card_id


def load_process_cards(conn: Connection, message_id: int) -> list[ProcessCardRecord]:
    cards = conn.execute(
        "SELECT id, message_id, osci_message_id, recent_modification, creation_at,"
        " forwarding_at, reception_at, subject, cryptographic_timestamps, recorded_at"
        " FROM process_cards WHERE message_id = ? ORDER BY id",
        (message_id,),
    ).fetchall()
    result = []
    for card in cards:
        rows = conn.execute(
            "SELECT inspected_at, subject_name, issuer_name, serial_number, cert_type,"
            " math_result, offline_result, online_result, verdict FROM inspections"
            " WHERE process_card_id = ? ORDER BY position",
            (card["id"],),
        ).fetchall()
        inspections = tuple(
            InspectionInfo(
                inspected_at=from_ms(r["inspected_at"]),
                subject_name=r["subject_name"],
                issuer_name=r["issuer_name"],
                serial_number=r["serial_number"],
                cert_type=r["cert_type"],
                math_result=r["math_result"],
                offline_result=r["offline_result"],
                online_result=r["online_result"],
                verdict=Verdict(r["verdict"]),
            )
            for r in rows
        )
        result.append(
            ProcessCardRecord(
                id=int(card["id"]),
                message_id=int(card["message_id"]),
                osci_message_id=card["osci_message_id"],
                recent_modification=from_ms(card["recent_modification"]),
                creation=from_ms(card["creation_at"]),
                forwarding=from_ms(card["forwarding_at"]),
                reception=from_ms(card["reception_at"]),
                subject=card["subject"],
                cryptographic_timestamps=bool(card["cryptographic_timestamps"]),
                inspections=inspections,
                recorded_at=from_ms(card["recorded_at"]),
            )
        )
    return result


def refresh_fts(conn: Connection, message_id: int) -> None:
    """Rewrite the message's full-text row from the tables (standalone FTS5 table, rowid =
    message id): Betreff, both Aktenzeichen, sender and recipient (names, SAFE-IDs, court
    codes) and the attachment names."""
    row = conn.execute(
        "SELECT betreff, aktenzeichen_absender, aktenzeichen_empfaenger, sender, recipient"
        " FROM messages WHERE id = ?",
        (message_id,),
    ).fetchone()
    conn.execute("DELETE FROM messages_fts WHERE rowid = ?", (message_id,))
    if row is None:
        return
    who: dict[int, list[str]] = {int(PartyRole.SENDER): [], int(PartyRole.RECIPIENT): []}
    for party in conn.execute(
        "SELECT role, display_name, safe_id, xjustiz_code FROM parties WHERE message_id = ?",
        (message_id,),
    ):
        who.setdefault(int(party["role"]), []).extend(
            v for v in (party["display_name"], party["safe_id"], party["xjustiz_code"]) if v
        )
    names = [
        r["original_name"]
        for r in conn.execute(
            "SELECT original_name FROM attachments WHERE message_id = ? ORDER BY position",
            (message_id,),
        )
    ]
    conn.execute(
        "INSERT INTO messages_fts (rowid, betreff, aktenzeichen, sender, recipient, documents)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            message_id,
            row["betreff"],
            " ".join(filter(None, (row["aktenzeichen_absender"], row["aktenzeichen_empfaenger"]))),
            " ".join([row["sender"], *who[int(PartyRole.SENDER)]]).strip(),
            " ".join([row["recipient"], *who[int(PartyRole.RECIPIENT)]]).strip(),
            " ".join(names),
        ),
    )


@dataclass(frozen=True)
class PurgedMessage:
    message_id: int
    osci_message_id: str
    blob_ids: tuple[str, ...]
    attachments: int


def purge_rows(conn: Connection, message_id: int, now_ms: int) -> PurgedMessage:
    """Delete a message with everything that hangs on it; queue its blob files for deletion."""
    row = conn.execute(
        "SELECT osci_message_id, raw_blob_id, content_blob_id FROM messages WHERE id = ?",
        (message_id,),
    ).fetchone()
    if row is None:
        raise MessageNotFound(message_id=message_id)
    attachment_blobs = [
        r["blob_id"]
        for r in conn.execute(
            "SELECT blob_id FROM attachments WHERE message_id = ?", (message_id,)
        ).fetchall()
    ]
    blob_ids = [row["raw_blob_id"], row["content_blob_id"], *attachment_blobs]
    conn.execute("DELETE FROM messages_fts WHERE rowid = ?", (message_id,))
    conn.execute("DELETE FROM messages WHERE id = ?", (message_id,))
    queued = discard_blobs(conn, blob_ids, now_ms)
    return PurgedMessage(message_id, row["osci_message_id"], tuple(queued), len(attachment_blobs))
