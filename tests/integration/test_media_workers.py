"""Media rooms over worker processes: a real server on loopback whose relay is a pool of
two media processes; real aiortc clients with stamped synthetic sources."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.server import serve

from protocol import media as pm
from server.app import WS_MAX_SIZE
from server.domain import events as event_log
from server.domain import meetings as meeting_service
from server.transport.connection import Transport
from server.transport.media.peer import RelayConfig
from server.transport.media.workers import RelayPool
from tests.harness import Domain
from tests.integration.conftest import LiveServer
from tests.integration.test_media import publish, stamps_from, until

pytestmark = pytest.mark.timeout(150)


@pytest.fixture
async def pooled(database_url: str, tmp_path: Path) -> AsyncIterator[tuple[LiveServer, RelayPool]]:
    domain = Domain(database_url, tmp_path / "data")
    await domain.runner.run(meeting_service.startup)
    epoch = await domain.runner.run(event_log.epoch)
    pool = RelayPool(domain.runner, RelayConfig(max_video_bitrate=400_000), workers=2)
    await pool.start()
    transport = Transport(domain.runner, epoch, media=pool)
    try:
        async with serve(transport.handler, "127.0.0.1", 0, max_size=WS_MAX_SIZE) as server:
            port = next(iter(server.sockets)).getsockname()[1]
            yield LiveServer(f"ws://127.0.0.1:{port}", domain, transport), pool
    finally:
        await pool.shutdown()
        domain.close()


def two_meetings(d: Domain) -> list[dict[str, int]]:
    sec = d.user("thuky", ["secretariat"])
    out = []
    for n in (1, 2):
        chair = d.user(f"chutich{n}", ["chair"])
        a = d.user(f"botruong{n}", ["member"])
        mid = d.meeting(sec, chair=chair, members=[a], start=True)
        out.append({"mid": mid, "chair": chair.user_id, "a": a.user_id, "n": n})
    return out


@contextlib.asynccontextmanager
async def meeting_media(live: LiveServer, m: dict[str, int]) -> AsyncIterator[list[Any]]:
    async with live.client(f"chutich{m['n']}") as chair, live.client(f"botruong{m['n']}") as a:
        chair_media = await publish(chair, m["mid"])
        a_media = await publish(a, m["mid"])
        try:
            yield [chair, a, chair_media, a_media]
        finally:
            for media in (chair_media, a_media):
                await media.close()


async def test_two_meetings_run_in_two_worker_processes_and_each_sees_its_own(
    pooled: tuple[LiveServer, RelayPool],
) -> None:
    live, pool = pooled
    first, second = two_meetings(live.domain)
    workers = {pool.worker_of(m["mid"]) for m in (first, second)}
    assert workers == {0, 1}
    pids = {pool.workers[w].process.pid for w in workers}
    assert len(pids) == 2 and os.getpid() not in pids
    async with meeting_media(live, first) as one, meeting_media(live, second) as two:
        for m, (_, _, chair_media, a_media) in ((first, one), (second, two)):
            await until(lambda m=m, c=chair_media: len(stamps_from(c, m["a"])) >= 15, 30)
            await until(lambda m=m, a=a_media: len(stamps_from(a, m["chair"])) >= 15, 30)
        # Nobody receives the other meeting's media.
        _, _, chair_one, _ = one
        assert chair_one.receiving(second["a"], "video") is None
        # Events the workers commit go through the server's one event log.
        for m in (first, second):
            types = [t for _, t in live.domain.events(m["mid"])]
            assert types.count("media.track_added") >= 2
        # The chair's control works across the process boundary.
        chair, _, _, a_media = one
        await chair.call(pm.MediaMute, meeting_id=first["mid"], user_id=first["a"], kind="audio")
        await until(lambda: (first["a"], "audio") in a_media.muted)


async def test_a_worker_that_dies_is_restarted_and_the_other_meeting_goes_on(
    pooled: tuple[LiveServer, RelayPool],
) -> None:
    live, pool = pooled
    first, second = two_meetings(live.domain)
    async with meeting_media(live, second) as two:
        _, _, chair_two, _ = two
        await until(lambda: len(stamps_from(chair_two, second["a"])) >= 10, 30)
        victim = pool.workers[pool.worker_of(first["mid"])]
        async with meeting_media(live, first) as one:
            _, _, chair_one, _ = one
            await until(lambda: len(stamps_from(chair_one, first["a"])) >= 10, 30)
            victim.process.kill()
            await until(lambda: pool.restarts == 1 and victim.ready.is_set(), 60)
            before = len(stamps_from(chair_two, second["a"]))
            await until(lambda: len(stamps_from(chair_two, second["a"])) >= before + 15, 30)
        # The first meeting's people offer again (the app retries) and see each other.
        async with meeting_media(live, first) as again:
            _, _, chair_again, _ = again
            await until(lambda: len(stamps_from(chair_again, first["a"])) >= 10, 30)


async def test_a_signal_to_the_process_group_leaves_the_workers_to_the_server(
    pooled: tuple[LiveServer, RelayPool],
) -> None:
    """Ctrl+C (or a SIGTERM to the group) reaches the workers too: they keep running, and
    the server's shutdown, not the signal, stops them."""
    _, pool = pooled
    processes = [worker.process for worker in pool.workers]
    assert all(p is not None and p.pid is not None for p in processes)
    for process in processes:
        os.kill(process.pid, signal.SIGINT)
        os.kill(process.pid, signal.SIGTERM)
    await asyncio.sleep(1.0)
    assert all(p.is_alive() for p in processes) and pool.restarts == 0
    await pool.shutdown()
    assert not any(p.is_alive() for p in processes)
