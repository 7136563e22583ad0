"""A fixed set of slots per viewer, re-pointed by the relay: nobody renegotiates when
someone joins, and every frame lands in the slot the relay said carries its sender.
Real server on loopback, real aiortc clients whose frames carry their sender's tag."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace

import av
import pytest

from desktop.client import Client
from desktop.client.media import START_TIMEOUT, MediaSession, RemoteMedia
from desktop.client.media_sources import read_stamp
from protocol import media as pm
from protocol.envelope import Notice
from server.transport.media.relay import RelayConfig
from tests.integration.conftest import LiveServer
from tests.integration.test_media import media_server, until
from tests.integration.test_media_selection import NAMES, cast_of, publishing, relay_of

pytestmark = pytest.mark.timeout(120)

#: Tone levels of the five in ``NAMES``: the last (d) is clearly the speaker.
SPEAKER_IS_D = (0.01, 0.02, 0.03, 0.04, 0.5)


class Attribution:
    """For each decoded video frame: the sender the slot was mapped to, and the tag the
    frame carries."""

    def __init__(self, media: MediaSession) -> None:
        self.pairs: list[tuple[int | None, int]] = []
        media.frame_listeners.append(self._on_frame)

    def _on_frame(self, remote: RemoteMedia) -> None:
        if remote.kind == "video" and remote.latest is not None:
            stamp = read_stamp(remote.latest)  # type: ignore[arg-type]
            if stamp is not None:
                self.pairs.append((remote.user_id, stamp[0]))

    async def window(self, tags: set[int], timeout: float = 20.0) -> list[tuple[int | None, int]]:
        """The frames from now until at least 3 of each of ``tags`` were seen (a loaded
        machine decodes late, so no fixed duration)."""
        start = len(self.pairs)

        def enough() -> bool:
            window = self.pairs[start:]
            return all(sum(1 for _, t in window if t == tag) >= 3 for tag in tags)

        await until(enough, timeout)
        return self.pairs[start:]


def tagged(media: MediaSession, user_id: int) -> int:
    remote = media.receiving(user_id, "video")
    return 0 if remote is None else sum(1 for tag, _, _ in remote.stamps if tag == user_id)


@pytest.fixture
async def relay_server(database_url: str, tmp_path: Path) -> AsyncIterator[LiveServer]:
    config = RelayConfig(max_video_bitrate=200_000)
    async with media_server(database_url, tmp_path / "data", config) as server:
        yield server


async def test_five_join_one_by_one_and_only_the_newcomer_negotiates(
    relay_server: LiveServer,
) -> None:
    cast = cast_of(relay_server)
    mid = cast["mid"]
    ids = [cast[n] for n in NAMES]
    levels = (0.01, 0.03, 0.08, 0.2, 0.5)
    async with publishing(relay_server, mid, levels) as sessions:
        attributions = [Attribution(m) for m in sessions]

        def everyone_sees_everyone() -> bool:
            return all(
                tagged(m, other) >= 5
                for m, me in zip(sessions, ids, strict=True)
                for other in ids
                if other != me
            )

        await until(everyone_sees_everyone, 60)
        # Joining cost each newcomer one negotiation and the others none.
        assert [m.negotiations for m in sessions] == [1] * 5
        room = relay_of(relay_server).rooms[mid]
        expected = sum(pm.RECEIVE_SLOTS.values())
        assert {len(peer.slots) for peer in room.values()} == {expected}
        # Each frame is shown as its sender's: the slot's mapping names who sent it.
        for attribution, me in zip(attributions, ids, strict=True):
            seen = await attribution.window(set(ids) - {me})
            assert all(mapped == tag for mapped, tag in seen)
        # Audio: the three loudest of the others, in the fixed audio slots.
        chair_media = sessions[0]
        assert {
            r.user_id for r in chair_media.remote.values() if r.kind == "audio" and r.user_id
        } == set(ids[2:])


@pytest.fixture
async def one_tile(database_url: str, tmp_path: Path) -> AsyncIterator[LiveServer]:
    """Each viewer gets the speaker's video and one other (last-N = 1)."""
    config = RelayConfig(max_video_bitrate=200_000, last_n=1)
    async with media_server(database_url, tmp_path / "data", config) as server:
        yield server


async def test_a_slot_is_re_pointed_to_whom_the_viewer_chooses(one_tile: LiveServer) -> None:
    cast = cast_of(one_tile)
    mid = cast["mid"]
    chair_id, a, b, _, d = (cast[n] for n in NAMES)
    async with publishing(one_tile, mid, SPEAKER_IS_D) as sessions:
        chair_media = sessions[0]
        await until(lambda: chair_media.speaker == d, 30)
        watch = Attribution(chair_media)
        for chosen, other in ((a, b), (b, a)):
            await chair_media.select([chosen])
            await until(lambda chosen=chosen: tagged(chair_media, chosen) >= 5, 20)
            await until(lambda other=other: chair_media.receiving(other, "video") is None, 5)
            seen = await watch.window({d, chosen})
            # The speaker and the one chosen, each frame in the slot mapped to its sender.
            assert {tag for _, tag in seen} == {d, chosen}
            assert all(mapped == tag for mapped, tag in seen)
        video = [r for r in chair_media.remote.values() if r.kind == "video" and r.user_id]
        assert sorted(r.user_id for r in video) == sorted([b, d])
        assert chair_media.negotiations == 1
        assert chair_id not in {r.user_id for r in chair_media.remote.values()}


async def test_the_client_keeps_the_newest_mapping_and_ignores_a_garbled_one(
    caplog: pytest.LogCaptureFixture,
) -> None:
    media = MediaSession(Client("ws://127.0.0.1:9"), 1)
    media.remote = {"0": RemoteMedia("0", "video"), "1": RemoteMedia("1", "audio")}

    def notice(ref: str) -> None:
        media._on_notice(Notice(code=pm.SLOTS_CHANGED, message="slots re-pointed", ref=ref))

    def users() -> dict[str, int | None]:
        return {mid: remote.user_id for mid, remote in media.remote.items()}

    try:
        notice("3|0=12;1=5")
        assert users() == {"0": 12, "1": 5}
        notice("2|0=7;1=")  # older than what the client holds: overtaken, ignored
        assert users() == {"0": 12, "1": 5}
        notice("4|0=twelve")
        assert users() == {"0": 12, "1": 5}
        assert "ignored a slot mapping" in caplog.text
        media._on_notice(Notice(code=pm.SLOT_STARTED, message="slot started", ref="4|0=-1"))
        assert "ignored a slot start" in caplog.text
        notice("4|0=;1=7")
        assert users() == {"0": None, "1": 7}
        assert media.receiving(7, "audio") is media.remote["1"]
        assert media.receiving(12, "video") is None
    finally:
        await media.pc.close()


async def test_a_moved_slot_waits_for_the_start_of_its_own_move() -> None:
    """A relay that announces starts gets waited for (seconds, not 0.4 s); a start
    notice of an earlier move is not taken for the current one; the current move's
    start counts even when a later mapping (that left the slot alone) came first."""
    media = MediaSession(Client("ws://127.0.0.1:9"), 1)
    media.remote = {"0": RemoteMedia("0", "video")}
    answer = pm.MediaAnswer(sdp="", tracks=[], publishers=[], slot_starts=True)

    def notice(code: str, ref: str) -> None:
        media._on_notice(Notice(code=code, message="", ref=ref))

    try:
        media._apply(answer)
        notice(pm.SLOTS_CHANGED, "1|0=12")
        notice(pm.SLOTS_CHANGED, "2|0=5")  # moved from 12 to 5
        slot = media.remote["0"]
        assert slot.awaiting_until - time.monotonic() > START_TIMEOUT
        notice(pm.SLOTS_CHANGED, "3|0=12")  # and back, before 5's start was told
        notice(pm.SLOT_STARTED, "2|0=1000")  # 5's start: stale
        assert slot.start_pts is None
        notice(pm.SLOTS_CHANGED, "4|0=12;1=7")  # another slot changed, this one not
        notice(pm.SLOT_STARTED, "3|0=2000")  # 12's start, overtaken by mapping 4
        assert slot.start_pts == 2000
        # Decoded frames carry the RTP timestamp less the receiver's first (1000 here).
        mapper = SimpleNamespace(_origin=1000)
        media._receivers["0"] = SimpleNamespace(_RTCRtpReceiver__timestamp_mapper=mapper)
        frame = av.VideoFrame(16, 16, "yuv420p")
        slot.awaiting_until = time.monotonic() - 1  # the wait is over, the start known
        frame.pts = 999  # RTP 1999: still the previous sender's
        assert not media._shows(slot, frame)
        frame.pts = 1000
        assert media._shows(slot, frame)
        assert slot.awaiting_until == 0.0
    finally:
        await media.pc.close()


async def test_a_slot_moved_to_another_sender_never_shows_the_first_under_the_second_name(
    one_tile: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With as many video slots as tiles (the speaker and one chosen), each change of
    choice moves the one slot from one sender to the other."""
    monkeypatch.setitem(pm.RECEIVE_SLOTS, "video", 2)
    cast = cast_of(one_tile)
    mid = cast["mid"]
    _, a, b, _, d = (cast[n] for n in NAMES)
    async with publishing(one_tile, mid, SPEAKER_IS_D) as sessions:
        chair_media = sessions[0]
        await until(lambda: chair_media.speaker == d, 30)
        assert sum(1 for r in chair_media.remote.values() if r.kind == "video") == 2
        watch = Attribution(chair_media)
        for chosen in (a, b, a, b, a):
            start = len(watch.pairs)
            await chair_media.select([chosen])

            def shown(c: int = chosen, start: int = start) -> bool:
                return sum(1 for _, tag in watch.pairs[start:] if tag == c) >= 3

            await until(shown, 20)
        assert {tag for _, tag in watch.pairs} == {a, b, d}
        wrong = [(mapped, tag) for mapped, tag in watch.pairs if mapped != tag]
        assert wrong == [], f"{len(wrong)} frames shown under another sender's name"
