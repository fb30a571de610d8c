"""Namespaces, qualified names and the exact ``xsi:schemaLocation`` strings of OSCI 1.2."""

from __future__ import annotations

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
OSCI = "http://www.osci.de/2002/04/osci"
OSCI2017 = "http://xoev.de/transport/osci12/7"
OSCI128 = "http://xoev.de/transport/osci12/8"
DS = "http://www.w3.org/2000/09/xmldsig#"
XENC = "http://www.w3.org/2001/04/xmlenc#"
XENC11 = "http://www.w3.org/2009/xmlenc11#"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML = "http://www.w3.org/XML/1998/namespace"
CUSTOM_HEADER = "http://gov.bos-bremen.de/osci/customHeader"

# The five declarations the reference library writes on the envelope and on every block, so that
# each block is canonical on its own (osci.md §5.3).
NSMAP5: dict[str, str] = {"ds": DS, "osci": OSCI, "soap": SOAP, "xenc": XENC, "xsi": XSI}

ACTOR_NEXT = "http://schemas.xmlsoap.org/soap/actor/next"
ACTOR_NONE = "http://www.w3.org/2001/12/soap-envelope/actor/none"

C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
BASE64_TRANSFORM = "http://www.w3.org/2000/09/xmldsig#base64"
X509DATA_TYPE = "http://www.w3.org/2000/09/xmldsig#X509Data"


def q(namespace: str, local: str) -> str:
    """Clark notation ``{ns}local`` as lxml uses it."""
    return f"{{{namespace}}}{local}"


def schema_location(soap_xsd: str) -> str:
    """The exact string the receiver dispatches on (osci.md §2 item 2)."""
    return f"{SOAP} {soap_xsd} {DS} oscisig.xsd {XENC} oscienc.xsd"
