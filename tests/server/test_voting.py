"""Polls through the domain: lifecycle, the Government's rule, substitutes, secrecy."""

from __future__ import annotations

import hashlib
from typing import Any

import msgspec
import pytest
from sqlalchemy import select

from protocol import meetings as mm
from protocol import state as st
from protocol import voting as pv
from protocol.agenda import AgendaAddItem
from protocol.envelope import codec, fingerprint
from protocol.errors import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
)
from server.domain import events as log
from server.domain.context import Actor
from server.domain.snapshot import catch_up
from server.store.models import Base, CommandRecord, EventRecord
from tests.harness import Domain


@pytest.fixture
def body(domain: Domain) -> dict[str, Any]:
    """A body of 7 (the chair and six ministers), a guest, the secretariat, a deputy."""
    people: dict[str, Any] = {
        "sec": domain.user("thuky", ["secretariat"]),
        "chair": domain.user("thutuong", ["chair"], full_name="Thủ tướng"),
        "members": [domain.user(f"botruong{n}", ["member"]) for n in range(1, 7)],
        "guest": domain.user("khach", ["guest"]),
        "deputy": domain.user("thutruong", ["member"], full_name="Thứ trưởng"),
        "outsider": domain.user("nguoingoai", ["member"]),
    }
    mid = domain.meeting(
        people["sec"], chair=people["chair"], members=people["members"], guests=[people["guest"]]
    )
    people["mid"] = mid
    people["item"] = domain.do(
        people["sec"], AgendaAddItem, meeting_id=mid, title="Tờ trình dự án Luật Đất đai"
    )["item_id"]
    return people


def _start(domain: Domain, body: dict[str, Any]) -> None:
    domain.do(body["chair"], mm.MeetingTransition, meeting_id=body["mid"], action="start")


def _open_poll(domain: Domain, body: dict[str, Any], *, secret: bool = False) -> int:
    pid = domain.do(
        body["sec"],
        pv.PollCreate,
        meeting_id=body["mid"],
        item_id=body["item"],
        question="Thông qua Tờ trình?",
        secret=secret,
    )["poll_id"]
    domain.do(body["chair"], pv.PollOpen, poll_id=pid)
    return pid


def _cast(domain: Domain, pid: int, votes: list[tuple[Actor, str]]) -> None:
    for actor, choice in votes:
        domain.do(actor, pv.PollVote, poll_id=pid, choice=choice)


def _publish(domain: Domain, body: dict[str, Any], pid: int) -> Any:
    domain.do(body["chair"], pv.PollClose, poll_id=pid)
    return domain.do(body["chair"], pv.PollPublish, poll_id=pid)["result"]


def _snapshot(domain: Domain, actor: Actor, mid: int) -> tuple[int, st.MeetingView]:
    got = domain.runner.run_sync(lambda s: catch_up(s, actor, mid, None, None, 10**6))
    assert got.snapshot is not None
    return got.seq, got.snapshot


def _replay(domain: Domain, view: st.MeetingView, mid: int, since: int) -> st.MeetingView:
    for e in domain.runner.run_sync(lambda s: log.read_since(s, mid, since)):
        st.apply(view, codec().decode_event(e.payload))
    return view


# --- the Government's rule ------------------------------------------------------------


def test_four_yes_of_seven_adopts_and_records_the_decision(domain: Domain, body) -> None:
    _start(domain, body)
    pid = _open_poll(domain, body)
    _cast(domain, pid, [(m, "yes") for m in body["members"][:4]])
    result = _publish(domain, body, pid)
    assert (result.yes, result.total_members, result.outcome) == (4, 7, "adopted")
    _, view = _snapshot(domain, body["chair"], body["mid"])
    assert view.items[body["item"]].decision == "adopted"
    assert view.polls[pid].state == "published"
    assert [t for _, t in domain.events(body["mid"])][-2:] == [
        "poll.published",
        "agenda.decision_recorded",
    ]


def test_majority_of_those_voting_is_not_enough(domain: Domain, body) -> None:
    """3 yes and 1 no with three absent: most of the votes, but not more than half of 7."""
    _start(domain, body)
    pid = _open_poll(domain, body)
    m = body["members"]
    _cast(domain, pid, [(m[0], "yes"), (m[1], "yes"), (m[2], "yes"), (m[3], "no")])
    assert _publish(domain, body, pid).outcome == "rejected"


@pytest.mark.parametrize(("chair_choice", "expected"), [("yes", "adopted"), ("no", "rejected")])
def test_a_tie_follows_the_chair(domain: Domain, body, chair_choice: str, expected: str) -> None:
    _start(domain, body)
    pid = _open_poll(domain, body)
    m = body["members"]
    chair_side = [(body["chair"], chair_choice), (m[0], chair_choice), (m[1], chair_choice)]
    other = "no" if chair_choice == "yes" else "yes"
    _cast(domain, pid, [*chair_side, (m[2], other), (m[3], other), (m[4], other)])
    result = _publish(domain, body, pid)
    assert (result.yes, result.no, result.ballots_cast) == (3, 3, 6)
    assert result.outcome == expected
    assert result.choices[body["chair"].user_id] == chair_choice


def test_a_secret_tie_is_reported_tied(domain: Domain, body) -> None:
    _start(domain, body)
    pid = _open_poll(domain, body, secret=True)
    m = body["members"]
    _cast(domain, pid, [(body["chair"], "yes"), (m[0], "yes"), (m[1], "yes")])
    _cast(domain, pid, [(m[2], "no"), (m[3], "no"), (m[4], "no")])
    result = _publish(domain, body, pid)
    assert (result.outcome, result.choices) == ("tied", None)
    _, view = _snapshot(domain, body["chair"], body["mid"])
    assert view.items[body["item"]].decision == "tied"


def test_members_are_counted_when_the_poll_opens_present_or_not(domain: Domain, body) -> None:
    _start(domain, body)
    domain.do(body["members"][0], mm.MeetingJoin, meeting_id=body["mid"])
    pid = domain.do(
        body["sec"], pv.PollCreate, meeting_id=body["mid"], item_id=body["item"], question="?"
    )["poll_id"]
    assert domain.do(body["chair"], pv.PollOpen, poll_id=pid)["total_members"] == 7


# --- who may vote, and once -----------------------------------------------------------


def test_a_member_votes_once(domain: Domain, body) -> None:
    _start(domain, body)
    pid = _open_poll(domain, body)
    member = body["members"][0]
    ack = domain.do(member, pv.PollVote, poll_id=pid, choice="yes")
    assert ack == {"poll_id": pid, "member_id": member.user_id, "ballots_cast": 1}
    with pytest.raises(Conflict, match="already voted"):
        domain.do(member, pv.PollVote, poll_id=pid, choice="no")


def test_guest_secretariat_and_outsider_cannot_vote(domain: Domain, body) -> None:
    _start(domain, body)
    pid = _open_poll(domain, body)
    for actor in (body["guest"], body["sec"]):
        with pytest.raises(PermissionDenied):
            domain.do(actor, pv.PollVote, poll_id=pid, choice="yes")
    with pytest.raises(NotFound):
        domain.do(body["outsider"], pv.PollVote, poll_id=pid, choice="yes")


def test_a_member_cannot_vote_for_another(domain: Domain, body) -> None:
    _start(domain, body)
    pid = _open_poll(domain, body)
    m = body["members"]
    with pytest.raises(PermissionDenied):
        domain.do(m[0], pv.PollVote, poll_id=pid, choice="yes", on_behalf_of=m[1].user_id)


def _substitute(domain: Domain, body: dict[str, Any], *, delegated: bool) -> Actor:
    minister = body["members"][5]
    domain.do(
        body["sec"],
        mm.ParticipantUpdate,
        meeting_id=body["mid"],
        user_id=minister.user_id,
        substitute_user_id=body["deputy"].user_id,
        vote_delegated=delegated,
    )
    return minister


def test_a_delegated_substitute_votes_for_the_minister(domain: Domain, body) -> None:
    minister = _substitute(domain, body, delegated=True)
    _start(domain, body)
    pid = _open_poll(domain, body)
    ack = domain.do(
        body["deputy"], pv.PollVote, poll_id=pid, choice="yes", on_behalf_of=minister.user_id
    )
    assert ack["member_id"] == minister.user_id
    with pytest.raises(Conflict, match="already voted"):
        domain.do(minister, pv.PollVote, poll_id=pid, choice="no")
    _, view = _snapshot(domain, body["chair"], body["mid"])
    assert view.polls[pid].voted_member_ids == [minister.user_id]


def test_a_substitute_without_delegation_cannot_vote(domain: Domain, body) -> None:
    minister = _substitute(domain, body, delegated=False)
    _start(domain, body)
    pid = _open_poll(domain, body)
    with pytest.raises(PermissionDenied):
        domain.do(
            body["deputy"], pv.PollVote, poll_id=pid, choice="yes", on_behalf_of=minister.user_id
        )


# --- lifecycle ------------------------------------------------------------------------


def test_voting_on_a_closed_or_unopened_poll_is_refused(domain: Domain, body) -> None:
    _start(domain, body)
    pid = domain.do(
        body["sec"], pv.PollCreate, meeting_id=body["mid"], item_id=body["item"], question="?"
    )["poll_id"]
    member = body["members"][0]
    with pytest.raises(InvalidTransition):
        domain.do(member, pv.PollVote, poll_id=pid, choice="yes")
    domain.do(body["chair"], pv.PollOpen, poll_id=pid)
    domain.do(body["chair"], pv.PollClose, poll_id=pid)
    before = domain.events(body["mid"])
    with pytest.raises(InvalidTransition):
        domain.do(member, pv.PollVote, poll_id=pid, choice="yes")
    assert domain.events(body["mid"]) == before
    with pytest.raises(InvalidTransition):
        domain.do(body["chair"], pv.PollOpen, poll_id=pid)


def test_no_ballot_after_the_meeting_ended(domain: Domain, body) -> None:
    _start(domain, body)
    pid = _open_poll(domain, body)
    domain.do(body["chair"], mm.MeetingTransition, meeting_id=body["mid"], action="end")
    with pytest.raises(InvalidTransition, match="in progress"):
        domain.do(body["members"][0], pv.PollVote, poll_id=pid, choice="yes")
    domain.do(body["chair"], pv.PollClose, poll_id=pid)
    assert domain.do(body["chair"], pv.PollPublish, poll_id=pid)["result"].ballots_cast == 0


def test_a_poll_opens_only_in_a_meeting_in_progress(domain: Domain, body) -> None:
    pid = domain.do(
        body["sec"], pv.PollCreate, meeting_id=body["mid"], item_id=body["item"], question="?"
    )["poll_id"]
    with pytest.raises(InvalidTransition, match="start the meeting"):
        domain.do(body["chair"], pv.PollOpen, poll_id=pid)


def test_cancel_only_before_opening(domain: Domain, body) -> None:
    _start(domain, body)
    first = _open_poll(domain, body)
    with pytest.raises(InvalidTransition):
        domain.do(body["chair"], pv.PollCancel, poll_id=first)
    second = domain.do(
        body["sec"], pv.PollCreate, meeting_id=body["mid"], item_id=body["item"], question="?"
    )["poll_id"]
    assert domain.do(body["chair"], pv.PollCancel, poll_id=second)["state"] == "cancelled"


def test_a_poll_needs_an_item_of_this_meeting(domain: Domain, body) -> None:
    other = domain.meeting(body["sec"], chair=body["chair"])
    with pytest.raises(NotFound):
        domain.do(body["sec"], pv.PollCreate, meeting_id=other, item_id=body["item"], question="?")


def test_no_poll_is_prepared_after_the_meeting_ended(domain: Domain, body) -> None:
    _start(domain, body)
    domain.do(body["chair"], mm.MeetingTransition, meeting_id=body["mid"], action="end")
    with pytest.raises(InvalidTransition):
        domain.do(
            body["sec"], pv.PollCreate, meeting_id=body["mid"], item_id=body["item"], question="?"
        )


# --- permission-denied twins ----------------------------------------------------------


def test_a_member_cannot_prepare_a_poll(domain: Domain, body) -> None:
    with pytest.raises(PermissionDenied):
        domain.do(
            body["members"][0],
            pv.PollCreate,
            meeting_id=body["mid"],
            item_id=body["item"],
            question="?",
        )


@pytest.mark.parametrize("who", ["member", "sec"])
@pytest.mark.parametrize("step", [pv.PollOpen, pv.PollClose, pv.PollPublish, pv.PollCancel])
def test_only_the_chair_manages_a_poll(domain: Domain, body, who: str, step: type) -> None:
    _start(domain, body)
    pid = domain.do(
        body["sec"], pv.PollCreate, meeting_id=body["mid"], item_id=body["item"], question="?"
    )["poll_id"]
    if step in (pv.PollClose, pv.PollPublish):
        domain.do(body["chair"], pv.PollOpen, poll_id=pid)
    if step is pv.PollPublish:
        domain.do(body["chair"], pv.PollClose, poll_id=pid)
    actor = body["members"][0] if who == "member" else body["sec"]
    with pytest.raises(PermissionDenied):
        domain.do(actor, step, poll_id=pid)
    domain.do(body["chair"], step, poll_id=pid)


# --- nothing leaks ----------------------------------------------------------------------


def test_no_choice_is_broadcast_or_acknowledged_before_publication(domain: Domain, body) -> None:
    _start(domain, body)
    for secret in (False, True):
        pid = _open_poll(domain, body, secret=secret)
        ack = domain.do(body["members"][0], pv.PollVote, poll_id=pid, choice="no")
        assert "no" not in msgspec.json.encode(ack).decode().split('"')
    voted = domain.runner.run_sync(
        lambda s: [
            codec().decode_event(e.payload)
            for e in log.read_since(s, body["mid"], 0)
            if e.type == "poll.voted"
        ]
    )
    assert len(voted) == 2 and all(e.choice is None for e in voted)


def _values(value: object) -> list[object]:
    """Every scalar inside a row value (JSON and stored JSON bytes are opened up).

    Mapping keys count as data only when numeric (ids); other keys are field names."""
    if isinstance(value, bytes | memoryview):
        try:
            value = msgspec.json.decode(bytes(value))
        except (msgspec.DecodeError, UnicodeDecodeError):
            return [bytes(value)]
    if isinstance(value, dict):
        keys = [k for k in value if str(k).isdigit()]
        return [*keys, *(v for part in value.values() for v in _values(part))]
    if isinstance(value, list | tuple):
        return [v for part in value for v in _values(part)]
    return [value]


def _links(domain: Domain, choices: dict[int, str]) -> list[tuple[str, dict[str, object]]]:
    """Rows anywhere in the database holding a member's id together with their choice."""

    def dump(session: Any) -> list[tuple[str, dict[str, object]]]:
        rows = []
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)).mappings():
                rows.append((table.name, dict(row)))
        return rows

    found = []
    for table, row in domain.runner.run_sync(dump):
        values = set(map(str, _values(list(row.values()))))
        for member, choice in choices.items():
            if str(member) in values and choice in values:
                found.append((table, row))
    return found


def _ballots_by_fingerprint(domain: Domain, pid: int, choices: dict[int, str]) -> list[int]:
    """Members whose stored command fingerprint gives their choice away by brute force."""
    rows = domain.runner.run_sync(
        lambda s: list(s.scalars(select(CommandRecord).where(CommandRecord.type == "poll.vote")))
    )
    leaked = []
    for row in rows:
        matches = [
            c
            for c in pv.Choice
            if hashlib.sha256(
                fingerprint(pv.PollVote(id=row.command_id, poll_id=pid, choice=c))
            ).hexdigest()
            == row.fingerprint
        ]
        if matches == [pv.Choice(choices[row.user_id])]:
            leaked.append(row.user_id)
    return leaked


def _varied_votes(body: dict[str, Any]) -> dict[int, str]:
    m = body["members"]
    people = [body["chair"], *m[:5]]
    return dict(
        zip(
            [p.user_id for p in people],
            ["yes", "no", "abstain", "yes", "no", "abstain"],
            strict=True,
        )
    )


@pytest.mark.parametrize("secret", [True, False])
def test_secret_ballots_cannot_be_linked_to_members(domain: Domain, body, secret: bool) -> None:
    """Dump every table (events and commands included) after a poll: in a secret poll no
    row holds a member together with their choice; the same check finds the link in a
    named poll, so it is able to fail."""
    _start(domain, body)
    pid = _open_poll(domain, body, secret=secret)
    choices = _varied_votes(body)
    actors = {a.user_id: a for a in [body["chair"], *body["members"]]}
    _cast(domain, pid, [(actors[uid], c) for uid, c in choices.items()])
    result = _publish(domain, body, pid)
    assert (result.yes, result.no, result.abstain) == (2, 2, 2)
    links = _links(domain, choices)
    if secret:
        assert links == []
        assert _ballots_by_fingerprint(domain, pid, choices) == []
    else:
        tables = {table for table, _ in links}
        assert "ballots" in tables and "events" in tables  # poll.published lists the choices
        assert len([t for t, _ in links if t == "ballots"]) == 6


def test_the_stored_vote_commands_hold_no_choice(domain: Domain, body) -> None:
    _start(domain, body)
    pid = _open_poll(domain, body, secret=True)
    domain.do(body["members"][0], pv.PollVote, poll_id=pid, choice="abstain")
    results = domain.runner.run_sync(
        lambda s: (
            [r.result for r in s.scalars(select(CommandRecord))]
            + [r.payload for r in s.scalars(select(EventRecord))]
        )
    )
    assert not any(b"abstain" in r for r in results)


# --- the reducer agrees with the snapshot ---------------------------------------------


@pytest.mark.parametrize("secret", [False, True])
def test_events_replayed_on_a_snapshot_give_the_later_snapshot(
    domain: Domain, body, secret: bool
) -> None:
    _start(domain, body)
    seq, view = _snapshot(domain, body["chair"], body["mid"])
    first = _open_poll(domain, body, secret=secret)
    m = body["members"]
    _cast(domain, first, [(body["chair"], "no"), (m[0], "yes"), (m[1], "no"), (m[2], "yes")])
    _publish(domain, body, first)
    cancelled = domain.do(
        body["sec"], pv.PollCreate, meeting_id=body["mid"], item_id=body["item"], question="?"
    )["poll_id"]
    domain.do(body["chair"], pv.PollCancel, poll_id=cancelled)
    still_open = _open_poll(domain, body, secret=secret)
    _cast(domain, still_open, [(m[3], "abstain")])
    _replay(domain, view, body["mid"], seq)
    _, after = _snapshot(domain, body["chair"], body["mid"])
    assert msgspec.to_builtins(view) == msgspec.to_builtins(after)
    assert after.polls[first].result is not None
    assert after.polls[still_open].ballots_cast == 1
