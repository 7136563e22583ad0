"""Turning one's own microphone and camera off without renegotiating.

The relay does not handle a direction change in a renegotiation (``docs/media.md``), so
muting replaces what is sent, not the track: :class:`GatedTrack` passes its source's
frames through while open and, while closed, sends silence (audio: zero samples, so the
RFC 6464 level the encoder stamps is 127 and the relay's speaker detector hears nobody)
or black (video) with the source's timing.  Frame listeners see every frame sent (self-view).
"""

from __future__ import annotations

from collections.abc import Callable

import av
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack


def _silent(frame: av.AudioFrame) -> av.AudioFrame:
    silent = av.AudioFrame(
        format=frame.format.name, layout=frame.layout.name, samples=frame.samples
    )
    for plane in silent.planes:
        plane.update(bytes(plane.buffer_size))
    silent.sample_rate = frame.sample_rate
    silent.pts, silent.time_base = frame.pts, frame.time_base
    return silent


def _black(frame: av.VideoFrame) -> av.VideoFrame:
    black = av.VideoFrame(frame.width, frame.height, "yuv420p")
    luma, u, v = black.planes
    luma.update(bytes([16]) * luma.buffer_size)
    u.update(bytes([128]) * u.buffer_size)
    v.update(bytes([128]) * v.buffer_size)
    black.pts, black.time_base = frame.pts, frame.time_base
    return black


class GatedTrack(MediaStreamTrack):
    """``source``'s frames while :attr:`open`, silence or black while closed."""

    def __init__(self, source: MediaStreamTrack) -> None:
        super().__init__()
        self.kind = source.kind
        self.source = source
        self.open = True
        #: Called with each frame as it is sent (in the event loop).
        self.frame_listeners: list[Callable[[av.AudioFrame | av.VideoFrame], None]] = []

    async def recv(self) -> av.AudioFrame | av.VideoFrame:
        if self.readyState != "live":
            raise MediaStreamError
        frame = await self.source.recv()
        if not isinstance(frame, av.AudioFrame | av.VideoFrame):
            raise MediaStreamError
        if not self.open:
            frame = _silent(frame) if isinstance(frame, av.AudioFrame) else _black(frame)
        for listener in list(self.frame_listeners):
            listener(frame)
        return frame

    def stop(self) -> None:
        super().stop()
        self.source.stop()
