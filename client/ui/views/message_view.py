"""One message: Betreff, parties, Aktenzeichen, badges from our own verification data, the
documents with their scan state and "In Transfer übertragen", the Laufzettel and the
Prüfprotokoll. Everything is loaded in a worker; a newer request wins over an older one.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from client.store import Direction, PartyRecord, PartyRole
from client.ui.details import DocumentInfo, MessageDetails, load_details
from client.ui.errors import show_error
from client.ui.formatting import format_datetime
from client.ui.icons import icon, verdict_icon_name
from client.ui.models.document_table import COL_NAME, COL_TRANSFER, DocumentTableModel
from client.ui.services import MailboxService
from client.ui.views.report_html import laufzettel_html, pruefprotokoll_html, verdict_text
from client.ui.workers import run_in_background


class Badge(QWidget):
    """An icon and a short text: verification shown from our data, never from the Betreff."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon_label = QLabel(self)
        self.text_label = QLabel(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 12, 0)
        layout.setSpacing(4)
        layout.addWidget(self.icon_label)
        layout.addWidget(self.text_label)

    def set_badge(self, icon_name: str, text: str) -> None:
        self.icon_label.setPixmap(icon(icon_name).pixmap(16, 16))
        self.text_label.setText(text)

    def text(self) -> str:
        return self.text_label.text()


class MessageView(QWidget):
    status_message = Signal(str)
    changed = Signal()  # something about the mailbox changed (counts may differ)
    details_loaded = Signal(object)  # MessageDetails

    def __init__(self, service: MailboxService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.details: MessageDetails | None = None
        self._request = 0
        self._releasing = False

        self.placeholder = QLabel(self.tr("Wählen Sie eine Nachricht aus."), self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color: #666;")

        content = QWidget(self)
        self.betreff = QLabel(content)
        self.betreff.setObjectName("betreff")
        self.betreff.setWordWrap(True)
        self.betreff.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.betreff.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.betreff.setFont(font)

        self.signature_badge = Badge(content)
        self.vhn_badge = Badge(content)
        self.eeb_badge = Badge(content)
        badges = QHBoxLayout()
        for badge in (self.signature_badge, self.vhn_badge, self.eeb_badge):
            badges.addWidget(badge)
        badges.addStretch(1)

        self.sender_label = self._value_label(content, "sender")
        self.recipient_label = self._value_label(content, "recipient")
        self.az_sender = self._value_label(content, "aktenzeichen_absender")
        self.az_recipient = self._value_label(content, "aktenzeichen_empfaenger")
        self.date_label = self._value_label(content, "date")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.addRow(self.tr("Absender:"), self.sender_label)
        form.addRow(self.tr("Empfänger:"), self.recipient_label)
        form.addRow(self.tr("Aktenzeichen Absender:"), self.az_sender)
        form.addRow(self.tr("Aktenzeichen Empfänger:"), self.az_recipient)
        self.date_caption = QLabel(self.tr("Eingang:"), content)
        form.addRow(self.date_caption, self.date_label)

        self.tabs = QTabWidget(content)
        self.documents = DocumentTableModel(self)
        self.documents_view = QTableView(self.tabs)
        self.documents_view.setObjectName("documents")
        self.documents_view.setModel(self.documents)
        self.documents_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.documents_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.documents_view.verticalHeader().hide()
        self.documents_view.setAlternatingRowColors(True)
        header = self.documents_view.horizontalHeader()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_TRANSFER, QHeaderView.ResizeMode.ResizeToContents)
        self.release_button = QPushButton(self.tr("In Transfer übertragen"), self.tabs)
        self.release_button.setObjectName("release")
        self.release_button.setEnabled(False)
        self.release_hint = QLabel(self.tabs)
        self.release_hint.setWordWrap(True)
        self.release_hint.setStyleSheet("color: #555;")
        documents_page = QWidget(self.tabs)
        buttons = QHBoxLayout()
        buttons.addWidget(self.release_hint, 1)
        buttons.addWidget(self.release_button)
        documents_layout = QVBoxLayout(documents_page)
        documents_layout.addWidget(self.documents_view)
        documents_layout.addLayout(buttons)
        self.laufzettel = QTextBrowser(self.tabs)
        self.laufzettel.setObjectName("laufzettel")
        self.pruefprotokoll = QTextBrowser(self.tabs)
        self.pruefprotokoll.setObjectName("pruefprotokoll")
        self.tabs.addTab(documents_page, self.tr("Dokumente"))
        self.tabs.addTab(self.laufzettel, self.tr("Laufzettel"))
        self.tabs.addTab(self.pruefprotokoll, self.tr("Prüfprotokoll"))

        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(8, 6, 8, 4)
        content_layout.addWidget(self.betreff)
        content_layout.addLayout(badges)
        content_layout.addLayout(form)
        content_layout.addWidget(self.tabs, 1)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(content)
        self.content = content
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.documents_view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.release_button.clicked.connect(self.release_selected)

    @staticmethod
    def _value_label(parent: QWidget, name: str) -> QLabel:
        label = QLabel(parent)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    # ------------------------------------------------------------ loading

    def clear(self) -> None:
        self._request += 1
        self.details = None
        self.documents.set_documents([])
        self.stack.setCurrentWidget(self.placeholder)

    def show_message(self, message_id: int) -> None:
        self._request += 1
        request = self._request
        service = self.service
        run_in_background(
            lambda: load_details(service, message_id),
            lambda details: self._loaded(request, details),
            lambda exc: self._load_failed(request, exc),
        )

    def reload(self) -> None:
        if self.details is not None:
            self.show_message(self.details.record.id)

    def _loaded(self, request: int, details: MessageDetails) -> None:
        if request != self._request:
            return  # the user moved on to another message
        selected = self.selected_document()
        self.details = details
        self._fill(details)
        if selected is not None:
            row = self.documents.row_of(selected.attachment.id)
            if row is not None:
                self.documents_view.selectRow(row)
        self.stack.setCurrentWidget(self.content)
        self.details_loaded.emit(details)

    def _load_failed(self, request: int, exc: BaseException) -> None:
        if request == self._request:
            self.clear()
            show_error(self, exc)

    def _fill(self, details: MessageDetails) -> None:
        record = details.record
        self.betreff.setText(record.betreff or self.tr("(ohne Betreff)"))
        senders = [p for p in details.parties if p.role is PartyRole.SENDER]
        recipients = [p for p in details.parties if p.role is PartyRole.RECIPIENT]
        self.sender_label.setText(_party_text(senders) or record.sender)
        self.recipient_label.setText(_party_text(recipients) or record.recipient)
        self.az_sender.setText(record.aktenzeichen_absender or "–")
        self.az_recipient.setText(record.aktenzeichen_empfaenger or "–")
        incoming = record.direction is Direction.INCOMING
        self.date_caption.setText(self.tr("Eingang:") if incoming else self.tr("Gesendet:"))
        self.date_label.setText(format_datetime(record.date) or "–")
        self._fill_badges(details)
        self.documents.set_documents(details.documents)
        self.documents_view.resizeColumnsToContents()
        self.documents_view.horizontalHeader().setSectionResizeMode(
            COL_NAME, QHeaderView.ResizeMode.Stretch
        )
        self.laufzettel.setHtml(laufzettel_html(details.process_cards))
        self.pruefprotokoll.setHtml(pruefprotokoll_html(details))
        self._update_release_button()

    def _fill_badges(self, details: MessageDetails) -> None:
        record = details.record
        incoming = record.direction is Direction.INCOMING
        self.signature_badge.setVisible(incoming)
        self.vhn_badge.setVisible(incoming)
        if incoming:
            self.signature_badge.set_badge(
                verdict_icon_name(record.signature_verdict),
                self.tr("Signatur {verdict}").format(
                    verdict=verdict_text(record.signature_verdict)
                ),
            )
            self.vhn_badge.set_badge(
                verdict_icon_name(record.vhn_verdict),
                self.tr("VHN {verdict}").format(verdict=verdict_text(record.vhn_verdict)),
            )
        self.eeb_badge.setVisible(record.eeb_requested or record.is_eeb_answer)
        if record.eeb_requested:
            self.eeb_badge.set_badge("eeb", self.tr("eEB angefordert"))
        elif record.is_eeb_answer:
            self.eeb_badge.set_badge("eeb", self.tr("eEB-Antwort"))

    # ------------------------------------------------------------ documents

    def selected_document(self) -> DocumentInfo | None:
        rows = self.documents_view.selectionModel().selectedRows()
        return self.documents.document(rows[0].row()) if rows else None

    def select_document(self, name: str) -> bool:
        for row in range(self.documents.rowCount()):
            if self.documents.document(row).attachment.safe_name == name:
                self.documents_view.selectRow(row)
                return True
        return False

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_release_button()

    def _update_release_button(self) -> None:
        doc = self.selected_document()
        allowed = doc is not None and doc.releasable and not self._releasing
        self.release_button.setEnabled(allowed)
        if doc is None:
            self.release_hint.setText(
                self.tr("Wählen Sie ein Dokument, um es in den Transfer-Ordner zu übertragen.")
            )
        elif doc.refusal:
            self.release_hint.setText(
                self.tr("Nicht übertragbar: {reason}").format(reason=doc.refusal)
            )
        else:
            self.release_hint.setText(
                self.tr("„{name}“ ist virenfrei und darf übertragen werden.").format(
                    name=doc.attachment.safe_name
                )
            )

    def release_selected(self) -> None:
        doc = self.selected_document()
        if doc is None or not doc.releasable or self._releasing:
            return
        self._releasing = True
        self._update_release_button()
        service, attachment_id = self.service, doc.attachment.id
        run_in_background(
            lambda: service.release(attachment_id), self._released, self._release_failed
        )

    def _released(self, target: object) -> None:
        self._releasing = False
        self.status_message.emit(self.tr("Übertragen nach {path}").format(path=str(target)))
        self.changed.emit()
        self.reload()

    def _release_failed(self, exc: BaseException) -> None:
        self._releasing = False
        self._update_release_button()
        show_error(self, exc)


def _party_text(parties: list[PartyRecord]) -> str:
    texts = []
    for p in parties:
        name = p.display_name or p.safe_id
        texts.append(f"{name} ({p.safe_id})" if p.safe_id and p.safe_id != name else name)
    return "; ".join(texts)
