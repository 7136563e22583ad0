"""Annotations between a chair's and a member's viewer on a real server: a highlight made
on selected text and shared appears on the member's page, a private drawing does not,
undo/redo reach both sides, another's annotation cannot be deleted, and the export is a
PDF that other readers show."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
from collections.abc import AsyncIterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from desktop.client import Client
from desktop.viewmodels.annotations import AnnotationsViewModel, ExportRefused
from desktop.viewmodels.document import DocumentViewModel
from desktop.widgets.annotation_overlay import AnnotationToolBar, Tool, attach_annotations
from desktop.widgets.document_viewer import DocumentViewer
from protocol import agenda as ag
from server.demo_documents import make_pdf
from tests.desktop.test_meeting_room import until
from tests.integration.conftest import LiveServer, live  # noqa: F401

PARAGRAPHS = [
    "Giao Bộ Tư pháp thẩm định dự thảo Nghị định trước ngày 15 tháng 6.",
    "Bộ Tài chính tổng hợp dự toán ngân sách nhà nước năm 2026.",
]
YELLOW = QColor("#ffd54f")


@dataclass
class Side:
    client: Client
    vm: AnnotationsViewModel
    viewer: DocumentViewer
    bar: AnnotationToolBar


@contextlib.asynccontextmanager
async def side(qtbot: QtBot, client: Client, session, pdf: bytes, version_id: int):
    """A viewer with annotations attached, showing page 1 of the version."""
    vm = AnnotationsViewModel(client, session, asyncio.ensure_future)
    doc = DocumentViewModel()
    viewer = DocumentViewer(doc)
    qtbot.addWidget(viewer)
    bar = attach_annotations(viewer, vm)
    viewer.resize(1100, 800)
    viewer.show()
    qtbot.waitExposed(viewer)
    try:
        doc.open(pdf, version_id=version_id, title="Tờ trình")
        await until(lambda: viewer.canvas.image_page == 1 and vm.version_id == version_id)
        await until(lambda: not vm.loading)
        yield Side(client, vm, viewer, bar)
    finally:
        doc.shutdown()


@dataclass
class Meeting:
    chair: Side
    member: Side
    pdf: bytes
    secretariat: Client
    item_id: int
    document_id: int
    version_id: int


@contextlib.asynccontextmanager
async def meeting(live: LiveServer, qtbot: QtBot) -> AsyncIterator[Meeting]:  # noqa: F811
    d = live.domain
    sec = d.user("thuky", ["secretariat"])
    chair = d.user("chutri", ["chair"], full_name="Phạm Minh Chính")
    member = d.user("thanhvien", ["member"], full_name="Hồ Đức Phớc")
    mid = d.meeting(sec, chair=chair, members=[member], start=True)
    pdf = make_pdf("Tờ trình số 12/TTr-CP", PARAGRAPHS, pages=2)
    async with (
        live.client("thuky") as sec_client,
        live.client("chutri") as chair_client,
        live.client("thanhvien") as member_client,
    ):
        item = await sec_client.call(ag.AgendaAddItem, meeting_id=mid, title="Dự án Luật")
        uploaded = await sec_client.upload_document(item["item_id"], pdf, "to-trinh.pdf")
        version = uploaded["version_id"]
        chair_session = await chair_client.join(mid)
        member_session = await member_client.join(mid)
        async with (
            side(qtbot, chair_client, chair_session, pdf, version) as chair_side,
            side(qtbot, member_client, member_session, pdf, version) as member_side,
        ):
            yield Meeting(
                chair_side,
                member_side,
                pdf,
                sec_client,
                item["item_id"],
                uploaded["document_id"],
                version,
            )


def drag(qtbot: QtBot, viewer: DocumentViewer, start: QPoint, *points: QPoint) -> None:
    canvas = viewer.canvas
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    for point in points:
        qtbot.mouseMove(canvas, pos=point)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=points[-1])


def motto_band(viewer: DocumentViewer) -> QRectF:
    """The motto line near the top of page 1 (“Độc lập - Tự do - Hạnh phúc”)."""
    width, height = viewer.vm.page_size(1) or (0.0, 0.0)
    band = viewer.page_rect_to_view(1, (0.0, height - 95, width, height - 70))
    assert band is not None
    return band


def highlighted_pixels(viewer: DocumentViewer, rects: list[list[float]]) -> int:
    """Pixels of the highlight colour inside the highlight, on the viewer's page as shown."""
    image: QImage = viewer.canvas.grab().toImage()
    count = 0
    for rect in rects:
        box = viewer.page_rect_to_view(1, tuple(rect))  # type: ignore[arg-type]
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


async def test_shared_highlight_private_ink_undo_redo_delete_and_export(
    live: LiveServer,  # noqa: F811
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    async with meeting(live, qtbot) as m:
        chair, member, pdf = m.chair, m.member, m.pdf
        # A private freehand stroke on page 2.
        chair.viewer.vm.go_to(2)
        await until(lambda: chair.viewer.canvas.image_page == 2)
        chair.bar.set_tool(Tool.INK)
        assert chair.viewer.canvas.cursor().shape() == Qt.CursorShape.CrossCursor
        drag(qtbot, chair.viewer, QPoint(150, 200), QPoint(200, 230), QPoint(260, 210))
        await until(lambda: [a.kind for a in chair.vm.annotations] == ["ink"])
        ink = chair.vm.annotations[0]
        assert ink.page == 2 and len(ink.points) >= 3 and not ink.shared

        # Back on page 1: select the motto with the highlight tool.
        chair.viewer.vm.go_to(1)
        await until(lambda: chair.viewer.canvas.image_page == 1)
        chair.bar.set_tool(Tool.HIGHLIGHT)
        band = motto_band(chair.viewer)
        drag(qtbot, chair.viewer, band.topLeft().toPoint(), band.bottomRight().toPoint())
        await until(lambda: chair.vm.selected is not None and chair.vm.selected.kind == "highlight")
        highlight = chair.vm.annotations[1]
        assert highlight.kind == "highlight" and "Độc lập" in highlight.text
        assert highlight.page == 1 and highlight.rects
        assert chair.vm.selected == highlight, "a new annotation is selected"
        assert highlighted_pixels(chair.viewer, highlight.rects) > 50
        assert member.vm.annotations == [], "private until shared"

        # Share it: it appears on the member's page with the chair's name.
        assert chair.bar.share_action.isEnabled()
        chair.bar.share_action.trigger()
        await until(lambda: len(member.vm.annotations) == 1)
        seen = member.vm.annotations[0]
        assert seen.annotation_id == highlight.annotation_id and seen.shared
        assert seen.author_name == "Phạm Minh Chính"
        assert highlighted_pixels(member.viewer, seen.rects) > 50
        assert "Phạm Minh Chính" in member.bar.panel.list.item(0).text()
        assert all(a.kind != "ink" for a in member.vm.annotations), "the drawing stays private"

        # The member cannot delete the chair's highlight: the server says why.
        member.vm.select(seen.annotation_id)
        assert not member.bar.share_action.isEnabled(), "only the author shares"
        member.bar.delete_action.trigger()
        await until(lambda: member.bar.panel.message.isVisibleTo(member.bar.panel))
        assert "Only its author can delete" in member.bar.panel.message.label.text()
        assert len(member.vm.annotations) == 1 and len(chair.vm.annotations) == 2

        # Undo: no longer shared (gone from the member), then not there at all; redo back.
        assert chair.bar.undo_action.isEnabled() and not chair.bar.redo_action.isEnabled()
        chair.bar.undo_action.trigger()
        await until(lambda: member.vm.annotations == [])
        assert highlighted_pixels(member.viewer, seen.rects) == 0
        await until(lambda: chair.bar.undo_action.isEnabled())
        chair.bar.undo_action.trigger()
        await until(lambda: [a.kind for a in chair.vm.annotations] == ["ink"])
        assert highlighted_pixels(chair.viewer, highlight.rects) == 0
        await until(lambda: chair.bar.redo_action.isEnabled())
        chair.bar.redo_action.trigger()
        await until(lambda: len(chair.vm.annotations) == 2 and chair.bar.redo_action.isEnabled())
        chair.bar.redo_action.trigger()
        await until(lambda: len(member.vm.annotations) == 1)
        assert member.vm.annotations[0].annotation_id == highlight.annotation_id
        assert highlighted_pixels(member.viewer, seen.rects) > 50

        # Export: standard annotations on the right pages.
        target = tmp_path / "annotated.pdf"
        exported: list[str] = []
        chair.vm.exported.connect(exported.append)
        chair.vm.export_to_file(str(target))
        await until(lambda: exported == [str(target)])
        reader = PdfReader(BytesIO(target.read_bytes()))
        subtypes = [
            [a.get_object()["/Subtype"] for a in page.get("/Annots", [])] for page in reader.pages
        ]
        assert subtypes == [["/Highlight"], ["/Ink"]]
        annot = reader.pages[0]["/Annots"][0].get_object()
        assert len(annot["/QuadPoints"]) == 8 * len(highlight.rects)
        assert annot["/T"] == "Phạm Minh Chính"
        assert b"".join(page.extract_text().encode() for page in reader.pages) != b""
        rendered = render_with_poppler(target, tmp_path)
        if rendered is None and os.environ.get("CI") == "true":
            pytest.fail("poppler's pdftoppm is missing in CI (.ci/run installs poppler-utils)")
        if rendered is not None:
            assert yellowish_pixels(rendered, highlight.rects, reader) > 50

        # A Tối mật document: the export is off.
        chair.vm.export_allowed = False
        assert not chair.bar.export_action.isEnabled()
        with pytest.raises(ExportRefused):
            chair.vm.export_annotated_pdf(pdf)


def render_with_poppler(pdf: Path, tmp: Path) -> QImage | None:
    """Page 1 at 72 dpi by poppler's pdftoppm (one pixel per PDF point), or None without it."""
    if shutil.which("pdftoppm") is None:
        return None
    subprocess.run(
        ["pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp / "page")],
        check=True,
        timeout=60,
    )
    (png,) = tmp.glob("page*.png")
    return QImage(str(png))


def yellowish_pixels(image: QImage, rects: list[list[float]], reader: PdfReader) -> int:
    height = float(reader.pages[0].mediabox.height)
    count = 0
    for x0, y0, x1, y1 in rects:
        for y in range(int(height - y1) + 1, int(height - y0) - 1):
            for x in range(int(x0) + 1, int(x1) - 1):
                c = QColor(image.pixel(x, y))
                if c.red() > 200 and c.green() > 170 and c.blue() < 140:
                    count += 1
    return count


async def test_notes_and_text_by_mouse_delete_key_and_detached_after_a_new_version(
    live: LiveServer,  # noqa: F811
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with meeting(live, qtbot) as m:
        chair = m.chair
        answers = iter(["Xem lại điều 5", "Đề nghị bổ sung số liệu"])
        monkeypatch.setattr(chair.bar, "_ask_text", lambda title: next(answers))
        chair.bar.color_actions["#64b5f6"].trigger()
        chair.viewer.activateWindow()
        await until(chair.viewer.isActiveWindow)
        chair.viewer.canvas.setFocus()
        qtbot.keyClick(chair.viewer.canvas, Qt.Key.Key_N)
        assert chair.bar.tool is Tool.NOTE
        qtbot.mouseClick(chair.viewer.canvas, Qt.MouseButton.LeftButton, pos=QPoint(500, 400))
        await until(lambda: [a.kind for a in chair.vm.annotations] == ["note"])
        note = chair.vm.annotations[0]
        assert note.text == "Xem lại điều 5" and note.color == "#64b5f6"
        _page, x, y = chair.viewer.view_point_to_page(QRectF(500, 400, 0, 0).topLeft())
        assert note.rects[0][0] == pytest.approx(x, abs=1) and note.rects[0][3] == pytest.approx(
            y, abs=1
        )
        qtbot.keyClick(chair.viewer.canvas, Qt.Key.Key_T)
        qtbot.mouseClick(chair.viewer.canvas, Qt.MouseButton.LeftButton, pos=QPoint(100, 500))
        await until(lambda: len(chair.vm.annotations) == 2)
        assert chair.vm.annotations[1].kind == "text"
        assert chair.bar.panel.list.count() == 2
        assert "Đề nghị bổ sung số liệu" in chair.bar.panel.list.item(1).text()

        # Select the free text with the mouse and delete it with the Delete key.
        qtbot.keyClick(chair.viewer.canvas, Qt.Key.Key_Escape)
        assert chair.bar.tool is Tool.SELECT
        box = chair.bar.layer.bounds(chair.vm.annotations[1])
        qtbot.mouseClick(chair.viewer.canvas, Qt.MouseButton.LeftButton, pos=box.center().toPoint())
        assert chair.vm.selected == chair.vm.annotations[1]
        qtbot.keyClick(chair.viewer.canvas, Qt.Key.Key_Delete)
        await until(lambda: [a.kind for a in chair.vm.annotations] == ["note"])

        # A highlight whose text survives, then a new version without the note's context.
        chair.vm.add_highlight(1, "Độc lập - Tự do - Hạnh phúc", [[212.0, 749.8, 382.6, 761.1]])
        await until(lambda: len(chair.vm.annotations) == 2)
        new_pdf = make_pdf("Tờ trình số 12/TTr-CP (bản sửa)", ["Nội dung đã sửa."], pages=1)
        uploaded = await m.secretariat.upload_document(
            m.item_id, new_pdf, "to-trinh-v2.pdf", document_id=m.document_id
        )
        chair.viewer.vm.open(new_pdf, version_id=uploaded["version_id"], title="Tờ trình")
        await until(lambda: chair.vm.version_id == uploaded["version_id"] and not chair.vm.loading)
        assert chair.vm.annotations == []
        chair.vm.carry_over(m.document_id, m.version_id)
        await until(lambda: len(chair.vm.annotations) + len(chair.vm.detached) == 2)
        assert [a.kind for a in chair.vm.annotations] == ["highlight"]
        assert [a.text for a in chair.vm.detached] == ["Xem lại điều 5"]
        panel = chair.bar.panel
        assert panel.detached_list.isVisibleTo(panel) and panel.detached_list.count() == 1
        assert "Xem lại điều 5" in panel.detached_list.item(0).text()
