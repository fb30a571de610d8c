"""Working directories: one per configuration ID's scenario, ``<base>/bebpo/<scenario name>/``."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from profiles.errors import LockHolder, ResetNotConfirmed, ResetRefused, WorkdirNotFound
from profiles.lock import InstanceLock, instance_holder
from profiles.paths import WorkdirPaths, workdirs_root
from profiles.scenarios import Catalogue, Scenario, normalise_configuration_id
from profiles.status import WorkdirStatus, inspect

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Workdir:
    """A working directory and the scenario it belongs to."""

    paths: WorkdirPaths
    scenario: Scenario

    @property
    def name(self) -> str:
        return self.paths.name

    def status(self) -> WorkdirStatus:
        return inspect(self.paths, self.scenario)


@dataclass(frozen=True)
class WorkdirSummary:
    """One row of the working-directory chooser."""

    workdir: Workdir
    ready: bool
    holds_store: bool
    open_by: LockHolder | None


def add(configuration_id: str, base: Path) -> Workdir:
    """Resolve ``configuration_id`` and create its working directory (idempotent)."""
    catalogue = Catalogue.load(base)
    scenario = catalogue.resolve(configuration_id)
    paths = WorkdirPaths.for_scenario(base, scenario.name)
    existed = paths.root.exists()
    paths.create()
    logger.info(
        "working directory %s %s for configuration ID %s",
        paths.root,
        "opened" if existed else "created",
        normalise_configuration_id(configuration_id),
    )
    return Workdir(paths, scenario)


def open_workdir(name: str, base: Path) -> Workdir:
    """An existing working directory by scenario name."""
    catalogue = Catalogue.load(base)
    scenario = catalogue.by_name(name)
    if scenario is None:
        raise WorkdirNotFound(name)
    paths = WorkdirPaths.for_scenario(base, name)
    if not paths.root.is_dir():
        raise WorkdirNotFound(name)
    return Workdir(paths, scenario)


def list_workdirs(base: Path) -> list[WorkdirSummary]:
    """Every working directory under ``base`` whose scenario is known, with its state."""
    root = workdirs_root(base)
    if not root.is_dir():
        return []
    catalogue = Catalogue.load(base)
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        scenario = catalogue.by_name(folder.name)
        if scenario is None:
            logger.info("ignoring %s: no scenario of that name", folder)
            continue
        workdir = Workdir(WorkdirPaths(folder), scenario)
        found.append(
            WorkdirSummary(
                workdir=workdir,
                ready=workdir.status().ready,
                holds_store=store_file_count(workdir.paths) > 0,
                open_by=instance_holder(workdir.paths),
            )
        )
    return found


def store_file_count(paths: WorkdirPaths) -> int:
    """Files in the store folder. Any file there may be a message, so it protects the folder."""
    if not paths.store.is_dir():
        return 0
    return sum(1 for p in paths.store.rglob("*") if p.is_file())


def reset(
    workdir: Workdir,
    *,
    confirmed: bool,
    force: bool = False,
    held_lock: InstanceLock | None = None,
) -> None:
    """ "Löschen und Beenden": remove a half-configured working directory.

    The caller asks the user first and passes ``confirmed=True``. A working directory with a
    mailbox store is refused unless ``force`` is set, because it may hold messages with legal
    deadlines. Another running instance must not hold it (``held_lock`` is ours, if any).
    """
    if not confirmed:
        raise ResetNotConfirmed(workdir.paths.root)
    stored = store_file_count(workdir.paths)
    if stored and not force:
        raise ResetRefused(workdir.paths.root, stored)
    lock = held_lock if held_lock is not None and held_lock.held else None
    if lock is None:
        lock = InstanceLock.acquire(workdir.paths, program="bebpo-client reset")
    try:
        _remove_contents(workdir.paths.root)
    finally:
        lock.release()
    shutil.rmtree(workdir.paths.root, ignore_errors=True)
    logger.info("working directory %s reset (store files removed: %d)", workdir.paths.root, stored)


def _remove_contents(root: Path) -> None:
    # The instance lock file stays until we release it, so no other process can open the folder
    # half-deleted; everything else goes first.
    for entry in root.iterdir():
        if entry.name == ".instance.lock":
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
