"""The websocket adapter: frames in, commands to the domain, acks/errors/events out.

No meeting rules live here: the domain decides; this module reads, feeds and flushes.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import msgspec
from websockets.asyncio.server import ServerConnection, broadcast
from websockets.exceptions import ConnectionClosed

from protocol.envelope import Ack, Command, Error, Notice, Snapshot, Synced, codec, encode
from protocol.errors import ProtocolError
from protocol.media import MediaUnavailable
from server.domain import events as event_log
from server.domain import meetings as meeting_service
from server.domain.accounts import revoke_token
from server.domain.context import (
    MEDIA_EFFECTS,
    Actor,
    Authenticated,
    CommittedEvent,
    Ctx,
    DisconnectUser,
    Effect,
    EjectFromMeeting,
    LoggedOut,
    NotifyUsers,
    Subscribe,
    Unsubscribe,
)
from server.domain.runner import Runner
from server.domain.snapshot import catch_up
from server.transport.hub import MeetingHub, Subscription, event_frame

if TYPE_CHECKING:
    from server.transport.media.relay import Relay
    from server.transport.media.workers import RelayPool

log = logging.getLogger("ecabinet.transport")


@dataclass(eq=False)
class Connection:
    ws: ServerConnection
    actor: Actor | None = None
    token: str | None = None
    subscriptions: dict[int, Subscription] = field(default_factory=dict)

    async def send(self, frame: msgspec.Struct) -> None:
        await self.ws.send(encode(frame))


class Transport:
    """All live connections of this server instance and their meeting subscriptions."""

    def __init__(self, runner: Runner, epoch: str, media: Relay | RelayPool | None = None) -> None:
        self.runner = runner
        self.epoch = epoch
        #: The media relay (None: this server offers no audio/video).
        self.media = media
        if media is not None:
            media.bind(self.publish, self._notice)
        self.codec = codec()
        self.hubs: dict[int, MeetingHub] = {}
        self.by_user: dict[int, set[Connection]] = {}
        self.connections: set[Connection] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    # --- connection lifecycle ---------------------------------------------------------

    async def handler(self, ws: ServerConnection) -> None:
        conn = Connection(ws)
        self.connections.add(conn)
        try:
            async for raw in ws:
                await self._on_frame(conn, raw)
        except ConnectionClosed:
            pass
        finally:
            self.connections.discard(conn)
            await self._drop(conn)

    async def _on_frame(self, conn: Connection, raw: str | bytes) -> None:
        try:
            command = self.codec.decode_command(raw)
        except ProtocolError as exc:
            await self._send_error(conn, self.codec.command_id_of(raw), exc)
            return
        await self.execute(conn, command)

    async def execute(self, conn: Connection, command: Command) -> None:
        try:
            ctx = await self.runner.execute(conn.token, command)
        except ProtocolError as exc:
            await self._send_error(conn, command.id, exc)
            return
        except Exception:
            log.exception("command %s failed", type(command).__name__)
            await self._send_error(
                conn,
                command.id,
                ProtocolError(
                    "The server could not process this command; it was not applied.",
                    code="server.internal",
                ),
            )
            return
        self.publish(ctx.events)
        for effect in ctx.effects:
            if isinstance(effect, MEDIA_EFFECTS):
                try:
                    ctx.result = await self._media(conn, effect)
                except ProtocolError as exc:
                    await self._send_error(conn, command.id, exc)
                    return
        try:
            await conn.send(Ack(id=command.id, result=ctx.result))
        except ConnectionClosed:
            pass
        await self._apply_effects(conn, ctx)

    async def _send_error(self, conn: Connection, cid: str | None, exc: ProtocolError) -> None:
        try:
            await conn.send(Error(id=cid, code=exc.code, message=exc.message))
        except ConnectionClosed:
            pass

    async def _media(self, conn: Connection, effect: Effect) -> Any:
        """Hand a media effect to the relay; what it returns is the command's result."""
        if self.media is None:
            raise MediaUnavailable("This server does not relay audio and video.")
        assert conn.actor is not None
        return await self.media.apply(conn, conn.actor, effect)

    async def _drop(self, conn: Connection) -> None:
        if self.media is not None:
            await self.media.drop(conn)
        for sub in list(conn.subscriptions.values()):
            await self._unsubscribe(conn, sub.meeting_id)
        if conn.actor is not None:
            peers = self.by_user.get(conn.actor.user_id)
            if peers is not None:
                peers.discard(conn)
                if not peers:
                    del self.by_user[conn.actor.user_id]

    # --- effects ------------------------------------------------------------------------

    async def _apply_effects(self, conn: Connection, ctx: Ctx) -> None:
        for effect in ctx.effects:
            match effect:
                case Authenticated(actor=actor, token=token):
                    if conn.actor is not None and conn.actor.user_id != actor.user_id:
                        await self._drop(conn)
                    conn.actor, conn.token = actor, token
                    self.by_user.setdefault(actor.user_id, set()).add(conn)
                case LoggedOut():
                    if conn.token is not None:
                        await self.runner.run(revoke_token, conn.token)
                    await self._drop(conn)
                    conn.actor = conn.token = None
                case Subscribe():
                    await self._subscribe(conn, effect)
                case Unsubscribe(meeting_id=mid):
                    sub = conn.subscriptions.pop(mid, None)
                    if sub is not None:
                        self._hub(mid).subscriptions.discard(sub)
                case DisconnectUser(user_id=uid, reason=reason):
                    for peer in list(self.by_user.get(uid, ())):
                        await self._notice_and_close(peer, "session.ended", reason)
                case NotifyUsers(user_ids=uids, code=code, message=text, ref=ref):
                    await self.notify_users(uids, code, text, ref)
                case EjectFromMeeting(meeting_id=mid, user_id=uid):
                    for peer in list(self.by_user.get(uid, ())):
                        sub = peer.subscriptions.pop(mid, None)
                        if sub is not None:
                            self._hub(mid).subscriptions.discard(sub)
                            await self._notice(
                                peer, "meeting.removed", "The chair removed you from the meeting."
                            )

    async def _notice(
        self, conn: Connection, code: str, message: str, ref: str | None = None
    ) -> None:
        try:
            await conn.send(Notice(code=code, message=message, ref=ref))
        except ConnectionClosed:
            pass

    async def notify_users(
        self, user_ids: tuple[int, ...] | list[int], code: str, message: str, ref: str | None
    ) -> None:
        """A user-level notice to every live connection of these users (on this instance)."""
        for uid in user_ids:
            for peer in list(self.by_user.get(uid, ())):
                await self._notice(peer, code, message, ref)

    async def _notice_and_close(self, conn: Connection, code: str, message: str) -> None:
        await self._notice(conn, code, message)
        await conn.ws.close(code=4001, reason=code)

    # --- subscriptions and fan-out ----------------------------------------------------------

    def _hub(self, meeting_id: int) -> MeetingHub:
        hub = self.hubs.get(meeting_id)
        if hub is None:
            hub = self.hubs[meeting_id] = MeetingHub(meeting_id, self.epoch)
        return hub

    def publish(self, events: list[CommittedEvent]) -> None:
        """Send committed events to their subscribers (call only after commit)."""
        by_meeting: dict[int, list[CommittedEvent]] = {}
        for event in events:
            by_meeting.setdefault(event.meeting_id, []).append(event)
        for mid, batch in by_meeting.items():
            self._hub(mid).publish(batch, self._resync)
        if self.media is not None:
            self.media.on_events(events)

    def wake(self, meeting_id: int, seq: int) -> None:
        """Another instance committed up to ``seq``: subscribers read it from the log."""
        hub = self._hub(meeting_id)
        if seq > hub.last_seq:
            hub.last_seq = seq
            for sub in hub.subscriptions:
                if sub.ready and sub.delivered < seq:
                    sub.ready = False
                    self._resync(sub)

    def _resync(self, sub: Subscription) -> None:
        task = asyncio.get_running_loop().create_task(self._catch_up_tail(sub))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _subscribe(self, conn: Connection, effect: Subscribe) -> None:
        assert conn.actor is not None
        old = conn.subscriptions.pop(effect.meeting_id, None)
        hub = self._hub(effect.meeting_id)
        if old is not None:
            hub.subscriptions.discard(old)
        sub = Subscription(
            conn=conn,
            meeting_id=effect.meeting_id,
            user_id=conn.actor.user_id,
            lobby=effect.lobby,
            attending=True,
        )
        conn.subscriptions[effect.meeting_id] = sub
        hub.subscriptions.add(sub)
        result = await self.runner.run(
            catch_up,
            conn.actor,
            effect.meeting_id,
            effect.since_seq,
            effect.epoch,
            self.runner.settings.history_kept,
        )
        sub.manager = result.manager
        sub.epoch = result.epoch
        if result.seq > hub.last_seq:
            hub.last_seq = result.seq
        try:
            if result.snapshot is not None:
                state: Any = result.snapshot
                if sub.lobby:
                    state = None
                await conn.send(
                    Snapshot(
                        meeting_id=effect.meeting_id,
                        seq=result.seq,
                        epoch=result.epoch,
                        state=state,
                    )
                )
                sub.delivered = result.seq
            else:
                assert result.events is not None
                self._send_events(sub, result.events, upto=result.seq)
        except ConnectionClosed:
            return
        await self._catch_up_tail(sub)

    def _send_events(self, sub: Subscription, events: list[CommittedEvent], upto: int) -> None:
        for event in events:
            if event.seq <= sub.delivered:
                continue
            if sub.allows(event.audience):
                broadcast([sub.conn.ws], event_frame(event, sub.epoch or self.epoch))
            sub.delivered = event.seq
        sub.delivered = max(sub.delivered, upto)

    async def _catch_up_tail(self, sub: Subscription) -> None:
        """Read from the log until the subscriber has everything, then mark it live."""
        hub = self._hub(sub.meeting_id)
        while hub.last_seq > sub.delivered:
            if sub.conn.subscriptions.get(sub.meeting_id) is not sub:
                return
            events = await self.runner.run(event_log.read_since, sub.meeting_id, sub.delivered)
            if not events:
                break
            self._send_events(sub, events, upto=events[-1].seq)
        sub.ready = True
        try:
            await sub.conn.send(
                Synced(meeting_id=sub.meeting_id, seq=sub.delivered, epoch=sub.epoch or self.epoch)
            )
        except ConnectionClosed:
            pass

    async def _unsubscribe(self, conn: Connection, meeting_id: int) -> None:
        sub = conn.subscriptions.pop(meeting_id, None)
        if sub is None:
            return
        self._hub(meeting_id).subscriptions.discard(sub)
        actor = conn.actor
        if actor is None:
            return
        still_there = any(
            meeting_id in peer.subscriptions
            for peer in self.by_user.get(actor.user_id, ())
            if peer is not conn
        )
        if still_there:
            return
        try:
            events = await self.runner.run(meeting_service.disconnect, actor, meeting_id)
        except ProtocolError:
            return
        self.publish(events)
