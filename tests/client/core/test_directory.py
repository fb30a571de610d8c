"""The directory client against the real directory service on loopback."""

from __future__ import annotations

import dataclasses
import http.server
import threading
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from client.core.directory import (
    DirectoryClient,
    DirectoryEntry,
    Recipient,
    RoleState,
    SearchCriterion,
    SearchField,
    SearchMode,
)
from client.core.errors import (
    DirectoryEntryNotFound,
    DirectoryRequestRefused,
    ServiceAnswerInvalid,
    ServiceUnreachable,
    user_message,
)
from client.core.soap import ServiceSettings, _OneUrlTransport
from client.egvp.model import Visitenkarte
from profiles.paths import resource_dir
from profiles.scenarios import Catalogue
from testbed._soap import RawEndpoint, ServiceServer
from testbed.directory.seed import seed_record
from testbed.pki import TestPki
from tests.helpers.services import ServiceProcess, free_port, python_argv
from tests.testbed.support import INTERMEDIARY_URL, run_testbed, running_directory, session_pki


@pytest.fixture(scope="module")
def pki(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return session_pki(pytestconfig, tmp_path_factory)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "directory"


@pytest.fixture
def directory(pki: TestPki, data: Path) -> Iterator[DirectoryClient]:
    with running_directory(data, pki) as (_server, _service, url):
        yield DirectoryClient(ServiceSettings(url, timeout=5))


def _mailbox_key() -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """A fresh self-signed Postfach certificate as EGVP makes one (RSA 3072, 3 years)."""
    key = _key()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Ordnungsamt Beispielstadt")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=3 * 365))
        .add_extension(
            x509.KeyUsage(True, True, True, False, False, False, False, False, False),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    return key, cert


_KEYS: list[rsa.RSAPrivateKey] = []


def _key() -> rsa.RSAPrivateKey:
    # Two fresh keys serve every test of this module (RSA-3072 generation is slow).
    if len(_KEYS) < 2:
        _KEYS.append(rsa.generate_private_key(65537, 3072))
        return _KEYS[-1]
    _KEYS.reverse()
    return _KEYS[0]


CARD = Visitenkarte(
    organisation="Stadt Beispielstadt",
    organisationszusatz="Ordnungsamt",
    name="Poststelle",
    strasse="Marktplatz",
    hausnummer="1",
    postleitzahl="55116",
    ort="Mainz",
    bundesland="Rheinland-Pfalz",
    land="DE",
    e_mail="poststelle@beispielstadt.invalid",
    telefon="06131 000-99",
)


# ---------------------------------------------------------------------- search and fetch


def test_search_modes_and_paging(directory: DirectoryClient) -> None:
    contains = directory.search([SearchCriterion(SearchField.ORT, "köln")], page_size=2)
    assert contains.total == 5
    assert contains.pages == 3
    assert contains.has_next
    assert len(contains.hits) == 2
    names: list[str] = []
    for page in range(1, contains.pages + 1):
        result = directory.search(
            [SearchCriterion(SearchField.ORT, "köln")], page=page, page_size=2
        )
        names.extend(h.visitenkarte.organisation for h in result.hits)
    assert len(names) == len(set(names)) == 5
    assert "Amtsgericht Köln" in names
    assert not result.has_next
    exact = directory.search([SearchCriterion(SearchField.ORT, "Köl", SearchMode.EXACT)])
    assert exact.total == 0
    bebpo_in_cologne = directory.search(
        [
            SearchCriterion(SearchField.ORT, "Köln", SearchMode.EXACT),
            SearchCriterion(SearchField.ROLLE, "egvp_bebpo", SearchMode.EXACT),
        ]
    )
    assert {h.visitenkarte.organisation for h in bebpo_in_cologne.hits} == {
        "Stadt Köln",
        "Finanzamt Köln-Altstadt",
    }
    assert all(h.roles[0].confirmed for h in bebpo_in_cologne.hits)
    with pytest.raises(ValueError, match="page size"):
        directory.search([SearchCriterion(SearchField.ORT, "Köln")], page_size=500)


def test_search_by_each_field(directory: DirectoryClient, pki: TestPki) -> None:
    court = pki.mailbox("olg-celle")
    cases = [
        (SearchField.ORGANISATION, "Oberlandesgericht Celle"),
        (SearchField.POSTLEITZAHL, "29221"),
        (SearchField.BUNDESLAND, "Niedersachsen"),
        (SearchField.SAFE_ID, court.safe_id),
        (SearchField.LAND, "DE"),
    ]
    for field, value in cases:
        result = directory.search([SearchCriterion(field, value, SearchMode.EXACT)], page_size=100)
        assert court.safe_id in {h.safe_id for h in result.hits}, field
    by_name = directory.search([SearchCriterion(SearchField.NAME, "widerrufenes")])
    assert by_name.total == 1
    assert by_name.hits[0].visitenkarte.vorname == "- nur für interne Tests -"


def test_get_entry_returns_card_certificate_and_intermediary(
    directory: DirectoryClient, pki: TestPki
) -> None:
    court = pki.mailbox("ag-hannover")
    entry = directory.get_entry(court.safe_id)
    assert entry.safe_id == court.safe_id
    card = entry.visitenkarte
    assert card.organisation == "Amtsgericht Hannover"
    assert (card.strasse, card.hausnummer, card.postleitzahl, card.ort) == (
        "Volgersweg",
        "1",
        "30175",
        "Hannover",
    )
    assert card.nutzer_id == court.safe_id
    assert card.rollen_id == "egvp_justiz"
    assert entry.encryption_certificate == court.cipher.certificate
    assert entry.intermediary.url == INTERMEDIARY_URL
    assert entry.intermediary.cipher_certificate == pki.intermediary_cipher.certificate
    assert entry.intermediary.signature_certificate == pki.intermediary_signature.certificate
    assert entry.role_state("egvp_justiz") is RoleState.CONFIRMED
    assert entry.role_state("egvp_bebpo") is None
    assert not entry.bebpo_confirmed
    assert entry.created <= entry.modified <= datetime.now(UTC)


def test_unknown_safe_id_is_a_typed_error(directory: DirectoryClient) -> None:
    with pytest.raises(DirectoryEntryNotFound) as caught:
        directory.get_entry("DE.Justiz.00000000-0000-0000-0000-000000000000.0000")
    assert caught.value.code == "UNKNOWN_SAFE_ID"
    assert caught.value.safe_id.endswith(".0000")
    message = user_message(caught.value)
    assert message.title == "Eintrag nicht gefunden"
    assert "DE.Justiz.00000000-0000-0000-0000-000000000000.0000" in message.text


def test_search_without_terms_is_refused(directory: DirectoryClient) -> None:
    with pytest.raises(DirectoryRequestRefused) as caught:
        directory.search([SearchCriterion(SearchField.ORT, "   ")])
    assert caught.value.code == "SEARCH_CRITERIA_MISSING"
    assert "mindestens einen Suchbegriff" in user_message(caught.value).text


# ---------------------------------------------------------------------- recipients


def test_recipients_come_only_from_the_directory(directory: DirectoryClient, pki: TestPki) -> None:
    hit = directory.search(
        [SearchCriterion(SearchField.ORGANISATION, "Amtsgericht Mainz", SearchMode.EXACT)]
    ).hits[0]
    recipient = directory.recipient(hit)
    court = pki.mailbox("ag-mainz")
    assert recipient.safe_id == court.safe_id
    assert recipient.encryption_certificate == court.cipher.certificate
    assert recipient.intermediary.url == INTERMEDIARY_URL
    assert recipient.display_name == "Amtsgericht Mainz"
    with pytest.raises(TypeError, match=r"DirectoryClient\.recipient"):
        Recipient(recipient.entry, datetime.now(UTC), b"\x00" * 32)
    other = directory.get_entry(pki.mailbox("lg-mainz").safe_id)
    forged_entry = dataclasses.replace(recipient.entry, safe_id=other.safe_id)
    with pytest.raises(TypeError):
        dataclasses.replace(recipient, entry=forged_entry)
    swapped = dataclasses.replace(recipient.entry, encryption_certificate=pki.weak.certificate)
    with pytest.raises(TypeError):
        Recipient(swapped, recipient.fetched, recipient.seal)
    # Same data, still fine (e.g. a copy).
    assert dataclasses.replace(recipient) == recipient


def test_recipient_is_fetched_afresh(directory: DirectoryClient, pki: TestPki, data: Path) -> None:
    key, cert = _mailbox_key()
    entry = directory.register(CARD, cert, key)
    hit = directory.search([SearchCriterion(SearchField.SAFE_ID, entry.safe_id, SearchMode.EXACT)])
    new_key, new_cert = _mailbox_key()
    directory.update(entry.safe_id, CARD, key, new_certificate=new_cert, new_key=new_key)
    assert directory.recipient(hit.hits[0]).encryption_certificate == new_cert


# ---------------------------------------------------------------------- own entry


def test_register_confirm_update(directory: DirectoryClient, data: Path) -> None:
    key, cert = _mailbox_key()
    entry = directory.register(CARD, cert, key)
    assert entry.safe_id.startswith("DE.Justiz.")
    parts = entry.safe_id.split(".")
    assert len(parts) == 4
    assert len(parts[3]) == 4
    assert parts[3].isdigit()
    assert entry.role_state() is RoleState.UNCONFIRMED
    assert entry.visitenkarte.rollen_id == ""
    assert entry.visitenkarte.nutzer_id == entry.safe_id
    assert entry.encryption_certificate == cert
    assert directory.role_state(entry.safe_id) is RoleState.UNCONFIRMED
    unconfirmed = directory.search(
        [SearchCriterion(SearchField.ROLLE, "egvp_bebpo", SearchMode.EXACT),
         SearchCriterion(SearchField.ORGANISATION, "Beispielstadt")]
    )  # fmt: skip
    assert unconfirmed.total == 0  # the role does not count until confirmed
    # The Prüfstelle confirms the role with the operator command on the same data folder.
    confirmed = run_testbed("directory", "confirm", entry.safe_id, "--data", str(data))
    assert confirmed.returncode == 0, confirmed.stderr
    assert "bestätigt" in confirmed.stdout
    again = directory.get_entry(entry.safe_id)
    assert again.bebpo_confirmed
    assert again.visitenkarte.rollen_id == "egvp_bebpo"
    # A new telephone number keeps the role …
    phone = dataclasses.replace(CARD, telefon="06131 000-100")
    kept = directory.update(entry.safe_id, phone, key)
    assert not kept.reconfirmation_required
    assert kept.entry.bebpo_confirmed
    assert kept.entry.visitenkarte.telefon == "06131 000-100"
    # … a new name of the authority needs the Prüfstelle again.
    renamed = dataclasses.replace(phone, organisation="Verbandsgemeinde Beispielstadt")
    changed = directory.update(entry.safe_id, renamed, key)
    assert changed.reconfirmation_required
    assert changed.entry.role_state() is RoleState.UNCONFIRMED
    assert directory.get_entry(entry.safe_id).visitenkarte.organisation == (
        "Verbandsgemeinde Beispielstadt"
    )


def test_update_needs_the_registered_key(directory: DirectoryClient, pki: TestPki) -> None:
    key, cert = _mailbox_key()
    entry = directory.register(CARD, cert, key)
    with pytest.raises(DirectoryRequestRefused) as caught:
        directory.update(entry.safe_id, CARD, pki.mailbox("demo").cipher.key)
    assert caught.value.code == "PROOF_INVALID"
    assert "Besitznachweis" in user_message(caught.value).text
    # Someone else's entry cannot be changed with our key either.
    court = pki.mailbox("ag-trier")
    with pytest.raises(DirectoryRequestRefused) as other:
        directory.update(court.safe_id, CARD, key)
    assert other.value.code == "PROOF_INVALID"
    assert directory.get_entry(court.safe_id).visitenkarte.organisation == "Amtsgericht Trier"


def test_replayed_or_stale_proofs_are_refused(directory: DirectoryClient) -> None:
    key, cert = _mailbox_key()
    moment = datetime.now(UTC)
    entry = directory.register(CARD, cert, key, now=moment)
    with pytest.raises(DirectoryRequestRefused) as replay:
        directory.update(entry.safe_id, CARD, key, now=moment)
    assert replay.value.code == "PROOF_EXPIRED"
    with pytest.raises(DirectoryRequestRefused) as stale:
        directory.update(entry.safe_id, CARD, key, now=moment - timedelta(hours=1))
    assert stale.value.code == "PROOF_EXPIRED"
    assert "Uhrzeit" in user_message(stale.value).text


def test_new_certificate_needs_proof_of_its_key(directory: DirectoryClient) -> None:
    key, cert = _mailbox_key()
    entry = directory.register(CARD, cert, key)
    other_key, new_cert = _mailbox_key()
    with pytest.raises(DirectoryRequestRefused) as caught:
        directory.update(entry.safe_id, CARD, key, new_certificate=new_cert, new_key=key)
    assert caught.value.code == "PROOF_INVALID"
    assert caught.value.field == "NewKeyProof"
    result = directory.update(entry.safe_id, CARD, key, new_certificate=new_cert, new_key=other_key)
    assert result.entry.encryption_certificate == new_cert
    with pytest.raises(ValueError, match="needs its key"):
        directory.update(entry.safe_id, CARD, key, new_certificate=new_cert)


@pytest.mark.parametrize(
    ("which", "code"),
    [
        ("weak", "CERTIFICATE_KEY_TOO_SHORT"),
        ("expired", "CERTIFICATE_EXPIRED"),
        ("in-use", "CERTIFICATE_IN_USE"),
        ("intermediary", "CERTIFICATE_INVALID"),
    ],
)
def test_register_refuses_unusable_certificates(
    directory: DirectoryClient, pki: TestPki, which: str, code: str
) -> None:
    credential = {
        "weak": pki.weak,
        "expired": pki.expired,
        "in-use": pki.mailbox("demo").cipher,
        "intermediary": pki.intermediary_signature,  # no keyEncipherment
    }[which]
    with pytest.raises(DirectoryRequestRefused) as caught:
        directory.register(CARD, credential.certificate, credential.key)
    assert caught.value.code == code
    assert caught.value.field == "EncryptionCertificate"
    message = user_message(caught.value)
    assert message.title == "Vom Verzeichnisdienst abgelehnt"
    assert "Postfachzertifikat" in message.text


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"organisation": ""}, "Organisation"),
        ({"postleitzahl": "5511"}, "Postleitzahl"),
        ({"bundesland": "Preußen"}, "Bundesland"),
        ({"e_mail": "keine-adresse"}, "E-Mail"),
        ({"name": "Zeile\nUmbruch"}, "Name"),
        ({"organisation": "x" * 256}, "Organisation"),
    ],
)
def test_register_refuses_invalid_fields(
    directory: DirectoryClient, change: dict[str, str], field: str
) -> None:
    key, cert = _mailbox_key()
    with pytest.raises(DirectoryRequestRefused) as caught:
        directory.register(dataclasses.replace(CARD, **change), cert, key)
    assert caught.value.code == "INVALID_FIELD"
    assert caught.value.field == field
    assert f"„{field}“" in user_message(caught.value).text


def test_register_refuses_a_role_that_cannot_be_applied_for(directory: DirectoryClient) -> None:
    key, cert = _mailbox_key()
    with pytest.raises(DirectoryRequestRefused) as caught:
        directory.register(CARD, cert, key, role="egvp_justiz")
    assert caught.value.code == "ROLE_NOT_ALLOWED"


# ---------------------------------------------------------------------- transport


def test_unreachable_and_wrong_endpoints(pki: TestPki, data: Path) -> None:
    # The WSDL is local: a client can be built while the service is down …
    dead = DirectoryClient(ServiceSettings(f"http://127.0.0.1:{free_port()}/x", timeout=2))
    with pytest.raises(ServiceUnreachable) as caught:
        dead.search([SearchCriterion(SearchField.ORT, "Köln")])
    assert user_message(caught.value).title == "Dienst nicht erreichbar"
    assert "Verzeichnisdienst" in user_message(caught.value).text
    with running_directory(data, pki) as (_server, _service, url):
        wrong = DirectoryClient(ServiceSettings(url + "-falsch", timeout=2))
        with pytest.raises(ServiceAnswerInvalid) as invalid:
            wrong.get_entry("DE.Justiz.x")
    assert "404" in invalid.value.reason


class _RecordingProxy(http.server.BaseHTTPRequestHandler):
    """A forward proxy on loopback that remembers what passed through it."""

    seen: list[str] = []  # noqa: RUF012 - per-test class state, reset by the fixture

    def do_POST(self) -> None:
        self.seen.append(self.path)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        forward = urllib.request.Request(
            self.path, data=body, method="POST",
            headers={"Content-Type": self.headers["Content-Type"],
                     "SOAPAction": self.headers.get("SOAPAction", "")},
        )  # fmt: skip
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(forward, timeout=5) as answer:
                status, payload = answer.status, answer.read()
                kind = answer.headers["Content-Type"]
        except urllib.error.HTTPError as error:
            status, payload, kind = error.code, error.read(), error.headers["Content-Type"]
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        del format, args


@pytest.fixture
def proxy() -> Iterator[tuple[str, list[str]]]:
    _RecordingProxy.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _RecordingProxy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", _RecordingProxy.seen
    finally:
        server.shutdown()
        server.server_close()


def test_configured_proxy_is_used(
    pki: TestPki, data: Path, proxy: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy_url, seen = proxy
    # A proxy in the environment is ignored; only the configured one is used.
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{free_port()}")
    with running_directory(data, pki) as (_server, _service, url):
        plain = DirectoryClient(ServiceSettings(url, timeout=5))
        assert plain.search([SearchCriterion(SearchField.ORT, "Celle")]).total == 1
        assert seen == []
        proxied = DirectoryClient(ServiceSettings(url, timeout=5, proxy=proxy_url))
        assert proxied.search([SearchCriterion(SearchField.ORT, "Celle")]).total == 1
    assert seen == [url]


def test_for_scenario_uses_the_scenario_url(base_dir: Path) -> None:
    scenario = Catalogue.load(base_dir).resolve("DEMO")
    client = DirectoryClient.for_scenario(scenario, timeout=3)
    assert (
        client.settings.url == scenario.directory_url == "http://127.0.0.1:47181/verzeichnisdienst"
    )


# ---------------------------------------------------------------------- persistence


def test_registrations_survive_a_restart(pki: TestPki, tmp_path: Path) -> None:
    data = tmp_path / "d"
    port = free_port()
    argv = python_argv("-m", "testbed", "directory", "--data", str(data), "--pki",
                       str(pki.folder), "--port", str(port))  # fmt: skip
    url = f"http://127.0.0.1:{port}/verzeichnisdienst"
    key, cert = _mailbox_key()
    first = ServiceProcess(argv, tmp_path / "first.log")
    first.start()
    try:
        first.wait_ready(lambda: (data / "directory.sqlite3").exists() and _answers(url))
        client = DirectoryClient(ServiceSettings(url, timeout=5))
        entry = client.register(CARD, cert, key)
        assert (
            run_testbed("directory", "confirm", entry.safe_id, "--data", str(data)).returncode == 0
        )
    finally:
        first.stop()
    second = ServiceProcess(argv, tmp_path / "second.log")
    second.start()
    try:
        second.wait_ready(lambda: _answers(url))
        client = DirectoryClient(ServiceSettings(url, timeout=5))
        again = client.get_entry(entry.safe_id)
        assert again.encryption_certificate == cert
        assert again.bebpo_confirmed
        assert again.visitenkarte.organisation == CARD.organisation
        # Seeded only once: the restart added nothing.
        assert client.search([SearchCriterion(SearchField.LAND, "DE")], page_size=1).total == (
            len(pki.mailboxes()) + 1
        )
    finally:
        second.stop()
    assert "seeded with" not in second.output()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}?wsdl", timeout=1) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


def test_entry_types_are_plain_frozen_data(directory: DirectoryClient, pki: TestPki) -> None:
    entry = directory.get_entry(pki.mailbox("bgh").safe_id)
    assert isinstance(entry, DirectoryEntry)
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.safe_id = "DE.Justiz.x"  # type: ignore[misc]


def test_answers_the_wsdl_does_not_promise_are_typed_errors(pki: TestPki, data: Path) -> None:
    # An entry whose stored certificate is garbage: the SOAP answer is schema-valid, but it does
    # not hold a certificate.
    with running_directory(data, pki) as (_server, service, url):
        broken = dataclasses.replace(
            seed_record(pki.mailbox("ag-bremen")),
            safe_id="DE.Justiz.kaputt.0001",
            certificate=b"no certificate",
        )
        service.store.insert(broken)
        client = DirectoryClient(ServiceSettings(url, timeout=5))
        with pytest.raises(ServiceAnswerInvalid):
            client.get_entry(broken.safe_id)
    # An HTML page where the service should be.
    page = ServiceServer(
        [], [RawEndpoint("/verzeichnisdienst", "text/xml", lambda _b: (200, "text/html",
                                                                        b"<html><p>Wartung</html"))]
    ).start()  # fmt: skip
    try:
        client = DirectoryClient(ServiceSettings(page.url("/verzeichnisdienst"), timeout=5))
        with pytest.raises(ServiceAnswerInvalid) as caught:
            client.get_entry("DE.Justiz.x")
    finally:
        page.stop()
    assert user_message(caught.value).title == "Unerwartete Antwort"


def test_transport_reads_local_wsdl_only_and_posts_to_one_url(tmp_path: Path) -> None:
    settings = ServiceSettings("http://127.0.0.1:1/verzeichnisdienst", timeout=1)
    wsdl_dir = resource_dir() / "wsdl"
    transport = _OneUrlTransport(settings, wsdl_dir)
    assert transport.load(str(wsdl_dir / "directory.xsd")).startswith(b"<?xml")
    with pytest.raises(ValueError, match="may only come from"):
        transport.load("http://127.0.0.1:1/directory.xsd")
    outside = tmp_path / "other.xsd"
    outside.write_bytes(b"<x/>")
    with pytest.raises(ValueError, match="may only come from"):
        transport.load(str(outside))
    with pytest.raises(ValueError, match="refusing to post"):
        transport.post("http://127.0.0.1:2/anderswo", b"<x/>", {})
    assert transport.session.trust_env is False
