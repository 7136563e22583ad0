"""The video wall in the meeting room: a real server with the media relay on loopback,
two participants with real view models, synthetic sources whose frames carry their
sender's stamped number, and the room without a relay."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtWidgets import QApplication
from websockets.asyncio.server import serve

from desktop.client import Client
from desktop.client.media_sources import audio_level
from desktop.viewmodels.media import MediaViewModel
from desktop.viewmodels.meeting_room import MeetingRoomViewModel
from desktop.viewmodels.voting import VotingViewModel
from desktop.widgets.meeting_room import MeetingRoomWindow
from desktop.widgets.video_wall import BACKGROUND, VideoWall, attach_video_wall
from protocol import agenda
from protocol import media as pm
from server.app import WS_MAX_SIZE
from server.domain import events as event_log
from server.domain import meetings as meeting_service
from server.transport.connection import Transport
from server.transport.media.relay import Relay, RelayConfig
from tests.harness import Domain
from tests.integration.conftest import LiveServer, live_server

pytestmark = pytest.mark.timeout(60)


@contextlib.asynccontextmanager
async def relay_server(
    database_url: str, data_dir: Path, config: RelayConfig | None = None
) -> AsyncIterator[LiveServer]:
    domain = Domain(database_url, data_dir)
    await domain.runner.run(meeting_service.startup)
    epoch = await domain.runner.run(event_log.epoch)
    relay = Relay(domain.runner, config or RelayConfig(max_video_bitrate=400_000))
    transport = Transport(domain.runner, epoch, media=relay)
    try:
        async with serve(transport.handler, "127.0.0.1", 0, max_size=WS_MAX_SIZE) as server:
            port = next(iter(server.sockets)).getsockname()[1]
            yield LiveServer(f"ws://127.0.0.1:{port}", domain, transport)
            await relay.shutdown()
    finally:
        domain.close()


def prepare(live: LiveServer) -> dict[str, int]:
    d = live.domain
    sec = d.user("thuky", ["secretariat"], full_name="Trần Thị Thư")
    chair = d.user("chutri", ["chair"], full_name="Lê Minh Chính")
    member = d.user("bokhdt", ["member"], full_name="Phạm Quốc Hưng")
    mid = d.meeting(sec, chair=chair, members=[member], start=True)
    d.do(sec, agenda.AgendaAddItem, meeting_id=mid, title="Báo cáo tình hình kinh tế - xã hội")
    return {"mid": mid, "chair": chair.user_id, "member": member.user_id}


async def until(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait for the network while Qt delivers its events."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("condition not reached in time")
        QApplication.processEvents()
        await asyncio.sleep(0.02)
    QApplication.processEvents()


async def open_room(client: Client, mid: int, **media: Any) -> tuple[MeetingRoomWindow, VideoWall]:
    session = await client.join(mid)
    run = asyncio.ensure_future
    window = MeetingRoomWindow(
        MeetingRoomViewModel(client, session, run), VotingViewModel(client, session, run)
    )
    vm = MediaViewModel(client, session, run, parent=window, camera_found=lambda: False, **media)
    wall = attach_video_wall(window, vm)
    window.resize(1280, 800)
    window.show()
    return window, wall


async def close_room(window: MeetingRoomWindow, wall: VideoWall) -> None:
    await wall.vm.aclose()
    window.close()
    window.deleteLater()
    QApplication.processEvents()


def tile_of(vm: Any, participant_id: int) -> Any:
    return next(t for t in vm.tiles if t.participant_id == participant_id)


def picture_in_the_middle(image: QImage) -> bool:
    """The centre of a painted tile shows a varied picture, not the empty background."""
    w, h = image.width(), image.height()
    xs = range(int(w * 0.35), int(w * 0.65), max(1, w // 60))
    ys = range(int(h * 0.2), int(h * 0.5), max(1, h // 60))
    pixels = [image.pixel(x, y) for x in xs for y in ys]
    background = sum(p == BACKGROUND.rgb() for p in pixels)
    return len(set(pixels)) > 10 and background < len(pixels) / 10


def on_screen(wall: VideoWall) -> list[QRect]:
    """The wall's tiles shown, as rectangles in the wall."""
    return [
        QRect(view.mapTo(wall, QPoint(0, 0)), view.size())
        for view in wall.tiles.values()
        if view.isVisible()
    ]


def readable(wall: VideoWall) -> bool:
    """No tile covers another or leaves the tile area; the switches below are visible,
    their text whole ("Microphone on", not "Mi…on")."""
    tiles = on_screen(wall)
    area = wall.tile_area.geometry()
    if any(not area.contains(r) or r.height() < 30 for r in tiles):
        return False
    if any(a.intersects(b) for i, a in enumerate(tiles) for b in tiles[i + 1 :]):
        return False
    return all(
        b.isVisible()
        and b.height() > 10
        and b.width() >= b.sizeHint().width()
        and b.mapTo(wall, QPoint(0, 0)).y() > area.bottom()
        for b in wall.buttons
    )


async def test_the_chair_sees_the_member_and_ctrl_d_silences_the_member(
    database_url: str, tmp_path: Path, qtbot: Any
) -> None:
    async with relay_server(database_url, tmp_path / "data") as live:
        cast = prepare(live)
        mid, member_id, chair_id = cast["mid"], cast["member"], cast["chair"]
        async with live.client("chutri") as chair, live.client("bokhdt") as member:
            chair_window, chair_wall = await open_room(chair, mid, read_stamps=True)
            member_window, member_wall = await open_room(member, mid)
            vm = chair_wall.vm
            assert chair_wall.note_label.text().splitlines()[0] == (
                "No camera found — using a test source"
            )
            await until(lambda: vm.image(member_id) is not None, 15)
            assert vm.state == "connected" and not chair_wall.banner.isVisible()
            tiles = {t.participant_id: t for t in vm.tiles}
            assert tiles[chair_id].is_me and tiles[member_id].name == "Phạm Quốc Hưng"
            assert tiles[member_id].has_video and not tiles[member_id].audio_muted

            # The member's tile paints their moving picture, whose stamped number grows.
            tile = chair_wall.tiles[member_id]
            await until(lambda: tile.isVisible() and tile.width() > 100)
            assert picture_in_the_middle(tile.grab().toImage()), "a picture, not a blank tile"
            received = vm.media.receiving(member_id, "video")
            first = received.stamps[-1][1]
            await until(lambda: received.stamps[-1][1] > first + 5)
            assert all(tag == member_id for tag, _, _ in received.stamps)
            assert chair_id in chair_wall.tiles, "self-view"
            await until(lambda: vm.image(chair_id) is not None)
            # Both ways: the member's window shows the chair's picture.
            await until(lambda: member_wall.vm.image(chair_id) is not None, 15)

            # Ctrl+D on the member's wall: their own tile and the chair's say so, and the
            # chair hears nothing of them (the relay no longer forwards that microphone).
            levels: list[float] = []

            def hear(remote: Any) -> None:
                if remote.kind == "audio" and remote.user_id == member_id:
                    levels.append(audio_level(remote.latest))

            vm.media.frame_listeners.append(hear)
            await until(lambda: len(levels) > 10 and levels[-1] > 0.03)
            action = member_wall.microphone_action
            assert action.shortcut() == QKeySequence("Ctrl+D")
            assert member_wall.camera_action.shortcut() == QKeySequence("Ctrl+E")
            member_window.activateWindow()
            qtbot.keyClick(member_window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
            assert not member_wall.vm.microphone_on and action.text() == "Microphone off"
            me = next(t for t in member_wall.vm.tiles if t.is_me)
            assert me.audio_muted
            assert "Microphone off" in member_wall.tiles[member_id].marks()
            await until(lambda: tile_of(vm, member_id).audio_muted)
            await until(lambda: "Microphone off" in chair_wall.tiles[member_id].marks())
            await asyncio.sleep(1.0)  # what was already on its way arrives
            levels.clear()
            await asyncio.sleep(1.0)
            assert not [level for level in levels if level >= 0.003], "nothing audible"
            action.trigger()
            assert member_wall.vm.microphone_on
            await until(lambda: bool(levels) and levels[-1] > 0.03)
            await until(lambda: not tile_of(vm, member_id).audio_muted)

            # The camera off: the member's own tile shows no picture.
            qtbot.keyClick(member_window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
            assert not member_wall.vm.camera_on
            own = member_wall.tiles[member_id]
            assert "Camera off" in own.marks()
            assert not picture_in_the_middle(own.grab().toImage())
            assert not next(t for t in member_wall.vm.tiles if t.is_me).has_video
            assert member_wall.vm.image(member_id) is None
            await until(lambda: tile_of(vm, member_id).video_muted)
            assert not tile_of(vm, member_id).has_video, "the chair's tile shows no picture"

            # The chair mutes the member: the member's app turns its microphone off.
            await chair.call(pm.MediaMute, meeting_id=mid, user_id=member_id, kind="audio")
            await until(lambda: not member_wall.vm.microphone_on)
            await until(lambda: vm.tiles[-1].audio_muted)
            await chair.call(pm.MediaUnmute, meeting_id=mid, user_id=member_id, kind="audio")
            await until(lambda: member_wall.vm.microphone_on)

            # Audio only: the member offers again without video; the chair's tile has none.
            member_wall.audio_only_box.setChecked(True)
            await until(lambda: member_wall.vm.state == "connected" and member_wall.vm.audio_only)
            await until(
                lambda: any(t.participant_id == member_id and not t.has_video for t in vm.tiles)
            )
            assert not member_wall.camera_action.isEnabled()

            for window, wall in ((chair_window, chair_wall), (member_window, member_wall)):
                await close_room(window, wall)


async def test_without_a_relay_the_room_says_so_and_goes_on(
    database_url: str, tmp_path: Path, qtbot: Any
) -> None:
    async with live_server(database_url, tmp_path / "data") as live:
        mid = prepare(live)["mid"]
        async with live.client("chutri") as chair:
            window, wall = await open_room(chair, mid)
            await until(lambda: wall.vm.state == "unavailable")
            assert wall.banner.isVisible()
            assert "not available" in wall.banner.text()
            assert wall.vm.tiles == [] and wall.tiles == {}
            window.next_action.trigger()
            await until(lambda: window.vm.current_item_id is not None)
            await close_room(window, wall)


async def test_a_media_failure_is_announced_and_retried_while_the_meeting_goes_on(
    database_url: str, tmp_path: Path, qtbot: Any
) -> None:
    async with relay_server(database_url, tmp_path / "data") as live:
        cast = prepare(live)
        mid, member_id = cast["mid"], cast["member"]
        async with live.client("chutri") as chair, live.client("bokhdt") as member:
            chair_window, chair_wall = await open_room(chair, mid, backoff=(0.5,))
            member_window, member_wall = await open_room(member, mid)
            vm = chair_wall.vm
            await until(lambda: vm.image(member_id) is not None, 15)
            broken = vm.media
            await broken.pc.close()  # the media connection dies; the websocket does not
            await until(lambda: chair_wall.banner.isVisible())
            assert chair_wall.banner.text() == "Audio and video lost — retrying…"
            chair_window.next_action.trigger()
            await until(lambda: member_window.vm.current_item_id is not None)
            await until(lambda: vm.state == "connected" and vm.media is not broken, 15)
            assert not chair_wall.banner.isVisible()
            received = vm.media.receiving(member_id, "video")
            await until(lambda: received is not None and received.frames > 5)
            for window, wall in ((chair_window, chair_wall), (member_window, member_wall)):
                await close_room(window, wall)


async def test_a_tile_the_relay_stops_forwarding_shows_the_name_not_a_frozen_picture(
    database_url: str, tmp_path: Path, qtbot: Any
) -> None:
    """Each viewer gets one tile of video besides the speaker (last-N = 1); nobody
    speaks (microphones off), so the chair's choice decides whose picture it gets."""
    config = RelayConfig(max_video_bitrate=200_000, last_n=1)
    async with relay_server(database_url, tmp_path / "data", config) as live:
        d = live.domain
        sec = d.user("thuky", ["secretariat"])
        chair = d.user("chutri", ["chair"], full_name="Lê Minh Chính")
        a = d.user("bokhdt", ["member"], full_name="Phạm Quốc Hưng")
        b = d.user("botc", ["member"], full_name="Đỗ Thị Lan")
        mid = d.meeting(sec, chair=chair, members=[a, b], start=True)
        a_id, b_id = a.user_id, b.user_id
        async with (
            live.client("chutri") as c0,
            live.client("bokhdt") as c1,
            live.client("botc") as c2,
        ):
            rooms = [await open_room(c, mid) for c in (c0, c1, c2)]
            for _, wall in rooms:
                wall.vm.set_microphone(False)
            vm = rooms[0][1].vm
            await until(lambda: vm.state == "connected", 15)

            def tile(uid: int) -> Any:
                return next(t for t in vm.tiles if t.participant_id == uid)

            await until(lambda: {a_id, b_id} <= {t.participant_id for t in vm.tiles}, 15)
            # In the room's narrow video area all three tiles are on screen, side by side,
            # and the switches under them can be seen; dragged larger, the tiles grow.
            wall = rooms[0][1]
            await until(lambda: readable(wall) and len(on_screen(wall)) == 3)
            before = min(t.width() for t in wall.tiles.values())
            rooms[0][0].right.setSizes([600, 60, 60, 60])
            await until(
                lambda: readable(wall) and min(t.width() for t in wall.tiles.values()) > before
            )
            await vm.media.select([a_id])
            await until(lambda: tile(a_id).has_video and not tile(b_id).has_video, 15)
            await vm.media.select([b_id])
            await until(lambda: tile(b_id).has_video and not tile(a_id).has_video, 15)
            # Both stay on the wall, by name; only the forwarded one has a picture.
            assert tile(a_id).name == "Phạm Quốc Hưng" and tile(b_id).name == "Đỗ Thị Lan"
            await until(lambda: vm.image(b_id) is not None, 15)
            assert vm.media.receiving(a_id, "video") is None
            for window, wall in rooms:
                await close_room(window, wall)
