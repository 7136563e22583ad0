"""Extracts waiting for the clerk's seal: the PDFs that TRÍCH SAO copies are made of.

``decision.extract`` builds one (:func:`make`, in the limited process of
:mod:`server.domain.extract_pdf`) and keeps it beside the uploads, as
``upload_dir/<extract_id>.extract.pdf`` with its metadata
``<extract_id>.extract.json`` (decision, pages, number, SHA-256, size, the clerk who
asked).  Only that clerk downloads it (:func:`read`) and hands in its sealed revision;
when the copy is accepted, :func:`keep` moves the extract into the blob store (it is the
copy's ``source`` revision), tied to the transaction like an upload.  An extract nobody
sealed is swept with the stale uploads (:data:`server.domain.uploads.STALE_UPLOAD`).
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from protocol.decisions import parse_page_range
from protocol.documents import DownloadChunk
from protocol.errors import DocumentRejected, NotFound
from server.domain import uploads
from server.domain.context import Ctx
from server.domain.extract_pdf import build_extract
from server.domain.settings import Settings
from server.store.models import Blob, Decision

SUFFIX = ".extract.json"


@dataclass(frozen=True)
class Extract:
    extract_id: str
    decision_id: int
    #: The pages of the issued decision it holds (1-based, ascending).
    pages: list[int]
    #: The number and symbol printed on it.
    number_symbol: str
    sha256: str
    size: int
    user_id: int


def pdf_path(settings: Settings, extract_id: str) -> Path:
    return settings.upload_dir / f"{extract_id}.extract.pdf"


def make(
    ctx: Ctx, decision: Decision, page_range: str, *, number_symbol: str, lines: list[str]
) -> Extract:
    """Build the extract of ``decision``'s current revision holding the pages
    ``page_range`` names, with ``lines`` printed top right of its first page.  Raises
    :class:`~protocol.errors.InvalidPageRange` for a range the document does not have."""
    settings = uploads.settings_of(ctx)
    blob = ctx.session.get(Blob, decision.current_sha256)
    if blob is None:
        raise NotFound("The issued document is not stored on the server; tell the administrator.")
    pages = parse_page_range(page_range, blob.pages)
    settings.upload_dir.mkdir(parents=True, exist_ok=True)
    uploads.sweep(settings)
    extract_id = secrets.token_hex(16)
    target = pdf_path(settings, extract_id)
    try:
        count = build_extract(
            uploads.blob_path(settings, decision.current_sha256),
            target,
            pages=pages,
            lines=lines,
            settings=settings,
        )
        if count != len(pages):
            raise DocumentRejected("The extract could not be built; try again.")
        made = Extract(
            extract_id=extract_id,
            decision_id=decision.id,
            pages=pages,
            number_symbol=number_symbol,
            sha256=uploads.sha256_of(target),
            size=target.stat().st_size,
            user_id=ctx.user.user_id,
        )
        uploads.write_json(uploads.meta_path(settings, extract_id, SUFFIX), asdict(made))
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return made


def load(ctx: Ctx, extract_id: str, decision_id: int) -> Extract:
    """The caller's extract of decision ``decision_id``; NotFound if there is none."""
    missing = NotFound(
        f"Extract {extract_id!r} of decision {decision_id} does not exist (used, or more "
        "than a day old). Choose the pages again."
    )
    made = Extract(**uploads.load_meta(ctx, extract_id, SUFFIX, missing))
    if (
        made.decision_id != decision_id
        or not pdf_path(uploads.settings_of(ctx), extract_id).exists()
    ):
        raise missing
    return made


def read(ctx: Ctx, made: Extract, offset: int, length: int) -> DownloadChunk:
    """Bytes ``[offset, offset + length)`` of the extract."""
    return uploads.read_chunk(
        pdf_path(uploads.settings_of(ctx), made.extract_id),
        sha256=made.sha256,
        size=made.size,
        offset=offset,
        length=length,
    )


def discard(settings: Settings, extract_id: str) -> None:
    pdf_path(settings, extract_id).unlink(missing_ok=True)
    uploads.meta_path(settings, extract_id, SUFFIX).unlink(missing_ok=True)


def keep(ctx: Ctx, made: Extract) -> None:
    """Store the extract as a blob (row and file) in the caller's transaction; its files
    leave the upload dir on commit and come back on rollback."""
    settings = uploads.settings_of(ctx)
    part = pdf_path(settings, made.extract_id)
    uploads.add_blob(ctx, made.sha256, made.size, len(made.pages))
    created = uploads.place(part, uploads.blob_path(settings, made.sha256))
    uploads.after_transaction(
        ctx.session,
        settings,
        part=part,
        sha256=made.sha256,
        created=created,
        drop=lambda: discard(settings, made.extract_id),
    )
