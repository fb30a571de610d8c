"""Preparing and opening the content of a delivery (containers plus attachments).

:func:`prepare_content` turns plaintext containers and attachments into what StoreDelivery
carries: one EncryptedData per container (wrapped for the addressee and the readers) and one
encrypted MIME part per attachment, each with its own key inside its container. Attachment cipher
text goes to files from the caller's spill factory, so 200 MB never sit in memory.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import BinaryIO

from osci import crypto, xenc
from osci.content import build_container, encrypt_attachment, encrypt_container
from osci.messages import ContentPackage
from osci.mime import SpillFactory
from osci.model import ContentContainer
from osci.wire import OutgoingPart


@dataclass(frozen=True)
class PlainAttachment:
    """A user file: which container references it, its content id, and how to read it."""

    container_id: str
    content_id: str
    open: Callable[[], BinaryIO]


@dataclass(frozen=True)
class PreparedContent:
    package: ContentPackage
    parts: tuple[OutgoingPart, ...]
    plain_sha256: dict[str, bytes]  # content id -> SHA-256 of the plaintext attachment


class _Reread(io.RawIOBase):
    """A fresh reader over a spill file that the reader's close() leaves open."""

    def __init__(self, file: BinaryIO) -> None:
        self._file = file
        self._pos = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        self._file.seek(self._pos)
        data = self._file.read(len(buffer))
        buffer[: len(data)] = data
        self._pos += len(data)
        return len(data)


def _opener(file: BinaryIO) -> Callable[[], BinaryIO]:
    return lambda: io.BufferedReader(_Reread(file))


def _copy(source: BinaryIO, target: BinaryIO) -> tuple[int, bytes]:
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(1024 * 1024):
        digest.update(chunk)
        size += len(chunk)
        target.write(chunk)
    return size, digest.digest()


def prepare_content(
    containers: Sequence[ContentContainer],
    attachments: Sequence[PlainAttachment],
    readers: Sequence[xenc.Reader],
    *,
    spill: SpillFactory,
    iv_length: int = crypto.GCM_IV,
    encrypt: bool = True,
) -> PreparedContent:
    by_container: dict[str, list[PlainAttachment]] = {}
    for attachment in attachments:
        by_container.setdefault(attachment.container_id, []).append(attachment)
    unknown = set(by_container) - {c.id for c in containers}
    if unknown:
        raise ValueError(f"attachments reference unknown containers {sorted(unknown)}")
    parts: list[OutgoingPart] = []
    plain: dict[str, bytes] = {}
    items = []
    for index, container in enumerate(containers):
        keys = []
        for attachment in by_container.get(container.id, []):
            spill_file = spill()
            with attachment.open() as source:
                if encrypt:
                    result = encrypt_attachment(
                        attachment.content_id, source, spill_file.write, iv_length=iv_length
                    )
                    keys.append(result.key)
                    size, wire_sha256, plain_sha256 = (
                        result.size,
                        result.sha256,
                        result.plain_sha256,
                    )
                else:  # an unencrypted container carries its attachments in clear
                    size, wire_sha256 = _copy(source, spill_file)
                    plain_sha256 = wire_sha256
            spill_file.flush()
            plain[attachment.content_id] = plain_sha256
            parts.append(
                OutgoingPart(
                    content_id=attachment.content_id,
                    size=size,
                    sha256=wire_sha256,
                    open=_opener(spill_file),
                    release=spill_file.close,
                )
            )
        element = build_container(replace(container, attachment_keys=tuple(keys)))
        if encrypt:
            element = encrypt_container(
                element, readers, element_id=f"encdata_{index}", iv_length=iv_length
            )
        items.append(element)
    return PreparedContent(ContentPackage(tuple(items)), tuple(parts), plain)
