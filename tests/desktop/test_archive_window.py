"""The archivist's window on a real server: search with Enter, highlighted snippets,
filters, paging, opening a document, asking for a meeting's package."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from desktop.viewmodels.archive import ArchiveViewModel, marked, may_search_archive
from desktop.widgets.archive_window import ArchiveWindow
from protocol import agenda as ag
from protocol.accounts import UserInfo
from server.demo_documents import make_pdf
from server.domain import archive
from tests.desktop.test_meeting_room import until
from tests.integration.conftest import LiveServer, live  # noqa: F401

VN = timezone(timedelta(hours=7))


async def _archive(server: LiveServer) -> dict[str, int]:
    """Three minutes pages and one uploaded PDF in the archive."""
    d = server.domain
    sec = d.user("thuky", ["secretariat"])
    chair = d.user("chutri", ["chair"])
    d.user("luutru", ["archivist"])
    d.user("botruong", ["member"])
    mid = d.meeting(sec, chair=chair)
    item = d.do(sec, ag.AgendaAddItem, meeting_id=mid, title="Tờ trình về đê điều")["item_id"]
    pdf = make_pdf("Tờ trình", ["Biên bản họp về đê điều và thủy lợi ở đồng bằng."], pages=1)
    async with server.client("thuky") as client:
        version_id = (await client.upload_document(item, pdf, "de-dieu.pdf"))["version_id"]

    def fill(session: Any) -> None:
        for page in range(1, 4):
            archive.index(
                session, kind="minutes", ref=f"m{page}", meeting_id=mid,
                title=f"Biên bản họp — trang {page}",
                text=f"Trang {page}: Biên bản họp Chính phủ; đồng chí Đặng Văn Hải phát biểu.",
                date=datetime(2025, 3, page, 9, tzinfo=VN), classification="thuong",
                signers=["Phạm Minh Chính"], body="Văn phòng Chính phủ",
            )  # fmt: skip

    d.runner.run_sync(fill)
    return {"meeting_id": mid, "version_id": int(version_id)}


def texts(window: ArchiveWindow) -> list[str]:
    return [
        window.results.itemWidget(window.results.item(n)).text()
        for n in range(window.results.count())
    ]


async def test_search_filter_page_open_and_export(live: LiveServer, qtbot) -> None:  # noqa: F811
    ids = await _archive(live)
    async with live.client("luutru") as client:
        vm = ArchiveViewModel(client, asyncio.ensure_future)
        window = ArchiveWindow(vm)
        qtbot.addWidget(window)
        window.show()
        await until(lambda: window.meeting_combo.count() == 2)  # facets: "all" + the meeting
        assert window.find_action.shortcuts() == [QKeySequence(QKeySequence.StandardKey.Find)]

        qtbot.keyClicks(window.query_edit, "bien ban hop")
        qtbot.keyClick(window.query_edit, Qt.Key.Key_Return)
        await until(lambda: vm.searched and not vm.busy)
        assert window.count_label.text() == "4 results"
        assert all("<b>Biên</b> <b>bản</b> <b>họp</b>" in t for t in texts(window))

        # Filters: only the minutes of that meeting, by signer without diacritics.
        window.kind_combo.setCurrentIndex(window.kind_combo.findData("minutes"))
        window.kind_combo.activated.emit(window.kind_combo.currentIndex())
        await until(lambda: not vm.busy and vm.total == 3)
        assert {h.kind for h in vm.hits} == {"minutes"}

        # Paging: two per page.
        vm.page_size = 2
        window.sort_combo.setCurrentIndex(1)  # newest first
        await until(lambda: not vm.busy and len(vm.hits) == 2)
        assert [h.title for h in vm.hits] == ["Biên bản họp — trang 3", "Biên bản họp — trang 2"]
        assert window.page_label.text() == "Page 1 of 2"
        assert not window.previous_button.isEnabled() and window.next_button.isEnabled()
        window.next_action.trigger()
        await until(lambda: not vm.busy and vm.page == 2)
        assert [h.title for h in vm.hits] == ["Biên bản họp — trang 1"]

        # A minutes page has no PDF: the window says so instead of opening nothing.
        window.results.itemActivated.emit(window.results.item(0))
        assert "has no PDF to open" in window.message.text()
        with qtbot.waitSignal(vm.export_requested) as exported:
            window.export_button.click()
        assert exported.args == [ids["meeting_id"]]

        # The uploaded document opens (and can be downloaded by the archivist).
        window.kind_combo.setCurrentIndex(window.kind_combo.findData("document"))
        window.kind_combo.activated.emit(window.kind_combo.currentIndex())
        await until(lambda: not vm.busy and vm.total == 1)
        with qtbot.waitSignal(vm.document_requested) as requested:
            window.results.itemActivated.emit(window.results.item(0))
        assert requested.args == [ids["version_id"]]
        downloaded: list[tuple[int, bytes, str]] = []
        vm.document_downloaded.connect(lambda *args: downloaded.append(args))
        vm.download(ids["version_id"])
        await until(lambda: bool(downloaded))
        assert downloaded[0][0] == ids["version_id"] and downloaded[0][1].startswith(b"%PDF-")


async def test_someone_without_archive_read_sees_the_refusal(
    live: LiveServer,  # noqa: F811
    qtbot,
) -> None:
    await _archive(live)
    async with live.client("botruong") as client:
        assert not may_search_archive(client.user)
        vm = ArchiveViewModel(client, asyncio.ensure_future)
        window = ArchiveWindow(vm)
        qtbot.addWidget(window)
        await until(lambda: window.message.text() != "")  # the facets were refused
        window.query_edit.setText("bien ban")
        window.search_button.click()
        await until(lambda: not vm.busy)
        assert "archive.read" in window.message.text()
        assert window.results.count() == 0


def test_marked_escapes_and_bolds() -> None:
    assert marked("a<b> Đặng", [(5, 9)]) == "a&lt;b&gt; <b>Đặng</b>"
    user = UserInfo(id=1, username="x", full_name="X", position_title="", unit_id=None,
                    unit_name=None, roles=["archivist"])  # fmt: skip
    assert may_search_archive(user)
