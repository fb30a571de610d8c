"""Persisted enums keep their numbers; the life cycles allow exactly the intended steps."""

from __future__ import annotations

from client.store import (
    AttachmentKind,
    BlobKind,
    Direction,
    Folder,
    JournalAction,
    MessageState,
    ScanState,
    Verdict,
)
from client.store.states import TRANSITIONS, home_folder


def test_persisted_values_never_change() -> None:
    assert {s.name: s.value for s in MessageState} == {
        "IN_RECEIVED": 10,
        "IN_DECRYPTED": 13,
        "IN_PROCESSED": 16,
        "IN_FAILED": 19,
        "OUT_DRAFT": 30,
        "OUT_QUEUED": 33,
        "OUT_SENDING": 36,
        "OUT_SENT": 40,
        "OUT_FAILED": 44,
    }
    assert [s.value for s in ScanState] == [0, 1, 2, 3]
    assert [v.value for v in Verdict] == [0, 1, 2, 3]
    assert [f.value for f in Folder] == [1, 2, 3, 4, 5]
    assert [d.value for d in Direction] == [1, 2]
    assert [k.value for k in BlobKind] == [1, 2, 3, 4, 9]
    assert [k.value for k in AttachmentKind] == [1, 2, 3, 4, 9]
    fixed = {"MESSAGE_RECEIVED": 20, "INTAKE_RECOVERED": 28, "INTAKE_ABANDONED": 29}
    assert {name: JournalAction[name].value for name in fixed} == fixed
    assert len({a.value for a in JournalAction}) == len(JournalAction)


def test_transitions_and_folders() -> None:
    assert TRANSITIONS[MessageState.OUT_SENT] == frozenset()
    assert MessageState.OUT_SENDING not in TRANSITIONS[MessageState.OUT_DRAFT]
    assert MessageState.IN_RECEIVED in TRANSITIONS[MessageState.IN_FAILED]
    assert all(s.direction is Direction.INCOMING for s in TRANSITIONS[MessageState.IN_RECEIVED])
    assert home_folder(MessageState.IN_PROCESSED) is Folder.POSTEINGANG
    assert home_folder(MessageState.OUT_DRAFT) is Folder.ENTWUERFE
    assert home_folder(MessageState.OUT_QUEUED) is Folder.POSTAUSGANG
    assert home_folder(MessageState.OUT_SENT) is Folder.GESENDET
    assert MessageState.IN_PROCESSED.label == "empfangen"
    assert Folder.PAPIERKORB.label == "Papierkorb"
