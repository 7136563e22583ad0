"""The local document cache: reopening a document reads nothing from the server, a
damaged file is downloaded again, and the files go when the meeting ends or the user
logs out."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path
from typing import Any

import msgspec

from desktop.client import Client, MeetingSession
from desktop.client.document_cache import DocumentCache
from desktop.viewmodels.meeting_room import MeetingRoomViewModel
from protocol import meetings as mm
from protocol.meeting_state import Classification, MeetingState
from protocol.state import MeetingView
from server.demo_documents import make_pdf
from tests.desktop.shell_helpers import PARAGRAPHS, prepare, shell_for
from tests.desktop.test_meeting_room import until
from tests.integration.conftest import LiveServer, live  # noqa: F401

PDF = make_pdf("Tờ trình", PARAGRAPHS, pages=1)
SHA = hashlib.sha256(PDF).hexdigest()


def test_a_document_is_kept_by_its_hash_and_checked_on_reading(tmp_path: Path) -> None:
    cache = DocumentCache(tmp_path / "7")
    assert cache.get(3, SHA) is None
    assert cache.put(3, PDF, SHA)
    assert cache.path(3, SHA).name == f"{SHA}.pdf"
    assert cache.get(3, SHA) == PDF
    assert cache.path(3, SHA).stat().st_mode & 0o077 == 0, "other users cannot read it"

    cache.path(3, SHA).write_bytes(PDF[:-10] + b"tampered!!")
    assert cache.get(3, SHA) is None, "a file that fails the hash check is never returned"
    assert not cache.path(3, SHA).exists(), "and it is deleted"
    assert cache.rejected == 1

    assert not cache.put(3, PDF, "0" * 64), "bytes that are not the expected document"
    assert cache.get(3, "0" * 64) is None
    assert cache.get(3, "../../etc/passwd") is None


def test_finished_meetings_and_logout_delete_the_files(tmp_path: Path) -> None:
    cache = DocumentCache(tmp_path / "7")
    cache.put(3, PDF)
    cache.put(4, PDF)
    assert cache.meetings() == [3, 4]
    session = MeetingSession(3, attend=False)
    view = MeetingView(
        meeting_id=3,
        title="Phiên họp",
        starts_at="2026-12-03T08:00:00+07:00",
        ends_at="2026-12-03T17:00:00+07:00",
        mode="online",
        location="",
        classification=Classification.SECRET,
        state=MeetingState.IN_PROGRESS,
    )

    async def feed() -> None:
        session.on_snapshot(1, "e", msgspec.to_builtins(view))
        cache.watch(session)
        session.on_event(2, "e", mm.MeetingStateChanged(state=MeetingState.ENDED, action="end"))

    asyncio.run(feed())
    assert cache.meetings() == [4]
    assert cache.get(4, SHA) == PDF
    cache.clear()
    assert not cache.folder.exists()


def counting_downloads(client: Client) -> list[int]:
    """Record the versions the client fetches from the server (the boundary)."""
    calls: list[int] = []
    download = client.download_document

    async def counted(version_id: int, progress: Any = None) -> bytes:
        calls.append(version_id)
        return await download(version_id, progress)

    client.download_document = counted  # type: ignore[method-assign]
    return calls


async def opened(room: MeetingRoomViewModel, version_id: int) -> bytes:
    got: list[bytes] = []
    room.document_downloaded.connect(lambda _v, data, _name: got.append(data))
    room.open_document(version_id)
    await until(lambda: bool(got))
    return got[0]


async def test_reopening_reads_no_bytes_from_the_server_and_damage_is_repaired(
    live: LiveServer,  # noqa: F811
    tmp_path: Path,
    qtbot,
) -> None:
    cast = await prepare(live, "mat")
    cache = DocumentCache(tmp_path / "cache" / str(cast.member_id))
    async with live.client("bokhdt") as member, live.client("chutri") as chair:
        downloads = counting_downloads(member)
        session = await member.join(cast.mid)
        cache.watch(session)
        run = asyncio.ensure_future

        first = MeetingRoomViewModel(member, session, run, cache=cache)
        assert await opened(first, cast.version_id) == cast.pdf
        assert downloads == [cast.version_id]
        assert cache.path(cast.mid, cast.sha256).read_bytes() == cast.pdf

        again = MeetingRoomViewModel(member, session, run, cache=cache)  # the room reopened
        assert await opened(again, cast.version_id) == cast.pdf
        assert downloads == [cast.version_id], "the second open came from the disk"

        cache.path(cast.mid, cast.sha256).write_bytes(b"%PDF-1.7 damaged")
        repaired = MeetingRoomViewModel(member, session, run, cache=cache)
        assert await opened(repaired, cast.version_id) == cast.pdf
        assert downloads == [cast.version_id] * 2, "a damaged copy is downloaded again"
        assert cache.get(cast.mid, cast.sha256) == cast.pdf

        await chair.call(mm.MeetingTransition, meeting_id=cast.mid, action="end")
        await until(lambda: not cache.path(cast.mid, cast.sha256).exists())
        assert cache.meetings() == []


async def test_logging_out_deletes_the_users_cache(
    live: LiveServer,  # noqa: F811
    tmp_path: Path,
    qtbot,
) -> None:
    cast = await prepare(live, "toi_mat")
    async with shell_for(live, "bokhdt", tmp_path) as shell:
        assert shell.cache is not None
        folder = shell.cache.folder
        assert folder == tmp_path / "cache" / str(cast.member_id)
        shell.open_meeting(cast.mid)
        await until(lambda: shell.cache is not None and shell.cache.meetings() == [cast.mid])
        assert shell.cache.get(cast.mid, cast.sha256) == cast.pdf
        pane = shell.panes[cast.mid]
        await until(lambda: pane.document.page_count == 2)

        shell.home.logout_action.trigger()
        await until(lambda: shell.home is None)
        assert not folder.exists(), "nothing of the user's documents is left on disk"
        assert shell.rooms == {} and shell.login_window.isVisible()
