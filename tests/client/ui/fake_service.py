"""A :class:`client.ui.services.MailboxService` for the GUI tests, the screenshots and the GUI
benchmark, backed by a REAL encrypted store and the real egvp/sandbox functions.

Only the network side is simulated: ``fetch`` delivers queued demo messages into the store,
``send``/``answer_eeb`` store the outgoing message as sent (and record the call), the directory
is an in-memory list, the rescan uses a minimal EICAR check instead of clamd. Release, delete,
eEB preview (real XJustiz from the stored request), ERV limits, settings and favourites are
the real thing.
"""

from __future__ import annotations

import threading
import time
import uuid
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from client.core import actions
from client.core.directory import (
    ROLE_BEBPO,
    DirectoryEntry,
    DirectoryHit,
    Intermediary,
    Role,
    RoleState,
    SearchCriterion,
    SearchField,
    SearchPage,
)
from client.core.errors import Cancelled, user_message
from client.core.favourites import Favourite, Favourites
from client.core.validation import (
    DEFAULT_WARN_WEEKS,
    OwnCertificateKind,
    OwnCertificateState,
    OwnCertificateStatus,
    expiry_state,
)
from client.egvp import (
    EebAccept,
    EebReject,
    OutgoingMessage,
    PathSource,
    Visitenkarte,
    build_eeb_answer,
    eeb_outgoing_message,
    parse_payload,
)
from client.sandbox import (
    ContentType,
    IndeterminateReason,
    ReleasePolicy,
    ReleaseRefused,
    ScannerInfo,
    ScanResult,
    can_release,
    detect_content_type,
    release,
)
from client.sandbox import Verdict as SandboxVerdict
from client.store import (
    Actor,
    AttachmentKind,
    AttachmentRecord,
    BackupReport,
    DraftInfo,
    Folder,
    JournalEntry,
    MailboxStore,
    MessageRecord,
    MessageSummary,
    NewAttachment,
    PartyInfo,
    PartyRecord,
    PartyRole,
    ProcessCardRecord,
    ScanResultRecord,
    ScanState,
)
from client.ui.services import ProgressCallback
from profiles.paths import WorkdirPaths
from profiles.scenarios import Limits, RetentionDefaults
from profiles.settings import Settings
from profiles.settings import load as load_settings
from profiles.settings import save as save_settings
from tests.client.ui.seed import OWN_NAME, OWN_SAFE_ID, DemoMessage, deliver, scan_record

EebResponse = EebAccept | EebReject


@dataclass(frozen=True)
class SizedSummary(MessageSummary):
    """A list row with the message size, as ``MailboxService.list_messages`` may return it."""

    size: int = 0


def hit(
    safe_id: str, organisation: str, ort: str, plz: str, *, name: str = "", confirmed: bool = True
) -> DirectoryHit:
    state = RoleState.CONFIRMED if confirmed else RoleState.UNCONFIRMED
    role = "egvp_justiz" if "gericht" in organisation.lower() else "egvp_bebpo"
    return DirectoryHit(
        safe_id=safe_id,
        visitenkarte=Visitenkarte(
            organisation=organisation, name=name, ort=ort, postleitzahl=plz, nutzer_id=safe_id
        ),
        roles=(Role(role, state),),
    )


def demo_directory() -> list[DirectoryHit]:
    entries = [
        hit("safe-1600000001-ag-musterstadt", "Amtsgericht Musterstadt", "Musterstadt", "12345"),
        hit("safe-1600000002-vg-koblenz", "Verwaltungsgericht Koblenz", "Koblenz", "56068"),
        hit("safe-1600000003-lg-musterstadt", "Landgericht Musterstadt", "Musterstadt", "12345"),
        hit("safe-1600000004-sg-musterstadt", "Sozialgericht Musterstadt", "Musterstadt", "12347"),
        hit("safe-1600000005-olg-koblenz", "Oberlandesgericht Koblenz", "Koblenz", "56068"),
        hit(
            "safe-1700000002-kreis-beispiel",
            "Kreisverwaltung Beispielkreis",
            "Beispielstadt",
            "54321",
            name="Rechtsamt",
            confirmed=False,
        ),
    ]
    # Enough Amtsgerichte to need a second page.
    entries += [
        hit(f"safe-16100000{n:02d}-ag", f"Amtsgericht Beispielstadt-{n}", "Beispielstadt", "54321")
        for n in range(1, 31)
    ]
    return entries


# Changing one of these makes the directory ask the Prüfstelle again (testbed.directory.rules).
_IDENTITY_FIELDS = ("organisation", "organisationszusatz", "name", "vorname", "ort", "bundesland")


def own_demo_card() -> Visitenkarte:
    """Our registered Visitenkarte in the demo mailbox."""
    return Visitenkarte(
        organisation="Stadt Musterstadt",
        organisationszusatz="Rechtsamt",
        strasse="Rathausplatz",
        hausnummer="1",
        postleitzahl="12345",
        ort="Musterstadt",
        bundesland="Rheinland-Pfalz",
        e_mail="rechtsamt@musterstadt.example",
        telefon="+49 1234 5678-0",
        nutzer_id=OWN_SAFE_ID,
        rollen_id=ROLE_BEBPO,
    )


_FIELD = {
    SearchField.ORGANISATION: lambda h: h.visitenkarte.organisation,
    SearchField.NAME: lambda h: h.visitenkarte.name,
    SearchField.ORT: lambda h: h.visitenkarte.ort,
    SearchField.POSTLEITZAHL: lambda h: h.visitenkarte.postleitzahl,
    SearchField.LAND: lambda h: h.visitenkarte.land,
    SearchField.SAFE_ID: lambda h: h.safe_id,
}


def _certificate(common_name: str, not_after: datetime) -> x509.Certificate:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_after - timedelta(days=730))
        .not_valid_after(not_after)
        .sign(key, hashes.SHA256())
    )


_CERTIFICATES: list[tuple[OwnCertificateKind, x509.Certificate]] = []


def _own_certificates() -> list[tuple[OwnCertificateKind, x509.Certificate]]:
    # RSA key generation is slow-ish; the certificates are made once per process.
    if not _CERTIFICATES:
        now = datetime.now(UTC)
        _CERTIFICATES.append(
            (OwnCertificateKind.MAILBOX, _certificate(OWN_NAME, now + timedelta(days=400)))
        )
        _CERTIFICATES.append(
            (OwnCertificateKind.VHN, _certificate(f"VHN {OWN_NAME}", now + timedelta(days=20)))
        )
    return _CERTIFICATES


@dataclass
class Calls:
    """What the GUI asked the service to do (tests assert on these)."""

    sent: list[tuple[DraftInfo, list[PathSource], dict[str, str], int | None]] = field(
        default_factory=list
    )
    drafts: list[tuple[DraftInfo, list[PathSource], dict[str, str], int | None]] = field(
        default_factory=list
    )
    eeb: list[tuple[int, EebResponse]] = field(default_factory=list)
    released: list[int] = field(default_factory=list)
    rescanned: list[int] = field(default_factory=list)
    deleted: list[tuple[int, str]] = field(default_factory=list)
    exported: list[tuple[list[int], Path]] = field(default_factory=list)
    trashed: list[list[int]] = field(default_factory=list)
    restored: list[list[int]] = field(default_factory=list)
    purged: list[list[int]] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)
    settings: list[Settings] = field(default_factory=list)
    registered: list[Visitenkarte] = field(default_factory=list)
    scanner_prepared: int = 0
    updated: list[Visitenkarte] = field(default_factory=list)


class FakeMailboxService:
    def __init__(
        self,
        store: MailboxStore,
        *,
        title: str = "Demo-Postfach Stadt Musterstadt",
        person: str = "Erika Mustermann",
        transfer_dir: Path | None = None,
        pending: Sequence[DemoMessage] = (),
        step_delay_s: float = 0.0,
    ) -> None:
        self.store = store
        self.paths: WorkdirPaths = store.paths
        self._title = title
        self._person = person
        self.transfer_dir = transfer_dir or self.paths.root / "transfer"
        self.pending = list(pending)
        self.step_delay_s = step_delay_s
        self.directory = demo_directory()
        # directory_status(): our role state; a test sets directory_error to simulate an outage.
        self.role_state: RoleState | None = RoleState.CONFIRMED
        self.directory_error: BaseException | None = None
        # own_card()/register/update: our card in memory (None: not registered yet); a test sets
        # card_error to make register/update raise (e.g. DirectoryRequestRefused).
        self.safe_id = OWN_SAFE_ID
        self.card: Visitenkarte | None = own_demo_card()
        self.card_error: BaseException | None = None
        self.calls = Calls()
        self.closed = False

    @property
    def title(self) -> str:
        return self._title

    @property
    def person(self) -> str:
        return self._person

    # ------------------------------------------------------------ reading

    def folder_counts(self) -> Mapping[Folder, tuple[int, int]]:
        return self.store.mailbox.folder_counts()

    def quarantine_count(self) -> int:
        return len(self.store.mailbox.quarantine())

    def list_messages(
        self, folder: Folder, *, offset: int = 0, limit: int | None = None
    ) -> Sequence[MessageSummary]:
        rows = self.store.mailbox.list_folder(
            folder, offset=offset, limit=limit if limit is not None else 1 << 30
        )
        if not rows:
            return []
        # The store's summary has no size (yet); one query adds it, as a service would.
        ids = [r.id for r in rows]
        with self.store._ctx.db.read() as conn:  # test helper: reads the store's own table
            sizes = dict(
                conn.execute(
                    "SELECT id, size FROM messages WHERE id BETWEEN ? AND ?", (min(ids), max(ids))
                ).fetchall()
            )
        return [SizedSummary(**vars(r), size=sizes.get(r.id, 0)) for r in rows]

    def search_ids(self, text: str, folder: Folder) -> set[int]:
        return self.store.mailbox.search_ids(text, folder=folder)

    def prepare_scanner(self) -> None:
        self.calls.scanner_prepared += 1

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

    def release_refusal(
        self, attachment: AttachmentRecord, scan: ScanResultRecord | None
    ) -> str | None:
        if attachment.blob_id is None:
            return "Der Inhalt wurde gelöscht."
        if scan is None:
            return "Das Dokument wurde noch nicht auf Viren geprüft."
        decision = can_release(
            _sandbox_result(scan),
            name=attachment.safe_name,
            expected_sha256=attachment.sha256,
            policy=self._policy(),
        )
        if decision.refusal is None:
            return None
        exc = ReleaseRefused(
            name=decision.target_name or attachment.safe_name,
            reason=decision.refusal,
            detail=decision.detail,
            content_type=ContentType(scan.content_type),
        )
        return user_message(exc).text

    def _policy(self) -> ReleasePolicy:
        return ReleasePolicy()

    def quarantine(self) -> Sequence[AttachmentRecord]:
        return self.store.mailbox.quarantine()

    def mark_seen(self, message_ids: Sequence[int]) -> None:
        self.store.mailbox.set_seen(message_ids)

    # ------------------------------------------------------------ long operations

    def fetch(self, *, progress: ProgressCallback, cancel: threading.Event) -> int:
        total, done = len(self.pending), 0
        progress(0, total, "Verbindung zum Intermediär …")
        while self.pending:
            if cancel.is_set():
                raise Cancelled()
            message = self.pending.pop(0)
            time.sleep(self.step_delay_s)
            deliver(self.store, message)
            done += 1
            progress(done, total, f"Nachricht {done} von {total}")
        return done

    def _store_outgoing(
        self,
        draft: DraftInfo,
        files: Sequence[PathSource],
        draft_id: int | None,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
        klassen: Mapping[str, str] | None = None,
    ) -> int:
        parties = (PartyInfo(PartyRole.SENDER, OWN_NAME, OWN_SAFE_ID), *draft.parties)
        full = DraftInfo(
            betreff=draft.betreff,
            aktenzeichen_absender=draft.aktenzeichen_absender,
            aktenzeichen_empfaenger=draft.aktenzeichen_empfaenger,
            parties=parties,
            is_eeb_answer=draft.is_eeb_answer,
        )
        outgoing = self.store.outgoing
        if draft_id is None:
            mid = outgoing.create_draft(full)
        else:
            outgoing.update_draft(draft_id, full)
            mid = draft_id
            for old in self.store.mailbox.attachments(mid):
                outgoing.remove_attachment(old.id)
        for position, source in enumerate(files, start=1):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            with source.open() as stream:
                data = stream.read()
            outgoing.add_attachment(
                mid,
                NewAttachment(
                    source.name,
                    source.name,
                    content_type=int(detect_content_type(data[:4096])),
                    dokumentklasse=(klassen or {}).get(source.name, ""),
                ),
                data,
            )
            if progress is not None:
                progress(position, len(files), f"Dokument {position} von {len(files)}")
            time.sleep(self.step_delay_s)
        return mid

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
        self.calls.sent.append((draft, list(files), dict(klassen), draft_id))
        mid = self._store_outgoing(draft, files, draft_id, progress, cancel)
        if cancel.is_set():
            raise Cancelled()
        self.store.outgoing.queue(mid)
        self.store.outgoing.start_sending(mid)
        self.store.outgoing.mark_sent(
            mid, osci_message_id=f"sent-{uuid.uuid4()}", sent_at=datetime.now(UTC)
        )
        return mid

    def save_draft(
        self,
        draft: DraftInfo,
        files: Sequence[PathSource],
        klassen: Mapping[str, str],
        *,
        draft_id: int | None,
    ) -> int:
        self.calls.drafts.append((draft, list(files), dict(klassen), draft_id))
        return self._store_outgoing(draft, files, draft_id, klassen=klassen)

    def release(self, attachment_id: int) -> Path:
        self.calls.released.append(attachment_id)
        attachment = self.store.mailbox.attachment(attachment_id)
        scans = self.store.mailbox.scan_results(attachment_id)
        self.transfer_dir.mkdir(parents=True, exist_ok=True)
        with self.store.mailbox.open_attachment(attachment_id) as source:
            released = release(
                source,
                name=attachment.safe_name,
                scan=_sandbox_result(scans[-1]),
                expected_sha256=attachment.sha256,
                transfer_dir=self.transfer_dir,
                policy=self._policy(),
            )
        self.store.mailbox.record_release(
            attachment_id, target_name=released.name, size=released.size, sha256=released.sha256
        )
        return released.path

    def rescan(
        self, attachment_id: int, *, progress: ProgressCallback, cancel: threading.Event
    ) -> ScanResultRecord:
        self.calls.rescanned.append(attachment_id)
        progress(0, 1, "Virenprüfung …")
        with self.store.mailbox.open_attachment(attachment_id) as source:
            data = source.read()
        time.sleep(self.step_delay_s)
        if cancel.is_set():
            raise Cancelled()
        kind = detect_content_type(data[:4096])
        result = self.store.incoming.record_scan(attachment_id, scan_record(data, kind))
        progress(1, 1, "")
        return result

    def delete_attachment(self, attachment_id: int, reason: str) -> None:
        self.calls.deleted.append((attachment_id, reason))
        self.store.mailbox.delete_attachment_content(attachment_id, reason=reason)

    def _request_xml(self, message_id: int) -> bytes:
        for attachment in self.store.mailbox.attachments(message_id):
            if attachment.kind is AttachmentKind.XJUSTIZ:
                with self.store.mailbox.open_attachment(attachment.id) as source:
                    return bytes(source.read())
        raise LookupError(f"message {message_id} has no xjustiz_nachricht.xml")

    def eeb_preview(self, message_id: int, response: EebResponse) -> tuple[OutgoingMessage, bytes]:
        request = parse_payload({}, [], self._request_xml(message_id)).xjustiz
        if request is None:
            raise LookupError(f"message {message_id} has no readable XJustiz record")
        sender = next(
            p for p in self.store.mailbox.parties(message_id) if p.role is PartyRole.SENDER
        )
        answer_id = uuid.uuid5(uuid.NAMESPACE_OID, f"eeb-{message_id}")
        xml = build_eeb_answer(request, response, eigene_nachrichten_id=answer_id)
        return eeb_outgoing_message(request, empfaenger_safe_id=sender.safe_id), xml

    def answer_eeb(
        self,
        message_id: int,
        response: EebResponse,
        *,
        progress: ProgressCallback,
        cancel: threading.Event,
    ) -> int:
        self.calls.eeb.append((message_id, response))
        message, _xml = self.eeb_preview(message_id, response)
        progress(0, 1, "eEB wird gesendet …")
        if cancel.is_set():
            raise Cancelled()
        draft = DraftInfo(
            betreff=message.betreff,
            aktenzeichen_absender=message.aktenzeichen_absender,
            aktenzeichen_empfaenger=message.aktenzeichen_empfaenger,
            parties=(PartyInfo(PartyRole.RECIPIENT, "", message.empfaenger_safe_id),),
            is_eeb_answer=True,
        )
        mid = self._store_outgoing(draft, [], None)
        self.store.outgoing.queue(mid)
        self.store.outgoing.start_sending(mid)
        self.store.outgoing.mark_sent(
            mid, osci_message_id=f"eeb-{uuid.uuid4()}", sent_at=datetime.now(UTC)
        )
        progress(1, 1, "")
        return mid

    def export(
        self,
        message_ids: Sequence[int],
        target_dir: Path,
        *,
        progress: ProgressCallback,
        cancel: threading.Event,
    ) -> Sequence[Path]:
        self.calls.exported.append((list(message_ids), target_dir))
        written = []
        for done, message_id in enumerate(message_ids, start=1):
            if cancel.is_set():
                raise Cancelled()
            record = self.store.mailbox.get(message_id)
            target = target_dir / f"Nachricht_{message_id}.zip"
            with zipfile.ZipFile(target, "w") as archive:
                archive.writestr("Zugangsnachweis.txt", f"Betreff: {record.betreff}\n")
                for attachment in self.store.mailbox.attachments(message_id):
                    if attachment.blob_id is None or attachment.scan_state is not ScanState.OK:
                        continue
                    with self.store.mailbox.open_attachment(attachment.id) as source:
                        archive.writestr(attachment.safe_name, source.read())
            self.store.mailbox.mark_exported([message_id], target=target.name)
            written.append(target)
            progress(done, len(message_ids), "")
        return written

    def move_to_trash(self, message_ids: Sequence[int]) -> Sequence[int]:
        self.calls.trashed.append(list(message_ids))
        return self.store.mailbox.move_to_trash(message_ids)

    def restore_from_trash(self, message_ids: Sequence[int]) -> Sequence[int]:
        self.calls.restored.append(list(message_ids))
        return self.store.mailbox.restore_from_trash(message_ids)

    def purge(self, message_ids: Sequence[int]) -> Sequence[int]:
        self.calls.purged.append(list(message_ids))
        in_trash = [i for i in message_ids if self.store.mailbox.get(i).folder is Folder.PAPIERKORB]
        return self.store.mailbox.purge(in_trash)

    def backup(
        self, target: Path, *, progress: ProgressCallback, cancel: threading.Event
    ) -> BackupReport:
        self.calls.backups.append(target)
        progress(0, 0, "Sicherung wird geschrieben")
        time.sleep(self.step_delay_s)
        if cancel.is_set():
            raise Cancelled()
        report = self.store.backup(target)
        progress(1, 1, "Sicherung abgeschlossen")
        return report

    def draft_documents(self, draft_id: int) -> Sequence[PathSource]:
        return actions.draft_documents(self.store, self.paths, draft_id)

    # ------------------------------------------------------------ directory

    def search_directory(
        self, criteria: Sequence[SearchCriterion], *, page: int, page_size: int
    ) -> SearchPage:
        def matches(entry: DirectoryHit) -> bool:
            return all(
                c.value.casefold() in _FIELD[c.field](entry).casefold()
                for c in criteria
                if c.field in _FIELD
            )

        found = [e for e in self.directory if matches(e)]
        start = (page - 1) * page_size
        return SearchPage(
            hits=tuple(found[start : start + page_size]),
            total=len(found),
            page=page,
            page_size=page_size,
        )

    def directory_status(self) -> tuple[str, RoleState | None]:
        if self.directory_error is not None:
            raise self.directory_error
        return self.safe_id, self.role_state

    def own_card(self) -> Visitenkarte | None:
        return self.card

    def register_in_directory(self, card: Visitenkarte) -> DirectoryEntry:
        self.calls.registered.append(card)
        if self.card_error is not None:
            raise self.card_error
        self.role_state = RoleState.UNCONFIRMED  # until the Prüfstelle confirms
        return self._keep_card(card)

    def update_directory(self, card: Visitenkarte) -> DirectoryEntry:
        self.calls.updated.append(card)
        if self.card_error is not None:
            raise self.card_error
        old = self.card or Visitenkarte()
        # As the directory does: a changed identity needs the Prüfstelle's confirmation again.
        if any(getattr(old, name) != getattr(card, name) for name in _IDENTITY_FIELDS):
            self.role_state = RoleState.UNCONFIRMED
        return self._keep_card(card)

    def _keep_card(self, card: Visitenkarte) -> DirectoryEntry:
        self.card = replace(card, nutzer_id=self.safe_id, rollen_id=ROLE_BEBPO)
        now = datetime.now(UTC)
        certificate = _own_certificates()[0][1]
        state = self.role_state or RoleState.UNCONFIRMED
        return DirectoryEntry(
            safe_id=self.safe_id,
            visitenkarte=self.card,
            encryption_certificate=certificate,
            intermediary=Intermediary("https://intermediaer.example/osci", certificate, None),
            roles=(Role(ROLE_BEBPO, state),),
            created=now,
            modified=now,
        )

    def favourites(self) -> Sequence[Favourite]:
        return Favourites.for_workdir(self.paths).entries()

    def add_favourite(self, hit: DirectoryHit) -> Favourite:
        return Favourites.for_workdir(self.paths).add(hit)

    def remove_favourite(self, safe_id: str) -> None:
        Favourites.for_workdir(self.paths).remove(safe_id)

    # ------------------------------------------------------------ settings

    def limits(self) -> Limits:
        return Limits()

    def settings(self) -> Settings:
        return load_settings(self.paths.settings_file)

    def retention_defaults(self) -> RetentionDefaults:
        return RetentionDefaults()

    def save_settings(self, settings: Settings) -> None:
        self.calls.settings.append(settings)
        save_settings(self.paths.settings_file, settings)

    def certificates(self) -> Sequence[OwnCertificateStatus]:
        now = datetime.now(UTC)
        statuses = []
        for kind, certificate in _own_certificates():
            state, days = expiry_state(certificate, now, timedelta(weeks=DEFAULT_WARN_WEEKS))
            until = certificate.not_valid_after_utc.strftime("%d.%m.%Y")
            message = (
                f"{kind.label} ist gültig bis {until}."
                if state is OwnCertificateState.OK
                else f"{kind.label} läuft in {days} Tagen ab (am {until}). Bitte beantragen bzw. "
                "erzeugen Sie rechtzeitig ein neues."
            )
            statuses.append(
                OwnCertificateStatus(kind, certificate, state, days, message, None, None)
            )
        return statuses

    def close(self) -> None:
        self.closed = True
        self.store.close()


def _sandbox_result(scan: ScanResultRecord) -> ScanResult:
    verdict = SandboxVerdict(int(scan.verdict)) if scan.verdict else SandboxVerdict.INDETERMINATE
    return ScanResult(
        verdict=verdict,
        scanner=ScannerInfo(scan.engine, scan.engine_version, scan.signature_version),
        scanned_bytes=scan.scanned_bytes,
        sha256=scan.sha256,
        content_type=ContentType(scan.content_type),
        signature=scan.signature or None,
        reason=(
            IndeterminateReason(scan.reason or IndeterminateReason.SCANNER_ERROR)
            if verdict is SandboxVerdict.INDETERMINATE
            else None
        ),
        scanned_at=scan.scanned_at,
    )


class FakeOpener:
    """Opens the real store with the password (WrongPassword comes from the store)."""

    def __init__(self, paths: WorkdirPaths, **service_options: object) -> None:
        self.paths = paths
        self.service_options = service_options
        self.attempts = 0

    @property
    def title(self) -> str:
        return "Demo-Postfach Stadt Musterstadt"

    def open(self, password: str, person: str) -> FakeMailboxService:
        self.attempts += 1
        store = MailboxStore.open(self.paths, password, actor=Actor.current(person))
        return FakeMailboxService(store, person=person, **self.service_options)  # type: ignore[arg-type]
