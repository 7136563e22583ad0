"""Render the main screens at 1280×800 into docs/screenshots/*.png (offscreen).

    python docs/screenshots/make_screenshots.py

Starts a server with the demo data in this process (SQLite in a temporary directory),
logs in as the chair, and lets headless members take part so that the meeting room
shows a real meeting: people present, a guest in the lobby, a speaker with the timer,
a raised hand and an open vote.  ``record_screens.render`` then carries the meeting on
through signatures and the record (certificate, signing, minutes, opinion polls, archive).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ECABINET_FAST_HASH", "1")

import asyncio
import contextlib
import ssl
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from record_screens import Stage, render  # noqa: E402
from websockets.asyncio.server import serve  # noqa: E402

from desktop.app import (  # noqa: E402
    apply_look,
    attach_document_viewer,
    install_demo_keys,
    install_translator,
)
from desktop.client import Client  # noqa: E402
from desktop.client.media import MediaSession  # noqa: E402
from desktop.client.media_sources import StampedVideoTrack, ToneAudioTrack  # noqa: E402
from desktop.viewmodels.home import HomeViewModel  # noqa: E402
from desktop.viewmodels.media import MediaViewModel  # noqa: E402
from desktop.viewmodels.meeting_room import MeetingRoomViewModel  # noqa: E402
from desktop.viewmodels.session import SessionViewModel  # noqa: E402
from desktop.viewmodels.voting import VotingViewModel  # noqa: E402
from desktop.widgets.home_window import HomeWindow  # noqa: E402
from desktop.widgets.login_window import LoginWindow  # noqa: E402
from desktop.widgets.meeting_room import MeetingRoomWindow  # noqa: E402
from desktop.widgets.video_wall import attach_video_wall  # noqa: E402
from protocol import agenda, annotations, live, meetings, positions, voting  # noqa: E402
from protocol import media as media_msg  # noqa: E402
from protocol.state import ordered_items  # noqa: E402
from server.app import WS_MAX_SIZE, open_runner  # noqa: E402
from server.demo import DEMO_PASSWORD, load_demo  # noqa: E402
from server.domain import events as event_log  # noqa: E402
from server.domain import meetings as meeting_service  # noqa: E402
from server.domain.pki import Pki  # noqa: E402
from server.transport.connection import Transport  # noqa: E402
from server.transport.media.relay import Relay  # noqa: E402

OUT = Path(__file__).resolve().parent
SIZE = (1280, 800)


async def pump(seconds: float = 0.3) -> None:
    """Let the client and Qt both run for a moment."""
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while loop.time() < end:
        QApplication.processEvents()
        await asyncio.sleep(0.02)


async def until(predicate: Callable[[], bool], timeout: float = 15.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not predicate():
        if loop.time() > end:
            raise TimeoutError("the screen did not reach the expected state")
        QApplication.processEvents()
        await asyncio.sleep(0.02)


def shoot(widget: QWidget, name: str) -> None:
    widget.resize(*SIZE)
    widget.show()
    QApplication.processEvents()
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(f"wrote {path.relative_to(ROOT)}")


@contextlib.contextmanager
def user_data_in(folder: Path) -> Iterator[None]:
    """This process's user data folder (``XDG_DATA_HOME``: where the app keeps the
    user's keys) is ``folder`` until the block ends."""
    before = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(folder)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("XDG_DATA_HOME", None)
        else:
            os.environ["XDG_DATA_HOME"] = before


@contextlib.asynccontextmanager
async def demo_server(data_dir: Path) -> AsyncIterator[tuple[str, str]]:
    """``(ws://…, wss://localhost:…)``: the same server, plain and with a certificate
    from the organisation CA (as ``serve --tls-auto`` makes it)."""
    runner = open_runner(data_dir, None)
    load_demo(runner)
    await runner.run(meeting_service.startup)
    relay = Relay(runner)
    transport = Transport(runner, await runner.run(event_log.epoch), media=relay)
    chain, key = Pki.open(runner.settings.pki_dir).server_tls(["localhost", "127.0.0.1"])
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(chain, key)
    try:
        async with (
            serve(transport.handler, "127.0.0.1", 0, max_size=WS_MAX_SIZE) as server,
            serve(transport.handler, "127.0.0.1", 0, max_size=WS_MAX_SIZE, ssl=tls) as secure,
        ):
            port = next(iter(server.sockets)).getsockname()[1]
            tls_port = next(iter(secure.sockets)).getsockname()[1]
            yield f"ws://127.0.0.1:{port}", f"wss://localhost:{tls_port}"
            await relay.shutdown()
    finally:
        runner.close()


async def member(url: str, username: str) -> Client:
    client = Client(url)
    await client.connect()
    await client.login(username, DEMO_PASSWORD)
    return client


async def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_look(app)
    install_translator(app, os.environ.get("ECABINET_LANG", "vi"))  # as users see it
    run = asyncio.ensure_future
    with (
        tempfile.TemporaryDirectory(prefix="ecabinet-demo-") as tmp,
        user_data_in(Path(tmp) / "share"),
    ):
        settings = QSettings(str(Path(tmp) / "ui.ini"), QSettings.Format.IniFormat)
        async with demo_server(Path(tmp) / "data") as (url, tls_url):
            install_demo_keys(Path(tmp) / "data" / "demo-keys")  # as ``ecabinet demo`` does
            session = SessionViewModel(run, settings)
            settings.setValue("server/url", url)
            login = LoginWindow(session)
            login.server_edit.setText("wss://ecabinet.chinhphu.vn")
            login.user_edit.setText("chutri")
            shoot(login, "login")

            session.login(url, "chutri", DEMO_PASSWORD)
            await until(lambda: session.client is not None)
            chair = session.client
            assert chair is not None
            home_vm = HomeViewModel(chair, run)
            home = HomeWindow(home_vm, session)
            home_vm.refresh()
            await until(lambda: len(home.waiting_texts) > 1)
            shoot(home, "home")
            login.hide()
            home.hide()

            others = [await member(url, name) for name in ("bokhdt", "botc", "dongnai", "khach")]
            mid = home_vm.upcoming[0].meeting_id
            view = chair.meetings[mid].view
            assert view is not None
            items = [i.item_id for i in ordered_items(view) if i.parent_id is None]
            for client in others[:3]:
                for item in items:
                    stance = positions.Stance.NO_OBJECTION
                    if item == items[1] and client is others[1]:
                        stance = positions.Stance.OBJECT
                    await client.call(positions.PositionMark, item_id=item, stance=stance)
            await chair.call(meetings.MeetingTransition, meeting_id=mid, action="start")
            room = await chair.join(mid)
            for client in others:
                await client.join(mid)
            await chair.call(agenda.AgendaAdoptUnopposed, meeting_id=mid)
            room_vm = MeetingRoomViewModel(chair, room, run)
            voting_vm = VotingViewModel(chair, room, run)
            window = MeetingRoomWindow(room_vm, voting_vm)
            attach_document_viewer(window, room_vm)
            wall = attach_video_wall(
                window, MediaViewModel(chair, room, run, parent=window, camera_found=lambda: False)
            )
            talking = []
            for n, client in enumerate(others[:3]):
                assert client.user is not None
                talking.append(
                    MediaSession(
                        client,
                        mid,
                        video=StampedVideoTrack(tag=client.user.id),
                        audio=ToneAudioTrack(frequency=300 + 80 * n, level=0.3 - 0.1 * n),
                    )
                )
                await talking[-1].start()
            await until(lambda: sum(wall.vm.image(t.participant_id) is not None
                                    for t in wall.vm.tiles) >= 4, 30)  # fmt: skip
            # The third member turns their microphone off: every tile of theirs says so.
            quiet = talking[2]
            assert isinstance(quiet.audio, ToneAudioTrack)
            quiet.audio.level = 0.0
            await quiet.turn_off("audio", True)
            await until(lambda: any(t.audio_muted and not t.is_me for t in wall.vm.tiles))
            await chair.call(media_msg.MediaRecordStart, meeting_id=mid)
            await chair.call(agenda.AgendaSetCurrent, meeting_id=mid, item_id=items[1])
            floor = await others[1].call(live.FloorRequest, meeting_id=mid, item_id=items[1])
            await others[2].call(live.FloorRequest, meeting_id=mid, item_id=items[1])
            await chair.call(live.FloorGrant, request_id=floor["request_id"], seconds=180)
            poll = await chair.call(
                voting.PollCreate,
                meeting_id=mid,
                item_id=items[1],
                question="Thông qua Dự thảo Nghị quyết về giải ngân vốn đầu tư công?",
            )
            await chair.call(voting.PollOpen, poll_id=poll["poll_id"])
            await others[0].call(voting.PollVote, poll_id=poll["poll_id"], choice="yes")
            await pump(2.5)
            window.resize(*SIZE)
            window.show()
            await pump(2.0)
            shoot(window, "meeting_room_chair")
            # The video area dragged large (the splitters), as a user watching does.
            window.resize(1400, 1000)
            window.splitter.setSizes([200, 100, 1100])
            window.right.setSizes([700, 60, 60, 60])
            await pump(1.0)
            wall.grab().save(str(OUT / "video_wall.png"))
            print("wrote docs/screenshots/video_wall.png")
            await chair.call(media_msg.MediaRecordStop, meeting_id=mid)
            for session in talking:
                await session.close()

            # A member's room with annotations: the chair's shared highlight, the
            # member's own ink and sticky note.
            version_id = room.view.items[items[1]].documents[0].version_id  # type: ignore[union-attr]
            reader = others[0]
            await chair.call(
                annotations.AnnotationSave,
                annotation_id=uuid.uuid4().hex,
                version_id=version_id,
                page=1,
                kind="highlight",
                rects=[[150.0, 703.0, 445.0, 717.0]],
                text="Dự thảo Nghị quyết về giải ngân",
                color="#ffd43b",
                shared=True,
            )
            await reader.call(
                annotations.AnnotationSave,
                annotation_id=uuid.uuid4().hex,
                version_id=version_id,
                page=1,
                kind="ink",
                points=[[90.0 + 4 * n, 600.0 + 12 * ((n % 6) - 3) ** 2 / 9] for n in range(60)],
                color="#e03131",
            )
            await reader.call(
                annotations.AnnotationSave,
                annotation_id=uuid.uuid4().hex,
                version_id=version_id,
                page=1,
                kind="note",
                rects=[[470.0, 560.0, 490.0, 580.0]],
                text="Đề nghị làm rõ nguồn vốn năm 2027.",
                color="#4dabf7",
            )
            member_room = reader.meetings[mid]
            member_vm = MeetingRoomViewModel(reader, member_room, run)
            member_window = MeetingRoomWindow(member_vm, VotingViewModel(reader, member_room, run))
            attach_document_viewer(member_window, member_vm)
            member_window.resize(*SIZE)
            member_window.show()
            await pump(3.0)
            shoot(member_window, "meeting_room_member_annotations")

            # The published result of the vote.
            for client in others[1:3]:
                await client.call(voting.PollVote, poll_id=poll["poll_id"], choice="yes")
            await chair.call(voting.PollVote, poll_id=poll["poll_id"], choice="yes")
            await chair.call(voting.PollClose, poll_id=poll["poll_id"])
            await chair.call(voting.PollPublish, poll_id=poll["poll_id"])
            await pump(2.0)
            shoot(member_window, "vote_result")
            member_window.close()
            window.close()
            await pump(0.3)
            await render(
                Stage(
                    url=url,
                    tls_url=tls_url,
                    out=OUT,
                    run=run,
                    settings=settings,
                    chair=chair,
                    members=dict(zip(("bokhdt", "botc", "dongnai", "khach"), others, strict=True)),
                    meeting_id=mid,
                    item_id=items[1],
                    home=home,
                    shoot=shoot,
                    until=until,
                    pump=pump,
                )
            )
            for client in others:
                await client.close()
            await chair.close()


if __name__ == "__main__":
    asyncio.run(main())
