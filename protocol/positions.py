"""Positions before the meeting: no objection / object / wish to speak, per item."""

from __future__ import annotations

from enum import StrEnum

from protocol.envelope import Command, Event
from protocol.voting import Choice


class Stance(StrEnum):
    NO_OBJECTION = "no_objection"
    OBJECT = "object"
    WISH_TO_SPEAK = "wish_to_speak"


class PositionMark(Command, tag="position.mark"):
    item_id: int
    stance: Stance
    preliminary_vote: Choice | None = None
    comment: str = ""


class PositionSummary(Command, tag="position.summary"):
    meeting_id: int


class PositionMarked(Event, tag="position.marked"):
    """Seen by the chair, the secretariat and the member who marked it."""

    item_id: int
    user_id: int
    stance: Stance
    preliminary_vote: Choice | None
    comment: str


def is_unopposed(stances: list[Stance]) -> bool:
    """True when nobody objected and nobody asked to speak on an item."""
    return all(s is Stance.NO_OBJECTION for s in stances)
