"""The chair's audio/video controls and the recording indicator on the video wall: a real
server with the media relay on loopback, real meeting rooms and walls for the chair and
members, the controls used as a user would (the tile's menu, the buttons' shortcuts)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from desktop.widgets.media_controls import MediaControls
from desktop.widgets.video_wall import VideoWall
from protocol import media as pm
from server.transport.media.relay import RelayConfig
from tests.desktop.test_video_wall import close_room, open_room, until
from tests.integration.conftest import LiveServer
from tests.integration.test_media import cast, media_server

__all__ = ["cast"]  # the meeting of test_media.py: a chair and two members, started


@pytest.fixture
async def live(database_url: str, tmp_path: Path) -> AsyncIterator[LiveServer]:
    """A server with the media relay (one forwarding mode: the wall does not care)."""
    async with media_server(
        database_url, tmp_path / "data", RelayConfig(max_video_bitrate=400_000)
    ) as server:
        yield server


pytestmark = pytest.mark.timeout(90)


def controls_of(wall: VideoWall) -> MediaControls:
    found = wall.findChild(MediaControls)
    assert found is not None, "attach_video_wall gives the wall its media controls"
    return found


def menu_action(controls: MediaControls, participant_id: int, name: str) -> QAction:
    menu = controls.menu_for(participant_id)
    assert menu is not None
    action = menu.findChild(QAction, name)
    assert action is not None
    return action


def tile_of(wall: VideoWall, participant_id: int) -> Any:
    return next((t for t in wall.vm.tiles if t.participant_id == participant_id), None)


async def test_the_chair_mutes_a_member_from_the_tile_menu(
    live: LiveServer, cast: dict[str, int], qtbot: Any
) -> None:
    mid, a = cast["mid"], cast["a"]
    async with live.client("chutich") as chair, live.client("botruong_a") as member:
        chair_window, chair_wall = await open_room(chair, mid)
        member_window, member_wall = await open_room(member, mid)
        controls = controls_of(chair_wall)
        # Both pictures flow: the media are negotiated (an answer to an offer still out
        # would overwrite the client's list of muted tracks).
        await until(lambda: chair_wall.vm.image(a) is not None, 20)
        await until(lambda: member_wall.vm.image(cast["chair"]) is not None, 20)
        assert controls.vm.may_moderate and all(b.isVisible() for b in controls.chair_buttons)
        assert controls.menu_for(cast["chair"]) is None, "no menu on one's own tile"

        microphone = menu_action(controls, a, "tile_microphone")
        assert microphone.text() == "Turn microphone off"
        assert menu_action(controls, a, "tile_camera").text() == "Turn camera off"
        microphone.trigger()
        await until(lambda: tile_of(chair_wall, a).audio_muted or bool(controls.message.text()))
        assert controls.message.text() == "", "no error"
        assert tile_of(chair_wall, a).audio_muted
        assert "Microphone off" in chair_wall.tiles[a].marks()
        # The member's app follows: its microphone is off and its own tile says so.
        await until(lambda: not member_wall.vm.microphone_on)
        assert tile_of(member_wall, a).audio_muted
        assert "media.muted" in {t for _, t in live.domain.events(mid)}, "logged"

        # The menu now offers the opposite; the camera is muted the same way.
        menu_action(controls, a, "tile_camera").trigger()
        await until(lambda: tile_of(chair_wall, a).video_muted)
        unmute = menu_action(controls, a, "tile_microphone")
        assert unmute.text() == "Turn microphone on"
        assert menu_action(controls, a, "tile_camera").text() == "Turn camera on"
        unmute.trigger()
        await until(lambda: not tile_of(chair_wall, a).audio_muted)
        await until(lambda: member_wall.vm.microphone_on)
        assert controls.message.text() == ""
        for window, wall in ((chair_window, chair_wall), (member_window, member_wall)):
            await close_room(window, wall)


async def test_everyone_sees_the_recording_while_the_chair_records(
    live: LiveServer, cast: dict[str, int], qtbot: Any
) -> None:
    mid = cast["mid"]
    async with (
        live.client("chutich") as chair,
        live.client("botruong_a") as member,
        live.client("botruong_b") as late,
    ):
        chair_window, chair_wall = await open_room(chair, mid)
        member_window, member_wall = await open_room(member, mid)
        chair_controls, seen = controls_of(chair_wall), controls_of(member_wall)
        assert not seen.indicator.isVisible()
        record = chair_controls.record_action
        assert record.text() == "Record" and record.isEnabled()
        assert record.shortcut().toString() == "Ctrl+Alt+R"

        before = datetime.now().astimezone()
        chair_window.activateWindow()
        await until(lambda: QApplication.activeWindow() is chair_window, 5)
        qtbot.keyClick(
            chair_window,
            Qt.Key.Key_R,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
        )
        await until(lambda: seen.indicator.isVisible() or bool(chair_controls.message.text()), 20)
        assert chair_controls.message.text() == ""
        assert seen.indicator.isVisible()
        after = datetime.now().astimezone()
        assert seen.indicator.text() in {f"● Recording (since {t:%H:%M})" for t in (before, after)}
        assert seen.indicator.styleSheet().count("#c0392b") == 1, "red"
        assert seen.vm.file_name.endswith(".webm") and seen.vm.file_name in seen.indicator.toolTip()
        await until(lambda: record.text() == "Stop recording")
        assert chair_controls.indicator.isVisible()

        # Whoever joins while the meeting is recorded sees it at once, with the same time.
        late_window, late_wall = await open_room(late, mid, audio_only=True)
        late_controls = controls_of(late_wall)
        await until(lambda: late_controls.indicator.isVisible())
        assert late_controls.indicator.text() == seen.indicator.text()

        # Stopped once something is in the file (an empty recording is a server matter).
        assert live.transport.media is not None
        recorder = live.transport.media.recordings.running[mid].recorder
        await until(lambda: recorder.written["video"] > 0, 30)
        record.trigger()
        await until(
            lambda: not seen.indicator.isVisible() and not late_controls.indicator.isVisible(), 20
        )
        await until(lambda: record.text() == "Record")
        types = [t for _, t in live.domain.events(mid)]
        assert types.count("media.recording_started") == types.count("media.recording_stopped") == 1
        for window, wall in (
            (chair_window, chair_wall),
            (member_window, member_wall),
            (late_window, late_wall),
        ):
            await close_room(window, wall)


async def test_a_member_sees_no_chair_controls(
    live: LiveServer, cast: dict[str, int], qtbot: Any
) -> None:
    mid, chair_id = cast["mid"], cast["chair"]
    async with live.client("chutich") as chair, live.client("botruong_a") as member:
        chair_window, chair_wall = await open_room(chair, mid)
        member_window, member_wall = await open_room(member, mid)
        controls = controls_of(member_wall)
        await until(lambda: chair_id in member_wall.tiles, 20)
        assert not controls.vm.may_moderate
        assert not any(b.isVisible() for b in controls.chair_buttons)
        assert not controls.record_action.isEnabled()
        assert not controls.mute_all_action.isEnabled()
        assert controls.menu_for(chair_id) is None
        # Right-clicking the chair's tile opens nothing.
        tile = member_wall.tiles[chair_id]
        tile.customContextMenuRequested.emit(tile.rect().center())
        assert controls.menu is None
        # Asked anyway (e.g. by a stray call), the view model says why and sends nothing.
        controls.vm.mute(chair_id, "audio")
        assert controls.message.text() == (
            "Only the chair can control participants' audio, video and recording."
        )
        assert controls.isVisible()
        assert "media.muted" not in {t for _, t in live.domain.events(mid)}
        for window, wall in ((chair_window, chair_wall), (member_window, member_wall)):
            await close_room(window, wall)


async def test_a_top_secret_meeting_cannot_be_recorded(live: LiveServer, qtbot: Any) -> None:
    d = live.domain
    sec = d.user("thuky", ["secretariat"])
    chair = d.user("chutich", ["chair"])
    member = d.user("botruong_a", ["member"])
    mid = d.meeting(sec, chair=chair, members=[member], classification="toi_mat", start=True)
    async with live.client("chutich") as client:
        window, wall = await open_room(client, mid, audio_only=True)
        controls = controls_of(wall)
        record = controls.record_action
        assert controls.chair_buttons[1].isVisible() and not record.isEnabled()
        assert "26/2020/NĐ-CP" in record.toolTip()
        assert "26/2020/NĐ-CP" in controls.chair_buttons[1].toolTip()
        assert controls.mute_all_action.isEnabled(), "muting is still the chair's"
        # The server's refusal, if asked directly, becomes the same clear sentence.
        controls.vm._send(pm.MediaRecordStart)
        await until(lambda: "26/2020/NĐ-CP" in controls.message.text())
        assert "Tối mật" in controls.message.text()
        assert "media.recording_started" not in {t for _, t in d.events(mid)}
        await close_room(window, wall)
