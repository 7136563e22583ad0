"""Decisions to sign (Decree 30/2020/NĐ-CP): signer first, then the clerical office's seal.

A decision is a PDF chosen for signing: a document version of an agenda item, or a
meeting-level document such as the minutes.  Its life is one table:

    awaiting_signature --sign--> awaiting_seal --seal--> issued
            \\--cancel--> cancelled <--cancel--/

An attachment in a separate file has no personal signature: it starts at
``awaiting_seal``.  From an issued decision the clerk makes copies (SAO Y, SAO LỤC,
TRÍCH SAO): a copy is its own decision, born ``issued``.

Every signed revision is uploaded in chunks: ``decision.upload_begin`` (returns an
``upload_id``), ``document.upload_chunk``..., then ``decision.submit_signed`` (the
signer), ``decision.submit_sealed`` or ``decision.copy`` (the clerk, ``seal.apply``).
The server accepts a revision only if it is an incremental update of the current one
that adds exactly one valid signature by the expected party and changes nothing else.

An extract copy (TRÍCH SAO) holds only the pages the clerk chooses: ``decision.extract``
with a page range (``"1-2,5"``, :func:`parse_page_range`) has the server build a new PDF
of those pages with the copy's text printed top right of its first page; the clerk
downloads it (``decision.download`` with its ``extract_id``), seals it with no image
and hands it in with ``decision.copy`` (``extract_id``), checked as an incremental
update of the extract.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

import msgspec

from protocol.envelope import Command, Event
from protocol.errors import InvalidPageRange
from protocol.signatures import SignatureInfo
from protocol.transitions import transition

Line = Annotated[str, msgspec.Meta(max_length=200)]


class DecisionKind(StrEnum):
    #: Quyết định.
    DECISION = "decision"
    #: Nghị quyết.
    RESOLUTION = "resolution"
    #: Biên bản (the minutes of a meeting).
    MINUTES = "minutes"
    #: A separate attachment (phụ lục): sealed without a personal signature or image.
    ATTACHMENT = "attachment"
    #: An electronic copy (SAO Y / SAO LỤC / TRÍCH SAO) made by the clerk.
    COPY = "copy"


class CopyType(StrEnum):
    SAO_Y = "sao_y"
    SAO_LUC = "sao_luc"
    TRICH_SAO = "trich_sao"


#: The words printed on a copy (Decree 30, art. 25).
COPY_LABELS: dict[CopyType, str] = {
    CopyType.SAO_Y: "SAO Y",
    CopyType.SAO_LUC: "SAO LỤC",
    CopyType.TRICH_SAO: "TRÍCH SAO",
}


#: A page range as the clerk types it: "1-2,5".
PageRange = Annotated[str, msgspec.Meta(max_length=200)]
_RANGE_PART = re.compile(r"([0-9]+)(?:\s*-\s*([0-9]+))?")


def parse_page_range(text: str, page_count: int | None = None) -> list[int]:
    """The pages (1-based, ascending, each once) that ``text`` names: numbers and ranges
    separated by commas, e.g. ``"1-2, 5"`` → ``[1, 2, 5]``.  With ``page_count`` every
    page must exist.  Raises :class:`InvalidPageRange` saying what is wrong."""
    parts = [part.strip() for part in text.split(",")]
    if not any(parts):
        raise InvalidPageRange("Give the pages to copy, e.g. 1-2,5.")
    pages: set[int] = set()
    for part in parts:
        if not part:
            raise InvalidPageRange(
                f"The page range {text.strip()!r} has an empty entry; write e.g. 1-2,5."
            )
        match = _RANGE_PART.fullmatch(part)
        if match is None:
            raise InvalidPageRange(
                f"{part!r} is not a page number or a range of pages such as 2-4."
            )
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) is not None else first
        if first < 1 or last < 1:
            raise InvalidPageRange(f"Pages are numbered from 1; {part!r} names page 0.")
        if last < first:
            raise InvalidPageRange(
                f"The range {part!r} runs backwards; write it as {last}-{first}."
            )
        if page_count is not None and last > page_count:
            raise InvalidPageRange(
                f"The document has {page_count} page(s); {part!r} goes past its last page."
            )
        if last - first > 100_000:
            raise InvalidPageRange(f"The range {part!r} is far too long.")
        pages.update(range(first, last + 1))
    return sorted(pages)


def page_range_text(pages: list[int]) -> str:
    """``[1, 2, 3, 5]`` → ``"1-3, 5"`` (what a title shows)."""
    runs: list[list[int]] = []
    for page in sorted(set(pages)):
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


class DecisionState(StrEnum):
    AWAITING_SIGNATURE = "awaiting_signature"
    AWAITING_SEAL = "awaiting_seal"
    ISSUED = "issued"
    CANCELLED = "cancelled"


#: The whole lifecycle: (state, action) → next state.  ``copy`` leaves an issued
#: decision issued (it creates another decision); it is listed so that it is refused
#: in every other state.
TRANSITIONS: dict[tuple[DecisionState, str], DecisionState] = {
    (DecisionState.AWAITING_SIGNATURE, "sign"): DecisionState.AWAITING_SEAL,
    (DecisionState.AWAITING_SIGNATURE, "cancel"): DecisionState.CANCELLED,
    (DecisionState.AWAITING_SEAL, "seal"): DecisionState.ISSUED,
    (DecisionState.AWAITING_SEAL, "cancel"): DecisionState.CANCELLED,
    (DecisionState.ISSUED, "copy"): DecisionState.ISSUED,
}

#: Who acts next in each state: the designated signer or the clerical office.
AWAITING: dict[DecisionState, str] = {
    DecisionState.AWAITING_SIGNATURE: "signer",
    DecisionState.AWAITING_SEAL: "clerk",
}

#: The step that a signed upload performs in each state.
UPLOAD_ACTION: dict[DecisionState, str] = {
    DecisionState.AWAITING_SIGNATURE: "sign",
    DecisionState.AWAITING_SEAL: "seal",
    DecisionState.ISSUED: "copy",
}


def next_state(state: DecisionState | str, action: str) -> DecisionState:
    """The state after ``action``, or :class:`InvalidTransition` (nothing changes)."""
    return transition(TRANSITIONS, DecisionState(state), action, "a decision")


def initial_state(kind: DecisionKind | str) -> DecisionState:
    """Attachments and copies carry no personal signature: they wait for the seal."""
    if DecisionKind(kind) in (DecisionKind.ATTACHMENT, DecisionKind.COPY):
        return DecisionState.AWAITING_SEAL
    return DecisionState.AWAITING_SIGNATURE


def needs_signer(kind: DecisionKind | str) -> bool:
    return initial_state(kind) is DecisionState.AWAITING_SIGNATURE


# --- what the server reports ----------------------------------------------------------


class RevisionInfo(msgspec.Struct, kw_only=True, frozen=True):
    """One stored revision of a decision's PDF and its validation when it was accepted.

    ``step``: ``source`` (the prepared PDF), ``signed``, ``sealed`` or ``copy``.
    ``version_id`` is the document version the revision became, when the decision
    comes from an agenda item's document (download it with ``document.download``)."""

    step: str
    sha256: str
    size: int
    version_id: int | None
    uploaded_by: int
    uploaded_at: str
    signatures: list[SignatureInfo] = []


class ExtractInfo(msgspec.Struct, kw_only=True, frozen=True):
    """An extract built by ``decision.extract``: download it with ``decision.download``
    (``extract_id``), seal it and hand it in with ``decision.copy`` (``extract_id``)."""

    extract_id: str
    decision_id: int
    #: The pages of the issued decision it holds (1-based, ascending).
    pages: list[int]
    sha256: str
    size: int


class DecisionInfo(msgspec.Struct, kw_only=True, frozen=True):
    decision_id: int
    meeting_id: int
    meeting_title: str
    item_id: int | None
    document_id: int | None
    kind: DecisionKind
    title: str
    number_symbol: str
    authority_lines: list[str]
    signer_user_id: int | None
    signer_name: str
    state: DecisionState
    #: "signer", "clerk" or None (issued, cancelled): whose turn it is.
    awaiting: str | None
    filename: str
    #: The current revision (what a signer or the clerk downloads and signs next).
    sha256: str
    size: int
    created_at: str
    updated_at: str
    copy_type: CopyType | None = None
    source_decision_id: int | None = None
    cancel_reason: str = ""
    revisions: list[RevisionInfo] = []


# --- commands -------------------------------------------------------------------------


class DecisionPrepare(Command, tag="decision.prepare", frozen=True):
    """Put a document version up for signing (``decision.prepare``, secretariat).

    ``signer_user_id`` signs first (not for attachments); ``authority_lines`` are the
    lines above the signature, e.g. ["TM. CHÍNH PHỦ", "THỦ TƯỚNG"]; ``number_symbol``
    is the document's "Số", e.g. "25/NQ-CP"."""

    version_id: int
    kind: DecisionKind
    number_symbol: Annotated[str, msgspec.Meta(max_length=64)]
    signer_user_id: int | None = None
    authority_lines: Annotated[list[Line], msgspec.Meta(max_length=6)] = []
    title: Annotated[str, msgspec.Meta(max_length=1000)] = ""


class DecisionUploadBegin(Command, tag="decision.upload_begin", frozen=True):
    """Start uploading the next signed revision; send its bytes with
    ``document.upload_chunk``.  Only whoever acts next may start one (the signer, or
    the clerk for the seal and for copies of an issued decision)."""

    decision_id: int
    size: int
    sha256: str


class DecisionSubmitSigned(Command, tag="decision.submit_signed", frozen=True):
    """The signer hands in their signed revision (PAdES B-T) → ``awaiting_seal``."""

    decision_id: int
    upload_id: str


class DecisionSubmitSealed(Command, tag="decision.submit_sealed", frozen=True):
    """The clerk hands in the sealed revision (PAdES B-LTA) → ``issued``."""

    decision_id: int
    upload_id: str


class DecisionExtract(Command, tag="decision.extract", frozen=True):
    """Build the extract for a TRÍCH SAO copy of an issued decision (the clerk): a new PDF
    of ``pages`` (e.g. ``"1-2,5"``) with "TRÍCH SAO", the organisation, the number and
    symbol (``number_symbol``, else the decision's) and the time printed top right of
    its first page.  Returns an :class:`ExtractInfo`; a bad range is refused with
    ``InvalidPageRange``."""

    decision_id: int
    pages: PageRange
    number_symbol: Annotated[str, msgspec.Meta(max_length=64)] = ""


class DecisionCopy(Command, tag="decision.copy", frozen=True):
    """The clerk hands in an electronic copy of an issued decision, sealed with no
    image (``stamp_copy``): it becomes a new, issued decision of kind ``copy``.
    A TRÍCH SAO copy is the sealed extract ``extract_id`` (``decision.extract``)."""

    decision_id: int
    upload_id: str
    copy_type: CopyType
    number_symbol: Annotated[str, msgspec.Meta(max_length=64)] = ""
    extract_id: str = ""


class DecisionCancel(Command, tag="decision.cancel", frozen=True):
    decision_id: int
    reason: Annotated[str, msgspec.Meta(max_length=1000)] = ""


class DecisionList(Command, tag="decision.list", frozen=True):
    """The decisions of a meeting, or (``waiting_for_me``) those awaiting the caller:
    a signer's signature, or the seal when the caller is the clerk."""

    meeting_id: int | None = None
    waiting_for_me: bool = False


class DecisionGet(Command, tag="decision.get", frozen=True):
    """One decision with every revision and its validation."""

    decision_id: int


class DecisionDownload(Command, tag="decision.download", frozen=True):
    """Bytes of the decision's current revision (a ``DownloadChunk``), for those who
    act on it (signer, clerk) and those who may read the meeting's documents; with
    ``extract_id``, of the caller's extract built by ``decision.extract``."""

    decision_id: int
    offset: int = 0
    length: int = 256 * 1024
    extract_id: str = ""


# --- events (to the meeting) ------------------------------------------------------------


class DecisionPrepared(Event, tag="decision.prepared", frozen=True):
    decision_id: int
    kind: DecisionKind
    title: str
    number_symbol: str
    item_id: int | None
    signer_user_id: int | None
    state: DecisionState


class DecisionSigned(Event, tag="decision.signed", frozen=True):
    decision_id: int
    signer_user_id: int
    sha256: str
    version_id: int | None


class DecisionSealed(Event, tag="decision.sealed", frozen=True):
    decision_id: int
    sha256: str
    version_id: int | None


class DecisionCopied(Event, tag="decision.copied", frozen=True):
    decision_id: int
    copy_decision_id: int
    copy_type: CopyType
    sha256: str
    version_id: int | None


class DecisionCancelled(Event, tag="decision.cancelled", frozen=True):
    decision_id: int
    reason: str
