"""Putting a document up for signing from the decisions window, on real view models
against a live server: the secretary picks the meeting, the PDF of an agenda item, the
kind, number, signer and authority lines; the decision then waits for that signer, who
sees it in their own window.  What is missing is refused in the dialog (nothing is
sent), the server's refusal is shown there, a member is not offered the action, and
under Vietnamese the dialog shows no English."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from desktop.app import install_translator
from desktop.client import Client
from desktop.client import decisions as flow
from desktop.viewmodels.decision_prepare import preparable_meetings
from desktop.viewmodels.decisions import DecisionsViewModel
from desktop.widgets.decisions_panel import DecisionsPanel
from desktop.widgets.prepare_dialog import PrepareDialog
from protocol import agenda as ag
from protocol.decisions import DecisionKind, DecisionState
from protocol.errors import PermissionDenied
from protocol.meeting_state import Classification, MeetingState
from protocol.meetings import MeetingSummary
from server.demo_documents import make_pdf
from tests.desktop.test_meeting_room import until
from tests.integration.conftest import LiveServer, live  # noqa: F401

RESOLUTION = "Nghị quyết phiên họp Chính phủ thường kỳ tháng 12"
REPORT = "Báo cáo tình hình kinh tế - xã hội"


async def _meeting(server: LiveServer) -> tuple[int, list[int]]:
    """The secretary, the chair, a deputy prime minister and a minister; a meeting with
    two agenda items, each with a real PDF.  Returns (meeting id, version ids)."""
    d = server.domain
    sec = d.user("thuky", ["secretariat"], full_name="Nguyễn Thư Ký")
    chair = d.user("thutuong", ["chair"], full_name="Phạm Minh Chính")
    deputy = d.user("phothutuong", ["member"], full_name="Trần Hồng Hà")
    minister = d.user("botruong", ["member"], full_name="Nguyễn Chí Dũng")
    mid = d.meeting(sec, chair=chair, members=[deputy, minister])
    versions = []
    async with server.client("thuky") as client:
        for title, filename in ((RESOLUTION, "nghi-quyet.pdf"), (REPORT, "bao-cao.pdf")):
            item = d.do(sec, ag.AgendaAddItem, meeting_id=mid, title=title)
            pdf = make_pdf(title, ["Điều 1. Thông qua.", "Điều 2. Tổ chức thực hiện."], 2)
            done = await client.upload_document(int(item["item_id"]), pdf, filename)
            versions.append(int(done["version_id"]))
    return mid, versions


def _panel(client: Client, qtbot: QtBot, meeting_id: int | None = None) -> DecisionsPanel:
    vm = DecisionsViewModel(client, asyncio.ensure_future, meeting_id=meeting_id, key_paths={})
    panel = DecisionsPanel(vm)
    qtbot.addWidget(panel)
    return panel


async def _open_dialog(panel: DecisionsPanel) -> PrepareDialog:
    await until(lambda: panel.vm.meetings_loaded)
    assert panel.prepare_action.isVisible()
    panel.prepare_action.trigger()
    dialog = panel.prepare_dialog
    assert isinstance(dialog, PrepareDialog) and dialog.isVisible()
    await until(lambda: dialog.document.count() == 2 and dialog.signer.count() == 3)
    return dialog


async def test_secretary_puts_a_resolution_up_for_the_chosen_signer(
    live: LiveServer,  # noqa: F811
    qtbot: QtBot,
) -> None:
    mid, (resolution, _report) = await _meeting(live)
    async with live.client("thuky") as sec, live.client("phothutuong") as deputy:
        assert deputy.user is not None
        panel = _panel(sec, qtbot)
        await until(lambda: panel.vm.meetings_loaded)
        assert panel.prepare_action.shortcut() == QKeySequence("Ctrl+N")
        assert not panel.buttons["prepare_action"].isHidden()
        assert not panel.scope.isHidden() and panel.scope.count() == 2  # waiting for me + 1
        dialog = await _open_dialog(panel)

        # What the form offers: the meeting, both agenda PDFs, the chair first.
        assert dialog.meeting.currentData() == mid
        assert "Phiên họp Chính phủ thường kỳ tháng 12" in dialog.meeting.currentText()
        assert [dialog.document.itemData(i) for i in range(2)] == [resolution, _report]
        assert "nghi-quyet.pdf" in dialog.document.itemText(0)
        assert "bao-cao.pdf" in dialog.document.itemText(1)
        assert dialog.title_edit.text() == RESOLUTION  # from the agenda item
        assert dialog.chosen_kind() is DecisionKind.RESOLUTION
        names = [dialog.signer.itemText(i) for i in range(dialog.signer.count())]
        assert names[0] == "Phạm Minh Chính" and set(names[1:]) == {
            "Trần Hồng Hà",
            "Nguyễn Chí Dũng",
        }
        assert [a.text() for a in dialog.authority] == ["TM. CHÍNH PHỦ", "THỦ TƯỚNG"]

        # Choosing the report retitles; an attachment has no signer and no authority lines.
        dialog.document.setCurrentIndex(1)
        assert dialog.title_edit.text() == REPORT
        dialog.kind.setCurrentIndex(dialog.kind.findData(DecisionKind.ATTACHMENT.value))
        assert not dialog.signer.isEnabled() and not dialog.authority[0].isEnabled()
        dialog.kind.setCurrentIndex(dialog.kind.findData(DecisionKind.RESOLUTION.value))
        assert dialog.signer.isEnabled() and dialog.authority[1].isEnabled()
        dialog.document.setCurrentIndex(0)
        assert dialog.title_edit.text() == RESOLUTION

        # An empty number is refused in the dialog, and nothing reaches the server.
        dialog.ok_button.click()
        await until(lambda: "number and symbol" in dialog.message.text())
        assert dialog.isVisible()
        dialog.number.setText("215")
        dialog.ok_button.click()
        await until(lambda: "slash" in dialog.message.text())
        await asyncio.sleep(0.2)
        assert await flow.list_decisions(sec, mid) == []

        # Filled in: the deputy prime minister signs on behalf of the Prime Minister.
        dialog.number.setText("215/NQ-CP")
        dialog.select(dialog.signer, deputy.user.id)
        dialog.authority[0].setText("KT. THỦ TƯỚNG")
        dialog.authority[1].setText("PHÓ THỦ TƯỚNG")
        dialog.ok_button.click()
        await until(lambda: not dialog.isVisible())
        await until(lambda: panel.table.rowCount() == 1)
        assert panel.vm.meeting_id == mid and panel.scope.currentData() == mid
        assert panel.windowTitle() == "Decisions of the meeting"
        row = [panel.table.item(0, c).text() for c in range(5)]
        assert row == ["215/NQ-CP", RESOLUTION, "Resolution", "Awaiting signature", "Trần Hồng Hà"]
        assert panel.selected() is not None and "215/NQ-CP" in panel.status.text()
        assert not panel.sign_action.isEnabled()  # the secretary does not sign it

        prepared = (await flow.list_decisions(sec, mid))[0]
        assert prepared.state is DecisionState.AWAITING_SIGNATURE
        assert prepared.signer_user_id == deputy.user.id
        assert prepared.authority_lines == ["KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG"]
        assert prepared.kind is DecisionKind.RESOLUTION and prepared.title == RESOLUTION

        # The signer's own window: waiting for them, Sign offered.
        signer = _panel(deputy, qtbot)
        await until(lambda: signer.table.rowCount() == 1)
        assert signer.table.item(0, 0).text() == "215/NQ-CP"
        assert signer.table.item(0, 3).text() == "Awaiting signature"
        assert signer.sign_action.isEnabled()
        assert signer.prepare_action.isVisible() is False  # a member prepares nothing

        # Back to "waiting for me": nothing waits for the secretary.
        panel.scope.setCurrentIndex(0)
        panel.scope.activated.emit(0)
        await until(lambda: panel.vm.meeting_id is None and panel.table.rowCount() == 0)
        assert panel.windowTitle() == "Decisions to sign"


async def test_a_member_is_not_offered_to_put_anything_up_for_signing(
    live: LiveServer,  # noqa: F811
    qtbot: QtBot,
) -> None:
    mid, (resolution, _report) = await _meeting(live)
    async with live.client("botruong") as member:
        panel = _panel(member, qtbot, meeting_id=mid)
        await until(lambda: panel.vm.meetings_loaded)
        assert not panel.vm.can_prepare
        assert not panel.prepare_action.isVisible()
        assert panel.buttons["prepare_action"].isHidden() and panel.scope.isHidden()
        panel.prepare_action.trigger()  # even the shortcut's action opens nothing
        assert panel.prepare_dialog is None
        assert panel.open_prepare_dialog() is None
        with pytest.raises(PermissionDenied):  # and the server refuses them anyway
            await flow.prepare(
                member, resolution, "resolution", "216/NQ-CP", signer_user_id=member.user.id
            )
        assert await flow.list_decisions(member, mid) == []


async def test_the_servers_refusal_is_shown_in_the_dialog(
    live: LiveServer,  # noqa: F811
    qtbot: QtBot,
) -> None:
    mid, (resolution, _report) = await _meeting(live)
    async with live.client("thuky") as sec, live.client("thutuong") as chair:
        assert chair.user is not None
        await flow.prepare(
            sec,
            resolution,
            DecisionKind.RESOLUTION,
            "215/NQ-CP",
            signer_user_id=chair.user.id,
            authority_lines=["TM. CHÍNH PHỦ", "THỦ TƯỚNG"],
        )
        panel = _panel(sec, qtbot)
        dialog = await _open_dialog(panel)
        dialog.number.setText("216/NQ-CP")
        dialog.ok_button.click()  # the same document again
        await until(lambda: "already in signing" in dialog.message.text())
        assert dialog.isVisible() and dialog.ok_button.isEnabled()
        assert [d.number_symbol for d in await flow.list_decisions(sec, mid)] == ["215/NQ-CP"]

        # The other document goes through.
        dialog.document.setCurrentIndex(1)
        dialog.kind.setCurrentIndex(dialog.kind.findData(DecisionKind.ATTACHMENT.value))
        dialog.number.setText("216/PL-CP")
        dialog.ok_button.click()
        await until(lambda: not dialog.isVisible())
        await until(lambda: panel.table.rowCount() == 2)
        attached = next(d for d in panel.vm.decisions if d.number_symbol == "216/PL-CP")
        assert attached.state is DecisionState.AWAITING_SEAL and attached.signer_user_id is None


@pytest.fixture
def vietnamese(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    install_translator(qapp, "vi", build_dir=tmp_path / "i18n")
    yield
    install_translator(qapp, "en")


def _shown_texts(dialog: PrepareDialog) -> list[str]:
    texts = [dialog.windowTitle(), dialog.number.placeholderText()]
    texts += [w.text() for w in dialog.findChildren(QLabel) if w.text()]
    texts += [w.text() for w in dialog.findChildren(QPushButton)]
    texts += [w.toolTip() for w in dialog.findChildren(QLineEdit) if w.toolTip()]
    texts += [dialog.kind.itemText(i) for i in range(dialog.kind.count())]
    return [t for t in texts if t]


async def test_the_dialog_speaks_vietnamese(
    live: LiveServer,  # noqa: F811
    qtbot: QtBot,
    vietnamese: None,
) -> None:
    await _meeting(live)
    async with live.client("thuky") as sec:
        panel = _panel(sec, qtbot)
        dialog = await _open_dialog(panel)
        assert panel.prepare_action.text() == "Trình ký…"
        assert dialog.windowTitle() == "Trình ký"
        assert dialog.kind.itemText(0) == "Nghị quyết"
        dialog.ok_button.click()
        await until(lambda: dialog.message.text().startswith("Nhập số, ký hiệu"))
        shown = _shown_texts(dialog)

        install_translator(QApplication.instance(), "en")  # type: ignore[arg-type]
        english = PrepareDialog(panel.vm.prepare_model(), None, panel)
        qtbot.addWidget(english)
        await until(lambda: english.document.count() == 2)
        english.ok_button.click()
        await until(lambda: bool(english.message.text()))
        in_english = set(_shown_texts(english))
        assert "Put up for signing" in in_english  # the comparison sees English
        leftover = [text for text in shown if text in in_english]
        assert not leftover, f"English left in the Vietnamese dialog: {leftover}"


def test_who_may_prepare_in_which_meeting() -> None:
    """``decision.prepare``: the global secretariat in every meeting that is not cancelled,
    a meeting's own secretariat in that meeting, nobody else."""

    def summary(meeting_id: int, my_role: str | None, state: str = "published") -> MeetingSummary:
        return MeetingSummary(
            id=meeting_id,
            title=f"Phiên họp {meeting_id}",
            starts_at=f"2026-12-0{meeting_id}T08:00:00+07:00",
            ends_at=f"2026-12-0{meeting_id}T17:00:00+07:00",
            mode="online",
            location="",
            classification=Classification.NORMAL,
            state=MeetingState(state),
            my_role=my_role,
        )

    listed = [
        summary(1, None),
        summary(2, "secretariat", "ended"),
        summary(3, "member"),
        summary(4, "secretariat", "cancelled"),
    ]
    assert [m.meeting_id for m in preparable_meetings(listed, ["secretariat"])] == [3, 2, 1]
    assert [m.meeting_id for m in preparable_meetings(listed, ["member"])] == [2]
    assert [m.meeting_id for m in preparable_meetings(listed, ["chair", "clerk"])] == [2]
    assert preparable_meetings(listed[2:3], ["member", "chair", "clerk"]) == []
    assert preparable_meetings(listed, ["secretariat"])[0].label == "Phiên họp 3 (03/12/2026)"
