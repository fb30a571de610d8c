"""A small XMLDSig for OSCI: enveloped-nothing, detached references by ``#Id`` and ``cid:``.

Why our own and not signxml/xmlsec: OSCI digests MIME parts (``cid:``) over raw bytes, resolves
KeyInfo through ``ds:RetrievalMethod`` to a certificate elsewhere in the header, uses ``Id``
attributes that are not typed as IDs (and not always NCNames), and lists references in any order
(osci.md §6, §14.1). Canonicalisation is inclusive C14N in document context, as lxml produces it;
that is byte-compatible with the reference library (osci.md §1c).

Verification never raises on a bad digest: it returns a :class:`SignatureReport` with one result
per reference, so the inspection CLI can show all of them; :meth:`SignatureReport.require_valid`
turns the first failure into a typed error that names the reference.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from cryptography import x509
from lxml import etree

from osci import certs, crypto, ns
from osci.errors import (
    DuplicateId,
    ReferenceMismatch,
    ReferenceMissing,
    SignatureError,
    SignatureValueInvalid,
    StructureError,
    UnsupportedAlgorithm,
)
from osci.keys import Signer

DS = ns.DS
_ALLOWED_TRANSFORMS = {ns.C14N, ns.BASE64_TRANSFORM}


def c14n(element: etree._Element) -> bytes:
    """Inclusive C14N 1.0 without comments, in document context."""
    try:
        return etree.tostring(element, method="c14n", exclusive=False, with_comments=False)
    except etree.C14NError as exc:  # e.g. a relative namespace URI, which C14N 1.0 forbids
        raise StructureError(element=str(element.tag), reason="cannot be canonicalised") from exc


def index_ids(root: etree._Element) -> dict[str, etree._Element]:
    """Every element with an ``Id`` attribute; a duplicate Id is refused (anti-wrapping)."""
    found: dict[str, etree._Element] = {}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        value = element.get("Id")
        if value is None:
            continue
        if value in found:
            raise DuplicateId(id_value=value)
        found[value] = element
    return found


@dataclass(frozen=True)
class ReferenceSpec:
    """What to sign: URI, transforms and the bytes its digest is computed over."""

    uri: str
    data: bytes = b""
    transforms: tuple[str, ...] = (ns.C14N,)
    digest_method: str = crypto.SHA256
    # A digest computed while streaming (cid: parts); then ``data`` is not used.
    digest_value: bytes | None = None


@dataclass(frozen=True)
class ReferenceResult:
    uri: str
    ok: bool
    reason: str = ""


@dataclass(frozen=True)
class SignatureReport:
    """The outcome of checking one ds:Signature."""

    method: str
    signer: x509.Certificate | None
    value_ok: bool
    references: tuple[ReferenceResult, ...]
    signer_label: str = ""

    @property
    def ok(self) -> bool:
        return self.value_ok and all(ref.ok for ref in self.references)

    @property
    def uris(self) -> tuple[str, ...]:
        return tuple(ref.uri for ref in self.references)

    def require_valid(self) -> None:
        if not self.value_ok:
            raise SignatureValueInvalid(signer=self.signer_label)
        for ref in self.references:
            if not ref.ok:
                if ref.reason == "digest mismatch":
                    raise ReferenceMismatch(uri=ref.uri)
                raise ReferenceMissing(uri=ref.uri, reason=ref.reason)


# ---------------------------------------------------------------- building


def build_signature(
    parent: etree._Element,
    references: Sequence[ReferenceSpec],
    signer: Signer,
    *,
    algorithm: str,
    key_info: etree._Element | None,
    index: int | None = None,
) -> etree._Element:
    """Create ``ds:Signature`` under ``parent`` (at ``index``), digest, then sign in place.

    The element is inserted before canonicalising SignedInfo, because inclusive C14N takes the
    namespaces in scope at its final position.
    """
    signature = etree.Element(ns.q(DS, "Signature"), nsmap={"ds": DS})
    if index is None:
        parent.append(signature)
    else:
        parent.insert(index, signature)
    signed_info = etree.SubElement(signature, ns.q(DS, "SignedInfo"))
    signed_info.text = "\n"
    _child(signed_info, "CanonicalizationMethod", Algorithm=ns.C14N)
    _child(signed_info, "SignatureMethod", Algorithm=algorithm)
    for spec in references:
        _reference(signed_info, spec)
    value = etree.SubElement(signature, ns.q(DS, "SignatureValue"))
    value.text = base64.b64encode(signer.sign(c14n(signed_info), algorithm)).decode("ascii")
    if key_info is not None:
        signature.append(key_info)
    return signature


def _child(parent: etree._Element, local: str, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, ns.q(DS, local), attrib=attrs)
    element.tail = "\n"
    return element


def _reference(signed_info: etree._Element, spec: ReferenceSpec) -> None:
    ref = _child(signed_info, "Reference", URI=spec.uri)
    ref.text = "\n"
    if spec.transforms:
        transforms = _child(ref, "Transforms")
        transforms.text = "\n"
        for uri in spec.transforms:
            _child(transforms, "Transform", Algorithm=uri)
    _child(ref, "DigestMethod", Algorithm=spec.digest_method)
    digest = _child(ref, "DigestValue")
    value = spec.digest_value
    if value is None:
        value = crypto.digest(spec.digest_method, spec.data)
    digest.text = base64.b64encode(value).decode("ascii")


def retrieval_key_info(target_id: str, *, x509_type: bool = False) -> etree._Element:
    key_info = etree.Element(ns.q(DS, "KeyInfo"), nsmap={"ds": DS})
    attrs = {"URI": f"#{target_id}"}
    if x509_type:
        attrs["Type"] = ns.X509DATA_TYPE
    etree.SubElement(key_info, ns.q(DS, "RetrievalMethod"), attrib=attrs)
    return key_info


def element_reference(element: etree._Element, digest_method: str = crypto.SHA256) -> ReferenceSpec:
    element_id = element.get("Id")
    if element_id is None:
        raise StructureError(element=str(element.tag), reason="has no Id to reference")
    return ReferenceSpec(uri=f"#{element_id}", data=c14n(element), digest_method=digest_method)


# ---------------------------------------------------------------- reading and verifying


@dataclass(frozen=True)
class ParsedReference:
    uri: str
    transforms: tuple[str, ...]
    digest_method: str
    digest_value: bytes


@dataclass(frozen=True)
class ParsedSignature:
    element: etree._Element
    signed_info: etree._Element
    method: str
    value: bytes
    references: tuple[ParsedReference, ...]
    retrieval_uri: str | None
    embedded_certificate: x509.Certificate | None


def parse_signature(signature: etree._Element) -> ParsedSignature:
    signed_info = _one(signature, "SignedInfo")
    canon = _one(signed_info, "CanonicalizationMethod").get("Algorithm")
    if canon != ns.C14N:
        raise UnsupportedAlgorithm(algorithm=str(canon))
    method = _one(signed_info, "SignatureMethod").get("Algorithm") or ""
    refs = [_parse_reference(ref) for ref in signed_info.iterfind(ns.q(DS, "Reference"))]
    if not refs:
        raise StructureError(element="ds:SignedInfo", reason="has no Reference")
    value = _b64(_one(signature, "SignatureValue").text, "ds:SignatureValue")
    retrieval = signature.find(f"{ns.q(DS, 'KeyInfo')}/{ns.q(DS, 'RetrievalMethod')}")
    cert_el = signature.find(f".//{ns.q(DS, 'X509Certificate')}")
    embedded = None
    if cert_el is not None:
        embedded = certs.from_b64(cert_el.text or "", role="signer")
    return ParsedSignature(
        element=signature,
        signed_info=signed_info,
        method=method,
        value=value,
        references=tuple(refs),
        retrieval_uri=None if retrieval is None else retrieval.get("URI"),
        embedded_certificate=embedded,
    )


def _parse_reference(ref: etree._Element) -> ParsedReference:
    uri = ref.get("URI")
    if uri is None:
        raise StructureError(element="ds:Reference", reason="has no URI")
    transforms = tuple(
        t.get("Algorithm") or ""
        for t in ref.iterfind(f"{ns.q(DS, 'Transforms')}/{ns.q(DS, 'Transform')}")
    )
    for transform in transforms:
        if transform not in _ALLOWED_TRANSFORMS:
            raise UnsupportedAlgorithm(algorithm=transform)
    method = _one(ref, "DigestMethod").get("Algorithm") or ""
    value = _b64(_one(ref, "DigestValue").text, "ds:DigestValue")
    return ParsedReference(uri=uri, transforms=transforms, digest_method=method, digest_value=value)


Resolver = Callable[[ParsedReference], bytes | None]
"""Returns the bytes a reference is digested over, or None when its target does not exist."""


def verify(
    parsed: ParsedSignature,
    certificate: x509.Certificate,
    resolve: Resolver,
    *,
    policy: crypto.Policy = crypto.DEFAULT_POLICY,
    attachment_digest: Callable[[str, str], bytes | None] | None = None,
) -> SignatureReport:
    """Check the SignatureValue and every reference digest.

    ``attachment_digest(content_id, digest_uri)`` supplies digests of ``cid:`` parts computed
    while streaming, so large attachments are never loaded for this.
    """
    value_ok = crypto.verify_signature(
        certificate.public_key(), parsed.method, parsed.value, c14n(parsed.signed_info), policy
    )
    results: list[ReferenceResult] = []
    seen: set[str] = set()
    for ref in parsed.references:
        if ref.uri in seen:
            results.append(ReferenceResult(ref.uri, False, "referenced twice"))
            continue
        seen.add(ref.uri)
        results.append(_check_reference(ref, resolve, policy, attachment_digest))
    return SignatureReport(
        method=parsed.method,
        signer=certificate,
        value_ok=value_ok,
        references=tuple(results),
        signer_label=certificate.subject.rfc4514_string(),
    )


def _check_reference(
    ref: ParsedReference,
    resolve: Resolver,
    policy: crypto.Policy,
    attachment_digest: Callable[[str, str], bytes | None] | None,
) -> ReferenceResult:
    crypto.check_allowed(ref.digest_method, policy)
    if ref.uri.startswith("cid:") and attachment_digest is not None:
        computed = attachment_digest(ref.uri[4:], ref.digest_method)
    else:
        data = resolve(ref)
        computed = None if data is None else crypto.digest(ref.digest_method, data, policy)
    if computed is None:
        return ReferenceResult(ref.uri, False, "target not found")
    if computed != ref.digest_value:
        return ReferenceResult(ref.uri, False, "digest mismatch")
    return ReferenceResult(ref.uri, True)


def apply_transforms(element: etree._Element, transforms: Iterable[str]) -> bytes:
    """Bytes of an ``#Id`` target after its transforms (c14n, or base64-decode of its text)."""
    transforms = tuple(transforms)
    if ns.BASE64_TRANSFORM in transforms:
        return _b64("".join(str(t) for t in element.itertext()), "base64 content")
    return c14n(element)


def _one(parent: etree._Element, local: str) -> etree._Element:
    found = parent.find(ns.q(DS, local))
    if found is None:
        raise StructureError(element=f"ds:{local}", reason="missing")
    return found


def _b64(text: str | None, what: str) -> bytes:
    try:
        return base64.b64decode("".join((text or "").split()), validate=True)
    except ValueError as exc:
        raise SignatureError(reason=f"{what} is not base64") from exc
