"""Chunked uploads into the content-addressed blob store, shared by every kind of upload
(documents of agenda items, signed revisions of decisions, drafts of opinion polls).

An upload in progress is ``upload_dir/<upload_id>.part`` (the bytes received so far)
plus a metadata file ``upload_dir/<upload_id><suffix>`` (JSON, written atomically); the
suffix says what kind of upload it is (``.json`` for documents and signed revisions,
``.consultation.json`` for opinion polls), so an id of one kind never opens another.
Chunks are appended at the current end under a file lock (a client resumes from the
offset an error names).  Finishing verifies size and SHA-256, then the caller checks
the PDF and :func:`place` moves the file to ``blob_dir/<sha[:2]>/<sha>``.

:func:`after_transaction` ties the files to the caller's transaction: on commit the
upload's files go; on rollback a blob the upload created is moved back to its part file,
so a retry can finish it and no blob exists without its row.  Files untouched for
:data:`STALE_UPLOAD` are swept away when an upload begins.
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
from pathlib import Path, PurePosixPath
from typing import Any, Protocol, TypeVar

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from protocol.documents import CHUNK_SIZE, DownloadChunk
from protocol.errors import DocumentRejected, InvalidInput, NotFound, PermissionDenied
from server.domain.context import Ctx
from server.domain.settings import Settings
from server.store.models import Blob

#: Upload files whose metadata has not been touched for this long are deleted.
STALE_UPLOAD = 24 * 3600.0
UPLOAD_ID = re.compile(r"[0-9a-f]{32}")
SHA256 = re.compile(r"[0-9a-f]{64}")
_MB = 1024 * 1024
T = TypeVar("T")


def settings_of(ctx: Ctx) -> Settings:
    assert isinstance(ctx.settings, Settings), "uploads need the server settings"
    return ctx.settings


def part_path(settings: Settings, upload_id: str) -> Path:
    return settings.upload_dir / f"{upload_id}.part"


def meta_path(settings: Settings, upload_id: str, suffix: str) -> Path:
    return settings.upload_dir / f"{upload_id}{suffix}"


def blob_path(settings: Settings, sha256: str) -> Path:
    """Where the blob with this (validated, lower-case hex) SHA-256 lives."""
    return settings.blob_dir / sha256[:2] / sha256


def mb(size: int) -> str:
    """``size`` in megabytes for a message: "50", "1.5"."""
    return f"{size / _MB:.1f}".removesuffix(".0")


def clean_filename(name: str) -> str:
    """The base name of an uploaded PDF, printable, ending in ``.pdf``; InvalidInput if not."""
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


def announced_sha256(sha256: str) -> str:
    """The announced SHA-256 in lower case; InvalidInput unless 64 hex digits."""
    digest = sha256.lower()
    if not SHA256.fullmatch(digest):
        raise InvalidInput("sha256 must be the file's SHA-256 as 64 hexadecimal digits.")
    return digest


def check_size(settings: Settings, size: int) -> None:
    """Refuse an empty file or one above ``max_document_bytes``."""
    if size <= 0:
        raise InvalidInput("The file is empty. Choose the PDF again.")
    if size > settings.max_document_bytes:
        raise DocumentRejected(
            f"The file is {mb(size)} MB; documents may be at most "
            f"{mb(settings.max_document_bytes)} MB. Reduce or split it."
        )


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` to ``path`` atomically (a temporary file, then a rename)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data), "utf-8")
    os.replace(tmp, path)


def sweep(settings: Settings) -> None:
    """Delete upload files abandoned for longer than :data:`STALE_UPLOAD`."""
    cutoff = time.time() - STALE_UPLOAD
    for path in settings.upload_dir.glob("*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except FileNotFoundError:
            continue


def begin(settings: Settings, suffix: str, meta: Callable[[str], dict[str, Any]]) -> str:
    """Create a new upload: an empty part file and the metadata ``meta(upload_id)``;
    stale uploads are swept first.  Returns the new ``upload_id``."""
    settings.upload_dir.mkdir(parents=True, exist_ok=True)
    sweep(settings)
    upload_id = secrets.token_hex(16)
    part_path(settings, upload_id).touch(exist_ok=False)
    write_json(meta_path(settings, upload_id, suffix), meta(upload_id))
    return upload_id


def load_meta(ctx: Ctx, upload_id: str, suffix: str, missing: NotFound) -> dict[str, Any]:
    """The metadata of the caller's upload ``upload_id``: ``missing`` if there is none,
    PermissionDenied if someone else started it."""
    if not UPLOAD_ID.fullmatch(upload_id):
        raise missing
    try:
        data: dict[str, Any] = json.loads(
            meta_path(settings_of(ctx), upload_id, suffix).read_text("utf-8")
        )
    except FileNotFoundError:
        raise missing from None
    if data.get("user_id") != ctx.user.user_id:
        raise PermissionDenied("Only the person who started this upload can continue it.")
    return data


def discard(settings: Settings, upload_id: str, suffix: str) -> None:
    part_path(settings, upload_id).unlink(missing_ok=True)
    meta_path(settings, upload_id, suffix).unlink(missing_ok=True)


def append_chunk(
    settings: Settings, upload_id: str, suffix: str, size: int, offset: int, data: bytes
) -> dict[str, object]:
    """Append ``data`` at ``offset``, which must be the number of bytes received so far,
    without going past the announced ``size``.  Returns ``received`` and ``size``."""
    if not data:
        raise InvalidInput("The chunk is empty; send the next bytes of the file.")
    if len(data) > CHUNK_SIZE:
        raise InvalidInput(f"A chunk may hold at most {CHUNK_SIZE} bytes; send smaller chunks.")
    with part_path(settings, upload_id).open("ab") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        received = os.fstat(fh.fileno()).st_size
        if offset != received:
            raise InvalidInput(
                f"Expected the chunk at offset {received}, got {offset}; "
                f"resume the upload from offset {received}."
            )
        if received + len(data) > size:
            raise InvalidInput(
                f"The chunk goes past the announced size of {size} bytes; "
                "start a new upload with the right size."
            )
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.utime(meta_path(settings, upload_id, suffix))
    return {"received": received + len(data), "size": size}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def verify_received(part: Path, size: int, sha256: str) -> None:
    """Refuse a part file that is not the announced ``size`` bytes with ``sha256``."""
    received = part.stat().st_size
    if received != size:
        raise DocumentRejected(
            f"Only {received} of the announced {size} bytes arrived. Upload the file again."
        )
    if sha256_of(part) != sha256:
        raise DocumentRejected(
            "The received file does not match its announced SHA-256 (it was changed or "
            "damaged on the way). Upload it again."
        )


def add_blob(ctx: Ctx, sha256: str, size: int, pages: int) -> None:
    """The ``blobs`` row of a checked file, unless it exists."""
    if ctx.session.get(Blob, sha256) is None:
        ctx.session.add(Blob(sha256=sha256, size=size, pages=pages, created_at=ctx.clock()))
        ctx.session.flush()


def place(part: Path, target: Path) -> bool:
    """Move the verified ``part`` to its blob path (fsynced); False if the blob existed."""
    if target.exists():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    with part.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(part, target)
    try:
        fsync_dir(target.parent)
    except OSError:
        os.replace(target, part)
        raise
    return True


def after_transaction(
    session: Session,
    settings: Settings,
    *,
    part: Path,
    sha256: str,
    created: bool,
    drop: Callable[[], None],
) -> None:
    """On commit, ``drop()`` the upload's files; on rollback, give a blob that the upload
    created (``created``) back to its ``part`` file."""
    done = False

    def committed(_session: Session) -> None:
        nonlocal done
        if not done:
            done = True
            drop()

    def rolled_back(rolled: Session) -> None:
        nonlocal done
        if done or not created:
            done = True
            return
        done = True
        blob = blob_path(settings, sha256)
        # Another transaction may have committed a row for the same content meanwhile
        # (it found our file in place): then the blob stays and the upload gets a copy.
        with rolled.get_bind().engine.connect() as conn:
            kept = conn.scalar(select(Blob.sha256).where(Blob.sha256 == sha256))
        if kept is None:
            os.replace(blob, part)
        else:
            os.link(blob, part)

    event.listen(session, "after_commit", committed)
    event.listen(session, "after_rollback", rolled_back)


class Announced(Protocol):
    """What every kind of upload records when it begins."""

    @property
    def upload_id(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def sha256(self) -> str: ...


def store(ctx: Ctx, upload: Announced, suffix: str, accept: Callable[[Path], T]) -> T:
    """Finish ``upload``: verify its size and hash, run ``accept(part)`` (the PDF checks
    and the rows, the ``blobs`` row included: :func:`add_blob`; raises to refuse), then
    move the file into the blob store, tied to the caller's transaction.  Any refusal
    deletes the upload.  Returns what ``accept`` returned."""
    upload_id, size, sha256 = upload.upload_id, upload.size, upload.sha256
    settings = settings_of(ctx)
    part = part_path(settings, upload_id)
    try:
        verify_received(part, size, sha256)
        accepted = accept(part)
        created = place(part, blob_path(settings, sha256))
    except BaseException:
        discard(settings, upload_id, suffix)
        raise
    after_transaction(
        ctx.session,
        settings,
        part=part,
        sha256=sha256,
        created=created,
        drop=lambda: discard(settings, upload_id, suffix),
    )
    return accepted


def read_chunk(path: Path, *, sha256: str, size: int, offset: int, length: int) -> DownloadChunk:
    """Bytes ``[offset, offset + length)`` of the stored file at ``path`` (``size`` bytes,
    ``sha256``), ``length`` capped at CHUNK_SIZE; InvalidInput for a bad range, NotFound
    when the file is missing."""
    if length <= 0:
        raise InvalidInput("length must be positive.")
    if not 0 <= offset <= size:
        raise InvalidInput(f"offset must be between 0 and {size}, the file's size.")
    try:
        with path.open("rb") as fh:
            fh.seek(offset)
            data = fh.read(min(length, CHUNK_SIZE, size - offset))
    except FileNotFoundError:
        raise NotFound(
            "The stored file is missing on the server; tell the administrator."
        ) from None
    return DownloadChunk(data=data, offset=offset, total=size, sha256=sha256)
