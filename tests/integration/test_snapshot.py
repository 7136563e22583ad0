"""When deltas cannot be given, a (re)joining client gets a full snapshot instead."""

from __future__ import annotations

from pathlib import Path

from protocol import agenda as ag
from server.domain import events as event_log
from tests.integration.conftest import LiveServer, live_server


def session_user(client: object) -> int:
    user = client.user  # type: ignore[attr-defined]
    assert user is not None
    return int(user.id)


def _cast(live: LiveServer) -> int:
    d = live.domain
    sec = d.user("thuky", ["secretariat"])
    chair = d.user("chutri", ["chair"])
    member = d.user("thanhvien", ["member"])
    return d.meeting(sec, chair=chair, members=[member], start=True)


async def _add_items(live: LiveServer, mid: int, titles: list[str]) -> None:
    async with live.client("thuky") as sec:
        for title in titles:
            await sec.call(ag.AgendaAddItem, meeting_id=mid, title=title)


async def test_gap_older_than_the_history_kept_gets_a_snapshot(
    database_url: str, tmp_path: Path
) -> None:
    async with live_server(database_url, tmp_path / "data", history_kept=5) as live:
        mid = _cast(live)
        async with live.client("thanhvien") as member:
            session = await member.join(mid)
            await _add_items(live, mid, ["Mục 1"])
            await session.wait_for(lambda v: len(v.items) == 1)
            member.auto_reconnect = False
            await member.drop()
            await _add_items(live, mid, [f"Mục {n}" for n in range(2, 12)])
            await member.connect()
            await member.resume_session(member.token or "")
            await member.join(mid)
            view = await session.wait_for(lambda v: len(v.items) == 11)
            assert session.snapshots == 2, "the second join could not be served with deltas"
            assert sorted(i.title for i in view.items.values())[:2] == ["Mục 1", "Mục 10"]


async def test_a_restored_database_never_hands_out_deltas_across_epochs(
    database_url: str, tmp_path: Path
) -> None:
    from desktop.client import Client
    from tests.harness import PASSWORD

    data = tmp_path / "data"
    async with live_server(database_url, data) as live:
        mid = _cast(live)
        member = Client(live.url, auto_reconnect=False)
        await member.connect()
        await member.login("thanhvien", PASSWORD)
        session = await member.join(mid)
        old_epoch = session.epoch
        await member.drop()
        # The database is restored from a backup; the operator starts a new epoch.
        await live.domain.runner.run(event_log.new_epoch)
    async with live_server(database_url, data) as restarted:
        await _add_items(restarted, mid, ["Mục sau khi khôi phục"])
        member.url = restarted.url
        await member.connect()
        await member.resume_session(member.token or "")
        await member.join(mid)
        view = await session.wait_for(lambda v: len(v.items) == 1)
        assert session.snapshots == 2
        assert session.epoch != old_epoch
        assert [i.title for i in view.items.values()] == ["Mục sau khi khôi phục"]
        await member.close()


async def test_a_short_gap_is_filled_with_exactly_the_missed_events(live: LiveServer) -> None:
    mid = _cast(live)
    async with live.client("thanhvien") as member:
        session = await member.join(mid)
        before = session.last_seq
        member.auto_reconnect = False
        await member.drop()
        await _add_items(live, mid, ["A", "B", "C"])
        seen: list[tuple[int, str]] = []
        session.subscribe(lambda seq, event: seen.append((seq, type(event).__name__)))
        await member.connect()
        await member.resume_session(member.token or "")
        await member.join(mid)
        await session.wait_for(lambda v: len(v.items) == 3)
        await session.wait_for(lambda v: v.participants[session_user(member)].present)
        assert session.snapshots == 1
        seqs = [seq for seq, _ in seen]
        assert seqs == list(range(before + 1, before + 1 + len(seen))), (
            "in order, no gap, no repeat"
        )
        names = [name for _, name in seen]
        # The drop (as the others saw it; the server may notice it while items are added),
        # the three items, and being back again.
        assert sorted(names[:-1]) == ["AgendaItemAdded"] * 3 + ["ParticipantLeft"]
        assert names[-1] == "ParticipantJoined"
