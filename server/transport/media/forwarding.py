"""Receive encoded media from aiortc without decoding it: the relay's one extension.

Stock aiortc (pinned to 1.16.0) re-assembles each incoming RTP stream into encoded
frames in its jitter buffer and hands every frame to a decoder thread through a
private queue (``RTCRtpReceiver._handle_rtp_packet`` →
``self.__decoder_queue.put((codec, encoded_frame))`` → ``decoder_worker``).
:func:`forward_encoded` replaces that queue with a :class:`ForwardingSink`: frames are
turned into :class:`av.Packet` objects (undecoded VP8 or Opus, pts in the codec clock)
and queued on an :class:`EncodedTrack`.  An ``RTCRtpSender`` whose track returns an
``av.Packet`` from ``recv()`` skips its encoder and only re-packetizes (as
``MediaPlayer(decode=False)`` does), so a relay built on these tracks never decodes
nor re-encodes.

aiortc still starts its decoder thread in ``receive()``; with the sink in place that
thread only blocks in :meth:`ForwardingSink.get` until the receiver stops, then ends
the track as usual.  The receiver's jitter buffer is replaced too
(:class:`EagerJitterBuffer`) so that a frame leaves as soon as it is complete.
:func:`check_aiortc` fails loudly if the internals this relies on
change (the test suite calls it); a version bump must re-run
``tests/server/test_media_forwarding.py``.
"""

from __future__ import annotations

import asyncio
import fractions
import inspect
import threading
from collections.abc import Callable
from typing import Any

import aiortc
import av
from aiortc import rtcrtpreceiver
from aiortc.jitterbuffer import JitterBuffer, JitterFrame
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack
from aiortc.rtcrtpreceiver import RTCRtpReceiver
from aiortc.rtcrtpsender import RTCRtpSender

from server.transport.media.receiving import FAST_ATTR, FastReceive, lighten_estimator

#: The aiortc version whose receiver internals this module was written against.
AIORTC_VERSION = "1.16.0"

_QUEUE_ATTR = "_RTCRtpReceiver__decoder_queue"
_BUFFER_ATTR = "_RTCRtpReceiver__jitter_buffer"
_THREAD_ATTR = "_RTCRtpReceiver__decoder_thread"

#: Encoded frames buffered per track before the oldest are dropped (a stalled reader).
MAX_QUEUED = 256


class IncompatibleAiortc(RuntimeError):
    """The installed aiortc no longer has the receiver internals the relay extends."""


def check_aiortc() -> None:
    """Raise :class:`IncompatibleAiortc` unless aiortc still works the way we rely on."""
    problems = []
    if aiortc.__version__ != AIORTC_VERSION:
        problems.append(f"aiortc {aiortc.__version__} installed, written for {AIORTC_VERSION}")
    handle = inspect.getsource(RTCRtpReceiver._handle_rtp_packet)
    if "self.__decoder_queue.put((codec, encoded_frame))" not in handle:
        problems.append("_handle_rtp_packet no longer feeds (codec, frame) to __decoder_queue")
    if "self.__decoder_thread" not in handle:
        problems.append("_handle_rtp_packet no longer checks __decoder_thread")
    worker = inspect.getsource(rtcrtpreceiver.decoder_worker)
    if "input_q.get()" not in worker or "if task is None" not in worker:
        problems.append("decoder_worker no longer ends on a None task from input_q.get()")
    receive = inspect.getsource(RTCRtpReceiver.receive)
    if "self.__decoder_queue" not in receive or "self._track._queue" not in receive:
        problems.append("receive() no longer starts the decoder on __decoder_queue")
    sender_rtcp = inspect.getsource(RTCRtpSender._handle_rtcp_packet)
    if "self._send_keyframe()" not in sender_rtcp:
        problems.append("RTCRtpSender no longer calls _send_keyframe() on PLI/FIR")
    for name in ("_send_rtcp", "_send_rtcp_pli"):
        if not callable(getattr(RTCRtpReceiver, name, None)):
            problems.append(f"RTCRtpReceiver.{name} is gone")
    if "isinstance(data, Frame)" not in inspect.getsource(RTCRtpSender._next_encoded_frame):
        problems.append("RTCRtpSender no longer skips its encoder for av.Packet")
    if "self.__jitter_buffer.add(packet)" not in handle:
        problems.append("_handle_rtp_packet no longer re-assembles in __jitter_buffer.add")
    buffer = JitterBuffer(capacity=16)
    for name in ("_origin", "_packets", "_capacity"):
        if not hasattr(buffer, name):
            problems.append(f"JitterBuffer.{name} is gone")
    if problems:
        raise IncompatibleAiortc("; ".join(problems))


def is_vp8_keyframe(data: bytes) -> bool:
    """A VP8 frame whose first byte has the inverse key-frame bit clear (RFC 6386 9.1)."""
    return bool(data) and not data[0] & 0x01


class EagerJitterBuffer(JitterBuffer):
    """aiortc's jitter buffer, but a frame is complete as soon as its last packet is in.

    The stock buffer hands on a frame only when the next frame's first packet arrives
    (video: one frame interval later, 67 ms at 15 fps) or, for audio, four frames later
    (80 ms): right for a decoder that plays out, pure latency for a relay.  Here a video
    frame is complete at its RTP marker bit (RFC 7741) and an audio packet is a frame
    (RFC 7587), provided every packet since the buffer's origin is present; otherwise
    the stock rules (and NACKs) apply.
    """

    def __init__(
        self,
        capacity: int,
        is_video: bool,
        on_level: Callable[[int], None] | None = None,
        on_packet: Callable[[Any], None] | None = None,
        assemble: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(capacity=capacity, is_video=is_video)
        self._video = is_video
        self._on_level = on_level
        self._on_packet = on_packet
        self._assemble = assemble
        self._assembling = True

    def add(self, packet: Any) -> tuple[bool, JitterFrame | None]:
        self.forward(packet)
        if not self.assembling():
            return False, None
        return self.assemble(packet)

    def forward(self, packet: Any) -> None:
        """Every packet as it is accepted: its audio level, and RTP-level forwarding."""
        if self._on_level is not None:
            # RFC 6464 ``ssrc-audio-level``: (voice activity, level in -dBov, 127 silence).
            level = packet.extensions.audio_level
            if level is not None:
                self._on_level(level[1])
        if self._on_packet is not None:
            self._on_packet(packet)  # RTP-level forwarding: every packet, as it comes

    def assembling(self) -> bool:
        """Whether frames are re-assembled now; when that changes, start afresh (what
        was buffered is stale)."""
        if self._assemble is None:
            return True
        assembling = self._assemble()
        if assembling != self._assembling:
            self._assembling = assembling
            self._origin = None
            self._packets = [None] * self._capacity
        return assembling

    def assemble(self, packet: Any) -> tuple[bool, JitterFrame | None]:
        """The stock buffer's ``add`` (a depayloaded packet), and a frame complete at
        its marker bit."""
        pli_flag, frame = super().add(packet)
        if frame is None:
            frame = self._complete()
        return pli_flag, frame

    def _complete(self) -> JitterFrame | None:
        if self._origin is None:
            return None
        packets: list[Any] = []
        for count in range(self._capacity):
            packet = self._packets[(self._origin + count) % self._capacity]
            if packet is None or (packets and packet.timestamp != packets[0].timestamp):
                return None
            packets.append(packet)
            if packet.marker or not self._video:
                self.remove(count + 1)
                return JitterFrame(
                    data=b"".join(p._data for p in packets), timestamp=packets[0].timestamp
                )
        return None


class EncodedTrack(MediaStreamTrack):
    """A remote track whose ``recv()`` returns encoded :class:`av.Packet` objects.

    ``packet.pts`` counts in the codec clock (90 kHz video, 48 kHz Opus) from the first
    frame received; ``packet.time_base`` says so.
    """

    def __init__(self, kind: str, track_id: str | None = None) -> None:
        super().__init__()
        self.kind = kind
        if track_id is not None:
            self._id = track_id
        self._queue: asyncio.Queue[av.Packet[Any] | None] = asyncio.Queue()

    async def recv(self) -> av.Packet[Any]:
        if self.readyState != "live":
            raise MediaStreamError
        packet = await self._queue.get()
        if packet is None:
            self.stop()
            raise MediaStreamError
        return packet


class ForwardingSink:
    """Stands in for the receiver's decoder queue; see the module docstring.

    ``put`` is called on the event loop by ``_handle_rtp_packet`` with each complete
    encoded frame, ``get`` by aiortc's decoder thread (which therefore never decodes).
    """

    def __init__(self, track: EncodedTrack) -> None:
        self.track = track
        #: Encoded frames handed on, keyframes among them, and frames dropped (slow reader).
        self.forwarded = 0
        self.keyframes = 0
        self.dropped = 0
        self._stopped = threading.Event()

    def put(self, task: tuple[Any, Any] | None) -> None:
        if task is None:  # the receiver stops: release the (idle) decoder thread
            self._stopped.set()
            return
        codec, frame = task
        packet = av.Packet(frame.data)
        packet.pts = frame.timestamp
        packet.time_base = fractions.Fraction(1, codec.clockRate)
        if self.track.kind == "video" and is_vp8_keyframe(frame.data):
            self.keyframes += 1
        queue = self.track._queue
        while queue.qsize() >= MAX_QUEUED:
            queue.get_nowait()
            self.dropped += 1
        queue.put_nowait(packet)
        self.forwarded += 1

    def get(self) -> None:
        """Called by aiortc's decoder thread: block until the receiver stops."""
        self._stopped.wait()
        return None


def forward_encoded(
    receiver: RTCRtpReceiver,
    on_level: Callable[[int], None] | None = None,
    on_packet: Callable[[Any], None] | None = None,
    assemble: Callable[[], bool] | None = None,
) -> tuple[EncodedTrack, ForwardingSink]:
    """Make ``receiver`` hand on encoded frames instead of decoding them.

    ``on_level`` (audio) is called with the RFC 6464 level of each packet that has one
    (0 loudest … 127 silence, in -dBov).  ``on_packet`` gets every RTP packet as it is
    accepted (RTP-level forwarding); frames are re-assembled only while ``assemble()``
    (if given) is true.

    Call it from the peer connection's ``track`` event, i.e. after
    ``setRemoteDescription`` created the receiver and before the connection starts it.
    The returned track replaces ``receiver.track``; read it for :class:`av.Packet`.
    """
    if getattr(receiver, _THREAD_ATTR, None) is not None:
        raise RuntimeError("the receiver has already started decoding")
    original = receiver.track
    track = EncodedTrack(original.kind, original.id)
    sink = ForwardingSink(track)
    setattr(receiver, _QUEUE_ATTR, sink)
    video = original.kind == "video"
    buffer = EagerJitterBuffer(
        capacity=512 if video else 16,
        is_video=video,
        on_level=None if video else on_level,
        on_packet=on_packet,
        assemble=assemble,
    )
    setattr(receiver, _BUFFER_ATTR, buffer)
    # The lean receive path (ingress.py) calls this instead of _handle_rtp_packet.
    fast = FastReceive(receiver, buffer.forward, buffer.assembling, buffer.assemble)
    setattr(receiver, FAST_ATTR, fast)
    lighten_estimator(receiver)  # video: the same incoming rate, cheaper per packet
    receiver._track = track  # type: ignore[assignment]  # decoder_worker ends it via _queue
    return track, sink
