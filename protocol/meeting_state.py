"""Meeting lifecycle: draft → published → in progress → ended → archived."""

from __future__ import annotations

from enum import StrEnum

from protocol.errors import InvalidTransition
from protocol.transitions import transition


class MeetingState(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    IN_PROGRESS = "in_progress"
    ENDED = "ended"
    ARCHIVED = "archived"
    CANCELLED = "cancelled"


class Classification(StrEnum):
    """Security classification (độ mật) of a meeting."""

    NORMAL = "thuong"
    SECRET = "mat"
    TOP_SECRET = "toi_mat"


CLASSIFICATION_LABELS = {
    Classification.NORMAL: "Thường",
    Classification.SECRET: "Mật",
    Classification.TOP_SECRET: "Tối mật",
}

CLASSIFICATION_RANK = {
    Classification.NORMAL: 0,
    Classification.SECRET: 1,
    Classification.TOP_SECRET: 2,
}

#: The whole lifecycle in one table: (state, action) → next state.
TRANSITIONS: dict[tuple[MeetingState, str], MeetingState] = {
    (MeetingState.DRAFT, "publish"): MeetingState.PUBLISHED,
    (MeetingState.PUBLISHED, "unpublish"): MeetingState.DRAFT,
    (MeetingState.PUBLISHED, "start"): MeetingState.IN_PROGRESS,
    (MeetingState.IN_PROGRESS, "end"): MeetingState.ENDED,
    (MeetingState.ENDED, "archive"): MeetingState.ARCHIVED,
    (MeetingState.DRAFT, "cancel"): MeetingState.CANCELLED,
    (MeetingState.PUBLISHED, "cancel"): MeetingState.CANCELLED,
}

ACTIONS = frozenset(action for _, action in TRANSITIONS)

#: Which permission each action needs.
ACTION_PERMISSION = {
    "publish": "meeting.edit",
    "unpublish": "meeting.edit",
    "cancel": "meeting.edit",
    "archive": "meeting.edit",
    "start": "meeting.run",
    "end": "meeting.run",
}

#: States in which the agenda, participants and documents may still be edited.
EDITABLE = frozenset({MeetingState.DRAFT, MeetingState.PUBLISHED, MeetingState.IN_PROGRESS})


def next_state(state: MeetingState | str, action: str) -> MeetingState:
    """The state after ``action``, or :class:`InvalidTransition` (nothing changes)."""
    return transition(TRANSITIONS, MeetingState(state), action, "a meeting")


def require_editable(state: MeetingState | str) -> None:
    if MeetingState(state) not in EDITABLE:
        raise InvalidTransition(
            f"The meeting is {MeetingState(state).value}; its preparation can no longer change."
        )
