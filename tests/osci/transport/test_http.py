from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from osci.errors import (
    ConnectionFailed,
    HttpStatusError,
    OsciError,
    ProxyRejected,
    ResponseTooLarge,
    TlsError,
    TransportError,
    TransportTimeout,
)
from osci.transport import HttpTransport
from tests.helpers.services import free_port
from tests.osci.transport.servers import origin, proxy, self_signed, server_context

MESSAGE_HEAD = b"MIME-Version: 1.0\r\nContent-Type: Multipart/Related; boundary=b\r\n\r\n"


def _body(size: int) -> Iterator[bytes]:
    """A deterministic body, generated in uneven chunks."""
    yield MESSAGE_HEAD
    remaining = size - len(MESSAGE_HEAD)
    block = bytes(range(251)) * 200
    while remaining > 0:
        piece = block[: min(len(block), remaining)]
        remaining -= len(piece)
        yield piece


def _digest(size: int) -> bytes:
    return hashlib.sha256(b"".join(_body(size))).digest()


def test_streamed_upload_arrives_exactly_with_progress() -> None:
    size = 3 * 1024 * 1024 + 17
    progress: list[int] = []
    with origin() as (base, state), HttpTransport(f"{base}/echo") as transport:
        response = transport.post(_body(size), length=size, on_upload=progress.append)
        with response:
            assert response.status == 200
            assert response.read() == _digest(size)
    (seen,) = state.received
    assert seen.length == size
    assert seen.sha256 == _digest(size)
    assert seen.head.startswith(MESSAGE_HEAD)
    assert seen.headers["Content-Type"] == "text/xml"
    assert seen.headers["Content-Length"] == str(size)
    assert "Transfer-Encoding" not in seen.headers
    assert seen.headers["User-Agent"] == "beBPo-Client"
    assert progress == sorted(progress)
    assert progress[-1] == size
    assert len(progress) > 10


def test_bytes_body_and_unknown_length_body() -> None:
    with origin() as (base, state), HttpTransport(f"{base}/echo") as transport:
        progress: list[int] = []
        with transport.post(b"<a/>" * 100_000, on_upload=progress.append) as response:
            assert response.read() == hashlib.sha256(b"<a/>" * 100_000).digest()
        assert progress[-1] == 400_000
        with transport.post(_body(200_000)) as response:  # no length: chunked
            assert response.read() == _digest(200_000)
        with transport.post(b"") as response:
            assert response.read() == hashlib.sha256(b"").digest()
    assert [seen.length for seen in state.received] == [400_000, 200_000, 0]
    assert state.received[1].headers.get("Transfer-Encoding") == "chunked"


def test_declared_length_must_match() -> None:
    with origin() as (base, _), HttpTransport(f"{base}/echo") as transport:
        with pytest.raises(TransportError, match="longer"):
            transport.post(_body(5000), length=100)
        with pytest.raises(TransportError, match="shorter"):
            transport.post(_body(5000), length=6000)


class _Cancelled(Exception):
    pass


def test_upload_progress_callback_can_cancel() -> None:
    def cancel_after_a_megabyte(sent: int) -> None:
        if sent > 1024 * 1024:
            raise _Cancelled

    size = 8 * 1024 * 1024
    with origin() as (base, state), HttpTransport(f"{base}/echo") as transport:
        with pytest.raises(_Cancelled):
            transport.post(_body(size), length=size, on_upload=cancel_after_a_megabyte)
        with transport.post(b"<a/>") as response:  # the transport is still usable
            assert response.status == 200
    assert all(seen.length != size for seen in state.received)


def test_download_is_streamed_with_progress() -> None:
    size = 5 * 1024 * 1024 + 3
    progress: list[int] = []
    with origin() as (base, _), HttpTransport(f"{base}/download?size={size}") as transport:
        with transport.post(b"x", on_download=progress.append) as response:
            chunks = list(response.iter_body(chunk_size=32 * 1024))
        assert sum(len(chunk) for chunk in chunks) == size
        assert max(len(chunk) for chunk in chunks) <= 32 * 1024
        assert progress == sorted(progress)
        assert progress[-1] == size
        with pytest.raises(TransportError, match="already read"):
            list(response.iter_body())


def test_soap_fault_with_500_is_returned() -> None:
    with (
        origin() as (base, _),
        HttpTransport(f"{base}/fault") as transport,
        transport.post(b"<a/>") as response,
    ):
        assert response.status == 500
        assert b"soap fault" in response.read()


@pytest.mark.parametrize(("path", "status"), [("redirect", 302), ("missing", 404)])
def test_other_statuses_are_errors(path: str, status: int) -> None:
    with origin() as (base, state), HttpTransport(f"{base}/{path}") as transport:
        with pytest.raises(HttpStatusError) as caught:
            transport.post(b"<a/>")
        assert caught.value.status == status
    assert [seen.path for seen in state.received] == [f"/{path}"]  # the redirect was not followed


def test_connection_refused() -> None:
    with (
        HttpTransport(f"http://127.0.0.1:{free_port()}/osci") as transport,
        pytest.raises(ConnectionFailed),
    ):
        transport.post(b"<a/>")


def test_not_an_http_url() -> None:
    with pytest.raises(ConnectionFailed):
        HttpTransport("ftp://127.0.0.1/osci")


def test_server_that_sleeps_times_out() -> None:
    with origin() as (base, _):
        with (
            HttpTransport(f"{base}/sleep", read_timeout=0.3) as transport,
            pytest.raises(TransportTimeout),
        ):
            transport.post(b"<a/>")
        with (
            HttpTransport(f"{base}/stall", read_timeout=0.3) as transport,
            transport.post(b"<a/>") as response,
            pytest.raises(TransportTimeout),
        ):
            response.read()


def test_response_too_large() -> None:
    size = 2 * 1024 * 1024
    with origin() as (base, _):
        url = f"{base}/download?size={size}"
        with (
            HttpTransport(url, max_response_bytes=size - 1) as transport,
            pytest.raises(ResponseTooLarge),  # declared by Content-Length
        ):
            transport.post(b"x")
        with (
            HttpTransport(f"{url}&declare=no", max_response_bytes=size - 1) as transport,
            transport.post(b"x") as response,
            pytest.raises(ResponseTooLarge) as caught,
        ):
            response.read()
        assert caught.value.limit == size - 1
        with (
            HttpTransport(f"{url}&declare=no", max_response_bytes=size) as transport,
            transport.post(b"x") as response,
        ):
            assert len(response.read()) == size


def test_environment_proxy_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{free_port()}")
    with (
        origin() as (base, state),
        HttpTransport(f"{base}/echo") as transport,
        transport.post(b"direct") as response,
    ):
        assert response.status == 200
    assert len(state.received) == 1


def test_proxy_forwards_small_and_refuses_big_messages() -> None:
    limit = 1024 * 1024
    with (
        origin() as (base, state),
        proxy(limit) as (proxy_url, seen),
        HttpTransport(f"{base}/echo", proxy_url=proxy_url) as transport,
    ):
        with transport.post(_body(10_000), length=10_000) as response:
            assert response.read() == _digest(10_000)
            assert response.headers["Via"] == "1.1 test-proxy"
        with pytest.raises(ProxyRejected) as caught:
            transport.post(_body(limit + 1), length=limit + 1)
    assert caught.value.status == 413
    assert "proxy refused the message size" in caught.value.reason
    assert seen == [f"{base}/echo", f"{base}/echo"]  # absolute URIs: it went through the proxy
    assert len(state.received) == 1  # the big one never reached the intermediary


def test_proxy_that_hangs_up_during_the_upload() -> None:
    size = 64 * 1024 * 1024
    with (
        origin() as (base, state),
        proxy(1024, mode="hangup") as (proxy_url, _),
        HttpTransport(f"{base}/echo", proxy_url=proxy_url) as transport,
        pytest.raises(ProxyRejected) as caught,
    ):
        transport.post(_body(size), length=size)
    assert caught.value.status is None
    assert "proxy refused the message size" in caught.value.reason
    assert state.received == []


def test_unreachable_proxy() -> None:
    with origin() as (base, _):
        proxy_url = f"http://127.0.0.1:{free_port()}"
        with (
            HttpTransport(f"{base}/echo", proxy_url=proxy_url) as transport,
            pytest.raises(ConnectionFailed, match="proxy"),
        ):
            transport.post(b"<a/>")


def test_tls_verification(tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    with origin(tls=server_context(cert, key)) as (base, state):
        assert base.startswith("https://")
        with HttpTransport(f"{base}/echo") as transport, pytest.raises(TlsError):
            transport.post(b"<a/>")
        with (
            HttpTransport(f"{base}/echo", ca_bundle=str(cert)) as transport,
            transport.post(b"<a/>") as response,
        ):
            assert response.read() == hashlib.sha256(b"<a/>").digest()
    assert len(state.received) == 1


def test_tls_hostname_mismatch_is_refused_even_with_the_anchor(tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path, ip=False)
    with (
        origin(tls=server_context(cert, key)) as (base, state),
        HttpTransport(f"{base}/echo", ca_bundle=str(cert)) as transport,
        pytest.raises(TlsError),
    ):
        transport.post(b"<a/>")
    assert state.received == []


def test_unusable_ca_bundle(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.pem"
    bogus.write_text("kein Zertifikat", encoding="utf-8")
    with pytest.raises(TlsError, match="CA bundle"):
        HttpTransport("https://127.0.0.1/osci", ca_bundle=str(bogus))


def test_every_error_is_an_osci_error() -> None:
    for error in (ConnectionFailed, TransportTimeout, TlsError, ProxyRejected, ResponseTooLarge):
        assert issubclass(error, OsciError)
