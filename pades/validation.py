"""Validate every signature and document timestamp of a PDF, once each.

:func:`check_signatures` takes an open ``PdfFileReader`` and a :class:`Trust` (the
roots, the CRLs, the revocation mode) and returns one :class:`Checked` per embedded
signature, in revision order: pyHanko's verdict and the
:class:`protocol.signatures.SignatureInfo` shown to people.

How the work is shared:

* the file is parsed once; every signature gets the same reader, so the historical
  revisions and the objects read for one signature's difference analysis are reused
  by the next (each signature still gets its own analysis: pyHanko compares the
  signed revision with every later one, and those comparisons differ per signature);
* one ``ValidationContext`` serves all of them (the signer, the seal, their TSA and
  the document timestamps share the organisation CA and its CRL), with the material
  of the document security store (DSS) added;
* pyHanko runs with :func:`pades.speedups.faster_pyhanko`.

Then :func:`pades.long_term.revisit` validates again, at the proven signing time,
the signatures whose certificate no longer checks out now (expired, revoked since,
or no current revocation data): long-term validation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import msgspec
from asn1crypto import crl as asn1_crl
from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import SuspiciousModification
from pyhanko.sign.validation import (
    EmbeddedPdfSignature,
    async_validate_pdf_signature,
    async_validate_pdf_timestamp,
)
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from pades.long_term import LongTerm, revisit
from pades.speedups import faster_pyhanko
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
#: What pyHanko raises for a signature it cannot read or check at all.
_BROKEN = (SignatureValidationError, ValueError, KeyError, TypeError, PdfError)


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in +07:00, to the second (``2026-02-05T09:30:00+07:00``)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VN).replace(microsecond=0).isoformat()


def _der_items(items: Iterable[bytes]) -> list[bytes]:
    out: list[bytes] = []
    for item in items:
        if asn1_pem.detect(item):
            out.extend(der for _, _, der in asn1_pem.unarmor(item, multiple=True))
        else:
            out.append(item)
    return out


def load_certificates(items: Iterable[bytes]) -> list[asn1_x509.Certificate]:
    """PEM (one or several per item) or DER certificates as asn1crypto objects."""
    out = [asn1_x509.Certificate.load(der) for der in _der_items(items)]
    for cert in out:
        cert.native  # noqa: B018 - parse now, fail early
    return out


def load_crls(items: Iterable[bytes]) -> list[asn1_crl.CertificateList]:
    return [asn1_crl.CertificateList.load(der) for der in _der_items(items)]


@dataclass(frozen=True)
class Trust:
    """What a validation trusts: these roots only, these CRLs (plus the document's
    DSS), nothing fetched.  ``revocation_mode``: pyHanko's legacy mode for the check
    at the validation time ("soft-fail": a certificate without any CRL at hand passes;
    "hard-fail": a declared CRL must be at hand); the check at the signing time of
    long-term validation always needs one."""

    roots: list[asn1_x509.Certificate]
    crls: list[asn1_crl.CertificateList] = field(default_factory=list)
    revocation_mode: str = "soft-fail"

    def context(
        self,
        *,
        moment: datetime | None,
        extra_crls: Iterable[asn1_crl.CertificateList] = (),
        other_certs: Iterable[asn1_x509.Certificate] = (),
        at_signing_time: bool = False,
    ) -> ValidationContext:
        """A context for ``moment`` (now when ``None``).  ``at_signing_time``: the
        point-in-time check of long-term validation — revocation data is required,
        and a CRL issued after ``moment`` counts (our CA never drops an entry, so a
        later CRL tells the status at any earlier time)."""
        return ValidationContext(
            trust_roots=self.roots,
            crls=[*self.crls, *extra_crls],
            other_certs=list(other_certs),
            allow_fetching=False,
            moment=moment,
            revocation_mode="hard-fail" if at_signing_time else self.revocation_mode,
            retroactive_revinfo=at_signing_time,
        )


@dataclass(frozen=True)
class Checked:
    """One embedded signature (or document timestamp), validated: ``status`` is
    pyHanko's verdict the ``info`` was made from (at the signing time when long-term
    validation decided), ``None`` for a signature that could not be checked at all."""

    embedded: EmbeddedPdfSignature
    info: SignatureInfo
    status: Any | None


def dss_material(
    reader: PdfFileReader,
) -> tuple[list[asn1_x509.Certificate], list[asn1_crl.CertificateList]]:
    """Certificates and CRLs from the document security store (long-term material)."""
    try:
        dss = reader.root.get("/DSS")
        if dss is None:
            return [], []
        dss = dss.get_object()
        certs = [asn1_x509.Certificate.load(r.get_object().data) for r in dss.get("/Certs", [])]
        crls = [asn1_crl.CertificateList.load(r.get_object().data) for r in dss.get("/CRLs", [])]
    except (PdfError, ValueError, KeyError, TypeError):
        return [], []
    return certs, crls


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


async def _validate_now(
    emb: EmbeddedPdfSignature, vc: ValidationContext
) -> tuple[Any | None, str | None]:
    """pyHanko's verdict at the validation time, or why there is none."""
    try:
        if emb.sig_object_type == "/DocTimeStamp":
            return await async_validate_pdf_timestamp(emb, validation_context=vc), None
        return await async_validate_pdf_signature(emb, signer_validation_context=vc), None
    except _BROKEN as exc:
        return None, f"cannot be validated: {exc}"


def _timing(status: Any, kind: SignatureKind) -> tuple[datetime | None, bool]:
    """(signing time, from a trusted timestamp?)"""
    if kind == SignatureKind.TIMESTAMP:
        return status.timestamp, bool(status.trusted)
    tst = status.timestamp_validity
    if tst is not None and tst.intact and tst.valid and tst.trusted:
        return tst.timestamp, True
    return status.signer_reported_dt, False


def _info(
    emb: EmbeddedPdfSignature,
    cert: asn1_x509.Certificate,
    status: Any,
    *,
    long_term: bool,
    when: datetime,
    late: LongTerm | None,
) -> SignatureInfo:
    subject = _subject(cert)
    kind = _kind(emb, subject)
    signed_at, timestamped = _timing(status, kind)
    indic = status.trust_problem_indic
    expired = (indic is not None and indic.name in _EXPIRED) or cert.not_valid_after < when
    info = SignatureInfo(
        field=str(emb.field_name),
        signer_name=subject.get("common_name", "") or subject.get("organization_name", ""),
        unit=subject.get("organizational_unit_name", ""),
        position=subject.get("title", ""),
        organisation=subject.get("organization_name", ""),
        kind=kind,
        revision=emb.signed_revision + 1,
        long_term=long_term,
        signing_time=iso(signed_at),
        timestamped=timestamped,
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        revoked=bool(status.revoked),
        expired=bool(expired),
        coverage=_COVERAGE.get(status.coverage, Coverage.UNCLEAR),
        docmdp_ok=_docmdp_ok(status),
        checked_at_signing=late is not None and bool(status.trusted),
        revoked_after_signing=iso(late.revoked_since) if late else None,
    )
    after_expiry = timestamped and signed_at is not None and signed_at > cert.not_valid_after
    return msgspec.structs.replace(info, summary=_summary(info, indic, after_expiry=after_expiry))


def _summary(info: SignatureInfo, indic: Any, *, after_expiry: bool) -> str:
    verdict = "valid" if info.valid else "INVALID"
    parts = [
        "intact" if info.intact else "ALTERED",
        "trusted" if info.trusted else "revoked" if info.revoked else "untrusted",
    ]
    if info.checked_at_signing:
        if info.revoked_after_signing:
            parts.append(f"certificate revoked after signing ({info.revoked_after_signing})")
        if info.expired:
            parts.append("certificate expired after signing")
        if not (info.revoked_after_signing or info.expired):
            parts.append("no current revocation data")
        parts.append("valid at the time of signing")
    elif info.expired:
        parts.append("signed after the certificate expired" if after_expiry else "expired")
    if indic is not None and not info.trusted:
        parts.append(indic.name)
    if not info.docmdp_ok:
        parts.append("forbidden changes after signing")
    parts.append(f"covers the {info.coverage}, revision {info.revision}")
    if info.signing_time:
        source = "timestamp" if info.timestamped else "signer's clock"
        parts.append(f"{info.signing_time} ({source})")
    return f"{verdict}: {info.signer_name}: " + ", ".join(parts)


def _unreadable(emb: EmbeddedPdfSignature, reason: str, cert: Any = None) -> SignatureInfo:
    if cert is None:
        return SignatureInfo(
            field=str(emb.field_name),
            signer_name="",
            revision=emb.signed_revision + 1,
            summary=reason,
        )
    subject = _subject(cert)
    return SignatureInfo(
        field=str(emb.field_name),
        signer_name=subject.get("common_name", "") or subject.get("organization_name", ""),
        unit=subject.get("organizational_unit_name", ""),
        position=subject.get("title", ""),
        organisation=subject.get("organization_name", ""),
        kind=_kind(emb, subject),
        revision=emb.signed_revision + 1,
        summary=reason,
    )


async def check_signatures(
    reader: PdfFileReader, trust: Trust, *, moment: datetime | None = None
) -> list[Checked]:
    """Every signature and document timestamp of ``reader``, oldest first, validated as
    of ``moment`` (now when ``None``) — see the module docstring.  Raises what pyHanko
    raises (``PdfError``, ``ValueError``…) when the signature fields cannot be read."""
    when = moment or datetime.now(UTC)
    with faster_pyhanko():
        embedded = list(reader.embedded_signatures)
        dss_certs, dss_crls = dss_material(reader)
        has_dss = "/DSS" in reader.root
        vc = trust.context(moment=moment, extra_crls=dss_crls, other_certs=dss_certs)
        certs: list[Any] = []
        statuses: list[Any | None] = []
        reasons: list[str | None] = []
        for emb in embedded:
            try:
                cert = emb.signer_cert
            except _BROKEN:
                cert = None
            status: Any = None
            reason: str | None = "unreadable signature"
            if cert is not None:
                status, reason = await _validate_now(emb, vc)
            certs.append(cert)
            statuses.append(status)
            reasons.append(reason)
        late = await revisit(
            embedded,
            statuses,
            trust=trust,
            extra_crls=dss_crls,
            other_certs=dss_certs,
            now_context=vc,
        )
    stamps = [e.signed_revision for e in embedded if e.sig_object_type == "/DocTimeStamp"]
    out: list[Checked] = []
    for i, emb in enumerate(embedded):
        cert, status = certs[i], statuses[i]
        if cert is None or status is None:
            info = _unreadable(emb, reasons[i] or "unreadable signature", cert)
            out.append(Checked(emb, info, None))
            continue
        redo = late.get(i)
        if redo is not None:
            status = redo.status
        long_term = has_dss and any(rev > emb.signed_revision for rev in stamps)
        info = _info(emb, cert, status, long_term=long_term, when=when, late=redo)
        out.append(Checked(emb, info, status))
    return out


__all__ = [
    "VN",
    "Checked",
    "Trust",
    "check_signatures",
    "dss_material",
    "iso",
    "load_certificates",
    "load_crls",
]
