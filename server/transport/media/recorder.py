"""Recording a meeting: everyone's voices mixed, and the active speaker's video, in WebM.

Video: the recorder reads the same encoded packets the relay forwards (no decoding, no
re-encoding) through one :class:`~server.transport.media.fanout.ForwardedTrack`, like a
subscriber's slot, pointed at the video feed of the *source*: the active speaker from
the room's :class:`~server.transport.media.speakers.SpeakerDetector`, else whoever it
recorded last, else the publisher with the lowest user id.  On a switch the track drops
what it had, waits for a keyframe and asks the new source for one (the rate-limited PLI
path of :class:`~server.transport.media.fanout.Feed`).

Sound: one audio ``ForwardedTrack`` per publisher, and :class:`~server.transport.media.
mixdown.Mixdown` decodes, mixes and encodes them again (``mixdown.py``), so that the
file holds an interjection as well as the speaker.  A track muted by the chair or by its
owner is not recorded.

Packets are written with PyAV into Matroska/WebM (VP8 + Opus) with timestamps taken
from the arrival clock in milliseconds, kept strictly increasing per stream, so the file
plays continuously across switches and gaps.  The file is opened at the first video
keyframe (its size comes from the VP8 header) or after :data:`OPEN_WAIT` seconds.

:class:`Recordings` is the relay's side: one recorder per meeting, started and stopped
by the chair's effects, stopped when the meeting leaves the in-progress state or the
server shuts down; the domain (``server/domain/media_recording.py``) records the rows
and events.
"""

from __future__ import annotations

import asyncio
import contextlib
import fractions
import hashlib
import logging
import struct
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import av
from aiortc.mediastreams import MediaStreamError

from protocol.errors import Conflict
from server.domain import media as rules
from server.domain import media_recording as recording_rules
from server.domain.context import Actor, CommittedEvent, StartRecording, StopRecording
from server.transport.media.fanout import Feed, ForwardedTrack
from server.transport.media.forwarding import is_vp8_keyframe
from server.transport.media.mixdown import RATE, Mixdown

if TYPE_CHECKING:
    from server.domain.runner import Runner
    from server.transport.media.peer import Peer
    from server.transport.media.selection import RoomSelection

log = logging.getLogger("ecabinet.media")

#: Seconds to wait for a first video keyframe before writing audio alone.
OPEN_WAIT = 2.0
#: Most voices mixed at once (the loudest; a large meeting's quiet microphones add
#: nothing audible, and each costs a decoder).
MIX_VOICES = 8
#: How often the recorder re-checks who it records (seconds).
FOLLOW_INTERVAL = 0.1
#: Seconds the server's shutdown waits for recordings being stopped.
STOP_TIMEOUT = 10.0
#: Frame size written in the header when no keyframe was seen (decoders use the frames').
DEFAULT_SIZE = (640, 360)
_MS = fractions.Fraction(1, 1000)


def vp8_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a VP8 keyframe header (RFC 6386 9.1), if it is one."""
    if len(data) < 10 or not is_vp8_keyframe(data) or data[3:6] != b"\x9d\x01\x2a":
        return None
    width, height = struct.unpack("<HH", data[6:10])
    return width & 0x3FFF, height & 0x3FFF


def _digest(path: Path) -> tuple[int, str]:
    sha = hashlib.sha256()
    size = 0
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            sha.update(chunk)
            size += len(chunk)
    return size, sha.hexdigest()


class Recorder:
    """Records one meeting's current source to ``path`` (WebM: VP8 + Opus)."""

    def __init__(
        self,
        path: Path,
        peers: Callable[[], Iterable[Peer]],
        selection: Callable[[], RoomSelection | None],
        *,
        clock: Callable[[], float] = time.monotonic,
        open_wait: float = OPEN_WAIT,
    ) -> None:
        self.path = path
        self.tracks = {"video": ForwardedTrack("video")}
        #: Whose video is recorded now.
        self.source: int | None = None
        #: The voices mixed now, by user id (see ``mixdown.py``).
        self.voices: dict[int, ForwardedTrack] = {}
        self.mixdown = Mixdown()
        #: Packets written per kind.
        self.written = {"audio": 0, "video": 0}
        self._peers = peers
        self._selection = selection
        self._clock = clock
        self._open_wait = open_wait
        self._begun = clock()
        self._t0 = 0.0
        self._container: Any = None
        self._streams: dict[str, Any] = {}
        self._last: dict[str, int] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping = False

    def start(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        loop = asyncio.get_running_loop()
        self.follow()
        self._tasks += [loop.create_task(self._follow_loop())] + [
            loop.create_task(self._pump(kind)) for kind in self.tracks
        ]

    def follow(self) -> None:
        """Point the video track at the source's feed (the speaker if any), and take
        the voice of everyone who publishes and is not muted."""
        peers = {p.user_id: p for p in self._peers() if not p.closed and p.feeds}
        selection = self._selection()
        speaker = selection.speaker if selection is not None else None
        muted = selection.policy.silent if selection is not None else frozenset()
        if speaker in peers:
            self.source = speaker
        elif self.source not in peers:
            self.source = min(peers) if peers else None
        for kind, track in self.tracks.items():
            feed: Feed | None = None
            if self.source is not None and (self.source, kind) not in muted:
                feed = peers[self.source].feeds.get(kind)
            if feed is track.feed:
                continue
            if feed is None:
                track.detach()
            else:
                track.attach(feed)  # video: waits for a keyframe and asks for one
        if self._stopping:
            return
        heard = {
            user_id: peer.feeds["audio"]
            for user_id, peer in peers.items()
            if "audio" in peer.feeds and (user_id, "audio") not in muted
        }
        if len(heard) > MIX_VOICES and selection is not None:  # the loudest few
            ranking = selection.detector.ranking(self._clock())
            heard = {u: heard[u] for u in [u for u in ranking if u in heard][:MIX_VOICES]}
        for user_id, voice in list(self.voices.items()):
            if heard.get(user_id) is not voice.feed:
                voice.stop()  # its reader ends
                del self.voices[user_id]
                self.mixdown.forget(user_id)
        for user_id, audio_feed in heard.items():
            if user_id not in self.voices:
                voice = self.voices[user_id] = ForwardedTrack("audio")
                voice.attach(audio_feed)
                self._tasks.append(asyncio.get_running_loop().create_task(
                    self._listen(user_id, voice)
                ))  # fmt: skip

    async def stop(self) -> tuple[int, str]:
        """Finish the file; returns its size and SHA-256 (hex)."""
        self._stopping = True
        for track in [*self.tracks.values(), *self.voices.values()]:
            track.stop()
        pending = set(self._tasks)
        for _ in range(5):
            if not pending:
                break
            # Python < 3.12: asyncio.wait_for may swallow a cancellation when its inner
            # future completes at the same moment, so cancel again until the tasks end.
            for task in pending:
                task.cancel()
            _, pending = await asyncio.wait(pending, timeout=1.0)
        if pending:
            log.warning("recording %s: %d task(s) would not stop", self.path.name, len(pending))
        if self._container is None:
            self._open(DEFAULT_SIZE)
        self._write_sound(self.mixdown.flush(self._clock(), everything=True))
        self._container.close()
        if not self.path.exists():  # nothing was muxed: the muxer never wrote the file
            log.info("recording %s: no media arrived; the file is empty", self.path.name)
            self.path.touch()
        return await asyncio.to_thread(_digest, self.path)

    async def _follow_loop(self) -> None:
        while not self._stopping:
            await asyncio.sleep(FOLLOW_INTERVAL)
            self.follow()
            now = self._clock()
            if self._container is None and now - self._begun >= self._open_wait:
                self._open(DEFAULT_SIZE)  # no picture yet (or audio only): sound alone
            if self._container is not None:
                self._write_sound(self.mixdown.flush(now))

    async def _listen(self, user_id: int, voice: ForwardedTrack) -> None:
        """Hand ``user_id``'s Opus packets to the mix (from when the file is open)."""
        while not self._stopping:
            try:
                packet = await voice.recv()
            except MediaStreamError:
                return
            if self._container is not None:
                self.mixdown.add(user_id, bytes(packet), self._clock())

    def _write_sound(self, packets: list[tuple[int, bytes]]) -> None:
        for pts, data in packets:
            try:
                self._mux("audio", data, max(0, round(pts * 1000 / RATE)), keyframe=True)
            except av.FFmpegError as exc:
                log.warning("recording %s: sound dropped (%s)", self.path.name, exc)

    async def _pump(self, kind: str) -> None:
        track = self.tracks[kind]
        while not self._stopping:
            try:
                packet = await track.recv()
            except MediaStreamError:
                return
            try:
                self._write(kind, bytes(packet))
            except av.FFmpegError as exc:
                log.warning("recording %s: %s packet dropped (%s)", self.path.name, kind, exc)

    def _open(self, size: tuple[int, int]) -> None:
        container = av.open(str(self.path), "w", format="webm")
        video = container.add_stream("vp8")
        video.width, video.height = size
        video.time_base = _MS
        audio = container.add_stream("opus", rate=RATE, layout="mono")
        audio.time_base = _MS
        audio.codec_context.extradata = self.mixdown.header
        self._container = container
        self._streams = {"video": video, "audio": audio}
        self._t0 = self._clock()
        self.mixdown.start(self._t0)  # the sound's time 0 is the video's

    def _write(self, kind: str, data: bytes) -> None:
        now = self._clock()
        keyframe = kind == "video" and is_vp8_keyframe(data)
        if self._container is None:
            size = vp8_size(data) if keyframe else None
            if size is not None:
                self._open(size)
            elif now - self._begun >= self._open_wait:
                self._open(DEFAULT_SIZE)
            else:
                return
        self._mux(kind, data, int((now - self._t0) * 1000), keyframe=keyframe)

    def _mux(self, kind: str, data: bytes, pts: int, *, keyframe: bool) -> None:
        """Write one packet at ``pts`` (ms; kept strictly increasing per stream)."""
        last = self._last.get(kind)
        if last is not None and pts <= last:
            pts = last + 1
        self._last[kind] = pts
        packet = av.Packet(data)
        packet.pts = packet.dts = pts
        packet.time_base = _MS
        packet.stream = self._streams[kind]
        packet.is_keyframe = keyframe
        self._container.mux(packet)
        self.written[kind] += 1


class _Running:
    def __init__(self, recorder: Recorder, recording_id: int, actor: Actor) -> None:
        self.recorder = recorder
        self.recording_id = recording_id
        self.actor = actor


class Recordings:
    """The relay's recorders, one per meeting being recorded."""

    def __init__(
        self,
        runner: Runner,
        data_dir: Path,
        peers: Callable[[int], Iterable[Peer]],
        selection: Callable[[int], RoomSelection | None],
        publish: Callable[[list[CommittedEvent]], None],
    ) -> None:
        self.runner = runner
        self.data_dir = data_dir
        self.running: dict[int, _Running] = {}
        self._peers = peers
        self._selection = selection
        self._publish = publish
        self._lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[Any]] = set()

    async def apply(self, actor: Actor, effect: StartRecording | StopRecording) -> Any:
        async with self._lock:
            if isinstance(effect, StartRecording):
                return await self._start(actor, effect.meeting_id)
            return await self._stop(effect.meeting_id, actor)

    def on_events(self, events: list[CommittedEvent]) -> None:
        """A meeting no longer in progress stops being recorded."""
        for event in events:
            ends = rules.media_ends(event)
            if ends is not None and ends[1] is None and ends[0] in self.running:
                task = asyncio.get_running_loop().create_task(self._stop_locked(ends[0]))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    async def shutdown(self) -> None:
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=STOP_TIMEOUT)
        for meeting_id in list(self.running):
            with contextlib.suppress(Exception):
                await self._stop_locked(meeting_id)

    async def _start(self, actor: Actor, meeting_id: int) -> dict[str, object]:
        if meeting_id in self.running:
            raise Conflict("The meeting is already being recorded.")
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        relative = f"recordings/{meeting_id}/{stamp}.webm"
        recording_id, events = await self.runner.run(
            recording_rules.recording_started, actor, meeting_id, relative
        )
        recorder = Recorder(
            self.data_dir / relative,
            lambda: self._peers(meeting_id),
            lambda: self._selection(meeting_id),
        )
        recorder.start()
        self.running[meeting_id] = _Running(recorder, recording_id, actor)
        self._publish(events)
        log.info("meeting %s: recording to %s", meeting_id, relative)
        return {"recording_id": recording_id, "file_name": recorder.path.name}

    async def _stop_locked(self, meeting_id: int) -> None:
        async with self._lock:
            running = self.running.get(meeting_id)
            if running is not None:
                await self._stop(meeting_id, running.actor)

    async def _stop(self, meeting_id: int, actor: Actor) -> dict[str, object]:
        running = self.running.pop(meeting_id, None)
        if running is None:
            raise Conflict("The meeting is not being recorded.")
        size, sha256 = await running.recorder.stop()
        events = await self.runner.run(
            recording_rules.recording_stopped, actor, running.recording_id, size, sha256
        )
        self._publish(events)
        log.info("meeting %s: recording stopped, %d bytes", meeting_id, size)
        return {
            "recording_id": running.recording_id,
            "file_name": running.recorder.path.name,
            "size": size,
            "sha256": sha256,
        }
