"""The record of a meeting: its audio and video recordings (``record.meeting``), their
files in the archive package, and their offline check.

A recording is *complete* when ``media.recording_stopped`` logged its size and SHA-256
(a meeting event, so an entry of the tamper-evident ledger); *recording* while its row
is open and the meeting in progress; *incomplete* otherwise: the server stopped
(crash, shutdown) while writing it, so there is no hash to check the file against.

In the archive package a recording's file is ``recordings/<id>-<file name>``, stored
as it is; ``metadata.json`` lists every recording (``ban_ghi_hinh``).  The package's
manifest covers the files like any other; :func:`check_package` also checks each file
of a complete recording against the SHA-256 of its ``media.recording_stopped`` entry.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol import record as msg
from protocol.errors import Conflict, PermissionDenied
from protocol.meeting_state import CLASSIFICATION_LABELS, Classification, MeetingState
from protocol.permissions import global_permissions
from protocol.record import RecordingState, VerifyReport
from server.domain import ledger, media_recording
from server.domain.access import clearance_allows, get_meeting, meeting_access
from server.domain.archive_package_verify import local_date, safe_name
from server.domain.context import Ctx
from server.domain.dispatch import handles
from server.store.models import Meeting, User

FOLDER = "recordings"
STATE_LABELS = {
    RecordingState.COMPLETE: "Hoàn tất",
    RecordingState.RECORDING: "Đang ghi",
    RecordingState.INCOMPLETE: "Chưa hoàn tất",
}


def entries(session: Session, meeting: Meeting) -> list[msg.RecordingEntry]:
    """The meeting's recordings, oldest first, as its record shows them."""
    rows = media_recording.recordings(session, meeting.id)
    ids = {r.started_by for r in rows}
    names = dict(session.execute(select(User.id, User.full_name).where(User.id.in_(ids))).all())
    out = []
    for r in rows:
        if r.sha256 is not None:
            state = RecordingState.COMPLETE
        elif r.stopped_at is None and meeting.state == MeetingState.IN_PROGRESS:
            state = RecordingState.RECORDING
        else:
            state = RecordingState.INCOMPLETE
        complete = state == RecordingState.COMPLETE and r.stopped_at is not None
        out.append(
            msg.RecordingEntry(
                id=r.id,
                file_name=Path(r.path).name,
                started_at=local_date(r.started_at),
                stopped_at=local_date(r.stopped_at) if complete and r.stopped_at else None,
                started_by=r.started_by,
                started_by_name=names.get(r.started_by, ""),
                size=r.size,
                sha256=r.sha256,
                duration=(r.stopped_at - r.started_at).total_seconds()
                if complete and r.stopped_at
                else None,
                state=state,
            )
        )
    return out


@handles(msg.RecordMeeting, record=False)
def meeting_record(ctx: Ctx, cmd: msg.RecordMeeting) -> msg.MeetingRecord:
    """An archivist within their clearance, or whoever may see the meeting."""
    if "archive.read" in global_permissions(ctx.user.roles):
        meeting = get_meeting(ctx.session, cmd.meeting_id)
        if not clearance_allows(ctx.user.clearance, meeting.classification):
            label = CLASSIFICATION_LABELS[Classification(meeting.classification)]
            raise PermissionDenied(
                f"This meeting is classified {label}; your clearance does not allow reading "
                "its record."
            )
    else:
        meeting = meeting_access(ctx, cmd.meeting_id).meeting
    return msg.MeetingRecord(
        meeting_id=meeting.id, title=meeting.title, recordings=entries(ctx.session, meeting)
    )


# --- the archive package -------------------------------------------------------------


@dataclass(frozen=True)
class PackageFile:
    """A recording's file to put in the package at ``name`` (its ``sha256`` computed)."""

    name: str
    source: Path
    sha256: str


def package_name(recording_id: int, file_name: str) -> str:
    return f"{FOLDER}/{recording_id}-{safe_name(file_name)}"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def for_package(
    session: Session, data_dir: Path, meeting: Meeting
) -> tuple[list[PackageFile], list[dict[str, Any]]]:
    """The files of the meeting's finished recordings (complete or incomplete) and the
    ``ban_ghi_hinh`` metadata.  Refuses (``Conflict``) when the file of a complete
    recording is missing or no longer matches its recorded SHA-256."""
    root = data_dir.resolve()
    paths = {r.id: r.path for r in media_recording.recordings(session, meeting.id)}
    files: list[PackageFile] = []
    metadata: list[dict[str, Any]] = []
    for e in entries(session, meeting):
        source = (root / paths[e.id]).resolve()
        name: str | None = None
        if e.state != RecordingState.RECORDING and source.is_relative_to(root):
            if source.is_file():
                digest = _sha256(source)
                if e.sha256 is not None and digest != e.sha256:
                    raise Conflict(
                        f"The recording {e.file_name} was changed since it was recorded; "
                        "restore it from a backup before exporting."
                    )
                name = package_name(e.id, e.file_name)
                files.append(PackageFile(name, source, digest))
            elif e.sha256 is not None:
                raise Conflict(
                    f"The recording {e.file_name} is missing; restore the data directory "
                    "before exporting."
                )
        metadata.append(
            {
                "ten_tep": e.file_name,
                "tep": name,
                "bat_dau": e.started_at,
                "ket_thuc": e.stopped_at,
                "nguoi_ghi": e.started_by_name,
                "kich_thuoc": e.size,
                "sha256": e.sha256,
                "thoi_luong_giay": e.duration,
                "trang_thai": STATE_LABELS[e.state],
            }
        )
    return files, metadata


# --- checking a package offline -----------------------------------------------------------


def _event(entry: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    if entry["kind"] != "event":
        return None
    try:
        head, payload = entry["_data"].split(b"\n", 1)
        return json.loads(head)["type"], json.loads(payload)
    except (ValueError, KeyError, TypeError):
        return None


def check_package(
    entries_: list[dict[str, Any]], hashes_: dict[str, str], report: VerifyReport
) -> None:
    """Every file under ``recordings/`` is a recording the package's ledger names, and
    each complete one matches the SHA-256 its ``media.recording_stopped`` entry holds."""
    started: dict[str, str] = {}
    stopped: dict[str, tuple[str, dict[str, Any]]] = {}
    for e in entries_:
        event = _event(e)
        if event is None or event[0] not in ("media.recording_started", "media.recording_stopped"):
            continue
        kind, fields = event
        path = package_name(int(fields["recording_id"]), str(fields["file_name"]))
        if kind == "media.recording_started":
            started[path] = e["ref"]
        else:
            stopped[path] = (e["ref"], fields)
    for path, (ref, fields) in sorted(stopped.items()):
        what = f"The recording {fields['file_name']} ({ledger.describe(ref)})"
        if path not in hashes_:
            report.add(
                "package.recording_missing",
                f"{what} is recorded with its SHA-256 but {path} is not in the package.",
                ref=ref,
            )
        elif hashes_[path] != fields["sha256"]:
            report.add(
                "package.recording_changed",
                f"{path}: its bytes differ from the SHA-256 recorded in {ledger.describe(ref)}.",
                ref=ref,
            )
    for path in sorted(p for p in hashes_ if p.startswith(f"{FOLDER}/")):
        if path in stopped:
            continue
        if path in started:
            report.notes.append(
                f"{path} is an incomplete recording (the server stopped while recording): "
                "only the signed manifest vouches for it, the record holds no hash of it."
            )
        else:
            report.add(
                "package.recording_unrecorded",
                f"{path} is not a recording named in the package's record.",
            )
