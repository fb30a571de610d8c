"""The EGVP/beBPo payload carried inside OSCI: the ``project_coco``/``govello_coco`` containers
(nachricht.xml, visitenkarte.xml, herstellerinformation.xml, additional_infos), XJustiz 3.5.1
generation and lenient parsing of older versions, eEB detection and answers, and the ERV rules
checked before sending.

Public entry points (the send/receive code in ``client.core`` and the GUI use these):

* receive: :func:`parse_payload` → :class:`EgvpPayload`
* send: :func:`check_outgoing` → :class:`ErvReport`; :func:`build_xjustiz_nachricht`;
  :func:`build_outgoing_payload` → :class:`OutgoingPayload`
* eEB: :func:`build_eeb_answer`, :func:`eeb_outgoing_message`, :func:`eeb_subject`
* schemas: :func:`load_schemas` (only when an XSD folder is configured)

This package imports nothing of ``client.core``, ``client.store``, ``client.sandbox``,
``client.ui`` and no Qt.
"""

from client.egvp.codes import DOKUMENTKLASSEN, CodeList, Dokumentklasse, StoerungsId, load_code_list
from client.egvp.eeb import (
    EebAccept,
    EebReject,
    build_eeb_answer,
    eeb_outgoing_message,
    eeb_subject,
)
from client.egvp.ervrules import (
    BytesSource,
    ErvReport,
    FileSource,
    PathSource,
    RuleCode,
    Severity,
    Violation,
    check_outgoing,
)
from client.egvp.model import EgvpPayload, Party, PartyKind, Visitenkarte, XJustizNachricht
from client.egvp.names import is_valid_name, name_problems, suggest_name
from client.egvp.outgoing import OutgoingMessage, OutgoingPayload, build_outgoing_payload
from client.egvp.receive import parse_payload
from client.egvp.schema import XJustizSchemas, load_schemas
from client.egvp.xjustiz import (
    OutgoingDocument,
    SchriftgutDraft,
    build_xjustiz_nachricht,
    document_uuid,
    documents_from_names,
    new_message_id,
)

__all__ = [
    "DOKUMENTKLASSEN",
    "BytesSource",
    "CodeList",
    "Dokumentklasse",
    "EebAccept",
    "EebReject",
    "EgvpPayload",
    "ErvReport",
    "FileSource",
    "OutgoingDocument",
    "OutgoingMessage",
    "OutgoingPayload",
    "Party",
    "PartyKind",
    "PathSource",
    "RuleCode",
    "SchriftgutDraft",
    "Severity",
    "StoerungsId",
    "Violation",
    "Visitenkarte",
    "XJustizNachricht",
    "XJustizSchemas",
    "build_eeb_answer",
    "build_outgoing_payload",
    "build_xjustiz_nachricht",
    "check_outgoing",
    "document_uuid",
    "documents_from_names",
    "eeb_outgoing_message",
    "eeb_subject",
    "is_valid_name",
    "load_code_list",
    "load_schemas",
    "name_problems",
    "new_message_id",
    "parse_payload",
    "suggest_name",
]
