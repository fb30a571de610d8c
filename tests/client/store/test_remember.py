"""Remembering the password: only in a secure OS secret store; tests use an in-memory backend
passed explicitly, so the user's real keyring is never touched."""

from __future__ import annotations

import keyring.errors
import pytest
from keyring.backend import KeyringBackend

from client.store import InsecureKeyring, MailboxStore, PasswordMemory
from profiles.paths import WorkdirPaths
from tests.client.store.conftest import PASSWORD

THIS_MODULE = (__name__,)


class MemoryKeyring(KeyringBackend):
    """A dict; priority below zero so keyring never picks it as a default backend."""

    priority = -1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


def test_a_secure_backend_remembers_and_opens_the_store(
    store: MailboxStore, paths: WorkdirPaths
) -> None:
    backend = MemoryKeyring()
    memory = PasswordMemory(backend, secure_modules=THIS_MODULE)
    assert memory.available()
    store_id = MailboxStore.read_store_id(paths)
    memory.remember(store_id, PASSWORD)
    assert backend.entries == {("bebpo-client", f"store:{store_id}"): PASSWORD}
    store.close()
    recalled = memory.recall(store_id)
    assert recalled is not None
    with MailboxStore.open(paths, recalled) as again:
        assert again.store_id == store_id
    assert memory.forget(store_id)
    assert not memory.forget(store_id)
    assert memory.recall(store_id) is None


def test_an_insecure_backend_is_refused() -> None:
    backend = MemoryKeyring()
    memory = PasswordMemory(backend)  # only the real OS secret stores count as secure
    assert not memory.available()
    with pytest.raises(InsecureKeyring) as caught:
        memory.remember("store-id", PASSWORD)
    assert caught.value.backend == __name__
    assert backend.entries == {}
    backend.entries[("bebpo-client", "store:store-id")] = PASSWORD
    assert memory.recall("store-id") is None  # never read back from an insecure store
