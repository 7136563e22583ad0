"""Who may send and receive audio and video in a meeting, and the record of it.

The relay itself lives in ``server/transport/media``; it asks this module:

* ``media.offer``: only a participant with ``media.join`` who attends the meeting
  while it is in progress may publish and subscribe.  The handler checks that and
  leaves the negotiation to the relay (effect :class:`NegotiateMedia`), whose SDP
  answer becomes the command's result.
* :func:`tracks_changed`: the relay reports that someone started or stopped sending;
  this records ``media.track_added``/``media.track_removed`` in the meeting's log
  (re-checking the rule for a new track: the sender may have left meanwhile).
* :func:`media_ends`: which committed events end someone's media (they left, were
  removed or refused, or the meeting is no longer in progress).
* Chair controls (``media.moderate``): ``media.mute``/``media.unmute`` and
  ``media.mute_all_but_speaker`` record ``media.muted``/``media.unmuted``; being given
  the floor unmutes one's audio (:func:`unmute_on_floor`, called by ``floor.grant``).
  :func:`room_policy` tells the relay what it must not forward and who presents;
  :func:`policy_affected` which events change that.
* ``media.select``: a viewer's choice of video tiles, handed to the relay (not logged).
* ``media.self_mute``: a participant turned their own microphone or camera off or on;
  recorded as ``media.self_muted`` (everyone's tiles show it, and the relay does not
  forward the silence or black frames meanwhile: :attr:`RoomPolicy.self_muted`).
"""

from __future__ import annotations

from dataclasses import dataclass

import msgspec
from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol import media as msg
from protocol.errors import Conflict, PermissionDenied
from protocol.meeting_state import MeetingState
from server.domain import events as event_log
from server.domain.access import get_meeting, meeting_access
from server.domain.context import (
    Actor,
    CommittedEvent,
    Ctx,
    LeaveMedia,
    MuteAllButSpeaker,
    NegotiateMedia,
    SelectMedia,
)
from server.domain.dispatch import handles
from server.store.models import AgendaItem, Attendance, EventRecord, Meeting

#: Events after which a participant's media must stop (the user named in the event).
_ENDS_FOR_USER = frozenset({"participant.left", "participant.removed", "lobby.refused"})
#: Events that change what the relay must not forward or who presents.
_POLICY_EVENTS = frozenset(
    {
        "media.muted",
        "media.unmuted",
        "media.self_muted",
        "agenda.current_changed",
        "agenda.item_updated",
        "agenda.item_removed",
    }
)


def require_media(ctx: Ctx, meeting_id: int) -> None:
    """Refuse unless the actor may send and receive media in the meeting now."""
    access = meeting_access(ctx, meeting_id, "media.join")
    if access.meeting.state != MeetingState.IN_PROGRESS:
        raise Conflict(
            f"The meeting is {access.meeting.state}; audio and video are available only "
            "while it is in progress."
        )
    attending = ctx.session.scalar(
        select(Attendance.id).where(
            Attendance.meeting_id == meeting_id,
            Attendance.user_id == ctx.user.user_id,
            Attendance.left_at.is_(None),
        )
    )
    if attending is None:
        raise PermissionDenied(
            "Join the meeting (and be admitted) before turning on audio and video."
        )


@handles(msg.MediaOffer, record=False)
def offer(ctx: Ctx, cmd: msg.MediaOffer) -> None:
    """Check the rule; the relay answers (the result is replaced by its answer)."""
    require_media(ctx, cmd.meeting_id)
    ctx.effect(NegotiateMedia(cmd.meeting_id, cmd.sdp))


@handles(msg.MediaLeave, record=False)
def leave(ctx: Ctx, cmd: msg.MediaLeave) -> dict[str, object]:
    get_meeting(ctx.session, cmd.meeting_id)
    ctx.effect(LeaveMedia(cmd.meeting_id))
    return {"meeting_id": cmd.meeting_id}


def tracks_changed(
    session: Session,
    actor: Actor,
    meeting_id: int,
    added: list[str],
    removed: list[str],
) -> list[CommittedEvent]:
    """Record that ``actor`` started sending ``added`` and stopped ``removed`` kinds."""
    ctx = Ctx(session=session, actor=actor, append=event_log.append)
    if added:
        require_media(ctx, meeting_id)
    for kind in removed:
        ctx.emit(
            meeting_id,
            msg.MediaTrackRemoved(
                user_id=actor.user_id,
                kind=msg.MediaKind(kind),
                track_id=msg.track_id(actor.user_id, kind),
            ),
        )
    for kind in added:
        ctx.emit(
            meeting_id,
            msg.MediaTrackAdded(
                user_id=actor.user_id,
                kind=msg.MediaKind(kind),
                track_id=msg.track_id(actor.user_id, kind),
            ),
        )
    return ctx.events


class _UserEvent(msgspec.Struct):
    user_id: int


class _StateEvent(msgspec.Struct):
    state: str


def media_ends(event: CommittedEvent) -> tuple[int, int | None] | None:
    """``(meeting_id, user_id)`` whose media must stop after ``event``; ``user_id``
    None: everyone's in the meeting; None: the event changes nothing for media."""
    if event.type in _ENDS_FOR_USER:
        user = msgspec.json.decode(event.payload, type=_UserEvent)
        return event.meeting_id, user.user_id
    if event.type == "meeting.state_changed":
        state = msgspec.json.decode(event.payload, type=_StateEvent)
        if state.state != MeetingState.IN_PROGRESS:
            return event.meeting_id, None
    return None


# --- chair controls and what the relay forwards --------------------------------------


@dataclass(frozen=True)
class RoomPolicy:
    """What the relay needs from the meeting: the presenter of the current agenda item,
    the tracks the chair muted and those their owners turned off (``(user_id, kind)``)."""

    presenter: int | None = None
    muted: frozenset[tuple[int, str]] = frozenset()
    self_muted: frozenset[tuple[int, str]] = frozenset()

    @property
    def silent(self) -> frozenset[tuple[int, str]]:
        """The tracks the relay forwards to nobody: muted by the chair or by their owner."""
        return self.muted | self.self_muted


class _MuteEvent(msgspec.Struct):
    user_id: int
    kind: str


def muted_tracks(session: Session, meeting_id: int) -> frozenset[tuple[int, str]]:
    """The tracks muted now, folded from the meeting's log."""
    rows = session.execute(
        select(EventRecord.type, EventRecord.payload)
        .where(
            EventRecord.meeting_id == meeting_id,
            EventRecord.type.in_(("media.muted", "media.unmuted")),
        )
        .order_by(EventRecord.seq)
    )
    muted: set[tuple[int, str]] = set()
    for kind, payload in rows:
        event = msgspec.json.decode(payload, type=_MuteEvent)
        if kind == "media.muted":
            muted.add((event.user_id, event.kind))
        else:
            muted.discard((event.user_id, event.kind))
    return frozenset(muted)


class _SelfMuteEvent(msgspec.Struct):
    user_id: int
    kind: str
    muted: bool


def self_muted_tracks(session: Session, meeting_id: int) -> frozenset[tuple[int, str]]:
    """The microphones and cameras their owners have turned off now, from the log."""
    rows = session.scalars(
        select(EventRecord.payload)
        .where(EventRecord.meeting_id == meeting_id, EventRecord.type == "media.self_muted")
        .order_by(EventRecord.seq)
    )
    off: set[tuple[int, str]] = set()
    for payload in rows:
        event = msgspec.json.decode(payload, type=_SelfMuteEvent)
        if event.muted:
            off.add((event.user_id, event.kind))
        else:
            off.discard((event.user_id, event.kind))
    return frozenset(off)


@handles(msg.MediaSelfMute)
def self_mute(ctx: Ctx, cmd: msg.MediaSelfMute) -> dict[str, object]:
    """One's own microphone or camera off or on (recorded only when it changes)."""
    require_media(ctx, cmd.meeting_id)
    kind = msg.MediaKind(cmd.kind)
    off = (ctx.user.user_id, kind.value) in self_muted_tracks(ctx.session, cmd.meeting_id)
    if off != cmd.muted:
        ctx.emit(
            cmd.meeting_id,
            msg.MediaSelfMuted(user_id=ctx.user.user_id, kind=kind, muted=cmd.muted),
        )
    return {"meeting_id": cmd.meeting_id, "kind": kind.value, "muted": cmd.muted}


def room_policy(session: Session, meeting_id: int) -> RoomPolicy:
    meeting = session.get(Meeting, meeting_id)
    presenter = None
    if meeting is not None and meeting.current_item_id is not None:
        item = session.get(AgendaItem, meeting.current_item_id)
        presenter = item.presenter_user_id if item is not None else None
    return RoomPolicy(
        presenter=presenter,
        muted=muted_tracks(session, meeting_id),
        self_muted=self_muted_tracks(session, meeting_id),
    )


def policy_affected(event: CommittedEvent) -> bool:
    """Whether ``event`` may change :func:`room_policy`."""
    return event.type in _POLICY_EVENTS


def _moderate(ctx: Ctx, meeting_id: int) -> None:
    access = meeting_access(ctx, meeting_id, "media.moderate")
    if access.meeting.state != MeetingState.IN_PROGRESS:
        raise Conflict(f"The meeting is {access.meeting.state}; there is no audio to control.")


@handles(msg.MediaMute)
def mute(ctx: Ctx, cmd: msg.MediaMute) -> dict[str, object]:
    _moderate(ctx, cmd.meeting_id)
    if (cmd.user_id, msg.MediaKind(cmd.kind).value) not in muted_tracks(
        ctx.session, cmd.meeting_id
    ):
        ctx.emit(
            cmd.meeting_id, msg.MediaMuted(user_id=cmd.user_id, kind=cmd.kind, by=ctx.user.user_id)
        )
    return {"user_id": cmd.user_id, "kind": msg.MediaKind(cmd.kind).value}


@handles(msg.MediaUnmute)
def unmute(ctx: Ctx, cmd: msg.MediaUnmute) -> dict[str, object]:
    _moderate(ctx, cmd.meeting_id)
    if (cmd.user_id, msg.MediaKind(cmd.kind).value) in muted_tracks(ctx.session, cmd.meeting_id):
        ctx.emit(
            cmd.meeting_id,
            msg.MediaUnmuted(user_id=cmd.user_id, kind=cmd.kind, by=ctx.user.user_id),
        )
    return {"user_id": cmd.user_id, "kind": msg.MediaKind(cmd.kind).value}


@handles(msg.MediaMuteAllButSpeaker, record=False)
def mute_all_but_speaker(ctx: Ctx, cmd: msg.MediaMuteAllButSpeaker) -> None:
    """Check the right; the relay, which knows who speaks, calls :func:`mute_all_but`."""
    _moderate(ctx, cmd.meeting_id)
    ctx.effect(MuteAllButSpeaker(cmd.meeting_id))


def mute_all_but(
    session: Session, actor: Actor, meeting_id: int, keep: int | None
) -> list[CommittedEvent]:
    """Mute the audio of everyone attending but ``keep`` (and the chair doing it)."""
    ctx = Ctx(session=session, actor=actor, append=event_log.append)
    _moderate(ctx, meeting_id)
    muted = muted_tracks(session, meeting_id)
    attending = session.scalars(
        select(Attendance.user_id)
        .where(Attendance.meeting_id == meeting_id, Attendance.left_at.is_(None))
        .order_by(Attendance.user_id)
    )
    for user_id in attending:
        if user_id in (keep, actor.user_id) or (user_id, "audio") in muted:
            continue
        ctx.emit(
            meeting_id,
            msg.MediaMuted(user_id=user_id, kind=msg.MediaKind.AUDIO, by=actor.user_id),
        )
    return ctx.events


def unmute_on_floor(ctx: Ctx, meeting_id: int, user_id: int) -> None:
    """The floor was given to ``user_id``: their audio is forwarded again."""
    if (user_id, "audio") in muted_tracks(ctx.session, meeting_id):
        ctx.emit(
            meeting_id,
            msg.MediaUnmuted(user_id=user_id, kind=msg.MediaKind.AUDIO, by=ctx.user.user_id),
        )


@handles(msg.MediaSelect, record=False)
def choose(ctx: Ctx, cmd: msg.MediaSelect) -> dict[str, object]:
    require_media(ctx, cmd.meeting_id)
    chosen = tuple(dict.fromkeys(u for u in cmd.user_ids if u != ctx.user.user_id))
    ctx.effect(SelectMedia(cmd.meeting_id, chosen))
    return {"meeting_id": cmd.meeting_id, "user_ids": list(chosen)}
