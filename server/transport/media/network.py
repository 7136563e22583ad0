"""ICE addresses and UDP socket buffers of the relay's peer connections.

* aioice leaves 127.0.0.1 out of its host candidates (RFC 8445 5.1.1.1 forbids
  loopback candidates) and has no setting to include it, so a host whose only
  interface is loopback (a CI container, a laptop with networking off) gathers none
  and ICE cannot start.  :func:`allow_loopback_fallback` makes aioice offer loopback
  only in that case; any host with a real address behaves exactly as before.
* The kernel's default UDP receive buffer (~208 KiB) overflows on bursts of video
  (a keyframe of several receivers at once) and the lost packets turn into NACK
  round trips and latency tails of seconds; :func:`raise_receive_buffers` asks for
  several MiB on a connection's sockets (capped by ``net.core.rmem_max``).
"""

from __future__ import annotations

import logging
import socket
from typing import Any

import aioice.ice
from aiortc import RTCPeerConnection

log = logging.getLogger("ecabinet.media")

_MARK = "_ecabinet_loopback_fallback"


def allow_loopback_fallback() -> None:
    """Gather 127.0.0.1 (and ::1) when the host has no other address (idempotent)."""
    original = aioice.ice.get_host_addresses
    if getattr(original, _MARK, False):
        return

    def host_addresses(use_ipv4: bool, use_ipv6: bool) -> list[str]:
        found = original(use_ipv4, use_ipv6)
        if found:
            return found
        return (["127.0.0.1"] if use_ipv4 else []) + (["::1"] if use_ipv6 else [])

    setattr(host_addresses, _MARK, True)
    aioice.ice.get_host_addresses = host_addresses


def _sockets(pc: RTCPeerConnection) -> list[Any]:
    """The UDP sockets of a connection's ICE transports (aiortc 1.16 / aioice 0.10+)."""
    found = []
    seen: set[int] = set()
    for transceiver in pc.getTransceivers():
        ice = transceiver.receiver.transport.transport
        connection = ice.iceGatherer._connection
        if id(connection) in seen:
            continue
        seen.add(id(connection))
        for protocol in getattr(connection, "_protocols", []):
            transport = getattr(protocol, "transport", None)
            sock = transport.get_extra_info("socket") if transport is not None else None
            if sock is not None:
                found.append(sock)
    return found


def raise_receive_buffers(pc: RTCPeerConnection, size: int) -> list[int]:
    """Ask for ``size`` bytes of receive buffer on each socket; return what the kernel
    granted (Linux reports twice the usable size, capped by ``net.core.rmem_max``)."""
    granted = []
    for sock in _sockets(pc):
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, size)
            granted.append(sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF))
        except OSError as exc:
            log.warning("could not raise the UDP receive buffer: %s", exc)
    if granted and min(granted) < size:
        log.warning(
            "UDP receive buffer is %d bytes, %d asked: raise net.core.rmem_max",
            min(granted),
            size,
        )
    return granted
