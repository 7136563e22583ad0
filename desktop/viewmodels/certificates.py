"""My certificate: the user's signing certificate, key creation (file or USB token), the
signature image; and the first-use trust decision for a server's CA.

The key never leaves this machine: the view model makes the key (or has the token make
it), sends only the certificate request, and stores the issued certificate with the key.
Slow work (PKCS#12 encryption, token operations) runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from cryptography import x509
from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop.client import Client, keys
from desktop.client.trust import ServerIdentity, TrustStore
from desktop.viewmodels.session import CommandRunner, Runner
from protocol.pki import CertificateInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_TOKEN_KEY = "ecabinet-signing"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Certificates", text)


def local_time(iso: str) -> str:
    """ISO 8601 in Vietnam's time (+07:00), to the minute."""
    return dt.datetime.fromisoformat(iso).astimezone(VN).isoformat(timespec="minutes")


def status_label(status: str) -> str:
    return {
        "valid": _tr("Valid"),
        "revoked": _tr("Revoked"),
        "expired": _tr("Expired"),
    }.get(status, status)


@dataclass(frozen=True)
class CertificateRow:
    serial: str
    subject: str
    common_name: str
    issuer: str
    valid_from: str
    valid_to: str
    status: str
    status_label: str


def row_of(info: CertificateInfo) -> CertificateRow:
    issuer = ""
    if info.certificate_pem:
        cert = x509.load_pem_x509_certificate(info.certificate_pem.encode())
        issuer = cert.issuer.rfc4514_string()
    return CertificateRow(
        serial=info.serial,
        subject=info.subject,
        common_name=info.common_name,
        issuer=issuer,
        valid_from=local_time(info.not_before),
        valid_to=local_time(info.not_after),
        status=info.status,
        status_label=status_label(info.status),
    )


def passphrase_problem(passphrase: str, again: str) -> str | None:
    """Why the passphrase cannot be used, translated; None when it is good."""
    problem = keys.passphrase_problem(passphrase, again)
    if problem is None:
        return None
    if problem.startswith("Use at least"):
        return _tr("Use at least {0} characters.").format(keys.MIN_PASSPHRASE)
    return {
        "Mix letters with digits or symbols, or use 16 characters or more.": _tr(
            "Mix letters with digits or symbols, or use 16 characters or more."
        ),
        "Too many repeated characters.": _tr("Too many repeated characters."),
        "The two passphrases differ.": _tr("The two passphrases differ."),
    }.get(problem, problem)


class CertificateViewModel(CommandRunner):
    """The "My certificate" dialog's state and actions for the logged-in user."""

    certificates_changed = Signal()
    signature_image_changed = Signal()
    busy_changed = Signal(bool)
    #: A new certificate was issued and stored (where: a file path, or "token:<label>").
    certificate_created = Signal(str)

    def __init__(
        self,
        client: Client,
        run: Runner,
        *,
        key_path: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(run, parent)
        self.client = client
        username = client.user.username if client.user else "default"
        self.key_path = key_path or keys.default_key_path(username)
        self.certificates: list[CertificateRow] = []
        self.signature_png: bytes | None = None
        self.busy = False

    @property
    def current(self) -> CertificateRow | None:
        """The newest valid signing certificate, else the newest of any status."""
        valid = [c for c in self.certificates if c.status == "valid"]
        found = valid or self.certificates
        return found[0] if found else None

    @property
    def has_key_file(self) -> bool:
        return self.key_path.exists()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)

    def _failed(self, _message: str) -> None:
        self._set_busy(False)

    # --- reading ------------------------------------------------------------------------

    def refresh(self) -> None:
        async def load() -> tuple[list[CertificateInfo], bytes | None]:
            return (
                await keys.my_certificates(self.client),
                await keys.get_signature_image(self.client),
            )

        self._submit(load(), self._on_loaded)

    def _on_loaded(self, loaded: tuple[list[CertificateInfo], bytes | None]) -> None:
        infos, png = loaded
        self.certificates = [row_of(i) for i in infos if i.kind == "signing"]
        self.signature_png = png
        self.certificates_changed.emit()
        self.signature_image_changed.emit()

    # --- a key in a PKCS#12 file --------------------------------------------------------

    def create_key(self, passphrase: str, again: str) -> None:
        """Make a key, have the CA certify it, store both in the key file."""
        problem = passphrase_problem(passphrase, again)
        if problem is not None:
            self.error_occurred.emit(problem)
            return
        self._set_busy(True)
        self._submit(self._create_key(passphrase), self._on_created, self._failed)

    async def _create_key(self, passphrase: str) -> str:
        assert self.client.user is not None
        key, csr = keys.new_key_and_csr(self.client.user.full_name)
        issued = await keys.request_certificate(self.client, csr)
        await asyncio.to_thread(
            keys.save_pkcs12,
            self.key_path,
            key,
            issued.certificate_pem.encode(),
            issued.chain_pem.encode(),
            passphrase,
        )
        return str(self.key_path)

    def _on_created(self, where: str) -> None:
        self._set_busy(False)
        self.certificate_created.emit(where)
        self.refresh()

    # --- a key on a USB token -----------------------------------------------------------

    def use_token(self, lib: str, token_label: str, pin: str, key_label: str) -> None:
        if not (lib and token_label and pin and key_label):
            self.error_occurred.emit(
                _tr("Give the token library, the token's label, the PIN and a key label.")
            )
            return
        self._set_busy(True)
        self._submit(
            self._use_token(lib, token_label, pin, key_label), self._on_created, self._failed
        )

    async def _use_token(self, lib: str, token_label: str, pin: str, key_label: str) -> str:
        assert self.client.user is not None
        csr = await asyncio.to_thread(
            keys.pkcs11_new_key_and_csr,
            lib,
            token_label,
            pin,
            key_label,
            self.client.user.full_name,
        )
        issued = await keys.request_certificate(self.client, csr)
        await asyncio.to_thread(
            keys.pkcs11_store_certificate,
            lib,
            token_label,
            pin,
            key_label,
            issued.certificate_pem.encode(),
        )
        return f"token:{token_label}/{key_label}"

    # --- the signature image ------------------------------------------------------------

    def upload_signature_image(self, path: str) -> None:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            self.error_occurred.emit(_tr("Cannot read {0}: {1}").format(path, exc.strerror))
            return
        self._submit(keys.set_signature_image(self.client, data), lambda _: self._on_image(data))

    def _on_image(self, data: bytes) -> None:
        self.signature_png = data
        self.signature_image_changed.emit()


class TrustViewModel(QObject):
    """First contact with a TLS server: show its CA fingerprint; pin it if accepted."""

    decided = Signal(bool)

    def __init__(
        self, identity: ServerIdentity, store: TrustStore, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.identity = identity
        self.store = store

    @property
    def server(self) -> str:
        return f"{self.identity.host}:{self.identity.port}"

    @property
    def fingerprint(self) -> str:
        return self.identity.ca_fingerprint

    @property
    def ca_subject(self) -> str:
        return self.identity.ca_subject

    def accept(self) -> None:
        self.store.pin(self.identity.host, self.identity.port, self.identity.ca_pem)
        self.decided.emit(True)

    def refuse(self) -> None:
        self.decided.emit(False)
