"""The archivist's window lists the recordings of the selected result's meeting, from a
real server: the finished one with the SHA-256 of its file, the one left open by a
crash marked incomplete."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import msgspec
from PySide6.QtGui import QGuiApplication

from desktop.viewmodels.archive import ArchiveViewModel
from desktop.widgets.archive_window import ArchiveWindow
from desktop.widgets.recordings_panel import INCOMPLETE
from protocol import meetings as mm
from protocol import record as rm
from server.domain import archive, media_recording
from tests.desktop.test_meeting_room import until
from tests.integration.conftest import LiveServer, live  # noqa: F401

VN = timezone(timedelta(hours=7))


async def _recorded(server: LiveServer) -> dict[str, Any]:
    """An ended meeting with one finished recording, one left open, and its minutes."""
    d = server.domain
    sec = d.user("thuky", ["secretariat"])
    chair = d.user("chutri", ["chair"], full_name="Phạm Minh Chính")
    d.user("luutru", ["archivist"])
    mid = d.meeting(sec, chair=chair, start=True)
    data_dir = Path(d.runner.settings.data_dir)
    contents = {"20261201-080000.webm": b"\x1a\x45\xdf\xa3 ghi hinh " * 300, "crash.webm": b"x"}
    ids = []
    for name, data in contents.items():
        relative = f"recordings/{mid}/{name}"
        (data_dir / relative).parent.mkdir(parents=True, exist_ok=True)
        (data_dir / relative).write_bytes(data)
        rid, _ = d.runner.run_sync(
            lambda s, rel=relative: media_recording.recording_started(s, chair, mid, rel)
        )
        ids.append(rid)
    first = contents["20261201-080000.webm"]
    sha = hashlib.sha256(first).hexdigest()
    d.runner.run_sync(
        lambda s: media_recording.recording_stopped(s, chair, ids[0], len(first), sha)
    )
    d.do(chair, mm.MeetingTransition, meeting_id=mid, action="end")
    d.runner.run_sync(
        lambda s: archive.index(
            s, kind="minutes", ref="m1", meeting_id=mid, title="Biên bản phiên họp",
            text="Biên bản phiên họp Chính phủ.", date=datetime(2026, 12, 1, 9, tzinfo=VN),
            classification="thuong",
        )
    )  # fmt: skip
    return {"meeting_id": mid, "sha256": sha}


async def test_the_window_lists_the_meetings_recordings_with_their_hash(
    live: LiveServer,  # noqa: F811
    qtbot,
) -> None:
    world = await _recorded(live)
    async with live.client("luutru") as client:
        # The record over the wire: the hash is the file's.
        record = msgspec.convert(
            await client.call(rm.RecordMeeting, meeting_id=world["meeting_id"]), rm.MeetingRecord
        )
        assert record.recordings[0].sha256 == world["sha256"]

        vm = ArchiveViewModel(client, asyncio.ensure_future)
        window = ArchiveWindow(vm)
        qtbot.addWidget(window)
        window.show()
        panel = window.recordings_panel
        assert "Choose a result of a meeting" in panel.summary_label.text()

        window.query_edit.setText("bien ban phien hop")
        window.search_button.click()
        await until(lambda: vm.searched and not vm.busy and vm.total == 1)
        await until(lambda: panel.tree.topLevelItemCount() == 2)
        finished, crashed = (panel.tree.topLevelItem(n) for n in range(2))
        headers = [panel.tree.headerItem().text(c) for c in range(panel.tree.columnCount())]
        assert headers[6:] == ["State", "SHA-256"]
        assert finished.text(0) == "20261201-080000.webm"
        assert finished.text(4) == "Phạm Minh Chính"
        assert finished.text(6) == "Complete" and finished.text(7) == world["sha256"]
        assert crashed.text(0) == "crash.webm" and crashed.text(6) == "Incomplete"
        assert crashed.text(7) == "none: the recording was not finished"
        assert crashed.foreground(6).color() == INCOMPLETE
        assert "1 incomplete" in panel.summary_label.text()

        panel.tree.setCurrentItem(finished)
        panel.copy_action.trigger()
        assert QGuiApplication.clipboard().text() == world["sha256"]
        assert panel.copy_action.shortcut().toString() == "Ctrl+Shift+C"
