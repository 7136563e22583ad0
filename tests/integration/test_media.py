"""Audio and video through the server's relay: real server on loopback, real aiortc
clients with synthetic sources whose frames carry their sender's tag and number."""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from aiortc import rtcrtpreceiver
from aiortc.rtp import RtcpPacket, RtcpSrPacket
from websockets.asyncio.server import serve

from desktop.client import Client
from desktop.client.media import MediaSession
from desktop.client.media_sources import StampedVideoTrack, ToneAudioTrack
from protocol import media as pm
from protocol.errors import NotFound
from server.app import WS_MAX_SIZE
from server.domain import events as event_log
from server.domain import meetings as meeting_service
from server.transport.connection import Transport
from server.transport.media.fanout import ForwardedTrack
from server.transport.media.relay import Relay, RelayConfig
from tests.harness import Domain
from tests.integration.conftest import LiveServer

pytestmark = pytest.mark.timeout(90)


@contextlib.asynccontextmanager
async def media_server(
    database_url: str, data_dir: Path, config: RelayConfig | None = None
) -> AsyncIterator[LiveServer]:
    domain = Domain(database_url, data_dir)
    await domain.runner.run(meeting_service.startup)
    epoch = await domain.runner.run(event_log.epoch)
    relay = Relay(domain.runner, config)
    transport = Transport(domain.runner, epoch, media=relay)
    try:
        async with serve(transport.handler, "127.0.0.1", 0, max_size=WS_MAX_SIZE) as server:
            port = next(iter(server.sockets)).getsockname()[1]
            yield LiveServer(f"ws://127.0.0.1:{port}", domain, transport)
            await relay.shutdown()
    finally:
        domain.close()


@pytest.fixture(params=["rtp", "frame"])
async def live(
    database_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[LiveServer]:
    """A server whose relay forwards RTP packets, or re-assembled frames (both tested)."""
    config = RelayConfig(max_video_bitrate=400_000, forwarding=request.param)
    async with media_server(database_url, tmp_path / "data", config) as server:
        yield server


@pytest.fixture
def cast(live: LiveServer) -> dict[str, int]:
    d = live.domain
    sec = d.user("thuky", ["secretariat"])
    chair = d.user("chutich", ["chair"])
    a = d.user("botruong_a", ["member"])
    b = d.user("botruong_b", ["member"])
    d.user("nguoingoai", ["member"])
    mid = d.meeting(sec, chair=chair, members=[a, b], start=True)
    return {"mid": mid, "chair": chair.user_id, "a": a.user_id, "b": b.user_id}


@pytest.fixture
def decoders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every decoder created in this process (the clients' and, if any, the relay's)."""
    made: list[str] = []
    original = rtcrtpreceiver.get_decoder

    def counting(codec: object) -> object:
        made.append(codec.name)  # type: ignore[attr-defined]
        return original(codec)

    monkeypatch.setattr(rtcrtpreceiver, "get_decoder", counting)
    return made


async def until(predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.02)


async def publish(client: Client, mid: int) -> MediaSession:
    assert client.user is not None
    await client.join(mid)
    media = MediaSession(
        client,
        mid,
        video=StampedVideoTrack(tag=client.user.id),
        audio=ToneAudioTrack(frequency=300 + 100 * client.user.id),
    )
    await media.start()
    return media


def stamps_from(media: MediaSession, user_id: int) -> list[int]:
    remote = media.receiving(user_id, "video")
    return [] if remote is None else [n for tag, n, _ in remote.stamps if tag == user_id]


def relay_of(live: LiveServer) -> Relay:
    assert live.transport.media is not None
    return live.transport.media


async def test_two_participants_see_and_hear_each_other_through_a_relay_that_never_decodes(
    live: LiveServer, cast: dict[str, int], decoders: list[str]
) -> None:
    mid, chair_id, a_id = cast["mid"], cast["chair"], cast["a"]
    async with live.client("chutich") as chair, live.client("botruong_a") as a:
        chair_media = await publish(chair, mid)
        a_media = await publish(a, mid)
        await until(lambda: len(stamps_from(chair_media, a_id)) >= 15)
        await until(lambda: len(stamps_from(a_media, chair_id)) >= 15)
        for media, other in ((chair_media, a_id), (a_media, chair_id)):
            numbers = stamps_from(media, other)
            assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
            remote = media.receiving(other, "video")
            assert remote is not None and remote.unstamped == 0
            sound = media.receiving(other, "audio")
            assert sound is not None and sound.peak_level > 0.03, "the other's tone is heard"
        # End-to-end latency, sender's clock to decoded frame (same process).
        sent = a_media.video.sent_at  # type: ignore[union-attr]
        remote = chair_media.receiving(a_id, "video")
        assert remote is not None
        delays = [at - sent[n] for tag, n, at in remote.stamps if n in sent]
        print(f"\nlatency p50 {statistics.median(delays) * 1000:.0f} ms over {len(delays)}")

        relay = relay_of(live)
        peers = relay.rooms[mid]
        assert {p.user_id for p in peers.values()} == {chair_id, a_id}
        rtp = relay.config.forwarding == "rtp"
        for peer in peers.values():
            if rtp:  # packets go straight on; nothing is re-assembled into frames
                assert peer.feeds["video"].packets >= 15 and peer.sinks["video"].forwarded == 0
            else:
                assert peer.sinks["video"].forwarded >= 15 and peer.sinks["video"].keyframes >= 1
            sending = [
                t
                for t in peer.pc.getTransceivers()
                if isinstance(t.sender.track, ForwardedTrack) and t.sender.track.sent
            ]
            assert {t.kind for t in sending} == {"audio", "video"}
            for t in sending:
                encoder = t.sender._RTCRtpSender__encoder  # type: ignore[attr-defined]
                assert getattr(encoder, "codec", None) is None or t.kind == "audio"
                if rtp:
                    assert encoder is None  # the sender never even packetizes
        # Each client decodes the other's video and audio once; the relay adds nothing.
        assert sorted(decoders) == ["VP8", "VP8", "opus", "opus"]
        # The relay caps the publishers' bitrate (REMB).
        for media in (chair_media, a_media):
            sender = next(
                t.sender for t in media.pc.getTransceivers() if t.sender.track is media.video
            )

            def capped(sender: object = sender) -> bool:
                encoder = sender._RTCRtpSender__encoder  # type: ignore[attr-defined]
                return encoder is not None and encoder.target_bitrate <= 400_000

            await until(capped, 8)
        await a_media.close()
        await until(lambda: chair_media.receiving(a_id, "video") is None)
        assert a_id not in relay.rooms[mid]
        await chair_media.close()


async def test_a_latecomer_gets_everyones_video_within_a_second(
    live: LiveServer, cast: dict[str, int]
) -> None:
    mid = cast["mid"]
    async with (
        live.client("chutich") as chair,
        live.client("botruong_a") as a,
        live.client("botruong_b") as b,
    ):
        chair_media = await publish(chair, mid)
        a_media = await publish(a, mid)
        await until(lambda: len(stamps_from(chair_media, cast["a"])) >= 5)
        await asyncio.sleep(1.0)  # the publishers' first keyframes are long gone
        await b.join(mid)
        late = MediaSession(b, mid, video=StampedVideoTrack(tag=cast["b"]))
        connected: list[float] = []

        @late.pc.on("connectionstatechange")
        def on_state() -> None:
            if late.pc.connectionState == "connected" and not connected:
                connected.append(time.monotonic())

        began = time.monotonic()
        await late.start()
        await until(lambda: stamps_from(late, cast["chair"]) and stamps_from(late, cast["a"]), 10)
        seen = time.monotonic()
        assert connected, "the latecomer's connection came up"
        waited = seen - connected[0]
        print(
            f"\nlatecomer's first frames {waited * 1000:.0f} ms after its connection came up "
            f"({(seen - began) * 1000:.0f} ms after it offered)"
        )
        # Without the relay asking the publishers for a keyframe it would wait for their
        # next periodic one; with it, the first pictures come within a second.
        assert waited < 1.0
        # The two already there renegotiate and receive the latecomer too.
        await until(lambda: len(stamps_from(chair_media, cast["b"])) >= 3)
        await until(lambda: len(stamps_from(a_media, cast["b"])) >= 3)
        feeds = [p.feeds["video"] for p in relay_of(live).rooms[mid].values()]
        assert all(f.plis_sent >= 1 for f in feeds), "keyframes were asked for newcomers"
        for media in (late, a_media, chair_media):
            await media.close()


async def test_a_non_participant_cannot_offer_media(live: LiveServer, cast: dict[str, int]) -> None:
    async with live.client("nguoingoai") as outsider:
        probe = MediaSession(outsider, cast["mid"], video=StampedVideoTrack(tag=1))
        probe._add("video", probe.video, "sendonly")
        await probe.pc.setLocalDescription(await probe.pc.createOffer())
        with pytest.raises(NotFound):
            await outsider.call(
                pm.MediaOffer, meeting_id=cast["mid"], sdp=probe.pc.localDescription.sdp
            )
        await probe.pc.close()
    assert cast["mid"] not in relay_of(live).rooms


async def test_a_malformed_offer_is_refused_and_the_others_keep_receiving(
    live: LiveServer, cast: dict[str, int]
) -> None:
    mid, a_id = cast["mid"], cast["a"]
    async with (
        live.client("chutich") as chair,
        live.client("botruong_a") as a,
        live.client("botruong_b") as b,
    ):
        chair_media = await publish(chair, mid)
        a_media = await publish(a, mid)
        await until(lambda: len(stamps_from(chair_media, a_id)) >= 5)
        await b.join(mid)
        for garbage in ("v=0\r\nthis is not SDP", "m=video 9 UDP/TLS/RTP/SAVPF 96\r\n", "x" * 300):
            with pytest.raises(pm.OfferRejected):
                await b.call(pm.MediaOffer, meeting_id=mid, sdp=garbage)
        # An offer from the participant already sending, broken half-way, changes nothing.
        broken = a_media.pc.localDescription.sdp.replace("a=ice-ufrag", "a=x-ice-ufrag")
        with pytest.raises(pm.OfferRejected):
            await a.call(pm.MediaOffer, meeting_id=mid, sdp=broken)
        before = len(stamps_from(chair_media, a_id))
        await until(lambda: len(stamps_from(chair_media, a_id)) >= before + 10)
        assert set(relay_of(live).rooms[mid]) == {cast["chair"], a_id}
        for media in (a_media, chair_media):
            await media.close()


async def test_leaving_the_meeting_ends_ones_media_for_everyone(
    live: LiveServer, cast: dict[str, int]
) -> None:
    mid, a_id = cast["mid"], cast["a"]
    async with live.client("chutich") as chair, live.client("botruong_a") as a:
        chair_media = await publish(chair, mid)
        a_media = await publish(a, mid)
        await until(lambda: len(stamps_from(chair_media, a_id)) >= 3)
        await a.leave(mid)
        await until(lambda: (a_id, "video") not in chair_media.publishers)
        await until(lambda: a_id not in relay_of(live).rooms.get(mid, {}))
        kinds = [
            t
            for _, t in live.domain.events(mid)
            if t in ("media.track_added", "media.track_removed")
        ]
        assert kinds.count("media.track_added") == 4 and kinds.count("media.track_removed") == 2
        for media in (a_media, chair_media):
            await media.close()


async def test_a_dropped_connection_takes_its_media_with_it(
    live: LiveServer, cast: dict[str, int]
) -> None:
    mid, a_id = cast["mid"], cast["a"]
    async with (
        live.client("chutich") as chair,
        live.client("botruong_a", auto_reconnect=False) as a,
    ):
        chair_media = await publish(chair, mid)
        a_media = await publish(a, mid)
        await until(lambda: len(stamps_from(chair_media, a_id)) >= 3)
        await a.drop()
        await until(lambda: (a_id, "video") not in chair_media.publishers)
        assert a_id not in relay_of(live).rooms.get(mid, {})
        await a_media.pc.close()
        await chair_media.close()


async def test_a_server_without_relay_says_so(database_url: str, tmp_path: Path) -> None:
    from tests.integration.conftest import live_server

    async with live_server(database_url, tmp_path / "plain") as plain:
        d = plain.domain
        chair = d.user("chutich", ["chair"])
        mid = d.meeting(d.user("thuky", ["secretariat"]), chair=chair, start=True)
        async with plain.client("chutich") as client:
            await client.join(mid)
            with pytest.raises(pm.MediaUnavailable):
                await client.call(pm.MediaOffer, meeting_id=mid, sdp="v=0\r\n")


async def test_a_viewer_gets_the_sender_reports_of_its_slots_together_once_a_round(
    live: LiveServer, cast: dict[str, int]
) -> None:
    """The relay's reports (SR + SDES) for all of a viewer's slots that carry media come in
    one RTCP packet per round, not one per slot; they are right (the viewer's receivers
    read the sent counts from them) and the viewer's answers give the relay a round-trip
    time."""
    mid, a_id = cast["mid"], cast["a"]
    async with live.client("chutich") as chair, live.client("botruong_a") as a:
        chair_media = await publish(chair, mid)
        a_media = await publish(a, mid)
        await until(lambda: len(stamps_from(chair_media, a_id)) >= 15)
        receivers = {
            t.kind: t.receiver
            for t in chair_media.pc.getTransceivers()
            for r in [chair_media.receiving(a_id, t.kind)]
            if r is not None and t.mid == r.mid
        }
        assert set(receivers) == {"audio", "video"}
        dtls = receivers["video"].transport
        rounds: list[set[int]] = []  # the SR sources of each RTCP packet from the relay
        original = dtls._handle_rtcp_data

        async def counting(data: bytes) -> None:
            sources = {p.ssrc for p in RtcpPacket.parse(data) if isinstance(p, RtcpSrPacket)}
            if sources:
                rounds.append(sources)
            await original(data)

        dtls._handle_rtcp_data = counting
        await asyncio.sleep(4.0)
        dtls._handle_rtcp_data = original
        slots = [
            t for t in chair_media.pc.getTransceivers() if t.direction in ("recvonly", "sendrecv")
        ]
        print(f"\n{len(rounds)} report packets in 4 s for {len(slots)} slots")
        assert 3 <= len(rounds) <= 9, "about one packet a second (0.5 to 1.5 s apart)"
        carrying = set()
        for kind, receiver in receivers.items():
            stats = list((await receiver.getStats()).values())
            sent = [s for s in stats if s.type == "remote-outbound-rtp"]
            received = [s for s in stats if s.type == "inbound-rtp"]
            assert sent and received, kind
            assert sent[0].ssrc == received[0].ssrc and sent[0].packetsSent > 0, kind
            carrying.add(received[0].ssrc)
        assert any(carrying <= sources for sources in rounds), "audio and video together"
        relay = relay_of(live)
        peer = relay.rooms[mid][cast["chair"]]
        sender = next(
            t.sender
            for t in peer.pc.getTransceivers()
            if isinstance(t.sender.track, ForwardedTrack) and t.sender.track.kind == "video"
            and t.sender.track.sent
        )  # fmt: skip
        await until(lambda: sender._RTCRtpSender__rtt is not None, 5)  # type: ignore[attr-defined]
        await a_media.close()
        await chair_media.close()
