"""Documents of agenda items: chunked, checked, versioned PDF upload and download."""

from __future__ import annotations

import msgspec

from protocol.envelope import Command, Event

#: Bytes per upload/download chunk (before base64).
CHUNK_SIZE = 256 * 1024


class DocumentUploadBegin(Command, tag="document.upload_begin", frozen=True):
    """Start an upload.  With ``document_id`` it becomes a new version of that document."""

    item_id: int
    filename: str
    size: int
    sha256: str
    document_id: int | None = None


class DocumentUploadChunk(Command, tag="document.upload_chunk", frozen=True):
    upload_id: str
    offset: int
    data: bytes


class DocumentUploadFinish(Command, tag="document.upload_finish", frozen=True):
    upload_id: str


class DocumentUploadAbort(Command, tag="document.upload_abort", frozen=True):
    upload_id: str


class DocumentDownload(Command, tag="document.download", frozen=True):
    version_id: int
    offset: int = 0
    length: int = CHUNK_SIZE


class DownloadChunk(msgspec.Struct, kw_only=True, frozen=True):
    data: bytes
    offset: int
    total: int
    sha256: str


class DocumentAdded(Event, tag="document.added", frozen=True):
    """A new document, or (``version`` > 1) a new version of one, was attached to an item."""

    item_id: int
    document_id: int
    version_id: int
    version: int
    filename: str
    sha256: str
    size: int
    pages: int
