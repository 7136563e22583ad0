"""The one way every state machine in the protocol moves: look the move up in its table."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from protocol.errors import InvalidTransition

S = TypeVar("S", bound=StrEnum)


def transition(table: dict[tuple[S, str], S], state: S, action: str, what: str) -> S:
    """The state after ``action`` from ``state``, or :class:`InvalidTransition`.

    ``what`` names the thing for the message, e.g. "a poll".  Nothing changes on error;
    the message lists the actions possible now.
    """
    try:
        return table[(state, action)]
    except KeyError:
        allowed = sorted(a for (s, a) in table if s == state)
        hint = f" Possible now: {', '.join(allowed)}." if allowed else ""
        raise InvalidTransition(f"Cannot {action} {what} in state '{state.value}'.{hint}") from None
