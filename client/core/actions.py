"""The longer operations of an unlocked mailbox: send, drafts, eEB answers, export.

Kept apart from :mod:`client.core.mailbox` so each stays readable; every function takes the
mailbox facade and uses only its public parts.
"""

from __future__ import annotations

import json
import threading
import tomllib
import uuid
import zipfile
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from client.core import pdf
from client.core import progress_texts as texts
from client.core.directory import Recipient
from client.core.errors import Cancelled, ClientError
from client.core.send import Chunking, Outgoing, SendService
from client.egvp import (
    EebAccept,
    EebReject,
    OutgoingMessage,
    PathSource,
    SchriftgutDraft,
    Visitenkarte,
    build_eeb_answer,
    build_outgoing_payload,
    build_xjustiz_nachricht,
    check_outgoing,
    documents_from_names,
    eeb_outgoing_message,
    parse_payload,
)
from client.egvp.model import XJUSTIZ_NACHRICHT_XML, Party, XJustizNachricht
from client.sandbox import detect_content_type, sanitize_filename
from client.store import AttachmentKind, DraftInfo, MailboxStore, NewAttachment, PartyRole
from osci.transport.session import ClientSession
from profiles.paths import WorkdirPaths, ensure_private_dir

if TYPE_CHECKING:
    from client.core.mailbox import WorkdirMailbox

ProgressCallback = Callable[[int, int, str], None]
MB = 1024 * 1024
EebResponse = EebAccept | EebReject


class OwnCardMissing(ClientError):
    """The mailbox has no Visitenkarte yet (it is written when the mailbox is registered)."""

    def __init__(self, *, path: Path) -> None:
        self.path = path
        super().__init__(f"no own Visitenkarte at {path}")


class NotScanned(ClientError):
    """An attachment without any scan result cannot leave the quarantine."""

    def __init__(self, *, name: str) -> None:
        self.name = name
        super().__init__(f"{name} has not been scanned")


class ErvViolations(ClientError):
    """The message breaks ERV rules; every problem is listed (nothing was sent)."""

    def __init__(self, *, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


class NoRecipient(ClientError):
    """A message needs exactly one recipient chosen from the directory."""

    def __init__(self) -> None:
        super().__init__("no recipient with a SAFE-ID")


class NotAnswerable(ClientError):
    """The message carries no readable eEB request."""

    def __init__(self, *, message_id: int, reason: str) -> None:
        self.message_id = message_id
        self.reason = reason
        super().__init__(f"message {message_id}: {reason}")


def own_card(mailbox: WorkdirMailbox) -> Visitenkarte:
    path = mailbox.paths.visitenkarte_file
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise OwnCardMissing(path=path) from None
    fields = data.get("visitenkarte", data)
    known = set(Visitenkarte.__dataclass_fields__)
    return Visitenkarte(**{k: str(v) for k, v in fields.items() if k in known})


# ---------------------------------------------------------------- send


def _recipient_safe_id(draft: DraftInfo) -> str:
    recipients = [p for p in draft.parties if p.role is PartyRole.RECIPIENT and p.safe_id]
    if len(recipients) != 1:
        raise NoRecipient()
    return recipients[0].safe_id


def send(
    mailbox: WorkdirMailbox,
    draft: DraftInfo,
    files: Sequence[PathSource],
    klassen: Mapping[str, str],
    *,
    draft_id: int | None,
    progress: ProgressCallback,
    cancel: threading.Event,
) -> int:
    progress(0, 0, texts.LOOKING_UP)
    safe_id = _recipient_safe_id(draft)
    report = check_outgoing(list(files), mailbox.limits())
    if not report.ok:
        raise ErvViolations(problems=[v.text for v in report.violations])
    directory = mailbox.directory()
    recipient = directory.recipient(_SafeId(safe_id))
    progress(0, 0, texts.CHECKING_CERTIFICATE)
    mailbox.validation().require_encryptable(recipient)
    if cancel.is_set():
        raise Cancelled()
    card = own_card(mailbox)
    names = [f.name for f in files]
    xjustiz = build_xjustiz_nachricht(
        SchriftgutDraft(
            draft_id=uuid.uuid4(),
            eigene_nachrichten_id=uuid.uuid4(),
            absender=Party.sonstige(card.display_name()),
            empfaenger=Party.sonstige(recipient.display_name),
            documents=documents_from_names(names, klassen=klassen),
            aktenzeichen_absender=draft.aktenzeichen_absender,
            aktenzeichen_empfaenger=draft.aktenzeichen_empfaenger,
        )
    )
    return _send_payload(
        mailbox, draft, recipient, card, files, xjustiz, draft_id=draft_id, progress=progress
    )


class _SafeId:
    def __init__(self, value: str) -> None:
        self.safe_id = value


def _send_payload(
    mailbox: WorkdirMailbox,
    draft: DraftInfo,
    recipient: Recipient,
    card: Visitenkarte,
    files: Sequence[PathSource],
    xjustiz: bytes,
    *,
    draft_id: int | None,
    progress: ProgressCallback,
    eeb_answer: bool = False,
) -> int:
    message = OutgoingMessage(
        empfaenger_safe_id=recipient.safe_id,
        betreff=draft.betreff,
        aktenzeichen_absender=draft.aktenzeichen_absender,
        aktenzeichen_empfaenger=draft.aktenzeichen_empfaenger,
    )
    payload = build_outgoing_payload(
        message, sender=card, document_names=[f.name for f in files], xjustiz_nachricht=xjustiz
    )
    outgoing = Outgoing(
        recipient_name=recipient.display_name,
        recipient_safe_id=recipient.safe_id,
        recipient_certificate=recipient.encryption_certificate,
        betreff=draft.betreff,
        aktenzeichen_absender=draft.aktenzeichen_absender,
        aktenzeichen_empfaenger=draft.aktenzeichen_empfaenger,
        payload=payload,
        documents={f.name: f.path for f in files},
        eeb_answer=eeb_answer,
    )
    service = _send_service(mailbox, progress)
    message_id = service.queue(
        outgoing, sender_name=card.display_name(), draft_id=draft_id, extra=draft.extra
    )
    progress(0, 0, texts.SENDING)
    service.send(message_id, outgoing)
    progress(1, 1, texts.SENT)
    return message_id


def rebuild_outgoing(mailbox: WorkdirMailbox, message_id: int) -> Outgoing:
    """A queued or interrupted message as it was queued: its stored documents and its stored
    ``xjustiz_nachricht.xml``, the recipient fetched afresh from the directory."""
    record = mailbox.store.mailbox.get(message_id)
    parties = mailbox.store.mailbox.parties(message_id)
    recipients = [p for p in parties if p.role is PartyRole.RECIPIENT and p.safe_id]
    if len(recipients) != 1:
        raise NoRecipient()
    recipient = mailbox.directory().recipient(_SafeId(recipients[0].safe_id))
    attachments = mailbox.store.mailbox.attachments(message_id)
    documents: dict[str, Callable[[], BinaryIO]] = {}
    generated: dict[str, bytes] = {}
    for attachment in attachments:
        if attachment.original_name == XJUSTIZ_NACHRICHT_XML:
            with mailbox.store.mailbox.open_attachment(attachment.id) as reader:
                generated[attachment.original_name] = reader.read()
        else:
            documents[attachment.original_name] = _store_opener(mailbox, attachment.id)
    card = own_card(mailbox)
    message = OutgoingMessage(
        empfaenger_safe_id=recipient.safe_id,
        betreff=record.betreff,
        aktenzeichen_absender=record.aktenzeichen_absender,
        aktenzeichen_empfaenger=record.aktenzeichen_empfaenger,
    )
    payload = build_outgoing_payload(
        message,
        sender=card,
        document_names=list(documents),
        xjustiz_nachricht=generated.get(XJUSTIZ_NACHRICHT_XML),
    )
    return Outgoing(
        recipient.display_name,
        recipient.safe_id,
        recipient.encryption_certificate,
        record.betreff,
        record.aktenzeichen_absender,
        record.aktenzeichen_empfaenger,
        payload,
        documents,
        eeb_answer=record.is_eeb_answer,
    )


def _store_opener(mailbox: WorkdirMailbox, attachment_id: int) -> Callable[[], BinaryIO]:
    return lambda: mailbox.store.mailbox.open_attachment(attachment_id)  # type: ignore[return-value]


def send_pending(mailbox: WorkdirMailbox, progress: ProgressCallback) -> list[int]:
    """Send what a crash or an unreachable intermediary left in the outbox (exactly once: see
    client.core.send)."""
    outgoing = mailbox.store.outgoing
    pending = list(dict.fromkeys([*outgoing.interrupted(), *outgoing.due()]))
    service = _send_service(mailbox, progress)
    sent = []
    for message_id in pending:
        service.send(message_id, rebuild_outgoing(mailbox, message_id))
        sent.append(message_id)
    return sent


def _send_service(mailbox: WorkdirMailbox, progress: ProgressCallback) -> SendService:
    from client.core.connection import spill_factory

    shown = {"mb": -1}

    def report(sent: int) -> None:
        if sent // MB != shown["mb"]:  # one line per megabyte is enough
            shown["mb"] = sent // MB
            progress(sent, 0, texts.RECEIVED_MB.format(mb=sent // MB))

    def session_factory(on_bytes: Callable[[int], None]) -> ClientSession:
        return mailbox.session(report)

    limits = mailbox.limits()
    chunking = Chunking(limits.chunk_threshold_bytes, limits.chunk_size_bytes)
    return SendService(
        mailbox.paths,
        mailbox.store,
        session_factory,
        spill=lambda: spill_factory(mailbox.paths),
        bus=mailbox.bus,
        chunking=chunking,
    )


def save_draft(
    mailbox: WorkdirMailbox,
    draft: DraftInfo,
    files: Sequence[PathSource],
    klassen: Mapping[str, str],
    *,
    draft_id: int | None,
) -> int:
    outgoing = mailbox.store.outgoing
    if draft_id is None:
        draft_id = outgoing.create_draft(draft)
    else:
        outgoing.update_draft(draft_id, draft)
        for attachment in mailbox.store.mailbox.attachments(draft_id):
            outgoing.remove_attachment(attachment.id)
    for position, source in enumerate(files):
        with source.open() as stream:
            head = stream.read(4096)
            stream.seek(0)
            outgoing.add_attachment(
                draft_id,
                NewAttachment(
                    source.name,
                    sanitize_filename(source.name),
                    content_id=source.name,
                    content_type=int(detect_content_type(head)),
                    position=position,
                    dokumentklasse=klassen.get(source.name, ""),
                ),
                stream,
            )
    return draft_id


def draft_documents(store: MailboxStore, paths: WorkdirPaths, draft_id: int) -> list[PathSource]:
    """The documents of a saved draft as files again (for reopening it in the compose dialog),
    with their Dokumentklasse, in a 0700 folder of the working directory that the next call
    replaces."""
    folder = ensure_private_dir(paths.root / "tmp" / f"entwurf-{draft_id}")
    for old in folder.iterdir():
        old.unlink()
    sources = []
    for attachment in store.mailbox.attachments(draft_id):
        if attachment.blob_id is None or attachment.original_name == XJUSTIZ_NACHRICHT_XML:
            continue
        path = folder / attachment.safe_name
        with store.mailbox.open_attachment(attachment.id) as reader, path.open("wb") as out:
            while chunk := reader.read(MB):
                out.write(chunk)
        sources.append(
            PathSource(
                path,
                send_name=attachment.original_name,
                klasse=attachment.dokumentklasse or None,
            )
        )
    return sources


# ---------------------------------------------------------------- eEB


def request_of(mailbox: WorkdirMailbox, message_id: int) -> tuple[XJustizNachricht, str]:
    """The eEB request's XJustiz data and the SAFE-ID of the court that sent it."""
    xjustiz = [
        a for a in mailbox.store.mailbox.attachments(message_id) if a.kind is AttachmentKind.XJUSTIZ
    ]
    if not xjustiz:
        raise NotAnswerable(message_id=message_id, reason="no xjustiz_nachricht.xml")
    with mailbox.store.mailbox.open_attachment(xjustiz[0].id) as reader:
        data = reader.read()
    parsed = parse_payload({}, [], data).xjustiz
    if parsed is None or not parsed.eeb_requested:
        raise NotAnswerable(message_id=message_id, reason="no eEB requested")
    senders = [p for p in mailbox.store.mailbox.parties(message_id) if p.role is PartyRole.SENDER]
    safe_id = senders[0].safe_id if senders else ""
    if not safe_id:
        raise NotAnswerable(message_id=message_id, reason="the sender's SAFE-ID is unknown")
    return parsed, safe_id


def eeb_preview(
    mailbox: WorkdirMailbox, message_id: int, response: EebResponse
) -> tuple[OutgoingMessage, bytes]:
    request, safe_id = request_of(mailbox, message_id)
    answer = build_eeb_answer(request, response, eigene_nachrichten_id=uuid.uuid4())
    return eeb_outgoing_message(request, empfaenger_safe_id=safe_id), answer


def answer_eeb(
    mailbox: WorkdirMailbox,
    message_id: int,
    response: EebResponse,
    *,
    progress: ProgressCallback,
    cancel: threading.Event,
) -> int:
    message, answer = eeb_preview(mailbox, message_id, response)
    recipient = mailbox.directory().recipient(_SafeId(message.empfaenger_safe_id))
    mailbox.validation().require_encryptable(recipient)
    if cancel.is_set():
        raise Cancelled()
    draft = DraftInfo(
        betreff=message.betreff,
        nachrichtentyp=message.nachrichtentyp,
        aktenzeichen_absender=message.aktenzeichen_absender,
        aktenzeichen_empfaenger=message.aktenzeichen_empfaenger,
        is_eeb_answer=True,
        extra=(("eeb_request", str(message_id)),),
    )
    return _send_payload(
        mailbox,
        draft,
        recipient,
        own_card(mailbox),
        [],
        answer,
        draft_id=None,
        progress=progress,
        eeb_answer=True,
    )


# ---------------------------------------------------------------- export


def export_message(mailbox: WorkdirMailbox, message_id: int, target_dir: Path) -> Path:
    """A ZIP with the documents, the XJustiz file, the Laufzettel, a machine-readable
    verification report and a printable Zugangsnachweis (PDF)."""
    store = mailbox.store.mailbox
    record = store.get(message_id)
    attachments = store.attachments(message_id)
    cards = store.process_cards(message_id)
    parties = store.parties(message_id)
    report = {
        "message_id": record.osci_message_id,
        "betreff": record.betreff,
        "aktenzeichen_absender": record.aktenzeichen_absender,
        "aktenzeichen_empfaenger": record.aktenzeichen_empfaenger,
        "parties": [
            {"role": p.role.name, "name": p.display_name, "safe_id": p.safe_id} for p in parties
        ],
        "signature_verdict": record.signature_verdict.name,
        "vhn_verdict": record.vhn_verdict.name,
        "process_cards": [_card_json(c) for c in cards],
        "documents": [
            {"name": a.original_name, "size": a.size, "sha256": a.sha256, "scan": a.scan_state.name}
            for a in attachments
        ],
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    target_dir.mkdir(parents=True, exist_ok=True)
    name = sanitize_filename(f"Nachricht_{record.osci_message_id or message_id}.zip")
    path = target_dir / name
    tmp = path.with_suffix(".zip.part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for attachment in attachments:
            if attachment.blob_id is None or attachment.scan_state.name != "OK":
                continue  # never export unscanned or infected content
            with (
                store.open_attachment(attachment.id) as reader,
                archive.open(f"dokumente/{attachment.safe_name}", "w") as out,
            ):
                while chunk := reader.read(1 << 20):
                    out.write(chunk)
        archive.writestr("pruefprotokoll.json", json.dumps(report, indent=2, ensure_ascii=False))
        archive.writestr("zugangsnachweis.pdf", zugangsnachweis(report))
    tmp.replace(path)
    mailbox.store.mailbox.mark_exported([message_id])
    return path


def _card_json(card: object) -> dict[str, object]:
    def iso(value: object) -> str | None:
        return value.isoformat() if isinstance(value, datetime) else None

    return {
        "message_id": getattr(card, "osci_message_id", ""),
        "creation": iso(getattr(card, "creation", None)),
        "forwarding": iso(getattr(card, "forwarding", None)),
        "reception": iso(getattr(card, "reception", None)),
        "subject": getattr(card, "subject", ""),
        "inspections": [
            {
                "subject": i.subject_name,
                "issuer": i.issuer_name,
                "type": i.cert_type,
                "math": i.math_result,
                "offline": i.offline_result,
                "online": i.online_result,
                "verdict": i.verdict.name,
            }
            for i in getattr(card, "inspections", ())
        ],
    }


def zugangsnachweis(report: Mapping[str, object]) -> bytes:
    lines: list[tuple[str, bool]] = [("Zugangsnachweis und Prüfprotokoll", True), ("", False)]
    lines += [
        (f"Betreff: {report['betreff']}", False),
        (f"OSCI-Nachrichtenkennung: {report['message_id']}", False),
        (f"Aktenzeichen Absender: {report['aktenzeichen_absender']}", False),
        (f"Aktenzeichen Empfänger: {report['aktenzeichen_empfaenger']}", False),
    ]
    for party in report["parties"]:  # type: ignore[attr-defined]
        role = "Absender" if party["role"] == "SENDER" else "Empfänger"
        lines.append((f"{role}: {party['name']} ({party['safe_id'] or 'ohne SAFE-ID'})", False))
    lines += [("", False), ("Laufzettel des Intermediärs", True)]
    for card in report["process_cards"]:  # type: ignore[attr-defined]
        lines.append((f"Eingang beim Intermediär (Creation): {card['creation'] or '-'}", False))
        lines.append((f"Abholung (Forwarding): {card['forwarding'] or '-'}", False))
        lines.append((f"Empfangsbestätigung (Reception): {card['reception'] or '-'}", False))
        for item in card["inspections"]:
            lines.append(
                (
                    f"Zertifikatsprüfung: {item['subject']} – Typ {item['type']}, "
                    f"mathematisch {item['math']}, offline {item['offline']}, "
                    f"online {item['online'] or '-'}",
                    False,
                )
            )
    lines += [("", False), ("Signaturprüfung", True)]
    lines.append((f"Transportsignatur des Intermediärs: {report['signature_verdict']}", False))
    lines.append((f"Vertrauenswürdiger Herkunftsnachweis (VHN): {report['vhn_verdict']}", False))
    lines += [("", False), ("Dokumente", True)]
    for doc in report["documents"]:  # type: ignore[attr-defined]
        lines.append((f"{doc['name']} ({doc['size']} Bytes, Prüfung {doc['scan']})", False))
        lines.append((f"    SHA-256 {doc['sha256']}", False))
    lines += [("", False), (f"Erstellt am {report['exported_at']}", False)]
    return pdf.render(lines, title="Zugangsnachweis")
