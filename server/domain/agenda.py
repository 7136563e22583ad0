"""The agenda: a tree of items, reordering, the current item, and adopting unopposed items.

Sibling order lives in ``AgendaItem.sort_index`` (0..n-1 among the live children of one
parent).  Every reorder goes through :func:`protocol.state.place_item`, the same function
the client's reducer uses, so both sides always agree on the numbering.  Removal is soft
(``deleted=True``): the item stays in the record but leaves the agenda.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol import agenda as msg
from protocol.errors import Conflict, InvalidInput, NotFound
from protocol.meeting_state import MeetingState, require_editable
from protocol.positions import Stance, is_unopposed
from protocol.state import place_item
from protocol.voting import Outcome, PollState
from server.domain.access import Access, meeting_access
from server.domain.context import Ctx
from server.domain.dispatch import handles
from server.store.models import AgendaItem, Document, Participant, Poll, Position

MAX_TITLE = 1000
MIN_MINUTES, MAX_MINUTES = 1, 600


# --- helpers shared with other services -----------------------------------------------


def live_items(session: Session, meeting_id: int) -> list[AgendaItem]:
    """The meeting's items that are on the agenda (not removed)."""
    return list(
        session.scalars(
            select(AgendaItem).where(
                AgendaItem.meeting_id == meeting_id, AgendaItem.deleted.is_(False)
            )
        )
    )


def in_agenda_order(items: list[AgendaItem]) -> list[AgendaItem]:
    """``items`` depth-first, each level by ``sort_index`` (the order numbering follows)."""
    children: dict[int | None, list[AgendaItem]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    out: list[AgendaItem] = []
    stack = sorted(children.get(None, []), key=lambda i: i.sort_index, reverse=True)
    while stack:
        item = stack.pop()
        out.append(item)
        stack.extend(sorted(children.get(item.id, []), key=lambda i: i.sort_index, reverse=True))
    return out


def numbers(ordered: list[AgendaItem]) -> dict[int, str]:
    """Agenda numbers (``1``, ``1.1``, ``2`` …) of items given in agenda order."""
    out: dict[int, str] = {}
    count: dict[int | None, int] = {}
    for item in ordered:
        count[item.parent_id] = count.get(item.parent_id, 0) + 1
        prefix = out.get(item.parent_id) if item.parent_id is not None else None
        position = str(count[item.parent_id])
        out[item.id] = f"{prefix}.{position}" if prefix else position
    return out


def get_item(session: Session, item_id: int, *, lock: bool = False) -> AgendaItem:
    """A live agenda item, or :class:`NotFound`."""
    item = session.get(AgendaItem, item_id, with_for_update=lock)
    if item is None or item.deleted:
        raise NotFound(f"Agenda item {item_id} does not exist (it may have been removed).")
    return item


def _siblings(session: Session, meeting_id: int, parent_id: int | None) -> list[AgendaItem]:
    parent = (
        AgendaItem.parent_id.is_(None) if parent_id is None else AgendaItem.parent_id == parent_id
    )
    return list(
        session.scalars(
            select(AgendaItem).where(
                AgendaItem.meeting_id == meeting_id, AgendaItem.deleted.is_(False), parent
            )
        )
    )


def _renumber(siblings: list[AgendaItem]) -> None:
    for n, sibling in enumerate(sorted(siblings, key=lambda s: s.sort_index)):
        sibling.sort_index = n


def _parent(session: Session, meeting_id: int, parent_id: int | None) -> AgendaItem | None:
    if parent_id is None:
        return None
    parent = session.get(AgendaItem, parent_id)
    if parent is None or parent.deleted or parent.meeting_id != meeting_id:
        raise InvalidInput(
            f"Agenda item {parent_id} is not on this meeting's agenda; choose another parent "
            "or none for a top-level item."
        )
    return parent


def _title(title: str) -> str:
    title = title.strip()
    if not title:
        raise InvalidInput("An agenda item needs a title.")
    if len(title) > MAX_TITLE:
        raise InvalidInput(f"An agenda item's title may have at most {MAX_TITLE} characters.")
    return title


def _minutes(minutes: int) -> int:
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise InvalidInput(
            f"Planned time must be between {MIN_MINUTES} and {MAX_MINUTES} minutes (got {minutes})."
        )
    return minutes


def _presenter(session: Session, meeting_id: int, user_id: int | None) -> int | None:
    if user_id is None:
        return None
    invited = session.scalar(
        select(Participant.id).where(
            Participant.meeting_id == meeting_id, Participant.user_id == user_id
        )
    )
    if invited is None:
        raise InvalidInput(
            f"User {user_id} is not a participant of this meeting; invite them before making "
            "them the presenter of an item."
        )
    return user_id


def _managed(ctx: Ctx, meeting_id: int) -> Access:
    access = meeting_access(ctx, meeting_id, "agenda.manage", lock=True)
    require_editable(access.meeting.state)
    return access


def _in_progress(access: Access, what: str) -> None:
    if access.meeting.state != MeetingState.IN_PROGRESS:
        raise Conflict(
            f"The meeting is {access.meeting.state}; {what} only while it is in progress."
        )


# --- editing the agenda ---------------------------------------------------------------


@handles(msg.AgendaAddItem)
def add_item(ctx: Ctx, cmd: msg.AgendaAddItem) -> dict[str, object]:
    """Add an item under ``parent_id`` at ``index`` (None: last).  Secretariat only."""
    access = _managed(ctx, cmd.meeting_id)
    meeting_id = access.meeting.id
    title = _title(cmd.title)
    minutes = _minutes(cmd.planned_minutes)
    parent = _parent(ctx.session, meeting_id, cmd.parent_id)
    presenter = _presenter(ctx.session, meeting_id, cmd.presenter_user_id)
    siblings = _siblings(ctx.session, meeting_id, cmd.parent_id)
    item = AgendaItem(
        meeting_id=meeting_id,
        parent_id=parent.id if parent else None,
        title=title,
        presenter_user_id=presenter,
        planned_minutes=minutes,
        sort_index=len(siblings),
        deleted=False,
    )
    place_item(
        [*siblings, item], item, len(siblings) if cmd.index is None else cmd.index, key="sort_index"
    )
    ctx.session.add(item)
    ctx.session.flush()
    ctx.emit(
        meeting_id,
        msg.AgendaItemAdded(
            item_id=item.id,
            parent_id=item.parent_id,
            title=item.title,
            presenter_user_id=item.presenter_user_id,
            planned_minutes=item.planned_minutes,
            index=item.sort_index,
        ),
    )
    return {"item_id": item.id, "index": item.sort_index}


@handles(msg.AgendaUpdateItem)
def update_item(ctx: Ctx, cmd: msg.AgendaUpdateItem) -> dict[str, object]:
    """Change the title, presenter or planned minutes; fields left out stay as they are."""
    item = get_item(ctx.session, cmd.item_id)
    _managed(ctx, item.meeting_id)
    if cmd.title is not None:
        item.title = _title(cmd.title)
    if cmd.planned_minutes is not None:
        item.planned_minutes = _minutes(cmd.planned_minutes)
    if cmd.clear_presenter:
        item.presenter_user_id = None
    elif cmd.presenter_user_id is not None:
        item.presenter_user_id = _presenter(ctx.session, item.meeting_id, cmd.presenter_user_id)
    ctx.emit(
        item.meeting_id,
        msg.AgendaItemUpdated(
            item_id=item.id,
            title=item.title,
            presenter_user_id=item.presenter_user_id,
            planned_minutes=item.planned_minutes,
        ),
    )
    return {"item_id": item.id}


def _subtree(session: Session, item: AgendaItem) -> set[int]:
    """Ids of ``item`` and all its live descendants."""
    children: dict[int | None, list[int]] = {}
    for row in live_items(session, item.meeting_id):
        children.setdefault(row.parent_id, []).append(row.id)
    found, stack = set(), [item.id]
    while stack:
        current = stack.pop()
        found.add(current)
        stack.extend(children.get(current, []))
    return found


@handles(msg.AgendaMoveItem)
def move_item(ctx: Ctx, cmd: msg.AgendaMoveItem) -> dict[str, object]:
    """Move an item (with its sub-items) under ``parent_id`` at ``index``."""
    item = get_item(ctx.session, cmd.item_id)
    _managed(ctx, item.meeting_id)
    _parent(ctx.session, item.meeting_id, cmd.parent_id)
    if cmd.parent_id is not None and cmd.parent_id in _subtree(ctx.session, item):
        raise InvalidInput("An agenda item cannot be moved under itself or one of its sub-items.")
    old_parent = item.parent_id
    item.parent_id = cmd.parent_id
    if old_parent != cmd.parent_id:
        _renumber([s for s in _siblings(ctx.session, item.meeting_id, old_parent) if s is not item])
    siblings = _siblings(ctx.session, item.meeting_id, cmd.parent_id)
    if item not in siblings:
        siblings.append(item)
    place_item(siblings, item, cmd.index, key="sort_index")
    ctx.emit(
        item.meeting_id,
        msg.AgendaItemMoved(item_id=item.id, parent_id=item.parent_id, index=item.sort_index),
    )
    return {"item_id": item.id, "index": item.sort_index}


@handles(msg.AgendaRemoveItem)
def remove_item(ctx: Ctx, cmd: msg.AgendaRemoveItem) -> dict[str, object]:
    """Take an item off the agenda.  Refused while it has sub-items, documents, polls or a
    decision: those belong to the record; remove the sub-items first."""
    item = get_item(ctx.session, cmd.item_id)
    access = _managed(ctx, item.meeting_id)
    session = ctx.session
    if _siblings(session, item.meeting_id, item.id):
        raise Conflict("This item has sub-items; move or remove them first.")
    if session.scalar(select(Document.id).where(Document.item_id == item.id).limit(1)):
        raise Conflict("This item has documents, which stay in the record; it cannot be removed.")
    if session.scalar(select(Poll.id).where(Poll.item_id == item.id).limit(1)):
        raise Conflict("This item has votes, which stay in the record; it cannot be removed.")
    if item.decision is not None:
        raise Conflict(f"This item was already decided ({item.decision}); it cannot be removed.")
    item.deleted = True
    _renumber([s for s in _siblings(session, item.meeting_id, item.parent_id) if s is not item])
    if access.meeting.current_item_id == item.id:
        access.meeting.current_item_id = None
    ctx.emit(item.meeting_id, msg.AgendaItemRemoved(item_id=item.id))
    return {"item_id": item.id}


# --- running the meeting --------------------------------------------------------------


@handles(msg.AgendaSetCurrent)
def set_current(ctx: Ctx, cmd: msg.AgendaSetCurrent) -> dict[str, object]:
    """The chair moves the meeting to an item (None: no current item)."""
    access = meeting_access(ctx, cmd.meeting_id, "agenda.steer", lock=True)
    _in_progress(access, "the current item can be moved")
    if cmd.item_id is not None:
        item = ctx.session.get(AgendaItem, cmd.item_id)
        if item is None or item.deleted or item.meeting_id != access.meeting.id:
            raise NotFound(f"Agenda item {cmd.item_id} is not on this meeting's agenda.")
    if access.meeting.current_item_id != cmd.item_id:
        access.meeting.current_item_id = cmd.item_id
        ctx.emit(access.meeting.id, msg.AgendaCurrentChanged(item_id=cmd.item_id))
    return {"item_id": cmd.item_id}


@handles(msg.AgendaAdoptUnopposed)
def adopt_unopposed(ctx: Ctx, cmd: msg.AgendaAdoptUnopposed) -> dict[str, object]:
    """Adopt every undecided item on which at least one position was marked and every
    position is "no objection".  Items without positions, and items already put to a
    vote, are left alone.  Returns the adopted item ids in agenda order."""
    access = meeting_access(ctx, cmd.meeting_id, "meeting.run", lock=True)
    _in_progress(access, "items can be adopted")
    items = in_agenda_order(live_items(ctx.session, access.meeting.id))
    ids = [i.id for i in items]
    stances: dict[int, list[Stance]] = {}
    voted: set[int] = set()
    if ids:
        for item_id, stance in ctx.session.execute(
            select(Position.item_id, Position.stance).where(Position.item_id.in_(ids))
        ):
            stances.setdefault(item_id, []).append(Stance(stance))
        voted = set(
            ctx.session.scalars(
                select(Poll.item_id).where(Poll.item_id.in_(ids), Poll.state != PollState.CANCELLED)
            )
        )
    adopted: list[int] = []
    for item in items:
        marked = stances.get(item.id, [])
        if item.decision is not None or item.id in voted or not marked:
            continue
        if not is_unopposed(marked):
            continue
        item.decision = Outcome.ADOPTED
        adopted.append(item.id)
        ctx.emit(
            access.meeting.id,
            msg.AgendaDecisionRecorded(item_id=item.id, decision=Outcome.ADOPTED, note="unopposed"),
        )
    return {"adopted": adopted}
