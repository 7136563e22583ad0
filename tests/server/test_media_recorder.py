"""The recorder without sockets: real VP8/Opus packets from PyAV encoders go through real
feeds; the recorder follows the speaker, asks the new one for a keyframe, and the WebM
it writes is probed with PyAV."""

from __future__ import annotations

import asyncio
import fractions
import hashlib
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import av
import numpy as np

from server.domain.media import RoomPolicy
from server.transport.media.fanout import Feed
from server.transport.media.forwarding import EncodedTrack, is_vp8_keyframe
from server.transport.media.recorder import Recorder, vp8_size

VIDEO_CLOCK = fractions.Fraction(1, 90000)


def vp8_packets(width: int, height: int, count: int, shade: int) -> list[bytes]:
    """``count`` VP8 frames, the first a keyframe, the others not."""
    encoder: Any = av.CodecContext.create("libvpx", "w")
    encoder.width, encoder.height, encoder.pix_fmt = width, height, "yuv420p"
    encoder.time_base, encoder.framerate = VIDEO_CLOCK, 15
    encoder.options = {"g": "1000"}
    out: list[bytes] = []
    for i in range(count):
        image = np.full((height, width, 3), (shade + 3 * i) % 256, np.uint8)
        frame = av.VideoFrame.from_ndarray(image, format="rgb24").reformat(format="yuv420p")
        frame.pts, frame.time_base = i * 6000, VIDEO_CLOCK
        out += [bytes(p) for p in encoder.encode(frame)]
    out += [bytes(p) for p in encoder.encode(None)]
    return out


def opus_packets(count: int) -> list[bytes]:
    encoder: Any = av.CodecContext.create("libopus", "w")
    encoder.sample_rate, encoder.layout, encoder.format = 48000, "stereo", "s16"
    out: list[bytes] = []
    for i in range(count):
        samples = (np.sin(np.arange(960 * i, 960 * (i + 1)) / 10) * 8000).astype(np.int16)
        frame = av.AudioFrame.from_ndarray(
            np.repeat(samples, 2).reshape(1, -1), format="s16", layout="stereo"
        )
        frame.sample_rate, frame.pts = 48000, i * 960
        out += [bytes(p) for p in encoder.encode(frame)]
    return out


def publisher(user_id: int) -> tuple[Any, list[int]]:
    plis: list[int] = []
    feeds = {
        kind: Feed(user_id, kind, EncodedTrack(kind), lambda: plis.append(user_id))
        for kind in ("audio", "video")
    }
    return SimpleNamespace(user_id=user_id, closed=False, feeds=feeds), plis


def send(peer: Any, kind: str, data: bytes, pts: int) -> None:
    """What the feed's pump does with one packet from the publisher."""
    feed: Feed = peer.feeds[kind]
    time_base = VIDEO_CLOCK if kind == "video" else fractions.Fraction(1, 48000)
    keyframe = kind == "video" and is_vp8_keyframe(data)
    for sub in list(feed.active):
        sub.deliver(feed, data, pts, time_base, keyframe)


async def test_the_recorder_follows_the_speaker_from_a_keyframe_and_writes_playable_webm(
    tmp_path: Path,
) -> None:
    one, plis_one = publisher(1)
    two, plis_two = publisher(2)
    stage = SimpleNamespace(speaker=1, policy=RoomPolicy())
    path = tmp_path / "recordings" / "7" / "r.webm"
    recorder = Recorder(path, lambda: [one, two], lambda: stage)  # type: ignore[arg-type,return-value]
    recorder.start()
    await asyncio.sleep(0.01)  # the recorder's tracks are read from now on
    assert recorder.source == 1

    first = vp8_packets(160, 96, 8, 10)
    for i, data in enumerate(first):
        send(one, "video", data, i * 6000)
        send(one, "audio", opus_packets(1)[0], i * 960)
        await asyncio.sleep(0.005)

    stage.speaker = 2
    recorder.follow()
    assert recorder.source == 2 and plis_two, "the new speaker is asked for a keyframe"
    second = vp8_packets(320, 192, 12, 200)
    for i, data in enumerate(second[1:5]):  # no keyframe yet: nothing of 2's video is kept
        send(two, "video", data, i * 6000)
    await asyncio.sleep(0.02)
    before_keyframe = recorder.written["video"]
    for i, data in enumerate(second):
        send(two, "video", data, (i + 10) * 6000)
        await asyncio.sleep(0.005)

    # The chair mutes 2's video: it is no longer recorded.
    stage.policy = RoomPolicy(muted=frozenset({(2, "video")}))
    recorder.follow()
    send(two, "video", second[0], 30 * 6000)
    await asyncio.sleep(0.02)
    size, sha256 = await recorder.stop()

    assert before_keyframe == len(first)
    assert recorder.written["video"] == len(first) + len(second)
    assert not plis_one or plis_one == [1]
    assert size == path.stat().st_size and len(sha256) == 64
    with av.open(str(path)) as container:
        frames = list(container.decode(video=0))
    assert len(frames) == len(first) + len(second)
    assert [(f.width, f.height) for f in (frames[0], frames[-1])] == [(160, 96), (320, 192)]
    times = [f.time for f in frames]
    assert times == sorted(times) and len(set(times)) == len(times)
    # The sound (mixed, see test_media_mixdown.py) runs from the start to the end.
    with av.open(str(path)) as container:
        sound = list(container.decode(audio=0))
    assert sound and sound[-1].time + sound[-1].samples / 48000 >= times[-1]


async def test_the_recording_holds_every_voice_but_a_muted_one(tmp_path: Path) -> None:
    from tests.server.test_media_mixdown import strength, tone_packets

    people = [publisher(n)[0] for n in (1, 2, 3)]
    tones = {1: tone_packets(440, 60), 2: tone_packets(1250, 60), 3: tone_packets(2500, 60)}
    # 1 speaks, 2 interjects; the chair muted 3.
    stage = SimpleNamespace(speaker=1, policy=RoomPolicy(muted=frozenset({(3, "audio")})))
    path = tmp_path / "r.webm"
    recorder = Recorder(path, lambda: people, lambda: stage, open_wait=0.0)  # type: ignore[arg-type,return-value]
    recorder.start()
    await asyncio.sleep(0.15)  # the file opens (no video: sound alone)
    assert set(recorder.voices) == {1, 2}
    for i in range(60):
        for peer in people:
            send(peer, "audio", tones[peer.user_id][i], i * 960)
        await asyncio.sleep(0.02)
    await recorder.stop()
    with av.open(str(path)) as container:
        pcm = np.concatenate([f.to_ndarray().reshape(-1) for f in container.decode(audio=0)])
    assert strength(pcm, 440) > 0.05 and strength(pcm, 1250) > 0.05
    assert strength(pcm, 2500) < 0.005, "the muted voice is not recorded"


def test_vp8_size_reads_a_keyframe_header_only() -> None:
    packets = vp8_packets(176, 144, 2, 0)
    assert vp8_size(packets[0]) == (176, 144)
    assert vp8_size(packets[1]) is None


async def test_a_recording_stopped_before_any_media_arrived_is_an_empty_file_with_its_hash(
    tmp_path: Path,
) -> None:
    path = tmp_path / "recordings" / "7" / "empty.webm"
    recorder = Recorder(path, lambda: [], lambda: None)
    recorder.start()
    size, sha256 = await recorder.stop()
    assert path.exists() and size == path.stat().st_size
    assert sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


async def test_a_large_meeting_records_the_loudest_voices_only(tmp_path: Path) -> None:
    from server.transport.media.recorder import MIX_VOICES
    from server.transport.media.speakers import SpeakerDetector

    people = [publisher(n)[0] for n in range(1, MIX_VOICES + 4)]
    detector = SpeakerDetector()
    for peer in people:  # user n is heard at -n dBov: the lowest ids are the loudest
        detector.hear(peer.user_id, peer.user_id + 20, 0.0)
    stage = SimpleNamespace(speaker=1, policy=RoomPolicy(), detector=detector)
    recorder = Recorder(tmp_path / "r.webm", lambda: people, lambda: stage, clock=lambda: 0.1)  # type: ignore[arg-type,return-value]
    recorder.follow()
    assert set(recorder.voices) == set(range(1, MIX_VOICES + 1))
    await recorder.stop()
