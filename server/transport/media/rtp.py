"""RTP-level forwarding: a publisher's packets go out to subscribers as they arrive.

The frame-level path (:mod:`~server.transport.media.forwarding`) re-assembles each
incoming stream into frames and lets every subscriber's ``RTCRtpSender`` packetize
them again.  Here the relay skips both: every RTP packet the publisher's receiver
accepts (SRTP removed, RTX unwrapped) is handed to the :class:`~server.transport.media.
fanout.Feed` at once, and for each subscriber an :class:`RtpRewriter` rewrites its
header — the subscriber's payload type, SSRC, sequence numbers and timestamps that go on
without a jump when the slot changes publisher, a fresh ``abs-send-time`` and ``mid``,
the sender's RFC 6464 audio level kept — and sends it through the subscriber's DTLS
transport.  The payload (VP8 with its payload descriptor, or Opus) is untouched.

aiortc internals this relies on (aiortc pinned, checked by :func:`check_rtp_sender`):
the sender's ``_run_rtp(codec)`` task is replaced by :meth:`RtpRewriter.run`, which
only marks the sender started and keeps asking for a keyframe while waiting for one;
sent packets go into the sender's RTP history so aiortc itself answers the
subscriber's NACKs, and the packet and octet counts feed its sender reports.

Packets lost between publisher and relay leave a gap in the rewritten sequence (the
offset is constant per source), so the subscriber notices the loss; the relay's own
receiver NACKs the publisher and forwards the retransmission when it comes.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import struct
import time
from collections.abc import Callable
from typing import Any

from aiortc.rtcdtlstransport import RTCDtlsTransport, State
from aiortc.rtcrtpsender import RTCRtpSender
from aiortc.rtp import RTP_HISTORY_SIZE, HeaderExtensions, HeaderExtensionsMap, RtpPacket
from aiortc.utils import random16, random32

log = logging.getLogger("ecabinet.media")

_P = "_RTCRtpSender__"
#: The sender's private counters its RTCP sender reports are made of.
_NTP, _RTP_TS = _P + "ntp_timestamp", _P + "rtp_timestamp"
_OCTETS, _PACKETS = _P + "octet_count", _P + "packet_count"
_HEADER = struct.Struct("!BBHLL")


class IncompatibleSender(RuntimeError):
    """aiortc's sender no longer has what RTP-level forwarding relies on."""


def check_rtp_sender() -> None:
    """Raise :class:`IncompatibleSender` unless ``RTCRtpSender`` works as relied on."""
    problems = []
    send = inspect.getsource(RTCRtpSender.send)
    if "self._run_rtp(parameters.codecs[0])" not in send:
        problems.append("send() no longer starts self._run_rtp(codec)")
    stop = inspect.getsource(RTCRtpSender.stop)
    if "self.__rtp_exited.wait()" not in stop or "self.__rtp_started.wait()" not in stop:
        problems.append("stop() no longer waits for __rtp_started / __rtp_exited")
    run = inspect.getsource(RTCRtpSender._run_rtp)
    for name in ("__rtp_history", "__ntp_timestamp", "__rtp_timestamp", "__octet_count"):
        if f"self.{name}" not in run:
            problems.append(f"_run_rtp no longer keeps self.{name}")
    if "self.__rtp_history.get(" not in inspect.getsource(RTCRtpSender._retransmit):
        problems.append("_retransmit no longer reads __rtp_history")
    send_rtp = inspect.getsource(RTCDtlsTransport._send_rtp)
    if "self._tx_srtp.protect(data)" not in send_rtp or "State.CONNECTED" not in send_rtp:
        problems.append("RTCDtlsTransport._send_rtp no longer protects with _tx_srtp")
    if not hasattr(HeaderExtensionsMap(), "_HeaderExtensionsMap__ids"):
        problems.append("HeaderExtensionsMap has no __ids")
    if problems:
        raise IncompatibleSender("; ".join(problems))


def starts_keyframe(packet: RtpPacket) -> bool:
    """The first packet of a VP8 keyframe (RFC 7741 4.2 descriptor S=1, PID=0; RFC 6386
    9.1 frame tag with the inverse key-frame bit clear), read from the payload
    descriptor itself (no depayloading); a truncated descriptor is not a keyframe."""
    payload = packet.payload
    size = len(payload)
    if size < 2:
        return False
    first = payload[0]
    if not first & 0x10 or first & 0x07:
        return False
    pos = 1
    if first & 0x80:  # X: extended control bits
        bits = payload[1]
        pos = 2
        if bits & 0x80:  # I: PictureID, 7 or 15 bits
            if pos >= size:
                return False
            pos += 2 if payload[pos] & 0x80 else 1
        if bits & 0x40:  # L: TL0PICIDX
            pos += 1
        if bits & 0x30:  # T or K: TID/Y/KEYIDX
            pos += 1
    return pos < size and not payload[pos] & 0x01


#: Seconds from the NTP epoch (1900) to the Unix epoch (1970).
NTP_UNIX_OFFSET = 2_208_988_800


def ntp_now() -> int:
    """The wall clock as a 64-bit NTP timestamp (what ``aiortc.clock.current_ntp_time``
    gives, from ``time.time()`` instead of a ``datetime``: one per packet, not per send)."""
    now = time.time()
    seconds = int(now)
    return ((seconds + NTP_UNIX_OFFSET) << 32) | int((now - seconds) * 4294967296.0)


class SentPacket:
    """A sent packet in the sender's RTP history, for the subscriber's NACKs.

    aiortc's ``_retransmit`` reads ``sequence_number`` and ``serialize()`` (or, with
    RTX, the fields ``wrap_rtx`` copies); this keeps the bytes that went out and makes
    the header extensions only when a retransmission asks for them, so a sent packet
    costs one small object instead of an ``RtpPacket`` and its ``HeaderExtensions``."""

    __slots__ = ("_abs_send_time", "_level", "_mid", "data", "marker", "payload",
                 "payload_type", "sequence_number", "ssrc", "timestamp")  # fmt: skip
    csrc: list[int] = []
    padding_size = 0

    def __init__(
        self,
        data: bytes,
        payload_type: int,
        marker: int,
        sequence_number: int,
        timestamp: int,
        ssrc: int,
        payload: bytes,
        mid: str | None,
        abs_send_time: int,
        level: tuple[bool, int] | None,
    ) -> None:
        self.data = data
        self.payload_type = payload_type
        self.marker = marker
        self.sequence_number = sequence_number
        self.timestamp = timestamp
        self.ssrc = ssrc
        self.payload = payload
        self._mid = mid
        self._abs_send_time = abs_send_time
        self._level = level

    @property
    def extensions(self) -> HeaderExtensions:
        return HeaderExtensions(
            abs_send_time=self._abs_send_time, audio_level=self._level, mid=self._mid
        )

    def serialize(self, extensions_map: HeaderExtensionsMap) -> bytes:
        return self.data

    def __repr__(self) -> str:
        return (
            f"RtpPacket(seq={self.sequence_number}, ts={self.timestamp}, "
            f"marker={self.marker}, payload={self.payload_type}, {len(self.payload)} bytes)"
        )


class Wire:
    """Where a slot's packets go: SRTP-protected and written to the ICE pair's socket
    directly (what ``RTCDtlsTransport._send_rtp`` → aioice does, without a coroutine per
    packet); through aiortc's own path when that is not available."""

    def __init__(self, dtls: Any) -> None:
        self.dtls = dtls

    def send(self, data: bytes) -> bool:
        dtls = self.dtls
        if dtls._state is not State.CONNECTED:
            return False
        try:
            pair = dtls.transport._connection._nominated.get(1)
        except AttributeError:
            pair = None
        if pair is None or pair.protocol is None or pair.protocol.transport is None:
            task = asyncio.ensure_future(dtls._send_rtp(data))
            task.add_done_callback(_quiet)
            return True
        pair.protocol.transport.sendto(dtls._tx_srtp.protect(data), pair.remote_addr)
        return True


def _quiet(task: asyncio.Future[Any]) -> None:
    if not task.cancelled():
        task.exception()


class HeaderWriter:
    """Serializes a slot's RTP headers like ``RtpPacket.serialize`` with its extension
    map (one-byte extensions: ``mid``, ``abs-send-time``, ``ssrc-audio-level``): one
    ``struct`` pack per packet, its layout worked out once per slot."""

    def __init__(self, extensions: HeaderExtensionsMap, mid: str | None) -> None:
        ids = extensions._HeaderExtensionsMap__ids  # type: ignore[attr-defined]
        mid_bytes = mid.encode() if mid is not None and ids.mid else b""
        self.fast = all(0 <= (i or 0) <= 14 for i in (ids.mid, ids.abs_send_time, ids.audio_level))
        self.fast = self.fast and len(mid_bytes) <= 16
        self._mid = bytes([(ids.mid << 4) | (len(mid_bytes) - 1)]) + mid_bytes if mid_bytes else b""
        self._abs = ((ids.abs_send_time << 4) | 2) << 24 if ids.abs_send_time else 0
        self._level = ids.audio_level << 4 if ids.audio_level else 0
        self._without_level = self._layout(False)
        self._with_level = self._layout(True)

    def _layout(self, level: bool) -> tuple[struct.Struct, int]:
        """The header's struct (and its first byte) with or without the level."""
        size = len(self._mid) + (4 if self._abs else 0) + (2 if level and self._level else 0)
        if not size:
            return _HEADER, 0x80
        words = (size + 3) // 4
        layout = f"!BBHLLHH{len(self._mid)}s" + ("L" if self._abs else "")
        layout += "BB" if level and self._level else ""
        return struct.Struct(layout + f"{words * 4 - size}x"), 0x90

    def header(
        self,
        marker: int,
        payload_type: int,
        seq: int,
        timestamp: int,
        ssrc: int,
        abs_send_time: int,
        level: tuple[bool, int] | None,
    ) -> bytes:
        second = (marker << 7) | payload_type
        if level is None or not self._level:
            layout, first = self._without_level
            if first == 0x80:
                return layout.pack(0x80, second, seq, timestamp, ssrc)
            values: tuple[Any, ...] = (layout.size - 12 >> 2) - 1, self._mid
        else:
            layout, first = self._with_level
            values = (layout.size - 12 >> 2) - 1, self._mid
        if self._abs:
            values += (self._abs | abs_send_time,)
        if level is not None and self._level:
            values += (self._level, (0x80 if level[0] else 0) | (level[1] & 0x7F))
        return layout.pack(first, second, seq, timestamp, ssrc, 0xBEDE, *values)


class RtpRewriter:
    """One subscriber slot's outgoing RTP: header rewriting and sending."""

    def __init__(
        self,
        kind: str,
        on_started: Callable[[], None],
        ask_keyframe: Callable[[], None],
        *,
        retry: float = 0.5,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.kind = kind
        self.sender: RTCRtpSender | None = None
        #: Packets sent, and send attempts that failed (transport not connected yet).
        self.sent = 0
        self.failed = 0
        self._on_started = on_started
        self._ask_keyframe = ask_keyframe
        self._retry = retry
        self._now = now
        self._waiting: Callable[[], bool] = lambda: False
        #: Set while a keyframe may be awaited (:meth:`want_keyframe`): only then does
        #: :meth:`run` wake up to ask again (an idle slot costs no timer).
        self._wanted = asyncio.Event()
        self._pt = 0
        self._rate = 90000 if kind == "video" else 48000
        self._ssrc = 0
        self._mid: str | None = None
        self._extensions: Any = None
        self._writer: HeaderWriter | None = None
        self._history: dict[int, Any] = {}
        self._counters: dict[str, Any] = {}
        self._transport: Any = None
        self._wire: Wire | None = None
        self._seq_offset = 0
        self._ts_offset = 0
        self._last_seq: int | None = None
        self._last_ts = 0
        self._last_at = 0.0
        self._last_marker = True
        self._rebase = True
        #: Called with the rewritten RTP timestamp of the first packet of each new
        #: source (or resumption): where the subscriber's frames of it begin.
        self.on_rebase: Callable[[int], None] | None = None

    @property
    def started(self) -> bool:
        return self._transport is not None

    def install(self, sender: RTCRtpSender, waiting_keyframe: Callable[[], bool]) -> None:
        """Take over ``sender``: its RTP task becomes :meth:`run`."""
        self.sender = sender
        self._waiting = waiting_keyframe
        sender._run_rtp = self.run  # type: ignore[method-assign]

    def want_keyframe(self) -> None:
        """The subscriber now waits for a keyframe: ask again every ``retry`` seconds
        while ``waiting_keyframe()`` (see :meth:`install`) says so."""
        self._wanted.set()

    def rebase(self) -> None:
        """The next packet starts a new source (or resumes): continue seq and time."""
        self._rebase = True

    async def run(self, codec: Any) -> None:
        """Stands in for ``RTCRtpSender._run_rtp`` (started by ``send()``)."""
        sender = self.sender
        assert sender is not None
        self._pt = codec.payloadType
        self._rate = codec.clockRate
        self._ssrc = sender._ssrc
        self._mid = getattr(sender, _P + "mid")
        self._extensions = getattr(sender, _P + "rtp_header_extensions_map")
        self._history = getattr(sender, _P + "rtp_history")
        self._counters = vars(sender)  # the sender's report counters, written per packet
        self._writer = HeaderWriter(self._extensions, self._mid)
        self._wire = Wire(sender.transport)
        self._transport = sender.transport
        getattr(sender, _P + "rtp_started").set()
        self._rebase = True
        self._on_started()
        try:
            while True:
                await self._wanted.wait()
                await asyncio.sleep(self._retry)
                if self._waiting():
                    self._ask_keyframe()
                else:
                    self._wanted.clear()
        except asyncio.CancelledError:
            pass
        finally:
            self._transport = None
            self._wire = None
            getattr(sender, _P + "rtp_exited").set()

    def send(self, packet: RtpPacket, ntp: int | None = None, now: float | None = None) -> None:
        """Send the publisher's ``packet`` to this subscriber, rewritten.  ``ntp`` (wall
        clock, :func:`ntp_now`) and ``now`` (this rewriter's clock) are taken once per
        packet by the feed for all its subscribers; read here when not given."""
        wire = self._wire
        writer = self._writer
        if wire is None or writer is None:
            return
        if now is None:
            now = self._now()
        if ntp is None:
            ntp = ntp_now()
        if self._rebase:
            if self._last_seq is None:
                seq, ts = random16(), random32()
            else:
                # After a frame cut short (pause or switch mid-frame) leave a gap, so the
                # subscriber drops that incomplete frame instead of decoding it.
                seq = (self._last_seq + (1 if self._last_marker else 2)) & 0xFFFF
                gap = max(1, int((now - self._last_at) * self._rate))
                ts = (self._last_ts + gap) & 0xFFFFFFFF
            self._seq_offset = (seq - packet.sequence_number) & 0xFFFF
            self._ts_offset = (ts - packet.timestamp) & 0xFFFFFFFF
            self._rebase = False
            if self.on_rebase is not None:
                self.on_rebase(ts)
        seq = (packet.sequence_number + self._seq_offset) & 0xFFFF
        ts = (packet.timestamp + self._ts_offset) & 0xFFFFFFFF
        marker = packet.marker
        payload = packet.payload
        abs_send_time = (ntp >> 14) & 0x00FFFFFF
        level = packet.extensions.audio_level
        if writer.fast:
            data = writer.header(marker, self._pt, seq, ts, self._ssrc, abs_send_time, level)
            data += payload
        else:
            out = RtpPacket(self._pt, marker, seq, ts, self._ssrc, payload)
            out.extensions.abs_send_time = abs_send_time
            out.extensions.mid = self._mid
            out.extensions.audio_level = level
            data = out.serialize(self._extensions)
        self._history[seq % RTP_HISTORY_SIZE] = SentPacket(  # for the subscriber's NACKs
            data, self._pt, marker, seq, ts, self._ssrc, payload, self._mid, abs_send_time, level
        )
        if not wire.send(data):
            self.failed += 1
            return
        self.sent += 1
        last = self._last_seq
        if last is None or (seq != last and ((seq - last) & 0xFFFF) < 0x8000):  # newer
            self._last_seq = seq
            self._last_ts = ts
            self._last_at = now
            self._last_marker = bool(marker) or self.kind == "audio"
        counters = self._counters
        counters[_NTP] = ntp
        counters[_RTP_TS] = ts
        counters[_OCTETS] += len(payload)
        counters[_PACKETS] += 1
