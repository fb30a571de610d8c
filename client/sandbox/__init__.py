"""Quarantine and malware scanning: decrypted attachments stay quarantined until a scan
(ClamAV over INSTREAM, or an administrator's scanner command) says OK; file names are sanitised;
types are checked by content; only clean files of allowed types are released to ``transfer``.

Public entry points (the fetch code in ``client.core`` and the GUI call these):

* scanning: :func:`open_scanner` → :class:`Scanner` (``scan(source, name=…)`` →
  :class:`ScanResult`); :func:`clean_stale_quarantine` at start
* release: :func:`can_release` → :class:`ReleaseDecision`; :func:`release` → :class:`Released`;
  :class:`ReleasePolicy`, :func:`transfer_dir_from_settings`
* names and types: :func:`sanitize_filename`, :func:`unique_name`,
  :func:`detect_content_type` → :class:`ContentType`

This package imports nothing of ``client.core``, ``client.store``, ``client.egvp``, ``client.ui``
and no Qt.
"""

from client.sandbox.background import BackgroundScan, ScanAborted
from client.sandbox.clamd import ClamdAddress, ClamdClient, ClamdScanner, parse_clamd_address
from client.sandbox.command import CommandScanner
from client.sandbox.errors import (
    ClamdError,
    ClamdProtocolError,
    ClamdTimeout,
    ClamdUnreachable,
    ReleaseRefused,
    SandboxError,
    ScannerConfigInvalid,
    ScannerStartFailed,
    SignatureDirInvalid,
    TransferDirInvalid,
    TransferFailed,
    TransferTypeUnknown,
)
from client.sandbox.filetype import HEAD_SIZE, ContentType, detect_content_type, name_fits_type
from client.sandbox.names import MAX_NAME_CHARS, sanitize_filename, unique_name
from client.sandbox.private import (
    ClamdLimits,
    PrivateClamd,
    PrivateClamdScanner,
    clean_stale_private_clamds,
    find_clamd,
)
from client.sandbox.result import (
    BinarySource,
    IndeterminateReason,
    RefusalReason,
    Scanner,
    ScannerInfo,
    ScanResult,
    Verdict,
)
from client.sandbox.scanning import clean_stale_quarantine, demo_signature_dir, open_scanner
from client.sandbox.transfer import (
    DEFAULT_ALLOWED_TYPES,
    Released,
    ReleaseDecision,
    ReleasePolicy,
    can_release,
    clean_stale_release_parts,
    release,
    transfer_dir_from_settings,
)

__all__ = [
    "DEFAULT_ALLOWED_TYPES",
    "HEAD_SIZE",
    "MAX_NAME_CHARS",
    "BackgroundScan",
    "BinarySource",
    "ClamdAddress",
    "ClamdClient",
    "ClamdError",
    "ClamdLimits",
    "ClamdProtocolError",
    "ClamdScanner",
    "ClamdTimeout",
    "ClamdUnreachable",
    "CommandScanner",
    "ContentType",
    "IndeterminateReason",
    "PrivateClamd",
    "PrivateClamdScanner",
    "RefusalReason",
    "ReleaseDecision",
    "ReleasePolicy",
    "ReleaseRefused",
    "Released",
    "SandboxError",
    "ScanAborted",
    "ScanResult",
    "Scanner",
    "ScannerConfigInvalid",
    "ScannerInfo",
    "ScannerStartFailed",
    "SignatureDirInvalid",
    "TransferDirInvalid",
    "TransferFailed",
    "TransferTypeUnknown",
    "Verdict",
    "can_release",
    "clean_stale_private_clamds",
    "clean_stale_quarantine",
    "clean_stale_release_parts",
    "demo_signature_dir",
    "detect_content_type",
    "find_clamd",
    "name_fits_type",
    "open_scanner",
    "parse_clamd_address",
    "release",
    "sanitize_filename",
    "transfer_dir_from_settings",
    "unique_name",
]
