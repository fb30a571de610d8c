"""eEB answers: ``nachricht.eeb.zuruecklaufend.2200007`` (XJustiz 3.5.1, bebpo.md §5).

From a parsed request (an incoming ``uebermittlungSchriftgutobjekte`` with
``ruecksendungEEB.erforderlich`` on a document, XJustiz 2.x or 3.x):

* parties swapped: the request's sender (usually a court code) becomes our ``auswahl_empfaenger``
  with the *same* code-list version; the request's recipient becomes our ``auswahl_absender``
  unless the caller names the sender;
* file numbers swapped: the request's ``aktenzeichen.empfaenger`` (ours) becomes our
  ``aktenzeichen.absender``, its ``aktenzeichen.absender`` (the court's) our
  ``aktenzeichen.empfaenger``;
* ``fremdeNachrichtenID`` = the request's ``eigeneNachrichtenID``; a new ``eigeneNachrichtenID``;
* ``fachdaten``: ``empfangsbestaetigung`` (a date) or ``stoerungsmeldung`` (code 1/2/3 + reason).

It is sent as "Allgemeine Nachricht" with the Betreff "EB zu: <Az>" and ``xjustiz_nachricht.xml``
as the only attachment, as the real beBPo eEB of 2021 was (bebpo.md §5.4).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from client.egvp._text import single_line
from client.egvp.codes import STOERUNGS_ID_LIST_URI, STOERUNGS_ID_LIST_VERSION, StoerungsId
from client.egvp.errors import InvalidOutgoing, NotAnEebRequest
from client.egvp.model import NACHRICHTENTYP_ALLGEMEIN, Party, PartyKind, XJustizNachricht
from client.egvp.outgoing import OutgoingMessage
from client.egvp.product import ProductInfo
from client.egvp.schema import XJustizSchemas
from client.egvp.xjustiz import (
    add_nachrichtenkopf,
    new_root,
    serialise,
    sub,
    sub_code,
    text_c,
)

ROOT_EEB = "nachricht.eeb.zuruecklaufend.2200007"
_SCHEMA_FILE = "xjustiz_2200_eeb_3_1.xsd"
_UUID = re.compile(r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")


@dataclass(frozen=True)
class EebAccept:
    """Accept the service: the date of receipt (defaults to today in the GUI)."""

    empfangsbestaetigung: date


@dataclass(frozen=True)
class EebReject:
    """Störungsmeldung: reason code and optional free text."""

    stoerungs_id: StoerungsId
    grund: str = ""


EebResponse = EebAccept | EebReject


def _check_request(request: XJustizNachricht, *, require_request: bool) -> str:
    if require_request and not request.eeb_requested:
        raise NotAnEebRequest(reason="no document asks for an eEB (ruecksendungEEB.erforderlich)")
    request_id = (request.eigene_nachrichten_id or "").strip()
    if not _UUID.match(request_id):
        raise NotAnEebRequest(reason="the request has no eigeneNachrichtenID in UUID form")
    if request.absender is None or not request.absender.display():
        raise NotAnEebRequest(reason="the sender of the request is unknown")
    return request_id


def _answer_recipient(sender: Party) -> Party:
    """The request's sender as our recipient, with the code-list version it was sent with.

    An older version of a type-3 list stays valid in 3.5.1 (``listVersionID`` is free text), so
    the court code keeps the version the court used. Some senders leave the version empty
    (seen in 3.2.1 traffic, bebpo.md §4.4); the attribute is required, so we then name the
    current ``GDS.Gerichte`` version, where court codes are stable.
    """
    if sender.kind is PartyKind.SONSTIGE:
        return Party.sonstige(single_line(sender.text or ""))
    if sender.kind is PartyKind.GERICHT and not (sender.list_version_id or "").strip():
        return Party.gericht((sender.code or "").strip())
    return sender


def build_eeb_answer(
    request: XJustizNachricht,
    response: EebResponse,
    *,
    eigene_nachrichten_id: uuid.UUID,
    absender: Party | None = None,
    aktenzeichen_absender: str | None = None,
    zustellungsempfaenger_abweichend: bool = False,
    created: datetime | None = None,
    product: ProductInfo | None = None,
    schemas: XJustizSchemas | None = None,
    require_request: bool = True,
) -> bytes:
    """The eEB answer to ``request``; validated when ``schemas`` is given.

    ``absender`` defaults to the request's recipient; ``aktenzeichen_absender`` (our file number,
    the only number the user may edit) defaults to the request's ``aktenzeichen.empfaenger``.
    ``product`` is left out by default: the official eEB tool writes no herstellerinformation.
    """
    request_id = _check_request(request, require_request=require_request)
    sender = absender or request.empfaenger
    if sender is None:
        raise InvalidOutgoing(field="absender", reason="the request names no recipient; pass one")
    if request.absender is None:  # checked above; keeps the type checker informed
        raise NotAnEebRequest(reason="the sender of the request is unknown")
    own_numbers = (
        [aktenzeichen_absender]
        if aktenzeichen_absender is not None
        else [single_line(v) for v in request.aktenzeichen_empfaenger]
    )
    root = new_root(ROOT_EEB, _SCHEMA_FILE)
    add_nachrichtenkopf(
        root,
        aktenzeichen_absender=own_numbers,
        aktenzeichen_empfaenger=[single_line(v) for v in request.aktenzeichen_absender],
        created=created,
        absender=sender,
        empfaenger=_answer_recipient(request.absender),
        eigene_nachrichten_id=eigene_nachrichten_id,
        fremde_nachrichten_id=request_id,
        product=product,
    )
    fachdaten = sub(root, "fachdaten")
    if isinstance(response, EebAccept):
        sub(fachdaten, "empfangsbestaetigung", response.empfangsbestaetigung.isoformat())
    else:
        meldung = sub(fachdaten, "stoerungsmeldung")
        sub_code(
            meldung,
            "stoerungsID",
            str(int(response.stoerungs_id)),
            STOERUNGS_ID_LIST_VERSION,
            STOERUNGS_ID_LIST_URI,
        )
        if response.grund.strip():
            sub(meldung, "stoerungsGrund", text_c(response.grund, "stoerungsGrund", multiline=True))
    if zustellungsempfaenger_abweichend:
        sub(fachdaten, "zustellungsempfaenger.abweichend", "true")
    data = serialise(root)
    if schemas is not None:
        schemas.validate(data)
    return data


def eeb_subject(request: XJustizNachricht) -> str:
    """``EB zu: <Az>`` with the court's file number (the request's ``aktenzeichen.absender``)."""
    numbers = [single_line(v) for v in request.aktenzeichen_absender if v.strip()]
    if numbers:
        return f"EB zu: {numbers[0]}"
    return f"EB zu: Nachricht {request.eigene_nachrichten_id or 'ohne Kennung'}"


def eeb_outgoing_message(request: XJustizNachricht, *, empfaenger_safe_id: str) -> OutgoingMessage:
    """The EGVP message that carries the eEB answer (``xjustiz_nachricht.xml`` only)."""
    court_numbers = [single_line(v) for v in request.aktenzeichen_absender if v.strip()]
    own_numbers = [single_line(v) for v in request.aktenzeichen_empfaenger if v.strip()]
    return OutgoingMessage(
        empfaenger_safe_id=empfaenger_safe_id,
        betreff=eeb_subject(request),
        aktenzeichen_empfaenger=court_numbers[0] if court_numbers else "",
        aktenzeichen_absender=own_numbers[0] if own_numbers else "",
        nachrichtentyp=NACHRICHTENTYP_ALLGEMEIN,
    )
