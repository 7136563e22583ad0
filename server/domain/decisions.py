"""Decisions to sign: the Decree 30 order (signer, then the clerk's seal).

Handlers of ``protocol/decisions.py`` (copies: :mod:`server.domain.decision_copies`;
reading: :mod:`server.domain.decision_records`).  The lifecycle is
``protocol.decisions.TRANSITIONS``; every accepted revision is checked by
:mod:`server.domain.decision_uploads` first and nothing is stored when it is refused.
Each accepted revision is kept in ``decision_revisions`` (with its validation, so the
app and the archive show it), and recorded in the tamper-evident ledger; when the
decision came from an agenda item's document it also becomes the document's next
version (``document.added``).  Issued decisions and copies are indexed in the archive.

Who may do what: ``decision.prepare`` (meeting permission) to prepare and cancel; the
designated signer to sign; ``seal.apply`` (global, văn thư) to seal and copy; reading
needs to be the signer, a clerk, or to hold ``document.read`` in the meeting — always
with a clearance at least the meeting's classification.

:func:`create` is the entry point for other services (the minutes hand their final PDF,
a stored blob, to the signing workflow with it).
"""

from __future__ import annotations

from pathlib import PurePosixPath

from sqlalchemy import select

from protocol import decisions as msg
from protocol.decisions import DecisionKind, DecisionState
from protocol.errors import (
    Conflict,
    InvalidInput,
    InvalidTransition,
    NotFound,
    PermissionDenied,
)
from server.domain import archive, decision_uploads
from server.domain.access import access_of, clearance_allows, get_meeting, meeting_access
from server.domain.accounts import actor_of
from server.domain.context import Ctx
from server.domain.decision_records import (
    add_decision,
    add_revision,
    decision_info,
    is_clerk,
    load,
    require_clearance,
)
from server.domain.decision_uploads import signer_serial, store_revision
from server.domain.dispatch import handles
from server.domain.pki import DEFAULT_ORGANISATION
from server.store.models import (
    AgendaItem,
    Decision,
    DecisionRevision,
    Document,
    DocumentVersion,
    User,
)


def require_actor(ctx: Ctx, decision: Decision, action: str) -> None:
    """Only the designated signer signs; only the clerical office seals and copies."""
    if action == "sign":
        if decision.signer_user_id != ctx.user.user_id:
            signer = ctx.session.get(User, decision.signer_user_id)
            name = signer.full_name if signer is not None else "the designated signer"
            raise PermissionDenied(
                f"Only {name}, the designated signer, can sign decision {decision.number_symbol}."
            )
    elif not is_clerk(ctx):
        raise PermissionDenied(
            "You are not allowed to apply the organisation seal (seal.apply). "
            "Ask the clerical office (văn thư)."
        )
    require_clearance(ctx, get_meeting(ctx.session, decision.meeting_id))


# --- preparing ------------------------------------------------------------------------


def _clean_lines(lines: list[str]) -> list[str]:
    return [line.strip() for line in lines if line.strip()]


def create(
    ctx: Ctx,
    *,
    meeting_id: int,
    kind: DecisionKind,
    sha256: str,
    size: int,
    filename: str,
    title: str,
    number_symbol: str,
    authority_lines: list[str],
    signer_user_id: int | None,
    item_id: int | None = None,
    document_id: int | None = None,
    version_id: int | None = None,
) -> Decision:
    """Open the signing workflow on a stored blob (the caller has checked permissions and
    that the blob belongs to the meeting).  Emits ``decision.prepared``."""
    kind = DecisionKind(kind)
    number_symbol = number_symbol.strip()
    if not number_symbol or "/" not in number_symbol:
        raise InvalidInput(
            "Give the number and symbol of the document, e.g. 25/NQ-CP (Decree 30, art. 8)."
        )
    lines = _clean_lines(authority_lines)
    meeting = get_meeting(ctx.session, meeting_id)
    if msg.needs_signer(kind):
        signer = ctx.session.get(User, signer_user_id) if signer_user_id is not None else None
        if signer is None or signer.disabled:
            raise InvalidInput("Choose an active user account as the signer.")
        if not lines:
            raise InvalidInput('Give the authority lines above the signature, e.g. "THỦ TƯỚNG".')
        if not clearance_allows(signer.clearance, meeting.classification):
            raise InvalidInput(f"{signer.full_name}'s clearance does not allow this meeting.")
        if kind is DecisionKind.MINUTES:
            perms = access_of(ctx.session, actor_of(signer), meeting).perms
            if "minutes.sign" not in perms:
                raise InvalidInput("The minutes are signed by the chair of the meeting.")
    elif signer_user_id is not None:
        raise InvalidInput(f"A {kind.value} is sealed by the clerical office, not signed.")
    decision = add_decision(
        ctx,
        meeting_id=meeting_id,
        item_id=item_id,
        document_id=document_id,
        kind=kind.value,
        title=title.strip() or PurePosixPath(filename).stem,
        number_symbol=number_symbol,
        authority_lines=lines,
        signer_user_id=signer_user_id,
        state=msg.initial_state(kind).value,
        filename=filename,
        current_sha256=sha256,
    )
    add_revision(ctx, decision, "source", sha256, size, version_id, None, [])
    ctx.emit(
        meeting_id,
        msg.DecisionPrepared(
            decision_id=decision.id,
            kind=kind,
            title=decision.title,
            number_symbol=number_symbol,
            item_id=item_id,
            signer_user_id=signer_user_id,
            state=DecisionState(decision.state),
        ),
    )
    return decision


@handles(msg.DecisionPrepare)
def prepare(ctx: Ctx, cmd: msg.DecisionPrepare) -> msg.DecisionInfo:
    version = ctx.session.get(DocumentVersion, cmd.version_id)
    doc = ctx.session.get(Document, version.document_id) if version is not None else None
    item = ctx.session.get(AgendaItem, doc.item_id) if doc is not None else None
    if version is None or doc is None or item is None or item.deleted:
        raise NotFound(f"Document version {cmd.version_id} does not exist.")
    meeting_access(ctx, item.meeting_id, "decision.prepare")
    if cmd.kind is DecisionKind.COPY:
        raise InvalidInput("Copies are made from an issued decision with decision.copy.")
    if doc.current_version_id != version.id:
        raise Conflict("A newer version of this document exists; prepare that one for signing.")
    busy = ctx.session.scalar(
        select(Decision.id).where(
            Decision.document_id == doc.id,
            Decision.state.in_([s.value for s in msg.AWAITING]),
        )
    )
    if busy is not None:
        raise Conflict(f"This document is already in signing (decision {busy}); cancel that first.")
    decision = create(
        ctx,
        meeting_id=item.meeting_id,
        kind=cmd.kind,
        sha256=version.sha256,
        size=version.size,
        filename=version.filename,
        title=cmd.title,
        number_symbol=cmd.number_symbol,
        authority_lines=list(cmd.authority_lines),
        signer_user_id=cmd.signer_user_id,
        item_id=item.id,
        document_id=doc.id,
        version_id=version.id,
    )
    return decision_info(ctx.session, decision, ctx.user.user_id)


@handles(msg.DecisionCancel)
def cancel(ctx: Ctx, cmd: msg.DecisionCancel) -> msg.DecisionInfo:
    decision = load(ctx, cmd.decision_id, lock=True)
    meeting_access(ctx, decision.meeting_id, "decision.prepare")
    decision.state = msg.next_state(decision.state, "cancel").value
    decision.cancel_reason = cmd.reason.strip()
    decision.updated_at = ctx.clock()
    ctx.emit(
        decision.meeting_id,
        msg.DecisionCancelled(decision_id=decision.id, reason=decision.cancel_reason),
    )
    return decision_info(ctx.session, decision, ctx.user.user_id)


# --- signed revisions -----------------------------------------------------------------


def _action(decision: Decision) -> str:
    action = msg.UPLOAD_ACTION.get(DecisionState(decision.state))
    if action is None:
        raise InvalidTransition(f"Decision {decision.number_symbol} is {decision.state}.")
    return action


@handles(msg.DecisionUploadBegin)
def upload_begin(ctx: Ctx, cmd: msg.DecisionUploadBegin) -> dict[str, object]:
    decision = load(ctx, cmd.decision_id)
    require_actor(ctx, decision, _action(decision))
    return decision_uploads.begin(ctx, decision, size=cmd.size, sha256=cmd.sha256)


def _advance(
    ctx: Ctx, decision_id: int, action: str, step: str, upload_id: str
) -> tuple[Decision, DecisionRevision, list[str]]:
    """Check and store the upload made for ``action`` ("sign", "seal"), keep it as the
    revision ``step`` and move the decision on: (decision, revision, page texts)."""
    decision = load(ctx, decision_id, lock=True)
    state = msg.next_state(decision.state, action)
    require_actor(ctx, decision, action)
    verdict, sha256, size, version_id = store_revision(ctx, decision, action, upload_id)
    serial = signer_serial(verdict)
    revision = add_revision(
        ctx, decision, step, sha256, size, version_id, serial, verdict.signatures
    )
    decision.state, decision.current_sha256 = state.value, sha256
    decision.updated_at = ctx.clock()
    return decision, revision, verdict.texts


@handles(msg.DecisionSubmitSigned)
def submit_signed(ctx: Ctx, cmd: msg.DecisionSubmitSigned) -> msg.DecisionInfo:
    decision, revision, _ = _advance(ctx, cmd.decision_id, "sign", "signed", cmd.upload_id)
    ctx.emit(
        decision.meeting_id,
        msg.DecisionSigned(
            decision_id=decision.id,
            signer_user_id=ctx.user.user_id,
            sha256=revision.sha256,
            version_id=revision.version_id,
        ),
    )
    return decision_info(ctx.session, decision, ctx.user.user_id)


@handles(msg.DecisionSubmitSealed)
def submit_sealed(ctx: Ctx, cmd: msg.DecisionSubmitSealed) -> msg.DecisionInfo:
    decision, revision, texts = _advance(ctx, cmd.decision_id, "seal", "sealed", cmd.upload_id)
    ctx.emit(
        decision.meeting_id,
        msg.DecisionSealed(
            decision_id=decision.id, sha256=revision.sha256, version_id=revision.version_id
        ),
    )
    index_issued(ctx, decision, revision, texts)
    return decision_info(ctx.session, decision, ctx.user.user_id)


def index_issued(
    ctx: Ctx, decision: Decision, revision: DecisionRevision, texts: list[str]
) -> None:
    """Put an issued decision (or copy) in the archive, with its text and signers."""
    meeting = get_meeting(ctx.session, decision.meeting_id)
    signatures = [s for s in revision.signatures if isinstance(s, dict)]
    signers = [str(s["signer_name"]) for s in signatures if s.get("kind") in ("signature", "seal")]
    # The issuing body is the organisation whose seal the decision carries.
    seals = [str(s.get("organisation") or "") for s in signatures if s.get("kind") == "seal"]
    body = next((name for name in seals if name), DEFAULT_ORGANISATION)
    archive.index(
        ctx.session,
        kind="decision",
        ref=str(decision.id),
        meeting_id=decision.meeting_id,
        title=f"{decision.number_symbol} {decision.title}",
        text="\n".join([decision.title, *texts]),
        date=ctx.clock(),
        classification=meeting.classification,
        signers=signers,
        body=body,
        version_id=revision.version_id,
    )


__all__ = ["create", "index_issued", "require_actor"]
