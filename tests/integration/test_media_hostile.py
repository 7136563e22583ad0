"""Bad or hostile input to the media relay: garbage datagrams at its ICE ports, a peer
whose DTLS fingerprint is wrong, a peer that never connects.  Each is dropped or
refused and logged, and two honest participants keep seeing and hearing each other."""

from __future__ import annotations

import logging
import random
import re
import socket
import struct
from collections.abc import AsyncIterator
from pathlib import Path

import msgspec
import pytest
from aiortc import RTCSessionDescription

from desktop.client import Client
from desktop.client.media import MediaSession
from desktop.client.media_sources import StampedVideoTrack
from protocol import media as pm
from server.transport.media import ingress
from server.transport.media.receiving import FAST_ATTR
from server.transport.media.relay import Relay, RelayConfig
from tests.integration.conftest import LiveServer
from tests.integration.test_media import cast, media_server, publish, stamps_from, until

__all__ = ["cast"]  # fixture shared with test_media.py (uses this module's `live`)

pytestmark = pytest.mark.timeout(90)

#: Short enough for a test, long enough for an honest connection on a loaded machine.
CONNECT_TIMEOUT = 5.0
NOISY = ("asyncio", "aiortc", "aioice", "ecabinet.media")


@pytest.fixture
async def live(database_url: str, tmp_path: Path) -> AsyncIterator[LiveServer]:
    config = RelayConfig(max_video_bitrate=400_000, connect_timeout=CONNECT_TIMEOUT)
    async with media_server(database_url, tmp_path / "data", config) as server:
        yield server


def relay_of(live: LiveServer) -> Relay:
    assert live.transport.media is not None
    return live.transport.media


async def honest_pair(
    chair: Client, a: Client, cast: dict[str, int]
) -> tuple[MediaSession, MediaSession]:
    chair_media = await publish(chair, cast["mid"])
    a_media = await publish(a, cast["mid"])
    await until(lambda: len(stamps_from(chair_media, cast["a"])) >= 5)
    await until(lambda: len(stamps_from(a_media, cast["chair"])) >= 5)
    return chair_media, a_media


async def still_flowing(pairs: list[tuple[MediaSession, int]]) -> None:
    """Each session receives ≥ 10 more stamped frames and more sound from the other."""
    for media, other in pairs:
        video = len(stamps_from(media, other))
        sound = media.receiving(other, "audio")
        heard = 0 if sound is None else sound.frames

        def more(
            media: MediaSession = media, other: int = other, video: int = video, heard: int = heard
        ) -> bool:
            now = media.receiving(other, "audio")
            return (
                len(stamps_from(media, other)) >= video + 10
                and now is not None
                and now.frames >= heard + 20
            )

        await until(more)
        numbers = stamps_from(media, other)
        assert numbers == sorted(numbers), "frames arrive in order"


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        f"{r.name}: {r.getMessage()}"
        for r in caplog.records
        if r.levelno >= logging.ERROR and r.name.startswith(NOISY)
    ]


def relay_ports(media: MediaSession) -> list[tuple[str, int]]:
    """The relay's UDP candidates, from the answer the honest client received."""
    found = []
    for line in media.pc.remoteDescription.sdp.splitlines():
        parts = line.split()
        if line.startswith("a=candidate:") and parts[2].lower() == "udp":
            found.append((parts[4], int(parts[5])))
    assert found, "the answer carries the relay's candidates"
    return found


def stun(message_type: int, attributes: bytes, cookie: int = 0x2112A442) -> bytes:
    header = struct.pack("!HHI12s", message_type, len(attributes), cookie, b"t" * 12)
    return header + attributes


def garbage() -> list[bytes]:
    rng = random.Random(20261124)
    junk = [
        b"",  # an empty datagram
        b"\x80",  # one byte
        b"\x80\x60\x00",  # truncated RTP header
        b"\x80\x60\x00\x01\x00\x00\x00\x00",  # RTP header without SSRC
        b"\x00\x60" + rng.randbytes(100),  # RTP version 0
        b"\x40\x60" + rng.randbytes(100),  # RTP version 1
        b"\xc0\x60" + rng.randbytes(100),  # RTP version 3
        b"\x80\x60" + rng.randbytes(200),  # RTP v2, not SRTP-authentic
        b"\x81\xc8" + rng.randbytes(60),  # RTCP-looking
        b"\x16\xfe\xfd" + rng.randbytes(100),  # DTLS handshake-looking
        b"\x15\xfe\xfd\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x02\x00",  # DTLS alert
        rng.randbytes(9000),  # larger than any media packet
        rng.randbytes(60000),  # huge
        # STUN-looking: a truncated XOR-MAPPED-ADDRESS, bad UTF-8 USERNAME, truncated
        # PRIORITY and ICE-CONTROLLED (struct.error in aioice), an unauthenticated
        # binding request, a response to nothing, a length lie.
        stun(0x0001, struct.pack("!HH", 0x0020, 2) + b"\x00\x01\x00\x00"),
        stun(0x0001, struct.pack("!HH", 0x0006, 2) + b"\xff\xfe\x00\x00"),
        stun(0x0001, struct.pack("!HH", 0x0024, 2) + b"\x00\x01\x00\x00"),  # PRIORITY
        stun(0x0001, struct.pack("!HH", 0x8029, 3) + b"\x00\x00\x00\x00"),  # ICE-CONTROLLED
        stun(0x0001, b""),
        stun(0x0101, b""),
        stun(0x0001, b"")[:18],
        stun(0x0001, b"\x00\x08\x00\x04"),
    ]
    junk += [rng.randbytes(rng.randint(1, 1400)) for _ in range(150)]
    return junk


def spray(targets: list[tuple[str, int]], payloads: list[bytes], rounds: int) -> int:
    sent = 0
    for host, port in targets:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_DGRAM) as sock:
            for _ in range(rounds):
                for payload in payloads:
                    try:
                        sock.sendto(payload, (host, port))
                        sent += 1
                    except OSError:  # a too-large datagram for this family, a full buffer
                        pass
    return sent


async def test_garbage_datagrams_at_the_relay_ports_are_dropped_and_logged(
    live: LiveServer, cast: dict[str, int], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    mid = cast["mid"]
    async with live.client("chutich") as chair, live.client("botruong_a") as a:
        chair_media, a_media = await honest_pair(chair, a, cast)
        targets = relay_ports(a_media) + relay_ports(chair_media)
        assert spray(targets, garbage(), rounds=3) > 100
        await still_flowing([(chair_media, cast["a"]), (a_media, cast["chair"])])
        peers = relay_of(live).rooms[mid]
        assert {p.user_id for p in peers.values()} == {cast["chair"], cast["a"]}
        assert all(p.pc.connectionState == "connected" for p in peers.values())
        watchdog = relay_of(live).watchdog
        dropped = [watchdog.dropped[p] for p in peers.values()]
        assert all(d.total > 0 for d in dropped), "the garbage reached both connections"
        for reason in ("empty", "oversized", "not DTLS/RTP", "not from the peer"):
            assert all(reason in d.counts for d in dropped), (reason, dropped)
        assert any(r.startswith("unparsable STUN") for d in dropped for r in d.counts)
        assert any(
            "dropped" in r.getMessage() for r in caplog.records if r.name == "ecabinet.media"
        )
        assert errors(caplog) == []
        for media in (a_media, chair_media):
            await media.close()


def with_wrong_fingerprint(sdp: str) -> str:
    def flip(match: re.Match[str]) -> str:
        digest = match.group(2)
        first = "00" if digest[:2] != "00" else "FF"
        return f"{match.group(1)}{first}{digest[2:]}"

    changed = re.sub(r"(a=fingerprint:\S+ )([0-9A-Fa-f:]+)", flip, sdp)
    assert changed != sdp
    return changed


async def attacker_offer(client: Client, mid: int, munge: object) -> tuple[MediaSession, str]:
    """An aiortc connection offering video, its SDP changed by ``munge`` before sending;
    returns the session and the relay's answer SDP."""
    assert client.user is not None and callable(munge)
    await client.join(mid)
    probe = MediaSession(client, mid, video=StampedVideoTrack(tag=client.user.id))
    probe._add("video", probe.video, "sendonly")
    probe._add("video", None, "recvonly")
    await probe.pc.setLocalDescription(await probe.pc.createOffer())
    result = await client.call(
        pm.MediaOffer, meeting_id=mid, sdp=munge(probe.pc.localDescription.sdp)
    )
    answer = msgspec.convert(result, pm.MediaAnswer)
    return probe, answer.sdp


def removed_for(live: LiveServer, mid: int) -> int:
    return sum(1 for _, t in live.domain.events(mid) if t == "media.track_removed")


async def test_a_peer_with_a_wrong_dtls_fingerprint_is_cut_off_and_cleaned_up(
    live: LiveServer, cast: dict[str, int], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    mid, b_id = cast["mid"], cast["b"]
    async with (
        live.client("chutich") as chair,
        live.client("botruong_a") as a,
        live.client("botruong_b") as b,
    ):
        chair_media, a_media = await honest_pair(chair, a, cast)
        probe, answer = await attacker_offer(b, mid, with_wrong_fingerprint)
        await probe.pc.setRemoteDescription(RTCSessionDescription(sdp=answer, type="answer"))
        relay = relay_of(live)
        await until(lambda: b_id not in relay.rooms.get(mid, {}))
        await until(lambda: removed_for(live, mid) >= 1)  # its announced video ends
        await until(lambda: (b_id, "video") not in chair_media.publishers)
        assert any(
            f"user {b_id} failed" in r.getMessage()
            for r in caplog.records
            if r.name == "ecabinet.media"
        )
        await still_flowing([(chair_media, cast["a"]), (a_media, cast["chair"])])
        assert set(relay.rooms[mid]) == {cast["chair"], cast["a"]}
        assert errors(caplog) == []
        await probe.close()
        for media in (a_media, chair_media):
            await media.close()


def without_candidates(sdp: str) -> str:
    kept = [
        line
        for line in sdp.split("\r\n")
        if not line.startswith(("a=candidate:", "a=end-of-candidates"))
    ]
    return "\r\n".join(kept)


async def test_a_peer_that_never_connects_is_given_up_and_may_offer_again(
    live: LiveServer, cast: dict[str, int], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    mid, b_id = cast["mid"], cast["b"]
    async with (
        live.client("chutich") as chair,
        live.client("botruong_a") as a,
        live.client("botruong_b") as b,
    ):
        chair_media, a_media = await honest_pair(chair, a, cast)
        relay = relay_of(live)
        # An offer with no candidate at all: ICE can never start.
        probe, _ = await attacker_offer(b, mid, without_candidates)
        await probe.pc.close()
        assert b_id in relay.rooms[mid]
        await until(lambda: b_id not in relay.rooms.get(mid, {}), CONNECT_TIMEOUT + 15)
        await until(lambda: removed_for(live, mid) >= 1)
        assert any(
            "not established" in r.getMessage() and f"user {b_id}" in r.getMessage()
            for r in caplog.records
            if r.name == "ecabinet.media"
        )
        await still_flowing([(chair_media, cast["a"]), (a_media, cast["chair"])])
        # The same user offers properly later and is seen.
        late = MediaSession(b, mid, video=StampedVideoTrack(tag=b_id))
        await late.start()
        await until(lambda: len(stamps_from(chair_media, b_id)) >= 3)
        assert errors(caplog) == []
        for media in (late, a_media, chair_media):
            await media.close()


async def test_a_packet_the_relay_fails_on_is_dropped_and_the_connection_goes_on(
    live: LiveServer,
    cast: dict[str, int],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A packet whose handling raises (a receiver bug, a packet no check foresaw) costs
    that packet; in stock aiortc the exception would end the publisher's connection."""
    monkeypatch.setitem(ingress._failures, "logged_at", float("-inf"))
    mid = cast["mid"]
    async with live.client("chutich") as chair, live.client("botruong_a") as a:
        chair_media, a_media = await honest_pair(chair, a, cast)
        publisher = relay_of(live).rooms[mid][cast["a"]]
        receiver = next(
            t.receiver
            for t in publisher.pc.getTransceivers()
            if t.receiver.track is not None and t.receiver.track.kind == "video"
        )
        original = getattr(receiver, FAST_ATTR)  # the relay's _handle_rtp_packet
        failures = 0

        def flaky(packet: object, arrival_time_ms: int) -> None:
            nonlocal failures
            if failures < 20:
                failures += 1
                raise RuntimeError("a packet the relay cannot handle")
            original(packet, arrival_time_ms)

        setattr(receiver, FAST_ATTR, flaky)
        await until(lambda: failures == 20)
        await still_flowing([(chair_media, cast["a"]), (a_media, cast["chair"])])
        assert publisher.pc.connectionState == "connected"
        assert "could not be handled; dropped" in caplog.text
        for media in (a_media, chair_media):
            await media.close()
