"""Playing the meeting's audio: the mixer on synthetic frames (two voices heard at once,
clipping, other formats resampled), the jitter buffer and pacing with a fake clock, the
wall without an output device, and a member's tone reaching the chair's speaker through
a real server with the media relay."""

from __future__ import annotations

import asyncio
import fractions
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest
from PySide6.QtCore import QBuffer, QIODevice, QSettings

from desktop.client import Client, MeetingSession
from desktop.viewmodels.audio_playback import RATE, AudioMixer, AudioPlayback
from desktop.viewmodels.media import MediaViewModel
from desktop.widgets.video_wall import VideoWall
from tests.desktop.test_video_wall import close_room, open_room, prepare, relay_server, until

FRAME = 960  # 20 ms at 48 kHz


def tone(
    frequency: float,
    *,
    start: int = 0,
    level: float = 0.3,
    rate: int = RATE,
    layout: str = "mono",
    fmt: str = "s16",
    samples: int = FRAME,
) -> av.AudioFrame:
    """One frame of a sine tone, ``start`` samples into it."""
    t = (start + np.arange(samples)) / rate
    wave = level * np.sin(2 * np.pi * frequency * t)
    channels = 1 if layout == "mono" else 2
    if fmt == "s16":
        pcm = np.round(wave * 32767).astype(np.int16)
        packed = np.repeat(pcm, channels).reshape(1, -1)  # interleaved L R L R …
        frame = av.AudioFrame.from_ndarray(packed, format="s16", layout=layout)
    else:  # planar float
        planes = np.vstack([wave.astype(np.float32)] * channels)
        frame = av.AudioFrame.from_ndarray(planes, format="fltp", layout=layout)
    frame.sample_rate = rate
    frame.pts = start
    frame.time_base = fractions.Fraction(1, rate)
    return frame


def push_tone(mixer: AudioMixer, source: str, frequency: float, frames: int, **kw: Any) -> None:
    samples = kw.pop("samples", FRAME)
    for i in range(frames):
        mixer.push(source, tone(frequency, start=i * samples, samples=samples, **kw))


def spectrum_peaks(pcm: np.ndarray, rate: int = RATE, count: int = 2) -> list[float]:
    """The ``count`` strongest frequencies (Hz) of a mono signal."""
    power = np.abs(np.fft.rfft(pcm.astype(np.float64) * np.hanning(len(pcm))))
    freqs = np.fft.rfftfreq(len(pcm), 1 / rate)
    peaks: list[float] = []
    for index in np.argsort(power)[::-1]:
        if all(abs(freqs[index] - p) > 30 for p in peaks):
            peaks.append(float(freqs[index]))
        if len(peaks) == count:
            break
    return sorted(peaks)


def test_two_voices_are_heard_together_on_both_channels() -> None:
    mixer = AudioMixer(max_delay=1.0)
    push_tone(mixer, "minister", 440, 10)
    push_tone(mixer, "governor", 1000, 10, layout="stereo")
    mixed = mixer.pull(9600)
    assert mixed.shape == (9600, 2) and mixed.dtype == np.int16
    for channel in (0, 1):
        assert spectrum_peaks(mixed[:, channel]) == pytest.approx([440, 1000], abs=6)
    # Both at 0.3 of full scale: the sum stays below full scale, nothing clipped.
    assert 0.45 * 32767 < np.abs(mixed).max() < 0.61 * 32767


def test_loud_voices_are_clipped_not_wrapped() -> None:
    mixer = AudioMixer(max_delay=1.0)
    push_tone(mixer, "a", 500, 5, level=0.8)
    push_tone(mixer, "b", 500, 5, level=0.8)
    mixed = mixer.pull(4800)[:, 0].astype(np.int32)
    expected = np.clip(
        2 * np.round(0.8 * 32767 * np.sin(2 * np.pi * 500 * np.arange(4800) / RATE)), -32768, 32767
    )
    assert mixed.max() == 32767 and mixed.min() == -32768
    assert np.abs(mixed - expected).max() <= 2  # a clipped crest, never a sign flip


def test_other_rates_and_formats_are_resampled_to_48k_stereo() -> None:
    mixer = AudioMixer(max_delay=1.0)
    push_tone(mixer, "phone", 700, 10, rate=44_100, layout="stereo", fmt="fltp", samples=882)
    push_tone(mixer, "mono", 1500, 10)
    mixed = mixer.pull(8000)
    assert spectrum_peaks(mixed[:, 0]) == pytest.approx([700, 1500], abs=8)
    assert np.array_equal(mixed[:, 0], mixed[:, 1]), "mono and dual-mono: same on both sides"


def test_the_jitter_buffer_waits_plays_runs_dry_and_drops_the_backlog() -> None:
    mixer = AudioMixer(target=0.06, max_delay=0.2)
    push_tone(mixer, "a", 440, 2)  # 40 ms: not yet enough to start
    assert not mixer.pull(960).any() and mixer.buffered("a") == 1920
    mixer.push("a", tone(440, start=2 * FRAME))  # 60 ms: plays
    assert mixer.pull(960).any()
    rest = mixer.pull(3 * FRAME)  # what is left, then dry: silence
    assert rest[: 2 * FRAME].any() and not rest[2 * FRAME :].any()
    assert mixer.buffered("a") == 0
    mixer.push("a", tone(440, start=3 * FRAME))
    assert not mixer.pull(960).any(), "after running dry it waits for the buffer again"
    # A burst (the network held packets back): the backlog above 200 ms is dropped.
    for i in range(20):
        mixer.push("a", tone(440, start=(4 + i) * FRAME))
    assert mixer.buffered("a") <= round(0.2 * RATE)
    assert mixer.dropped > 0


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_playback_writes_at_the_clock_pace_and_does_not_catch_up_after_a_stall(
    qapp: Any, tmp_path: Path
) -> None:
    clock = FakeClock()
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    playback = AudioPlayback(settings, clock=clock)
    written: list[bytes] = []
    playback.set_sink(written.append)
    playback.start()
    try:
        for i in range(50):  # one second of audio arrives and is played 20 ms at a time
            playback.push(7, tone(440, start=i * FRAME))
            clock.now += 0.02
            playback.tick()
        assert playback.samples_written == pytest.approx(49 * FRAME, abs=2)
        pcm = np.frombuffer(b"".join(written), dtype=np.int16).reshape(-1, 2)
        assert spectrum_peaks(pcm[-RATE // 2 :, 0], count=1) == pytest.approx([440], abs=6)
        # The UI thread stalls for a second: one tick's worth is written, not a second's.
        before = playback.samples_written
        clock.now += 1.0
        playback.tick()
        assert playback.samples_written - before == FRAME
    finally:
        playback.stop()


def test_without_an_output_device_the_wall_says_so_and_the_choice_is_remembered(
    qapp: Any, tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    playback = AudioPlayback(settings)
    if playback.outputs():
        pytest.skip("this machine has an audio output")
    assert not playback.available
    wall = _wall_with(playback)
    assert wall.sound_label.isVisibleTo(wall)
    assert wall.sound_label.text() == "No audio output device"
    assert not wall.output_box.isVisibleTo(wall)
    playback.set_output("alsa_output.usb-headset")
    assert AudioPlayback(settings).output_id == "alsa_output.usb-headset"
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    playback.set_sink(buffer)
    assert playback.available and not wall.sound_label.isVisibleTo(wall)


def _wall_with(playback: AudioPlayback) -> VideoWall:
    """A wall over a media view model that is never started (no server needed)."""
    vm = MediaViewModel(
        Client("ws://127.0.0.1:9"),
        MeetingSession(1, True),
        asyncio.ensure_future,
        playback=playback,
        camera_found=lambda: False,
    )
    return VideoWall(vm)


async def test_a_members_voice_reaches_the_chairs_speaker(
    database_url: str, tmp_path: Path, qtbot: Any
) -> None:
    async with relay_server(database_url, tmp_path / "data") as live:
        cast = prepare(live)
        mid, member_id = cast["mid"], cast["member"]
        async with live.client("chutri") as chair, live.client("bokhdt") as member:
            chair_window, chair_wall = await open_room(chair, mid)
            speaker = QBuffer()
            speaker.open(QIODevice.OpenModeFlag.WriteOnly)
            playback = chair_wall.vm.playback
            playback.set_sink(speaker)
            member_window, member_wall = await open_room(member, mid)
            second = RATE * 4  # bytes: 48 kHz, 2 channels, 2 bytes a sample
            await until(lambda: speaker.data().size() > second * 1.5, 15)
            pcm = np.frombuffer(bytes(speaker.data().data()), dtype=np.int16).reshape(-1, 2)
            last = pcm[-RATE // 2 :, 0]
            assert np.sqrt(np.mean(last.astype(np.float64) ** 2)) > 0.05 * 32768, "not silence"
            frequency = 300.0 + 50 * (member_id % 10)  # the member's synthetic microphone
            assert spectrum_peaks(last, count=1) == pytest.approx([frequency], abs=6)
            for window, wall in ((chair_window, chair_wall), (member_window, member_wall)):
                await close_room(window, wall)
