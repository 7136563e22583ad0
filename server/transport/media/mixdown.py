"""The recording's sound: every voice the meeting hears, mixed into one Opus stream.

Listeners hear several people at once (the relay forwards the loudest voices), and a
record of the meeting must hold an interjection as well as the speaker.  While a meeting
is recorded the recorder therefore takes every audible publisher's Opus frames (not
muted by the chair or by themselves), and :class:`Mixdown` decodes them, lays each on
one timeline by its arrival time, sums them and encodes the sum again (mono Opus, 20 ms
frames).  This is the relay's only decoding, and only while recording: about one Opus
decode per publisher and one encode per 20 ms.

Placement: a publisher's frames follow each other without gaps as long as they arrive
within :data:`RESYNC` of where the previous one ended (network jitter does not break up
a voice); later than that (a pause, a loss) a frame starts where it arrived.  The
timeline is written out :data:`DELAY` seconds behind the clock, so a frame that arrives
up to that late is still mixed; earlier parts of a later one are dropped.  Time without
any voice is written as silence, so the sound runs as long as the recording.
"""

from __future__ import annotations

from typing import Any

import av
import numpy as np

RATE = 48_000
#: Samples per encoded frame (20 ms).
FRAME = 960
#: How far behind the clock the mix is written (seconds).
DELAY = 0.3
#: A publisher's next frame continues the previous one unless it arrives further off.
RESYNC = 0.12


class Mixdown:
    """Decoded voices on one timeline, encoded back to Opus as ``(pts_samples, bytes)``.

    Times are seconds on the caller's clock; the timeline starts at the first
    :meth:`add` or :meth:`flush`."""

    def __init__(self, bit_rate: int = 48_000) -> None:
        encoder: Any = av.CodecContext.create("libopus", "w")
        encoder.sample_rate, encoder.layout, encoder.format = RATE, "mono", "s16"
        encoder.bit_rate = bit_rate
        encoder.open()
        self._encoder = encoder
        #: The Opus identification header for the container (RFC 7845 5.1).
        self.header = bytes(encoder.extradata)
        self._decoders: dict[int, tuple[Any, av.AudioResampler]] = {}
        #: Where each publisher's next frame goes (sample index on the timeline).
        self._next: dict[int, int] = {}
        self._chunks: dict[int, np.ndarray[Any, np.dtype[np.float32]]] = {}
        self._t0: float | None = None
        #: Frames written out so far (the timeline before ``written * FRAME`` is final).
        self.written = 0
        #: Decoded frames mixed, and frames (or parts) that came too late or did not decode.
        self.mixed = 0
        self.dropped = 0

    def start(self, now: float) -> None:
        """Time 0 of the timeline (the recording's)."""
        self._t0 = now

    def _sample(self, now: float) -> int:
        if self._t0 is None:
            self._t0 = now
        return int((now - self._t0) * RATE)

    def add(self, user_id: int, data: bytes, now: float) -> None:
        """One Opus packet of ``user_id`` that arrived at ``now``."""
        arrival = self._sample(now)
        decoders = self._decoders.get(user_id)
        if decoders is None:
            decoder: Any = av.CodecContext.create("opus", "r")
            resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
            decoders = self._decoders[user_id] = (decoder, resampler)
        decoder, resampler = decoders
        try:
            frames = [r for f in decoder.decode(av.Packet(data)) for r in resampler.resample(f)]
        except av.FFmpegError:
            self.dropped += 1
            return
        for frame in frames:
            samples = frame.to_ndarray().reshape(-1).astype(np.float32)
            start = self._next.get(user_id)
            # The frame ended at its arrival; continue the voice unless it is far off.
            if start is None or abs(start + samples.size - arrival) > RESYNC * RATE:
                start = arrival - samples.size
            self._next[user_id] = start + samples.size
            if self._lay(start, samples):
                self.mixed += 1
            else:
                self.dropped += 1

    def forget(self, user_id: int) -> None:
        """``user_id`` is no longer mixed (left, muted)."""
        self._decoders.pop(user_id, None)
        self._next.pop(user_id, None)

    def _lay(self, start: int, samples: np.ndarray[Any, np.dtype[np.float32]]) -> bool:
        """Add ``samples`` to the timeline from ``start``; False if all of it came too late."""
        first_open = self.written * FRAME
        if start < first_open:  # too late for what was written already
            cut = first_open - start
            if cut >= samples.size:
                return False
            samples, start = samples[cut:], first_open
        end = start + samples.size
        for index in range(start // FRAME, (end - 1) // FRAME + 1):
            chunk = self._chunks.get(index)
            if chunk is None:
                chunk = self._chunks[index] = np.zeros(FRAME, np.float32)
            lo, hi = max(start, index * FRAME), min(end, (index + 1) * FRAME)
            chunk[lo - index * FRAME : hi - index * FRAME] += samples[lo - start : hi - start]
        return True

    def flush(self, now: float, *, everything: bool = False) -> list[tuple[int, bytes]]:
        """Encode the timeline up to :data:`DELAY` before ``now`` (``everything``: all
        of it, at the end); returns the Opus packets with their pts in samples."""
        horizon = self._sample(now) - (0 if everything else int(DELAY * RATE))
        last = horizon // FRAME
        if everything and self._chunks:
            last = max(last, max(self._chunks) + 1)
        out: list[tuple[int, bytes]] = []
        while self.written < last:
            chunk = self._chunks.pop(self.written, None)
            if chunk is None:
                pcm = np.zeros(FRAME, np.int16)
            else:
                pcm = (np.clip(chunk, -1.0, 1.0) * 32767).astype(np.int16)
            frame = av.AudioFrame.from_ndarray(pcm.reshape(1, -1), format="s16", layout="mono")
            frame.sample_rate, frame.pts = RATE, self.written * FRAME
            out += [(int(p.pts), bytes(p)) for p in self._encoder.encode(frame)]
            self.written += 1
        if everything:
            out += [(int(p.pts), bytes(p)) for p in self._encoder.encode(None)]
        return out
