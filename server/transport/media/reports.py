"""A subscriber's sender reports, together: one RTCP packet per connection, not per slot.

aiortc runs an RTCP task per ``RTCRtpSender`` that, every 0.5–1.5 s, sends that
sender's report (SR + SDES) in a datagram of its own: an SRTCP protect, a send and a
coroutine step each.  A viewer holds a slot per tile and voice (up to a dozen or so), and
most carry nothing for long stretches, so the relay sent that many datagrams a second
per viewer, most of them reports of nothing.

:func:`share_reports` replaces a forwarding sender's RTCP task: the sender joins its
connection's :class:`SenderReports`, whose single task sends, at aiortc's intervals, the
reports of the slots that have sent something, several to a compound packet (RFC 3550
6.1) of at most :data:`MAX_PACKET` bytes.  The reports themselves are aiortc's: the same
counters (kept by :mod:`~server.transport.media.rtp` or by aiortc's own ``_run_rtp``),
the same ``lsr`` bookkeeping for the round-trip time, and the same BYE when a slot stops.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import random
import time
from typing import Any

from aiortc.rtcrtpsender import RTCRtpSender
from aiortc.rtp import (
    RtcpByePacket,
    RtcpSdesPacket,
    RtcpSenderInfo,
    RtcpSourceInfo,
    RtcpSrPacket,
)

log = logging.getLogger("ecabinet.media")

_P = "_RTCRtpSender__"
#: Largest compound packet sent (bytes, before SRTCP): well inside one datagram.
MAX_PACKET = 1000
_ATTR = "_ecabinet_sender_reports"


class IncompatibleReports(RuntimeError):
    """aiortc's sender no longer reports the way :func:`share_reports` relies on."""


def check_sender_reports() -> None:
    """Raise :class:`IncompatibleReports` unless ``RTCRtpSender`` works as relied on."""
    problems = []
    if "self._run_rtcp()" not in inspect.getsource(RTCRtpSender.send):
        problems.append("send() no longer starts self._run_rtcp()")
    stop = inspect.getsource(RTCRtpSender.stop)
    if "self.__rtcp_exited.wait()" not in stop or "self.__rtcp_started.wait()" not in stop:
        problems.append("stop() no longer waits for __rtcp_started / __rtcp_exited")
    run = inspect.getsource(RTCRtpSender._run_rtcp)
    for name in ("__ntp_timestamp", "__rtp_timestamp", "__packet_count", "__lsr_time"):
        if f"self.{name}" not in run:
            problems.append(f"_run_rtcp no longer reads self.{name}")
    if problems:
        raise IncompatibleReports("; ".join(problems))


def report(sender: RTCRtpSender, now: float) -> bytes:
    """``sender``'s SR and SDES as aiortc's ``_run_rtcp`` makes them (noting ``lsr``);
    empty if it has sent nothing yet (a report of no packets tells nobody anything)."""
    state = vars(sender)
    packets = state[_P + "packet_count"]
    if not packets:
        return b""
    ntp = state[_P + "ntp_timestamp"]
    out = bytes(
        RtcpSrPacket(
            ssrc=sender._ssrc,
            sender_info=RtcpSenderInfo(
                ntp_timestamp=ntp,
                rtp_timestamp=state[_P + "rtp_timestamp"],
                packet_count=packets & 0xFFFFFFFF,
                octet_count=state[_P + "octet_count"] & 0xFFFFFFFF,
            ),
        )
    )
    state[_P + "lsr"] = (ntp >> 16) & 0xFFFFFFFF
    state[_P + "lsr_time"] = now
    cname = state[_P + "cname"]
    if cname is not None:
        chunk = RtcpSourceInfo(ssrc=sender._ssrc, items=[(1, cname.encode("utf8"))])
        out += bytes(RtcpSdesPacket(chunks=[chunk]))
    return out


class SenderReports:
    """The sender reports of one connection's forwarding senders."""

    def __init__(self, transport: Any) -> None:
        self.transport = transport
        self.senders: dict[RTCRtpSender, None] = {}  # in the order they joined
        #: Compound packets sent (for tests and the benchmark).
        self.packets = 0
        self._task: asyncio.Task[None] | None = None

    @classmethod
    def of(cls, transport: Any) -> SenderReports:
        reports: SenderReports | None = getattr(transport, _ATTR, None)
        if reports is None:
            reports = cls(transport)
            setattr(transport, _ATTR, reports)
        return reports

    def add(self, sender: RTCRtpSender) -> None:
        self.senders[sender] = None
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run())

    def remove(self, sender: RTCRtpSender) -> None:
        self.senders.pop(sender, None)
        if not self.senders and self._task is not None:
            self._task.cancel()
            self._task = None

    def compound(self, now: float) -> list[bytes]:
        """This round's reports, packed into compound packets of at most MAX_PACKET."""
        out: list[bytes] = []
        pending = b""
        for sender in list(self.senders):
            data = report(sender, now)
            if not data:
                continue
            if pending and len(pending) + len(data) > MAX_PACKET:
                out.append(pending)
                pending = b""
            pending += data
        if pending:
            out.append(pending)
        return out

    async def _run(self) -> None:
        while True:
            # aiortc's interval per sender: 0.5 to 1.5 times the 1 s nominal one.
            await asyncio.sleep(0.5 + random.random())
            for data in self.compound(time.time()):
                try:
                    await self.transport._send_rtp(data)
                except ConnectionError:
                    pass
                self.packets += 1


def share_reports(sender: RTCRtpSender) -> None:
    """Make ``sender``'s RTCP task join its connection's :class:`SenderReports`."""

    async def run_rtcp() -> None:
        state = vars(sender)
        reports = SenderReports.of(sender.transport)
        state[_P + "rtcp_started"].set()
        reports.add(sender)
        try:
            await asyncio.Event().wait()  # until the sender stops (cancelled)
        except asyncio.CancelledError:
            pass
        reports.remove(sender)
        try:
            await sender._send_rtcp([RtcpByePacket(sources=[sender._ssrc])])
        finally:
            state[_P + "rtcp_exited"].set()

    sender._run_rtcp = run_rtcp  # type: ignore[method-assign]
