"""The media relay: one aiortc peer connection per participant, encoded media forwarded.

A participant's offer (see ``protocol/media.py``) has ``sendonly`` m-lines for what it
publishes and ``recvonly`` m-lines, *slots*, for what it receives.  Each published
track becomes a :class:`~server.transport.media.fanout.Feed` (read undecoded through
:func:`~server.transport.media.forwarding.forward_encoded`); each slot gets a
:class:`~server.transport.media.fanout.ForwardedTrack` that the relay points at another
participant's feed.  A client offers a fixed number of slots
(``protocol.media.RECEIVE_SLOTS``) once; the relay re-points them as the speakers, the
presenter and the viewer's choice change, and tells the client each new mapping in a
``media.slots_changed`` notice (the answer carries the mapping of its moment).  Nobody
renegotiates when someone joins: a newcomer costs one negotiation, its own.  A track
that appears is recorded as ``media.track_added``.

Meeting rules are in ``server/domain/media.py``; this adapter negotiates, forwards and
cleans up.  No STUN/TURN server unless configured (a deployment setting).

:class:`~server.transport.media.selection.RoomSelection` decides what each viewer's
slots carry (last-N and the loudest speakers), from the RTP audio levels, the meeting's
policy and each viewer's ``media.select``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiortc import (
    RTCConfiguration,
    RTCPeerConnection,
    RTCRtpReceiver,
    RTCSessionDescription,
    sdp,
)
from aiortc.rtcconfiguration import RTCBundlePolicy

from protocol import media as msg
from protocol.errors import ProtocolError
from server.domain import media as rules
from server.domain.context import (
    Actor,
    CommittedEvent,
    Effect,
    LeaveMedia,
    MuteAllButSpeaker,
    NegotiateMedia,
    SelectMedia,
    StartRecording,
    StopRecording,
)
from server.domain.runner import Runner
from server.transport.media.fanout import Feed, ForwardedTrack
from server.transport.media.forwarding import check_aiortc, forward_encoded
from server.transport.media.ingress import check_ingress
from server.transport.media.network import allow_loopback_fallback, raise_receive_buffers
from server.transport.media.offers import ANSWERED, CODECS, clamp_remb, offer_of
from server.transport.media.peer import Peer, RelayConfig, Slot, close_within
from server.transport.media.recorder import Recordings
from server.transport.media.reports import check_sender_reports, share_reports
from server.transport.media.rtp import check_rtp_sender
from server.transport.media.selection import RoomSelection
from server.transport.media.watchdog import Watchdog

__all__ = ["Peer", "Relay", "RelayConfig", "Slot"]

log = logging.getLogger("ecabinet.media")

#: Sends a transient notice to one websocket connection: (owner, code, message, ref).
Notify = Callable[[Any, str, str, str | None], Awaitable[None]]


class Relay:
    """Every media connection of this server instance, by meeting and user."""

    def __init__(self, runner: Runner, config: RelayConfig | None = None) -> None:
        check_aiortc()
        allow_loopback_fallback()
        self.runner = runner
        self.config = config or RelayConfig()
        if self.config.forwarding not in ("rtp", "frame"):
            raise ValueError(f"unknown media forwarding {self.config.forwarding!r}")
        self._rtp = self.config.forwarding == "rtp"
        if self._rtp:
            check_rtp_sender()
        check_sender_reports()
        if self.config.lean_receive:
            check_ingress()
        self.rooms: dict[int, dict[int, Peer]] = {}
        #: Speaker detection and last-N per meeting with media.
        self.selections: dict[int, RoomSelection] = {}
        self._publish: Callable[[list[CommittedEvent]], None] = lambda events: None
        self._notify: Notify | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._closing = False
        #: Bad datagrams dropped; peers that never connect closed (``watchdog.py``).
        self.watchdog = Watchdog(self.config, lambda peer: self._spawn(self._close(peer)))
        #: Meetings being recorded (the chair's ``media.record_start``).
        self.recordings = Recordings(
            runner,
            runner.settings.data_dir,
            lambda meeting_id: list(self.rooms.get(meeting_id, {}).values()),
            self.selections.get,
            lambda events: self._publish(events),
        )

    def bind(
        self, publish: Callable[[list[CommittedEvent]], None], notify: Notify | None = None
    ) -> None:
        """Where committed ``media.*`` events go (the transport's fan-out), and how a
        transient notice reaches one connection (``notify(owner, code, message, ref)``)."""
        self._publish = publish
        self._notify = notify

    # --- what the websocket transport calls ---------------------------------------------

    async def apply(self, owner: object, actor: Actor, effect: Effect) -> Any:
        """Carry out a media effect of a command; returns the command's new result."""
        if isinstance(effect, NegotiateMedia):
            return await self.negotiate(owner, actor, effect.meeting_id, effect.sdp)
        if isinstance(effect, LeaveMedia):
            peer = self.rooms.get(effect.meeting_id, {}).get(actor.user_id)
            if peer is not None:
                await self._close(peer)
            return {"meeting_id": effect.meeting_id}
        if isinstance(effect, SelectMedia):
            selection = self.selections.get(effect.meeting_id)
            if selection is not None:
                selection.choose(actor.user_id, effect.user_ids)
                self._reselect(effect.meeting_id)
            return {"meeting_id": effect.meeting_id, "user_ids": list(effect.user_ids)}
        if isinstance(effect, MuteAllButSpeaker):
            selection = self.selections.get(effect.meeting_id)
            speaker = selection.speaker if selection is not None else None
            events = await self.runner.run(rules.mute_all_but, actor, effect.meeting_id, speaker)
            self._publish(events)
            return {"meeting_id": effect.meeting_id, "speaker": speaker, "muted": len(events)}
        if isinstance(effect, StartRecording | StopRecording):
            return await self.recordings.apply(actor, effect)
        raise TypeError(effect)

    def on_events(self, events: list[CommittedEvent]) -> None:
        """Stop the media of whoever left, was removed, or whose meeting stopped."""
        self.recordings.on_events(events)
        for event in events:
            if rules.policy_affected(event) and event.meeting_id in self.selections:
                self._spawn(self._load_policy(event.meeting_id))
            ends = rules.media_ends(event)
            if ends is None or ends[0] not in self.rooms:
                continue
            meeting_id, user_id = ends
            room = self.rooms[meeting_id]
            for peer in list(room.values()):
                if user_id is None or peer.user_id == user_id:
                    # A meeting that stopped records nothing more in its log.
                    self._spawn(self._close(peer, record=user_id is not None))

    async def drop(self, owner: object) -> None:
        """A websocket connection closed: its media connections close with it."""
        for room in list(self.rooms.values()):
            for peer in list(room.values()):
                if peer.owner is owner:
                    await self._close(peer)

    async def shutdown(self) -> None:
        self._closing = True
        await self.recordings.shutdown()
        for room in list(self.rooms.values()):
            for peer in list(room.values()):
                await self._close(peer, record=False)
        for selection in self.selections.values():
            selection.close()
        self.selections.clear()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    # --- negotiation --------------------------------------------------------------------

    async def negotiate(
        self, owner: object, actor: Actor, meeting_id: int, offer_sdp: str
    ) -> msg.MediaAnswer:
        if self._closing:
            raise msg.MediaUnavailable("The media relay is shutting down; try again shortly.")
        offer = offer_of(offer_sdp, self.config.max_mlines)
        room = self.rooms.setdefault(meeting_id, {})
        peer = room.get(actor.user_id)
        if peer is not None and peer.owner is not owner:
            await self._close(peer)  # the user's newer connection takes over
            peer = None
        fresh = peer is None
        if meeting_id not in self.selections:
            await self._open_room(meeting_id)
        if peer is None:
            peer = self._new_peer(meeting_id, actor, owner)
            room[actor.user_id] = peer
        async with peer.lock:
            try:
                answer = await asyncio.wait_for(
                    self._answer(peer, offer, offer_sdp), self.config.negotiate_timeout
                )
            except ProtocolError:
                if fresh or peer.pc.signalingState != "stable":
                    await self._close(peer)
                raise
            except Exception as exc:
                log.info("offer from user %s refused: %r", actor.user_id, exc)
                if fresh or peer.pc.signalingState != "stable":
                    await self._close(peer)
                raise msg.OfferRejected(
                    f"The SDP offer could not be used ({exc}); check that it offers "
                    "VP8 video and Opus audio over ICE and DTLS."
                ) from None
        self.watchdog.watch(peer)
        added = sorted(set(peer.feeds) - peer.announced)
        if added:
            try:
                events = await self.runner.run(rules.tracks_changed, actor, meeting_id, added, [])
            except ProtocolError:
                await self._close(peer, record=False)
                raise
            peer.announced.update(added)
            self._publish(events)
        self._reselect(meeting_id)
        return self._describe(peer, answer)

    # --- active speaker and last-N --------------------------------------------------------

    async def _open_room(self, meeting_id: int) -> None:
        selection = RoomSelection(
            last_n=self.config.last_n, audio_streams=self.config.audio_streams
        )
        self.selections[meeting_id] = selection
        selection.on_remap = self._tell_slots
        selection.start(
            lambda: self.rooms.get(meeting_id, {}).values(),
            lambda speaker: self._announce_speaker(meeting_id, speaker),
            self.config.speaker_interval,
        )
        await self._load_policy(meeting_id)

    async def _load_policy(self, meeting_id: int) -> None:
        selection = self.selections.get(meeting_id)
        if selection is not None:
            await selection.load_policy(
                self.runner, meeting_id, lambda: self.rooms.get(meeting_id, {}).values()
            )

    def _reselect(self, meeting_id: int) -> None:
        selection = self.selections.get(meeting_id)
        if selection is not None:
            selection.apply(self.rooms.get(meeting_id, {}).values())

    def _tell_slots(self, peer: Peer) -> None:
        """A transient notice to ``peer``'s connection: which slot carries whom now."""
        if self._notify is None or peer.closed:
            return
        mapping = {
            slot.mid: None if slot.track.feed is None else slot.track.feed.user_id
            for slot in peer.slots.values()
        }
        ref = msg.slot_ref(peer.slot_version, mapping)
        self._spawn(self._notify(peer.owner, msg.SLOTS_CHANGED, "slots re-pointed", ref))

    def _tell_start(self, peer: Peer, mid: str, timestamp: int) -> None:
        """A transient notice to ``peer``: the video in slot ``mid`` starts at RTP
        ``timestamp`` (earlier frames there are the previous sender's)."""
        if self._notify is None or peer.closed:
            return
        ref = msg.start_ref(peer.slot_version, mid, timestamp)
        self._spawn(self._notify(peer.owner, msg.SLOT_STARTED, "slot started", ref))

    def _announce_speaker(self, meeting_id: int, speaker: int | None) -> None:
        """A transient notice to everyone with media in the meeting (not logged)."""
        if self._notify is None:
            return
        ref = "" if speaker is None else str(speaker)
        for peer in list(self.rooms.get(meeting_id, {}).values()):
            self._spawn(self._notify(peer.owner, msg.SPEAKER_CHANGED, "active speaker", ref))

    def _new_peer(self, meeting_id: int, actor: Actor, owner: object) -> Peer:
        pc = RTCPeerConnection(
            RTCConfiguration(
                iceServers=list(self.config.ice_servers),
                bundlePolicy=RTCBundlePolicy.MAX_BUNDLE,
            )
        )
        peer = Peer(meeting_id, actor, owner, pc)

        @pc.on("track")
        def on_track(track: Any) -> None:
            self._on_track(peer, track)

        @pc.on("connectionstatechange")
        def on_state() -> None:
            if pc.connectionState == "failed" and not peer.closed:
                log.info("media connection of user %s failed", actor.user_id)
                self._spawn(self._close(peer))

        return peer

    async def _answer(self, peer: Peer, offer: sdp.SessionDescription, text: str) -> str:
        pc = peer.pc
        known = {t.mid for t in pc.getTransceivers() if t.mid is not None}
        for m in offer.media:
            if m.rtp.muxId in known:
                continue
            direction = ANSWERED[m.direction or "sendrecv"]
            forwarded = None
            if direction in ("sendonly", "sendrecv"):
                forwarded = ForwardedTrack(m.kind, rtp=self._rtp)
            transceiver = pc.addTransceiver(forwarded or m.kind, direction=direction)
            capabilities = RTCRtpReceiver.getCapabilities(m.kind)
            assert capabilities is not None
            transceiver.setCodecPreferences(
                [c for c in capabilities.codecs if c.mimeType in CODECS[m.kind]]
            )
            if forwarded is not None:
                # A subscriber's PLI/FIR goes to the publisher, not to an encoder.
                transceiver.sender._send_keyframe = forwarded.request_keyframe  # type: ignore[method-assign]
                share_reports(transceiver.sender)  # one RTCP packet for all the slots
                if forwarded.rtp is not None:
                    forwarded.install(transceiver.sender)
        await pc.setRemoteDescription(RTCSessionDescription(sdp=text, type="offer"))
        for transceiver in pc.getTransceivers():
            track = transceiver.sender.track
            mid = transceiver.mid
            if isinstance(track, ForwardedTrack) and mid is not None and mid not in peer.slots:
                peer.slots[mid] = Slot(mid, transceiver.kind, track)
                if track.rtp is not None and track.kind == "video":
                    track.rtp.on_rebase = lambda ts, mid=mid: self._tell_start(peer, mid, ts)
        await pc.setLocalDescription(await pc.createAnswer())
        raise_receive_buffers(pc, self.config.udp_receive_buffer)
        return pc.localDescription.sdp

    def _on_track(self, peer: Peer, track: Any) -> None:
        """A publisher's track: read it undecoded and make it a feed."""
        transceiver = next(t for t in peer.pc.getTransceivers() if t.receiver.track is track)
        receiver = transceiver.receiver
        selection = self.selections.get(peer.meeting_id)
        user_id = peer.user_id

        def on_level(level: int) -> None:
            if selection is not None:
                selection.hear(user_id, level)

        feed: Feed | None = None

        def on_packet(packet: Any) -> None:
            if feed is not None:
                feed.push(packet)

        def assemble() -> bool:
            return feed is None or feed.wants_frames()

        encoded, sink = (
            forward_encoded(receiver, on_level, on_packet, assemble)
            if self._rtp
            else forward_encoded(receiver, on_level)
        )
        if track.kind == "video":
            clamp_remb(receiver, self.config.max_video_bitrate)

        def send_pli() -> None:
            sources = receiver.getSynchronizationSources()
            if sources:
                self._spawn(receiver._send_rtcp_pli(sources[0].source))

        feed = Feed(
            peer.user_id,
            track.kind,
            encoded,
            send_pli,
            keyframe_interval=self.config.keyframe_interval,
            rtp=self._rtp,
        )
        peer.feeds[track.kind] = feed
        peer.sinks[track.kind] = sink
        feed.start()

    def _describe(self, peer: Peer, answer_sdp: str) -> msg.MediaAnswer:
        room = self.rooms.get(peer.meeting_id, {})
        tracks = [
            msg.RemoteTrack(
                mid=slot.mid,
                user_id=slot.track.feed.user_id,
                kind=msg.MediaKind(slot.kind),
                track_id=msg.track_id(slot.track.feed.user_id, slot.kind),
            )
            for slot in peer.slots.values()
            if slot.track.feed is not None
        ]
        publishers = [
            msg.Publisher(
                user_id=p.user_id, kind=msg.MediaKind(kind), track_id=msg.track_id(p.user_id, kind)
            )
            for p in sorted(room.values(), key=lambda p: p.user_id)
            if not p.closed
            for kind in sorted(p.feeds)
        ]
        selection = self.selections.get(peer.meeting_id)
        policy = selection.policy if selection is not None else None
        muted = sorted(policy.muted) if policy is not None else []
        off = sorted(policy.self_muted) if policy is not None else []
        return msg.MediaAnswer(
            sdp=answer_sdp,
            tracks=tracks,
            publishers=publishers,
            muted=[msg.MutedTrack(user_id=u, kind=msg.MediaKind(k)) for u, k in muted],
            self_muted=[msg.MutedTrack(user_id=u, kind=msg.MediaKind(k)) for u, k in off],
            speaker=selection.speaker if selection is not None else None,
            slots_version=peer.slot_version,
            slot_starts=self._rtp,
        )

    # --- closing ------------------------------------------------------------------------

    async def _close(self, peer: Peer, *, record: bool = True) -> None:
        if peer.closed:
            return
        peer.closed = True
        room = self.rooms.get(peer.meeting_id)
        if room is not None and room.get(peer.user_id) is peer:
            del room[peer.user_id]
            selection = self.selections.get(peer.meeting_id)
            if selection is not None:
                selection.forget(peer.user_id)
            if not room:
                del self.rooms[peer.meeting_id]
                closing = self.selections.pop(peer.meeting_id, None)
                if closing is not None:
                    closing.close()
        for feed in peer.feeds.values():
            await feed.stop()
        for slot in peer.slots.values():
            slot.track.stop()
        await close_within(peer.pc, self.config.close_timeout)
        removed = sorted(peer.announced)
        if record and removed:
            try:
                events = await self.runner.run(
                    rules.tracks_changed, peer.actor, peer.meeting_id, [], removed
                )
            except ProtocolError as exc:
                log.info("could not record the end of media of user %s: %s", peer.user_id, exc)
                return
            self._publish(events)

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
