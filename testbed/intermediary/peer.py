"""The client side the testbed itself needs: a mailbox of the test PKI talking to an intermediary
over HTTP, and the chunked transfers of osci.md §12 (``osci.transport.session`` has no driver for
them yet). The demo deposit, the tests and the benchmark use this; the beBPo client has its own.

Chunked store: the complete StoreDelivery (signed with the VHN key, not transport-encrypted) is
written to a spill file and sent in PartialStoreDelivery messages of ``chunk_kb`` KB. Chunked
fetch: PartialFetchDelivery chunks are concatenated into a spill file and decoded as the signed
ResponseToFetchDelivery they form.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from cryptography import x509

from osci import certs, xenc
from osci.certs import Kind, Role, cert_id
from osci.dialog import new_challenge
from osci.envelope import SigningKey
from osci.errors import CertificateError, StructureError
from osci.keys import Pkcs12Identity
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
    ControlBlock,
    SelectionRule,
)
from osci.transport.http import HttpTransport
from osci.transport.session import ClientSession, http_exchange
from osci.wire import OutgoingPart, ReceivedMessage, decode, write_message
from testbed.intermediary.chunks import (
    FETCH_BLOB,
    PARTIAL_SUFFIX,
    STORE_BLOB,
    chunk_package,
)
from testbed.intermediary.config import KB
from testbed.intermediary.spool import read_chunks
from testbed.pki import MailboxCredentials, TestPki


def identity_of(pki: TestPki, label: str) -> Pkcs12Identity:
    credential = pki.credential(label)
    return Pkcs12Identity(credential.key, credential.certificate)


def mailbox_session(
    pki: TestPki,
    mailbox: str,
    url: str,
    *,
    spill: SpillFactory | None = None,
    signer: str | None = None,
    read_timeout: float = 300,
) -> ClientSession:
    """A ClientSession for a test-PKI mailbox: its Postfach key decrypts, its VHN signs."""
    box: MailboxCredentials = pki.mailbox(mailbox)
    cipher = Pkcs12Identity(box.cipher.key, box.cipher.certificate)
    signing_label = signer or (box.vhn.label if box.vhn is not None else box.cipher.label)
    transport = HttpTransport(url, read_timeout=read_timeout)
    return ClientSession(
        exchange=http_exchange(transport, spill=spill),
        cipher=cipher,
        signer=identity_of(pki, signing_label),
        intermediary_cipher=pki.intermediary_cipher.certificate,
        intermediary_signature=pki.intermediary_signature.certificate,
        spill=spill,
    )


def readers_for(addressee: x509.Certificate) -> list[xenc.Reader]:
    """EGVP encrypts for the addressee and repeats it as reader 0 (osci.md §13.1)."""
    return [
        xenc.Reader(addressee, cert_id(Role.ADDRESSEE, Kind.CIPHER, addressee)),
        xenc.Reader(addressee, cert_id(Role.READER, Kind.CIPHER, addressee, 0)),
    ]


# ---------------------------------------------------------------------- chunked store


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
    size = message.seek(0, io.SEEK_END)
    chunk_bytes = chunk_kb * KB
    total = max(1, math.ceil(size / chunk_bytes))
    last: ResponseToPartialStoreDelivery | None = None
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
        exchanged = session.send(payload, parts=[OutgoingPart.from_bytes(STORE_BLOB, data)])
        exchanged.response.close()
        if not isinstance(exchanged.payload, ResponseToPartialStoreDelivery):
            raise StructureError(element="response", reason="not a partial store response")
        last = exchanged.payload
    if last is None:
        raise StructureError(element="chunks", reason="no chunk selected")
    return last


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
    """Send a delivery as PartialStoreDelivery chunks; returns the last response (with the
    InsideFeedback and the Laufzettel of the whole delivery)."""
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
        return send_chunks(
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
