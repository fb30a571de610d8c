"""An intermediary on loopback per test, mailboxes of the test PKI talking to it over HTTP."""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import pytest
import requests

from osci import content
from osci.certs import cert_id
from osci.delivery import PlainAttachment, prepare_content
from osci.model import Content, ContentContainer
from osci.transport.session import ClientSession, Exchanged
from osci.wire import ReceivedMessage
from testbed.intermediary import peer
from testbed.intermediary.config import IntermediaryConfig
from testbed.intermediary.server import IntermediaryServer
from testbed.pki import TestPki
from tests.testbed.support import session_pki

SENDER = "demo-gericht"  # court with a Justiz VHN
RECIPIENT = "demo"  # authority with a beBPo VHN
STRANGER = "ag-mainz"  # a third mailbox (self-signed, signs with its mailbox key)


@pytest.fixture(scope="session")
def pki(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return session_pki(pytestconfig, tmp_path_factory)


@dataclass
class Spill:
    """Temporary files for spill factories, all closed when the test ends."""

    folder: Path
    files: list[BinaryIO] = field(default_factory=list)

    def __call__(self) -> BinaryIO:
        handle: BinaryIO = tempfile.TemporaryFile(dir=self.folder)  # noqa: SIM115
        self.files.append(handle)
        return handle

    def close(self) -> None:
        for handle in self.files:
            handle.close()


@pytest.fixture
def spill(tmp_path: Path) -> Iterator[Spill]:
    folder = tmp_path / "client-spill"
    folder.mkdir()
    factory = Spill(folder)
    yield factory
    factory.close()


class Clock:
    """The intermediary's clock; tests move it forward (retention)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> datetime:
        from datetime import timedelta

        now = datetime.now(UTC) + timedelta(seconds=self.offset)
        return now.replace(microsecond=0)


@dataclass
class Running:
    server: IntermediaryServer
    pki: TestPki
    spill: Spill
    clock: Clock

    @property
    def url(self) -> str:
        return self.server.url

    def session(self, mailbox: str, *, signer: str | None = None, **kw: Any) -> ClientSession:
        return peer.mailbox_session(
            self.pki, mailbox, self.url, spill=self.spill, signer=signer, **kw
        )

    def faults(self, **switches: Any) -> dict[str, Any]:
        """Arm fault injection through the admin endpoint, as an external test tool would."""
        response = requests.post(self.server.admin_url, json=switches, timeout=5)
        response.raise_for_status()
        data: dict[str, Any] = response.json()
        return data

    def send(
        self,
        *,
        sender: str = SENDER,
        to: str = RECIPIENT,
        files: Sequence[tuple[str, bytes]] = (("brief.pdf", b"%PDF-1.7 Brief"),),
        subject: str = "Allgemeine Nachricht",
        signer: str | None = None,
        addressee_label: str | None = None,
    ) -> tuple[str, Exchanged]:
        """GetMessageId and StoreDelivery from ``sender`` to ``to``."""
        session = self.session(sender, signer=signer)
        addressee = self.pki.credential(addressee_label or to).certificate
        prepared = prepare(addressee, files, self.spill)
        message_id = session.get_message_id()
        exchanged = session.store_delivery(
            message_id=message_id,
            subject=subject,
            content=prepared.package,
            addressee_cipher=addressee,
            readers=[addressee],
            parts=prepared.parts,
        )
        return message_id, exchanged


def prepare(addressee: Any, files: Sequence[tuple[str, bytes]], spill: Spill) -> Any:
    contents = tuple(Content(id=name, href=name) for name, _ in files)
    contents = (Content(id="nachricht.xml", data=b"<Nachricht/>"), *contents)
    return prepare_content(
        [ContentContainer("project_coco", contents)],
        [PlainAttachment("project_coco", name, _opener(data)) for name, data in files],
        peer.readers_for(addressee),
        spill=spill,
    )


def _opener(data: bytes) -> Callable[[], BinaryIO]:
    return lambda: io.BytesIO(data)


def documents(received: ReceivedMessage, session: ClientSession) -> dict[str, bytes]:
    """Decrypt every attachment of a fetched delivery (what the addressee can read)."""
    payload: Any = received.message.payload
    by_id = {
        cert_id(e.role, e.kind, e.certificate, e.index): e.certificate
        for e in received.message.certificates.entries
    }
    opened = content.open_package(payload.content, session.cipher, certificates_by_id=by_id)
    result = {}
    for container in opened:
        for key in container.container.attachment_keys:
            out = io.BytesIO()
            part: Any = received.attachments[key.content_id]
            with part.body.open() as source:
                content.decrypt_attachment(key, source, out.write)
            result[key.content_id] = out.getvalue()
    return result


@contextlib.contextmanager
def running_intermediary(
    pki: TestPki, data: Path, spill: Spill, **config: Any
) -> Iterator[Running]:
    clock = Clock()
    server = IntermediaryServer(IntermediaryConfig(data=data, **config), pki, clock=clock)
    server.start()
    try:
        yield Running(server, pki, spill, clock)
    finally:
        server.stop()


@pytest.fixture
def intermediary(pki: TestPki, tmp_path: Path, spill: Spill) -> Iterator[Running]:
    with running_intermediary(pki, tmp_path / "intermediary", spill) as running:
        yield running


def admin_get(running: Running) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(requests.get(running.server.admin_url, timeout=5).content)
    return data
