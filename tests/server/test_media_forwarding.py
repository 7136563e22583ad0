"""The relay's aiortc extension, against the pinned aiortc: encoded frames in, the same
encoded frames out, no decoder and no encoder anywhere on the relay's side.

Real aiortc peer connections talk over real UDP sockets on this host; only the OS
interface list is faked, in the loopback-only test.
"""

from __future__ import annotations

import asyncio
import fractions
import socket

import aioice.ice
import av
import ifaddr
import pytest
from aiortc import (
    RTCConfiguration,
    RTCPeerConnection,
    RTCRtpSender,
    rtcrtpreceiver,
)
from aiortc.mediastreams import MediaStreamError
from aiortc.rtcconfiguration import RTCBundlePolicy
from aiortc.rtp import RtpPacket

from desktop.client.media_sources import StampedVideoTrack, ToneAudioTrack, read_stamp
from server.transport.media import network
from server.transport.media.fanout import Feed, ForwardedTrack
from server.transport.media.forwarding import (
    EagerJitterBuffer,
    EncodedTrack,
    check_aiortc,
    forward_encoded,
    is_vp8_keyframe,
)

pytestmark = pytest.mark.timeout(60)


def _pc() -> RTCPeerConnection:
    return RTCPeerConnection(
        RTCConfiguration(iceServers=[], bundlePolicy=RTCBundlePolicy.MAX_BUNDLE)
    )


async def _connect(offerer: RTCPeerConnection, answerer: RTCPeerConnection) -> None:
    await offerer.setLocalDescription(await offerer.createOffer())
    await answerer.setRemoteDescription(offerer.localDescription)
    await answerer.setLocalDescription(await answerer.createAnswer())
    await offerer.setRemoteDescription(answerer.localDescription)


def _vp8_only(transceiver: object) -> None:
    transceiver.setCodecPreferences(  # type: ignore[attr-defined]
        [c for c in RTCRtpSender.getCapabilities("video").codecs if c.mimeType == "video/VP8"]
    )


@pytest.fixture
def decoders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every decoder aiortc's receivers create, by codec (observed, not replaced)."""
    made: list[str] = []
    original = rtcrtpreceiver.get_decoder

    def counting(codec: object) -> object:
        made.append(codec.name)  # type: ignore[attr-defined]
        return original(codec)

    monkeypatch.setattr(rtcrtpreceiver, "get_decoder", counting)
    return made


def test_the_pinned_aiortc_still_has_the_internals_the_relay_extends() -> None:
    check_aiortc()


def test_vp8_keyframe_bit() -> None:
    assert is_vp8_keyframe(bytes([0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A]))
    assert not is_vp8_keyframe(bytes([0x11, 0x02, 0x00]))
    assert not is_vp8_keyframe(b"")


async def test_receiver_hands_on_undecoded_vp8_and_opus_packets(decoders: list[str]) -> None:
    publisher, relay = _pc(), _pc()
    video, audio = StampedVideoTrack(tag=5), ToneAudioTrack()
    _vp8_only(publisher.addTransceiver(video, direction="sendonly"))
    publisher.addTransceiver(audio, direction="sendonly")
    received: dict[str, tuple[EncodedTrack, object]] = {}

    @relay.on("track")
    def on_track(track: object) -> None:
        t = next(t for t in relay.getTransceivers() if t.receiver.track is track)
        received[t.kind] = forward_encoded(t.receiver)

    try:
        await _connect(publisher, relay)
        vtrack, vsink = received["video"]
        atrack, _ = received["audio"]
        first = await asyncio.wait_for(vtrack.recv(), 10)
        packets = [first] + [await asyncio.wait_for(vtrack.recv(), 5) for _ in range(5)]
        opus = await asyncio.wait_for(atrack.recv(), 5)
    finally:
        await publisher.close()
        await relay.close()
    assert all(isinstance(p, av.Packet) for p in [*packets, opus])
    assert is_vp8_keyframe(bytes(first)), "a fresh VP8 encoder starts with a keyframe"
    assert [p.pts for p in packets] == sorted(p.pts for p in packets)
    assert packets[0].time_base == fractions.Fraction(1, 90000)
    assert opus.time_base == fractions.Fraction(1, 48000)
    assert vsink.forwarded >= 6 and vsink.keyframes >= 1  # type: ignore[attr-defined]
    assert decoders == [], "the relay side must never create a decoder"
    with pytest.raises(MediaStreamError):  # closing the connection ends the track
        while True:
            await asyncio.wait_for(vtrack.recv(), 5)


async def test_forwarded_packets_decode_at_the_far_end_without_reencoding(
    decoders: list[str],
) -> None:
    """publisher → relay (forward_encoded) → ForwardedTrack → subscriber, stamps intact."""
    publisher, relay_in, relay_out, subscriber = _pc(), _pc(), _pc(), _pc()
    video = StampedVideoTrack(tag=9)
    _vp8_only(publisher.addTransceiver(video, direction="sendonly"))
    feeds: list[Feed] = []

    @relay_in.on("track")
    def on_track(track: object) -> None:
        t = next(t for t in relay_in.getTransceivers() if t.receiver.track is track)
        encoded, _ = forward_encoded(t.receiver)
        feed = Feed(1, "video", encoded, lambda: None)
        feed.start()
        feeds.append(feed)

    out = ForwardedTrack("video")
    sender_transceiver = relay_out.addTransceiver(out, direction="sendonly")
    _vp8_only(sender_transceiver)
    got: list[int] = []
    done = asyncio.Event()
    readers: list[asyncio.Future[None]] = []

    @subscriber.on("track")
    def on_remote(track: object) -> None:
        async def read() -> None:
            while len(got) < 10:
                frame = await track.recv()  # type: ignore[attr-defined]
                stamp = read_stamp(frame)
                if stamp is not None and stamp[0] == 9:
                    got.append(stamp[1])
            done.set()

        readers.append(asyncio.ensure_future(read()))

    try:
        await _connect(publisher, relay_in)
        await _connect(relay_out, subscriber)
        for _ in range(100):
            if feeds:
                break
            await asyncio.sleep(0.05)
        out.attach(feeds[0])
        await asyncio.wait_for(done.wait(), 15)
        encoder = sender_transceiver.sender._RTCRtpSender__encoder
    finally:
        for pc in (publisher, relay_in, relay_out, subscriber):
            await pc.close()
    assert got == sorted(got) and len(set(got)) == len(got)
    assert out.sent >= 10
    # The relay's sender packed packets: its libvpx encoder was never opened.
    assert encoder is not None and encoder.codec is None
    # Only the subscriber decoded (one VP8 decoder), never the relay.
    assert decoders == ["VP8"]


async def test_keyframe_requests_are_rate_limited_per_publisher() -> None:
    now = [100.0]
    sent: list[float] = []
    feed = Feed(
        1, "video", EncodedTrack("video"), lambda: sent.append(now[0]), clock=lambda: now[0]
    )
    assert feed.request_keyframe()
    now[0] += 0.2
    assert not feed.request_keyframe()
    now[0] += 0.31
    assert feed.request_keyframe()
    assert sent == [100.0, 100.51]
    assert (feed.plis_sent, feed.plis_suppressed) == (2, 1)
    assert not Feed(1, "audio", EncodedTrack("audio"), lambda: None).request_keyframe()


async def test_a_switched_slot_waits_for_a_keyframe_and_keeps_its_timestamps() -> None:
    base = fractions.Fraction(1, 90000)
    key, delta = bytes([0x10, 0, 0]), bytes([0x11, 0, 0])
    first = Feed(1, "video", EncodedTrack("video"), lambda: None)
    asked: list[int] = []
    second = Feed(2, "video", EncodedTrack("video"), lambda: asked.append(2))
    track = ForwardedTrack("video")
    track.attach(first)
    reading = asyncio.ensure_future(track.recv())  # the subscriber's sender starts
    await asyncio.sleep(0)
    track.deliver(first, delta, 0, base, False)  # before any keyframe: skipped
    track.deliver(first, key, 3000, base, True)
    track.deliver(first, delta, 6000, base, False)
    assert [p.pts for p in [await reading, await track.recv()]] == [0, 3000]
    track.attach(second)
    track.deliver(first, key, 9000, base, True)  # no longer attached: ignored
    track.deliver(second, delta, 500_000, base, False)
    track.deliver(second, key, 510_000, base, True)
    nxt = await track.recv()
    assert bytes(nxt) == key and nxt.pts == 3000 + 3000
    assert track.skipped == 2
    assert asked == [2], "switching a started track asks the new publisher for a keyframe"


def _rtp(seq: int, ts: int, data: bytes, marker: bool = False) -> RtpPacket:
    packet = RtpPacket(sequence_number=seq, timestamp=ts, marker=int(marker))
    packet._data = data  # type: ignore[attr-defined]  # what the depayloader leaves
    return packet


def test_a_video_frame_leaves_at_its_marker_bit_not_one_frame_later() -> None:
    buffer = EagerJitterBuffer(capacity=128, is_video=True)
    assert buffer.add(_rtp(10, 3000, b"a"))[1] is None
    frame = buffer.add(_rtp(11, 3000, b"b", marker=True))[1]
    assert frame is not None and (frame.data, frame.timestamp) == (b"ab", 3000)
    # A lost packet holds the frame back until it is retransmitted (NACK).
    assert buffer.add(_rtp(12, 6000, b"c"))[1] is None
    assert buffer.add(_rtp(14, 6000, b"e", marker=True))[1] is None
    frame = buffer.add(_rtp(13, 6000, b"d"))[1]
    assert frame is not None and frame.data == b"cde"


def test_each_audio_packet_is_a_frame() -> None:
    buffer = EagerJitterBuffer(capacity=16, is_video=False)
    for seq in range(5):
        frame = buffer.add(_rtp(100 + seq, seq * 960, bytes([seq])))[1]
        assert frame is not None and frame.data == bytes([seq])


def test_loopback_fallback_only_when_the_host_has_no_other_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    network.allow_loopback_fallback()
    network.allow_loopback_fallback()  # idempotent
    real = aioice.ice.get_host_addresses(use_ipv4=True, use_ipv6=False)
    assert "127.0.0.1" not in real or not real
    lo = ifaddr.Adapter("lo", "lo", [ifaddr.IP("127.0.0.1", 8, "lo")])
    monkeypatch.setattr(aioice.ice.ifaddr, "get_adapters", lambda: [lo])
    assert aioice.ice.get_host_addresses(use_ipv4=True, use_ipv6=False) == ["127.0.0.1"]


async def test_media_flows_on_a_loopback_only_host(monkeypatch: pytest.MonkeyPatch) -> None:
    network.allow_loopback_fallback()
    lo = ifaddr.Adapter("lo", "lo", [ifaddr.IP("127.0.0.1", 8, "lo")])
    monkeypatch.setattr(aioice.ice.ifaddr, "get_adapters", lambda: [lo])
    publisher, relay = _pc(), _pc()
    _vp8_only(publisher.addTransceiver(StampedVideoTrack(tag=1), direction="sendonly"))
    tracks: list[EncodedTrack] = []

    @relay.on("track")
    def on_track(track: object) -> None:
        t = next(t for t in relay.getTransceivers() if t.receiver.track is track)
        tracks.append(forward_encoded(t.receiver)[0])

    try:
        await _connect(publisher, relay)
        assert "127.0.0.1" in relay.localDescription.sdp
        packet = await asyncio.wait_for(tracks[0].recv(), 10)
        granted = network.raise_receive_buffers(relay, 4 * 1024 * 1024)
    finally:
        await publisher.close()
        await relay.close()
    assert isinstance(packet, av.Packet)
    assert granted and all(size > 212_992 for size in granted)
    assert socket.SO_RCVBUF  # the option exists on this platform
