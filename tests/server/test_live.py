"""The live meeting through the domain: presenter page, list of speakers, lobby."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import msgspec
import pytest
from sqlalchemy import select

from protocol import live as lv
from protocol import meetings as mm
from protocol import state as st
from protocol.agenda import AgendaAddItem, AgendaSetCurrent
from protocol.envelope import codec
from protocol.errors import Conflict, InvalidInput, InvalidTransition, NotFound, PermissionDenied
from server.domain import events as log
from server.domain.context import Actor, EjectFromMeeting
from server.domain.snapshot import catch_up
from server.store.models import Attendance, Blob, Document, DocumentVersion, SpeakerRequest
from tests.harness import Domain, cid


@pytest.fixture
def room(domain: Domain) -> dict[str, Any]:
    """A meeting in progress; the chair and two ministers attend; two guests are invited."""
    people: dict[str, Any] = {
        "sec": domain.user("thuky", ["secretariat"]),
        "chair": domain.user("chutoa", ["chair"], full_name="Chủ tọa"),
        "m1": domain.user("botruong1", ["member"], full_name="Bộ trưởng Một"),
        "m2": domain.user("botruong2", ["member"], full_name="Bộ trưởng Hai"),
        "g1": domain.user("khach1", ["guest"], full_name="Khách Một"),
        "g2": domain.user("khach2", ["guest"], full_name="Khách Hai"),
        "outsider": domain.user("nguoingoai", ["member"]),
    }
    mid = domain.meeting(
        people["sec"],
        chair=people["chair"],
        members=[people["m1"], people["m2"]],
        guests=[people["g1"], people["g2"]],
    )
    people["mid"] = mid
    people["item"] = domain.do(
        people["sec"],
        AgendaAddItem,
        meeting_id=mid,
        title="Báo cáo tình hình kinh tế - xã hội",
        presenter_user_id=people["m2"].user_id,
    )["item_id"]
    people["version"] = _document(domain, people["item"], people["sec"], pages=5)
    domain.do(people["chair"], mm.MeetingTransition, meeting_id=mid, action="start")
    for who in ("chair", "m1", "m2"):
        domain.do(people[who], mm.MeetingJoin, meeting_id=mid)
    return people


def _document(domain: Domain, item_id: int, uploader: Actor, *, pages: int) -> int:
    """A stored PDF version on an item (rows as an upload leaves them)."""

    def make(session: Any) -> int:
        now = datetime.now(UTC)
        sha = f"{item_id:064x}"
        session.add(Blob(sha256=sha, size=1000, pages=pages, created_at=now))
        doc = Document(item_id=item_id, created_at=now)
        session.add(doc)
        session.flush()
        version = DocumentVersion(
            document_id=doc.id,
            version=1,
            sha256=sha,
            filename="to-trinh.pdf",
            size=1000,
            pages=pages,
            uploaded_by=uploader.user_id,
            created_at=now,
        )
        session.add(version)
        session.flush()
        doc.current_version_id = version.id
        return version.id

    return domain.runner.run_sync(make)


def _snapshot(domain: Domain, actor: Actor, mid: int) -> tuple[int, st.MeetingView]:
    got = domain.runner.run_sync(lambda s: catch_up(s, actor, mid, None, None, 10**6))
    assert got.snapshot is not None
    return got.seq, got.snapshot


def _last_event(domain: Domain, mid: int) -> tuple[Any, str]:
    e = domain.runner.run_sync(lambda s: log.read_since(s, mid, 0))[-1]
    return codec().decode_event(e.payload), e.audience


# --- follow the presenter -------------------------------------------------------------


def test_chair_shows_a_page_to_everyone(domain: Domain, room) -> None:
    got = domain.do(
        room["chair"],
        lv.PresenterSetPage,
        meeting_id=room["mid"],
        version_id=room["version"],
        page=3,
    )
    assert got == {"version_id": room["version"], "page": 3}
    _, view = _snapshot(domain, room["m1"], room["mid"])
    assert view.presenter_page == st.PageView(
        version_id=room["version"], page=3, by_user_id=room["chair"].user_id
    )


@pytest.mark.parametrize("page", [0, 6, -1])
def test_the_page_must_exist(domain: Domain, room, page: int) -> None:
    with pytest.raises(InvalidInput, match="from 1 to 5"):
        domain.do(
            room["chair"],
            lv.PresenterSetPage,
            meeting_id=room["mid"],
            version_id=room["version"],
            page=page,
        )


def test_the_document_must_belong_to_the_meeting(domain: Domain, room) -> None:
    other = domain.meeting(room["sec"], chair=room["chair"])
    item = domain.do(room["sec"], AgendaAddItem, meeting_id=other, title="Khác")["item_id"]
    foreign = _document(domain, item, room["sec"], pages=9)
    with pytest.raises(NotFound):
        domain.do(
            room["chair"], lv.PresenterSetPage, meeting_id=room["mid"], version_id=foreign, page=1
        )


def test_the_presenter_of_the_current_item_steers_the_page(domain: Domain, room) -> None:
    page = {"meeting_id": room["mid"], "version_id": room["version"], "page": 2}
    with pytest.raises(PermissionDenied):
        domain.do(room["m2"], lv.PresenterSetPage, **page)
    domain.do(room["chair"], AgendaSetCurrent, meeting_id=room["mid"], item_id=room["item"])
    domain.do(room["m2"], lv.PresenterSetPage, **page)
    with pytest.raises(PermissionDenied):
        domain.do(room["m1"], lv.PresenterSetPage, **page)


def test_no_page_is_shown_after_the_meeting_ended(domain: Domain, room) -> None:
    domain.do(room["chair"], mm.MeetingTransition, meeting_id=room["mid"], action="end")
    with pytest.raises(Conflict):
        domain.do(
            room["chair"],
            lv.PresenterSetPage,
            meeting_id=room["mid"],
            version_id=room["version"],
            page=1,
        )


# --- list of speakers -----------------------------------------------------------------


def _ask(domain: Domain, room: dict[str, Any], who: str) -> int:
    return domain.do(room[who], lv.FloorRequest, meeting_id=room["mid"])["request_id"]


def _speakers(domain: Domain, room: dict[str, Any]) -> list[tuple[int, str]]:
    _, view = _snapshot(domain, room["chair"], room["mid"])
    return [(s.user_id, s.state) for s in view.speakers]


def test_one_open_request_per_person(domain: Domain, room) -> None:
    _ask(domain, room, "m1")
    with pytest.raises(Conflict, match="already on the list"):
        _ask(domain, room, "m1")
    assert _speakers(domain, room) == [(room["m1"].user_id, "waiting")]


def test_the_chair_grants_and_ends_a_turn_with_a_timer(domain: Domain, room) -> None:
    rid = _ask(domain, room, "m1")
    granted = domain.do(room["chair"], lv.FloorGrant, request_id=rid, seconds=120)
    started = datetime.fromisoformat(granted["started_at"])
    assert started.tzinfo is not None and granted["seconds"] == 120
    _, view = _snapshot(domain, room["m2"], room["mid"])
    assert (view.speakers[0].state, view.speakers[0].seconds) == ("speaking", 120)
    assert view.speakers[0].started_at == granted["started_at"]
    time.sleep(1.05)  # the record keeps whole seconds
    ended = domain.do(room["chair"], lv.FloorEnd, request_id=rid)
    row = domain.runner.run_sync(lambda s: s.get(SpeakerRequest, rid))
    assert row.state == "done" and row.ended_at is not None
    ended_at = row.ended_at if row.ended_at.tzinfo else row.ended_at.replace(tzinfo=UTC)
    assert ended["spoke_seconds"] == int((ended_at - started).total_seconds()) >= 1
    assert _speakers(domain, room) == []
    with pytest.raises(InvalidTransition):
        domain.do(room["chair"], lv.FloorEnd, request_id=rid)


def test_one_speaker_at_a_time(domain: Domain, room) -> None:
    first, second = _ask(domain, room, "m1"), _ask(domain, room, "m2")
    domain.do(room["chair"], lv.FloorGrant, request_id=first)
    with pytest.raises(Conflict, match="still speaking"):
        domain.do(room["chair"], lv.FloorGrant, request_id=second)
    domain.do(room["chair"], lv.FloorEnd, request_id=first)
    domain.do(room["chair"], lv.FloorGrant, request_id=second)


def test_speaking_time_must_be_sensible(domain: Domain, room) -> None:
    rid = _ask(domain, room, "m1")
    with pytest.raises(InvalidInput):
        domain.do(room["chair"], lv.FloorGrant, request_id=rid, seconds=0)


def test_the_chair_reorders_the_whole_list(domain: Domain, room) -> None:
    a, b, c = _ask(domain, room, "m1"), _ask(domain, room, "m2"), _ask(domain, room, "chair")
    domain.do(room["chair"], lv.FloorReorder, meeting_id=room["mid"], request_ids=[c, a, b])
    ids = [room[w].user_id for w in ("chair", "m1", "m2")]
    assert [u for u, _ in _speakers(domain, room)] == ids
    for wrong in ([c, a], [c, a, b, b], [c, a, b, 999]):
        with pytest.raises(InvalidInput, match="exactly once"):
            domain.do(room["chair"], lv.FloorReorder, meeting_id=room["mid"], request_ids=wrong)


def test_a_member_withdraws_their_own_request(domain: Domain, room) -> None:
    rid = _ask(domain, room, "m1")
    domain.do(room["m1"], lv.FloorWithdraw, request_id=rid)
    assert _speakers(domain, room) == []
    with pytest.raises(InvalidTransition):
        domain.do(room["m1"], lv.FloorWithdraw, request_id=rid)
    _ask(domain, room, "m1")


def test_only_those_attending_ask_for_the_floor(domain: Domain, room) -> None:
    domain.do(room["m1"], mm.MeetingLeave, meeting_id=room["mid"])
    with pytest.raises(PermissionDenied, match="Join the meeting"):
        _ask(domain, room, "m1")
    with pytest.raises(NotFound):
        _ask(domain, room, "outsider")


# permission-denied twins of the floor commands


def test_a_member_cannot_withdraw_another_request(domain: Domain, room) -> None:
    rid = _ask(domain, room, "m1")
    with pytest.raises(PermissionDenied):
        domain.do(room["m2"], lv.FloorWithdraw, request_id=rid)


def test_a_member_cannot_grant_end_or_reorder(domain: Domain, room) -> None:
    rid = _ask(domain, room, "m1")
    with pytest.raises(PermissionDenied):
        domain.do(room["m1"], lv.FloorGrant, request_id=rid)
    domain.do(room["chair"], lv.FloorGrant, request_id=rid)
    with pytest.raises(PermissionDenied):
        domain.do(room["m1"], lv.FloorEnd, request_id=rid)
    with pytest.raises(PermissionDenied):
        domain.do(room["m2"], lv.FloorReorder, meeting_id=room["mid"], request_ids=[rid])


def test_secretariat_cannot_ask_for_the_floor(domain: Domain, room) -> None:
    domain.do(room["sec"], mm.MeetingJoin, meeting_id=room["mid"])
    with pytest.raises(PermissionDenied):
        _ask(domain, room, "sec")


# --- lobby ----------------------------------------------------------------------------


def test_a_guest_waits_in_the_lobby_until_admitted(domain: Domain, room) -> None:
    mid, guest = room["mid"], room["g1"]
    joined = domain.do(guest, mm.MeetingJoin, meeting_id=mid)
    assert joined["lobby"] is True
    assert _last_event(domain, mid) == (
        lv.LobbyEntered(user_id=guest.user_id, full_name="Khách Một"),
        f"all,user:{guest.user_id}",
    )
    with pytest.raises(PermissionDenied):
        _ask(domain, room, "g1")
    domain.do(room["chair"], lv.LobbyAdmit, meeting_id=mid, user_id=guest.user_id)
    assert _last_event(domain, mid) == (
        lv.LobbyAdmitted(user_id=guest.user_id),
        f"all,user:{guest.user_id}",
    )
    _, view = _snapshot(domain, room["chair"], mid)
    assert (view.participants[guest.user_id].lobby, view.participants[guest.user_id].present) == (
        "admitted",
        True,
    )
    open_rows = domain.runner.run_sync(
        lambda s: list(
            s.scalars(
                select(Attendance).where(
                    Attendance.user_id == guest.user_id, Attendance.left_at.is_(None)
                )
            )
        )
    )
    assert len(open_rows) == 1
    assert domain.do(guest, mm.MeetingJoin, meeting_id=mid)["lobby"] is False
    _ask(domain, room, "g1")
    with pytest.raises(InvalidTransition):
        domain.do(room["chair"], lv.LobbyAdmit, meeting_id=mid, user_id=guest.user_id)


def test_a_refused_guest_is_sent_away(domain: Domain, room) -> None:
    mid, guest = room["mid"], room["g2"]
    domain.do(guest, mm.MeetingJoin, meeting_id=mid)
    ctx = domain.run(room["chair"], lv.LobbyRefuse(id=cid(), meeting_id=mid, user_id=guest.user_id))
    assert ctx.effects == [EjectFromMeeting(mid, guest.user_id)]
    assert _last_event(domain, mid) == (
        lv.LobbyRefused(user_id=guest.user_id),
        f"all,user:{guest.user_id}",
    )
    with pytest.raises(PermissionDenied, match="did not admit"):
        domain.do(guest, mm.MeetingJoin, meeting_id=mid)
    with pytest.raises(InvalidTransition):
        domain.do(room["chair"], lv.LobbyAdmit, meeting_id=mid, user_id=guest.user_id)


def test_only_waiting_guests_are_admitted(domain: Domain, room) -> None:
    with pytest.raises(InvalidTransition, match="not waiting"):
        domain.do(room["chair"], lv.LobbyAdmit, meeting_id=room["mid"], user_id=room["g1"].user_id)
    with pytest.raises(NotFound):
        domain.do(room["chair"], lv.LobbyAdmit, meeting_id=room["mid"], user_id=room["m1"].user_id)


@pytest.mark.parametrize("command", [lv.LobbyAdmit, lv.LobbyRefuse])
@pytest.mark.parametrize("who", ["m1", "sec"])
def test_only_the_chair_admits_or_refuses(domain: Domain, room, command: type, who: str) -> None:
    domain.do(room["g1"], mm.MeetingJoin, meeting_id=room["mid"])
    with pytest.raises(PermissionDenied):
        domain.do(room[who], command, meeting_id=room["mid"], user_id=room["g1"].user_id)
    domain.do(room["chair"], command, meeting_id=room["mid"], user_id=room["g1"].user_id)


# --- the reducer agrees with the snapshot ---------------------------------------------


def test_events_replayed_on_a_snapshot_give_the_later_snapshot(domain: Domain, room) -> None:
    mid, chair = room["mid"], room["chair"]
    seq, view = _snapshot(domain, chair, mid)
    domain.do(chair, lv.PresenterSetPage, meeting_id=mid, version_id=room["version"], page=4)
    domain.do(room["g1"], mm.MeetingJoin, meeting_id=mid)
    domain.do(room["g2"], mm.MeetingJoin, meeting_id=mid)
    domain.do(chair, lv.LobbyAdmit, meeting_id=mid, user_id=room["g1"].user_id)
    domain.do(chair, lv.LobbyRefuse, meeting_id=mid, user_id=room["g2"].user_id)
    a, b, c, d = (_ask(domain, room, w) for w in ("m1", "m2", "g1", "chair"))
    domain.do(chair, lv.FloorReorder, meeting_id=mid, request_ids=[b, a, d, c])
    domain.do(chair, lv.FloorGrant, request_id=b, seconds=90)
    domain.do(chair, lv.FloorEnd, request_id=b)
    domain.do(room["m1"], lv.FloorWithdraw, request_id=a)
    domain.do(chair, lv.FloorGrant, request_id=d, seconds=60)
    for e in domain.runner.run_sync(lambda s: log.read_since(s, mid, seq)):
        st.apply(view, codec().decode_event(e.payload))
    _, after = _snapshot(domain, chair, mid)
    assert msgspec.to_builtins(view) == msgspec.to_builtins(after)
    assert [(s.request_id, s.state) for s in after.speakers] == [(d, "speaking"), (c, "waiting")]
    assert after.participants[room["g2"].user_id].lobby == "refused"
