"""Applies last-N and the loudest speakers to one meeting's slots.

:class:`RoomSelection` keeps, per meeting, the :class:`SpeakerDetector` fed by the
publishers' audio levels, the meeting's :class:`~server.domain.media.RoomPolicy`
(presenter, muted tracks) and each viewer's ``media.select`` choice.  :meth:`apply`
asks the domain's rule (:func:`~server.domain.media_selection.forwarded_to`) what each
viewer receives and points the viewer's fixed set of slots at those tracks; a slot with
nothing to carry is idle and fed no packet (see ``fanout.py``).  The relay tells the
viewer each new mapping (``protocol.media.SLOTS_CHANGED``).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from server.domain import media as rules
from server.domain.media import RoomPolicy
from server.domain.media_selection import AUDIO_STREAMS, LAST_N, Stage, forwarded_to
from server.transport.media.speakers import SpeakerDetector

if TYPE_CHECKING:
    from server.domain.runner import Runner
    from server.transport.media.peer import Peer


class RoomSelection:
    """Who speaks and who receives what, in one meeting."""

    def __init__(
        self,
        *,
        last_n: int = LAST_N,
        audio_streams: int = AUDIO_STREAMS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._task: asyncio.Task[None] | None = None
        self.detector = SpeakerDetector()
        self.policy = RoomPolicy()
        #: Policy loads requested / applied (a late answer must not undo a newer one).
        self.policy_requested = 0
        self.policy_applied = 0
        self.choices: dict[int, tuple[int, ...]] = {}
        self.last_n = last_n
        self.audio_streams = audio_streams
        self._clock = clock
        self._signature: object = None
        #: Called with each viewer whose slots were re-pointed (the relay tells it).
        self.on_remap: Callable[[Peer], None] = lambda peer: None

    @property
    def speaker(self) -> int | None:
        return self.detector.speaker

    def hear(self, user_id: int, level: int) -> None:
        self.detector.hear(user_id, level, self._clock())

    def forget(self, user_id: int) -> None:
        self.detector.forget(user_id)
        self.choices.pop(user_id, None)
        self._signature = None

    def set_policy(self, policy: RoomPolicy, generation: int) -> bool:
        if generation < self.policy_applied:
            return False
        self.policy_applied = generation
        self.policy = policy
        self._signature = None
        return True

    def choose(self, viewer: int, user_ids: tuple[int, ...]) -> None:
        self.choices[viewer] = user_ids
        self._signature = None

    def tick(self) -> bool:
        """Re-decide the speaker; True when it changed."""
        return self.detector.update(self._clock())

    def stage(self, peers: Iterable[Peer]) -> Stage:
        now = self._clock()
        publishers = {p.user_id: frozenset(p.feeds) for p in peers if not p.closed}
        return Stage(
            publishers=publishers,
            ranking=[u for u in self.detector.ranking(now) if u in publishers],
            speaker=self.detector.speaker,
            presenter=self.policy.presenter,
            recent=list(self.detector.recent),
            muted=self.policy.silent,
            last_n=self.last_n,
            audio_streams=self.audio_streams,
        )

    def apply(self, peers: Iterable[Peer], *, force: bool = False) -> int:
        """Point each viewer's slots at the tracks the rule gives it; returns how many
        slots changed.  A slot keeps its track while the viewer still receives it; a
        track newly received takes a slot that carries nothing wanted (video starts at a
        keyframe, asked of the publisher); slots left over go idle.  Each viewer whose
        slots changed gets a new mapping number and is told (``on_remap``).

        Does nothing when the inputs that matter (publishers, the loudest few, the
        speaker, recent speakers, policy, choices) are as last time, unless ``force``.
        """
        peers = [p for p in peers if not p.closed]
        stage = self.stage(peers)
        signature = (
            tuple(sorted((u, tuple(sorted(k))) for u, k in stage.publishers.items())),
            frozenset(stage.ranking[: self.audio_streams]),
            stage.speaker,
            tuple(stage.recent[: self.last_n + 2]),
            tuple(sorted((p.user_id, len(p.slots)) for p in peers)),
        )
        if not force and signature == self._signature:
            return 0
        self._signature = signature
        feeds = {(p.user_id, kind): feed for p in peers for kind, feed in p.feeds.items()}
        rank = {u: i for i, u in enumerate(stage.ranking)}

        def priority(track: tuple[int, str]) -> tuple[int, int, int]:
            user_id = track[0]
            first = 0 if user_id == stage.speaker else 1 if user_id == stage.presenter else 2
            return (first, rank.get(user_id, len(rank)), user_id)

        changed = 0
        for peer in peers:
            wanted = forwarded_to(stage, peer.user_id, self.choices.get(peer.user_id, ()))
            moved = 0
            for kind in ("audio", "video"):
                slots = sorted(
                    (s for s in peer.slots.values() if s.kind == kind), key=lambda s: s.mid
                )
                free = []
                kept = set()
                for slot in slots:
                    feed = slot.track.feed
                    key = None if feed is None else (feed.user_id, feed.kind)
                    if key in wanted and key not in kept and feeds.get(key) is feed:
                        kept.add(key)
                        if slot.track.set_active(True):
                            moved += 1
                    else:
                        free.append(slot)
                needed = sorted((t for t in wanted if t[1] == kind and t not in kept), key=priority)
                # Idle slots first: a slot moved from one sender to another could show a
                # frame of the first under the second's name (still in the decoder).
                free.sort(key=lambda slot: slot.track.feed is not None)
                for track, slot in zip(needed, list(free), strict=False):
                    free.remove(slot)
                    slot.track.set_active(True)
                    slot.track.attach(feeds[track])
                    moved += 1
                for slot in free:
                    if slot.track.feed is not None:
                        slot.track.detach()
                        moved += 1
            if moved:
                peer.slot_version += 1
                changed += moved
                self.on_remap(peer)
        return changed

    # --- in a running relay -------------------------------------------------------------

    def start(
        self,
        peers: Callable[[], Iterable[Peer]],
        announce: Callable[[int | None], None],
        interval: float,
    ) -> None:
        """Every ``interval`` seconds: re-decide the speaker (``announce`` a change) and
        the forwarding of ``peers()``."""

        async def tick() -> None:
            while True:
                await asyncio.sleep(interval)
                if self.tick():
                    announce(self.speaker)
                self.apply(peers())

        self._task = asyncio.get_running_loop().create_task(tick())

    async def load_policy(
        self, runner: Runner, meeting_id: int, peers: Callable[[], Iterable[Peer]]
    ) -> None:
        """Read the meeting's presenter and muted tracks and forward accordingly."""
        self.policy_requested += 1
        generation = self.policy_requested
        policy = await runner.run(rules.room_policy, meeting_id)
        if self.set_policy(policy, generation):
            self.apply(peers())

    def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
