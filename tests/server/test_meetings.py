"""Meetings through the domain: lifecycle, participants, substitutes, permissions."""

from __future__ import annotations

import pytest

from protocol import meetings as mm
from protocol.errors import InvalidTransition, NotFound, PermissionDenied
from tests.harness import Domain


@pytest.fixture
def people(domain: Domain):
    return {
        "sec": domain.user("thuky", ["secretariat"]),
        "chair": domain.user("thutuong", ["chair"], full_name="Phạm Minh Chính"),
        "m1": domain.user("botruong1", ["member"]),
        "m2": domain.user("botruong2", ["member"]),
        "outsider": domain.user("khach", ["member"]),
    }


def test_secretariat_creates_and_publishes_a_meeting(domain: Domain, people) -> None:
    mid = domain.meeting(people["sec"], chair=people["chair"], members=[people["m1"]])
    listed = domain.do(people["m1"], mm.MeetingList)["meetings"]
    assert [m.id for m in listed] == [mid]
    assert listed[0].state == "published"
    assert [t for _, t in domain.events(mid)][:2] == ["meeting.created", "participant.invited"]


def test_member_cannot_create_a_meeting(domain: Domain, people) -> None:
    with pytest.raises(PermissionDenied):
        domain.do(
            people["m1"],
            mm.MeetingCreate,
            title="x",
            starts_at="2026-12-01T08:00:00+07:00",
            ends_at="2026-12-01T09:00:00+07:00",
        )


def test_lifecycle_follows_the_transition_table(domain: Domain, people) -> None:
    mid = domain.meeting(people["sec"], chair=people["chair"])
    with pytest.raises(InvalidTransition):
        domain.do(people["sec"], mm.MeetingTransition, meeting_id=mid, action="archive")
    domain.do(people["chair"], mm.MeetingTransition, meeting_id=mid, action="start")
    domain.do(people["chair"], mm.MeetingTransition, meeting_id=mid, action="end")
    domain.do(people["sec"], mm.MeetingTransition, meeting_id=mid, action="archive")
    assert domain.do(people["chair"], mm.MeetingList)["meetings"][0].state == "archived"


def test_only_the_chair_starts_the_meeting(domain: Domain, people) -> None:
    mid = domain.meeting(people["sec"], chair=people["chair"], members=[people["m1"]])
    with pytest.raises(PermissionDenied):
        domain.do(people["m1"], mm.MeetingTransition, meeting_id=mid, action="start")


def test_outsider_does_not_see_the_meeting(domain: Domain, people) -> None:
    mid = domain.meeting(people["sec"], chair=people["chair"])
    assert domain.do(people["outsider"], mm.MeetingList)["meetings"] == []
    with pytest.raises(NotFound):
        domain.do(people["outsider"], mm.MeetingJoin, meeting_id=mid)


def test_substitute_attends_for_an_absent_minister(domain: Domain, people) -> None:
    deputy = domain.user("thutruong", ["member"], full_name="Thứ trưởng Lê Văn A")
    mid = domain.meeting(people["sec"], chair=people["chair"], members=[people["m1"]])
    domain.do(
        people["sec"],
        mm.ParticipantUpdate,
        meeting_id=mid,
        user_id=people["m1"].user_id,
        substitute_user_id=deputy.user_id,
        absence_reason="Công tác nước ngoài",
    )
    domain.do(people["chair"], mm.MeetingTransition, meeting_id=mid, action="start")
    joined = domain.do(deputy, mm.MeetingJoin, meeting_id=mid)
    assert joined["role"] == "substitute"
    assert "poll.vote" not in joined["permissions"]
    types = [t for _, t in domain.events(mid)]
    assert types[-1] == "participant.joined"


def test_classified_meeting_refuses_a_user_without_clearance(domain: Domain, people) -> None:
    low = domain.user("chuyenvien", ["member"], clearance="thuong")
    mid = domain.meeting(people["sec"], chair=people["chair"], classification="mat")
    from protocol.errors import InvalidInput

    with pytest.raises(InvalidInput):
        domain.do(
            people["sec"], mm.ParticipantInvite, meeting_id=mid, user_id=low.user_id, role="member"
        )
