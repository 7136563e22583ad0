"""The login window: server address, user name, password."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.viewmodels.certificates import TrustViewModel
from desktop.viewmodels.session import SessionViewModel
from desktop.widgets.certificate_dialog import TrustDialog


class LoginWindow(QWidget):
    def __init__(self, viewmodel: SessionViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = viewmodel
        self.setObjectName("login_window")
        self.setWindowTitle(self.tr("e-Cabinet — Log in"))
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        card = QFrame()
        card.setObjectName("login_card")
        card.setFixedWidth(440)
        box = QVBoxLayout(card)
        box.setContentsMargins(28, 24, 28, 24)
        box.setSpacing(10)
        title = QLabel(self.tr("e-Cabinet"))
        title.setObjectName("app_title")
        subtitle = QLabel(self.tr("Paperless government meetings"))
        subtitle.setObjectName("muted")
        box.addWidget(title)
        box.addWidget(subtitle)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.server_edit = QLineEdit(viewmodel.server_url)
        self.server_edit.setObjectName("server_edit")
        self.server_edit.setToolTip(self.tr("Address of the e-Cabinet server, ws:// or wss://"))
        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("user_edit")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Server"), self.server_edit)
        form.addRow(self.tr("User name"), self.user_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        box.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("error_label")
        self.message.setWordWrap(True)
        self.message.hide()
        box.addWidget(self.message)
        self.login_button = QPushButton(self.tr("Log in"))
        self.login_button.setObjectName("login_button")
        self.login_button.setDefault(True)
        self.login_button.setToolTip(self.tr("Log in (Enter)"))
        self.login_button.clicked.connect(self._on_login_clicked)
        box.addWidget(self.login_button)
        self.state_label = QLabel(viewmodel.state_text)
        self.state_label.setObjectName("muted")
        box.addWidget(self.state_label)
        row = QVBoxLayout()
        row.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addLayout(row)
        outer.addStretch(2)
        for edit in (self.server_edit, self.user_edit, self.password_edit):
            edit.returnPressed.connect(self._on_login_clicked)
        viewmodel.login_failed.connect(self._on_login_failed)
        viewmodel.busy_changed.connect(self._on_busy_changed)
        viewmodel.state_changed.connect(self._on_state_changed)
        viewmodel.logged_in.connect(self._on_logged_in)
        viewmodel.trust_needed.connect(self._on_trust_needed)
        self.trust_dialog: TrustDialog | None = None
        (self.password_edit if self.user_edit.text() else self.user_edit).setFocus()

    def _on_login_clicked(self) -> None:
        self.message.hide()
        self.vm.login(self.server_edit.text(), self.user_edit.text(), self.password_edit.text())

    def _on_login_failed(self, message: str) -> None:
        self.message.setText(message)
        self.message.show()
        self.password_edit.selectAll()
        self.password_edit.setFocus()

    def _on_trust_needed(self, identity: object) -> None:
        """First TLS contact: show the CA fingerprint; log in again once it is trusted."""
        vm = self.vm.trust_viewmodel(identity)
        assert isinstance(vm, TrustViewModel)
        dialog = TrustDialog(vm, self)
        self.trust_dialog = dialog
        dialog.vm.decided.connect(self._on_trust_decided)
        dialog.open()

    def _on_trust_decided(self, trusted: bool) -> None:
        self.trust_dialog = None
        if trusted:
            self._on_login_clicked()
        else:
            self._on_login_failed(
                self.tr("Not connected: the server's certificate authority was not trusted.")
            )

    def _on_logged_in(self) -> None:
        self.password_edit.clear()
        self.message.hide()

    def _on_busy_changed(self, busy: bool) -> None:
        self.login_button.setEnabled(not busy)
        self.login_button.setText(self.tr("Logging in…") if busy else self.tr("Log in"))

    def _on_state_changed(self, _state: str, label: str) -> None:
        self.state_label.setText(label)
