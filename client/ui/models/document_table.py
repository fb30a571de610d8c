"""The documents of one message, with scan state and whether they may go to transfer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from client.store import AttachmentKind, AttachmentRecord, ScanState
from client.ui.details import DocumentInfo
from client.ui.formatting import format_datetime, format_size
from client.ui.i18n import QT_TRANSLATE_NOOP
from client.ui.icons import icon, scan_icon_name

Index = QModelIndex | QPersistentModelIndex
translate = QCoreApplication.translate

COL_NAME, COL_KIND, COL_SIZE, COL_SCAN, COL_TRANSFER = range(5)
AttachmentIdRole = Qt.ItemDataRole.UserRole + 1
ReleasableRole = Qt.ItemDataRole.UserRole + 2

_HEADERS = (
    QT_TRANSLATE_NOOP("DocumentTableModel", "Datei"),
    QT_TRANSLATE_NOOP("DocumentTableModel", "Art"),
    QT_TRANSLATE_NOOP("DocumentTableModel", "Größe"),
    QT_TRANSLATE_NOOP("DocumentTableModel", "Virenprüfung"),
    QT_TRANSLATE_NOOP("DocumentTableModel", "Transfer"),
)
_KINDS = {
    AttachmentKind.DOCUMENT: QT_TRANSLATE_NOOP("DocumentTableModel", "Dokument"),
    AttachmentKind.XJUSTIZ: QT_TRANSLATE_NOOP("DocumentTableModel", "XJustiz-Datensatz"),
    AttachmentKind.SIGNATURE: QT_TRANSLATE_NOOP("DocumentTableModel", "Signaturdatei"),
    AttachmentKind.PAYLOAD: QT_TRANSLATE_NOOP("DocumentTableModel", "EGVP-Datei"),
    AttachmentKind.OTHER: QT_TRANSLATE_NOOP("DocumentTableModel", "Sonstige"),
}


def scan_text(attachment: AttachmentRecord, signature: str = "") -> str:
    """The scan state in words (shared with the quarantine list)."""
    if attachment.blob_id is None:
        return translate("DocumentTableModel", "gelöscht")
    state = attachment.scan_state
    if state is ScanState.OK:
        return translate("DocumentTableModel", "virenfrei")
    if state is ScanState.INFECTED:
        found = translate("DocumentTableModel", "Schadsoftware gefunden")
        return f"{found}: {signature}" if signature else found
    if state is ScanState.INDETERMINATE:
        return translate("DocumentTableModel", "nicht entscheidbar")
    return translate("DocumentTableModel", "noch nicht geprüft")


class DocumentTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._docs: list[DocumentInfo] = []

    def set_documents(self, documents: Sequence[DocumentInfo]) -> None:
        self.beginResetModel()
        self._docs = list(documents)
        self.endResetModel()

    def document(self, row: int) -> DocumentInfo:
        return self._docs[row]

    def row_of(self, attachment_id: int) -> int | None:
        for position, doc in enumerate(self._docs):
            if doc.attachment.id == attachment_id:
                return position
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._docs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(_HEADERS):
            return self.tr(_HEADERS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._docs):
            return None
        doc = self._docs[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(doc, column)
        if role == Qt.ItemDataRole.DecorationRole and column == COL_SCAN:
            return icon(scan_icon_name(doc.attachment.scan_state))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_TRANSFER and doc.refusal:
                return doc.refusal
            if column == COL_NAME and doc.attachment.original_name != doc.attachment.safe_name:
                return self.tr("Originalname: {name}").format(name=doc.attachment.original_name)
            return self._display(doc, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == AttachmentIdRole:
            return doc.attachment.id
        if role == ReleasableRole:
            return doc.releasable
        return None

    def _display(self, doc: DocumentInfo, column: int) -> str | None:
        attachment = doc.attachment
        if column == COL_NAME:
            return attachment.safe_name or attachment.original_name
        if column == COL_KIND:
            return self.tr(_KINDS.get(attachment.kind, _KINDS[AttachmentKind.OTHER]))
        if column == COL_SIZE:
            return format_size(attachment.size)
        if column == COL_SCAN:
            scan = doc.latest_scan
            return scan_text(attachment, scan.signature if scan else "")
        if column == COL_TRANSFER:
            if attachment.released_at is not None:
                return self.tr("übertragen am {when}").format(
                    when=format_datetime(attachment.released_at)
                )
            return self.tr("möglich") if doc.releasable else self.tr("gesperrt")
        return None
