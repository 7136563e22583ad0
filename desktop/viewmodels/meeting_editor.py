"""The secretariat's editor of one meeting: details, participants, agenda and documents.

Everything goes through protocol commands on a :class:`~desktop.client.Client`; the
editor never changes its own data.  It shows the :class:`MeetingSession`'s view, which
the server's events keep current, so two secretaries editing the same meeting see each
other's changes as they are committed.  Actions run through the injected runner and
report failures through ``error_occurred`` with the server's own sentence.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop.client import Client, MeetingSession
from desktop.viewmodels.home import classification_label, meeting_state_label
from desktop.viewmodels.session import CommandRunner, Runner
from protocol import agenda, documents, meetings
from protocol.accounts import UserInfo, UserList
from protocol.envelope import Event
from protocol.errors import ProtocolError
from protocol.meeting_state import EDITABLE, Classification, MeetingState
from protocol.permissions import MeetingRole
from protocol.state import MeetingView, item_numbers, ordered_items

#: Roles the secretariat can give, in the order the role menu lists them.
ROLES = (MeetingRole.CHAIR, MeetingRole.MEMBER, MeetingRole.GUEST, MeetingRole.SECRETARIAT)
MODES = ("online", "hybrid")
CLASSIFICATIONS = (Classification.NORMAL, Classification.SECRET, Classification.TOP_SECRET)

#: Events after which each part of the editor must be redrawn.
_DETAILS = (meetings.MeetingUpdated, meetings.MeetingStateChanged)
_PARTICIPANTS = (
    meetings.ParticipantInvited,
    meetings.ParticipantUpdated,
    meetings.ParticipantUninvited,
)
_AGENDA = (
    agenda.AgendaItemAdded,
    agenda.AgendaItemUpdated,
    agenda.AgendaItemMoved,
    agenda.AgendaItemRemoved,
    agenda.AgendaDecisionRecorded,
    documents.DocumentAdded,
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("MeetingEditor", text)


def role_label(role: str) -> str:
    labels: dict[str, str] = {
        MeetingRole.CHAIR: _tr("Chair"),
        MeetingRole.MEMBER: _tr("Member"),
        MeetingRole.GUEST: _tr("Guest"),
        MeetingRole.SECRETARIAT: _tr("Secretariat"),
    }
    return labels.get(role, str(role))


def mode_label(mode: str) -> str:
    return {"online": _tr("Online"), "hybrid": _tr("Hybrid (online and in the room)")}.get(
        mode, mode
    )


class FileUnreadable(ProtocolError):
    code = "file.unreadable"


@dataclass(frozen=True)
class Details:
    title: str
    starts_at: str
    ends_at: str
    mode: str
    location: str
    classification: str
    state: str
    #: Ballots in the meeting's polls must be digitally signed.
    signed_votes: bool = False

    @property
    def state_label(self) -> str:
        return meeting_state_label(self.state) if self.state else _tr("New meeting")

    @property
    def classification_label(self) -> str:
        return classification_label(self.classification)


@dataclass(frozen=True)
class ParticipantRow:
    user_id: int
    full_name: str
    position_title: str
    unit_name: str
    role: str
    role_label: str
    substitute_user_id: int | None
    substitute_name: str
    vote_delegated: bool
    absence_reason: str


@dataclass(frozen=True)
class DocumentRow:
    document_id: int
    version_id: int
    version: int
    filename: str
    pages: int
    size: int

    @property
    def size_label(self) -> str:
        if self.size >= 1024 * 1024:
            return f"{self.size / 1024 / 1024:.1f} MB"
        return f"{max(1, round(self.size / 1024))} KB"


@dataclass(frozen=True)
class AgendaRow:
    item_id: int
    parent_id: int | None
    number: str
    depth: int
    index: int
    title: str
    presenter_user_id: int | None
    presenter_name: str
    planned_minutes: int
    decision: str | None
    documents: tuple[DocumentRow, ...]


@dataclass(frozen=True)
class UserChoice:
    user_id: int
    full_name: str
    position_title: str
    unit_name: str

    @property
    def label(self) -> str:
        return (
            f"{self.full_name} — {self.position_title}" if self.position_title else self.full_name
        )


def _default_details() -> Details:
    return Details(
        title="",
        starts_at="",
        ends_at="",
        mode="online",
        location="",
        classification=Classification.NORMAL,
        state="",
    )


class MeetingEditorViewModel(CommandRunner):
    """Edit one meeting (``session`` joined with ``attend=False``), or create one."""

    #: A meeting was created or opened: everything is to be drawn afresh.
    meeting_loaded = Signal()
    details_changed = Signal()
    participants_changed = Signal()
    agenda_changed = Signal()
    users_loaded = Signal()
    #: Whether the user may change this meeting (permissions and meeting state).
    editable_changed = Signal(bool)
    #: A short confirmation to show in place (e.g. "Meeting published.").
    info_posted = Signal(str)
    #: ``filename``: an upload began.
    upload_started = Signal(str)
    #: Percent of the file sent so far (0–100).
    upload_progressed = Signal(int)
    #: ``(filename, version)``: the server accepted the document.
    upload_finished = Signal(str, int)
    #: The server refused the upload (or it failed); the reason.
    upload_failed = Signal(str)

    def __init__(
        self,
        client: Client,
        run: Runner,
        session: MeetingSession | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(run, parent)
        self._client = client
        self._session: MeetingSession | None = None
        self.users: list[UserChoice] = []
        self.uploading = False
        self._editable = False
        if session is not None:
            self._attach(session)

    # --- the meeting --------------------------------------------------------------------

    @property
    def session(self) -> MeetingSession | None:
        return self._session

    @property
    def meeting_id(self) -> int | None:
        return self._session.meeting_id if self._session is not None else None

    @property
    def view(self) -> MeetingView | None:
        return self._session.view if self._session is not None else None

    @property
    def is_new(self) -> bool:
        return self._session is None

    def can(self, permission: str) -> bool:
        if self._session is None:
            return self._client.user is not None and "secretariat" in self._client.user.roles
        return permission in self._session.permissions

    @property
    def editable(self) -> bool:
        """May the user change this meeting now? (The server decides; this greys out.)"""
        view = self.view
        if self._session is None:
            return self.can("meeting.create")
        if view is None or MeetingState(view.state) not in EDITABLE:
            return False
        return self.can("agenda.manage") and self.can("meeting.edit")

    @property
    def can_publish(self) -> bool:
        view = self.view
        return view is not None and view.state == MeetingState.DRAFT and self.can("meeting.edit")

    @property
    def read_only_reason(self) -> str:
        view = self.view
        if self.editable:
            return ""
        if view is not None and MeetingState(view.state) not in EDITABLE:
            return _tr("This meeting is {0}; its preparation can no longer change.").format(
                meeting_state_label(view.state).lower()
            )
        return _tr("You can view this meeting; only its secretariat can change it.")

    def details(self) -> Details:
        view = self.view
        if view is None:
            return _default_details()
        return Details(
            title=view.title,
            starts_at=view.starts_at,
            ends_at=view.ends_at,
            mode=view.mode,
            location=view.location,
            classification=str(view.classification),
            state=str(view.state),
            signed_votes=view.signed_votes,
        )

    def participants(self) -> list[ParticipantRow]:
        view = self.view
        if view is None:
            return []
        rank: dict[str, int] = {role: n for n, role in enumerate(ROLES)}
        invited = [p for p in view.participants.values() if p.role in rank]
        invited.sort(key=lambda p: rank[p.role])  # stable: invitation order within a role
        return [
            ParticipantRow(
                user_id=p.user_id,
                full_name=p.full_name,
                position_title=p.position_title,
                unit_name=p.unit_name or "",
                role=p.role,
                role_label=role_label(p.role),
                substitute_user_id=p.substitute_user_id,
                substitute_name=p.substitute_name or "",
                vote_delegated=p.vote_delegated,
                absence_reason=p.absence_reason or "",
            )
            for p in invited
        ]

    def agenda(self) -> list[AgendaRow]:
        """The agenda depth-first in order, numbered ``1``, ``1.1``, ``2`` …"""
        view = self.view
        if view is None:
            return []
        numbers = item_numbers(view)
        rows = []
        for item in ordered_items(view):
            presenter = view.participants.get(item.presenter_user_id or -1)
            rows.append(
                AgendaRow(
                    item_id=item.item_id,
                    parent_id=item.parent_id,
                    number=numbers[item.item_id],
                    depth=numbers[item.item_id].count("."),
                    index=item.index,
                    title=item.title,
                    presenter_user_id=item.presenter_user_id,
                    presenter_name=presenter.full_name if presenter else "",
                    planned_minutes=item.planned_minutes,
                    decision=item.decision,
                    documents=tuple(
                        DocumentRow(
                            document_id=d.document_id,
                            version_id=d.version_id,
                            version=d.version,
                            filename=d.filename,
                            pages=d.pages,
                            size=d.size,
                        )
                        for d in item.documents
                    ),
                )
            )
        return rows

    def item(self, item_id: int) -> AgendaRow | None:
        return next((row for row in self.agenda() if row.item_id == item_id), None)

    def invitable_users(self) -> list[UserChoice]:
        """Users who can still be invited (not yet participants)."""
        taken = set(self.view.participants) if self.view is not None else set()
        return [u for u in self.users if u.user_id not in taken]

    def open(self, meeting_id: int) -> None:
        """Follow an existing meeting (without attending it) and edit it."""
        self._submit(self._client.join(meeting_id, attend=False), done=self._attach)

    def load_users(self) -> None:
        """Fetch the user directory (for inviting, substitutes and presenters)."""
        self._submit(self._client.call(UserList), done=self._on_users)

    def _on_users(self, result: Any) -> None:
        infos = msgspec.convert(result["users"], list[UserInfo])
        self.users = [
            UserChoice(
                user_id=u.id,
                full_name=u.full_name,
                position_title=u.position_title,
                unit_name=u.unit_name or "",
            )
            for u in infos
            if not u.disabled
        ]
        self.users_loaded.emit()

    def _attach(self, session: MeetingSession) -> None:
        self._session = session
        session.subscribe(self._on_session_event)
        session.subscribe_snapshots(self._on_session_snapshot)
        self._editable = self.editable
        self.meeting_loaded.emit()
        self.editable_changed.emit(self._editable)
        if self.can("participant.manage") and not self.users:
            self.load_users()

    # --- details and lifecycle ----------------------------------------------------------

    def save_details(
        self,
        *,
        title: str,
        starts_at: str,
        ends_at: str,
        mode: str,
        location: str,
        classification: str,
        signed_votes: bool = False,
    ) -> None:
        """Create the meeting (a new one) or change its details."""
        fields = {
            "title": title,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "mode": mode,
            "location": location,
            "classification": Classification(classification),
            "signed_votes": signed_votes,
        }
        if self._session is None:
            self._submit(self._create(fields), done=self._on_created)
        else:
            self._submit(
                self._client.call(
                    meetings.MeetingUpdate, meeting_id=self._session.meeting_id, **fields
                ),
                done=lambda _: self.info_posted.emit(_tr("Meeting details saved.")),
            )

    async def _create(self, fields: dict[str, Any]) -> MeetingSession:
        result = await self._client.call(meetings.MeetingCreate, **fields)
        return await self._client.join(int(result["meeting_id"]), attend=False)

    def _on_created(self, session: MeetingSession) -> None:
        self._attach(session)
        self.info_posted.emit(_tr("Meeting created as a draft."))

    def publish(self) -> None:
        self._transition("publish", _tr("Meeting published: participants can see it now."))

    def unpublish(self) -> None:
        self._transition("unpublish", _tr("Meeting back to draft."))

    def _transition(self, action: str, done: str) -> None:
        if self._session is None:
            return
        self._submit(
            self._client.call(
                meetings.MeetingTransition, meeting_id=self._session.meeting_id, action=action
            ),
            done=lambda _: self.info_posted.emit(done),
        )

    # --- participants -------------------------------------------------------------------

    def invite(self, user_id: int, role: str) -> None:
        self._participant_command(meetings.ParticipantInvite, user_id, role=MeetingRole(role))

    def uninvite(self, user_id: int) -> None:
        self._participant_command(meetings.ParticipantUninvite, user_id)

    def set_role(self, user_id: int, role: str) -> None:
        self._participant_command(meetings.ParticipantUpdate, user_id, role=MeetingRole(role))

    def set_substitute(self, user_id: int, substitute_user_id: int | None) -> None:
        if substitute_user_id is None:
            self._participant_command(meetings.ParticipantUpdate, user_id, clear_substitute=True)
        else:
            self._participant_command(
                meetings.ParticipantUpdate, user_id, substitute_user_id=substitute_user_id
            )

    def set_vote_delegated(self, user_id: int, delegated: bool) -> None:
        self._participant_command(meetings.ParticipantUpdate, user_id, vote_delegated=delegated)

    def set_absence_reason(self, user_id: int, reason: str) -> None:
        self._participant_command(
            meetings.ParticipantUpdate, user_id, absence_reason=reason.strip()
        )

    def _participant_command(self, command: type[Any], user_id: int, **fields: Any) -> None:
        if self._session is None:
            return
        self._submit(
            self._client.call(
                command, meeting_id=self._session.meeting_id, user_id=user_id, **fields
            ),
            # A refusal leaves the view as it was: redraw so a combo box snaps back.
            failed=lambda _: self.participants_changed.emit(),
        )

    # --- agenda -------------------------------------------------------------------------

    def add_item(self, title: str, parent_id: int | None = None, index: int | None = None) -> None:
        if self._session is None:
            return
        self._submit(
            self._client.call(
                agenda.AgendaAddItem,
                meeting_id=self._session.meeting_id,
                title=title,
                parent_id=parent_id,
                index=index,
            )
        )

    def add_child(self, item_id: int, title: str) -> None:
        """Add a sub-item as the last child of ``item_id``."""
        self.add_item(title, parent_id=item_id)

    def add_sibling(self, item_id: int, title: str) -> None:
        """Add an item right after ``item_id``, on the same level."""
        view = self.view
        if view is None or item_id not in view.items:
            return
        item = view.items[item_id]
        self.add_item(title, parent_id=item.parent_id, index=item.index + 1)

    def rename_item(self, item_id: int, title: str) -> None:
        self._update_item(item_id, title=title)

    def set_presenter(self, item_id: int, user_id: int | None) -> None:
        if user_id is None:
            self._update_item(item_id, clear_presenter=True)
        else:
            self._update_item(item_id, presenter_user_id=user_id)

    def set_planned_minutes(self, item_id: int, minutes: int) -> None:
        self._update_item(item_id, planned_minutes=minutes)

    def _update_item(self, item_id: int, **fields: Any) -> None:
        self._submit(
            self._client.call(agenda.AgendaUpdateItem, item_id=item_id, **fields),
            failed=lambda _: self.agenda_changed.emit(),
        )

    def remove_item(self, item_id: int) -> None:
        self._submit(self._client.call(agenda.AgendaRemoveItem, item_id=item_id))

    def move_item(self, item_id: int, parent_id: int | None, index: int) -> None:
        """Put ``item_id`` under ``parent_id`` (None: top level) at position ``index``."""
        self._submit(
            self._client.call(
                agenda.AgendaMoveItem, item_id=item_id, parent_id=parent_id, index=index
            ),
            failed=lambda _: self.agenda_changed.emit(),
        )

    def drop_item(self, item_id: int, parent_id: int | None, row: int) -> None:
        """Move an item where a drag and drop put it.

        ``row`` is the gap among ``parent_id``'s children as a tree view reports it,
        counted while the item is still in its old place; -1 means "dropped onto the
        parent", which makes it the parent's last child.
        """
        view = self.view
        if view is None or item_id not in view.items:
            return
        item = view.items[item_id]
        others = [i for i in view.items.values() if i.parent_id == parent_id and i is not item]
        if row < 0:
            index = len(others)
        else:
            index = row - 1 if item.parent_id == parent_id and item.index < row else row
        if item.parent_id == parent_id and index == item.index:
            return
        self.move_item(item_id, parent_id, index)

    # --- documents ----------------------------------------------------------------------

    def attach_pdf(self, item_id: int, path: str) -> None:
        """Upload the PDF at ``path`` as a new document of the item."""
        self._upload_file(item_id, path, None)

    def new_version(self, item_id: int, document_id: int, path: str) -> None:
        """Upload the PDF at ``path`` as the next version of ``document_id``."""
        self._upload_file(item_id, path, document_id)

    def _upload_file(self, item_id: int, path: str, document_id: int | None) -> None:
        async def read_and_send() -> dict[str, Any]:
            try:
                data = await asyncio.to_thread(Path(path).read_bytes)
            except OSError as exc:
                raise FileUnreadable(
                    _tr("Cannot read {0}: {1}").format(path, exc.strerror or exc)
                ) from None
            return await self._send(item_id, data, Path(path).name, document_id)

        self._start_upload(Path(path).name, read_and_send())

    def upload(
        self, item_id: int, data: bytes, filename: str, document_id: int | None = None
    ) -> None:
        """Upload ``data`` (already in memory) as a document or a new version."""
        self._start_upload(filename, self._send(item_id, data, filename, document_id))

    def _start_upload(self, filename: str, coro: Any) -> None:
        self.uploading = True
        self.upload_started.emit(filename)
        self._submit(coro, done=self._on_uploaded, failed=self._on_upload_failed)

    async def _send(
        self, item_id: int, data: bytes, filename: str, document_id: int | None
    ) -> dict[str, Any]:
        result = await self._client.upload_document(
            item_id, data, filename, document_id=document_id, progress=self._on_progress
        )
        return {"filename": filename, **result}

    def _on_progress(self, sent: int, total: int) -> None:
        self.upload_progressed.emit(100 if total <= 0 else min(100, sent * 100 // total))

    def _on_uploaded(self, result: dict[str, Any]) -> None:
        self.uploading = False
        self.upload_finished.emit(str(result["filename"]), int(result.get("version", 1)))

    def _on_upload_failed(self, message: str) -> None:
        self.uploading = False
        self.upload_failed.emit(message)

    # --- events -------------------------------------------------------------------------

    def _on_session_event(self, _seq: int, event: Event) -> None:
        try:
            if isinstance(event, _DETAILS):
                self.details_changed.emit()
                if isinstance(event, meetings.MeetingStateChanged):
                    self.agenda_changed.emit()
            if isinstance(event, _PARTICIPANTS):
                self.participants_changed.emit()
                self.agenda_changed.emit()  # presenter names
            if isinstance(event, _AGENDA):
                self.agenda_changed.emit()
            self._update_editable()
        except RuntimeError:  # the editor (and this object) is gone
            pass

    def _on_session_snapshot(self) -> None:
        try:
            self.meeting_loaded.emit()
            self._update_editable()
        except RuntimeError:
            pass

    def _update_editable(self) -> None:
        if self.editable != self._editable:
            self._editable = self.editable
            self.editable_changed.emit(self._editable)
