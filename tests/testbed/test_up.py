"""``python -m testbed up`` / ``down`` from a clean data folder, and the demo payload itself."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import zeep

from client.egvp.receive import parse_payload
from client.egvp.schema import XJustizSchemas
from osci import content
from osci.certs import cert_id
from osci.errors import FeedbackError
from osci.keys import Pkcs12Identity
from osci.model import SelectionRule
from osci.transport.http import HttpTransport
from osci.transport.session import ClientSession, http_exchange
from profiles.paths import WorkdirPaths, resource_dir
from profiles.scenarios import Catalogue
from profiles.status import Pins, inspect, load_certificate_file
from testbed.demo.payload import XJUSTIZ_NACHRICHT_XML, demo_messages, eicar, write_big_pdf
from testbed.demo.services import alive
from testbed.pki import DEMO_PIN, MAILBOXES
from tests.conftest import require_reference
from tests.testbed.support import run_testbed

PIN = DEMO_PIN


def _mailbox(label: str) -> Any:
    return next(m for m in MAILBOXES if m.label == label)


def test_demo_payload_is_valid_egvp_and_the_court_letter_asks_for_an_eeb() -> None:
    schemas = XJustizSchemas(require_reference("xjustiz-3.5.1"))
    created = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    messages = demo_messages(_mailbox("demo-gericht"), _mailbox("demo"), created, big_size=1)
    assert len(messages) == 4
    ladung = messages[0]
    files = dict(ladung.attachments)
    assert schemas.errors(files[XJUSTIZ_NACHRICHT_XML]) == ()
    payload = parse_payload(
        ladung.containers, list(files), xjustiz_nachricht=files[XJUSTIZ_NACHRICHT_XML]
    )
    assert payload.problems == ()
    assert payload.eeb_requested
    assert payload.visitenkarte is not None
    assert payload.visitenkarte.nutzer_id == _mailbox("demo-gericht").safe_id
    assert payload.subject is not None
    assert files["Ladung.pdf"].startswith(b"%PDF-1.7")
    for other in messages[1:]:
        parsed = parse_payload(other.containers, [n for n, _ in other.attachments])
        assert parsed.problems == ()
        assert not parsed.eeb_requested
    assert dict(messages[2].attachments)["EICAR-Testdatei.txt"] == eicar()
    assert len(eicar()) == 68


def test_the_big_demo_pdf_has_the_size_asked_for_and_a_correct_xref() -> None:
    out = io.BytesIO()
    size = write_big_pdf(out.write, 3 * 1024 * 1024)
    data = out.getvalue()
    assert size == len(data)
    assert abs(size - 3 * 1024 * 1024) < 8192
    offset = int(re.findall(rb"startxref\n(\d+)", data)[-1])
    assert data[offset:].startswith(b"xref\n0 6\n")
    for number, entry in enumerate(re.findall(rb"(\d{10}) 00000 n", data), start=1):
        assert data[int(entry) :].startswith(b"%d 0 obj" % number)


def _session(workdir: Path, url: str, scenario: Any, spill: list[Any]) -> ClientSession:
    """A client for a working directory, built from its files as the real client would."""
    keys = workdir / "keys"
    cipher = Pkcs12Identity.from_bytes((keys / "postfach.p12").read_bytes(), PIN)
    vhn = Pkcs12Identity.from_bytes((keys / "vhn.p12").read_bytes(), PIN)

    def factory() -> Any:
        handle = io.BytesIO()
        spill.append(handle)
        return handle

    return ClientSession(
        exchange=http_exchange(HttpTransport(url)),
        cipher=cipher,
        signer=vhn,
        intermediary_cipher=load_certificate_file(keys / scenario.intermediary_cipher_certificate),
        intermediary_signature=load_certificate_file(
            keys / str(scenario.intermediary_signature_certificate)
        ),
        spill=factory,
    )


def _open(fetched: Any, session: ClientSession) -> tuple[dict[str, dict[str, bytes]], list[str]]:
    received = fetched.received
    by_id = {
        cert_id(e.role, e.kind, e.certificate, e.index): e.certificate
        for e in received.message.certificates.entries
    }
    containers: dict[str, dict[str, bytes]] = {}
    names: list[str] = []
    for opened in content.open_package(
        fetched.payload.content, session.cipher, certificates_by_id=by_id
    ):
        inline = {c.id or "": c.data for c in opened.container.contents if c.data is not None}
        containers[opened.container.id] = inline
        names += [key.content_id for key in opened.container.attachment_keys]
    return containers, names


def _attachment(fetched: Any, session: ClientSession, name: str) -> bytes:
    received = fetched.received
    by_id = {
        cert_id(e.role, e.kind, e.certificate, e.index): e.certificate
        for e in received.message.certificates.entries
    }
    for opened in content.open_package(
        fetched.payload.content, session.cipher, certificates_by_id=by_id
    ):
        for key in opened.container.attachment_keys:
            if key.content_id == name:
                out = io.BytesIO()
                with received.attachments[name].body.open() as source:
                    content.decrypt_attachment(key, source, out.write)
                return out.getvalue()
    raise KeyError(name)


def test_up_then_down_from_a_clean_data_folder_and_up_again(
    tmp_path: Path, base_dir: Path, pytestconfig: pytest.Config
) -> None:
    cache: Any = pytestconfig.cache
    key_cache = cache.mkdir("testbed-pki-keys")
    data = tmp_path / "testbed"
    args = ("--data", str(data), "--base-dir", str(base_dir), "--key-cache", str(key_cache))
    up = run_testbed("up", *args, timeout=180)
    spill: list[Any] = []
    try:
        assert up.returncode == 0, up.stderr
        assert "Konfigurations-ID DEMO:" in up.stdout
        assert "Konfigurations-ID DEMO-GERICHT:" in up.stdout
        assert f"PIN Postfachschlüssel (keys/postfach.p12): {PIN}" in up.stdout
        assert (data / "README.txt").read_text(encoding="utf-8") == up.stdout
        state = json.loads((data / "testbed.json").read_text())
        services = state["services"]
        assert set(services) == {"intermediary", "directory", "validation"}

        catalogue = Catalogue.load(base_dir)
        scenario = catalogue.resolve("DEMO")
        assert scenario.intermediary_url == services["intermediary"]["url"]
        assert scenario.directory_url == services["directory"]["url"]
        assert catalogue.resolve("demo-gericht").name == "demo-gericht"
        workdir = WorkdirPaths.for_scenario(base_dir, "demo")
        assert inspect(workdir, scenario, pins=Pins(PIN, PIN)).ready

        # Both mailboxes are in the directory, pointing at the running intermediary.
        wsdl = str(resource_dir() / "wsdl" / "directory.wsdl")
        directory = zeep.Client(wsdl).create_service(  # type: ignore[no-untyped-call]
            "{urn:bebpo:verzeichnisdienst:v1}VerzeichnisdienstBinding", scenario.directory_url
        )
        for label in ("demo", "demo-gericht"):
            entry = directory.GetEntry(SafeId=_mailbox(label).safe_id)
            assert entry.Intermediary.Url == scenario.intermediary_url

        deposited = json.loads((data / "demo-deliveries.json").read_text())
        assert [d["chunked"] for d in deposited] == [False, False, False, True]
        ids = [d["message_id"] for d in deposited]
        session = _session(workdir.root, scenario.intermediary_url, scenario, spill)
        session.init_dialog()
        ladung = session.fetch_delivery(SelectionRule(message_ids=(ids[0],)))
        assert ladung.feedback.codes == ("0801", "3800")
        containers, names = _open(ladung, session)
        xjustiz = _attachment(ladung, session, XJUSTIZ_NACHRICHT_XML)
        payload = parse_payload(containers, names, xjustiz_nachricht=xjustiz)
        assert payload.eeb_requested
        assert payload.problems == ()
        session.fetch_delivery(SelectionRule(message_ids=(ids[1],)))
        eicar_message = session.fetch_delivery(SelectionRule(message_ids=(ids[2],)))
        assert _attachment(eicar_message, session, "EICAR-Testdatei.txt") == eicar()
        session.exit_dialog()  # three received; the 50 MB message waits

        again = run_testbed("up", *args)
        assert again.returncode == 0
        assert "läuft bereits" in again.stdout
    finally:
        down = run_testbed("down", "--data", str(data))
    assert down.returncode == 0, down.stderr
    assert down.stdout.count(": beendet") == 3
    assert not any(alive(int(s["pid"])) for s in services.values())
    assert not (data / "testbed.json").exists()

    restarted = run_testbed("up", *args, timeout=180)
    try:
        assert restarted.returncode == 0, restarted.stderr
        assert restarted.stdout.count("Demo-Nachrichten") == 1
        scenario = Catalogue.load(base_dir).resolve("DEMO")
        session = _session(workdir.root, scenario.intermediary_url, scenario, spill)
        session.init_dialog()
        big = session.fetch_delivery()  # only the big one is left: nothing lost or duplicated
        assert big.payload.process_card.message_id == ids[3]  # type: ignore[attr-defined]
        assert len(_attachment(big, session, "Aktenauszug.pdf")) >= 50 * 1024 * 1024 - 8192
        with pytest.raises(FeedbackError) as empty:
            session.fetch_delivery()
        assert empty.value.code == "9803"
    finally:
        assert run_testbed("down", "--data", str(data)).returncode == 0
