"""The "Put up for signing…" dialog of the secretariat (``decision.prepare``).

The meeting, then the document: the PDF of one of its agenda items (uploaded in the
meeting editor); the kind (resolution, decision, minutes, attachment); the number and
symbol ("215/NQ-CP"); the title, prefilled from the agenda item; the signer, one of the
meeting's chair and members (none for an attachment, which the clerk only seals); and the
two authority lines above the signature, prefilled "TM. CHÍNH PHỦ" / "THỦ TƯỚNG".
"Put up for signing" hands the form to the :class:`DecisionPrepareViewModel`: what is
missing, or the server's refusal, is shown in the dialog, which stays open; once the
server accepts, the dialog closes itself.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.viewmodels.decision_prepare import (
    DEFAULT_AUTHORITY,
    PREPARABLE_KINDS,
    DecisionPrepareViewModel,
)
from desktop.viewmodels.decisions import kind_label
from desktop.widgets.signals import disconnect_all
from protocol.decisions import DecisionInfo, DecisionKind, needs_signer

#: Field lengths the server accepts (``protocol.decisions.DecisionPrepare``).
NUMBER_MAX, LINE_MAX, TITLE_MAX = 64, 200, 1000


def _combo(name: str, parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(40)
    return combo


def _line(name: str, parent: QWidget, max_length: int, text: str = "") -> QLineEdit:
    edit = QLineEdit(text, parent)
    edit.setObjectName(name)
    edit.setMaxLength(max_length)
    return edit


class PrepareDialog(QDialog):
    """Put a document of a meeting up for signing; ``meeting_id`` is chosen first."""

    def __init__(
        self,
        vm: DecisionPrepareViewModel,
        meeting_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vm = vm
        self._wanted_meeting = meeting_id
        self._prefilled_title = ""
        self.setObjectName("prepare_dialog")
        self.setWindowTitle(self.tr("Put up for signing"))
        self.setMinimumWidth(720)
        layout = QVBoxLayout(self)
        form = QFormLayout()

        self.meeting = _combo("meeting", self)
        self.document = _combo("document", self)
        self.kind = _combo("kind", self)
        for kind in PREPARABLE_KINDS:
            self.kind.addItem(kind_label(kind), str(kind))
        self.number = _line("number_symbol", self, NUMBER_MAX)
        self.number.setPlaceholderText(self.tr("e.g. 215/NQ-CP"))
        self.title_edit = _line("title", self, TITLE_MAX)
        self.signer = _combo("signer", self)
        self.authority = [
            _line(f"authority_{n + 1}", self, LINE_MAX, text)
            for n, text in enumerate(DEFAULT_AUTHORITY)
        ]
        self.authority[0].setToolTip(self.tr('e.g. "TM. CHÍNH PHỦ" or "KT. THỦ TƯỚNG"'))
        self.authority[1].setToolTip(self.tr('e.g. "THỦ TƯỚNG" or "PHÓ THỦ TƯỚNG"'))
        rows: list[tuple[str, QWidget]] = [
            (self.tr("&Meeting:"), self.meeting),
            (self.tr("&Document:"), self.document),
            (self.tr("&Kind:"), self.kind),
            (self.tr("&Number and symbol:"), self.number),
            (self.tr("T&itle:"), self.title_edit),
            (self.tr("&Signer:"), self.signer),
            (self.tr("&Authority (line 1):"), self.authority[0]),
            (self.tr("Authority (line &2):"), self.authority[1]),
        ]
        for text, field in rows:
            label = QLabel(text, self)
            label.setBuddy(field)
            form.addRow(label, field)
        layout.addLayout(form)

        self.hint = QLabel(self)
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a40000")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.hint)
        layout.addWidget(self.message)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.addButton(
            self.tr("Put up for signing"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setObjectName("confirm")
        self.ok_button.setDefault(True)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_confirm)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.meeting.currentIndexChanged.connect(self._on_meeting_chosen)
        self.document.currentIndexChanged.connect(self._on_document_chosen)
        self.kind.currentIndexChanged.connect(self._on_kind_chosen)
        vm.meetings_loaded.connect(self._on_meetings_loaded)
        vm.meeting_loaded.connect(self._on_meeting_loaded)
        vm.busy_changed.connect(self._on_busy)
        vm.failed.connect(self._on_failed)
        vm.prepared.connect(self._on_prepared)
        self._on_kind_chosen()
        if vm.meetings:
            self._on_meetings_loaded()
        else:
            self.hint.setText(self.tr("Loading the meetings…"))
            vm.load_meetings()

    # --- what the form holds ------------------------------------------------------------------

    def chosen_kind(self) -> DecisionKind:
        return DecisionKind(str(self.kind.currentData()))

    def chosen_version(self) -> int | None:
        data = self.document.currentData()
        return int(data) if data is not None else None

    def chosen_signer(self) -> int | None:
        data = self.signer.currentData()
        return int(data) if data is not None and self.signer.isEnabled() else None

    def select(self, combo: QComboBox, value: object) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)

    # --- the view model's news ----------------------------------------------------------------

    def _on_meetings_loaded(self) -> None:
        self.meeting.blockSignals(True)
        self.meeting.clear()
        for m in self.vm.meetings:
            self.meeting.addItem(m.label, m.meeting_id)
        self.meeting.setCurrentIndex(-1)
        self.meeting.blockSignals(False)
        if not self.vm.meetings:
            self.hint.setText(self.tr("There is no meeting in which you prepare decisions."))
            return
        wanted = self.meeting.findData(self._wanted_meeting)
        self.meeting.setCurrentIndex(max(wanted, 0))

    def _on_meeting_chosen(self, _index: int = 0) -> None:
        data = self.meeting.currentData()
        self.document.clear()
        self.signer.clear()
        if data is None:
            return
        self.hint.setText(self.tr("Loading the documents of the meeting…"))
        self.vm.choose_meeting(int(data))

    def _on_meeting_loaded(self, meeting_id: int) -> None:
        if meeting_id != self.meeting.currentData():
            return
        self.document.blockSignals(True)
        self.document.clear()
        for d in self.vm.documents:
            self.document.addItem(d.label, d.version_id)
            self.document.setItemData(
                self.document.count() - 1, d.filename, Qt.ItemDataRole.ToolTipRole
            )
        self.document.blockSignals(False)
        self.signer.clear()
        for s in self.vm.signers:
            self.signer.addItem(s.label, s.user_id)
        self.select(self.signer, self.vm.default_signer(self.chosen_kind()))
        if not self.vm.documents:
            self.hint.setText(
                self.tr(
                    "This meeting has no documents yet: upload the PDF to an agenda item "
                    "in the meeting editor (Edit meeting), then choose it here."
                )
            )
        else:
            self.hint.clear()
        self._on_document_chosen()

    def _on_document_chosen(self, _index: int = 0) -> None:
        found = self.vm.document(self.chosen_version())
        if found is None:
            return
        current = self.title_edit.text().strip()
        if not current or current == self._prefilled_title:
            self.title_edit.setText(found.default_title)
        self._prefilled_title = found.default_title

    def _on_kind_chosen(self, _index: int = 0) -> None:
        signs = needs_signer(self.chosen_kind())
        self.signer.setEnabled(signs and not self.vm.busy)
        for line in self.authority:
            line.setEnabled(signs and not self.vm.busy)
        if self.chosen_kind() is DecisionKind.MINUTES:
            self.select(self.signer, self.vm.default_signer(DecisionKind.MINUTES))

    def _on_confirm(self) -> None:
        self.message.clear()
        self.vm.prepare(
            version_id=self.chosen_version(),
            kind=self.chosen_kind(),
            number_symbol=self.number.text(),
            signer_user_id=self.chosen_signer(),
            authority_lines=[line.text() for line in self.authority],
            title=self.title_edit.text(),
        )

    def _on_busy(self, busy: bool) -> None:
        for widget in (self.meeting, self.document, self.kind, self.number, self.title_edit):
            widget.setEnabled(not busy)
        self.ok_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        self._on_kind_chosen()

    def _on_failed(self, message: str) -> None:
        self.message.setText(message)
        if not self.number.text().strip() or "/" not in self.number.text():
            self.number.setFocus()

    def _on_prepared(self, _info: DecisionInfo) -> None:
        self.accept()

    def done(self, result: int) -> None:
        disconnect_all(
            (
                (self.vm.meetings_loaded, self._on_meetings_loaded),
                (self.vm.meeting_loaded, self._on_meeting_loaded),
                (self.vm.busy_changed, self._on_busy),
                (self.vm.failed, self._on_failed),
                (self.vm.prepared, self._on_prepared),
            )
        )
        super().done(result)
