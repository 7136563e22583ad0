"""The per-meeting event log: append with a monotonic ``seq``, read a range, the epoch.

The log in the database is the truth.  Several server instances may share it: each
reads what it has not yet delivered; whatever tells them that something is new only
wakes them up.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from protocol.envelope import Event, encode, type_name
from protocol.errors import NotFound
from server.domain import ledger
from server.domain.context import CommittedEvent, utcnow
from server.store.models import EventRecord, Meeting, ServerMeta

EPOCH_KEY = "epoch"


def append(
    session: Session, meeting_id: int, event: Event, audience: str = "all"
) -> CommittedEvent:
    """Give ``event`` the meeting's next ``seq`` and add it to the session's transaction.

    The meeting row is locked (``FOR UPDATE`` on PostgreSQL; SQLite has one writer), so
    concurrent transactions on the same meeting get consecutive, gap-free numbers.
    """
    meeting = session.get(Meeting, meeting_id, with_for_update=True)
    if meeting is None:
        raise NotFound(f"Meeting {meeting_id} does not exist.")
    meeting.last_seq += 1
    at = utcnow()
    payload = encode(event)
    session.add(
        EventRecord(
            meeting_id=meeting_id,
            seq=meeting.last_seq,
            type=type_name(event),
            audience=audience,
            payload=payload,
            at=at,
        )
    )
    seq, type_ = meeting.last_seq, type_name(event)
    data = ledger.event_data(meeting_id, seq, type_, audience, payload, at)
    ledger.append(session, "event", ledger.event_ref(meeting_id, seq), data, meeting_id=meeting_id)
    return CommittedEvent(meeting_id, seq, type_, audience, payload, at)


def read_since(
    session: Session, meeting_id: int, since_seq: int, limit: int | None = None
) -> list[CommittedEvent]:
    query = (
        select(EventRecord)
        .where(EventRecord.meeting_id == meeting_id, EventRecord.seq > since_seq)
        .order_by(EventRecord.seq)
    )
    if limit is not None:
        query = query.limit(limit)
    return [
        CommittedEvent(r.meeting_id, r.seq, r.type, r.audience, r.payload, _aware(r.at))
        for r in session.scalars(query)
    ]


def first_kept_seq(session: Session, meeting_id: int) -> int | None:
    """The oldest ``seq`` still in the log (older events may have been pruned)."""
    return session.scalar(
        select(func.min(EventRecord.seq)).where(EventRecord.meeting_id == meeting_id)
    )


def last_seq(session: Session, meeting_id: int) -> int:
    value = session.scalar(select(Meeting.last_seq).where(Meeting.id == meeting_id))
    if value is None:
        raise NotFound(f"Meeting {meeting_id} does not exist.")
    return value


def epoch(session: Session) -> str:
    """This database's epoch: changes when the database is restored from a backup."""
    row = session.get(ServerMeta, EPOCH_KEY)
    if row is None:
        row = ServerMeta(key=EPOCH_KEY, value=secrets.token_hex(8))
        session.add(row)
        session.flush()
    return row.value


def new_epoch(session: Session) -> str:
    """Start a new epoch: clients holding older ``seq`` numbers get a full snapshot."""
    row = session.get(ServerMeta, EPOCH_KEY)
    value = secrets.token_hex(8)
    if row is None:
        session.add(ServerMeta(key=EPOCH_KEY, value=value))
    else:
        row.value = value
    return value


def prune(session: Session, meeting_id: int, keep: int) -> int:
    """Drop all but the newest ``keep`` events of a meeting; returns how many went."""
    newest = last_seq(session, meeting_id)
    doomed = session.query(EventRecord).filter(
        EventRecord.meeting_id == meeting_id, EventRecord.seq <= newest - keep
    )
    return doomed.delete(synchronize_session=False)


def audience_allows(audience: str, user_id: int, manager: bool, lobby: bool) -> bool:
    """Whether a subscriber may see an event addressed to ``audience``.

    ``audience`` is a comma-separated set of ``all``, ``managers`` (chair and
    secretariat) and ``user:N``.  A guest waiting in the lobby sees only ``user:N``.
    """
    for token in audience.split(","):
        if token == f"user:{user_id}":
            return True
        if lobby:
            continue
        if token == "all" or (token == "managers" and manager):
            return True
    return False


def _aware(value: datetime) -> datetime:
    from datetime import UTC

    return value if value.tzinfo else value.replace(tzinfo=UTC)
