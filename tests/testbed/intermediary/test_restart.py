"""The intermediary as its own process (``python -m testbed intermediary``): a crash and a restart
lose nothing, and fault switches given on the command line act."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from osci.errors import SoapFault
from osci.model import SelectionRule
from testbed.intermediary import peer
from testbed.pki import TestPki
from tests.testbed.intermediary.conftest import RECIPIENT, SENDER, Spill, documents, prepare
from tests.testbed.intermediary.test_chunks import start_child


def _send(pki: TestPki, url: str, spill: Spill, name: str, data: bytes) -> str:
    session = peer.mailbox_session(pki, SENDER, url, spill=spill)
    addressee = pki.credential(RECIPIENT).certificate
    prepared = prepare(addressee, [(name, data)], spill)
    message_id = session.get_message_id()
    session.store_delivery(
        message_id=message_id,
        subject="Allgemeine Nachricht",
        content=prepared.package,
        addressee_cipher=addressee,
        readers=[addressee],
        parts=prepared.parts,
    )
    return message_id


def test_a_killed_and_restarted_intermediary_loses_nothing(
    pki: TestPki, tmp_path: Path, spill: Spill
) -> None:
    process, url = start_child(pki, tmp_path)
    try:
        first = _send(pki, url, spill, "eins.pdf", b"%PDF eins")
        second = _send(pki, url, spill, "zwei.pdf", b"%PDF zwei")
        issued = peer.mailbox_session(pki, SENDER, url, spill=spill).get_message_id()
        recipient = peer.mailbox_session(pki, RECIPIENT, url, spill=spill)
        recipient.init_dialog()
        handed = recipient.fetch_delivery()  # forwarded, then the process dies: not received
        assert handed.payload.process_card.message_id == first  # type: ignore[attr-defined]
    finally:
        process.kill()  # SIGKILL, no clean shutdown

    process, url = start_child(pki, tmp_path)
    try:
        sender = peer.mailbox_session(pki, SENDER, url, spill=spill)
        sender.init_dialog()
        cards = sender.fetch_process_cards(SelectionRule(message_ids=(first, second)))
        by_id = {c.message_id: c.process_card for c in cards.process_cards}
        assert by_id[first].forwarding is not None
        assert by_id[first].reception is None
        assert by_id[second].forwarding is None
        sender.exit_dialog()
        # The id issued before the crash is still usable.
        addressee = pki.credential(RECIPIENT).certificate
        prepared = prepare(addressee, [("drei.pdf", b"%PDF drei")], spill)
        sender.store_delivery(
            message_id=issued,
            subject=None,
            content=prepared.package,
            addressee_cipher=addressee,
            parts=prepared.parts,
        )
        recipient = peer.mailbox_session(pki, RECIPIENT, url, spill=spill)
        recipient.init_dialog()
        got = [recipient.fetch_delivery() for _ in range(3)]
        assert [g.payload.process_card.message_id for g in got] == [first, second, issued]  # type: ignore[attr-defined]
        assert documents(got[0].received, recipient) == {"eins.pdf": b"%PDF eins"}
        assert documents(got[1].received, recipient) == {"zwei.pdf": b"%PDF zwei"}
        recipient.exit_dialog()
    finally:
        process.stop()
    assert "Traceback" not in process.output()


def test_fault_switches_from_a_file_and_the_command_line(
    pki: TestPki, tmp_path: Path, spill: Spill
) -> None:
    switches = tmp_path / "faults.json"
    switches.write_text(json.dumps({"count": 1, "on": ["GET_MESSAGE_ID"]}))
    process, url = start_child(pki, tmp_path, "--faults", str(switches), "--fault-code", "9000")
    try:
        session = peer.mailbox_session(pki, SENDER, url, spill=spill)
        with pytest.raises(SoapFault) as fault:
            session.get_message_id()
        assert fault.value.osci_code == "9000"
        assert session.get_message_id().startswith("govapp_")  # count 1: used up
    finally:
        process.stop()
