"""The official OSCI 1.2 XSDs from the shared reference data, loaded offline.

The XSDs import and redefine W3C schemas by their web addresses; the reference data carries
local copies in ``extern/`` (see its catalog.xml), and the resolver maps the addresses to them.

libxml2 refuses to compile most ``soap<Type>.xsd`` envelopes: their Header sequence puts optional
``osci:`` blocks before ``##other``, which from the SOAP namespace's view also matches ``osci:``
(an XSD 1.0 Unique Particle Attribution violation in the official schemas). Those envelopes are
validated block by block against the per-type ``<Type>.xsd``, which compiles; the Header sequence
itself is then checked by our own structure check (tests/osci/test_envelope.py).
"""

from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree

from tests.conftest import require_reference

_EXTERN = {
    "http://schemas.xmlsoap.org/soap/envelope/": "soap-envelope.xsd",
    "http://www.w3.org/2001/xml.xsd": "xml.xsd",
    "http://www.w3.org/TR/2001/CR-xmldsig-core-20010419/xmldsig-core-schema.xsd": (
        "xmldsig-core-schema.xsd"
    ),
    "http://www.w3.org/TR/xmlenc-core/xenc-schema.xsd": "xenc-schema.xsd",
    "https://www.w3.org/2008/xmlsec/Drafts/xmlenc-core-11/xenc-schema-11.xsd": "xenc-schema-11.xsd",
}


class _Offline(etree.Resolver):
    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def resolve(self, system_url: str, public_id: str, context: object) -> object:
        name = _EXTERN.get(system_url)
        if name is not None:
            return self.resolve_filename(str(self.folder / "extern" / name), context)
        return None  # local relative files: the default loader


@functools.cache
def schema(xsd: str) -> etree.XMLSchema | None:
    """The compiled schema, or None where libxml2 cannot compile the official file."""
    folder = require_reference("osci-1.2-schemas/catalog.xml").parent
    parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)
    parser.resolvers.add(_Offline(folder))
    try:
        return etree.XMLSchema(etree.parse(str(folder / xsd), parser))
    except etree.XMLSchemaParseError:
        return None


def validation_errors(envelope: etree._Element, soap_xsd: str) -> list[str]:
    """Errors of the whole envelope, or of each osci block where only the type schema compiles."""
    document = etree.fromstring(etree.tostring(envelope))
    whole = schema(soap_xsd)
    if whole is not None:
        whole.validate(document)
        return [str(e) for e in whole.error_log]
    per_type = schema(soap_xsd.removeprefix("soap"))
    assert per_type is not None, f"neither {soap_xsd} nor its type schema compiles"
    errors: list[str] = []
    for block in [*document[0], *document[1]]:
        if not isinstance(block.tag, str) or not block.tag.startswith("{http://www.osci.de/"):
            continue
        per_type.validate(etree.fromstring(etree.tostring(block)))
        errors += [str(e) for e in per_type.error_log]
    return errors
