"""Fan-out of one publisher's encoded track to the subscribers' senders.

A :class:`Feed` reads one :class:`~server.transport.media.forwarding.EncodedTrack` and
copies each packet to the :class:`ForwardedTrack` of every subscriber attached to it.
A ``ForwardedTrack`` is what a subscriber's ``RTCRtpSender`` reads: its ``recv()``
returns ``av.Packet`` so the sender only re-packetizes.  It can be re-attached to another
feed (a free slot reused); its timestamps then continue where they were, and video
waits for the next keyframe, which it asks the publisher for.

A slot attached to a feed is *active* (packets copied to it) or *paused* (last-N: the
subscriber does not get this track now; nothing is copied, nothing sent).  The feed
keeps the active ones apart so that its work per packet grows with the subscribers
that receive it, not with everyone attached.  A video slot that becomes active waits
for a keyframe and asks for one.

Keyframe requests (a subscriber's PLI/FIR, a newcomer, a slot switched to another
publisher or resumed) reach the publisher through :meth:`Feed.request_keyframe`, at most once per
``keyframe_interval`` seconds per publisher.

With ``rtp=True`` (RTP-level forwarding, :mod:`~server.transport.media.rtp`) a feed also
takes the publisher's RTP packets as they arrive (:meth:`Feed.push`) and a subscriber's
``ForwardedTrack`` sends them on, rewritten, through its :class:`~server.transport.media.
rtp.RtpRewriter` (``rtp_active``); frames are then re-assembled only while a frame
reader (the recorder) is active.
"""

from __future__ import annotations

import asyncio
import contextlib
import fractions
import logging
import time
from collections.abc import Callable
from typing import Any

import av
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack
from aiortc.rtp import RtpPacket

from server.transport.media.forwarding import MAX_QUEUED, EncodedTrack, is_vp8_keyframe
from server.transport.media.rtp import RtpRewriter, ntp_now, starts_keyframe
from server.transport.media.silence import SilenceGate

log = logging.getLogger("ecabinet.media")

#: How long a subscriber waits for a keyframe before asking again (seconds).
KEYFRAME_RETRY = 0.5
#: The pts step assumed between two sources when a slot changes feed (codec clock ticks).
_GAP = {"video": 90000 // 30, "audio": 960}


class Feed:
    """One publisher's track (``user_id``, ``kind``) and the subscribers reading it."""

    def __init__(
        self,
        user_id: int,
        kind: str,
        track: EncodedTrack,
        send_pli: Callable[[], None],
        *,
        keyframe_interval: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
        rtp: bool = False,
    ) -> None:
        self.user_id = user_id
        self.kind = kind
        self.track = track
        self.subscribers: set[ForwardedTrack] = set()
        #: The subscribers packets are copied to now (a subset of ``subscribers``).
        self.active: set[ForwardedTrack] = set()
        #: RTP-level subscribers packets are sent to now (``rtp=True``).
        self.rtp_active: set[ForwardedTrack] = set()
        self.rtp = rtp
        #: Audio in RTP mode: a quiet microphone's packets are not sent on (``silence.py``).
        self.gate = SilenceGate() if rtp and kind == "audio" else None
        #: RTP packets taken from the publisher.
        self.packets = 0
        self.keyframe_interval = keyframe_interval
        #: PLIs actually sent to the publisher / requests absorbed by the rate limit.
        self.plis_sent = 0
        self.plis_suppressed = 0
        self._send_pli = send_pli
        self._clock = clock
        self._last_pli: float | None = None
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._pump())

    def push(self, packet: RtpPacket) -> None:
        """A publisher's RTP packet, just accepted by the relay's receiver (RTP mode):
        sent on to every active subscriber at once (no queue, no task)."""
        self.packets += 1
        now = self._clock()  # one reading for all the subscribers
        gate = self.gate
        if gate is not None:
            resumes = gate.closed
            if not gate.passes(packet.extensions.audio_level, now):
                return
            if resumes:  # after silence: sequence numbers go on without a gap
                for sub in self.rtp_active:
                    sub.rebase_rtp()
        if not self.rtp_active:
            return
        keyframe = self.kind == "video" and starts_keyframe(packet)
        ntp = ntp_now()
        for sub in tuple(self.rtp_active):
            sub.deliver_rtp(self, packet, keyframe, ntp, now)

    @property
    def receivers(self) -> set[ForwardedTrack]:
        """The subscribers (and recorder) this feed's media goes to now."""
        return self.active | self.rtp_active

    def wants_frames(self) -> bool:
        """Whether the publisher's packets must be re-assembled into frames now."""
        return not self.rtp or bool(self.active)

    async def stop(self) -> None:
        self.track.stop()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for sub in list(self.subscribers):
            sub.detach(self)

    def request_keyframe(self) -> bool:
        """Ask the publisher for a keyframe unless one was asked for just now."""
        if self.kind != "video":
            return False
        now = self._clock()
        if self._last_pli is not None and now - self._last_pli < self.keyframe_interval:
            self.plis_suppressed += 1
            return False
        self._last_pli = now
        self.plis_sent += 1
        self._send_pli()
        return True

    async def _pump(self) -> None:
        while True:
            try:
                packet = await self.track.recv()
            except MediaStreamError:
                break
            if packet.pts is None:
                continue
            data = bytes(packet)
            keyframe = self.kind == "video" and is_vp8_keyframe(data)
            for sub in self.active:
                sub.deliver(self, data, packet.pts, packet.time_base, keyframe)
        for sub in list(self.subscribers):
            sub.detach(self)


class ForwardedTrack(MediaStreamTrack):
    """The track a subscriber's sender reads: packets of whichever feed it is attached to."""

    def __init__(self, kind: str, track_id: str | None = None, *, rtp: bool = False) -> None:
        super().__init__()
        self.kind = kind
        #: RTP-level forwarding: sends the feed's packets itself (see :meth:`install`).
        self.rtp = RtpRewriter(kind, self._rtp_started, self.request_keyframe) if rtp else None
        if track_id is not None:
            self._id = track_id
        self.feed: Feed | None = None
        #: Whether the subscriber receives the feed now (last-N, mute).
        self.active = True
        #: Packets handed to the sender, and packets skipped while waiting for a keyframe.
        self.sent = 0
        self.skipped = 0
        self._queue: asyncio.Queue[av.Packet[Any]] = asyncio.Queue()
        self._need_keyframe = kind == "video"
        self._started = False
        self._offset = 0
        self._last_out: int | None = None
        self._rebase = True

    def _want_keyframe(self) -> None:
        """Video waits for the next keyframe (RTP mode: asked for again until it comes)."""
        self._need_keyframe = True
        if self.rtp is not None:
            self.rtp.want_keyframe()

    def _set_of(self, feed: Feed) -> set[ForwardedTrack]:
        return feed.rtp_active if self.rtp is not None else feed.active

    def install(self, sender: Any) -> None:
        """RTP mode: ``sender`` (this slot's) sends what :meth:`deliver_rtp` gets."""
        assert self.rtp is not None
        self.rtp.install(sender, lambda: self._need_keyframe and self.active)

    def _rtp_started(self) -> None:
        self._started = True
        if self.kind == "video":
            self._want_keyframe()
            self.request_keyframe()

    def attach(self, feed: Feed) -> None:
        """Forward ``feed`` from now on (video starts at its next keyframe)."""
        if self.feed is not None:
            self.feed.subscribers.discard(self)
            self._set_of(self.feed).discard(self)
        self.feed = feed
        feed.subscribers.add(self)
        if self.active:
            self._set_of(feed).add(self)
        self._rebase = True
        if self.rtp is not None:
            self.rtp.rebase()
        if self.kind == "video":
            self._want_keyframe()
            while not self._queue.empty():
                self._queue.get_nowait()
            if self._started and self.active:
                feed.request_keyframe()

    def set_active(self, active: bool) -> bool:
        """Forward the feed (True) or pause it; True when this changed anything."""
        if active == self.active:
            return False
        self.active = active
        while not self._queue.empty():
            self._queue.get_nowait()
        if self.rtp is not None:
            self.rtp.rebase()
        if self.feed is None:
            return True
        if not active:
            self._set_of(self.feed).discard(self)
            return True
        self._set_of(self.feed).add(self)
        if self.kind == "video":
            self._want_keyframe()
            if self._started:
                self.feed.request_keyframe()
        return True

    def detach(self, feed: Feed | None = None) -> None:
        """Stop forwarding (``feed`` given: only if still attached to that one)."""
        if self.feed is None or (feed is not None and self.feed is not feed):
            return
        self.feed.subscribers.discard(self)
        self._set_of(self.feed).discard(self)
        self.feed = None

    def rebase_rtp(self) -> None:
        """RTP mode: the next packet goes on from the last one sent (the feed paused)."""
        if self.rtp is not None:
            self.rtp.rebase()

    def request_keyframe(self) -> None:
        """The subscriber lost a picture (PLI/FIR on its sender)."""
        if self.feed is not None and self.active:
            self.feed.request_keyframe()

    def deliver(
        self, feed: Feed, data: bytes, pts: int, time_base: fractions.Fraction, keyframe: bool
    ) -> None:
        if feed is not self.feed:
            return
        if self._need_keyframe:
            if not keyframe:
                self.skipped += 1
                return
            self._need_keyframe = False
        if self._rebase:
            # Timestamps go on from this track's last one, whatever the new source's are.
            start = 0 if self._last_out is None else self._last_out + _GAP[self.kind]
            self._offset = start - pts
            self._rebase = False
        out = av.Packet(data)
        out.pts = pts + self._offset
        out.time_base = time_base
        self._last_out = out.pts
        if self._queue.qsize() >= MAX_QUEUED:
            # A sender this far behind is stuck; drop and resync at a keyframe.
            while not self._queue.empty():
                self._queue.get_nowait()
            if self.kind == "video":
                self._want_keyframe()
                feed.request_keyframe()
            return
        self._queue.put_nowait(out)

    def deliver_rtp(
        self,
        feed: Feed,
        packet: RtpPacket,
        keyframe: bool,
        ntp: int | None = None,
        now: float | None = None,
    ) -> None:
        """RTP mode: send the publisher's ``packet`` on (video from a keyframe on)."""
        if feed is not self.feed or self.rtp is None or not self._started:
            return
        if self._need_keyframe:
            if not keyframe:
                self.skipped += 1
                return
            self._need_keyframe = False
        self.rtp.send(packet, ntp, now)
        self.sent += 1

    async def recv(self) -> av.Packet[Any]:
        if self.readyState != "live":
            raise MediaStreamError
        if not self._started:
            # The subscriber's connection is up only now: what was queued is stale.
            self._started = True
            while not self._queue.empty():
                self._queue.get_nowait()
            if self.kind == "video":
                self._want_keyframe()
                if self.active:
                    self.request_keyframe()
        while True:
            if not self._queue.empty():
                packet = self._queue.get_nowait()
            else:
                try:
                    packet = await asyncio.wait_for(self._queue.get(), KEYFRAME_RETRY)
                except TimeoutError:
                    if self.readyState != "live":
                        raise MediaStreamError from None
                    if self._need_keyframe and self.active:
                        self.request_keyframe()
                    continue
            self.sent += 1
            return packet

    def stop(self) -> None:
        self.detach()
        super().stop()
