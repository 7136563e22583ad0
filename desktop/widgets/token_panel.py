"""The USB-token part of My certificate: the PKCS#11 module (the drivers found on this
machine, or Browse…), the token, its PIN, the key on it (or a new one), Use this key.

It drives the :class:`CertificateViewModel`: choosing a module lists its tokens, "Show
keys" lists the keys with the certificate each holds, "Use this key" makes the chosen key
the user's signing key (requesting a certificate when it has none from the organisation).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop.viewmodels.certificates import DEFAULT_TOKEN_KEY, CertificateViewModel

#: The data of the "New key on the token" entry of the key list.
NEW_KEY = -1


class TokenPanel(QGroupBox):
    """Choose a key on a USB token (see the module docstring)."""

    #: The user started an action (the dialog clears its message).
    acting = Signal()

    def __init__(self, vm: CertificateViewModel, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("USB signing token (PKCS#11)"), parent)
        self.vm = vm
        self._started = False
        form = QFormLayout(self)

        self.token_module = QComboBox(self)
        self.token_module.setObjectName("token_module")
        for path in vm.modules():
            self.token_module.addItem(path, path)
        chosen = self.token_module.findData(vm.source.module) if vm.source.module else 0
        self.token_module.setCurrentIndex(max(chosen, 0))
        self.browse_button = QPushButton(self.tr("Browse…"), self)
        self.browse_button.setObjectName("browse_module")
        module_row = QHBoxLayout()
        module_row.addWidget(self.token_module, 1)
        module_row.addWidget(self.browse_button)

        self.token_label = QComboBox(self)
        self.token_label.setObjectName("token_label")
        self.find_button = QPushButton(self.tr("Find tokens"), self)
        self.find_button.setObjectName("find_tokens")
        token_row = QHBoxLayout()
        token_row.addWidget(self.token_label, 1)
        token_row.addWidget(self.find_button)
        self.token_hint = QLabel(self)
        self.token_hint.setObjectName("token_hint")
        self.token_hint.setWordWrap(True)

        self.token_pin = QLineEdit(self)
        self.token_pin.setObjectName("token_pin")
        self.token_pin.setEchoMode(QLineEdit.EchoMode.Password)

        self.token_keys = QComboBox(self)
        self.token_keys.setObjectName("token_keys")
        self.read_keys_button = QPushButton(self.tr("Show keys on the token"), self)
        self.read_keys_button.setObjectName("read_keys")
        keys_row = QHBoxLayout()
        keys_row.addWidget(self.token_keys, 1)
        keys_row.addWidget(self.read_keys_button)
        self.token_key = QLineEdit(DEFAULT_TOKEN_KEY, self)
        self.token_key.setObjectName("token_key")
        self.token_button = QPushButton(self.tr("Use this key"), self)
        self.token_button.setObjectName("use_token")

        form.addRow(self.tr("Driver (PKCS#11 module):"), module_row)
        form.addRow(self.tr("Token:"), token_row)
        form.addRow(self.token_hint)
        form.addRow(self.tr("PIN:"), self.token_pin)
        form.addRow(self.tr("Key:"), keys_row)
        form.addRow(self.tr("Label of a new key:"), self.token_key)
        form.addRow(self.token_button)
        self._on_token_keys_found()

        self.token_module.currentIndexChanged.connect(self._on_token_module_changed)
        self.browse_button.clicked.connect(self._on_browse_clicked)
        self.find_button.clicked.connect(self._find)
        self.read_keys_button.clicked.connect(self._on_read_keys_clicked)
        self.token_keys.currentIndexChanged.connect(self._on_token_keys_changed)
        self.token_button.clicked.connect(self._on_token_button_clicked)
        vm.tokens_found.connect(self._on_tokens_found)
        vm.token_keys_found.connect(self._on_token_keys_found)

    @property
    def module(self) -> str:
        data = self.token_module.currentData()
        return "" if data is None else str(data)

    def start(self) -> None:
        """The panel is shown: list the tokens of the module (once)."""
        if not self._started:
            self._started = True
            self._find()

    def set_busy(self, busy: bool) -> None:
        for widget in (
            self.token_button,
            self.read_keys_button,
            self.find_button,
            self.browse_button,
        ):
            widget.setEnabled(not busy)

    def _find(self) -> None:
        if self.module:
            self.token_hint.setText(self.tr("Looking for tokens…"))
            self.vm.find_tokens(self.module)

    def _choose_module(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("PKCS#11 module of your token"),
            "/usr/lib",
            self.tr("PKCS#11 modules (*.so *.so.*);;All files (*)"),
        )
        return path

    def _on_browse_clicked(self) -> None:
        path = self._choose_module()
        if path:
            if self.token_module.findData(path) < 0:
                self.token_module.addItem(path, path)
            self.token_module.setCurrentIndex(self.token_module.findData(path))

    def _on_token_module_changed(self, _index: int) -> None:
        self.token_label.clear()
        self.vm.token_keys = []
        self._on_token_keys_found()
        self._find()

    def _on_tokens_found(self) -> None:
        self.token_label.clear()
        for token in self.vm.tokens:
            text = token.label if not token.model else f"{token.label} ({token.model})"
            self.token_label.addItem(text, token.label)
        if self.vm.tokens:
            chosen = self.token_label.findData(self.vm.source.token_label)
            self.token_label.setCurrentIndex(max(chosen, 0))
            self.token_hint.clear()
        else:
            self.token_hint.setText(
                self.tr(
                    "No token found with this driver: plug in your token and press Find tokens."
                )
            )

    def _on_read_keys_clicked(self) -> None:
        self.acting.emit()
        self.vm.read_token_keys(
            self.module, str(self.token_label.currentData() or ""), self.token_pin.text()
        )

    def _on_token_keys_found(self) -> None:
        self.token_keys.blockSignals(True)
        self.token_keys.clear()
        self.token_keys.addItem(self.tr("New key on the token"), NEW_KEY)
        for index, row in enumerate(self.vm.token_keys):
            self.token_keys.addItem(row.text, index)
            self.token_keys.setItemData(index + 1, row.text, Qt.ItemDataRole.ToolTipRole)
        rows = self.vm.token_keys
        current = next(
            (i for i, r in enumerate(rows) if r.key_id and r.key_id == self.vm.source.key_id),
            next((i for i, r in enumerate(rows) if r.certificate_subject), 0 if rows else None),
        )
        self.token_keys.setCurrentIndex(0 if current is None else current + 1)
        self.token_keys.blockSignals(False)
        self._on_token_keys_changed()

    def _on_token_keys_changed(self) -> None:
        self.token_key.setEnabled(self.token_keys.currentData() == NEW_KEY)
        self.token_keys.setToolTip(self.token_keys.currentText())

    def _on_token_button_clicked(self) -> None:
        self.acting.emit()
        token = str(self.token_label.currentData() or "")
        choice = self.token_keys.currentData()
        if choice is None or choice == NEW_KEY:
            self.vm.use_token(self.module, token, self.token_pin.text(), self.token_key.text())
            return
        row = self.vm.token_keys[int(choice)]
        self.vm.use_token(self.module, token, self.token_pin.text(), row.label, row.key_id)
