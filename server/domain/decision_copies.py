"""Electronic copies of an issued decision (Decree 30/2020/NĐ-CP, art. 25-27): SAO Y,
SAO LỤC and TRÍCH SAO, made by the clerical office (``seal.apply``).

A copy is its own decision of kind ``copy``, born ``issued``: its ``source`` revision is
what was copied and its ``copy`` revision the same bytes sealed by the organisation with
no image (PAdES B-LTA), checked like every signed revision
(:func:`server.domain.decision_uploads.store_revision`).

* SAO Y / SAO LỤC copy the whole issued revision; the clerk's seal prints the copy type,
  the organisation and the time on page 1 (``stamp_copy`` on the clerk's machine).
* TRÍCH SAO holds only the pages the clerk chooses: ``decision.extract`` builds the
  extract (:mod:`server.domain.decision_extracts`) with the copy type, organisation,
  number and time printed top right of its page 1; the clerk seals that extract and
  hands it in with ``decision.copy`` and its ``extract_id``.  The extract is the copy's
  ``source`` revision.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from protocol import decisions as msg
from protocol.consultations import vn_time
from protocol.decisions import COPY_LABELS, CopyType, DecisionKind, DecisionState
from protocol.errors import InvalidInput
from server.domain import certificates, decision_extracts, uploads
from server.domain.context import Ctx
from server.domain.decision_records import add_decision, add_revision, decision_info, load
from server.domain.decision_uploads import signer_serial, store_revision
from server.domain.decisions import index_issued, require_actor
from server.domain.dispatch import handles


@handles(msg.DecisionExtract)
def extract(ctx: Ctx, cmd: msg.DecisionExtract) -> msg.ExtractInfo:
    """Build the extract of the chosen pages for a TRÍCH SAO copy (the clerk)."""
    original = load(ctx, cmd.decision_id)
    msg.next_state(original.state, "copy")
    require_actor(ctx, original, "copy")
    number_symbol = cmd.number_symbol.strip() or original.number_symbol
    lines = [
        COPY_LABELS[CopyType.TRICH_SAO],
        certificates.open_pki(ctx).organisation,
        f"Số: {number_symbol}",
        vn_time(ctx.clock()),
    ]
    made = decision_extracts.make(
        ctx, original, cmd.pages, number_symbol=number_symbol, lines=lines
    )
    return msg.ExtractInfo(
        extract_id=made.extract_id,
        decision_id=original.id,
        pages=made.pages,
        sha256=made.sha256,
        size=made.size,
    )


@handles(msg.DecisionCopy)
def copy(ctx: Ctx, cmd: msg.DecisionCopy) -> msg.DecisionInfo:
    """Accept the clerk's sealed copy of an issued decision as a new, issued decision."""
    original = load(ctx, cmd.decision_id, lock=True)
    msg.next_state(original.state, "copy")
    require_actor(ctx, original, "copy")
    copy_type = CopyType(cmd.copy_type)
    label = COPY_LABELS[copy_type]
    settings = uploads.settings_of(ctx)
    made: decision_extracts.Extract | None = None
    if copy_type is CopyType.TRICH_SAO:
        if not cmd.extract_id:
            raise InvalidInput(
                "A TRÍCH SAO copy holds only the pages you choose: build it with "
                "decision.extract (a page range such as 1-2,5), seal that extract and hand "
                "it in with its extract_id."
            )
        made = decision_extracts.load(ctx, cmd.extract_id, original.id)
        if cmd.number_symbol.strip() not in ("", made.number_symbol):
            raise InvalidInput(
                f"The extract carries the number {made.number_symbol}; hand it in with that "
                "number or build a new extract."
            )
    elif cmd.extract_id:
        raise InvalidInput(
            f"A {label} copy is made of the whole document, not of an extract; "
            "leave extract_id empty."
        )
    filename = f"{PurePosixPath(original.filename).stem} ({label}).pdf"
    verdict, sha256, size, version_id = store_revision(
        ctx,
        original,
        "copy",
        cmd.upload_id,
        previous=decision_extracts.pdf_path(settings, made.extract_id) if made else None,
        new_document=filename,
    )
    if made is not None:
        title = f"{label} (trang {msg.page_range_text(made.pages)}): {original.title}"
        number_symbol = made.number_symbol
        source_sha256, source_size = made.sha256, made.size
        decision_extracts.keep(ctx, made)
    else:
        title = f"{label}: {original.title}"
        number_symbol = cmd.number_symbol.strip() or original.number_symbol
        source_sha256 = original.current_sha256
        source_size = uploads.blob_path(settings, source_sha256).stat().st_size
    copy_row = add_decision(
        ctx,
        meeting_id=original.meeting_id,
        item_id=original.item_id,
        document_id=None,
        kind=DecisionKind.COPY.value,
        copy_type=copy_type.value,
        source_decision_id=original.id,
        title=title[:1000],
        number_symbol=number_symbol,
        authority_lines=[],
        signer_user_id=None,
        state=DecisionState.ISSUED.value,
        filename=filename,
        current_sha256=sha256,
    )
    add_revision(ctx, copy_row, "source", source_sha256, source_size, None, None, [])
    kept = add_revision(
        ctx, copy_row, "copy", sha256, size, version_id, signer_serial(verdict), verdict.signatures
    )
    ctx.emit(
        original.meeting_id,
        msg.DecisionCopied(
            decision_id=original.id,
            copy_decision_id=copy_row.id,
            copy_type=copy_type,
            sha256=sha256,
            version_id=version_id,
        ),
    )
    index_issued(ctx, copy_row, kept, verdict.texts)
    return decision_info(ctx.session, copy_row, ctx.user.user_id)
