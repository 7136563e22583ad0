"""Positions before the meeting: a member marks a stance per agenda item; the chair and
the secretariat see the summary.

A member sees their own positions (the server sends each member only theirs); the
summary comes from ``position.summary`` and is fetched again whenever a position or
the agenda changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec
from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop.client import Client, MeetingSession
from desktop.viewmodels.session import CommandRunner, Runner
from desktop.viewmodels.voting import choice_label, outcome_label
from protocol import agenda, meetings, positions
from protocol.envelope import Event
from protocol.meeting_state import EDITABLE, MeetingState
from protocol.positions import ItemPositions, PositionMark, PositionSummary, Stance
from protocol.state import MeetingView, item_numbers, ordered_items
from protocol.voting import Choice

STANCES = (Stance.NO_OBJECTION, Stance.OBJECT, Stance.WISH_TO_SPEAK)
CHOICES = (Choice.YES, Choice.NO, Choice.ABSTAIN)
_AGENDA = (
    agenda.AgendaItemAdded,
    agenda.AgendaItemUpdated,
    agenda.AgendaItemMoved,
    agenda.AgendaItemRemoved,
    agenda.AgendaDecisionRecorded,
    meetings.MeetingStateChanged,
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Positions", text)


def stance_label(stance: str) -> str:
    labels: dict[str, str] = {
        Stance.NO_OBJECTION: _tr("No objection"),
        Stance.OBJECT: _tr("Object"),
        Stance.WISH_TO_SPEAK: _tr("Wish to speak"),
    }
    return labels.get(stance, str(stance))


@dataclass(frozen=True)
class ItemPositionRow:
    """One agenda item and my position on it."""

    item_id: int
    number: str
    depth: int
    title: str
    decision_label: str
    stance: str | None
    preliminary_vote: str | None
    comment: str
    can_mark: bool

    @property
    def summary(self) -> str:
        """My position in a few words, e.g. ``Object · No``; empty when not marked."""
        if self.stance is None:
            return ""
        parts = [stance_label(self.stance)]
        if self.preliminary_vote:
            parts.append(choice_label(self.preliminary_vote))
        return " · ".join(parts)


@dataclass(frozen=True)
class SummaryRow:
    item_id: int
    number: str
    title: str
    no_objection: int
    object: int
    wish_to_speak: int
    yes: int
    no: int
    abstain: int
    unopposed: bool
    #: ``(name, stance label, vote label, comment)`` of each member who marked.
    entries: tuple[tuple[str, str, str, str], ...]


class PositionsViewModel(CommandRunner):
    positions_changed = Signal()
    summary_changed = Signal()
    #: ``item_id``: the server recorded my position.
    position_marked = Signal(int)

    def __init__(
        self,
        client: Client,
        session: MeetingSession,
        run: Runner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(run, parent)
        self._client = client
        self._session = session
        self.summary: list[SummaryRow] = []
        session.subscribe(self._on_session_event)
        session.subscribe_snapshots(self._on_session_snapshot)
        if self.can_view_summary:
            self.refresh_summary()

    @property
    def view(self) -> MeetingView | None:
        return self._session.view

    @property
    def me(self) -> int | None:
        return self._client.user.id if self._client.user is not None else None

    @property
    def can_mark(self) -> bool:
        view = self.view
        return (
            view is not None
            and MeetingState(view.state) in EDITABLE
            and "position.mark" in self._session.permissions
        )

    @property
    def can_view_summary(self) -> bool:
        return "position.view_summary" in self._session.permissions

    def rows(self) -> list[ItemPositionRow]:
        """Every agenda item in order, with my position on it."""
        view = self.view
        if view is None:
            return []
        mine = {p.item_id: p for p in view.positions if p.user_id == self.me}
        numbers = item_numbers(view)
        can_mark = self.can_mark
        out = []
        for item in ordered_items(view):
            pos = mine.get(item.item_id)
            out.append(
                ItemPositionRow(
                    item_id=item.item_id,
                    number=numbers[item.item_id],
                    depth=numbers[item.item_id].count("."),
                    title=item.title,
                    decision_label=outcome_label(item.decision) if item.decision else "",
                    stance=str(pos.stance) if pos else None,
                    preliminary_vote=str(pos.preliminary_vote)
                    if pos and pos.preliminary_vote
                    else None,
                    comment=pos.comment if pos else "",
                    can_mark=can_mark and item.decision is None,
                )
            )
        return out

    def row(self, item_id: int) -> ItemPositionRow | None:
        return next((r for r in self.rows() if r.item_id == item_id), None)

    def mark(
        self, item_id: int, stance: str, preliminary_vote: str | None = None, comment: str = ""
    ) -> None:
        """Record my position on an item (replacing an earlier one)."""
        self._submit(
            self._client.call(
                PositionMark,
                item_id=item_id,
                stance=Stance(stance),
                preliminary_vote=Choice(preliminary_vote) if preliminary_vote else None,
                comment=comment.strip(),
            ),
            done=lambda _: self.position_marked.emit(item_id),
        )

    def refresh_summary(self) -> None:
        self._submit(
            self._client.call(PositionSummary, meeting_id=self._session.meeting_id),
            done=self._on_summary,
        )

    def _on_summary(self, result: Any) -> None:
        items = msgspec.convert(result["items"], list[ItemPositions])
        self.summary = [
            SummaryRow(
                item_id=i.item_id,
                number=i.number,
                title=i.title,
                no_objection=i.stances.get(Stance.NO_OBJECTION, 0),
                object=i.stances.get(Stance.OBJECT, 0),
                wish_to_speak=i.stances.get(Stance.WISH_TO_SPEAK, 0),
                yes=i.votes.get(Choice.YES, 0),
                no=i.votes.get(Choice.NO, 0),
                abstain=i.votes.get(Choice.ABSTAIN, 0),
                unopposed=i.unopposed,
                entries=tuple(
                    (
                        e.full_name,
                        stance_label(e.stance),
                        choice_label(e.preliminary_vote) if e.preliminary_vote else "",
                        e.comment,
                    )
                    for e in i.entries
                ),
            )
            for i in items
        ]
        self.summary_changed.emit()

    def _on_session_event(self, _seq: int, event: Event) -> None:
        try:
            if isinstance(event, (positions.PositionMarked, *_AGENDA)):
                self.positions_changed.emit()
                if self.can_view_summary:
                    self.refresh_summary()
        except RuntimeError:  # the panel (and this object) is gone
            pass

    def _on_session_snapshot(self) -> None:
        try:
            self.positions_changed.emit()
            if self.can_view_summary:
                self.refresh_summary()
        except RuntimeError:
            pass
