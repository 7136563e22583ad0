"""A whole meeting between two app windows on a real server.

Two :class:`~desktop.app.Shell` instances, a chair and a member, are logged in to a
server on loopback as a user's two windows would be.  The test presses the windows' own
actions and buttons and checks what each user sees on screen: who is present, the
highlighted agenda item, the viewer's "page / pages" field, the highlight drawn over the
member's page, the published vote, the connection state in the status bar, and catching
up after the member's connection dropped.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QInputDialog, QLabel, QPushButton
from pytestqt.qtbot import QtBot

import desktop.client.connection as connection
from desktop.app import DocumentPane, Shell
from desktop.widgets.annotation_overlay import AnnotationToolBar, Tool
from desktop.widgets.document_viewer import DocumentViewer
from desktop.widgets.meeting_room import MeetingRoomWindow
from protocol import agenda as ag
from server.demo_documents import make_pdf
from tests.desktop.shell_helpers import shell_for
from tests.desktop.test_meeting_room import agenda_texts, highlighted, until
from tests.integration.conftest import LiveServer, live  # noqa: F401

TIMEOUT = 15.0
YELLOW = QColor("#ffd54f")
ITEMS = [
    ("Báo cáo tình hình kinh tế - xã hội", 3),
    ("Dự thảo Nghị quyết về đầu tư công", 5),
    ("Dự án Luật Đất đai (sửa đổi)", 4),
]
PARAGRAPHS = [
    "Giao Bộ Tư pháp thẩm định dự thảo Nghị định trước ngày 15 tháng 6.",
    "Bộ Tài chính tổng hợp dự toán ngân sách nhà nước năm 2026.",
    "Bộ Kế hoạch và Đầu tư báo cáo tình hình giải ngân vốn đầu tư công.",
]
QUESTION = "Thông qua Dự thảo Nghị quyết về đầu tư công?"
CHAIR_NAME, MEMBER_NAME = "Lê Minh Chính", "Phạm Quốc Hưng"


@dataclass
class Agenda:
    mid: int
    #: (item id, version id, pages) per item, in agenda order.
    items: list[tuple[int, int, int]]


async def published_meeting(live: LiveServer) -> Agenda:  # noqa: F811
    """A published (not started) meeting of three items, each with a PDF of its own."""
    d = live.domain
    sec = d.user("thuky", ["secretariat"], full_name="Trần Thị Thư")
    chair = d.user("chutri", ["chair"], full_name=CHAIR_NAME)
    member = d.user("bokhdt", ["member"], full_name=MEMBER_NAME)
    mid = d.meeting(sec, chair=chair, members=[member])
    items = []
    async with live.client("thuky") as client:
        for title, pages in ITEMS:
            item_id = d.do(sec, ag.AgendaAddItem, meeting_id=mid, title=title)["item_id"]
            pdf = make_pdf(f"Tờ trình: {title}", PARAGRAPHS, pages=pages)
            uploaded = await client.upload_document(item_id, pdf, f"to-trinh-{item_id}.pdf")
            items.append((item_id, uploaded["version_id"], pages))
    return Agenda(mid, items)


@dataclass
class Window:
    """One user's meeting room as the shell shows it."""

    shell: Shell
    room: MeetingRoomWindow
    pane: DocumentPane

    @property
    def viewer(self) -> DocumentViewer:
        return self.pane.viewer

    @property
    def annotations(self) -> AnnotationToolBar:
        bar = self.viewer.findChild(AnnotationToolBar)
        assert bar is not None
        return bar

    @property
    def page_shown(self) -> str:
        """The viewer's page field, e.g. "3 / 5", once that page is drawn."""
        canvas = self.viewer.canvas
        if canvas.image is None or canvas.image_page != self.pane.document.page:
            return ""
        return self.viewer.page_field.text()

    def shows(self, version_id: int, page_field: str) -> bool:
        return self.pane.document.version_id == version_id and self.page_shown == page_field

    def status_of(self, name: str) -> str:
        """The participants panel's status column for ``name``."""
        tree = self.room.participants_tree
        for n in range(tree.topLevelItemCount()):
            row = tree.topLevelItem(n)
            if row is not None and row.text(0).split("\n")[0].removesuffix(" (you)") == name:
                return row.text(1)
        return ""

    def button(self, name: str) -> QPushButton | None:
        return self.room.vote_panel.findChild(QPushButton, name)


async def open_room(shell: Shell, mid: int) -> Window:
    """Select the meeting on the home screen and press "Open"."""
    home = shell.home
    assert home is not None
    await until(lambda: any(m.meeting_id == mid for m in home.vm.meetings), TIMEOUT)
    home.select_meeting(mid)
    assert home.open_action.isEnabled()
    home.open_action.trigger()
    await until(lambda: mid in shell.panes and mid in shell.rooms, TIMEOUT)
    room = shell.rooms[mid]
    room.resize(1280, 800)
    await until(room.isVisible, TIMEOUT)
    return Window(shell, room, shell.panes[mid])


def highlight_pixels(viewer: DocumentViewer, page: int, rects: list[list[float]]) -> int:
    """Pixels of the highlight colour inside ``rects`` on the page as the viewer shows it."""
    image = viewer.canvas.grab().toImage()
    count = 0
    for rect in rects:
        box = viewer.page_rect_to_view(page, tuple(rect))  # type: ignore[arg-type]
        assert box is not None
        for y in range(int(box.top()) + 1, int(box.bottom()) - 1):
            for x in range(int(box.left()) + 1, int(box.right()) - 1, 2):
                c = QColor(image.pixel(x, y))
                if (
                    abs(c.red() - YELLOW.red()) < 12
                    and abs(c.green() - YELLOW.green()) < 12
                    and abs(c.blue() - YELLOW.blue()) < 12
                ):
                    count += 1
    return count


class Outage:
    """The member's network is down: a reconnection attempt waits until it comes back."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.up = asyncio.Event()
        self.up.set()
        self.attempts = 0
        real = connection.connect  # type: ignore[attr-defined]

        async def connect(*args: Any, **kwargs: Any) -> Any:
            if not self.up.is_set():
                self.attempts += 1
                await self.up.wait()
            return await real(*args, **kwargs)

        monkeypatch.setattr(connection, "connect", connect)

    def begin(self) -> None:
        self.up.clear()

    def end(self) -> None:
        self.up.set()


async def test_a_meeting_between_two_app_windows(
    live: LiveServer,  # noqa: F811
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cast = await published_meeting(live)
    _, (_, b_version, b_pages), (_, c_version, c_pages) = cast.items
    outage = Outage(monkeypatch)
    async with (
        shell_for(live, "chutri", tmp_path / "chair") as chair_shell,
        shell_for(live, "bokhdt", tmp_path / "member") as member_shell,
    ):
        # 1. Both open the meeting; the chair starts it; the member is shown present.
        chair = await open_room(chair_shell, cast.mid)
        member = await open_room(member_shell, cast.mid)
        assert chair.room.start_action.isVisible() and chair.room.start_action.isEnabled()
        assert not member.room.chair_toolbar.isVisibleTo(member.room)
        chair.room.start_action.trigger()
        await until(lambda: chair.room.end_action.isVisible(), TIMEOUT)
        await until(lambda: chair.status_of(MEMBER_NAME) == "Present", TIMEOUT)
        await until(lambda: member.status_of(CHAIR_NAME) == "Present", TIMEOUT)
        assert member.room.connection_label.text() == "Connected"

        # 2. "Next item" twice: the member's agenda highlights the second item and the
        #    member's viewer opens its document.
        titles = [title for title, _ in ITEMS]
        assert chair.room.next_action.isEnabled()
        chair.room.next_action.trigger()
        await until(lambda: highlighted(chair.room) == [titles[0]], TIMEOUT)
        await until(lambda: highlighted(member.room) == [titles[0]], TIMEOUT)
        chair.room.next_action.trigger()
        await until(lambda: highlighted(member.room) == [titles[1]], TIMEOUT)
        assert agenda_texts(member.room)[1][0] == "▶ 2"
        await until(lambda: member.shows(b_version, f"1 / {b_pages}"), TIMEOUT)

        # 3. The chair turns to page 3 and presses "Follow me": the member follows.
        assert member.room.follow_action.isChecked(), "members follow the presenter"
        await until(lambda: chair.shows(b_version, f"1 / {b_pages}"), TIMEOUT)
        chair.viewer.next_page_action.trigger()
        chair.viewer.next_page_action.trigger()
        await until(lambda: chair.shows(b_version, f"3 / {b_pages}"), TIMEOUT)
        assert member.page_shown == f"1 / {b_pages}", "nobody follows before “Follow me”"
        chair.room.present_action.trigger()
        assert chair.room.present_action.isChecked()
        await until(lambda: member.shows(b_version, f"3 / {b_pages}"), TIMEOUT)

        # 4. The chair highlights text on page 3 with the highlight tool and shares it:
        #    it is drawn over the member's page 3.
        notes = chair.annotations
        await until(lambda: notes.vm.version_id == b_version and not notes.vm.loading, TIMEOUT)
        notes.set_tool(Tool.HIGHLIGHT)
        width, height = chair.pane.document.page_size(3) or (0.0, 0.0)
        chair.pane.document.select_text(3, (50.0, height - 110, width - 50, height - 50))
        await until(lambda: notes.vm.selected is not None, TIMEOUT)
        highlight = notes.vm.selected
        assert highlight is not None and highlight.kind == "highlight" and highlight.page == 3
        assert highlight.text.strip() and highlight.rects
        assert notes.share_action.isEnabled()
        notes.share_action.trigger()
        seen = member.annotations.vm
        await until(
            lambda: [a.annotation_id for a in seen.on_page(3)] == [highlight.annotation_id], TIMEOUT
        )
        assert seen.on_page(3)[0].shared and seen.on_page(3)[0].author_name == CHAIR_NAME
        await until(lambda: highlight_pixels(member.viewer, 3, highlight.rects) > 50, TIMEOUT)

        # 5. A vote: "New vote…" (opened at once), both vote Yes with a confirmation, the
        #    chair closes and publishes; the member sees the result and the decision.
        monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (QUESTION, True))
        assert chair.room.vote_panel.new_button.isVisible()
        assert not member.room.vote_panel.new_button.isVisibleTo(member.room)
        chair.room.vote_panel.new_button.click()
        await until(lambda: bool(member.room.vote_panel.vm.polls), TIMEOUT)
        poll_id = member.room.vote_panel.vm.polls[0].poll_id
        asked: list[str] = []

        def confirm(question: str, choice: str) -> bool:  # "Yes" in the confirmation box
            asked.append(choice)
            return question == QUESTION

        for side in (chair, member):
            monkeypatch.setattr(side.room.vote_panel, "_confirm_vote", confirm)
        await until(lambda: member.button(f"vote_yes_{poll_id}") is not None, TIMEOUT)
        yes = member.button(f"vote_yes_{poll_id}")
        assert yes is not None
        yes.click()
        await until(lambda: member.button(f"vote_yes_{poll_id}") is None, TIMEOUT)
        await until(lambda: chair.button(f"vote_yes_{poll_id}") is not None, TIMEOUT)
        chair_yes = chair.button(f"vote_yes_{poll_id}")
        assert chair_yes is not None
        chair_yes.click()
        assert asked == ["yes", "yes"]
        await until(lambda: chair.button(f"poll_close_{poll_id}") is not None, TIMEOUT)
        await until(lambda: chair.room.vote_panel.vm.polls[0].ballots_cast == 2, TIMEOUT)
        close = chair.button(f"poll_close_{poll_id}")
        assert close is not None
        close.click()
        await until(lambda: chair.button(f"poll_publish_{poll_id}") is not None, TIMEOUT)
        publish = chair.button(f"poll_publish_{poll_id}")
        assert publish is not None
        publish.click()

        def result_text() -> str:
            label = member.room.vote_panel.findChild(QLabel, f"poll_result_{poll_id}")
            return label.text() if label is not None else ""

        await until(lambda: "Adopted" in result_text(), TIMEOUT)
        assert "Yes 2 · No 0 · Abstain 0" in result_text()
        assert f"{MEMBER_NAME}: Yes" in result_text()
        await until(lambda: agenda_texts(member.room)[1][2] == "✓ Adopted", TIMEOUT)

        # 6. The member's connection drops while the chair moves to the third item and
        #    turns a page; the member's window says so, reconnects and catches up.
        states: list[str] = []
        member.room.vm.connection_changed.connect(lambda state, _label: states.append(state))
        outage.begin()
        await member_shell.client.drop()
        await until(
            lambda: member.room.connection_label.text() == "Connection lost — reconnecting…",
            TIMEOUT,
        )
        assert member.room.connection_label.property("state") == "reconnecting"
        await until(lambda: outage.attempts >= 1, TIMEOUT)
        chair.room.next_action.trigger()
        await until(lambda: chair.shows(c_version, f"1 / {c_pages}"), TIMEOUT)
        chair.viewer.next_page_action.trigger()
        await until(lambda: chair.shows(c_version, f"2 / {c_pages}"), TIMEOUT)
        await until(lambda: chair_sent_page(chair, c_version, 2), TIMEOUT)
        assert highlighted(member.room) == [titles[1]], "offline: the member's screen waits"
        assert member.room.connection_label.text() == "Connection lost — reconnecting…"

        outage.end()
        await until(lambda: member.room.connection_label.text() == "Connected", TIMEOUT)
        assert states[0] == "reconnecting" and states[-1] == "connected"
        await until(lambda: highlighted(member.room) == [titles[2]], TIMEOUT)
        assert agenda_texts(member.room)[1][2] == "✓ Adopted"
        await until(lambda: member.shows(c_version, f"2 / {c_pages}"), TIMEOUT)
        await until(lambda: chair.status_of(MEMBER_NAME) == "Present", TIMEOUT)


def chair_sent_page(chair: Window, version_id: int, page: int) -> bool:
    """The server has the chair's page as the presenter's (the chair's own view says so)."""
    view = chair.room.vm.view
    shown = view.presenter_page if view is not None else None
    return shown is not None and (shown.version_id, shown.page) == (version_id, page)
