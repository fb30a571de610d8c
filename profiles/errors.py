"""The exception tree of ``profiles``. Attributes are named; user text is made in
``client.core.errors`` (house rule 7), the ``str()`` here is for logs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class ProfileError(Exception):
    """Root of every error raised by ``profiles``."""


@dataclass(frozen=True)
class KnownScenario:
    """What an error message needs to list a scenario."""

    name: str
    title: str
    configuration_ids: tuple[str, ...]


class UnknownConfigurationId(ProfileError):
    def __init__(self, configuration_id: str, known: tuple[KnownScenario, ...]) -> None:
        self.configuration_id = configuration_id
        self.known = known
        super().__init__(f"unknown configuration ID {configuration_id!r}")


class InvalidConfigurationId(ProfileError):
    def __init__(self, configuration_id: str) -> None:
        self.configuration_id = configuration_id
        super().__init__(f"invalid configuration ID {configuration_id!r}")


class ScenarioFileError(ProfileError):
    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"scenario file {path}: {reason}")


class WorkdirNotFound(ProfileError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"no working directory {name!r}")


class ResetNotConfirmed(ProfileError):
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        super().__init__(f"reset of {workdir} needs confirmation")


class ResetRefused(ProfileError):
    """The working directory holds a mailbox store; only an explicit ``force`` deletes it."""

    def __init__(self, workdir: Path, store_files: int) -> None:
        self.workdir = workdir
        self.store_files = store_files
        super().__init__(f"{workdir} holds a mailbox store ({store_files} files)")


class SettingsError(ProfileError):
    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"settings {path}: {reason}")


class SettingsTooNew(SettingsError):
    def __init__(self, path: Path, version: int, supported: int) -> None:
        self.version = version
        self.supported = supported
        super().__init__(path, f"schema version {version} is newer than {supported}")


@dataclass(frozen=True)
class LockHolder:
    """Who holds a lock, as written into the lock file by the holder."""

    pid: int
    hostname: str
    user: str
    since: str
    program: str


class AlreadyOpen(ProfileError):
    """Another running instance holds the working directory."""

    def __init__(self, workdir: Path, holder: LockHolder | None) -> None:
        self.workdir = workdir
        self.holder = holder
        who = f"PID {holder.pid} on {holder.hostname}" if holder else "an unknown process"
        super().__init__(f"{workdir} is open in {who}")


class OperationBusy(ProfileError):
    """An inter-process operation lock (fetch, send, …) stayed taken past the timeout."""

    def __init__(self, workdir: Path, operation: str, holder: LockHolder | None) -> None:
        self.workdir = workdir
        self.operation = operation
        self.holder = holder
        super().__init__(f"{operation} in {workdir} is running in another process")
