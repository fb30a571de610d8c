"""The one entry point: create, open (password or recovery key), and the store-wide operations.

Layout of ``<working directory>/store/`` (all folders ``0700``, files ``0600``)::

    key.password.json     the master key wrapped by the mailbox password (scrypt + AES-256-GCM)
    key.recovery.json     optional: the master key wrapped to an authority's certificate
    mailbox.db            SQLCipher 4 database (+ -wal, -shm)
    blobs/ab/ab….blob     AES-256-GCM chunked blobs; blobs/.tmp/ for blobs being written
    owners/<token>.lock   one OS-locked file per open instance (crash recovery, see _owner)
    tmp/                  backup snapshots while a backup runs

The key file is written first: its presence is what "a store exists here" means. A crash during
:meth:`MailboxStore.create` after it leaves an empty store that the next open completes.
"""

from __future__ import annotations

import contextlib
import logging
import time
from pathlib import Path
from types import TracebackType

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa

from client.store import backup as _backup
from client.store._context import StoreContext
from client.store._owner import OwnerLock
from client.store.blobs import STALE_TMP_S, BlobStore, BlobWriter
from client.store.db import DEFAULT_BUSY_TIMEOUT_S, Connection, Database
from client.store.errors import (
    PasswordResetNotAllowed,
    StoreCorrupt,
    StoreExists,
    WrongPassword,
)
from client.store.incoming import Incoming
from client.store.journal import JournalVerification
from client.store.keys import (
    DESKTOP_SCRYPT,
    KeyFiles,
    MasterKey,
    ScryptParams,
    certificate_sha256,
    check_new_password,
)
from client.store.mailbox import Mailbox
from client.store.model import Actor, Clock, RecoveryReport, utc_now
from client.store.outgoing import Outgoing
from client.store.retention import ConfirmRetention, RetentionPolicy, RetentionReport
from client.store.retention import apply_retention as _apply_retention
from client.store.schema import SCHEMA_VERSION, Migration, migrate
from client.store.states import JournalAction
from profiles.lock import operation_lock
from profiles.paths import WorkdirPaths

logger = logging.getLogger(__name__)

DB_FILE = _backup.DB_FILE
BLOBS_FOLDER = "blobs"
_CREATE_LOCK = "store-create"


class MailboxStore:
    """An open, unlocked store. Obtain one with :meth:`create`, :meth:`open` or
    :meth:`open_with_recovery_key`; close it (or use ``with``)."""

    def __init__(
        self,
        *,
        paths: WorkdirPaths,
        keys: KeyFiles,
        master: MasterKey,
        ctx: StoreContext,
        owner: OwnerLock,
        via_recovery: bool,
        migrations: tuple[int, ...],
    ) -> None:
        self.paths = paths
        self._keys = keys
        self._master = master
        self._ctx = ctx
        self._owner = owner
        self._via_recovery = via_recovery
        self.migrations_applied = migrations
        self.incoming = Incoming(ctx)
        self.outgoing = Outgoing(ctx)
        self.mailbox = Mailbox(ctx)
        self.recovery = RecoveryReport()

    # ------------------------------------------------------------ opening

    @staticmethod
    def exists(paths: WorkdirPaths) -> bool:
        return KeyFiles(paths.store).exists()

    @staticmethod
    def read_store_id(paths: WorkdirPaths) -> str:
        """The store's public id (for :class:`PasswordMemory`), readable without the password."""
        return KeyFiles(paths.store).store_id()

    @classmethod
    def create(
        cls,
        paths: WorkdirPaths,
        password: str,
        *,
        actor: Actor | None = None,
        clock: Clock = utc_now,
        scrypt: ScryptParams = DESKTOP_SCRYPT,
        recovery_certificate: x509.Certificate | None = None,
        busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S,
    ) -> MailboxStore:
        """A new, empty store in ``paths.store`` (:class:`StoreExists` if there is one)."""
        check_new_password(password)
        paths.create()
        keys = KeyFiles(paths.store)
        with operation_lock(paths, _CREATE_LOCK, timeout=busy_timeout_s, program="bebpo-store"):
            if keys.exists() or (paths.store / DB_FILE).exists():
                raise StoreExists(folder=paths.store)
            master = MasterKey.generate()
            keys.write_password_wrap(master, password, scrypt, now=clock())
            if recovery_certificate is not None:
                keys.write_recovery_wrap(master, recovery_certificate, now=clock())
        store = cls._open_unlocked(
            paths, keys, master, actor, clock, busy_timeout_s, via_recovery=False
        )
        if recovery_certificate is not None:
            store._journal_recovery_certificate(recovery_certificate)
        return store

    @classmethod
    def open(
        cls,
        paths: WorkdirPaths,
        password: str,
        *,
        actor: Actor | None = None,
        clock: Clock = utc_now,
        busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S,
    ) -> MailboxStore:
        """Unlock with the mailbox password (:class:`WrongPassword`, :class:`StoreNotFound`)."""
        keys = KeyFiles(paths.store)
        master = keys.unlock(password)
        return cls._open_unlocked(
            paths, keys, master, actor, clock, busy_timeout_s, via_recovery=False
        )

    @classmethod
    def open_with_recovery_key(
        cls,
        paths: WorkdirPaths,
        private_key: rsa.RSAPrivateKey,
        *,
        actor: Actor | None = None,
        clock: Clock = utc_now,
        busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S,
    ) -> MailboxStore:
        """Unlock with the authority's recovery key; then :meth:`reset_password` is allowed."""
        keys = KeyFiles(paths.store)
        master = keys.unlock_with_recovery_key(private_key)
        return cls._open_unlocked(
            paths, keys, master, actor, clock, busy_timeout_s, via_recovery=True
        )

    @classmethod
    def _open_unlocked(
        cls,
        paths: WorkdirPaths,
        keys: KeyFiles,
        master: MasterKey,
        actor: Actor | None,
        clock: Clock,
        busy_timeout_s: float,
        *,
        via_recovery: bool,
    ) -> MailboxStore:
        folder = paths.store
        db_path = folder / DB_FILE
        blobs_folder = folder / BLOBS_FOLDER
        if not db_path.exists() and _has_blob_files(blobs_folder):
            raise StoreCorrupt(path=db_path, reason="the database is missing, blobs exist")
        db = Database(db_path, master.database_key(), busy_timeout_s=busy_timeout_s)
        owner: OwnerLock | None = None
        try:
            owner = OwnerLock(folder)
            ctx = StoreContext(
                paths=paths,
                db=db,
                blobs=BlobStore(blobs_folder, master.blob_root_key()),
                actor=actor or Actor.current(),
                clock=clock,
                anchor=master.journal_anchor(),
                owner=owner.token,
            )
            applied = migrate(db, on_applied=lambda c, old, todo: _migrated(ctx, c, old, todo))
            _check_meta(db, master)
            store = cls(
                paths=paths,
                keys=keys,
                master=master,
                ctx=ctx,
                owner=owner,
                via_recovery=via_recovery,
                migrations=tuple(m.version for m in applied),
            )
            with db.write() as conn:
                action = (
                    JournalAction.UNLOCKED_WITH_RECOVERY if via_recovery else JournalAction.UNLOCKED
                )
                ctx.journal(conn, action, details={"schema": SCHEMA_VERSION})
            store.recovery = store.incoming.recover()
        except BaseException:
            db.close()
            if owner is not None:
                owner.release()
            raise
        if store.recovery.anything:
            logger.info(
                "Store %s: recovered %d, dropped %d unfinished deliveries of a crashed run.",
                master.store_id,
                len(store.recovery.recovered),
                len(store.recovery.abandoned),
            )
        return store

    # ------------------------------------------------------------ facts

    @property
    def store_id(self) -> str:
        return self._master.store_id

    @property
    def key_id(self) -> str:
        return self._master.key_id

    @property
    def actor(self) -> Actor:
        return self._ctx.actor

    def set_actor(self, actor: Actor) -> None:
        """Who acts from now on (e.g. after the person on a functional account changed)."""
        self._ctx.actor = actor

    def schema_version(self) -> int:
        with self._ctx.db.read() as conn:
            return self._ctx.db.user_version(conn)

    # ------------------------------------------------------------ blobs

    def blob_writer(self) -> BlobWriter:
        """For a push-style producer of a big part: write, ``finish()``, then give the returned
        :class:`BlobInfo` to ``add_attachment`` / ``record_decrypted`` / ``mark_sent``. A blob
        never handed over is removed by :meth:`collect_garbage`."""
        return self._ctx.blobs.writer()

    # ------------------------------------------------------------ keys

    def change_password(
        self, old_password: str, new_password: str, *, scrypt: ScryptParams | None = None
    ) -> None:
        """Re-wrap the master key under a new password; no message is touched."""
        if not self._keys.unlock(old_password).same_as(self._master):
            raise WrongPassword(path=self._keys.password_path)
        self._rewrap(new_password, scrypt, reset=False)

    def reset_password(self, new_password: str, *, scrypt: ScryptParams | None = None) -> None:
        """Set a new password without the old one: only after :meth:`open_with_recovery_key`."""
        if not self._via_recovery:
            raise PasswordResetNotAllowed()
        self._rewrap(new_password, scrypt, reset=True)

    def _rewrap(self, password: str, scrypt: ScryptParams | None, *, reset: bool) -> None:
        params = scrypt or self._keys.password_params()
        self._keys.write_password_wrap(self._master, password, params, now=self._ctx.now())
        with self._ctx.db.write() as conn:
            self._ctx.journal(conn, JournalAction.PASSWORD_CHANGED, details={"reset": reset})
        logger.info("The password of store %s was changed.", self.store_id)

    def recovery_certificate(self) -> x509.Certificate | None:
        return self._keys.recovery_certificate()

    def set_recovery_certificate(self, certificate: x509.Certificate) -> None:
        self._keys.write_recovery_wrap(self._master, certificate, now=self._ctx.now())
        self._journal_recovery_certificate(certificate)

    def _journal_recovery_certificate(self, certificate: x509.Certificate) -> None:
        with self._ctx.db.write() as conn:
            self._ctx.journal(
                conn,
                JournalAction.RECOVERY_CERTIFICATE_SET,
                details={"certificate_sha256": certificate_sha256(certificate)},
            )

    def remove_recovery_certificate(self) -> bool:
        removed = self._keys.remove_recovery_wrap()
        if removed:
            with self._ctx.db.write() as conn:
                self._ctx.journal(conn, JournalAction.RECOVERY_CERTIFICATE_REMOVED)
        return removed

    # ------------------------------------------------------------ upkeep

    def apply_retention(
        self,
        policy: RetentionPolicy,
        *,
        dry_run: bool = False,
        confirm: ConfirmRetention | None = None,
    ) -> RetentionReport:
        return _apply_retention(self._ctx, policy, dry_run=dry_run, confirm=confirm)

    def collect_garbage(self, *, older_than_s: float = STALE_TMP_S) -> int:
        """Delete blob files no row refers to (left by a crash between writing a blob and its
        transaction) once they are older than ``older_than_s``, plus queued discarded blobs and
        stale temporary files. Returns how many files went. Cheap enough for the daily run."""
        removed = self._ctx.sweep_blob_trash() + self._ctx.blobs.clean_stale_tmp()
        limit = time.time() - older_than_s
        with self._ctx.db.read() as conn:
            known = {str(r[0]) for r in conn.execute("SELECT id FROM blobs")}
            known.update(str(r[0]) for r in conn.execute("SELECT blob_id FROM intake"))
        orphans = 0
        for blob_id in list(self._ctx.blobs.ids_on_disk()):
            if blob_id in known:
                continue
            path = self._ctx.blobs.path(blob_id)
            with contextlib.suppress(FileNotFoundError):
                if path.stat().st_mtime < limit:
                    # Checked again: a blob committed since the snapshot above must stay.
                    with self._ctx.db.read() as conn:
                        if conn.execute(
                            "SELECT 1 FROM blobs WHERE id = ? UNION SELECT 1 FROM intake"
                            " WHERE blob_id = ?",
                            (blob_id, blob_id),
                        ).fetchone():
                            continue
                    path.unlink()
                    orphans += 1
        if orphans:
            with self._ctx.db.write() as conn:
                self._ctx.journal(
                    conn, JournalAction.GARBAGE_COLLECTED, details={"orphan_blobs": orphans}
                )
            logger.info("Removed %d blob files without a record.", orphans)
        return removed + orphans

    def backup(self, target: Path) -> _backup.BackupReport:
        """A consistent, encrypted backup of the whole working directory into the new file
        ``target`` (opens later with the password of *now*, or the recovery key)."""
        return _backup.create_backup(
            self._ctx, self._master, self._keys, target, schema_version=SCHEMA_VERSION
        )

    def verify_journal(self) -> JournalVerification:
        return self.mailbox.verify_journal()

    # ------------------------------------------------------------ closing

    def close(self) -> None:
        self._ctx.db.close()
        self._owner.release()

    def __enter__(self) -> MailboxStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"MailboxStore({self.paths.store}, store_id={self.store_id})"


def _has_blob_files(folder: Path) -> bool:
    if not folder.is_dir():
        return False
    for shard in folder.iterdir():
        if shard.is_dir() and shard.name != ".tmp" and any(shard.iterdir()):
            return True
    return False


def _migrated(ctx: StoreContext, conn: Connection, old: int, applied: list[Migration]) -> None:
    if old == 0:
        ctx.journal(conn, JournalAction.STORE_CREATED, details={"schema": applied[-1].version})
        return
    ctx.journal(
        conn,
        JournalAction.SCHEMA_MIGRATED,
        details={"from": old, "to": applied[-1].version},
    )


def _check_meta(db: Database, master: MasterKey) -> None:
    """The database belongs to this key: ``meta`` names the store and key id (written once)."""
    with db.read() as conn:
        rows = {str(r[0]): str(r[1]) for r in conn.execute("SELECT key, value FROM meta")}
    if not rows:
        with db.write() as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                [("store_id", master.store_id), ("key_id", master.key_id)],
            )
            rows = {str(r[0]): str(r[1]) for r in conn.execute("SELECT key, value FROM meta")}
    if rows.get("store_id") != master.store_id or rows.get("key_id") != master.key_id:
        raise StoreCorrupt(path=db.path, reason="the database belongs to another store")
