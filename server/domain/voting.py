"""Polls (biểu quyết): create, open, vote, close, publish, cancel.

The rules:

* One ballot per member of the body (meeting role chair or member).  The voter is the
  member, or their substitute when the member delegated the vote.
* A secret poll stores who voted (a :class:`Ballot` with ``choice`` NULL) and, apart
  from that, only the poll's counters: no row, event or stored command result links a
  member to a choice.  Ballots carry no timestamp.
* Nothing about the choices is broadcast before the poll is published: ``poll.voted``
  carries how many ballots are in, never a choice.
* Publishing applies the Government's rule (``protocol.voting.outcome``) with the
  number of members frozen when the poll opened, and records the item's decision.
* In a meeting with ``signed_votes`` a ballot is recorded only with a valid signature
  by the caster's certificate (:mod:`server.domain.voting_signature`); the signature
  and certificate are kept with the ballot and in its ledger entry.  A secret poll's
  signature covers participation only, so it links no member to a choice either.
  The flag cannot change while a poll of the meeting is open.
"""

from __future__ import annotations

import msgspec
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from protocol import voting as msg
from protocol.agenda import AgendaDecisionRecorded
from protocol.errors import Conflict, InvalidInput, InvalidTransition, NotFound, PermissionDenied
from protocol.meeting_state import MeetingState
from protocol.permissions import VOTING_ROLES, MeetingRole
from server.domain import ledger, voting_signature
from server.domain.access import Access, meeting_access
from server.domain.context import Ctx
from server.domain.dispatch import handles
from server.store.models import AgendaItem, Ballot, Participant, Poll

#: Meetings in which no new poll can be prepared.
_CLOSED_MEETING_STATES = frozenset(
    {MeetingState.ENDED, MeetingState.ARCHIVED, MeetingState.CANCELLED}
)


def _load(ctx: Ctx, poll_id: int, permission: str) -> tuple[Poll, Access]:
    """The poll (locked, fresh) and the actor's access to its meeting.

    The meeting row is locked first, as every event append does, so that concurrent
    commands on one meeting queue in the same order and never deadlock.
    """
    found = ctx.session.get(Poll, poll_id)
    if found is None:
        raise NotFound(f"Poll {poll_id} does not exist.")
    access = meeting_access(ctx, found.meeting_id, permission, lock=True)
    poll = ctx.session.get(Poll, poll_id, with_for_update=True, populate_existing=True)
    assert poll is not None
    return poll, access


def _change_state(ctx: Ctx, poll: Poll, action: str) -> msg.PollState:
    new = msg.next_state(poll.state, action)
    poll.state = new
    ctx.emit(poll.meeting_id, msg.PollStateChanged(poll_id=poll.id, state=new))
    return new


def _members_of_body(session: Session, meeting_id: int) -> int:
    """Every member of the body (chair and members), present or not."""
    count = session.scalar(
        select(func.count(Participant.id)).where(
            Participant.meeting_id == meeting_id,
            Participant.role.in_([r.value for r in VOTING_ROLES]),
        )
    )
    return int(count or 0)


@handles(msg.PollCreate)
def create(ctx: Ctx, cmd: msg.PollCreate) -> dict[str, object]:
    """Prepare a poll on an agenda item of a meeting that has not ended."""
    access = meeting_access(ctx, cmd.meeting_id, "poll.can_prepare")
    if access.meeting.state in _CLOSED_MEETING_STATES:
        raise InvalidTransition(
            f"The meeting is {access.meeting.state}; no new vote can be prepared in it."
        )
    item = ctx.session.get(AgendaItem, cmd.item_id)
    if item is None or item.deleted or item.meeting_id != cmd.meeting_id:
        raise NotFound(
            f"Agenda item {cmd.item_id} is not on the agenda of this meeting; "
            "choose one of its items."
        )
    question = cmd.question.strip()
    if not question:
        raise InvalidInput("A vote needs a question, e.g. 'Thông qua Tờ trình số 12?'.")
    poll = Poll(
        meeting_id=cmd.meeting_id,
        item_id=item.id,
        question=question,
        secret=cmd.secret,
        state=msg.PollState.CREATED,
        total_members=0,
        yes_count=0,
        no_count=0,
        abstain_count=0,
        created_at=ctx.clock(),
    )
    ctx.session.add(poll)
    ctx.session.flush()
    ctx.emit(
        cmd.meeting_id,
        msg.PollCreated(poll_id=poll.id, item_id=item.id, question=question, secret=cmd.secret),
    )
    return {"poll_id": poll.id}


@handles(msg.PollOpen)
def open_poll(ctx: Ctx, cmd: msg.PollOpen) -> dict[str, object]:
    """Open voting (meeting in progress); freezes the number of members of the body."""
    poll, access = _load(ctx, cmd.poll_id, "poll.can_manage")
    msg.next_state(poll.state, "open")
    if access.meeting.state != MeetingState.IN_PROGRESS:
        raise InvalidTransition(
            f"The meeting is {access.meeting.state}; start the meeting before opening a vote."
        )
    poll.total_members = _members_of_body(ctx.session, poll.meeting_id)
    state = _change_state(ctx, poll, "open")
    return {"poll_id": poll.id, "state": state.value, "total_members": poll.total_members}


@handles(msg.PollClose)
def close(ctx: Ctx, cmd: msg.PollClose) -> dict[str, object]:
    """Stop accepting ballots."""
    poll, _ = _load(ctx, cmd.poll_id, "poll.can_manage")
    state = _change_state(ctx, poll, "close")
    return {"poll_id": poll.id, "state": state.value}


@handles(msg.PollCancel)
def cancel(ctx: Ctx, cmd: msg.PollCancel) -> dict[str, object]:
    """Drop a poll that was never opened."""
    poll, _ = _load(ctx, cmd.poll_id, "poll.can_manage")
    state = _change_state(ctx, poll, "cancel")
    return {"poll_id": poll.id, "state": state.value}


def _voter_for(access: Access, on_behalf_of: int | None) -> int:
    """The member whose ballot the actor casts, or :class:`PermissionDenied`."""
    actor_id = access.actor.user_id
    own = access.participant
    if own is not None and own.role in VOTING_ROLES:
        if on_behalf_of in (None, actor_id):
            return actor_id
        raise PermissionDenied("You can cast only your own ballot.")
    sub = access.substitute_for
    if sub is not None and sub.vote_delegated and sub.role in VOTING_ROLES:
        if on_behalf_of in (None, sub.user_id):
            return sub.user_id
        raise PermissionDenied(
            "As a substitute you can cast only the ballot of the member you stand in for."
        )
    raise PermissionDenied("Only members of the body vote; you are not one in this meeting.")


@handles(msg.PollVote)
def vote(ctx: Ctx, cmd: msg.PollVote) -> dict[str, object]:
    """Cast one member's ballot.

    The result never contains the choice: it is stored in the command log, which
    must not link a member to a choice in a secret poll.
    """
    poll, access = _load(ctx, cmd.poll_id, "poll.vote")
    msg.require_open(poll.state)
    if access.meeting.state != MeetingState.IN_PROGRESS:
        raise InvalidTransition(
            f"The meeting is {access.meeting.state}; ballots are cast only while it is in "
            "progress. The chair can close this poll."
        )
    member_id = _voter_for(access, cmd.on_behalf_of)
    existing = ctx.session.scalar(
        select(Ballot.id).where(Ballot.poll_id == poll.id, Ballot.member_id == member_id)
    )
    if existing is not None:
        who = "You have" if member_id == ctx.user.user_id else "This member has"
        raise Conflict(f"{who} already voted in this poll; a ballot cannot be changed.")
    choice = msg.Choice(cmd.choice)
    signer = None
    if access.meeting.signed_votes:
        signer = voting_signature.check(ctx, poll, member_id, cmd)
    ballot = Ballot(
        poll_id=poll.id,
        member_id=member_id,
        cast_by=ctx.user.user_id,
        choice=None if poll.secret else choice.value,
        signature=cmd.signature if signer else None,
        certificate_pem=signer.certificate_pem if signer else None,
    )
    ctx.session.add(ballot)
    ledger.append(
        ctx.session,
        "ballot",
        ledger.ballot_ref(poll.id, member_id),
        ledger.ballot_data(
            poll.id,
            member_id,
            ballot.cast_by,
            ballot.choice,
            ballot.signature,
            ballot.certificate_pem,
        ),
        meeting_id=poll.meeting_id,
    )
    if choice is msg.Choice.YES:
        poll.yes_count += 1
    elif choice is msg.Choice.NO:
        poll.no_count += 1
    else:
        poll.abstain_count += 1
    cast = poll.yes_count + poll.no_count + poll.abstain_count
    ctx.emit(
        poll.meeting_id,
        msg.PollVoted(
            poll_id=poll.id, member_id=member_id, cast_by=ctx.user.user_id, ballots_cast=cast
        ),
    )
    result: dict[str, object] = {"poll_id": poll.id, "member_id": member_id, "ballots_cast": cast}
    if signer is not None:
        result["signer"] = signer.common_name
    return result


def require_no_open_poll(session: Session, meeting_id: int) -> None:
    """:class:`Conflict` when a poll of the meeting is open (the signing rule is fixed
    while ballots are being cast)."""
    open_poll = session.scalar(
        select(Poll.id).where(Poll.meeting_id == meeting_id, Poll.state == msg.PollState.OPEN)
    )
    if open_poll is not None:
        raise Conflict(
            "A vote is open in this meeting; close it before changing whether votes must be "
            "digitally signed."
        )


def named_choices(session: Session, poll: Poll) -> dict[int, msg.Choice] | None:
    """Who chose what in a named poll (by member id), ``None`` for a secret poll."""
    if poll.secret:
        return None
    rows = session.execute(
        select(Ballot.member_id, Ballot.choice)
        .where(Ballot.poll_id == poll.id)
        .order_by(Ballot.member_id)
    )
    return {member: msg.Choice(choice) for member, choice in rows if choice is not None}


def _chair_choice(session: Session, poll: Poll) -> msg.Choice | None:
    if poll.secret:
        return None
    choice = session.scalar(
        select(Ballot.choice)
        .join(Participant, Participant.user_id == Ballot.member_id)
        .where(
            Ballot.poll_id == poll.id,
            Participant.meeting_id == poll.meeting_id,
            Participant.role == MeetingRole.CHAIR,
        )
    )
    return msg.Choice(choice) if choice else None


@handles(msg.PollPublish)
def publish(ctx: Ctx, cmd: msg.PollPublish) -> dict[str, object]:
    """Count a closed poll, announce the result and record the item's decision."""
    poll, _ = _load(ctx, cmd.poll_id, "poll.can_manage")
    new = msg.next_state(poll.state, "publish")
    tally = msg.Tally(
        yes=poll.yes_count,
        no=poll.no_count,
        abstain=poll.abstain_count,
        total_members=poll.total_members,
        chair_choice=_chair_choice(ctx.session, poll),
        secret=poll.secret,
    )
    result = msg.result_of(tally)
    choices = named_choices(ctx.session, poll)
    if choices is not None:
        result = msgspec.structs.replace(result, choices=choices)
    poll.state = new
    poll.outcome = result.outcome.value
    ctx.emit(poll.meeting_id, msg.PollPublished(poll_id=poll.id, result=result))
    item = ctx.session.get(AgendaItem, poll.item_id)
    assert item is not None
    item.decision = result.outcome.value
    item.decision_poll_id = poll.id
    ctx.emit(
        poll.meeting_id,
        AgendaDecisionRecorded(item_id=item.id, decision=result.outcome.value, poll_id=poll.id),
    )
    return {"poll_id": poll.id, "result": result}
