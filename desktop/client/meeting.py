"""One joined meeting on the client: its state, the last ``seq`` applied, and its events."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import msgspec

from protocol.envelope import Event
from protocol.state import MeetingView, apply

Listener = Callable[[int, Event], None]


class MeetingSession:
    """Kept up to date by :class:`~desktop.client.Client`; resumes from ``last_seq``."""

    def __init__(self, meeting_id: int, attend: bool) -> None:
        self.meeting_id = meeting_id
        self.attend = attend
        self.view: MeetingView | None = None
        self.last_seq = 0
        self.epoch: str | None = None
        self.lobby = False
        self.role: str | None = None
        self.permissions: frozenset[str] = frozenset()
        #: Every event applied, in order, as ``(seq, event)``.
        self.events: asyncio.Queue[tuple[int, Event]] = asyncio.Queue()
        self.synced = asyncio.Event()
        self.snapshots = 0
        #: How many times the client joined it (a leave only forgets the latest join).
        self.joins = 0
        self._listeners: list[Listener] = []
        self._snapshot_listeners: list[Callable[[], None]] = []
        self._changed = asyncio.Condition()

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        """Stop calling ``listener`` (no error when it was not subscribed)."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def subscribe_snapshots(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` whenever a snapshot replaces the whole view."""
        self._snapshot_listeners.append(listener)

    def on_snapshot(self, seq: int, epoch: str, state: Any) -> None:
        self.view = None if state is None else msgspec.convert(state, MeetingView, strict=False)
        self.last_seq, self.epoch = seq, epoch
        self.snapshots += 1
        for listener in self._snapshot_listeners:
            listener()
        self._notify()

    def on_event(self, seq: int, epoch: str, event: Event) -> bool:
        """Apply an event once; returns False for a duplicate or stale one."""
        if epoch != self.epoch and self.epoch is not None:
            return False
        if seq <= self.last_seq:
            return False
        if self.view is not None:
            apply(self.view, event)
        self.last_seq, self.epoch = seq, epoch
        self.events.put_nowait((seq, event))
        for listener in self._listeners:
            listener(seq, event)
        self._notify()
        return True

    def on_synced(self, seq: int, epoch: str) -> None:
        self.last_seq = max(self.last_seq, seq)
        self.epoch = epoch
        self.synced.set()
        self._notify()

    def _notify(self) -> None:
        async def wake() -> None:
            async with self._changed:
                self._changed.notify_all()

        asyncio.get_running_loop().create_task(wake())

    async def wait_for(
        self, predicate: Callable[[MeetingView], bool], timeout: float = 10.0
    ) -> MeetingView:
        """Wait until the meeting state satisfies ``predicate``."""

        async def check() -> MeetingView:
            async with self._changed:
                while self.view is None or not predicate(self.view):
                    await self._changed.wait()
                return self.view

        return await asyncio.wait_for(check(), timeout)
