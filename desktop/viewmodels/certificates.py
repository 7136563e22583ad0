"""My certificate: the user's signing certificate, where the signing key lives (a
PKCS#12 file or a USB token, remembered in QSettings), key creation, the signature image;
and the first-use trust decision for a server's CA.

The key never leaves this machine: the view model makes the key (or has the token make
it, or uses one already on the token), sends only the certificate request, and stores the
issued certificate with the key.  Slow work (PKCS#12 encryption, token operations) runs
in a worker thread.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from pathlib import Path
from zoneinfo import ZoneInfo

from cryptography import x509
from PySide6.QtCore import QCoreApplication, QObject, QSettings, Signal

from desktop.client import Client, keys, tokens
from desktop.client import signing_keys as sk
from desktop.client import token_certificates as token_certs
from desktop.client.names import readable_name
from desktop.client.trust import ServerIdentity, TrustStore
from desktop.viewmodels.session import CommandRunner, Runner
from desktop.viewmodels.signing_keys import (
    PKCS11,
    PKCS12,
    KeySource,
    KeySourceStore,
    explaining,
)
from desktop.viewmodels.times import shown_time
from protocol.pki import CertificateInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_TOKEN_KEY = "ecabinet-signing"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Certificates", text)


def local_time(iso: str) -> str:
    """In Vietnam's time (+07:00), day first, to the minute."""
    return shown_time(iso, seconds=False)


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
    issuer, subject = "", info.subject
    if info.certificate_pem:
        cert = x509.load_pem_x509_certificate(info.certificate_pem.encode())
        issuer, subject = readable_name(cert.issuer), readable_name(cert.subject)
    return CertificateRow(
        serial=info.serial,
        subject=subject,
        common_name=info.common_name,
        issuer=issuer,
        valid_from=local_time(info.not_before),
        valid_to=local_time(info.not_after),
        status=info.status,
        status_label=status_label(info.status),
    )


@dataclass(frozen=True)
class TokenKeyRow:
    """A key on the token as the dialog lists it."""

    label: str
    key_id: str
    key_type: str
    #: The organisation's certificate for it (valid now), if the token holds one.
    certificate_subject: str
    #: What the user reads: the label, the certificate on it and whose it is.
    text: str


def key_row(key: tokens.TokenKey, ca: x509.Certificate) -> TokenKeyRow:
    ours = token_certs.organisation_certificate(key.certificates, ca)
    name = key.label or key.key_id
    if ours is not None:
        subject = readable_name(ours.subject)
        text = _tr("{0} — certificate of the organisation: {1}").format(name, subject)
    elif key.certificates:
        subject = ""
        other = x509.load_der_x509_certificate(key.certificates[0])
        text = _tr("{0} — certificate from another CA ({1}): a new one will be requested").format(
            name, readable_name(other.issuer)
        )
    else:
        subject = ""
        text = _tr("{0} — no certificate yet: one will be requested").format(name)
    return TokenKeyRow(key.label, key.key_id, key.key_type, subject, text)


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
    #: A new certificate was issued and stored (where: a file path, or "token:<label>/<key>").
    certificate_created = Signal(str)
    #: The remembered key source changed (:attr:`source`).
    source_changed = Signal()
    #: :attr:`tokens` was read again (the tokens the chosen module sees).
    tokens_found = Signal()
    #: :attr:`token_keys` was read (the keys on the chosen token).
    token_keys_found = Signal()

    def __init__(
        self,
        client: Client,
        run: Runner,
        *,
        key_path: Path | None = None,
        settings: QSettings | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(run, parent)
        self.client = client
        self.username = client.user.username if client.user else "default"
        self._default_key_path = keys.default_key_path(self.username)
        self.key_path = key_path or self._default_key_path
        self.store = KeySourceStore(settings)
        self.source = self.store.load(self.username)
        self.tokens: list[tokens.TokenInfo] = []
        self.token_keys: list[TokenKeyRow] = []
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

    def remember(self, source: KeySource) -> None:
        """Sign with ``source`` from now on (kept in the settings)."""
        self.source = source
        self.store.save(self.username, source)
        self.source_changed.emit()

    def use_key_file(self) -> None:
        """Sign with the PKCS#12 key file (:attr:`key_path`)."""
        path = "" if self.key_path == self._default_key_path else str(self.key_path)
        self.remember(KeySource(PKCS12, path=path))

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
        self.use_key_file()
        return str(self.key_path)

    def _on_created(self, where: str) -> None:
        self._set_busy(False)
        self.certificate_created.emit(where)
        self.refresh()

    # --- a key on a USB token -----------------------------------------------------------

    def modules(self) -> list[str]:
        """The PKCS#11 modules to offer: the known ones installed here, and the one in use."""
        return tokens.available_modules([self.source.module] if self.source.module else [])

    def find_tokens(self, module: str) -> None:
        """Read the tokens ``module`` sees now; ``tokens_found`` follows."""
        probe = KeySource(PKCS11, module=module)

        async def find() -> list[tokens.TokenInfo]:
            with explaining(probe):
                return await asyncio.to_thread(tokens.list_tokens, module)

        self._submit(find(), self._on_tokens, lambda _m: self._on_tokens([]))

    def _on_tokens(self, found: list[tokens.TokenInfo]) -> None:
        self.tokens = found
        self.tokens_found.emit()

    def read_token_keys(self, module: str, token_label: str, pin: str) -> None:
        """Read the keys on the token (needs the PIN); ``token_keys_found`` follows."""
        if not pin:
            self.error_occurred.emit(_tr("Enter the PIN of your USB token."))
            return
        source = self._token_source(module, token_label)

        async def read() -> list[TokenKeyRow]:
            with explaining(source):
                found = await asyncio.to_thread(
                    tokens.list_keys, module, token_label, pin, serial=source.token_serial
                )
            ca = x509.load_pem_x509_certificate((await keys.pki_info(self.client)).ca_pem.encode())
            return [key_row(k, ca) for k in found]

        self._set_busy(True)
        self._submit(read(), self._on_token_keys, self._failed)

    def _on_token_keys(self, rows: list[TokenKeyRow]) -> None:
        self._set_busy(False)
        self.token_keys = rows
        self.token_keys_found.emit()

    def _token_source(self, module: str, token_label: str) -> KeySource:
        serial = next((t.serial for t in self.tokens if t.label == token_label), "")
        return KeySource(PKCS11, module=module, token_label=token_label, token_serial=serial)

    def use_token(
        self, module: str, token_label: str, pin: str, key_label: str, key_id: str | None = None
    ) -> None:
        """Sign with a key on the token from now on: the key ``key_id`` (hex; "" for a
        token without ids: by ``key_label``), or, ``key_id`` None, a new key made on the
        token and labelled ``key_label``.  A certificate is requested when the key has no
        valid one of the user's from the organisation CA."""
        if not (module and token_label and pin and key_label):
            self.error_occurred.emit(
                _tr("Give the token library, the token's label, the PIN and a key label.")
            )
            return
        source = replace(
            self._token_source(module, token_label), key_label=key_label, key_id=key_id or ""
        )
        self._set_busy(True)
        self._submit(self._use_token(source, pin, key_id is None), self._on_created, self._failed)

    async def _use_token(self, source: KeySource, pin: str, new_key: bool) -> str:
        with explaining(source):
            used = await sk.use_token_key(self.client, source, pin, new_key=new_key)
        self.remember(used.source)
        return used.source.describe(self.username)

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
