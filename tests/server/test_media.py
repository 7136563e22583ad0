"""Who may send and receive audio and video (server/domain/media.py), without sockets."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from protocol import live as lv
from protocol import media as pm
from protocol import meetings as mm
from protocol.errors import Conflict, NotFound, PermissionDenied
from server.domain import media as rules
from server.domain.context import CommittedEvent, LeaveMedia, NegotiateMedia
from tests.harness import Domain, cid

SDP = "v=0\r\n"  # the relay parses it; the rule does not


@pytest.fixture
def room(domain: Domain) -> dict[str, Any]:
    people: dict[str, Any] = {
        "sec": domain.user("thuky", ["secretariat"]),
        "chair": domain.user("chutoa", ["chair"]),
        "m1": domain.user("botruong1", ["member"]),
        "m2": domain.user("botruong2", ["member"]),
        "guest": domain.user("khach", ["guest"]),
        "outsider": domain.user("nguoingoai", ["member"]),
    }
    mid = domain.meeting(
        people["sec"],
        chair=people["chair"],
        members=[people["m1"], people["m2"]],
        guests=[people["guest"]],
        start=True,
    )
    domain.do(people["chair"], mm.MeetingJoin, meeting_id=mid)
    domain.do(people["m1"], mm.MeetingJoin, meeting_id=mid)
    return {**people, "mid": mid}


def offer(domain: Domain, who: Any, mid: int) -> list[object]:
    return domain.run(who, pm.MediaOffer(id=cid(), meeting_id=mid, sdp=SDP)).effects


def test_an_attending_participant_may_offer_media(domain: Domain, room: dict[str, Any]) -> None:
    effects = offer(domain, room["m1"], room["mid"])
    assert effects == [NegotiateMedia(room["mid"], SDP)]


def test_an_outsider_may_not(domain: Domain, room: dict[str, Any]) -> None:
    with pytest.raises(NotFound):
        offer(domain, room["outsider"], room["mid"])


def test_an_invited_member_must_attend_first(domain: Domain, room: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied, match="Join the meeting"):
        offer(domain, room["m2"], room["mid"])
    domain.do(room["m2"], mm.MeetingJoin, meeting_id=room["mid"], attend=False)
    with pytest.raises(PermissionDenied):
        offer(domain, room["m2"], room["mid"])
    domain.do(room["m2"], mm.MeetingJoin, meeting_id=room["mid"])
    assert offer(domain, room["m2"], room["mid"])


def test_a_guest_in_the_lobby_may_not_until_admitted(domain: Domain, room: dict[str, Any]) -> None:
    domain.do(room["guest"], mm.MeetingJoin, meeting_id=room["mid"])
    with pytest.raises(PermissionDenied):
        offer(domain, room["guest"], room["mid"])
    domain.do(room["chair"], lv.LobbyAdmit, meeting_id=room["mid"], user_id=room["guest"].user_id)
    assert offer(domain, room["guest"], room["mid"])


def test_a_removed_participant_may_not(domain: Domain, room: dict[str, Any]) -> None:
    domain.do(
        room["chair"], mm.ParticipantRemove, meeting_id=room["mid"], user_id=room["m1"].user_id
    )
    with pytest.raises(PermissionDenied):
        offer(domain, room["m1"], room["mid"])


def test_only_while_the_meeting_is_in_progress(domain: Domain, room: dict[str, Any]) -> None:
    domain.do(room["chair"], mm.MeetingTransition, meeting_id=room["mid"], action="end")
    with pytest.raises(Conflict, match="in progress"):
        offer(domain, room["m1"], room["mid"])
    later = domain.meeting(room["sec"], chair=room["chair"])
    with pytest.raises(Conflict):
        offer(domain, room["chair"], later)


def test_leaving_media_needs_only_a_login(domain: Domain, room: dict[str, Any]) -> None:
    ctx = domain.run(room["m2"], pm.MediaLeave(id=cid(), meeting_id=room["mid"]))
    assert ctx.effects == [LeaveMedia(room["mid"])]


def test_tracks_are_recorded_and_a_new_one_rechecks_the_rule(
    domain: Domain, room: dict[str, Any]
) -> None:
    mid, m1 = room["mid"], room["m1"]
    run = domain.runner.run_sync
    events = run(rules.tracks_changed, m1, mid, ["audio", "video"], [])
    assert [e.type for e in events] == ["media.track_added", "media.track_added"]
    events = run(rules.tracks_changed, m1, mid, [], ["video"])
    assert [e.type for e in events] == ["media.track_removed"]
    domain.do(m1, mm.MeetingLeave, meeting_id=mid)
    with pytest.raises(PermissionDenied):
        run(rules.tracks_changed, m1, mid, ["video"], [])
    assert [t for _, t in domain.events(mid) if t.startswith("media.")] == [
        "media.track_added",
        "media.track_added",
        "media.track_removed",
    ]


def _event(type_: str, payload: bytes) -> CommittedEvent:
    return CommittedEvent(7, 1, type_, "all", payload, datetime.now(UTC))


@pytest.mark.parametrize(
    ("type_", "payload", "ends"),
    [
        ("participant.left", b'{"type":"participant.left","user_id":3}', (7, 3)),
        ("participant.removed", b'{"type":"participant.removed","user_id":4}', (7, 4)),
        ("lobby.refused", b'{"type":"lobby.refused","user_id":5}', (7, 5)),
        ("meeting.state_changed", b'{"state":"ended","action":"end"}', (7, None)),
        ("meeting.state_changed", b'{"state":"in_progress","action":"start"}', None),
        ("participant.joined", b'{"user_id":3,"full_name":"A"}', None),
    ],
)
def test_which_events_end_media(type_: str, payload: bytes, ends: object) -> None:
    assert rules.media_ends(_event(type_, payload)) == ends
