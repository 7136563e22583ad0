"""Validate the signatures of a PDF: who signed, when, and whether it still holds.

:func:`validate` (or :func:`async_validate` inside an event loop) checks every signature
and document timestamp of a PDF with pyHanko — the PAdES signatures this app makes and
those of any other standard tool (``adbe.pkcs7.detached``, ``ETSI.CAdES.detached``,
``ETSI.RFC3161``) — and returns one :class:`protocol.signatures.SignatureInfo` each, in
revision order.  Nothing is fetched from the network: the trust roots and CRLs are
handed in (the organisation CA and its CRL from ``pki.info``), and the validation
material embedded in the document (DSS) is used as well.

The signer's name, unit and position come from the certificate subject (CN, OU,
title); the time from the RFC 3161 timestamp token when there is a trusted one, else
the time the signer's machine claimed.  ``validation_time`` validates as of another
moment (e.g. years later, to see what an expired certificate does); a signature
whose certificate expired after a trusted timestamp reports ``expired`` and pyHanko's
verdict at that time as ``trusted``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone
from io import BytesIO
from pathlib import Path
from typing import Any

from asn1crypto import crl as asn1_crl
from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import SuspiciousModification
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.sign.validation import (
    EmbeddedPdfSignature,
    async_validate_pdf_signature,
    async_validate_pdf_timestamp,
)
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from protocol.errors import InvalidInput
from protocol.signatures import Coverage, SignatureInfo, SignatureKind

#: Vietnam's offset (Asia/Ho_Chi_Minh has had no daylight saving time since 1975).
VN = timezone(timedelta(hours=7), "+07:00")

_COVERAGE = {
    SignatureCoverageLevel.ENTIRE_FILE: Coverage.ENTIRE_FILE,
    SignatureCoverageLevel.ENTIRE_REVISION: Coverage.ENTIRE_REVISION,
    SignatureCoverageLevel.CONTIGUOUS_BLOCK_FROM_START: Coverage.CONTIGUOUS_BLOCK,
    SignatureCoverageLevel.UNCLEAR: Coverage.UNCLEAR,
}
_EXPIRED = {"OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED", "EXPIRED"}


class UnreadablePdf(InvalidInput):
    """The bytes are not a PDF whose signatures can be read."""

    code = "signature.unreadable"


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in +07:00, to the second (``2026-02-05T09:30:00+07:00``)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VN).replace(microsecond=0).isoformat()


def _der_items(items: Iterable[bytes], kind: str) -> list[bytes]:
    out: list[bytes] = []
    for item in items:
        if asn1_pem.detect(item):
            out.extend(der for _, _, der in asn1_pem.unarmor(item, multiple=True))
        else:
            out.append(item)
    if kind == "certificate":
        for der in out:
            asn1_x509.Certificate.load(der).native  # noqa: B018 - parse now, fail early
    return out


def load_certificates(items: Iterable[bytes]) -> list[asn1_x509.Certificate]:
    """PEM (one or several per item) or DER certificates as asn1crypto objects."""
    return [asn1_x509.Certificate.load(der) for der in _der_items(items, "certificate")]


def load_crls(items: Iterable[bytes]) -> list[asn1_crl.CertificateList]:
    return [asn1_crl.CertificateList.load(der) for der in _der_items(items, "crl")]


def validation_context(
    trust_roots: Iterable[bytes],
    crls: Iterable[bytes],
    *,
    moment: datetime | None = None,
    other_certs: Iterable[asn1_x509.Certificate] = (),
) -> ValidationContext:
    """A context that trusts ``trust_roots`` only, knows ``crls``, never fetches."""
    return ValidationContext(
        trust_roots=load_certificates(trust_roots),
        crls=load_crls(crls),
        other_certs=list(other_certs),
        allow_fetching=False,
        moment=moment,
    )


def _subject(cert: asn1_x509.Certificate) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in cert.subject.native.items():
        out[key] = ", ".join(value) if isinstance(value, list) else str(value)
    return out


def _kind(emb: EmbeddedPdfSignature, subject: dict[str, str]) -> SignatureKind:
    if emb.sig_object_type == "/DocTimeStamp":
        return SignatureKind.TIMESTAMP
    name = subject.get("common_name", "")
    organisation = subject.get("organization_name", "")
    if not subject.get("title") and name and name == organisation:
        return SignatureKind.SEAL
    return SignatureKind.SIGNATURE


def _docmdp_ok(status: Any) -> bool:
    if status.docmdp_ok is not None:
        return bool(status.docmdp_ok)
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    return status.diff_result is not None and not isinstance(
        status.diff_result, SuspiciousModification
    )


async def _check(
    emb: EmbeddedPdfSignature,
    *,
    vc: ValidationContext,
    moment: datetime | None,
    long_term: bool,
) -> SignatureInfo:
    field = emb.field_name
    revision = emb.signed_revision + 1
    try:
        cert = emb.signer_cert
    except (ValueError, KeyError, SignatureValidationError, PdfError):
        return SignatureInfo(
            field=field, signer_name="", revision=revision, summary="unreadable signature"
        )
    subject = _subject(cert)
    kind = _kind(emb, subject)
    base: dict[str, Any] = {
        "field": field,
        "signer_name": subject.get("common_name", "") or subject.get("organization_name", ""),
        "unit": subject.get("organizational_unit_name", ""),
        "position": subject.get("title", ""),
        "organisation": subject.get("organization_name", ""),
        "kind": kind,
        "revision": revision,
        "long_term": long_term,
    }
    try:
        if kind == SignatureKind.TIMESTAMP:
            status: Any = await async_validate_pdf_timestamp(emb, validation_context=vc)
            when, timestamped = status.timestamp, status.trusted
        else:
            status = await async_validate_pdf_signature(emb, signer_validation_context=vc)
            tst = status.timestamp_validity
            timestamped = tst is not None and tst.intact and tst.valid and tst.trusted
            when = tst.timestamp if timestamped else status.signer_reported_dt
    except (SignatureValidationError, ValueError, KeyError, PdfError) as exc:
        return SignatureInfo(**base, summary=f"cannot be validated: {exc}")
    indic = status.trust_problem_indic
    expired = (indic is not None and indic.name in _EXPIRED) or (
        cert.not_valid_after < (moment or datetime.now(UTC))
    )
    info = SignatureInfo(
        **base,
        signing_time=iso(when),
        timestamped=bool(timestamped),
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        revoked=bool(status.revoked),
        expired=bool(expired),
        coverage=_COVERAGE.get(status.coverage, Coverage.UNCLEAR),
        docmdp_ok=_docmdp_ok(status),
    )
    return SignatureInfo(**{**_fields(info), "summary": _summary(info, indic)})


def _fields(info: SignatureInfo) -> dict[str, Any]:
    return {f: getattr(info, f) for f in info.__struct_fields__}


def _summary(info: SignatureInfo, indic: Any) -> str:
    verdict = "valid" if info.valid else "INVALID"
    parts = [
        "intact" if info.intact else "ALTERED",
        "trusted" if info.trusted else "revoked" if info.revoked else "untrusted",
    ]
    if info.expired:
        parts.append("expired")
    if indic is not None and not info.trusted:
        parts.append(indic.name)
    if not info.docmdp_ok:
        parts.append("forbidden changes after signing")
    parts.append(f"covers the {info.coverage}, revision {info.revision}")
    if info.signing_time:
        source = "timestamp" if info.timestamped else "signer's clock"
        parts.append(f"{info.signing_time} ({source})")
    return f"{verdict}: {info.signer_name}: " + ", ".join(parts)


def _dss_material(reader: PdfFileReader) -> tuple[list[asn1_x509.Certificate], list[bytes]]:
    """Certificates and CRLs from the document security store (long-term material)."""
    try:
        dss = reader.root.get("/DSS")
        if dss is None:
            return [], []
        dss = dss.get_object()
        certs = [asn1_x509.Certificate.load(r.get_object().data) for r in dss.get("/Certs", [])]
        crls = [r.get_object().data for r in dss.get("/CRLs", [])]
    except (PdfError, ValueError, KeyError, TypeError):
        return [], []
    return certs, crls


def _open(pdf: bytes) -> PdfFileReader:
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        if reader.encrypted:
            raise UnreadablePdf(
                "This PDF is encrypted: its signatures cannot be checked here. "
                "Ask the sender for an unencrypted copy."
            )
        reader.root  # noqa: B018 - parse the catalogue now
    except UnreadablePdf:
        raise
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise UnreadablePdf(
            f"This file is not a readable PDF ({exc}); its signatures cannot be checked."
        ) from None
    return reader


def has_signatures(pdf: bytes) -> bool:
    """True when ``pdf`` has at least one filled signature field (or document timestamp).
    Cheap (no validation); ``False`` for unreadable bytes."""
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        if reader.encrypted:
            return b"/ByteRange" in pdf
        return any(value is not None for _, value, _ in enumerate_sig_fields(reader))
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return False


#: Suffix of the separate file an annotated copy of a signed PDF is written to.
DERIVED_SUFFIX = " (bản có ghi chú)"


def derived_path(path: Path) -> Path:
    """Where an annotated copy of a signed PDF goes when the user chose ``path``:
    ``"<stem> (bản có ghi chú).pdf"`` beside it (kept if ``path`` already says so), with
    a number added when that name holds a signed PDF — a signed file is never replaced."""
    stem = path.stem if path.stem.endswith(DERIVED_SUFFIX) else path.stem + DERIVED_SUFFIX
    candidate = path.with_name(f"{stem}.pdf")
    number = 2
    while candidate.exists() and has_signatures(candidate.read_bytes()):
        candidate = path.with_name(f"{stem} {number}.pdf")
        number += 1
    return candidate


async def async_validate(
    pdf: bytes,
    *,
    trust_roots: list[bytes],
    crls: list[bytes],
    validation_time: datetime | None = None,
) -> list[SignatureInfo]:
    """Every signature and document timestamp of ``pdf``, oldest first (see module doc).
    ``[]`` for an unsigned PDF; raises :class:`UnreadablePdf` for bytes that are not one."""
    reader = _open(pdf)
    try:
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise UnreadablePdf(f"The signature fields of this PDF are damaged ({exc}).") from None
    dss_certs, dss_crls = _dss_material(reader)
    timestamps = [e.signed_revision for e in embedded if e.sig_object_type == "/DocTimeStamp"]
    # One context for every signature: chains, CRL checks and name comparisons are
    # worked out once (the signer, the seal and the TSA share the organisation CA).
    vc = validation_context(
        trust_roots, [*crls, *dss_crls], moment=validation_time, other_certs=dss_certs
    )
    out = []
    for emb in embedded:
        long_term = any(rev > emb.signed_revision for rev in timestamps)
        out.append(await _check(emb, vc=vc, moment=validation_time, long_term=long_term))
    return out


def validate(
    pdf: bytes,
    *,
    trust_roots: list[bytes],
    crls: list[bytes],
    validation_time: datetime | None = None,
) -> list[SignatureInfo]:
    """:func:`async_validate` for code without an event loop (a worker thread, a script)."""
    return asyncio.run(
        async_validate(pdf, trust_roots=trust_roots, crls=crls, validation_time=validation_time)
    )


__all__ = [
    "DERIVED_SUFFIX",
    "VN",
    "UnreadablePdf",
    "async_validate",
    "derived_path",
    "has_signatures",
    "iso",
    "load_certificates",
    "load_crls",
    "validate",
    "validation_context",
]
