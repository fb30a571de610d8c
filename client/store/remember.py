"""Optionally remembering the mailbox password in the OS secret store (DESIGN.md §5).

The store's key is derived from the mailbox password (scrypt) and never kept anywhere. The user may
ask the client to remember the *password* so the store opens without typing it; that is only
offered when the active keyring backend is a real OS secret store (Secret Service, KWallet,
Windows Credential Locker, macOS Keychain). The plaintext file backend of ``keyrings.alt`` and
the ``fail`` backend are refused (research/stack.md §7).

Entries: service ``bebpo-client``, user name ``store:<store id>`` (the store id is public, in the
key file). Tests pass their own backend and the module names they treat as secure; nothing here
touches the user's real keyring unless the caller uses the default backend.
"""

from __future__ import annotations

import logging

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from client.store.errors import InsecureKeyring

logger = logging.getLogger(__name__)

SERVICE = "bebpo-client"
SECURE_BACKEND_MODULES = (
    "keyring.backends.SecretService",
    "keyring.backends.kwallet",
    "keyring.backends.Windows",
    "keyring.backends.macOS",
    "keyring.backends.libsecret",
)


def _user(store_id: str) -> str:
    return f"store:{store_id}"


class PasswordMemory:
    """Remember, recall and forget the password of a store in the OS secret store."""

    def __init__(
        self,
        backend: KeyringBackend | None = None,
        *,
        secure_modules: tuple[str, ...] = SECURE_BACKEND_MODULES,
    ) -> None:
        self._backend = backend
        self._secure_modules = secure_modules

    @property
    def backend(self) -> KeyringBackend:
        return self._backend if self._backend is not None else keyring.get_keyring()

    def _backends(self) -> list[KeyringBackend]:
        backend = self.backend
        # The chainer wraps several backends; any secure one among them counts.
        return list(getattr(backend, "backends", [backend]))

    def available(self) -> bool:
        """Whether "remember the password" may be offered."""
        return any(type(b).__module__.startswith(self._secure_modules) for b in self._backends())

    def remember(self, store_id: str, password: str) -> None:
        if not self.available():
            raise InsecureKeyring(backend=type(self.backend).__module__)
        self.backend.set_password(SERVICE, _user(store_id), password)
        logger.info("The password of store %s is remembered in the OS secret store.", store_id)

    def recall(self, store_id: str) -> str | None:
        """The remembered password, or ``None`` (nothing stored, or no secure store active)."""
        if not self.available():
            return None
        try:
            return self.backend.get_password(SERVICE, _user(store_id))
        except keyring.errors.KeyringError as exc:
            logger.info("The OS secret store could not be read: %s.", type(exc).__name__)
            return None

    def forget(self, store_id: str) -> bool:
        """Delete the remembered password (e.g. after a password change); whether one existed."""
        try:
            self.backend.delete_password(SERVICE, _user(store_id))
        except keyring.errors.PasswordDeleteError:
            return False
        except keyring.errors.KeyringError as exc:
            logger.info("The OS secret store could not be changed: %s.", type(exc).__name__)
            return False
        return True
