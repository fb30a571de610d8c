"""The exception tree of ``client.egvp``.

Attributes are named; the German user text is made in ``client.core.errors`` (house rule 7). The
``str()`` here is for logs and never contains message content beyond names and counts.

Parsing incoming payloads never raises: problems are recorded on the parsed payload
(:class:`client.egvp.model.ParseProblem`). These exceptions are for *our* side: generating
XJustiz, validating it, and misuse of the API.
"""

from __future__ import annotations

from pathlib import Path


class EgvpError(Exception):
    """Root of every error raised by ``client.egvp``."""


class XmlRejected(EgvpError):
    """An XML document was refused by the hardened parser (DOCTYPE, too large, not well-formed)."""

    def __init__(self, *, document: str, reason: str) -> None:
        self.document = document
        self.reason = reason
        super().__init__(f"{document}: XML rejected: {reason}")


class SchemaFolderInvalid(EgvpError):
    """The configured XJustiz XSD folder lacks a schema we need or a schema does not load."""

    def __init__(self, *, folder: Path, missing: str, reason: str = "") -> None:
        self.folder = folder
        self.missing = missing
        self.reason = reason
        super().__init__(f"XSD folder {folder}: {missing} {reason}".rstrip())


class SchemaInvalid(EgvpError):
    """A generated XJustiz document does not validate against the official XSD."""

    def __init__(self, *, document: str, errors: tuple[str, ...]) -> None:
        self.document = document
        self.errors = errors
        first = errors[0] if errors else "?"
        super().__init__(f"{document} is not schema-valid ({len(errors)} errors, first: {first})")


class InvalidOutgoing(EgvpError):
    """Data for an outgoing message is incomplete or contradictory (a programming or input slip)."""

    def __init__(self, *, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"outgoing {field}: {reason}")


class NotAnEebRequest(EgvpError):
    """An eEB answer was asked for a message that cannot be answered (no request, no message id)."""

    def __init__(self, *, reason: str) -> None:
        self.reason = reason
        super().__init__(f"cannot answer as eEB: {reason}")


class CodeListInvalid(EgvpError):
    """A genericode code list file (e.g. GDS.Gerichte.xml) could not be read."""

    def __init__(self, *, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"code list {path}: {reason}")
