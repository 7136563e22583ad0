"""Which tracks the relay forwards to each viewer (last-N and the loudest speakers).

So that the relay's work grows with the participants and not with their square, a
viewer receives:

* audio from the :data:`AUDIO_STREAMS` loudest publishers (the relay ranks them by the
  RTP audio level), and
* video from the active speaker, the presenter of the current agenda item, and up to
  ``last_n`` others: those the viewer chose (``media.select``), otherwise those who
  spoke last, then the rest in a stable order until ``last_n`` tiles are filled.

Nobody receives their own tracks, and a track the chair muted is forwarded to nobody.
Pure: the relay calls it with what it knows (:class:`Stage`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from protocol.media import RECEIVE_SLOTS

#: Audio streams each viewer receives: the loudest speakers (one per audio slot).
AUDIO_STREAMS = RECEIVE_SLOTS["audio"]
#: Video tiles besides the speaker and the presenter (the rest of the video slots).
LAST_N = RECEIVE_SLOTS["video"] - 2


@dataclass(frozen=True)
class Stage:
    """What decides the forwarding in one meeting at one moment."""

    #: Who publishes which kinds.
    publishers: dict[int, frozenset[str]]
    #: Audio publishers, loudest first.
    ranking: list[int] = field(default_factory=list)
    speaker: int | None = None
    presenter: int | None = None
    #: Who spoke, most recent first.
    recent: list[int] = field(default_factory=list)
    muted: frozenset[tuple[int, str]] = frozenset()
    last_n: int = LAST_N
    audio_streams: int = AUDIO_STREAMS


def forwarded_to(stage: Stage, viewer: int, chosen: tuple[int, ...] = ()) -> set[tuple[int, str]]:
    """The ``(user_id, kind)`` tracks ``viewer`` receives now."""

    def live(user_id: int, kind: str) -> bool:
        return (
            user_id != viewer
            and kind in stage.publishers.get(user_id, frozenset())
            and (user_id, kind) not in stage.muted
        )

    out: set[tuple[int, str]] = set()
    ranked = stage.ranking + sorted(set(stage.publishers) - set(stage.ranking))
    for user_id in [u for u in ranked if live(u, "audio")][: stage.audio_streams]:
        out.add((user_id, "audio"))
    for fixed in (stage.speaker, stage.presenter):
        if fixed is not None and live(fixed, "video"):
            out.add((fixed, "video"))
    order = list(chosen) if chosen else [*stage.recent, *sorted(stage.publishers)]
    extra = 0
    for user_id in dict.fromkeys(order):
        if extra >= stage.last_n:
            break
        if live(user_id, "video") and (user_id, "video") not in out:
            out.add((user_id, "video"))
            extra += 1
    return out
