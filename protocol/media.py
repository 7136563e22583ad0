"""Audio and video of a live meeting: signaling with the server's media relay.

A participant attending a meeting in progress sends ``media.offer`` with a WebRTC SDP
offer (complete, candidates included: no trickle ICE).  Its ``sendonly`` m-lines are
what it publishes (at most one audio and one video); its ``recvonly`` m-lines are
slots in which the relay forwards other participants' tracks: a client offers
:data:`RECEIVE_SLOTS` of each kind once, whatever the size of the meeting, so that
nobody renegotiates when someone joins.  The reply (:class:`MediaAnswer`) holds the SDP
answer, which slot carries whose track now, and everyone who publishes now.

The relay forwards to each participant the audio of the three loudest speakers and the
video of the active speaker, the presenter and up to N others (those the viewer chose
with ``media.select``, otherwise who spoke last), and points the slots at whoever that
is now; the other slots stay silent.  Each time it re-points one's slots it sends a
transient ``notice`` (:data:`SLOTS_CHANGED`, see :func:`slot_ref`) with the new
mapping, numbered so that an older mapping never overwrites a newer one; when a video
slot moves to another sender, a :data:`SLOT_STARTED` notice says from which RTP
timestamp its frames are the new sender's.  The active
speaker is announced with a transient ``notice`` (:data:`SPEAKER_CHANGED`).
The chair mutes (``media.mute``, ``media.mute_all_but_speaker``), recorded as
``media.muted``/``media.unmuted``; being given the floor unmutes one's audio.  A
participant turning their own microphone or camera off or on says so
(``media.self_mute`` → ``media.self_muted``), so that everyone's tile shows it.  The
chair records (``media.record_start``/``media.record_stop``, refused for a Tối mật
meeting with :class:`RecordingRefused`); ``media.recording_started``/``_stopped`` show
everyone that the meeting is recorded, the latter with the file's SHA-256.

``media.track_added``/``media.track_removed`` tell the meeting that a participant
started or stopped sending a kind of media.  The relay forwards encoded media without
decoding it, so every sender's codec must be VP8 (video) and Opus (audio).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import msgspec

from protocol.envelope import Command, Event
from protocol.errors import ProtocolError

#: Longest SDP offer accepted (bytes); about 150 m-lines.
MAX_SDP_BYTES = 256 * 1024
#: Most participants one viewer may pick for its tiles (``media.select``).
MAX_SELECTED = 32
#: The code of the transient ``notice`` naming the active speaker (``ref``: the user id
#: as text, empty when nobody speaks).  Not an event: it is not kept in the meeting's log.
SPEAKER_CHANGED = "media.speaker_changed"
#: The code of the transient ``notice`` re-mapping one's slots (``ref``: :func:`slot_ref`).
SLOTS_CHANGED = "media.slots_changed"
#: The code of the transient ``notice`` saying from which RTP timestamp a video slot
#: carries its new sender (``ref``: :func:`start_ref`), so that frames of the slot's
#: previous sender still in the decoder are not shown under the new name.
SLOT_STARTED = "media.slot_started"
#: ``recvonly`` m-lines a client offers per kind: the most tracks of that kind the relay
#: forwards to one viewer (video: the speaker, the presenter and 8 others; audio: the
#: three loudest speakers).
RECEIVE_SLOTS = {"video": 10, "audio": 3}


class MediaKind(StrEnum):
    AUDIO = "audio"
    VIDEO = "video"


class OfferRejected(ProtocolError):
    """The SDP offer cannot be used (malformed, wrong codecs, too many m-lines)."""

    code = "media.offer_rejected"


class MediaUnavailable(ProtocolError):
    """This server has no media relay, or it is shutting down."""

    code = "media.unavailable"


class RecordingRefused(ProtocolError):
    """The meeting may not be recorded (classified Tối mật, Decree 26/2020/NĐ-CP)."""

    code = "media.recording_refused"


class MediaOffer(Command, tag="media.offer", frozen=True):
    """A complete SDP offer (VP8/Opus, candidates included); the result is a
    :class:`MediaAnswer`.  Sent again on the same connection to renegotiate."""

    meeting_id: int
    sdp: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_SDP_BYTES)]


class MediaLeave(Command, tag="media.leave", frozen=True):
    """Stop sending and receiving media in the meeting (the meeting itself goes on)."""

    meeting_id: int


class MediaSelect(Command, tag="media.select", frozen=True):
    """The participants whose video this viewer wants in its tiles (last-N otherwise);
    an empty list goes back to "who spoke last".  Not logged: it is one viewer's choice."""

    meeting_id: int
    user_ids: Annotated[list[int], msgspec.Meta(max_length=MAX_SELECTED)] = []


class MediaMute(Command, tag="media.mute", frozen=True):
    """The chair stops the relay forwarding ``user_id``'s ``kind`` to everyone."""

    meeting_id: int
    user_id: int
    kind: MediaKind


class MediaUnmute(Command, tag="media.unmute", frozen=True):
    """The chair lets the relay forward ``user_id``'s ``kind`` again."""

    meeting_id: int
    user_id: int
    kind: MediaKind


class MediaSelfMute(Command, tag="media.self_mute", frozen=True):
    """One's own microphone or camera turned off (``muted``) or on again.  Everyone's
    tile shows it, and the relay does not forward the silence or black frames sent
    meanwhile.  The chair's mute is separate: this does not lift it."""

    meeting_id: int
    kind: MediaKind
    muted: bool


class MediaMuteAllButSpeaker(Command, tag="media.mute_all_but_speaker", frozen=True):
    """The chair mutes every participant's audio except the current speaker's."""

    meeting_id: int


class MediaRecordStart(Command, tag="media.record_start", frozen=True):
    """The chair starts recording the meeting (everyone's voices mixed, the active speaker's
    video)."""

    meeting_id: int


class MediaRecordStop(Command, tag="media.record_stop", frozen=True):
    """The chair stops the recording; the file is listed with its SHA-256."""

    meeting_id: int


class MediaRecordingStarted(Event, tag="media.recording_started", frozen=True):
    """The meeting is being recorded to ``file_name`` (started by ``by``)."""

    recording_id: int
    file_name: str
    by: int
    #: When it started (ISO 8601, UTC); empty in events logged before this field.
    started_at: str = ""


class MediaRecordingStopped(Event, tag="media.recording_stopped", frozen=True):
    """The recording ended; ``file_name`` holds ``size`` bytes with this ``sha256`` (hex)."""

    recording_id: int
    file_name: str
    size: int
    sha256: str
    by: int


class MediaRecordingInterrupted(Event, tag="media.recording_interrupted", frozen=True):
    """The server stopped while recording: the file is incomplete and has no hash
    (logged when the server starts again)."""

    recording_id: int
    file_name: str


class MediaMuted(Event, tag="media.muted", frozen=True):
    """The relay no longer forwards ``user_id``'s ``kind`` (a chair's decision, ``by``)."""

    user_id: int
    kind: MediaKind
    by: int


class MediaUnmuted(Event, tag="media.unmuted", frozen=True):
    """``user_id``'s ``kind`` is forwarded again (the chair, or the floor was granted)."""

    user_id: int
    kind: MediaKind
    by: int


class MediaSelfMuted(Event, tag="media.self_muted", frozen=True):
    """``user_id`` turned their own ``kind`` off (``muted``) or on again."""

    user_id: int
    kind: MediaKind
    muted: bool


class MediaTrackAdded(Event, tag="media.track_added", frozen=True):
    """``user_id`` sends ``kind``; ``track_id`` is its stable name (see ``RemoteTrack``)."""

    user_id: int
    kind: MediaKind
    track_id: str


class MediaTrackRemoved(Event, tag="media.track_removed", frozen=True):
    user_id: int
    kind: MediaKind
    track_id: str


class RemoteTrack(msgspec.Struct, kw_only=True, frozen=True):
    """The relay forwards ``user_id``'s ``kind`` in the m-line ``mid`` of this connection."""

    mid: str
    user_id: int
    kind: MediaKind
    track_id: str


class Publisher(msgspec.Struct, kw_only=True, frozen=True):
    user_id: int
    kind: MediaKind
    track_id: str


class MutedTrack(msgspec.Struct, kw_only=True, frozen=True):
    user_id: int
    kind: MediaKind


class MediaAnswer(msgspec.Struct, kw_only=True, frozen=True):
    """The result of ``media.offer``."""

    sdp: str
    #: Slots now carrying someone's track (the others are idle).
    tracks: list[RemoteTrack]
    #: Every track published in the meeting now, one's own included.
    publishers: list[Publisher]
    #: Tracks the chair muted now (the relay does not forward them).
    muted: list[MutedTrack] = []
    #: Microphones and cameras their owners turned off now (not forwarded either).
    self_muted: list[MutedTrack] = []
    #: The active speaker now, if anyone speaks.
    speaker: int | None = None
    #: The number of this mapping of slots (:data:`SLOTS_CHANGED` notices carry later ones).
    slots_version: int = 0
    #: Whether the relay sends a :data:`SLOT_STARTED` notice when it moves a video slot
    #: to another sender (RTP forwarding does; frame forwarding cannot).
    slot_starts: bool = False


def track_id(user_id: int, kind: MediaKind | str) -> str:
    """The stable name of a participant's track of one kind."""
    return f"u{user_id}-{MediaKind(kind).value}"


class BadSlotMapping(ValueError):
    """A :data:`SLOTS_CHANGED` notice whose ``ref`` is not a :func:`slot_ref`."""


def slot_ref(version: int, mapping: dict[str, int | None]) -> str:
    """The ``ref`` of a :data:`SLOTS_CHANGED` notice: ``"7|0=12;1=;2=5"`` says mapping
    number 7 has slot (mid) 0 carrying user 12, slot 1 idle, slot 2 carrying user 5."""
    return f"{version}|" + ";".join(
        f"{mid}={'' if user is None else user}" for mid, user in sorted(mapping.items())
    )


def parse_slot_ref(ref: str | None) -> tuple[int, dict[str, int | None]]:
    """``(version, {mid: user_id or None})`` from :func:`slot_ref`'s text."""
    try:
        assert ref is not None
        head, _, body = ref.partition("|")
        version = int(head)
        mapping: dict[str, int | None] = {}
        for item in filter(None, body.split(";")):
            mid, sep, user = item.partition("=")
            assert sep and mid
            mapping[mid] = int(user) if user else None
    except (AssertionError, ValueError):
        raise BadSlotMapping(f"not a slot mapping: {ref!r}") from None
    return version, mapping


def start_ref(version: int, mid: str, timestamp: int) -> str:
    """The ``ref`` of a :data:`SLOT_STARTED` notice: ``"7|3=123456"`` says that under
    mapping 7, slot 3's sender starts at RTP timestamp 123456."""
    return f"{version}|{mid}={timestamp}"


def parse_start_ref(ref: str | None) -> tuple[int, str, int]:
    """``(version, mid, timestamp)`` from :func:`start_ref`'s text."""
    version, mapping = parse_slot_ref(ref)
    if len(mapping) != 1:
        raise BadSlotMapping(f"not a slot start: {ref!r}")
    ((mid, timestamp),) = mapping.items()
    if timestamp is None or not 0 <= timestamp < 1 << 32:
        raise BadSlotMapping(f"not a slot start: {ref!r}")
    return version, mid, timestamp
