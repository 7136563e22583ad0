"""The user's signing key: it never leaves the user's machine.

Two places a key can live:

* a PKCS#12 file protected by a passphrase, in a per-user folder
  (:func:`key_dir`): :func:`new_key_and_csr` → server certifies the CSR
  (:func:`request_certificate`) → :func:`save_pkcs12`; later :func:`load_signer`.
* a PKCS#11 token (USB token): ``desktop.client.tokens``; which of the two a user
  signs with, and opening it: ``desktop.client.signing_keys``.

Signers are pyHanko signers, ready for ``pyhanko.sign.signers.async_sign_pdf``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.sign.signers import SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore

from protocol import pki
from protocol.errors import InvalidInput, ProtocolError

if TYPE_CHECKING:
    from desktop.client.connection import Client

PrivateKey = ec.EllipticCurvePrivateKey
MIN_PASSPHRASE = 10


class WrongPassphrase(ProtocolError):
    code = "key.wrong_passphrase"


class KeyFileMissing(ProtocolError):
    code = "key.missing"


class TokenError(ProtocolError):
    """The USB token could not be used (library, token label, PIN or key not found)."""

    code = "key.token"


# --- where keys live -------------------------------------------------------------------


def key_dir(username: str, *, create: bool = False) -> Path:
    """The user's key folder (made, 0700, only when ``create``): ``platformdirs`` user data dir when
    installed, else ``$XDG_DATA_HOME`` or ``~/.local/share``, + ``ecabinet/keys/<user>``."""
    try:
        import platformdirs

        base = Path(platformdirs.user_data_dir("ecabinet", appauthor=False))
    except ImportError:
        xdg = os.environ.get("XDG_DATA_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".local" / "share") / "ecabinet"
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", username) or "_"
    folder = base / "keys" / safe
    if create:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def default_key_path(username: str, kind: str = "signing") -> Path:
    """Where the app keeps ``username``'s PKCS#12 file of ``kind`` (signing | seal)."""
    return key_dir(username) / f"{kind}.p12"


def passphrase_problem(passphrase: str, again: str | None = None) -> str | None:
    """Why a passphrase is not good enough (English; the UI translates), or None."""
    if len(passphrase) < MIN_PASSPHRASE:
        return f"Use at least {MIN_PASSPHRASE} characters."
    kinds = sum(
        bool(re.search(p, passphrase)) for p in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9]")
    )
    if kinds < 2 and len(passphrase) < 16:
        return "Mix letters with digits or symbols, or use 16 characters or more."
    if len(set(passphrase)) < 5:
        return "Too many repeated characters."
    if again is not None and passphrase != again:
        return "The two passphrases differ."
    return None


# --- PKCS#12 ---------------------------------------------------------------------------


def _name(full_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, full_name)])


def new_key_and_csr(full_name: str) -> tuple[PrivateKey, bytes]:
    """A new ECDSA P-256 key and a PEM CSR signed by it (the server sets the subject)."""
    key = ec.generate_private_key(ec.SECP256R1())
    csr = x509.CertificateSigningRequestBuilder().subject_name(_name(full_name))
    return key, csr.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM)


def save_pkcs12(
    path: str | Path, key: Any, cert_pem: bytes, chain_pem: bytes, passphrase: str
) -> None:
    """Write key + certificate + chain as PKCS#12 (AES-256, PBKDF2-SHA256), mode 0600."""
    if not passphrase:
        raise InvalidInput("A key file needs a passphrase.")
    cert = x509.load_pem_x509_certificate(cert_pem)
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    der = serialization.Encoding.DER
    if cert.public_key().public_bytes(der, spki) != key.public_key().public_bytes(der, spki):
        raise InvalidInput("The certificate is not for this key; request it again.")
    chain = x509.load_pem_x509_certificates(chain_pem) if chain_pem.strip() else []
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(200_000)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(passphrase.encode())
    )
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    label = str(names[0].value).encode() if names else b"ecabinet"
    data = pkcs12.serialize_key_and_certificates(label, key, cert, chain, encryption)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(tmp, path)


def _read_pkcs12(
    path: str | Path, passphrase: str
) -> tuple[Any, x509.Certificate, list[x509.Certificate]]:
    path = Path(path)
    if not path.exists():
        raise KeyFileMissing(
            f"No key file at {path}. Create a key and request a certificate first (My certificate)."
        )
    try:
        key, cert, chain = pkcs12.load_key_and_certificates(path.read_bytes(), passphrase.encode())
    except ValueError:
        raise WrongPassphrase("Wrong passphrase for the key file. Try again.") from None
    if key is None or cert is None:
        raise InvalidInput(f"{path} holds no key and certificate.")
    return key, cert, list(chain)


def read_certificate(path: str | Path, passphrase: str) -> x509.Certificate:
    """The certificate inside a PKCS#12 file."""
    return _read_pkcs12(path, passphrase)[1]


def _asn1_cert(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def load_signer(path: str | Path, passphrase: str) -> SimpleSigner:
    """A pyHanko signer from a PKCS#12 file; :class:`WrongPassphrase` on a bad passphrase."""
    key, cert, chain = _read_pkcs12(path, passphrase)
    key_der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return SimpleSigner(
        signing_cert=_asn1_cert(cert),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
            [_asn1_cert(c) for c in chain]
        ),
    )


async def request_certificate(
    client: Client, csr_pem: bytes, *, kind: str = "signing", tls_client: bool = False
) -> pki.CertificateIssued:
    """Ask the server's CA to certify ``csr_pem`` (``certificate.request``)."""
    result = await client.call(
        pki.CertificateRequest, csr_pem=csr_pem.decode(), kind=kind, tls_client=tls_client
    )
    return msgspec.convert(result, pki.CertificateIssued)


async def create_pkcs12_identity(
    client: Client, path: str | Path, passphrase: str, *, kind: str = "signing"
) -> pki.CertificateIssued:
    """The whole PKCS#12 path: new key, CSR, certificate from the server, saved file."""
    assert client.user is not None, "log in first"
    key, csr = new_key_and_csr(client.user.full_name)
    issued = await request_certificate(client, csr, kind=kind)
    save_pkcs12(path, key, issued.certificate_pem.encode(), issued.chain_pem.encode(), passphrase)
    return issued


# --- server calls around keys ---------------------------------------------------------


async def pki_info(client: Client) -> pki.PkiInfoResult:
    """The CA certificate, a fresh CRL and the TSA to use (``pki.info``)."""
    return msgspec.convert(await client.call(pki.PkiInfo), pki.PkiInfoResult)


async def timestamp(client: Client, request_der: bytes) -> bytes:
    """An RFC 3161 response from the server's TSA (``tsa.stamp``): the ``post``
    callback of a pyHanko time stamper."""
    result = await client.call(pki.TsaStamp, request=request_der)
    return msgspec.convert(result, pki.TsaStampResult).response


async def my_certificates(client: Client) -> list[pki.CertificateInfo]:
    result = await client.call(pki.CertificateList)
    return msgspec.convert(result, pki.CertificateListResult).certificates


async def set_signature_image(client: Client, png: bytes) -> str:
    """Upload one's signature image; returns its SHA-256."""
    return str((await client.call(pki.ProfileSetSignatureImage, png=png))["sha256"])


async def get_signature_image(client: Client, user_id: int | None = None) -> bytes | None:
    result = await client.call(pki.ProfileGetSignatureImage, user_id=user_id)
    return msgspec.convert(result, pki.ImageResult).png


async def get_seal_image(client: Client) -> bytes | None:
    return msgspec.convert(await client.call(pki.SealGetImage), pki.ImageResult).png
