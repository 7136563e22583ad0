"""A meeting's audio and video on the client (asyncio, no Qt): one aiortc connection to
the server's relay, signaled over the meeting's websocket session.

:class:`MediaSession` publishes the given tracks (``sendonly``) and offers a fixed set of
``recvonly`` slots (``protocol.media.RECEIVE_SLOTS``) once; the relay points them at
one's last-N and loudest speakers and says so in ``media.slots_changed`` notices
(:meth:`MediaSession.select` picks one's tiles).  Nobody renegotiates when someone joins.
Each received track is decoded by aiortc; :class:`RemoteMedia` keeps what a test, a
benchmark or the video wall needs: the latest frame, frame count and, for synthetic
sources, the stamped frame numbers (``desktop/client/media_sources.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aioice.ice
import av
import msgspec
from aiortc import (
    RTCConfiguration,
    RTCIceServer,
    RTCPeerConnection,
    RTCRtpSender,
    RTCSessionDescription,
)
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack
from aiortc.rtcconfiguration import RTCBundlePolicy

from desktop.client.connection import Client
from desktop.client.media_sources import audio_level, read_stamp
from protocol import media as msg
from protocol.envelope import Event, Notice

log = logging.getLogger("ecabinet.client.media")

#: Seconds leaving media may wait for the connection to close.
CLOSE_TIMEOUT = 5.0
#: A video slot the relay moved from one sender to another shows nothing until the
#: relay's ``media.slot_started`` notice says from which RTP timestamp the new sender's
#: frames begin (frames of the first still in the decoder must not appear under the
#: second's name).  A relay that sends that notice (``MediaAnswer.slot_starts``) is
#: waited for at most :data:`START_WAIT` seconds: on a loaded machine the decoder can
#: lag by seconds, and a blank tile is better than a face under another's name.  A relay
#: that cannot (frame forwarding) leaves the slot blank for :data:`START_TIMEOUT`.
START_WAIT = 3.0
START_TIMEOUT = 0.4

_CODECS = {"audio": ("audio/opus",), "video": ("video/VP8", "video/rtx")}


def allow_loopback_fallback() -> None:
    """Gather 127.0.0.1 when the host has no other address (aioice skips loopback)."""
    original = aioice.ice.get_host_addresses
    if getattr(original, "_ecabinet_loopback_fallback", False):
        return

    def host_addresses(use_ipv4: bool, use_ipv6: bool) -> list[str]:
        found = original(use_ipv4, use_ipv6)
        return found or (["127.0.0.1"] if use_ipv4 else []) + (["::1"] if use_ipv6 else [])

    host_addresses._ecabinet_loopback_fallback = True  # type: ignore[attr-defined]
    aioice.ice.get_host_addresses = host_addresses


@dataclass(eq=False)
class RemoteMedia:
    """What arrives in one slot (``mid``) and whose it is now."""

    mid: str
    kind: str
    user_id: int | None = None
    frames: int = 0
    #: ``(tag, frame_number, time.monotonic())`` of stamped video frames, in order.
    stamps: list[tuple[int, int, float]] = field(default_factory=list)
    #: Frames (video) that carried no readable stamp.
    unstamped: int = 0
    #: Loudest audio frame so far (RMS, 0..1).
    peak_level: float = 0.0
    #: The last sender this slot carried.
    carried: int | None = None
    #: While moved to a new sender: frames are not shown until one at or after
    #: ``start_pts`` (from ``media.slot_started``), or until this ``time.monotonic()``.
    awaiting_until: float = 0.0
    start_pts: int | None = None
    #: The mapping number that moved the slot (a ``media.slot_started`` of that mapping
    #: or a later one that left the slot where it was applies).
    moved_version: int = -1
    latest: av.VideoFrame | av.AudioFrame | None = None


class MediaSession:
    """Send ``video``/``audio`` to the meeting and receive the others'."""

    def __init__(
        self,
        client: Client,
        meeting_id: int,
        *,
        video: MediaStreamTrack | None = None,
        audio: MediaStreamTrack | None = None,
        ice_servers: tuple[RTCIceServer, ...] = (),
        read_stamps: bool = True,
    ) -> None:
        allow_loopback_fallback()
        self.client = client
        self.meeting_id = meeting_id
        self.video, self.audio = video, audio
        self.read_stamps = read_stamps
        self.pc = RTCPeerConnection(
            RTCConfiguration(iceServers=list(ice_servers), bundlePolicy=RTCBundlePolicy.MAX_BUNDLE)
        )
        #: Slots by mid.
        self.remote: dict[str, RemoteMedia] = {}
        #: Everyone publishing now (from the last answer and the events since).
        self.publishers: set[tuple[int, str]] = set()
        #: The active speaker (transient ``media.speaker_changed`` notices).
        self.speaker: int | None = None
        self._speaker_notices = 0
        #: ``media.muted`` / ``media.unmuted`` events seen (an answer older than one of
        #: them must not overwrite what it said).
        self._mute_events = 0
        #: Tracks the chair muted: ``(user_id, kind)``.
        self.muted: set[tuple[int, str]] = set()
        #: Microphones and cameras their owners turned off: ``(user_id, kind)``.
        self.self_muted: set[tuple[int, str]] = set()
        self._self_mute_events = 0
        #: One's own microphone / camera turned off (kind -> True), as told to the meeting.
        self.own_off: dict[str, bool] = {}
        #: Called with each :class:`RemoteMedia` when a decoded frame arrives.
        self.frame_listeners: list[Callable[[RemoteMedia], None]] = []
        self.negotiations = 0
        #: The relay's latest mapping of slots (mid -> user id) and its number.
        self._slot_map: dict[str, int | None] = {}
        self._slots_version = -1
        #: Whether the relay says from which RTP timestamp a moved slot's sender starts.
        self._slot_starts = False
        #: The receiver of each slot (its RTP timestamp origin, see :meth:`_shows`).
        self._receivers: dict[str, Any] = {}
        self._lock = asyncio.Lock()
        self._connected = asyncio.Event()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._closed = False
        self.pc.on("track", self._on_track)
        self.pc.on("connectionstatechange", self._on_state)

    @property
    def user_id(self) -> int:
        assert self.client.user is not None
        return self.client.user.id

    def receiving(self, user_id: int, kind: str) -> RemoteMedia | None:
        """The slot now carrying ``user_id``'s ``kind``, if any."""
        for remote in self.remote.values():
            if remote.user_id == user_id and remote.kind == kind:
                return remote
        return None

    # --- lifecycle ----------------------------------------------------------------------

    async def start(self) -> msg.MediaAnswer:
        """Publish and subscribe; the meeting must have been joined (``join_meeting``)."""
        session = self.client.meetings.get(self.meeting_id)
        if session is None:
            raise RuntimeError("join the meeting before starting its media")
        session.subscribe(self._on_event)
        self.client.notice_listeners.append(self._on_notice)
        for track in (self.audio, self.video):
            if track is not None:
                self._add(track.kind, track, "sendonly")
        for kind, count in msg.RECEIVE_SLOTS.items():
            for _ in range(count):
                self._add(kind, None, "recvonly")
        return await self.negotiate()

    async def close(self) -> None:
        """Leave the meeting's media (the meeting itself is not left)."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(ValueError):
            self.client.notice_listeners.remove(self._on_notice)
        session = self.client.meetings.get(self.meeting_id)
        if session is not None:
            session.unsubscribe(self._on_event)
        with contextlib.suppress(Exception):
            await self.client.call(msg.MediaLeave, meeting_id=self.meeting_id)
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        try:  # aiortc may wait forever on a transport whose other end vanished
            await asyncio.wait_for(self.pc.close(), CLOSE_TIMEOUT)
        except TimeoutError:
            log.warning("media connection did not close within %.0f s", CLOSE_TIMEOUT)

    async def turn_off(self, kind: str, off: bool) -> None:
        """Tell the meeting that one's own ``kind`` is off (or on again); the track
        itself sends silence or black meanwhile (``media_gate.py``).  After each
        negotiation the relay's view is brought in line with :attr:`own_off` again."""
        self.own_off[kind] = off
        if self.negotiations:
            await self.client.call(
                msg.MediaSelfMute, meeting_id=self.meeting_id, kind=kind, muted=off
            )

    async def _tell_own_state(self) -> None:
        """After an answer: correct what the meeting believes of one's own tracks (a
        rejoin after turning the microphone off, or on, while away)."""
        for kind, track in (("audio", self.audio), ("video", self.video)):
            off = self.own_off.get(kind, False)
            if track is not None and off != ((self.user_id, kind) in self.self_muted):
                await self.client.call(
                    msg.MediaSelfMute, meeting_id=self.meeting_id, kind=kind, muted=off
                )

    async def select(self, user_ids: list[int]) -> None:
        """Ask for these participants' video in one's tiles ([]: who spoke last)."""
        await self.client.call(msg.MediaSelect, meeting_id=self.meeting_id, user_ids=user_ids)

    async def wait_connected(self, timeout: float = 10.0) -> None:
        await asyncio.wait_for(self._connected.wait(), timeout)

    # --- negotiation ----------------------------------------------------------------------

    def _add(self, kind: str, track: MediaStreamTrack | None, direction: str) -> None:
        transceiver = self.pc.addTransceiver(track or kind, direction=direction)
        transceiver.setCodecPreferences(
            [c for c in RTCRtpSender.getCapabilities(kind).codecs if c.mimeType in _CODECS[kind]]
        )

    async def negotiate(self) -> msg.MediaAnswer:
        """Offer and apply the answer (again on a connected connection: renegotiation)."""
        async with self._lock:
            if self.negotiations:
                await self.wait_connected()  # aiortc renegotiates a connected pc only
            await self.pc.setLocalDescription(await self.pc.createOffer())
            notices = self._speaker_notices
            mutes = self._mute_events
            self_mutes = self._self_mute_events
            result = await self.client.call(
                msg.MediaOffer, meeting_id=self.meeting_id, sdp=self.pc.localDescription.sdp
            )
            answer = msgspec.convert(result, msg.MediaAnswer)
            await self.pc.setRemoteDescription(RTCSessionDescription(sdp=answer.sdp, type="answer"))
            self.negotiations += 1
            self._apply(
                answer,
                speaker_is_current=notices == self._speaker_notices,
                muted_is_current=mutes == self._mute_events,
                self_muted_is_current=self_mutes == self._self_mute_events,
            )
        await self._tell_own_state()
        return answer

    def _apply(
        self,
        answer: msg.MediaAnswer,
        *,
        speaker_is_current: bool = True,
        muted_is_current: bool = True,
        self_muted_is_current: bool = True,
    ) -> None:
        """Take the answer's view of the room.  Its speaker is older than a
        ``media.speaker_changed`` notice that arrived while the offer was out (the
        notice can overtake the reply), so then the notice's speaker is kept."""
        self.publishers = {(p.user_id, p.kind.value) for p in answer.publishers}
        if muted_is_current:  # else a mute event overtook this answer: it is newer
            self.muted = {(m.user_id, m.kind.value) for m in answer.muted}
        if self_muted_is_current:
            self.self_muted = {(m.user_id, m.kind.value) for m in answer.self_muted}
        if speaker_is_current:
            self.speaker = answer.speaker
        for transceiver in self.pc.getTransceivers():
            mid = transceiver.mid
            if mid is not None and transceiver.direction == "recvonly":
                self.remote.setdefault(mid, RemoteMedia(mid, transceiver.kind))
        self._slot_starts = answer.slot_starts
        if answer.slots_version > self._slots_version:  # else a newer notice came first
            self._slots_version = answer.slots_version
            self._slot_map = {t.mid: t.user_id for t in answer.tracks}
        self._remap()

    def _remap(self) -> None:
        now = time.monotonic()
        for mid, remote in self.remote.items():
            user_id = self._slot_map.get(mid)
            if user_id is None:
                remote.user_id = None
                continue
            moved = remote.carried is not None and remote.carried != user_id
            if remote.kind == "video" and moved:
                wait = START_WAIT if self._slot_starts else START_TIMEOUT
                remote.awaiting_until, remote.start_pts = now + wait, None
                remote.moved_version = self._slots_version
            remote.user_id = remote.carried = user_id

    def _shows(self, remote: RemoteMedia, frame: av.AudioFrame | av.VideoFrame) -> bool:
        """Whether a frame decoded in ``remote`` is its current sender's."""
        if not remote.awaiting_until:
            return True
        # aiortc gives decoded frames the RTP timestamp less the receiver's first one.
        mapper = getattr(self._receivers.get(remote.mid), "_RTCRtpReceiver__timestamp_mapper", None)
        origin = getattr(mapper, "_origin", None)
        start, pts = remote.start_pts, frame.pts
        if start is not None and pts is not None and origin is not None:
            # Known where the new sender starts: a frame before that is the previous
            # sender's, however late the decoder hands it on.
            if (pts + origin - start) & 0xFFFFFFFF >= 1 << 31:
                return False
            remote.awaiting_until, remote.start_pts = 0.0, None
            return True
        if time.monotonic() >= remote.awaiting_until:
            remote.awaiting_until, remote.start_pts = 0.0, None
            return True
        return False

    def _on_notice(self, notice: Notice) -> None:
        if notice.code == msg.SPEAKER_CHANGED:
            self.speaker = int(notice.ref) if notice.ref else None
            self._speaker_notices += 1
        elif notice.code == msg.SLOTS_CHANGED:
            try:
                version, mapping = msg.parse_slot_ref(notice.ref)
            except msg.BadSlotMapping as exc:
                log.warning("ignored a slot mapping from the relay: %s", exc)
                return
            if version > self._slots_version:
                self._slots_version = version
                self._slot_map = mapping
                self._remap()
        elif notice.code == msg.SLOT_STARTED:
            try:
                version, mid, timestamp = msg.parse_start_ref(notice.ref)
            except msg.BadSlotMapping as exc:
                log.warning("ignored a slot start from the relay: %s", exc)
                return
            remote = self.remote.get(mid)
            if remote is None or not remote.awaiting_until:
                return
            # The start of this move, or of a later mapping that left the slot alone.
            if remote.moved_version <= version <= self._slots_version:
                remote.start_pts = timestamp

    def _on_event(self, seq: int, event: Event) -> None:
        if isinstance(event, msg.MediaMuted):
            self.muted.add((event.user_id, event.kind.value))
            self._mute_events += 1
        elif isinstance(event, msg.MediaUnmuted):
            self.muted.discard((event.user_id, event.kind.value))
            self._mute_events += 1
        elif isinstance(event, msg.MediaSelfMuted):
            track = (event.user_id, event.kind.value)
            (self.self_muted.add if event.muted else self.self_muted.discard)(track)
            self._self_mute_events += 1
        if isinstance(event, msg.MediaTrackAdded) and event.user_id != self.user_id:
            self.publishers.add((event.user_id, event.kind.value))
        elif isinstance(event, msg.MediaTrackRemoved):
            self.publishers.discard((event.user_id, event.kind.value))
            remote = self.receiving(event.user_id, event.kind)
            if remote is not None:
                remote.user_id = None

    # --- receiving ------------------------------------------------------------------------

    def _on_state(self) -> None:
        if self.pc.connectionState == "connected":
            self._connected.set()

    def _on_track(self, track: MediaStreamTrack) -> None:
        transceiver = next(t for t in self.pc.getTransceivers() if t.receiver.track is track)
        if transceiver.mid is not None:
            self._receivers[transceiver.mid] = transceiver.receiver
            self._spawn(self._read(transceiver.mid, track))

    async def _read(self, mid: str, track: MediaStreamTrack) -> None:
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            remote = self.remote.get(mid)
            if remote is None or remote.user_id is None:
                continue
            if not isinstance(frame, av.AudioFrame | av.VideoFrame):
                continue
            if not self._shows(remote, frame):
                continue
            remote.frames += 1
            remote.latest = frame
            if isinstance(frame, av.AudioFrame):
                remote.peak_level = max(remote.peak_level, audio_level(frame))
            elif self.read_stamps:
                stamp = read_stamp(frame)
                if stamp is None:
                    remote.unstamped += 1
                else:
                    remote.stamps.append((stamp[0], stamp[1], time.monotonic()))
            for listener in list(self.frame_listeners):
                listener(remote)

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
