"""Resume after a dropped connection, idempotent retries, and typed errors on the wire."""

from __future__ import annotations

import asyncio

import pytest

from desktop.client import Client
from protocol import agenda as ag
from protocol import meetings as mm
from protocol.errors import CommandIdReused, MalformedMessage, PermissionDenied, UnknownMessageType
from tests.integration.conftest import LiveServer


@pytest.fixture
def cast(live: LiveServer):
    d = live.domain
    sec = d.user("thuky", ["secretariat"])
    chair = d.user("chutri", ["chair"])
    member = d.user("thanhvien", ["member"])
    mid = d.meeting(sec, chair=chair, members=[member], start=True)
    return {"sec": sec, "chair": chair, "member": member, "mid": mid}


async def _titles(session) -> list[str]:
    return sorted(i.title for i in session.view.items.values())


async def test_member_resumes_after_a_drop_and_misses_nothing(live: LiveServer, cast) -> None:
    mid = cast["mid"]
    async with live.client("thuky") as sec, live.client("thanhvien") as member:
        watch = await member.join(mid)
        await sec.join(mid, attend=False)
        await sec.call(ag.AgendaAddItem, meeting_id=mid, title="Mục 1")
        await watch.wait_for(lambda v: len(v.items) == 1)
        seen: list[int] = []
        watch.subscribe(lambda seq, _e: seen.append(seq))
        member.auto_reconnect = True
        await member.drop()
        for n in range(2, 7):
            await sec.call(ag.AgendaAddItem, meeting_id=mid, title=f"Mục {n}")
        view = await watch.wait_for(lambda v: len(v.items) == 6)
        assert sorted(i.title for i in view.items.values()) == [f"Mục {n}" for n in range(1, 7)]
        assert member.reconnects == 1
        assert watch.snapshots == 1, "a short gap is filled with deltas, not a snapshot"
        assert len(seen) == len(set(seen)), "no event is applied twice"
        assert seen == sorted(seen)


async def test_retry_with_same_id_is_applied_once(live: LiveServer, cast) -> None:
    mid = cast["mid"]
    async with live.client("thuky") as sec:
        session = await sec.join(mid, attend=False)
        command = ag.AgendaAddItem(id="cmd-1", meeting_id=mid, title="Báo cáo kinh tế - xã hội")
        first = await sec.send(command)
        again = await sec.send(command)
        assert first == again
        await asyncio.sleep(0.1)
        assert len(session.view.items) == 1
        with pytest.raises(CommandIdReused):
            await sec.send(ag.AgendaAddItem(id="cmd-1", meeting_id=mid, title="Khác"))


async def test_bad_frames_get_typed_errors_and_the_connection_goes_on(
    live: LiveServer, cast
) -> None:
    import msgspec
    from websockets.asyncio.client import connect

    bad = [
        (
            b'{"type": "poll.vote", "id": "x1", "poll_id": "abc", "choice": "yes"}',
            "x1",
            MalformedMessage.code,
        ),
        (b'{"type": "nothing.here", "id": "x2"}', "x2", UnknownMessageType.code),
        (b"not json at all", None, MalformedMessage.code),
        (b'{"id": "x4"}' + b" " * (2 * 1024 * 1024), "x4", "message.too_large"),
        (b'{"type": "meeting.list", "id": "x5"}', "x5", "session.required"),
    ]
    async with connect(live.url, max_size=None) as ws:
        for frame, cid, code in bad:
            await ws.send(frame)
            reply = msgspec.json.decode(await ws.recv())
            assert (reply["type"], reply["id"], reply["code"]) == ("error", cid, code)
            assert reply["message"]
    async with live.client("thanhvien") as member:
        meetings = await member.list_meetings()
        assert [m.id for m in meetings] == [cast["mid"]]


async def test_forbidden_action_is_refused_and_others_are_untouched(live: LiveServer, cast) -> None:
    mid = cast["mid"]
    async with live.client("thanhvien") as member, live.client("chutri") as chair:
        chair_view = await chair.join(mid)
        with pytest.raises(PermissionDenied):
            await member.call(mm.MeetingTransition, meeting_id=mid, action="end")
        await member.join(mid)
        view = await chair_view.wait_for(lambda v: v.participants[cast["member"].user_id].present)
        assert view.state == "in_progress"


async def test_client_without_login_is_told_to_log_in(live: LiveServer, cast) -> None:
    from protocol.errors import NotAuthenticated

    async with live.client() as anon:
        with pytest.raises(NotAuthenticated):
            await anon.call(mm.MeetingList)
        assert isinstance(anon, Client)
