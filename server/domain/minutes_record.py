"""The finalized minutes as a record: a stored blob and a document version of the meeting.

Documents belong to agenda items, and the meeting itself has none: a meeting's own
records (the minutes) go to its *records item*, a top-level agenda item created already
removed (``deleted``), so it never shows on the agenda, in snapshots or in numbering,
while ``document.download`` (chair and secretariat), the ledger's record of document
versions and the archive's ``version_id`` work for it unchanged.  No
``document.added`` event is emitted for it: clients know no such item.
"""

from __future__ import annotations

import hashlib
import io
import os
from datetime import datetime

from pypdf import PdfReader
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from server.domain import ledger
from server.domain.settings import Settings
from server.domain.uploads import blob_path
from server.store.models import AgendaItem, Blob, Document, DocumentVersion

RECORDS_TITLE = "Hồ sơ của phiên họp (biên bản)"


def store_blob(session: Session, settings: Settings, data: bytes, when: datetime) -> str:
    """Store ``data`` (a PDF) as a content-addressed blob; returns its SHA-256.  A file
    written here is removed again if the transaction rolls back."""
    sha = hashlib.sha256(data).hexdigest()
    target = blob_path(settings, sha)
    created = False
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{sha}.tmp")
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        created = True
    if session.get(Blob, sha) is None:
        pages = len(PdfReader(io.BytesIO(data)).pages)
        session.add(Blob(sha256=sha, size=len(data), pages=pages, created_at=when))
    if created:

        def rolled_back(_session: Session) -> None:
            target.unlink(missing_ok=True)

        event.listen(session, "after_rollback", rolled_back, once=True)
    return sha


def records_item(session: Session, meeting_id: int) -> AgendaItem:
    """The meeting's records item (see the module docstring), created on first use."""
    item = session.scalar(
        select(AgendaItem).where(
            AgendaItem.meeting_id == meeting_id,
            AgendaItem.deleted.is_(True),
            AgendaItem.parent_id.is_(None),
            AgendaItem.title == RECORDS_TITLE,
        )
    )
    if item is None:
        item = AgendaItem(
            meeting_id=meeting_id,
            parent_id=None,
            title=RECORDS_TITLE,
            planned_minutes=0,
            sort_index=-1,
            deleted=True,
        )
        session.add(item)
        session.flush()
    return item


def record_version(
    session: Session, meeting_id: int, sha256: str, filename: str, by: int, when: datetime
) -> DocumentVersion:
    """Record blob ``sha256`` as a new document (version 1) of the meeting's records
    item, in the ledger too.  No ``document.added`` event: the item is not on the agenda."""
    blob = session.get(Blob, sha256)
    assert blob is not None
    doc = Document(item_id=records_item(session, meeting_id).id, created_at=when)
    session.add(doc)
    session.flush()
    version = DocumentVersion(
        document_id=doc.id,
        version=1,
        sha256=sha256,
        filename=filename,
        size=blob.size,
        pages=blob.pages,
        uploaded_by=by,
        created_at=when,
    )
    session.add(version)
    session.flush()
    doc.current_version_id = version.id
    ledger.append(
        session,
        "document_version",
        ledger.version_ref(doc.id, version.version),
        ledger.version_data(doc.id, 1, sha256, blob.size, filename, blob.pages),
        meeting_id=meeting_id,
    )
    return version
