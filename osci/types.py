"""The table of OSCI message types: dispatch string, header/body sequences, ControlBlock rules.

Everything a builder or parser needs to know about the *shape* of one message type sits in one
row here (taken from the per-type ``soap<Type>.xsd``/``<Type>.xsd`` of OSCI 1.2 and the chunking
extension; osci.md §4, §4.1), so structure checks are data, not scattered code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, IntEnum

from osci import ns
from osci.errors import UnknownMessageType


class Occurs(Enum):
    """How a ControlBlock field may appear in one message type."""

    REQUIRED = "required"
    OPTIONAL = "optional"
    PROHIBITED = "prohibited"


REQ, OPT, NO = Occurs.REQUIRED, Occurs.OPTIONAL, Occurs.PROHIBITED


@dataclass(frozen=True)
class Slot:
    """One element of a header or body sequence: its name and its cardinality."""

    tag: str  # Clark notation; "##other" for the foreign-namespace wildcard
    min: int = 1
    max: int | None = 1  # None = unbounded


OTHER = Slot("##other", 0, None)


class MessageType(IntEnum):
    """Persisted in the store and in the testbed: values are never reused."""

    INIT_DIALOG = 1
    RESPONSE_TO_INIT_DIALOG = 2
    EXIT_DIALOG = 3
    RESPONSE_TO_EXIT_DIALOG = 4
    GET_MESSAGE_ID = 5
    RESPONSE_TO_GET_MESSAGE_ID = 6
    STORE_DELIVERY = 7
    RESPONSE_TO_STORE_DELIVERY = 8
    FETCH_DELIVERY = 9
    RESPONSE_TO_FETCH_DELIVERY = 10
    FETCH_PROCESS_CARD = 11
    RESPONSE_TO_FETCH_PROCESS_CARD = 12
    FORWARD_DELIVERY = 13
    RESPONSE_TO_FORWARD_DELIVERY = 14
    ACCEPT_DELIVERY = 15
    RESPONSE_TO_ACCEPT_DELIVERY = 16
    MEDIATE_DELIVERY = 17
    RESPONSE_TO_MEDIATE_DELIVERY = 18
    PROCESS_DELIVERY = 19
    RESPONSE_TO_PROCESS_DELIVERY = 20
    PARTIAL_STORE_DELIVERY = 21
    RESPONSE_TO_PARTIAL_STORE_DELIVERY = 22
    PARTIAL_FETCH_DELIVERY = 23
    RESPONSE_TO_PARTIAL_FETCH_DELIVERY = 24


@dataclass(frozen=True)
class TypeSpec:
    """The shape of one message type."""

    type: MessageType
    xsd: str  # the soap<Type>.xsd named in xsi:schemaLocation
    element: str  # the type-specific block (Clark notation)
    element_in_body: bool
    header: tuple[Slot, ...]
    body: tuple[Slot, ...]
    response: Occurs
    challenge: Occurs
    conversation_id: Occurs
    sequence_number: Occurs
    explicit_dialog: bool = False  # only inside InitDialog … ExitDialog

    @property
    def is_request(self) -> bool:
        return not self.type.name.startswith("RESPONSE_TO_")

    @property
    def schema_location(self) -> str:
        return ns.schema_location(self.xsd)

    @property
    def element_id(self) -> str:
        """The Id the reference library gives the type-specific block (lower-cased name)."""
        return self.element.rsplit("}", 1)[1].lower()


def _o(local: str) -> str:
    return ns.q(ns.OSCI, local)


def _e(local: str) -> str:
    return ns.q(ns.OSCI2017, local)


CB = Slot(_o("ControlBlock"))
CSIG = Slot(_o("ClientSignature"), 0)
SSIG = Slot(_o("SupplierSignature"), 0)
LANG = Slot(_o("DesiredLanguages"))
QOT2 = Slot(_o("QualityOfTimestamp"), 2, 2)
NIC_OPT = Slot(_o("NonIntermediaryCertificates"), 0)
NIC_REQ = Slot(_o("NonIntermediaryCertificates"))
IC_OPT = Slot(_o("IntermediaryCertificates"), 0)
FEAT = Slot(_e("FeatureDescription"))
PKG = Slot(_o("ContentPackage"))
PKG_OPT = Slot(_o("ContentPackage"), 0)


def _spec(
    type_: MessageType,
    xsd: str,
    element: str,
    header: tuple[Slot, ...],
    body: tuple[Slot, ...],
    cb: tuple[Occurs, Occurs, Occurs, Occurs],
    *,
    explicit: bool = False,
) -> TypeSpec:
    in_body = any(slot.tag == element for slot in body)
    return TypeSpec(type_, xsd, element, in_body, header, body, *cb, explicit_dialog=explicit)


def _h(element: str) -> Slot:
    return Slot(element)


T = MessageType
SPECS: dict[MessageType, TypeSpec] = {
    spec.type: spec
    for spec in (
        _spec(
            T.INIT_DIALOG,
            "soapInitDialog.xsd",
            _o("initDialog"),
            (CB, CSIG, LANG, NIC_REQ, OTHER),
            (Slot(_o("initDialog")),),
            (NO, REQ, NO, NO),
        ),
        _spec(
            T.RESPONSE_TO_INIT_DIALOG,
            "soapResponseToInitDialog.xsd",
            _o("responseToInitDialog"),
            (CB, SSIG, IC_OPT, OTHER),
            (Slot(_o("responseToInitDialog")),),
            (REQ, REQ, REQ, NO),
        ),
        _spec(
            T.EXIT_DIALOG,
            "soapExitDialog.xsd",
            _o("exitDialog"),
            (CB, CSIG, LANG, NIC_OPT, OTHER),
            (Slot(_o("exitDialog")),),
            (REQ, REQ, REQ, REQ),
            explicit=True,
        ),
        _spec(
            T.RESPONSE_TO_EXIT_DIALOG,
            "soapResponseToExitDialog.xsd",
            _o("responseToExitDialog"),
            (CB, SSIG, IC_OPT, OTHER),
            (Slot(_o("responseToExitDialog")),),
            (REQ, NO, REQ, REQ),
        ),
        _spec(
            T.GET_MESSAGE_ID,
            "soapGetMessageId.xsd",
            _o("getMessageId"),
            (CB, CSIG, LANG, NIC_OPT, OTHER),
            (Slot(_o("getMessageId")),),
            (OPT, REQ, OPT, REQ),
        ),
        _spec(
            T.RESPONSE_TO_GET_MESSAGE_ID,
            "soapResponseToGetMessageId.xsd",
            _o("responseToGetMessageId"),
            (CB, SSIG, IC_OPT, OTHER),
            (Slot(_o("responseToGetMessageId")),),
            (REQ, OPT, REQ, REQ),
        ),
        _spec(
            T.STORE_DELIVERY,
            "soapStoreDelivery.xsd",
            _o("storeDelivery"),
            (CB, CSIG, LANG, QOT2, _h(_o("storeDelivery")), NIC_REQ, OTHER),
            (PKG,),
            (OPT, REQ, OPT, REQ),
        ),
        _spec(
            T.RESPONSE_TO_STORE_DELIVERY,
            "soapResponseToStoreDelivery.xsd",
            _o("responseToStoreDelivery"),
            (CB, SSIG, _h(_o("responseToStoreDelivery")), IC_OPT, OTHER),
            (),
            (REQ, OPT, REQ, REQ),
        ),
        _spec(
            T.FETCH_DELIVERY,
            "soapFetchDelivery.xsd",
            _o("fetchDelivery"),
            (CB, CSIG, LANG, _h(_o("fetchDelivery")), NIC_OPT, OTHER),
            (),
            (REQ, REQ, REQ, REQ),
            explicit=True,
        ),
        _spec(
            T.RESPONSE_TO_FETCH_DELIVERY,
            "soapResponseToFetchDelivery.xsd",
            _o("responseToFetchDelivery"),
            (CB, SSIG, _h(_o("responseToFetchDelivery")), IC_OPT, NIC_OPT, OTHER),
            (PKG_OPT,),
            (REQ, REQ, REQ, REQ),
        ),
        _spec(
            T.FETCH_PROCESS_CARD,
            "soapFetchProcessCard.xsd",
            _o("fetchProcessCard"),
            (CB, CSIG, LANG, NIC_OPT, OTHER),
            (Slot(_o("fetchProcessCard")),),
            (REQ, REQ, REQ, REQ),
            explicit=True,
        ),
        _spec(
            T.RESPONSE_TO_FETCH_PROCESS_CARD,
            "soapResponseToFetchProcessCard.xsd",
            _o("responseToFetchProcessCard"),
            (CB, SSIG, IC_OPT, OTHER),
            (Slot(_o("responseToFetchProcessCard")),),
            (REQ, REQ, REQ, REQ),
        ),
        _spec(
            T.FORWARD_DELIVERY,
            "soapForwardDelivery.xsd",
            _o("forwardDelivery"),
            (CB, CSIG, LANG, QOT2, _h(_o("forwardDelivery")), NIC_OPT, OTHER),
            (PKG,),
            (OPT, REQ, OPT, REQ),
        ),
        _spec(
            T.RESPONSE_TO_FORWARD_DELIVERY,
            "soapResponseToForwardDelivery.xsd",
            _o("responseToForwardDelivery"),
            (CB, SSIG, _h(_o("responseToForwardDelivery")), IC_OPT, OTHER),
            (),
            (REQ, OPT, OPT, OPT),
        ),
        _spec(
            T.ACCEPT_DELIVERY,
            "soapAcceptDelivery.xsd",
            _o("acceptDelivery"),
            (CB, CSIG, LANG, _h(_o("acceptDelivery")), IC_OPT, NIC_OPT, OTHER),
            (PKG,),
            (NO, REQ, NO, NO),
        ),
        _spec(
            T.RESPONSE_TO_ACCEPT_DELIVERY,
            "soapResponseToAcceptDelivery.xsd",
            _o("responseToAcceptDelivery"),
            (CB, SSIG, _h(_o("responseToAcceptDelivery")), NIC_OPT, OTHER),
            (),
            (REQ, NO, NO, NO),
        ),
        _spec(
            T.MEDIATE_DELIVERY,
            "soapMediateDelivery.xsd",
            _o("mediateDelivery"),
            (
                CB,
                CSIG,
                LANG,
                Slot(_o("QualityOfTimestamp"), 0, 2),
                _h(_o("mediateDelivery")),
                NIC_OPT,
                OTHER,
            ),
            (PKG,),
            (REQ, REQ, REQ, REQ),
            explicit=True,
        ),
        _spec(
            T.RESPONSE_TO_MEDIATE_DELIVERY,
            "soapResponseToMediateDelivery.xsd",
            _o("responseToMediateDelivery"),
            (CB, SSIG, _h(_o("responseToMediateDelivery")), IC_OPT, NIC_OPT, OTHER),
            (PKG_OPT,),
            (REQ, REQ, REQ, REQ),
        ),
        _spec(
            T.PROCESS_DELIVERY,
            "soapProcessDelivery.xsd",
            _o("processDelivery"),
            (CB, CSIG, LANG, _h(_o("processDelivery")), IC_OPT, NIC_OPT, OTHER),
            (PKG,),
            (NO, REQ, NO, NO),
        ),
        _spec(
            T.RESPONSE_TO_PROCESS_DELIVERY,
            "soapResponseToProcessDelivery.xsd",
            _o("responseToProcessDelivery"),
            (
                CB,
                SSIG,
                Slot(_o("QualityOfTimestamp"), 0, 2),
                _h(_o("responseToProcessDelivery")),
                NIC_OPT,
                OTHER,
            ),
            (PKG_OPT,),
            (REQ, NO, NO, NO),
        ),
        _spec(
            T.PARTIAL_STORE_DELIVERY,
            "soapPartialStoreDelivery.xsd",
            _e("partialStoreDelivery"),
            (
                CB,
                CSIG,
                LANG,
                Slot(_o("QualityOfTimestamp")),
                _h(_e("partialStoreDelivery")),
                NIC_REQ,
                FEAT,
                OTHER,
            ),
            (PKG,),
            (OPT, REQ, OPT, REQ),
        ),
        _spec(
            T.RESPONSE_TO_PARTIAL_STORE_DELIVERY,
            "soapResponseToPartialStoreDelivery.xsd",
            _e("responseToPartialStoreDelivery"),
            (CB, SSIG, _h(_e("responseToPartialStoreDelivery")), IC_OPT, FEAT, OTHER),
            (),
            (REQ, OPT, REQ, REQ),
        ),
        _spec(
            T.PARTIAL_FETCH_DELIVERY,
            "soapPartialFetchDelivery.xsd",
            _e("partialFetchDelivery"),
            (CB, CSIG, LANG, _h(_e("partialFetchDelivery")), NIC_OPT, FEAT, OTHER),
            (),
            (REQ, REQ, REQ, REQ),
            explicit=True,
        ),
        _spec(
            T.RESPONSE_TO_PARTIAL_FETCH_DELIVERY,
            "soapResponseToPartialFetchDelivery.xsd",
            _e("responseToPartialFetchDelivery"),
            (CB, SSIG, _h(_e("responseToPartialFetchDelivery")), IC_OPT, NIC_OPT, FEAT, OTHER),
            (PKG_OPT,),
            (REQ, REQ, REQ, REQ),
        ),
    )
}

RESPONSE_OF: dict[MessageType, MessageType] = {
    t: MessageType[f"RESPONSE_TO_{t.name}"] for t in MessageType if SPECS[t].is_request
}

_BY_LOCATION = {spec.schema_location: spec for spec in SPECS.values()}
ENCRYPTED_LOCATION = ns.schema_location("soapMessageEncrypted.xsd")


def spec_for_location(location: str) -> TypeSpec:
    """Dispatch on the exact schemaLocation string (whitespace-normalised)."""
    normal = " ".join(location.split())
    spec = _BY_LOCATION.get(normal)
    if spec is None:
        raise UnknownMessageType(schema_location=location)
    return spec


# Certificates a request type may carry in NonIntermediaryCertificates (element names; per-type
# XSD restrictions). Types not listed allow the whole template.
_SIG_ONLY = frozenset({"SignatureCertificateOriginator"})
_ORIGINATOR = frozenset({"CipherCertificateOriginator", "SignatureCertificateOriginator"})
NIC_ALLOWED: dict[MessageType, frozenset[str]] = {
    MessageType.INIT_DIALOG: _ORIGINATOR,
    MessageType.EXIT_DIALOG: _SIG_ONLY,
    MessageType.FETCH_DELIVERY: _SIG_ONLY,
    MessageType.FETCH_PROCESS_CARD: _SIG_ONLY,
    MessageType.PARTIAL_FETCH_DELIVERY: _SIG_ONLY,
    MessageType.GET_MESSAGE_ID: _ORIGINATOR,
    MessageType.STORE_DELIVERY: frozenset(
        {
            "CipherCertificateOriginator",
            "CipherCertificateOtherAuthor",
            "CipherCertificateAddressee",
            "CipherCertificateOtherReader",
            "SignatureCertificateOriginator",
            "SignatureCertificateOtherAuthor",
        }
    ),
    MessageType.RESPONSE_TO_ACCEPT_DELIVERY: frozenset({"SignatureCertificateAddressee"}),
}
NIC_REQUIRED: dict[MessageType, frozenset[str]] = {
    MessageType.INIT_DIALOG: frozenset({"CipherCertificateOriginator"}),
    MessageType.STORE_DELIVERY: frozenset({"CipherCertificateAddressee"}),
}

# Timestamps of the ProcessCard per carrying type: (required, allowed).
_C, _F, _R = "creation", "forwarding", "reception"
CARD_RULES: dict[MessageType, tuple[frozenset[str], frozenset[str]]] = {
    MessageType.RESPONSE_TO_STORE_DELIVERY: (frozenset({_C}), frozenset({_C})),
    MessageType.RESPONSE_TO_FETCH_DELIVERY: (frozenset({_C, _F}), frozenset({_C, _F})),
    MessageType.RESPONSE_TO_FETCH_PROCESS_CARD: (frozenset({_C}), frozenset({_C, _F, _R})),
    MessageType.RESPONSE_TO_FORWARD_DELIVERY: (frozenset({_C}), frozenset({_C, _F, _R})),
    MessageType.ACCEPT_DELIVERY: (frozenset({_C, _F}), frozenset({_C, _F})),
    MessageType.PROCESS_DELIVERY: (frozenset({_C, _F}), frozenset({_C, _F})),
    MessageType.RESPONSE_TO_MEDIATE_DELIVERY: (frozenset({_C, _F, _R}), frozenset({_C, _F, _R})),
}

# ChunkInformation attributes per type: (required, prohibited).
CHUNK_RULES: dict[MessageType, tuple[frozenset[str], frozenset[str]]] = {
    MessageType.PARTIAL_STORE_DELIVERY: (
        frozenset({"ChunkNumber", "ChunkSize", "TotalChunkNumbers", "TotalMessageSize"}),
        frozenset({"ReceivedChunks"}),
    ),
    MessageType.RESPONSE_TO_PARTIAL_STORE_DELIVERY: (
        frozenset({"ChunkNumber", "ReceivedChunks", "TotalChunkNumbers"}),
        frozenset({"ChunkSize", "TotalMessageSize"}),
    ),
    MessageType.PARTIAL_FETCH_DELIVERY: (
        frozenset({"ChunkNumber", "ChunkSize", "ReceivedChunks"}),
        frozenset({"TotalChunkNumbers", "TotalMessageSize"}),
    ),
    MessageType.RESPONSE_TO_PARTIAL_FETCH_DELIVERY: (
        frozenset({"ChunkNumber", "TotalChunkNumbers", "TotalMessageSize"}),
        frozenset({"ChunkSize", "ReceivedChunks"}),
    ),
}
