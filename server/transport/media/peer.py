"""One participant's media connection (:class:`Peer`), its slots, and the relay's settings."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from aiortc import RTCIceServer, RTCPeerConnection

from server.domain.context import Actor
from server.domain.media_selection import AUDIO_STREAMS, LAST_N
from server.transport.media.fanout import Feed, ForwardedTrack
from server.transport.media.forwarding import ForwardingSink

log = logging.getLogger("ecabinet.media")

#: Seconds a peer connection may take to close before it is abandoned.  aiortc's
#: ``close()`` can wait forever on a transport whose other end vanished mid-handshake.
CLOSE_TIMEOUT = 5.0


@dataclass(frozen=True)
class RelayConfig:
    #: STUN/TURN servers offered to aiortc; none by default (nothing leaves the LAN).
    ice_servers: tuple[RTCIceServer, ...] = ()
    #: Highest video bitrate asked of a publisher (REMB), bits per second.
    max_video_bitrate: int = 1_000_000
    #: At most one keyframe request per publisher in this many seconds.
    keyframe_interval: float = 0.5
    #: UDP receive buffer asked for on the relay's sockets (bytes).
    udp_receive_buffer: int = 4 * 1024 * 1024
    #: Most m-lines in one offer.
    max_mlines: int = 64
    #: A negotiation taking longer than this is abandoned (seconds).
    negotiate_timeout: float = 10.0
    #: A peer connection still closing after this long is abandoned (seconds).
    close_timeout: float = CLOSE_TIMEOUT
    #: A peer not connected (ICE and DTLS) this long after its first answer is closed.
    connect_timeout: float = 20.0
    #: Video tiles per viewer besides the speaker and the presenter (last-N).
    last_n: int = LAST_N
    #: Audio streams per viewer (the loudest speakers).
    audio_streams: int = AUDIO_STREAMS
    #: How often the active speaker and the forwarding are re-decided (seconds).
    speaker_interval: float = 0.1
    #: ``"rtp"``: forward RTP packets as they arrive, rewriting their headers
    #: (:mod:`~server.transport.media.rtp`); ``"frame"``: re-assemble frames and let each
    #: subscriber's sender packetize them again.  Both never decode; see docs/media.md.
    forwarding: str = "rtp"
    #: Handle each SRTP packet in the datagram callback (``ingress.py``) rather than
    #: through aiortc's receive queue and task.
    lean_receive: bool = True


@dataclass(eq=False)
class Slot:
    mid: str
    kind: str
    track: ForwardedTrack


@dataclass(eq=False)
class Peer:
    """One participant's media connection in one meeting."""

    meeting_id: int
    actor: Actor
    owner: object
    pc: RTCPeerConnection
    feeds: dict[str, Feed] = field(default_factory=dict)
    sinks: dict[str, ForwardingSink] = field(default_factory=dict)
    slots: dict[str, Slot] = field(default_factory=dict)
    #: Kinds recorded as ``media.track_added``.
    announced: set[str] = field(default_factory=set)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    closed: bool = False
    #: The number of the current mapping of slots to tracks (``SLOTS_CHANGED``).
    slot_version: int = 0

    @property
    def user_id(self) -> int:
        return self.actor.user_id


async def close_within(pc: RTCPeerConnection, seconds: float = CLOSE_TIMEOUT) -> bool:
    """Close ``pc``; False (and a log line) if it did not finish within ``seconds``."""
    try:
        await asyncio.wait_for(pc.close(), seconds)
    except TimeoutError:
        log.warning("a media connection did not close within %.0f s; abandoned", seconds)
        return False
    return True
