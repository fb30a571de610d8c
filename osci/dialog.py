"""Dialog state: one table of allowed transitions, ControlBlock generation and checking.

Client side (:class:`ClientDialog`) and supplier side (:class:`SupplierDialog`) both run on the
table :data:`TRANSITIONS`; a step that is not in it raises :class:`DialogStateError` instead of
guessing. Challenge/Response, ConversationId and SequenceNumber follow osci.md §3.3; a mismatch is
:class:`ControlBlockError` (OSCI 9400).
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass, replace
from enum import Enum

from osci.errors import ControlBlockError, DialogStateError, FeedbackError, StructureError
from osci.model import ControlBlock
from osci.types import RESPONSE_OF, SPECS, MessageType, Occurs

T = MessageType


class State(Enum):
    IDLE = "idle"  # no dialog; implicit requests or InitDialog may start one
    INIT_SENT = "init-sent"
    OPEN = "open"  # explicit dialog established
    REQUEST_SENT = "request-sent"  # explicit request awaiting its response
    EXIT_SENT = "exit-sent"
    IMPLICIT_SENT = "implicit-sent"  # one-shot request awaiting its response


class Step(Enum):
    SEND_INIT = "send InitDialog"
    SEND_EXIT = "send ExitDialog"
    SEND_REQUEST = "send request"
    RECEIVE_RESPONSE = "receive response"


TRANSITIONS: dict[tuple[State, Step], State] = {
    (State.IDLE, Step.SEND_INIT): State.INIT_SENT,
    (State.IDLE, Step.SEND_REQUEST): State.IMPLICIT_SENT,
    (State.INIT_SENT, Step.RECEIVE_RESPONSE): State.OPEN,
    (State.OPEN, Step.SEND_REQUEST): State.REQUEST_SENT,
    (State.OPEN, Step.SEND_EXIT): State.EXIT_SENT,
    (State.REQUEST_SENT, Step.RECEIVE_RESPONSE): State.OPEN,
    (State.EXIT_SENT, Step.RECEIVE_RESPONSE): State.IDLE,
    (State.IMPLICIT_SENT, Step.RECEIVE_RESPONSE): State.IDLE,
}


def advance(state: State, step: Step) -> State:
    try:
        return TRANSITIONS[(state, step)]
    except KeyError:
        raise DialogStateError(state=state.value, event=step.value) from None


def new_challenge() -> str:
    """Base64 of 10 fresh random bytes; never reused."""
    return base64.b64encode(secrets.token_bytes(10)).decode("ascii")


def check_shape(mtype: MessageType, cb: ControlBlock) -> None:
    """The ControlBlock fields present are those the type's XSD allows (osci.md §4.1)."""
    spec = SPECS[mtype]
    for name, rule, value in (
        ("Response", spec.response, cb.response),
        ("Challenge", spec.challenge, cb.challenge),
        ("ConversationId", spec.conversation_id, cb.conversation_id),
        ("SequenceNumber", spec.sequence_number, cb.sequence_number),
    ):
        if rule is Occurs.REQUIRED and value is None:
            raise StructureError(element=f"osci:ControlBlock/{name}", reason="required")
        if rule is Occurs.PROHIBITED and value is not None:
            raise StructureError(element=f"osci:ControlBlock/{name}", reason="not allowed here")


def _step_for_request(mtype: MessageType) -> Step:
    if mtype is T.INIT_DIALOG:
        return Step.SEND_INIT
    if mtype is T.EXIT_DIALOG:
        return Step.SEND_EXIT
    return Step.SEND_REQUEST


@dataclass
class ClientDialog:
    """The client's view of one dialog with one supplier."""

    state: State = State.IDLE
    conversation_id: str | None = None
    sequence_number: int = -1
    last_challenge: str | None = None  # ours, sent with the pending request
    supplier_challenge: str | None = None  # theirs, to be echoed in our next request
    pending: MessageType | None = None

    def request(self, mtype: MessageType) -> ControlBlock:
        """The ControlBlock for our next request; advances the state."""
        if mtype not in RESPONSE_OF:
            raise DialogStateError(state=self.state.value, event=f"send {mtype.name}")
        step = _step_for_request(mtype)
        if SPECS[mtype].explicit_dialog and self.state is not State.OPEN:
            raise DialogStateError(state=self.state.value, event=f"send {mtype.name}")
        next_state = advance(self.state, step)
        challenge = new_challenge()
        if step is Step.SEND_INIT:
            cb = ControlBlock(challenge=challenge)
        elif self.state is State.IDLE:  # implicit dialog: fresh start
            self.conversation_id, self.supplier_challenge = None, None
            cb = ControlBlock(challenge=challenge, sequence_number=0)
        else:
            self.sequence_number += 1
            cb = ControlBlock(
                challenge=challenge,
                response=self.supplier_challenge,
                conversation_id=self.conversation_id,
                sequence_number=self.sequence_number,
            )
        check_shape(mtype, cb)
        self.state, self.last_challenge, self.pending = next_state, challenge, mtype
        return cb

    def response(self, mtype: MessageType, cb: ControlBlock) -> None:
        """Check a response's ControlBlock against what we sent; advances the state."""
        if self.pending is None or RESPONSE_OF[self.pending] is not mtype:
            raise DialogStateError(state=self.state.value, event=f"receive {mtype.name}")
        check_shape(mtype, cb)
        if cb.response != self.last_challenge:
            raise ControlBlockError(
                field="Response", expected=self.last_challenge, actual=cb.response
            )
        if self.pending is T.INIT_DIALOG or self.state is State.IMPLICIT_SENT:
            self.conversation_id = cb.conversation_id
        elif cb.conversation_id != self.conversation_id:
            raise ControlBlockError(
                field="ConversationId", expected=self.conversation_id, actual=cb.conversation_id
            )
        expected_seq = self._expected_sequence()
        if cb.sequence_number != expected_seq:
            raise ControlBlockError(
                field="SequenceNumber",
                expected=None if expected_seq is None else str(expected_seq),
                actual=None if cb.sequence_number is None else str(cb.sequence_number),
            )
        self.state = advance(self.state, Step.RECEIVE_RESPONSE)
        self.supplier_challenge = cb.challenge
        self.pending = None
        if self.state is State.IDLE:
            self.sequence_number = -1

    def _expected_sequence(self) -> int | None:
        if self.pending is T.INIT_DIALOG:
            return None
        if self.state is State.IMPLICIT_SENT:
            return 0
        return self.sequence_number

    def abandon(self) -> None:
        """Forget the dialog after a transport failure or a fault; the next request starts over."""
        self.state, self.pending = State.IDLE, None
        self.conversation_id = self.supplier_challenge = self.last_challenge = None
        self.sequence_number = -1


class DialogRequired(FeedbackError):
    """A request that needs an explicit dialog arrived outside one (OSCI 9802)."""

    def __init__(self, *, message_type: str) -> None:
        super().__init__(
            feedback_code="9802", text=f"{message_type} must be sent within an explicit dialog"
        )


@dataclass
class SupplierDialog:
    """The supplier's view of one conversation (explicit) or one implicit exchange."""

    conversation_id: str
    explicit: bool
    state: State = State.OPEN
    last_challenge: str | None = None  # ours, sent with the last response
    next_sequence: int = 0

    def check_request(self, mtype: MessageType, cb: ControlBlock) -> None:
        """Validate a request's ControlBlock against this conversation (9400 on mismatch)."""
        check_shape(mtype, cb)
        if cb.conversation_id != self.conversation_id:
            raise ControlBlockError(
                field="ConversationId", expected=self.conversation_id, actual=cb.conversation_id
            )
        if cb.response != self.last_challenge:
            raise ControlBlockError(
                field="Response", expected=self.last_challenge, actual=cb.response
            )
        if cb.sequence_number != self.next_sequence:
            raise ControlBlockError(
                field="SequenceNumber",
                expected=str(self.next_sequence),
                actual=None if cb.sequence_number is None else str(cb.sequence_number),
            )
        self.state = advance(self.state, _step_for_request(mtype))

    def respond(self, request: ControlBlock, response_type: MessageType) -> ControlBlock:
        """The ControlBlock of our response to ``request``."""
        challenge = None if SPECS[response_type].challenge is Occurs.PROHIBITED else new_challenge()
        cb = ControlBlock(
            response=request.challenge,
            challenge=challenge,
            conversation_id=self.conversation_id,
            sequence_number=request.sequence_number,
        )
        if SPECS[response_type].sequence_number is Occurs.PROHIBITED:
            cb = replace(cb, sequence_number=None)
        if SPECS[response_type].conversation_id is Occurs.PROHIBITED:
            cb = replace(cb, conversation_id=None)
        check_shape(response_type, cb)
        self.last_challenge = challenge
        self.state = advance(self.state, Step.RECEIVE_RESPONSE)
        if request.sequence_number is not None:
            self.next_sequence = request.sequence_number + 1
        return cb

    @property
    def closed(self) -> bool:
        return self.state is State.IDLE or not self.explicit


class SupplierDialogs:
    """All conversations of a supplier; hands out ConversationIds."""

    def __init__(self) -> None:
        self._open: dict[str, SupplierDialog] = {}

    def new_id(self) -> str:
        while True:
            candidate = str(secrets.randbelow(10**12))
            if candidate not in self._open:
                return candidate

    def accept(self, mtype: MessageType, cb: ControlBlock) -> SupplierDialog:
        """The conversation a request belongs to, after checking its ControlBlock."""
        if cb.conversation_id is None and SPECS[mtype].explicit_dialog:
            # Before the shape check, which would call the missing ConversationId malformed
            # (9100): outside a dialog is what it is (9802).
            raise DialogRequired(message_type=mtype.name)
        check_shape(mtype, cb)
        if mtype is T.INIT_DIALOG:
            dialog = SupplierDialog(self.new_id(), explicit=True, state=State.INIT_SENT)
            self._open[dialog.conversation_id] = dialog
            return dialog
        if cb.conversation_id is None:
            if cb.sequence_number != 0 or cb.response is not None:
                raise ControlBlockError(
                    field="SequenceNumber", expected="0", actual=str(cb.sequence_number)
                )
            return SupplierDialog(self.new_id(), explicit=False, state=State.IMPLICIT_SENT)
        known = self._open.get(cb.conversation_id)
        if known is None:
            raise ControlBlockError(
                field="ConversationId", expected=None, actual=cb.conversation_id
            )
        known.check_request(mtype, cb)
        return known

    def finished(self, dialog: SupplierDialog) -> None:
        if dialog.state is State.IDLE:
            self._open.pop(dialog.conversation_id, None)

    def get(self, conversation_id: str) -> SupplierDialog | None:
        return self._open.get(conversation_id)
