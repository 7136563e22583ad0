"""Check an uploaded signed revision of a decision before anything is stored.

The server side is :func:`check_signed_revision`; the rest of this module is the
program it runs, in a separate resource-limited process (:mod:`server.domain.sandbox`;
an uploaded PDF is hostile until proven otherwise), with the pyHanko analysis of
:mod:`server.domain.signed_analysis`.

A revision is accepted only when it passes the checks of every upload
(:func:`server.domain.pdf_check.check`, run in the same process) and:

1. its bytes START with the previous revision's bytes exactly (an incremental update,
   checked here before any parsing);
2. the revisions it appends hold exactly one new approval signature (``/Sig``);
3. pyHanko's difference analysis of everything appended since the previous revision
   finds nothing beyond form filling (signature fields, their appearances, DSS and
   document timestamps): no page content, no annotation, no other change;
4. every signature in the file (the earlier ones too) is intact, valid, trusted with
   the organisation CA as the only root and its CRL as revocation data (no fetching),
   not revoked, with no forbidden change after it;
5. for ``sign``: the new signature carries a trusted RFC 3161 signature timestamp
   (PAdES B-T); for ``seal``/``copy``: a trusted document timestamp follows the new
   signature and the file has a DSS (PAdES B-LTA).

Who made the new signature (is it the expected user's certificate, or the
organisation seal?) needs the database: the verdict carries the new signer's
certificate and :mod:`server.domain.decision_uploads` decides.
"""

from __future__ import annotations

import asyncio
import base64
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from protocol.errors import DocumentRejected, SignatureInvalid
from protocol.signatures import SignatureInfo
from server.domain import sandbox

if TYPE_CHECKING:
    from server.domain.settings import Settings

STEPS = ("sign", "seal", "copy")


@dataclass(frozen=True)
class Verdict:
    """What the checker found: every signature of the new revision, validated, the DER
    certificate of the one new signer, the page count and (seal, copy) the page texts."""

    signatures: list[SignatureInfo]
    new_signer_der: bytes
    pages: int
    texts: list[str]


def check_signed_revision(
    previous: Path,
    new: Path,
    *,
    step: str,
    ca_pem: bytes,
    crl_der: bytes,
    settings: Settings,
) -> Verdict:
    """Check ``new`` as the next revision of ``previous`` for ``step`` ("sign", "seal",
    "copy").  Raises :class:`SignatureInvalid` with a message for the user."""
    if step not in STEPS:
        raise ValueError(f"unknown step {step!r}")
    size = previous.stat().st_size
    with previous.open("rb") as old, new.open("rb") as fresh:
        while block := old.read(1024 * 1024):
            if fresh.read(len(block)) != block:
                raise SignatureInvalid(
                    "The uploaded file is not an incremental update of the current version: "
                    "its first bytes differ, so the document was rewritten instead of signed. "
                    "Download the current version again and sign it without saving it in "
                    "another program first."
                )
        if not fresh.read(1):
            raise SignatureInvalid(
                "The uploaded file is identical to the current version: it holds no new "
                "signature. Sign the document, then upload it."
            )
    if new.stat().st_size <= size:
        raise SignatureInvalid("The uploaded file adds nothing to the current version.")
    verdict = _run(previous, new, step, ca_pem, crl_der, settings)
    return Verdict(
        signatures=msgspec.convert(verdict["signatures"], list[SignatureInfo]),
        new_signer_der=base64.b64decode(verdict["new_signer"]),
        pages=int(verdict["pages"]),
        texts=[str(t) for t in verdict.get("texts", [])],
    )


def _run(
    previous: Path, new: Path, step: str, ca_pem: bytes, crl_der: bytes, settings: Settings
) -> dict[str, Any]:
    seconds = settings.pdf_check_seconds
    request = {
        "previous": str(previous.resolve()),
        "new": str(new.resolve()),
        "step": step,
        "ca_pem": ca_pem.decode("ascii"),
        "crl_der": base64.b64encode(crl_der).decode("ascii"),
        "max_pages": settings.max_document_pages,
    }
    return sandbox.run(
        "server.domain.signed_upload",
        [],
        settings,
        request=request,
        too_slow=SignatureInvalid(
            f"Checking the signatures took longer than the allowed {seconds:g} seconds; "
            "the file is refused. Sign the document as downloaded and upload it again."
        ),
        failed=SignatureInvalid(
            "The signatures of the file could not be checked within the server's limits; "
            "the file is refused. Sign the document as downloaded and upload it again."
        ),
        refused=_refusal,
    )


def _refusal(reason: str, verdict: dict[str, Any]) -> Exception:
    """Not a readable PDF: ``DocumentRejected``; a signature problem: ``SignatureInvalid``."""
    reason = reason or "The signed file was refused."
    return DocumentRejected(reason) if verdict.get("pdf") else SignatureInvalid(reason)


# --- the checking program -------------------------------------------------------------


def _check(request: dict[str, Any]) -> dict[str, Any]:
    from server.domain.pdf_check import check
    from server.domain.signed_analysis import Refused, analyse

    try:
        # The same checks as every upload (pypdf's decompression caps, page limit), and
        # the text of the pages for the archive once the decision is sealed.
        document = check(request["new"], request["max_pages"], keep_text=request["step"] != "sign")
        if not document["ok"]:
            return {"ok": False, "pdf": True, "reason": document["reason"]}
        verdict = asyncio.run(
            analyse(
                Path(request["previous"]).read_bytes(),
                Path(request["new"]).read_bytes(),
                request["step"],
                request["ca_pem"].encode("ascii"),
                base64.b64decode(request["crl_der"]),
            )
        )
    except Refused as refused:
        return {"ok": False, "reason": str(refused)}
    return verdict | {"pages": document["pages"], "texts": document.get("texts", [])}


def main(argv: list[str] | None = None) -> int:
    return sandbox.serve(
        argv,
        __doc__.splitlines()[0],
        _check,
        memory="Checking the signatures needed too much memory.",
        damaged="The signed file cannot be read or its signatures cannot be checked "
        "({detail}). Sign the downloaded version again and upload it.",
    )


if __name__ == "__main__":
    raise SystemExit(main())
