"""Which key a user signs with, and opening it: a PKCS#12 file or a key on a USB token.

:class:`KeySource` says where the key is (the desktop app remembers it per user; scripts
build one).  :func:`opened_signer` turns it and the secret (passphrase or PIN) into a
pyHanko signer and closes it afterwards:

* a file is decrypted in a worker thread (PBKDF2 is slow);
* a token is opened with the PIN first, so a wrong PIN fails before anything reaches the
  server; then the organisation CA (``pki.info``) picks the certificate it issued for that
  key: on the token, or, when the token refuses new objects, in the user's key folder
  (:func:`token_certificate_path`).

:func:`use_token_key` is "use this key on my token" of My certificate: when the key has
no valid certificate of the user's from the organisation CA yet, a CSR is made and signed
on the token, the server certifies it, and the certificate is stored with the key.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography import x509

from desktop.client import keys, tokens
from desktop.client import token_certificates as certs

if TYPE_CHECKING:
    from desktop.client.connection import Client

PKCS12, PKCS11 = "pkcs12", "pkcs11"


class NoCertificate(keys.TokenError):
    code = "key.no_certificate"


@dataclass(frozen=True)
class KeySource:
    """Where a signing key lives: ``kind`` "pkcs12" (``path``, "" = the default file)
    or "pkcs11" (``module``, ``token_label``/``token_serial``, and the key by
    ``key_id`` (hex CKA_ID) or, when the token gives none, ``key_label``)."""

    kind: str = PKCS12
    path: str = ""
    module: str = ""
    token_label: str = ""
    token_serial: str = ""
    key_label: str = ""
    key_id: str = ""

    @property
    def uses_token(self) -> bool:
        return self.kind == PKCS11

    def key_file(self, username: str, key_kind: str = "signing") -> Path:
        """The PKCS#12 file (for a file source)."""
        return Path(self.path) if self.path else keys.default_key_path(username, key_kind)

    def describe(self, username: str, key_kind: str = "signing") -> str:
        """``token:<token>/<key>`` or the key file's path."""
        if self.uses_token:
            return f"token:{self.token_label}/{self.key_label or self.key_id}"
        return str(self.key_file(username, key_kind))


@dataclass(frozen=True)
class TokenKeyUsed:
    """The result of :func:`use_token_key`."""

    source: KeySource  # with the key's id filled in
    certificate: x509.Certificate
    #: "token", or the file the certificate was stored in.
    stored: str
    #: A new certificate was requested (False: the token already held one).
    requested: bool


def token_certificate_path(username: str, source: KeySource) -> Path:
    """Where a token key's certificate is kept when the token cannot store it."""
    name = f"{source.token_label}-{source.key_id or source.key_label}"
    return keys.key_dir(username) / f"token-{re.sub(r'[^A-Za-z0-9._-]', '_', name)}.pem"


def _stored_certificates(username: str, source: KeySource) -> list[x509.Certificate]:
    try:
        return x509.load_pem_x509_certificates(
            token_certificate_path(username, source).read_bytes()
        )
    except (OSError, ValueError):
        return []


async def _organisation_ca(client: Client) -> x509.Certificate:
    info = await keys.pki_info(client)
    return x509.load_pem_x509_certificate(info.ca_pem.encode())


def _username(client: Client) -> str:
    assert client.user is not None, "log in first"
    return client.user.username


async def _open_token(source: KeySource, pin: str) -> Any:
    opening = asyncio.ensure_future(
        asyncio.to_thread(
            tokens.open_session,
            source.module,
            source.token_label,
            pin,
            serial=source.token_serial,
        )
    )
    try:
        return await asyncio.shield(opening)
    except asyncio.CancelledError:
        # The thread still logs in: close that session then, or the login stays taken.
        def close(done: asyncio.Future[Any]) -> None:
            if not done.cancelled() and done.exception() is None:
                tokens.close_session(done.result())

        opening.add_done_callback(close)
        raise


def _certificate_for(
    session: Any, source: KeySource, ca: x509.Certificate, username: str
) -> x509.Certificate | None:
    with tokens.token_errors(repr(source.token_label)):
        on_token = tokens.certificates_on(session, source.key_label, source.key_id)
    return certs.organisation_certificate([*on_token, *_stored_certificates(username, source)], ca)


async def open_signer(
    client: Client, source: KeySource, secret: str, *, key_kind: str = "signing"
) -> Any:
    """A pyHanko signer for ``source`` opened with ``secret``; close it with
    :func:`desktop.client.tokens.close_signer` (or use :func:`opened_signer`).

    Raises ``keys.WrongPassphrase`` (``tokens.WrongPin`` for a token),
    ``keys.KeyFileMissing``, ``tokens.TokenAbsent``, :class:`NoCertificate` or
    ``keys.TokenError``."""
    username = _username(client)
    if not source.uses_token:
        path = source.key_file(username, key_kind)
        return await asyncio.to_thread(keys.load_signer, path, secret)
    session = await _open_token(source, secret)
    try:
        ca = await _organisation_ca(client)

        def build() -> Any:
            cert = _certificate_for(session, source, ca, username)
            if cert is None:
                raise NoCertificate(
                    "The key on the token has no valid certificate from the organisation "
                    "yet: request one in My certificate."
                )
            with tokens.token_errors(repr(source.token_label)):
                return tokens.signer_on(
                    session, source.key_label, source.key_id, signing_cert=cert, chain=[ca]
                )

        return await asyncio.to_thread(build)
    except BaseException:
        tokens.close_session(session)
        raise


@asynccontextmanager
async def opened_signer(
    client: Client, source: KeySource, secret: str, *, key_kind: str = "signing"
) -> AsyncIterator[Any]:
    """``async with opened_signer(client, source, secret) as signer: ...`` — the token
    session is closed (and logged out) when the block ends, whatever happens."""
    signer = await open_signer(client, source, secret, key_kind=key_kind)
    try:
        yield signer
    finally:
        tokens.close_signer(signer)


def _store(session: Any, source: KeySource, cert_pem: bytes, username: str) -> str:
    """On the token beside the key if it takes it, else in the user's key folder."""
    import pkcs11.exceptions as e

    try:
        certs.store_certificate_on(session, source.key_label, source.key_id, cert_pem)
        return "token"
    except (e.DeviceRemoved, e.TokenNotPresent, e.SessionClosed):
        raise
    except e.PKCS11Error:  # read-only or full token, or one that takes no new objects
        pass
    path = token_certificate_path(username, source)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "ab") as out:
        out.write(cert_pem if cert_pem.endswith(b"\n") else cert_pem + b"\n")
    return str(path)


async def use_token_key(
    client: Client,
    source: KeySource,
    pin: str,
    *,
    new_key: bool = False,
    key_kind: str = "signing",
) -> TokenKeyUsed:
    """Make the key of ``source`` (or, ``new_key``, a new P-256 key labelled
    ``source.key_label``) the user's signing key, certified by the organisation CA.

    A key that already has a valid certificate of this user's from the CA keeps it;
    otherwise the token signs a CSR, the server issues the certificate and it is stored
    on the token (or, if the token refuses, in the user's key folder)."""
    assert client.user is not None, "log in first"
    user = client.user
    session = await _open_token(source, pin)
    try:
        ca = await _organisation_ca(client)
        if new_key:
            key_id, csr = await asyncio.to_thread(
                _guarded, source, certs.new_key_on, session, source.key_label, user.full_name
            )
            source = replace(source, key_id=key_id)
        else:
            current = await asyncio.to_thread(_certificate_for, session, source, ca, user.username)
            mine = {
                c.serial
                for c in await keys.my_certificates(client)
                if c.status == "valid" and c.kind == key_kind
            }
            if current is not None and str(current.serial_number) in mine:
                where = await asyncio.to_thread(_where, session, source, current, user.username)
                return TokenKeyUsed(source, current, where, requested=False)
            csr = await asyncio.to_thread(
                _guarded,
                source,
                certs.csr_on,
                session,
                source.key_label,
                source.key_id,
                user.full_name,
            )
        issued = await keys.request_certificate(client, csr, kind=key_kind)
        pem = issued.certificate_pem.encode()
        stored = await asyncio.to_thread(_store, session, source, pem, user.username)
        return TokenKeyUsed(source, x509.load_pem_x509_certificate(pem), stored, requested=True)
    finally:
        tokens.close_session(session)


def _where(session: Any, source: KeySource, cert: x509.Certificate, username: str) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding

    with tokens.token_errors(repr(source.token_label)):
        on_token = tokens.certificates_on(session, source.key_label, source.key_id)
    if cert.public_bytes(Encoding.DER) in on_token:
        return "token"
    return str(token_certificate_path(username, source))


def _guarded(source: KeySource, work: Any, *args: Any) -> Any:
    with tokens.token_errors(repr(source.token_label)):
        return work(*args)
