"""Documents of agenda items: chunked, checked, content-addressed, versioned PDFs.

Upload: ``document.upload_begin`` announces name, size and SHA-256 and gets an
``upload_id``; ``document.upload_chunk`` appends bytes at the current end (so a client
resumes from the offset an error names); ``document.upload_finish`` verifies size and
hash, checks the PDF in a resource-limited subprocess (:mod:`server.domain.pdf_check`),
stores it under ``blob_dir/<sha[:2]>/<sha>`` and records a new document or version.

Files: an upload in progress is ``upload_dir/<upload_id>.part`` plus its metadata
``<upload_id>.json``.  A refused upload is deleted at once; a finished one leaves the
upload dir when its transaction commits.  If that transaction rolls back, a blob the
upload created is moved back to its part file, so a retry can finish it and no blob
exists without its row.  Uploads untouched for :data:`STALE_UPLOAD` are swept away.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath
from typing import TypeVar

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from protocol import documents as msg
from protocol.documents import CHUNK_SIZE
from protocol.errors import DocumentRejected, InvalidInput, NotFound, PermissionDenied
from protocol.meeting_state import require_editable
from server.domain import archive, ledger
from server.domain.access import meeting_access
from server.domain.context import Ctx
from server.domain.dispatch import handles
from server.domain.pdf_check import check_pdf_text
from server.domain.settings import Settings
from server.store.models import AgendaItem, Blob, Document, DocumentVersion

#: Uploads whose metadata has not been touched for this long are deleted.
STALE_UPLOAD = 24 * 3600.0
_UPLOAD_ID = re.compile(r"[0-9a-f]{32}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_MB = 1024 * 1024
T = TypeVar("T")


@dataclass(frozen=True)
class _Upload:
    upload_id: str
    item_id: int
    meeting_id: int
    document_id: int | None
    filename: str
    size: int
    sha256: str
    user_id: int
    #: Set for a signed revision of a decision: only ``decision.submit_*`` finishes it.
    decision_id: int | None = None


# --- files ----------------------------------------------------------------------------


def _settings(ctx: Ctx) -> Settings:
    assert isinstance(ctx.settings, Settings), "documents need the server settings"
    return ctx.settings


def _part(settings: Settings, upload_id: str) -> Path:
    return settings.upload_dir / f"{upload_id}.part"


def _meta(settings: Settings, upload_id: str) -> Path:
    return settings.upload_dir / f"{upload_id}.json"


def blob_path(settings: Settings, sha256: str) -> Path:
    """Where the blob with this (validated, lower-case hex) SHA-256 lives."""
    return settings.blob_dir / sha256[:2] / sha256


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _discard(settings: Settings, upload_id: str) -> None:
    _part(settings, upload_id).unlink(missing_ok=True)
    _meta(settings, upload_id).unlink(missing_ok=True)


def _sweep(settings: Settings) -> None:
    """Delete uploads abandoned for longer than :data:`STALE_UPLOAD`."""
    cutoff = time.time() - STALE_UPLOAD
    for path in settings.upload_dir.glob("*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except FileNotFoundError:
            continue


def _load(ctx: Ctx, upload_id: str) -> _Upload:
    """The caller's upload ``upload_id``; NotFound if gone, PermissionDenied if not theirs."""
    settings = _settings(ctx)
    missing = NotFound(
        f"Upload {upload_id!r} does not exist (finished, aborted, refused or expired). "
        "Start again with document.upload_begin."
    )
    if not _UPLOAD_ID.fullmatch(upload_id):
        raise missing
    try:
        upload = _Upload(**json.loads(_meta(settings, upload_id).read_text("utf-8")))
    except FileNotFoundError:
        raise missing from None
    if upload.user_id != ctx.user.user_id:
        raise PermissionDenied("Only the person who started this upload can continue it.")
    return upload


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


# --- upload ---------------------------------------------------------------------------


def _item(session: Session, item_id: int) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None or item.deleted:
        raise NotFound(f"Agenda item {item_id} does not exist.")
    return item


def _clean_filename(name: str) -> str:
    base = PurePosixPath(name.replace("\\", "/")).name
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    if not base.lower().endswith(".pdf") or len(base) <= len(".pdf"):
        raise InvalidInput(
            f"Only PDF documents can be attached; {name!r} does not end in .pdf. "
            "Convert the file to PDF first."
        )
    if len(base) > 255:
        raise InvalidInput("The file name is longer than 255 characters; shorten it.")
    return base


def _mb(size: int) -> str:
    return f"{size / _MB:.1f}".removesuffix(".0")


@handles(msg.DocumentUploadBegin)
def upload_begin(ctx: Ctx, cmd: msg.DocumentUploadBegin) -> dict[str, object]:
    """Announce an upload; returns ``upload_id`` and the ``chunk_size`` to send.

    A retry of the same command id returns the same ``upload_id``."""
    settings = _settings(ctx)
    item = _item(ctx.session, cmd.item_id)
    access = meeting_access(ctx, item.meeting_id, "document.upload")
    require_editable(access.meeting.state)
    filename = _clean_filename(cmd.filename)
    if cmd.size <= 0:
        raise InvalidInput("The file is empty. Choose the PDF again.")
    if cmd.size > settings.max_document_bytes:
        raise DocumentRejected(
            f"The file is {_mb(cmd.size)} MB; documents may be at most "
            f"{_mb(settings.max_document_bytes)} MB. Reduce or split it."
        )
    sha256 = cmd.sha256.lower()
    if not _SHA256.fullmatch(sha256):
        raise InvalidInput("sha256 must be the file's SHA-256 as 64 hexadecimal digits.")
    if cmd.document_id is not None:
        doc = ctx.session.get(Document, cmd.document_id)
        if doc is None or doc.item_id != item.id:
            raise NotFound(
                f"Document {cmd.document_id} is not attached to agenda item {item.id}; "
                "a new version must belong to the same item."
            )
    settings.upload_dir.mkdir(parents=True, exist_ok=True)
    _sweep(settings)
    upload = _Upload(
        upload_id=secrets.token_hex(16),
        item_id=item.id,
        meeting_id=item.meeting_id,
        document_id=cmd.document_id,
        filename=filename,
        size=cmd.size,
        sha256=sha256,
        user_id=ctx.user.user_id,
    )
    _part(settings, upload.upload_id).touch(exist_ok=False)
    meta = _meta(settings, upload.upload_id)
    tmp = meta.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(asdict(upload)), "utf-8")
    os.replace(tmp, meta)
    return {"upload_id": upload.upload_id, "chunk_size": CHUNK_SIZE}


@handles(msg.DocumentUploadChunk, record=False)
def upload_chunk(ctx: Ctx, cmd: msg.DocumentUploadChunk) -> dict[str, object]:
    """Append ``data`` at ``offset``, which must be the number of bytes received so far.

    Returns ``received`` (bytes so far) and ``size`` (declared total): the progress."""
    settings = _settings(ctx)
    upload = _load(ctx, cmd.upload_id)
    if upload.decision_id is None:  # a signer's upload was authorised when it began
        meeting_access(ctx, upload.meeting_id, "document.upload")
    if not cmd.data:
        raise InvalidInput("The chunk is empty; send the next bytes of the file.")
    if len(cmd.data) > CHUNK_SIZE:
        raise InvalidInput(f"A chunk may hold at most {CHUNK_SIZE} bytes; send smaller chunks.")
    with _part(settings, upload.upload_id).open("ab") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        received = os.fstat(fh.fileno()).st_size
        if cmd.offset != received:
            raise InvalidInput(
                f"Expected the chunk at offset {received}, got {cmd.offset}; "
                f"resume the upload from offset {received}."
            )
        if received + len(cmd.data) > upload.size:
            raise InvalidInput(
                f"The chunk goes past the announced size of {upload.size} bytes; "
                "start a new upload with the right size."
            )
        fh.write(cmd.data)
        fh.flush()
        os.fsync(fh.fileno())
    os.utime(_meta(settings, upload.upload_id))
    return {"received": received + len(cmd.data), "size": upload.size}


@handles(msg.DocumentUploadFinish)
def upload_finish(ctx: Ctx, cmd: msg.DocumentUploadFinish) -> dict[str, object]:
    """Verify, check and store the upload; add the document or its new version.

    Any refusal deletes the upload.  A retry of the same command id returns the
    original result."""
    settings = _settings(ctx)
    upload = _load(ctx, cmd.upload_id)
    if upload.decision_id is not None:
        raise InvalidInput(
            "This upload is a signed revision of a decision; hand it in with "
            "decision.submit_signed, decision.submit_sealed or decision.copy."
        )
    part = _part(settings, upload.upload_id)
    try:
        access = meeting_access(ctx, upload.meeting_id, "document.upload")
        require_editable(access.meeting.state)
        _item(ctx.session, upload.item_id)
        received = part.stat().st_size
        if received != upload.size:
            raise DocumentRejected(
                f"Only {received} of the announced {upload.size} bytes arrived. "
                "Upload the file again."
            )
        if _sha256_of(part) != upload.sha256:
            raise DocumentRejected(
                "The received file does not match its announced SHA-256 (it was changed "
                "or damaged on the way). Upload it again."
            )
        pages, text = check_pdf_text(part, settings)
        result = _record(ctx, upload, pages)
        archive.index_document_version(ctx.session, int(str(result["version_id"])), text)
        created = _place(part, blob_path(settings, upload.sha256))
    except BaseException:
        _discard(settings, upload.upload_id)
        raise
    _after_transaction(ctx.session, settings, upload, created)
    return result


def _record(ctx: Ctx, upload: _Upload, pages: int) -> dict[str, object]:
    """Insert the blob (if new), the document (if new) and the version; emit the event."""
    now = ctx.clock()
    session = ctx.session
    if session.get(Blob, upload.sha256) is None:
        session.add(Blob(sha256=upload.sha256, size=upload.size, pages=pages, created_at=now))
    if upload.document_id is None:
        doc = Document(item_id=upload.item_id, created_at=now)
        session.add(doc)
        session.flush()
    else:
        found = session.get(Document, upload.document_id, with_for_update=True)
        if found is None:
            raise NotFound(f"Document {upload.document_id} does not exist.")
        doc = found
    previous = session.scalar(
        select(func.max(DocumentVersion.version)).where(DocumentVersion.document_id == doc.id)
    )
    version = DocumentVersion(
        document_id=doc.id,
        version=(previous or 0) + 1,
        sha256=upload.sha256,
        filename=upload.filename,
        size=upload.size,
        pages=pages,
        uploaded_by=upload.user_id,
        created_at=now,
    )
    session.add(version)
    session.flush()
    doc.current_version_id = version.id
    session.flush()
    ledger.append(
        session,
        "document_version",
        ledger.version_ref(doc.id, version.version),
        ledger.version_data(
            doc.id, version.version, version.sha256, version.size, version.filename, pages
        ),
        meeting_id=upload.meeting_id,
    )
    ctx.emit(
        upload.meeting_id,
        msg.DocumentAdded(
            item_id=upload.item_id,
            document_id=doc.id,
            version_id=version.id,
            version=version.version,
            filename=version.filename,
            sha256=version.sha256,
            size=version.size,
            pages=pages,
        ),
    )
    return {
        "document_id": doc.id,
        "version_id": version.id,
        "version": version.version,
        "pages": pages,
        "sha256": upload.sha256,
    }


def _place(part: Path, target: Path) -> bool:
    """Move the verified ``part`` to its blob path (fsynced); False if the blob existed."""
    if target.exists():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    with part.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(part, target)
    try:
        _fsync_dir(target.parent)
    except OSError:
        os.replace(target, part)
        raise
    return True


def _after_transaction(
    session: Session, settings: Settings, upload: _Upload, created: bool
) -> None:
    """On commit, drop the upload's files; on rollback, give a new blob back to the upload."""
    done = False

    def committed(_session: Session) -> None:
        nonlocal done
        if not done:
            done = True
            _discard(settings, upload.upload_id)

    def rolled_back(rolled: Session) -> None:
        nonlocal done
        if done or not created:
            done = True
            return
        done = True
        blob, part = blob_path(settings, upload.sha256), _part(settings, upload.upload_id)
        # Another transaction may have committed a row for the same content meanwhile
        # (it found our file in place): then the blob stays and the upload gets a copy.
        with rolled.get_bind().engine.connect() as conn:
            kept = conn.scalar(select(Blob.sha256).where(Blob.sha256 == upload.sha256))
        if kept is None:
            os.replace(blob, part)
        else:
            os.link(blob, part)

    event.listen(session, "after_commit", committed)
    event.listen(session, "after_rollback", rolled_back)


# --- signed revisions (server.domain.decisions finishes these uploads) ---------------


def begin_signed_upload(
    ctx: Ctx, *, decision_id: int, meeting_id: int, filename: str, size: int, sha256: str
) -> dict[str, object]:
    """Start an upload of a decision's next signed revision (the caller has checked who
    may); its chunks go through ``document.upload_chunk``."""
    settings = _settings(ctx)
    if not 0 < size <= settings.max_document_bytes:
        raise DocumentRejected(
            f"A signed document must hold 1 byte to {_mb(settings.max_document_bytes)} MB."
        )
    sha256 = sha256.lower()
    if not _SHA256.fullmatch(sha256):
        raise InvalidInput("sha256 must be the file's SHA-256 as 64 hexadecimal digits.")
    settings.upload_dir.mkdir(parents=True, exist_ok=True)
    _sweep(settings)
    upload = _Upload(secrets.token_hex(16), 0, meeting_id, None, filename, size, sha256,
                     ctx.user.user_id, decision_id)  # fmt: skip
    _part(settings, upload.upload_id).touch(exist_ok=False)
    meta = _meta(settings, upload.upload_id)
    meta.with_suffix(".json.tmp").write_text(json.dumps(asdict(upload)), "utf-8")
    os.replace(meta.with_suffix(".json.tmp"), meta)
    return {"upload_id": upload.upload_id, "chunk_size": CHUNK_SIZE}


def finish_signed_upload(
    ctx: Ctx, upload_id: str, decision_id: int, accept: Callable[[Path], tuple[T, int]]
) -> tuple[T, str, int]:
    """Verify size and hash of the caller's signed-revision upload, run ``accept(path)``
    (the PDF and signature checks, in a limited process; returns (result, pages); raises
    to refuse), then store the blob.  Any refusal deletes the upload.  Returns
    (result, sha256, size)."""
    settings = _settings(ctx)
    upload = _load(ctx, upload_id)
    if upload.decision_id != decision_id:
        raise NotFound(f"Upload {upload_id!r} is not a signed revision of decision {decision_id}.")
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
        accepted, pages = accept(part)
        if ctx.session.get(Blob, upload.sha256) is None:
            ctx.session.add(
                Blob(sha256=upload.sha256, size=upload.size, pages=pages, created_at=ctx.clock())
            )
            ctx.session.flush()
        created = _place(part, blob_path(settings, upload.sha256))
    except BaseException:
        _discard(settings, upload.upload_id)
        raise
    _after_transaction(ctx.session, settings, upload, created)
    return accepted, upload.sha256, upload.size


def add_version(
    ctx: Ctx,
    *,
    item_id: int,
    meeting_id: int,
    document_id: int | None,
    filename: str,
    sha256: str,
    size: int,
    pages: int,
) -> dict[str, object]:
    """Record a stored blob as a new version of ``document_id`` (None: a new document of
    the item), emitting ``document.added``; returns what ``upload_finish`` returns."""
    upload = _Upload("", item_id, meeting_id, document_id, filename, size, sha256,
                     ctx.user.user_id)  # fmt: skip
    return _record(ctx, upload, pages)


@handles(msg.DocumentUploadAbort, record=False)
def upload_abort(ctx: Ctx, cmd: msg.DocumentUploadAbort) -> dict[str, object]:
    """Delete an unfinished upload of the caller's."""
    upload = _load(ctx, cmd.upload_id)
    _discard(_settings(ctx), upload.upload_id)
    return {"upload_id": upload.upload_id, "aborted": True}


# --- download -------------------------------------------------------------------------


@handles(msg.DocumentDownload, record=False)
def download(ctx: Ctx, cmd: msg.DocumentDownload) -> msg.DownloadChunk:
    """Bytes ``[offset, offset + length)`` of a version (``length`` capped at CHUNK_SIZE),
    for those who may read the documents of its meeting."""
    missing = NotFound(f"Document version {cmd.version_id} does not exist.")
    version = ctx.session.get(DocumentVersion, cmd.version_id)
    if version is None:
        raise missing
    doc = ctx.session.get(Document, version.document_id)
    item = ctx.session.get(AgendaItem, doc.item_id) if doc is not None else None
    if item is None:
        raise missing
    if not archive.readable_in_archive(ctx.session, ctx.user, version.id):
        access = meeting_access(ctx, item.meeting_id, "document.read")
        if item.deleted and not access.manager:
            raise missing
    if cmd.length <= 0:
        raise InvalidInput("length must be positive.")
    if not 0 <= cmd.offset <= version.size:
        raise InvalidInput(f"offset must be between 0 and {version.size}, the file's size.")
    length = min(cmd.length, CHUNK_SIZE, version.size - cmd.offset)
    try:
        with blob_path(_settings(ctx), version.sha256).open("rb") as fh:
            fh.seek(cmd.offset)
            data = fh.read(length)
    except FileNotFoundError:
        raise NotFound(
            "The stored file of this document is missing on the server; tell the administrator."
        ) from None
    return msg.DownloadChunk(
        data=data, offset=cmd.offset, total=version.size, sha256=version.sha256
    )
