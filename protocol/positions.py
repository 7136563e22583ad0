"""Positions before the meeting: no objection / object / wish to speak, per item."""

from __future__ import annotations

from enum import StrEnum

import msgspec

from protocol.envelope import Command, Event
from protocol.voting import Choice


class Stance(StrEnum):
    NO_OBJECTION = "no_objection"
    OBJECT = "object"
    WISH_TO_SPEAK = "wish_to_speak"


class PositionMark(Command, tag="position.mark", frozen=True):
    item_id: int
    stance: Stance
    preliminary_vote: Choice | None = None
    comment: str = ""


class PositionSummary(Command, tag="position.summary", frozen=True):
    meeting_id: int


class PositionMarked(Event, tag="position.marked", frozen=True):
    """Seen by the chair, the secretariat and the member who marked it."""

    item_id: int
    user_id: int
    stance: Stance
    preliminary_vote: Choice | None
    comment: str


class PositionEntry(msgspec.Struct, kw_only=True, frozen=True):
    """One member's position on one item, as the summary shows it."""

    user_id: int
    full_name: str
    stance: Stance
    preliminary_vote: Choice | None = None
    comment: str = ""


class ItemPositions(msgspec.Struct, kw_only=True, frozen=True):
    """The summary of one agenda item (the result of ``position.summary``, per item).

    ``stances`` counts every :class:`Stance` (0 when nobody chose it), ``votes`` every
    :class:`Choice` of the preliminary votes.  ``unopposed`` is true when at least one
    position was marked and all of them are "no objection" (what the chair may adopt).
    """

    item_id: int
    number: str
    title: str
    decision: str | None
    stances: dict[str, int]
    votes: dict[str, int]
    entries: list[PositionEntry]
    unopposed: bool


def is_unopposed(stances: list[Stance]) -> bool:
    """True when nobody objected and nobody asked to speak on an item."""
    return all(s is Stance.NO_OBJECTION for s in stances)
