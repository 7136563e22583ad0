"""Validate the signatures of a PDF: who signed, when, and whether it still holds.

:func:`validate` (or :func:`async_validate` inside an event loop) checks every signature
and document timestamp of a PDF with pyHanko — the PAdES signatures this app makes and
those of any other standard tool (``adbe.pkcs7.detached``, ``ETSI.CAdES.detached``,
``ETSI.RFC3161``) — and returns one :class:`protocol.signatures.SignatureInfo` each, in
revision order.  Nothing is fetched from the network: the trust roots and CRLs are
handed in (the organisation CA and its CRL from ``pki.info``), and the validation
material embedded in the document (DSS) is used as well.  The work itself is
:func:`pades.check_signatures`, shared with the server.

The signer's name, unit and position come from the certificate subject (CN, OU,
title); the time from the RFC 3161 timestamp token when there is a trusted one, else
the time the signer's machine claimed.  ``validation_time`` validates as of another
moment (e.g. years later).  A certificate that has expired or been revoked since is
checked at the signing time a trusted timestamp proves (long-term validation,
:mod:`pades.long_term`): expired after signing → ``trusted`` and ``expired``, with
``checked_at_signing``; signed after it expired, or revoked before signing → not
trusted.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import datetime
from io import BytesIO
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko_certvalidator import ValidationContext

from pades import VN, Trust, check_signatures, iso, load_certificates, load_crls
from protocol.errors import InvalidInput
from protocol.signatures import SignatureInfo


class UnreadablePdf(InvalidInput):
    """The bytes are not a PDF whose signatures can be read."""

    code = "signature.unreadable"


def validation_context(
    trust_roots: Iterable[bytes],
    crls: Iterable[bytes],
    *,
    moment: datetime | None = None,
    other_certs: Iterable[asn1_x509.Certificate] = (),
) -> ValidationContext:
    """A context that trusts ``trust_roots`` only, knows ``crls``, never fetches."""
    return Trust(load_certificates(trust_roots), load_crls(crls)).context(
        moment=moment, other_certs=other_certs
    )


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
    trust = Trust(load_certificates(trust_roots), load_crls(crls))
    try:
        checked = await check_signatures(reader, trust, moment=validation_time)
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise UnreadablePdf(f"The signature fields of this PDF are damaged ({exc}).") from None
    return [c.info for c in checked]


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
