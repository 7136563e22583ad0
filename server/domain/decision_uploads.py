"""A decision's signed revisions: the upload, the checks, the blob and the document version.

A signed revision travels like a document (:mod:`server.domain.uploads`):
``decision.upload_begin`` (:func:`begin`), ``document.upload_chunk``..., then the
step's command (``decision.submit_signed``, ``decision.submit_sealed``,
``decision.copy``) calls :func:`store_revision`: size and hash, the signature checks in
a limited process (:mod:`server.domain.signed_upload`), the new signer's certificate
against the register of issued certificates, then the blob and, for a decision of an
agenda item, the item document's next version.  Any refusal deletes the upload and
stores nothing.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from cryptography import x509

from protocol.documents import CHUNK_SIZE
from protocol.errors import DocumentRejected, NotFound, SignatureInvalid
from server.domain import certificates, documents, uploads
from server.domain.context import Ctx
from server.domain.signed_upload import Verdict, check_signed_revision
from server.store.models import CertificateRecord, Decision


def begin(ctx: Ctx, decision: Decision, *, size: int, sha256: str) -> dict[str, object]:
    """Start an upload of ``decision``'s next signed revision (the caller has checked who
    may); its chunks go through ``document.upload_chunk``."""
    settings = uploads.settings_of(ctx)
    if not 0 < size <= settings.max_document_bytes:
        raise DocumentRejected(
            f"A signed document must hold 1 byte to {uploads.mb(settings.max_document_bytes)} MB."
        )
    digest = uploads.announced_sha256(sha256)
    upload_id = uploads.begin(
        settings,
        documents.SUFFIX,
        lambda upload_id: asdict(
            documents.Upload(
                upload_id=upload_id,
                item_id=0,
                meeting_id=decision.meeting_id,
                document_id=None,
                filename=decision.filename,
                size=size,
                sha256=digest,
                user_id=ctx.user.user_id,
                decision_id=decision.id,
            )
        ),
    )
    return {"upload_id": upload_id, "chunk_size": CHUNK_SIZE}


def check_revision(ctx: Ctx, previous: Path, step: str, part: Path) -> Verdict:
    """The signature checks of ``part`` as the next revision of ``previous``, then: is the
    new signer who it must be (the caller's signing certificate for "sign", the
    organisation seal for "seal" and "copy")?"""
    settings = uploads.settings_of(ctx)
    pki = certificates.open_pki(ctx)
    verdict = check_signed_revision(
        previous,
        part,
        step=step,
        ca_pem=pki.ca_pem(),
        crl_der=pki.crl_der(),
        settings=settings,
    )
    cert = x509.load_der_x509_certificate(verdict.new_signer_der)
    row = ctx.session.get(CertificateRecord, str(cert.serial_number))
    issued = row is not None and x509.load_pem_x509_certificate(row.pem.encode()) == cert
    if step == "sign":
        if not issued or row is None or row.kind != "signing" or row.user_id != ctx.user.user_id:
            raise SignatureInvalid(
                "The new signature was not made with your signing certificate from the "
                "organisation's CA. Sign with your own key (Profile → Certificate)."
            )
    elif not issued or row is None or row.kind != "seal":
        raise SignatureInvalid(
            "The new signature was not made with the organisation seal certificate. "
            "Seal with the seal key of the clerical office."
        )
    if row.revoked_at is not None:
        raise SignatureInvalid("The certificate used has been revoked; it cannot sign.")
    return verdict


def store_revision(
    ctx: Ctx,
    decision: Decision,
    step: str,
    upload_id: str,
    *,
    previous: Path | None = None,
    new_document: str | None = None,
) -> tuple[Verdict, str, int, int | None]:
    """Check and store the upload made for ``step`` ("sign", "seal", "copy") as the next
    revision of ``previous`` (default: the decision's current revision): (verdict,
    sha256, size, document version id).  ``new_document`` names a new document of the
    item (a copy) instead of a new version of the decision's own document."""
    settings = uploads.settings_of(ctx)
    upload = documents.load_upload(ctx, upload_id)
    if upload.decision_id != decision.id:
        raise NotFound(f"Upload {upload_id!r} is not a signed revision of decision {decision.id}.")
    base = previous or uploads.blob_path(settings, decision.current_sha256)

    def accept(part: Path) -> Verdict:
        verdict = check_revision(ctx, base, step, part)
        uploads.add_blob(ctx, upload.sha256, upload.size, verdict.pages)
        return verdict

    verdict = uploads.store(ctx, upload, documents.SUFFIX, accept)
    version_id: int | None = None
    if decision.item_id is not None and decision.document_id is not None:
        added = documents.add_version(
            ctx,
            item_id=decision.item_id,
            meeting_id=decision.meeting_id,
            document_id=None if new_document else decision.document_id,
            filename=new_document or decision.filename,
            sha256=upload.sha256,
            size=upload.size,
            pages=verdict.pages,
        )
        version_id = int(str(added["version_id"]))
    return verdict, upload.sha256, upload.size, version_id


def signer_serial(verdict: Verdict) -> str:
    """The serial number of the new signer's certificate (as stored with the revision)."""
    return str(x509.load_der_x509_certificate(verdict.new_signer_der).serial_number)
