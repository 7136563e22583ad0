"""Build a meeting's full state for one viewer, and decide between deltas and a snapshot."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol import state as st
from protocol.live import SpeakerState
from protocol.meeting_state import Classification, MeetingState
from protocol.positions import Stance
from protocol.voting import Choice, PollResult, PollState
from server.domain import events as event_log
from server.domain.access import Access, access_of, get_meeting
from server.domain.context import Actor, CommittedEvent
from server.domain.voting import named_choices
from server.store.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Document,
    DocumentVersion,
    Participant,
    Poll,
    Position,
    Recording,
    SpeakerRequest,
    Unit,
    User,
)


def _iso(value: object) -> str | None:
    if value is None:
        return None
    from datetime import UTC, datetime

    assert isinstance(value, datetime)
    return (value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


def build_view(session: Session, access: Access) -> st.MeetingView:
    m = access.meeting
    view = st.MeetingView(
        meeting_id=m.id,
        title=m.title,
        starts_at=m.starts_at,
        ends_at=m.ends_at,
        mode=m.mode,
        location=m.location,
        classification=Classification(m.classification),
        state=MeetingState(m.state),
        signed_votes=bool(m.signed_votes),
        current_item_id=m.current_item_id,
    )
    users = {u.id: u for u in session.scalars(select(User))}
    units = {u.id: u.name for u in session.scalars(select(Unit))}
    for p in session.scalars(
        select(Participant).where(Participant.meeting_id == m.id).order_by(Participant.id)
    ):
        u = users[p.user_id]
        sub = users.get(p.substitute_user_id) if p.substitute_user_id else None
        view.participants[p.user_id] = st.ParticipantView(
            user_id=p.user_id,
            full_name=u.full_name,
            position_title=u.position_title,
            unit_name=units.get(u.unit_id) if u.unit_id else None,
            role=p.role,
            substitute_user_id=p.substitute_user_id,
            substitute_name=sub.full_name if sub else None,
            vote_delegated=p.vote_delegated,
            absence_reason=p.absence_reason,
            present=p.present,
            lobby=p.lobby_state,
            removed=p.removed,
        )
    # Substitutes attending appear as their own entries.
    for a in session.scalars(
        select(Attendance).where(
            Attendance.meeting_id == m.id,
            Attendance.left_at.is_(None),
            Attendance.for_user_id.is_not(None),
        )
    ):
        if a.user_id not in view.participants:
            view.participants[a.user_id] = st.ParticipantView(
                user_id=a.user_id,
                full_name=users[a.user_id].full_name,
                role="substitute",
                present=True,
            )
    items = list(
        session.scalars(
            select(AgendaItem).where(AgendaItem.meeting_id == m.id, AgendaItem.deleted.is_(False))
        )
    )
    for item in items:
        view.items[item.id] = st.ItemView(
            item_id=item.id,
            parent_id=item.parent_id,
            title=item.title,
            presenter_user_id=item.presenter_user_id,
            planned_minutes=item.planned_minutes,
            index=item.sort_index,
            decision=item.decision,
        )
    if items:
        docs = session.scalars(
            select(Document)
            .where(Document.item_id.in_([i.id for i in items]))
            .order_by(Document.id)
        )
        for doc in docs:
            if doc.current_version_id is None:
                continue
            v = session.get(DocumentVersion, doc.current_version_id)
            assert v is not None
            view.items[doc.item_id].documents.append(
                st.DocumentView(
                    document_id=doc.id,
                    version_id=v.id,
                    version=v.version,
                    filename=v.filename,
                    sha256=v.sha256,
                    size=v.size,
                    pages=v.pages,
                )
            )
    if m.presenter_version_id is not None and m.presenter_page is not None:
        view.presenter_page = st.PageView(
            version_id=m.presenter_version_id, page=m.presenter_page, by_user_id=m.presenter_by or 0
        )
    for r in session.scalars(
        select(SpeakerRequest)
        .where(
            SpeakerRequest.meeting_id == m.id,
            SpeakerRequest.state.in_([SpeakerState.WAITING, SpeakerState.SPEAKING]),
        )
        .order_by(SpeakerRequest.sort_index, SpeakerRequest.id)
    ):
        view.speakers.append(
            st.SpeakerView(
                request_id=r.id,
                user_id=r.user_id,
                item_id=r.item_id,
                state=r.state,
                seconds=r.seconds,
                started_at=_iso(r.started_at),
            )
        )
    for poll in session.scalars(select(Poll).where(Poll.meeting_id == m.id).order_by(Poll.id)):
        voted = list(
            session.scalars(
                select(Ballot.member_id).where(Ballot.poll_id == poll.id).order_by(Ballot.id)
            )
        )
        result = None
        if poll.state == PollState.PUBLISHED and poll.outcome is not None:
            result = PollResult(
                yes=poll.yes_count,
                no=poll.no_count,
                abstain=poll.abstain_count,
                total_members=poll.total_members,
                ballots_cast=poll.yes_count + poll.no_count + poll.abstain_count,
                outcome=poll.outcome,  # type: ignore[arg-type]
                choices=named_choices(session, poll),
            )
        view.polls[poll.id] = st.PollView(
            poll_id=poll.id,
            item_id=poll.item_id,
            question=poll.question,
            secret=poll.secret,
            state=PollState(poll.state),
            ballots_cast=len(voted),
            voted_member_ids=voted,
            result=result,
        )
    if items:
        query = select(Position).where(Position.item_id.in_([i.id for i in items]))
        if not access.manager:
            query = query.where(Position.user_id == access.actor.user_id)
        for pos in session.scalars(query.order_by(Position.id)):
            view.positions.append(
                st.PositionView(
                    item_id=pos.item_id,
                    user_id=pos.user_id,
                    stance=Stance(pos.stance),
                    preliminary_vote=Choice(pos.preliminary_vote) if pos.preliminary_vote else None,
                    comment=pos.comment,
                )
            )
    recording = session.scalar(
        select(Recording)
        .where(Recording.meeting_id == m.id, Recording.stopped_at.is_(None))
        .order_by(Recording.id.desc())
        .limit(1)
    )
    if recording is not None:
        view.recording = st.RecordingView(
            recording_id=recording.id,
            file_name=PurePosixPath(recording.path).name,
            by=recording.started_by,
            started_at=_iso(recording.started_at) or "",
        )
    return view


@dataclass(frozen=True)
class CatchUp:
    """Either ``events`` after the client's seq, or a ``snapshot`` at ``seq``."""

    epoch: str
    seq: int
    events: list[CommittedEvent] | None = None
    snapshot: st.MeetingView | None = None
    manager: bool = False


def catch_up(
    session: Session,
    actor: Actor,
    meeting_id: int,
    since_seq: int | None,
    epoch: str | None,
    history_kept: int,
    *,
    force_snapshot: bool = False,
) -> CatchUp:
    """What a (re)joining client needs: the missed events in order, or a full snapshot.

    A snapshot is sent when the client has nothing, comes from another epoch (the
    database was restored), is ahead of the log, or is further behind than the kept
    history.
    """
    meeting = get_meeting(session, meeting_id)
    access = access_of(session, actor, meeting)
    current_epoch = event_log.epoch(session)
    last = meeting.last_seq
    first_kept = event_log.first_kept_seq(session, meeting_id) or last + 1
    deltas_possible = (
        not force_snapshot
        and since_seq is not None
        and epoch == current_epoch
        and 0 <= since_seq <= last
        and since_seq >= first_kept - 1
        and last - since_seq <= history_kept
    )
    if deltas_possible:
        assert since_seq is not None
        return CatchUp(
            epoch=current_epoch,
            seq=last,
            events=event_log.read_since(session, meeting_id, since_seq),
            manager=access.manager,
        )
    return CatchUp(
        epoch=current_epoch, seq=last, snapshot=build_view(session, access), manager=access.manager
    )
