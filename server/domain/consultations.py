"""Opinion polls between meetings (phiếu lấy ý kiến thành viên Chính phủ).

The rules:

* The secretariat (``consultation.manage``) creates a poll in ``draft`` with a title,
  a question and a deadline, attaches one or more PDFs, and sends it.  Sending freezes
  the recipients: every enabled user with the role ``member`` or ``chair`` (the chair
  flagged), and the states follow ``protocol.consultations.TRANSITIONS``.
* A recipient answers before the deadline with a ballot signed by their certificate
  (detached CMS over ``canonical_ballot``).  The server verifies it
  (:mod:`server.domain.ballot_signature`) and that the certificate is the answering
  user's (the CA's register of issued certificates, else the common name is their full
  name); a bad one raises ``SignatureInvalid`` and stores nothing.  One answer per
  member: a new one before the deadline replaces it.  After the deadline: refused.
* The secretariat compiles once the deadline has passed (or everyone has answered):
  ``protocol.consultations.compile_result`` and a report PDF stored as a blob.
* Members see only the polls sent to them and only their own answer; the secretariat
  sees everything.  News goes out as user-level notices (``NotifyUsers``), since a
  poll belongs to no meeting's event log.
"""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
from sqlalchemy import select

from protocol import consultations as msg
from protocol.consultations import Answer, ConsultationState, vn_time
from protocol.errors import (
    InvalidInput,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    SignatureInvalid,
)
from protocol.permissions import Role, global_permissions, require
from server.domain import archive, ledger
from server.domain import consultation_files as files
from server.domain import consultation_views as views
from server.domain.ballot_signature import same_person, verify_ballot
from server.domain.consultation_report import ReportLine, report_pdf
from server.domain.context import Ctx, NotifyUsers
from server.domain.dispatch import handles
from server.domain.pki import Pki
from server.store.models import (
    CertificateRecord,
    Consultation,
    ConsultationAnswer,
    ConsultationDocument,
    ConsultationRecipient,
    DocumentVersion,
    User,
)

MANAGE = "consultation.manage"
_aware = views.aware


def _ref(poll: Consultation) -> str:
    return f"consultation:{poll.id}"


def _is_manager(ctx: Ctx) -> bool:
    return MANAGE in global_permissions(ctx.user.roles)


def _require_manager(ctx: Ctx) -> None:
    require(global_permissions(ctx.user.roles), MANAGE)


def _poll(ctx: Ctx, consultation_id: int, *, lock: bool = False) -> Consultation:
    poll = ctx.session.get(Consultation, consultation_id, with_for_update=lock)
    if poll is None:
        raise NotFound(f"Opinion poll {consultation_id} does not exist.")
    return poll


def _recipient(ctx: Ctx, poll: Consultation) -> ConsultationRecipient | None:
    return ctx.session.get(ConsultationRecipient, (poll.id, ctx.user.user_id))


def _visible(ctx: Ctx, consultation_id: int, *, lock: bool = False) -> Consultation:
    """The poll if the actor may see it (secretariat, or one of those asked)."""
    poll = _poll(ctx, consultation_id, lock=lock)
    if _is_manager(ctx) or _recipient(ctx, poll) is not None:
        return poll
    raise NotFound(f"Opinion poll {consultation_id} does not exist or was not sent to you.")


def _managed(ctx: Ctx, consultation_id: int) -> Consultation:
    _require_manager(ctx)
    return _poll(ctx, consultation_id, lock=True)


def _require_draft(poll: Consultation, what: str) -> None:
    if poll.state != ConsultationState.DRAFT:
        raise InvalidTransition(
            f"The opinion poll is {poll.state}; {what} only while it is a draft."
        )


def _managers(ctx: Ctx) -> tuple[int, ...]:
    users = ctx.session.scalars(select(User).where(User.disabled.is_(False))).all()
    return tuple(u.id for u in users if MANAGE in global_permissions(u.roles))


def _recipient_ids(ctx: Ctx, poll: Consultation) -> tuple[int, ...]:
    return tuple(
        ctx.session.scalars(
            select(ConsultationRecipient.user_id).where(
                ConsultationRecipient.consultation_id == poll.id
            )
        )
    )


def _notify(ctx: Ctx, users: tuple[int, ...], poll: Consultation, code: str, text: str) -> None:
    if users:
        ctx.effect(NotifyUsers(user_ids=users, code=code, message=text, ref=_ref(poll)))


# --- preparing ------------------------------------------------------------------------


def _deadline(ctx: Ctx, value: str) -> datetime:
    deadline = msg.parse_time(value, "deadline")
    if deadline <= ctx.clock():
        raise InvalidInput(f"The deadline {value} is already past; choose a time in the future.")
    return deadline.astimezone(UTC)


@handles(msg.ConsultationCreate)
def create(ctx: Ctx, cmd: msg.ConsultationCreate) -> dict[str, object]:
    """A new poll in draft; returns ``consultation_id``."""
    _require_manager(ctx)
    title, question = cmd.title.strip(), cmd.question.strip()
    if not title or len(title) > msg.MAX_TITLE:
        raise InvalidInput(f"Give the opinion poll a title (at most {msg.MAX_TITLE} characters).")
    if not question or len(question) > msg.MAX_QUESTION:
        raise InvalidInput(
            "Write the question put to the members, e.g. 'Đồng ý thông qua dự thảo Nghị định?'."
        )
    poll = Consultation(
        title=title,
        question=question,
        deadline=_deadline(ctx, cmd.deadline),
        state=ConsultationState.DRAFT,
        created_by=ctx.user.user_id,
        created_at=ctx.clock(),
    )
    ctx.session.add(poll)
    ctx.session.flush()
    return {"consultation_id": poll.id, "deadline": vn_time(poll.deadline)}


@handles(msg.ConsultationUploadBegin)
def upload_begin(ctx: Ctx, cmd: msg.ConsultationUploadBegin) -> dict[str, object]:
    """Start uploading a draft PDF; returns ``upload_id`` and ``chunk_size``."""
    poll = _managed(ctx, cmd.consultation_id)
    _require_draft(poll, "documents can be attached")
    return files.begin(ctx, poll.id, cmd.filename, cmd.size, cmd.sha256)


@handles(msg.ConsultationUploadChunk, record=False)
def upload_chunk(ctx: Ctx, cmd: msg.ConsultationUploadChunk) -> dict[str, object]:
    """Append bytes at ``offset``; returns ``received`` and ``size``."""
    _require_manager(ctx)
    return files.chunk(ctx, files.load(ctx, cmd.upload_id), cmd.offset, cmd.data)


def _add_document(ctx: Ctx, poll: Consultation, sha256: str, filename: str) -> None:
    exists = ctx.session.scalar(
        select(ConsultationDocument.id).where(
            ConsultationDocument.consultation_id == poll.id,
            ConsultationDocument.sha256 == sha256,
        )
    )
    if exists is None:
        ctx.session.add(
            ConsultationDocument(consultation_id=poll.id, sha256=sha256, filename=filename)
        )
        ctx.session.flush()


@handles(msg.ConsultationAttach)
def attach(ctx: Ctx, cmd: msg.ConsultationAttach) -> dict[str, object]:
    """Attach a finished upload or an existing document version; returns ``documents``."""
    poll = _managed(ctx, cmd.consultation_id)
    _require_draft(poll, "documents can be attached")
    if (cmd.upload_id is None) == (cmd.version_id is None):
        raise InvalidInput("Give either upload_id (a PDF you uploaded) or version_id, not both.")
    if cmd.upload_id is not None:
        upload = files.load(ctx, cmd.upload_id)
        if upload.consultation_id != poll.id:
            raise InvalidInput("This upload was started for another opinion poll.")
        files.finish(ctx, upload)
        _add_document(ctx, poll, upload.sha256, upload.filename)
    else:
        version = ctx.session.get(DocumentVersion, cmd.version_id)
        if version is None:
            raise NotFound(f"Document version {cmd.version_id} does not exist.")
        _add_document(ctx, poll, version.sha256, version.filename)
    return {"consultation_id": poll.id, "documents": views.documents(ctx, poll)}


@handles(msg.ConsultationDetach)
def detach(ctx: Ctx, cmd: msg.ConsultationDetach) -> dict[str, object]:
    """Remove a document from a draft poll (the blob stays)."""
    poll = _managed(ctx, cmd.consultation_id)
    _require_draft(poll, "documents can be removed")
    row = ctx.session.scalar(
        select(ConsultationDocument).where(
            ConsultationDocument.consultation_id == poll.id,
            ConsultationDocument.sha256 == cmd.sha256.lower(),
        )
    )
    if row is None:
        raise NotFound("This document is not attached to the opinion poll.")
    ctx.session.delete(row)
    ctx.session.flush()
    return {"consultation_id": poll.id, "documents": views.documents(ctx, poll)}


@handles(msg.ConsultationSend)
def send(ctx: Ctx, cmd: msg.ConsultationSend) -> dict[str, object]:
    """Send a draft to every member (role member or chair); the recipients are frozen."""
    poll = _managed(ctx, cmd.consultation_id)
    new = msg.next_state(poll.state, "send")
    if not views.documents(ctx, poll):
        raise InvalidInput("Attach the draft document(s) the members are asked about first.")
    now = ctx.clock()
    if _aware(poll.deadline) <= now:
        raise InvalidInput("The deadline has passed; create the poll again with a later one.")
    members = [
        u
        for u in ctx.session.scalars(select(User).where(User.disabled.is_(False)).order_by(User.id))
        if {Role.MEMBER, Role.CHAIR} & set(u.roles)
    ]
    if not members:
        raise InvalidInput("There is no member account to send the poll to.")
    for u in members:
        ctx.session.add(
            ConsultationRecipient(
                consultation_id=poll.id, user_id=u.id, chair=Role.CHAIR in u.roles
            )
        )
    poll.state, poll.sent_at = new, now
    ctx.session.flush()
    _notify(
        ctx,
        tuple(u.id for u in members),
        poll,
        "consultation.sent",
        f"Phiếu lấy ý kiến mới: {poll.title} (hạn {vn_time(_aware(poll.deadline))}).",
    )
    return {"consultation_id": poll.id, "state": new.value, "recipients": len(members)}


@handles(msg.ConsultationCancel)
def cancel(ctx: Ctx, cmd: msg.ConsultationCancel) -> dict[str, object]:
    """Cancel a draft or a poll still collecting answers."""
    poll = _managed(ctx, cmd.consultation_id)
    poll.state = msg.next_state(poll.state, "cancel")
    _notify(ctx, _recipient_ids(ctx, poll), poll, "consultation.cancelled", f"Đã hủy: {poll.title}")
    return {"consultation_id": poll.id, "state": poll.state}


# --- reading --------------------------------------------------------------------------


@handles(msg.ConsultationList, record=False)
def list_polls(ctx: Ctx, cmd: msg.ConsultationList) -> dict[str, object]:
    """The secretariat: every poll; a member: the polls sent to them.  Newest first."""
    query = select(Consultation).order_by(Consultation.id.desc())
    if not _is_manager(ctx):
        query = query.join(
            ConsultationRecipient, ConsultationRecipient.consultation_id == Consultation.id
        ).where(ConsultationRecipient.user_id == ctx.user.user_id)
    return {"consultations": [views.summary(ctx, p) for p in ctx.session.scalars(query)]}


@handles(msg.ConsultationGet, record=False)
def get(ctx: Ctx, cmd: msg.ConsultationGet) -> msg.ConsultationDetail:
    """The poll; the secretariat also gets everyone asked and every answer."""
    poll = _visible(ctx, cmd.consultation_id)
    if _is_manager(ctx):
        return msg.ConsultationDetail(
            summary=views.summary(ctx, poll),
            recipients_list=views.recipient_infos(ctx, poll),
            answers=views.answer_infos(ctx, poll),
        )
    return msg.ConsultationDetail(
        summary=views.summary(ctx, poll), answers=views.answer_infos(ctx, poll, ctx.user.user_id)
    )


@handles(msg.ConsultationDownload, record=False)
def download(ctx: Ctx, cmd: msg.ConsultationDownload) -> object:
    """Bytes of one of the poll's documents, or of its report once compiled."""
    poll = _visible(ctx, cmd.consultation_id)
    sha = cmd.sha256.lower()
    attached = ctx.session.scalar(
        select(ConsultationDocument.id).where(
            ConsultationDocument.consultation_id == poll.id, ConsultationDocument.sha256 == sha
        )
    )
    if attached is None and sha != poll.report_sha256:
        raise NotFound("This file does not belong to the opinion poll.")
    return files.read(ctx, sha, cmd.offset, cmd.length)


# --- answering ------------------------------------------------------------------------


def _certificate_is_users(ctx: Ctx, serial: int, common_name: str, user: User) -> bool:
    record = ctx.session.get(CertificateRecord, str(serial))
    if record is not None:
        return record.user_id == user.id and record.revoked_at is None
    return same_person(common_name, user.full_name)


@handles(msg.ConsultationAnswer)
def answer(ctx: Ctx, cmd: msg.ConsultationAnswer) -> dict[str, object]:
    """Record a member's signed ballot (replacing their earlier one) before the deadline."""
    poll = _visible(ctx, cmd.consultation_id, lock=True)
    recipient = _recipient(ctx, poll)
    if recipient is None:
        raise PermissionDenied("This opinion poll was not sent to you; only members answer it.")
    if poll.state != ConsultationState.SENT:
        raise InvalidTransition(f"The opinion poll is {poll.state}; it takes no more answers.")
    now = ctx.clock()
    deadline = _aware(poll.deadline)
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
    pki = Pki.open(files.settings_of(ctx).pki_dir)
    signer = verify_ballot(
        data,
        cmd.signature,
        cmd.certificate_pem,
        trust_roots=[pki.ca_certificate],
        crls=[pki.crl_der()],
        is_revoked=pki.is_revoked,
        at=now,
    )
    user = ctx.session.get(User, ctx.user.user_id)
    assert user is not None
    if not _certificate_is_users(ctx, signer.serial, signer.common_name, user):
        raise SignatureInvalid(
            f"The certificate used ({signer.common_name}) is not yours. Sign with your own "
            "certificate."
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
    _notify(
        ctx,
        _managers(ctx),
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


# --- compiling ------------------------------------------------------------------------


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
    poll = _managed(ctx, cmd.consultation_id)
    new = msg.next_state(poll.state, "compile")
    now = ctx.clock()
    lines = _report_lines(ctx, poll)
    missing = sum(1 for line in lines if line.choice is None)
    if now < _aware(poll.deadline) and missing:
        raise InvalidTransition(
            f"{missing} member(s) may still answer until {vn_time(_aware(poll.deadline))}; "
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
        deadline=_aware(poll.deadline),
        sent_at=_aware(poll.sent_at),
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
        body=poll.question,
    )
    _notify(
        ctx,
        tuple(sorted(set(_recipient_ids(ctx, poll)) | set(_managers(ctx)))),
        poll,
        "consultation.compiled",
        f"Đã tổng hợp ý kiến: {poll.title}",
    )
    return {"consultation_id": poll.id, "result": result, "report_sha256": poll.report_sha256}
