"""One OSCI message as a SOAP envelope: compose, sign, check structure, verify the signature.

Composition follows the type's header/body sequence from :mod:`osci.types`; parsing checks that
sequence, refuses duplicate Ids, and resolves signature references *only* to the header blocks and
the Body at their positions. That is what keeps signature wrapping out: a signed element moved
somewhere else is not found, and every block that flows on must have been verified.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from cryptography import x509
from lxml import etree

from osci import certs, codec, crypto, dsig, ns
from osci.errors import (
    MalformedMessage,
    ReferenceMissing,
    SignatureMissing,
    SoapFault,
    StructureError,
)
from osci.keys import Signer
from osci.types import OTHER, SPECS, MessageType, Slot, TypeSpec, spec_for_location
from osci.xml import parse_xml

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\r\n\r\n'
SOAP_ENVELOPE = ns.q(ns.SOAP, "Envelope")
SOAP_HEADER = ns.q(ns.SOAP, "Header")
SOAP_BODY = ns.q(ns.SOAP, "Body")
SCHEMA_LOCATION = ns.q(ns.XSI, "schemaLocation")


@dataclass(frozen=True)
class SigningKey:
    """Who signs a message, the Id of its certificate element, and how."""

    signer: Signer
    certificate_id: str
    algorithm: str = crypto.RSA_PSS_SHA256
    digest: str = crypto.SHA256


def compose(
    mtype: MessageType,
    *,
    blocks: Mapping[str, etree._Element | Sequence[etree._Element]],
    body: Sequence[etree._Element] = (),
    signing: SigningKey | None = None,
    attachment_digests: Mapping[str, bytes] | None = None,
) -> etree._Element:
    """Build the envelope for ``mtype`` from its header blocks (keyed by tag, ``##other`` for
    foreign ones) and body children; sign it when ``signing`` is given.

    ``attachment_digests`` maps each attachment's content id to the digest (``signing.digest``)
    of its bytes as transmitted; every attachment is referenced by the signature.
    """
    spec = SPECS[mtype]
    root = etree.Element(SOAP_ENVELOPE, nsmap=dict(ns.NSMAP5))
    root.set(SCHEMA_LOCATION, spec.schema_location)
    header = etree.SubElement(root, SOAP_HEADER)
    slots = {slot.tag for slot in spec.header}
    unplaced = [tag for tag, value in blocks.items() if tag not in slots and _as_list(value)]
    if unplaced:
        raise StructureError(element=_short(unplaced[0]), reason=f"has no place in {mtype.name}")
    for slot in spec.header:
        if slot.tag in (_CLIENT_SIG, _SUPPLIER_SIG):
            continue
        for element in _as_list(blocks.get(slot.tag)):
            header.append(element)
    body_el = etree.SubElement(root, SOAP_BODY, nsmap=dict(ns.NSMAP5))
    body_el.set("Id", "body")
    for element in body:
        body_el.append(element)
    check_structure(spec, header, body_el)
    if signing is not None:
        sign(root, spec, signing, attachment_digests or {})
    return root


def _as_list(value: etree._Element | Sequence[etree._Element] | None) -> list[etree._Element]:
    if value is None:
        return []
    if isinstance(value, etree._Element):
        return [value]
    return list(value)


_CLIENT_SIG = ns.q(ns.OSCI, "ClientSignature")
_SUPPLIER_SIG = ns.q(ns.OSCI, "SupplierSignature")


def sign(
    root: etree._Element,
    spec: TypeSpec,
    signing: SigningKey,
    attachment_digests: Mapping[str, bytes],
) -> None:
    header = _child(root, SOAP_HEADER)
    body = _child(root, SOAP_BODY)
    refs = [dsig.element_reference(block, signing.digest) for block in codec.children(header)]
    refs += [
        _cid_reference(cid, value, signing.digest) for cid, value in attachment_digests.items()
    ]
    refs.append(dsig.element_reference(body, signing.digest))
    tag, wrapper_id = (
        (_CLIENT_SIG, "clientsignature")
        if spec.is_request
        else (_SUPPLIER_SIG, "suppliersignature")
    )
    wrapper = etree.Element(tag)
    wrapper.set("Id", wrapper_id)
    wrapper.set(ns.q(ns.SOAP, "actor"), ns.ACTOR_NEXT)
    wrapper.set(ns.q(ns.SOAP, "mustUnderstand"), "1")
    header.insert(1, wrapper)  # right after the ControlBlock (XSD sequence)
    dsig.build_signature(
        wrapper,
        refs,
        signing.signer,
        algorithm=signing.algorithm,
        key_info=dsig.retrieval_key_info(signing.certificate_id),
    )


def _cid_reference(content_id: str, value: bytes, digest_method: str) -> dsig.ReferenceSpec:
    # No transforms: cid: parts are digested over their bytes as transmitted (osci.md §16.2).
    return dsig.ReferenceSpec(
        uri=f"cid:{content_id}", transforms=(), digest_method=digest_method, digest_value=value
    )


def serialize(root: etree._Element) -> bytes:
    return XML_DECLARATION + etree.tostring(root, encoding="UTF-8", xml_declaration=False)


# ---------------------------------------------------------------- parsing


@dataclass(frozen=True)
class ParsedEnvelope:
    """A structurally valid envelope of a known type; nothing verified yet."""

    spec: TypeSpec
    root: etree._Element
    header_blocks: tuple[etree._Element, ...]
    body: etree._Element
    signature_wrapper: etree._Element | None
    ids: Mapping[str, etree._Element] = field(repr=False)

    @property
    def type(self) -> MessageType:
        return self.spec.type

    def block(self, tag: str) -> etree._Element | None:
        for element in self.header_blocks:
            if element.tag == tag:
                return element
        return None

    def blocks(self, tag: str) -> list[etree._Element]:
        return [element for element in self.header_blocks if element.tag == tag]

    def message_element(self) -> etree._Element:
        source = codec.children(self.body) if self.spec.element_in_body else self.header_blocks
        for element in source:
            if element.tag == self.spec.element:
                return element
        raise StructureError(element=self.spec.element, reason="missing")


def parse(xml: bytes, *, max_bytes: int = 64 * 1024 * 1024) -> ParsedEnvelope:
    """Parse the ``osci@message`` part; raises :class:`SoapFault` for a fault message."""
    root = parse_xml(xml, document="osci@message", max_bytes=max_bytes)
    if root.tag != SOAP_ENVELOPE:
        raise MalformedMessage(reason=f"root element is {root.tag}, not soap:Envelope")
    location = root.get(SCHEMA_LOCATION)
    header = root.find(SOAP_HEADER)
    body = root.find(SOAP_BODY)
    if body is None:
        raise StructureError(element="soap:Body", reason="missing")
    if location is None:
        raise_fault(body)
    spec = spec_for_location(location or "")
    if header is None:
        raise StructureError(element="soap:Header", reason="missing")
    if codec.children(root) != [header, body]:
        raise StructureError(element="soap:Envelope", reason="must hold exactly Header and Body")
    check_structure(spec, header, body)
    ids = dsig.index_ids(root)
    blocks = tuple(codec.children(header))
    wrapper = next((b for b in blocks if b.tag in (_CLIENT_SIG, _SUPPLIER_SIG)), None)
    return ParsedEnvelope(spec, root, blocks, body, wrapper, ids)


def raise_fault(body: etree._Element) -> None:
    fault = body.find(ns.q(ns.SOAP, "Fault"))
    if fault is None:
        raise MalformedMessage(reason="envelope without xsi:schemaLocation and without a fault")
    code_el = fault.find(f"detail/{ns.q(ns.OSCI, 'Code')}")
    raise SoapFault(
        fault_code=(fault.findtext("faultcode") or "").strip(),
        osci_code=None if code_el is None else (code_el.text or "").strip(),
        text=(fault.findtext("faultstring") or "").strip(),
    )


def check_structure(spec: TypeSpec, header: etree._Element, body: etree._Element) -> None:
    """Header and body children follow the type's XSD sequence."""
    _match_sequence(spec.header, codec.children(header), "soap:Header")
    _match_sequence(spec.body, codec.children(body), "soap:Body")


def _match_sequence(slots: Sequence[Slot], elements: list[etree._Element], where: str) -> None:
    position = 0
    known = {slot.tag for slot in slots}
    for slot in slots:
        count = 0
        while position < len(elements) and _fits(slot, elements[position], known):
            count += 1
            position += 1
            if slot.max is not None and count == slot.max:
                break
        if count < slot.min:
            found = elements[position].tag if position < len(elements) else "nothing"
            raise StructureError(
                element=f"{where}/{_short(slot.tag)}",
                reason=f"expected at least {slot.min}, found {_short(str(found))}",
            )
    if position < len(elements):
        raise StructureError(
            element=f"{where}/{_short(str(elements[position].tag))}",
            reason="not allowed here",
        )


def _fits(slot: Slot, element: etree._Element, known: set[str]) -> bool:
    if slot is OTHER or slot.tag == "##other":
        # ##other: a foreign namespace, and none of the slots we know by name.
        return etree.QName(element).namespace != ns.OSCI and element.tag not in known
    return bool(element.tag == slot.tag)


def _short(tag: str) -> str:
    for prefix, uri in (("osci", ns.OSCI), ("osci2017", ns.OSCI2017), ("soap", ns.SOAP)):
        tag = tag.replace(f"{{{uri}}}", f"{prefix}:")
    return tag


def _child(root: etree._Element, tag: str) -> etree._Element:
    found = root.find(tag)
    if found is None:
        raise StructureError(element=_short(tag), reason="missing")
    return found


# ---------------------------------------------------------------- verification


@dataclass(frozen=True)
class VerifiedSignature:
    report: dsig.SignatureReport
    signer: x509.Certificate


def signer_certificate(parsed: ParsedEnvelope, signature: dsig.ParsedSignature) -> x509.Certificate:
    """The certificate named by RetrievalMethod, looked up in the certificate header blocks."""
    if signature.retrieval_uri is None or not signature.retrieval_uri.startswith("#"):
        if signature.embedded_certificate is not None:
            return signature.embedded_certificate
        raise ReferenceMissing(uri="ds:KeyInfo", reason="no RetrievalMethod to a certificate")
    target = codec.certificate_elements(parsed.root).get(signature.retrieval_uri[1:])
    if target is None:
        raise ReferenceMissing(uri=signature.retrieval_uri, reason="certificate element not found")
    cert_el = target.find(f"{ns.q(ns.DS, 'X509Data')}/{ns.q(ns.DS, 'X509Certificate')}")
    return certs.from_b64(codec.text_of(cert_el, "X509Certificate"), role="signer")


def verify_signature(
    parsed: ParsedEnvelope,
    *,
    attachment_digest: Callable[[str, str], bytes | None],
    attachment_ids: Sequence[str],
    required: bool,
    complete: bool = True,
    policy: crypto.Policy = crypto.DEFAULT_POLICY,
) -> VerifiedSignature | None:
    """Verify the Client/SupplierSignature.

    With ``complete`` every header block, the body and every attachment must be referenced and
    nothing else (9602); a failing digest names its reference (9601). Returns None only when the
    message is unsigned and ``required`` is false.
    """
    if parsed.signature_wrapper is None:
        if required:
            raise SignatureMissing(what=_short(parsed.spec.element))
        return None
    sig_el = parsed.signature_wrapper.find(ns.q(ns.DS, "Signature"))
    if sig_el is None:
        raise StructureError(element="ds:Signature", reason="missing in the signature block")
    signature = dsig.parse_signature(sig_el)
    certificate = signer_certificate(parsed, signature)
    certs.check_signing_usage(certificate, role="signer")
    allowed = {
        block.get("Id"): block
        for block in parsed.header_blocks
        if block is not parsed.signature_wrapper
    }
    allowed[parsed.body.get("Id")] = parsed.body

    def resolve(ref: dsig.ParsedReference) -> bytes | None:
        if not ref.uri.startswith("#"):
            return None
        element = allowed.get(ref.uri[1:])
        return None if element is None else dsig.apply_transforms(element, ref.transforms)

    report = dsig.verify(
        signature, certificate, resolve, policy=policy, attachment_digest=attachment_digest
    )
    if complete:
        _require_complete(report, allowed, attachment_ids)
    report.require_valid()
    return VerifiedSignature(report=report, signer=certificate)


def _require_complete(
    report: dsig.SignatureReport,
    allowed: Mapping[str | None, etree._Element],
    attachment_ids: Sequence[str],
) -> None:
    referenced = set(report.uris)
    for block_id, element in allowed.items():
        if block_id is None:
            raise ReferenceMissing(uri=_short(str(element.tag)), reason="has no Id and is unsigned")
        if f"#{block_id}" not in referenced:
            raise ReferenceMissing(uri=f"#{block_id}", reason="not covered by the signature")
    for content_id in attachment_ids:
        if f"cid:{content_id}" not in referenced:
            raise ReferenceMissing(uri=f"cid:{content_id}", reason="not covered by the signature")
