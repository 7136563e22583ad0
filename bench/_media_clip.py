"""The media benchmark's load: a clip encoded once, replayed by cheap tracks, and
received without decoding.

The clip is ``FRAMES`` frames of :class:`StampedVideoTrack` (640x360, frame number
stamped as a barcode) encoded once with libvpx (a keyframe every ``GOP`` frames) and
one second of :class:`ToneAudioTrack` encoded with libopus. Senders replay the packets
(:class:`PacketTrack` returns :class:`av.Packet`, so aiortc only packetizes them, as
with ``MediaPlayer(decode=False)``).

Receivers do not decode either: the relay forwards each VP8 frame's bytes unchanged,
so a received frame is identified by its bytes (``frame_index``: hash of the bytes →
clip index, checked unique at encoding time, and checked once against the decoded
barcode). The publisher is known from the slot (``MediaSession.remote``), and the
latency is the receive time minus the time the publisher's track last handed that
clip index to its sender (the clip is 10 s long, far longer than any latency).
"""

from __future__ import annotations

import asyncio
import fractions
import time
from dataclasses import dataclass
from typing import Any

import av
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

from desktop.client.media_sources import StampedVideoTrack, ToneAudioTrack, read_stamp

WIDTH, HEIGHT, FPS = 640, 360, 15
FRAMES = 150  # 10 s
GOP = 15  # a keyframe a second: the pre-encoded clip cannot answer a PLI
VIDEO_BITRATE = 600_000
AUDIO_PACKETS = 50  # 1 s of 20 ms Opus packets


@dataclass
class Clip:
    tag: int
    video: list[bytes]
    audio: list[bytes]

    def index(self) -> dict[int, int]:
        """Hash of a video frame's bytes → its index in the clip."""
        return {hash(data): i for i, data in enumerate(self.video)}


def _fast(track: Any) -> Any:
    track._start = -1e9  # generate as fast as possible, not in real time
    return track


async def _encode(tag: int) -> Clip:
    source = _fast(StampedVideoTrack(tag, WIDTH, HEIGHT, FPS))
    vp8 = av.CodecContext.create("libvpx", "w")
    vp8.width, vp8.height, vp8.pix_fmt = WIDTH, HEIGHT, "yuv420p"
    vp8.time_base = fractions.Fraction(1, FPS)
    vp8.framerate = fractions.Fraction(FPS, 1)
    vp8.bit_rate = VIDEO_BITRATE
    vp8.gop_size = GOP
    vp8.options = {"deadline": "realtime", "cpu-used": "8", "lag-in-frames": "0"}
    video: list[bytes] = []
    for number in range(FRAMES):
        frame = await source.recv()
        frame.pts, frame.time_base = number, vp8.time_base
        if number % GOP == 0:
            frame.pict_type = av.video.frame.PictureType.I
        video += [bytes(p) for p in vp8.encode(frame)]
    video += [bytes(p) for p in vp8.encode(None)]
    tone = _fast(ToneAudioTrack())
    opus = av.CodecContext.create("libopus", "w")
    opus.sample_rate, opus.layout, opus.format = 48000, "mono", "s16"
    opus.bit_rate = 32_000
    audio: list[bytes] = []
    while len(audio) < AUDIO_PACKETS:
        audio += [bytes(p) for p in opus.encode(await tone.recv())]
    return Clip(tag, video[:FRAMES], audio[:AUDIO_PACKETS])


def encode_clips(count: int) -> list[Clip]:
    """One clip per sender (tags 1..count); checked: each clip's frames distinct, stamps
    readable after decoding.  Keyframes differ between clips (the tag is in the
    picture); an inter frame may equal another clip's (the same change of stamp over
    the same picture), so a frame's bytes say whose it is only among the clips that
    hold it."""
    return [encode_clip(tag) for tag in range(1, count + 1)]


def encode_clip(tag: int) -> Clip:
    clip = asyncio.run(_encode(tag))
    if len(clip.video) != FRAMES or len(clip.index()) != FRAMES:
        raise RuntimeError("the encoded clip's frames are not all distinct")
    decoder = av.CodecContext.create("libvpx", "r")
    for i, data in enumerate(clip.video):
        frames = decoder.decode(av.Packet(data))
        stamp = read_stamp(frames[0]) if frames else None
        if stamp != (tag, i):
            raise RuntimeError(f"clip frame {i} decodes to stamp {stamp}")
    return clip


class PacketTrack(MediaStreamTrack):
    """Replays encoded packets in real time; ``sent_at[i]`` is when clip frame ``i`` was
    last handed to the sender (``time.monotonic``)."""

    def __init__(self, kind: str, packets: list[bytes], rate: float, clock: int) -> None:
        super().__init__()
        self.kind = kind
        self.packets, self.rate, self.clock = packets, rate, clock
        #: Audio: the level (dBov, -127..0) the sender announces in RFC 6464, if any
        #: (see ``_media_load.announce_levels``).
        self.dbov: int | None = None
        self.sent_at = [0.0] * len(packets)
        self._number = 0
        self._start: float | None = None
        self._base = fractions.Fraction(1, clock)

    async def recv(self) -> av.Packet[Any]:
        if self.readyState != "live":
            raise MediaStreamError
        number = self._number
        self._number += 1
        if self._start is None:
            self._start = time.monotonic()
        wait = self._start + number / self.rate - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        elif wait < -1 / self.rate:
            # Late by more than a frame (a busy load process): go on from now, as a
            # camera would, rather than send the backlog in one burst.
            self._start -= wait
        index = number % len(self.packets)
        packet = av.Packet(self.packets[index])
        packet.pts = int(number * self.clock / self.rate)
        packet.time_base = self._base
        self.sent_at[index] = time.monotonic()
        return packet


def video_track(clip: Clip) -> PacketTrack:
    return PacketTrack("video", clip.video, FPS, 90000)


def audio_track(clip: Clip) -> PacketTrack:
    return PacketTrack("audio", clip.audio, 50, 48000)
