"""The relay's receive path for SRTP packets: handled in the datagram callback.

aiortc receives every datagram through a queue: aioice's protocol tries to parse it as
STUN (an exception per RTP packet), puts it on the connection's ``asyncio.Queue``, and
the DTLS transport's task wakes up for it, removes SRTP and hands the packet to the
receiver (``RTCDtlsTransport._recv_next``).  At a few hundred packets per second per
publisher that hop costs the relay as much as the forwarding itself.

:func:`lean_receiver` gives the datagram guard (``watchdog.py``) a function that takes
an SRTP packet (not RTCP, not DTLS: those keep aiortc's path) on a connected transport
and does at once what ``_recv_next`` would: count it, remove SRTP (a packet that fails
authentication is dropped, as aiortc does) and run ``_handle_rtp_data`` — parse, route,
the receiver's statistics, NACKs, bitrate estimate, and our forwarding.  That coroutine
does not wait on anything in practice (its RTCP feedback is written with ``sendto``);
if it ever does, :func:`drive` finishes it in a task.  An exception in it is logged
and the packet dropped, where aiortc's task would have ended the whole connection.

aiortc internals relied on (pinned; :func:`check_ingress` fails loudly if they move):
``RTCDtlsTransport._rx_srtp``, ``_state``, ``_handle_rtp_data`` and the private
``__rx_bytes``/``__rx_packets`` counters.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Callable, Coroutine, Generator
from typing import Any

import pylibsrtp
from aiortc.rtcdtlstransport import RTCDtlsTransport, State
from aiortc.rtp import RtpPacket, is_rtcp

from server.transport.media.rtp import NTP_UNIX_OFFSET

log = logging.getLogger("ecabinet.media")

_P = "_RTCDtlsTransport__"
_RX_BYTES, _RX_PACKETS = _P + "rx_bytes", _P + "rx_packets"
#: The receiver attribute holding the relay's plain-call handler (``receiving.py``).
FAST_ATTR = "_ecabinet_fast_receive"


class IncompatibleIngress(RuntimeError):
    """aiortc's DTLS transport no longer works the way the lean receive path relies on."""


def check_ingress() -> None:
    """Raise :class:`IncompatibleIngress` unless ``RTCDtlsTransport`` is as relied on."""
    source = inspect.getsource(RTCDtlsTransport._recv_next)
    needed = (
        "self._rx_srtp.unprotect(data)",
        "await self._handle_rtp_data(data, arrival_time_ms=arrival_time_ms)",
        "self.__rx_bytes += len(data)",
        "self.__rx_packets += 1",
    )
    missing = [text for text in needed if text not in source]
    handle = inspect.getsource(RTCDtlsTransport._handle_rtp_data)
    for text in (
        "RtpPacket.parse(data, self._rtp_header_extensions_map)",
        "receiver = self._rtp_router.route_rtp(packet)",
        "await receiver._handle_rtp_packet(packet, arrival_time_ms=arrival_time_ms)",
    ):
        if text not in handle:
            missing.append(text)
    if missing:
        raise IncompatibleIngress(f"RTCDtlsTransport._recv_next changed: {missing}")


class _Resume:
    """Awaitable that carries on a coroutine which :func:`drive` started and which then
    waited on ``future``: re-yields that future to the task, then resumes the coroutine."""

    def __init__(self, coro: Coroutine[Any, Any, None], future: Any) -> None:
        self.coro, self.future = coro, future

    def __await__(self) -> Generator[Any, None, None]:
        future = self.future
        while True:
            try:
                yield future
            except BaseException as exc:  # cancelled: pass it into the coroutine
                try:
                    future = self.coro.throw(exc)
                except StopIteration:
                    return
                continue
            try:
                future = self.coro.send(None)
            except StopIteration:
                return


#: At most one log line (with its traceback) about failing packets per this many seconds.
LOG_INTERVAL = 5.0
_failures = {"logged_at": float("-inf"), "unlogged": 0}


def _report_failure() -> None:
    """Log the exception being handled, unless one was logged just now (a packet that
    fails every time must not flood the log at hundreds of lines per second)."""
    now = time.monotonic()
    if now - _failures["logged_at"] < LOG_INTERVAL:
        _failures["unlogged"] += 1
        return
    log.exception(
        "an RTP packet could not be handled; dropped (and %d more since the last report)",
        _failures["unlogged"],
    )
    _failures["logged_at"], _failures["unlogged"] = now, 0


async def _finish(coro: Coroutine[Any, Any, None], future: Any) -> None:
    try:
        await _Resume(coro, future)
    except Exception:
        _report_failure()


_pending: set[asyncio.Task[None]] = set()


def drive(coro: Coroutine[Any, Any, None]) -> None:
    """Run ``coro`` now, to its end unless it waits on something; then in a task."""
    try:
        future = coro.send(None)
    except StopIteration:
        return
    except Exception:
        _report_failure()
        return
    task = asyncio.get_running_loop().create_task(_finish(coro, future))
    _pending.add(task)
    task.add_done_callback(_pending.discard)


def lean_receiver(dtls: RTCDtlsTransport) -> Callable[[bytes], bool]:
    """For the datagram guard: handle ``data`` here (True) if it is an SRTP packet on
    a connected transport; False leaves it to aiortc's queue."""

    def receive(data: bytes) -> bool:
        srtp = dtls._rx_srtp
        if srtp is None or dtls._state is not State.CONNECTED:
            return False
        if not 127 < data[0] < 192 or is_rtcp(data):
            return False
        # aiortc's clock.current_ms(): milliseconds since the NTP epoch
        arrival_time_ms = int((time.time() + NTP_UNIX_OFFSET) * 1000)
        counters = vars(dtls)
        counters[_RX_BYTES] += len(data)
        counters[_RX_PACKETS] += 1
        try:
            plain = srtp.unprotect(data)
        except pylibsrtp.Error:
            return True  # forged or replayed: dropped, as aiortc drops it
        # What RTCDtlsTransport._handle_rtp_data does: parse, route, handle.
        try:
            packet = RtpPacket.parse(plain, dtls._rtp_header_extensions_map)
        except ValueError:
            return True
        receiver = dtls._rtp_router.route_rtp(packet)
        if receiver is None:
            return True
        fast = vars(receiver).get(FAST_ATTR)
        if fast is None:
            drive(receiver._handle_rtp_packet(packet, arrival_time_ms=arrival_time_ms))
            return True
        try:
            fast(packet, arrival_time_ms)
        except Exception:
            _report_failure()
        return True

    return receive
