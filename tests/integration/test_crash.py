"""Crash safety: the server is SIGKILLed while 30 members vote, then restarts on its data.

Every acknowledged ballot survives and counts once; in-flight ballots are retried with
their original command ids and are applied at most once; clients resume by themselves.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.client import Client
from protocol import agenda as ag
from protocol import voting as vt
from server.store.models import Ballot, EventRecord, Poll
from tests.harness import PASSWORD, Domain

VOTERS = 30
POLLS = 8
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _start_server(data_dir: Path, url: str, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "server.app",
            "serve",
            "--data-dir",
            str(data_dir),
            "--port",
            str(port),
            "--database",
            url,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdout is not None
    line = await asyncio.get_running_loop().run_in_executor(None, proc.stdout.readline)
    assert b"listening" in line, line
    return proc


def _choice(member: int, poll: int) -> vt.Choice:
    return list(vt.Choice)[(member * 7 + poll) % 3]


@pytest.fixture
def prepared(database_url: str, tmp_path: Path):
    data_dir = tmp_path / "data"
    d = Domain(database_url, data_dir)
    sec = d.user("thuky", ["secretariat"])
    chair = d.user("chutri", ["chair"])
    members = [d.user(f"thanhvien{n:02d}", ["member"]) for n in range(VOTERS)]
    mid = d.meeting(sec, chair=chair, members=members, start=True)
    item = d.do(sec, ag.AgendaAddItem, meeting_id=mid, title="Dự thảo Nghị quyết")["item_id"]
    polls = []
    for n in range(POLLS):
        pid = d.do(chair, vt.PollCreate, meeting_id=mid, item_id=item, question=f"Biểu quyết {n}")[
            "poll_id"
        ]
        d.do(chair, vt.PollOpen, poll_id=pid)
        polls.append(pid)
    d.close()
    return data_dir, database_url, mid, polls, members


async def test_acknowledged_ballots_survive_sigkill(prepared) -> None:
    data_dir, url, mid, polls, members = prepared
    port = _free_port()
    server = await _start_server(data_dir, url, port)
    seed = int(os.environ.get("ECABINET_CRASH_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    clients: list[Client] = []
    acked: set[tuple[int, int]] = set()
    acked_before_kill: set[tuple[int, int]] = set()
    killed = asyncio.Event()
    try:
        for n in range(len(members)):
            client = Client(f"ws://127.0.0.1:{port}", reconnect_delay=0.05)
            await client.connect()
            await client.login(f"thanhvien{n:02d}", PASSWORD)
            await client.join(mid)
            clients.append(client)

        async def vote(client: Client, member_id: int) -> None:
            for pid in polls:
                command = vt.PollVote(
                    id=f"ballot-{member_id}-{pid}", poll_id=pid, choice=_choice(member_id, pid)
                )
                await client.send(command, timeout=60)
                acked.add((member_id, pid))
                if not killed.is_set():
                    acked_before_kill.add((member_id, pid))

        voting = [
            asyncio.create_task(vote(c, m.user_id)) for c, m in zip(clients, members, strict=True)
        ]
        await asyncio.sleep(rng.uniform(0.05, 0.6))
        server.send_signal(signal.SIGKILL)
        server.wait()
        killed.set()
        server = await _start_server(data_dir, url, port)
        await asyncio.wait_for(asyncio.gather(*voting), 120)

        assert acked_before_kill, f"seed {seed}: the kill came before any ballot"
        assert len(acked_before_kill) < VOTERS * POLLS, f"seed {seed}: kill came after voting"
        assert len(acked) == VOTERS * POLLS
        assert all(c.reconnects >= 1 for c in clients), "every client resumed by itself"

        # Every client's view converges on the truth: all ballots counted once.
        for client in clients:
            session = client.meetings[mid]
            await session.wait_for(
                lambda v: all(v.polls[p].ballots_cast == VOTERS for p in polls), timeout=30
            )
    finally:
        for client in clients:
            await client.close()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)

    d = Domain(url, data_dir)
    try:

        def check(session):
            rows = session.execute(select(Ballot.poll_id, Ballot.member_id, Ballot.choice)).all()
            events = session.scalar(
                select(func.count())
                .select_from(EventRecord)
                .where(EventRecord.meeting_id == mid, EventRecord.type == "poll.voted")
            )
            counters = {
                p.id: (p.yes_count, p.no_count, p.abstain_count)
                for p in session.scalars(select(Poll))
            }
            return rows, events, counters

        rows, voted_events, counters = d.runner.run_sync(check)
    finally:
        d.close()
    keys = [(member, poll) for poll, member, _ in rows]
    assert len(keys) == len(set(keys)) == VOTERS * POLLS, f"seed {seed}"
    assert {(m, p) for m, p in keys} >= acked_before_kill
    assert voted_events == VOTERS * POLLS, f"seed {seed}: a ballot was applied twice"
    for poll, member, choice in rows:
        assert choice == _choice(member, poll)
    for pid in polls:
        expected = [sum(1 for p, _, c in rows if p == pid and c == ch) for ch in vt.Choice]
        assert list(counters[pid]) == expected
