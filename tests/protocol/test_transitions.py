"""Every transition table, over the full cross product of states and actions.

A legal (state, action) gives the table's next state; every other combination raises
:class:`InvalidTransition` with a message naming the action and the current state.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from itertools import product
from typing import Any

import pytest

from protocol import live, meeting_state, voting
from protocol.errors import InvalidTransition
from protocol.live import LobbyState, SpeakerState
from protocol.meeting_state import MeetingState
from protocol.voting import PollState

Table = dict[tuple[Any, str], Any]

MACHINES: dict[str, tuple[type[StrEnum], Table, Callable[[Any, str], Any]]] = {
    "meeting": (MeetingState, meeting_state.TRANSITIONS, meeting_state.next_state),
    "poll": (PollState, voting.TRANSITIONS, voting.next_state),
    "speaker": (SpeakerState, live.SPEAKER_TRANSITIONS, live.next_speaker_state),
    "lobby": (LobbyState, live.LOBBY_TRANSITIONS, live.next_lobby_state),
}

#: An action that no table knows, to show unknown actions are refused too.
BOGUS = "teleport"


def _cases() -> list[Any]:
    cases = []
    for machine, (states, table, _) in MACHINES.items():
        actions = sorted({action for _, action in table} | {BOGUS})
        for state, action in product(states, actions):
            cases.append(pytest.param(machine, state, action, id=f"{machine}-{state}-{action}"))
    return cases


@pytest.mark.parametrize(("machine", "state", "action"), _cases())
def test_transition(machine: str, state: StrEnum, action: str) -> None:
    _, table, step = MACHINES[machine]
    if (state, action) in table:
        assert step(state, action) is table[(state, action)]
        assert step(state.value, action) is table[(state, action)]
    else:
        with pytest.raises(InvalidTransition) as err:
            step(state, action)
        assert action in err.value.message
        assert state.value in err.value.message
        assert err.value.code == "state.invalid_transition"


@pytest.mark.parametrize("machine", sorted(MACHINES))
def test_tables_only_mention_their_own_states(machine: str) -> None:
    states, table, _ = MACHINES[machine]
    for (state, _action), target in table.items():
        assert isinstance(state, states)
        assert isinstance(target, states)


def test_meeting_lifecycle_runs_draft_to_archived() -> None:
    state = MeetingState.DRAFT
    for action in ("publish", "start", "end", "archive"):
        state = meeting_state.next_state(state, action)
    assert state is MeetingState.ARCHIVED


def test_meeting_error_says_what_is_possible_now() -> None:
    with pytest.raises(InvalidTransition, match="Possible now: cancel, start, unpublish"):
        meeting_state.next_state(MeetingState.PUBLISHED, "end")
    with pytest.raises(InvalidTransition) as err:
        meeting_state.next_state(MeetingState.ARCHIVED, "start")
    assert "Possible now" not in err.value.message


def test_every_meeting_action_names_a_known_permission() -> None:
    from protocol.permissions import MEETING

    assert set(meeting_state.ACTION_PERMISSION) == meeting_state.ACTIONS
    assert set(meeting_state.ACTION_PERMISSION.values()) <= set(MEETING)


@pytest.mark.parametrize("state", list(MeetingState))
def test_preparation_is_editable_only_until_the_meeting_ends(state: MeetingState) -> None:
    if state in (MeetingState.DRAFT, MeetingState.PUBLISHED, MeetingState.IN_PROGRESS):
        meeting_state.require_editable(state)
    else:
        with pytest.raises(InvalidTransition, match=state.value):
            meeting_state.require_editable(state)


def test_poll_lifecycle_runs_created_to_published() -> None:
    state = PollState.CREATED
    for action in ("open", "close", "publish"):
        state = voting.next_state(state, action)
    assert state is PollState.PUBLISHED


@pytest.mark.parametrize("state", list(PollState))
def test_ballots_are_accepted_only_while_open(state: PollState) -> None:
    if state is PollState.OPEN:
        voting.require_open(state)
    else:
        with pytest.raises(InvalidTransition, match="not open"):
            voting.require_open(state)


def test_unknown_state_value_is_not_silently_accepted() -> None:
    with pytest.raises(ValueError):
        meeting_state.next_state("sleeping", "start")
