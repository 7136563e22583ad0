"""Active speaker, last-N, the loudest speakers and the chair's mute, through the relay:
real server on loopback, real aiortc clients whose tones have different levels."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from desktop.client import Client
from desktop.client.media import MediaSession
from desktop.client.media_sources import StampedVideoTrack, ToneAudioTrack
from protocol import live as lv
from protocol import media as pm
from protocol.errors import NotFound, PermissionDenied
from server.transport.media.relay import Relay, RelayConfig
from tests.integration.conftest import LiveServer
from tests.integration.test_media import cast, live, media_server, until

__all__ = ["cast", "live"]  # fixtures shared with test_media.py (a server with a relay)

pytestmark = pytest.mark.timeout(90)

NAMES = ("chutich", "botruong_a", "botruong_b", "botruong_c", "botruong_d")


@pytest.fixture
async def small(database_url: str, tmp_path: Path) -> AsyncIterator[LiveServer]:
    """A relay giving each viewer 2 video tiles besides the speaker and the presenter."""
    config = RelayConfig(max_video_bitrate=200_000, last_n=2)
    async with media_server(database_url, tmp_path / "data", config) as server:
        yield server


def cast_of(live: LiveServer) -> dict[str, int]:
    d = live.domain
    sec = d.user("thuky", ["secretariat"])
    chair = d.user(NAMES[0], ["chair"])
    members = [d.user(name, ["member"]) for name in NAMES[1:]]
    mid = d.meeting(sec, chair=chair, members=members, start=True)
    ids = {name: actor.user_id for name, actor in zip(NAMES, [chair, *members], strict=True)}
    return {"mid": mid, **ids}


@contextlib.asynccontextmanager
async def publishing(
    live: LiveServer, mid: int, levels: tuple[float, ...]
) -> AsyncIterator[list[MediaSession]]:
    """The first of :data:`NAMES`, one per level, signed in, in the meeting, each
    publishing video and a tone of its level (in that order)."""
    async with contextlib.AsyncExitStack() as stack:
        sessions = []
        for name, level in zip(NAMES[: len(levels)], levels, strict=True):
            client = await stack.enter_async_context(live.client(name))
            media = await publish(client, mid, level)
            # Closed before its client (the stack unwinds last in, first out): a
            # connection left open would end with the test's loop, its decoder threads
            # still waiting.
            stack.push_async_callback(media.close)
            sessions.append(media)
        yield sessions


async def publish(client: Client, mid: int, level: float) -> MediaSession:
    assert client.user is not None
    await client.join(mid)
    media = MediaSession(
        client,
        mid,
        video=StampedVideoTrack(tag=client.user.id, width=160, height=96, fps=10),
        audio=ToneAudioTrack(frequency=300 + 50 * client.user.id, level=level),
    )
    await media.start()
    return media


def frames(media: MediaSession, user_id: int, kind: str) -> int:
    remote = media.receiving(user_id, kind)
    return 0 if remote is None else remote.frames


#: Seconds without a frame after which none is on its way any more.
QUIET = 2.0


async def growth(media: MediaSession, users: list[int], kind: str, seconds: float) -> set[int]:
    """Whose ``kind`` reached ``media`` during the next ``seconds``."""
    before = {u: frames(media, u, kind) for u in users}
    await asyncio.sleep(seconds)
    return {u for u in users if frames(media, u, kind) > before[u]}


async def drained(media: MediaSession, user_id: int, kind: str, timeout: float = 20.0) -> None:
    """Wait until frames of ``user_id`` already on their way (sent before the relay
    stopped forwarding them, or queued in a slow decoder) have all arrived: none for
    :data:`QUIET` seconds (a loaded machine's decoder thread can pause for most of a
    second and then hand on what it had queued)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while loop.time() < end:
        if not await growth(media, [user_id], kind, QUIET):
            return
    raise AssertionError(f"{kind} of {user_id} keeps arriving")


def relay_of(live: LiveServer) -> Relay:
    assert live.transport.media is not None
    return live.transport.media


def active_video_slots(live: LiveServer, mid: int, viewer: int) -> set[int]:
    peer = relay_of(live).rooms[mid][viewer]
    return {
        s.track.feed.user_id
        for s in peer.slots.values()
        if s.kind == "video" and s.track.feed is not None and s.track.active
    }


async def test_each_viewer_gets_the_three_loudest_voices_and_last_n_video(
    small: LiveServer,
) -> None:
    cast = cast_of(small)
    mid = cast["mid"]
    chair_id, a, b, c, d = (cast[n] for n in NAMES)
    async with publishing(small, mid, (0.01, 0.03, 0.08, 0.2, 0.5)) as sessions:
        chair_media = sessions[0]
        await until(lambda: all(m.speaker == d for m in sessions), 30)
        await chair_media.select([a, b])
        others = [a, b, c, d]
        await until(lambda: active_video_slots(small, mid, chair_id) == {a, b, d}, 15)
        await until(lambda: frames(chair_media, a, "video") >= 3, 20)
        await drained(chair_media, c, "video")
        # Video: the two the chair chose and the speaker; not c, who is louder than both.
        assert await growth(chair_media, others, "video", 1.5) == {a, b, d}
        # Audio: the three loudest (d, c, b); a, the quietest of the others, is not sent.
        assert await growth(chair_media, others, "audio", 1.0) == {b, c, d}
        # Viewers who chose nothing get the speaker and N = 2 others who spoke or by order.
        for viewer in (a, b, c):
            tiles = active_video_slots(small, mid, viewer)
            assert d in tiles and len(tiles) == 3
        # The feeds copy packets only to those who receive them.
        room = relay_of(small).rooms[mid]
        watching_c = [v for v in (chair_id, a, b, d) if c in active_video_slots(small, mid, v)]
        assert len(room[c].feeds["video"].receivers) == len(watching_c) < 4
        assert len(room[a].feeds["audio"].receivers) == 3  # b, c, d hear a; the chair does not
        assert not room[chair_id].feeds["audio"].receivers  # the quietest reaches nobody
        for media in sessions:
            await media.close()


async def test_the_speaker_changes_when_another_participant_gets_louder(
    live: LiveServer, cast: dict[str, int]
) -> None:
    mid, chair_id, a, b = cast["mid"], cast["chair"], cast["a"], cast["b"]
    levels = (0.01, 0.4, 0.02)
    async with publishing(live, mid, levels) as (chair_media, a_media, b_media):
        chair = chair_media.client
        notices: list[str | None] = []
        chair.notice_listeners.append(
            lambda n: notices.append(n.ref) if n.code == pm.SPEAKER_CHANGED else None
        )
        await until(lambda: chair_media.speaker == a and b_media.speaker == a, 20)
        assert isinstance(a_media.audio, ToneAudioTrack)
        assert isinstance(b_media.audio, ToneAudioTrack)
        a_media.audio.level, b_media.audio.level = 0.02, 0.5
        await until(lambda: chair_media.speaker == b and a_media.speaker == b, 15)
        assert str(b) in notices
        # Not in the meeting's log: a transient notice.
        assert "media.speaker_changed" not in {t for _, t in live.domain.events(mid)}
        assert relay_of(live).selections[mid].speaker == b != chair_id


async def test_the_chair_mutes_a_participant_and_the_floor_unmutes_them(
    live: LiveServer, cast: dict[str, int]
) -> None:
    mid, a = cast["mid"], cast["a"]
    levels = (0.05, 0.3, 0.1)
    async with publishing(live, mid, levels) as (chair_media, a_media, b_media):
        chair, ca, cb = (m.client for m in (chair_media, a_media, b_media))
        await until(lambda: frames(b_media, a, "audio") >= 10)
        # A member may not mute anyone (permission-denied twin).
        with pytest.raises(PermissionDenied):
            await cb.call(pm.MediaMute, meeting_id=mid, user_id=a, kind="audio")
        assert await growth(b_media, [a], "audio", 0.5) == {a}

        await chair.call(pm.MediaMute, meeting_id=mid, user_id=a, kind="audio")
        await until(lambda: (a, "audio") in b_media.muted)
        await until(lambda: not relay_of(live).rooms[mid][a].feeds["audio"].receivers)
        await drained(b_media, a, "audio")  # what was already on its way arrives, then no more
        assert await growth(b_media, [a], "audio", 1.0) == set(), "a's voice no longer arrives"
        assert await growth(b_media, [a], "video", 1.0) == {a}, "a is still seen"

        # Given the floor, a is heard again.
        request = await ca.call(lv.FloorRequest, meeting_id=mid)
        await chair.call(lv.FloorGrant, request_id=request["request_id"], seconds=60)
        await until(lambda: (a, "audio") not in b_media.muted)
        await until(lambda: bool(relay_of(live).rooms[mid][a].feeds["audio"].receivers))
        assert await growth(b_media, [a], "audio", 1.0) == {a}


async def test_mute_all_but_the_speaker_keeps_only_the_speaker_heard(
    live: LiveServer, cast: dict[str, int]
) -> None:
    mid, chair_id, a, b = cast["mid"], cast["chair"], cast["a"], cast["b"]
    levels = (0.02, 0.4, 0.05)
    async with publishing(live, mid, levels) as (chair_media, a_media, b_media):
        chair, cb = chair_media.client, b_media.client
        await until(lambda: chair_media.speaker == a, 20)
        with pytest.raises(PermissionDenied):
            await cb.call(pm.MediaMuteAllButSpeaker, meeting_id=mid)
        assert not b_media.muted
        result = await chair.call(pm.MediaMuteAllButSpeaker, meeting_id=mid)
        assert result["speaker"] == a and result["muted"] == 1
        await until(lambda: a_media.muted == {(b, "audio")})
        await until(lambda: not relay_of(live).rooms[mid][b].feeds["audio"].receivers)
        # What was already on its way (or queued in a loaded decoder) arrives, then no more.
        await drained(a_media, b, "audio")
        await drained(chair_media, b, "audio")
        assert await growth(a_media, [b, chair_id], "audio", 1.0) == {chair_id}
        assert await growth(chair_media, [a, b], "audio", 1.0) == {a}


async def test_a_participant_who_turns_their_microphone_off_is_shown_so_and_not_sent(
    live: LiveServer, cast: dict[str, int]
) -> None:
    mid, chair_id, a, b = cast["mid"], cast["chair"], cast["a"], cast["b"]
    levels = (0.05, 0.3, 0.2)
    async with publishing(live, mid, levels) as (chair_media, a_media, b_media):
        cb = b_media.client
        await until(lambda: frames(chair_media, b, "audio") >= 10)
        await b_media.turn_off("audio", True)
        await until(lambda: all((b, "audio") in m.self_muted for m in (chair_media, a_media)))
        assert (b, "audio") not in chair_media.muted, "not the chair's mute"
        room = relay_of(live).rooms[mid]
        await until(lambda: not room[b].feeds["audio"].receivers)
        await drained(chair_media, b, "audio")
        assert await growth(chair_media, [a, b], "audio", 1.0) == {a}
        assert await growth(chair_media, [b], "video", 1.0) == {b}, "b is still seen"

        await b_media.turn_off("audio", False)
        await until(lambda: (b, "audio") not in chair_media.self_muted)
        await until(lambda: bool(room_of(live, mid)[b].feeds["audio"].receivers))
        assert await growth(chair_media, [b], "audio", 1.0) == {b}

        # The camera off, then b's media connects again with it still off: the new
        # offer tells the meeting, and a newcomer's answer says so too.
        await b_media.turn_off("video", True)
        await until(lambda: (b, "video") in a_media.self_muted)
        await b_media.close()
        await cb.call(pm.MediaSelfMute, meeting_id=mid, kind="video", muted=False)
        await until(lambda: (b, "video") not in a_media.self_muted)
        again = MediaSession(
            cb,
            mid,
            video=StampedVideoTrack(tag=b, width=160, height=96, fps=10),
            audio=ToneAudioTrack(frequency=400, level=0.2),
        )
        again.own_off = {"video": True}
        await again.start()
        await until(lambda: (b, "video") in a_media.self_muted)
        assert (b, "video") in again.self_muted and (b, "audio") not in again.self_muted
        await until(lambda: not room_of(live, mid)[b].feeds["video"].receivers)
        await drained(chair_media, b, "video")
        assert await growth(chair_media, [a, b], "video", 1.0) == {a}
        assert chair_id not in {u for u, _ in again.self_muted}
        await again.close()


def room_of(live: LiveServer, mid: int) -> Any:
    return relay_of(live).rooms[mid]


@pytest.mark.parametrize("live", ["rtp"], indirect=True)  # frame forwarding has no gate
async def test_a_silent_microphone_reaches_nobody_until_its_owner_speaks(
    live: LiveServer, cast: dict[str, int]
) -> None:
    mid, a, b = cast["mid"], cast["a"], cast["b"]
    levels = (0.05, 0.3, 0.0001)  # about -80 dBov: a room with nobody talking
    async with publishing(live, mid, levels) as (chair_media, _, b_media):
        assert isinstance(b_media.audio, ToneAudioTrack)
        await until(lambda: frames(chair_media, a, "audio") >= 10)
        room = relay_of(live).rooms[mid]
        gate = room[b].feeds["audio"].gate
        assert gate is not None
        await until(lambda: gate.suppressed >= 50)
        await drained(chair_media, b, "audio")
        # b is still selected (three loudest of two), but nothing of the silence is sent.
        assert room[b].feeds["audio"].receivers
        assert await growth(chair_media, [a, b], "audio", 1.0) == {a}
        assert await growth(chair_media, [b], "video", 1.0) == {b}, "b is still seen"
        # b speaks: heard at once.
        b_media.audio.level = 0.3
        await until(lambda: frames(chair_media, b, "audio") > 0, 10)
        assert await growth(chair_media, [a, b], "audio", 1.0) == {a, b}


async def test_a_viewer_may_choose_only_in_a_meeting_it_attends(
    live: LiveServer, cast: dict[str, int]
) -> None:
    async with live.client("nguoingoai") as outsider, live.client("botruong_b") as b:
        with pytest.raises(NotFound):
            await outsider.call(pm.MediaSelect, meeting_id=cast["mid"], user_ids=[cast["a"]])
        with pytest.raises(PermissionDenied, match="Join the meeting"):
            await b.call(pm.MediaSelect, meeting_id=cast["mid"], user_ids=[cast["a"]])
