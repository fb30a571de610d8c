"""The chunking extension (osci.md §12) over real HTTP: big messages in both directions with
bounded server memory, the 99xx codes, InfoOnly, and chunks that survive a restart."""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from osci.certs import Kind, Role
from osci.delivery import PlainAttachment, prepare_content
from osci.errors import FeedbackError
from osci.messages import ContentPackage, PartialFetchDelivery, PartialStoreDelivery
from osci.model import (
    CertificateEntry,
    ChunkInformation,
    Content,
    ContentContainer,
    SelectionRule,
)
from osci.transport.chunked import PARTIAL_SUFFIX, STORE_BLOB, chunk_package
from osci.transport.session import ClientSession
from osci.wire import OutgoingPart
from testbed.intermediary import peer
from testbed.intermediary.config import KB, MB
from testbed.pki import TestPki
from tests.helpers.services import ServiceProcess, python_argv
from tests.testbed.intermediary.conftest import (
    RECIPIENT,
    SENDER,
    Running,
    Spill,
    documents,
    prepare,
    running_intermediary,
)

SMALL = {"max_chunk_kb": 64, "min_chunk_kb": 16, "max_message_kb": 2048}


@pytest.fixture
def small(pki: TestPki, tmp_path: Path, spill: Spill) -> Iterator[Running]:
    with running_intermediary(pki, tmp_path / "small", spill, **SMALL) as running:
        yield running


def chunk(
    session: ClientSession,
    message_id: str,
    number: int,
    *,
    total: int = 2,
    size_kb: int = 32,
    total_kb: int = 40,
    data: bytes | None = None,
) -> Any:
    payload = PartialStoreDelivery(
        message_id=message_id + PARTIAL_SUFFIX,
        content=chunk_package(STORE_BLOB),
        chunk=ChunkInformation(
            chunk_number=number,
            chunk_size=size_kb,
            total_chunk_numbers=total,
            total_message_size=total_kb,
        ),
    )
    blob = data if data is not None else b"c" * (size_kb * KB)
    return session.send(payload, parts=[OutgoingPart.from_bytes(STORE_BLOB, blob)]).payload


def big_content(running: Running, size: int) -> tuple[Any, bytes]:
    """A delivery with one attachment of ``size`` pseudo-random bytes (digest returned)."""
    block = os.urandom(MB)
    digest = hashlib.sha256()
    for _ in range(size // MB):
        digest.update(block)

    class Big(io.RawIOBase):
        def __init__(self) -> None:
            self.left = size

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            n = min(len(buffer), self.left, MB)
            buffer[:n] = block[:n]
            self.left -= n
            return n

    addressee = running.pki.credential(RECIPIENT).certificate
    prepared = prepare_content(
        [ContentContainer("project_coco", (Content(id="akte.bin", href="akte.bin"),))],
        [PlainAttachment("project_coco", "akte.bin", lambda: io.BufferedReader(Big(), MB))],
        peer.readers_for(addressee),
        spill=running.spill,
    )
    return prepared, digest.digest()


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


def current_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def start_child(pki: TestPki, tmp_path: Path, *extra: str) -> tuple[ServiceProcess, str]:
    ready = tmp_path / "intermediary.ready"
    ready.unlink(missing_ok=True)  # from an earlier start with the same folder
    process = ServiceProcess(
        python_argv(
            "-m", "testbed", "intermediary", "--data", str(tmp_path / "data"),
            "--pki", str(pki.folder), "--ready-file", str(ready), *extra,
        ),
        tmp_path / "intermediary.log",
    ).start()  # fmt: skip
    process.wait_ready(ready.exists)
    return process, json.loads(ready.read_text())["url"]


def chunked_round_trip(
    pki: TestPki, tmp_path: Path, spill: Spill, size: int, chunk_kb: int
) -> dict[str, float]:
    process, url = start_child(pki, tmp_path)
    try:
        running = Running(server=None, pki=pki, spill=spill, clock=None)  # type: ignore[arg-type]
        prepared, digest = big_content(running, size)
        sender = peer.mailbox_session(pki, SENDER, url, spill=spill)
        message_id = sender.get_message_id()
        baseline = current_rss_mb(process.pid)  # warm: the first request imported the rest
        addressee = pki.credential(RECIPIENT).certificate
        last = peer.store_in_chunks(
            sender,
            message_id=message_id,
            subject="Allgemeine Nachricht",
            content=prepared.package,
            addressee_cipher=addressee,
            readers=[addressee],
            parts=prepared.parts,
            chunk_kb=chunk_kb,
            spill=spill,
        )
        assert last.feedback.codes == ("0800", "3950")
        assert last.inside_feedback is not None
        assert last.inside_feedback.codes == ("0800",)
        assert last.process_card is not None
        assert last.process_card.message_id == message_id
        total = last.chunk.total_chunk_numbers or 0
        assert last.chunk.received_chunks == tuple(range(1, total + 1))

        recipient = peer.mailbox_session(pki, RECIPIENT, url, spill=spill)
        recipient.init_dialog()
        fetched = peer.fetch_in_chunks(recipient, chunk_kb=chunk_kb, spill=spill)
        assert fetched.chunks > 1
        assert fetched.payload.process_card is not None
        assert fetched.payload.process_card.message_id == message_id
        from osci import content
        from osci.certs import cert_id

        received = fetched.received
        by_id = {
            cert_id(e.role, e.kind, e.certificate, e.index): e.certificate
            for e in received.message.certificates.entries
        }
        package = fetched.payload.content
        assert package is not None
        opened = content.open_package(package, recipient.cipher, certificates_by_id=by_id)
        key = opened[0].container.attachment_keys[0]
        plain = hashlib.sha256()
        part: Any = received.attachments["akte.bin"]
        with part.body.open() as source:
            content.decrypt_attachment(key, source, plain.update)
        assert plain.digest() == digest
        recipient.exit_dialog()  # proves receipt
        return {"baseline": baseline, "peak": peak_rss_mb(process.pid)}
    finally:
        process.stop()


def test_20_mb_in_chunks_both_ways_with_bounded_server_memory(
    pki: TestPki, tmp_path: Path, spill: Spill
) -> None:
    memory = chunked_round_trip(pki, tmp_path, spill, 20 * MB, chunk_kb=2 * KB)
    # 20 MB went through the server twice; its memory grew by far less than that.
    assert memory["peak"] - memory["baseline"] < 15, memory


@pytest.mark.slow
def test_200_mb_in_chunks_both_ways_with_bounded_server_memory(
    pki: TestPki, tmp_path: Path, spill: Spill
) -> None:
    memory = chunked_round_trip(pki, tmp_path, spill, 200 * MB, chunk_kb=5 * KB)
    assert memory["peak"] - memory["baseline"] < 40, memory


# ---------------------------------------------------------------------- codes


def test_chunk_codes_9900_to_9905(small: Running) -> None:
    session = small.session(SENDER)
    message_id = session.get_message_id()
    cases: list[tuple[dict[str, Any], str]] = [
        ({"number": 3}, "9901"),  # only 2 chunks
        ({"number": 1, "size_kb": 128, "total_kb": 200}, "9902"),  # above MaxChunkSize 64
        ({"number": 1, "data": b"x" * (33 * KB)}, "9902"),  # more data than announced
        ({"number": 1, "size_kb": 8, "total_kb": 12}, "9903"),  # below MinChunkSize 16
        ({"number": 1, "data": b"x" * KB}, "9903"),  # a short chunk that is not the last
        ({"number": 1, "total": 200, "total_kb": 4000}, "9904"),  # above MaxMessageSize
        ({"number": 1, "total_kb": 100}, "9905"),  # 2 × 32 KB cannot hold 100 KB
    ]
    for kwargs, code in cases:
        with pytest.raises(FeedbackError) as refused:
            chunk(session, message_id, **kwargs)
        assert refused.value.code == code, kwargs
    first = chunk(session, message_id, 1)
    assert first.chunk.received_chunks == (1,)
    with pytest.raises(FeedbackError) as twice:
        chunk(session, message_id, 1)
    assert twice.value.code == "9900"
    with pytest.raises(FeedbackError) as changed:
        chunk(session, message_id, 2, total=3, total_kb=70)
    assert changed.value.code == "9905"
    with pytest.raises(FeedbackError) as unknown:
        chunk(session, "govapp_" + "7" * 37, 1)
    assert unknown.value.code == "9801"


def test_info_only_reports_received_chunks(small: Running) -> None:
    session = small.session(SENDER)
    message_id = session.get_message_id()
    chunk(session, message_id, 2, data=b"x" * (8 * KB))
    info = PartialStoreDelivery(
        message_id=message_id + PARTIAL_SUFFIX, content=ContentPackage(), chunk=None
    )
    status = session.send(info).payload
    assert status.chunk.received_chunks == (2,)  # type: ignore[attr-defined]
    assert status.chunk.total_chunk_numbers == 2  # type: ignore[attr-defined]


def test_9950_when_the_reassembled_message_is_refused(small: Running) -> None:
    session = small.session(SENDER)
    message_id = session.get_message_id()
    garbage = b"--x\r\nthis is not an OSCI message\r\n--x--\r\n"
    with pytest.raises(FeedbackError) as refused:
        chunk(session, message_id, 1, total=1, size_kb=16, total_kb=1, data=garbage)
    assert refused.value.code == "9950"


def test_partial_fetch_codes(small: Running) -> None:
    small.send()
    session = small.session(RECIPIENT)
    session.init_dialog()
    signature_only = CertificateEntry(Role.ORIGINATOR, Kind.SIGNATURE, session.signer.certificate)

    def ask(number: int, size_kb: int) -> Any:
        info = ChunkInformation(chunk_number=number, chunk_size=size_kb, received_chunks=(-1,))
        return session.send(PartialFetchDelivery(info), certificates=[signature_only])

    for number, size_kb, code in ((2, 32, "9901"), (1, 128, "9902"), (1, 8, "9903")):
        with pytest.raises(FeedbackError) as refused:
            ask(number, size_kb)
        assert refused.value.code == code
    fetched = peer.fetch_in_chunks(session, chunk_kb=16, spill=small.spill)
    assert documents(fetched.received, session) == {"brief.pdf": b"%PDF-1.7 Brief"}
    with pytest.raises(FeedbackError) as empty:
        peer.fetch_in_chunks(session, chunk_kb=16, spill=small.spill)
    assert empty.value.code == "9803"


def test_a_small_delivery_fetched_in_chunks_is_one_chunk_selected_by_id(small: Running) -> None:
    first, _ = small.send(files=[("eins.pdf", b"1")])
    second, _ = small.send(files=[("zwei.pdf", b"2" * 100_000)])
    session = small.session(RECIPIENT)
    session.init_dialog()
    fetched = peer.fetch_in_chunks(
        session, selection=SelectionRule(message_ids=(second,)), chunk_kb=64, spill=small.spill
    )
    assert fetched.chunks > 1
    assert fetched.payload.feedback.codes == ("0801", "3800")  # the first is still waiting
    assert documents(fetched.received, session) == {"zwei.pdf": b"2" * 100_000}
    one = peer.fetch_in_chunks(session, chunk_kb=64, spill=small.spill)
    assert one.chunks == 1
    assert one.payload.process_card.message_id == first  # type: ignore[union-attr]


def test_chunks_survive_a_restart(pki: TestPki, tmp_path: Path, spill: Spill) -> None:
    data = tmp_path / "restart"
    addressee = pki.credential(RECIPIENT).certificate
    akte = os.urandom(150 * KB)
    prepared = prepare(addressee, [("akte.pdf", akte)], spill)
    message = spill()
    with running_intermediary(pki, data, spill, **SMALL) as first:
        session = first.session(SENDER)
        message_id = session.get_message_id()
        peer.write_store_delivery(
            session,
            message.write,
            message_id=message_id,
            subject=None,
            content=prepared.package,
            addressee_cipher=addressee,
            readers=[addressee],
            parts=prepared.parts,
        )
        sent = peer.send_chunks(session, message, message_id=message_id, subject=None,
                                chunk_kb=32, numbers={1, 3})  # fmt: skip
        assert sent.chunk.received_chunks == (1, 3)
    with running_intermediary(pki, data, spill, **SMALL) as second:
        session = second.session(SENDER)
        info = PartialStoreDelivery(
            message_id=message_id + PARTIAL_SUFFIX, content=ContentPackage(), chunk=None
        )
        status: Any = session.send(info).payload
        assert status.chunk.received_chunks == (1, 3)
        missing = set(range(1, status.chunk.total_chunk_numbers + 1)) - {1, 3}
        last = peer.send_chunks(
            session, message, message_id=message_id, subject=None, chunk_kb=32, numbers=missing
        )
        assert last.inside_feedback is not None
        assert last.inside_feedback.codes == ("0800",)
        recipient = second.session(RECIPIENT)
        recipient.init_dialog()
        fetched = recipient.fetch_delivery()
        assert documents(fetched.received, recipient) == {"akte.pdf": akte}
