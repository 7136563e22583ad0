"""The meeting room: view model fed real protocol events, its window, and a live meeting.

The unit tests build a :class:`MeetingSession` from a snapshot and push protocol events
through ``session.on_event`` exactly as the client does; commands go to a recording
client (the boundary), so no server is needed.  The last test runs a real server.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QPushButton

from desktop.client import MeetingSession
from desktop.viewmodels.meeting_room import MeetingRoomViewModel
from desktop.viewmodels.voting import VotingViewModel
from desktop.widgets.meeting_room import MeetingRoomWindow
from protocol import agenda, meetings
from protocol import live as plive
from protocol.accounts import UserInfo
from protocol.envelope import Event
from protocol.errors import PermissionDenied
from protocol.meeting_state import Classification, MeetingState
from protocol.permissions import meeting_permissions
from protocol.state import MeetingView
from tests.integration.conftest import LiveServer, live  # noqa: F401

CHAIR, HUNG, PHOC, TRUNG, KHACH = 1, 2, 3, 4, 5
NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


class RecordingClient:
    """The client boundary: records the commands a view model sends, answers from a table."""

    def __init__(self, user_id: int, name: str = "Người dùng") -> None:
        self.user = UserInfo(
            id=user_id,
            username=f"u{user_id}",
            full_name=name,
            position_title="",
            unit_id=None,
            unit_name=None,
            roles=[],
        )
        self.state = "connected"
        self.state_listeners: list[Callable[[str], None]] = []
        self.meetings: dict[int, MeetingSession] = {}
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.results: dict[str, Any] = {}
        self.errors: dict[str, Exception] = {}

    async def call(self, command_type: type, **fields: Any) -> Any:
        tag = command_type.__struct_config__.tag  # type: ignore[attr-defined]
        self.sent.append((tag, fields))
        if tag in self.errors:
            raise self.errors[tag]
        return self.results.get(tag, {})

    def tags(self) -> list[str]:
        return [tag for tag, _ in self.sent]


class Feed:
    """A meeting session fed protocol events with increasing ``seq``."""

    def __init__(self, role: str, state: MeetingState = MeetingState.IN_PROGRESS) -> None:
        view = MeetingView(
            meeting_id=7,
            title="Phiên họp Chính phủ thường kỳ tháng 12",
            starts_at="2026-12-03T08:00:00+07:00",
            ends_at="2026-12-03T17:00:00+07:00",
            mode="hybrid",
            location="Hà Nội",
            classification=Classification.SECRET,
            state=state,
        )
        self.session = MeetingSession(7, attend=True)
        self.session.on_snapshot(1, "e", msgspec.to_builtins(view))
        self.session.permissions = meeting_permissions(role, [])
        self.session.role = role
        self.seq = 1

    def __call__(self, *events: Event) -> None:
        for event in events:
            self.seq += 1
            assert self.session.on_event(self.seq, "e", event)


def cabinet(feed: Feed) -> None:
    """Participants and a two-level agenda, as the secretariat would have prepared them."""
    feed(
        meetings.ParticipantInvited(
            user_id=CHAIR,
            full_name="Lê Minh Chính",
            position_title="Thủ tướng",
            unit_name=None,
            role="chair",
        ),
        meetings.ParticipantInvited(
            user_id=HUNG,
            full_name="Phạm Quốc Hưng",
            position_title="Bộ trưởng",
            unit_name="Bộ KH&ĐT",
            role="member",
        ),
        meetings.ParticipantInvited(
            user_id=PHOC,
            full_name="Hồ Đức Phớc",
            position_title="Bộ trưởng",
            unit_name="Bộ Tài chính",
            role="member",
        ),
        meetings.ParticipantInvited(
            user_id=KHACH,
            full_name="Đặng Văn Khách",
            position_title="",
            unit_name=None,
            role="guest",
        ),
        agenda.AgendaItemAdded(
            item_id=10,
            parent_id=None,
            title="Báo cáo tình hình kinh tế - xã hội",
            presenter_user_id=HUNG,
            planned_minutes=30,
            index=0,
        ),
        agenda.AgendaItemAdded(
            item_id=11,
            parent_id=10,
            title="Phụ lục số liệu",
            presenter_user_id=None,
            planned_minutes=5,
            index=0,
        ),
        agenda.AgendaItemAdded(
            item_id=12,
            parent_id=None,
            title="Dự thảo Nghị quyết về đầu tư công",
            presenter_user_id=PHOC,
            planned_minutes=20,
            index=1,
        ),
    )


def room(
    role: str, user_id: int, *, state: MeetingState = MeetingState.IN_PROGRESS
) -> tuple[Feed, RecordingClient, MeetingRoomViewModel, VotingViewModel]:
    feed = Feed(role, state)
    cabinet(feed)
    client = RecordingClient(user_id)
    vm = MeetingRoomViewModel(client, feed.session, asyncio.ensure_future, clock=lambda: NOW)  # type: ignore[arg-type]
    voting = VotingViewModel(client, feed.session, asyncio.ensure_future)  # type: ignore[arg-type]
    return feed, client, vm, voting


async def settle() -> None:
    """Let the scheduled commands run and Qt deliver what they emitted."""
    for _ in range(5):
        await asyncio.sleep(0)
    QApplication.processEvents()


async def until(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait for a live server's events while Qt processes its own."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("condition not reached in time")
        QApplication.processEvents()
        await asyncio.sleep(0.02)


def agenda_texts(window: MeetingRoomWindow) -> list[list[str]]:
    tree = window.agenda_tree
    return [
        [tree.topLevelItem(n).text(c) for c in range(3)] for n in range(tree.topLevelItemCount())
    ]


def highlighted(window: MeetingRoomWindow) -> list[str]:
    tree = window.agenda_tree
    items = [tree.topLevelItem(n) for n in range(tree.topLevelItemCount())]
    return [i.text(1).strip() for i in items if i.font(1).bold()]


# --- the agenda ---------------------------------------------------------------------------


async def test_agenda_is_numbered_and_the_current_item_is_highlighted(qtbot) -> None:
    feed, _client, vm, voting = room("member", HUNG)
    window = MeetingRoomWindow(vm, voting)
    qtbot.addWidget(window)
    assert [r.number for r in vm.agenda] == ["1", "1.1", "2"]
    assert highlighted(window) == []
    changes: list[object] = []
    vm.current_item_changed.connect(changes.append)
    feed(agenda.AgendaCurrentChanged(item_id=12))
    assert changes == [12]
    assert highlighted(window) == ["Dự thảo Nghị quyết về đầu tư công"]
    assert agenda_texts(window)[2][0] == "▶ 2"
    feed(agenda.AgendaDecisionRecorded(item_id=10, decision="adopted"))
    assert agenda_texts(window)[0][2] == "✓ Adopted"
    assert "Item 1: Adopted" in window.message_label.text()


async def test_chair_steps_through_the_agenda_with_next_and_previous(qtbot) -> None:
    feed, client, vm, voting = room("chair", CHAIR)
    window = MeetingRoomWindow(vm, voting)
    qtbot.addWidget(window)
    assert window.next_action.shortcut() == QKeySequence("Alt+Right")
    assert window.previous_action.shortcut() == QKeySequence("Alt+Left")
    window.next_action.trigger()
    await settle()
    assert client.sent[-1] == ("agenda.set_current", {"meeting_id": 7, "item_id": 10})
    feed(agenda.AgendaCurrentChanged(item_id=11))
    window.next_action.trigger()
    window.previous_action.trigger()
    await settle()
    assert [f["item_id"] for _, f in client.sent[-2:]] == [12, 10]
    feed(agenda.AgendaCurrentChanged(item_id=12))
    window.next_action.trigger()
    await settle()
    assert len(client.sent) == 3, "nothing after the last item"
    assert window.message_label.text() == "This is the last item."


async def test_adopt_unopposed_reports_the_items_and_errors_show_in_the_status_bar(qtbot) -> None:
    _feed, client, vm, voting = room("chair", CHAIR)
    window = MeetingRoomWindow(vm, voting)
    qtbot.addWidget(window)
    client.results["agenda.adopt_unopposed"] = {"adopted": [11, 12]}
    window.adopt_action.trigger()
    await settle()
    assert window.message_label.text() == "Adopted without objection: items 1.1, 2."
    client.errors["agenda.set_current"] = PermissionDenied(
        "You are not allowed to move the current agenda item (agenda.steer)."
    )
    vm.set_current(10)
    await settle()
    assert "not allowed to move the current agenda item" in window.message_label.text()
    assert window.message_label.property("error") is True


async def test_member_sees_no_chair_toolbar_and_chair_does(qtbot) -> None:
    *_, member_vm, member_voting = room("member", HUNG)
    *_, chair_vm, chair_voting = room("chair", CHAIR)
    member = MeetingRoomWindow(member_vm, member_voting)
    chair = MeetingRoomWindow(chair_vm, chair_voting)
    qtbot.addWidget(member)
    qtbot.addWidget(chair)
    assert chair.chair_toolbar.isVisibleTo(chair)
    assert not member.chair_toolbar.isVisibleTo(member)
    assert member.hand_action.isEnabled()
    assert member.hand_action.shortcut() == QKeySequence("Ctrl+H")
    assert not member.admit_button.isVisibleTo(member)
    assert chair.admit_button.isVisibleTo(chair)
    assert member.findChild(type(member.video_area), "video_area") is member.video_area


# --- participants and speakers ------------------------------------------------------------


async def test_participants_show_presence_substitutes_lobby_hand_and_speaking(qtbot) -> None:
    feed, _client, vm, voting = room("chair", CHAIR)
    window = MeetingRoomWindow(vm, voting)
    qtbot.addWidget(window)
    feed(
        meetings.ParticipantJoined(user_id=CHAIR, full_name="Lê Minh Chính"),
        meetings.ParticipantUpdated(
            user_id=PHOC,
            role="member",
            substitute_user_id=TRUNG,
            substitute_name="Đỗ Thành Trung",
            vote_delegated=True,
            absence_reason="Công tác nước ngoài",
        ),
        meetings.ParticipantJoined(user_id=TRUNG, full_name="Đỗ Thành Trung", for_user_id=PHOC),
        meetings.ParticipantJoined(user_id=HUNG, full_name="Phạm Quốc Hưng"),
        plive.LobbyEntered(user_id=KHACH, full_name="Đặng Văn Khách"),
        plive.FloorRequested(request_id=1, user_id=HUNG, item_id=None),
    )
    rows = {p.name: p for p in vm.participants}
    assert rows["Lê Minh Chính"].status == "present" and rows["Lê Minh Chính"].is_me
    assert rows["Hồ Đức Phớc"].status == "absent"
    assert rows["Hồ Đức Phớc"].substituted_by == "Đỗ Thành Trung"
    assert rows["Đỗ Thành Trung"].substitute_for == "Hồ Đức Phớc"
    assert rows["Đặng Văn Khách"].status == "lobby"
    assert rows["Phạm Quốc Hưng"].hand_raised
    tree = window.participants_tree
    shown = {
        tree.topLevelItem(n).text(0).split("\n")[0]: tree.topLevelItem(n).text(1)
        for n in range(tree.topLevelItemCount())
    }
    assert shown["Phạm Quốc Hưng"] == "Present · hand raised"
    assert shown["Đặng Văn Khách"] == "Waiting in the lobby"
    assert shown["Lê Minh Chính (you)"] == "Present"
    feed(
        plive.FloorGranted(
            request_id=1, seconds=120, started_at=(NOW - timedelta(seconds=30)).isoformat()
        )
    )
    rows = {p.name: p for p in vm.participants}
    assert rows["Phạm Quốc Hưng"].speaking
    assert vm.lobby[0].user_id == KHACH


async def test_list_of_speakers_counts_down_the_granted_time(qtbot) -> None:
    feed, _client, vm, voting = room("chair", CHAIR)
    window = MeetingRoomWindow(vm, voting)
    qtbot.addWidget(window)
    assert window.speaker_timer.text() == "Nobody has the floor."
    feed(
        plive.FloorRequested(request_id=1, user_id=HUNG, item_id=10),
        plive.FloorRequested(request_id=2, user_id=PHOC, item_id=10),
        plive.FloorGranted(
            request_id=1, seconds=120, started_at=(NOW - timedelta(seconds=30)).isoformat()
        ),
    )
    speakers = vm.speakers
    assert [(s.name, s.speaking, s.timer) for s in speakers] == [
        ("Phạm Quốc Hưng", True, "1:30"),
        ("Hồ Đức Phớc", False, ""),
    ]
    assert window.speaker_timer.text() == "Speaking: Phạm Quốc Hưng — 1:30"
    assert window.speakers_tree.topLevelItem(0).text(1) == "1:30"
    feed(
        plive.FloorGranted(
            request_id=2, seconds=10, started_at=(NOW - timedelta(seconds=25)).isoformat()
        )
    )
    assert vm.speakers[1].timer == "−0:15", "over time shows as negative"
    feed(
        plive.FloorEnded(request_id=1, spoke_seconds=90),
        plive.FloorEnded(request_id=2, spoke_seconds=25),
    )
    assert vm.speakers == []
    assert window.speaker_timer.text() == "Nobody has the floor."


async def test_chair_gives_and_ends_the_floor_and_admits_from_the_lobby(qtbot) -> None:
    feed, client, vm, voting = room("chair", CHAIR)
    window = MeetingRoomWindow(vm, voting)
    qtbot.addWidget(window)
    feed(plive.FloorRequested(request_id=4, user_id=HUNG, item_id=None))
    feed(plive.LobbyEntered(user_id=KHACH, full_name="Đặng Văn Khách"))
    qtbot.mouseClick(window.grant_button, Qt.MouseButton.LeftButton)
    vm.end_floor(4)
    vm.admit(KHACH)
    vm.refuse(KHACH)
    vm.remove(HUNG)
    await settle()
    assert client.sent == [
        ("floor.grant", {"request_id": 4, "seconds": 180}),
        ("floor.end", {"request_id": 4}),
        ("lobby.admit", {"meeting_id": 7, "user_id": KHACH}),
        ("lobby.refuse", {"meeting_id": 7, "user_id": KHACH}),
        ("participant.remove", {"meeting_id": 7, "user_id": HUNG}),
    ]


async def test_member_raises_and_lowers_the_hand(qtbot) -> None:
    feed, client, vm, voting = room("member", HUNG)
    window = MeetingRoomWindow(vm, voting)
    qtbot.addWidget(window)
    feed(agenda.AgendaCurrentChanged(item_id=12))
    window.hand_action.trigger()
    await settle()
    assert client.sent == [("floor.request", {"meeting_id": 7, "item_id": 12})]
    feed(plive.FloorRequested(request_id=9, user_id=HUNG, item_id=12))
    assert window.hand_action.isChecked()
    assert window.hand_action.text() == "Lower hand"
    window.hand_action.trigger()
    await settle()
    assert client.sent[-1] == ("floor.withdraw", {"request_id": 9})
    feed(plive.FloorWithdrawn(request_id=9))
    assert not window.hand_action.isChecked()
    assert window.hand_action.text() == "Raise hand"


# --- following the presenter ------------------------------------------------------------


async def test_presenter_pages_reach_only_those_who_follow(qtbot) -> None:
    feed, _client, vm, _voting = room("member", HUNG)
    pages: list[tuple[int, int]] = []
    vm.presenter_page_changed.connect(lambda v, p: pages.append((v, p)))
    feed(plive.PresenterPageChanged(version_id=30, page=3, by_user_id=CHAIR))
    assert pages == [(30, 3)]
    vm.set_following(False)
    feed(plive.PresenterPageChanged(version_id=30, page=4, by_user_id=CHAIR))
    assert pages == [(30, 3)], "not following: the page stays where I am"
    vm.set_following(True)
    assert pages == [(30, 3), (30, 4)], "following again catches up with the presenter"


async def test_follow_me_sends_the_chairs_page(qtbot) -> None:
    feed, client, vm, voting = room("chair", CHAIR)
    window = MeetingRoomWindow(vm, voting)
    qtbot.addWidget(window)
    pages: list[tuple[int, int]] = []
    vm.presenter_page_changed.connect(lambda v, p: pages.append((v, p)))
    window.present_action.trigger()
    await settle()
    assert client.sent == []
    assert "Open a document first" in window.message_label.text()
    vm.set_my_page(30, 2)
    vm.follow_me()
    vm.set_presenting(True)
    vm.set_my_page(30, 5)
    await settle()
    assert [f["page"] for t, f in client.sent if t == "presenter.set_page"] == [2, 2, 5]
    feed(plive.PresenterPageChanged(version_id=30, page=5, by_user_id=CHAIR))
    assert pages == [], "my own page change does not move my viewer"


# --- end to end ---------------------------------------------------------------------------


@pytest.fixture
def cast(live: LiveServer) -> dict[str, Any]:  # noqa: F811
    d = live.domain
    sec = d.user("thuky", ["secretariat"], full_name="Trần Thị Thư")
    chair = d.user("chutri", ["chair"], full_name="Lê Minh Chính")
    member = d.user("bokhdt", ["member"], full_name="Phạm Quốc Hưng")
    other = d.user("botc", ["member"], full_name="Hồ Đức Phớc")
    mid = d.meeting(sec, chair=chair, members=[member, other], start=True)
    for title in ("Báo cáo tình hình kinh tế - xã hội", "Dự thảo Nghị quyết về đầu tư công"):
        d.do(sec, agenda.AgendaAddItem, meeting_id=mid, title=title)
    return {"mid": mid, "member": member.user_id}


async def test_live_meeting_between_a_chair_and_a_member(
    live: LiveServer,  # noqa: F811
    cast: dict[str, Any],
    qtbot,
    monkeypatch,
) -> None:
    mid = cast["mid"]
    run = asyncio.ensure_future
    async with live.client("chutri") as chair, live.client("bokhdt") as member:
        chair_session = await chair.join(mid)
        member_session = await member.join(mid)
        chair_vm = MeetingRoomViewModel(chair, chair_session, run)
        chair_voting = VotingViewModel(chair, chair_session, run)
        member_vm = MeetingRoomViewModel(member, member_session, run)
        member_voting = VotingViewModel(member, member_session, run)
        chair_window = MeetingRoomWindow(chair_vm, chair_voting)
        member_window = MeetingRoomWindow(member_vm, member_voting)
        await until(
            lambda: {p.name: p.status for p in member_vm.participants}["Lê Minh Chính"] == "present"
        )

        chair_window.next_action.trigger()
        await until(lambda: highlighted(member_window) == ["Báo cáo tình hình kinh tế - xã hội"])
        assert agenda_texts(member_window)[0][0] == "▶ 1"

        chair_voting.create_poll("Thông qua Báo cáo tình hình kinh tế - xã hội?")
        await until(lambda: bool(member_voting.polls) and member_voting.polls[0].can_vote)
        poll_id = member_voting.polls[0].poll_id
        asked: list[str] = []
        monkeypatch.setattr(
            member_window.vote_panel,
            "_confirm_vote",
            lambda question, choice: asked.append(choice) or True,
        )
        await until(lambda: member_window.findChild(QPushButton, f"vote_yes_{poll_id}") is not None)
        member_window.findChild(QPushButton, f"vote_yes_{poll_id}").click()
        assert asked == ["yes"]
        await until(lambda: chair_voting.polls[0].ballots_cast == 1)
        assert member_voting.polls[0].i_voted and not member_voting.polls[0].can_vote

        chair_voting.close_poll(poll_id)
        await until(lambda: chair_voting.polls[0].can_publish)
        chair_voting.publish_poll(poll_id)
        await until(lambda: member_voting.polls[0].result is not None)
        result = member_voting.polls[0].result
        assert (result.yes, result.no, result.total_members) == (1, 0, 3)
        assert result.outcome_label == "Rejected", "1 yes of 3 members is not a majority"
        label = member_window.findChild(type(member_window.header), f"poll_result_{poll_id}")
        assert label is not None and "Rejected" in label.text()
        assert "Yes 1 · No 0 · Abstain 0" in label.text()
        await until(lambda: agenda_texts(member_window)[0][2] == "Rejected")

        for window in (chair_window, member_window):
            window.close()
            window.deleteLater()
        await settle()
