"""Deposit the demo deliveries for the DEMO mailbox, with the real OSCI send path over HTTP.

The demo court (``demo-gericht``) sends, signed with its VHN and content-encrypted for the demo
authority (``demo``): GetMessageId, then StoreDelivery — or PartialStoreDelivery chunks for
messages above the scenario's chunk threshold, as a client does.
"""

from __future__ import annotations

import contextlib
import io
import logging
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from osci.delivery import PlainAttachment, prepare_content
from osci.model import Content, ContentContainer
from osci.transport.session import ClientSession
from testbed.demo.payload import PROJECT_COCO, DemoMessage, demo_messages, write_big_pdf
from testbed.intermediary import peer
from testbed.pki import TestPki

logger = logging.getLogger(__name__)

SENDER = "demo-gericht"
RECIPIENT = "demo"
CHUNK_THRESHOLD = 20_000_000  # profiles/scenarios/demo.toml [limits]
CHUNK_KB = 5_000_000 // 1024


@dataclass(frozen=True)
class Deposited:
    title: str
    message_id: str
    size: int
    chunked: bool


@contextlib.contextmanager
def _spill(folder: Path) -> Iterator[Callable[[], BinaryIO]]:
    files: list[BinaryIO] = []

    def factory() -> BinaryIO:
        handle: BinaryIO = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 (closed below)
        files.append(handle)
        return handle

    try:
        yield factory
    finally:
        for handle in files:
            handle.close()


def _opener(data: bytes) -> Callable[[], BinaryIO]:
    return lambda: io.BytesIO(data)


def _path_opener(path: Path) -> Callable[[], BinaryIO]:
    return lambda: path.open("rb")


def send(
    session: ClientSession,
    pki: TestPki,
    message: DemoMessage,
    *,
    work: Path,
    chunk_threshold: int = CHUNK_THRESHOLD,
    chunk_kb: int = CHUNK_KB,
) -> Deposited:
    addressee = pki.mailbox(RECIPIENT).cipher.certificate
    files = list(message.attachments)
    big_path: Path | None = None
    attachments = [PlainAttachment(PROJECT_COCO, name, _opener(data)) for name, data in files]
    names = [name for name, _ in files]
    if message.big_attachment is not None:
        name, size = message.big_attachment
        big_path = work / "big-attachment.pdf"
        with big_path.open("wb") as sink:
            write_big_pdf(sink.write, size)
        attachments.append(PlainAttachment(PROJECT_COCO, name, _path_opener(big_path)))
        names.append(name)
    containers = []
    for container_id, inline in message.containers.items():
        contents = tuple(Content(id=n, data=d) for n, d in inline.items())
        if container_id == PROJECT_COCO:
            contents += tuple(Content(id=n, href=n) for n in names)
        containers.append(ContentContainer(container_id, contents))
    try:
        with _spill(work) as spill:
            prepared = prepare_content(
                containers, attachments, peer.readers_for(addressee), spill=spill
            )
            size = sum(p.size for p in prepared.parts)
            message_id = session.get_message_id()
            chunked = size > chunk_threshold
            if chunked:
                peer.store_in_chunks(
                    session,
                    message_id=message_id,
                    subject=message.subject,
                    content=prepared.package,
                    addressee_cipher=addressee,
                    readers=[addressee],
                    parts=prepared.parts,
                    chunk_kb=chunk_kb,
                    spill=spill,
                )
            else:
                exchanged = session.store_delivery(
                    message_id=message_id,
                    subject=message.subject,
                    content=prepared.package,
                    addressee_cipher=addressee,
                    readers=[addressee],
                    parts=prepared.parts,
                )
                exchanged.response.close()
    finally:
        if big_path is not None:
            big_path.unlink(missing_ok=True)
    logger.info("demo delivery %s (%s) deposited", message_id, message.title)
    return Deposited(message.title, message_id, size, chunked)


def deposit_demo(
    pki: TestPki, url: str, work: Path, *, big_size: int = 50 * 1024 * 1024
) -> list[Deposited]:
    """Send the four demo deliveries to the DEMO mailbox; returns what was sent."""
    created = datetime.now(UTC).astimezone().replace(microsecond=0)
    sender, recipient = pki.mailbox(SENDER).mailbox, pki.mailbox(RECIPIENT).mailbox
    with _spill(work) as spill:
        session = peer.mailbox_session(pki, SENDER, url, spill=spill)
        return [
            send(session, pki, message, work=work)
            for message in demo_messages(sender, recipient, created, big_size=big_size)
        ]
