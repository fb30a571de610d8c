"""OSCI throughput: a StoreDelivery with one big attachment, built and read back, MB/s and peak RSS.

Prints figures, asserts nothing about speed (house rule: benchmarks are not timed asserts).

    .venv/bin/python bench/osci_throughput.py                # one 200 MB attachment
    .venv/bin/python bench/osci_throughput.py --size-mb 50 --profile

Two phases, each in a fresh child process so that its ru_maxrss is the peak of that phase alone
(interpreter, imports and keys included):

* build: generate the attachment (never held whole), ``delivery.prepare_content`` (AES-256-GCM
  content encryption into a spill file, container encrypted for the addressee), then
  ``wire.seal`` + ``wire.write_message`` (signature over all blocks and the attachment, transport
  encryption) into a message file;
* read: ``wire.decode`` from that file with a spill factory (transport decryption, MIME, signature
  check), then ``content.open_package`` and ``content.decrypt_attachment`` into a file.

MB/s = attachment bytes (10^6) per wall-clock second of the phase. Keys are made beforehand and
handed to the children as PKCS#12 files; their generation is not timed.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

# After the path set-up.
from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: E402
from cryptography.hazmat.primitives.serialization import NoEncryption, pkcs12  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402

from osci import content, crypto, wire, xenc  # noqa: E402
from osci.certs import Kind, Role, cert_id  # noqa: E402
from osci.delivery import PlainAttachment, prepare_content  # noqa: E402
from osci.dialog import ClientDialog  # noqa: E402
from osci.envelope import SigningKey  # noqa: E402
from osci.keys import Pkcs12Identity  # noqa: E402
from osci.messages import Message, StoreDelivery  # noqa: E402
from osci.model import CertificateEntry, Certificates, Content, ContentContainer  # noqa: E402

MB = 1_000_000
CHUNK = 1024 * 1024
PARTIES = {
    "client_cipher": (True, False),
    "client_signature": (False, True),
    "addressee_cipher": (True, False),
    "intermediary_cipher": (True, False),
}
ATTACHMENT_ID = "schriftsatz.pdf"


# ---------------------------------------------------------------- set-up (untimed)


def _make_identity(name: str, cipher: bool, signature: bool) -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"Bench {name}")])
    now = dt.datetime.now(dt.UTC)
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=signature,
        key_encipherment=cipher,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(None, key, cert, None, NoEncryption())


def _identity(workdir: Path, name: str) -> Pkcs12Identity:
    return Pkcs12Identity.from_bytes((workdir / f"{name}.p12").read_bytes(), None)


class GeneratedSource(io.RawIOBase):
    """``size`` bytes of incompressible data, made on the fly (never held whole)."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self._block = os.urandom(CHUNK + 8192)
        self._left = size
        self._offset = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        count = min(len(buffer), self._left, CHUNK)
        start = self._offset % 8192
        buffer[:count] = self._block[start : start + count]
        self._offset += 1 + count
        self._left -= count
        return count


def _spill_factory(directory: Path) -> Callable[[], BinaryIO]:
    return lambda: tempfile.TemporaryFile(dir=directory)


# ---------------------------------------------------------------- phases (timed, in children)


def build(workdir: Path, size: int) -> dict[str, float]:
    client_cipher = _identity(workdir, "client_cipher")
    client_signature = _identity(workdir, "client_signature")
    addressee = _identity(workdir, "addressee_cipher").certificate
    intermediary = _identity(workdir, "intermediary_cipher").certificate
    spill = _spill_factory(workdir)
    reader = xenc.Reader(addressee, cert_id(Role.ADDRESSEE, Kind.CIPHER, addressee))
    started = time.perf_counter()
    prepared = prepare_content(
        [ContentContainer("project_coco", (Content(id="ref0", href=ATTACHMENT_ID),))],
        [
            PlainAttachment(
                "project_coco",
                ATTACHMENT_ID,
                lambda: io.BufferedReader(GeneratedSource(size), CHUNK),
            )
        ],
        [reader],
        spill=spill,
    )
    prepared_at = time.perf_counter()
    message = Message(
        StoreDelivery("govapp_" + "1" * 37, prepared.package, "Benchmark"),
        ClientDialog().request(StoreDelivery.TYPE),
        certificates=Certificates(
            (
                CertificateEntry(Role.ORIGINATOR, Kind.CIPHER, client_cipher.certificate),
                CertificateEntry(Role.ORIGINATOR, Kind.SIGNATURE, client_signature.certificate),
                CertificateEntry(Role.ADDRESSEE, Kind.CIPHER, addressee),
            )
        ),
    )
    signing = SigningKey(
        client_signature,
        cert_id(Role.ORIGINATOR, Kind.SIGNATURE, client_signature.certificate),
        crypto.RSA_PSS_SHA256,
    )
    with (workdir / "message.bin").open("wb") as out:
        wire.seal(
            lambda sink: wire.write_message(message, sink, signing=signing, parts=prepared.parts),
            intermediary,
            out.write,
        )
    finished = time.perf_counter()
    for part in prepared.parts:
        part.close_spill()
    return {"seconds": finished - started, "prepare_seconds": prepared_at - started}


def read(workdir: Path, size: int) -> dict[str, float]:
    intermediary = _identity(workdir, "intermediary_cipher")
    addressee = _identity(workdir, "addressee_cipher")
    spill = _spill_factory(workdir)
    started = time.perf_counter()

    def chunks() -> Iterator[bytes]:
        with (workdir / "message.bin").open("rb") as source:
            while chunk := source.read(CHUNK):
                yield chunk

    received = wire.decode(
        chunks(),
        decrypter=intermediary,
        require_signature=True,
        require_encryption=True,
        spill=spill,
    )
    decoded_at = time.perf_counter()
    certificates = {
        cert_id(e.role, e.kind, e.certificate, e.index): e.certificate
        for e in received.message.certificates.entries
    }
    package = received.message.payload.content  # type: ignore[attr-defined]
    [opened] = content.open_package(package, addressee, certificates_by_id=certificates)
    [key] = opened.container.attachment_keys
    part = received.attachments[ATTACHMENT_ID]
    with part.body.open() as source, (workdir / "plain.bin").open("wb") as sink:
        plain_size, _digest = content.decrypt_attachment(key, source, sink.write)
    finished = time.perf_counter()
    if plain_size != size:
        raise SystemExit(f"decrypted {plain_size} bytes, expected {size}")
    return {"seconds": finished - started, "decode_seconds": decoded_at - started}


PHASES = {"build": build, "read": read}


def _child(phase: str, workdir: Path, size: int, profile: bool) -> None:
    run = PHASES[phase]
    if profile:
        profiler = cProfile.Profile()
        result = profiler.runcall(run, workdir, size)
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(25)
    else:
        result = run(workdir, size)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB
    print(json.dumps(result))


# ---------------------------------------------------------------- driver


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=int, default=200, help="attachment size in MB (10^6)")
    parser.add_argument("--profile", action="store_true", help="cProfile each phase to stderr")
    parser.add_argument("--keep", action="store_true", help="keep the working directory")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    size = args.size_mb * MB
    if args.phase:
        _child(args.phase, args.workdir, size, args.profile)
        return

    workdir = Path(tempfile.mkdtemp(prefix="osci-bench-"))
    try:
        for name, (cipher, signature) in PARTIES.items():
            (workdir / f"{name}.p12").write_bytes(_make_identity(name, cipher, signature))
        print(f"StoreDelivery with one {args.size_mb} MB attachment ({os.cpu_count()} CPUs)")
        for phase, label in (("build", "build+sign+encrypt"), ("read", "parse+verify+decrypt")):
            command = [sys.executable, __file__, "--phase", phase, "--workdir", str(workdir)]
            command += ["--size-mb", str(args.size_mb)] + (["--profile"] if args.profile else [])
            done = subprocess.run(command, check=True, capture_output=True, text=True)
            if args.profile:
                sys.stderr.write(done.stderr)
            result = json.loads(done.stdout.strip().splitlines()[-1])
            extra = ", ".join(
                f"{key.removesuffix('_seconds')} {value:.2f} s"
                for key, value in result.items()
                if key.endswith("_seconds")
            )
            print(
                f"  {label:22} {size / MB / result['seconds']:7.1f} MB/s"
                f"  ({result['seconds']:.2f} s; {extra})"
                f"  peak RSS {result['peak_rss_mb']:6.1f} MB"
            )
        message_size = (workdir / "message.bin").stat().st_size
        print(f"  message on the wire    {message_size / MB:7.1f} MB")
    finally:
        if args.keep:
            print(f"  kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
