"""The user's signing key: it never leaves the user's machine.

Two places a key can live:

* a PKCS#12 file protected by a passphrase, in a per-user folder
  (:func:`key_dir`): :func:`new_key_and_csr` → server certifies the CSR
  (:func:`request_certificate`) → :func:`save_pkcs12`; later :func:`load_signer`.
* a PKCS#11 token (USB token; tested with SoftHSM2): :func:`pkcs11_new_key_and_csr`
  makes the key on the token and the CSR signed by it, :func:`pkcs11_store_certificate`
  puts the issued certificate beside the key, :func:`pkcs11_signer` signs with it.

Signers are pyHanko signers, ready for ``pyhanko.sign.signers.async_sign_pdf``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec
from asn1crypto import csr as asn1_csr
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
    from pyhanko.sign.pkcs11 import PKCS11Signer

    from desktop.client.connection import Client

PrivateKey = ec.EllipticCurvePrivateKey
DEFAULT_PKCS11_LIB = "/usr/lib/softhsm/libsofthsm2.so"
MIN_PASSPHRASE = 10


class WrongPassphrase(ProtocolError):
    code = "key.wrong_passphrase"


class KeyFileMissing(ProtocolError):
    code = "key.missing"


class TokenError(ProtocolError):
    """The USB token could not be used (library, token label, PIN or key not found)."""

    code = "key.token"


# --- where keys live -------------------------------------------------------------------


def key_dir(username: str) -> Path:
    """The user's key folder (created 0700): ``platformdirs`` user data dir when
    installed, else ``$XDG_DATA_HOME`` or ``~/.local/share``, + ``ecabinet/keys/<user>``."""
    try:
        import platformdirs

        base = Path(platformdirs.user_data_dir("ecabinet", appauthor=False))
    except ImportError:
        xdg = os.environ.get("XDG_DATA_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".local" / "share") / "ecabinet"
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", username) or "_"
    folder = base / "keys" / safe
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
    path.parent.mkdir(parents=True, exist_ok=True)
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


# --- PKCS#11 tokens -------------------------------------------------------------------


def _open_token(lib: str, token_label: str, pin: str) -> Any:
    import pkcs11

    try:
        token = pkcs11.lib(lib).get_token(token_label=token_label)
        return token.open(user_pin=pin, rw=True)
    except pkcs11.exceptions.PinIncorrect:
        raise WrongPassphrase("Wrong PIN for the token. Try again.") from None
    except pkcs11.exceptions.NoSuchToken:
        raise TokenError(f"No token labelled {token_label!r}. Plug it in and try again.") from None
    except (pkcs11.exceptions.PKCS11Error, RuntimeError, OSError) as exc:
        raise TokenError(f"Cannot use the token ({type(exc).__name__}: {exc}).") from None


def pkcs11_new_key_and_csr(
    lib: str, token_label: str, pin: str, key_label: str, full_name: str
) -> bytes:
    """Generate an ECDSA P-256 key pair on the token (private key never leaves it) and
    return a PEM CSR signed on the token."""
    from pkcs11 import Attribute, KeyType, Mechanism
    from pkcs11.util.ec import (
        encode_ec_public_key,
        encode_ecdsa_signature,
        encode_named_curve_parameters,
    )

    with _open_token(lib, token_label, pin) as session:
        params = session.create_domain_parameters(
            KeyType.EC,
            {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")},
            local=True,
        )
        key_id = os.urandom(8)
        public, private = params.generate_keypair(store=True, label=key_label, id=key_id)
        info = asn1_csr.CertificationRequestInfo(
            {
                "version": "v1",
                "subject": asn1_x509.Name.build({"common_name": full_name}),
                "subject_pk_info": asn1_keys.PublicKeyInfo.load(encode_ec_public_key(public)),
                "attributes": [],
            }
        )
        digest = hashes.Hash(hashes.SHA256())
        digest.update(info.dump())
        # Raw ECDSA over a software hash: every token has it (SoftHSM lacks ECDSA_SHA256).
        raw = private.sign(digest.finalize(), mechanism=Mechanism.ECDSA)
        request = asn1_csr.CertificationRequest(
            {
                "certification_request_info": info,
                "signature_algorithm": {"algorithm": "sha256_ecdsa"},
                "signature": encode_ecdsa_signature(raw),
            }
        )
    der = request.dump()
    return x509.load_der_x509_csr(der).public_bytes(serialization.Encoding.PEM)


def pkcs11_store_certificate(
    lib: str, token_label: str, pin: str, key_label: str, cert_pem: bytes
) -> None:
    """Put the issued certificate on the token beside its key (same label and id)."""
    from pkcs11 import Attribute, CertificateType, ObjectClass

    cert = x509.load_pem_x509_certificate(cert_pem)
    with _open_token(lib, token_label, pin) as session:
        keys = list(
            session.get_objects(
                {Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.LABEL: key_label}
            )
        )
        if not keys:
            raise TokenError(f"No key labelled {key_label!r} on the token.")
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: key_label,
                Attribute.ID: keys[0][Attribute.ID],
                Attribute.SUBJECT: cert.subject.public_bytes(),
                Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
            }
        )


def pkcs11_signer(
    lib: str,
    token_label: str,
    pin: str,
    key_label: str,
    *,
    chain_pem: bytes = b"",
) -> PKCS11Signer:
    """A pyHanko signer for the key (and its certificate) labelled ``key_label`` on the
    token.  The PKCS#11 session stays open: call :func:`close_signer` when done."""
    from pkcs11 import Attribute, KeyType, ObjectClass
    from pyhanko.sign.pkcs11 import PKCS11Signer

    session = _open_token(lib, token_label, pin)
    found = list(
        session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.LABEL: key_label})
    )
    if not found:
        session.close()
        raise TokenError(f"No key labelled {key_label!r} on token {token_label!r}.")
    chain = [_asn1_cert(c) for c in x509.load_pem_x509_certificates(chain_pem)] if chain_pem else []
    return PKCS11Signer(
        session,
        cert_label=key_label,
        key_label=key_label,
        ca_chain=chain,
        # Hash in software, sign raw: tokens without ECDSA-with-SHA-256 (SoftHSM) work too.
        use_raw_mechanism=found[0].key_type == KeyType.EC,
    )


def close_signer(signer: Any) -> None:
    """Close a token signer's PKCS#11 session (no-op for file signers)."""
    session = getattr(signer, "pkcs11_session", None)
    if session is not None:
        session.close()


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
