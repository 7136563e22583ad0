"""What a domain handler gets: the caller's DB session, the actor, and ways to record events.

A handler validates, changes rows, and calls :meth:`Ctx.emit` for every state change.
The dispatcher commits once per command; events get their ``seq`` inside that
transaction, so they are durable before anyone is told about them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from protocol.envelope import Event
from protocol.errors import NotAuthenticated


@dataclass(frozen=True)
class Actor:
    """The authenticated user behind a command."""

    user_id: int
    username: str
    full_name: str
    roles: frozenset[str]
    clearance: str = "thuong"


@dataclass(frozen=True)
class CommittedEvent:
    meeting_id: int
    seq: int
    type: str
    audience: str
    payload: bytes
    at: datetime


# --- effects: what the transport must do after the transaction commits ----------------


@dataclass(frozen=True)
class Authenticated:
    """The connection now acts as ``actor``; ``token`` is the session token."""

    actor: Actor
    token: str


@dataclass(frozen=True)
class LoggedOut:
    pass


@dataclass(frozen=True)
class Subscribe:
    """Start sending this meeting's events after ``since_seq`` (snapshot if impossible)."""

    meeting_id: int
    since_seq: int | None
    epoch: str | None
    lobby: bool = False


@dataclass(frozen=True)
class Unsubscribe:
    meeting_id: int


@dataclass(frozen=True)
class DisconnectUser:
    """End every live connection of ``user_id`` (account disabled)."""

    user_id: int
    reason: str


@dataclass(frozen=True)
class EjectFromMeeting:
    """Stop sending a meeting's events to ``user_id`` (removed by the chair)."""

    meeting_id: int
    user_id: int


@dataclass(frozen=True)
class NotifyUsers:
    """Send a user-level ``notice`` to the live connections of ``user_ids`` (news that
    belongs to no meeting, e.g. an opinion poll was sent); ``ref`` names the subject."""

    user_ids: tuple[int, ...]
    code: str
    message: str
    ref: str | None = None


@dataclass(frozen=True)
class NegotiateMedia:
    """Hand an SDP offer to the media relay; its answer is the command's result."""

    meeting_id: int
    sdp: str


@dataclass(frozen=True)
class LeaveMedia:
    """Close the connection's media in this meeting."""

    meeting_id: int


@dataclass(frozen=True)
class SelectMedia:
    """The viewer's choice of video tiles (empty: who spoke last)."""

    meeting_id: int
    user_ids: tuple[int, ...]


@dataclass(frozen=True)
class MuteAllButSpeaker:
    """Mute everyone's audio but the active speaker's (the relay knows who speaks)."""

    meeting_id: int


@dataclass(frozen=True)
class StartRecording:
    """Start recording the meeting (the relay has the media)."""

    meeting_id: int


@dataclass(frozen=True)
class StopRecording:
    """Stop recording the meeting; the file is hashed and listed."""

    meeting_id: int


Effect = (
    Authenticated
    | LoggedOut
    | Subscribe
    | Unsubscribe
    | DisconnectUser
    | EjectFromMeeting
    | NotifyUsers
    | NegotiateMedia
    | LeaveMedia
    | SelectMedia
    | MuteAllButSpeaker
    | StartRecording
    | StopRecording
)


#: Effects the media relay carries out before the command is acknowledged.
MEDIA_EFFECTS = (
    NegotiateMedia,
    LeaveMedia,
    SelectMedia,
    MuteAllButSpeaker,
    StartRecording,
    StopRecording,
)


class KeepChanges(Exception):
    """Raise to fail a command yet commit what it changed (e.g. a failed-login count)."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class Ctx:
    session: Session
    actor: Actor | None
    #: Appends an event to the log (set by the dispatcher; see ``server.domain.events``).
    append: Callable[[Session, int, Event, str], CommittedEvent]
    clock: Callable[[], datetime] = utcnow
    #: Settings (limits, expiries) from the composition root.
    settings: Any = None
    events: list[CommittedEvent] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    #: The handler's return value (JSON-encodable), sent back in the ``ack``.
    result: Any = None
    #: True when the result is a stored one from an earlier, identical command.
    replayed: bool = False

    @property
    def user(self) -> Actor:
        if self.actor is None:
            raise NotAuthenticated("Log in first (session.login or session.resume).")
        return self.actor

    def emit(self, meeting_id: int, event: Event, audience: str = "all") -> CommittedEvent:
        """Record ``event`` in the meeting's log with the next ``seq``."""
        committed = self.append(self.session, meeting_id, event, audience)
        self.events.append(committed)
        return committed

    def effect(self, effect: Effect) -> None:
        self.effects.append(effect)
