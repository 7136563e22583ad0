"""The minutes (biên bản) of one meeting for the secretariat: draft, edit, save, finalize.

The view model holds what the server last returned (:class:`protocol.minutes.MinutesInfo`)
and never changes it by itself.  Saving sends the revision the text was based on; when
someone else saved in between, the server refuses with ``conflict`` and the view model
reports it through ``conflict_detected`` (the editor keeps the user's text and offers
to reload).  When a :class:`MeetingSession` is given, the ``minutes.*`` events of
other secretaries (sent to chair and secretariat) announce newer revisions at once.
"""

from __future__ import annotations

from typing import Any

import msgspec
from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop.client import Client, MeetingSession
from desktop.viewmodels.session import CommandRunner, Runner
from protocol import minutes as pm
from protocol.documents import DownloadChunk
from protocol.envelope import Command, Event
from protocol.errors import Conflict, NotFound


def _tr(text: str) -> str:
    return QCoreApplication.translate("Minutes", text)


def status_label(status: str) -> str:
    return {
        "none": _tr("Not drafted yet"),
        "draft": _tr("Draft"),
        "finalized": _tr("Finalized — awaiting the chair's signature"),
        "signed": _tr("Signed by the chair — awaiting the seal"),
        "issued": _tr("Signed and sealed"),
        "cancelled": _tr("Signing cancelled"),
    }.get(status, status)


class MinutesViewModel(CommandRunner):
    #: The minutes as stored on the server changed (loaded, drafted, saved, finalized).
    minutes_changed = Signal()
    #: A save was refused because someone else saved first; the message says what to do.
    conflict_detected = Signal(str)
    #: Another user saved a newer revision (from the meeting's events).
    changed_elsewhere = Signal(str)
    #: What was done, for a short confirmation ("Saved.", "Finalized as 3/BB-VPCP.").
    notified = Signal(str)
    busy_changed = Signal(bool)
    #: The finalized PDF's bytes, after :meth:`download_pdf`.
    pdf_downloaded = Signal(bytes)

    def __init__(
        self,
        client: Client,
        meeting_id: int,
        run: Runner,
        *,
        session: MeetingSession | None = None,
        title: str = "",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(run, parent)
        self._client = client
        self.meeting_id = meeting_id
        self.title = title or (session.view.title if session and session.view else "")
        self.info: pm.MinutesInfo | None = None
        self.busy = False
        if session is not None:
            session.subscribe(self._on_session_event)

    # --- what the editor shows ----------------------------------------------------------

    @property
    def status(self) -> str:
        return self.info.status if self.info is not None else "none"

    @property
    def status_label(self) -> str:
        label = status_label(self.status)
        if self.info is not None and self.info.number_symbol:
            label += " · " + _tr("No. {0}").format(self.info.number_symbol)
        return label

    @property
    def text(self) -> str:
        return self.info.text if self.info is not None else ""

    @property
    def revision(self) -> int | None:
        return self.info.revision if self.info is not None else None

    @property
    def editable(self) -> bool:
        return self.info is not None and self.info.state == pm.MinutesState.DRAFT

    @property
    def finalized(self) -> bool:
        return self.info is not None and self.info.state == pm.MinutesState.FINALIZED

    # --- actions --------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)

    def _apply(self, result: Any, message: str | None = None) -> None:
        self._set_busy(False)
        self.info = msgspec.convert(result, pm.MinutesInfo)
        self.minutes_changed.emit()
        if message:
            self.notified.emit(message)

    def _failed(self, _message: str) -> None:
        self._set_busy(False)

    def load(self) -> None:
        """Fetch the minutes; none drafted yet leaves ``info`` None (status "none")."""

        async def fetch() -> Any:
            try:
                return await self._client.call(pm.MinutesGet, meeting_id=self.meeting_id)
            except NotFound:
                return None

        def done(result: Any) -> None:
            if result is None:
                self._set_busy(False)
                self.info = None
                self.minutes_changed.emit()
            else:
                self._apply(result)

        self._set_busy(True)
        self._submit(fetch(), done, self._failed)

    def draft(self) -> None:
        """Write the draft from the meeting's log (replacing the current text)."""
        self._set_busy(True)
        self._guarded(
            pm.MinutesDraft,
            {"meeting_id": self.meeting_id, "revision": self.revision},
            _tr("Draft written from the meeting's record."),
        )

    def save(self, text: str) -> None:
        if self.info is None:
            return
        self._set_busy(True)
        self._guarded(
            pm.MinutesUpdate,
            {"meeting_id": self.meeting_id, "revision": self.info.revision, "text": text},
            _tr("Saved."),
        )

    def finalize(self, number_symbol: str = "") -> None:
        """Render the PDF of the saved revision and send it for signing."""
        if self.info is None:
            return
        self._set_busy(True)
        fields = {
            "meeting_id": self.meeting_id,
            "revision": self.info.revision,
            "number_symbol": number_symbol,
        }
        self._guarded(pm.MinutesFinalize, fields, None)

    def _guarded(self, command: type[Command], fields: dict[str, Any], ok: str | None) -> None:
        """Run a command; a Conflict becomes ``conflict_detected`` (not an error)."""

        async def call() -> tuple[str, Any]:
            try:
                return "ok", await self._client.call(command, **fields)
            except Conflict as exc:
                return "conflict", exc.message

        def done(result: tuple[str, Any]) -> None:
            kind, value = result
            if kind == "conflict":
                self._set_busy(False)
                self.conflict_detected.emit(value)
                return
            message = ok
            if message is None:
                number = value.get("number_symbol", "") if isinstance(value, dict) else ""
                message = _tr("Finalized as {0} and sent to the chair for signing.").format(number)
            self._apply(value, message)

        self._submit(call(), done, self._failed)

    def download_pdf(self) -> None:
        """Fetch the finalized PDF; ``pdf_downloaded`` carries its bytes."""

        async def fetch() -> bytes:
            parts: list[bytes] = []
            offset, total = 0, None
            while total is None or offset < total:
                result = await self._client.call(
                    pm.MinutesDownload, meeting_id=self.meeting_id, offset=offset
                )
                chunk = msgspec.convert(result, DownloadChunk)
                if not chunk.data:
                    break
                parts.append(chunk.data)
                offset, total = offset + len(chunk.data), chunk.total
            return b"".join(parts)

        def done(data: bytes) -> None:
            self._set_busy(False)
            self.pdf_downloaded.emit(data)

        self._set_busy(True)
        self._submit(fetch(), done, self._failed)

    # --- events of other editors ----------------------------------------------------------

    def _on_session_event(self, _seq: int, event: Event) -> None:
        if not isinstance(event, pm.MinutesDrafted | pm.MinutesUpdated | pm.MinutesFinalized):
            return
        me = self._client.user.id if self._client.user is not None else None
        if event.by_user_id == me:
            return
        if isinstance(event, pm.MinutesFinalized):
            self.load()
            return
        if self.revision is not None and event.revision <= self.revision:
            return
        self.changed_elsewhere.emit(
            _tr(
                "Someone else saved a newer version of the minutes (revision {0}). Save your "
                "text elsewhere if needed, then reload."
            ).format(event.revision)
        )
