"""The recording's sound: voices decoded, laid on one timeline by arrival, summed and
encoded again; checked by decoding what comes out (PyAV) and looking at its spectrum."""

from __future__ import annotations

from typing import Any

import av
import numpy as np

from server.transport.media.mixdown import DELAY, FRAME, RATE, Mixdown


def tone_packets(frequency: float, count: int, amplitude: float = 0.25) -> list[bytes]:
    """``count`` 20 ms Opus packets of a stereo sine (what aiortc senders send)."""
    encoder: Any = av.CodecContext.create("libopus", "w")
    encoder.sample_rate, encoder.layout, encoder.format = RATE, "stereo", "s16"
    out: list[bytes] = []
    for i in range(count + 3):  # the encoder lags a few frames behind
        t = np.arange(FRAME * i, FRAME * (i + 1)) / RATE
        samples = (np.sin(2 * np.pi * frequency * t) * amplitude * 32767).astype(np.int16)
        frame = av.AudioFrame.from_ndarray(
            np.repeat(samples, 2).reshape(1, -1), format="s16", layout="stereo"
        )
        frame.sample_rate, frame.pts = RATE, i * FRAME
        out += [bytes(p) for p in encoder.encode(frame)]
    return out[:count]


def decoded(packets: list[tuple[int, bytes]], header: bytes) -> np.ndarray[Any, Any]:
    decoder: Any = av.CodecContext.create("opus", "r")
    decoder.extradata = header
    pcm = [
        f.to_ndarray().reshape(-1) for _, data in packets for f in decoder.decode(av.Packet(data))
    ]
    return np.concatenate(pcm) if pcm else np.zeros(0)


def strength(pcm: np.ndarray[Any, Any], frequency: float) -> float:
    """The amplitude of ``frequency`` in ``pcm`` (a windowed FFT bin, 0..1 scale)."""
    spectrum = np.abs(np.fft.rfft(pcm * np.hanning(pcm.size)))
    freqs = np.fft.rfftfreq(pcm.size, 1 / RATE)
    band = (freqs > frequency - 15) & (freqs < frequency + 15)
    return float(spectrum[band].max() / (pcm.size / 4))


def test_two_voices_at_once_are_both_in_the_mix() -> None:
    mix = Mixdown()
    mix.start(0.0)
    low, high = tone_packets(440, 50), tone_packets(1250, 50)
    for i in range(50):
        now = 0.02 * (i + 1)
        mix.add(1, low[i], now)
        mix.add(2, high[i], now + 0.003)
    out = mix.flush(1.2, everything=True)
    pcm = decoded(out, mix.header)
    middle = pcm[RATE // 4 : RATE * 3 // 4]
    assert strength(middle, 440) > 0.1 and strength(middle, 1250) > 0.1
    assert strength(middle, 2500) < 0.01, "nothing else"
    assert mix.mixed == 100 and mix.dropped == 0


def test_a_voice_arriving_in_bursts_plays_without_gaps() -> None:
    mix = Mixdown()
    mix.start(0.0)
    packets = tone_packets(600, 60)
    # Network jitter: packets arrive in pairs every 40 ms, one 60 ms late.
    for i, data in enumerate(packets):
        now = 0.04 * (i // 2 + 1) + (0.06 if i == 30 else 0.0)
        mix.add(1, data, now)
    pcm = decoded(mix.flush(1.5, everything=True), mix.header)
    # Every 20 ms frame while the voice lasts carries it: no holes of silence.
    frames = pcm[FRAME * 3 : FRAME * 55].reshape(-1, FRAME)
    levels = np.sqrt((frames**2).mean(axis=1))
    assert levels.min() > 0.1, f"a gap in the voice: {levels.min():.3f}"


def test_time_without_voices_is_silence_and_a_frame_too_late_is_dropped() -> None:
    mix = Mixdown()
    mix.start(0.0)
    out = mix.flush(1.0 + DELAY)
    assert mix.written == 50, "one second of silence written"
    assert np.abs(decoded(out, mix.header)).max() < 0.01
    mix.add(1, tone_packets(500, 1)[0], 0.5)  # ended half a second ago: written already
    assert mix.dropped == 1 and mix.mixed == 0
