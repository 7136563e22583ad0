"""The home screen: my meetings (upcoming and past) and what is waiting for me.

"Waiting for me" lists, per meeting I vote in, the agenda items of a published meeting
on which I have not marked a position yet, and the open polls I have not voted in.  The
view model follows those meetings (joined without attending) so the list stays live.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop.client import Client, MeetingSession
from desktop.client.document_cache import FINISHED, DocumentCache
from desktop.viewmodels.session import CommandRunner, Runner
from protocol.meeting_state import CLASSIFICATION_LABELS, Classification, MeetingState
from protocol.meetings import MeetingSummary
from protocol.permissions import global_permissions
from protocol.state import MeetingView, item_numbers, ordered_items
from protocol.voting import PollState

UPCOMING = frozenset({MeetingState.DRAFT, MeetingState.PUBLISHED, MeetingState.IN_PROGRESS})
#: Meetings in which positions and polls can still be waiting for someone.
ACTIVE = frozenset({MeetingState.PUBLISHED, MeetingState.IN_PROGRESS})
VOTER_ROLES = frozenset({"chair", "member"})


def meeting_state_label(state: str) -> str:
    labels = {
        MeetingState.DRAFT: QCoreApplication.translate("MeetingState", "Draft"),
        MeetingState.PUBLISHED: QCoreApplication.translate("MeetingState", "Published"),
        MeetingState.IN_PROGRESS: QCoreApplication.translate("MeetingState", "In progress"),
        MeetingState.ENDED: QCoreApplication.translate("MeetingState", "Ended"),
        MeetingState.ARCHIVED: QCoreApplication.translate("MeetingState", "Archived"),
        MeetingState.CANCELLED: QCoreApplication.translate("MeetingState", "Cancelled"),
    }
    return labels.get(MeetingState(state), str(state))


def classification_label(classification: str) -> str:
    """Classification names are legal terms: shown in Vietnamese in every language."""
    return CLASSIFICATION_LABELS.get(Classification(classification), str(classification))


#: Meetings whose minutes can be drafted, signed or read.
MINUTES_STATES = frozenset({MeetingState.IN_PROGRESS, MeetingState.ENDED, MeetingState.ARCHIVED})


@dataclass(frozen=True)
class MeetingRow:
    meeting_id: int
    title: str
    starts_at: str
    ends_at: str
    location: str
    state: str
    state_label: str
    classification: str
    classification_label: str
    my_role: str | None
    upcoming: bool

    @property
    def when(self) -> str:
        """``2026-12-03 08:00`` from the ISO timestamp."""
        return self.starts_at[:16].replace("T", " ")


@dataclass(frozen=True)
class WaitingRow:
    meeting_id: int
    meeting_title: str
    #: ``position`` (an item to mark) or ``poll`` (an open poll to vote in).
    kind: str
    target_id: int
    text: str


def _row(summary: MeetingSummary) -> MeetingRow:
    return MeetingRow(
        meeting_id=summary.id,
        title=summary.title,
        starts_at=summary.starts_at,
        ends_at=summary.ends_at,
        location=summary.location,
        state=str(summary.state),
        state_label=meeting_state_label(summary.state),
        classification=str(summary.classification),
        classification_label=classification_label(summary.classification),
        my_role=summary.my_role,
        upcoming=summary.state in UPCOMING,
    )


def waiting_in(view: MeetingView, user_id: int) -> list[WaitingRow]:
    """Positions not yet marked (published meetings) and open polls not yet voted in."""
    out: list[WaitingRow] = []
    numbers = item_numbers(view)
    if view.state == MeetingState.PUBLISHED:
        marked = {p.item_id for p in view.positions if p.user_id == user_id}
        for item in ordered_items(view):
            if item.item_id not in marked and item.decision is None:
                text = QCoreApplication.translate("Home", "Mark your position on item {0}: {1}")
                out.append(
                    WaitingRow(
                        view.meeting_id,
                        view.title,
                        "position",
                        item.item_id,
                        text.format(numbers[item.item_id], item.title),
                    )
                )
    for poll in view.polls.values():
        if poll.state == PollState.OPEN and user_id not in poll.voted_member_ids:
            text = QCoreApplication.translate("Home", "Vote open: {0}")
            out.append(
                WaitingRow(
                    view.meeting_id, view.title, "poll", poll.poll_id, text.format(poll.question)
                )
            )
    return out


class HomeViewModel(CommandRunner):
    meetings_changed = Signal()
    waiting_changed = Signal()
    busy_changed = Signal(bool)

    def __init__(
        self,
        client: Client,
        run: Runner,
        parent: QObject | None = None,
        cache: DocumentCache | None = None,
    ) -> None:
        super().__init__(run, parent)
        self._client = client
        self._cache = cache
        self.meetings: list[MeetingRow] = []
        self._followed: dict[int, MeetingSession] = {}

    @property
    def user_name(self) -> str:
        user = self._client.user
        return f"{user.full_name} — {user.position_title}" if user is not None else ""

    @property
    def upcoming(self) -> list[MeetingRow]:
        return sorted((m for m in self.meetings if m.upcoming), key=lambda m: m.starts_at)

    @property
    def past(self) -> list[MeetingRow]:
        rows = [m for m in self.meetings if not m.upcoming]
        return sorted(rows, key=lambda m: m.starts_at, reverse=True)

    @property
    def waiting(self) -> list[WaitingRow]:
        user = self._client.user
        if user is None:
            return []
        out: list[WaitingRow] = []
        for session in self._followed.values():
            if session.view is not None:
                out.extend(waiting_in(session.view, user.id))
        return out

    def meeting(self, meeting_id: int) -> MeetingRow | None:
        return next((m for m in self.meetings if m.meeting_id == meeting_id), None)

    @property
    def is_secretariat(self) -> bool:
        """May create meetings (the server checks again)."""
        user = self._client.user
        return user is not None and "secretariat" in user.roles

    def can_edit(self, meeting_id: int | None) -> bool:
        """Offer "Edit meeting": the secretariat, for a meeting they can see."""
        row = self.meeting(meeting_id) if meeting_id is not None else None
        return row is not None and (self.is_secretariat or row.my_role == "secretariat")

    @property
    def permissions(self) -> frozenset[str]:
        """What my account allows outside meetings (the server checks again)."""
        user = self._client.user
        return global_permissions(user.roles) if user is not None else frozenset()

    def can_open_minutes(self, meeting_id: int | None) -> bool:
        """Offer "Minutes…": the secretariat or the chair of a meeting that has started."""
        row = self.meeting(meeting_id) if meeting_id is not None else None
        if row is None or row.state not in MINUTES_STATES:
            return False
        return self.is_secretariat or row.my_role in {"secretariat", "chair"}

    def can_mark_positions(self, meeting_id: int | None) -> bool:
        """Offer "Positions…": a published (or running) meeting I take part in."""
        row = self.meeting(meeting_id) if meeting_id is not None else None
        return row is not None and row.my_role is not None and row.state in ACTIVE

    def follows(self, meeting_id: int) -> bool:
        """Whether the home screen keeps this meeting joined (for "waiting for me")."""
        return meeting_id in self._followed

    def refresh(self) -> None:
        self.busy_changed.emit(True)
        self._submit(
            self._refresh(),
            done=lambda _: self.busy_changed.emit(False),
            failed=lambda _: self.busy_changed.emit(False),
        )

    async def _refresh(self) -> None:
        listed = await self._client.list_meetings()
        self.meetings = [_row(m) for m in listed]
        self.meetings_changed.emit()
        if self._cache is not None:
            # Documents of meetings that finished (or that I no longer see) leave the disk.
            live = {m.id for m in listed if m.state not in FINISHED}
            for meeting_id in self._cache.meetings():
                if meeting_id not in live:
                    self._cache.drop_meeting(meeting_id)
        for m in listed:
            if m.state not in ACTIVE or m.my_role not in VOTER_ROLES:
                self._followed.pop(m.id, None)
                continue
            session = self._client.meetings.get(m.id)
            if session is not None and session is self._followed.get(m.id):
                continue  # followed, and still kept current by the client
            if session is None:  # not joined, or left when its room closed
                session = await self._client.join(m.id, attend=False)
            self._follow(session)
        self.waiting_changed.emit()

    def _follow(self, session: MeetingSession) -> None:
        self._followed[session.meeting_id] = session
        if self._cache is not None:
            self._cache.watch(session)
        session.subscribe(lambda _seq, _event: self._on_session_changed())
        session.subscribe_snapshots(self._on_session_changed)

    def _on_session_changed(self) -> None:
        try:
            self.waiting_changed.emit()
        except RuntimeError:  # the home window (and this object) is gone
            pass
