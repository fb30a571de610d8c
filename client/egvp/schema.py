"""Validation of generated XJustiz against the official XSDs, read from a folder at run time.

We may not ship the XJustiz schemas (third-party), so the client validates only when an
administrator configures the folder of an official release (the tests use
``../shared/data/xjustiz-3.5.1``). The folder must hold the message schemas
``xjustiz_0005_nachrichten_*.xsd`` and ``xjustiz_2200_eeb_*.xsd`` with everything they include.

Schemas load once per folder (about 0.3 s for the two) and are cached for the process.
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path
from typing import Any

from lxml import etree

from client.egvp._xml import local_name, parse_xml
from client.egvp.errors import SchemaFolderInvalid, SchemaInvalid, XmlRejected

_NACHRICHTEN_GLOB = "xjustiz_0005_nachrichten_*.xsd"
_EEB_GLOB = "xjustiz_2200_eeb_*.xsd"


def _schema_parser() -> etree.XMLParser:
    # Includes and imports resolve to files beside the schema; nothing is fetched from a network.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _load(folder: Path, pattern: str) -> etree.XMLSchema:
    candidates = sorted(folder.glob(pattern))
    if not candidates:
        raise SchemaFolderInvalid(folder=folder, missing=pattern)
    path = candidates[-1]  # the highest version when a folder holds several
    try:
        document = etree.parse(str(path), _schema_parser())
        return etree.XMLSchema(document)
    except (OSError, etree.XMLSyntaxError, etree.XMLSchemaParseError) as exc:
        raise SchemaFolderInvalid(folder=folder, missing=path.name, reason=str(exc)) from exc


class XJustizSchemas:
    """The XJustiz message schemas of one release folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._nachrichten = _load(folder, _NACHRICHTEN_GLOB)
        self._eeb = _load(folder, _EEB_GLOB)
        # lxml validators keep per-run state (error_log); one validation at a time.
        self._lock = threading.Lock()

    def errors(self, data: bytes, *, document: str = "xjustiz_nachricht.xml") -> tuple[str, ...]:
        """Schema errors of ``data`` (empty when valid)."""
        try:
            root = parse_xml(data, document=document)
        except XmlRejected as exc:
            return (exc.reason,)
        name = local_name(root)
        schema = self._eeb if name.startswith("nachricht.eeb.") else self._nachrichten
        with self._lock:
            if schema.validate(root.getroottree()):
                return ()
            log: Any = schema.error_log  # iterable at run time; the stubs do not say so
            return tuple(f"Zeile {e.line}: {e.message}" for e in log)

    def validate(self, data: bytes, *, document: str = "xjustiz_nachricht.xml") -> None:
        """Raise :class:`SchemaInvalid` when ``data`` does not validate."""
        errors = self.errors(data, document=document)
        if errors:
            raise SchemaInvalid(document=document, errors=errors)


_cache_lock = threading.Lock()


@functools.lru_cache(maxsize=4)
def _cached(folder: Path) -> XJustizSchemas:
    return XJustizSchemas(folder)


def load_schemas(folder: Path) -> XJustizSchemas:
    """The schemas of ``folder``, loaded once per process."""
    with _cache_lock:
        return _cached(folder.resolve())
