"""The connection: log in, send commands and await their acks, receive events, resume.

A command gets a client-chosen id; if the connection drops before its ack, the client
reconnects, resumes its session, rejoins its meetings from their last ``seq`` and sends
the command again with the same id, so it is applied exactly once.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import ssl as ssl_module
import uuid
from collections.abc import Callable
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from desktop.client.meeting import MeetingSession
from protocol import accounts, meetings
from protocol.documents import (
    CHUNK_SIZE,
    DocumentDownload,
    DocumentUploadBegin,
    DocumentUploadChunk,
    DocumentUploadFinish,
    DownloadChunk,
)
from protocol.envelope import (
    Ack,
    Command,
    Error,
    EventFrame,
    Notice,
    Snapshot,
    Synced,
    codec,
    encode,
)
from protocol.errors import ProtocolError, SessionExpired, error_from_code
from protocol.live import LobbyAdmitted

log = logging.getLogger("ecabinet.client")

Progress = Callable[[int, int], None]


class ConnectionLost(ProtocolError):
    code = "connection.lost"


def new_id() -> str:
    return uuid.uuid4().hex


class Client:
    def __init__(
        self,
        url: str,
        *,
        ssl: ssl_module.SSLContext | None = None,
        auto_reconnect: bool = True,
        reconnect_delay: float = 0.1,
        max_reconnect_delay: float = 3.0,
    ) -> None:
        self.url = url
        self.ssl = ssl
        self.auto_reconnect = auto_reconnect
        self.reconnect_delay = reconnect_delay
        self.max_reconnect_delay = max_reconnect_delay
        self.codec = codec()
        self.token: str | None = None
        self.user: accounts.UserInfo | None = None
        self.meetings: dict[int, MeetingSession] = {}
        self.notices: asyncio.Queue[Notice] = asyncio.Queue()
        #: Called with every ``notice`` frame as it arrives (e.g. opinion-poll news).
        self.notice_listeners: list[Callable[[Notice], None]] = []
        #: "disconnected", "connecting", "connected", "reconnecting", "closed"
        self.state = "disconnected"
        self.state_listeners: list[Callable[[str], None]] = []
        self.reconnects = 0
        self._ws: ClientConnection | None = None
        self._pending: dict[str, tuple[bytes, asyncio.Future[Any]]] = {}
        self._reader: asyncio.Task[None] | None = None
        self._reconnecting: asyncio.Task[None] | None = None
        self._closing = False
        self._online = asyncio.Event()

    # --- connection ---------------------------------------------------------------------

    def _set_state(self, state: str) -> None:
        self.state = state
        for listener in self.state_listeners:
            listener(state)

    async def connect(self) -> None:
        self._set_state("connecting")
        self._ws = await connect(self.url, ssl=self.ssl, max_size=None, compression=None)
        self._reader = asyncio.get_running_loop().create_task(self._read(self._ws))
        self._online.set()
        self._set_state("connected")

    async def close(self) -> None:
        self._closing = True
        for task in (self._reconnecting,):
            if task is not None:
                task.cancel()
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)
        self._fail_pending(ConnectionLost("The client was closed."))
        self._set_state("closed")

    async def drop(self) -> None:
        """Drop the connection abruptly (as a network failure would); it will resume."""
        if self._ws is not None and self._ws.transport is not None:
            self._ws.transport.abort()

    async def __aenter__(self) -> Client:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _read(self, ws: ClientConnection) -> None:
        try:
            async for raw in ws:
                self._on_frame(raw)
        except ConnectionClosed:
            pass
        finally:
            if ws is self._ws:
                self._online.clear()
                if not self._closing:
                    if self.auto_reconnect and self.token is not None:
                        self._set_state("reconnecting")
                        self._reconnecting = asyncio.get_running_loop().create_task(
                            self._reconnect()
                        )
                    else:
                        self._set_state("disconnected")
                        self._fail_pending(ConnectionLost("The connection to the server was lost."))

    def _fail_pending(self, error: Exception) -> None:
        for _, future in self._pending.values():
            if not future.done():
                future.set_exception(error)
        self._pending.clear()

    async def _reconnect(self) -> None:
        delay = self.reconnect_delay
        while not self._closing:
            try:
                self._ws = await connect(self.url, ssl=self.ssl, max_size=None, compression=None)
                break
            except (TimeoutError, OSError, InvalidHandshake, InvalidURI):
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.max_reconnect_delay)
        if self._closing or self._ws is None:
            return
        ws = self._ws
        self._reader = asyncio.get_running_loop().create_task(self._read(ws))
        self.reconnects += 1
        try:
            assert self.token is not None
            await self._roundtrip(accounts.SessionResume(id=new_id(), token=self.token))
            for session in list(self.meetings.values()):
                await self._join(session)
        except SessionExpired as exc:
            self.token = None
            self._set_state("disconnected")
            self._fail_pending(exc)
            return
        except (ConnectionLost, ConnectionClosed):
            return  # the reader schedules another attempt
        self._online.set()
        self._set_state("connected")
        for data, _ in list(self._pending.values()):
            try:
                await ws.send(data)
            except ConnectionClosed:
                return

    # --- frames -------------------------------------------------------------------------

    def _on_frame(self, raw: str | bytes) -> None:
        frame = self.codec.decode_server(raw)
        match frame:
            case Ack():
                entry = self._pending.pop(frame.id, None)
                if entry is not None and not entry[1].done():
                    entry[1].set_result(frame.result)
            case Error():
                entry = self._pending.pop(frame.id, None) if frame.id else None
                error = error_from_code(frame.code, frame.message)
                if entry is not None and not entry[1].done():
                    entry[1].set_exception(error)
                elif entry is None:
                    log.warning("server error %s: %s", frame.code, frame.message)
            case EventFrame():
                session = self.meetings.get(frame.meeting_id)
                if session is not None:
                    event = self.codec.decode_event(frame.event)
                    session.on_event(frame.seq, frame.epoch, event)
                    if (
                        isinstance(event, LobbyAdmitted)
                        and self.user is not None
                        and event.user_id == self.user.id
                        and session.lobby
                    ):
                        asyncio.get_running_loop().create_task(self._join(session, fresh=True))
            case Snapshot():
                session = self.meetings.get(frame.meeting_id)
                if session is not None:
                    session.on_snapshot(frame.seq, frame.epoch, frame.state)
            case Synced():
                session = self.meetings.get(frame.meeting_id)
                if session is not None:
                    session.on_synced(frame.seq, frame.epoch)
            case Notice():
                if frame.code == "session.ended":
                    self.token = None
                self.notices.put_nowait(frame)
                for listener in list(self.notice_listeners):
                    listener(frame)

    # --- commands -------------------------------------------------------------------------

    async def _roundtrip(self, command: Command) -> Any:
        """Send now on the current socket (used while resuming); not retried."""
        data = encode(command)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[command.id] = (data, future)
        assert self._ws is not None
        try:
            await self._ws.send(data)
        except ConnectionClosed:
            self._pending.pop(command.id, None)
            raise ConnectionLost("The connection dropped while resuming.") from None
        try:
            return await future
        finally:
            self._pending.pop(command.id, None)

    async def send(self, command: Command, timeout: float | None = 30.0) -> Any:
        """Send ``command`` and return its result; raise the typed error it got.

        Across a dropped connection the command is sent again with the same id once
        the session has resumed: the server applies it at most once.
        """
        data = encode(command)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[command.id] = (data, future)
        if self._online.is_set() and self._ws is not None:
            try:
                await self._ws.send(data)
            except ConnectionClosed:
                pass  # resent after reconnecting
        elif not (self.auto_reconnect and self.token is not None):
            self._pending.pop(command.id, None)
            raise ConnectionLost("Not connected to the server.")
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout)
        except (asyncio.CancelledError, TimeoutError):
            # Nobody awaits the answer any more: forget the command (it is not resent).
            self._pending.pop(command.id, None)
            if not future.done():
                future.cancel()
            raise
        finally:
            if future.done():
                self._pending.pop(command.id, None)

    async def call(self, command_type: type[Command], **fields: Any) -> Any:
        return await self.send(command_type(id=new_id(), **fields))

    # --- sessions and meetings --------------------------------------------------------------

    async def login(self, username: str, password: str) -> dict[str, Any]:
        result = await self.call(accounts.SessionLogin, username=username, password=password)
        self.token = result["token"]
        self.user = self._user(result["user"])
        return dict(result)

    async def resume_session(self, token: str) -> dict[str, Any]:
        result = await self.call(accounts.SessionResume, token=token)
        self.token = token
        self.user = self._user(result["user"])
        return dict(result)

    @staticmethod
    def _user(data: Any) -> accounts.UserInfo:
        import msgspec

        return msgspec.convert(data, accounts.UserInfo)

    async def logout(self) -> None:
        await self.call(accounts.SessionLogout)
        self.token = None
        self.meetings.clear()

    async def list_meetings(self) -> list[meetings.MeetingSummary]:
        import msgspec

        result = await self.call(meetings.MeetingList)
        return msgspec.convert(result["meetings"], list[meetings.MeetingSummary])

    async def join(
        self, meeting_id: int, *, attend: bool = True, timeout: float = 30.0
    ) -> MeetingSession:
        """Join (or subscribe to) a meeting and wait until its state is complete."""
        session = self.meetings.get(meeting_id) or MeetingSession(meeting_id, attend)
        session.attend = attend
        session.joins += 1
        self.meetings[meeting_id] = session
        try:
            await self._join(session)
            await asyncio.wait_for(session.synced.wait(), timeout)
        except BaseException:
            self.meetings.pop(meeting_id, None)
            raise
        return session

    async def _join(self, session: MeetingSession, *, fresh: bool = False) -> None:
        session.synced.clear()
        command = meetings.MeetingJoin(
            id=new_id(),
            meeting_id=session.meeting_id,
            since_seq=None if fresh or session.view is None else session.last_seq,
            epoch=None if fresh else session.epoch,
            attend=session.attend,
        )
        result = await (
            self._roundtrip(command) if not self._online.is_set() else self.send(command)
        )
        session.lobby = bool(result["lobby"])
        session.role = result["role"]
        session.permissions = frozenset(result["permissions"])

    async def leave(self, meeting_id: int) -> None:
        session = self.meetings.get(meeting_id)
        joins = session.joins if session is not None else 0
        await self.call(meetings.MeetingLeave, meeting_id=meeting_id)
        # A join sent after this leave (a room reopened at once) keeps the session.
        current = self.meetings.get(meeting_id)
        if current is not None and current.joins == joins:
            del self.meetings[meeting_id]

    # --- documents ------------------------------------------------------------------------

    async def upload_document(
        self,
        item_id: int,
        data: bytes,
        filename: str,
        *,
        document_id: int | None = None,
        progress: Progress | None = None,
    ) -> dict[str, Any]:
        """Upload a PDF in chunks; ``progress(sent, total)`` after each chunk."""
        begin = await self.call(
            DocumentUploadBegin,
            item_id=item_id,
            filename=filename,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            document_id=document_id,
        )
        upload_id, chunk = begin["upload_id"], int(begin.get("chunk_size", CHUNK_SIZE))
        for offset in range(0, len(data), chunk):
            await self.call(
                DocumentUploadChunk,
                upload_id=upload_id,
                offset=offset,
                data=data[offset : offset + chunk],
            )
            if progress is not None:
                progress(min(offset + chunk, len(data)), len(data))
        return dict(await self.call(DocumentUploadFinish, upload_id=upload_id))

    async def download_document(self, version_id: int, progress: Progress | None = None) -> bytes:
        import msgspec

        parts: list[bytes] = []
        offset, total = 0, None
        while total is None or offset < total:
            result = await self.call(DocumentDownload, version_id=version_id, offset=offset)
            chunk = msgspec.convert(result, DownloadChunk)
            parts.append(chunk.data)
            offset += len(chunk.data)
            total = chunk.total
            if progress is not None:
                progress(offset, total)
            if not chunk.data:
                break
        return b"".join(parts)
