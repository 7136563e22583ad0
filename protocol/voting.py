"""Polls (biểu quyết) in a meeting: lifecycle, ballots and the Government's tally rule."""

from __future__ import annotations

from enum import StrEnum

import msgspec

from protocol.envelope import Command, Event
from protocol.errors import InvalidTransition
from protocol.transitions import transition


class PollState(StrEnum):
    CREATED = "created"
    OPEN = "open"
    CLOSED = "closed"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class Choice(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


class Outcome(StrEnum):
    ADOPTED = "adopted"
    REJECTED = "rejected"
    #: A secret poll whose yes and no are equal: the chair's side is unknowable.
    TIED = "tied"


TRANSITIONS: dict[tuple[PollState, str], PollState] = {
    (PollState.CREATED, "open"): PollState.OPEN,
    (PollState.CREATED, "cancel"): PollState.CANCELLED,
    (PollState.OPEN, "close"): PollState.CLOSED,
    (PollState.CLOSED, "publish"): PollState.PUBLISHED,
}


def next_state(state: PollState | str, action: str) -> PollState:
    """The state after ``action``, or :class:`InvalidTransition` (nothing changes)."""
    return transition(TRANSITIONS, PollState(state), action, "a poll")


def require_open(state: PollState | str) -> None:
    if PollState(state) is not PollState.OPEN:
        raise InvalidTransition(
            f"Voting is not open on this poll (it is {PollState(state).value})."
        )


class Tally(msgspec.Struct, kw_only=True, frozen=True):
    yes: int
    no: int
    abstain: int
    #: Every member of the body, present or not (the denominator of the majority rule).
    total_members: int
    #: The chair's choice, when the poll is named and the chair voted.
    chair_choice: Choice | None = None
    secret: bool = False

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.abstain


def outcome(tally: Tally) -> Outcome:
    """Adopted when yes votes are more than half of ALL members of the body.

    When yes and no are equal, the side the chair voted with prevails (Quy chế làm
    việc của Chính phủ).  In a secret poll the chair's side cannot be known, so an
    equal split is reported as ``tied`` for the chair to settle.
    """
    if tally.total_members <= 0:
        return Outcome.REJECTED
    if tally.yes * 2 > tally.total_members:
        return Outcome.ADOPTED
    if tally.yes == tally.no and tally.yes > 0:
        if tally.secret or tally.chair_choice is None:
            return Outcome.TIED
        if tally.chair_choice is Choice.YES:
            return Outcome.ADOPTED
        if tally.chair_choice is Choice.NO:
            return Outcome.REJECTED
        return Outcome.TIED
    return Outcome.REJECTED


class PollResult(msgspec.Struct, kw_only=True, frozen=True):
    yes: int
    no: int
    abstain: int
    total_members: int
    ballots_cast: int
    outcome: Outcome
    #: Who chose what (member id → choice), in a named poll only; never in a secret one.
    choices: dict[int, Choice] | None = None


def result_of(tally: Tally) -> PollResult:
    return PollResult(
        yes=tally.yes,
        no=tally.no,
        abstain=tally.abstain,
        total_members=tally.total_members,
        ballots_cast=tally.cast,
        outcome=outcome(tally),
    )


# --- commands -------------------------------------------------------------------------


class PollCreate(Command, tag="poll.create", frozen=True):
    meeting_id: int
    item_id: int
    question: str
    secret: bool = False


class PollOpen(Command, tag="poll.open", frozen=True):
    poll_id: int


class PollClose(Command, tag="poll.close", frozen=True):
    poll_id: int


class PollPublish(Command, tag="poll.publish", frozen=True):
    poll_id: int


class PollCancel(Command, tag="poll.cancel", frozen=True):
    poll_id: int


class PollVote(Command, tag="poll.vote", frozen=True):
    """Cast the ballot of ``on_behalf_of`` (default: yourself; a delegated substitute
    names the member they stand in for)."""

    poll_id: int
    choice: Choice
    on_behalf_of: int | None = None

    secret_fields = ("choice",)


# --- events ---------------------------------------------------------------------------


class PollCreated(Event, tag="poll.created", frozen=True):
    poll_id: int
    item_id: int
    question: str
    secret: bool


class PollStateChanged(Event, tag="poll.state_changed", frozen=True):
    poll_id: int
    state: PollState


class PollVoted(Event, tag="poll.voted", frozen=True):
    """A ballot was cast.  ``choice`` is always None: no live tally before publication
    (a named poll's choices come with the result, ``PollResult.choices``)."""

    poll_id: int
    member_id: int
    cast_by: int
    ballots_cast: int
    choice: Choice | None = None


class PollPublished(Event, tag="poll.published", frozen=True):
    poll_id: int
    result: PollResult
