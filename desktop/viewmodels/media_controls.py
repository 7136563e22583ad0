"""The chair's control of the meeting's audio and video, and the recording everyone sees.

The chair (permission ``media.moderate``, from the join's permissions) mutes or unmutes
a participant's microphone or camera (``media.mute``/``media.unmute``), keeps only the
active speaker's voice (``media.mute_all_but_speaker``) and starts or stops recording
(``media.record_start``/``media.record_stop``).  A Tối mật meeting is never recorded
(Decree 26/2020/NĐ-CP): the action is refused here before the server refuses it.

Whether the meeting is being recorded, since when and to which file is the meeting
state's ``recording`` (:class:`protocol.state.RecordingView`), which the reducer folds
from ``media.recording_started``/``_stopped`` and a snapshot carries for whoever joins
while recording is on.  Server errors become a Vietnamese sentence on
``error_occurred``; nothing here raises into Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop.client import Client, MeetingSession
from desktop.viewmodels.session import CommandRunner, Runner, readable_error
from protocol import media as pm
from protocol.envelope import Command, Event
from protocol.errors import Conflict, PermissionDenied, ProtocolError
from protocol.meeting_state import Classification, MeetingState
from protocol.state import RecordingView

MODERATE = "media.moderate"


def _tr(text: str) -> str:
    return QCoreApplication.translate("MediaControls", text)


def _local_now() -> datetime:
    return datetime.now(UTC).astimezone()


class MediaControlsViewModel(CommandRunner):
    """Chair actions on the media and the recording state of one joined meeting."""

    #: Whether the user may moderate changed (a rejoin, a new role).
    permissions_changed = Signal()
    #: ``True`` while the meeting is recorded (:attr:`recording`, :attr:`since_text`).
    recording_changed = Signal(bool)
    #: The meeting's state or classification changed (what the record button allows).
    meeting_changed = Signal()
    #: A confirmation for the status bar (Vietnamese).
    info_posted = Signal(str)

    def __init__(
        self,
        client: Client,
        session: MeetingSession,
        run: Runner,
        *,
        clock: Callable[[], datetime] = _local_now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(run, parent)
        self._client = client
        self._session = session
        self._clock = clock
        #: When this client first saw the current recording (for events without a time).
        self._seen_at: dict[int, datetime] = {}
        self._recording_id = self._current_id()
        self._may_moderate = self.may_moderate
        session.subscribe(self._on_event)
        session.subscribe_snapshots(self._on_snapshot)

    def detach(self) -> None:
        """Stop following the session (the window is closing)."""
        self._session.unsubscribe(self._on_event)

    # --- what the user may do -----------------------------------------------------------

    @property
    def meeting_id(self) -> int:
        return self._session.meeting_id

    @property
    def may_moderate(self) -> bool:
        """The chair: mute others, keep only the speaker, record."""
        return MODERATE in self._session.permissions

    @property
    def top_secret(self) -> bool:
        view = self._session.view
        return view is not None and view.classification == Classification.TOP_SECRET

    @property
    def in_progress(self) -> bool:
        view = self._session.view
        return view is not None and view.state == MeetingState.IN_PROGRESS

    @property
    def may_record(self) -> bool:
        return self.may_moderate and not self.top_secret and self.in_progress

    @property
    def record_refusal(self) -> str:
        """Why the record button is disabled (empty when it is not)."""
        if self.top_secret:
            return _tr(
                "This meeting is classified Tối mật: it may not be recorded "
                "(Decree 26/2020/NĐ-CP on protecting state secrets)."
            )
        if not self.in_progress:
            return _tr("The meeting can be recorded only while it is in progress.")
        return ""

    # --- the recording ------------------------------------------------------------------

    @property
    def recording(self) -> RecordingView | None:
        view = self._session.view
        return view.recording if view is not None else None

    @property
    def is_recording(self) -> bool:
        return self.recording is not None

    @property
    def file_name(self) -> str:
        recording = self.recording
        return recording.file_name if recording is not None else ""

    @property
    def since(self) -> datetime | None:
        """When the recording started, in local time (None when not recording)."""
        recording = self.recording
        if recording is None:
            return None
        if recording.started_at:
            try:
                started = datetime.fromisoformat(recording.started_at)
            except ValueError:
                started = None
            if started is not None:
                if started.tzinfo is None:
                    started = started.replace(tzinfo=UTC)
                return started.astimezone()
        return self._seen_at.setdefault(recording.recording_id, self._clock())

    @property
    def since_text(self) -> str:
        since = self.since
        return since.strftime("%H:%M") if since is not None else ""

    # --- chair actions ------------------------------------------------------------------

    def mute(self, user_id: int, kind: str) -> None:
        self.set_muted(user_id, kind, True)

    def unmute(self, user_id: int, kind: str) -> None:
        self.set_muted(user_id, kind, False)

    def set_muted(self, user_id: int, kind: str, muted: bool) -> None:
        """Stop (or resume) forwarding ``user_id``'s microphone (audio) or camera (video)."""
        if not self._allowed():
            return
        try:
            media_kind = pm.MediaKind(kind)
        except ValueError:
            self.error_occurred.emit(_tr("Unknown kind of media: {0}").format(kind))
            return
        self._send(pm.MediaMute if muted else pm.MediaUnmute, user_id=user_id, kind=media_kind)

    def mute_all_but_speaker(self) -> None:
        """Mute every microphone except the active speaker's."""
        if not self._allowed():
            return
        self._send(
            pm.MediaMuteAllButSpeaker,
            done=lambda _: self.info_posted.emit(_tr("Only the speaker can be heard now.")),
        )

    def start_recording(self) -> None:
        if not self._allowed():
            return
        if self.top_secret:
            self.error_occurred.emit(self.record_refusal)
            return
        self._send(pm.MediaRecordStart)

    def stop_recording(self) -> None:
        if not self._allowed():
            return
        self._send(pm.MediaRecordStop)

    def toggle_recording(self) -> None:
        if self.is_recording:
            self.stop_recording()
        else:
            self.start_recording()

    def _allowed(self) -> bool:
        if self.may_moderate:
            return True
        self.error_occurred.emit(_forbidden())
        return False

    def _send(
        self,
        command: type[Command],
        done: Callable[[object], None] | None = None,
        **fields: object,
    ) -> None:
        """Send a media command for this meeting; its error becomes a Vietnamese sentence."""

        async def explained() -> object:
            try:
                return await self._client.call(command, meeting_id=self.meeting_id, **fields)
            except (ProtocolError, OSError, TimeoutError) as exc:
                raise _Explained(explain(exc)) from exc

        self._submit(explained(), done=done)

    # --- following the meeting ----------------------------------------------------------

    def _current_id(self) -> int | None:
        recording = self.recording
        return recording.recording_id if recording is not None else None

    def _on_event(self, _seq: int, event: Event) -> None:
        if isinstance(event, pm.MediaRecordingStarted):
            self._seen_at.setdefault(event.recording_id, self._clock())
        self._refresh(meeting=not isinstance(event, pm.MediaMuted | pm.MediaUnmuted))

    def _on_snapshot(self) -> None:
        self._refresh(meeting=True)

    def _refresh(self, *, meeting: bool) -> None:
        try:
            current = self._current_id()
            if current != self._recording_id:
                self._recording_id = current
                self.recording_changed.emit(current is not None)
            if self.may_moderate != self._may_moderate:
                self._may_moderate = self.may_moderate
                self.permissions_changed.emit()
            if meeting:
                self.meeting_changed.emit()
        except RuntimeError:  # the window is gone
            self.detach()


class _Explained(ProtocolError):
    """An error whose message is already the sentence to show."""


def _forbidden() -> str:
    return _tr("Only the chair can control participants' audio, video and recording.")


def explain(exc: BaseException) -> str:
    """A server error from a media command as a sentence for the user (Vietnamese)."""
    if isinstance(exc, pm.RecordingRefused):
        return _tr(
            "This meeting is classified Tối mật: it may not be recorded "
            "(Decree 26/2020/NĐ-CP on protecting state secrets)."
        )
    if isinstance(exc, PermissionDenied):
        return _forbidden()
    if isinstance(exc, Conflict):
        text = exc.message
        if "already being recorded" in text:
            return _tr("The meeting is already being recorded.")
        if "not being recorded" in text:
            return _tr("The meeting is not being recorded.")
        return _tr("This can be done only while the meeting is in progress.")
    if isinstance(exc, pm.MediaUnavailable):
        return _tr("Audio and video are not available on this server.")
    return readable_error(exc)
