"""The minutes of a meeting (biên bản): drafted from the event log, edited, finalized.

One minutes per meeting, in one table of states:

    (none) --draft--> draft --update/draft--> draft --finalize--> finalized

``minutes.draft`` (re)writes the text from the meeting's event log while the meeting
runs or after it ended; ``minutes.update`` saves the secretariat's edits.  Both check
``revision``: an edit based on an older revision is refused with ``conflict`` (someone
else saved in between: reload, then edit again).  ``minutes.finalize`` renders the PDF
(Decree 30 layout, "BIÊN BẢN", signature blocks of the chair and the secretary) after
the meeting ended; it is then handed to signing (chair signs, the clerk seals) and can
no longer be edited.  ``status`` adds ``signed``/``issued`` from the signing workflow.
"""

from __future__ import annotations

from enum import StrEnum

import msgspec

from protocol.envelope import Command, Event
from protocol.transitions import transition

#: The longest minutes text accepted (characters).
MAX_TEXT = 200_000


class MinutesState(StrEnum):
    DRAFT = "draft"
    FINALIZED = "finalized"


#: (state, action) → next state.  ``None`` is "no minutes yet".
TRANSITIONS: dict[tuple[MinutesState, str], MinutesState] = {
    (MinutesState.DRAFT, "draft"): MinutesState.DRAFT,
    (MinutesState.DRAFT, "update"): MinutesState.DRAFT,
    (MinutesState.DRAFT, "finalize"): MinutesState.FINALIZED,
}


def next_state(state: MinutesState | str, action: str) -> MinutesState:
    """The state after ``action``, or :class:`InvalidTransition` (nothing changes)."""
    return transition(TRANSITIONS, MinutesState(state), action, "the minutes")


class MinutesInfo(msgspec.Struct, kw_only=True, frozen=True):
    """The minutes as stored.  ``status`` is ``draft``, ``finalized``, ``signed`` (the
    chair signed) or ``issued`` (sealed by the clerical office)."""

    meeting_id: int
    state: MinutesState
    status: str
    revision: int
    text: str
    updated_at: str
    updated_by: int
    updated_by_name: str
    number_symbol: str = ""
    finalized_at: str | None = None
    #: The finalized PDF (download it with ``minutes.download``, or as document version
    #: ``version_id`` with ``document.download``: chair and secretariat).
    sha256: str | None = None
    size: int | None = None
    pages: int | None = None
    version_id: int | None = None
    #: The signing workflow the finalized minutes went to, when there is one.
    decision_id: int | None = None


# --- commands -------------------------------------------------------------------------


class MinutesDraft(Command, tag="minutes.draft", frozen=True):
    """Write (or rewrite) the draft from the event log; the meeting must be in progress
    or ended.  ``revision`` is the one the caller last saw (None for the first draft):
    regenerating over someone's newer edit is a ``conflict``."""

    meeting_id: int
    revision: int | None = None


class MinutesGet(Command, tag="minutes.get", frozen=True):
    meeting_id: int


class MinutesUpdate(Command, tag="minutes.update", frozen=True):
    """Replace the text; ``revision`` is the one the edit started from."""

    meeting_id: int
    revision: int
    text: str


class MinutesFinalize(Command, tag="minutes.finalize", frozen=True):
    """Render the PDF of ``revision`` and send it for signing.  ``number_symbol`` is the
    "Số" (default: the next number of the year, e.g. "3/BB-VPCP")."""

    meeting_id: int
    revision: int
    number_symbol: str = ""


class MinutesDownload(Command, tag="minutes.download", frozen=True):
    """Bytes of the finalized PDF (a ``documents.DownloadChunk``)."""

    meeting_id: int
    offset: int = 0
    length: int = 256 * 1024


# --- events (audience: the chair and the secretariat) --------------------------------


class MinutesDrafted(Event, tag="minutes.drafted", frozen=True):
    revision: int
    by_user_id: int


class MinutesUpdated(Event, tag="minutes.updated", frozen=True):
    revision: int
    by_user_id: int


class MinutesFinalized(Event, tag="minutes.finalized", frozen=True):
    revision: int
    by_user_id: int
    number_symbol: str
    sha256: str
    decision_id: int | None = None
