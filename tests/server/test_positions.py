"""Positions before the meeting: marking, who sees them, the summary, the reducer."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from protocol import agenda as ag
from protocol import meetings as mm
from protocol import state as st
from protocol.envelope import codec
from protocol.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from protocol.positions import PositionMark, PositionSummary, Stance
from protocol.voting import Choice
from server.domain import events as event_log
from server.domain.access import access_of, get_meeting
from server.domain.context import Actor
from server.domain.snapshot import catch_up
from tests.harness import Domain


@pytest.fixture
def people(domain: Domain) -> dict[str, Actor]:
    return {
        "sec": domain.user("thuky", ["secretariat"]),
        "chair": domain.user("thutuong", ["chair"], full_name="Phạm Minh Chính"),
        "m1": domain.user("botruong1", ["member"], full_name="Bộ trưởng Tài chính"),
        "m2": domain.user("botruong2", ["member"], full_name="Bộ trưởng Tư pháp"),
        "guest": domain.user("chuyengia", ["guest"]),
        "outsider": domain.user("khach", ["member"]),
    }


@pytest.fixture
def mid(domain: Domain, people: dict[str, Actor]) -> int:
    return domain.meeting(
        people["sec"],
        chair=people["chair"],
        members=[people["m1"], people["m2"]],
        guests=[people["guest"]],
    )


@pytest.fixture
def items(domain: Domain, people: dict[str, Actor], mid: int) -> list[int]:
    return [
        domain.do(people["sec"], ag.AgendaAddItem, meeting_id=mid, title=t)["item_id"]
        for t in ("Dự án Luật Đất đai", "Nghị định về đầu tư công")
    ]


def view_of(domain: Domain, actor: Actor, meeting_id: int) -> st.MeetingView:
    snap = domain.runner.run_sync(lambda s: catch_up(s, actor, meeting_id, None, None, 100000))
    assert snap.snapshot is not None
    return snap.snapshot


def shown(domain: Domain, actor: Actor, mid: int) -> set[tuple[int, int, str]]:
    """(item, user, stance) of every position ``actor``'s snapshot shows."""
    return {(p.item_id, p.user_id, p.stance.value) for p in view_of(domain, actor, mid).positions}


def test_a_member_marks_and_changes_a_position(domain: Domain, people, mid, items) -> None:
    m1 = people["m1"]
    domain.do(m1, PositionMark, item_id=items[0], stance=Stance.OBJECT, comment="Cần làm rõ")
    domain.do(
        m1, PositionMark, item_id=items[0], stance=Stance.NO_OBJECTION, preliminary_vote=Choice.YES
    )
    [mine] = view_of(domain, m1, mid).positions
    assert (mine.stance, mine.preliminary_vote, mine.comment) == ("no_objection", "yes", "")
    with pytest.raises(InvalidInput):
        domain.do(m1, PositionMark, item_id=items[0], stance=Stance.OBJECT, comment="x" * 4001)


def test_those_without_a_vote_cannot_mark_positions(domain: Domain, people, mid, items) -> None:
    for who in ("sec", "guest"):
        with pytest.raises(PermissionDenied):
            domain.do(people[who], PositionMark, item_id=items[0], stance=Stance.NO_OBJECTION)
    with pytest.raises(NotFound):
        domain.do(people["outsider"], PositionMark, item_id=items[0], stance=Stance.OBJECT)
    assert view_of(domain, people["chair"], mid).positions == []


def test_positions_close_when_the_meeting_ends(domain: Domain, people, mid, items) -> None:
    chair, m1 = people["chair"], people["m1"]
    domain.do(chair, mm.MeetingTransition, meeting_id=mid, action="start")
    domain.do(m1, PositionMark, item_id=items[0], stance=Stance.WISH_TO_SPEAK)
    domain.do(chair, mm.MeetingTransition, meeting_id=mid, action="end")
    with pytest.raises(Conflict):
        domain.do(m1, PositionMark, item_id=items[0], stance=Stance.NO_OBJECTION)
    assert shown(domain, m1, mid) == {(items[0], m1.user_id, "wish_to_speak")}


def test_positions_close_on_a_decided_item(domain: Domain, people, mid, items) -> None:
    chair, m1 = people["chair"], people["m1"]
    domain.do(m1, PositionMark, item_id=items[0], stance=Stance.NO_OBJECTION)
    domain.do(chair, mm.MeetingTransition, meeting_id=mid, action="start")
    domain.do(chair, ag.AgendaAdoptUnopposed, meeting_id=mid)
    with pytest.raises(Conflict):
        domain.do(m1, PositionMark, item_id=items[0], stance=Stance.OBJECT)


def test_positions_are_seen_by_managers_and_their_author_only(
    domain: Domain, people, mid, items
) -> None:
    m1, m2 = people["m1"], people["m2"]
    domain.do(m1, PositionMark, item_id=items[0], stance=Stance.OBJECT)
    domain.do(m2, PositionMark, item_id=items[0], stance=Stance.NO_OBJECTION)
    both = {(items[0], m1.user_id, "object"), (items[0], m2.user_id, "no_objection")}
    assert shown(domain, people["chair"], mid) == both
    assert shown(domain, people["sec"], mid) == both
    assert shown(domain, m1, mid) == {(items[0], m1.user_id, "object")}
    assert shown(domain, m2, mid) == {(items[0], m2.user_id, "no_objection")}
    assert shown(domain, people["guest"], mid) == set()
    audiences = domain.runner.run_sync(
        lambda s: [
            e.audience for e in event_log.read_since(s, mid, 0) if e.type == "position.marked"
        ]
    )
    assert audiences == [f"managers,user:{m1.user_id}", f"managers,user:{m2.user_id}"]


def test_the_chair_sees_the_summary(domain: Domain, people, mid, items) -> None:
    m1, m2 = people["m1"], people["m2"]
    domain.do(
        m1,
        PositionMark,
        item_id=items[0],
        stance=Stance.OBJECT,
        preliminary_vote=Choice.NO,
        comment="Chưa đủ cơ sở",
    )
    domain.do(
        m2, PositionMark, item_id=items[0], stance=Stance.NO_OBJECTION, preliminary_vote=Choice.YES
    )
    domain.do(m1, PositionMark, item_id=items[1], stance=Stance.NO_OBJECTION)
    for who in ("chair", "sec"):
        result = domain.do(people[who], PositionSummary, meeting_id=mid)
        assert result["unopposed"] == [items[1]]
        first, second = result["items"]
        assert (first.item_id, first.number, first.unopposed) == (items[0], "1", False)
        assert first.stances == {"no_objection": 1, "object": 1, "wish_to_speak": 0}
        assert first.votes == {"yes": 1, "no": 1, "abstain": 0}
        assert [(e.full_name, e.stance, e.preliminary_vote, e.comment) for e in first.entries] == [
            ("Bộ trưởng Tài chính", "object", "no", "Chưa đủ cơ sở"),
            ("Bộ trưởng Tư pháp", "no_objection", "yes", ""),
        ]
        assert (second.number, second.unopposed, len(second.entries)) == ("2", True, 1)


def test_a_member_cannot_see_the_summary(domain: Domain, people, mid, items) -> None:
    domain.do(people["m1"], PositionMark, item_id=items[0], stance=Stance.OBJECT)
    for who in ("m1", "guest"):
        with pytest.raises(PermissionDenied):
            domain.do(people[who], PositionSummary, meeting_id=mid)
    with pytest.raises(NotFound):
        domain.do(people["outsider"], PositionSummary, meeting_id=mid)


def test_the_reducer_agrees_with_the_snapshot(domain: Domain, people, mid, items) -> None:
    m1, m2 = people["m1"], people["m2"]
    domain.do(m2, PositionMark, item_id=items[1], stance=Stance.OBJECT)
    start = {who: view_of(domain, people[who], mid) for who in ("chair", "m1", "m2", "guest")}
    since = domain.events(mid)[-1][0]
    domain.do(m1, PositionMark, item_id=items[0], stance=Stance.OBJECT, comment="Cần làm rõ")
    domain.do(m2, PositionMark, item_id=items[0], stance=Stance.NO_OBJECTION)
    domain.do(
        m2,
        PositionMark,
        item_id=items[1],
        stance=Stance.WISH_TO_SPEAK,
        preliminary_vote=Choice.ABSTAIN,
    )
    domain.do(
        m1, PositionMark, item_id=items[0], stance=Stance.NO_OBJECTION, preliminary_vote=Choice.YES
    )
    for who, view in start.items():
        actor = people[who]

        def load(session: Any, actor: Actor = actor) -> tuple[list[Any], bool]:
            manager = access_of(session, actor, get_meeting(session, mid)).manager
            return event_log.read_since(session, mid, since), manager

        events, manager = domain.runner.run_sync(load)
        for e in events:
            if event_log.audience_allows(e.audience, actor.user_id, manager, lobby=False):
                st.apply(view, codec().decode_event(e.payload))
        assert msgspec.to_builtins(view) == msgspec.to_builtins(view_of(domain, actor, mid)), who
    assert len(start["chair"].positions) == 3 and len(start["m2"].positions) == 2
