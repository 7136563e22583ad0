"""The relay's sender reports packed together (``server/transport/media/reports.py``),
checked against aiortc's own RTCP parser."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from aiortc.rtcrtpsender import RTCRtpSender
from aiortc.rtp import RtcpPacket, RtcpSdesPacket, RtcpSrPacket

from server.transport.media.reports import (
    MAX_PACKET,
    SenderReports,
    check_sender_reports,
    report,
)

P = "_RTCRtpSender__"


def sender(packets: int, n: int) -> RTCRtpSender:
    made = RTCRtpSender("video", SimpleNamespace(state="new"))  # type: ignore[arg-type]
    state: dict[str, Any] = vars(made)
    state[P + "packet_count"] = packets
    state[P + "octet_count"] = packets * 1000 + (1 << 32)  # wraps as aiortc's does
    state[P + "ntp_timestamp"] = (3_900_000_000 + n) << 32
    state[P + "rtp_timestamp"] = 90_000 * n
    state[P + "cname"] = "{8f0d7a52-0e36-4b0e-9d7b-1c1f0a3c5e11}"
    return made


def test_the_aiortc_sender_works_as_the_reports_rely_on() -> None:
    check_sender_reports()


async def test_a_report_is_aiortcs_sr_and_sdes_and_notes_when_it_was_sent() -> None:
    s = sender(packets=1234, n=7)
    packets = RtcpPacket.parse(report(s, now=1_000.5))
    sr, sdes = packets
    assert isinstance(sr, RtcpSrPacket) and isinstance(sdes, RtcpSdesPacket)
    assert sr.ssrc == s._ssrc and sr.sender_info.packet_count == 1234
    assert sr.sender_info.octet_count == 1_234_000 and sr.sender_info.rtp_timestamp == 630_000
    assert sdes.chunks[0].ssrc == s._ssrc
    assert sdes.chunks[0].items == [(1, b"{8f0d7a52-0e36-4b0e-9d7b-1c1f0a3c5e11}")]
    # What the sender needs to work out the round-trip time from the viewer's answer.
    assert vars(s)[P + "lsr"] == ((sr.sender_info.ntp_timestamp >> 16) & 0xFFFFFFFF)
    assert vars(s)[P + "lsr_time"] == 1_000.5
    assert report(sender(packets=0, n=1), now=1.0) == b"", "a slot that never sent: nothing"


async def test_many_slots_go_in_few_packets_none_too_large_each_slot_once() -> None:
    reports = SenderReports(SimpleNamespace())
    senders = [sender(packets=0 if n % 5 == 0 else 10 + n, n=n) for n in range(40)]
    for s in senders:
        reports.senders[s] = None
    packets = reports.compound(now=5.0)
    assert all(len(p) <= MAX_PACKET for p in packets)
    assert len(packets) < 40 // 4, "several reports to a packet"
    reported = [
        p.ssrc for data in packets for p in RtcpPacket.parse(data) if isinstance(p, RtcpSrPacket)
    ]
    assert sorted(reported) == sorted(s._ssrc for s in senders if vars(s)[P + "packet_count"])
