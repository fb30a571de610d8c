"""The dialog state table, client and supplier ControlBlocks, 9400 and 9802 (osci.md §3.3)."""

from __future__ import annotations

import base64
import itertools
from dataclasses import replace

import pytest

from osci import wire
from osci.certs import Role
from osci.dialog import (
    TRANSITIONS,
    ClientDialog,
    DialogRequired,
    State,
    Step,
    SupplierDialogs,
    advance,
    new_challenge,
)
from osci.errors import ControlBlockError, DialogStateError, FeedbackError, SoapFault
from osci.model import ControlBlock
from osci.supplier import Reply, Request, Supplier, SupplierIdentity, error_payload
from osci.types import RESPONSE_OF, SPECS, MessageType
from tests.osci import peers
from tests.osci.test_messages import message_for

T = MessageType
EXPLICIT_ONLY = [t for t in RESPONSE_OF if SPECS[t].explicit_dialog]
IMPLICIT = [T.GET_MESSAGE_ID, T.STORE_DELIVERY, T.FORWARD_DELIVERY, T.PARTIAL_STORE_DELIVERY]


# ---------------------------------------------------------------- the table


@pytest.mark.parametrize(
    ("state", "step"), list(itertools.product(State, Step)), ids=lambda v: v.name
)
def test_every_step_is_in_the_table_or_refused(state: State, step: Step) -> None:
    if (state, step) in TRANSITIONS:
        assert advance(state, step) is TRANSITIONS[(state, step)]
        return
    with pytest.raises(DialogStateError) as error:
        advance(state, step)
    assert error.value.state == state.value
    assert error.value.event == step.value


def test_the_table_allows_exactly_the_documented_steps() -> None:
    allowed = {state: {step for (s, step) in TRANSITIONS if s is state} for state in State}
    assert allowed == {
        State.IDLE: {Step.SEND_INIT, Step.SEND_REQUEST},
        State.INIT_SENT: {Step.RECEIVE_RESPONSE},
        State.OPEN: {Step.SEND_REQUEST, Step.SEND_EXIT},
        State.REQUEST_SENT: {Step.RECEIVE_RESPONSE},
        State.EXIT_SENT: {Step.RECEIVE_RESPONSE},
        State.IMPLICIT_SENT: {Step.RECEIVE_RESPONSE},
    }


def test_challenges_are_ten_fresh_random_bytes() -> None:
    challenges = {new_challenge() for _ in range(200)}
    assert len(challenges) == 200
    assert {len(base64.b64decode(c)) for c in challenges} == {10}


# ---------------------------------------------------------------- client and supplier together


def state(client: ClientDialog) -> State:
    """(A call, so that mypy does not keep an earlier ``is`` narrowing of the attribute.)"""
    return client.state


def exchange(client: ClientDialog, dialogs: SupplierDialogs, mtype: MessageType) -> ControlBlock:
    """One request/response through both sides; returns the response ControlBlock."""
    request_cb = client.request(mtype)
    dialog = dialogs.accept(mtype, request_cb)
    response_cb = dialog.respond(request_cb, RESPONSE_OF[mtype])
    dialogs.finished(dialog)
    client.response(RESPONSE_OF[mtype], response_cb)
    return response_cb


def test_an_explicit_dialog_counts_sequence_numbers_from_zero() -> None:
    client, dialogs = ClientDialog(), SupplierDialogs()
    init = client.request(T.INIT_DIALOG)
    assert init == ControlBlock(challenge=init.challenge)  # only a Challenge
    dialog = dialogs.accept(T.INIT_DIALOG, init)
    answer = dialog.respond(init, T.RESPONSE_TO_INIT_DIALOG)
    assert answer.response == init.challenge
    assert answer.sequence_number is None
    assert answer.conversation_id is not None
    assert answer.conversation_id.isdigit()
    client.response(T.RESPONSE_TO_INIT_DIALOG, answer)
    assert client.state is State.OPEN
    assert client.conversation_id == answer.conversation_id

    last_supplier_challenge = answer.challenge
    steps = [T.FETCH_DELIVERY, T.FETCH_PROCESS_CARD, T.GET_MESSAGE_ID, T.FETCH_DELIVERY]
    for number, mtype in enumerate(steps):
        request_cb = client.request(mtype)
        assert state(client) is State.REQUEST_SENT
        assert request_cb.sequence_number == number
        assert request_cb.conversation_id == answer.conversation_id
        assert request_cb.response == last_supplier_challenge
        assert dialogs.accept(mtype, request_cb) is dialog
        response_cb = dialog.respond(request_cb, RESPONSE_OF[mtype])
        assert response_cb.sequence_number == number
        assert response_cb.response == request_cb.challenge
        client.response(RESPONSE_OF[mtype], response_cb)
        last_supplier_challenge = response_cb.challenge

    exit_cb = client.request(T.EXIT_DIALOG)
    assert exit_cb.sequence_number == len(steps)
    assert dialogs.accept(T.EXIT_DIALOG, exit_cb) is dialog
    exit_answer = dialog.respond(exit_cb, T.RESPONSE_TO_EXIT_DIALOG)
    assert exit_answer.challenge is None  # ResponseToExitDialog carries none
    dialogs.finished(dialog)
    client.response(T.RESPONSE_TO_EXIT_DIALOG, exit_answer)
    assert state(client) is State.IDLE
    assert client.sequence_number == -1
    assert dialogs.get(answer.conversation_id) is None  # forgotten by the supplier too
    with pytest.raises(ControlBlockError):  # a late request in the closed conversation
        dialogs.accept(
            T.FETCH_DELIVERY, replace(exit_cb, sequence_number=exit_cb.sequence_number + 1)
        )


@pytest.mark.parametrize("mtype", IMPLICIT, ids=lambda t: t.name)
def test_an_implicit_dialog_is_one_request_with_sequence_number_zero(mtype: MessageType) -> None:
    client, dialogs = ClientDialog(), SupplierDialogs()
    first = client.request(mtype)
    assert first == ControlBlock(challenge=first.challenge, sequence_number=0)
    assert client.state is State.IMPLICIT_SENT
    dialog = dialogs.accept(mtype, first)
    assert not dialog.explicit
    response_cb = dialog.respond(first, RESPONSE_OF[mtype])
    dialogs.finished(dialog)
    assert dialogs.get(dialog.conversation_id) is None  # implicit dialogs are not kept
    client.response(RESPONSE_OF[mtype], response_cb)
    assert state(client) is State.IDLE
    # The next implicit request starts afresh: no Response, no ConversationId.
    second = client.request(mtype)
    assert second == ControlBlock(challenge=second.challenge, sequence_number=0)
    assert second.challenge != first.challenge


def test_implicit_responses_carry_a_conversation_id_the_client_learns() -> None:
    client, dialogs = ClientDialog(), SupplierDialogs()
    answer = exchange(client, dialogs, T.GET_MESSAGE_ID)
    assert answer.conversation_id is not None
    assert answer.sequence_number == 0
    assert client.conversation_id == answer.conversation_id


# ---------------------------------------------------------------- client refusals


def test_client_refuses_steps_the_table_does_not_allow() -> None:
    client = ClientDialog()
    for mtype in EXPLICIT_ONLY:
        with pytest.raises(DialogStateError):
            client.request(mtype)  # outside a dialog
    with pytest.raises(DialogStateError):
        client.request(T.RESPONSE_TO_GET_MESSAGE_ID)  # not a request
    with pytest.raises(DialogStateError):
        client.response(T.RESPONSE_TO_GET_MESSAGE_ID, ControlBlock(response="x"))  # nothing sent
    client.request(T.GET_MESSAGE_ID)
    with pytest.raises(DialogStateError):
        client.request(T.GET_MESSAGE_ID)  # one at a time
    with pytest.raises(DialogStateError):
        client.response(T.RESPONSE_TO_STORE_DELIVERY, ControlBlock(response="x"))  # wrong type


def _open(client: ClientDialog, dialogs: SupplierDialogs) -> None:
    exchange(client, dialogs, T.INIT_DIALOG)


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("Response", {"response": "d3Jvbmc="}),
        ("ConversationId", {"conversation_id": "1"}),
        ("SequenceNumber", {"sequence_number": 7}),
    ],
)
def test_client_answers_a_wrong_response_control_block_with_9400(
    field: str, change: dict[str, object]
) -> None:
    client, dialogs = ClientDialog(), SupplierDialogs()
    _open(client, dialogs)
    request_cb = client.request(T.FETCH_DELIVERY)
    dialog = dialogs.accept(T.FETCH_DELIVERY, request_cb)
    response_cb = dialog.respond(request_cb, T.RESPONSE_TO_FETCH_DELIVERY)
    with pytest.raises(ControlBlockError) as error:
        client.response(T.RESPONSE_TO_FETCH_DELIVERY, replace(response_cb, **change))  # type: ignore[arg-type]
    assert error.value.field == field
    assert error.value.code == "9400"
    client.abandon()
    assert client.state is State.IDLE


# ---------------------------------------------------------------- supplier refusals


def test_supplier_hands_out_distinct_numeric_conversation_ids() -> None:
    dialogs = SupplierDialogs()
    ids = set()
    for _ in range(50):
        cb = ControlBlock(challenge=new_challenge())
        dialog = dialogs.accept(T.INIT_DIALOG, cb)
        dialog.respond(cb, T.RESPONSE_TO_INIT_DIALOG)
        ids.add(dialog.conversation_id)
    assert len(ids) == 50
    assert all(i.isdigit() for i in ids)
    assert all(dialogs.get(i) is not None for i in ids)


def _supplier_in_dialog() -> tuple[ClientDialog, SupplierDialogs, ControlBlock]:
    client, dialogs = ClientDialog(), SupplierDialogs()
    _open(client, dialogs)
    return client, dialogs, client.request(T.FETCH_DELIVERY)


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("Response", {"response": "d3Jvbmc="}),
        ("SequenceNumber", {"sequence_number": 1}),
        ("SequenceNumber", {"sequence_number": -1}),
        ("ConversationId", {"conversation_id": "999999999999999"}),
    ],
)
def test_supplier_refuses_a_wrong_request_control_block_with_9400(
    field: str, change: dict[str, object]
) -> None:
    _client, dialogs, request_cb = _supplier_in_dialog()
    with pytest.raises(ControlBlockError) as error:
        dialogs.accept(T.FETCH_DELIVERY, replace(request_cb, **change))  # type: ignore[arg-type]
    assert error.value.field == field
    assert error.value.code == "9400"


def test_supplier_refuses_a_replayed_request_with_9400() -> None:
    _client, dialogs, request_cb = _supplier_in_dialog()
    dialog = dialogs.accept(T.FETCH_DELIVERY, request_cb)
    dialog.respond(request_cb, T.RESPONSE_TO_FETCH_DELIVERY)
    with pytest.raises(ControlBlockError):
        dialogs.accept(T.FETCH_DELIVERY, request_cb)


@pytest.mark.parametrize(
    "cb",
    [
        ControlBlock(challenge="YWJj", sequence_number=1),
        ControlBlock(challenge="YWJj", response="eHl6", sequence_number=0),
    ],
    ids=["sequence-1", "with-response"],
)
def test_supplier_refuses_an_implicit_request_that_continues_nothing(cb: ControlBlock) -> None:
    with pytest.raises(ControlBlockError) as error:
        SupplierDialogs().accept(T.GET_MESSAGE_ID, cb)
    assert error.value.code == "9400"


@pytest.mark.parametrize("mtype", EXPLICIT_ONLY, ids=lambda t: t.name)
def test_dialog_only_requests_outside_a_dialog_are_9802(mtype: MessageType) -> None:
    with pytest.raises(DialogRequired) as error:
        SupplierDialogs().accept(mtype, ControlBlock(challenge="YWJj", sequence_number=0))
    assert isinstance(error.value, FeedbackError)
    assert error.value.feedback_code == "9802"


# ---------------------------------------------------------------- through the supplier


def _supplier() -> Supplier:
    def answer(request: Request) -> Reply:
        return Reply(error_payload(RESPONSE_OF[request.message.type], "9803", "keine Zustellung"))

    party = peers.intermediary()
    return Supplier(SupplierIdentity(party.cipher, party.signature), answer)


def _send(supplier: Supplier, mtype: MessageType, cb: ControlBlock) -> wire.ReceivedMessage:
    message = replace(message_for(mtype), control_block=cb)
    body = wire.encode(message, signing=peers.signing(peers.client(), Role.ORIGINATOR))
    return wire.decode(
        [supplier.handle([body])],
        decrypter=None,
        require_signature=True,
        require_encryption=False,
    )


def test_a_supplier_answers_fetch_delivery_outside_a_dialog_with_feedback_9802() -> None:
    request_cb = ControlBlock(challenge=new_challenge(), sequence_number=0)
    answer = _send(_supplier(), T.FETCH_DELIVERY, request_cb)
    assert answer.message.type is T.RESPONSE_TO_FETCH_DELIVERY
    assert answer.message.payload.feedback.codes == ("9802",)  # type: ignore[attr-defined]
    assert answer.message.control_block.response == request_cb.challenge


def test_a_supplier_answers_a_wrong_sequence_number_with_a_9400_fault() -> None:
    supplier = _supplier()
    client = ClientDialog()
    init_cb = client.request(T.INIT_DIALOG)
    opened = _send(supplier, T.INIT_DIALOG, init_cb)
    client.response(T.RESPONSE_TO_INIT_DIALOG, opened.message.control_block)
    request_cb = client.request(T.FETCH_DELIVERY)
    with pytest.raises(SoapFault) as fault:
        _send(supplier, T.FETCH_DELIVERY, replace(request_cb, sequence_number=5))
    assert fault.value.osci_code == "9400"
    answer = _send(supplier, T.FETCH_DELIVERY, request_cb)  # the right one still works
    client.response(T.RESPONSE_TO_FETCH_DELIVERY, answer.message.control_block)
    assert answer.message.payload.feedback.codes == ("9803",)  # type: ignore[attr-defined]
