"""The minutes of a meeting: draft from the event log, edit, finalize into a Decree 30 PDF.

Who may do what:

- ``minutes.draft``, ``minutes.update``, ``minutes.finalize``: ``minutes.edit`` (the
  meeting's secretariat);
- ``minutes.get``: a draft is seen by ``minutes.edit`` or ``minutes.sign`` (the chair);
  finalized minutes by everyone who may read the meeting's documents (``document.read``);
- ``minutes.download``: the finalized PDF, ``document.read``.

Every save bumps ``revision``; a save (or a regeneration) based on an older revision
is refused with :class:`Conflict`, so two secretaries never overwrite each other
silently.  Events ``minutes.drafted``/``updated``/``finalized`` go to the ``managers``
(chair and secretariat) and carry the revision, never the text.

Finalizing (meeting ended) renders the PDF with :mod:`server.domain.admin_pdf`, stores
it as a blob (``blob_dir/<sha[:2]>/<sha>``, content-addressed, row in ``blobs``) and as
version 1 of a document of the meeting's hidden records item
(:mod:`server.domain.minutes_record`: ``document.download`` for the chair and
secretariat, the ledger, the archive), hands it to the signing workflow
(:func:`server.domain.decisions.create`, kind ``minutes``: the chair signs, the
clerical office seals) and indexes it in the archive.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from protocol import minutes as msg
from protocol.decisions import DecisionKind, DecisionState
from protocol.documents import CHUNK_SIZE, DownloadChunk
from protocol.errors import Conflict, InvalidInput, InvalidTransition, NotFound, PermissionDenied
from protocol.meeting_state import CLASSIFICATION_LABELS, Classification, MeetingState
from protocol.permissions import MeetingRole
from server.domain.access import Access, meeting_access
from server.domain.admin_pdf import SignatureBlock, administrative_pdf
from server.domain.context import Ctx
from server.domain.dispatch import handles
from server.domain.minutes_draft import VN, body_of, draft_text, local
from server.domain.minutes_record import record_version, store_blob
from server.domain.settings import Settings
from server.domain.uploads import blob_path
from server.store.models import (
    Blob,
    Decision,
    Meeting,
    Minutes,
    Participant,
    User,
)

ORGANISATION = "Văn phòng Chính phủ"
PARENT_ORGANISATION = "Chính phủ"
PLACE = "Hà Nội"
SYMBOL = "BB-VPCP"
AUDIENCE = "managers"
#: Meeting states in which a draft may be written from the log.
DRAFTABLE = frozenset({MeetingState.IN_PROGRESS, MeetingState.ENDED})
FINALIZABLE = frozenset({MeetingState.ENDED, MeetingState.ARCHIVED})


def _settings(ctx: Ctx) -> Settings:
    assert isinstance(ctx.settings, Settings), "minutes need the server settings"
    return ctx.settings


def _iso(value: datetime | None) -> str | None:
    return local(value).isoformat() if value is not None else None


def _row(session: Session, meeting_id: int, *, lock: bool = False) -> Minutes | None:
    query = select(Minutes).where(Minutes.meeting_id == meeting_id)
    return session.scalar(query.with_for_update() if lock else query)


def _required(session: Session, meeting_id: int) -> Minutes:
    row = _row(session, meeting_id, lock=True)
    if row is None:
        raise NotFound(
            "No minutes have been drafted for this meeting yet; draft them first (minutes.draft)."
        )
    return row


def status_of(session: Session, row: Minutes) -> str:
    """``draft``/``finalized``, then from the signing workflow: ``signed`` (the chair
    signed, awaiting the seal), ``issued`` (sealed) or ``cancelled``."""
    if row.state != msg.MinutesState.FINALIZED or row.decision_id is None:
        return row.state
    decision = session.get(Decision, row.decision_id)
    labels: dict[str, str] = {
        DecisionState.AWAITING_SEAL: "signed",
        DecisionState.ISSUED: "issued",
        DecisionState.CANCELLED: "cancelled",
    }
    return labels.get(decision.state, row.state) if decision is not None else row.state


def info(session: Session, row: Minutes) -> msg.MinutesInfo:
    editor = session.get(User, row.updated_by)
    blob = session.get(Blob, row.sha256) if row.sha256 else None
    return msg.MinutesInfo(
        meeting_id=row.meeting_id,
        state=msg.MinutesState(row.state),
        status=status_of(session, row),
        revision=row.revision,
        text=row.text,
        updated_at=_iso(row.updated_at) or "",
        updated_by=row.updated_by,
        updated_by_name=editor.full_name if editor is not None else "",
        number_symbol=row.number_symbol,
        finalized_at=_iso(row.finalized_at),
        sha256=row.sha256,
        size=blob.size if blob is not None else None,
        pages=blob.pages if blob is not None else None,
        version_id=row.version_id,
        decision_id=row.decision_id,
    )


def _check_revision(row: Minutes, revision: int | None) -> None:
    if revision != row.revision:
        raise Conflict(
            f"The minutes were changed by someone else (now revision {row.revision}, your "
            f"copy is revision {revision}). Reload them, then make your change again."
        )


def _editable(row: Minutes, action: str) -> None:
    if row.state == msg.MinutesState.FINALIZED:
        raise InvalidTransition(
            "The minutes are finalized and sent for signing; they can no longer be changed."
        )
    msg.next_state(row.state, action)


# --- commands -------------------------------------------------------------------------


@handles(msg.MinutesDraft)
def draft(ctx: Ctx, cmd: msg.MinutesDraft) -> msg.MinutesInfo:
    """Write the draft from the event log (first time), or rewrite it over
    ``revision`` (the caller's edits in between are replaced)."""
    access = meeting_access(ctx, cmd.meeting_id, "minutes.edit", lock=True)
    meeting = access.meeting
    if MeetingState(meeting.state) not in DRAFTABLE:
        raise InvalidTransition(
            f"The meeting is {meeting.state}; minutes are drafted once it has started "
            "(in progress or ended)."
        )
    text = draft_text(ctx.session, meeting, ctx.user.full_name)
    now = ctx.clock()
    row = _row(ctx.session, meeting.id, lock=True)
    if row is None:
        row = Minutes(
            meeting_id=meeting.id,
            state=msg.MinutesState.DRAFT.value,
            revision=1,
            text=text,
            updated_by=ctx.user.user_id,
            updated_at=now,
            number_symbol="",
        )
        ctx.session.add(row)
    else:
        _editable(row, "draft")
        if cmd.revision is not None:
            _check_revision(row, cmd.revision)
        row.text, row.revision = text, row.revision + 1
        row.updated_by, row.updated_at = ctx.user.user_id, now
    ctx.session.flush()
    ctx.emit(
        meeting.id,
        msg.MinutesDrafted(revision=row.revision, by_user_id=ctx.user.user_id),
        AUDIENCE,
    )
    return info(ctx.session, row)


@handles(msg.MinutesGet, record=False)
def get(ctx: Ctx, cmd: msg.MinutesGet) -> msg.MinutesInfo:
    access = meeting_access(ctx, cmd.meeting_id)
    row = _row(ctx.session, cmd.meeting_id)
    if row is None or row.state != msg.MinutesState.FINALIZED:
        if not {"minutes.edit", "minutes.sign"} & access.perms:
            raise PermissionDenied(
                "The minutes are still a draft; only the secretariat and the chair see them "
                "before they are finalized (minutes.edit or minutes.sign)."
            )
    else:
        access.require("document.read")
    if row is None:
        raise NotFound(
            "No minutes have been drafted for this meeting yet; the secretariat drafts "
            "them with minutes.draft."
        )
    return info(ctx.session, row)


@handles(msg.MinutesUpdate)
def update(ctx: Ctx, cmd: msg.MinutesUpdate) -> msg.MinutesInfo:
    """Save the edited text; refused when it is based on an older revision."""
    meeting_access(ctx, cmd.meeting_id, "minutes.edit", lock=True)
    row = _required(ctx.session, cmd.meeting_id)
    _editable(row, "update")
    _check_revision(row, cmd.revision)
    if not cmd.text.strip():
        raise InvalidInput("The minutes cannot be empty; write the text or draft it again.")
    if len(cmd.text) > msg.MAX_TEXT:
        raise InvalidInput(
            f"The minutes are {len(cmd.text):,} characters long; at most {msg.MAX_TEXT:,} "
            "are accepted. Shorten them."
        )
    if row.text != cmd.text:
        row.text, row.revision = cmd.text, row.revision + 1
        row.updated_by, row.updated_at = ctx.user.user_id, ctx.clock()
        ctx.emit(
            cmd.meeting_id,
            msg.MinutesUpdated(revision=row.revision, by_user_id=ctx.user.user_id),
            AUDIENCE,
        )
    return info(ctx.session, row)


def _next_number(session: Session, year: int) -> str:
    begin = datetime(year, 1, 1, tzinfo=VN)
    count = session.scalar(
        select(func.count(Minutes.id)).where(
            Minutes.state == msg.MinutesState.FINALIZED.value, Minutes.finalized_at >= begin
        )
    )
    return f"{(count or 0) + 1}/{SYMBOL}"


def _subtitle(title: str) -> str:
    return title if title.lower().startswith("phiên họp") else f"Phiên họp {title}"


def _chair_name(session: Session, meeting_id: int) -> str:
    chair = session.scalar(
        select(Participant).where(
            Participant.meeting_id == meeting_id, Participant.role == MeetingRole.CHAIR
        )
    )
    user = session.get(User, chair.user_id) if chair is not None else None
    if user is None:
        raise InvalidInput("The meeting has no chair to sign the minutes; invite one first.")
    return user.full_name


def render(
    meeting: Meeting, text: str, number_symbol: str, on: date, chair: str, secretary: str
) -> bytes:
    """The minutes PDF: Decree 30 layout, the chair's block right (signs), the
    secretary's left, the classification mark of a Mật/Tối mật meeting."""
    classification = Classification(meeting.classification)
    secret = classification is not Classification.NORMAL
    return administrative_pdf(
        organisation=ORGANISATION,
        parent_organisation=PARENT_ORGANISATION,
        number_symbol=number_symbol,
        place=PLACE,
        date=on,
        kind_title="Biên bản",
        subtitle=_subtitle(meeting.title),
        body=body_of(text),
        signature_blocks=[
            SignatureBlock(["Chủ tọa"], chair),
            SignatureBlock(["Thư ký"], secretary),
        ],
        recipients=["Thành viên Chính phủ", "Lưu: VT, TH"],
        secrecy=CLASSIFICATION_LABELS[classification].upper() if secret else None,
    )


def _hand_over(ctx: Ctx, access: Access, row: Minutes, pdf: bytes, chair: str) -> int:
    """Open the signing workflow (the chair signs, the clerk seals) and index the minutes
    in the archive; returns the decision id."""
    from server.domain import archive, decisions

    meeting = access.meeting
    assert row.sha256 is not None and row.finalized_at is not None
    title = f"Biên bản {_subtitle(meeting.title)}"
    decision = decisions.create(
        ctx,
        meeting_id=meeting.id,
        kind=DecisionKind.MINUTES,
        sha256=row.sha256,
        size=len(pdf),
        filename=f"Bien_ban_{row.number_symbol.replace('/', '-')}.pdf",
        title=title,
        number_symbol=row.number_symbol,
        authority_lines=["CHỦ TỌA"],
        signer_user_id=_chair_user_id(ctx.session, meeting.id),
        # Not the records document: signed revisions stay decision revisions, so no
        # ``document.added`` names the hidden records item.
        version_id=row.version_id,
    )
    archive.index(
        ctx.session,
        kind="minutes",
        ref=f"minutes:{meeting.id}",
        meeting_id=meeting.id,
        title=title,
        text=row.text,
        date=row.finalized_at,
        classification=meeting.classification,
        signers=[chair],
        body=ORGANISATION,
        version_id=row.version_id,
    )
    return decision.id


def _chair_user_id(session: Session, meeting_id: int) -> int | None:
    return session.scalar(
        select(Participant.user_id).where(
            Participant.meeting_id == meeting_id, Participant.role == MeetingRole.CHAIR
        )
    )


@handles(msg.MinutesFinalize)
def finalize(ctx: Ctx, cmd: msg.MinutesFinalize) -> msg.MinutesInfo:
    """Render revision ``revision`` as the minutes PDF, store it and send it for signing."""
    access = meeting_access(ctx, cmd.meeting_id, "minutes.edit", lock=True)
    meeting = access.meeting
    row = _required(ctx.session, meeting.id)
    _editable(row, "finalize")
    _check_revision(row, cmd.revision)
    if MeetingState(meeting.state) not in FINALIZABLE:
        raise InvalidTransition(
            "The meeting has not ended; end it before finalizing the minutes "
            "(a regenerated draft then records the end time)."
        )
    if len(cmd.number_symbol) > 64:
        raise InvalidInput("The number and symbol may be at most 64 characters, e.g. 3/BB-VPCP.")
    now = ctx.clock()
    number = cmd.number_symbol.strip() or _next_number(ctx.session, local(now).year)
    chair = _chair_name(ctx.session, meeting.id)
    pdf = render(meeting, row.text, number, local(now).date(), chair, ctx.user.full_name)
    row.sha256 = store_blob(ctx.session, _settings(ctx), pdf, now)
    filename = f"Bien_ban_{number.replace('/', '-')}.pdf"
    row.version_id = record_version(
        ctx.session, meeting.id, row.sha256, filename, ctx.user.user_id, now
    ).id
    row.state = msg.next_state(row.state, "finalize").value
    row.number_symbol, row.finalized_at = number, now
    row.updated_by, row.updated_at = ctx.user.user_id, now
    ctx.session.flush()
    row.decision_id = _hand_over(ctx, access, row, pdf, chair)
    ctx.emit(
        meeting.id,
        msg.MinutesFinalized(
            revision=row.revision,
            by_user_id=ctx.user.user_id,
            number_symbol=number,
            sha256=row.sha256,
            decision_id=row.decision_id,
        ),
        AUDIENCE,
    )
    return info(ctx.session, row)


@handles(msg.MinutesDownload, record=False)
def download(ctx: Ctx, cmd: msg.MinutesDownload) -> DownloadChunk:
    """Bytes ``[offset, offset + length)`` of the finalized PDF."""
    meeting_access(ctx, cmd.meeting_id, "document.read")
    row = _row(ctx.session, cmd.meeting_id)
    if row is None or row.sha256 is None:
        raise NotFound("The minutes of this meeting have not been finalized yet.")
    blob = ctx.session.get(Blob, row.sha256)
    assert blob is not None
    if cmd.length <= 0:
        raise InvalidInput("length must be positive.")
    if not 0 <= cmd.offset <= blob.size:
        raise InvalidInput(f"offset must be between 0 and {blob.size}, the file's size.")
    length = min(cmd.length, CHUNK_SIZE, blob.size - cmd.offset)
    try:
        with blob_path(_settings(ctx), row.sha256).open("rb") as fh:
            fh.seek(cmd.offset)
            data = fh.read(length)
    except FileNotFoundError:
        raise NotFound(
            "The stored file of the minutes is missing on the server; tell the administrator."
        ) from None
    return DownloadChunk(data=data, offset=cmd.offset, total=blob.size, sha256=row.sha256)
