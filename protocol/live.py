"""The live meeting: follow the presenter, list of speakers, lobby."""

from __future__ import annotations

from enum import StrEnum

from protocol.envelope import Command, Event
from protocol.transitions import transition


class SpeakerState(StrEnum):
    WAITING = "waiting"
    SPEAKING = "speaking"
    DONE = "done"
    WITHDRAWN = "withdrawn"


SPEAKER_TRANSITIONS: dict[tuple[SpeakerState, str], SpeakerState] = {
    (SpeakerState.WAITING, "grant"): SpeakerState.SPEAKING,
    (SpeakerState.WAITING, "withdraw"): SpeakerState.WITHDRAWN,
    (SpeakerState.SPEAKING, "end"): SpeakerState.DONE,
}


class LobbyState(StrEnum):
    WAITING = "waiting"
    ADMITTED = "admitted"
    REFUSED = "refused"


LOBBY_TRANSITIONS: dict[tuple[LobbyState, str], LobbyState] = {
    (LobbyState.WAITING, "admit"): LobbyState.ADMITTED,
    (LobbyState.WAITING, "refuse"): LobbyState.REFUSED,
}


def next_speaker_state(state: SpeakerState | str, action: str) -> SpeakerState:
    return transition(SPEAKER_TRANSITIONS, SpeakerState(state), action, "a floor request")


def next_lobby_state(state: LobbyState | str, action: str) -> LobbyState:
    return transition(LOBBY_TRANSITIONS, LobbyState(state), action, "a guest")


class PresenterSetPage(Command, tag="presenter.set_page", frozen=True):
    meeting_id: int
    version_id: int
    page: int


class FloorRequest(Command, tag="floor.request", frozen=True):
    meeting_id: int
    item_id: int | None = None


class FloorWithdraw(Command, tag="floor.withdraw", frozen=True):
    request_id: int


class FloorGrant(Command, tag="floor.grant", frozen=True):
    request_id: int
    seconds: int = 180


class FloorEnd(Command, tag="floor.end", frozen=True):
    request_id: int


class FloorReorder(Command, tag="floor.reorder", frozen=True):
    meeting_id: int
    request_ids: list[int]


class LobbyAdmit(Command, tag="lobby.admit", frozen=True):
    meeting_id: int
    user_id: int


class LobbyRefuse(Command, tag="lobby.refuse", frozen=True):
    meeting_id: int
    user_id: int


class PresenterPageChanged(Event, tag="presenter.page_changed", frozen=True):
    version_id: int
    page: int
    by_user_id: int


class FloorRequested(Event, tag="floor.requested", frozen=True):
    request_id: int
    user_id: int
    item_id: int | None


class FloorWithdrawn(Event, tag="floor.withdrawn", frozen=True):
    request_id: int


class FloorGranted(Event, tag="floor.granted", frozen=True):
    request_id: int
    seconds: int
    started_at: str


class FloorEnded(Event, tag="floor.ended", frozen=True):
    request_id: int
    spoke_seconds: int


class FloorReordered(Event, tag="floor.reordered", frozen=True):
    request_ids: list[int]


class LobbyEntered(Event, tag="lobby.entered", frozen=True):
    user_id: int
    full_name: str


class LobbyAdmitted(Event, tag="lobby.admitted", frozen=True):
    user_id: int


class LobbyRefused(Event, tag="lobby.refused", frozen=True):
    user_id: int
