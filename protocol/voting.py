"""Polls (biểu quyết) in a meeting: lifecycle, ballots and the Government's tally rule.

In a meeting whose ``signed_votes`` flag is set, every ballot carries a detached CMS
signature (``PollVote.signature``) by the voter's certificate over
:func:`canonical_ballot`.  In a SECRET poll the signature covers participation only
(``choice`` is null in the signed bytes): it proves who cast a ballot without letting
the server, the record or an archivist link a member to a choice.
"""

from __future__ import annotations

import hashlib
import unicodedata
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


# --- the signed ballot -----------------------------------------------------------------

BALLOT_KIND = "ecabinet.poll.ballot"
BALLOT_VERSION = 1


class SignedBallot(msgspec.Struct, kw_only=True, frozen=True):
    """What a voter signs in a meeting with signed votes (see :func:`canonical_ballot`)."""

    kind: str
    v: int
    meeting_id: int
    poll_id: int
    #: SHA-256 (hex) of the question as put to the vote, in NFC: the signature names it.
    question_sha256: str
    #: The member whose ballot this is (the member a delegated substitute stands in for).
    member_id: int
    #: Who cast and signed it (the member, or their substitute).
    cast_by: int
    secret: bool
    #: None in a secret poll: the signature then covers participation only.
    choice: Choice | None


def question_sha256(question: str) -> str:
    """The hex SHA-256 of the question (NFC, surrounding spaces trimmed, UTF-8)."""
    text = unicodedata.normalize("NFC", question).strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_ballot(
    *,
    meeting_id: int,
    poll_id: int,
    question: str,
    member_id: int,
    cast_by: int,
    secret: bool,
    choice: Choice | str | None,
) -> bytes:
    """The exact bytes a voter signs: compact JSON with keys sorted, UTF-8.

    Deterministic, so the client and the server compute the same bytes from what both
    know (the poll as announced, the member and the caster).  In a secret poll
    ``choice`` is dropped whatever is passed: a secret ballot's signature must never
    reveal or prove its choice.  ``kind`` and ``v`` keep it from being taken for any
    other signed object (an opinion-poll ballot has another ``kind``).
    """
    ballot = SignedBallot(
        kind=BALLOT_KIND,
        v=BALLOT_VERSION,
        meeting_id=int(meeting_id),
        poll_id=int(poll_id),
        question_sha256=question_sha256(question),
        member_id=int(member_id),
        cast_by=int(cast_by),
        secret=bool(secret),
        choice=None if secret or choice is None else Choice(choice),
    )
    return msgspec.json.encode(ballot, order="sorted")


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
    names the member they stand in for); in a meeting with ``signed_votes``, signed:
    ``signature`` (detached CMS, DER) by the caster's own ``certificate_pem`` over
    ``canonical_ballot`` (a secret poll's covers participation only).

    The server checks the signature before anything is recorded (``SignatureInvalid``).
    """

    poll_id: int
    choice: Choice
    on_behalf_of: int | None = None
    signature: bytes | None = None
    certificate_pem: str | None = None

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
