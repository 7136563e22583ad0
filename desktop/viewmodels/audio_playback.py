"""Playing the meeting's received audio: the decoded voices of the others (the relay
forwards only the 3 loudest) mixed into one 48 kHz 16-bit stereo stream and written to the
chosen output device at a steady pace.

* :class:`AudioMixer` (no Qt) resamples each source's ``av.AudioFrame`` to the output
  format, keeps a small jitter buffer per source and sums the sources with clipping.
  A source starts playing once it has ``target`` seconds buffered; when it holds more
  than ``max_delay`` the oldest samples are dropped down to ``target`` so latency never
  grows; when it runs dry it is silent until it has ``target`` again.
* :class:`AudioPlayback` (a Qt object) owns the ``QAudioSink`` in push mode and, on a
  UI-thread timer, writes as many mixed samples as the clock says are due.  The output
  device is chosen from ``QMediaDevices.audioOutputs()`` and remembered in ``QSettings``
  (``media/audio_output``); the default device otherwise.  Without any output device
  (CI, offscreen) nothing is written unless a sink is given with :meth:`set_sink` (any
  ``QIODevice`` or a callable taking bytes), which is how the mixing is tested.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

import av
import numpy as np
from PySide6.QtCore import QIODevice, QObject, QSettings, QTimer, Signal
from PySide6.QtMultimedia import QAudioDevice, QAudioFormat, QAudioSink, QMediaDevices

RATE = 48_000
CHANNELS = 2
BYTES_PER_SAMPLE = 2 * CHANNELS
SETTINGS_KEY = "media/audio_output"

Sink = QIODevice | Callable[[bytes], object]


@dataclass
class _Source:
    resampler: av.AudioResampler
    shape: tuple[str, str, int]
    #: Buffered output samples, ``(n, CHANNELS)`` int16 chunks, oldest first.
    chunks: list[np.ndarray[Any, Any]] = field(default_factory=list)
    buffered: int = 0
    playing: bool = False
    last_heard: float = 0.0


def _resampler(mono: bool) -> av.AudioResampler:
    # FFmpeg's mono → stereo upmix lowers the level by 3 dB; a mono voice is resampled as
    # mono and copied to both channels at full level instead.
    return av.AudioResampler(format="s16", layout="mono" if mono else "stereo", rate=RATE)


class AudioMixer:
    """Per-source jitter buffers and their clipped sum (48 kHz s16 stereo)."""

    def __init__(
        self, *, target: float = 0.08, max_delay: float = 0.2, forget_after: float = 2.0
    ) -> None:
        self.target = round(target * RATE)
        self.max_delay = round(max_delay * RATE)
        self.forget_after = forget_after
        self._sources: dict[Hashable, _Source] = {}
        #: Output samples thrown away to keep latency down (all sources).
        self.dropped = 0

    @property
    def sources(self) -> list[Hashable]:
        return list(self._sources)

    def buffered(self, source: Hashable) -> int:
        """Output samples waiting for ``source`` (0 for an unknown source)."""
        found = self._sources.get(source)
        return found.buffered if found is not None else 0

    def push(self, source: Hashable, frame: av.AudioFrame, now: float = 0.0) -> None:
        """Add a decoded frame of ``source`` (any sample format, layout and rate)."""
        shape = (frame.format.name, frame.layout.name, frame.sample_rate)
        found = self._sources.get(source)
        if found is None or found.shape != shape:  # a resampler is fixed to its input
            mono = len(frame.layout.channels) == 1
            found = _Source(_resampler(mono), shape, [] if found is None else found.chunks)
            found.buffered = sum(len(c) for c in found.chunks)
            self._sources[source] = found
        found.last_heard = now
        for out in found.resampler.resample(frame):
            pcm: np.ndarray[Any, Any] = out.to_ndarray().reshape(-1, len(out.layout.channels))
            if pcm.shape[1] == 1:
                pcm = np.repeat(pcm, CHANNELS, axis=1)
            found.chunks.append(pcm)
            found.buffered += len(pcm)
        if found.buffered > self.max_delay:
            self._drop(found, found.buffered - self.target)

    def pull(self, count: int, now: float = 0.0) -> np.ndarray[Any, Any]:
        """The next ``count`` mixed samples, ``(count, CHANNELS)`` int16."""
        mixed = np.zeros((count, CHANNELS), dtype=np.int32)
        for key, source in list(self._sources.items()):
            if not source.chunks and now - source.last_heard > self.forget_after:
                del self._sources[key]
                continue
            if not source.playing:
                if source.buffered < self.target:
                    continue
                source.playing = True
            taken = self._take(source, count)
            mixed[: len(taken)] += taken
            if len(taken) < count:  # ran dry: silent until the buffer is full again
                source.playing = False
        return np.clip(mixed, -32768, 32767).astype(np.int16)

    def _take(self, source: _Source, count: int) -> np.ndarray[Any, Any]:
        parts, need = [], count
        while need and source.chunks:
            chunk = source.chunks[0]
            if len(chunk) <= need:
                parts.append(source.chunks.pop(0))
                need -= len(chunk)
            else:
                parts.append(chunk[:need])
                source.chunks[0] = chunk[need:]
                need = 0
        source.buffered -= count - need
        if not parts:
            return np.zeros((0, CHANNELS), dtype=np.int16)
        return np.concatenate(parts)

    def _drop(self, source: _Source, count: int) -> None:
        self._take(source, count)
        self.dropped += count


def output_format() -> QAudioFormat:
    fmt = QAudioFormat()
    fmt.setSampleRate(RATE)
    fmt.setChannelCount(CHANNELS)
    fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    return fmt


class AudioPlayback(QObject):
    """Mixes the received voices and plays them on the chosen output device."""

    #: The list of output devices or the chosen one changed.
    outputs_changed = Signal()

    def __init__(
        self,
        settings: QSettings | None = None,
        *,
        interval_ms: int = 20,
        clock: Callable[[], float] = time.monotonic,
        mixer: AudioMixer | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings if settings is not None else QSettings()
        self._clock = clock
        self.mixer = mixer or AudioMixer()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.tick)
        self._devices = QMediaDevices(self)
        self._devices.audioOutputsChanged.connect(self._on_outputs_changed)
        self._audio_sink: QAudioSink | None = None
        self._sink: Sink | None = None
        self._given_sink = False
        self._started_at: float | None = None
        self._written = 0
        #: Samples written to the sink so far.
        self.samples_written = 0

    # --- devices ----------------------------------------------------------------------

    @property
    def available(self) -> bool:
        """Whether there is anywhere to play (an output device or a given sink)."""
        return self._given_sink or not QMediaDevices.defaultAudioOutput().isNull()

    def outputs(self) -> list[tuple[str, str]]:
        """``(device id, description)`` of every audio output."""
        return [
            (bytes(d.id().data()).decode(errors="replace"), d.description())
            for d in QMediaDevices.audioOutputs()
        ]

    @property
    def output_id(self) -> str:
        """The remembered output device ('' for the system default)."""
        return str(self._settings.value(SETTINGS_KEY, "") or "")

    def set_output(self, device_id: str) -> None:
        """Play on ``device_id`` ('' for the default) from now on, and remember it."""
        self._settings.setValue(SETTINGS_KEY, device_id)
        if not self._given_sink and self._timer.isActive():
            self._open_device()
        self.outputs_changed.emit()

    def _device(self) -> QAudioDevice:
        wanted = self.output_id
        for device in QMediaDevices.audioOutputs():
            if wanted and bytes(device.id().data()).decode(errors="replace") == wanted:
                return device
        return QMediaDevices.defaultAudioOutput()

    def _on_outputs_changed(self) -> None:
        if not self._given_sink and self._timer.isActive():
            self._open_device()
        self.outputs_changed.emit()

    # --- the sink ---------------------------------------------------------------------

    def set_sink(self, sink: Sink | None) -> None:
        """Write the mix to ``sink`` instead of an output device (None: the device)."""
        self._close_device()
        self._given_sink = sink is not None
        self._sink = sink
        if sink is None and self._timer.isActive():
            self._open_device()
        self.outputs_changed.emit()

    def _open_device(self) -> None:
        self._close_device()
        device = self._device()
        if device.isNull():
            return
        sink = QAudioSink(device, output_format(), self)
        sink.setBufferSize(round(0.1 * RATE) * BYTES_PER_SAMPLE)
        self._audio_sink = sink
        self._sink = sink.start()
        self._started_at = None

    def _close_device(self) -> None:
        sink, self._audio_sink = self._audio_sink, None
        if sink is not None:
            sink.stop()
            sink.deleteLater()
            self._sink = None

    # --- playing ----------------------------------------------------------------------

    def start(self) -> None:
        if self._timer.isActive():
            return
        if not self._given_sink:
            self._open_device()
        self._started_at = None
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._close_device()

    def push(self, source: Hashable, frame: av.AudioFrame) -> None:
        """A decoded frame of ``source`` (a participant) arrived."""
        if self._sink is not None:
            self.mixer.push(source, frame, self._clock())

    def tick(self) -> None:
        """Write the samples that are due since the last tick (called by the timer)."""
        now = self._clock()
        if self._sink is None:
            return
        if self._started_at is None:
            self._started_at, self._written = now, 0
        due = round((now - self._started_at) * RATE) - self._written
        if due > self.mixer.max_delay:  # the UI thread stalled: skip, do not catch up
            self._started_at, self._written = now, 0
            due = round(0.02 * RATE)
        if due <= 0:
            return
        self._written += due
        pcm = self.mixer.pull(due, now)
        room = self._audio_sink.bytesFree() if self._audio_sink is not None else None
        data = pcm.tobytes()
        if room is not None and room < len(data):  # the device runs slower than the clock
            data = data[: room - room % BYTES_PER_SAMPLE]
        if not data:
            return
        sink = self._sink
        if isinstance(sink, QIODevice):
            sink.write(data)
        else:
            sink(data)
        self.samples_written += len(data) // BYTES_PER_SAMPLE
