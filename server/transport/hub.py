"""Fan-out of committed meeting events to subscribed connections.

Each event is encoded once and written to every connection that may see it.  A
subscriber tracks the last ``seq`` it was sent; an event that does not follow on
(a gap: another instance committed in between, or a subscriber still catching up)
makes that subscriber read the missing range from the log instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.server import broadcast

from protocol.envelope import EventFrame, encode
from server.domain.context import CommittedEvent
from server.domain.events import audience_allows


@dataclass(eq=False)
class Subscription:
    """One connection's subscription to one meeting."""

    conn: Any
    meeting_id: int
    user_id: int
    lobby: bool = False
    manager: bool = False
    delivered: int = 0
    ready: bool = False
    epoch: str = ""
    attending: bool = False

    def allows(self, audience: str) -> bool:
        return audience_allows(audience, self.user_id, self.manager, self.lobby)


def event_frame(event: CommittedEvent, epoch: str) -> bytes:
    import msgspec

    return encode(
        EventFrame(
            meeting_id=event.meeting_id,
            seq=event.seq,
            epoch=epoch,
            at=event.at.isoformat(),
            audience=event.audience,
            event=msgspec.Raw(event.payload),
        )
    )


@dataclass(eq=False)
class MeetingHub:
    meeting_id: int
    epoch: str
    #: Highest seq this instance knows to be committed.
    last_seq: int = 0
    subscriptions: set[Subscription] = field(default_factory=set)

    def publish(
        self, events: Iterable[CommittedEvent], on_gap: Callable[[Subscription], None]
    ) -> None:
        for event in sorted(events, key=lambda e: e.seq):
            if event.seq > self.last_seq:
                self.last_seq = event.seq
            frame: bytes | None = None
            targets = []
            for sub in self.subscriptions:
                if not sub.ready or event.seq <= sub.delivered:
                    continue
                if event.seq != sub.delivered + 1:
                    sub.ready = False
                    on_gap(sub)
                    continue
                sub.delivered = event.seq
                if sub.allows(event.audience):
                    targets.append(sub.conn.ws)
            if targets:
                frame = event_frame(event, self.epoch)
                broadcast(targets, frame)
