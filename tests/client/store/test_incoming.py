"""The receive path: durable, idempotent ingestion; processing steps; crash recovery."""

from __future__ import annotations

import gc
import hashlib
import io
import os
import signal
import subprocess
import sys
import textwrap
import tracemalloc
from pathlib import Path

import pytest

from client.store import (
    AttachmentKind,
    ContentDeleted,
    DraftInfo,
    IntakeClosed,
    InvalidTransition,
    JournalAction,
    MailboxStore,
    MessageNotFound,
    MessageState,
    NewAttachment,
    ScanRecord,
    ScanState,
    Verdict,
)
from client.store.blobs import TMP_FOLDER
from profiles.paths import WorkdirPaths
from tests.client.store.conftest import PASSWORD, REPO_ROOT, reopen
from tests.client.store.helpers import GeneratedStream, MiB, metadata, read, store_message


def _blob_files(paths: WorkdirPaths) -> list[Path]:
    return list((paths.store / "blobs").rglob("*.blob"))


def test_record_is_durable_and_idempotent(store: MailboxStore) -> None:
    first = store.incoming.record("osci-1", b"raw osci bytes")
    assert first.created
    again = store.incoming.record("osci-1", b"raw osci bytes")
    assert not again.created
    assert again.message_id == first.message_id
    assert again.raw == first.raw
    record = store.mailbox.get(first.message_id)
    assert record.state is MessageState.IN_RECEIVED
    assert record.raw_blob is not None
    assert record.raw_blob.sha256 == hashlib.sha256(b"raw osci bytes").hexdigest()
    assert store.incoming.find("osci-1") == first.message_id
    assert store.incoming.needing_processing() == [first.message_id]
    actions = [e.action for e in store.mailbox.journal_entries(message_id=first.message_id)]
    assert actions == [JournalAction.MESSAGE_RECEIVED, JournalAction.DUPLICATE_RECEIVED]
    assert store.incoming.pending_intakes() == 0


def test_record_streams_from_a_file_like_source(store: MailboxStore) -> None:
    data = os.urandom(3 * (1 << 20) + 17)
    rec = store.incoming.record("osci-big", io.BytesIO(data))
    assert rec.raw.size == len(data)
    assert read(store.mailbox.open_raw(rec.message_id)) == data


def test_begin_write_finish_with_the_id_known_only_at_the_end(store: MailboxStore) -> None:
    with store.incoming.begin() as intake:
        assert store.incoming.pending_intakes() == 1
        for piece in (b"<soap>", b"x" * 100_000, b"</soap>"):
            intake.write(piece)
        rec = intake.finish("osci-late-id")
    assert rec.created
    assert store.mailbox.get(rec.message_id).osci_message_id == "osci-late-id"
    assert store.incoming.pending_intakes() == 0
    with pytest.raises(IntakeClosed):
        intake.write(b"more")


def test_an_aborted_intake_leaves_nothing(store: MailboxStore, paths: WorkdirPaths) -> None:
    def broken_download() -> None:
        with store.incoming.begin("osci-x") as intake:
            intake.write(b"partial")
            raise ConnectionError("peer went away")

    with pytest.raises(ConnectionError):
        broken_download()
    assert store.incoming.pending_intakes() == 0
    assert store.incoming.find("osci-x") is None
    assert _blob_files(paths) == []
    assert list((paths.store / "blobs" / TMP_FOLDER).iterdir()) == []


def test_a_duplicate_intake_keeps_one_copy(store: MailboxStore, paths: WorkdirPaths) -> None:
    store.incoming.record("osci-1", b"first")
    with store.incoming.begin() as intake:
        intake.write(b"second copy")
        rec = intake.finish("osci-1")
    assert not rec.created
    assert len(_blob_files(paths)) == 1


def test_processing_steps_record_everything(store: MailboxStore) -> None:
    stored = store_message(
        store, "osci-1", documents=(("Klage.pdf", b"%PDF a"), ("Anlage K1.pdf", b"%PDF b"))
    )
    record = store.mailbox.get(stored.message_id)
    assert record.state is MessageState.IN_PROCESSED
    assert record.betreff == "Klage wegen Mietzahlung"
    assert record.sender == "Amtsgericht Musterstadt"
    assert record.signature_verdict is Verdict.VALID
    assert record.content_blob is not None
    assert read(store.mailbox.open_content(stored.message_id)) == stored.content
    cards = store.mailbox.process_cards(stored.message_id)
    assert len(cards) == 1
    assert cards[0].inspections[0].verdict is Verdict.VALID
    attachments = store.mailbox.attachments(stored.message_id)
    assert [a.original_name for a in attachments] == ["Klage.pdf", "Anlage K1.pdf"]
    assert [a.position for a in attachments] == [0, 1]
    assert all(a.scan_state is ScanState.OK for a in attachments)
    assert read(store.mailbox.open_attachment(attachments[1].id)) == b"%PDF b"
    scans = store.mailbox.scan_results(attachments[0].id)
    assert scans[-1].engine == "ClamAV"
    parties = store.mailbox.parties(stored.message_id)
    assert {p.safe_id for p in parties} == {"DE.Justiz.abc.1234", "DE.BRAK.x.9"}
    assert store.incoming.needing_processing() == []


def test_attachments_stay_in_quarantine_until_scanned_ok(store: MailboxStore) -> None:
    stored = store_message(store, "osci-1", scan=None)
    attachment = stored.attachments[0]
    assert attachment.scan_state is ScanState.UNSCANNED
    assert not attachment.releasable
    assert [a.id for a in store.mailbox.quarantine()] == [attachment.id]
    summary = store.mailbox.list_folder(store.mailbox.get(stored.message_id).folder)[0]
    assert summary.quarantined_count == 1
    scan = ScanRecord(verdict=ScanState.INDETERMINATE, engine="ClamAV", reason=2)
    store.incoming.record_scan(attachment.id, scan)
    assert [a.id for a in store.mailbox.quarantine()] == [attachment.id]
    store.incoming.record_scan(attachment.id, ScanRecord(verdict=ScanState.OK, engine="ClamAV"))
    assert store.mailbox.quarantine() == []
    assert store.mailbox.attachment(attachment.id).releasable
    verdicts = [s.verdict for s in store.mailbox.scan_results(attachment.id)]
    assert verdicts == [ScanState.INDETERMINATE, ScanState.OK]


def test_a_failed_message_keeps_its_raw_bytes_and_others_go_on(store: MailboxStore) -> None:
    bad = store.incoming.record("osci-bad", b"undecryptable")
    good = store_message(store, "osci-good")
    store.incoming.mark_failed(
        bad.message_id, error_kind="DecryptionFailed", error_text="Entschlüsselung misslang"
    )
    record = store.mailbox.get(bad.message_id)
    assert record.state is MessageState.IN_FAILED
    assert record.error_text == "Entschlüsselung misslang"
    assert read(store.mailbox.open_raw(bad.message_id)) == b"undecryptable"
    assert store.mailbox.get(good.message_id).state is MessageState.IN_PROCESSED
    summaries = store.mailbox.list_folder(record.folder)
    assert {s.id: s.has_error for s in summaries} == {bad.message_id: True, good.message_id: False}


def test_restart_processing_drops_derived_data(store: MailboxStore, paths: WorkdirPaths) -> None:
    stored = store_message(store, "osci-1")
    assert len(_blob_files(paths)) == 3  # raw, content, attachment
    store.incoming.restart_processing(stored.message_id)
    record = store.mailbox.get(stored.message_id)
    assert record.state is MessageState.IN_RECEIVED
    assert record.content_blob is None
    assert store.mailbox.attachments(stored.message_id) == []
    assert store.mailbox.process_cards(stored.message_id) == []
    assert len(_blob_files(paths)) == 1
    assert read(store.mailbox.open_raw(stored.message_id)) == stored.raw
    assert store.incoming.needing_processing() == [stored.message_id]


def test_scans_of_deleted_content_and_outgoing_metadata_are_refused(store: MailboxStore) -> None:
    stored = store_message(store, "osci-1", scan=ScanState.INFECTED)
    attachment = stored.attachments[0]
    store.mailbox.delete_attachment_content(attachment.id, reason="Schadsoftware")
    with pytest.raises(ContentDeleted):
        store.incoming.record_scan(attachment.id, ScanRecord(ScanState.OK, engine="ClamAV"))
    draft = store.outgoing.create_draft(DraftInfo(betreff="x"))
    with pytest.raises(InvalidTransition):
        store.incoming.set_metadata(draft, metadata())


def test_add_attachment_to_unknown_message_leaves_no_blob(
    store: MailboxStore, paths: WorkdirPaths
) -> None:
    with pytest.raises(MessageNotFound):
        store.incoming.add_attachment(
            999, NewAttachment("a.pdf", "a.pdf", kind=AttachmentKind.DOCUMENT), b"data"
        )
    assert _blob_files(paths) == []


# ---------------------------------------------------------------- crash recovery

_CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from client.store import MailboxStore
    from client.store import incoming
    from profiles.paths import WorkdirPaths

    root, password, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    store = MailboxStore.open(WorkdirPaths(Path(root)), password)
    intake = store.incoming.begin("osci-crash" if mode != "unknown-id" else "")
    for i in range(40):
        intake.write(bytes([i]) * 65536)
    if mode == "mid-stream":
        os.kill(os.getpid(), signal.SIGKILL)
    # Die after the blob is durable but before the message row commits.
    incoming.Incoming._complete_intake = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)
    intake.finish("osci-crash")
    """
)


def _crash(paths: WorkdirPaths, mode: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(paths.root), PASSWORD, mode],
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr.decode()


_EXPECTED = b"".join(bytes([i]) * 65536 for i in range(40))


def test_a_crash_after_the_bytes_are_durable_is_recovered_at_open(
    store: MailboxStore, paths: WorkdirPaths
) -> None:
    store.close()
    _crash(paths, "after-blob")
    with reopen(paths) as again:
        assert len(again.recovery.recovered) == 1
        rec = again.recovery.recovered[0]
        assert again.incoming.find("osci-crash") == rec.message_id
        assert again.mailbox.get(rec.message_id).state is MessageState.IN_RECEIVED
        assert read(again.mailbox.open_raw(rec.message_id)) == _EXPECTED
        assert again.incoming.needing_processing() == [rec.message_id]
        actions = [e.action for e in again.mailbox.journal_entries(message_id=rec.message_id)]
        assert JournalAction.INTAKE_RECOVERED in actions
        assert again.incoming.pending_intakes() == 0
        assert again.verify_journal().ok
    # The intermediary hands the unacknowledged delivery out again: it is recognised.
    with reopen(paths) as again:
        assert again.recovery.recovered == ()
        assert not again.incoming.record("osci-crash", _EXPECTED).created
    assert not list((paths.store / "owners").glob("*.lock"))


def test_a_crash_with_the_id_not_yet_known_is_recovered_without_it(
    store: MailboxStore, paths: WorkdirPaths
) -> None:
    store.close()
    _crash(paths, "unknown-id")
    with reopen(paths) as again:
        (rec,) = again.recovery.recovered
        assert again.mailbox.get(rec.message_id).osci_message_id == ""
        assert again.incoming.assign_osci_message_id(rec.message_id, "osci-crash") == (
            rec.message_id
        )


def test_a_crash_mid_stream_is_dropped_cleanly(store: MailboxStore, paths: WorkdirPaths) -> None:
    store.close()
    _crash(paths, "mid-stream")
    assert list((paths.store / "blobs" / TMP_FOLDER).iterdir())  # the half-written file
    with reopen(paths) as again:
        assert again.recovery.recovered == ()
        assert again.recovery.abandoned == ("osci-crash",)
        assert again.incoming.find("osci-crash") is None
        assert again.incoming.pending_intakes() == 0
        entries = again.mailbox.journal_entries(action=JournalAction.INTAKE_ABANDONED)
        assert [e.osci_message_id for e in entries] == ["osci-crash"]
    assert list((paths.store / "blobs" / TMP_FOLDER).iterdir()) == []
    assert _blob_files(paths) == []


def test_a_live_instance_s_intake_is_not_recovered_by_a_second_one(
    store: MailboxStore, paths: WorkdirPaths
) -> None:
    intake = store.incoming.begin("osci-live")
    intake.write(b"streaming")
    with reopen(paths) as second:
        assert second.recovery.recovered == ()
        assert second.recovery.abandoned == ()
        assert second.incoming.pending_intakes() == 1
    rec = intake.finish()
    assert rec.created
    assert store.incoming.pending_intakes() == 0


def test_two_recovered_copies_of_one_delivery_are_merged(
    store: MailboxStore, paths: WorkdirPaths
) -> None:
    store.close()
    _crash(paths, "unknown-id")
    _crash(paths, "unknown-id")
    with reopen(paths) as again:
        # The second child's own open already recovered the first crash's delivery.
        first, second = again.incoming.needing_processing()
        assert again.incoming.assign_osci_message_id(first, "osci-7") == first
        assert again.incoming.assign_osci_message_id(second, "osci-7") == first
        assert again.incoming.find("osci-7") == first
        assert len(_blob_files(paths)) == 1
        assert again.verify_journal().ok


@pytest.mark.slow
def test_a_200_mb_delivery_streams_through_the_store_with_bounded_memory(
    store: MailboxStore,
) -> None:
    size = 200 * 1000 * 1000
    source = GeneratedStream(size, seed=3)
    gc.collect()
    tracemalloc.start()
    try:
        rec = store.incoming.record("osci-200mb", source)
        _, write_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        sha = hashlib.sha256()
        with store.mailbox.open_raw(rec.message_id) as reader:
            while data := reader.read(MiB):
                sha.update(data)
        _, read_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert rec.raw.size == size
    assert rec.raw.sha256 == source.sha.hexdigest() == sha.hexdigest()
    assert write_peak < 16 * MiB, write_peak
    assert read_peak < 16 * MiB, read_peak
