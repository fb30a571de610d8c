"""Every path the application uses, and the two ways it writes files.

All other modules ask this one where things live (house rule 9): the base directory (platformdirs,
overridable by ``--base-dir`` or ``$BEBPO_BASE_DIR``), the layout of a working directory, and the
location of shipped resources. Folders are created ``0700``; files are written tmp → fsync → rename
so that a crash leaves either the old or the new file, never half of one.
"""

from __future__ import annotations

import importlib.util
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "bebpo-client"
ENV_BASE_DIR = "BEBPO_BASE_DIR"
WORKDIRS_FOLDER = "bebpo"
SCENARIO_FILE = "scenario.toml"
SETTINGS_FILE = "settings.toml"

# A scenario name becomes a folder name: keep it boring on every file system.
_SCENARIO_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def base_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the base directory: explicit override, then ``$BEBPO_BASE_DIR``, then platformdirs."""
    if override is not None and str(override):
        return Path(override).expanduser().resolve()
    env = os.environ.get(ENV_BASE_DIR, "")
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)).resolve()


def workdirs_root(base: Path) -> Path:
    """The folder that holds one working directory per scenario: ``<base>/bebpo``."""
    return base / WORKDIRS_FOLDER


def is_valid_scenario_name(name: str) -> bool:
    return bool(_SCENARIO_NAME.match(name))


@dataclass(frozen=True)
class WorkdirPaths:
    """The layout of one working directory ``<base>/bebpo/<scenario name>/``."""

    root: Path

    @classmethod
    def for_scenario(cls, base: Path, scenario_name: str) -> WorkdirPaths:
        if not is_valid_scenario_name(scenario_name):
            raise ValueError(f"not a valid scenario name: {scenario_name!r}")
        return cls(workdirs_root(base) / scenario_name)

    @property
    def name(self) -> str:
        return self.root.name

    @property
    def keys(self) -> Path:
        """PKCS#12 files and certificates the administrator drops in."""
        return self.root / "keys"

    @property
    def store(self) -> Path:
        """The encrypted mailbox store (database and blobs)."""
        return self.root / "store"

    @property
    def quarantine(self) -> Path:
        """Short-lived plaintext files while a scanner command needs them."""
        return self.root / "quarantine"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def scenario_file(self) -> Path:
        return self.root / SCENARIO_FILE

    @property
    def settings_file(self) -> Path:
        return self.root / SETTINGS_FILE

    @property
    def visitenkarte_file(self) -> Path:
        """This mailbox's own business card and SAFE-ID (written at registration)."""
        return self.root / "visitenkarte.toml"

    @property
    def favourites_file(self) -> Path:
        """Directory entries the user marked as favourites (a small JSON file)."""
        return self.root / "favourites.json"

    @property
    def instance_lock(self) -> Path:
        return self.root / ".instance.lock"

    def operation_lock(self, operation: str) -> Path:
        if not re.fullmatch(r"[a-z][a-z0-9_-]{0,31}", operation):
            raise ValueError(f"not a valid operation name: {operation!r}")
        return self.root / f".{operation}.lock"

    @property
    def subfolders(self) -> tuple[Path, ...]:
        return (self.keys, self.store, self.quarantine, self.logs)

    def create(self) -> None:
        """Create the working directory and its sub-folders, all ``0700``."""
        ensure_private_dir(self.root.parent)
        ensure_private_dir(self.root)
        for folder in self.subfolders:
            ensure_private_dir(folder)


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) and make sure the folder itself is ``0700``."""
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    if os.name == "posix" and (path.stat().st_mode & 0o777) != PRIVATE_DIR_MODE:
        path.chmod(PRIVATE_DIR_MODE)
    return path


def atomic_write_bytes(path: Path, data: bytes, mode: int = PRIVATE_FILE_MODE) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never a mix.

    The temporary file lives in the same folder (same file system, so ``rename`` is atomic), is
    fsynced before the rename, and the folder is fsynced after it so the rename survives a crash.
    """
    folder = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.chmod(mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(folder)


def atomic_write_text(path: Path, text: str, mode: int = PRIVATE_FILE_MODE) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), mode)


def fsync_dir(folder: Path) -> None:
    """Persist a rename or a new entry in ``folder`` (no-op where directories cannot be opened)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def resource_dir() -> Path:
    """The shipped ``resources/`` folder (WSDL, translations, icons).

    In a source checkout or editable install it is ``<repo>/resources``; in a wheel or a frozen
    build it is installed as the top-level folder ``bebpo_resources``.
    """
    source = Path(__file__).resolve().parent.parent / "resources"
    if source.is_dir():
        return source
    # Looked up by name so that type checking does not depend on whether the wheel is installed.
    spec = importlib.util.find_spec("bebpo_resources")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            "resources folder not found (neither resources/ nor bebpo_resources)"
        )
    return Path(next(iter(spec.submodule_search_locations)))
