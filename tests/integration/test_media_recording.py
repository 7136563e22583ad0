"""Recording a meeting through the relay: real server on loopback, real aiortc clients
sending synthetic video and tones; the file is probed with PyAV."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import av
import numpy as np
import pytest

from desktop.client import Client
from protocol import media as pm
from protocol.envelope import Event
from protocol.errors import Conflict, PermissionDenied
from protocol.meetings import MeetingTransition
from server.domain import media_recording
from server.transport.media.relay import Relay
from tests.integration.conftest import LiveServer
from tests.integration.test_media import cast, live, publish, until
from tests.server.test_media_mixdown import strength

__all__ = ["cast", "live"]  # fixtures shared with test_media.py (a server with a relay)

pytestmark = pytest.mark.timeout(90)


def relay_of(live: LiveServer) -> Relay:
    assert live.transport.media is not None
    return live.transport.media


def collect(client: Client, mid: int) -> list[Event]:
    """Every event of the meeting that reaches ``client`` from now on."""
    seen: list[Event] = []
    client.meetings[mid].subscribe(lambda seq, event: seen.append(event))
    return seen


def data_dir(live: LiveServer) -> Path:
    return Path(live.domain.runner.settings.data_dir)


async def test_the_chair_records_the_speaker_to_a_playable_file_listed_with_its_hash(
    live: LiveServer, cast: dict[str, int]
) -> None:
    mid, a, b = cast["mid"], cast["a"], cast["b"]
    async with (
        live.client("chutich") as chair,
        live.client("botruong_a") as ca,
        live.client("botruong_b") as cb,
    ):
        await chair.join(mid)
        await cb.join(mid)
        seen_by_b = collect(cb, mid)
        started = await chair.call(pm.MediaRecordStart, meeting_id=mid)
        await until(lambda: any(isinstance(e, pm.MediaRecordingStarted) for e in seen_by_b))

        a_media = await publish(ca, mid)
        b_media = await publish(cb, mid)
        await until(lambda: b_media.receiving(a, "video") is not None, 20)
        await until(lambda: a_media.receiving(b, "video") is not None, 20)
        recorder = relay_of(live).recordings.running[mid].recorder
        await until(lambda: recorder.written["video"] > 0, 30)
        first = asyncio.get_running_loop().time()
        # At least 2 s and 20 frames recorded (a loaded machine may deliver fewer per s).
        await until(
            lambda: (
                recorder.written["video"] >= 20 and asyncio.get_running_loop().time() - first >= 2.0
            ),
            40,
        )
        assert recorder.source in (a, b)

        stopped = await chair.call(pm.MediaRecordStop, meeting_id=mid)
        await until(lambda: any(isinstance(e, pm.MediaRecordingStopped) for e in seen_by_b))
        for media in (a_media, b_media):
            await media.close()

    event = next(e for e in seen_by_b if isinstance(e, pm.MediaRecordingStopped))
    assert event.file_name == started["file_name"] == stopped["file_name"]
    rows = await live.domain.runner.run(media_recording.recordings, mid)
    assert len(rows) == 1
    row = rows[0]
    path = data_dir(live) / row.path
    assert row.path == f"recordings/{mid}/{event.file_name}"
    content = path.read_bytes()
    digest = hashlib.sha256(content).hexdigest()
    assert digest == event.sha256 == row.sha256 == stopped["sha256"]
    assert len(content) == event.size == row.size
    assert row.stopped_at is not None and row.started_by == cast["chair"]

    with av.open(str(path)) as container:
        assert container.streams.video[0].codec_context.name == "vp8"
        assert container.streams.audio[0].codec_context.name == "opus"
        times = [frame.time for frame in container.decode(video=0)]
    assert len(times) > 10
    # About the 2 s recorded, in order (timestamps rewritten from the arrival clock).
    assert times == sorted(times) and times[-1] - times[0] > 1.5
    # The sound holds both voices (mixed), not only the speaker's.
    with av.open(str(path)) as container:
        pcm = np.concatenate([f.to_ndarray().reshape(-1) for f in container.decode(audio=0)])
    assert pcm.size > 48000
    for user in (a, b):
        assert strength(pcm, 300 + 100 * user) > 0.02, f"the voice of {user} is recorded"


async def test_a_top_secret_meeting_is_never_recorded(live: LiveServer) -> None:
    d = live.domain
    sec = d.user("thuky", ["secretariat"])
    chair = d.user("chutich", ["chair"])
    member = d.user("botruong_a", ["member"])
    mid = d.meeting(sec, chair=chair, members=[member], classification="toi_mat", start=True)
    async with live.client("chutich") as client:
        await client.join(mid)
        with pytest.raises(pm.RecordingRefused) as refused:
            await client.call(pm.MediaRecordStart, meeting_id=mid)
    assert "Tối mật" in refused.value.message
    assert mid not in relay_of(live).recordings.running
    assert not (data_dir(live) / "recordings").exists()
    assert await live.domain.runner.run(media_recording.recordings, mid) == []
    assert "media.recording_started" not in {t for _, t in d.events(mid)}


async def test_a_member_may_not_record(live: LiveServer, cast: dict[str, int]) -> None:
    mid = cast["mid"]
    async with live.client("botruong_a") as member:
        await member.join(mid)
        with pytest.raises(PermissionDenied):
            await member.call(pm.MediaRecordStart, meeting_id=mid)
        with pytest.raises(PermissionDenied):
            await member.call(pm.MediaRecordStop, meeting_id=mid)
    assert not (data_dir(live) / "recordings").exists()


async def test_ending_the_meeting_stops_the_recording_with_its_hash(
    live: LiveServer, cast: dict[str, int]
) -> None:
    mid = cast["mid"]
    async with live.client("chutich") as chair, live.client("botruong_a") as ca:
        await chair.join(mid)
        a_media = await publish(ca, mid)
        await chair.call(pm.MediaRecordStart, meeting_id=mid)
        recorder = relay_of(live).recordings.running[mid].recorder
        await until(lambda: recorder.written["video"] > 3, 20)
        with pytest.raises(Conflict):  # one recording at a time
            await chair.call(pm.MediaRecordStart, meeting_id=mid)
        await chair.call(MeetingTransition, meeting_id=mid, action="end")
        await until(lambda: "media.recording_stopped" in {t for _, t in live.domain.events(mid)})
        await a_media.close()
    assert mid not in relay_of(live).recordings.running
    [row] = await live.domain.runner.run(media_recording.recordings, mid)
    content = (data_dir(live) / row.path).read_bytes()
    assert row.sha256 == hashlib.sha256(content).hexdigest() and row.size == len(content)
    with av.open(str(data_dir(live) / row.path)) as container:
        assert sum(1 for _ in container.decode(video=0)) > 3
