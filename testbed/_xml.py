"""The hardened XML parser of the testbed's SOAP services (until ``osci`` provides the shared one).

CONVENTIONS.md asks for one hardened parser, provided by ``osci``; when this was written ``osci``
had none yet. Same rules as ``client/egvp/_xml.py``: no DTD, no entities, no network, a DOCTYPE
is refused, a size bound, ``huge_tree`` off. Replace the body of :func:`parse` by the ``osci``
factory once it exists.
"""

from __future__ import annotations

from typing import Any

from lxml import etree


class XmlRejected(ValueError):
    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def parse(data: bytes, *, max_bytes: int) -> etree._Element:
    if len(data) > max_bytes:
        raise XmlRejected(f"larger than {max_bytes} bytes")
    if not data.strip():
        raise XmlRejected("empty")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise XmlRejected(f"not well-formed: {exc.msg}") from exc
    except ValueError as exc:
        raise XmlRejected(f"unreadable: {exc}") from exc
    info: Any = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise XmlRejected("contains a DOCTYPE declaration")
    return root
