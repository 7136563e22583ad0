"""RTP-level forwarding: header rewriting across source switches, keyframe detection,
and the aiortc sender internals it relies on (the loopback tests in
tests/integration/test_media*.py run the whole path with real connections)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from aiortc.rtcrtpparameters import RTCRtpCodecParameters
from aiortc.rtcrtpsender import RTCRtpSender
from aiortc.rtp import HeaderExtensionsMap, RtpPacket

from server.transport.media.rtp import (
    HeaderWriter,
    RtpRewriter,
    check_rtp_sender,
    starts_keyframe,
)


class Wire:
    """Stands in for the slot's wire (SRTP + the ICE pair's socket): keeps what would go
    out, parsed back as a subscriber would."""

    def __init__(self) -> None:
        self.sent: list[RtpPacket] = []

    def send(self, data: bytes) -> bool:
        self.sent.append(RtpPacket.parse(data))
        return True


def vp8(*, start: bool, keyframe: bool, seq: int, ts: int, marker: int = 0) -> RtpPacket:
    descriptor = bytes([0x10 if start else 0x00])
    frame = bytes([0x00 if keyframe else 0x01]) + b"\x9d\x01\x2a" + b"x" * 20
    packet = RtpPacket(payload_type=96, marker=marker, sequence_number=seq, timestamp=ts)
    packet.payload = descriptor + frame
    packet._data = frame  # type: ignore[attr-defined]  # aiortc's depayloaded frame
    return packet


async def started(kind: str = "video", clock: list[float] | None = None) -> tuple[Any, Wire]:
    times = clock if clock is not None else [0.0]
    rewriter = RtpRewriter(kind, lambda: None, lambda: None, now=lambda: times[0])
    wire = Wire()
    sender = SimpleNamespace(
        _ssrc=0x1234,
        transport=wire,
        _RTCRtpSender__mid="3",
        _RTCRtpSender__rtp_header_extensions_map=_extensions(),
        _RTCRtpSender__rtp_history={},
        _RTCRtpSender__rtp_started=_Flag(),
        _RTCRtpSender__rtp_exited=_Flag(),
        _RTCRtpSender__ntp_timestamp=0,
        _RTCRtpSender__rtp_timestamp=0,
        _RTCRtpSender__octet_count=0,
        _RTCRtpSender__packet_count=0,
    )
    rewriter.install(sender, lambda: False)  # type: ignore[arg-type]
    codec = (
        RTCRtpCodecParameters(mimeType="video/VP8", clockRate=90000, payloadType=100)
        if kind == "video"
        else RTCRtpCodecParameters(mimeType="audio/opus", clockRate=48000, payloadType=111)
    )
    import asyncio

    task = asyncio.get_running_loop().create_task(rewriter.run(codec))
    await asyncio.sleep(0)
    assert sender._RTCRtpSender__rtp_started.is_set()
    rewriter._wire = wire  # what Wire(dtls) would send, kept
    rewriter._task = task  # type: ignore[attr-defined]  # cancelled by the test's loop end
    return rewriter, wire


class _Flag:
    def __init__(self) -> None:
        self._set = False

    def set(self) -> None:
        self._set = True

    def is_set(self) -> bool:
        return self._set


def _extensions() -> Any:
    return HeaderExtensionsMap()


def test_the_sender_internals_relied_on_are_there() -> None:
    check_rtp_sender()
    assert "_run_rtp" in dir(RTCRtpSender)


@pytest.mark.parametrize("mid", ["0", "12", None])
@pytest.mark.parametrize("level", [None, (True, 33), (False, 127)])
@pytest.mark.parametrize("ids", [(1, 2, 3), (4, 0, 10), (0, 0, 0), (14, 13, 12)])
def test_the_fast_header_is_byte_for_byte_aiortcs(
    mid: str | None, level: tuple[bool, int] | None, ids: tuple[int, int, int]
) -> None:
    from aiortc.rtcrtpparameters import RTCRtpHeaderExtensionParameters, RTCRtpParameters

    uris = (
        "urn:ietf:params:rtp-hdrext:sdes:mid",
        "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
        "urn:ietf:params:rtp-hdrext:ssrc-audio-level",
    )
    extensions = HeaderExtensionsMap()
    extensions.configure(
        RTCRtpParameters(
            headerExtensions=[
                RTCRtpHeaderExtensionParameters(id=i, uri=u)
                for i, u in zip(ids, uris, strict=True)
                if i
            ]
        )
    )
    writer = HeaderWriter(extensions, mid)
    assert writer.fast
    packet = RtpPacket(payload_type=111, marker=1, sequence_number=65535, timestamp=2**32 - 1)
    packet.ssrc = 0xDEADBEEF
    packet.extensions.abs_send_time = 0xABCDEF
    packet.extensions.mid = mid
    packet.extensions.audio_level = level
    packet.payload = b"opus-or-vp8"
    ours = writer.header(1, 111, 65535, 2**32 - 1, 0xDEADBEEF, 0xABCDEF, level) + b"opus-or-vp8"
    assert ours == packet.serialize(extensions)


def test_a_keyframe_starts_with_the_first_packet_of_partition_zero() -> None:
    assert starts_keyframe(vp8(start=True, keyframe=True, seq=1, ts=0))
    assert not starts_keyframe(vp8(start=True, keyframe=False, seq=1, ts=0))
    assert not starts_keyframe(vp8(start=False, keyframe=True, seq=1, ts=0))
    empty = RtpPacket(payload_type=96)
    assert not starts_keyframe(empty)


async def test_sequence_and_time_go_on_without_a_jump_when_the_source_changes() -> None:
    clock = [10.0]
    rewriter, wire = await started(clock=clock)
    # Source A: one whole frame in two packets.
    rewriter.send(vp8(start=True, keyframe=True, seq=65534, ts=4_000_000_000))
    rewriter.send(vp8(start=False, keyframe=True, seq=65535, ts=4_000_000_000, marker=1))
    first, second = wire.sent
    assert (second.sequence_number - first.sequence_number) & 0xFFFF == 1
    assert first.ssrc == second.ssrc == 0x1234 and first.payload_type == 100
    assert second.timestamp == first.timestamp and second.marker == 1
    # Source B, 0.5 s later, with unrelated numbers: carries straight on.
    clock[0] = 10.5
    rewriter.rebase()
    source_b = vp8(start=True, keyframe=True, seq=17, ts=123, marker=1)
    rewriter.send(source_b)
    third = wire.sent[2]
    assert (third.sequence_number - second.sequence_number) & 0xFFFF == 1
    assert (third.timestamp - second.timestamp) & 0xFFFFFFFF == 45_000  # 0.5 s at 90 kHz
    assert third.payload == source_b.payload  # the payload goes on untouched
    history = rewriter.sender._RTCRtpSender__rtp_history
    assert history[third.sequence_number % 128].extensions.mid == "3"
    assert rewriter.sent == 3


async def test_a_frame_cut_short_leaves_a_gap_so_it_is_not_decoded() -> None:
    rewriter, wire = await started()
    rewriter.send(vp8(start=True, keyframe=True, seq=100, ts=9000))  # no marker
    rewriter.rebase()  # paused or switched mid-frame
    rewriter.send(vp8(start=True, keyframe=True, seq=5, ts=1, marker=1))
    cut, nxt = wire.sent
    assert (nxt.sequence_number - cut.sequence_number) & 0xFFFF == 2


async def test_a_publisher_loss_stays_a_gap_and_a_late_packet_fills_it() -> None:
    rewriter, wire = await started()
    for seq in (200, 202, 201):  # 201 lost, then retransmitted by the publisher
        rewriter.send(vp8(start=seq == 200, keyframe=True, seq=seq, ts=3000))
    out = [p.sequence_number for p in wire.sent]
    assert [(n - out[0]) & 0xFFFF for n in out] == [0, 2, 1]


async def test_the_sent_packets_are_kept_for_the_subscribers_nacks() -> None:
    rewriter, wire = await started()
    rewriter.send(vp8(start=True, keyframe=True, seq=1, ts=1, marker=1))
    history = rewriter.sender._RTCRtpSender__rtp_history
    [kept] = history.values()
    assert kept.sequence_number == wire.sent[0].sequence_number
    assert rewriter.sender._RTCRtpSender__packet_count == 1


class _Transport:
    """What a real ``RTCRtpSender`` retransmits through."""

    state = "new"

    def __init__(self) -> None:
        self.sent: list[bytes] = []

    async def _send_rtp(self, data: bytes) -> None:
        self.sent.append(data)


@pytest.mark.parametrize("rtx", [None, 97])
async def test_a_subscribers_nack_is_answered_with_the_packet_that_went_out(
    rtx: int | None,
) -> None:
    """aiortc's own ``_retransmit`` answers the NACK from what the rewriter kept: the
    same bytes, or (RTX negotiated) the RFC 4588 wrapping of them."""
    import asyncio

    transport = _Transport()
    sender = RTCRtpSender("video", transport)  # type: ignore[arg-type]
    sender._RTCRtpSender__mid = "1"  # type: ignore[attr-defined]
    sender._RTCRtpSender__rtx_payload_type = rtx  # type: ignore[attr-defined]
    rewriter = RtpRewriter("video", lambda: None, lambda: None)
    rewriter.install(sender, lambda: False)
    codec = RTCRtpCodecParameters(mimeType="video/VP8", clockRate=90000, payloadType=100)
    task = asyncio.get_running_loop().create_task(rewriter.run(codec))
    await asyncio.sleep(0)
    wire = Wire()
    rewriter._wire = wire  # type: ignore[assignment]
    original = vp8(start=True, keyframe=True, seq=40, ts=7, marker=1)
    original.extensions.audio_level = None
    rewriter.send(original)
    [out] = wire.sent
    await sender._retransmit((out.sequence_number + 1) & 0xFFFF)  # never sent: nothing
    assert transport.sent == []
    await sender._retransmit(out.sequence_number)
    [again] = [RtpPacket.parse(data) for data in transport.sent]
    if rtx is None:
        assert (again.sequence_number, again.timestamp, again.ssrc, again.payload) == (
            out.sequence_number, out.timestamp, out.ssrc, out.payload,
        )  # fmt: skip
    else:
        assert again.payload_type == 97 and again.ssrc == sender._rtx_ssrc
        assert again.timestamp == out.timestamp and again.marker == 1
        assert again.payload == out.sequence_number.to_bytes(2, "big") + out.payload
    task.cancel()


def test_the_ntp_clock_is_aiortcs() -> None:
    from aiortc import clock

    from server.transport.media.rtp import ntp_now

    ours, theirs = ntp_now(), clock.current_ntp_time()
    assert abs(ours - theirs) < 2**32 // 100  # within 10 ms


@pytest.mark.parametrize(
    ("descriptor", "keyframe"),
    [
        (b"\x90\x80\x05", True),  # X, I with a 7-bit PictureID
        (b"\x90\x80\x85\x01", True),  # 15-bit PictureID
        (b"\x90\xe0\x85\x01\x07\x20", True),  # I, L, T
        (b"\x90\x10\x01", True),  # K only
        (b"\x80\x80\x05", False),  # not the start of a partition
        (b"\x91\x80\x05", False),  # partition 1
    ],
)
def test_the_keyframe_is_found_behind_every_descriptor_form(
    descriptor: bytes, keyframe: bool
) -> None:
    from aiortc.codecs.vpx import VpxPayloadDescriptor

    for tag, is_key in ((b"\x00", keyframe), (b"\x01", False)):
        packet = RtpPacket(payload_type=96, payload=descriptor + tag + b"\x9d\x01\x2a")
        _, frame = VpxPayloadDescriptor.parse(packet.payload)
        assert frame[:1] == tag  # the descriptor is read as aiortc reads it
        assert starts_keyframe(packet) is is_key
    assert not starts_keyframe(RtpPacket(payload_type=96, payload=b"\x90\x80"))  # truncated


def test_nothing_is_sent_before_the_connection_is_up() -> None:
    rewriter = RtpRewriter("audio", lambda: None, lambda: None)
    rewriter.send(vp8(start=True, keyframe=True, seq=1, ts=1))
    assert rewriter.sent == 0 and not rewriter.started


@pytest.fixture(autouse=True)
async def _cancel_rewriters() -> Any:
    yield
    import asyncio

    for task in asyncio.all_tasks():
        if task is not asyncio.current_task():
            task.cancel()


async def test_a_keyframe_is_asked_for_again_only_while_one_is_awaited() -> None:
    """The slot asks its publisher again every ``retry`` seconds while it waits for a
    keyframe, and an idle slot (or one whose keyframe came) wakes for nothing."""
    import asyncio

    asked: list[float] = []
    waiting = [False]
    loop = asyncio.get_running_loop()
    rewriter = RtpRewriter("video", lambda: None, lambda: asked.append(loop.time()), retry=0.05)
    sender = SimpleNamespace(
        _ssrc=1,
        transport=Wire(),
        _RTCRtpSender__mid="0",
        _RTCRtpSender__rtp_header_extensions_map=_extensions(),
        _RTCRtpSender__rtp_history={},
        _RTCRtpSender__rtp_started=_Flag(),
        _RTCRtpSender__rtp_exited=_Flag(),
    )
    rewriter.install(sender, lambda: waiting[0])  # type: ignore[arg-type]
    codec = RTCRtpCodecParameters(mimeType="video/VP8", clockRate=90000, payloadType=96)
    task = loop.create_task(rewriter.run(codec))

    async def until(condition: Any) -> None:
        for _ in range(500):
            if condition():
                return
            await asyncio.sleep(0.01)
        raise AssertionError("condition not reached in 5 s")

    try:
        await asyncio.sleep(0.3)
        assert asked == []  # nothing awaited
        waiting[0] = True
        rewriter.want_keyframe()
        await until(lambda: len(asked) >= 3)  # again and again while waiting
        waiting[0] = False  # the keyframe came
        await until(lambda: not rewriter._wanted.is_set())
        count = len(asked)
        await asyncio.sleep(0.3)
        assert len(asked) == count  # asleep until the next want
        waiting[0] = True
        rewriter.want_keyframe()
        await until(lambda: len(asked) > count)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
