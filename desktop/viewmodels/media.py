"""A meeting's audio and video for the room window: the tiles of the video wall, the
latest picture of each, one's own microphone and camera, and a media connection that
fails without taking the meeting with it.

Wraps :class:`desktop.client.media.MediaSession` (imported lazily: without aiortc the
room works as before and says why there is no video).  The chosen camera and microphone
(``capture_devices.py``, ``media_capture.py``) are captured, or synthetic sources stand
in with a note saying why; choosing another device reconnects the media.  Muting
closes a :class:`~desktop.client.media_gate.GatedTrack` (silence / black frames on the
same connection) rather than renegotiating, which the relay does not support yet.

The tiles themselves are worked out in ``media_tiles.py``.  Decoded frames become
``QImage`` copies on a worker thread, at most ``max_fps`` per tile
and one conversion in flight per tile; ``frame_ready(participant_id)`` then says that
:meth:`MediaViewModel.image` has a new picture.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QImage

from desktop.client import Client, MeetingSession
from desktop.viewmodels.audio_playback import AudioPlayback
from desktop.viewmodels.capture_devices import CaptureDevices
from desktop.viewmodels.media_tiles import Tile, build_tiles, to_qimage
from desktop.viewmodels.session import Runner, readable_error
from protocol.media import MediaUnavailable
from protocol.meeting_state import MeetingState

log = logging.getLogger("ecabinet.desktop.media")

#: Seconds to wait before each new attempt after a media failure (the last repeats).
BACKOFF = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
_POLL = 0.25  # how often tiles and the connection are looked at


def _tr(text: str) -> str:
    return QCoreApplication.translate("Media", text)


STATE_LABELS = {
    "waiting": "Audio and video start when the meeting begins.",
    "connecting": "Connecting audio and video…",
    "connected": "Audio and video connected",
    "retrying": "Audio and video lost — retrying…",
    "unavailable": "Audio and video are not available; the meeting goes on without them.",
    "stopped": "Audio and video off",
}


class MediaViewModel(QObject):
    tiles_changed = Signal()
    #: A new picture for this participant's tile (:meth:`image`).
    frame_ready = Signal(int)
    #: ``(state, label)``: waiting, connecting, connected, retrying, unavailable, stopped.
    media_state_changed = Signal(str, str)
    microphone_changed = Signal(bool)
    camera_changed = Signal(bool)
    audio_only_changed = Signal(bool)
    source_note_changed = Signal(str)

    def __init__(
        self,
        client: Client,
        session: MeetingSession,
        run: Runner,
        *,
        audio_only: bool = False,
        read_stamps: bool = False,
        max_fps: float = 25.0,
        backoff: Sequence[float] = BACKOFF,
        camera_found: Callable[[], bool] | None = None,
        playback: AudioPlayback | None = None,
        devices: CaptureDevices | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        #: Plays the others' voices (``desktop/viewmodels/audio_playback.py``).
        self.playback = playback if playback is not None else AudioPlayback(parent=self)
        self._client = client
        self._session = session
        self._run = run
        self._audio_only = audio_only
        self._read_stamps = read_stamps
        self._interval = 1.0 / max_fps
        self._backoff = tuple(backoff) or BACKOFF
        self.microphone_on = True
        self.camera_on = True
        #: The camera and microphone to capture (``camera_found`` False: no camera).
        self.devices = devices if devices is not None else CaptureDevices(parent=self)
        self.devices.changed.connect(self._on_devices_changed)
        self._camera_found = camera_found
        #: Which test source stands in for which device (shown under the wall).
        self.source_note = self.devices.notes(video=not audio_only, camera_found=camera_found)
        self._sources: Any = None
        self.state = "stopped"
        self.state_text = _tr(STATE_LABELS["stopped"])
        #: The running :class:`~desktop.client.media.MediaSession` (None between attempts).
        self.media: Any = None
        self._gates: dict[str, Any] = {}
        self._images: dict[int, QImage] = {}
        self._busy: set[int] = set()
        self._last: dict[int, float] = {}
        self._tiles: list[Tile] = []
        self._chair_muted_me = False
        self._pool: ThreadPoolExecutor | None = None
        self._task: Any = None
        self._restart = False
        self._stopping = False

    # --- what the wall shows ----------------------------------------------------------

    @property
    def me(self) -> int | None:
        return self._client.user.id if self._client.user is not None else None

    @property
    def audio_only(self) -> bool:
        return self._audio_only

    @property
    def tiles(self) -> list[Tile]:
        return list(self._tiles)

    def image(self, participant_id: int) -> QImage | None:
        """The latest picture of ``participant_id`` (None before the first frame)."""
        return self._images.get(participant_id)

    # --- lifecycle --------------------------------------------------------------------

    def start(self) -> None:
        """Connect the meeting's media and keep it connected until :meth:`stop`."""
        if self._task is not None:
            return
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="video-frames")
        self.playback.start()
        self._stopping = False
        self._task = self._run(self._supervise())

    def stop(self) -> None:
        """Leave the meeting's media (the window is closing)."""
        task, self._task = self._task, None
        self._stopping = True  # Python < 3.12 wait_for can swallow the cancel below
        if isinstance(task, asyncio.Future):
            task.cancel()
        self.playback.stop()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    async def aclose(self) -> None:
        """:meth:`stop`, and wait until the media connection is closed."""
        task = self._task
        self.stop()
        for _ in range(10):
            if not isinstance(task, asyncio.Future) or task.done():
                break
            task.cancel()
            await asyncio.wait([task], timeout=1.0)

    # --- one's own microphone and camera -----------------------------------------------

    def set_microphone(self, on: bool) -> None:
        self.microphone_on = on
        gate = self._gates.get("audio")
        if gate is not None:
            gate.open = on
        self._tell_off("audio", not on)
        self.microphone_changed.emit(on)
        self._refresh_tiles()

    def toggle_microphone(self) -> None:
        self.set_microphone(not self.microphone_on)

    def set_camera(self, on: bool) -> None:
        self.camera_on = on
        gate = self._gates.get("video")
        if gate is not None:
            gate.open = on
        self._tell_off("video", not on)
        me = self.me
        if not on and me is not None:
            self._images.pop(me, None)
            self.frame_ready.emit(me)
        self.camera_changed.emit(on)
        self._refresh_tiles()

    def _tell_off(self, kind: str, off: bool) -> None:
        """Show the others that one's ``kind`` is off (or on): their tiles mark it."""
        media = self.media
        if media is not None:
            self._run(self._quietly(media.turn_off(kind, off)))

    @staticmethod
    async def _quietly(call: Any) -> None:
        try:
            await call
        except Exception as exc:  # the connection dropped: told again on the next offer
            log.info("could not tell the meeting about one's own microphone/camera: %s", exc)

    def toggle_camera(self) -> None:
        self.set_camera(not self.camera_on)

    def set_audio_only(self, on: bool) -> None:
        """Send no video and show none; the media are offered again."""
        if on == self._audio_only:
            return
        self._audio_only = on
        self._restart = True
        if on:
            self._images.clear()
        self.audio_only_changed.emit(on)
        self._refresh_tiles()

    def _on_devices_changed(self) -> None:
        """Another device chosen or plugged in: reconnect when it changes what is sent."""
        sources = self._sources
        if sources is not None and sources.wanted != self.devices.wanted():
            self._restart = True
        else:
            video = not self._audio_only
            self._set_note(self.devices.notes(video=video, camera_found=self._camera_found))

    def _set_note(self, text: str) -> None:
        if text != self.source_note:
            self.source_note = text
            self.source_note_changed.emit(text)

    # --- the connection ---------------------------------------------------------------

    def _set_state(self, state: str) -> None:
        if state == self.state:
            return
        self.state = state
        self.state_text = _tr(STATE_LABELS[state])
        with contextlib.suppress(RuntimeError):  # the window is gone
            self.media_state_changed.emit(state, self.state_text)
            self._refresh_tiles()

    def _may_join(self) -> bool:
        view = self._session.view
        return (
            self._client.state == "connected"
            and self._session.attend
            and not self._session.lobby
            and view is not None
            and view.state == MeetingState.IN_PROGRESS
        )

    async def _supervise(self) -> None:
        failures = 0
        try:
            while not self._stopping:
                if not self._may_join():
                    if self.state != "retrying":
                        self._set_state("waiting")
                    await asyncio.sleep(_POLL)
                    continue
                self._set_state("connecting")
                self._restart = False
                try:
                    await self._open()
                except MediaUnavailable as exc:
                    await self._close()
                    log.warning("media unavailable: %s", exc.message)
                    self._set_state("unavailable")
                    return
                except ImportError as exc:
                    log.warning("media unavailable: %s", exc)
                    self._set_state("unavailable")
                    return
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    log.warning("media connection failed: %s", readable_error(exc))
                    await self._close()
                    self._set_state("retrying")
                    await asyncio.sleep(self._backoff[min(failures, len(self._backoff) - 1)])
                    failures += 1
                    continue
                failures = 0
                self._set_state("connected")
                await self._watch()
                await self._close()
                if not self._restart:
                    self._set_state("retrying")
                    await asyncio.sleep(self._backoff[0])
        finally:
            await self._close()
            if self.state != "unavailable":
                self._set_state("stopped")

    async def _open(self) -> None:
        from desktop.client.media import MediaSession
        from desktop.viewmodels.media_capture import open_sources

        args = (self.devices, self.me or 0, not self._audio_only, self._camera_found)
        self._sources = sources = await open_sources(*args)
        self._set_note(sources.note)
        audio, video = sources.audio, sources.video
        audio.open = self.microphone_on
        self._gates = {"audio": audio}
        if video is not None:
            video.open = self.camera_on
            video.frame_listeners.append(self._on_own_frame)
            self._gates["video"] = video
        media = MediaSession(
            self._client,
            self._session.meeting_id,
            video=video,
            audio=audio,
            read_stamps=self._read_stamps,
        )
        media.own_off = {"audio": not self.microphone_on, "video": not self.camera_on}
        self.media = media
        media.frame_listeners.append(self._on_remote_frame)
        await media.start()
        await media.wait_connected()
        self._refresh_tiles()

    async def _watch(self) -> None:
        """Return when the media connection needs to be made again."""
        media = self.media
        while not self._restart:
            await asyncio.sleep(_POLL)
            if media.pc.connectionState in ("failed", "closed"):
                log.warning("media connection %s", media.pc.connectionState)
                return
            if self._client.state != "connected":
                # The relay drops a peer whose websocket closed: offer again once back.
                await self._wait_reconnected()
                return
            if self._sources is not None and self._sources.check_failures():
                self._restart = True  # a device stopped: the test source takes over
            self._follow_chair_mute()
            self._refresh_tiles()

    async def _wait_reconnected(self) -> None:
        self._set_state("retrying")
        while self._client.state != "connected":
            await asyncio.sleep(_POLL)

    async def _close(self) -> None:
        media, self.media = self.media, None
        sources, self._sources = self._sources, None
        self._gates = {}
        if sources is not None:
            sources.stop()  # a sender does not stop its track: release the devices
        if media is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(media.close(), 5.0)
        with contextlib.suppress(RuntimeError):
            self._refresh_tiles()

    def _follow_chair_mute(self) -> None:
        """The chair muted or unmuted me: turn the microphone off or on to match."""
        me = self.me
        muted = self.media is not None and (me, "audio") in self.media.muted
        if muted != self._chair_muted_me:
            self._chair_muted_me = muted
            self.set_microphone(not muted)

    # --- frames -----------------------------------------------------------------------

    def _on_remote_frame(self, remote: Any) -> None:
        if remote.kind == "audio" and remote.user_id is not None:
            self.playback.push(remote.user_id, remote.latest)
        if remote.kind == "video" and remote.user_id is not None and not self._audio_only:
            self._convert(remote.user_id, remote.latest)

    def _on_own_frame(self, frame: Any) -> None:
        me = self.me
        if me is not None and self.camera_on:
            self._convert(me, frame)

    def _convert(self, participant_id: int, frame: Any) -> None:
        now = time.monotonic()
        pool = self._pool
        if (
            pool is None
            or frame is None
            or participant_id in self._busy
            or now - self._last.get(participant_id, 0.0) < self._interval
        ):
            return
        self._busy.add(participant_id)
        self._last[participant_id] = now
        future = asyncio.get_running_loop().run_in_executor(pool, to_qimage, frame)
        future.add_done_callback(lambda f: self._on_converted(participant_id, f))

    def _on_converted(self, participant_id: int, future: asyncio.Future[QImage]) -> None:
        self._busy.discard(participant_id)
        if future.cancelled() or future.exception() is not None or self._pool is None:
            return
        if self._audio_only or (participant_id == self.me and not self.camera_on):
            return
        self._images[participant_id] = future.result()
        with contextlib.suppress(RuntimeError):
            self.frame_ready.emit(participant_id)

    # --- tiles ------------------------------------------------------------------------

    def _refresh_tiles(self) -> None:
        tiles = self._build_tiles()
        if tiles != self._tiles:
            self._tiles = tiles
            self.tiles_changed.emit()

    def _build_tiles(self) -> list[Tile]:
        if self.state == "unavailable":
            return []
        return build_tiles(
            self._session.view,
            self.me,
            self.media,
            microphone_on=self.microphone_on,
            camera_on=self.camera_on,
            audio_only=self._audio_only,
        )
