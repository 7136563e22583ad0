"""A meeting's audio and video recordings as its record lists them (``record.meeting``):
file, times, who recorded, size, duration, SHA-256, and whether the recording is
complete or was left incomplete by a server that stopped while recording."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import msgspec
from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop.client import Client
from desktop.viewmodels.session import CommandRunner, Runner
from protocol import record as rm
from protocol.record import RecordingState


def _tr(text: str) -> str:
    return QCoreApplication.translate("Recordings", text)


def state_label(state: str) -> str:
    return {
        RecordingState.COMPLETE: _tr("Complete"),
        RecordingState.RECORDING: _tr("Recording now"),
        RecordingState.INCOMPLETE: _tr("Incomplete"),
    }.get(RecordingState(state), state)


def _when(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).strftime("%d/%m/%Y %H:%M:%S")
    except ValueError:
        return iso


def _size(size: int | None) -> str:
    if size is None:
        return ""
    if size < 1024 * 1024:
        return _tr("{0} KB").format(max(1, round(size / 1024)))
    return _tr("{0} MB").format(f"{size / (1024 * 1024):.1f}".replace(".", ","))


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    whole = round(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


@dataclass(frozen=True)
class RecordingRow:
    """One recording as the list shows it."""

    id: int
    file_name: str
    started: str
    stopped: str
    duration: str
    by: str
    size: str
    sha256: str
    state: str
    state_label: str

    @property
    def incomplete(self) -> bool:
        return self.state == RecordingState.INCOMPLETE


def recording_row(entry: rm.RecordingEntry) -> RecordingRow:
    return RecordingRow(
        id=entry.id,
        file_name=entry.file_name,
        started=_when(entry.started_at),
        stopped=_when(entry.stopped_at),
        duration=_duration(entry.duration),
        by=entry.started_by_name,
        size=_size(entry.size),
        sha256=entry.sha256 or "",
        state=str(entry.state),
        state_label=state_label(entry.state),
    )


class RecordingsViewModel(CommandRunner):
    #: The rows (or the meeting shown) changed.
    changed = Signal()

    def __init__(self, client: Client, run: Runner, parent: QObject | None = None) -> None:
        super().__init__(run, parent)
        self._client = client
        self.meeting_id: int | None = None
        self.title = ""
        self.rows: list[RecordingRow] = []
        self.loaded = False
        self._generation = 0

    def show_meeting(self, meeting_id: int | None) -> None:
        """List the recordings of ``meeting_id`` (None: nothing); a no-op when shown."""
        if meeting_id == self.meeting_id:
            return
        self.meeting_id = meeting_id
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        self.rows, self.title, self.loaded = [], "", False
        self.changed.emit()
        if self.meeting_id is None:
            return

        def done(result: object) -> None:
            if generation != self._generation:
                return  # another meeting was chosen meanwhile
            record = msgspec.convert(result, rm.MeetingRecord)
            self.title = record.title
            self.rows = [recording_row(r) for r in record.recordings]
            self.loaded = True
            self.changed.emit()

        self._submit(self._client.call(rm.RecordMeeting, meeting_id=self.meeting_id), done=done)

    def summary(self) -> str:
        if self.meeting_id is None:
            return _tr("Choose a result of a meeting to see its recordings.")
        if not self.loaded:
            return _tr("Loading the recordings…")
        if not self.rows:
            return _tr("“{0}” has no recordings.").format(self.title)
        incomplete = sum(r.incomplete for r in self.rows)
        text = _tr("Recordings of “{0}”: {1}").format(self.title, len(self.rows))
        if incomplete:
            text += " — " + _tr("{0} incomplete (the server stopped while recording)").format(
                incomplete
            )
        return text
