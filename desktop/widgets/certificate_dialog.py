"""My certificate dialog, and the first-use trust dialog for a server's CA."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.viewmodels.certificates import (
    CertificateViewModel,
    TrustViewModel,
    passphrase_problem,
)
from desktop.viewmodels.signing_keys import PKCS11, PKCS12, source_label
from desktop.widgets.token_panel import TokenPanel


def _label(name: str, parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class CertificateDialog(QDialog):
    """Shows the current certificate; creates a key (file or token); the signature image."""

    def __init__(self, vm: CertificateViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self.setWindowTitle(self.tr("My certificate"))
        layout = QVBoxLayout(self)

        current = QGroupBox(self.tr("Current certificate"), self)
        form = QFormLayout(current)
        self.subject = _label("cert_subject", current)
        self.issuer = _label("cert_issuer", current)
        self.validity = _label("cert_validity", current)
        self.serial = _label("cert_serial", current)
        self.status = _label("cert_status", current)
        form.addRow(self.tr("Subject:"), self.subject)
        form.addRow(self.tr("Issuer:"), self.issuer)
        form.addRow(self.tr("Valid:"), self.validity)
        form.addRow(self.tr("Serial:"), self.serial)
        form.addRow(self.tr("Status:"), self.status)
        layout.addWidget(current)

        choice = QGroupBox(self.tr("Signing key"), self)
        choice_form = QFormLayout(choice)
        self.source_combo = QComboBox(choice)
        self.source_combo.setObjectName("key_source")
        for kind in (PKCS12, PKCS11):
            self.source_combo.addItem(source_label(kind), kind)
        self.source_where = _label("key_source_where", choice)
        choice_form.addRow(self.tr("Sign with:"), self.source_combo)
        choice_form.addRow(self.tr("In use:"), self.source_where)
        layout.addWidget(choice)

        create = QGroupBox(self.tr("Create key and request certificate"), self)
        self.file_group = create
        create_form = QFormLayout(create)
        self.passphrase = QLineEdit(create)
        self.passphrase.setObjectName("passphrase")
        self.passphrase_again = QLineEdit(create)
        self.passphrase_again.setObjectName("passphrase_again")
        for field in (self.passphrase, self.passphrase_again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.textChanged.connect(self._on_passphrase_changed)
        self.strength = _label("passphrase_strength", create)
        self.create_button = QPushButton(self.tr("Create key and request certificate"), create)
        self.create_button.setObjectName("create_key")
        self.create_button.clicked.connect(self._on_create_clicked)
        create_form.addRow(self.tr("Passphrase:"), self.passphrase)
        create_form.addRow(self.tr("Passphrase again:"), self.passphrase_again)
        create_form.addRow(self.strength)
        create_form.addRow(self.create_button)
        layout.addWidget(create)

        self.token = TokenPanel(vm, self)
        layout.addWidget(self.token)

        image = QGroupBox(self.tr("Signature image"), self)
        image_row = QHBoxLayout(image)
        self.preview = _label("signature_preview", image)
        self.preview.setMinimumSize(240, 96)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.choose_action = QAction(self.tr("Choose signature image…"), self)
        self.choose_action.setShortcut(QKeySequence.StandardKey.Open)
        self.choose_action.triggered.connect(self._on_choose_image)
        self.addAction(self.choose_action)
        self.choose_button = QPushButton(self.choose_action.text(), image)
        self.choose_button.setObjectName("choose_image")
        self.choose_button.clicked.connect(self.choose_action.trigger)
        image_row.addWidget(self.preview, 1)
        image_row.addWidget(self.choose_button)
        layout.addWidget(image)

        self.message = _label("message", self)
        self.message.setStyleSheet("color: #a40000")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.refresh_action = QAction(self.tr("Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(vm.refresh)
        self.addAction(self.refresh_action)

        vm.certificates_changed.connect(self._on_certificates_changed)
        vm.signature_image_changed.connect(self._on_signature_image_changed)
        vm.error_occurred.connect(self._on_error)
        vm.busy_changed.connect(self._on_busy_changed)
        vm.certificate_created.connect(self._on_certificate_created)
        vm.source_changed.connect(self._on_source_changed)
        self.token.acting.connect(self.message.clear)
        self._on_source_changed()
        self.source_combo.setCurrentIndex(self.source_combo.findData(vm.source.kind))
        self._on_source_combo_changed()
        self.source_combo.currentIndexChanged.connect(self._on_source_combo_changed)
        self._on_certificates_changed()
        self._on_signature_image_changed()
        self._on_passphrase_changed()
        vm.refresh()

    # --- the view -----------------------------------------------------------------------

    def _on_certificates_changed(self) -> None:
        cert = self.vm.current
        if cert is None:
            self.subject.setText(self.tr("No certificate yet: create a key below."))
            for label in (self.issuer, self.validity, self.serial, self.status):
                label.clear()
            return
        self.subject.setText(cert.subject)
        self.issuer.setText(cert.issuer)
        self.validity.setText(self.tr("{0} to {1}").format(cert.valid_from, cert.valid_to))
        self.serial.setText(cert.serial)
        self.status.setText(cert.status_label)

    def _on_source_changed(self) -> None:
        source = self.vm.source
        self.source_where.setText(
            f"{source_label(source.kind)}: {source.describe(self.vm.username)}"
        )

    def _on_source_combo_changed(self) -> None:
        token = self.source_combo.currentData() == PKCS11
        self.file_group.setVisible(not token)
        self.token.setVisible(token)
        if token:
            self.token.start()
        elif self.vm.source.uses_token:
            self.vm.use_key_file()

    def _on_signature_image_changed(self) -> None:
        png = self.vm.signature_png
        if not png:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.tr("No signature image"))
            return
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        self.preview.setPixmap(
            pixmap.scaled(
                240,
                96,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def _on_passphrase_changed(self) -> None:
        text, again = self.passphrase.text(), self.passphrase_again.text()
        problem = passphrase_problem(text, again) if text or again else None
        if not text:
            self.strength.setText(self.tr("Choose a passphrase to protect the key file."))
        else:
            self.strength.setText(problem or self.tr("Good passphrase."))
        self.create_button.setEnabled(bool(text) and problem is None and not self.vm.busy)

    def _on_busy_changed(self, busy: bool) -> None:
        self.token.set_busy(busy)
        self._on_passphrase_changed()

    def _on_error(self, message: str) -> None:
        self.message.setText(message)

    def _on_certificate_created(self, where: str) -> None:
        self.message.setText(self.tr("Certificate issued and stored ({0}).").format(where))
        self.passphrase.clear()
        self.passphrase_again.clear()
        self.token.token_pin.clear()

    # --- actions ------------------------------------------------------------------------

    def _on_create_clicked(self) -> None:
        self.message.clear()
        self.vm.create_key(self.passphrase.text(), self.passphrase_again.text())

    def _choose_file(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Signature image"), "", self.tr("PNG images (*.png)")
        )
        return path

    def _on_choose_image(self) -> None:
        path = self._choose_file()
        if path:
            self.message.clear()
            self.vm.upload_signature_image(path)


class TrustDialog(QDialog):
    """First connection to a server: compare the CA fingerprint, then trust or refuse."""

    def __init__(self, vm: TrustViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self.setWindowTitle(self.tr("Trust this server?"))
        layout = QVBoxLayout(self)
        intro = _label("trust_intro", self)
        intro.setText(
            self.tr(
                "This is the first connection to {0}. Compare the fingerprint of its "
                "certificate authority with the one your administrator gave you."
            ).format(vm.server)
        )
        self.subject = _label("trust_subject", self)
        self.subject.setText(vm.ca_subject)
        self.fingerprint = _label("trust_fingerprint", self)
        self.fingerprint.setText(vm.fingerprint)
        self.fingerprint.setStyleSheet(
            "font-family: monospace; font-weight: bold; background: #ffffff; "
            "border: 1px solid #d5dae0; padding: 6px"
        )
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(6)
        layout.addWidget(intro)
        layout.addSpacing(6)
        for caption, value in (
            (self.tr("Certificate authority:"), self.subject),
            (self.tr("SHA-256 fingerprint:"), self.fingerprint),
        ):
            heading = QLabel(caption, self)
            heading.setObjectName("muted")
            layout.addWidget(heading)
            layout.addWidget(value)
        layout.addSpacing(6)
        buttons = QDialogButtonBox(self)
        self.accept_button = buttons.addButton(
            self.tr("Trust this server"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.accept_button.setObjectName("trust_accept")
        self.refuse_button = buttons.addButton(
            self.tr("Do not connect"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.refuse_button.setObjectName("trust_refuse")
        self.refuse_button.setDefault(True)
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self._on_refused)
        layout.addWidget(buttons)

    def _on_accepted(self) -> None:
        self.vm.accept()
        self.accept()

    def _on_refused(self) -> None:
        self.vm.refuse()
        self.reject()
