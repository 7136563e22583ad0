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

This module: preparing, sending, cancelling and reading polls, and the access rules the
other handlers share.  Answering and compiling: :mod:`server.domain.consultation_answers`;
files: :mod:`server.domain.consultation_files`.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from protocol import consultations as msg
from protocol.consultations import ConsultationState, vn_time
from protocol.errors import (
    InvalidInput,
    InvalidTransition,
    NotFound,
)
from protocol.permissions import Role, global_permissions, require
from server.domain import consultation_files as files
from server.domain import consultation_views as views
from server.domain.context import Ctx, NotifyUsers
from server.domain.dispatch import handles
from server.store.models import (
    Consultation,
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


def recipient(ctx: Ctx, poll: Consultation) -> ConsultationRecipient | None:
    return ctx.session.get(ConsultationRecipient, (poll.id, ctx.user.user_id))


def visible(ctx: Ctx, consultation_id: int, *, lock: bool = False) -> Consultation:
    """The poll if the actor may see it (secretariat, or one of those asked)."""
    poll = _poll(ctx, consultation_id, lock=lock)
    if _is_manager(ctx) or recipient(ctx, poll) is not None:
        return poll
    raise NotFound(f"Opinion poll {consultation_id} does not exist or was not sent to you.")


def managed(ctx: Ctx, consultation_id: int) -> Consultation:
    _require_manager(ctx)
    return _poll(ctx, consultation_id, lock=True)


def _require_draft(poll: Consultation, what: str) -> None:
    if poll.state != ConsultationState.DRAFT:
        raise InvalidTransition(
            f"The opinion poll is {poll.state}; {what} only while it is a draft."
        )


def managers(ctx: Ctx) -> tuple[int, ...]:
    users = ctx.session.scalars(select(User).where(User.disabled.is_(False))).all()
    return tuple(u.id for u in users if MANAGE in global_permissions(u.roles))


def recipient_ids(ctx: Ctx, poll: Consultation) -> tuple[int, ...]:
    return tuple(
        ctx.session.scalars(
            select(ConsultationRecipient.user_id).where(
                ConsultationRecipient.consultation_id == poll.id
            )
        )
    )


def notify(ctx: Ctx, users: tuple[int, ...], poll: Consultation, code: str, text: str) -> None:
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
    poll = managed(ctx, cmd.consultation_id)
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
    poll = managed(ctx, cmd.consultation_id)
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
    poll = managed(ctx, cmd.consultation_id)
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
    poll = managed(ctx, cmd.consultation_id)
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
    notify(
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
    poll = managed(ctx, cmd.consultation_id)
    poll.state = msg.next_state(poll.state, "cancel")
    notify(ctx, recipient_ids(ctx, poll), poll, "consultation.cancelled", f"Đã hủy: {poll.title}")
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
    poll = visible(ctx, cmd.consultation_id)
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
    poll = visible(ctx, cmd.consultation_id)
    sha = cmd.sha256.lower()
    attached = ctx.session.scalar(
        select(ConsultationDocument.id).where(
            ConsultationDocument.consultation_id == poll.id, ConsultationDocument.sha256 == sha
        )
    )
    if attached is None and sha != poll.report_sha256:
        raise NotFound("This file does not belong to the opinion poll.")
    return files.read(ctx, sha, cmd.offset, cmd.length)
