"""One's own camera and microphone as aiortc tracks, fed by QtMultimedia, and the choice
between them and the synthetic sources (``desktop/client/media_sources.py``).

* :func:`image_to_frame` turns a ``QImage`` into an RGB ``av.VideoFrame`` at most
  640×360 (aspect kept, even sides); :class:`FramePacer` keeps at most 15 frames a second
  and stamps them in a 90 kHz clock.  :class:`PcmFramer` cuts s16 PCM bytes into 20 ms
  ``av.AudioFrame`` (960 samples at 48 kHz), carrying what is left to the next chunk.
* :class:`CameraTrack` (``QCamera`` → ``QMediaCaptureSession`` → ``QVideoSink``) and
  :class:`MicrophoneTrack` (``QAudioSource`` in pull mode).  The app runs qasync, so Qt
  and asyncio share the main thread, but the sink may signal from a multimedia thread:
  frames are converted in that thread (a direct connection: PySide would otherwise queue
  the call to the UI thread) and handed to the loop with ``call_soon_threadsafe``.
  A track keeps a few frames at most (the newest win), and a device error ends ``recv``.
* :func:`open_sources` opens the chosen devices; a missing one, the test source chosen,
  or a device that fails to start gives the synthetic source and a note saying so.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import fractions
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import av
import numpy as np
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack
from PySide6.QtCore import QIODevice, Qt
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import (
    QAudioDevice,
    QAudioFormat,
    QAudioSource,
    QCamera,
    QCameraDevice,
    QMediaCaptureSession,
    QtAudio,
    QVideoFrame,
    QVideoSink,
)

from desktop.client.media_gate import GatedTrack
from desktop.client.media_sources import StampedVideoTrack, ToneAudioTrack
from desktop.viewmodels.capture_devices import CaptureDevices

VIDEO_CLOCK = 90_000
MAX_SIZE = (640, 360)
MAX_FPS = 15.0
AUDIO_RATE = 48_000
FRAME_SAMPLES = 960  # 20 ms
#: Seconds a device may take to deliver its first frame before the test source is used.
START_TIMEOUT = 3.0


class CaptureError(Exception):
    """A device could not be started or stopped working (``str``: Qt's reason)."""


# --- conversion (pure) ----------------------------------------------------------------


def fit(width: int, height: int, bound: tuple[int, int] = MAX_SIZE) -> tuple[int, int]:
    """``width``×``height`` scaled down to fit ``bound``, aspect kept, both sides even."""
    scale = min(1.0, bound[0] / width, bound[1] / height)
    return max(2, int(width * scale) // 2 * 2), max(2, int(height * scale) // 2 * 2)


def image_to_frame(image: QImage, pts: int, bound: tuple[int, int] = MAX_SIZE) -> av.VideoFrame:
    """``image`` as an ``rgb24`` frame fitting ``bound``, ``pts`` in the 90 kHz clock."""
    width, height = fit(image.width(), image.height(), bound)
    if (width, height) != (image.width(), image.height()):
        image = image.scaled(
            width,
            height,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    rgb = rows.reshape(height, image.bytesPerLine())[:, : width * 3].reshape(height, width, 3)
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24")
    frame.pts = pts
    frame.time_base = fractions.Fraction(1, VIDEO_CLOCK)
    return frame


class FramePacer:
    """Lets through at most ``max_fps`` frames a second and gives each its pts."""

    def __init__(self, max_fps: float = MAX_FPS, clock: Callable[[], float] = time.monotonic):
        self._interval = 1.0 / max_fps
        self._clock = clock
        self._start: float | None = None
        self._last: float | None = None
        self._pts = -1

    def next_pts(self) -> int | None:
        """The pts of a frame arriving now, or None when it comes too soon after the last."""
        now = self._clock()
        if self._last is not None and now - self._last < self._interval * 0.9:
            return None
        if self._start is None:
            self._start = now
        self._last = now
        self._pts = max(self._pts + 1, round((now - self._start) * VIDEO_CLOCK))
        return self._pts


class PcmFramer:
    """Interleaved s16 PCM bytes in, 20 ms ``av.AudioFrame`` out; no sample lost."""

    def __init__(self, channels: int = 1, rate: int = AUDIO_RATE, samples: int = FRAME_SAMPLES):
        self.channels, self.rate, self.samples = channels, rate, samples
        self._layout = "mono" if channels == 1 else "stereo"
        self._pending = b""
        #: Samples (per channel) framed so far: the next frame's pts.
        self.pts = 0

    def push(self, data: bytes) -> list[av.AudioFrame]:
        self._pending += data
        size = self.samples * self.channels * 2
        frames = []
        while len(self._pending) >= size:
            chunk, self._pending = self._pending[:size], self._pending[size:]
            pcm = np.frombuffer(chunk, dtype=np.int16).reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(pcm, format="s16", layout=self._layout)
            frame.sample_rate = self.rate
            frame.pts = self.pts
            frame.time_base = fractions.Fraction(1, self.rate)
            self.pts += self.samples
            frames.append(frame)
        return frames


# --- tracks ---------------------------------------------------------------------------


class CaptureTrack(MediaStreamTrack):
    """Frames pushed from Qt (any thread), read by aiortc in the event loop."""

    def __init__(self, keep: int) -> None:
        super().__init__()
        self._event_loop = asyncio.get_running_loop()
        self._frames: collections.deque[Any] = collections.deque(maxlen=keep)
        self._wake = asyncio.Event()
        self._first = asyncio.Event()
        #: Why the device stopped (None while it works).
        self.error: str | None = None

    def _deliver(self, frames: list[Any]) -> None:
        """Hand ``frames`` to the event loop (safe from any thread)."""
        with contextlib.suppress(RuntimeError):  # the loop is closed
            self._event_loop.call_soon_threadsafe(self._put, frames)

    def _fail(self, message: str) -> None:
        with contextlib.suppress(RuntimeError):
            self._event_loop.call_soon_threadsafe(self._set_error, message)

    def _put(self, frames: list[Any]) -> None:
        if self.readyState == "live" and frames:
            self._frames.extend(frames)
            self._first.set()
            self._wake.set()

    def _set_error(self, message: str) -> None:
        if self.error is None:
            self.error = message or "?"
        self._first.set()
        self._wake.set()

    async def wait_started(self, timeout: float = START_TIMEOUT) -> None:
        """Return at the first frame; :class:`CaptureError` on an error or silence."""
        try:
            await asyncio.wait_for(self._first.wait(), timeout)
        except TimeoutError:
            raise CaptureError(f"no picture or sound within {timeout:.0f} s") from None
        if self.error is not None:
            raise CaptureError(self.error)

    async def recv(self) -> Any:
        while True:
            if self.readyState != "live" or self.error is not None:
                raise MediaStreamError
            if self._frames:
                return self._frames.popleft()
            self._wake.clear()
            await self._wake.wait()

    def stop(self) -> None:
        super().stop()
        self._wake.set()


class VideoSinkTrack(CaptureTrack):
    """The pictures a ``QVideoSink`` receives (from any thread), at most 640×360 and
    ``pacer``'s rate; :class:`CameraTrack` points a camera at the sink."""

    kind = "video"

    def __init__(self, pacer: FramePacer | None = None) -> None:
        super().__init__(keep=2)
        self._pacer = pacer or FramePacer()
        self.sink = QVideoSink()
        # Converted in the thread that emits (the backend's, not the UI's), then handed over.
        self.sink.videoFrameChanged.connect(self._on_frame, Qt.ConnectionType.DirectConnection)

    def _on_frame(self, video_frame: QVideoFrame) -> None:
        if self.readyState != "live":
            return
        pts = self._pacer.next_pts()
        if pts is None:
            return
        image = video_frame.toImage()
        if not image.isNull():
            self._deliver([image_to_frame(image, pts)])

    def stop(self) -> None:
        super().stop()
        with contextlib.suppress(RuntimeError, TypeError):
            self.sink.videoFrameChanged.disconnect(self._on_frame)


class CameraTrack(VideoSinkTrack):
    """``device``'s pictures, at most 640×360 and 15 frames a second."""

    def __init__(self, device: QCameraDevice, pacer: FramePacer | None = None) -> None:
        super().__init__(pacer)
        self.camera = QCamera(device)
        self.session = QMediaCaptureSession()
        self.session.setCamera(self.camera)
        self.session.setVideoSink(self.sink)
        self.camera.errorOccurred.connect(lambda _error, text: self._fail(text))
        if self.camera.error() != QCamera.Error.NoError:
            self._fail(self.camera.errorString())
        else:
            self.camera.start()

    def stop(self) -> None:
        super().stop()
        self.camera.stop()


def capture_format(device: QAudioDevice) -> QAudioFormat:
    """48 kHz s16, mono when the device can, else stereo."""
    fmt = QAudioFormat()
    fmt.setSampleRate(AUDIO_RATE)
    fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    fmt.setChannelCount(1)
    if not device.isFormatSupported(fmt):
        fmt.setChannelCount(2)
    return fmt


class MicrophoneTrack(CaptureTrack):
    """``device``'s sound as 20 ms frames at 48 kHz (mono or stereo s16)."""

    kind = "audio"

    def __init__(self, device: QAudioDevice) -> None:
        super().__init__(keep=50)  # a second at most
        fmt = capture_format(device)
        self.framer = PcmFramer(fmt.channelCount())
        self.source = QAudioSource(device, fmt)
        self.source.stateChanged.connect(self._on_state)
        self._io: QIODevice | None = self.source.start()
        if self._io is None or self.source.error() != QtAudio.Error.NoError:
            self._fail(self._error_text())
        else:
            self._io.readyRead.connect(self._on_ready)

    def _error_text(self) -> str:
        return self.source.error().name

    def _on_ready(self) -> None:
        io = self._io
        if io is None or self.readyState != "live":
            return
        frames = self.framer.push(bytes(io.readAll().data()))
        if frames:
            self._deliver(frames)

    def _on_state(self, state: QtAudio.State) -> None:
        if state == QtAudio.State.StoppedState and self.source.error() != QtAudio.Error.NoError:
            self._fail(self._error_text())

    def stop(self) -> None:
        super().stop()
        io, self._io = self._io, None
        if io is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                io.readyRead.disconnect(self._on_ready)
        self.source.stop()


# --- choosing the sources -------------------------------------------------------------


@dataclass
class Sources:
    """What one's media are made of for one connection."""

    audio: GatedTrack
    video: GatedTrack | None
    #: Which test source stands in for which device, one line each ('' for none).
    note: str
    #: The device ids opened, as :meth:`CaptureDevices.wanted` said.
    wanted: tuple[str | None, str | None]
    #: The capture tracks with their devices.
    capture: list[tuple[Any, CaptureTrack]] = field(default_factory=list)
    devices: CaptureDevices | None = None

    def check_failures(self) -> bool:
        """Whether a device stopped working (it is then marked broken: not tried again)."""
        failed = False
        for device, track in self.capture:
            if track.error is not None and self.devices is not None:
                self.devices.mark_broken(track.kind, device, track.error)
                failed = True
        return failed

    def stop(self) -> None:
        for track in (self.audio, self.video):
            if track is not None:
                track.stop()


async def _start(track: CaptureTrack) -> str | None:
    """None when ``track`` delivers, else why not (the track is then stopped)."""
    try:
        await track.wait_started()
    except CaptureError as exc:
        track.stop()
        return str(exc)
    return None


async def open_sources(
    devices: CaptureDevices,
    tag: int,
    video: bool = True,
    camera_found: Callable[[], bool] | None = None,
) -> Sources:
    """Open the chosen camera (when ``video``) and microphone, or the test sources."""
    camera = devices.camera() if video else None
    if camera is not None and camera_found is not None and not camera_found():
        camera = None
    microphone = devices.microphone()
    tracks: dict[str, tuple[Any, CaptureTrack]] = {}
    if camera is not None:
        tracks["video"] = (camera, CameraTrack(camera))
    if microphone is not None:
        tracks["audio"] = (microphone, MicrophoneTrack(microphone))
    errors = await asyncio.gather(*(_start(track) for _, track in tracks.values()))
    for (kind, (device, _)), error in zip(list(tracks.items()), errors, strict=True):
        if error is not None:
            devices.mark_broken(kind, device, error)
            del tracks[kind]
    audio_source = tracks["audio"][1] if "audio" in tracks else None
    video_source = tracks["video"][1] if "video" in tracks else None
    return Sources(
        audio=GatedTrack(audio_source or ToneAudioTrack(frequency=300.0 + 50 * (tag % 10))),
        video=GatedTrack(video_source or StampedVideoTrack(tag=tag)) if video else None,
        note=devices.notes(video=video, camera_found=camera_found),
        wanted=devices.wanted(),
        capture=list(tracks.values()),
        devices=devices,
    )
