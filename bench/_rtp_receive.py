"""A lean receive path for the media benchmark's load generator: frames are counted
from the decrypted RTP packets, without aiortc's per-packet receiver work.

aiortc's ``RTCRtpReceiver._handle_rtp_packet`` runs a bitrate estimator, RTCP
statistics, a NACK generator and a jitter buffer for every packet, about as much
Python per packet as the relay spends forwarding it. At K = 20 the load process
receives some 13,000 packets a second and that alone saturates its core, so the figures
would measure the load generator, not the relay. The load is a measuring instrument:
it only needs to know which frames arrived, whose, and when.

:func:`install` replaces ``RTCDtlsTransport._handle_rtp_data`` *in the load process
only* (SRTP is still unprotected by aiortc, DTLS, ICE and RTCP are untouched). Each
packet's SSRC is routed once through aiortc's router to its receiver, then a frame is
re-assembled from consecutive packets of one RTP timestamp, first packet with the VP8
start bit (RFC 7741), last with the marker bit; the VP8 payload descriptor is stripped
as aiortc's depayloader does, so the frame's bytes are the encoder's. An Opus packet is
a frame. RTX retransmissions and frames with a missing packet are not counted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiortc.codecs import is_rtx
from aiortc.rtcdtlstransport import RTCDtlsTransport
from aiortc.rtp import RtpPacket

#: A receiver's frames go to ``callback(frame_bytes)``.
Callback = Callable[[bytes], None]

_callbacks: dict[Any, Callback] = {}


@dataclass
class _Stream:
    callback: Callback | None
    video: bool
    timestamp: int = -1
    next_seq: int = -1
    parts: list[bytes] = field(default_factory=list)
    broken: bool = True


def vp8_payload(payload: bytes) -> tuple[bool, bytes]:
    """(start of a frame, VP8 data) of an RFC 7741 payload."""
    octet = payload[0]
    start = bool(octet & 0x10) and octet & 0x0F == 0
    pos = 1
    if octet & 0x80:
        ext = payload[1]
        pos = 2
        if ext & 0x80:  # picture id, 7 or 15 bits
            pos += 2 if payload[pos] & 0x80 else 1
        if ext & 0x40:  # TL0PICIDX
            pos += 1
        if ext & 0x30:  # TID / KEYIDX
            pos += 1
    return start, payload[pos:]


def _offset(data: bytes) -> int:
    """Where an RTP packet's payload starts."""
    pos = 12 + 4 * (data[0] & 0x0F)
    if data[0] & 0x10:
        pos += 4 + 4 * int.from_bytes(data[pos + 2 : pos + 4], "big")
    return pos


def _stream(transport: Any, data: bytes) -> _Stream:
    packet = RtpPacket.parse(data, transport._rtp_header_extensions_map)
    receiver = transport._rtp_router.route_rtp(packet)
    codecs = getattr(receiver, "_RTCRtpReceiver__codecs", {}) if receiver else {}
    codec = codecs.get(packet.payload_type)
    callback = _callbacks.get(receiver)
    if codec is None or is_rtx(codec):
        callback = None
    return _Stream(callback, codec is not None and codec.mimeType.lower() == "video/vp8")


async def _handle_rtp_data(self: Any, data: bytes, arrival_time_ms: int) -> None:
    streams: dict[int, _Stream] = self.__dict__.setdefault("_lean_streams", {})
    ssrc = int.from_bytes(data[8:12], "big")
    stream = streams.get(ssrc)
    if stream is None or stream.callback is None:
        stream = streams[ssrc] = _stream(self, data)
        if stream.callback is None:
            if len(streams) > 4096:
                streams.clear()
            return
    payload = data[_offset(data) :]
    if data[0] & 0x20 and payload:  # padding
        payload = payload[: -payload[-1]]
    if not stream.video:
        stream.callback(payload)
        return
    if not payload:
        return
    seq = int.from_bytes(data[2:4], "big")
    timestamp = int.from_bytes(data[4:8], "big")
    start, part = vp8_payload(payload)
    if start:
        stream.timestamp, stream.parts, stream.broken = timestamp, [part], False
    elif timestamp != stream.timestamp or seq != stream.next_seq:
        stream.broken = True
    else:
        stream.parts.append(part)
    stream.next_seq = (seq + 1) & 0xFFFF
    if data[1] & 0x80 and not stream.broken:  # marker: the frame's last packet
        stream.broken = True
        stream.callback(b"".join(stream.parts))


def install() -> None:
    """Use the lean path for every peer connection of this process."""
    RTCDtlsTransport._handle_rtp_data = _handle_rtp_data  # type: ignore[method-assign]


def on_frames(receiver: Any, callback: Callback) -> None:
    """Hand ``receiver``'s complete frames (encoded bytes) to ``callback``."""
    _callbacks[receiver] = callback
