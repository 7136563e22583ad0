"""The whole app (its :class:`~desktop.app.Shell`) logged in to a real server, for tests.

Each shell gets its own QSettings file and cache folder under ``tmp_path``, so tests
never touch the user's settings or cache.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from desktop.app import Shell
from desktop.widgets.home_window import HomeWindow
from protocol import agenda as ag
from server.demo_documents import make_pdf
from tests.desktop.test_meeting_room import until
from tests.harness import PASSWORD
from tests.integration.conftest import LiveServer

PARAGRAPHS = [
    "Giao Bộ Tư pháp thẩm định dự thảo Nghị định trước ngày 15 tháng 6.",
    "Bộ Tài chính tổng hợp dự toán ngân sách nhà nước năm 2026.",
]


@dataclass
class Cast:
    mid: int
    item_id: int
    version_id: int
    sha256: str
    pdf: bytes
    member_id: int
    member_name: str


async def prepare(live: LiveServer, classification: str = "thuong", start: bool = True) -> Cast:
    """A published (and started) meeting with one item whose PDF is current."""
    d = live.domain
    sec = d.user("thuky", ["secretariat"], full_name="Trần Thị Thư")
    chair = d.user("chutri", ["chair"], full_name="Lê Minh Chính")
    member = d.user("bokhdt", ["member"], full_name="Phạm Quốc Hưng")
    mid = d.meeting(sec, chair=chair, members=[member], classification=classification, start=start)
    item = d.do(sec, ag.AgendaAddItem, meeting_id=mid, title="Dự thảo Nghị quyết")["item_id"]
    pdf = make_pdf("Tờ trình số 12/TTr-CP", PARAGRAPHS, pages=2)
    async with live.client("thuky") as client:
        uploaded = await client.upload_document(item, pdf, "to-trinh.pdf")
    if start:
        d.do(chair, ag.AgendaSetCurrent, meeting_id=mid, item_id=item)
    return Cast(
        mid=mid,
        item_id=item,
        version_id=uploaded["version_id"],
        sha256=hashlib.sha256(pdf).hexdigest(),
        pdf=pdf,
        member_id=member.user_id,
        member_name="Phạm Quốc Hưng",
    )


def settings_in(folder: Path) -> QSettings:
    folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / "ecabinet.ini"), QSettings.Format.IniFormat)


@contextlib.asynccontextmanager
async def shell_for(
    live: LiveServer, username: str, folder: Path, settings: QSettings | None = None
) -> AsyncIterator[Shell]:
    """A shell logged in as ``username`` with its home window shown and filled."""
    shell = Shell(
        asyncio.ensure_future, settings or settings_in(folder), cache_root=folder / "cache"
    )
    shell.start(live.url, username, PASSWORD)
    try:
        await until(lambda: shell.home is not None)
        assert shell.home is not None
        await until(lambda: bool(shell.home is not None and shell.home.vm.meetings))
        yield shell
    finally:
        await shell.shutdown()
        for window in (shell.home, shell.login_window):
            if window is not None:
                window.close()
                window.deleteLater()
        QApplication.processEvents()


@contextlib.asynccontextmanager
async def home_for(
    live: LiveServer,
    username: str,
    folder: Path,
    *,
    start: bool = True,
    select: bool = True,
    settings: QSettings | None = None,
) -> AsyncIterator[tuple[Cast, Shell, HomeWindow]]:
    """A meeting (:func:`prepare`) and a shell logged in as ``username``: ``(cast, shell,
    home window)``; with ``select`` the meeting is selected on the home screen."""
    cast = await prepare(live, start=start)
    async with shell_for(live, username, folder, settings) as shell:
        home = shell.home
        assert home is not None
        if select:
            await until(lambda: home.vm.meeting(cast.mid) is not None)
            home.select_meeting(cast.mid)
        yield cast, shell, home
