"""The hardened XML parser for EGVP payload parts (until ``osci`` provides the shared one).

CONVENTIONS.md asks for *one* hardened parser, provided by ``osci``. When this module was written
``osci`` had none yet, so this is a small stand-in with the same rules; replace the body of
:func:`parse_xml` by the ``osci`` factory once it exists (decision record 0501).

Rules: no DTD loading, no entity expansion, no network, a document with a DOCTYPE is refused
outright (no legitimate EGVP part has one, and it is how entity tricks start), a size bound on
the input, and lxml's ``huge_tree`` off (libxml2's own depth and text-node limits stay active).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from client.egvp.errors import XmlRejected

# The payload parts are small (nachricht.xml, visitenkarte.xml … a few KiB; an XJustiz file with
# 1,000 documents stays well below 2 MiB). 16 MiB leaves room without inviting abuse.
MAX_XML_BYTES = 16 * 1024 * 1024


def _parser() -> etree.XMLParser:
    # A fresh parser per call: lxml parsers are not thread-safe and cost microseconds to make.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


def parse_xml(data: bytes, *, document: str, max_bytes: int = MAX_XML_BYTES) -> etree._Element:
    """Parse ``data`` into its root element or raise :class:`XmlRejected` with a reason."""
    if len(data) > max_bytes:
        raise XmlRejected(document=document, reason=f"larger than {max_bytes} bytes")
    if not data.strip():
        raise XmlRejected(document=document, reason="empty")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise XmlRejected(document=document, reason=f"not well-formed: {exc.msg}") from exc
    except ValueError as exc:  # e.g. an encoding declaration lxml cannot honour
        raise XmlRejected(document=document, reason=f"unreadable: {exc}") from exc
    info: Any = root.getroottree().docinfo  # lxml-stubs lack DocInfo.doctype
    if info.doctype or info.internalDTD is not None:
        raise XmlRejected(document=document, reason="contains a DOCTYPE declaration")
    return root


def local_name(element: etree._Element) -> str:
    """The element name without namespace (comments and PIs give an empty string)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return etree.QName(tag).localname
