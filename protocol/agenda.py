"""The agenda: a tree of items, the current item, and decisions."""

from __future__ import annotations

from protocol.envelope import Command, Event


class AgendaAddItem(Command, tag="agenda.add_item", frozen=True):
    meeting_id: int
    title: str
    parent_id: int | None = None
    presenter_user_id: int | None = None
    planned_minutes: int = 10
    index: int | None = None


class AgendaUpdateItem(Command, tag="agenda.update_item", frozen=True):
    item_id: int
    title: str | None = None
    presenter_user_id: int | None = None
    planned_minutes: int | None = None
    #: Remove the presenter (``presenter_user_id`` None means "unchanged").
    clear_presenter: bool = False


class AgendaMoveItem(Command, tag="agenda.move_item", frozen=True):
    """Move an item under ``parent_id`` (None: top level) at position ``index``."""

    item_id: int
    parent_id: int | None
    index: int


class AgendaRemoveItem(Command, tag="agenda.remove_item", frozen=True):
    item_id: int


class AgendaSetCurrent(Command, tag="agenda.set_current", frozen=True):
    meeting_id: int
    item_id: int | None


class AgendaAdoptUnopposed(Command, tag="agenda.adopt_unopposed", frozen=True):
    """Adopt in one step every item nobody objected to and nobody asked to speak on."""

    meeting_id: int


class AgendaItemAdded(Event, tag="agenda.item_added", frozen=True):
    item_id: int
    parent_id: int | None
    title: str
    presenter_user_id: int | None
    planned_minutes: int
    index: int


class AgendaItemUpdated(Event, tag="agenda.item_updated", frozen=True):
    item_id: int
    title: str
    presenter_user_id: int | None
    planned_minutes: int


class AgendaItemMoved(Event, tag="agenda.item_moved", frozen=True):
    item_id: int
    parent_id: int | None
    index: int


class AgendaItemRemoved(Event, tag="agenda.item_removed", frozen=True):
    item_id: int


class AgendaCurrentChanged(Event, tag="agenda.current_changed", frozen=True):
    item_id: int | None


class AgendaDecisionRecorded(Event, tag="agenda.decision_recorded", frozen=True):
    """The decision on an item: ``adopted``/``rejected``/``tied``, by poll or unopposed."""

    item_id: int
    decision: str
    poll_id: int | None = None
    note: str = ""
