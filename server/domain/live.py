"""The live meeting: follow the presenter, the list of speakers, the lobby.

* ``presenter.set_page``: the chair, or the presenter of the current agenda item, puts
  a page of a document of this meeting on everyone's screen.
* ``floor.*``: attendees ask for the floor (one open request each); the chair grants
  it (one speaker at a time, with a speaking time), ends it, and reorders the waiting
  list.  A withdrawn or finished request leaves the list.
* ``lobby.*``: the chair admits or refuses a guest who joined a meeting in progress.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from protocol import live as msg
from protocol.errors import Conflict, InvalidInput, InvalidTransition, NotFound, PermissionDenied
from protocol.meeting_state import MeetingState
from protocol.permissions import MeetingRole
from server.domain import media as media_rules
from server.domain.access import meeting_access
from server.domain.context import Ctx, EjectFromMeeting
from server.domain.dispatch import handles
from server.store.models import (
    AgendaItem,
    Attendance,
    Document,
    DocumentVersion,
    Meeting,
    Participant,
    SpeakerRequest,
    User,
)

#: Requests that are on the list of speakers.
_OPEN = (msg.SpeakerState.WAITING.value, msg.SpeakerState.SPEAKING.value)
#: Longest speaking time the chair may grant at once (seconds).
MAX_SPEAKING_SECONDS = 3600


def _require_in_progress(meeting: Meeting, what: str) -> None:
    if meeting.state != MeetingState.IN_PROGRESS:
        raise Conflict(f"The meeting is {meeting.state}; {what} only while it is in progress.")


def _now(ctx: Ctx) -> datetime:
    """The clock in UTC, to the second (what the timer shows and the record keeps)."""
    return ctx.clock().astimezone(UTC).replace(microsecond=0)


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


# --- follow the presenter -------------------------------------------------------------


@handles(msg.PresenterSetPage)
def set_page(ctx: Ctx, cmd: msg.PresenterSetPage) -> dict[str, object]:
    """Show page ``page`` of document version ``version_id`` to everyone following."""
    access = meeting_access(ctx, cmd.meeting_id)
    meeting = access.meeting
    if "presenter.control" not in access.perms:
        current = (
            ctx.session.get(AgendaItem, meeting.current_item_id)
            if meeting.current_item_id is not None
            else None
        )
        if current is None or current.presenter_user_id != ctx.user.user_id:
            access.require("presenter.control")
    _require_in_progress(meeting, "the shared page can be steered")
    version = ctx.session.get(DocumentVersion, cmd.version_id)
    document = ctx.session.get(Document, version.document_id) if version is not None else None
    item = ctx.session.get(AgendaItem, document.item_id) if document is not None else None
    if version is None or item is None or item.meeting_id != meeting.id or item.deleted:
        raise NotFound(
            f"Document version {cmd.version_id} is not a document of this meeting; "
            "choose one from the agenda."
        )
    if not 1 <= cmd.page <= version.pages:
        raise InvalidInput(
            f"Page {cmd.page} does not exist in {version.filename}: "
            f"choose a page from 1 to {version.pages}."
        )
    meeting.presenter_version_id = version.id
    meeting.presenter_page = cmd.page
    meeting.presenter_by = ctx.user.user_id
    ctx.emit(
        meeting.id,
        msg.PresenterPageChanged(version_id=version.id, page=cmd.page, by_user_id=ctx.user.user_id),
    )
    return {"version_id": version.id, "page": cmd.page}


# --- list of speakers -----------------------------------------------------------------


def _is_attending(session: Session, meeting_id: int, user_id: int) -> bool:
    return (
        session.scalar(
            select(Attendance.id).where(
                Attendance.meeting_id == meeting_id,
                Attendance.user_id == user_id,
                Attendance.left_at.is_(None),
            )
        )
        is not None
    )


def _request(ctx: Ctx, request_id: int, permission: str) -> SpeakerRequest:
    """The request (locked), after checking ``permission`` in its meeting."""
    found = ctx.session.get(SpeakerRequest, request_id)
    if found is None:
        raise NotFound(f"Floor request {request_id} does not exist.")
    meeting_access(ctx, found.meeting_id, permission, lock=True)
    row = ctx.session.get(SpeakerRequest, request_id, with_for_update=True, populate_existing=True)
    assert row is not None
    return row


@handles(msg.FloorRequest)
def request_floor(ctx: Ctx, cmd: msg.FloorRequest) -> dict[str, object]:
    """Ask for the floor (optionally on one agenda item); one open request per person."""
    access = meeting_access(ctx, cmd.meeting_id, "floor.request", lock=True)
    _require_in_progress(access.meeting, "the floor can be requested")
    user_id = ctx.user.user_id
    if not _is_attending(ctx.session, cmd.meeting_id, user_id):
        raise PermissionDenied("Join the meeting (and be admitted) before asking for the floor.")
    if cmd.item_id is not None:
        item = ctx.session.get(AgendaItem, cmd.item_id)
        if item is None or item.deleted or item.meeting_id != cmd.meeting_id:
            raise NotFound(f"Agenda item {cmd.item_id} is not on the agenda of this meeting.")
    pending = ctx.session.scalar(
        select(SpeakerRequest.id).where(
            SpeakerRequest.meeting_id == cmd.meeting_id,
            SpeakerRequest.user_id == user_id,
            SpeakerRequest.state.in_(_OPEN),
        )
    )
    if pending is not None:
        raise Conflict("You are already on the list of speakers; withdraw that request first.")
    last = ctx.session.scalar(
        select(func.max(SpeakerRequest.sort_index)).where(
            SpeakerRequest.meeting_id == cmd.meeting_id
        )
    )
    row = SpeakerRequest(
        meeting_id=cmd.meeting_id,
        user_id=user_id,
        item_id=cmd.item_id,
        state=msg.SpeakerState.WAITING.value,
        sort_index=(last + 1) if last is not None else 0,
        requested_at=ctx.clock(),
    )
    ctx.session.add(row)
    ctx.session.flush()
    ctx.emit(
        cmd.meeting_id,
        msg.FloorRequested(request_id=row.id, user_id=user_id, item_id=cmd.item_id),
    )
    return {"request_id": row.id}


@handles(msg.FloorWithdraw)
def withdraw(ctx: Ctx, cmd: msg.FloorWithdraw) -> dict[str, object]:
    """Withdraw one's own waiting request."""
    row = _request(ctx, cmd.request_id, "meeting.view")
    if row.user_id != ctx.user.user_id:
        raise PermissionDenied("You can withdraw only your own request for the floor.")
    row.state = msg.next_speaker_state(row.state, "withdraw").value
    ctx.emit(row.meeting_id, msg.FloorWithdrawn(request_id=row.id))
    return {"request_id": row.id}


@handles(msg.FloorGrant)
def grant(ctx: Ctx, cmd: msg.FloorGrant) -> dict[str, object]:
    """Give the floor for ``seconds``; the speaking timer starts now."""
    row = _request(ctx, cmd.request_id, "floor.manage")
    meeting = ctx.session.get(Meeting, row.meeting_id)
    assert meeting is not None
    _require_in_progress(meeting, "the floor can be given")
    if not 1 <= cmd.seconds <= MAX_SPEAKING_SECONDS:
        raise InvalidInput(
            f"Speaking time must be between 1 and {MAX_SPEAKING_SECONDS} seconds "
            f"(got {cmd.seconds})."
        )
    new = msg.next_speaker_state(row.state, "grant")
    speaking = ctx.session.scalar(
        select(SpeakerRequest).where(
            SpeakerRequest.meeting_id == row.meeting_id,
            SpeakerRequest.state == msg.SpeakerState.SPEAKING.value,
        )
    )
    if speaking is not None:
        speaker = ctx.session.get(User, speaking.user_id)
        name = speaker.full_name if speaker is not None else f"user {speaking.user_id}"
        raise Conflict(f"{name} is still speaking; end that turn before giving the floor.")
    started = _now(ctx)
    row.state, row.seconds, row.started_at = new.value, cmd.seconds, started
    ctx.emit(
        row.meeting_id,
        msg.FloorGranted(request_id=row.id, seconds=cmd.seconds, started_at=started.isoformat()),
    )
    media_rules.unmute_on_floor(ctx, row.meeting_id, row.user_id)
    return {"request_id": row.id, "seconds": cmd.seconds, "started_at": started.isoformat()}


@handles(msg.FloorEnd)
def end(ctx: Ctx, cmd: msg.FloorEnd) -> dict[str, object]:
    """End the current speaker's turn; records how long they spoke."""
    row = _request(ctx, cmd.request_id, "floor.manage")
    row.state = msg.next_speaker_state(row.state, "end").value
    ended = _now(ctx)
    assert row.started_at is not None
    spoke = max(0, int((ended - _utc(row.started_at)).total_seconds()))
    row.ended_at = ended
    ctx.emit(row.meeting_id, msg.FloorEnded(request_id=row.id, spoke_seconds=spoke))
    return {"request_id": row.id, "spoke_seconds": spoke}


@handles(msg.FloorReorder)
def reorder(ctx: Ctx, cmd: msg.FloorReorder) -> dict[str, object]:
    """Put the list of speakers in the given order (all of it, each request once)."""
    access = meeting_access(ctx, cmd.meeting_id, "floor.manage", lock=True)
    rows = {
        r.id: r
        for r in ctx.session.scalars(
            select(SpeakerRequest).where(
                SpeakerRequest.meeting_id == access.meeting.id,
                SpeakerRequest.state.in_(_OPEN),
            )
        )
    }
    if len(set(cmd.request_ids)) != len(cmd.request_ids) or set(cmd.request_ids) != set(rows):
        raise InvalidInput(
            "Give every request on the list of speakers exactly once; the list is now "
            f"{sorted(rows)}, you sent {cmd.request_ids}. Refresh and try again."
        )
    for index, request_id in enumerate(cmd.request_ids):
        rows[request_id].sort_index = index
    ctx.emit(access.meeting.id, msg.FloorReordered(request_ids=list(cmd.request_ids)))
    return {"request_ids": list(cmd.request_ids)}


# --- lobby ----------------------------------------------------------------------------


def _guest(ctx: Ctx, meeting_id: int, user_id: int, action: str) -> tuple[Participant, str]:
    """The guest's participant row and lobby state, or a typed error."""
    row = ctx.session.scalar(
        select(Participant).where(
            Participant.meeting_id == meeting_id, Participant.user_id == user_id
        )
    )
    if row is None or row.role != MeetingRole.GUEST:
        raise NotFound(f"User {user_id} is not a guest of this meeting.")
    if row.lobby_state is None:
        raise InvalidTransition(f"Cannot {action} a guest who is not waiting in the lobby.")
    return row, row.lobby_state


@handles(msg.LobbyAdmit)
def admit(ctx: Ctx, cmd: msg.LobbyAdmit) -> dict[str, object]:
    """Let a waiting guest into the meeting: they attend from now on."""
    access = meeting_access(ctx, cmd.meeting_id, "lobby.manage", lock=True)
    _require_in_progress(access.meeting, "guests can be admitted")
    row, state = _guest(ctx, cmd.meeting_id, cmd.user_id, "admit")
    row.lobby_state = msg.next_lobby_state(state, "admit").value
    row.present = True
    if not _is_attending(ctx.session, cmd.meeting_id, cmd.user_id):
        ctx.session.add(
            Attendance(meeting_id=cmd.meeting_id, user_id=cmd.user_id, joined_at=ctx.clock())
        )
    ctx.emit(cmd.meeting_id, msg.LobbyAdmitted(user_id=cmd.user_id), f"all,user:{cmd.user_id}")
    return {"user_id": cmd.user_id, "lobby": row.lobby_state}


@handles(msg.LobbyRefuse)
def refuse(ctx: Ctx, cmd: msg.LobbyRefuse) -> dict[str, object]:
    """Turn a waiting guest away; their connection stops receiving the meeting."""
    meeting_access(ctx, cmd.meeting_id, "lobby.manage", lock=True)
    row, state = _guest(ctx, cmd.meeting_id, cmd.user_id, "refuse")
    row.lobby_state = msg.next_lobby_state(state, "refuse").value
    row.present = False
    ctx.emit(cmd.meeting_id, msg.LobbyRefused(user_id=cmd.user_id), f"all,user:{cmd.user_id}")
    ctx.effect(EjectFromMeeting(cmd.meeting_id, cmd.user_id))
    return {"user_id": cmd.user_id, "lobby": row.lobby_state}
