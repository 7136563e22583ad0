"""The meeting state both sides share, and the reducer that applies events to it.

The server builds a :class:`MeetingView` from its database for a snapshot; a client
keeps one and applies every event it receives with :func:`apply`.  Applying the events
after a snapshot to that snapshot gives the server's later snapshot.
"""

from __future__ import annotations

from typing import Any

import msgspec

from protocol import agenda, documents, live, media, meetings, positions, voting
from protocol.envelope import Event
from protocol.meeting_state import Classification, MeetingState
from protocol.voting import PollResult, PollState


class ParticipantView(msgspec.Struct, kw_only=True):
    user_id: int
    full_name: str
    position_title: str = ""
    unit_name: str | None = None
    role: str = "member"
    substitute_user_id: int | None = None
    substitute_name: str | None = None
    vote_delegated: bool = False
    absence_reason: str | None = None
    present: bool = False
    #: ``waiting``/``admitted``/``refused`` for guests who came through the lobby.
    lobby: str | None = None
    removed: bool = False


class DocumentView(msgspec.Struct, kw_only=True):
    document_id: int
    version_id: int
    version: int
    filename: str
    sha256: str
    size: int
    pages: int


class ItemView(msgspec.Struct, kw_only=True):
    item_id: int
    parent_id: int | None
    title: str
    presenter_user_id: int | None
    planned_minutes: int
    index: int
    documents: list[DocumentView] = msgspec.field(default_factory=list)
    decision: str | None = None


class PollView(msgspec.Struct, kw_only=True):
    poll_id: int
    item_id: int
    question: str
    secret: bool
    state: PollState = PollState.CREATED
    ballots_cast: int = 0
    voted_member_ids: list[int] = msgspec.field(default_factory=list)
    result: PollResult | None = None


class SpeakerView(msgspec.Struct, kw_only=True):
    request_id: int
    user_id: int
    item_id: int | None
    state: str = live.SpeakerState.WAITING
    seconds: int | None = None
    started_at: str | None = None


class PositionView(msgspec.Struct, kw_only=True):
    item_id: int
    user_id: int
    stance: positions.Stance
    preliminary_vote: voting.Choice | None = None
    comment: str = ""


class PageView(msgspec.Struct, kw_only=True):
    version_id: int
    page: int
    by_user_id: int


class RecordingView(msgspec.Struct, kw_only=True):
    """The recording in progress (``media.recording_started``, not yet stopped)."""

    recording_id: int
    file_name: str
    by: int
    started_at: str = ""


class MeetingView(msgspec.Struct, kw_only=True):
    meeting_id: int
    title: str
    starts_at: str
    ends_at: str
    mode: str
    location: str
    classification: Classification
    state: MeetingState
    #: Ballots must carry a digital signature (``protocol.voting.canonical_ballot``).
    signed_votes: bool = False
    participants: dict[int, ParticipantView] = msgspec.field(default_factory=dict)
    items: dict[int, ItemView] = msgspec.field(default_factory=dict)
    current_item_id: int | None = None
    presenter_page: PageView | None = None
    speakers: list[SpeakerView] = msgspec.field(default_factory=list)
    polls: dict[int, PollView] = msgspec.field(default_factory=dict)
    #: Only filled for those allowed to see the summary, and one's own positions.
    positions: list[PositionView] = msgspec.field(default_factory=list)
    #: The recording in progress, if any: everyone sees that the meeting is recorded.
    recording: RecordingView | None = None


def ordered_items(view: MeetingView) -> list[ItemView]:
    """Items depth-first in agenda order."""
    children: dict[int | None, list[ItemView]] = {}
    for item in view.items.values():
        children.setdefault(item.parent_id, []).append(item)
    out: list[ItemView] = []

    def walk(parent: int | None) -> None:
        for child in sorted(children.get(parent, []), key=lambda i: i.index):
            out.append(child)
            walk(child.item_id)

    walk(None)
    return out


def item_numbers(view: MeetingView) -> dict[int, str]:
    """Agenda numbering: ``1``, ``1.1``, ``2`` …"""
    numbers: dict[int, str] = {}
    for item in ordered_items(view):
        siblings = sorted(
            (i for i in view.items.values() if i.parent_id == item.parent_id),
            key=lambda i: i.index,
        )
        position = str(siblings.index(item) + 1)
        parent = numbers.get(item.parent_id) if item.parent_id is not None else None
        numbers[item.item_id] = f"{parent}.{position}" if parent else position
    return numbers


def place_item(siblings: list[Any], moving: Any, index: int, *, key: str = "index") -> None:
    """Insert ``moving`` among ``siblings`` at ``index`` and renumber 0..n-1 in place.

    Shared by the server (ORM rows) and the reducer (views) so both agree on order.
    """
    rest = sorted((s for s in siblings if s is not moving), key=lambda s: getattr(s, key))
    index = max(0, min(index, len(rest)))
    rest.insert(index, moving)
    for n, sibling in enumerate(rest):
        setattr(sibling, key, n)


def _siblings(view: MeetingView, parent_id: int | None) -> list[ItemView]:
    return [i for i in view.items.values() if i.parent_id == parent_id]


def apply(view: MeetingView, event: Event) -> MeetingView:
    """Apply one event to ``view`` (in place) and return it."""
    match event:
        case meetings.MeetingUpdated():
            view.title, view.starts_at, view.ends_at = event.title, event.starts_at, event.ends_at
            view.mode, view.location = event.mode, event.location
            view.classification = event.classification
            view.signed_votes = event.signed_votes
        case meetings.MeetingStateChanged():
            view.state = event.state
            if event.state is not MeetingState.IN_PROGRESS:
                for p in view.participants.values():
                    p.present = False
        case meetings.ParticipantInvited():
            view.participants[event.user_id] = ParticipantView(
                user_id=event.user_id,
                full_name=event.full_name,
                position_title=event.position_title,
                unit_name=event.unit_name,
                role=event.role,
            )
        case meetings.ParticipantUpdated():
            p = view.participants[event.user_id]
            p.role, p.substitute_user_id = event.role, event.substitute_user_id
            p.substitute_name, p.vote_delegated = event.substitute_name, event.vote_delegated
            p.absence_reason = event.absence_reason
        case meetings.ParticipantUninvited():
            view.participants.pop(event.user_id, None)
        case meetings.ParticipantJoined():
            p = view.participants.get(event.user_id) or _substitute_entry(view, event)
            p.present, p.removed = True, False
        case meetings.ParticipantLeft():
            if event.user_id in view.participants:
                view.participants[event.user_id].present = False
        case meetings.ParticipantRemoved():
            if event.user_id in view.participants:
                p = view.participants[event.user_id]
                p.present, p.removed = False, True
        case agenda.AgendaItemAdded():
            item = ItemView(
                item_id=event.item_id,
                parent_id=event.parent_id,
                title=event.title,
                presenter_user_id=event.presenter_user_id,
                planned_minutes=event.planned_minutes,
                index=10**9,
            )
            view.items[item.item_id] = item
            place_item(_siblings(view, event.parent_id), item, event.index)
        case agenda.AgendaItemUpdated():
            item = view.items[event.item_id]
            item.title, item.presenter_user_id = event.title, event.presenter_user_id
            item.planned_minutes = event.planned_minutes
        case agenda.AgendaItemMoved():
            item = view.items[event.item_id]
            old_parent = item.parent_id
            item.parent_id = event.parent_id
            item.index = 10**9
            _renumber(_siblings(view, old_parent))
            place_item(_siblings(view, event.parent_id), item, event.index)
        case agenda.AgendaItemRemoved():
            removed = view.items.pop(event.item_id, None)
            if removed is not None:
                _renumber(_siblings(view, removed.parent_id))
            view.positions = [pos for pos in view.positions if pos.item_id != event.item_id]
            if view.current_item_id == event.item_id:
                view.current_item_id = None
        case agenda.AgendaCurrentChanged():
            view.current_item_id = event.item_id
        case agenda.AgendaDecisionRecorded():
            if event.item_id in view.items:
                view.items[event.item_id].decision = event.decision
        case documents.DocumentAdded():
            item = view.items[event.item_id]
            doc = DocumentView(
                document_id=event.document_id,
                version_id=event.version_id,
                version=event.version,
                filename=event.filename,
                sha256=event.sha256,
                size=event.size,
                pages=event.pages,
            )
            # A new version takes the old one's place (documents stay in upload order).
            ids = [d.document_id for d in item.documents]
            if doc.document_id in ids:
                item.documents[ids.index(doc.document_id)] = doc
            else:
                item.documents.append(doc)
        case positions.PositionMarked():
            marked = PositionView(
                item_id=event.item_id,
                user_id=event.user_id,
                stance=event.stance,
                preliminary_vote=event.preliminary_vote,
                comment=event.comment,
            )
            # Replaced in place: positions keep the order they were first marked in.
            for n, old in enumerate(view.positions):
                if old.item_id == event.item_id and old.user_id == event.user_id:
                    view.positions[n] = marked
                    break
            else:
                view.positions.append(marked)
        case live.PresenterPageChanged():
            view.presenter_page = PageView(
                version_id=event.version_id, page=event.page, by_user_id=event.by_user_id
            )
        case live.FloorRequested():
            view.speakers.append(
                SpeakerView(
                    request_id=event.request_id, user_id=event.user_id, item_id=event.item_id
                )
            )
        case live.FloorWithdrawn():
            view.speakers = [s for s in view.speakers if s.request_id != event.request_id]
        case live.FloorGranted():
            for s in view.speakers:
                if s.request_id == event.request_id:
                    s.state, s.seconds, s.started_at = "speaking", event.seconds, event.started_at
        case live.FloorEnded():
            view.speakers = [s for s in view.speakers if s.request_id != event.request_id]
        case live.FloorReordered():
            rank = {rid: n for n, rid in enumerate(event.request_ids)}
            view.speakers.sort(key=lambda s: rank.get(s.request_id, len(rank)))
        case live.LobbyEntered():
            guest = view.participants.get(event.user_id)
            if guest is None:
                guest = ParticipantView(
                    user_id=event.user_id, full_name=event.full_name, role="guest"
                )
                view.participants[event.user_id] = guest
            guest.lobby, guest.present = "waiting", False
        case live.LobbyAdmitted():
            if event.user_id in view.participants:
                p = view.participants[event.user_id]
                p.lobby, p.present = "admitted", True
        case live.LobbyRefused():
            if event.user_id in view.participants:
                view.participants[event.user_id].lobby = "refused"
        case voting.PollCreated():
            view.polls[event.poll_id] = PollView(
                poll_id=event.poll_id,
                item_id=event.item_id,
                question=event.question,
                secret=event.secret,
            )
        case voting.PollStateChanged():
            view.polls[event.poll_id].state = event.state
        case voting.PollVoted():
            poll = view.polls[event.poll_id]
            poll.ballots_cast = event.ballots_cast
            if event.member_id not in poll.voted_member_ids:
                poll.voted_member_ids.append(event.member_id)
        case voting.PollPublished():
            poll = view.polls[event.poll_id]
            poll.state, poll.result = PollState.PUBLISHED, event.result
        case media.MediaRecordingStarted():
            view.recording = RecordingView(
                recording_id=event.recording_id,
                file_name=event.file_name,
                by=event.by,
                started_at=event.started_at,
            )
        case media.MediaRecordingStopped() | media.MediaRecordingInterrupted():
            view.recording = None
        case _:
            pass
    return view


def _renumber(siblings: list[ItemView]) -> None:
    for n, sibling in enumerate(sorted(siblings, key=lambda s: s.index)):
        sibling.index = n


def _substitute_entry(view: MeetingView, event: meetings.ParticipantJoined) -> ParticipantView:
    """A substitute is shown as their own entry, marked by whom they stand in for."""
    p = ParticipantView(user_id=event.user_id, full_name=event.full_name, role="substitute")
    view.participants[event.user_id] = p
    return p
