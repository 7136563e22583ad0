"""Decisions: the stored revisions (with their validation and ledger entries), who may
read them, and the reading commands (``decision.list``, ``decision.get``,
``decision.download``).  The workflow itself is :mod:`server.domain.decisions`.

A revision's ledger entry (kind ``decision_revision``) is the canonical JSON of its row
without the validation report (which is derived data); the verifier reads it back
from ``decision_revisions`` through :func:`server.domain.ledger.register_source`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import msgspec
from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol import decisions as msg
from protocol.decisions import CopyType, DecisionKind, DecisionState
from protocol.documents import DownloadChunk
from protocol.errors import InvalidInput, NotFound, PermissionDenied
from protocol.meeting_state import CLASSIFICATION_LABELS, Classification
from protocol.permissions import global_permissions
from protocol.signatures import SignatureInfo
from server.domain import decision_extracts, ledger, uploads
from server.domain.access import clearance_allows, get_meeting, meeting_access
from server.domain.context import Ctx
from server.domain.dispatch import handles
from server.domain.settings import Settings
from server.store.models import Decision, DecisionRevision, Meeting, User

LEDGER_KIND = "decision_revision"


def settings_of(ctx: Ctx) -> Settings:
    assert isinstance(ctx.settings, Settings), "decisions need the server settings"
    return ctx.settings


def load(ctx: Ctx, decision_id: int, *, lock: bool = False) -> Decision:
    decision = ctx.session.get(Decision, decision_id, with_for_update=lock)
    if decision is None:
        raise NotFound(f"Decision {decision_id} does not exist.")
    return decision


def is_clerk(ctx: Ctx) -> bool:
    return "seal.apply" in global_permissions(ctx.user.roles)


def require_clearance(ctx: Ctx, meeting: Meeting) -> None:
    if not clearance_allows(ctx.user.clearance, meeting.classification):
        label = CLASSIFICATION_LABELS[Classification(meeting.classification)]
        raise PermissionDenied(
            f"This decision is classified {label}; your clearance does not allow access to it."
        )


def require_reader(ctx: Ctx, decision: Decision) -> Meeting:
    """The signer, a clerk, or whoever may read the meeting's documents."""
    meeting = get_meeting(ctx.session, decision.meeting_id)
    if decision.signer_user_id == ctx.user.user_id or is_clerk(ctx):
        require_clearance(ctx, meeting)
        return meeting
    return meeting_access(ctx, decision.meeting_id, "document.read").meeting


def add_decision(ctx: Ctx, **fields: Any) -> Decision:
    """A new ``decisions`` row with ``fields``, prepared by the caller now (flushed)."""
    now = ctx.clock()
    decision = Decision(
        cancel_reason="", prepared_by=ctx.user.user_id, created_at=now, updated_at=now, **fields
    )
    ctx.session.add(decision)
    ctx.session.flush()
    return decision


def add_revision(
    ctx: Ctx,
    decision: Decision,
    step: str,
    sha256: str,
    size: int,
    version_id: int | None,
    serial: str | None,
    signatures: Sequence[object],
) -> DecisionRevision:
    revision = DecisionRevision(
        decision_id=decision.id,
        step=step,
        sha256=sha256,
        size=size,
        version_id=version_id,
        uploaded_by=ctx.user.user_id,
        signer_serial=serial,
        signatures=msgspec.to_builtins(list(signatures)),
        created_at=ctx.clock(),
    )
    ctx.session.add(revision)
    ctx.session.flush()
    ledger.append(
        ctx.session,
        LEDGER_KIND,
        _ledger_ref(revision),
        _ledger_data(revision),
        meeting_id=decision.meeting_id,
    )
    return revision


def _ledger_ref(revision: DecisionRevision) -> str:
    return f"{LEDGER_KIND}:{revision.decision_id}:{revision.step}"


def _ledger_data(revision: DecisionRevision) -> bytes:
    return ledger.canonical_json(
        {
            "decision_id": revision.decision_id,
            "sha256": revision.sha256,
            "signer_serial": revision.signer_serial,
            "size": revision.size,
            "step": revision.step,
            "uploaded_by": revision.uploaded_by,
            "version_id": revision.version_id,
        }
    )


def _ledger_rows(session: Session) -> Iterator[tuple[str, bytes, int | None]]:
    rows = session.execute(
        select(DecisionRevision, Decision.meeting_id)
        .join(Decision, Decision.id == DecisionRevision.decision_id)
        .order_by(DecisionRevision.id)
    )
    for revision, meeting_id in rows:
        yield _ledger_ref(revision), _ledger_data(revision), meeting_id


ledger.register_source(LEDGER_KIND, _ledger_rows)


def _iso(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def decision_info(
    session: Session, decision: Decision, viewer_id: int, *, brief: bool = False
) -> msg.DecisionInfo:
    """The wire view of a decision (``brief``: without its revisions)."""
    meeting = session.get(Meeting, decision.meeting_id)
    signer = session.get(User, decision.signer_user_id) if decision.signer_user_id else None
    revisions: list[msg.RevisionInfo] = []
    size = 0
    rows = session.scalars(
        select(DecisionRevision)
        .where(DecisionRevision.decision_id == decision.id)
        .order_by(DecisionRevision.id)
    ).all()
    for row in rows:
        if row.sha256 == decision.current_sha256:
            size = row.size
        if not brief:
            revisions.append(
                msg.RevisionInfo(
                    step=row.step,
                    sha256=row.sha256,
                    size=row.size,
                    version_id=row.version_id,
                    uploaded_by=row.uploaded_by,
                    uploaded_at=_iso(row.created_at),
                    signatures=msgspec.convert(row.signatures, list[SignatureInfo]),
                )
            )
    state = DecisionState(decision.state)
    return msg.DecisionInfo(
        decision_id=decision.id,
        meeting_id=decision.meeting_id,
        meeting_title=meeting.title if meeting is not None else "",
        item_id=decision.item_id,
        document_id=decision.document_id,
        kind=DecisionKind(decision.kind),
        title=decision.title,
        number_symbol=decision.number_symbol,
        authority_lines=list(decision.authority_lines),
        signer_user_id=decision.signer_user_id,
        signer_name=signer.full_name if signer is not None else "",
        state=state,
        awaiting=msg.AWAITING.get(state),
        filename=decision.filename,
        sha256=decision.current_sha256,
        size=size,
        created_at=_iso(decision.created_at),
        updated_at=_iso(decision.updated_at),
        copy_type=CopyType(decision.copy_type) if decision.copy_type else None,
        source_decision_id=decision.source_decision_id,
        cancel_reason=decision.cancel_reason,
        revisions=revisions,
    )


# --- reading --------------------------------------------------------------------------


@handles(msg.DecisionList, record=False)
def list_decisions(ctx: Ctx, cmd: msg.DecisionList) -> dict[str, object]:
    """``{"decisions": [DecisionInfo]}`` of a meeting, or waiting for the caller."""
    query = select(Decision).order_by(Decision.id)
    if cmd.meeting_id is not None:
        if is_clerk(ctx):
            require_clearance(ctx, get_meeting(ctx.session, cmd.meeting_id))
        else:
            meeting_access(ctx, cmd.meeting_id, "document.read")
        query = query.where(Decision.meeting_id == cmd.meeting_id)
    elif not cmd.waiting_for_me:
        raise InvalidInput("Name a meeting, or ask for the decisions waiting for you.")
    if cmd.waiting_for_me:
        mine = (Decision.state == DecisionState.AWAITING_SIGNATURE.value) & (
            Decision.signer_user_id == ctx.user.user_id
        )
        if is_clerk(ctx):
            mine = mine | (Decision.state == DecisionState.AWAITING_SEAL.value)
        query = query.where(mine)
    found = []
    for decision in ctx.session.scalars(query):
        meeting = get_meeting(ctx.session, decision.meeting_id)
        if clearance_allows(ctx.user.clearance, meeting.classification):
            found.append(decision_info(ctx.session, decision, ctx.user.user_id, brief=True))
    return {"decisions": msgspec.to_builtins(found)}


@handles(msg.DecisionGet, record=False)
def get(ctx: Ctx, cmd: msg.DecisionGet) -> msg.DecisionInfo:
    decision = load(ctx, cmd.decision_id)
    require_reader(ctx, decision)
    return decision_info(ctx.session, decision, ctx.user.user_id)


@handles(msg.DecisionDownload, record=False)
def download(ctx: Ctx, cmd: msg.DecisionDownload) -> DownloadChunk:
    """Bytes of the current revision (what the next signer signs), or of the caller's
    extract ``extract_id`` (what the clerk seals for a TRÍCH SAO copy)."""
    decision = load(ctx, cmd.decision_id)
    require_reader(ctx, decision)
    if cmd.extract_id:
        made = decision_extracts.load(ctx, cmd.extract_id, decision.id)
        return decision_extracts.read(ctx, made, cmd.offset, cmd.length)
    path = uploads.blob_path(settings_of(ctx), decision.current_sha256)
    return uploads.read_chunk(
        path,
        sha256=decision.current_sha256,
        size=path.stat().st_size,
        offset=cmd.offset,
        length=cmd.length,
    )
