"""The directory's first content: every mailbox of the testbed world (``testbed.pki.catalogue``)
with the certificate the test PKI issued for it, roles confirmed (courts ``egvp_justiz``,
authorities ``egvp_bebpo``). Seeding happens once per data folder; later starts keep what is
there, including registrations and confirmations."""

from __future__ import annotations

from datetime import datetime

from testbed.directory.store import DirectoryStore, EntryRecord, RoleState
from testbed.pki import MailboxCredentials, TestPki


def seed_record(credentials: MailboxCredentials) -> EntryRecord:
    box = credentials.mailbox
    card = {
        "Organisation": box.organisation,
        "Organisationszusatz": box.organisationszusatz,
        "Anrede": box.anrede,
        "Titel": "",
        "Vorname": box.vorname,
        "Name": box.name,
        "Strasse": box.strasse,
        "Hausnummer": box.hausnummer,
        "Postleitzahl": box.postleitzahl,
        "Ort": box.ort,
        "Bundesland": box.bundesland,
        "Land": "DE",
        "E-Mail": box.e_mail,
        "Mobiltelefon": "",
        "Telefon": box.telefon,
        "Fax": box.fax,
        "Externe_ID": "",
    }
    # The entry is as old as its certificate: that is when EGVP created the mailbox.
    created = credentials.cipher.certificate.not_valid_before_utc
    return EntryRecord(
        safe_id=box.safe_id,
        card=card,
        certificate=credentials.cipher.der,
        role_id=box.role,
        role_state=RoleState.CONFIRMED,
        created=created,
        modified=created,
    )


def seed(store: DirectoryStore, pki: TestPki, now: datetime) -> int:
    """Seed an empty store; returns the number of entries added (0 when already seeded)."""
    records = [seed_record(m) for m in pki.mailboxes()]
    return len(records) if store.seed(records, now) else 0
