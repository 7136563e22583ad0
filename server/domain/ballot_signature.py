"""Checking a signed ballot: a detached CMS over the ballot's canonical bytes.

:func:`verify_ballot` accepts a signature only when all of these hold, and otherwise
raises :class:`~protocol.errors.SignatureInvalid` with a message saying which failed:

* the CMS is a well-formed, *detached* SignedData whose signer certificate is the
  certificate the member sent;
* the signature is intact and valid over exactly ``data`` (pyHanko's
  ``async_validate_detached_cms``);
* the certificate was valid at ``at`` (not before its start, not after its end), is
  not revoked (the organisation CA's list), allows non-repudiation and chains to one
  of ``trust_roots`` (the organisation CA).

Who the certificate belongs to is the caller's business (the CA's register of issued
certificates, or :func:`same_person` on the common name).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import unicodedata
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
from pyhanko_certvalidator import ValidationContext

from protocol.errors import SignatureInvalid
from server.domain.pki import Pki
from server.store.models import CertificateRecord

T = TypeVar("T")

#: A ballot's CMS is a few kilobytes; anything far larger is not one.
MAX_SIGNATURE_BYTES = 64 * 1024


@dataclass(frozen=True)
class VerifiedSigner:
    serial: int
    common_name: str
    subject: str
    certificate_pem: str


def _run(coro: Coroutine[Any, Any, T]) -> T:
    """Run a pyHanko coroutine to completion from synchronous domain code.

    The domain runs on the database thread (no event loop there); a caller that is
    itself inside a running loop gets the work done on a short-lived thread instead.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _common_name(cert: x509.Certificate) -> str:
    attrs = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(attrs[0].value) if attrs else ""


def load_certificate(certificate_pem: str) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(certificate_pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raise SignatureInvalid(
            "certificate_pem is not a PEM certificate (-----BEGIN CERTIFICATE-----). "
            "Sign again with your certificate from the organisation CA."
        ) from None


def _signed_data(signature: bytes) -> cms.SignedData:
    if not signature or len(signature) > MAX_SIGNATURE_BYTES:
        raise SignatureInvalid("The ballot carries no signature (or not a CMS one). Sign again.")
    try:
        info = cms.ContentInfo.load(signature)
        if info["content_type"].native != "signed_data":
            raise ValueError("not SignedData")
        signed: cms.SignedData = info["content"]
        detached = signed["encap_content_info"]["content"].native is None
        signer_infos = signed["signer_infos"]
        count = len(signer_infos)
    except (ValueError, TypeError, KeyError):
        raise SignatureInvalid(
            "The signature is not a CMS SignedData structure (DER). Sign the ballot again."
        ) from None
    if not detached:
        raise SignatureInvalid("The ballot signature must be detached CMS (no embedded content).")
    if count != 1:
        raise SignatureInvalid("A ballot signature must have exactly one signer.")
    return signed


def _signer_certificate(signed: cms.SignedData) -> asn1_x509.Certificate | None:
    sid = signed["signer_infos"][0]["sid"]
    if sid.name != "issuer_and_serial_number":
        return None
    wanted = sid.chosen
    for choice in signed["certificates"] or []:
        if choice.name != "certificate":
            continue
        cert: asn1_x509.Certificate = choice.chosen
        if cert.issuer == wanted["issuer"] and cert.serial_number == wanted["serial_number"].native:
            return cert
    return None


def verify_ballot(
    data: bytes,
    signature: bytes,
    certificate_pem: str,
    *,
    trust_roots: list[x509.Certificate],
    crls: list[bytes],
    is_revoked: Callable[[int], bool],
    at: datetime,
    mismatch: str | None = None,
) -> VerifiedSigner:
    """The signer of ``signature`` over ``data``, or :class:`SignatureInvalid`
    (``mismatch``: the message when the signature does not cover ``data``)."""
    cert = load_certificate(certificate_pem)
    der = cert.public_bytes(serialization.Encoding.DER)
    signed = _signed_data(signature)
    embedded = _signer_certificate(signed)
    if embedded is None or embedded.dump() != der:
        raise SignatureInvalid(
            "The signature was not made with the certificate sent with the ballot. "
            "Sign again with your own certificate."
        )
    if at < cert.not_valid_before_utc:
        raise SignatureInvalid("Your certificate is not valid yet. Check your computer's clock.")
    if at > cert.not_valid_after_utc:
        raise SignatureInvalid(
            "Your certificate has expired. Ask the administrator for a new one, then sign again."
        )
    if is_revoked(cert.serial_number):
        raise SignatureInvalid(
            "Your certificate has been revoked. Ask the administrator for a new one."
        )
    context = ValidationContext(
        trust_roots=[
            asn1_x509.Certificate.load(r.public_bytes(serialization.Encoding.DER))
            for r in trust_roots
        ],
        crls=crls,
        allow_fetching=False,
        revocation_mode="soft-fail",
        moment=at,
    )
    status = _run(async_validate_detached_cms(data, signed, signer_validation_context=context))
    if not (status.intact and status.valid):
        raise SignatureInvalid(
            mismatch
            or "The signature does not match this ballot (the answer, comment or time differ "
            "from what was signed). Nothing was recorded; sign the ballot again."
        )
    if status.revoked:
        raise SignatureInvalid(
            "Your certificate has been revoked. Ask the administrator for a new one."
        )
    if not status.trusted:
        raise SignatureInvalid(
            "Your certificate was not issued by the organisation's certification authority "
            "(or does not allow signing). Request a certificate in the app, then sign again."
        )
    return VerifiedSigner(
        serial=cert.serial_number,
        common_name=_common_name(cert),
        subject=cert.subject.rfc4514_string(),
        certificate_pem=cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
    )


def _folded(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def same_person(common_name: str, full_name: str) -> bool:
    """A certificate's common name names this account (case, spacing and Unicode form aside)."""
    return _folded(common_name) == _folded(full_name)


def verify_own_ballot(
    session: Any,
    pki_dir: Any,
    data: bytes,
    signature: bytes,
    certificate_pem: str,
    *,
    user_id: int,
    full_name: str,
    at: datetime,
    not_yours: str,
    mismatch: str | None = None,
) -> VerifiedSigner:
    """:func:`verify_ballot` against the organisation CA kept in ``pki_dir``, then the
    certificate must be the user's own: the CA register's record of it (not revoked)
    when there is one, else the same person's name.  ``not_yours`` is the refusal
    message, formatted with ``name`` (the certificate's common name)."""
    pki = Pki.open(pki_dir)
    signer = verify_ballot(
        data,
        signature,
        certificate_pem,
        trust_roots=[pki.ca_certificate],
        crls=[pki.crl_der()],
        is_revoked=pki.is_revoked,
        at=at,
        mismatch=mismatch,
    )
    record = session.get(CertificateRecord, str(signer.serial))
    if record is not None:
        own = record.user_id == user_id and record.revoked_at is None
    else:
        own = same_person(signer.common_name, full_name)
    if not own:
        raise SignatureInvalid(not_yours.format(name=signer.common_name))
    return signer
