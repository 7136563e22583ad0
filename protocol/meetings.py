"""Meetings, participants, and joining (which is also how a client resumes)."""

from __future__ import annotations

import msgspec

from protocol.envelope import Command, Event
from protocol.meeting_state import Classification, MeetingState
from protocol.permissions import MeetingRole


class MeetingSummary(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    title: str
    starts_at: str
    ends_at: str
    mode: str
    location: str
    classification: Classification
    state: MeetingState
    my_role: str | None


class MeetingCreate(Command, tag="meeting.create", frozen=True):
    """``signed_votes``: every ballot in the meeting's polls must be digitally signed
    (``protocol.voting.canonical_ballot``)."""

    title: str
    starts_at: str
    ends_at: str
    mode: str = "online"
    location: str = ""
    classification: Classification = Classification.NORMAL
    signed_votes: bool = False


class MeetingUpdate(Command, tag="meeting.update", frozen=True):
    meeting_id: int
    title: str | None = None
    starts_at: str | None = None
    ends_at: str | None = None
    mode: str | None = None
    location: str | None = None
    classification: Classification | None = None
    #: Cannot change while a poll of the meeting is open.
    signed_votes: bool | None = None


class MeetingTransition(Command, tag="meeting.transition", frozen=True):
    """Move a meeting through its lifecycle: publish, unpublish, start, end, archive, cancel."""

    meeting_id: int
    action: str


class MeetingList(Command, tag="meeting.list", frozen=True):
    pass


class MeetingJoin(Command, tag="meeting.join", frozen=True):
    """Subscribe to a meeting's events, and attend it when it is in progress.

    ``since_seq``/``epoch`` are the last event the client applied: the server answers
    with exactly the events after it, or with a snapshot when it cannot.
    """

    meeting_id: int
    since_seq: int | None = None
    epoch: str | None = None
    attend: bool = True


class MeetingLeave(Command, tag="meeting.leave", frozen=True):
    meeting_id: int


class ParticipantInvite(Command, tag="participant.invite", frozen=True):
    meeting_id: int
    user_id: int
    role: MeetingRole


class ParticipantUpdate(Command, tag="participant.update", frozen=True):
    """Change a participant's role, or record a substitute (a deputy attending for them)."""

    meeting_id: int
    user_id: int
    role: MeetingRole | None = None
    substitute_user_id: int | None = None
    clear_substitute: bool = False
    vote_delegated: bool | None = None
    absence_reason: str | None = None


class ParticipantUninvite(Command, tag="participant.uninvite", frozen=True):
    meeting_id: int
    user_id: int


class ParticipantRemove(Command, tag="participant.remove", frozen=True):
    """The chair removes someone from the live meeting."""

    meeting_id: int
    user_id: int


class MeetingCreated(Event, tag="meeting.created", frozen=True):
    title: str
    starts_at: str
    ends_at: str
    mode: str
    location: str
    classification: Classification
    signed_votes: bool = False


class MeetingUpdated(Event, tag="meeting.updated", frozen=True):
    title: str
    starts_at: str
    ends_at: str
    mode: str
    location: str
    classification: Classification
    signed_votes: bool = False


class MeetingStateChanged(Event, tag="meeting.state_changed", frozen=True):
    state: MeetingState
    action: str


class ParticipantInvited(Event, tag="participant.invited", frozen=True):
    user_id: int
    full_name: str
    position_title: str
    unit_name: str | None
    role: MeetingRole


class ParticipantUpdated(Event, tag="participant.updated", frozen=True):
    user_id: int
    role: MeetingRole
    substitute_user_id: int | None
    substitute_name: str | None
    vote_delegated: bool
    absence_reason: str | None


class ParticipantUninvited(Event, tag="participant.uninvited", frozen=True):
    user_id: int


class ParticipantJoined(Event, tag="participant.joined", frozen=True):
    """``user_id`` attends; ``for_user_id`` is the member they substitute for, if any."""

    user_id: int
    full_name: str
    for_user_id: int | None = None


class ParticipantLeft(Event, tag="participant.left", frozen=True):
    user_id: int


class ParticipantRemoved(Event, tag="participant.removed", frozen=True):
    user_id: int
