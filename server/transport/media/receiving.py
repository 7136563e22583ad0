"""The relay's handling of a publisher's RTP packet, without a coroutine per packet.

aiortc hands each RTP packet to ``RTCRtpReceiver._handle_rtp_packet``, a coroutine.
For a receiver the relay forwards (``forwarding.forward_encoded``) :class:`FastReceive`
does the same work as a plain call, in the same order, and leaves out what a relay
that never decodes does not need:

* kept: the bitrate estimate and its REMB feedback (the publisher's congestion control,
  through the receiver's ``_send_rtcp``, so the relay's cap applies), the active
  sources (read by ``getSynchronizationSources`` to address PLIs; refreshed once a
  second rather than per packet), the RTCP reception statistics of every packet, RTX
  unwrapping, NACKs for lost packets, and the jitter buffer with its PLIs and the frame
  hand-over while frames are re-assembled (the recorder, frame forwarding);
* left out: the VP8 depayloading of every packet (done only while frames are
  re-assembled: the keyframe test reads the payload descriptor itself), the decoder's
  error flag (nothing decodes), and the debug log call.

RTCP feedback (REMB, NACK, PLI) is sent through ``ingress.drive``, which in practice
finishes the coroutine at once.  aiortc internals relied on are checked by
:func:`check_fast_receive` (pinned aiortc; the test suite calls it).
"""

from __future__ import annotations

import inspect
from collections import deque
from collections.abc import Callable
from typing import Any

from aiortc import clock
from aiortc.codecs import depayload, is_rtx
from aiortc.rate import RateCounter
from aiortc.rtcrtpreceiver import RTCRtpReceiver, StreamStatistics
from aiortc.rtp import RTCP_PSFB_APP, RtcpPsfbPacket, RtpPacket, pack_remb_fci, unwrap_rtx

from server.transport.media.ingress import FAST_ATTR, drive

__all__ = ["FAST_ATTR", "FastReceive", "WindowRate", "check_fast_receive", "lighten_estimator"]

_R = "_RTCRtpReceiver__"
#: How often a source's "last seen" time is refreshed (ms); aiortc keeps 10 s of them.
ACTIVE_REFRESH_MS = 1000


class WindowRate:
    """aiortc's ``RateCounter`` (the incoming rate of the bitrate estimator) without a
    Python step per elapsed millisecond: the same sliding window of ``window_size`` ms
    and the same rate, kept as ``(ms, value)`` entries instead of one bucket per ms.
    (A clock going backwards counts at the window's start.)"""

    def __init__(self, window_size: int, scale: int = 8000) -> None:
        self._window = window_size
        self._scale = scale
        self.reset()

    def reset(self) -> None:
        self._entries: deque[tuple[int, int]] = deque()
        self._origin_ms: int | None = None
        self._count = 0
        self._value = 0

    def add(self, value: int, now_ms: int) -> None:
        if self._origin_ms is None:
            self._origin_ms = now_ms
        else:
            self._erase_old(now_ms)
        self._entries.append((max(now_ms, self._origin_ms), value))
        self._count += 1
        self._value += value

    def rate(self, now_ms: int) -> int | None:
        if self._origin_ms is not None:
            self._erase_old(now_ms)
            active_window_size = now_ms - self._origin_ms + 1
            if self._count > 0 and active_window_size > 1:
                return round(self._scale * self._value / active_window_size)
        return None

    def _erase_old(self, now_ms: int) -> None:
        new_origin_ms = now_ms - self._window + 1
        if self._origin_ms is not None and self._origin_ms < new_origin_ms:
            entries = self._entries
            while entries and entries[0][0] < new_origin_ms:
                self._count -= 1
                self._value -= entries.popleft()[1]
            self._origin_ms = new_origin_ms


def lighten_estimator(receiver: RTCRtpReceiver) -> bool:
    """Give ``receiver``'s bitrate estimator a :class:`WindowRate` for its incoming
    rate (before any packet); False when it has none or aiortc's counter changed."""
    estimator = vars(receiver).get(_R + "remote_bitrate_estimator")
    counter = getattr(estimator, "incoming_bitrate", None)
    if type(counter) is not RateCounter or getattr(counter, "_origin_ms", 0) is not None:
        return False
    window, scale = getattr(counter, "_window_size", None), getattr(counter, "_scale", None)
    if not isinstance(window, int) or not isinstance(scale, int):
        return False
    estimator.incoming_bitrate = WindowRate(window, scale)  # type: ignore[union-attr]
    return True


class IncompatibleReceiver(RuntimeError):
    """aiortc's receiver no longer does what :class:`FastReceive` mirrors."""


def check_fast_receive() -> None:
    """Raise :class:`IncompatibleReceiver` unless ``_handle_rtp_packet`` still does,
    in order, what :class:`FastReceive` does."""
    source = inspect.getsource(RTCRtpReceiver._handle_rtp_packet)
    steps = (
        "if not self._enabled:",
        "self.__remote_bitrate_estimator.add(",
        "fci=pack_remb_fci(*remb)",
        "self.__active_ssrc[packet.ssrc] = clock.current_datetime()",
        "codec = self.__codecs.get(packet.payload_type)",
        "self.__remote_streams[packet.ssrc] = StreamStatistics(codec.clockRate)",
        "self.__remote_streams[packet.ssrc].add(packet)",
        "if is_rtx(codec):",
        "original_ssrc = self.__rtx_ssrc.get(packet.ssrc)",
        'apt = codec.parameters.get("apt")',
        "packet = unwrap_rtx(packet, payload_type=apt, ssrc=original_ssrc)",
        "self.__nack_generator.add(packet)",
        "sorted(self.__nack_generator.missing)",
        "packet._data = depayload(codec, packet.payload)",
        "pli_flag, encoded_frame = self.__jitter_buffer.add(packet)",
        "await self._send_rtcp_pli(packet.ssrc)",
        "encoded_frame.timestamp = self.__timestamp_mapper.map(",
        "self.__decoder_queue.put((codec, encoded_frame))",
    )
    position, missing = 0, []
    for step in steps:
        found = source.find(step, position)
        if found < 0:
            missing.append(step)
        else:
            position = found
    if missing:
        raise IncompatibleReceiver(f"RTCRtpReceiver._handle_rtp_packet changed: {missing}")


class FastReceive:
    """``receiver._handle_rtp_packet`` as a plain call, for a forwarded receiver.

    ``forward(packet)`` gets every accepted packet at once (audio level, RTP-level
    forwarding); ``assembling()`` says whether frames are being re-assembled now, and
    ``assemble(packet)`` is the jitter buffer's ``add`` for a depayloaded packet.
    """

    def __init__(
        self,
        receiver: RTCRtpReceiver,
        forward: Callable[[RtpPacket], None],
        assembling: Callable[[], bool],
        assemble: Callable[[RtpPacket], tuple[bool, Any]],
    ) -> None:
        self.receiver = receiver
        self.forward = forward
        self.assembling = assembling
        self.assemble = assemble
        self._state = vars(receiver)
        self._seen: dict[int, int] = {}

    def __call__(self, packet: RtpPacket, arrival_time_ms: int) -> None:
        receiver = self.receiver
        if not receiver._enabled:
            return
        state = self._state
        estimator = state[_R + "remote_bitrate_estimator"]
        if estimator is not None and packet.extensions.abs_send_time is not None:
            remb = estimator.add(
                abs_send_time=packet.extensions.abs_send_time,
                arrival_time_ms=arrival_time_ms,
                payload_size=len(packet.payload) + packet.padding_size,
                ssrc=packet.ssrc,
            )
            rtcp_ssrc = state[_R + "rtcp_ssrc"]
            if rtcp_ssrc is not None and remb is not None:
                feedback = RtcpPsfbPacket(
                    fmt=RTCP_PSFB_APP, ssrc=rtcp_ssrc, media_ssrc=0, fci=pack_remb_fci(*remb)
                )
                drive(receiver._send_rtcp(feedback))
        ssrc = packet.ssrc
        if arrival_time_ms - self._seen.get(ssrc, -ACTIVE_REFRESH_MS) >= ACTIVE_REFRESH_MS:
            self._seen[ssrc] = arrival_time_ms
            state[_R + "active_ssrc"][ssrc] = clock.current_datetime()
        codecs = state[_R + "codecs"]
        codec = codecs.get(packet.payload_type)
        if codec is None:
            return
        streams = state[_R + "remote_streams"]
        stats = streams.get(ssrc)
        if stats is None:
            stats = streams[ssrc] = StreamStatistics(codec.clockRate)
        stats.add(packet)
        if is_rtx(codec):
            original_ssrc = state[_R + "rtx_ssrc"].get(ssrc)
            if original_ssrc is None:
                return
            apt = codec.parameters.get("apt")
            if len(packet.payload) < 2 or not isinstance(apt, int) or apt not in codecs:
                return
            packet = unwrap_rtx(packet, payload_type=apt, ssrc=original_ssrc)
            codec = codecs[apt]
        nacks = state[_R + "nack_generator"]
        if nacks is not None and nacks.add(packet):
            drive(receiver._send_rtcp_nack(packet.ssrc, sorted(nacks.missing)))
        self.forward(packet)
        if not self.assembling():
            return
        try:
            packet._data = depayload(codec, packet.payload) if packet.payload else b""  # type: ignore[attr-defined]
        except ValueError:
            return
        pli, frame = self.assemble(packet)
        if pli:
            drive(receiver._send_rtcp_pli(packet.ssrc))
        if frame is not None and state[_R + "decoder_thread"]:
            frame.timestamp = state[_R + "timestamp_mapper"].map(frame.timestamp)
            state[_R + "decoder_queue"].put((codec, frame))
