"""Documents of agenda items: chunked, checked, content-addressed, versioned PDFs.

Upload: ``document.upload_begin`` announces name, size and SHA-256 and gets an
``upload_id``; ``document.upload_chunk`` appends bytes at the current end (so a client
resumes from the offset an error names); ``document.upload_finish`` verifies size and
hash, checks the PDF in a resource-limited subprocess (:mod:`server.domain.pdf_check`),
stores it under ``blob_dir/<sha[:2]>/<sha>`` and records a new document or version.

Files (:mod:`server.domain.uploads`): an upload in progress is
``upload_dir/<upload_id>.part`` plus its metadata ``<upload_id>.json``.  A refused upload
is deleted at once; a finished one leaves the upload dir when its transaction commits.
If that transaction rolls back, a blob the upload created is moved back to its part
file, so a retry can finish it and no blob exists without its row.

A decision's signed revisions travel the same way (``decision.upload_begin``, then
``document.upload_chunk``): :mod:`server.domain.decision_uploads` begins and finishes them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from protocol import documents as msg
from protocol.documents import CHUNK_SIZE, DownloadChunk
from protocol.errors import InvalidInput, NotFound
from protocol.meeting_state import require_editable
from server.domain import archive, ledger, uploads
from server.domain.access import meeting_access
from server.domain.context import Ctx
from server.domain.dispatch import handles
from server.domain.pdf_check import check_pdf_text
from server.domain.uploads import blob_path
from server.store.models import AgendaItem, Blob, Document, DocumentVersion

SUFFIX = ".json"


@dataclass(frozen=True)
class Upload:
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


def load_upload(ctx: Ctx, upload_id: str) -> Upload:
    """The caller's upload ``upload_id``; NotFound if gone, PermissionDenied if not theirs."""
    missing = NotFound(
        f"Upload {upload_id!r} does not exist (finished, aborted, refused or expired). "
        "Start again with document.upload_begin."
    )
    return Upload(**uploads.load_meta(ctx, upload_id, SUFFIX, missing))


def _item(session: Session, item_id: int) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None or item.deleted:
        raise NotFound(f"Agenda item {item_id} does not exist.")
    return item


# --- upload ---------------------------------------------------------------------------


@handles(msg.DocumentUploadBegin)
def upload_begin(ctx: Ctx, cmd: msg.DocumentUploadBegin) -> dict[str, object]:
    """Announce an upload; returns ``upload_id`` and the ``chunk_size`` to send.

    A retry of the same command id returns the same ``upload_id``."""
    settings = uploads.settings_of(ctx)
    item = _item(ctx.session, cmd.item_id)
    access = meeting_access(ctx, item.meeting_id, "document.upload")
    require_editable(access.meeting.state)
    filename = uploads.clean_filename(cmd.filename)
    uploads.check_size(settings, cmd.size)
    sha256 = uploads.announced_sha256(cmd.sha256)
    if cmd.document_id is not None:
        doc = ctx.session.get(Document, cmd.document_id)
        if doc is None or doc.item_id != item.id:
            raise NotFound(
                f"Document {cmd.document_id} is not attached to agenda item {item.id}; "
                "a new version must belong to the same item."
            )
    upload_id = uploads.begin(
        settings,
        SUFFIX,
        lambda upload_id: asdict(
            Upload(
                upload_id=upload_id,
                item_id=item.id,
                meeting_id=item.meeting_id,
                document_id=cmd.document_id,
                filename=filename,
                size=cmd.size,
                sha256=sha256,
                user_id=ctx.user.user_id,
            )
        ),
    )
    return {"upload_id": upload_id, "chunk_size": CHUNK_SIZE}


@handles(msg.DocumentUploadChunk, record=False)
def upload_chunk(ctx: Ctx, cmd: msg.DocumentUploadChunk) -> dict[str, object]:
    """Append ``data`` at ``offset``, which must be the number of bytes received so far.

    Returns ``received`` (bytes so far) and ``size`` (declared total): the progress."""
    upload = load_upload(ctx, cmd.upload_id)
    if upload.decision_id is None:  # a signer's upload was authorised when it began
        meeting_access(ctx, upload.meeting_id, "document.upload")
    return uploads.append_chunk(
        uploads.settings_of(ctx), upload.upload_id, SUFFIX, upload.size, cmd.offset, cmd.data
    )


@handles(msg.DocumentUploadFinish)
def upload_finish(ctx: Ctx, cmd: msg.DocumentUploadFinish) -> dict[str, object]:
    """Verify, check and store the upload; add the document or its new version.

    Any refusal deletes the upload.  A retry of the same command id returns the
    original result."""
    settings = uploads.settings_of(ctx)
    upload = load_upload(ctx, cmd.upload_id)
    if upload.decision_id is not None:
        raise InvalidInput(
            "This upload is a signed revision of a decision; hand it in with "
            "decision.submit_signed, decision.submit_sealed or decision.copy."
        )
    try:
        access = meeting_access(ctx, upload.meeting_id, "document.upload")
        require_editable(access.meeting.state)
        _item(ctx.session, upload.item_id)
    except BaseException:
        uploads.discard(settings, upload.upload_id, SUFFIX)
        raise

    def accept(part: Path) -> dict[str, object]:
        pages, text = check_pdf_text(part, settings)
        result = _record(ctx, upload, pages)
        archive.index_document_version(ctx.session, int(str(result["version_id"])), text)
        return result

    return uploads.store(ctx, upload, SUFFIX, accept)


def _record(ctx: Ctx, upload: Upload, pages: int) -> dict[str, object]:
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
    upload = Upload("", item_id, meeting_id, document_id, filename, size, sha256,
                    ctx.user.user_id)  # fmt: skip
    return _record(ctx, upload, pages)


@handles(msg.DocumentUploadAbort, record=False)
def upload_abort(ctx: Ctx, cmd: msg.DocumentUploadAbort) -> dict[str, object]:
    """Delete an unfinished upload of the caller's."""
    upload = load_upload(ctx, cmd.upload_id)
    uploads.discard(uploads.settings_of(ctx), upload.upload_id, SUFFIX)
    return {"upload_id": upload.upload_id, "aborted": True}


# --- download -------------------------------------------------------------------------


@handles(msg.DocumentDownload, record=False)
def download(ctx: Ctx, cmd: msg.DocumentDownload) -> DownloadChunk:
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
    return uploads.read_chunk(
        blob_path(uploads.settings_of(ctx), version.sha256),
        sha256=version.sha256,
        size=version.size,
        offset=cmd.offset,
        length=cmd.length,
    )
