"""Silence suppression: a quiet microphone's packets are not forwarded.

Most people in a meeting are listening.  Their microphones still send an Opus packet
every 20 ms, and the relay would send each on to every listener (the loudest
:data:`~server.domain.media_selection.AUDIO_STREAMS` in a large meeting, everyone in a
small one): bandwidth and relay CPU spent on silence.  Like the discard of silent
packets in other selective forwarding units, :class:`SilenceGate` stops a publisher's
audio once its packets' RTP audio level (RFC 6464, in -dBov) has been quieter than
:data:`SILENT_LEVEL` for :data:`HANGOVER` seconds, and lets it through again with the
first audible packet (so the start of a word is never cut).  The hangover keeps the
pauses between words and the tail of a sentence.

The subscriber sees what a sender using Opus DTX produces: sequence numbers without a
gap and a timestamp that moved on with the wall clock (the feed re-bases its
subscribers' rewriters when the gate opens).  Packets without a level are always
forwarded.  The speaker detector still hears every packet: the gate only decides what
is sent on.
"""

from __future__ import annotations

from server.transport.media.speakers import SILENCE

#: A packet quieter than this (its RFC 6464 level, -dBov) is silence: -70 dBov, where
#: the speaker detector also counts a publisher as silent.
SILENT_LEVEL = round(127 - SILENCE)
#: How long (seconds) a publisher's audio is still forwarded after its last audible packet.
HANGOVER = 1.0


class SilenceGate:
    """Per publisher's audio feed: whether a packet of the given level is sent on."""

    def __init__(self, hangover: float = HANGOVER) -> None:
        self.hangover = hangover
        #: Packets not forwarded because they were silence.
        self.suppressed = 0
        self._audible_at: float | None = None
        self._closed = True

    @property
    def closed(self) -> bool:
        """Whether the publisher's audio is being held back now."""
        return self._closed

    def passes(self, level: tuple[bool, int] | None, now: float) -> bool:
        """Whether a packet with ``level`` (``(voice, -dBov)`` or None) arriving at
        ``now`` is forwarded (:attr:`closed` read before the call tells whether this
        packet opens the gate again)."""
        if level is None or level[1] <= SILENT_LEVEL:
            self._audible_at = now
            self._closed = False
            return True
        if self._audible_at is not None and now - self._audible_at < self.hangover:
            return True
        self._closed = True
        self.suppressed += 1
        return False
