"""Run the demo meeting end to end with headless clients (after ``ecabinet-server demo-data``).

    python -m desktop.client.demo_meeting --url ws://127.0.0.1:8765

The secretariat, the chair, three ministers/provincial leaders and an invited guest each
connect with their own client: positions before the meeting, the start, the lobby,
adopting unopposed items, following the presenter, the list of speakers, a named and a
secret vote, and the end of the meeting.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from desktop.client.connection import Client
from desktop.client.meeting import MeetingSession
from protocol import agenda, live, meetings, positions, voting
from protocol.state import item_numbers, ordered_items

PASSWORD = "Ecabinet@2026"
MEMBERS = ("bokhdt", "botc", "dongnai")


def say(text: str) -> None:
    print(f"  {text}", flush=True)


@contextlib.asynccontextmanager
async def logged_in(url: str, username: str, password: str) -> AsyncIterator[Client]:
    client = Client(url)
    await client.connect()
    try:
        await client.login(username, password)
        yield client
    finally:
        await client.close()


async def run_demo_meeting(url: str, password: str = PASSWORD) -> dict[str, Any]:
    """Run the first published meeting; return its decisions and attendance."""
    async with contextlib.AsyncExitStack() as stack:
        chair = await stack.enter_async_context(logged_in(url, "chutri", password))
        members = [
            await stack.enter_async_context(logged_in(url, name, password)) for name in MEMBERS
        ]
        guest = await stack.enter_async_context(logged_in(url, "khach", password))
        listed = [m for m in await chair.list_meetings() if m.state == "published"]
        if not listed:
            raise SystemExit("No published meeting: run `ecabinet-server demo-data` first.")
        mid = listed[0].id
        print(f"Meeting {mid}: {listed[0].title}")
        room = await chair.join(mid)
        assert room.view is not None
        items = [i.item_id for i in ordered_items(room.view) if i.parent_id is None]
        numbers = item_numbers(room.view)

        say("Positions before the meeting")
        for n, member in enumerate(members):
            for item in items:
                stance = positions.Stance.NO_OBJECTION
                if item == items[1] and n == 0:
                    stance = positions.Stance.WISH_TO_SPEAK
                if item == items[2] and n == 1:
                    stance = positions.Stance.OBJECT
                await member.call(
                    positions.PositionMark,
                    item_id=item,
                    stance=stance,
                    preliminary_vote=voting.Choice.YES,
                    comment="",
                )
        summary = await chair.call(positions.PositionSummary, meeting_id=mid)
        say(f"unopposed before the meeting: {[numbers[i] for i in summary['unopposed']]}")

        say("The chair opens the meeting; members join; the guest waits in the lobby")
        await chair.call(meetings.MeetingTransition, meeting_id=mid, action="start")
        await chair.join(mid)
        sessions: list[MeetingSession] = [await m.join(mid) for m in members]
        lobby = await guest.join(mid)
        await room.wait_for(lambda v: v.participants[guest.user.id].lobby == "waiting")  # type: ignore[union-attr]
        await chair.call(live.LobbyAdmit, meeting_id=mid, user_id=guest.user.id)  # type: ignore[union-attr]
        await lobby.wait_for(lambda v: v.participants[guest.user.id].present)  # type: ignore[union-attr]

        adopted = await chair.call(agenda.AgendaAdoptUnopposed, meeting_id=mid)
        say(f"adopted without objection: {[numbers[i] for i in adopted['adopted']]}")

        item = items[1]
        await chair.call(agenda.AgendaSetCurrent, meeting_id=mid, item_id=item)
        doc = room.view.items[item].documents[0]
        await chair.call(live.PresenterSetPage, meeting_id=mid, version_id=doc.version_id, page=3)
        for s in sessions:
            await s.wait_for(lambda v: v.presenter_page is not None and v.presenter_page.page == 3)
        say(f"everyone follows the presenter to page 3 of {doc.filename}")

        request = await members[0].call(live.FloorRequest, meeting_id=mid, item_id=item)
        await chair.call(live.FloorGrant, request_id=request["request_id"], seconds=120)
        await chair.call(live.FloorEnd, request_id=request["request_id"])
        say("the list of speakers: the floor was requested, granted and ended")

        decisions = {}
        for item, secret in ((items[1], False), (items[2], True)):
            poll = await chair.call(
                voting.PollCreate,
                meeting_id=mid,
                item_id=item,
                question=f"Thông qua nội dung mục {numbers[item]}?",
                secret=secret,
            )
            pid = poll["poll_id"]
            await chair.call(voting.PollOpen, poll_id=pid)
            await chair.call(voting.PollVote, poll_id=pid, choice=voting.Choice.YES)
            choices = [voting.Choice.YES, voting.Choice.YES, voting.Choice.NO]
            for member, choice in zip(members, choices, strict=True):
                await member.call(voting.PollVote, poll_id=pid, choice=choice)
            await chair.call(voting.PollClose, poll_id=pid)
            published = await chair.call(voting.PollPublish, poll_id=pid)
            result = published["result"]
            decisions[numbers[item]] = result["outcome"]
            kind = "secret" if secret else "named"
            say(
                f"{kind} vote on item {numbers[item]}: {result['yes']} yes, {result['no']} no "
                f"of {result['total_members']} members → {result['outcome']}"
            )

        await chair.call(meetings.MeetingTransition, meeting_id=mid, action="end")
        final = await sessions[0].wait_for(lambda v: v.state == "ended")
        say("the chair closed the meeting")
        return {
            "meeting_id": mid,
            "decisions": {numbers[i.item_id]: i.decision for i in ordered_items(final)},
            "polls": decisions,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="ws://127.0.0.1:8765")
    parser.add_argument("--password", default=PASSWORD)
    args = parser.parse_args()
    outcome = asyncio.run(run_demo_meeting(args.url, args.password))
    print(f"Decisions: {outcome['decisions']}")


if __name__ == "__main__":
    main()
