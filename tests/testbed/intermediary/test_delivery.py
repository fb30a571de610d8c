"""Deliveries over real HTTP: who may fetch them, the Laufzettel timestamps, no lost messages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests
from lxml import etree

from osci.errors import FeedbackError
from osci.messages import ResponseToFetchDelivery, ResponseToStoreDelivery
from osci.model import CertType, MathResult, OfflineResult, OnlineResult, SelectionRule
from tests.testbed.intermediary.conftest import (
    RECIPIENT,
    SENDER,
    STRANGER,
    Running,
    documents,
)


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def test_only_the_addressee_fetches_with_creation_forwarding_reception_in_order(
    intermediary: Running,
) -> None:
    before = _now()
    message_id, stored = intermediary.send(files=[("klage.pdf", b"%PDF-1.7 Klage " * 500)])
    after_store = _now()
    store_payload = stored.payload
    assert isinstance(store_payload, ResponseToStoreDelivery)
    assert store_payload.feedback.codes == ("0800",)
    card = store_payload.process_card
    assert card is not None
    assert card.message_id == message_id
    assert card.message_id.startswith("govapp_")
    assert len(card.message_id) == len("govapp_") + 37
    assert card.process_card.creation is not None
    created = card.process_card.creation.plain
    assert created is not None
    assert before <= created <= after_store
    assert card.process_card.forwarding is None

    stranger = intermediary.session(STRANGER)
    stranger.init_dialog()
    with pytest.raises(FeedbackError) as refused:
        stranger.fetch_delivery()
    assert refused.value.code == "9803"
    with pytest.raises(FeedbackError) as by_id:
        stranger.fetch_delivery(SelectionRule(message_ids=(message_id,)))
    assert by_id.value.code == "9803"
    stranger.exit_dialog()

    recipient = intermediary.session(RECIPIENT)
    recipient.init_dialog()
    fetched = recipient.fetch_delivery()
    after_fetch = _now()
    payload = fetched.payload
    assert isinstance(payload, ResponseToFetchDelivery)
    assert payload.feedback.codes == ("0801",)
    assert payload.process_card is not None
    forwarded = payload.process_card.process_card.forwarding
    assert forwarded is not None
    assert forwarded.plain is not None
    assert created <= forwarded.plain <= after_fetch
    assert documents(fetched.received, recipient) == {"klage.pdf": b"%PDF-1.7 Klage " * 500}
    custom = [etree.QName(h).localname for h in fetched.received.message.custom_headers]
    assert "RequestSignatureMandatory" in custom
    assert fetched.received.signature is not None
    assert "#RequestSignatureMandatory" in {
        r.uri for r in fetched.received.signature.report.references
    }

    # The sender looks at its Laufzettel: forwarded, not yet received.
    sender = intermediary.session(SENDER)
    sender.init_dialog()
    cards = sender.fetch_process_cards(SelectionRule(message_ids=(message_id,)))
    assert cards.process_cards[0].process_card.forwarding is not None
    assert cards.process_cards[0].process_card.reception is None

    # The addressee's next request in the same dialog proves receipt.
    recipient.exit_dialog()
    cards = sender.fetch_process_cards(SelectionRule(message_ids=(message_id,)))
    reception = cards.process_cards[0].process_card.reception
    assert reception is not None
    assert reception.plain is not None
    assert forwarded.plain <= reception.plain <= _now()
    sender.exit_dialog()

    again = intermediary.session(RECIPIENT)
    again.init_dialog()
    with pytest.raises(FeedbackError) as empty:
        again.fetch_delivery()
    assert empty.value.code == "9803"


def test_a_client_that_crashes_before_acknowledging_gets_the_same_delivery_again(
    intermediary: Running,
) -> None:
    message_id, _ = intermediary.send()
    first = intermediary.session(RECIPIENT)
    first.init_dialog()
    lost = first.fetch_delivery()
    assert lost.payload.process_card.message_id == message_id  # type: ignore[attr-defined]
    del first  # crashed: no further request in that dialog

    second = intermediary.session(RECIPIENT)
    second.init_dialog()
    cards = second.fetch_process_cards(SelectionRule(message_ids=(message_id,)))
    assert cards.process_cards[0].process_card.reception is None
    again = second.fetch_delivery()
    assert again.payload.process_card.message_id == message_id  # type: ignore[attr-defined]
    assert documents(again.received, second) == {"brief.pdf": b"%PDF-1.7 Brief"}
    second.exit_dialog()

    third = intermediary.session(RECIPIENT)
    third.init_dialog()
    with pytest.raises(FeedbackError) as empty:
        third.fetch_delivery()
    assert empty.value.code == "9803"


def test_a_dropped_fetch_response_loses_nothing(intermediary: Running) -> None:
    from osci.errors import TransportError

    message_id, _ = intermediary.send()
    intermediary.faults(drop_after_bytes=500, on=["FETCH_DELIVERY"], count=1)
    client = intermediary.session(RECIPIENT)
    client.init_dialog()
    with pytest.raises(TransportError):
        client.fetch_delivery()
    retry = intermediary.session(RECIPIENT)
    retry.init_dialog()
    fetched = retry.fetch_delivery()
    assert fetched.payload.process_card.message_id == message_id  # type: ignore[attr-defined]


def test_3800_while_more_are_waiting_oldest_first(intermediary: Running) -> None:
    first, _ = intermediary.send(files=[("eins.pdf", b"1")])
    second, _ = intermediary.send(files=[("zwei.pdf", b"2")])
    client = intermediary.session(RECIPIENT)
    client.init_dialog()
    one = client.fetch_delivery()
    assert one.payload.process_card.message_id == first  # type: ignore[attr-defined]
    assert one.feedback.codes == ("0801", "3800")
    two = client.fetch_delivery()
    assert two.payload.process_card.message_id == second  # type: ignore[attr-defined]
    assert two.feedback.codes == ("0801",)
    with pytest.raises(FeedbackError) as empty:
        client.fetch_delivery()
    assert empty.value.code == "9803"


def test_selection_by_message_id_and_by_reception_time(intermediary: Running) -> None:
    first, _ = intermediary.send(files=[("eins.pdf", b"1")])
    second, _ = intermediary.send(files=[("zwei.pdf", b"2")])
    client = intermediary.session(RECIPIENT)
    client.init_dialog()
    chosen = client.fetch_delivery(SelectionRule(message_ids=(second,)))
    assert chosen.payload.process_card.message_id == second  # type: ignore[attr-defined]
    future = SelectionRule(reception_of_delivery=_now() + timedelta(hours=1))
    with pytest.raises(FeedbackError) as none_after:
        client.fetch_delivery(future)
    assert none_after.value.code == "9803"
    past = SelectionRule(reception_of_delivery=_now() - timedelta(hours=1))
    rest = client.fetch_delivery(past)
    assert rest.payload.process_card.message_id == first  # type: ignore[attr-defined]


def test_process_cards_selection_limit_and_roles(intermediary: Running) -> None:
    ids = [intermediary.send(files=[(f"d{n}.pdf", b"x")])[0] for n in range(3)]
    sender = intermediary.session(SENDER)
    sender.init_dialog()
    everything = sender.fetch_process_cards()
    assert [c.message_id for c in everything.process_cards] == ids
    limited = sender.fetch_process_cards(limit=2)
    assert limited.feedback.codes == ("0801", "3801")
    assert len(limited.process_cards) == 2
    recent = SelectionRule(recent_modification=_now() - timedelta(hours=1), role="Originator")
    assert len(sender.fetch_process_cards(recent).process_cards) == 3
    as_addressee = SelectionRule(recent_modification=_now() - timedelta(hours=1), role="Addressee")
    with pytest.raises(FeedbackError) as no_cards:
        sender.fetch_process_cards(as_addressee)
    assert no_cards.value.code == "9804"

    recipient = intermediary.session(RECIPIENT)
    recipient.init_dialog()
    recipient.fetch_delivery(SelectionRule(message_ids=(ids[0],)))
    recipient.exit_dialog()  # proves receipt of ids[0]
    unreceived = SelectionRule(
        recent_modification=_now() - timedelta(hours=1), no_reception=True, role="Originator"
    )
    open_cards = sender.fetch_process_cards(unreceived)
    assert [c.message_id for c in open_cards.process_cards] == ids[1:]


def test_inspections_recognise_the_vhn_and_self_signed_mailbox_certificates(
    intermediary: Running,
) -> None:
    _, stored = intermediary.send()
    card = stored.payload.process_card  # type: ignore[attr-defined]
    by_subject = {i.subject: i for i in card.inspections}
    vhn = next(i for s, i in by_subject.items() if "VHN - Justiz" in s)
    assert vhn.cert_type is CertType.ADVANCED
    assert vhn.math is MathResult.OK
    assert vhn.offline is OfflineResult.VALID
    assert vhn.online is OnlineResult.OK
    mailboxes = [i for s, i in by_subject.items() if "VHN" not in s]
    assert len(mailboxes) == 2  # originator and addressee (the reader repeats the addressee)
    for inspection in mailboxes:
        assert inspection.cert_type is CertType.UNKNOWN
        assert inspection.math is MathResult.OK
        assert inspection.online is None


def test_unfetched_deliveries_expire_after_the_retention_period(intermediary: Running) -> None:
    intermediary.send()
    intermediary.clock.offset = 366 * 24 * 3600
    purge = requests.post(intermediary.server.admin_url.replace("faults", "purge"), timeout=5)
    assert purge.json() == {"removed": 1}
    client = intermediary.session(RECIPIENT)
    client.init_dialog()
    with pytest.raises(FeedbackError) as gone:
        client.fetch_delivery()
    assert gone.value.code == "9803"
