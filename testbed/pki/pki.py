"""The test PKI as one object: ``TestPki.create(folder)`` makes (or reuses) the complete set and
returns typed handles; ``TestPki.load(folder)`` only reads one.

Reuse rules (decision record 0201): a folder whose manifest has the current format, the current
catalogue digest, an anchor younger than :data:`RENEW_AFTER` and all files present is loaded as
it is. Otherwise every certificate is issued anew with today's anchor, reusing the keys already
in the folder or in the key cache. Concurrent ``create`` calls on one folder are serialised by a
lock file, so two services started together never write half a PKI.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509

from profiles.paths import ensure_private_dir
from testbed.pki import generator
from testbed.pki.catalogue import MAILBOXES, mailbox
from testbed.pki.keys import KeySource
from testbed.pki.model import Authority, CaRole, Credential, Kind, MailboxCredentials, PkiError
from testbed.pki.revocation import CaIndex, Revocation, locked

logger = logging.getLogger(__name__)

RENEW_AFTER = timedelta(days=30)


def _anchor(now: datetime) -> datetime:
    return now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    fd = os.open(folder / ".pki.lock", os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


class TestPki:
    """Handles to every certificate of a test PKI folder."""

    __test__ = False  # not a pytest test class, despite the name

    def __init__(self, folder: Path, manifest: dict[str, Any]) -> None:
        self.folder = folder
        self.anchor = datetime.fromisoformat(manifest["anchor"]).replace(tzinfo=UTC)
        self._credentials: dict[str, Credential] = {}
        for label, entry in manifest["credentials"].items():
            self._credentials[label] = self._credential(label, entry)
        for label, credential in self._credentials.items():
            if credential.issuer is not None:
                issuer = self._credentials[credential.issuer].certificate
                self._credentials[label] = replace(credential, chain=(issuer,))
        self._authorities = {
            label: Authority(
                label=label,
                role=CaRole(entry["role"]),
                credential=self._credentials[entry["credential"]],
                index_path=folder / entry["index"],
                trust_anchor=bool(entry["trust_anchor"]),
                ocsp=self._credentials[entry["ocsp"]] if entry["ocsp"] else None,
            )
            for label, entry in manifest["authorities"].items()
        }

    def _credential(self, label: str, entry: dict[str, Any]) -> Credential:
        cert_path = self.folder / entry["cert"]
        try:
            cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        except (OSError, ValueError) as exc:
            raise PkiError(folder=self.folder, reason=f"{entry['cert']}: {exc}") from exc
        return Credential(
            label=label,
            kind=Kind(entry["kind"]),
            certificate=cert,
            cert_path=cert_path,
            key_path=self.folder / entry["key"],
            p12_path=self.folder / entry["p12"] if entry["p12"] else None,
            pin=entry["pin"],
            issuer=entry["issuer"],
        )

    # ------------------------------------------------------------------ making and loading

    @classmethod
    def create(
        cls, folder: Path, *, key_cache: Path | None = None, now: datetime | None = None
    ) -> TestPki:
        """The complete PKI in ``folder``: reused when current, else (re)issued."""
        moment = now or datetime.now(UTC)
        ensure_private_dir(folder)
        with _folder_lock(folder):
            manifest = _current_manifest(folder, moment)
            if manifest is None:
                keys = KeySource(key_cache)
                writer = generator.Writer(folder, keys, _anchor(moment))
                manifest = writer.run({"created": moment.isoformat()})
                generator.write_manifest(folder, manifest)
                logger.info(
                    "test PKI written to %s (%d credentials, %d new keys)",
                    folder,
                    len(manifest["credentials"]),
                    keys.generated,
                )
            return cls(folder, manifest)

    @classmethod
    def load(cls, folder: Path) -> TestPki:
        """An existing PKI; raises :class:`PkiError` when there is none or it is incomplete."""
        manifest = _read_manifest(folder)
        if manifest is None:
            raise PkiError(folder=folder, reason="no pki.json (run: python -m testbed pki)")
        missing = _missing_files(folder, manifest)
        if missing:
            raise PkiError(folder=folder, reason=f"missing file {missing}")
        return cls(folder, manifest)

    # ------------------------------------------------------------------ handles

    def credential(self, label: str) -> Credential:
        try:
            return self._credentials[label]
        except KeyError:
            raise PkiError(folder=self.folder, reason=f"no credential {label!r}") from None

    @property
    def credentials(self) -> tuple[Credential, ...]:
        return tuple(self._credentials.values())

    def authority(self, label: str) -> Authority:
        try:
            return self._authorities[label]
        except KeyError:
            raise PkiError(folder=self.folder, reason=f"no authority {label!r}") from None

    @property
    def authorities(self) -> tuple[Authority, ...]:
        return tuple(self._authorities.values())

    def trust_anchors(self) -> tuple[Authority, ...]:
        return tuple(a for a in self._authorities.values() if a.trust_anchor)

    def mailbox(self, label: str) -> MailboxCredentials:
        entry = mailbox(label)
        vhn = self._credentials.get(f"{label}-vhn")
        return MailboxCredentials(entry, self.credential(label), vhn)

    def mailboxes(self) -> tuple[MailboxCredentials, ...]:
        return tuple(self.mailbox(m.label) for m in MAILBOXES)

    @property
    def intermediary_cipher(self) -> Credential:
        return self.credential(generator.INTERMEDIARY_CIPHER)

    @property
    def intermediary_signature(self) -> Credential:
        return self.credential(generator.INTERMEDIARY_SIGNATURE)

    @property
    def vhn_ca_bebpo(self) -> Authority:
        return self.authority(generator.VHN_CA_BEBPO)

    @property
    def vhn_ca_justiz(self) -> Authority:
        return self.authority(generator.VHN_CA_JUSTIZ)

    @property
    def verwaltung_ca(self) -> Authority:
        return self.authority(generator.VERWALTUNG_CA)

    @property
    def foreign_ca(self) -> Authority:
        return self.authority(generator.FOREIGN_CA)

    @property
    def revoked(self) -> Credential:
        """A CA-issued encryption certificate that is revoked (mailbox ``test-widerrufen``)."""
        return self.credential("test-widerrufen")

    @property
    def expired(self) -> Credential:
        """A self-signed encryption certificate that expired (mailbox ``test-abgelaufen``)."""
        return self.credential("test-abgelaufen")

    @property
    def revoked_vhn(self) -> Credential:
        return self.credential(generator.REVOKED_VHN)

    @property
    def expired_vhn(self) -> Credential:
        return self.credential(generator.EXPIRED_VHN)

    @property
    def weak(self) -> Credential:
        """A self-signed RSA-2048 encryption certificate (below the 3,072-bit policy)."""
        return self.credential(generator.WEAK)

    @property
    def foreign(self) -> Credential:
        """A certificate issued by a CA that is no trust anchor."""
        return self.credential(generator.FOREIGN)

    # ------------------------------------------------------------------ revocation

    def revoke(
        self,
        label: str,
        *,
        reason: x509.ReasonFlags = x509.ReasonFlags.key_compromise,
        when: datetime | None = None,
    ) -> Revocation:
        """Revoke a CA-issued certificate (what a CA operator does); OCSP says so at once."""
        credential = self.credential(label)
        if credential.issuer is None:
            raise PkiError(folder=self.folder, reason=f"{label} is self-signed: no revocation")
        authority = self.authority(credential.issuer)
        revocation = Revocation(when or datetime.now(UTC).replace(microsecond=0), reason)
        with locked(authority.index_path):
            index = CaIndex.load(authority.index_path)
            index.revoked[credential.certificate.serial_number] = revocation
            index.save(authority.index_path)
        logger.info(
            "revoked %s (serial %x) at %s",
            label,
            credential.certificate.serial_number,
            revocation.time.isoformat(),
        )
        return revocation


def _read_manifest(folder: Path) -> dict[str, Any] | None:
    path = folder / generator.MANIFEST
    try:
        data: dict[str, Any] = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if data.get("format_version") != generator.FORMAT_VERSION:
        return None
    return data


def _missing_files(folder: Path, manifest: dict[str, Any]) -> str | None:
    for entry in manifest["credentials"].values():
        for key in ("cert", "key", "p12"):
            if entry.get(key) and not (folder / entry[key]).is_file():
                return str(entry[key])
    for entry in manifest["authorities"].values():
        if not (folder / entry["index"]).is_file():
            return str(entry["index"])
    return None


def _current_manifest(folder: Path, now: datetime) -> dict[str, Any] | None:
    manifest = _read_manifest(folder)
    if manifest is None:
        return None
    if manifest.get("catalogue") != generator.catalogue_digest():
        logger.info("test PKI in %s was made for another catalogue: issuing anew", folder)
        return None
    anchor = datetime.fromisoformat(manifest["anchor"]).replace(tzinfo=UTC)
    if not anchor <= now < anchor + RENEW_AFTER:
        logger.info("test PKI in %s is from %s: issuing anew", folder, anchor.date())
        return None
    if _missing_files(folder, manifest) is not None:
        return None
    return manifest
