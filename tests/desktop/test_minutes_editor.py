"""The minutes editor against a real server: draft from the record, edit and save (Ctrl+S),
a conflicting save by a second secretary, reload, finalize with a confirmation, the PDF;
and a member, who may not see the draft."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QPlainTextEdit

from desktop.client import Client
from desktop.viewmodels.minutes import MinutesViewModel
from desktop.widgets.minutes_editor import MinutesEditor
from protocol import minutes as pm
from tests.desktop.test_meeting_editor import wait_until
from tests.integration.conftest import LiveServer, live  # noqa: F401
from tests.server.test_minutes import hold, prepare


def open_editor(qtbot, client: Client, mid: int, session: Any = None) -> MinutesEditor:
    vm = MinutesViewModel(client, mid, asyncio.ensure_future, session=session, title="Tháng 12")
    editor = MinutesEditor(vm)
    qtbot.addWidget(editor)
    editor.resize(900, 700)
    editor.show()
    vm.load()
    return editor


def type_text(edit: QPlainTextEdit, text: str) -> None:
    """Type at the end, as a user would (the document becomes modified)."""
    cursor = edit.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    edit.setTextCursor(cursor)
    edit.insertPlainText(text)


async def test_secretariat_drafts_edits_and_finalizes(live: LiveServer, qtbot, monkeypatch) -> None:  # noqa: F811
    p = prepare(live.domain)
    hold(live.domain, p)
    live.domain.user("thuky2", ["secretariat"], full_name="Phan Văn Hai")
    mid = p["mid"]
    async with live.client("thuky") as client, live.client("thuky2") as other:
        session = await client.join(mid, attend=False)
        editor = open_editor(qtbot, client, mid, session)
        vm = editor.vm
        await wait_until(lambda: not vm.busy)
        assert editor.status.text() == "Status: Not drafted yet"
        assert editor.text_edit.isReadOnly() and not editor.finalize_action.isEnabled()

        # Draft from the record: no question asked the first time.
        editor.draft_action.trigger()
        await wait_until(lambda: vm.info is not None)
        assert "Chủ tọa: Phạm Minh Chính" in editor.text_edit.toPlainText()
        assert editor.status.text() == "Status: Draft"
        assert not editor.text_edit.isReadOnly() and not editor.save_action.isEnabled()

        # Edit and save with Ctrl+S.
        type_text(editor.text_edit, "Ghi chú của Thư ký.\n")
        assert editor.save_action.isEnabled()
        assert editor.save_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Save)
        qtbot.keyClick(editor.text_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        await wait_until(lambda: vm.revision == 2)
        assert editor.message.label.text() == "Saved."
        assert not editor.modified and vm.text.endswith("Ghi chú của Thư ký.\n")

        # A second secretary saves first: a notice, then our save is refused, text kept.
        await other.call(pm.MinutesUpdate, meeting_id=mid, revision=2, text=vm.text + "Bổ sung.")
        await wait_until(lambda: editor.message.kind == "notice")
        assert "revision 3" in editor.message.label.text()
        type_text(editor.text_edit, "Sửa của tôi.")
        editor.save_action.trigger()
        await wait_until(lambda: editor.message.kind == "error")
        assert "Reload them" in editor.message.label.text()
        assert editor.text_edit.toPlainText().endswith("Sửa của tôi.") and vm.revision == 2

        # Reload (discarding the unsaved edit, after a question), then finalize.
        asked: list[str] = []

        def confirm(title: str, question: str) -> bool:
            asked.append(title)
            return True

        monkeypatch.setattr(editor, "_confirm", confirm)
        editor.reload_action.trigger()
        await wait_until(lambda: vm.revision == 3)
        assert editor.text_edit.toPlainText().endswith("Bổ sung.") and not editor.modified
        editor.finalize_action.trigger()
        await wait_until(lambda: vm.finalized)
        assert asked == ["Reload", "Finalize the minutes"]
        assert editor.status.text() == (
            "Status: Finalized — awaiting the chair's signature · No. 1/BB-VPCP"
        )
        assert "sent to the chair for signing" in editor.message.label.text()
        assert editor.text_edit.isReadOnly() and not editor.draft_action.isEnabled()
        assert editor.pdf_action.isEnabled()
        pdfs: list[bytes] = []
        vm.pdf_downloaded.connect(pdfs.append)
        vm.download_pdf()
        await wait_until(lambda: bool(pdfs))
        assert pdfs[0].startswith(b"%PDF") and len(pdfs[0]) == vm.info.size


async def test_a_member_cannot_open_the_draft(live: LiveServer, qtbot) -> None:  # noqa: F811
    p = prepare(live.domain)
    hold(live.domain, p)
    live.domain.do(p["sec"], pm.MinutesDraft, meeting_id=p["mid"])
    async with live.client("botruong1") as client:
        editor = open_editor(qtbot, client, p["mid"])
        await wait_until(lambda: editor.message.kind == "error")
        assert "only the secretariat and the chair" in editor.message.label.text()
        editor.draft_action.trigger()
        await wait_until(lambda: "minutes.edit" in editor.message.label.text())
        assert editor.vm.info is None
