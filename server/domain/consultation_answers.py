"""Opinion polls between meetings: the members' signed answers and the compiled result.

* ``consultation.answer``: a recipient answers before the deadline with a ballot signed
  by their certificate (detached CMS over ``canonical_ballot``).  The server verifies it
  (:mod:`server.domain.ballot_signature`) and that the certificate is the answering
  user's (the CA's register of issued certificates, else the common name is their full
  name); a bad one raises ``SignatureInvalid`` and stores nothing.  One answer per
  member: a new one before the deadline replaces it.  After the deadline: refused.
* ``consultation.compile``: the secretariat closes the poll once the deadline has passed
  (or everyone has answered): ``protocol.consultations.compile_result`` and a report PDF
  stored as a blob, indexed in the archive.

The poll's life and who sees what: :mod:`server.domain.consultations`.
"""

from __future__ import annotations

import msgspec
from sqlalchemy import select

from protocol import consultations as msg
from protocol.consultations import Answer, ConsultationState, vn_time
from protocol.errors import (
    InvalidInput,
    InvalidTransition,
    PermissionDenied,
)
from server.domain import archive, ledger
from server.domain import consultation_files as files
from server.domain import consultation_views as views
from server.domain import consultations as polls
from server.domain.ballot_signature import verify_own_ballot
from server.domain.consultation_report import ReportLine, report_pdf
from server.domain.consultation_views import aware
from server.domain.context import Ctx
from server.domain.dispatch import handles
from server.domain.pki import DEFAULT_ORGANISATION, Pki
from server.store.models import Consultation, ConsultationAnswer, User


@handles(msg.ConsultationAnswer)
def answer(ctx: Ctx, cmd: msg.ConsultationAnswer) -> dict[str, object]:
    """Record a member's signed ballot (replacing their earlier one) before the deadline."""
    poll = polls.visible(ctx, cmd.consultation_id, lock=True)
    recipient = polls.recipient(ctx, poll)
    if recipient is None:
        raise PermissionDenied("This opinion poll was not sent to you; only members answer it.")
    if poll.state != ConsultationState.SENT:
        raise InvalidTransition(f"The opinion poll is {poll.state}; it takes no more answers.")
    now = ctx.clock()
    deadline = aware(poll.deadline)
    if now >= deadline:
        raise InvalidTransition(
            f"The deadline ({vn_time(deadline)}) has passed; answers are no longer accepted."
        )
    comment = msg.clean_comment(cmd.choice, cmd.comment)
    signed_at = msg.parse_time(cmd.answered_at, "answer time")
    if abs(signed_at - now) > msg.MAX_CLOCK_SKEW:
        raise InvalidInput(
            "The time in your ballot is more than 10 minutes off the server's clock. "
            "Set your computer's clock right and sign again."
        )
    data = msg.canonical_ballot(poll.id, ctx.user.user_id, cmd.choice, comment, cmd.answered_at)
    user = ctx.session.get(User, ctx.user.user_id)
    assert user is not None
    signer = verify_own_ballot(
        ctx.session,
        files.settings_of(ctx).pki_dir,
        data,
        cmd.signature,
        cmd.certificate_pem,
        user_id=user.id,
        full_name=user.full_name,
        at=now,
        not_yours="The certificate used ({name}) is not yours. Sign with your own certificate.",
    )
    previous = ctx.session.scalars(
        select(ConsultationAnswer).where(
            ConsultationAnswer.consultation_id == poll.id,
            ConsultationAnswer.user_id == user.id,
            ConsultationAnswer.current.is_(True),
        )
    ).all()
    for old in previous:
        old.current = False
    row = ConsultationAnswer(
        consultation_id=poll.id,
        user_id=user.id,
        current=True,
        choice=Answer(cmd.choice).value,
        comment=comment,
        answered_at=cmd.answered_at.strip(),
        received_at=now,
        signature=cmd.signature,
        certificate_pem=signer.certificate_pem,
        certificate_serial=format(signer.serial, "x"),
        signer=signer.common_name,
    )
    ctx.session.add(row)
    ctx.session.flush()
    ledger.append(ctx.session, views.LEDGER_KIND, views.ballot_ref(row.id), views.ballot_data(row))
    polls.notify(
        ctx,
        polls.managers(ctx),
        poll,
        "consultation.answered",
        f"{user.full_name} đã gửi ý kiến: {poll.title}",
    )
    return {
        "consultation_id": poll.id,
        "choice": row.choice,
        "answered_at": row.answered_at,
        "replaced": bool(previous),
        "signer": signer.common_name,
    }


def _report_lines(ctx: Ctx, poll: Consultation) -> list[ReportLine]:
    answers = {a.user_id: a for a in views.answer_infos(ctx, poll)}
    lines = []
    for r in views.recipient_infos(ctx, poll):
        a = answers.get(r.user_id)
        lines.append(
            ReportLine(
                full_name=r.full_name,
                position_title=r.position_title,
                unit_name=r.unit_name,
                chair=r.chair,
                choice=a.choice if a else None,
                comment=a.comment if a else "",
                answered_at=a.answered_at if a else None,
                signer=a.signer if a else "",
                certificate_serial=a.certificate_serial if a else "",
            )
        )
    return lines


@handles(msg.ConsultationCompile)
def compile_poll(ctx: Ctx, cmd: msg.ConsultationCompile) -> dict[str, object]:
    """Close the poll and count it (after the deadline, or once everyone has answered);
    stores the report PDF.  Returns ``result`` and ``report_sha256``."""
    poll = polls.managed(ctx, cmd.consultation_id)
    new = msg.next_state(poll.state, "compile")
    now = ctx.clock()
    lines = _report_lines(ctx, poll)
    missing = sum(1 for line in lines if line.choice is None)
    if now < aware(poll.deadline) and missing:
        raise InvalidTransition(
            f"{missing} member(s) may still answer until {vn_time(aware(poll.deadline))}; "
            "compile after the deadline."
        )
    chair = next((line.choice for line in lines if line.chair and line.choice), None)
    result = msg.compile_result(
        msg.ConsultationTally(
            agree=sum(1 for line in lines if line.choice is Answer.AGREE),
            disagree=sum(1 for line in lines if line.choice is Answer.DISAGREE),
            other=sum(1 for line in lines if line.choice is Answer.OTHER),
            total_members=len(lines),
            chair_choice=chair,
        )
    )
    assert poll.sent_at is not None
    pki = Pki.open(files.settings_of(ctx).pki_dir)
    pdf = report_pdf(
        consultation_id=poll.id,
        title=poll.title,
        question=poll.question,
        deadline=aware(poll.deadline),
        sent_at=aware(poll.sent_at),
        compiled_at=now,
        documents=[d.filename for d in views.documents(ctx, poll)],
        lines=lines,
        result=result,
        organisation=pki.organisation,
        compiled_by=ctx.user.full_name,
    )
    poll.report_sha256 = files.store_generated(ctx, pdf)
    poll.result = msgspec.to_builtins(result)
    poll.state, poll.closed_at = new, now
    ctx.session.flush()
    archive.index(
        ctx.session,
        kind="consultation",
        ref=str(poll.id),
        meeting_id=None,
        title=f"Phiếu lấy ý kiến: {poll.title}",
        text="\n".join(
            [poll.question]
            + [f"{line.full_name}: {line.choice or '-'} {line.comment}" for line in lines]
        ),
        date=now,
        classification="thuong",
        signers=[line.signer for line in lines if line.choice],
        body=DEFAULT_ORGANISATION,
    )
    polls.notify(
        ctx,
        tuple(sorted(set(polls.recipient_ids(ctx, poll)) | set(polls.managers(ctx)))),
        poll,
        "consultation.compiled",
        f"Đã tổng hợp ý kiến: {poll.title}",
    )
    return {"consultation_id": poll.id, "result": result, "report_sha256": poll.report_sha256}
