"""Who is speaking, from the RTP audio level (RFC 6464) of each publisher's packets.

Every Opus packet an aiortc (or browser) sender emits carries the
``urn:ietf:params:rtp-hdrext:ssrc-audio-level`` header extension: the packet's level in
-dBov, 0 the loudest and 127 silence.  :class:`SpeakerDetector` turns it into a
loudness (127 - level), smooths it per publisher with an exponential moving average
(about :data:`SMOOTHING` seconds), ranks the publishers, and picks a *dominant speaker*
with hysteresis, so that a cough or a short overlap does not move the enlarged tile:

* someone becomes the speaker when nobody speaks, or when they are louder than the
  current speaker by :data:`MARGIN` dB for :data:`HOLD` seconds;
* a publisher silent (below :data:`SILENCE`) or not heard for :data:`STALE` seconds
  ranks as silent; the speaker keeps the role until someone else qualifies: while
  the speaker pauses (or their audio stops coming), anyone audible for :data:`HOLD`
  seconds, so that a sound during a pause between sentences does not take the tile.

Pure and clock-driven (no asyncio) so it is tested without sockets.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Time constant of the moving average (seconds).
SMOOTHING = 0.3
#: Loudness (dB above -127 dBov) below which a publisher counts as silent (-70 dBov).
SILENCE = 57.0
#: How much louder (dB) a challenger must be than the speaker ...
MARGIN = 3.0
#: ... and for how long (seconds) before the role moves.
HOLD = 0.4
#: A publisher not heard for this long counts as silent (muted, stopped).
STALE = 0.5


@dataclass
class _Voice:
    loudness: float
    heard_at: float
    louder_since: float | None = None


class SpeakerDetector:
    """Smoothed loudness per publisher and the dominant speaker."""

    def __init__(self) -> None:
        self._voices: dict[int, _Voice] = {}
        #: The dominant speaker now (None: nobody has spoken yet).
        self.speaker: int | None = None
        #: Speakers from the most recent back (each once), for last-N.
        self.recent: list[int] = []

    def hear(self, user_id: int, level: int, now: float) -> None:
        """One packet of ``user_id`` at ``level`` (-dBov, 0..127)."""
        loudness = 127.0 - min(max(level, 0), 127)
        voice = self._voices.get(user_id)
        if voice is None:
            self._voices[user_id] = _Voice(loudness, now)
            return
        weight = min(1.0, max(0.0, now - voice.heard_at) / SMOOTHING) if SMOOTHING else 1.0
        voice.loudness += (loudness - voice.loudness) * max(weight, 0.02)
        voice.heard_at = now

    def forget(self, user_id: int) -> None:
        self._voices.pop(user_id, None)

    def loudness(self, user_id: int, now: float) -> float:
        voice = self._voices.get(user_id)
        if voice is None or now - voice.heard_at > STALE or voice.loudness < SILENCE:
            return 0.0
        return voice.loudness

    def ranking(self, now: float) -> list[int]:
        """Publishers heard, loudest first (silent ones last, by who spoke last)."""
        order = {u: i for i, u in enumerate(self.recent)}
        return sorted(
            self._voices,
            key=lambda u: (-self.loudness(u, now), order.get(u, len(order)), u),
        )

    def update(self, now: float) -> bool:
        """Re-decide the dominant speaker; True when it changed."""
        ranking = self.ranking(now)
        if not ranking or self.loudness(ranking[0], now) <= 0.0:
            return False
        loudest = ranking[0]
        current = self.speaker
        if current == loudest:
            for voice in self._voices.values():
                voice.louder_since = None
            return False
        for user_id, other in self._voices.items():
            if user_id != loudest:
                other.louder_since = None
        if current is not None:
            voice = self._voices[loudest]
            heard = self.loudness(current, now)
            if heard > 0.0 and self.loudness(loudest, now) < heard + MARGIN:
                voice.louder_since = None
                return False
            # Louder than the speaker, or heard while the speaker pauses: for HOLD.
            if voice.louder_since is None:
                voice.louder_since = now
            if now - voice.louder_since < HOLD:
                return False
        self.speaker = loudest
        self._voices[loudest].louder_since = None
        if loudest in self.recent:
            self.recent.remove(loudest)
        self.recent.insert(0, loudest)
        return True
