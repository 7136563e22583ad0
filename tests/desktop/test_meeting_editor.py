"""The secretariat's meeting editor against a real server: create, invite, build the
agenda, reorder by drag and drop, attach and replace PDFs, publish; and a member who
opens it sees it read-only and gets the server's refusal."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QComboBox

from desktop.client import Client
from desktop.viewmodels.meeting_editor import MeetingEditorViewModel
from desktop.widgets.meeting_editor import TZ, MeetingEditor
from protocol import agenda as ag
from server.demo_documents import make_pdf
from tests.integration.conftest import LiveServer, live  # noqa: F401

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


async def wait_until(predicate: Callable[[], object], timeout: float = 10.0) -> None:
    """Let Qt and asyncio both run until ``predicate()`` holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("timed out waiting for the editor")
        QApplication.processEvents()
        await asyncio.sleep(0.01)


def numbered_titles(editor: MeetingEditor) -> list[tuple[str, str]]:
    """What the agenda tree shows, depth-first: (number, title)."""
    model, out = editor.agenda_model, []

    def walk(parent: QModelIndex) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            out.append((index.data(), index.siblingAtColumn(1).data()))
            walk(index)

    walk(QModelIndex())
    return out


def index_of(editor: MeetingEditor, title: str) -> QModelIndex:
    found = editor.agenda_model.match(
        editor.agenda_model.index(0, 1),
        Qt.ItemDataRole.DisplayRole,
        title,
        1,
        Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
    )
    assert found, f"{title!r} is not in the agenda tree"
    return found[0].siblingAtColumn(0)


def drop(editor: MeetingEditor, title: str, row: int, onto: str | None) -> None:
    """What the tree view does on a drop: hand the dragged rows to the model."""
    model = editor.agenda_model
    data = model.mimeData([index_of(editor, title)])
    parent = index_of(editor, onto) if onto is not None else QModelIndex()
    model.dropMimeData(data, Qt.DropAction.MoveAction, row, 0, parent)


def choose(combo: QComboBox, data: object) -> None:
    """Pick the entry with ``data`` as a user would (``activated`` is emitted)."""
    index = combo.findData(data)
    assert index >= 0, f"{data!r} is not offered"
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


async def rename(editor: MeetingEditor, old: str, new: str) -> None:
    """Rename in place: what the tree's editor commits."""
    editor.agenda_model.setData(index_of(editor, old).siblingAtColumn(1), new)
    await wait_until(lambda: any(t == new for _, t in numbered_titles(editor)))


@pytest.fixture
def people(live: LiveServer):  # noqa: F811
    d = live.domain
    return {
        "sec": d.user("thuky", ["secretariat"], full_name="Trần Thị Thư"),
        "sec2": d.user("thuky2", ["secretariat"], full_name="Phan Văn Hai"),
        "chair": d.user("chutri", ["chair"], full_name="Lê Minh Chính"),
        "m1": d.user("bokhdt", ["member"], full_name="Phạm Quốc Hưng"),
        "m2": d.user("botc", ["member"], full_name="Hồ Đức Phớc"),
        "deputy": d.user("thutruong", ["member"], full_name="Đỗ Thành Trung"),
    }


def open_editor(qtbot, client: Client, meeting_id: int | None = None) -> MeetingEditor:
    vm = MeetingEditorViewModel(client, asyncio.ensure_future)
    editor = MeetingEditor(vm)
    qtbot.addWidget(editor)
    editor.resize(1280, 800)
    editor.show()
    if meeting_id is not None:
        vm.open(meeting_id)
    return editor


async def test_secretariat_prepares_and_publishes_a_meeting(
    live: LiveServer,  # noqa: F811
    people,
    qtbot,
    tmp_path: Path,
) -> None:
    async with live.client("thuky") as client, live.client("thuky2") as other:
        editor = open_editor(qtbot, client)
        vm = editor.vm
        assert editor.tabs.currentIndex() == 1, "a new meeting starts on its details"

        # Details → the meeting is created as a draft.
        title = "Phiên họp Chính phủ thường kỳ tháng 12"
        editor.title_edit.setText(title)
        start = QDateTime.fromString("2026-12-03T08:00:00+07:00", Qt.DateFormat.ISODate)
        editor.starts_edit.setDateTime(start.toTimeZone(TZ))
        editor.ends_edit.setDateTime(start.addSecs(9 * 3600).toTimeZone(TZ))
        choose(editor.mode_combo, "hybrid")
        editor.location_edit.setText("Phòng họp Chính phủ, Hà Nội")
        choose(editor.classification_combo, "mat")
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: vm.meeting_id is not None)
        mid = vm.meeting_id
        assert mid is not None
        assert editor.heading.text() == title
        assert "Draft" in editor.subheading.text() and "Mật" in editor.subheading.text()
        assert vm.view is not None and vm.view.starts_at == "2026-12-03T08:00:00+07:00"
        assert editor.message.label.text() == "Meeting created as a draft."

        # Participants with roles, a substitute with the vote delegated.
        await wait_until(lambda: editor.invite_user_combo.count() == 6)
        for who, role in (("chair", "chair"), ("m1", "member"), ("m2", "member")):
            choose(editor.invite_role_combo, role)
            choose(editor.invite_user_combo, people[who].user_id)
            qtbot.mouseClick(editor.invite_button, Qt.MouseButton.LeftButton)
            await wait_until(lambda w=who: people[w].user_id in vm.view.participants)
        table = editor.participant_table
        await wait_until(lambda: table.rowCount() == 3)
        assert [table.item(r, 0).text() for r in range(3)] == [
            "Lê Minh Chính",
            "Phạm Quốc Hưng",
            "Hồ Đức Phớc",
        ]
        assert [table.cellWidget(r, 3).currentText() for r in range(3)] == [
            "Chair",
            "Member",
            "Member",
        ]
        choose(table.cellWidget(2, 4), people["deputy"].user_id)
        await wait_until(lambda: table.cellWidget(2, 4).currentText().startswith("Đỗ Thành Trung"))
        table.item(2, 5).setCheckState(Qt.CheckState.Checked)
        await wait_until(lambda: vm.view.participants[people["m2"].user_id].vote_delegated)
        await wait_until(lambda: table.item(2, 5).checkState() == Qt.CheckState.Checked)

        # A second secretary follows the same meeting in their own editor.
        second = open_editor(qtbot, other, mid)
        await wait_until(lambda: second.vm.view is not None)

        # A two-level agenda, renamed in place.
        editor.add_item_action.trigger()
        await wait_until(lambda: len(numbered_titles(editor)) == 1)
        await rename(editor, "New item", "Báo cáo kinh tế - xã hội")
        editor.select_item(vm.agenda()[0].item_id)
        editor.add_item_action.trigger()  # after the selected one, on the same level
        await wait_until(lambda: len(numbered_titles(editor)) == 2)
        await rename(editor, "New item", "Dự thảo Nghị định về văn thư điện tử")
        editor.agenda_tree.setCurrentIndex(index_of(editor, "Báo cáo kinh tế - xã hội"))
        editor.add_child_action.trigger()
        await wait_until(lambda: len(numbered_titles(editor)) == 3)
        await rename(editor, "New sub-item", "Tình hình sản xuất công nghiệp")
        editor.add_child_action.trigger()
        await wait_until(lambda: len(numbered_titles(editor)) == 4)
        await rename(editor, "New sub-item", "Thu, chi ngân sách")
        expected = [
            ("1", "Báo cáo kinh tế - xã hội"),
            ("1.1", "Tình hình sản xuất công nghiệp"),
            ("1.2", "Thu, chi ngân sách"),
            ("2", "Dự thảo Nghị định về văn thư điện tử"),
        ]
        assert numbered_titles(editor) == expected
        await wait_until(lambda: numbered_titles(second) == expected)

        # Presenter and planned time of the selected item.
        editor.agenda_tree.setCurrentIndex(index_of(editor, "Báo cáo kinh tế - xã hội"))
        choose(editor.presenter_combo, people["m1"].user_id)
        editor.minutes_spin.setValue(30)
        editor.minutes_spin.editingFinished.emit()
        first_id = vm.agenda()[0].item_id
        await wait_until(lambda: vm.view.items[first_id].planned_minutes == 30)
        await wait_until(lambda: vm.view.items[first_id].presenter_user_id is not None)
        top = index_of(editor, "Báo cáo kinh tế - xã hội")
        assert top.siblingAtColumn(2).data() == "Phạm Quốc Hưng"
        assert top.siblingAtColumn(3).data() == "30"

        # Drag and drop: item 2 to the top, then "1.2" onto it (as its sub-item).
        drop(editor, "Dự thảo Nghị định về văn thư điện tử", 0, None)
        await wait_until(lambda: numbered_titles(editor)[0][1].startswith("Dự thảo"))
        drop(editor, "Thu, chi ngân sách", -1, "Dự thảo Nghị định về văn thư điện tử")
        expected = [
            ("1", "Dự thảo Nghị định về văn thư điện tử"),
            ("1.1", "Thu, chi ngân sách"),
            ("2", "Báo cáo kinh tế - xã hội"),
            ("2.1", "Tình hình sản xuất công nghiệp"),
        ]
        await wait_until(lambda: numbered_titles(editor) == expected)
        await wait_until(lambda: numbered_titles(second) == expected)
        # A drop the server refuses: an item under its own sub-item.
        drop(editor, "Báo cáo kinh tế - xã hội", -1, "Tình hình sản xuất công nghiệp")
        await wait_until(editor.message.isVisible)
        await wait_until(lambda: editor.message.kind == "error")
        assert "cannot be moved under itself" in editor.message.label.text()
        assert numbered_titles(editor) == expected

        # Attach a PDF: the progress bar goes to 100 %, the document is listed as v1.
        editor.agenda_tree.setCurrentIndex(index_of(editor, "Báo cáo kinh tế - xã hội"))
        pdf = tmp_path / "to-trinh.pdf"
        pdf.write_bytes(make_pdf("Tờ trình về tình hình kinh tế - xã hội", ["Nội dung."] * 3, 40))
        assert pdf.stat().st_size > 0
        editor.choose_file = lambda _parent, _title: str(pdf)
        progress: list[int] = []
        vm.upload_progressed.connect(progress.append)
        editor.attach_action.trigger()
        await wait_until(lambda: editor.documents.topLevelItemCount() == 1, timeout=30)
        doc = editor.documents.topLevelItem(0)
        assert (doc.text(0), doc.text(1), doc.text(2)) == ("to-trinh.pdf", "v1", "40")
        await wait_until(
            lambda: editor.upload_label.text() == "to-trinh.pdf attached as version 1."
        )
        assert editor.progress.value() == 100 and progress[-1] == 100
        assert progress == sorted(progress)

        # A new version replaces it: version 2 is listed.
        pdf2 = tmp_path / "to-trinh-v2.pdf"
        pdf2.write_bytes(make_pdf("Tờ trình (bản sửa đổi)", ["Nội dung đã sửa."], 5))
        editor.choose_file = lambda _parent, _title: str(pdf2)
        editor.version_action.trigger()
        await wait_until(
            lambda: editor.documents.topLevelItem(0).text(1) == "v2",
            timeout=30,
        )
        assert editor.documents.topLevelItemCount() == 1
        assert editor.documents.topLevelItem(0).text(0) == "to-trinh-v2.pdf"
        assert (
            index_of(editor, "Báo cáo kinh tế - xã hội").siblingAtColumn(4).data() == "1 PDF (v2)"
        )
        await wait_until(lambda: editor.upload_label.text().endswith("as version 2."))
        assert editor.progress.value() == 100

        # Not a PDF: the server refuses and says why, in the editor.
        fake = tmp_path / "bao-cao.pdf"
        fake.write_bytes(b"This is a plain text file, not a PDF.\n" * 20)
        editor.choose_file = lambda _parent, _title: str(fake)
        editor.attach_action.trigger()
        await wait_until(lambda: editor.message.kind == "error", timeout=30)
        assert "PDF" in editor.message.label.text()
        assert editor.message.isVisible()
        assert editor.upload_label.text() == "Upload refused."
        assert editor.documents.topLevelItemCount() == 1

        # Publish.
        assert editor.publish_button.isEnabled()
        qtbot.mouseClick(editor.publish_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: "Published" in editor.subheading.text())
        await wait_until(lambda: "Published" in second.subheading.text())
        assert not editor.publish_button.isEnabled()
        await wait_until(lambda: editor.message.label.text().startswith("Meeting published"))


async def test_member_sees_the_editor_read_only_and_the_server_refuses(
    live: LiveServer,  # noqa: F811
    people,
    qtbot,
) -> None:
    d = live.domain
    mid = d.meeting(people["sec"], chair=people["chair"], members=[people["m1"]])
    d.do(people["sec"], ag.AgendaAddItem, meeting_id=mid, title="Báo cáo kinh tế - xã hội")
    async with live.client("bokhdt") as client:
        editor = open_editor(qtbot, client, mid)
        await wait_until(lambda: editor.vm.view is not None and numbered_titles(editor))
        assert numbered_titles(editor) == [("1", "Báo cáo kinh tế - xã hội")]
        assert editor.notice.isVisible()
        assert "only its secretariat can change it" in editor.notice.label.text()
        assert not editor.add_item_action.isEnabled()
        assert not editor.title_edit.isEnabled()
        assert not editor.invite_button.isEnabled()
        assert not editor.publish_button.isEnabled()
        assert not editor.agenda_tree.dragEnabled()
        first = index_of(editor, "Báo cáo kinh tế - xã hội").siblingAtColumn(1)
        assert not first.flags() & Qt.ItemFlag.ItemIsEditable
        editor.agenda_tree.setCurrentIndex(first)
        assert not editor.attach_action.isEnabled()

        # Even if a change is sent, the server refuses and the editor says so.
        editor.vm.add_item("Mục không được phép")
        await wait_until(lambda: editor.message.kind == "error")
        assert "not allowed to edit the agenda" in editor.message.label.text()
        assert numbered_titles(editor) == [("1", "Báo cáo kinh tế - xã hội")]
        editor.vm.unpublish()
        await wait_until(lambda: "not allowed to edit this meeting" in editor.message.label.text())


async def test_editor_screenshot(live: LiveServer, qtbot, tmp_path: Path) -> None:  # noqa: F811
    """The editor on the demo meeting at 1280×800 (written to docs/screenshots when
    ECABINET_SCREENSHOTS=1)."""
    from desktop.app import install_translator

    publish = os.environ.get("ECABINET_SCREENSHOTS") == "1"
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if publish:  # the published screenshot shows the app as users see it: in Vietnamese
        install_translator(app, "vi")
    try:
        await _editor_screenshot(live, qtbot, tmp_path, publish)
    finally:
        if publish:
            install_translator(app, "en")


async def _editor_screenshot(live: LiveServer, qtbot, tmp_path: Path, publish: bool) -> None:  # noqa: F811
    from server.demo import DEMO_PASSWORD, DEMO_TITLE, load_demo

    await asyncio.to_thread(load_demo, live.domain.runner)
    async with Client(live.url) as client:
        await client.login("thuky", DEMO_PASSWORD)
        mid = next(m.id for m in await client.list_meetings() if m.title == DEMO_TITLE)
        editor = open_editor(qtbot, client, mid)
        vm = editor.vm
        await wait_until(lambda: len(numbered_titles(editor)) == 6)
        first = vm.agenda()[0].item_id
        for title in ("Tình hình sản xuất, kinh doanh", "Giải ngân vốn đầu tư công"):
            vm.add_child(first, title)
        await wait_until(lambda: len(numbered_titles(editor)) == 8)
        await wait_until(lambda: editor.invite_user_combo.count() > 0)
        editor.select_item(first)
        document_id = vm.agenda()[0].documents[0].document_id
        pdf = make_pdf("Tờ trình số 1/TTr-CP (bản sửa đổi)", ["Kính gửi: Các thành viên."], 4)
        vm.upload(first, pdf, "to-trinh-1.pdf", document_id=document_id)
        await wait_until(lambda: editor.documents.topLevelItem(0).text(1) == "v2")
        await wait_until(lambda: "2" in editor.upload_label.text())
        QApplication.processEvents()
        image = editor.grab().toImage()
        assert (image.width(), image.height()) == (1280, 800)
        image.save(str(tmp_path / "editor.png"))
        if publish:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            image.save(str(SCREENSHOTS / "secretariat_agenda_editor.png"))
