"""Files of opinion polls: draft PDFs uploaded in chunks, downloads, the stored report.

Consultation documents live in the same content-addressed blob store as meeting
documents (``blob_dir/<sha[:2]>/<sha>``, one ``blobs`` row each) and travel the same way
(:mod:`server.domain.uploads`).  An upload in progress is ``upload_dir/<upload_id>.part``
plus ``<upload_id>.consultation.json``; ``consultation.attach`` verifies size and
SHA-256, checks the PDF in the resource-limited subprocess
(:func:`server.domain.pdf_check.check_pdf`) and moves it into the blob store.  If the
transaction then rolls back, a blob it created is moved back to the part file, so no
blob exists without its row.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from pypdf import PdfReader

from protocol.documents import CHUNK_SIZE, DownloadChunk
from protocol.errors import NotFound
from server.domain import uploads
from server.domain.context import Ctx
from server.domain.pdf_check import check_pdf
from server.domain.settings import Settings
from server.domain.uploads import blob_path
from server.store.models import Blob

SUFFIX = ".consultation.json"


@dataclass(frozen=True)
class Upload:
    upload_id: str
    consultation_id: int
    filename: str
    size: int
    sha256: str
    user_id: int


def settings_of(ctx: Ctx) -> Settings:
    return uploads.settings_of(ctx)


def begin(
    ctx: Ctx, consultation_id: int, filename: str, size: int, sha256: str
) -> dict[str, object]:
    settings = settings_of(ctx)
    name = uploads.clean_filename(filename)
    uploads.check_size(settings, size)
    digest = uploads.announced_sha256(sha256)
    upload_id = uploads.begin(
        settings,
        SUFFIX,
        lambda upload_id: asdict(
            Upload(upload_id, consultation_id, name, size, digest, ctx.user.user_id)
        ),
    )
    return {"upload_id": upload_id, "chunk_size": CHUNK_SIZE}


def load(ctx: Ctx, upload_id: str) -> Upload:
    """The caller's upload; NotFound when gone, PermissionDenied when someone else's."""
    missing = NotFound(
        f"Upload {upload_id!r} does not exist (attached, refused or expired). "
        "Start again with consultation.upload_begin."
    )
    return Upload(**uploads.load_meta(ctx, upload_id, SUFFIX, missing))


def chunk(ctx: Ctx, upload: Upload, offset: int, data: bytes) -> dict[str, object]:
    return uploads.append_chunk(
        settings_of(ctx), upload.upload_id, SUFFIX, upload.size, offset, data
    )


def finish(ctx: Ctx, upload: Upload) -> int:
    """Verify and check the upload, store its blob (row added if new); the page count.

    Any refusal deletes the upload."""
    settings = settings_of(ctx)

    def accept(part: Path) -> int:
        pages = check_pdf(part, settings)
        uploads.add_blob(ctx, upload.sha256, upload.size, pages)
        return pages

    return uploads.store(ctx, upload, SUFFIX, accept)


def store_generated(ctx: Ctx, data: bytes) -> str:
    """Store a PDF the server generated itself (the report) as a blob; its SHA-256."""
    settings = settings_of(ctx)
    digest = hashlib.sha256(data).hexdigest()
    if ctx.session.get(Blob, digest) is None:
        pages = len(PdfReader(io.BytesIO(data)).pages)
        ctx.session.add(Blob(sha256=digest, size=len(data), pages=pages, created_at=ctx.clock()))
    target = blob_path(settings, digest)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".report-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    return digest


def read(ctx: Ctx, sha256: str, offset: int, length: int) -> DownloadChunk:
    """Bytes ``[offset, offset + length)`` of a stored blob (length capped at CHUNK_SIZE)."""
    blob = ctx.session.get(Blob, sha256)
    if blob is None:
        raise NotFound("This file is not stored on the server.")
    return uploads.read_chunk(
        blob_path(settings_of(ctx), sha256),
        sha256=sha256,
        size=blob.size,
        offset=offset,
        length=length,
    )
