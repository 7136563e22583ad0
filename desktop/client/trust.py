"""Which server certificates the app trusts: the organisation CA, pinned on first use.

* A CA file configured by the deployment (``ca_file``) wins: only it is trusted.
* Otherwise the CA pinned for this ``host:port`` in the user's trust folder
  (:class:`TrustStore`) is trusted, and nothing else (not the system store).
* With neither, :func:`trusted_context` raises :class:`UntrustedServer` carrying the
  CA the server presented and its SHA-256 fingerprint: the app shows the fingerprint,
  and when the user accepts it, :meth:`TrustStore.pin` stores the CA.
* When a pinned server presents another CA, :class:`ServerCaChanged` says so, with
  both fingerprints (a new CA, or someone in the middle): the app shows it clearly and
  never re-pins silently.

Plain ``ws://`` URLs need no context (None).
"""

from __future__ import annotations

import asyncio
import os
import re
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from desktop.client.names import readable_name
from protocol.errors import ProtocolError

#: ``_ssl.ENCODING_DER`` (the chain getters return ``_ssl.Certificate`` before 3.13).
_ENCODING_DER = 2


class UntrustedServer(ProtocolError):
    """First contact: the user must compare and accept the CA fingerprint."""

    code = "tls.untrusted"

    def __init__(self, message: str, identity: ServerIdentity | None = None) -> None:
        super().__init__(message)
        self.identity = identity


class ServerCaChanged(ProtocolError):
    """The server presents a CA other than the pinned one."""

    code = "tls.ca_changed"

    def __init__(
        self, message: str, identity: ServerIdentity | None = None, pinned: str = ""
    ) -> None:
        super().__init__(message)
        self.identity = identity
        self.pinned_fingerprint = pinned


def fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 of the certificate, colon-separated upper-case hex (as the server prints)."""
    digest = cert.fingerprint(hashes.SHA256()).hex().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


@dataclass(frozen=True)
class ServerIdentity:
    host: str
    port: int
    #: The chain the server sent, leaf first.
    chain: tuple[x509.Certificate, ...]

    @property
    def ca(self) -> x509.Certificate:
        """The top of the chain the server sent (its CA, when it sends the chain)."""
        return self.chain[-1]

    @property
    def ca_pem(self) -> bytes:
        return self.ca.public_bytes(serialization.Encoding.PEM)

    @property
    def ca_fingerprint(self) -> str:
        return fingerprint(self.ca)

    @property
    def ca_subject(self) -> str:
        return readable_name(self.ca.subject)


def host_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    if not parts.hostname:
        raise ValueError(f"No host in {url!r}")
    return parts.hostname, parts.port or (443 if parts.scheme == "wss" else 80)


def _default_folder() -> Path:
    try:
        import platformdirs

        return Path(platformdirs.user_config_dir("ecabinet", appauthor=False)) / "trust"
    except ImportError:
        xdg = os.environ.get("XDG_CONFIG_HOME")
        return (Path(xdg) if xdg else Path.home() / ".config") / "ecabinet" / "trust"


class TrustStore:
    """Pinned CAs, one PEM file per ``host:port`` in ``folder`` (default: the user's
    config dir, ``ecabinet/trust``)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or _default_folder()

    def _file(self, host: str, port: int) -> Path:
        return self.folder / (re.sub(r"[^A-Za-z0-9._-]", "_", f"{host}_{port}") + ".pem")

    def pinned(self, host: str, port: int) -> bytes | None:
        path = self._file(host, port)
        return path.read_bytes() if path.exists() else None

    def pin(self, host: str, port: int, ca_pem: bytes) -> None:
        x509.load_pem_x509_certificate(ca_pem)  # refuse anything but a certificate
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = self._file(host, port)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(ca_pem)
        os.replace(tmp, path)

    def forget(self, host: str, port: int) -> None:
        self._file(host, port).unlink(missing_ok=True)


async def probe(host: str, port: int, *, timeout: float = 10.0) -> ServerIdentity:
    """The certificate chain a TLS server presents (not verified: for display only)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection(host, port, ssl=context, server_hostname=host), timeout
    )
    try:
        sslobj: Any = writer.get_extra_info("ssl_object")
        chain_der: list[bytes] = []
        inner = getattr(sslobj, "_sslobj", None)
        getter = getattr(sslobj, "get_unverified_chain", None) or getattr(
            inner, "get_unverified_chain", None
        )
        if getter is not None:
            for cert in getter() or []:
                chain_der.append(
                    cert if isinstance(cert, bytes) else cert.public_bytes(_ENCODING_DER)
                )
        if not chain_der:
            chain_der = [sslobj.getpeercert(binary_form=True)]
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except (ssl.SSLError, ConnectionError):
            pass
    del reader
    return ServerIdentity(host, port, tuple(x509.load_der_x509_certificate(d) for d in chain_der))


async def trusted_context(
    url: str, store: TrustStore, *, ca_file: str | Path | None = None
) -> ssl.SSLContext | None:
    """The TLS context to connect to ``url`` with (None for ``ws://``).

    Raises :class:`UntrustedServer` (with the identity to show) when nothing is pinned
    for this server and no CA file is configured."""
    if not url.startswith("wss://"):
        return None
    if ca_file is not None:
        return ssl.create_default_context(cafile=str(ca_file))
    host, port = host_port(url)
    pinned = store.pinned(host, port)
    if pinned is None:
        identity = await probe(host, port)
        raise UntrustedServer(
            f"First connection to {host}:{port}. Compare the CA fingerprint "
            f"{identity.ca_fingerprint} with the one your administrator gave you, then "
            "accept it to trust this server.",
            identity,
        )
    return ssl.create_default_context(cadata=pinned.decode())


async def explain_failure(url: str, store: TrustStore, error: BaseException) -> BaseException:
    """Turn a certificate verification failure against a pinned CA into
    :class:`ServerCaChanged` when the server now presents another CA."""
    if not isinstance(error, ssl.SSLCertVerificationError) or not url.startswith("wss://"):
        return error
    host, port = host_port(url)
    pinned = store.pinned(host, port)
    if pinned is None:
        return error
    old = fingerprint(x509.load_pem_x509_certificate(pinned))
    try:
        identity = await probe(host, port)
    except (OSError, TimeoutError, ssl.SSLError):
        return error
    if identity.ca_fingerprint != old:
        return ServerCaChanged(
            f"The server {host}:{port} now presents a different certificate authority "
            f"(fingerprint {identity.ca_fingerprint}; trusted: {old}). This can mean an "
            "attack. Do not continue; ask your administrator whether the CA was replaced.",
            identity,
            old,
        )
    return error


async def connect(
    url: str, store: TrustStore, *, ca_file: str | Path | None = None, **client_kwargs: Any
) -> Any:
    """A connected :class:`desktop.client.Client` that trusts only the pinned (or
    configured) CA.  Raises :class:`UntrustedServer` or :class:`ServerCaChanged`."""
    from desktop.client.connection import Client

    context = await trusted_context(url, store, ca_file=ca_file)
    client = Client(url, ssl=context, **client_kwargs)
    try:
        await client.connect()
    except ssl.SSLCertVerificationError as exc:
        raise await explain_failure(url, store, exc) from exc
    return client
