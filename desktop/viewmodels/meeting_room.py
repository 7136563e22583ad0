"""The live meeting room: agenda, participants, list of speakers, presenter page.

Wraps a joined :class:`~desktop.client.MeetingSession` (kept current by the client) and
turns its state into rows for the widgets; chair and member actions are commands sent
through the injected runner.  What a user may do comes from the permissions the server
gave on joining; the server checks them again on every command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from desktop.client import Client, MeetingSession
from desktop.client.document_cache import DocumentCache
from desktop.viewmodels.home import classification_label, meeting_state_label
from desktop.viewmodels.people import title_and_unit
from desktop.viewmodels.session import CommandRunner, Runner, state_label
from desktop.viewmodels.voting import outcome_label
from protocol import agenda, documents, live, meetings
from protocol.envelope import Command, Event
from protocol.meeting_state import Classification, MeetingState
from protocol.state import DocumentView, MeetingView, ParticipantView, item_numbers, ordered_items

Clock = Callable[[], datetime]


def _tr(text: str) -> str:
    return QCoreApplication.translate("MeetingRoom", text)


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class AgendaRow:
    item_id: int
    number: str
    title: str
    depth: int
    is_current: bool
    decision: str | None
    decision_label: str
    presenter: str
    documents: int
    planned_minutes: int


@dataclass(frozen=True)
class ParticipantRow:
    user_id: int
    name: str
    detail: str
    role: str
    #: ``present``, ``absent``, ``lobby``, ``refused`` or ``removed``.
    status: str
    status_label: str
    #: For a substitute: the member they stand in for; for a member: their substitute.
    substitute_for: str | None
    substituted_by: str | None
    hand_raised: bool
    speaking: bool
    is_me: bool


@dataclass(frozen=True)
class SpeakerRow:
    request_id: int
    user_id: int
    name: str
    speaking: bool
    #: Seconds left of the granted time (negative: over time); None while waiting.
    seconds_left: int | None
    is_me: bool

    @property
    def timer(self) -> str:
        if self.seconds_left is None:
            return ""
        left = abs(self.seconds_left)
        sign = "−" if self.seconds_left < 0 else ""
        return f"{sign}{left // 60}:{left % 60:02d}"


STATUS_LABELS = {
    "present": "Present",
    "absent": "Absent",
    "lobby": "Waiting in the lobby",
    "refused": "Not admitted",
    "removed": "Removed",
}


def participant_status(p: ParticipantView) -> str:
    if p.removed:
        return "removed"
    if p.lobby == "waiting":
        return "lobby"
    if p.lobby == "refused":
        return "refused"
    return "present" if p.present else "absent"


class MeetingRoomViewModel(CommandRunner):
    meeting_changed = Signal()
    agenda_changed = Signal()
    #: The new current item id (or None).
    current_item_changed = Signal(object)
    #: ``(item_id, decision)``: adopted / rejected / tied.
    decision_recorded = Signal(int, str)
    participants_changed = Signal()
    speakers_changed = Signal()
    #: Once a second while someone has the floor.
    timer_ticked = Signal()
    #: ``(version_id, page)``: the presenter turned a page and I follow them.
    presenter_page_changed = Signal(int, int)
    following_changed = Signal(bool)
    presenting_changed = Signal(bool)
    permissions_changed = Signal()
    #: ``(state, label)`` of the connection.
    connection_changed = Signal(str, str)
    #: A short confirmation for the status bar (e.g. which items were adopted).
    info_posted = Signal(str)
    #: ``(version_id, pdf bytes, filename)``: a document is ready for the viewer.
    document_downloaded = Signal(int, object, str)

    def __init__(
        self,
        client: Client,
        session: MeetingSession,
        run: Runner,
        clock: Clock = _now,
        parent: QObject | None = None,
        cache: DocumentCache | None = None,
    ) -> None:
        super().__init__(run, parent)
        self._client = client
        self._session = session
        self._clock = clock
        #: Documents kept on disk between sessions (checked by hash); None: memory only.
        self._cache = cache
        self.following = True
        self.presenting = False
        self.my_page: tuple[int, int] | None = None
        #: Downloaded documents of this meeting, by version id (in memory only).
        self._documents: dict[int, bytes] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._on_timer_timeout)
        session.subscribe(self._on_session_event)
        session.subscribe_snapshots(self._on_session_snapshot)
        client.state_listeners.append(self._on_client_state)
        self._update_timer()

    @property
    def client(self) -> Client:
        return self._client

    @property
    def session(self) -> MeetingSession:
        return self._session

    @property
    def runner(self) -> Runner:
        return self._run

    # --- the meeting ----------------------------------------------------------------------

    @property
    def meeting_id(self) -> int:
        return self._session.meeting_id

    @property
    def view(self) -> MeetingView | None:
        return self._session.view

    @property
    def me(self) -> int | None:
        return self._client.user.id if self._client.user is not None else None

    @property
    def title(self) -> str:
        return self.view.title if self.view is not None else ""

    @property
    def state(self) -> str:
        return str(self.view.state) if self.view is not None else ""

    @property
    def state_text(self) -> str:
        return meeting_state_label(self.state) if self.view is not None else ""

    @property
    def classification(self) -> str:
        return str(self.view.classification) if self.view is not None else Classification.NORMAL

    @property
    def classification_text(self) -> str:
        return classification_label(self.classification)

    @property
    def in_lobby(self) -> bool:
        return self._session.lobby

    @property
    def connection_state(self) -> tuple[str, str]:
        return self._client.state, state_label(self._client.state)

    # --- permissions ----------------------------------------------------------------------

    def can(self, permission: str) -> bool:
        return permission in self._session.permissions

    @property
    def is_chair(self) -> bool:
        return self.can("agenda.steer")

    # --- agenda -----------------------------------------------------------------------

    @property
    def current_item_id(self) -> int | None:
        return self.view.current_item_id if self.view is not None else None

    @property
    def agenda(self) -> list[AgendaRow]:
        view = self.view
        if view is None:
            return []
        numbers = item_numbers(view)
        names = {uid: p.full_name for uid, p in view.participants.items()}
        rows = []
        for item in ordered_items(view):
            depth, parent = 0, item.parent_id
            while parent is not None:
                depth, parent = depth + 1, view.items[parent].parent_id
            presenter = names.get(item.presenter_user_id or -1, "")
            rows.append(
                AgendaRow(
                    item_id=item.item_id,
                    number=numbers[item.item_id],
                    title=item.title,
                    depth=depth,
                    is_current=item.item_id == view.current_item_id,
                    decision=item.decision,
                    decision_label=outcome_label(item.decision) if item.decision else "",
                    presenter=presenter,
                    documents=len(item.documents),
                    planned_minutes=item.planned_minutes,
                )
            )
        return rows

    def documents(self, item_id: int | None = None) -> list[DocumentView]:
        """Documents of ``item_id`` (default: the current item)."""
        view = self.view
        item_id = self.current_item_id if item_id is None else item_id
        if view is None or item_id not in view.items:
            return []
        return list(view.items[item_id].documents)

    def open_document(self, version_id: int) -> None:
        """Hand a document version to the viewer: from memory, the disk cache (hash
        checked) or, failing both, the server."""
        view = self.view
        found = {
            d.version_id: d
            for item in (view.items.values() if view is not None else [])
            for d in item.documents
        }.get(version_id)
        filename = found.filename if found is not None else ""
        cached = self._documents.get(version_id)
        if cached is None and self._cache is not None and found is not None:
            cached = self._cache.get(self.meeting_id, found.sha256)
        if cached is not None:
            self._documents[version_id] = cached
            self.document_downloaded.emit(version_id, cached, filename)
            return

        def done(data: bytes) -> None:
            self._documents[version_id] = data
            if self._cache is not None and found is not None:
                self._cache.put(self.meeting_id, data, found.sha256)
            self.document_downloaded.emit(version_id, data, filename)

        self._submit(self._client.download_document(version_id), done=done)

    def open_current_document(self) -> None:
        """Open the first document of the current item, if it has one."""
        docs = self.documents()
        if docs:
            self.open_document(docs[0].version_id)

    # --- participants and speakers -----------------------------------------------------

    @property
    def participants(self) -> list[ParticipantRow]:
        view = self.view
        if view is None:
            return []
        waiting = {s.user_id for s in view.speakers if s.state == live.SpeakerState.WAITING}
        speaking = {s.user_id for s in view.speakers if s.state == live.SpeakerState.SPEAKING}
        stands_for = {
            p.substitute_user_id: p.full_name
            for p in view.participants.values()
            if p.substitute_user_id is not None
        }
        order = {"chair": 0, "member": 1, "substitute": 1, "secretariat": 2, "guest": 3}
        rows = []
        for p in view.participants.values():
            status = participant_status(p)
            detail = title_and_unit(p.position_title, p.unit_name)
            rows.append(
                ParticipantRow(
                    user_id=p.user_id,
                    name=p.full_name,
                    detail=detail,
                    role=p.role,
                    status=status,
                    status_label=_tr(STATUS_LABELS[status]),
                    substitute_for=stands_for.get(p.user_id),
                    substituted_by=p.substitute_name,
                    hand_raised=p.user_id in waiting,
                    speaking=p.user_id in speaking,
                    is_me=p.user_id == self.me,
                )
            )
        rows.sort(key=lambda r: (order.get(r.role, 4), r.status != "present", r.name))
        return rows

    @property
    def lobby(self) -> list[ParticipantRow]:
        return [p for p in self.participants if p.status == "lobby"]

    @property
    def speakers(self) -> list[SpeakerRow]:
        view = self.view
        if view is None:
            return []
        names = {uid: p.full_name for uid, p in view.participants.items()}
        rows = []
        for s in view.speakers:
            left = None
            if s.state == live.SpeakerState.SPEAKING and s.seconds is not None:
                left = s.seconds
                if s.started_at:
                    started = datetime.fromisoformat(s.started_at)
                    if started.tzinfo is None:
                        started = started.replace(tzinfo=UTC)
                    left = s.seconds - int((self._clock() - started).total_seconds())
            rows.append(
                SpeakerRow(
                    request_id=s.request_id,
                    user_id=s.user_id,
                    name=names.get(s.user_id, str(s.user_id)),
                    speaking=s.state == live.SpeakerState.SPEAKING,
                    seconds_left=left,
                    is_me=s.user_id == self.me,
                )
            )
        return rows

    @property
    def my_request(self) -> SpeakerRow | None:
        return next((s for s in self.speakers if s.is_me), None)

    @property
    def hand_raised(self) -> bool:
        return self.my_request is not None

    # --- chair actions --------------------------------------------------------------

    def _call(
        self, command: type[Command], done: Callable[[Any], None] | None = None, **fields: Any
    ) -> None:
        self._submit(self._client.call(command, **fields), done=done)

    def set_current(self, item_id: int | None) -> None:
        self._call(agenda.AgendaSetCurrent, meeting_id=self.meeting_id, item_id=item_id)

    def _step(self, delta: int) -> None:
        rows = self.agenda
        if not rows:
            return
        ids = [r.item_id for r in rows]
        current = self.current_item_id
        if current not in ids:
            target = ids[0] if delta > 0 else ids[-1]
        else:
            n = ids.index(current) + delta
            if not 0 <= n < len(ids):
                self.info_posted.emit(
                    self.tr("This is the last item.")
                    if delta > 0
                    else self.tr("This is the first item.")
                )
                return
            target = ids[n]
        self.set_current(target)

    def next_item(self) -> None:
        self._step(+1)

    def previous_item(self) -> None:
        self._step(-1)

    def adopt_unopposed(self) -> None:
        def done(result: object) -> None:
            adopted = list(result.get("adopted", [])) if isinstance(result, dict) else []
            view = self.view
            numbers = item_numbers(view) if view is not None else {}
            if adopted:
                listed = ", ".join(numbers.get(i, str(i)) for i in adopted)
                self.info_posted.emit(
                    self.tr("Adopted without objection: items {0}.").format(listed)
                )
            else:
                self.info_posted.emit(self.tr("No item is unopposed."))

        self._call(agenda.AgendaAdoptUnopposed, done=done, meeting_id=self.meeting_id)

    def admit(self, user_id: int) -> None:
        self._call(live.LobbyAdmit, meeting_id=self.meeting_id, user_id=user_id)

    def refuse(self, user_id: int) -> None:
        self._call(live.LobbyRefuse, meeting_id=self.meeting_id, user_id=user_id)

    def give_floor(self, request_id: int, seconds: int = 180) -> None:
        self._call(live.FloorGrant, request_id=request_id, seconds=seconds)

    def end_floor(self, request_id: int) -> None:
        self._call(live.FloorEnd, request_id=request_id)

    def remove(self, user_id: int) -> None:
        self._call(meetings.ParticipantRemove, meeting_id=self.meeting_id, user_id=user_id)

    def start_meeting(self) -> None:
        async def start() -> None:
            await self._client.call(
                meetings.MeetingTransition, meeting_id=self.meeting_id, action="start"
            )

        self._submit(start())

    def end_meeting(self) -> None:
        self._call(meetings.MeetingTransition, meeting_id=self.meeting_id, action="end")

    # --- the presenter's page ---------------------------------------------------------

    def set_my_page(self, version_id: int, page: int) -> None:
        """The page I am looking at (from the document viewer); sent on when presenting."""
        self.my_page = (version_id, page)
        if self.presenting:
            self.follow_me()

    def follow_me(self) -> None:
        """Make everyone who follows turn to my current page."""
        if self.my_page is None:
            self.error_occurred.emit(self.tr("Open a document first: there is no page to show."))
            return
        version_id, page = self.my_page
        self._call(
            live.PresenterSetPage, meeting_id=self.meeting_id, version_id=version_id, page=page
        )

    def set_presenting(self, on: bool) -> None:
        if on == self.presenting:
            return
        self.presenting = on
        self.presenting_changed.emit(on)
        if on:
            self.follow_me()

    # --- member actions ---------------------------------------------------------------

    def raise_hand(self) -> None:
        if self.hand_raised:
            return
        self._call(live.FloorRequest, meeting_id=self.meeting_id, item_id=self.current_item_id)

    def lower_hand(self) -> None:
        request = self.my_request
        if request is not None and not request.speaking:
            self._call(live.FloorWithdraw, request_id=request.request_id)

    def toggle_hand(self) -> None:
        if self.hand_raised:
            self.lower_hand()
        else:
            self.raise_hand()

    def set_following(self, on: bool) -> None:
        if on == self.following:
            return
        self.following = on
        self.following_changed.emit(on)
        page = self.view.presenter_page if self.view is not None else None
        if on and page is not None and page.by_user_id != self.me:
            self.presenter_page_changed.emit(page.version_id, page.page)

    def leave(self) -> None:
        """Leave the meeting (the window closes); the session stops following it."""
        if self._on_client_state in self._client.state_listeners:
            self._client.state_listeners.remove(self._on_client_state)
        self._timer.stop()
        if self._session.meeting_id in self._client.meetings:
            self._submit(self._client.leave(self.meeting_id))

    # --- events -----------------------------------------------------------------------

    def _on_session_event(self, _seq: int, event: Event) -> None:
        try:
            self._dispatch(event)
        except RuntimeError:  # the window (and this object) is gone
            pass

    def _dispatch(self, event: Event) -> None:
        if isinstance(event, agenda.AgendaCurrentChanged):
            self.current_item_changed.emit(event.item_id)
            self.agenda_changed.emit()
        elif isinstance(event, agenda.AgendaDecisionRecorded):
            self.agenda_changed.emit()
            self.decision_recorded.emit(event.item_id, event.decision)
        elif isinstance(
            event,
            agenda.AgendaItemAdded
            | agenda.AgendaItemUpdated
            | agenda.AgendaItemMoved
            | agenda.AgendaItemRemoved
            | documents.DocumentAdded,
        ):
            self.agenda_changed.emit()
        elif isinstance(event, meetings.MeetingUpdated | meetings.MeetingStateChanged):
            self.meeting_changed.emit()
            self.participants_changed.emit()
            if (
                isinstance(event, meetings.MeetingStateChanged)
                and event.state == MeetingState.IN_PROGRESS
                and self._session.attend
            ):
                self._rejoin()
        elif isinstance(
            event,
            live.FloorRequested
            | live.FloorWithdrawn
            | live.FloorGranted
            | live.FloorEnded
            | live.FloorReordered,
        ):
            self.speakers_changed.emit()
            self.participants_changed.emit()
            self._update_timer()
        elif isinstance(event, live.PresenterPageChanged):
            if self.following and event.by_user_id != self.me:
                self.presenter_page_changed.emit(event.version_id, event.page)
        elif isinstance(event, meetings.ParticipantRemoved) and event.user_id == self.me:
            self.participants_changed.emit()
            self.error_occurred.emit(self.tr("The chair removed you from the meeting."))
        elif type(event).__module__ in ("protocol.meetings", "protocol.live"):
            self.participants_changed.emit()

    def _rejoin(self) -> None:
        """The meeting started while I had it open: attend it now."""

        async def rejoin() -> None:
            await self._client.join(self.meeting_id)

        self._submit(rejoin(), done=lambda _: self.permissions_changed.emit())

    def _on_session_snapshot(self) -> None:
        try:
            for signal in (
                self.meeting_changed,
                self.agenda_changed,
                self.participants_changed,
                self.speakers_changed,
            ):
                signal.emit()
            self.current_item_changed.emit(self.current_item_id)
            self._update_timer()
        except RuntimeError:
            pass

    def _on_client_state(self, state: str) -> None:
        try:
            self.connection_changed.emit(state, state_label(state))
        except RuntimeError:
            pass

    def _update_timer(self) -> None:
        if any(s.speaking for s in self.speakers):
            if not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()

    def _on_timer_timeout(self) -> None:
        self.timer_ticked.emit()
