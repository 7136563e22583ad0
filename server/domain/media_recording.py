"""Recording a meeting's audio and video: who may, when, and the record of each file.

* ``media.record_start``/``media.record_stop``: the chair (``media.moderate``) while
  the meeting is in progress.  A meeting classified Tối mật is never recorded (Decree
  26/2020/NĐ-CP on protecting state secrets): :class:`~protocol.media.RecordingRefused`.
  The handlers check the rule and leave the work to the relay (effects
  :class:`StartRecording`/:class:`StopRecording`), which calls back:
* :func:`recording_started` stores a :class:`~server.store.models.Recording` row and logs
  ``media.recording_started`` (everyone sees "recording");
* :func:`recording_stopped` completes the row (size, SHA-256) and logs
  ``media.recording_stopped`` with the file name, size and hash.  Meeting events are
  entries of the tamper-evident ledger, so the hash is in the record.
* :func:`recordings`: the meeting's recordings, for its record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePosixPath

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol import media as msg
from protocol.errors import Conflict
from protocol.meeting_state import Classification, MeetingState
from server.domain import events as event_log
from server.domain.access import meeting_access
from server.domain.context import Actor, CommittedEvent, Ctx, StartRecording, StopRecording
from server.domain.dispatch import handles
from server.store.models import Recording


def require_recordable(ctx: Ctx, meeting_id: int) -> None:
    """Refuse unless the actor may start recording the meeting now."""
    access = meeting_access(ctx, meeting_id, "media.moderate")
    meeting = access.meeting
    if meeting.classification == Classification.TOP_SECRET:
        raise msg.RecordingRefused(
            "This meeting is classified Tối mật; it may not be recorded (Decree 26/2020/NĐ-CP)."
        )
    if meeting.state != MeetingState.IN_PROGRESS:
        raise Conflict(
            f"The meeting is {meeting.state}; it can be recorded only while it is in progress."
        )


def _open(session: Session, meeting_id: int) -> Recording | None:
    return session.scalar(
        select(Recording)
        .where(Recording.meeting_id == meeting_id, Recording.stopped_at.is_(None))
        .order_by(Recording.id.desc())
        .limit(1)
    )


@handles(msg.MediaRecordStart, record=False)
def record_start(ctx: Ctx, cmd: msg.MediaRecordStart) -> None:
    """Check the rule; the relay starts the recorder (its result is the command's)."""
    require_recordable(ctx, cmd.meeting_id)
    ctx.effect(StartRecording(cmd.meeting_id))


@handles(msg.MediaRecordStop, record=False)
def record_stop(ctx: Ctx, cmd: msg.MediaRecordStop) -> None:
    meeting_access(ctx, cmd.meeting_id, "media.moderate")
    ctx.effect(StopRecording(cmd.meeting_id))


def recording_started(
    session: Session, actor: Actor, meeting_id: int, path: str
) -> tuple[int, list[CommittedEvent]]:
    """Record that ``actor`` started recording to ``path`` (relative to the data dir)."""
    ctx = Ctx(session=session, actor=actor, append=event_log.append)
    require_recordable(ctx, meeting_id)
    stale = _open(session, meeting_id)
    if stale is not None:
        # Left open by a server that stopped while recording; its file is incomplete.
        stale.stopped_at = ctx.clock()
    row = Recording(
        meeting_id=meeting_id, path=path, started_by=actor.user_id, started_at=ctx.clock()
    )
    session.add(row)
    session.flush()
    ctx.emit(
        meeting_id,
        msg.MediaRecordingStarted(
            recording_id=row.id,
            file_name=PurePosixPath(path).name,
            by=actor.user_id,
            started_at=row.started_at.astimezone(UTC).isoformat(),
        ),
    )
    return row.id, ctx.events


def close_interrupted(ctx: Ctx) -> None:
    """At start-up no recorder runs: a row still open was cut off by the server's stop.
    Close it without a hash and say so, so nobody is told the meeting is being recorded."""
    now = ctx.clock()
    for row in ctx.session.scalars(select(Recording).where(Recording.stopped_at.is_(None))):
        row.stopped_at = now
        ctx.emit(
            row.meeting_id,
            msg.MediaRecordingInterrupted(
                recording_id=row.id, file_name=PurePosixPath(row.path).name
            ),
        )


def recording_stopped(
    session: Session, actor: Actor, recording_id: int, size: int, sha256: str
) -> list[CommittedEvent]:
    """Complete the recording's row and log where the file is and its hash."""
    ctx = Ctx(session=session, actor=actor, append=event_log.append)
    row = session.get(Recording, recording_id)
    if row is None:
        raise Conflict(f"Recording {recording_id} does not exist.")
    row.stopped_at = ctx.clock()
    row.stopped_by = actor.user_id
    row.size = size
    row.sha256 = sha256
    ctx.emit(
        row.meeting_id,
        msg.MediaRecordingStopped(
            recording_id=row.id,
            file_name=PurePosixPath(row.path).name,
            size=size,
            sha256=sha256,
            by=actor.user_id,
        ),
    )
    return ctx.events


@dataclass(frozen=True)
class RecordingInfo:
    id: int
    path: str
    started_by: int
    started_at: datetime
    stopped_at: datetime | None
    size: int | None
    sha256: str | None


def recordings(session: Session, meeting_id: int) -> list[RecordingInfo]:
    """The meeting's recordings, oldest first."""
    rows = session.scalars(
        select(Recording).where(Recording.meeting_id == meeting_id).order_by(Recording.id)
    )
    return [
        RecordingInfo(r.id, r.path, r.started_by, r.started_at, r.stopped_at, r.size, r.sha256)
        for r in rows
    ]
