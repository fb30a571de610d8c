"""Settings of the intermediary and its fault-injection switches.

Sizes of the chunking extension are in KB (1,024 bytes), as ChunkInformation states them
(osci.md §12); the FeatureDescription advertises the same numbers.
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from osci import codes
from osci.types import MessageType

DEFAULT_PATH = "/osci-manager-entry/externalentry"
ADMIN_PATH = "/admin/faults"
KB = 1024
MB = 1024 * 1024


@dataclass(frozen=True)
class IntermediaryConfig:
    data: Path
    path: str = DEFAULT_PATH
    retention_days: int = 365  # EGVP deletes unfetched messages after a year (bebpo.md P12)
    max_request_bytes: int = 300 * MB  # one HTTP body; 200 MB messages plus encoding overhead
    max_chunk_kb: int = 8 * KB  # 8 MB: PartialStore/PartialFetch chunks may not be larger
    min_chunk_kb: int = 16  # except the last chunk of a message
    max_message_kb: int = 250 * KB  # a reassembled message (EGVP allows 200 MB of files)

    @property
    def spool(self) -> Path:
        """Request and response bodies, spill files and chunk assemblies (emptied at start)."""
        return self.data / "spool"


class UnknownFault(ValueError):
    def __init__(self, *, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason
        super().__init__(f"fault switch {name}: {reason}")


@dataclass(frozen=True)
class Faults:
    """What the intermediary does wrong on purpose (tests of the client's error handling).

    ``on`` limits the switches that act on the response to requests of these types (names of
    :class:`osci.types.MessageType`, e.g. ``FETCH_DELIVERY``); ``count`` makes them act on that
    many matching requests and then switch themselves off. ``fault_code`` answers with a SOAP
    fault before the request is executed, ``feedback_code`` with an error Feedback; the other
    switches act on the response of an executed request.
    """

    wrong_challenge: bool = False
    tamper_signature: bool = False
    drop_after_bytes: int | None = None  # close the connection after this many response bytes
    slow_seconds: float = 0.0  # wait before answering
    fault_code: str | None = None  # SOAP fault, e.g. 9000
    feedback_code: str | None = None  # error Feedback, e.g. 9811
    legacy_iv: bool = False  # 16-byte GCM IV without the IvLength element
    unencrypted: bool = False  # answer without transport encryption
    on: tuple[str, ...] = ()
    count: int | None = None

    @property
    def armed(self) -> bool:
        return self != Faults(on=self.on, count=self.count) and self.count != 0

    def applies_to(self, message_type: MessageType | None) -> bool:
        if not self.armed:
            return False
        if not self.on:
            return True
        return message_type is not None and message_type.name in self.on

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["on"] = list(self.on)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Faults:
        known = {f.name for f in fields(cls)}
        for name in data:
            if name not in known:
                raise UnknownFault(name=name, reason="unknown switch")
        faults = cls(**{**data, "on": tuple(data.get("on") or ())})
        faults.check()
        return faults

    def check(self) -> None:
        for name in ("fault_code", "feedback_code"):
            code = getattr(self, name)
            if code is not None and (len(code) != 4 or not code.isdigit()):
                raise UnknownFault(name=name, reason=f"{code!r} is not a four-digit code")
        if self.fault_code is not None and not codes.is_fault(self.fault_code):
            raise UnknownFault(name="fault_code", reason=f"{self.fault_code} is no SOAP fault")
        if self.feedback_code is not None and not self.feedback_code.startswith("9"):
            raise UnknownFault(name="feedback_code", reason="an error Feedback starts with 9")
        for name in self.on:
            if name not in MessageType.__members__:
                raise UnknownFault(name="on", reason=f"{name!r} is no message type")
        if self.slow_seconds < 0 or (self.drop_after_bytes or 0) < 0 or (self.count or 0) < 0:
            raise UnknownFault(name="numbers", reason="must not be negative")

    @classmethod
    def load(cls, path: Path) -> Faults:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))


@dataclass
class FaultSwitch:
    """The current switches, shared by the HTTP threads; ``take`` counts a use."""

    faults: Faults = field(default_factory=Faults)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def get(self) -> Faults:
        with self._lock:
            return self.faults

    def set(self, faults: Faults) -> None:
        faults.check()
        with self._lock:
            self.faults = faults

    def take(self, message_type: MessageType | None) -> Faults:
        """The switches for one request of ``message_type`` (counted), or none."""
        with self._lock:
            current = self.faults
            if not current.applies_to(message_type):
                return Faults()
            if current.count is not None:
                self.faults = replace(current, count=current.count - 1)
            return current
