"""Chunked transfer (osci.md §12, "Ergänzung … effiziente Übertragung"), client side.

Store: the complete StoreDelivery (signed with the VHN key, not transport-encrypted) is written
to a spill file and sent as PartialStoreDelivery messages of ``chunk_kb`` KB; the last answer
carries the InsideFeedback and the Laufzettel of the whole delivery. Fetch: PartialFetchDelivery
chunks are concatenated into a spill file and decoded as the signed ResponseToFetchDelivery they
form. Used by the client's send path above the scenario's threshold and by the testbed.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from cryptography import x509

from osci import certs
from osci.certs import Kind, Role
from osci.content import build_container
from osci.dialog import new_challenge
from osci.envelope import SigningKey
from osci.errors import CertificateError, StructureError
from osci.messages import (
    ContentPackage,
    Message,
    PartialFetchDelivery,
    PartialStoreDelivery,
    ResponseToFetchDelivery,
    ResponseToPartialFetchDelivery,
    ResponseToPartialStoreDelivery,
    StoreDelivery,
)
from osci.mime import MimePart, SpillFactory
from osci.model import (
    ANY_SELECTION,
    CertificateEntry,
    Certificates,
    ChunkInformation,
    Content,
    ContentContainer,
    ControlBlock,
    SelectionRule,
)
from osci.transport.session import ClientSession, Exchanged
from osci.wire import OutgoingPart, ReceivedMessage, decode, read_chunks, write_message

KB = 1024  # the extension counts sizes in KB
READ_CHUNK = 1024 * 1024
PARTIAL_SUFFIX = "_Partial"
CHUNK_CONTAINER = "ChunkContentContainer"
CHUNK_CONTENT = "ChunkContent"
STORE_BLOB = "ChunkBlobStoreDelivery"
FETCH_BLOB = "ChunkBlobFetchDelivery"


def chunk_package(content_id: str) -> ContentPackage:
    """The body of a chunk message: a container referencing the chunk attachment."""
    container = ContentContainer(CHUNK_CONTAINER, (Content(id=CHUNK_CONTENT, href=content_id),))
    return ContentPackage((build_container(container),))


def info_only(session: ClientSession, message_id: str) -> ResponseToPartialStoreDelivery:
    """Ask which chunks of ``message_id`` the intermediary holds (nothing is sent)."""
    exchanged = session.send(
        PartialStoreDelivery(
            message_id=message_id + PARTIAL_SUFFIX, content=chunk_package(STORE_BLOB)
        )
    )
    exchanged.close()
    if not isinstance(exchanged.payload, ResponseToPartialStoreDelivery):
        raise StructureError(element="response", reason="not a partial store response")
    return exchanged.payload


def write_store_delivery(
    session: ClientSession,
    sink: Callable[[bytes], object],
    *,
    message_id: str,
    subject: str | None,
    content: ContentPackage,
    addressee_cipher: x509.Certificate,
    readers: Sequence[x509.Certificate] = (),
    parts: Sequence[OutgoingPart] = (),
) -> None:
    """The complete StoreDelivery that chunks carry: signed with the session's key (the VHN),
    not transport-encrypted (each chunk message is)."""
    entries = [
        CertificateEntry(Role.ORIGINATOR, Kind.CIPHER, session.cipher.certificate),
        CertificateEntry(Role.ADDRESSEE, Kind.CIPHER, addressee_cipher),
        *(CertificateEntry(Role.READER, Kind.CIPHER, r, i) for i, r in enumerate(readers)),
        CertificateEntry(Role.ORIGINATOR, Kind.SIGNATURE, session.signer.certificate),
    ]
    inner = Message(
        payload=StoreDelivery(message_id=message_id, subject=subject, content=content),
        control_block=ControlBlock(challenge=new_challenge(), sequence_number=0),
        certificates=Certificates(tuple(entries)),
        feature_description=session.feature_description,
    )
    signing = SigningKey(
        signer=session.signer,
        certificate_id=certs.cert_id(Role.ORIGINATOR, Kind.SIGNATURE, session.signer.certificate),
        algorithm=session.signature_algorithm,
    )
    write_message(inner, sink, signing=signing, parts=parts)


def send_chunks(
    session: ClientSession,
    message: BinaryIO,
    *,
    message_id: str,
    subject: str | None,
    chunk_kb: int,
    numbers: Collection[int] | None = None,
) -> ResponseToPartialStoreDelivery:
    """Send the inner message in ``message`` (a seekable file) as PartialStoreDelivery chunks;
    ``numbers`` limits it to those chunks (resuming after InfoOnly). Returns the last answer."""
    last = send_chunks_exchanged(
        session, message, message_id=message_id, subject=subject, chunk_kb=chunk_kb, numbers=numbers
    )
    last.close()
    return _partial(last)


def send_chunks_exchanged(
    session: ClientSession,
    message: BinaryIO,
    *,
    message_id: str,
    subject: str | None,
    chunk_kb: int,
    numbers: Collection[int] | None = None,
) -> Exchanged:
    """As :func:`send_chunks`, but the last exchange stays open: its raw response is the proof
    of the whole delivery (InsideFeedback and Laufzettel); the caller closes it."""
    size = message.seek(0, io.SEEK_END)
    chunk_bytes = chunk_kb * KB
    total = max(1, math.ceil(size / chunk_bytes))
    last: Exchanged | None = None
    for number in range(1, total + 1):
        if numbers is not None and number not in numbers:
            continue
        message.seek((number - 1) * chunk_bytes)
        data = message.read(chunk_bytes)
        payload = PartialStoreDelivery(
            message_id=message_id + PARTIAL_SUFFIX,
            content=chunk_package(STORE_BLOB),
            chunk=ChunkInformation(
                chunk_number=number,
                chunk_size=chunk_kb,
                total_chunk_numbers=total,
                total_message_size=max(1, math.ceil(size / KB)),
            ),
            subject=subject,
        )
        if last is not None:
            last.close()
        last = session.send(payload, parts=[OutgoingPart.from_bytes(STORE_BLOB, data)])
        _partial(last)
    if last is None:
        raise StructureError(element="chunks", reason="no chunk selected")
    return last


def _partial(exchanged: Exchanged) -> ResponseToPartialStoreDelivery:
    if not isinstance(exchanged.payload, ResponseToPartialStoreDelivery):
        raise StructureError(element="response", reason="not a partial store response")
    return exchanged.payload


def store_in_chunks(
    session: ClientSession,
    *,
    message_id: str,
    subject: str | None,
    content: ContentPackage,
    addressee_cipher: x509.Certificate,
    readers: Sequence[x509.Certificate] = (),
    parts: Sequence[OutgoingPart] = (),
    chunk_kb: int,
    spill: SpillFactory,
) -> ResponseToPartialStoreDelivery:
    """As :func:`store_in_chunks_exchanged`, returning only the last answer."""
    last = store_in_chunks_exchanged(
        session,
        message_id=message_id,
        subject=subject,
        content=content,
        addressee_cipher=addressee_cipher,
        readers=readers,
        parts=parts,
        chunk_kb=chunk_kb,
        spill=spill,
    )
    last.close()
    return _partial(last)


def store_in_chunks_exchanged(
    session: ClientSession,
    *,
    message_id: str,
    subject: str | None,
    content: ContentPackage,
    addressee_cipher: x509.Certificate,
    readers: Sequence[x509.Certificate] = (),
    parts: Sequence[OutgoingPart] = (),
    chunk_kb: int,
    spill: SpillFactory,
) -> Exchanged:
    """Send a delivery as PartialStoreDelivery chunks; returns the last exchange (with the
    InsideFeedback and the Laufzettel of the whole delivery), open: the caller closes it."""
    with spill() as message:
        write_store_delivery(
            session,
            message.write,
            message_id=message_id,
            subject=subject,
            content=content,
            addressee_cipher=addressee_cipher,
            readers=readers,
            parts=parts,
        )
        return send_chunks_exchanged(
            session, message, message_id=message_id, subject=subject, chunk_kb=chunk_kb
        )


# ---------------------------------------------------------------------- chunked fetch


@dataclass(frozen=True)
class FetchedInChunks:
    received: ReceivedMessage  # the reassembled, verified ResponseToFetchDelivery
    chunks: int
    size: int

    @property
    def payload(self) -> ResponseToFetchDelivery:
        payload = self.received.message.payload
        if not isinstance(payload, ResponseToFetchDelivery):
            raise StructureError(element="response", reason="not a ResponseToFetchDelivery")
        return payload


def fetch_in_chunks(
    session: ClientSession,
    *,
    selection: SelectionRule = ANY_SELECTION,
    chunk_kb: int,
    spill: SpillFactory,
) -> FetchedInChunks:
    """Fetch one delivery in PartialFetchDelivery chunks (inside an open explicit dialog)."""
    received: list[int] = []
    message_id: str | None = None
    number, total = 1, 1
    own = [CertificateEntry(Role.ORIGINATOR, Kind.SIGNATURE, session.signer.certificate)]
    assembled = spill()
    while number <= total:
        rule = selection if message_id is None else SelectionRule(message_ids=(message_id,))
        info = ChunkInformation(
            chunk_number=number, chunk_size=chunk_kb, received_chunks=tuple(received) or (-1,)
        )
        exchanged = session.send(PartialFetchDelivery(info, rule), certificates=own)
        exchanged.response.close()
        payload = exchanged.payload
        if not isinstance(payload, ResponseToPartialFetchDelivery):
            raise StructureError(element="response", reason="not a partial fetch response")
        part = _chunk(exchanged.received)
        with part.body.open() as source:
            for data in read_chunks(source):
                assembled.write(data)
        part.body.close()
        received.append(number)
        message_id = payload.message_id
        total = payload.chunk.total_chunk_numbers or 1
        number += 1
    size = assembled.tell()
    assembled.seek(0)
    try:
        message = decode(
            read_chunks(assembled),
            decrypter=session.cipher,
            require_signature=True,
            require_encryption=False,  # the chunks travelled transport-encrypted
            spill=spill,
        )
    finally:
        assembled.close()
    expected = session.intermediary_signature
    signer = None if message.signature is None else message.signature.signer
    if expected is not None and (signer is None or certs.der(signer) != certs.der(expected)):
        raise CertificateError(
            role="intermediary", reason="reassembled response signed by someone else", code="9601"
        )
    return FetchedInChunks(message, len(received), size)


def _chunk(received: ReceivedMessage) -> MimePart:
    part = received.attachments.get(FETCH_BLOB)
    if part is None and len(received.attachments) == 1:
        part = next(iter(received.attachments.values()))
    if not isinstance(part, MimePart):
        raise StructureError(element=FETCH_BLOB, reason="chunk attachment missing")
    return part
