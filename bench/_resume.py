"""Resume benchmark: a member misses ``missed`` events, reconnects and catches up.

The member joins, disconnects, the chair makes ``missed`` page changes, then the member
reconnects with a new connection: ``session.resume`` with its token and ``meeting.join``
from its last ``seq`` (what ``desktop.client`` does after a drop).  The time measured
runs from the start of the reconnect until the ``synced`` frame, with every missed
event decoded and applied to the member's meeting state.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any

from bench._setup import Fixture
from desktop.client import Client, MeetingSession
from protocol.live import PresenterSetPage


async def _changes(chair: Client, fixture: Fixture, count: int, first_page: int) -> int:
    """``count`` page changes, pipelined 100 at a time; returns the last page set."""
    page = first_page
    for start in range(0, count, 100):
        batch = []
        for _ in range(min(100, count - start)):
            page = page % fixture.pages + 1
            batch.append(
                chair.call(
                    PresenterSetPage,
                    meeting_id=fixture.meeting_id,
                    version_id=fixture.version_id,
                    page=page,
                )
            )
        await asyncio.gather(*batch)
    return page


async def measure_resume(
    url: str,
    fixture: Fixture,
    chair: Client,
    chair_session: MeetingSession,
    *,
    missed: int = 1000,
    repeats: int = 5,
) -> dict[str, Any]:
    """Milliseconds from reconnect start to caught up, median over ``repeats``."""
    member = Client(url, auto_reconnect=False)
    await member.connect()
    await member.login(fixture.members[-1], fixture.password)
    session = await member.join(fixture.meeting_id)
    token = member.token
    assert token is not None
    times: list[float] = []
    page = 0
    for _ in range(repeats):
        await member.close()
        page = await _changes(chair, fixture, missed, page)
        target, had, snapshots = chair_session.last_seq, session.last_seq, session.snapshots
        t0 = time.perf_counter()
        member = Client(url, auto_reconnect=False)
        await member.connect()
        await member.resume_session(token)
        member.meetings[fixture.meeting_id] = session
        await member.join(fixture.meeting_id)
        times.append((time.perf_counter() - t0) * 1000)
        if session.snapshots != snapshots or session.last_seq < target:
            raise RuntimeError("the member did not catch up with the missed events")
        if session.last_seq - had < missed:
            raise RuntimeError(f"the member got {session.last_seq - had} of {missed} events")
    await member.close()
    return {
        "resume_ms": round(statistics.median(times), 1),
        "resume_ms_all": [round(t, 1) for t in times],
        "resume_missed": missed,
    }
