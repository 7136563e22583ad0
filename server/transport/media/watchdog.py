"""Hostile or broken input to a relay connection: dropped, counted, logged, contained.

Two guards, installed by :meth:`Watchdog.watch` after each answer:

* **Datagrams.**  aioice hands every non-STUN datagram arriving on a connection's UDP
  sockets to the DTLS/SRTP stack, whoever sent it, and an *empty* datagram makes
  aiortc's receive loop fail (``data[0]``) and end the whole connection.  A STUN-looking
  datagram with a malformed attribute raises out of aioice's parser (``struct.error``)
  into the event loop.  :func:`guard_datagrams` wraps each socket's protocol so that
  a datagram that is empty, larger than :data:`MAX_DATAGRAM`, not DTLS/RTP/RTCP by its
  first byte (RFC 7983), or not from an address ICE paired with this peer is dropped
  before aiortc sees it; a parser exception is caught.  Drops are counted per peer and
  logged at most once per :data:`LOG_INTERVAL` seconds (a flood costs one line).
  SRTP authentication still rejects forged packets from the peer's own address.
  An SRTP packet that passes is then handled at once (``ingress.py``, unless
  ``RelayConfig.lean_receive`` is off) instead of through aiortc's receive queue.
* **Connecting.**  A peer that offers and then never completes ICE/DTLS (no reachable
  candidate, no candidate at all, a vanished client) would hold its feeds, slots and
  sockets forever: aioice waits for candidates that never come.  A peer not connected
  within ``RelayConfig.connect_timeout`` seconds of its first answer is closed (the
  relay's normal clean-up, ``media.track_removed`` for what it announced) and logged.
  The user may offer again.

A connection whose DTLS fails (a wrong ``a=fingerprint``) reaches aiortc's ``failed``
state, which the relay already closes on.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from server.transport.media.ingress import lean_receiver
from server.transport.media.peer import Peer, RelayConfig

log = logging.getLogger("ecabinet.media")

#: The largest datagram passed on (an RTP packet or DTLS record fits a 1500-byte MTU).
MAX_DATAGRAM = 2048
#: At most one log line per peer about dropped datagrams in this many seconds.
LOG_INTERVAL = 5.0
_MARK = "_ecabinet_guarded"


@dataclass(eq=False)
class Dropped:
    """Datagrams dropped on one peer's connection, by reason."""

    user_id: int
    counts: dict[str, int]
    logged_at: float = float("-inf")
    unlogged: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def add(self, reason: str, addr: tuple[Any, ...]) -> None:
        self.counts[reason] = self.counts.get(reason, 0) + 1
        self.unlogged += 1
        now = time.monotonic()
        if now - self.logged_at >= LOG_INTERVAL:
            log.warning(
                "dropped %d bad datagram(s) on the media connection of user %s "
                "(last: %s from %s; so far %s)",
                self.unlogged,
                self.user_id,
                reason,
                addr[0] if addr else "?",
                dict(sorted(self.counts.items())),
            )
            self.logged_at = now
            self.unlogged = 0


def _media_byte(first: int) -> bool:
    """DTLS (20..63) or RTP/RTCP (128..191), demultiplexed as in RFC 7983."""
    return 19 < first < 64 or 127 < first < 192


def _connection(pc: Any) -> Any | None:
    for transceiver in pc.getTransceivers():
        return transceiver.receiver.transport.transport.iceGatherer._connection
    return None


def _paired(connection: Any) -> set[tuple[str, int]]:
    """The remote addresses ICE paired with (kept until the check list grows)."""
    pairs = getattr(connection, "_check_list", ())
    cached = getattr(connection, "_ecabinet_paired", None)
    if cached is not None and cached[0] == len(pairs):
        return cached[1]  # type: ignore[no-any-return]
    addresses = {(str(pair.remote_addr[0]), int(pair.remote_addr[1])) for pair in pairs}
    connection._ecabinet_paired = (len(pairs), addresses)
    return addresses


def guard_datagrams(pc: Any, dropped: Dropped, lean: Callable[[bytes], bool] | None = None) -> int:
    """Wrap the protocols of ``pc``'s UDP sockets (idempotent); returns how many are
    guarded.  Needs the gathered sockets, so it runs after ``setLocalDescription``.
    ``lean`` (``ingress.py``) takes the datagrams that pass and it can handle at once."""
    connection = _connection(pc)
    if connection is None:
        return 0
    guarded = 0
    for protocol in list(getattr(connection, "_protocols", ())):
        if getattr(protocol, _MARK, False):
            guarded += 1
            continue
        original = protocol.datagram_received

        trusted: list[tuple[Any, ...] | None] = [None]  # the last address found paired

        def received(
            data: bytes | str,
            addr: tuple[Any, ...],
            original: Callable[[bytes | str, tuple[Any, ...]], None] = original,
            trusted: list[tuple[Any, ...] | None] = trusted,
        ) -> None:
            if not (
                addr == trusted[0]
                and type(data) is bytes
                and 0 < len(data) <= MAX_DATAGRAM
                and 127 < data[0] < 192
            ):  # not an RTP/RTCP packet from the address seen last: the full checks
                reason = _verdict(data, addr, connection)
                if reason is not None:
                    dropped.add(reason, addr)
                    return
                if _media_byte(data[0]):  # type: ignore[arg-type]  # passed: paired
                    trusted[0] = addr
            if lean is not None and lean(data):  # type: ignore[arg-type]
                return
            try:
                original(data, addr)
            except Exception as exc:  # aioice's STUN parser raises more than ValueError
                dropped.add(f"unparsable STUN ({type(exc).__name__})", addr)

        protocol.datagram_received = received
        setattr(protocol, _MARK, True)
        guarded += 1
    return guarded


def _verdict(data: bytes | str, addr: tuple[Any, ...], connection: Any) -> str | None:
    """Why a datagram is dropped, or None to pass it on."""
    if not isinstance(data, bytes) or not data:
        return "empty"
    if len(data) > MAX_DATAGRAM:
        return "oversized"
    if len(data) >= 20 and data[4:8] == b"\x21\x12\xa4\x42":
        return None  # STUN (magic cookie): aioice authenticates it
    if not _media_byte(data[0]):
        return "not DTLS/RTP"
    if (str(addr[0]), int(addr[1])) not in _paired(connection):
        return "not from the peer"
    return None


class Watchdog:
    """Guards every peer of a relay; ``expire(peer)`` closes a peer that never connected."""

    def __init__(self, config: RelayConfig, expire: Callable[[Peer], None]) -> None:
        self.config = config
        self.expire = expire
        self.dropped: weakref.WeakKeyDictionary[Peer, Dropped] = weakref.WeakKeyDictionary()
        self._timers: weakref.WeakKeyDictionary[Peer, asyncio.TimerHandle] = (
            weakref.WeakKeyDictionary()
        )

    def watch(self, peer: Peer) -> None:
        """After an answer: guard the peer's sockets; time its first connection."""
        dropped = self.dropped.get(peer)
        if dropped is None:
            dropped = self.dropped[peer] = Dropped(peer.user_id, {})
        try:
            guard_datagrams(peer.pc, dropped, self._lean(peer))
        except AttributeError as exc:  # aiortc/aioice internals moved: relay still works
            log.warning("cannot guard the media sockets (aiortc internals changed): %s", exc)
        if peer in self._timers or peer.pc.connectionState == "connected":
            return
        loop = asyncio.get_running_loop()
        self._timers[peer] = loop.call_later(self.config.connect_timeout, self._check, peer)

        @peer.pc.on("connectionstatechange")
        def settled() -> None:
            if peer.pc.connectionState in ("connected", "failed", "closed"):
                timer = self._timers.get(peer)
                if timer is not None:
                    timer.cancel()

    def _lean(self, peer: Peer) -> Callable[[bytes], bool] | None:
        if not self.config.lean_receive:
            return None
        for transceiver in peer.pc.getTransceivers():
            return lean_receiver(transceiver.receiver.transport)
        return None

    def _check(self, peer: Peer) -> None:
        if peer.closed or peer.pc.connectionState == "connected":
            return
        log.warning(
            "media connection of user %s in meeting %s not established within %.0f s "
            "(ICE %s, state %s); closed",
            peer.user_id,
            peer.meeting_id,
            self.config.connect_timeout,
            peer.pc.iceConnectionState,
            peer.pc.connectionState,
        )
        self.expire(peer)
