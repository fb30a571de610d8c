"""The one exception tree of ``osci``.

Every error carries named attributes and, where OSCI defines one, the four-digit ``code`` a supplier
would answer with (osci.md §11), so the intermediary can turn it into a SOAP fault or Feedback and a
client can show it. User-facing German text is produced elsewhere (``client.core.errors``).
"""

from __future__ import annotations


class OsciError(Exception):
    """Root of everything ``osci`` raises on purpose."""

    code: str | None = None

    def __init__(self, message: str, *, code: str | None = None) -> None:
        if code is not None:
            self.code = code
        super().__init__(message)


# ------------------------------------------------------------------ malformed input (9100)


class MalformedMessage(OsciError):
    """The bytes are not a well-formed OSCI message."""

    code = "9100"

    def __init__(self, *, reason: str, code: str | None = None) -> None:
        self.reason = reason
        super().__init__(reason, code=code)


class XmlRejected(MalformedMessage):
    """The hardened parser refused the XML (not well-formed, DTD, entity, too large, too deep)."""

    def __init__(self, *, reason: str, document: str = "") -> None:
        self.document = document
        super().__init__(reason=f"{document}: {reason}" if document else reason)


class MimeError(MalformedMessage):
    """The multipart/related framing is broken."""

    def __init__(self, *, reason: str, part: str = "") -> None:
        self.part = part
        super().__init__(reason=f"MIME part {part!r}: {reason}" if part else f"MIME: {reason}")


class DuplicateContentId(MimeError):
    """Two MIME parts carry the same Content-ID."""

    def __init__(self, *, content_id: str) -> None:
        self.content_id = content_id
        super().__init__(reason="duplicate Content-ID", part=content_id)


class TooLarge(MalformedMessage):
    """A configured size limit was exceeded (a part, the headers, the XML, the whole message)."""

    def __init__(self, *, what: str, limit: int) -> None:
        self.what = what
        self.limit = limit
        super().__init__(reason=f"{what} exceeds the limit of {limit} bytes")


class UnknownMessageType(MalformedMessage):
    """The ``xsi:schemaLocation`` names no OSCI message type we know."""

    def __init__(self, *, schema_location: str) -> None:
        self.schema_location = schema_location
        super().__init__(reason=f"unknown message type (schemaLocation {schema_location!r})")


class StructureError(MalformedMessage):
    """The message breaks the sequence or cardinality its XSD prescribes."""

    def __init__(self, *, element: str, reason: str) -> None:
        self.element = element
        super().__init__(reason=f"{element}: {reason}")


class DuplicateId(StructureError):
    """Two elements carry the same ``Id`` (a signature-wrapping precondition)."""

    def __init__(self, *, id_value: str) -> None:
        self.id_value = id_value
        super().__init__(element=id_value, reason="Id occurs more than once")


# ------------------------------------------------------------------ signatures (96xx)


class SignatureError(OsciError):
    """A signature does not verify."""

    code = "9601"

    def __init__(self, *, reason: str, code: str | None = None) -> None:
        self.reason = reason
        super().__init__(reason, code=code)


class SignatureMissing(SignatureError):
    """A signature is required but absent."""

    code = "9600"

    def __init__(self, *, what: str) -> None:
        self.what = what
        super().__init__(reason=f"{what} is not signed")


class ReferenceMismatch(SignatureError):
    """The digest of one reference differs: that part was changed after signing."""

    def __init__(self, *, uri: str) -> None:
        self.uri = uri
        super().__init__(reason=f"digest of reference {uri} does not match")


class ReferenceMissing(SignatureError):
    """A part is not covered by the signature, or a reference points at nothing."""

    code = "9602"

    def __init__(self, *, uri: str, reason: str) -> None:
        self.uri = uri
        super().__init__(reason=f"{uri}: {reason}")


class SignatureValueInvalid(SignatureError):
    """The SignatureValue does not verify with the signer's key."""

    def __init__(self, *, signer: str) -> None:
        self.signer = signer
        super().__init__(reason=f"signature value invalid (signer {signer})")


class WeakAlgorithm(OsciError):
    """An algorithm or key size that policy refuses (SHA-1, RSA < 2048, CBC, RSA-1_5, …)."""

    code = "9601"

    def __init__(self, *, algorithm: str, reason: str) -> None:
        self.algorithm = algorithm
        self.reason = reason
        super().__init__(f"{algorithm}: {reason}")


class UnsupportedAlgorithm(OsciError):
    """An algorithm URI we do not implement."""

    code = "9100"

    def __init__(self, *, algorithm: str) -> None:
        self.algorithm = algorithm
        super().__init__(f"unsupported algorithm {algorithm}")


class CertificateError(OsciError):
    """A certificate is unusable for its role (unparseable, wrong key usage, too small a key)."""

    def __init__(self, *, role: str, reason: str, code: str | None = None) -> None:
        self.role = role
        self.reason = reason
        super().__init__(f"{role}: {reason}", code=code)


# ------------------------------------------------------------------ encryption (92xx)


class DecryptionError(OsciError):
    """Encrypted data could not be decrypted or failed authentication."""

    code = "9202"

    def __init__(self, *, what: str, reason: str) -> None:
        self.what = what
        self.reason = reason
        super().__init__(f"{what}: {reason}")


class NoMatchingKey(DecryptionError):
    """No EncryptedKey is addressed to one of our certificates."""

    code = "9200"

    def __init__(self, *, what: str) -> None:
        super().__init__(what=what, reason="not encrypted for any of our certificates")


class UnencryptedResponse(OsciError):
    """A response to an encrypted request came back in clear (and is no SOAP fault)."""

    def __init__(self) -> None:
        super().__init__("response to an encrypted request is not encrypted")


# ------------------------------------------------------------------ dialog and answers


class ControlBlockError(OsciError):
    """Challenge/Response, ConversationId or SequenceNumber are wrong (OSCI 9400)."""

    code = "9400"

    def __init__(self, *, field: str, expected: str | None, actual: str | None) -> None:
        self.field = field
        self.expected = expected
        self.actual = actual
        super().__init__(f"ControlBlock {field}: expected {expected!r}, got {actual!r}")


class DialogStateError(OsciError):
    """A request or response that the dialog state table does not allow here."""

    def __init__(self, *, state: str, event: str) -> None:
        self.state = state
        self.event = event
        super().__init__(f"{event} is not allowed in dialog state {state}")


class SoapFault(OsciError):
    """The peer answered with a SOAP fault (message-level error)."""

    def __init__(self, *, fault_code: str, osci_code: str | None, text: str) -> None:
        self.fault_code = fault_code
        self.osci_code = osci_code
        self.text = text
        super().__init__(f"SOAP fault {fault_code} {osci_code or ''}: {text}", code=osci_code)


class FeedbackError(OsciError):
    """The response's Feedback carries an error entry (9xxx)."""

    def __init__(self, *, feedback_code: str, text: str) -> None:
        self.feedback_code = feedback_code
        self.text = text
        super().__init__(f"feedback {feedback_code}: {text}", code=feedback_code)


# ------------------------------------------------------------------ transport (osci.transport)


class TransportError(OsciError):
    """The HTTP exchange failed; the message may or may not have arrived."""

    def __init__(self, *, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


class ConnectionFailed(TransportError):
    """No connection (refused, name resolution, proxy unreachable)."""


class TransportTimeout(TransportError):
    """Connect or read timeout."""


class TlsError(TransportError):
    """The TLS handshake or certificate verification failed."""


class HttpStatusError(TransportError):
    """The server answered with an HTTP status that carries no OSCI message."""

    def __init__(self, *, url: str, status: int, reason: str = "") -> None:
        self.status = status
        super().__init__(url=url, reason=f"HTTP {status} {reason}".strip())


class ProxyRejected(TransportError):
    """A proxy refused the request, typically because the body is larger than it allows."""

    def __init__(self, *, url: str, status: int | None, reason: str) -> None:
        self.status = status
        super().__init__(url=url, reason=reason)


class ResponseTooLarge(TransportError):
    """The response body exceeded the configured maximum."""

    def __init__(self, *, url: str, limit: int) -> None:
        self.limit = limit
        super().__init__(url=url, reason=f"response larger than {limit} bytes")
