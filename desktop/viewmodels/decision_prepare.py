"""Putting a document up for signing (``decision.prepare``, the secretariat).

:class:`DecisionPrepareViewModel` offers the meetings in which the user may prepare
decisions (:func:`preparable_meetings`: ``decision.prepare`` from the meeting role or the
global secretariat role, ``protocol.permissions``), and for the meeting chosen the PDFs of
its agenda items (current versions, from the joined :class:`MeetingSession`'s view) and
the people who can sign (its chair, then its members).  :meth:`prepare` checks what the
user typed (:func:`prepare_problem`: a number and symbol such as "215/NQ-CP", a signer
and the authority lines unless it is an attachment) and says what is missing through
``failed`` without sending anything; otherwise it sends ``decision.prepare`` through the
injected runner and reports ``prepared(DecisionInfo)`` or the server's refusal
(``failed``).  The server checks everything again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop.client import Client, MeetingSession
from desktop.client import decisions as flow
from desktop.viewmodels.session import CommandRunner, Runner
from desktop.viewmodels.times import shown_time
from protocol.decisions import DecisionInfo, DecisionKind, needs_signer
from protocol.meeting_state import MeetingState
from protocol.meetings import MeetingSummary
from protocol.permissions import MeetingRole, meeting_permissions
from protocol.state import MeetingView, item_numbers, ordered_items

#: The kinds the secretariat puts up for signing, in the order the dialog lists them
#: (copies are made by the clerk from an issued decision).
PREPARABLE_KINDS = (
    DecisionKind.RESOLUTION,
    DecisionKind.DECISION,
    DecisionKind.MINUTES,
    DecisionKind.ATTACHMENT,
)

#: The lines above the signature of a government resolution signed by the Prime Minister.
DEFAULT_AUTHORITY = ("TM. CHÍNH PHỦ", "THỦ TƯỚNG")

#: Who may be chosen as the signer: the chair first, then the members.
SIGNER_ROLES = (MeetingRole.CHAIR, MeetingRole.MEMBER)


def _tr(text: str) -> str:
    return QCoreApplication.translate("DecisionPrepare", text)


@dataclass(frozen=True)
class MeetingChoice:
    meeting_id: int
    title: str
    starts_at: str

    @property
    def label(self) -> str:
        when = shown_time(self.starts_at, seconds=False)[:10] if self.starts_at else ""
        return f"{self.title} ({when})" if when else self.title


@dataclass(frozen=True)
class DocumentChoice:
    version_id: int
    item_id: int
    item_number: str
    item_title: str
    filename: str
    pages: int

    @property
    def label(self) -> str:
        return f"{self.item_number}. {self.item_title} — {self.filename}"

    @property
    def default_title(self) -> str:
        """What the title field starts with: the agenda item's title, else the file's."""
        return self.item_title.strip() or PurePosixPath(self.filename).stem


@dataclass(frozen=True)
class SignerChoice:
    user_id: int
    full_name: str
    position_title: str
    role: str

    @property
    def label(self) -> str:
        return f"{self.full_name}, {self.position_title}" if self.position_title else self.full_name


def preparable_meetings(
    meetings: Iterable[MeetingSummary], roles: Iterable[str]
) -> list[MeetingChoice]:
    """The meetings (not cancelled) in which ``decision.prepare`` is held, newest first."""
    roles = list(roles)
    found = [
        MeetingChoice(meeting_id=m.id, title=m.title, starts_at=m.starts_at)
        for m in meetings
        if m.state is not MeetingState.CANCELLED
        and "decision.prepare" in meeting_permissions(m.my_role, roles)
    ]
    return sorted(found, key=lambda m: m.starts_at, reverse=True)


def documents_of(view: MeetingView) -> list[DocumentChoice]:
    """The current version of every document of the meeting's agenda, in agenda order."""
    numbers = item_numbers(view)
    return [
        DocumentChoice(
            version_id=d.version_id,
            item_id=item.item_id,
            item_number=numbers.get(item.item_id, str(item.index + 1)),
            item_title=item.title,
            filename=d.filename,
            pages=d.pages,
        )
        for item in ordered_items(view)
        for d in item.documents
    ]


def signers_of(view: MeetingView) -> list[SignerChoice]:
    """The meeting's chair, then its members (those still taking part)."""
    people = [
        SignerChoice(
            user_id=p.user_id,
            full_name=p.full_name,
            position_title=p.position_title,
            role=p.role,
        )
        for p in view.participants.values()
        if not p.removed and p.role in SIGNER_ROLES
    ]
    order = {role: rank for rank, role in enumerate(SIGNER_ROLES)}
    return sorted(people, key=lambda p: order.get(MeetingRole(p.role), len(order)))


def prepare_problem(
    *,
    version_id: int | None,
    kind: DecisionKind | str,
    number_symbol: str,
    signer_user_id: int | None,
    authority_lines: Iterable[str],
) -> str:
    """What the user still has to fill in, as a sentence; "" when the form is complete."""
    number = number_symbol.strip()
    if version_id is None:
        return _tr(
            "Choose the document to sign. Upload its PDF to an agenda item of the meeting "
            "first (Edit meeting)."
        )
    if not number:
        return _tr("Enter the number and symbol of the document, e.g. 215/NQ-CP.")
    if "/" not in number:
        return _tr("Write the number, a slash, then the symbol, e.g. 215/NQ-CP.")
    if needs_signer(kind):
        if signer_user_id is None:
            return _tr("Choose who signs the document.")
        if not any(line.strip() for line in authority_lines):
            return _tr("Enter the authority lines above the signature, e.g. THỦ TƯỚNG.")
    return ""


class DecisionPrepareViewModel(CommandRunner):
    """The form behind "Put up for signing…": meetings, documents, signers, and the send."""

    meetings_loaded = Signal()
    #: The documents and signers of the chosen meeting are known (``meeting_id``).
    meeting_loaded = Signal(int)
    busy_changed = Signal(bool)
    #: The server accepted: the new decision (a :class:`DecisionInfo`).
    prepared = Signal(object)
    #: What is missing, or the server's refusal.
    failed = Signal(str)

    def __init__(
        self,
        client: Client,
        run: Runner,
        *,
        meetings: list[MeetingChoice] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(run, parent)
        self.client = client
        self.meetings: list[MeetingChoice] = list(meetings or [])
        self.meeting_id: int | None = None
        self.documents: list[DocumentChoice] = []
        self.signers: list[SignerChoice] = []
        self.busy = False

    @property
    def roles(self) -> list[str]:
        return list(self.client.user.roles) if self.client.user is not None else []

    def document(self, version_id: int | None) -> DocumentChoice | None:
        return next((d for d in self.documents if d.version_id == version_id), None)

    def default_signer(self, kind: DecisionKind | str) -> int | None:
        """The chair (who signs the minutes and, usually, the resolutions); None for an
        attachment, which is sealed and not signed."""
        if not needs_signer(kind) or not self.signers:
            return None
        return self.signers[0].user_id

    # --- reading --------------------------------------------------------------------------

    def load_meetings(self) -> None:
        self._submit(self.client.list_meetings(), self._on_meetings)

    def _on_meetings(self, listed: list[MeetingSummary]) -> None:
        self.meetings = preparable_meetings(listed, self.roles)
        self.meetings_loaded.emit()

    def choose_meeting(self, meeting_id: int) -> None:
        """Follow the meeting (without attending it) to list its documents and people."""
        self.meeting_id = meeting_id
        self.documents, self.signers = [], []
        self._submit(self._session(meeting_id), self._on_session)

    async def _session(self, meeting_id: int) -> MeetingSession:
        session = self.client.meetings.get(meeting_id)
        if session is not None and session.view is not None:
            return session  # already followed (e.g. an open meeting room): keep it as it is
        return await self.client.join(meeting_id, attend=False)

    def _on_session(self, session: MeetingSession) -> None:
        if session.meeting_id != self.meeting_id or session.view is None:
            return  # another meeting was chosen meanwhile
        self.documents = documents_of(session.view)
        self.signers = signers_of(session.view)
        self.meeting_loaded.emit(session.meeting_id)

    # --- sending --------------------------------------------------------------------------

    def prepare(
        self,
        *,
        version_id: int | None,
        kind: DecisionKind | str,
        number_symbol: str,
        signer_user_id: int | None,
        authority_lines: list[str],
        title: str,
    ) -> None:
        if self.busy:
            return
        kind = DecisionKind(kind)
        if not needs_signer(kind):
            signer_user_id, authority_lines = None, []
        problem = prepare_problem(
            version_id=version_id,
            kind=kind,
            number_symbol=number_symbol,
            signer_user_id=signer_user_id,
            authority_lines=authority_lines,
        )
        if problem or version_id is None:
            self.failed.emit(problem)
            return
        self._set_busy(True)
        self._submit(
            flow.prepare(
                self.client,
                version_id,
                kind,
                number_symbol,
                signer_user_id=signer_user_id,
                authority_lines=authority_lines,
                title=title,
            ),
            self._on_prepared,
            self._on_failed,
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)

    def _on_prepared(self, info: DecisionInfo) -> None:
        self._set_busy(False)
        self.prepared.emit(info)

    def _on_failed(self, message: str) -> None:
        self._set_busy(False)
        self.failed.emit(message)
