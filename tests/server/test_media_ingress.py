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
