"""The testbed intermediary under a big message: store and fetch MB/s, the server's peak RSS.

Prints figures, asserts nothing about speed (house rule: benchmarks are not timed asserts).

    .venv/bin/python bench/intermediary_bench.py                   # 200 MB, 5 MiB chunks
    .venv/bin/python bench/intermediary_bench.py --size-mb 50 --chunk-kib 2048
    .venv/bin/python bench/intermediary_bench.py --direct          # one StoreDelivery, no chunks

The intermediary runs as its own process (``python -m testbed intermediary``) on loopback; its
peak RSS is VmHWM from /proc. The client (this process) content-encrypts one attachment of
pseudo-random bytes, sends it as PartialStoreDelivery chunks (or one StoreDelivery), fetches it
back with PartialFetchDelivery (or FetchDelivery) and checks the SHA-256 of the decrypted file.
"store" and "fetch" time the OSCI exchanges only (not the content encryption); MB = 10^6 bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, BinaryIO

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

# After the path set-up:
from osci import content  # noqa: E402
from osci.certs import cert_id  # noqa: E402
from osci.delivery import PlainAttachment, prepare_content  # noqa: E402
from osci.model import Content, ContentContainer  # noqa: E402
from testbed.intermediary import peer  # noqa: E402
from testbed.pki import TestPki  # noqa: E402

MIB = 1024 * 1024


class Generated(io.RawIOBase):
    """``size`` pseudo-random bytes, made on the fly (the benchmark never holds the file)."""

    def __init__(self, size: int, digest: Any) -> None:
        self.left = size
        self.block = bytearray(os.urandom(MIB))
        self.index = 0
        self.digest = digest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = min(len(buffer), self.left, MIB)
        self.block[:8] = self.index.to_bytes(8, "big")
        self.index += 1
        buffer[:n] = self.block[:n]
        self.digest.update(self.block[:n])
        self.left -= n
        return n


def _status(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--size-mb", type=int, default=200, help="attachment size in MiB")
    parser.add_argument("--chunk-kib", type=int, default=5 * 1024, help="chunk size in KiB")
    parser.add_argument("--direct", action="store_true", help="StoreDelivery/FetchDelivery")
    parser.add_argument("--key-cache", type=Path, default=REPO / ".pytest_cache/d/testbed-pki-keys")
    args = parser.parse_args()
    size = args.size_mb * MIB

    with tempfile.TemporaryDirectory(prefix="intermediary-bench-") as tmp:
        work = Path(tmp)
        pki = TestPki.create(work / "pki", key_cache=args.key_cache)
        ready = work / "ready.json"
        server = subprocess.Popen(
            [sys.executable, "-m", "testbed", "intermediary", "--data", str(work / "data"),
             "--pki", str(pki.folder), "--ready-file", str(ready)],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        files: list[BinaryIO] = []

        def spill() -> BinaryIO:
            handle: BinaryIO = tempfile.TemporaryFile(dir=work)  # noqa: SIM115 (closed below)
            files.append(handle)
            return handle

        try:
            while not ready.exists():
                if server.poll() is not None:
                    raise SystemExit("the intermediary did not start")
                time.sleep(0.02)
            url = json.loads(ready.read_text())["url"]
            baseline = _status(server.pid, "VmRSS")
            addressee = pki.credential("demo").certificate
            sent = hashlib.sha256()
            started = time.perf_counter()
            prepared = prepare_content(
                [ContentContainer("project_coco", (Content(id="akte.bin", href="akte.bin"),))],
                [
                    PlainAttachment(
                        "project_coco", "akte.bin", lambda: io.BufferedReader(Generated(size, sent))
                    )
                ],
                peer.readers_for(addressee),
                spill=spill,
            )
            encrypt = time.perf_counter() - started

            sender = peer.mailbox_session(pki, "demo-gericht", url, spill=spill)
            message_id = sender.get_message_id()
            started = time.perf_counter()
            if args.direct:
                sender.store_delivery(
                    message_id=message_id, subject=None, content=prepared.package,
                    addressee_cipher=addressee, readers=[addressee], parts=prepared.parts,
                )  # fmt: skip
            else:
                peer.store_in_chunks(
                    sender, message_id=message_id, subject=None, content=prepared.package,
                    addressee_cipher=addressee, readers=[addressee], parts=prepared.parts,
                    chunk_kb=args.chunk_kib, spill=spill,
                )  # fmt: skip
            store = time.perf_counter() - started
            after_store = _status(server.pid, "VmHWM")

            recipient = peer.mailbox_session(pki, "demo", url, spill=spill)
            recipient.init_dialog()
            started = time.perf_counter()
            if args.direct:
                received = recipient.fetch_delivery().received
            else:
                received = peer.fetch_in_chunks(
                    recipient, chunk_kb=args.chunk_kib, spill=spill
                ).received
            fetch = time.perf_counter() - started
            recipient.exit_dialog()
            peak = _status(server.pid, "VmHWM")

            payload: Any = received.message.payload
            by_id = {
                cert_id(e.role, e.kind, e.certificate, e.index): e.certificate
                for e in received.message.certificates.entries
            }
            opened = content.open_package(
                payload.content, recipient.cipher, certificates_by_id=by_id
            )
            key = opened[0].container.attachment_keys[0]
            got = hashlib.sha256()
            part: Any = received.attachments["akte.bin"]
            with part.body.open() as source:
                content.decrypt_attachment(key, source, got.update)
            intact = got.digest() == sent.digest()
        finally:
            server.terminate()
            server.wait(10)
            for handle in files:
                handle.close()

    mode = "direct" if args.direct else f"chunked, {args.chunk_kib} KiB chunks"
    megabytes = size / 1e6
    print(f"message: {args.size_mb} MiB attachment ({mode}); decrypted intact: {intact}")
    print(f"content encryption (client): {megabytes / encrypt:8.1f} MB/s")
    print(f"store:                       {megabytes / store:8.1f} MB/s ({store:.2f} s)")
    print(f"fetch:                       {megabytes / fetch:8.1f} MB/s ({fetch:.2f} s)")
    print(f"server RSS at start:         {baseline:8.1f} MiB")
    print(f"server peak RSS after store: {after_store:8.1f} MiB")
    print(f"server peak RSS after fetch: {peak:8.1f} MiB")
    return 0 if intact else 1


if __name__ == "__main__":
    raise SystemExit(main())
