"""The encrypted mailbox store: a SQLCipher database (messages, folders, parties, attachments,
scan results, Laufzettel, journal, FTS5 index) plus a folder of AES-256-GCM blob files, behind a
key hierarchy (a random master key wrapped by a scrypt key from the mailbox password and
optionally by an authority's recovery certificate). Numbered schema migrations, one writer per
process (SQLite's locking between processes), every commit durable (``synchronous = FULL``).

Decision records: docs/decisions/0301-key-hierarchy.md, 0302-blob-format.md,
0303-backup-format.md, 0304-crash-safe-intake.md.

Opening::

    store = MailboxStore.create(paths, password)           # new store in paths.store
    store = MailboxStore.open(paths, password)             # WrongPassword, StoreNotFound …
    store = MailboxStore.open_with_recovery_key(paths, rsa_private_key)
    store.recovery                                          # what a crashed run left (see below)
    store.close()                                           # or: with MailboxStore.open(…) as s:

Receive path (``store.incoming``, an :class:`Incoming`)::

    rec = store.incoming.record(osci_message_id, raw_bytes_or_stream)   # before acknowledging
    # or, push-style for a 200 MB response arriving in pieces:
    with store.incoming.begin() as intake:                 # intake row committed first
        for piece in response: intake.write(piece)
        rec = intake.finish(osci_message_id)               # blob fsynced, then row committed
    store.incoming.mark_acknowledged(rec.message_id)
    store.incoming.record_decrypted(mid, content_bytes_or_stream)     # -> IN_DECRYPTED
    store.incoming.set_metadata(mid, MessageMetadata(..., process_card=ProcessCardInfo(...)))
    att = store.incoming.add_attachment(mid, NewAttachment(...), stream)  # quarantined
    store.incoming.record_scan(att.id, ScanRecord(ScanState.OK, engine="ClamAV", ...))
    store.incoming.mark_processed(mid)                     # or mark_failed(mid, error_kind=…)
    store.mailbox.record_release(att.id, target_name=…, size=…, sha256=…)  # only if scan OK

    States: a message is IN_RECEIVED → IN_DECRYPTED → IN_PROCESSED (or IN_FAILED, kept with its
    error; ``restart_processing`` goes back to IN_RECEIVED). Each attachment is *quarantined*
    (``Mailbox.quarantine()``) until its latest scan is OK (``ScanState``: UNSCANNED, OK,
    INFECTED, INDETERMINATE); only then can a release be recorded (``released_at``,
    ``release_count``); INFECTED content can be deleted with a reason
    (``Mailbox.delete_attachment_content``). All values are ``IntEnum``\\ s with fixed numbers.

    Crash safety: ``record``/``begin`` keep an *intake* row from before the first byte until the
    message row commits. When a store opens, :meth:`Incoming.recover` finishes intakes of dead
    processes (complete raw blob → IN_RECEIVED message, journal INTAKE_RECOVERED) or drops the
    half-written file (never acknowledged, so the intermediary still has it; INTAKE_ABANDONED).
    A message recovered before its MessageId was known gets it with
    ``assign_osci_message_id`` (a duplicate is merged). ``needing_processing()`` lists messages
    whose processing did not finish.

Send path (``store.outgoing``, an :class:`Outgoing`)::

    mid = store.outgoing.create_draft(DraftInfo(...)); update_draft / add_attachment / …
    store.outgoing.queue(mid)                               # OUT_DRAFT → OUT_QUEUED
    for mid in store.outgoing.due(): attempt = store.outgoing.start_sending(mid)  # OUT_SENDING
    store.outgoing.mark_sent(mid, osci_message_id=…, sent_at=…, raw=…, process_card=…)
    store.outgoing.mark_failed(mid, error_kind=…, error_text=…, retry_at=…)
    store.outgoing.interrupted()                            # OUT_SENDING left by a crash
    store.outgoing.find_by_local_ref(ref)                   # our id for idempotent sending

Reading and upkeep (``store.mailbox``, a :class:`Mailbox`): ``get``, ``list_folder``,
``search`` (FTS5, prefix words), ``attachments``, ``open_raw`` / ``open_content`` /
``open_attachment`` (verifying streaming readers), ``process_cards``, ``scan_results``,
``move_to_trash``, ``restore_from_trash``, ``purge``, ``mark_exported``, ``journal_entries``,
``verify_journal``. Store-wide: ``store.apply_retention(RetentionPolicy(...), confirm=hook)``,
``store.collect_garbage()``, ``store.backup(path)``, ``restore_backup(archive, paths,
password=…)``, ``store.change_password(old, new)``, ``store.set_recovery_certificate(cert)``.
Optional "remember the password": :class:`PasswordMemory` (OS secret stores only).

Every failure is a :class:`StoreError` subclass with named attributes (``client.store.errors``).
"""

from client.store.backup import BackupReport, RestoreReport
from client.store.blobs import BlobReader, BlobWriter
from client.store.errors import (
    AttachmentNotFound,
    AttachmentNotReleasable,
    BackupCorrupt,
    BackupError,
    BackupWrongPassword,
    BlobCorrupt,
    BlobMissing,
    ContentDeleted,
    InsecureKeyring,
    IntakeClosed,
    InvalidTransition,
    KeyFileCorrupt,
    MessageNotFound,
    NoRecoveryWrap,
    PasswordRejected,
    PasswordResetNotAllowed,
    RecoveryCertificateRejected,
    RecoveryKeyMismatch,
    RestoreTargetNotEmpty,
    RestoreVerificationFailed,
    SchemaTooNew,
    StoreBusy,
    StoreClosed,
    StoreCorrupt,
    StoreDiskError,
    StoreError,
    StoreExists,
    StoreNotFound,
    UnsupportedFormat,
    WrongPassword,
)
from client.store.incoming import Incoming, IncomingIntake
from client.store.journal import JournalEntry, JournalVerification
from client.store.keys import DESKTOP_SCRYPT, ScryptParams
from client.store.mailbox import Mailbox, SortKey
from client.store.model import (
    Actor,
    AttachmentRecord,
    BlobInfo,
    DraftInfo,
    IncomingRecorded,
    InspectionInfo,
    MessageMetadata,
    MessageRecord,
    MessageSummary,
    NewAttachment,
    PartyInfo,
    PartyRecord,
    ProcessCardInfo,
    ProcessCardRecord,
    RecoveryReport,
    ScanRecord,
    ScanResultRecord,
)
from client.store.outgoing import Outgoing
from client.store.remember import PasswordMemory
from client.store.restore import BackupHeader, read_backup_header, restore_backup
from client.store.retention import RetentionPolicy, RetentionReport
from client.store.schema import SCHEMA_VERSION
from client.store.spill import SpillFile
from client.store.states import (
    AttachmentKind,
    BlobKind,
    Direction,
    Folder,
    JournalAction,
    MessageState,
    PartyRole,
    ScanState,
    Verdict,
)
from client.store.store import MailboxStore

__all__ = [
    "DESKTOP_SCRYPT",
    "SCHEMA_VERSION",
    "Actor",
    "AttachmentKind",
    "AttachmentNotFound",
    "AttachmentNotReleasable",
    "AttachmentRecord",
    "BackupCorrupt",
    "BackupError",
    "BackupHeader",
    "BackupReport",
    "BackupWrongPassword",
    "BlobCorrupt",
    "BlobInfo",
    "BlobKind",
    "BlobMissing",
    "BlobReader",
    "BlobWriter",
    "ContentDeleted",
    "Direction",
    "DraftInfo",
    "Folder",
    "Incoming",
    "IncomingIntake",
    "IncomingRecorded",
    "InsecureKeyring",
    "InspectionInfo",
    "IntakeClosed",
    "InvalidTransition",
    "JournalAction",
    "JournalEntry",
    "JournalVerification",
    "KeyFileCorrupt",
    "Mailbox",
    "MailboxStore",
    "MessageMetadata",
    "MessageNotFound",
    "MessageRecord",
    "MessageState",
    "MessageSummary",
    "NewAttachment",
    "NoRecoveryWrap",
    "Outgoing",
    "PartyInfo",
    "PartyRecord",
    "PartyRole",
    "PasswordMemory",
    "PasswordRejected",
    "PasswordResetNotAllowed",
    "ProcessCardInfo",
    "ProcessCardRecord",
    "RecoveryCertificateRejected",
    "RecoveryKeyMismatch",
    "RecoveryReport",
    "RestoreReport",
    "RestoreTargetNotEmpty",
    "RestoreVerificationFailed",
    "RetentionPolicy",
    "RetentionReport",
    "ScanRecord",
    "ScanResultRecord",
    "ScanState",
    "SchemaTooNew",
    "ScryptParams",
    "SortKey",
    "SpillFile",
    "StoreBusy",
    "StoreClosed",
    "StoreCorrupt",
    "StoreDiskError",
    "StoreError",
    "StoreExists",
    "StoreNotFound",
    "UnsupportedFormat",
    "Verdict",
    "WrongPassword",
    "read_backup_header",
    "restore_backup",
]
