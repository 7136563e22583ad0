"""USB signing tokens (PKCS#11): the tokens a driver sees, the keys and certificates on
one, and a pyHanko signer whose key never leaves it (making a key and its certificate
request on the token: :mod:`desktop.client.token_certificates`).  Tested with SoftHSM2.

Every function opens the token with the user's PIN and closes it again, except
:func:`pkcs11_signer` / :func:`signer_on`, whose session stays open until
:func:`close_signer`.  Errors are typed: :class:`WrongPin` (a
:class:`~desktop.client.keys.WrongPassphrase`), :class:`PinLocked`, :class:`TokenAbsent`
and, for the rest, :class:`~desktop.client.keys.TokenError`.

One login at a time in a process: PKCS#11 keeps the login per application and token,
shared by every session, and closing a logged-in session logs all of them out.  So
:data:`_LOGIN` serialises sessions; a second one waits a little, then is refused.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from desktop.client.keys import TokenError, WrongPassphrase

if TYPE_CHECKING:
    from pyhanko.sign.pkcs11 import PKCS11Signer

DEFAULT_PKCS11_LIB = "/usr/lib/softhsm/libsofthsm2.so"

#: Where the drivers of common tokens put their PKCS#11 module (Debian/Ubuntu paths).
KNOWN_MODULES = (
    DEFAULT_PKCS11_LIB,
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/libeTPkcs11.so",  # SafeNet eToken (VNPT-CA and others)
    "/usr/lib/x86_64-linux-gnu/libeTPkcs11.so",
    "/usr/lib/libcastle.so.1.0.0",  # Feitian ePass2003 (Viettel-CA and others)
    "/usr/lib/libshuttle_p11v220.so",  # Feitian ePass2003, older drivers
    "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",  # OpenSC: many smart cards
    "/usr/lib/opensc-pkcs11.so",
)

# Why module-level: the PKCS#11 login belongs to the process (see the module docstring).
_LOGIN = threading.Lock()
_LOGIN_WAIT = 10.0


class WrongPin(WrongPassphrase):
    code = "key.wrong_pin"


class PinLocked(TokenError):
    code = "key.pin_locked"


class TokenAbsent(TokenError):
    """The token is not plugged in (or not recognised by its driver)."""

    code = "key.token_absent"


@dataclass(frozen=True)
class TokenInfo:
    label: str
    serial: str
    manufacturer: str
    model: str


@dataclass(frozen=True)
class TokenKey:
    """A private key on a token with the certificates (DER) stored for it."""

    label: str
    key_id: str  # CKA_ID, hex ("" when the token gives none)
    key_type: str  # "EC" | "RSA" | another PKCS#11 key type name
    certificates: tuple[bytes, ...] = ()


def available_modules(extra: Iterable[str] = ()) -> list[str]:
    """The known token modules installed on this machine, then ``extra`` ones that exist."""
    found: list[str] = []
    for path in (*KNOWN_MODULES, *extra):
        if path and path not in found and Path(path).is_file():
            found.append(path)
    return found


@contextmanager
def token_errors(what: str = "") -> Iterator[None]:
    """Turn python-pkcs11's exceptions into the typed errors above."""
    import pkcs11.exceptions as e

    try:
        yield
    except (e.PinIncorrect, e.PinInvalid, e.PinLenRange):
        raise WrongPin("Wrong PIN for the token. Try again.") from None
    except e.PinLocked:
        raise PinLocked(
            "The token's PIN is locked after too many wrong tries: unlock it with "
            "the token's own tool."
        ) from None
    except (e.NoSuchToken, e.TokenNotPresent, e.DeviceRemoved, e.TokenNotRecognised):
        raise TokenAbsent(
            f"The token {what} is not plugged in. Plug it in and try again."
        ) from None
    except e.MultipleTokensReturned:
        raise TokenError(f"Several tokens are labelled {what}: unplug the others.") from None
    except (e.PKCS11Error, RuntimeError, OSError) as exc:
        raise TokenError(f"Cannot use the token ({type(exc).__name__}: {exc}).") from None


def _lib(path: str) -> Any:
    import pkcs11

    if not Path(path).is_file():
        raise TokenError(f"The token driver {path} is not installed: choose its PKCS#11 module.")
    with token_errors():
        return pkcs11.lib(path)


def list_tokens(lib: str) -> list[TokenInfo]:
    """The initialised tokens the module ``lib`` sees now (plugged in)."""
    from pkcs11 import TokenFlag

    module = _lib(lib)
    found: list[TokenInfo] = []
    with token_errors():
        for slot in module.get_slots(token_present=True):
            token = slot.get_token()
            if TokenFlag.TOKEN_INITIALIZED not in token.flags:
                continue
            found.append(
                TokenInfo(
                    label=token.label,
                    serial=token.serial.decode("ascii", "replace").strip(),
                    manufacturer=token.manufacturer_id,
                    model=token.model,
                )
            )
    return found


def open_session(lib: str, token_label: str, pin: str, *, serial: str = "") -> Any:
    """A logged-in read-write session; close it with :func:`close_session`."""
    module = _lib(lib)
    if not _LOGIN.acquire(timeout=_LOGIN_WAIT):
        raise TokenError("The token is busy with another signature; try again when it is done.")
    try:
        with token_errors(repr(token_label)):
            criteria: dict[str, Any] = {"token_label": token_label}
            if serial:
                criteria["token_serial"] = serial.encode()
            return module.get_token(**criteria).open(user_pin=pin, rw=True)
    except BaseException:
        _LOGIN.release()
        raise


def close_session(session: Any) -> None:
    """Log out and close (a token pulled out meanwhile is no error)."""
    import pkcs11.exceptions as e

    try:
        session.close()
    except (e.PKCS11Error, RuntimeError):
        pass
    finally:
        _LOGIN.release()


@contextmanager
def token_session(lib: str, token_label: str, pin: str, *, serial: str = "") -> Iterator[Any]:
    session = open_session(lib, token_label, pin, serial=serial)
    try:
        with token_errors(repr(token_label)):
            yield session
    finally:
        close_session(session)


# --- keys and certificates on a token --------------------------------------------------


def key_query(key_label: str, key_id: str, cls: Any) -> dict[Any, Any]:
    from pkcs11 import Attribute

    query: dict[Any, Any] = {Attribute.CLASS: cls}
    if key_id:
        query[Attribute.ID] = bytes.fromhex(key_id)
    else:
        query[Attribute.LABEL] = key_label
    return query


def private_key(session: Any, key_label: str, key_id: str) -> Any:
    from pkcs11 import ObjectClass

    found = list(session.get_objects(key_query(key_label, key_id, ObjectClass.PRIVATE_KEY)))
    if not found:
        raise TokenError(f"No key {key_label or key_id!r} on the token.")
    return found[0]


def certificates_on(session: Any, key_label: str, key_id: str) -> list[bytes]:
    """The certificates (DER) stored on the token for a key (same CKA_ID, else label)."""
    from pkcs11 import Attribute, ObjectClass

    query = key_query(key_label, key_id, ObjectClass.CERTIFICATE)
    return [bytes(c[Attribute.VALUE]) for c in session.get_objects(query)]


def list_keys(lib: str, token_label: str, pin: str, *, serial: str = "") -> list[TokenKey]:
    """The private keys on the token, each with its certificates."""
    from pkcs11 import Attribute, ObjectClass

    keys: list[TokenKey] = []
    with token_session(lib, token_label, pin, serial=serial) as session:
        # One search at a time per session: read the whole list before the next search.
        for key in list(session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY})):
            label = str(key[Attribute.LABEL] or "")
            key_id = bytes(key[Attribute.ID] or b"").hex()
            keys.append(
                TokenKey(
                    label=label,
                    key_id=key_id,
                    key_type=getattr(key.key_type, "name", str(key.key_type)),
                    certificates=tuple(certificates_on(session, label, key_id)),
                )
            )
    return keys


# --- signing -------------------------------------------------------------------------


def _asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def signer_on(
    session: Any,
    key_label: str,
    key_id: str = "",
    *,
    signing_cert: x509.Certificate | None = None,
    chain: Iterable[x509.Certificate] = (),
) -> PKCS11Signer:
    """A pyHanko signer for a key in an open session; ``signing_cert`` None: the
    certificate stored on the token with the key's label."""
    from pkcs11 import KeyType
    from pyhanko.sign.pkcs11 import PKCS11Signer

    key = private_key(session, key_label, key_id)
    return PKCS11Signer(
        session,
        cert_label=None if signing_cert is not None or key_id else key_label,
        signing_cert=_asn1(signing_cert) if signing_cert is not None else None,
        key_label=None if key_id else key_label,
        key_id=bytes.fromhex(key_id) if key_id else None,
        ca_chain=[_asn1(c) for c in chain],
        # Hash in software, sign raw: tokens without ECDSA-with-SHA-256 (SoftHSM) work too.
        use_raw_mechanism=key.key_type == KeyType.EC,
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
    session = open_session(lib, token_label, pin)
    try:
        with token_errors(repr(token_label)):
            chain = x509.load_pem_x509_certificates(chain_pem) if chain_pem else []
            return signer_on(session, key_label, chain=chain)
    except BaseException:
        close_session(session)
        raise


def close_signer(signer: Any) -> None:
    """Close a token signer's PKCS#11 session (no-op for file signers)."""
    session = getattr(signer, "pkcs11_session", None)
    if session is not None:
        signer.pkcs11_session = None  # closing twice must not release the login twice
        close_session(session)
