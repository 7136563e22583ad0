"""Synthetic audio and video sources for machines without camera or microphone, tests
and benchmarks.

:class:`StampedVideoTrack` draws a moving texture with the frame number and a sender
tag stamped as a barcode in the top rows: 40 bits (8 tag bits, 24 frame-number bits,
an 8-bit checksum), each a black or white 16×16 block aligned on VP8's macroblocks, so
each macroblock is flat and survives compression at any sensible bitrate.
:func:`read_stamp` reads it back from a decoded frame.  :class:`ToneAudioTrack` plays a sine tone.
"""

from __future__ import annotations

import asyncio
import fractions
import math
import time

import av
import numpy as np
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

VIDEO_CLOCK = 90000
AUDIO_RATE = 48000
AUDIO_SAMPLES = 960  # 20 ms
_BITS = 40
_BLOCK = 16  # one VP8 macroblock per bit
_WHITE, _BLACK = 235, 16


def _checksum(tag: int, number: int) -> int:
    return (tag + (number & 0xFF) + ((number >> 8) & 0xFF) + ((number >> 16) & 0xFF)) & 0xFF


def _bits(tag: int, number: int) -> list[int]:
    value = (tag & 0xFF) << 32 | (number & 0xFFFFFF) << 8 | _checksum(tag, number)
    return [(value >> (_BITS - 1 - i)) & 1 for i in range(_BITS)]


def _bar_rows(width: int) -> int:
    """Pixel rows the barcode takes in a frame ``width`` wide."""
    per_row = width // _BLOCK
    return -(-_BITS // per_row) * _BLOCK


def read_stamp(frame: av.VideoFrame) -> tuple[int, int] | None:
    """``(tag, frame_number)`` stamped by :class:`StampedVideoTrack`, or None."""
    if frame.format.name != "yuv420p":
        frame = frame.reformat(format="yuv420p")
    per_row = frame.width // _BLOCK
    if per_row < 1 or frame.height < _bar_rows(frame.width):
        return None
    plane = frame.planes[0]
    data, stride = bytes(plane), plane.line_size
    value = 0
    for i in range(_BITS):
        x0 = (i % per_row) * _BLOCK + _BLOCK // 4
        y0 = (i // per_row) * _BLOCK + _BLOCK // 4
        half = _BLOCK // 2
        total = sum(
            sum(data[y * stride + x0 : y * stride + x0 + half]) for y in range(y0, y0 + half)
        )
        value = value << 1 | (1 if total > half * half * 128 else 0)
    tag, number, check = value >> 32, (value >> 8) & 0xFFFFFF, value & 0xFF
    if check != _checksum(tag, number):
        return None
    return tag, number


class StampedVideoTrack(MediaStreamTrack):
    """Video frames ``width``×``height`` at ``fps``, numbered from 0, tagged ``tag``."""

    kind = "video"

    def __init__(self, tag: int, width: int = 320, height: int = 240, fps: float = 15.0) -> None:
        super().__init__()
        if width % _BLOCK or height % 2 or height < _bar_rows(width) + _BLOCK:
            raise ValueError(f"the frame must be a multiple of {_BLOCK} wide and tall enough")
        self.tag = tag & 0xFF
        self.width, self.height, self.fps = width, height, fps
        #: When each frame number was handed to the sender (``time.monotonic``).
        self.sent_at: dict[int, float] = {}
        self._number = 0
        self._start: float | None = None
        # A diagonal texture twice as wide as the frame: sliding it makes real motion.
        self._texture = [
            bytes(((x + 2 * y) * 3) % 200 + 28 for x in range(2 * width)) for y in range(height)
        ]
        self._chroma = bytes([128]) * ((width // 2) * (height // 2))

    def _luma(self, number: int) -> bytes:
        per_row = self.width // _BLOCK
        bits = _bits(self.tag, number)
        bits += [0] * (-len(bits) % per_row)
        bar = []
        for start in range(0, len(bits), per_row):
            row = b"".join(
                bytes([_WHITE if bit else _BLACK]) * _BLOCK for bit in bits[start : start + per_row]
            )
            bar += [row] * _BLOCK
        shift = (number * 4) % self.width
        rows = bar + [
            self._texture[y][shift : shift + self.width] for y in range(len(bar), self.height)
        ]
        return b"".join(rows)

    async def recv(self) -> av.VideoFrame:
        if self.readyState != "live":
            raise MediaStreamError
        number = self._number
        self._number += 1
        if self._start is None:
            self._start = time.monotonic()
        wait = self._start + number / self.fps - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        frame = av.VideoFrame(self.width, self.height, "yuv420p")
        frame.planes[0].update(self._luma(number))
        frame.planes[1].update(self._chroma)
        frame.planes[2].update(self._chroma)
        frame.pts = int(number * VIDEO_CLOCK / self.fps)
        frame.time_base = fractions.Fraction(1, VIDEO_CLOCK)
        self.sent_at[number] = time.monotonic()
        if len(self.sent_at) > 4096:
            self.sent_at.pop(next(iter(self.sent_at)))
        return frame


class ToneAudioTrack(MediaStreamTrack):
    """A mono sine tone of ``frequency`` Hz, 20 ms frames at 48 kHz; ``level`` is the
    amplitude (0..1 of full scale) and may be changed while playing (a louder speaker)."""

    kind = "audio"

    def __init__(self, frequency: float = 440.0, level: float = 0.3) -> None:
        super().__init__()
        self.frequency = frequency
        self.level = level
        self._sample = 0
        self._start: float | None = None

    async def recv(self) -> av.AudioFrame:
        if self.readyState != "live":
            raise MediaStreamError
        if self._start is None:
            self._start = time.monotonic()
        wait = self._start + self._sample / AUDIO_RATE - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        step = 2 * math.pi * self.frequency / AUDIO_RATE
        amplitude = int(32767 * min(max(self.level, 0.0), 1.0))
        phase = step * (self._sample + np.arange(AUDIO_SAMPLES))
        samples = (amplitude * np.sin(phase)).astype("<i2")  # truncated, like int()
        frame = av.AudioFrame(format="s16", layout="mono", samples=AUDIO_SAMPLES)
        frame.planes[0].update(samples.tobytes())
        frame.sample_rate = AUDIO_RATE
        frame.pts = self._sample
        frame.time_base = fractions.Fraction(1, AUDIO_RATE)
        self._sample += AUDIO_SAMPLES
        return frame


def audio_level(frame: av.AudioFrame) -> float:
    """Root mean square of an s16 frame, 0.0 (silence) to 1.0 (full scale)."""
    if frame.format.name != "s16":
        return 0.0
    data = bytes(frame.planes[0])
    count = len(data) // 2
    if not count:
        return 0.0
    values = np.frombuffer(data, dtype="<i2", count=count).astype(np.int64)
    return math.sqrt(int(np.square(values).sum()) / count) / 32768
