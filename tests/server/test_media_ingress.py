"""The relay's lean receive path (``server/transport/media/ingress.py``): a packet's
handling runs to its end in the datagram callback, or finishes in a task if it ever
waits; a failure drops that packet only."""

from __future__ import annotations

import asyncio

import pytest

from server.transport.media import ingress
from server.transport.media.ingress import check_ingress, drive


def test_the_pinned_aiortc_has_what_the_lean_path_relies_on() -> None:
    check_ingress()


async def test_a_handling_that_never_waits_is_done_when_drive_returns() -> None:
    done: list[int] = []

    async def handle(n: int) -> None:
        done.append(n)

    for n in range(3):
        drive(handle(n))
    assert done == [0, 1, 2]


async def test_a_handling_that_waits_finishes_in_a_task() -> None:
    gate = asyncio.get_running_loop().create_future()
    steps: list[str] = []

    async def handle() -> None:
        steps.append("parsed")
        value = await gate
        steps.append(f"sent {value}")

    drive(handle())
    assert steps == ["parsed"]
    gate.set_result("nack")
    for _ in range(3):
        await asyncio.sleep(0)
    assert steps == ["parsed", "sent nack"]


async def test_a_failing_handling_drops_the_packet_and_is_logged_without_flooding(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = asyncio.get_running_loop().create_future()

    async def broken() -> None:
        raise ValueError("bad packet")

    async def broken_later() -> None:
        await gate
        raise ValueError("bad retransmission")

    monkeypatch.setitem(ingress._failures, "logged_at", float("-inf"))
    drive(broken())
    assert caplog.text.count("could not be handled; dropped") == 1
    # A flood of failing packets: counted, not one log line (and traceback) each.
    for _ in range(500):
        drive(broken())
    drive(broken_later())
    gate.set_result(None)
    for _ in range(3):
        await asyncio.sleep(0)
    assert caplog.text.count("could not be handled; dropped") == 1
    assert ingress._failures["unlogged"] == 501
    monkeypatch.setitem(ingress._failures, "logged_at", float("-inf"))
    drive(broken())
    assert "and 501 more since the last report" in caplog.text


def test_the_pinned_aiortc_receiver_does_what_the_fast_path_mirrors() -> None:
    from server.transport.media.receiving import check_fast_receive

    check_fast_receive()


def test_the_lighter_rate_counter_gives_the_estimator_the_same_rates() -> None:
    """Two bitrate estimators fed the same packets (bursts, gaps longer than the
    window, equal arrival times), one with aiortc's counter and one with
    :class:`WindowRate`: every rate and every REMB they produce is the same."""
    import random

    from aiortc.rate import RateCounter, RemoteBitrateEstimator

    from server.transport.media.receiving import WindowRate

    rnd = random.Random(7)
    counters = (RateCounter(1000, 8000), WindowRate(1000, 8000))
    estimators = (RemoteBitrateEstimator(), RemoteBitrateEstimator())
    estimators[1].incoming_bitrate = WindowRate(1000, 8000)  # type: ignore[assignment]
    now, send_time, rembs = 3_900_000_000_000, 0, 0
    for _ in range(20_000):
        now += rnd.choice((0, 0, 1, 2, 5, 7, 20, 66, 300, 1500))
        send_time = (send_time + rnd.randint(0, 4000)) & 0xFFFFFF
        size = rnd.randint(40, 1200)
        rates = [c.rate(now) for c in counters]
        assert rates[0] == rates[1]
        for counter in counters:
            counter.add(size, now)
        out = [
            e.add(arrival_time_ms=now, abs_send_time=send_time, payload_size=size, ssrc=5)
            for e in estimators
        ]
        assert out[0] == out[1]
        rembs += out[0] is not None
    assert rembs > 100  # the estimators did report along the way


def test_a_forwarded_video_receiver_gets_the_lighter_counter() -> None:
    from aiortc.rtcrtpreceiver import RTCRtpReceiver

    from server.transport.media.receiving import WindowRate, lighten_estimator

    class Transport:
        state = "new"

    receiver = RTCRtpReceiver("video", Transport())  # type: ignore[arg-type]
    assert lighten_estimator(receiver)
    estimator = receiver._RTCRtpReceiver__remote_bitrate_estimator  # type: ignore[attr-defined]
    assert isinstance(estimator.incoming_bitrate, WindowRate)
    assert not lighten_estimator(receiver)  # once
    assert not lighten_estimator(RTCRtpReceiver("audio", Transport()))  # type: ignore[arg-type]
