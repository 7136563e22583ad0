"""The agenda through the domain: tree and numbering, presenters, current item, adoption."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from protocol import agenda as ag
from protocol import meetings as mm
from protocol import state as st
from protocol.envelope import codec
from protocol.errors import Conflict, InvalidInput, InvalidTransition, NotFound, PermissionDenied
from protocol.positions import PositionMark
from server.domain import events as event_log
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
        "outsider": domain.user("khach", ["member"]),
    }


@pytest.fixture
def mid(domain: Domain, people: dict[str, Actor]) -> int:
    return domain.meeting(
        people["sec"], chair=people["chair"], members=[people["m1"], people["m2"]]
    )


def view_of(domain: Domain, actor: Actor, meeting_id: int) -> st.MeetingView:
    snap = domain.runner.run_sync(lambda s: catch_up(s, actor, meeting_id, None, None, 100000))
    assert snap.snapshot is not None
    return snap.snapshot


def numbered(domain: Domain, actor: Actor, meeting_id: int) -> dict[str, str]:
    """Title → agenda number, as a client would render the snapshot."""
    view = view_of(domain, actor, meeting_id)
    return {view.items[i].title: n for i, n in st.item_numbers(view).items()}


def add(domain: Domain, sec: Actor, meeting_id: int, title: str, **fields: Any) -> int:
    return int(
        domain.do(sec, ag.AgendaAddItem, meeting_id=meeting_id, title=title, **fields)["item_id"]
    )


def test_a_tree_of_items_is_numbered_in_agenda_order(domain: Domain, people, mid) -> None:
    sec = people["sec"]
    a = add(domain, sec, mid, "Kinh tế - xã hội")
    add(domain, sec, mid, "Pháp luật")
    c = add(domain, sec, mid, "Các vấn đề khác")
    add(domain, sec, mid, "Tăng trưởng", parent_id=a)
    a2 = add(domain, sec, mid, "Đầu tư công", parent_id=a)
    add(domain, sec, mid, "Giải ngân", parent_id=a, index=0)
    assert numbered(domain, sec, mid) == {
        "Kinh tế - xã hội": "1",
        "Giải ngân": "1.1",
        "Tăng trưởng": "1.2",
        "Đầu tư công": "1.3",
        "Pháp luật": "2",
        "Các vấn đề khác": "3",
    }
    domain.do(sec, ag.AgendaMoveItem, item_id=c, parent_id=None, index=0)
    domain.do(sec, ag.AgendaMoveItem, item_id=a2, parent_id=c, index=5)
    assert numbered(domain, sec, mid) == {
        "Các vấn đề khác": "1",
        "Đầu tư công": "1.1",
        "Kinh tế - xã hội": "2",
        "Giải ngân": "2.1",
        "Tăng trưởng": "2.2",
        "Pháp luật": "3",
    }


def test_a_member_cannot_add_items(domain: Domain, people, mid) -> None:
    for who in ("m1", "chair"):
        with pytest.raises(PermissionDenied):
            add(domain, people[who], mid, "Không được")
    with pytest.raises(NotFound):
        add(domain, people["outsider"], mid, "Không được")
    assert view_of(domain, people["sec"], mid).items == {}


def test_an_item_cannot_move_under_itself_or_its_sub_items(domain: Domain, people, mid) -> None:
    sec = people["sec"]
    a = add(domain, sec, mid, "A")
    a1 = add(domain, sec, mid, "A1", parent_id=a)
    a11 = add(domain, sec, mid, "A11", parent_id=a1)
    for target in (a, a1, a11):
        with pytest.raises(InvalidInput):
            domain.do(sec, ag.AgendaMoveItem, item_id=a, parent_id=target, index=0)
    assert numbered(domain, sec, mid) == {"A": "1", "A1": "1.1", "A11": "1.1.1"}


def test_a_member_cannot_reorder_the_agenda(domain: Domain, people, mid) -> None:
    a = add(domain, people["sec"], mid, "A")
    add(domain, people["sec"], mid, "B")
    with pytest.raises(PermissionDenied):
        domain.do(people["m1"], ag.AgendaMoveItem, item_id=a, parent_id=None, index=1)
    assert numbered(domain, people["sec"], mid) == {"A": "1", "B": "2"}


def test_item_fields_are_validated_and_updated(domain: Domain, people, mid) -> None:
    sec = people["sec"]
    for bad in (
        {"title": "  "},
        {"title": "x", "planned_minutes": 0},
        {"title": "x", "planned_minutes": 601},
    ):
        with pytest.raises(InvalidInput):
            domain.do(sec, ag.AgendaAddItem, meeting_id=mid, **bad)
    item = add(domain, sec, mid, "Dự thảo", planned_minutes=600)
    domain.do(
        sec, ag.AgendaUpdateItem, item_id=item, title="Dự thảo Luật Đất đai", planned_minutes=45
    )
    with pytest.raises(InvalidInput):
        domain.do(sec, ag.AgendaUpdateItem, item_id=item, planned_minutes=1000)
    shown = view_of(domain, people["m1"], mid).items[item]
    assert (shown.title, shown.planned_minutes) == ("Dự thảo Luật Đất đai", 45)


def test_a_member_cannot_update_items(domain: Domain, people, mid) -> None:
    item = add(domain, people["sec"], mid, "Dự thảo")
    with pytest.raises(PermissionDenied):
        domain.do(people["m1"], ag.AgendaUpdateItem, item_id=item, title="Đổi tên")
    assert view_of(domain, people["sec"], mid).items[item].title == "Dự thảo"


def test_the_presenter_must_be_a_participant(domain: Domain, people, mid) -> None:
    sec = people["sec"]
    with pytest.raises(InvalidInput):
        add(domain, sec, mid, "A", presenter_user_id=people["outsider"].user_id)
    item = add(domain, sec, mid, "A", presenter_user_id=people["m1"].user_id)
    with pytest.raises(InvalidInput):
        domain.do(
            sec, ag.AgendaUpdateItem, item_id=item, presenter_user_id=people["outsider"].user_id
        )
    assert view_of(domain, sec, mid).items[item].presenter_user_id == people["m1"].user_id
    domain.do(sec, ag.AgendaUpdateItem, item_id=item, presenter_user_id=people["m2"].user_id)
    assert view_of(domain, sec, mid).items[item].presenter_user_id == people["m2"].user_id
    domain.do(sec, ag.AgendaUpdateItem, item_id=item, clear_presenter=True)
    assert view_of(domain, sec, mid).items[item].presenter_user_id is None


def test_removing_an_item_renumbers_its_siblings(domain: Domain, people, mid) -> None:
    sec = people["sec"]
    a = add(domain, sec, mid, "A")
    b = add(domain, sec, mid, "B")
    add(domain, sec, mid, "C")
    add(domain, sec, mid, "B1", parent_id=b)
    with pytest.raises(Conflict):
        domain.do(sec, ag.AgendaRemoveItem, item_id=b)
    domain.do(sec, ag.AgendaRemoveItem, item_id=a)
    assert numbered(domain, sec, mid) == {"B": "1", "B1": "1.1", "C": "2"}
    with pytest.raises(NotFound):
        domain.do(sec, ag.AgendaRemoveItem, item_id=a)


def test_a_member_cannot_remove_items(domain: Domain, people, mid) -> None:
    a = add(domain, people["sec"], mid, "A")
    with pytest.raises(PermissionDenied):
        domain.do(people["m1"], ag.AgendaRemoveItem, item_id=a)
    assert numbered(domain, people["sec"], mid) == {"A": "1"}


def test_the_agenda_is_frozen_once_the_meeting_ended(domain: Domain, people, mid) -> None:
    a = add(domain, people["sec"], mid, "A")
    domain.do(people["chair"], mm.MeetingTransition, meeting_id=mid, action="start")
    domain.do(people["chair"], mm.MeetingTransition, meeting_id=mid, action="end")
    with pytest.raises(InvalidTransition):
        add(domain, people["sec"], mid, "B")
    with pytest.raises(InvalidTransition):
        domain.do(people["sec"], ag.AgendaUpdateItem, item_id=a, title="Đổi")


def test_the_chair_moves_the_current_item_during_the_meeting(domain: Domain, people, mid) -> None:
    a = add(domain, people["sec"], mid, "A")
    with pytest.raises(Conflict):
        domain.do(people["chair"], ag.AgendaSetCurrent, meeting_id=mid, item_id=a)
    domain.do(people["chair"], mm.MeetingTransition, meeting_id=mid, action="start")
    domain.do(people["chair"], ag.AgendaSetCurrent, meeting_id=mid, item_id=a)
    assert view_of(domain, people["m1"], mid).current_item_id == a
    assert domain.events(mid)[-1][1] == "agenda.current_changed"
    other = domain.meeting(people["sec"], chair=people["chair"])
    foreign = add(domain, people["sec"], other, "Khác")
    with pytest.raises(NotFound):
        domain.do(people["chair"], ag.AgendaSetCurrent, meeting_id=mid, item_id=foreign)
    domain.do(people["chair"], ag.AgendaSetCurrent, meeting_id=mid, item_id=None)
    assert view_of(domain, people["m1"], mid).current_item_id is None


def test_only_the_chair_moves_the_current_item(domain: Domain, people, mid) -> None:
    a = add(domain, people["sec"], mid, "A")
    domain.do(people["chair"], mm.MeetingTransition, meeting_id=mid, action="start")
    for who in ("m1", "sec"):
        with pytest.raises(PermissionDenied):
            domain.do(people[who], ag.AgendaSetCurrent, meeting_id=mid, item_id=a)
    assert view_of(domain, people["m1"], mid).current_item_id is None


def _marked_agenda(domain: Domain, people, mid: int) -> dict[str, int]:
    sec, m1, m2 = people["sec"], people["m1"], people["m2"]
    ids = {t: add(domain, sec, mid, t) for t in ("clean", "objected", "speak", "silent")}
    marks = {
        "clean": ("no_objection", "no_objection"),
        "objected": ("no_objection", "object"),
        "speak": ("wish_to_speak", "no_objection"),
    }
    for title, (s1, s2) in marks.items():
        domain.do(m1, PositionMark, item_id=ids[title], stance=s1)
        domain.do(m2, PositionMark, item_id=ids[title], stance=s2)
    return ids


def test_the_chair_adopts_exactly_the_unopposed_items(domain: Domain, people, mid) -> None:
    ids = _marked_agenda(domain, people, mid)
    with pytest.raises(Conflict):
        domain.do(people["chair"], ag.AgendaAdoptUnopposed, meeting_id=mid)
    domain.do(people["chair"], mm.MeetingTransition, meeting_id=mid, action="start")
    result = domain.do(people["chair"], ag.AgendaAdoptUnopposed, meeting_id=mid)
    assert result == {"adopted": [ids["clean"]]}
    view = view_of(domain, people["m1"], mid)
    assert {t: view.items[i].decision for t, i in ids.items()} == {
        "clean": "adopted",
        "objected": None,
        "speak": None,
        "silent": None,
    }
    last = codec().decode_event(
        domain.runner.run_sync(lambda s: event_log.read_since(s, mid, 0))[-1].payload
    )
    assert last == ag.AgendaDecisionRecorded(
        item_id=ids["clean"], decision="adopted", note="unopposed"
    )
    assert domain.do(people["chair"], ag.AgendaAdoptUnopposed, meeting_id=mid) == {"adopted": []}


def test_only_the_chair_adopts_unopposed_items(domain: Domain, people, mid) -> None:
    ids = _marked_agenda(domain, people, mid)
    domain.do(people["chair"], mm.MeetingTransition, meeting_id=mid, action="start")
    for who in ("m1", "sec"):
        with pytest.raises(PermissionDenied):
            domain.do(people[who], ag.AgendaAdoptUnopposed, meeting_id=mid)
    assert view_of(domain, people["chair"], mid).items[ids["clean"]].decision is None


def replay(domain: Domain, actor: Actor, mid: int, before: st.MeetingView, since: int) -> None:
    """Apply the events after ``since`` that ``actor`` may see to ``before``."""
    from server.domain.access import access_of, get_meeting

    def load(session: Any) -> tuple[list[Any], bool]:
        manager = access_of(session, actor, get_meeting(session, mid)).manager
        return event_log.read_since(session, mid, since), manager

    events, manager = domain.runner.run_sync(load)
    for e in events:
        if event_log.audience_allows(e.audience, actor.user_id, manager, lobby=False):
            st.apply(before, codec().decode_event(e.payload))


def test_the_reducer_agrees_with_the_snapshot(domain: Domain, people, mid) -> None:
    sec, chair, m1 = people["sec"], people["chair"], people["m1"]
    a = add(domain, sec, mid, "A")
    start = {who: view_of(domain, people[who], mid) for who in ("sec", "m1")}
    since = domain.events(mid)[-1][0]
    b = add(domain, sec, mid, "B", index=0, presenter_user_id=m1.user_id)
    b1 = add(domain, sec, mid, "B1", parent_id=b)
    c = add(domain, sec, mid, "C", parent_id=b, index=0)
    domain.do(sec, ag.AgendaUpdateItem, item_id=a, title="A mới", planned_minutes=30)
    domain.do(sec, ag.AgendaMoveItem, item_id=b1, parent_id=None, index=1)
    domain.do(sec, ag.AgendaMoveItem, item_id=a, parent_id=b, index=0)
    domain.do(m1, PositionMark, item_id=c, stance="no_objection", comment="Đồng ý")
    domain.do(people["m2"], PositionMark, item_id=b1, stance="object")
    domain.do(m1, PositionMark, item_id=b1, stance="no_objection")
    domain.do(chair, mm.MeetingTransition, meeting_id=mid, action="start")
    domain.do(chair, ag.AgendaSetCurrent, meeting_id=mid, item_id=c)
    domain.do(chair, ag.AgendaAdoptUnopposed, meeting_id=mid)
    domain.do(sec, ag.AgendaRemoveItem, item_id=b1)
    for who, view in start.items():
        replay(domain, people[who], mid, view, since)
        after = view_of(domain, people[who], mid)
        assert msgspec.to_builtins(view) == msgspec.to_builtins(after), who
    assert after.current_item_id == c and after.items[c].decision == "adopted"
