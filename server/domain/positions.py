"""Positions before the meeting: each member's stance on each agenda item, and the summary.

A position is one row per item and member, replaced when the member marks again.  Its
event goes only to the chair and secretariat (``managers``) and to the member who marked
it; the snapshot shows the same rows to the same people.
"""

from __future__ import annotations

from sqlalchemy import select

from protocol import positions as msg
from protocol.errors import Conflict, InvalidInput
from protocol.meeting_state import EDITABLE, MeetingState
from protocol.voting import Choice
from server.domain.access import meeting_access
from server.domain.agenda import get_item, in_agenda_order, live_items, numbers
from server.domain.context import Ctx
from server.domain.dispatch import handles
from server.store.models import Position, User

MAX_COMMENT = 4000


@handles(msg.PositionMark)
def mark(ctx: Ctx, cmd: msg.PositionMark) -> dict[str, object]:
    """Mark (or change) the actor's position on an item, before or during the meeting."""
    item = get_item(ctx.session, cmd.item_id)
    access = meeting_access(ctx, item.meeting_id, "position.mark", lock=True)
    state = MeetingState(access.meeting.state)
    if state not in EDITABLE:
        raise Conflict(
            f"The meeting is {state.value}; positions can only be marked before or during it."
        )
    if item.decision is not None:
        raise Conflict(f"This item was already decided ({item.decision}); positions are closed.")
    comment = cmd.comment.strip()
    if len(comment) > MAX_COMMENT:
        raise InvalidInput(f"A comment may have at most {MAX_COMMENT} characters.")
    # Commands built in-process (not decoded from the wire) may carry plain strings.
    stance = msg.Stance(cmd.stance)
    vote = Choice(cmd.preliminary_vote) if cmd.preliminary_vote is not None else None
    user_id = ctx.user.user_id
    row = ctx.session.scalar(
        select(Position).where(Position.item_id == item.id, Position.user_id == user_id)
    )
    if row is None:
        row = Position(item_id=item.id, user_id=user_id)
        ctx.session.add(row)
    row.stance = stance
    row.preliminary_vote = vote
    row.comment = comment
    row.updated_at = ctx.clock()
    ctx.emit(
        item.meeting_id,
        msg.PositionMarked(
            item_id=item.id,
            user_id=user_id,
            stance=stance,
            preliminary_vote=vote,
            comment=comment,
        ),
        f"managers,user:{user_id}",
    )
    return {"item_id": item.id, "stance": stance.value}


@handles(msg.PositionSummary, record=False)
def summary(ctx: Ctx, cmd: msg.PositionSummary) -> dict[str, object]:
    """Every item in agenda order with its counts, entries and whether it is unopposed.

    Returns ``{"meeting_id", "items": [ItemPositions], "unopposed": [item ids]}``.
    Only the chair and the secretariat may see it.
    """
    access = meeting_access(ctx, cmd.meeting_id, "position.view_summary")
    items = in_agenda_order(live_items(ctx.session, access.meeting.id))
    numbering = numbers(items)
    rows: dict[int, list[tuple[Position, str]]] = {}
    if items:
        query = (
            select(Position, User.full_name)
            .join(User, User.id == Position.user_id)
            .where(Position.item_id.in_([i.id for i in items]))
            .order_by(Position.id)
        )
        for pos, name in ctx.session.execute(query):
            rows.setdefault(pos.item_id, []).append((pos, name))
    out: list[msg.ItemPositions] = []
    for item in items:
        entries = [
            msg.PositionEntry(
                user_id=pos.user_id,
                full_name=name,
                stance=msg.Stance(pos.stance),
                preliminary_vote=Choice(pos.preliminary_vote) if pos.preliminary_vote else None,
                comment=pos.comment,
            )
            for pos, name in rows.get(item.id, [])
        ]
        stances = [e.stance for e in entries]
        out.append(
            msg.ItemPositions(
                item_id=item.id,
                number=numbering[item.id],
                title=item.title,
                decision=item.decision,
                stances={s.value: stances.count(s) for s in msg.Stance},
                votes={c.value: sum(1 for e in entries if e.preliminary_vote is c) for c in Choice},
                entries=entries,
                unopposed=bool(entries) and msg.is_unopposed(stances),
            )
        )
    return {
        "meeting_id": access.meeting.id,
        "items": out,
        "unopposed": [i.item_id for i in out if i.unopposed],
    }
