"""The client side the testbed itself needs: a mailbox of the test PKI talking to an intermediary
over HTTP. The chunked transfers of osci.md §12 live in :mod:`osci.transport.chunked` (shared
with the client) and are re-exported here for the demo deposit, the tests and the benchmark.

Chunked store: the complete StoreDelivery (signed with the VHN key, not transport-encrypted) is
written to a spill file and sent in PartialStoreDelivery messages of ``chunk_kb`` KB. Chunked
fetch: PartialFetchDelivery chunks are concatenated into a spill file and decoded as the signed
ResponseToFetchDelivery they form.
"""

from __future__ import annotations

from cryptography import x509

from osci import xenc
from osci.certs import Kind, Role, cert_id
from osci.keys import Pkcs12Identity
from osci.mime import SpillFactory
from osci.transport.chunked import (
    FetchedInChunks,
    fetch_in_chunks,
    send_chunks,
    store_in_chunks,
    write_store_delivery,
)
from osci.transport.http import HttpTransport
from osci.transport.session import ClientSession, http_exchange
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


__all__ = [
    "FetchedInChunks",
    "fetch_in_chunks",
    "identity_of",
    "mailbox_session",
    "readers_for",
    "send_chunks",
    "store_in_chunks",
    "write_store_delivery",
]
