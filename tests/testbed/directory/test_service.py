"""The directory service over real HTTP: WSDL, SOAP faults, search, seed.

Client-level flows (register, confirm, update, recipients) are in
``tests/client/core/test_directory.py``; here the server is exercised with plain zeep and raw
HTTP, as any SOAP client would.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
import zeep
import zeep.exceptions
from lxml import etree

from profiles.paths import resource_dir
from testbed.pki import MAILBOXES, TestPki
from tests.testbed.support import INTERMEDIARY_URL, running_directory, session_pki

NS = "urn:bebpo:verzeichnisdienst:v1"
BINDING = f"{{{NS}}}VerzeichnisdienstBinding"


@pytest.fixture(scope="module")
def pki(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return session_pki(pytestconfig, tmp_path_factory)


@pytest.fixture(scope="module")
def url(pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_directory(tmp_path_factory.mktemp("directory"), pki) as (_server, _svc, url):
        yield url


@pytest.fixture(scope="module")
def service(url: str) -> object:
    client = zeep.Client(str(resource_dir() / "wsdl" / "directory.wsdl"))
    return client.create_service(BINDING, url)


def _fault_code(fault: zeep.exceptions.Fault) -> str:
    code = fault.detail.find(f".//{{{NS}}}Code")
    return str(code.text)


def _search(service: object, *criteria: tuple[str, str, str], page: int = 1, size: int = 100):
    wire = [{"Field": f, "Value": v, "Mode": m} for f, v, m in criteria]
    return service.SearchEntries(Criterion=wire, Page=page, PageSize=size)  # type: ignore[attr-defined]


def test_wsdl_is_served_with_the_real_address(url: str) -> None:
    answer = requests.get(f"{url}?wsdl", timeout=5)
    assert answer.status_code == 200
    tree = etree.fromstring(answer.content)
    address = tree.find(".//{http://schemas.xmlsoap.org/wsdl/soap/}address")
    assert address is not None
    assert address.get("location") == url
    # A zeep client built from the served WSDL (which imports the served XSD) works too.
    remote = zeep.Client(f"{url}?wsdl")
    result = remote.service.SearchEntries(
        Criterion=[{"Field": "Ort", "Value": "Celle", "Mode": "EXACT"}], Page=1, PageSize=5
    )
    assert result.Total == 1
    assert result.Entry[0].Visitenkarte.Organisation == "Oberlandesgericht Celle"


def test_seeded_entries_are_complete(service: object, pki: TestPki) -> None:
    everyone = _search(service, ("Land", "DE", "EXACT"))
    assert everyone.Total == len(MAILBOXES)
    courts = _search(service, ("Rolle", "egvp_justiz", "EXACT"))
    authorities = _search(service, ("Rolle", "egvp_bebpo", "EXACT"))
    assert courts.Total + authorities.Total == len(MAILBOXES)
    lander = {e.Visitenkarte.Bundesland for e in everyone.Entry}
    assert len(lander) >= 8
    demo = pki.mailbox("demo")
    entry = service.GetEntry(SafeId=demo.safe_id)  # type: ignore[attr-defined]
    assert entry.Visitenkarte.Nutzer_ID == demo.safe_id
    assert entry.Visitenkarte.Rollen_ID == "egvp_bebpo"
    assert entry.Visitenkarte["E-Mail"] == demo.mailbox.e_mail
    assert entry.EncryptionCertificate == demo.cipher.der
    assert entry.Intermediary.Url == INTERMEDIARY_URL
    assert entry.Intermediary.CipherCertificate == pki.intermediary_cipher.der
    assert entry.Intermediary.SignatureCertificate == pki.intermediary_signature.der
    assert [(r.RoleId, r.State) for r in entry.Role] == [("egvp_bebpo", "CONFIRMED")]


def test_contains_and_exact_per_field(service: object) -> None:
    contains = _search(service, ("Ort", "münch", "CONTAINS"))
    assert contains.Total == 6
    assert _search(service, ("Ort", "münch", "EXACT")).Total == 0
    exact = _search(service, ("Ort", "München", "EXACT"))
    assert exact.Total == contains.Total
    # Case and umlauts: "muenchen" and "MÜNCHEN" find München.
    assert _search(service, ("Ort", "MUENCHEN", "EXACT")).Total == 6
    both = _search(service, ("Ort", "München", "EXACT"), ("Organisation", "gericht", "CONTAINS"))
    names = sorted(e.Visitenkarte.Organisation for e in both.Entry)
    assert "Landeshauptstadt München" not in names
    assert "Amtsgericht München" in names
    assert "Landgericht München I" in names
    plz = _search(service, ("Postleitzahl", "55116", "EXACT"))
    assert all(e.Visitenkarte.Postleitzahl == "55116" for e in plz.Entry)
    assert plz.Total >= 5
    land = _search(service, ("Bundesland", "Niedersachsen", "EXACT"))
    assert {e.Visitenkarte.Ort for e in land.Entry} == {"Hannover", "Celle"}


def test_paging_is_stable_and_complete(service: object) -> None:
    total = _search(service, ("Land", "DE", "EXACT")).Total
    seen: list[str] = []
    page = 1
    while True:
        result = _search(service, ("Land", "DE", "EXACT"), page=page, size=7)
        assert result.Total == total
        assert result.Page == page
        assert result.PageSize == 7
        entries = result.Entry or []
        if not entries:
            break
        assert len(entries) <= 7
        seen.extend(e.SafeId for e in entries)
        page += 1
    assert len(seen) == len(set(seen)) == total
    assert page == -(-total // 7) + 1


@pytest.mark.parametrize(
    ("criteria", "page_size", "code"),
    [
        ([("Ort", "  ", "CONTAINS")], 10, "SEARCH_CRITERIA_MISSING"),
        ([("Ort", "Köln", "CONTAINS")], 101, "INVALID_PAGING"),
    ],
)
def test_search_refusals(
    service: object, criteria: list[tuple[str, str, str]], page_size: int, code: str
) -> None:
    with pytest.raises(zeep.exceptions.Fault) as caught:
        _search(service, *criteria, size=page_size)
    assert _fault_code(caught.value) == code


def test_unknown_safe_id_is_a_fault_with_a_code(service: object) -> None:
    with pytest.raises(zeep.exceptions.Fault) as caught:
        service.GetEntry(SafeId="DE.Justiz.00000000-0000-0000-0000-000000000000.0000")  # type: ignore[attr-defined]
    assert _fault_code(caught.value) == "UNKNOWN_SAFE_ID"
    assert caught.value.code == "soap:Client"


def _post(
    url: str, body: bytes, content_type: str = "text/xml; charset=utf-8"
) -> requests.Response:
    return requests.post(url, data=body, headers={"Content-Type": content_type}, timeout=5)


def _code_of(answer: requests.Response) -> str:
    tree = etree.fromstring(answer.content)
    return str(tree.findtext(f".//{{{NS}}}Code"))


ENVELOPE = (
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
    f'xmlns:d="{NS}"><soap:Body>{{body}}</soap:Body></soap:Envelope>'
)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"this is not XML", "INVALID_REQUEST"),
        (b"<a>no envelope</a>", "INVALID_REQUEST"),
        (ENVELOPE.format(body="<d:GetEntryRequest/>").encode(), "INVALID_REQUEST"),
        (
            ENVELOPE.format(
                body="<d:GetEntryRequest><d:Nope>x</d:Nope></d:GetEntryRequest>"
            ).encode(),
            "INVALID_REQUEST",
        ),
        (ENVELOPE.format(body="<d:DeleteEverything/>").encode(), "UNKNOWN_OPERATION"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]>'
            + ENVELOPE.format(
                body="<d:GetEntryRequest><d:SafeId>&e;</d:SafeId></d:GetEntryRequest>"
            ).encode(),
            "INVALID_REQUEST",
        ),
    ],
)
def test_malformed_requests_get_soap_faults(url: str, body: bytes, code: str) -> None:
    answer = _post(url, body)
    assert answer.status_code == 500
    assert answer.headers["Content-Type"].startswith("text/xml")
    assert _code_of(answer) == code


def test_http_level_refusals(url: str) -> None:
    assert _post(url, b"<x/>", "application/json").status_code == 415
    assert requests.get(url.replace("verzeichnisdienst", "nichts"), timeout=5).status_code == 404
    assert _post(url + "x", b"<x/>").status_code == 404
    huge = b"<x>" + b"a" * (300 * 1024) + b"</x>"
    assert _post(url, huge).status_code == 413


def test_wsdl_and_schema_files_are_valid(tmp_path: Path) -> None:
    folder = resource_dir() / "wsdl"
    for name in ("directory.xsd", "validation.xsd"):
        etree.XMLSchema(etree.parse(str(folder / name)))
    for name in ("directory.wsdl", "validation.wsdl"):
        client = zeep.Client(str(folder / name))
        assert client.wsdl.services


def test_concurrent_requests_get_their_own_answers(url: str) -> None:
    good = ENVELOPE.format(
        body="<d:SearchEntriesRequest><d:Criterion><d:Field>Ort</d:Field><d:Value>Celle"
        "</d:Value><d:Mode>EXACT</d:Mode></d:Criterion><d:Page>1</d:Page>"
        "<d:PageSize>5</d:PageSize></d:SearchEntriesRequest>"
    ).encode()

    def bad(n: int) -> bytes:
        return ENVELOPE.format(
            body=f"<d:GetEntryRequest><d:Falsch{n}>x</d:Falsch{n}></d:GetEntryRequest>"
        ).encode()

    def one(n: int) -> bool:
        if n % 2:
            answer = _post(url, good)
            return answer.status_code == 200 and b"Oberlandesgericht Celle" in answer.content
        answer = _post(url, bad(n))
        text = etree.fromstring(answer.content).findtext(f".//{{{NS}}}Text") or ""
        return _code_of(answer) == "INVALID_REQUEST" and f"Falsch{n}" in text

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one, range(64)))
    assert all(results)
