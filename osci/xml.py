"""The one hardened XML parser of the project (CONVENTIONS.md: others reuse it).

Rules: no DTD loading or validation, no entity expansion, no network, and a document that carries
a DOCTYPE at all is refused (no OSCI or EGVP document has one, and it is where entity tricks such
as billion laughs and XXE start). ``huge_tree`` stays off, so libxml2 keeps its own depth and
text-node limits. Whitespace and comments are kept: signed bytes (SignedInfo with its "\\n") must
survive parsing unchanged.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from osci.errors import TooLarge, XmlRejected

__all__ = ["DEFAULT_MAX_XML_BYTES", "parse_xml"]

DEFAULT_MAX_XML_BYTES = 64 * 1024 * 1024


def _parser() -> etree.XMLParser:
    # A fresh parser per call: lxml parsers are not thread-safe and cost microseconds to make.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        remove_comments=False,
        remove_pis=False,
    )


def parse_xml(
    data: bytes, *, document: str = "", max_bytes: int = DEFAULT_MAX_XML_BYTES
) -> etree._Element:
    """Parse ``data`` into its root element.

    Raises :class:`~osci.errors.TooLarge` when ``data`` is longer than ``max_bytes`` and
    :class:`~osci.errors.XmlRejected` (with ``document`` as its label) for anything else refused.
    """
    if len(data) > max_bytes:
        raise TooLarge(what=f"XML document {document}".rstrip(), limit=max_bytes)
    if not data.strip():
        raise XmlRejected(document=document, reason="empty")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise XmlRejected(document=document, reason=f"not well-formed: {exc.msg}") from exc
    except (ValueError, etree.LxmlError) as exc:  # e.g. an encoding lxml cannot honour
        raise XmlRejected(document=document, reason=f"unreadable: {exc}") from exc
    if root is None:  # pragma: no cover - lxml raises instead, but the stubs allow None
        raise XmlRejected(document=document, reason="no root element")
    info: Any = root.getroottree().docinfo  # lxml-stubs lack DocInfo.doctype
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise XmlRejected(document=document, reason="contains a DOCTYPE declaration")
    return root
