"""The signing dialog: what will be signed, with which key; passphrase or PIN; progress.

One dialog for the three acts of Decree 30: the signer's signature ("sign"), the
organisation seal ("seal") and an electronic copy ("copy", with its copy type and
number).  With a key file it asks for the file's passphrase; with a USB token (chosen in
My certificate) for the token's PIN.  It follows ``progress_changed`` of the
:class:`DecisionsViewModel`, shows the failure text (a wrong passphrase or PIN, or an
absent token, leaves the dialog open to try again) and accepts itself when ``signed``
arrives for its decision.
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
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from desktop.viewmodels.decisions import (
    KEY_KIND,
    DecisionsViewModel,
    copy_label,
    kind_label,
    step_label,
)
from desktop.widgets.signals import disconnect_all
from protocol.decisions import CopyType, DecisionInfo


def _label(name: str, parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class SigningDialog(QDialog):
    """Sign, seal or copy ``decision`` (``action``: "sign" | "seal" | "copy")."""

    def __init__(
        self,
        vm: DecisionsViewModel,
        decision: DecisionInfo,
        action: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vm = vm
        self.decision = decision
        self.action = action
        titles = {
            "sign": self.tr("Sign the decision"),
            "seal": self.tr("Apply the organisation seal"),
            "copy": self.tr("Make an electronic copy"),
        }
        self.setWindowTitle(titles[action])
        self.setMinimumWidth(560)  # the title and the key's path on one or two lines
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.title_label = _label("decision_title", self)
        self.title_label.setText(decision.title)
        self.number_label = _label("decision_number", self)
        self.number_label.setText(decision.number_symbol or "—")
        self.kind_label = _label("decision_kind", self)
        self.kind_label.setText(kind_label(decision.kind))
        self.what_label = _label("what_is_signed", self)
        self.what_label.setText(
            {
                "sign": self.tr("Your digital signature, with your signature image"),
                "seal": self.tr("The organisation seal (signature of the clerical office)"),
                "copy": self.tr("A copy sealed by the clerical office, as a new document"),
            }[action]
        )
        self.uses_token = vm.uses_token_for(action)
        self.key_label = _label("key_file", self)
        self.key_label.setText(vm.key_where_for(action))
        form.addRow(self.tr("Document:"), self.title_label)
        form.addRow(self.tr("Number:"), self.number_label)
        form.addRow(self.tr("Kind:"), self.kind_label)
        form.addRow(self.tr("To be applied:"), self.what_label)
        keys = vm.signing_keys
        kind = KEY_KIND[action]
        form.addRow(keys.where_label(kind), self.key_label)
        self.copy_type = QComboBox(self)
        self.copy_type.setObjectName("copy_type")
        self.copy_number = QLineEdit(self)
        self.copy_number.setObjectName("copy_number")
        self.copy_number.setPlaceholderText(self.tr("e.g. 12/SY-VPCP (optional)"))
        if action == "copy":
            for copy_type in CopyType:
                self.copy_type.addItem(copy_label(copy_type), str(copy_type))
            form.addRow(self.tr("Copy type:"), self.copy_type)
            form.addRow(self.tr("Copy number:"), self.copy_number)
        else:
            self.copy_type.hide()
            self.copy_number.hide()
        # The passphrase, or the token's PIN ("secret"; the old name stays for callers).
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("pin" if self.uses_token else "passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret = self.passphrase
        self.secret_label = QLabel(keys.secret_label(kind), self)
        self.secret_label.setObjectName("secret_label")
        self.secret_label.setBuddy(self.passphrase)
        form.addRow(self.secret_label, self.passphrase)
        layout.addLayout(form)

        self.progress = QProgressBar(self)
        self.progress.setObjectName("progress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.step = _label("step", self)
        self.message = _label("message", self)
        self.message.setStyleSheet("color: #a40000")
        layout.addWidget(self.progress)
        layout.addWidget(self.step)
        layout.addWidget(self.message)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.addButton(
            {"sign": self.tr("Sign"), "seal": self.tr("Seal"), "copy": self.tr("Make copy")}[
                action
            ],
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.ok_button.setObjectName("confirm")
        self.ok_button.setDefault(True)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_confirm)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        vm.progress_changed.connect(self._on_progress)
        vm.signed.connect(self._on_signed)
        vm.failed.connect(self._on_failed)
        vm.busy_changed.connect(self._on_busy)

    def _on_confirm(self) -> None:
        self.message.clear()
        passphrase = self.passphrase.text()
        decision_id = self.decision.decision_id
        if self.action == "sign":
            self.vm.sign(decision_id, passphrase)
        elif self.action == "seal":
            self.vm.seal(decision_id, passphrase)
        else:
            self.vm.copy(
                decision_id,
                str(self.copy_type.currentData()),
                passphrase,
                self.copy_number.text().strip(),
            )

    def _on_progress(self, step: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))
        self.step.setText(step_label(step))

    def _on_busy(self, busy: bool) -> None:
        self.ok_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        self.passphrase.setEnabled(not busy)

    def _on_failed(self, message: str) -> None:
        self.message.setText(message)
        self.step.clear()
        self.progress.setValue(0)
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def _on_signed(self, decision_id: int) -> None:
        if decision_id == self.decision.decision_id:
            self.passphrase.clear()
            self.accept()

    def done(self, result: int) -> None:
        disconnect_all(
            (
                (self.vm.progress_changed, self._on_progress),
                (self.vm.signed, self._on_signed),
                (self.vm.failed, self._on_failed),
                (self.vm.busy_changed, self._on_busy),
            )
        )
        super().done(result)
