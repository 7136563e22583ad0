"""Opinion polls, read side: what ``consultation.list`` / ``consultation.get`` return,
and the ledger source of signed ballots.

Every accepted ballot is a ``consultation_answers`` row that is never changed (a newer
answer only takes the ``current`` flag): each is appended to the tamper-evident ledger
as ``consultation_ballot:<id>`` with :func:`ballot_data`, and the verifier reads them
back through the source registered here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime

import msgspec
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from protocol import consultations as msg
from protocol.consultations import Answer, ConsultationState, vn_time
from server.domain import ledger
from server.domain.context import Ctx
from server.store.models import (
    Blob,
    Consultation,
    ConsultationAnswer,
    ConsultationDocument,
    ConsultationRecipient,
    Unit,
    User,
)

LEDGER_KIND = "consultation_ballot"


def aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


# --- the tamper-evident record of ballots ---------------------------------------------


def ballot_ref(answer_id: int) -> str:
    return f"{LEDGER_KIND}:{answer_id}"


def ballot_data(row: ConsultationAnswer) -> bytes:
    """What the ledger records of a signed ballot: everything but the ``current`` flag
    (which moves to a newer answer), the signature by its SHA-256."""
    return ledger.canonical_json(
        {
            "consultation_id": row.consultation_id,
            "user_id": row.user_id,
            "choice": row.choice,
            "comment": row.comment,
            "answered_at": row.answered_at,
            "received_at": ledger.utc_text(row.received_at),
            "signature_sha256": hashlib.sha256(row.signature).hexdigest(),
            "certificate_serial": row.certificate_serial,
            "signer": row.signer,
        }
    )


def _ledger_rows(session: Session, meeting_id: int | None) -> Iterator[tuple[str, bytes, None]]:
    if meeting_id is not None:
        return  # ballots of opinion polls belong to no meeting
    for row in session.scalars(select(ConsultationAnswer).order_by(ConsultationAnswer.id)):
        yield ballot_ref(row.id), ballot_data(row), None


ledger.register_source(LEDGER_KIND, _ledger_rows)


# --- views ----------------------------------------------------------------------------


def documents(ctx: Ctx, poll: Consultation) -> list[msg.ConsultationDocument]:
    rows = ctx.session.execute(
        select(ConsultationDocument, Blob)
        .join(Blob, Blob.sha256 == ConsultationDocument.sha256)
        .where(ConsultationDocument.consultation_id == poll.id)
        .order_by(ConsultationDocument.id)
    ).all()
    return [
        msg.ConsultationDocument(sha256=d.sha256, filename=d.filename, size=b.size, pages=b.pages)
        for d, b in rows
    ]


def answer_infos(ctx: Ctx, poll: Consultation, user_id: int | None = None) -> list[msg.AnswerInfo]:
    query = (
        select(ConsultationAnswer, User, Unit.name, ConsultationRecipient.chair)
        .join(User, User.id == ConsultationAnswer.user_id)
        .outerjoin(Unit, Unit.id == User.unit_id)
        .join(
            ConsultationRecipient,
            (ConsultationRecipient.consultation_id == ConsultationAnswer.consultation_id)
            & (ConsultationRecipient.user_id == ConsultationAnswer.user_id),
        )
        .where(ConsultationAnswer.consultation_id == poll.id, ConsultationAnswer.current.is_(True))
        .order_by(ConsultationRecipient.chair.desc(), User.full_name)
    )
    if user_id is not None:
        query = query.where(ConsultationAnswer.user_id == user_id)
    return [
        msg.AnswerInfo(
            user_id=u.id,
            full_name=u.full_name,
            position_title=u.position_title,
            unit_name=unit,
            chair=chair,
            choice=Answer(a.choice),
            comment=a.comment,
            answered_at=a.answered_at,
            received_at=vn_time(aware(a.received_at)),
            signer=a.signer,
            certificate_serial=a.certificate_serial,
        )
        for a, u, unit, chair in ctx.session.execute(query)
    ]


def summary(ctx: Ctx, poll: Consultation) -> msg.ConsultationSummary:
    count = func.count()
    recipients = ctx.session.scalar(
        select(count).where(ConsultationRecipient.consultation_id == poll.id)
    )
    answered = ctx.session.scalar(
        select(count).where(
            ConsultationAnswer.consultation_id == poll.id, ConsultationAnswer.current.is_(True)
        )
    )
    mine = answer_infos(ctx, poll, ctx.user.user_id)
    result = msgspec.convert(poll.result, msg.ConsultationResult) if poll.result else None
    return msg.ConsultationSummary(
        id=poll.id,
        title=poll.title,
        question=poll.question,
        deadline=vn_time(aware(poll.deadline)),
        state=ConsultationState(poll.state),
        documents=documents(ctx, poll),
        recipients=int(recipients or 0),
        answered=int(answered or 0),
        created_at=vn_time(aware(poll.created_at)),
        sent_at=vn_time(aware(poll.sent_at)) if poll.sent_at else None,
        my_answer=mine[0] if mine else None,
        recipient=ctx.session.get(ConsultationRecipient, (poll.id, ctx.user.user_id)) is not None,
        result=result,
        report_sha256=poll.report_sha256,
    )


def recipient_infos(ctx: Ctx, poll: Consultation) -> list[msg.RecipientInfo]:
    answered = set(
        ctx.session.scalars(
            select(ConsultationAnswer.user_id).where(
                ConsultationAnswer.consultation_id == poll.id,
                ConsultationAnswer.current.is_(True),
            )
        )
    )
    rows = ctx.session.execute(
        select(User, Unit.name, ConsultationRecipient.chair)
        .join(ConsultationRecipient, ConsultationRecipient.user_id == User.id)
        .outerjoin(Unit, Unit.id == User.unit_id)
        .where(ConsultationRecipient.consultation_id == poll.id)
        .order_by(ConsultationRecipient.chair.desc(), User.full_name)
    )
    return [
        msg.RecipientInfo(
            user_id=u.id,
            full_name=u.full_name,
            position_title=u.position_title,
            unit_name=unit,
            chair=chair,
            answered=u.id in answered,
        )
        for u, unit, chair in rows
    ]
