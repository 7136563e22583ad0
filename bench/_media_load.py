"""The load generator of the media benchmark: K participants in one process, pinned to
its own CPU, sending the pre-encoded clip and receiving everyone else's without decoding.

The parent drives the timeline over two queues: the load process puts ``"ready"``
(every participant receives the video the relay forwards it, or a timeout, then a
warm-up until the relay has settled after the join), gets ``"start"``
and ``"stop"``, then puts its counts. Only frames received between the two count.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict, deque
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from aiortc import RTCPeerConnection

from bench import _rtp_receive as rtp_receive
from bench._media_clip import Clip, PacketTrack, audio_track, video_track
from bench._media_servers import pin

WARM_UP = 2.0
READY_TIMEOUT = 90.0
#: After everyone joined, the relay first works off the join (DTLS handshakes, one
#: negotiation per newcomer); measured is the meeting that follows,
#: once the video latency of the last :data:`SETTLE_SPAN` seconds has a p95 below
#: :data:`SETTLED_P95` (or :data:`SETTLE_TIMEOUT` passed; the result says which).
SETTLE_SPAN = 2.0
SETTLED_P95 = 0.150
SETTLE_TIMEOUT = 180.0
#: The first participant speaks (its audio announces this level, RFC 6464); the others'
#: microphones hear near-silence.  The relay's active speaker is then the first one.
SPEAKING_DBOV, QUIET_DBOV = -20, -100


def limits() -> dict[str, int | None]:
    """Streams per viewer the relay forwards (the speaker and last-N video, the loudest
    audio), if it limits."""
    try:
        from server.domain import media_selection
    except ImportError:
        return {"video": None, "audio": None}
    return {"video": media_selection.LAST_N + 1, "audio": media_selection.AUDIO_STREAMS}


def expected_video(ids: list[int], viewer: int, limit: int | None) -> int:
    """Video streams the relay forwards ``viewer``: the speaker (``ids[0]``) and last-N
    others, who never include oneself (the speaker sees last-N only)."""
    if limit is None:
        return len(ids) - 1
    return min(len(ids) - 1, limit - 1 if viewer == ids[0] else limit)


def announce_levels() -> None:
    """Pre-encoded audio has no level for the sender to announce; take the track's."""
    from aiortc.rtcrtpsender import RTCRtpSender

    original = RTCRtpSender._next_encoded_frame

    async def with_level(self: Any, codec: Any) -> Any:
        frame = await original(self, codec)
        level = getattr(self._RTCRtpSender__track, "dbov", None)
        if frame is not None and level is not None:
            frame.audio_level = level
        return frame

    RTCRtpSender._next_encoded_frame = with_level  # type: ignore[method-assign]


class Receiving:
    """Counts per (subscriber, publisher, kind) and video latencies, in the window only.

    Every sender replays its own clip, so a frame's bytes say whose frame it is: the
    latency uses that sender's clock, and a frame arriving in a slot that the relay
    said carries someone else is counted in ``misattributed``.
    """

    def __init__(self, clips: list[Clip], last_n: int | None = None) -> None:
        #: Frame hash → {clip: index}: inter frames of two clips can be byte-identical
        #: (same picture, same change of stamp), so a hash may name several clips.
        self.index: dict[int, dict[int, int]] = defaultdict(dict)
        for n, clip in enumerate(clips):
            for h, i in clip.index().items():
                self.index[h][n] = i
        self.last_n = last_n
        #: The track replaying clip ``n``, and the publisher (user id) sending it.
        self.tracks: dict[int, PacketTrack] = {}
        self.clip_of: dict[int, int] = {}
        self.total: dict[tuple[int, int, str], int] = defaultdict(int)
        self.window: dict[tuple[int, int, str], int] = defaultdict(int)
        self.latencies: list[float] = []
        #: (arrival, latency) of the video frames of the last moments, for :meth:`settle`.
        self.recent: deque[tuple[float, float]] = deque()
        self.unknown = 0
        self.misattributed = 0
        self.measuring = False

    def on_packet(self, subscriber: int, publisher: int, kind: str, data: bytes) -> None:
        now = time.monotonic()
        key = (subscriber, publisher, kind)
        self.total[key] += 1
        if self.measuring:
            self.window[key] += 1
        if kind != "video" or publisher not in self.clip_of:
            return
        found = self.index.get(hash(data))
        if not found:
            self.unknown += self.measuring
            return
        clip = self.clip_of[publisher]
        if clip not in found:  # a frame only other senders' clips hold
            self.misattributed += self.measuring
            clip = next(iter(found))
        latency = now - self.tracks[clip].sent_at[found[clip]]
        if self.measuring:
            self.latencies.append(latency)
        else:
            self.recent.append((now, latency))

    async def settle(self) -> bool:
        """Wait until the recent video latency is low; False if it never got there."""
        deadline = time.monotonic() + SETTLE_TIMEOUT
        while time.monotonic() < deadline:
            await asyncio.sleep(SETTLE_SPAN / 2)
            since = time.monotonic() - SETTLE_SPAN
            while self.recent and self.recent[0][0] < since:
                self.recent.popleft()
            span = sorted(latency for _, latency in self.recent)
            if span and span[int(0.95 * (len(span) - 1))] < SETTLED_P95:
                return True
        return False

    def complete(self, ids: list[int]) -> bool:
        """Every viewer receives as many others' video as the relay forwards."""
        return all(
            sum(1 for p in ids if p != s and self.total[(s, p, "video")])
            >= expected_video(ids, s, self.last_n)
            for s in ids
        )

    async def run(
        self,
        ids: list[int],
        parent_in: Any,
        parent_out: Any,
        settle: bool = True,
    ) -> dict[str, Any]:
        """``settle``: wait for low latency first (only frames the relay forwarded
        unchanged have a latency, so not for the re-encoding baseline)."""
        loop = asyncio.get_running_loop()
        deadline = time.monotonic() + READY_TIMEOUT
        while not self.complete(ids) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        # Measured even if a viewer still lacks a stream: its fps then shows it.
        streams = {s: sum(1 for p in ids if self.total[(s, p, "video")]) for s in ids}
        joined = time.monotonic()
        await asyncio.sleep(WARM_UP)
        settled = await self.settle() if settle else True
        settle_s = time.monotonic() - joined
        parent_out.put("ready")
        await loop.run_in_executor(None, parent_in.get)
        self.measuring, began = True, time.monotonic()
        await loop.run_in_executor(None, parent_in.get)
        self.measuring, seconds = False, time.monotonic() - began
        return {
            "seconds": seconds,
            "settled": settled,
            "settle_s": round(settle_s, 1),
            "speaker": ids[0],
            "video_streams_seen": streams,
            "video_streams_expected": {s: expected_video(ids, s, self.last_n) for s in ids},
            "counts": [
                [s, p, kind, self.window[(s, p, kind)]]
                for s in ids
                for p in ids
                for kind in ("video", "audio")
                if s != p
            ],
            "latencies": self.latencies,
            "unknown_frames": self.unknown,
            "misattributed_frames": self.misattributed,
        }


def _reader(
    pc: RTCPeerConnection, on_packet: Callable[[str, bytes], None]
) -> Callable[[Any], None]:
    """A ``track`` handler: count the track's frames on the lean path (no decoder)."""

    def on_track(track: Any) -> None:
        transceiver = next(t for t in pc.getTransceivers() if t.receiver.track is track)
        mid = transceiver.mid or ""
        rtp_receive.on_frames(transceiver.receiver, lambda data: on_packet(mid, data))

    return on_track


def relay_load(
    clips: list[Clip], url: str, meeting_id: int, names: list[str], password: str,
    cpu: int | None, parent_in: Any, parent_out: Any,
) -> None:  # fmt: skip
    """K e-Cabinet headless clients (``MediaSession``) publishing the clip."""
    pin(cpu)
    rtp_receive.install()
    announce_levels()

    async def main() -> None:
        from desktop.client import Client
        from desktop.client.media import MediaSession

        receiving = Receiving(clips, limits()["video"])
        sessions: list[MediaSession] = []
        clients: list[Client] = []
        for n, name in enumerate(names):
            clip = clips[n]
            client = Client(url)
            await client.connect()
            await client.login(name, password)
            await client.join(meeting_id)
            clients.append(client)
            video, audio = video_track(clip), audio_track(clip)
            audio.dbov = SPEAKING_DBOV if n == 0 else QUIET_DBOV
            media = MediaSession(client, meeting_id, video=video, audio=audio, read_stamps=False)
            receiving.tracks[n], receiving.clip_of[media.user_id] = video, n

            def on_packet(mid: str, data: bytes, media: MediaSession = media) -> None:
                remote = media.remote.get(mid)
                if remote is not None and remote.user_id is not None:
                    receiving.on_packet(media.user_id, remote.user_id, remote.kind, data)

            # Registered after MediaSession's own handler, which then waits on the
            # original (never fed) track.
            media.pc.on("track", _reader(media.pc, on_packet))
            await media.start()
            sessions.append(media)
        result = await receiving.run(
            [m.user_id for m in sessions],
            parent_in,
            parent_out,
        )
        parent_out.put(result)
        for media in sessions:
            await media.close()
        for client in clients:
            await client.close()

    asyncio.run(main())


def baseline_load(
    clips: list[Clip], k: int, conn: Connection, cpu: int | None, parent_in: Any, parent_out: Any
) -> None:
    """The same K participants on stock aiortc against :func:`baseline_server`."""
    pin(cpu)
    rtp_receive.install()

    async def main() -> None:
        from aiortc import RTCConfiguration, RTCRtpSender, RTCSessionDescription
        from aiortc.rtcconfiguration import RTCBundlePolicy

        config = RTCConfiguration(iceServers=[], bundlePolicy=RTCBundlePolicy.MAX_BUNDLE)
        codecs = {"audio": ("audio/opus",), "video": ("video/VP8", "video/rtx")}
        loop = asyncio.get_running_loop()
        receiving = Receiving(clips)
        pcs: list[RTCPeerConnection] = []

        def add(pc: RTCPeerConnection, what: Any, direction: str) -> Any:
            transceiver = pc.addTransceiver(what, direction=direction)
            kind = transceiver.kind
            transceiver.setCodecPreferences(
                [c for c in RTCRtpSender.getCapabilities(kind).codecs if c.mimeType in codecs[kind]]
            )
            return transceiver

        async def offer(what: str, who: int, pc: RTCPeerConnection) -> None:
            await pc.setLocalDescription(await pc.createOffer())
            conn.send((what, who, pc.localDescription.sdp))
            sdp = await loop.run_in_executor(None, conn.recv)
            await pc.setRemoteDescription(RTCSessionDescription(sdp, "answer"))

        ids = list(range(1, k + 1))
        for who in ids:
            pc = RTCPeerConnection(config)
            pcs.append(pc)
            add(pc, video_track(clips[who - 1]), "sendonly")
            add(pc, audio_track(clips[who - 1]), "sendonly")
            await offer("pub", who, pc)
        await asyncio.sleep(1.0)  # the server has every published track
        for who in ids:
            pc = RTCPeerConnection(config)
            pcs.append(pc)
            slots: dict[str, tuple[int, str]] = {}
            for kind in ("audio", "video"):
                for other in (o for o in ids if o != who):
                    add(pc, kind, "recvonly")
                    slots[str(len(slots))] = (other, kind)

            def on_packet(mid: str, data: bytes, who: int = who, slots: Any = slots) -> None:
                publisher, kind = slots[mid]
                receiving.on_packet(who, publisher, kind, data)

            pc.on("track", _reader(pc, on_packet))
            await offer("sub", who, pc)
        result = await receiving.run(ids, parent_in, parent_out, settle=False)
        parent_out.put(result)
        conn.send(("stop",))
        await loop.run_in_executor(None, conn.recv)
        for pc in pcs:
            await pc.close()

    asyncio.run(main())
