"""Long-term validation: a signature whose certificate no longer checks out now is
validated again at the time it is proven to have existed.

A signer's certificate expires (two years for a person, five for the seal) or is
revoked (a minister leaves office) long before the archive stops needing the
decisions signed with it.  What matters then is whether the certificate was valid
when the signature was made, and only a trusted timestamp proves when that was:

* the signature's own RFC 3161 timestamp (PAdES B-T), trusted now;
* a trusted document timestamp in a later revision (PAdES B-LTA), which proves that
  every earlier revision, signature included, existed at its time.  Document
  timestamps are settled newest first, so an older one whose TSA certificate has
  expired since can itself be proven by a newer one.

:func:`revisit` takes pyHanko's verdicts at the validation time and, for each
signature that failed only for a reason that time can settle (expired, revoked,
stale revocation data: the ``_TIME_BOUND`` sub-indications) and has such a proven
time, validates it again with pyHanko at that time (a point-in-time
``ValidationContext``: the whole chain valid then, not revoked before then, a CRL at
hand, the DSS's or a later one).  So:

* expired after the timestamp → valid at the time of signing;
* signed (timestamped) after the certificate expired → still expired;
* revoked before the timestamp → still revoked; revoked after it → valid at the time
  of signing, and the revocation is reported;
* no timestamp at all → nothing is proven, the verdict of now stands.

pyHanko's own AdES entry points were weighed and not used for this: in 0.38
``ades_with_time_validation`` passes a signature timestamped after its certificate
expired, and an expired certificate revoked before the timestamp, and
``ades_lta_validation`` answers ``NO_POE`` for a plain B-T signature, valid or not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pyhanko.sign.validation import (
    EmbeddedPdfSignature,
    async_validate_pdf_signature,
    async_validate_pdf_timestamp,
)
from pyhanko_certvalidator import ValidationContext

if TYPE_CHECKING:
    from asn1crypto import crl as asn1_crl
    from asn1crypto import x509 as asn1_x509

    from pades.validation import Trust

#: pyHanko's AdES sub-indications at the validation time that a check at an earlier,
#: proven time can settle.
_TIME_BOUND = frozenset(
    {
        "OUT_OF_BOUNDS_NO_POE",
        "OUT_OF_BOUNDS_NOT_REVOKED",
        "REVOKED_NO_POE",
        "REVOKED_CA_NO_POE",
        "TRY_LATER",
        "NO_POE",
        # an expired CA certificate is reported this way
        "CERTIFICATE_CHAIN_GENERAL_FAILURE",
    }
)


@dataclass(frozen=True)
class LongTerm:
    """The verdict at the proven signing time that replaces the one of now:
    ``status`` is pyHanko's (trusted, or revoked before ``proven_at``);
    ``revoked_since``: the certificate was revoked after signing, at that time."""

    status: Any
    proven_at: datetime
    revoked_since: datetime | None = None


def _trusted(status: Any) -> bool:
    return status is not None and bool(status.intact and status.valid and status.trusted)


def _settleable(status: Any) -> bool:
    """Intact, cryptographically valid, and untrusted only for a time-bound reason."""
    if status is None or not (status.intact and status.valid) or status.trusted:
        return False
    indic = status.trust_problem_indic
    return indic is not None and indic.name in _TIME_BOUND


def _covering(proven: list[tuple[int, datetime]], revision: int) -> datetime | None:
    """The earliest proven document-timestamp time among those after ``revision``."""
    times = [at for rev, at in proven if rev > revision]
    return min(times) if times else None


async def revisit(
    embedded: Sequence[EmbeddedPdfSignature],
    statuses: Sequence[Any],
    *,
    trust: Trust,
    extra_crls: Iterable[asn1_crl.CertificateList],
    other_certs: Iterable[asn1_x509.Certificate],
    now_context: ValidationContext,
) -> dict[int, LongTerm]:
    """For each index of ``embedded`` whose verdict of now (``statuses``) the proven
    signing time changes, the verdict at that time (see the module docstring)."""
    crls, certs = list(extra_crls), list(other_certs)

    def at(moment: datetime) -> ValidationContext:
        return trust.context(
            moment=moment, extra_crls=crls, other_certs=certs, at_signing_time=True
        )

    out: dict[int, LongTerm] = {}
    proven: list[tuple[int, datetime]] = []
    for i in reversed(range(len(embedded))):
        stamp, stamp_status = embedded[i], statuses[i]
        if stamp.sig_object_type != "/DocTimeStamp" or stamp_status is None:
            continue
        if _trusted(stamp_status):
            proven.append((stamp.signed_revision, stamp_status.timestamp))
            continue
        covering = _covering(proven, stamp.signed_revision)
        if covering is None or not _settleable(stamp_status):
            continue
        stamp_again: Any = await async_validate_pdf_timestamp(
            stamp, validation_context=at(covering), skip_diff=True
        )
        if _trusted(stamp_again) and stamp_again.timestamp <= covering:
            out[i] = LongTerm(stamp_again, stamp_again.timestamp)
            proven.append((stamp.signed_revision, stamp_again.timestamp))

    for i, (emb, status) in enumerate(zip(embedded, statuses, strict=True)):
        if emb.sig_object_type == "/DocTimeStamp" or not _settleable(status):
            continue
        covering = _covering(proven, emb.signed_revision)
        token = status.timestamp_validity
        ts_context = now_context
        if _trusted(token):
            proven_at = min(token.timestamp, covering or token.timestamp)
        elif covering is not None:
            # the signature's own timestamp may be provable at the document timestamp's
            # time (its TSA certificate expired since): checked with that context below
            proven_at, ts_context = covering, at(covering)
        else:
            continue
        again: Any = await async_validate_pdf_signature(
            emb,
            signer_validation_context=at(proven_at),
            ts_validation_context=ts_context,
            skip_diff=True,
        )
        earlier = again.timestamp_validity
        if not _trusted(token) and _trusted(earlier) and earlier.timestamp < proven_at:
            proven_at = earlier.timestamp
            again = await async_validate_pdf_signature(
                emb,
                signer_validation_context=at(proven_at),
                ts_validation_context=ts_context,
                skip_diff=True,
            )
        if _trusted(again):
            details = status.revocation_details if status.revoked else None
            out[i] = LongTerm(again, proven_at, details.revocation_date if details else None)
        elif again.revoked:
            out[i] = LongTerm(again, proven_at)
    return out


__all__ = ["LongTerm", "revisit"]
