"""Positions before the meeting against a real server: a member marks a position per
item and sees it; the chair sees the summary change live; a guest may not mark."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import Qt

from desktop.client import Client
from desktop.viewmodels.positions import PositionsViewModel
from desktop.widgets.positions_panel import PositionsPanel
from protocol import agenda as ag
from tests.desktop.test_meeting_editor import wait_until
from tests.integration.conftest import LiveServer, live  # noqa: F401


@pytest.fixture
def meeting(live: LiveServer):  # noqa: F811
    d = live.domain
    sec = d.user("thuky", ["secretariat"], full_name="Trần Thị Thư")
    chair = d.user("chutri", ["chair"], full_name="Lê Minh Chính")
    m1 = d.user("bokhdt", ["member"], full_name="Phạm Quốc Hưng")
    m2 = d.user("botc", ["member"], full_name="Hồ Đức Phớc")
    guest = d.user("khach", ["guest"], full_name="Đặng Văn Khách")
    mid = d.meeting(sec, chair=chair, members=[m1, m2], guests=[guest])
    first = d.do(sec, ag.AgendaAddItem, meeting_id=mid, title="Báo cáo kinh tế - xã hội")
    d.do(
        sec,
        ag.AgendaAddItem,
        meeting_id=mid,
        title="Sản xuất công nghiệp",
        parent_id=first["item_id"],
    )
    d.do(sec, ag.AgendaAddItem, meeting_id=mid, title="Dự thảo Nghị định về văn thư điện tử")
    return mid


async def open_panel(qtbot, client: Client, mid: int) -> PositionsPanel:
    session = await client.join(mid, attend=False)
    panel = PositionsPanel(PositionsViewModel(client, session, asyncio.ensure_future))
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    panel.show()
    return panel


def shown(panel: PositionsPanel) -> list[tuple[str, str]]:
    """(number, my position) of each row."""
    out = []
    for n in range(panel.items.topLevelItemCount()):
        entry = panel.items.topLevelItem(n)
        assert entry is not None
        out.append((entry.text(0), entry.text(2)))
    return out


def summary(panel: PositionsPanel) -> list[list[str]]:
    table = panel.summary_table
    return [
        [table.item(r, c).text() for c in (0, 2, 3, 4, 5, 6, 7, 8)] for r in range(table.rowCount())
    ]


async def test_member_marks_positions_and_the_chair_sees_the_summary(
    live: LiveServer,  # noqa: F811
    meeting: int,
    qtbot,
) -> None:
    async with live.client("bokhdt") as member, live.client("chutri") as chair:
        mine = await open_panel(qtbot, member, meeting)
        chairs = await open_panel(qtbot, chair, meeting)
        assert shown(mine) == [("1", "not marked"), ("1.1", "not marked"), ("2", "not marked")]
        assert mine.summary_box.isHidden(), "a member does not see the others' positions"
        assert not chairs.summary_box.isHidden()
        await wait_until(lambda: len(summary(chairs)) == 3)
        assert summary(chairs)[0] == ["1", "0", "0", "0", "0", "0", "0", ""]

        # Object to item 1 with a preliminary "no" and a comment.
        mine.items.setCurrentItem(mine.items.topLevelItem(0))
        assert mine.form.isEnabled()
        mine.stance_buttons["object"].click()
        mine.vote_combo.setCurrentIndex(mine.vote_combo.findData("no"))
        mine.comment_edit.setText("Số liệu tăng trưởng chưa thống nhất với Bộ Tài chính.")
        qtbot.mouseClick(mine.save_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: shown(mine)[0] == ("1", "Object · No"))
        await wait_until(lambda: mine.message.label.text() == "Position on item 1 recorded.")
        assert mine.items.topLevelItem(0).text(3).startswith("Số liệu tăng trưởng")

        # No objection on item 2: the chair's summary shows it unopposed.
        mine.select_item(mine.vm.rows()[2].item_id)
        mine.stance_buttons["no_objection"].click()
        mine.vote_combo.setCurrentIndex(mine.vote_combo.findData("yes"))
        mine.save_action.trigger()
        await wait_until(lambda: shown(mine)[2] == ("2", "No objection · Yes"))
        await wait_until(
            lambda: (
                summary(chairs)
                == [
                    ["1", "0", "1", "0", "0", "1", "0", ""],
                    ["1.1", "0", "0", "0", "0", "0", "0", ""],
                    ["2", "1", "0", "0", "1", "0", "0", "Yes"],
                ]
            )
        )

        # Changing my mind replaces the position; the form shows what I marked.
        mine.select_item(mine.vm.rows()[0].item_id)
        assert mine.stance_buttons["object"].isChecked()
        assert mine.vote_combo.currentData() == "no"
        mine.stance_buttons["wish_to_speak"].click()
        mine.vote_combo.setCurrentIndex(0)
        mine.save_action.trigger()
        await wait_until(lambda: shown(mine)[0] == ("1", "Wish to speak"))
        await wait_until(lambda: summary(chairs)[0] == ["1", "0", "0", "1", "0", "0", "0", ""])


async def test_guest_cannot_mark_and_the_server_says_so(
    live: LiveServer,  # noqa: F811
    meeting: int,
    qtbot,
) -> None:
    async with live.client("khach") as guest:
        panel = await open_panel(qtbot, guest, meeting)
        assert panel.summary_box.isHidden()
        panel.items.setCurrentItem(panel.items.topLevelItem(0))
        assert not panel.form.isEnabled()
        item_id = panel.vm.rows()[0].item_id
        panel.vm.mark(item_id, "object")
        await wait_until(lambda: panel.message.kind == "error")
        assert "not allowed to mark a position" in panel.message.label.text()
        assert shown(panel)[0] == ("1", "not marked")
        panel.vm.refresh_summary()
        await wait_until(lambda: "not allowed to see the summary" in panel.message.label.text())
