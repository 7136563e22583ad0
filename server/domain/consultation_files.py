"""Files of opinion polls: draft PDFs uploaded in chunks, downloads, the stored report.

Consultation documents live in the same content-addressed blob store as meeting
documents (``blob_dir/<sha[:2]>/<sha>``, one ``blobs`` row each).  An upload in
progress is ``upload_dir/<upload_id>.part`` plus ``<upload_id>.consultation.json``;
``consultation.attach`` verifies size and SHA-256, checks the PDF in the
resource-limited subprocess (:func:`server.domain.pdf_check.check_pdf`) and moves it
into the blob store.  If the transaction then rolls back, a blob it created is moved
back to the part file, so no blob exists without its row.
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import re
import secrets
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from protocol.documents import CHUNK_SIZE, DownloadChunk
from protocol.errors import DocumentRejected, InvalidInput, NotFound, PermissionDenied
from server.domain.context import Ctx
from server.domain.documents import _clean_filename, _place, _sha256_of, blob_path
from server.domain.pdf_check import check_pdf
from server.domain.settings import Settings
from server.store.models import Blob

_UPLOAD_ID = re.compile(r"[0-9a-f]{32}")
SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Upload:
    upload_id: str
    consultation_id: int
    filename: str
    size: int
    sha256: str
    user_id: int


def settings_of(ctx: Ctx) -> Settings:
    assert isinstance(ctx.settings, Settings), "consultations need the server settings"
    return ctx.settings


def _part(settings: Settings, upload_id: str) -> Path:
    return settings.upload_dir / f"{upload_id}.part"


def _meta(settings: Settings, upload_id: str) -> Path:
    return settings.upload_dir / f"{upload_id}.consultation.json"


def _discard(settings: Settings, upload_id: str) -> None:
    _part(settings, upload_id).unlink(missing_ok=True)
    _meta(settings, upload_id).unlink(missing_ok=True)


def begin(
    ctx: Ctx, consultation_id: int, filename: str, size: int, sha256: str
) -> dict[str, object]:
    settings = settings_of(ctx)
    name = _clean_filename(filename)
    if size <= 0:
        raise InvalidInput("The file is empty. Choose the PDF again.")
    if size > settings.max_document_bytes:
        raise DocumentRejected(
            f"The file is {size / 1048576:.1f} MB; documents may be at most "
            f"{settings.max_document_bytes / 1048576:.0f} MB. Reduce or split it."
        )
    digest = sha256.lower()
    if not SHA256.fullmatch(digest):
        raise InvalidInput("sha256 must be the file's SHA-256 as 64 hexadecimal digits.")
    settings.upload_dir.mkdir(parents=True, exist_ok=True)
    upload = Upload(secrets.token_hex(16), consultation_id, name, size, digest, ctx.user.user_id)
    _part(settings, upload.upload_id).touch(exist_ok=False)
    meta = _meta(settings, upload.upload_id)
    tmp = meta.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(upload)), "utf-8")
    os.replace(tmp, meta)
    return {"upload_id": upload.upload_id, "chunk_size": CHUNK_SIZE}


def load(ctx: Ctx, upload_id: str) -> Upload:
    """The caller's upload; NotFound when gone, PermissionDenied when someone else's."""
    missing = NotFound(
        f"Upload {upload_id!r} does not exist (attached, refused or expired). "
        "Start again with consultation.upload_begin."
    )
    if not _UPLOAD_ID.fullmatch(upload_id):
        raise missing
    try:
        data = json.loads(_meta(settings_of(ctx), upload_id).read_text("utf-8"))
    except FileNotFoundError:
        raise missing from None
    upload = Upload(**data)
    if upload.user_id != ctx.user.user_id:
        raise PermissionDenied("Only the person who started this upload can continue it.")
    return upload


def chunk(ctx: Ctx, upload: Upload, offset: int, data: bytes) -> dict[str, object]:
    settings = settings_of(ctx)
    if not data:
        raise InvalidInput("The chunk is empty; send the next bytes of the file.")
    if len(data) > CHUNK_SIZE:
        raise InvalidInput(f"A chunk may hold at most {CHUNK_SIZE} bytes; send smaller chunks.")
    with _part(settings, upload.upload_id).open("ab") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        received = os.fstat(fh.fileno()).st_size
        if offset != received:
            raise InvalidInput(
                f"Expected the chunk at offset {received}, got {offset}; "
                f"resume the upload from offset {received}."
            )
        if received + len(data) > upload.size:
            raise InvalidInput(
                f"The chunk goes past the announced size of {upload.size} bytes; "
                "start a new upload with the right size."
            )
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.utime(_meta(settings, upload.upload_id))
    return {"received": received + len(data), "size": upload.size}


def finish(ctx: Ctx, upload: Upload) -> int:
    """Verify and check the upload, store its blob (row added if new); the page count.

    Any refusal deletes the upload."""
    settings = settings_of(ctx)
    part = _part(settings, upload.upload_id)
    try:
        received = part.stat().st_size
        if received != upload.size:
            raise DocumentRejected(
                f"Only {received} of the announced {upload.size} bytes arrived. "
                "Upload the file again."
            )
        if _sha256_of(part) != upload.sha256:
            raise DocumentRejected(
                "The received file does not match its announced SHA-256. Upload it again."
            )
        pages = check_pdf(part, settings)
        if ctx.session.get(Blob, upload.sha256) is None:
            ctx.session.add(
                Blob(sha256=upload.sha256, size=upload.size, pages=pages, created_at=ctx.clock())
            )
        created = _place(part, blob_path(settings, upload.sha256))
    except BaseException:
        _discard(settings, upload.upload_id)
        raise
    _after_transaction(ctx.session, settings, upload, created)
    return pages


def _after_transaction(session: Session, settings: Settings, upload: Upload, created: bool) -> None:
    """On commit drop the upload's files; on rollback give a new blob back to the upload."""
    done = False

    def committed(_session: Session) -> None:
        nonlocal done
        if not done:
            done = True
            _discard(settings, upload.upload_id)

    def rolled_back(rolled: Session) -> None:
        nonlocal done
        if done:
            return
        done = True
        if not created:
            return
        blob, part = blob_path(settings, upload.sha256), _part(settings, upload.upload_id)
        with rolled.get_bind().engine.connect() as conn:
            kept = conn.scalar(select(Blob.sha256).where(Blob.sha256 == upload.sha256))
        if kept is None:
            os.replace(blob, part)
        else:
            os.link(blob, part)

    event.listen(session, "after_commit", committed)
    event.listen(session, "after_rollback", rolled_back)


def store_generated(ctx: Ctx, data: bytes) -> str:
    """Store a PDF the server generated itself (the report) as a blob; its SHA-256."""
    import hashlib

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
    if length <= 0:
        raise InvalidInput("length must be positive.")
    if not 0 <= offset <= blob.size:
        raise InvalidInput(f"offset must be between 0 and {blob.size}, the file's size.")
    length = min(length, CHUNK_SIZE, blob.size - offset)
    try:
        with blob_path(settings_of(ctx), sha256).open("rb") as fh:
            fh.seek(offset)
            data = fh.read(length)
    except FileNotFoundError:
        raise NotFound(
            "The stored file is missing on the server; tell the administrator."
        ) from None
    return DownloadChunk(data=data, offset=offset, total=blob.size, sha256=sha256)
