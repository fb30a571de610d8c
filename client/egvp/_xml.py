"""The hardened XML parser for EGVP payload parts: a thin wrapper around :func:`osci.xml.parse_xml`.

CONVENTIONS.md asks for *one* hardened parser, provided by ``osci`` (decision record 0501). This
module keeps the EGVP signature and maps ``osci``'s refusals to
:class:`client.egvp.errors.XmlRejected`.
"""

from __future__ import annotations

from lxml import etree

from client.egvp.errors import XmlRejected
from osci import errors as osci_errors
from osci.xml import parse_xml as _osci_parse_xml

# The payload parts are small (nachricht.xml, visitenkarte.xml … a few KiB; an XJustiz file with
# 1,000 documents stays well below 2 MiB). 16 MiB leaves room without inviting abuse.
MAX_XML_BYTES = 16 * 1024 * 1024


def parse_xml(data: bytes, *, document: str, max_bytes: int = MAX_XML_BYTES) -> etree._Element:
    """Parse ``data`` into its root element or raise :class:`XmlRejected` with a reason."""
    try:
        return _osci_parse_xml(data, max_bytes=max_bytes)
    except osci_errors.TooLarge as exc:
        raise XmlRejected(document=document, reason=f"larger than {max_bytes} bytes") from exc
    except osci_errors.XmlRejected as exc:
        raise XmlRejected(document=document, reason=exc.reason) from exc


def local_name(element: etree._Element) -> str:
    """The element name without namespace (comments and PIs give an empty string)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return etree.QName(tag).localname
