"""Meetings: create, edit, lifecycle, participants and substitutes, join and leave."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol import meetings as msg
from protocol.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from protocol.meeting_state import (
    ACTION_PERMISSION,
    ACTIONS,
    MeetingState,
    next_state,
    require_editable,
)
from protocol.permissions import MeetingRole, global_permissions, require
from server.domain import events as event_log
from server.domain import ledger, media_recording, voting
from server.domain.access import access_of, clearance_allows, get_meeting, meeting_access
from server.domain.context import (
    Actor,
    CommittedEvent,
    Ctx,
    EjectFromMeeting,
    Subscribe,
    Unsubscribe,
)
from server.domain.dispatch import handles
from server.store.models import Attendance, Meeting, Participant, Unit, User

MODES = ("online", "hybrid")


def _check_times(starts_at: str, ends_at: str) -> None:
    try:
        start, end = datetime.fromisoformat(starts_at), datetime.fromisoformat(ends_at)
    except ValueError:
        raise InvalidInput(
            "Start and end must be ISO 8601 date-times, e.g. 2026-12-01T08:00:00+07:00."
        ) from None
    if (start.tzinfo is None) != (end.tzinfo is None) or end <= start:
        raise InvalidInput("The meeting must end after it starts (both with a time zone).")


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise InvalidInput(f"Meeting mode must be one of: {', '.join(MODES)}.")


@handles(msg.MeetingCreate)
def create(ctx: Ctx, cmd: msg.MeetingCreate) -> dict[str, object]:
    require(global_permissions(ctx.user.roles), "meeting.create")
    if not cmd.title.strip():
        raise InvalidInput("A meeting needs a title.")
    _check_times(cmd.starts_at, cmd.ends_at)
    _check_mode(cmd.mode)
    meeting = Meeting(
        title=cmd.title.strip(),
        starts_at=cmd.starts_at,
        ends_at=cmd.ends_at,
        mode=cmd.mode,
        location=cmd.location,
        classification=cmd.classification,
        signed_votes=cmd.signed_votes,
        state=MeetingState.DRAFT,
        created_by=ctx.user.user_id,
        last_seq=0,
        created_at=ctx.clock(),
    )
    ctx.session.add(meeting)
    ctx.session.flush()
    ctx.emit(
        meeting.id,
        msg.MeetingCreated(
            title=meeting.title,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            mode=meeting.mode,
            location=meeting.location,
            classification=cmd.classification,
            signed_votes=meeting.signed_votes,
        ),
    )
    return {"meeting_id": meeting.id}


@handles(msg.MeetingUpdate)
def update(ctx: Ctx, cmd: msg.MeetingUpdate) -> dict[str, object]:
    # Locked when the signing rule may change: a poll opens under the same lock.
    access = meeting_access(ctx, cmd.meeting_id, "meeting.edit", lock=cmd.signed_votes is not None)
    meeting = access.meeting
    require_editable(meeting.state)
    title = cmd.title.strip() if cmd.title is not None else meeting.title
    if not title:
        raise InvalidInput("A meeting needs a title.")
    starts_at = cmd.starts_at or meeting.starts_at
    ends_at = cmd.ends_at or meeting.ends_at
    _check_times(starts_at, ends_at)
    mode = cmd.mode or meeting.mode
    _check_mode(mode)
    meeting.title, meeting.starts_at, meeting.ends_at, meeting.mode = (
        title,
        starts_at,
        ends_at,
        mode,
    )
    if cmd.location is not None:
        meeting.location = cmd.location
    if cmd.classification is not None:
        meeting.classification = cmd.classification
    if cmd.signed_votes is not None and cmd.signed_votes != meeting.signed_votes:
        voting.require_no_open_poll(ctx.session, meeting.id)
        meeting.signed_votes = cmd.signed_votes
    ctx.emit(
        meeting.id,
        msg.MeetingUpdated(
            title=meeting.title,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            mode=meeting.mode,
            location=meeting.location,
            classification=meeting.classification,  # type: ignore[arg-type]
            signed_votes=meeting.signed_votes,
        ),
    )
    return {"meeting_id": meeting.id}


@handles(msg.MeetingTransition)
def transition(ctx: Ctx, cmd: msg.MeetingTransition) -> dict[str, object]:
    if cmd.action not in ACTIONS:
        raise InvalidInput(f"Unknown action {cmd.action!r}; one of: {', '.join(sorted(ACTIONS))}.")
    access = meeting_access(ctx, cmd.meeting_id, ACTION_PERMISSION[cmd.action], lock=True)
    meeting = access.meeting
    new = next_state(meeting.state, cmd.action)
    if new is MeetingState.PUBLISHED and not _has_chair(ctx.session, meeting.id):
        raise InvalidInput("Invite a chair before publishing the meeting.")
    meeting.state = new
    if new is not MeetingState.IN_PROGRESS:
        close_attendance(ctx.session, meeting.id, ctx.clock())
    ctx.emit(meeting.id, msg.MeetingStateChanged(state=new, action=cmd.action))
    if new is MeetingState.ENDED and ctx.settings is not None:
        ledger.checkpoint(ctx.session, ledger.record_signer(ctx.settings), meeting_id=meeting.id)
    return {"meeting_id": meeting.id, "state": new.value}


def _has_chair(session: Session, meeting_id: int) -> bool:
    return (
        session.scalar(
            select(Participant.id).where(
                Participant.meeting_id == meeting_id, Participant.role == MeetingRole.CHAIR
            )
        )
        is not None
    )


@handles(msg.MeetingList, record=False)
def list_meetings(ctx: Ctx, cmd: msg.MeetingList) -> dict[str, object]:
    actor = ctx.user
    everything = "meeting.edit" in _global_meeting_perms(actor.roles)
    query = select(Meeting).order_by(Meeting.starts_at.desc())
    out = []
    for meeting in ctx.session.scalars(query):
        access = access_of(ctx.session, actor, meeting)
        if "meeting.view" not in access.perms and not everything:
            continue
        if not clearance_allows(actor.clearance, meeting.classification):
            continue
        out.append(
            msg.MeetingSummary(
                id=meeting.id,
                title=meeting.title,
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
                mode=meeting.mode,
                location=meeting.location,
                classification=meeting.classification,  # type: ignore[arg-type]
                state=meeting.state,  # type: ignore[arg-type]
                my_role=access.role,
            )
        )
    return {"meetings": out}


def _global_meeting_perms(roles: frozenset[str]) -> frozenset[str]:
    from protocol.permissions import meeting_permissions

    return meeting_permissions(None, roles)


# --- participants ---------------------------------------------------------------------


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"User {user_id} does not exist.")
    return user


def _participant(session: Session, meeting_id: int, user_id: int) -> Participant:
    row = session.scalar(
        select(Participant).where(
            Participant.meeting_id == meeting_id, Participant.user_id == user_id
        )
    )
    if row is None:
        raise NotFound(f"User {user_id} is not a participant of meeting {meeting_id}.")
    return row


@handles(msg.ParticipantInvite)
def invite(ctx: Ctx, cmd: msg.ParticipantInvite) -> dict[str, object]:
    access = meeting_access(ctx, cmd.meeting_id, "participant.manage")
    require_editable(access.meeting.state)
    user = _user(ctx.session, cmd.user_id)
    if user.disabled:
        raise InvalidInput(f"{user.full_name}'s account is disabled.")
    if not clearance_allows(user.clearance, access.meeting.classification):
        raise InvalidInput(
            f"{user.full_name} has no clearance for a meeting classified "
            f"{access.meeting.classification}."
        )
    existing = ctx.session.scalar(
        select(Participant).where(
            Participant.meeting_id == cmd.meeting_id, Participant.user_id == cmd.user_id
        )
    )
    if existing is not None:
        raise Conflict(f"{user.full_name} is already invited.")
    if cmd.role is MeetingRole.CHAIR and _has_chair(ctx.session, cmd.meeting_id):
        raise Conflict("The meeting has a chair already.")
    ctx.session.add(Participant(meeting_id=cmd.meeting_id, user_id=user.id, role=cmd.role))
    unit = ctx.session.get(Unit, user.unit_id) if user.unit_id else None
    ctx.emit(
        cmd.meeting_id,
        msg.ParticipantInvited(
            user_id=user.id,
            full_name=user.full_name,
            position_title=user.position_title,
            unit_name=unit.name if unit else None,
            role=cmd.role,
        ),
    )
    return {"user_id": user.id}


@handles(msg.ParticipantUpdate)
def update_participant(ctx: Ctx, cmd: msg.ParticipantUpdate) -> dict[str, object]:
    access = meeting_access(ctx, cmd.meeting_id, "participant.manage")
    require_editable(access.meeting.state)
    row = _participant(ctx.session, cmd.meeting_id, cmd.user_id)
    if cmd.role is not None and cmd.role != row.role:
        if cmd.role is MeetingRole.CHAIR and _has_chair(ctx.session, cmd.meeting_id):
            raise Conflict("The meeting has a chair already.")
        row.role = cmd.role
    if cmd.clear_substitute:
        row.substitute_user_id = None
        row.vote_delegated = False
    if cmd.substitute_user_id is not None:
        if cmd.substitute_user_id == row.user_id:
            raise InvalidInput("A member cannot be their own substitute.")
        substitute = _user(ctx.session, cmd.substitute_user_id)
        if not clearance_allows(substitute.clearance, access.meeting.classification):
            raise InvalidInput(f"{substitute.full_name} has no clearance for this meeting.")
        taken = ctx.session.scalar(
            select(Participant).where(
                Participant.meeting_id == cmd.meeting_id,
                (Participant.user_id == substitute.id)
                | (Participant.substitute_user_id == substitute.id),
                Participant.id != row.id,
            )
        )
        if taken is not None:
            raise Conflict(f"{substitute.full_name} already takes part in this meeting.")
        row.substitute_user_id = substitute.id
    if cmd.vote_delegated is not None:
        if cmd.vote_delegated and row.substitute_user_id is None:
            raise InvalidInput("Record a substitute before delegating the vote.")
        row.vote_delegated = cmd.vote_delegated
    if cmd.absence_reason is not None:
        row.absence_reason = cmd.absence_reason or None
    substitute_name = (
        _user(ctx.session, row.substitute_user_id).full_name if row.substitute_user_id else None
    )
    ctx.emit(
        cmd.meeting_id,
        msg.ParticipantUpdated(
            user_id=row.user_id,
            role=MeetingRole(row.role),
            substitute_user_id=row.substitute_user_id,
            substitute_name=substitute_name,
            vote_delegated=row.vote_delegated,
            absence_reason=row.absence_reason,
        ),
    )
    return {"user_id": row.user_id}


@handles(msg.ParticipantUninvite)
def uninvite(ctx: Ctx, cmd: msg.ParticipantUninvite) -> dict[str, object]:
    access = meeting_access(ctx, cmd.meeting_id, "participant.manage")
    if access.meeting.state not in (MeetingState.DRAFT, MeetingState.PUBLISHED):
        raise Conflict("Participants can only be uninvited before the meeting starts.")
    row = _participant(ctx.session, cmd.meeting_id, cmd.user_id)
    ctx.session.delete(row)
    ctx.emit(cmd.meeting_id, msg.ParticipantUninvited(user_id=cmd.user_id))
    return {"user_id": cmd.user_id}


@handles(msg.ParticipantRemove)
def remove(ctx: Ctx, cmd: msg.ParticipantRemove) -> dict[str, object]:
    access = meeting_access(ctx, cmd.meeting_id, "participant.remove")
    if access.meeting.state != MeetingState.IN_PROGRESS:
        raise Conflict("Participants can only be removed from a meeting in progress.")
    if cmd.user_id == ctx.user.user_id:
        raise InvalidInput("You cannot remove yourself; leave the meeting instead.")
    row = _participant(ctx.session, cmd.meeting_id, cmd.user_id)
    if row.role == MeetingRole.CHAIR:
        raise PermissionDenied("The chair cannot be removed.")
    row.removed = True
    row.present = False
    _close_open_attendance(ctx.session, cmd.meeting_id, cmd.user_id, ctx.clock())
    ctx.emit(cmd.meeting_id, msg.ParticipantRemoved(user_id=cmd.user_id))
    ctx.effect(EjectFromMeeting(cmd.meeting_id, cmd.user_id))
    return {"user_id": cmd.user_id}


# --- joining, leaving, attendance -----------------------------------------------------


@handles(msg.MeetingJoin, record=False)
def join(ctx: Ctx, cmd: msg.MeetingJoin) -> dict[str, object]:
    access = meeting_access(ctx, cmd.meeting_id, lock=True)
    meeting, actor = access.meeting, ctx.user
    lobby = False
    attending = cmd.attend and meeting.state == MeetingState.IN_PROGRESS
    if attending and access.role in (MeetingRole.CHAIR, MeetingRole.MEMBER, "substitute"):
        _attend(ctx, access.meeting, access.substitute_for)
    elif attending and access.role == MeetingRole.GUEST:
        row = access.participant
        assert row is not None
        if row.lobby_state == "refused":
            raise PermissionDenied("The chair did not admit you to this meeting.")
        if row.lobby_state == "admitted":
            _attend(ctx, meeting, None)
        else:
            lobby = True
            if row.lobby_state != "waiting":
                from protocol.live import LobbyEntered

                row.lobby_state = "waiting"
                ctx.emit(
                    meeting.id,
                    LobbyEntered(user_id=actor.user_id, full_name=actor.full_name),
                    f"all,user:{actor.user_id}",
                )
    elif attending and access.role == MeetingRole.SECRETARIAT:
        _attend(ctx, meeting, None)
    ctx.effect(Subscribe(meeting.id, cmd.since_seq, cmd.epoch, lobby=lobby))
    return {
        "meeting_id": meeting.id,
        "role": access.role,
        "permissions": sorted(access.perms),
        "lobby": lobby,
        "state": meeting.state,
        "epoch": event_log.epoch(ctx.session),
    }


def _attend(ctx: Ctx, meeting: Meeting, substitute_for: Participant | None) -> None:
    actor = ctx.user
    row = ctx.session.scalar(
        select(Participant).where(
            Participant.meeting_id == meeting.id, Participant.user_id == actor.user_id
        )
    )
    if row is not None and row.present:
        return
    if row is None and substitute_for is not None:
        open_row = ctx.session.scalar(
            select(Attendance).where(
                Attendance.meeting_id == meeting.id,
                Attendance.user_id == actor.user_id,
                Attendance.left_at.is_(None),
            )
        )
        if open_row is not None:
            return
    if row is not None:
        row.present = True
    ctx.session.add(
        Attendance(
            meeting_id=meeting.id,
            user_id=actor.user_id,
            for_user_id=substitute_for.user_id if substitute_for else None,
            joined_at=ctx.clock(),
        )
    )
    ctx.emit(
        meeting.id,
        msg.ParticipantJoined(
            user_id=actor.user_id,
            full_name=actor.full_name,
            for_user_id=substitute_for.user_id if substitute_for else None,
        ),
    )


@handles(msg.MeetingLeave, record=False)
def leave_cmd(ctx: Ctx, cmd: msg.MeetingLeave) -> dict[str, object]:
    get_meeting(ctx.session, cmd.meeting_id)
    leave(ctx, cmd.meeting_id)
    ctx.effect(Unsubscribe(cmd.meeting_id))
    return {"meeting_id": cmd.meeting_id}


def leave(ctx: Ctx, meeting_id: int) -> list[CommittedEvent]:
    """Record that the actor left (called on leave and when the last connection drops)."""
    actor = ctx.user
    now = ctx.clock()
    closed = _close_open_attendance(ctx.session, meeting_id, actor.user_id, now)
    row = ctx.session.scalar(
        select(Participant).where(
            Participant.meeting_id == meeting_id, Participant.user_id == actor.user_id
        )
    )
    if row is not None:
        closed = closed or row.present
        row.present = False
    if closed:
        ctx.emit(meeting_id, msg.ParticipantLeft(user_id=actor.user_id))
    return ctx.events


def _close_open_attendance(session: Session, meeting_id: int, user_id: int, now: datetime) -> bool:
    rows = list(
        session.scalars(
            select(Attendance).where(
                Attendance.meeting_id == meeting_id,
                Attendance.user_id == user_id,
                Attendance.left_at.is_(None),
            )
        )
    )
    for row in rows:
        row.left_at = now
    return bool(rows)


def close_attendance(session: Session, meeting_id: int, now: datetime) -> None:
    for row in session.scalars(
        select(Attendance).where(Attendance.meeting_id == meeting_id, Attendance.left_at.is_(None))
    ):
        row.left_at = now
    for p in session.scalars(select(Participant).where(Participant.meeting_id == meeting_id)):
        p.present = False


def reset_presence(ctx: Ctx) -> None:
    """At start-up nobody is connected: close every open attendance and say so."""
    now = ctx.clock()
    open_rows = list(ctx.session.scalars(select(Attendance).where(Attendance.left_at.is_(None))))
    seen: set[tuple[int, int]] = set()
    for row in open_rows:
        row.left_at = now
        seen.add((row.meeting_id, row.user_id))
    for p in ctx.session.scalars(select(Participant).where(Participant.present.is_(True))):
        p.present = False
        seen.add((p.meeting_id, p.user_id))
    for meeting_id, user_id in sorted(seen):
        ctx.emit(meeting_id, msg.ParticipantLeft(user_id=user_id))


def disconnect(session: Session, actor: Actor, meeting_id: int) -> list[CommittedEvent]:
    """The actor's last connection to a meeting dropped: record that they left."""
    ctx = Ctx(session=session, actor=actor, append=event_log.append)
    return leave(ctx, meeting_id)


def startup(session: Session) -> list[CommittedEvent]:
    """Run once when the server starts (see ``reset_presence``)."""
    ctx = Ctx(session=session, actor=None, append=event_log.append)
    reset_presence(ctx)
    media_recording.close_interrupted(ctx)
    event_log.epoch(session)
    return ctx.events
