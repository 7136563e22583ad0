"""Capturing one's own camera and microphone: a picture becomes a video frame (size,
pixels, timestamps), microphone bytes become 20 ms audio frames without losing a sample,
the remembered device choice, the test sources and their note on a machine without
devices (this one), a device that fails to start, the "Devices" menu, and choosing
another source in a meeting reconnecting the media through a real server."""

from __future__ import annotations

import asyncio
import fractions
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QImage
from PySide6.QtMultimedia import QAudioDevice, QCameraDevice, QMediaDevices, QVideoFrame

from desktop.client import Client, MeetingSession
from desktop.client.media_sources import StampedVideoTrack, ToneAudioTrack
from desktop.viewmodels.capture_devices import (
    CAMERA_KEY,
    MICROPHONE_KEY,
    TEST_SOURCE,
    CaptureDevices,
)
from desktop.viewmodels.media import MediaViewModel
from desktop.viewmodels.media_capture import (
    CameraTrack,
    CaptureError,
    FramePacer,
    MicrophoneTrack,
    PcmFramer,
    VideoSinkTrack,
    image_to_frame,
    open_sources,
)
from desktop.viewmodels.meeting_room import MeetingRoomViewModel
from desktop.viewmodels.voting import VotingViewModel
from desktop.widgets.meeting_room import MeetingRoomWindow
from desktop.widgets.video_wall import VideoWall, attach_video_wall
from tests.desktop.test_video_wall import close_room, prepare, relay_server, until

NO_CAMERA = "No camera found — using a test source"
NO_MICROPHONE = "No microphone found — using a test source"


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)


def no_devices() -> None:
    if QMediaDevices.videoInputs() or QMediaDevices.audioInputs():
        pytest.skip("this machine has a camera or a microphone")


def two_colours(width: int, height: int) -> QImage:
    """Red on the left half, blue on the right."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(255, 0, 0))
    for x in range(width // 2, width):
        for y in range(height):
            image.setPixelColor(x, y, QColor(0, 0, 255))
    return image


# --- conversion -----------------------------------------------------------------------


def test_a_camera_picture_becomes_a_frame_at_most_640_by_360(qapp: Any) -> None:
    frame = image_to_frame(two_colours(1280, 720), pts=3000)
    assert (frame.width, frame.height) == (640, 360)
    assert frame.format.name == "rgb24"
    assert frame.pts == 3000 and frame.time_base == fractions.Fraction(1, 90000)
    rgb = frame.to_ndarray()
    assert rgb[180, 100].tolist() == [255, 0, 0]
    assert rgb[180, 540].tolist() == [0, 0, 255]
    # A small picture keeps its size and exact pixels; odd sides become even.
    small = image_to_frame(two_colours(320, 240), pts=0).to_ndarray()
    assert small.shape == (240, 320, 3)
    assert small[0, 0].tolist() == [255, 0, 0] and small[239, 319].tolist() == [0, 0, 255]
    odd = image_to_frame(two_colours(1281, 721), pts=0)
    assert odd.width % 2 == 0 and odd.height % 2 == 0 and odd.width <= 640


def test_frames_are_kept_at_15_a_second_with_a_90khz_clock() -> None:
    now = [10.0]
    pacer = FramePacer(15.0, clock=lambda: now[0])
    stamps = []
    for _ in range(60):  # two seconds of a 30 fps camera
        pts = pacer.next_pts()
        if pts is not None:
            stamps.append(pts)
        now[0] += 1 / 30
    assert 29 <= len(stamps) <= 31
    assert stamps[0] == 0
    steps = np.diff(stamps)
    assert (steps > 0).all()
    assert steps.mean() == pytest.approx(6000, rel=0.05)  # 90000 / 15


@pytest.mark.parametrize("channels", [1, 2])
def test_microphone_bytes_become_20ms_frames_without_losing_a_sample(channels: int) -> None:
    framer = PcmFramer(channels)
    total = 48_000 // 2  # half a second, per channel
    pcm = (np.arange(total * channels) % 30_000).astype(np.int16).tobytes()
    frames, offset = [], 0
    for size in (1, 777, 3841, 10, 1919, 5000) * 20:  # chunks cut anywhere, odd sizes too
        frames += framer.push(pcm[offset : offset + size])
        offset += size
        if offset >= len(pcm):
            break
    assert offset >= len(pcm)
    assert len(frames) == total // 960 == 25
    assert [f.pts for f in frames] == [i * 960 for i in range(25)]
    for frame in frames:
        assert frame.samples == 960 and frame.sample_rate == 48_000
        assert frame.format.name == "s16" and len(frame.layout.channels) == channels
        assert frame.time_base == fractions.Fraction(1, 48_000)
    joined = b"".join(bytes(f.planes[0])[: 960 * channels * 2] for f in frames)
    assert joined == pcm


async def test_pictures_reach_the_track_from_the_ui_and_from_another_thread(qapp: Any) -> None:
    track = VideoSinkTrack(FramePacer(1000.0))
    try:
        track.sink.setVideoFrame(QVideoFrame(two_colours(1280, 720)))  # the UI thread
        first = await asyncio.wait_for(track.recv(), 5.0)
        assert (first.width, first.height) == (640, 360)
        worker = threading.Thread(
            target=lambda: track.sink.setVideoFrame(QVideoFrame(two_colours(320, 240)))
        )
        worker.start()  # a multimedia backend may signal from its own thread
        worker.join()
        second = await asyncio.wait_for(track.recv(), 5.0)
        assert (second.width, second.height) == (320, 240) and second.pts > first.pts
        await track.wait_started()
    finally:
        track.stop()


# --- the remembered choice and the test sources ---------------------------------------


def test_the_device_choice_is_remembered(qapp: Any, settings: QSettings) -> None:
    devices = CaptureDevices(settings)
    assert (devices.camera_choice, devices.microphone_choice) == ("", "")
    changes: list[bool] = []
    devices.changed.connect(lambda: changes.append(True))
    devices.choose_camera("usb-cam-0")
    devices.choose_microphone(TEST_SOURCE)
    assert len(changes) == 2
    again = CaptureDevices(QSettings(settings.fileName(), QSettings.Format.IniFormat))
    assert (again.camera_choice, again.microphone_choice) == ("usb-cam-0", TEST_SOURCE)
    assert settings.value(CAMERA_KEY) == "usb-cam-0" and settings.value(MICROPHONE_KEY) == "test"
    assert again.microphone() is None  # the test source, whatever is plugged in
    cameras = QMediaDevices.videoInputs()
    # The remembered camera is gone: the default one (none on a machine without any).
    if cameras:
        assert again.camera() is not None
    else:
        assert again.camera() is None


async def test_without_devices_the_test_sources_are_used_and_said(
    qapp: Any, settings: QSettings
) -> None:
    no_devices()
    devices = CaptureDevices(settings)
    assert devices.cameras() == [] and devices.microphones() == []
    assert devices.notes().splitlines() == [NO_CAMERA, NO_MICROPHONE]
    sources = await open_sources(devices, tag=7)
    try:
        assert isinstance(sources.audio.source, ToneAudioTrack)
        assert sources.video is not None and isinstance(sources.video.source, StampedVideoTrack)
        assert sources.note.splitlines() == [NO_CAMERA, NO_MICROPHONE]
        assert (await sources.video.recv()).width > 0  # the meeting goes on with them
        assert (await sources.audio.recv()).samples == 960
    finally:
        sources.stop()
    audio_only = await open_sources(devices, tag=7, video=False)
    assert audio_only.video is None and audio_only.note == NO_MICROPHONE
    audio_only.stop()
    devices.choose_camera(TEST_SOURCE)
    assert devices.notes().splitlines()[0] == "Test source chosen instead of the camera"


async def test_a_device_that_fails_reports_an_error_instead_of_hanging(qapp: Any) -> None:
    camera = CameraTrack(QCameraDevice())
    with pytest.raises(CaptureError):
        await asyncio.wait_for(camera.wait_started(timeout=3.0), 5.0)
    assert camera.error
    camera.stop()
    microphone = MicrophoneTrack(QAudioDevice())
    with pytest.raises(CaptureError):
        await asyncio.wait_for(microphone.wait_started(timeout=3.0), 5.0)
    microphone.stop()


class BrokenCamera(CaptureDevices):
    """Reports one camera that cannot be opened (a null device: QtMultimedia refuses it)."""

    def camera(self) -> QCameraDevice | None:
        return None if "" in self.broken or self.camera_choice == TEST_SOURCE else QCameraDevice()


async def test_a_camera_that_fails_to_start_gives_way_to_the_test_source(
    qapp: Any, settings: QSettings
) -> None:
    devices = BrokenCamera(settings)
    sources = await open_sources(devices, tag=1)
    try:
        assert sources.video is not None and isinstance(sources.video.source, StampedVideoTrack)
        first = sources.note.splitlines()[0]
        assert first.startswith("The camera could not be started (")
        assert first.endswith(") — using a test source")
        assert devices.camera() is None  # not tried again in this run …
        devices.choose_camera("")  # … until chosen again
        assert devices.camera() is not None
    finally:
        sources.stop()


# --- the menu and a meeting -----------------------------------------------------------


def test_the_devices_menu_lists_what_the_machine_has(qapp: Any, settings: QSettings) -> None:
    devices = CaptureDevices(settings)
    vm = MediaViewModel(
        Client("ws://127.0.0.1:9"),
        MeetingSession(1, True),
        asyncio.ensure_future,
        devices=devices,
    )
    wall = VideoWall(vm)
    button = wall.devices_button
    assert button.text() == "Devices" and "Ctrl+Shift+I" in button.toolTip()
    cameras = [d.description() for d in QMediaDevices.videoInputs()]
    microphones = [d.description() for d in QMediaDevices.audioInputs()]
    entries = button.entries()
    assert [text for section, text, _ in entries if section == "Camera"] == [
        *cameras,
        "Test source",
    ]
    assert [text for section, text, _ in entries if section == "Microphone"] == [
        *microphones,
        "Test source",
    ]
    assert sum(checked for section, _, checked in entries if section == "Camera") == 1
    if not cameras and not microphones:
        assert all(checked for _, _, checked in entries)  # only the test sources
        assert wall.note_label.text().splitlines() == [NO_CAMERA, NO_MICROPHONE]
    test_camera = next(
        a for a in button.device_menu.actions() if a.objectName() == f"camera:{TEST_SOURCE}"
    )
    test_camera.trigger()
    assert settings.value(CAMERA_KEY) == TEST_SOURCE
    assert wall.note_label.text().splitlines()[0] == "Test source chosen instead of the camera"


async def test_choosing_a_source_in_a_meeting_reconnects_the_media_when_it_changes(
    database_url: str, tmp_path: Path, settings: QSettings, qtbot: Any
) -> None:
    async with relay_server(database_url, tmp_path / "data") as live:
        cast = prepare(live)
        async with live.client("chutri") as chair:
            session = await chair.join(cast["mid"])
            run = asyncio.ensure_future
            window = MeetingRoomWindow(
                MeetingRoomViewModel(chair, session, run), VotingViewModel(chair, session, run)
            )
            devices = BrokenCamera(settings)
            wall = attach_video_wall(window, MediaViewModel(chair, session, run, devices=devices))
            window.show()
            vm, me = wall.vm, cast["chair"]
            try:
                # The camera fails to start: the test source, the meeting goes on, it says why.
                await until(lambda: vm.state == "connected" and vm.image(me) is not None, 15)
                assert wall.note_label.text().startswith("The camera could not be started (")
                assert isinstance(vm.media.video.source, StampedVideoTrack)
                # Choosing it again tries it again: the media reconnect.
                first = vm.media
                devices.choose_camera("")
                await until(lambda: vm.media not in (None, first) and vm.state == "connected", 15)
                assert wall.note_label.text().startswith("The camera could not be started (")
                # The test source chosen: nothing sent changes, so no reconnection; the note.
                second = vm.media
                devices.choose_camera(TEST_SOURCE)
                assert wall.note_label.text().splitlines()[0] == (
                    "Test source chosen instead of the camera"
                )
                shown: list[int] = []
                vm.frame_ready.connect(shown.append)
                await until(lambda: me in shown, 10)  # the self-view goes on
                assert vm.media is second and vm.state == "connected"
            finally:
                await close_room(window, wall)
