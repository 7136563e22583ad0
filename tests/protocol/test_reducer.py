"""The reducer: events applied in order build the meeting a client shows.

Every event goes through the wire (encode, then ``decode_event``) before it is applied,
as it does in a client.
"""

from __future__ import annotations

import msgspec

from protocol.agenda import (
    AgendaCurrentChanged,
    AgendaDecisionRecorded,
    AgendaItemAdded,
    AgendaItemMoved,
    AgendaItemRemoved,
    AgendaItemUpdated,
)
from protocol.documents import DocumentAdded
from protocol.envelope import Event, codec, encode
from protocol.live import (
    FloorEnded,
    FloorGranted,
    FloorReordered,
    FloorRequested,
    FloorWithdrawn,
    LobbyAdmitted,
    LobbyEntered,
    LobbyRefused,
    PresenterPageChanged,
)
from protocol.meeting_state import Classification, MeetingState
from protocol.meetings import (
    MeetingCreated,
    MeetingStateChanged,
    MeetingUpdated,
    ParticipantInvited,
    ParticipantJoined,
    ParticipantLeft,
    ParticipantRemoved,
    ParticipantUninvited,
    ParticipantUpdated,
)
from protocol.permissions import MeetingRole
from protocol.positions import PositionMarked, Stance
from protocol.state import MeetingView, PageView, apply, item_numbers, ordered_items
from protocol.voting import (
    Choice,
    Outcome,
    PollCreated,
    PollPublished,
    PollResult,
    PollState,
    PollStateChanged,
    PollVoted,
)


def fresh() -> MeetingView:
    return MeetingView(
        meeting_id=1,
        title="Phiên họp Chính phủ thường kỳ tháng 1",
        starts_at="2025-01-02T08:00:00+07:00",
        ends_at="2025-01-02T11:30:00+07:00",
        mode="online",
        location="",
        classification=Classification.NORMAL,
        state=MeetingState.IN_PROGRESS,
    )


def run(*events: Event, view: MeetingView | None = None) -> MeetingView:
    view = view if view is not None else fresh()
    for event in events:
        assert apply(view, codec().decode_event(encode(event))) is view
    return view


def add(item_id: int, index: int, parent_id: int | None = None) -> AgendaItemAdded:
    return AgendaItemAdded(
        item_id=item_id,
        parent_id=parent_id,
        title=f"Item {item_id}",
        presenter_user_id=None,
        planned_minutes=10,
        index=index,
    )


def invited(user_id: int, role: MeetingRole = MeetingRole.MEMBER) -> ParticipantInvited:
    return ParticipantInvited(
        user_id=user_id,
        full_name=f"Người {user_id}",
        position_title="Bộ trưởng",
        unit_name=None,
        role=role,
    )


def doc(document_id: int, version: int, item_id: int = 10) -> DocumentAdded:
    return DocumentAdded(
        item_id=item_id,
        document_id=document_id,
        version_id=document_id * 100 + version,
        version=version,
        filename=f"to-trinh-{document_id}.pdf",
        sha256=f"{document_id:02d}{version:02d}" * 16,
        size=1000 * version,
        pages=3,
    )


def tree() -> MeetingView:
    return run(add(10, 0), add(20, 1), add(30, 2), add(11, 0, 10), add(12, 0, 10))


# --- agenda -----------------------------------------------------------------------------


def test_items_are_numbered_as_a_tree_in_agenda_order() -> None:
    view = tree()
    assert item_numbers(view) == {10: "1", 12: "1.1", 11: "1.2", 20: "2", 30: "3"}
    assert [i.item_id for i in ordered_items(view)] == [10, 12, 11, 20, 30]


def test_inserting_at_the_top_renumbers_the_rest() -> None:
    view = run(add(40, 0), view=tree())
    assert item_numbers(view) == {40: "1", 10: "2", 12: "2.1", 11: "2.2", 20: "3", 30: "4"}


def test_an_index_past_the_end_appends() -> None:
    view = run(add(50, 99), view=tree())
    assert item_numbers(view)[50] == "4"
    assert sorted(i.index for i in view.items.values() if i.parent_id is None) == [0, 1, 2, 3]


def test_moving_an_item_under_another_renumbers_both_levels() -> None:
    view = run(AgendaItemMoved(item_id=30, parent_id=10, index=1), view=tree())
    assert item_numbers(view) == {10: "1", 12: "1.1", 30: "1.2", 11: "1.3", 20: "2"}
    assert view.items[30].parent_id == 10


def test_moving_within_the_same_level() -> None:
    view = run(AgendaItemMoved(item_id=30, parent_id=None, index=0), view=tree())
    assert item_numbers(view) == {30: "1", 10: "2", 12: "2.1", 11: "2.2", 20: "3"}


def test_moving_a_child_to_the_top_level() -> None:
    view = run(AgendaItemMoved(item_id=12, parent_id=None, index=3), view=tree())
    assert item_numbers(view) == {10: "1", 11: "1.1", 20: "2", 30: "3", 12: "4"}


def test_removing_an_item_closes_the_gap_and_clears_it_as_current() -> None:
    view = run(AgendaCurrentChanged(item_id=20), view=tree())
    assert view.current_item_id == 20
    view = run(AgendaItemRemoved(item_id=20), view=view)
    assert item_numbers(view) == {10: "1", 12: "1.1", 11: "1.2", 30: "2"}
    assert view.current_item_id is None
    assert sorted(i.index for i in view.items.values() if i.parent_id is None) == [0, 1]


def test_item_update_and_decision() -> None:
    view = run(
        AgendaItemUpdated(
            item_id=20, title="Dự thảo Nghị định", presenter_user_id=4, planned_minutes=25
        ),
        AgendaDecisionRecorded(item_id=20, decision="adopted", poll_id=None),
        view=tree(),
    )
    item = view.items[20]
    assert (item.title, item.presenter_user_id, item.planned_minutes) == (
        "Dự thảo Nghị định",
        4,
        25,
    )
    assert item.decision == "adopted"
    assert item_numbers(view)[20] == "2"


# --- documents and positions ------------------------------------------------------------


def test_a_new_document_version_replaces_the_old_one_in_the_item() -> None:
    view = run(doc(1, 1), doc(2, 1), doc(1, 2), view=tree())
    documents = {d.document_id: d for d in view.items[10].documents}
    assert len(view.items[10].documents) == 2
    assert (documents[1].version, documents[1].version_id, documents[1].size) == (2, 102, 2000)
    assert documents[2].version == 1
    assert view.items[20].documents == []


def test_a_position_is_replaced_not_duplicated() -> None:
    def mark(user_id: int, stance: Stance, vote: Choice | None = None) -> PositionMarked:
        return PositionMarked(
            item_id=10, user_id=user_id, stance=stance, preliminary_vote=vote, comment=""
        )

    view = run(
        mark(2, Stance.OBJECT),
        mark(3, Stance.NO_OBJECTION, Choice.YES),
        mark(2, Stance.WISH_TO_SPEAK, Choice.NO),
        view=tree(),
    )
    by_user = {p.user_id: p for p in view.positions}
    assert len(view.positions) == 2
    assert (by_user[2].stance, by_user[2].preliminary_vote) == (Stance.WISH_TO_SPEAK, Choice.NO)
    assert by_user[3].stance is Stance.NO_OBJECTION


# --- people -----------------------------------------------------------------------------


def test_participants_join_leave_and_are_removed() -> None:
    view = run(
        invited(1, MeetingRole.CHAIR),
        invited(2),
        invited(3),
        ParticipantUpdated(
            user_id=3,
            role=MeetingRole.MEMBER,
            substitute_user_id=9,
            substitute_name="Thứ trưởng Chín",
            vote_delegated=True,
            absence_reason="Công tác nước ngoài",
        ),
        ParticipantJoined(user_id=1, full_name="Người 1"),
        ParticipantJoined(user_id=2, full_name="Người 2"),
        ParticipantJoined(user_id=9, full_name="Thứ trưởng Chín", for_user_id=3),
        ParticipantLeft(user_id=2),
    )
    people = view.participants
    assert people[1].present and not people[2].present
    assert (people[3].substitute_user_id, people[3].vote_delegated) == (9, True)
    assert people[3].absence_reason == "Công tác nước ngoài"
    assert not people[3].present
    assert (people[9].role, people[9].present) == ("substitute", True)

    view = run(ParticipantRemoved(user_id=9), ParticipantUninvited(user_id=2), view=view)
    assert (view.participants[9].removed, view.participants[9].present) == (True, False)
    assert 2 not in view.participants


def test_ending_the_meeting_marks_everyone_absent() -> None:
    view = run(invited(1), ParticipantJoined(user_id=1, full_name="Người 1"))
    assert view.participants[1].present
    view = run(MeetingStateChanged(state=MeetingState.ENDED, action="end"), view=view)
    assert view.state is MeetingState.ENDED
    assert not view.participants[1].present


def test_lobby_admits_and_refuses_guests() -> None:
    view = run(
        LobbyEntered(user_id=5, full_name="Khách Năm"),
        LobbyEntered(user_id=6, full_name="Khách Sáu"),
    )
    assert (view.participants[5].lobby, view.participants[5].present) == ("waiting", False)
    assert view.participants[5].role == "guest"
    view = run(LobbyAdmitted(user_id=5), LobbyRefused(user_id=6), view=view)
    assert (view.participants[5].lobby, view.participants[5].present) == ("admitted", True)
    assert (view.participants[6].lobby, view.participants[6].present) == ("refused", False)


def test_floor_requests_are_granted_reordered_and_cleared() -> None:
    view = run(
        FloorRequested(request_id=100, user_id=1, item_id=10),
        FloorRequested(request_id=101, user_id=2, item_id=None),
        FloorRequested(request_id=102, user_id=3, item_id=10),
        FloorReordered(request_ids=[102, 100, 101]),
    )
    assert [s.request_id for s in view.speakers] == [102, 100, 101]
    view = run(FloorGranted(request_id=102, seconds=120, started_at="t0"), view=view)
    speaking = view.speakers[0]
    assert (speaking.state, speaking.seconds, speaking.started_at) == ("speaking", 120, "t0")
    assert view.speakers[1].state == "waiting"
    view = run(
        FloorEnded(request_id=102, spoke_seconds=95), FloorWithdrawn(request_id=100), view=view
    )
    assert [s.request_id for s in view.speakers] == [101]


def test_presenter_page_is_followed() -> None:
    view = run(PresenterPageChanged(version_id=101, page=4, by_user_id=1))
    assert view.presenter_page == PageView(version_id=101, page=4, by_user_id=1)


# --- polls ------------------------------------------------------------------------------


def test_a_poll_runs_to_its_published_result() -> None:
    result = PollResult(
        yes=2, no=0, abstain=0, total_members=3, ballots_cast=2, outcome=Outcome.ADOPTED
    )
    view = run(
        PollCreated(poll_id=7, item_id=10, question="Thông qua tờ trình?", secret=True),
        PollStateChanged(poll_id=7, state=PollState.OPEN),
        PollVoted(poll_id=7, member_id=2, cast_by=2, ballots_cast=1),
        PollVoted(poll_id=7, member_id=2, cast_by=2, ballots_cast=1),
        PollVoted(poll_id=7, member_id=3, cast_by=9, ballots_cast=2),
        view=tree(),
    )
    poll = view.polls[7]
    assert (poll.state, poll.ballots_cast, poll.voted_member_ids) == (PollState.OPEN, 2, [2, 3])
    assert poll.result is None
    view = run(
        PollStateChanged(poll_id=7, state=PollState.CLOSED),
        PollPublished(poll_id=7, result=result),
        view=view,
    )
    assert (view.polls[7].state, view.polls[7].result) == (PollState.PUBLISHED, result)


# --- the meeting itself -----------------------------------------------------------------


def test_meeting_details_are_updated() -> None:
    view = run(
        MeetingUpdated(
            title="Phiên họp chuyên đề",
            starts_at="2025-02-01T08:00:00+07:00",
            ends_at="2025-02-01T10:00:00+07:00",
            mode="hybrid",
            location="Phòng họp số 1",
            classification=Classification.TOP_SECRET,
        )
    )
    assert (view.title, view.mode, view.location) == (
        "Phiên họp chuyên đề",
        "hybrid",
        "Phòng họp số 1",
    )
    assert view.classification is Classification.TOP_SECRET


def test_events_the_view_does_not_show_change_nothing() -> None:
    before = msgspec.json.encode(tree())
    view = run(
        MeetingCreated(
            title="x",
            starts_at="a",
            ends_at="b",
            mode="online",
            location="",
            classification=Classification.NORMAL,
        ),
        view=tree(),
    )
    assert msgspec.json.encode(view) == before


def test_a_view_survives_the_wire_as_a_snapshot() -> None:
    view = run(
        doc(1, 1), invited(2), FloorRequested(request_id=1, user_id=2, item_id=10), view=tree()
    )
    assert msgspec.json.decode(msgspec.json.encode(view), type=MeetingView) == view
