"""Sessions on the wire: disabling a user or resetting a password ends their live
connections at once; expired and logged-out tokens stop working."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import msgspec
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from desktop.client import Client
from desktop.client.connection import ConnectionLost
from protocol import accounts as acc
from protocol import meetings as mm
from protocol.errors import (
    AccountDisabled,
    AuthenticationFailed,
    NotAuthenticated,
    PermissionDenied,
    SessionExpired,
)
from server.store.models import AuthSession
from tests.harness import PASSWORD, cid
from tests.integration.conftest import LiveServer


@pytest.fixture
def cast(live: LiveServer) -> dict[str, Any]:
    d = live.domain
    admin = d.user("quantri", ["admin"])
    sec = d.user("thuky", ["secretariat"])
    chair = d.user("chutri", ["chair"])
    member = d.user("thanhvien", ["member"])
    mid = d.meeting(sec, chair=chair, members=[member], start=True)
    return {"admin": admin, "sec": sec, "chair": chair, "member": member, "mid": mid}


async def until(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.01)


async def raw_frame(ws: ClientConnection, kind: str) -> dict[str, Any]:
    """Read frames until one of type ``kind`` arrives."""
    async with asyncio.timeout(5):
        while True:
            frame = msgspec.json.decode(await ws.recv())
            if frame["type"] == kind:
                return frame


async def raw_login_and_join(ws: ClientConnection, username: str, mid: int) -> None:
    await ws.send(msgspec.json.encode({
        "type": "session.login", "id": cid(), "username": username, "password": PASSWORD,
    }))  # fmt: skip
    assert (await raw_frame(ws, "ack"))["result"]["token"]
    await ws.send(msgspec.json.encode({"type": "meeting.join", "id": cid(), "meeting_id": mid}))
    await raw_frame(ws, "synced")


async def expire(live: LiveServer, user_id: int, *, idle: bool) -> None:
    """Make the user's sessions idle for 31 minutes, or reach their absolute end."""

    def change(session: Session) -> None:
        for row in session.scalars(select(AuthSession).where(AuthSession.user_id == user_id)):
            if idle:
                row.last_seen_at -= timedelta(minutes=31)
            else:
                row.expires_at = row.last_seen_at
                row.created_at -= timedelta(hours=12)

    await live.domain.runner.run(change)


async def test_disabling_a_user_ends_their_live_sessions_at_once(
    live: LiveServer, cast: dict[str, Any]
) -> None:
    mid, uid = cast["mid"], cast["member"].user_id
    async with (
        live.client("chutri") as chair,
        live.client("quantri") as admin,
        live.client("thanhvien") as member,
        connect(live.url) as second_device,
    ):
        chair_view = await chair.join(mid)
        await member.join(mid)
        await raw_login_and_join(second_device, "thanhvien", mid)
        await chair_view.wait_for(lambda v: v.participants[uid].present)
        token = member.token

        await admin.call(acc.UserDisable, user_id=uid)

        notice = await raw_frame(second_device, "notice")
        assert notice["code"] == "session.ended"
        assert "disabled" in notice["message"]
        with pytest.raises(ConnectionClosed):
            await second_device.recv()
        assert (await asyncio.wait_for(member.notices.get(), 5)).code == "session.ended"
        await until(lambda: member.state == "disconnected")
        assert member.token is None, "the client does not try to resume a dead session"
        with pytest.raises(ConnectionLost):
            await member.call(mm.MeetingList)

        view = await chair_view.wait_for(lambda v: not v.participants[uid].present)
        assert view.participants[uid].full_name == cast["member"].full_name
        left = [e for _, e in live.domain.events(mid) if e == "participant.left"]
        assert left == ["participant.left"], "one departure, however many devices"
        assert chair.token is not None and admin.token is not None
        assert chair.notices.empty() and admin.notices.empty()

    async with live.client() as again:
        assert token is not None
        with pytest.raises(SessionExpired):
            await again.resume_session(token)
        with pytest.raises(AccountDisabled):
            await again.login("thanhvien", PASSWORD)
    async with live.client("quantri") as admin:
        await admin.call(acc.UserEnable, user_id=uid)
    async with live.client("thanhvien") as member:
        assert [m.id for m in await member.list_meetings()] == [mid]


async def test_a_non_admin_cannot_disable_anyone(live: LiveServer, cast: dict[str, Any]) -> None:
    mid, chair_id = cast["mid"], cast["chair"].user_id
    async with live.client("thanhvien") as member, live.client("chutri") as chair:
        chair_view = await chair.join(mid)
        for who in (member, chair):
            with pytest.raises(PermissionDenied):
                await who.call(acc.UserDisable, user_id=chair_id)
        await asyncio.sleep(0.1)
        assert chair.notices.empty() and chair.state == "connected"
        assert chair_view.view is not None and chair_view.view.participants[chair_id].present
        assert [m.id for m in await chair.list_meetings()] == [mid]
    async with live.client("chutri") as chair:
        assert chair.user is not None and not chair.user.disabled


async def test_reset_password_ends_live_sessions(live: LiveServer, cast: dict[str, Any]) -> None:
    uid = cast["member"].user_id
    async with live.client("quantri") as admin, live.client("thanhvien") as member:
        await admin.call(acc.UserResetPassword, user_id=uid, new_password="mat-khau-moi")
        notice = await asyncio.wait_for(member.notices.get(), 5)
        assert (notice.code, "reset" in notice.message) == ("session.ended", True)
        await until(lambda: member.state == "disconnected")
    async with live.client() as again:
        with pytest.raises(AuthenticationFailed):
            await again.login("thanhvien", PASSWORD)
        assert (await again.login("thanhvien", "mat-khau-moi"))["user"]["id"] == uid


async def test_secretariat_cannot_reset_a_password(live: LiveServer, cast: dict[str, Any]) -> None:
    uid = cast["member"].user_id
    async with live.client("thuky") as sec, live.client("thanhvien") as member:
        with pytest.raises(PermissionDenied):
            await sec.call(acc.UserResetPassword, user_id=uid, new_password="mat-khau-moi")
        assert [m.id for m in await member.list_meetings()] == [cast["mid"]]
        assert member.notices.empty()
    async with live.client("thanhvien") as member:
        assert member.token is not None


async def test_expired_sessions_stop_working_on_the_wire(
    live: LiveServer, cast: dict[str, Any]
) -> None:
    uid = cast["member"].user_id
    async with live.client("thanhvien") as member, live.client("chutri") as chair:
        assert await member.list_meetings()
        await expire(live, uid, idle=True)
        with pytest.raises(SessionExpired, match="inactivity"):
            await member.list_meetings()
        assert await chair.list_meetings(), "other users' sessions are untouched"
    async with live.client("thanhvien") as member:
        await expire(live, uid, idle=False)
        with pytest.raises(SessionExpired, match="maximum length"):
            await member.list_meetings()


async def test_dropped_client_with_an_expired_session_stops_resuming(
    live: LiveServer, cast: dict[str, Any]
) -> None:
    async with live.client("thanhvien") as member:
        await member.join(cast["mid"])
        await expire(live, cast["member"].user_id, idle=True)
        await member.drop()
        with pytest.raises(SessionExpired):
            await member.call(mm.MeetingList)
        await until(lambda: member.state == "disconnected")
        assert member.token is None


async def test_logout_ends_the_token(live: LiveServer, cast: dict[str, Any]) -> None:
    async with live.client("thanhvien") as member:
        token = member.token
        await member.logout()
        with pytest.raises(NotAuthenticated):
            await member.list_meetings()
    async with live.client() as again:
        assert token is not None
        with pytest.raises(SessionExpired):
            await again.resume_session(token)


async def test_a_live_token_resumes_on_a_new_connection(
    live: LiveServer, cast: dict[str, Any]
) -> None:
    async with live.client("thanhvien") as first:
        token = first.token
        assert token is not None
        second = Client(live.url)
        async with second:
            result = await second.resume_session(token)
            assert result["user"]["username"] == "thanhvien"
            assert [m.id for m in await second.list_meetings()] == [cast["mid"]]
            with pytest.raises(SessionExpired):
                await second.resume_session(token[::-1])
