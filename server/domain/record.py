"""Commands on the record: verify it, export a meeting's archive package, download it.

``archive.export`` builds the package (``server.domain.archive_package``) in
``data_dir/exports/<token>.zip`` and returns the token; ``archive.download`` hands it
out in chunks, like ``document.download``, to the archivist who exported it.  Packages
are deleted a day after their export.
"""

from __future__ import annotations

import json
import os
import re

from protocol import record as msg
from protocol.documents import CHUNK_SIZE, DownloadChunk
from protocol.errors import InvalidInput, NotFound, PermissionDenied
from protocol.meeting_state import CLASSIFICATION_LABELS, Classification
from protocol.permissions import global_permissions, require
from server.domain import archive_package, ledger, uploads
from server.domain.access import clearance_allows, get_meeting
from server.domain.context import Ctx
from server.domain.dispatch import handles
from server.domain.ledger_verify import verify_online
from server.domain.settings import Settings

_TOKEN = re.compile(r"[0-9a-f]{32}")


def _settings(ctx: Ctx) -> Settings:
    assert isinstance(ctx.settings, Settings), "the record needs the server settings"
    return ctx.settings


@handles(msg.RecordVerify, record=False)
def verify(ctx: Ctx, cmd: msg.RecordVerify) -> dict[str, object]:
    """Verify the whole record (database and stored files); ``ok`` and the findings."""
    require(global_permissions(ctx.user.roles), "record.verify")
    settings = _settings(ctx)
    ca = ledger.record_signer(settings).ca_pem()
    report = verify_online(ctx.session, ca, blob_dir=settings.blob_dir)
    return {"ok": report.ok, "report": report}


@handles(msg.ArchiveExport)
def export(ctx: Ctx, cmd: msg.ArchiveExport) -> msg.ArchivePackage:
    """Build the archive package of a meeting the archivist's clearance allows."""
    require(global_permissions(ctx.user.roles), "archive.export")
    settings = _settings(ctx)
    meeting = get_meeting(ctx.session, cmd.meeting_id)
    if not clearance_allows(ctx.user.clearance, meeting.classification):
        label = CLASSIFICATION_LABELS[Classification(meeting.classification)]
        raise PermissionDenied(
            f"This meeting is classified {label}; your clearance does not allow exporting it."
        )
    path = archive_package.export(ctx.session, settings, meeting.id, exported_by=ctx.user.full_name)
    data_sha = uploads.sha256_of(path)
    token = path.stem
    filename = f"ho-so-phien-hop-{meeting.id}.zip"
    meta = {"user_id": ctx.user.user_id, "filename": filename, "sha256": data_sha}
    path.with_suffix(".json").write_text(json.dumps(meta), "utf-8")
    return msg.ArchivePackage(
        token=token, filename=filename, size=path.stat().st_size, sha256=data_sha
    )


@handles(msg.ArchiveDownload, record=False)
def download(ctx: Ctx, cmd: msg.ArchiveDownload) -> DownloadChunk:
    """Bytes ``[offset, offset + length)`` of a package the caller exported."""
    require(global_permissions(ctx.user.roles), "archive.export")
    folder = archive_package.export_dir(_settings(ctx))
    missing = NotFound(
        "This archive package does not exist (expired or never exported); export it again."
    )
    if not _TOKEN.fullmatch(cmd.token):
        raise missing
    path = folder / f"{cmd.token}.zip"
    try:
        meta = json.loads(path.with_suffix(".json").read_text("utf-8"))
        size = path.stat().st_size
    except FileNotFoundError:
        raise missing from None
    if meta["user_id"] != ctx.user.user_id:
        raise PermissionDenied("Only the archivist who exported this package can download it.")
    if cmd.length <= 0:
        raise InvalidInput("length must be positive.")
    if not 0 <= cmd.offset <= size:
        raise InvalidInput(f"offset must be between 0 and {size}, the package's size.")
    with path.open("rb") as fh:
        fh.seek(cmd.offset)
        data = fh.read(min(cmd.length, CHUNK_SIZE, size - cmd.offset))
    os.utime(path)
    os.utime(path.with_suffix(".json"))
    return DownloadChunk(data=data, offset=cmd.offset, total=size, sha256=meta["sha256"])
