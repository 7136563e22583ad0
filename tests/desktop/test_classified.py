"""Classified documents: Mật pages carry a watermark with the viewer's name, unit and
time on screen and in every export; Tối mật documents cannot be exported at all."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QWidget

from desktop.app import bind_export_rules
from desktop.viewmodels.annotations import AnnotationsViewModel
from desktop.viewmodels.annotations import ExportRefused as ExportRefusedByAnnotations
from desktop.viewmodels.classification import (
    ClassificationViewModel,
    ExportRefused,
    watermark_pdf,
    watermark_text,
)
from desktop.viewmodels.document import DocumentViewModel
from desktop.widgets.document_viewer import DocumentViewer
from desktop.widgets.watermark import Watermark
from protocol import meetings as mm
from protocol.accounts import UserInfo
from server.demo_documents import make_pdf
from tests.desktop.shell_helpers import PARAGRAPHS, prepare, shell_for
from tests.desktop.test_meeting_room import until
from tests.integration.conftest import LiveServer, live  # noqa: F401

HUNG = UserInfo(
    id=2,
    username="bokhdt",
    full_name="Phạm Quốc Hưng",
    position_title="Bộ trưởng",
    unit_id=4,
    unit_name="Bộ Kế hoạch và Đầu tư",
    roles=["member"],
)
#: 02:15 UTC is 09:15 in Hà Nội.
AT = datetime(2026, 12, 3, 2, 15, tzinfo=UTC)
PDF = make_pdf("Tờ trình số 12/TTr-CP", PARAGRAPHS, pages=2)


def clock() -> datetime:
    return AT


def reddish(image: QImage) -> int:
    """Pixels of the watermark's dark red over the white page (none on a plain page)."""
    count = 0
    step = 2
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            c = image.pixelColor(x, y)
            if c.red() - c.green() > 18 and c.red() - c.blue() > 14:
                count += 1
    return count


def test_the_watermark_names_the_viewer_their_unit_and_the_time_in_vietnam() -> None:
    text = watermark_text(HUNG, AT)
    assert text == "Phạm Quốc Hưng · Bộ Kế hoạch và Đầu tư · 03/12/2026 09:15 (+07:00)"


def test_what_each_classification_allows(qtbot) -> None:
    normal = ClassificationViewModel(HUNG, "thuong", clock)
    assert not normal.watermarked and normal.export_allowed and normal.print_allowed
    assert normal.stamp(PDF) == PDF, "ordinary documents leave unchanged"
    assert normal.notice == ""

    secret = ClassificationViewModel(HUNG, "mat", clock)
    assert secret.watermarked and secret.export_allowed
    assert "Phạm Quốc Hưng" in secret.text and secret.notice.startswith("Mật:")

    top = ClassificationViewModel(HUNG, "toi_mat", clock)
    assert top.watermarked and not top.export_allowed and not top.print_allowed
    with pytest.raises(ExportRefused, match="Tối mật"):
        top.stamp(PDF)


def test_an_exported_mat_document_is_watermarked_on_every_page() -> None:
    secret = ClassificationViewModel(HUNG, "mat", clock)
    exported = PdfReader(BytesIO(secret.stamp(PDF)))
    assert len(exported.pages) == 2
    for page in exported.pages:
        text = page.extract_text()
        assert "Phạm Quốc Hưng · Bộ Kế hoạch và Đầu tư · 03/12/2026 09:15 (+07:00)" in text
        assert "Tờ trình" in text or "Trang" in text, "the document itself is still there"


def test_watermark_pdf_handles_pages_of_other_sizes_and_offsets() -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(842, 595)  # landscape A4
    page = writer.add_blank_page(300, 300)
    page.mediabox.lower_left = (100, 100)
    page.mediabox.upper_right = (400, 400)
    out = BytesIO()
    writer.write(out)
    stamped = PdfReader(BytesIO(watermark_pdf(out.getvalue(), "Hồ Đức Phớc · 10:00")))
    assert all("Hồ Đức Phớc" in p.extract_text() for p in stamped.pages)


async def viewer_showing(qtbot, classification: ClassificationViewModel) -> DocumentViewer:
    document = DocumentViewModel()
    viewer = DocumentViewer(document)
    Watermark(classification, viewer.overlay)
    qtbot.addWidget(viewer)
    viewer.resize(900, 900)
    viewer.show()
    document.open(PDF, version_id=1, title="Tờ trình")
    await until(lambda: viewer.canvas.image_page == 1)
    return viewer


async def test_a_mat_page_on_screen_carries_the_watermark(qtbot) -> None:
    secret = ClassificationViewModel(HUNG, "mat", clock)
    viewer = await viewer_showing(qtbot, secret)
    try:
        page = viewer.canvas.grab().toImage()
        assert reddish(page) > 500, "the name is drawn across the page"

        secret.set_classification("thuong")
        await until(lambda: reddish(viewer.canvas.grab().toImage()) == 0)

        secret.set_classification("toi_mat")
        await until(lambda: reddish(viewer.canvas.grab().toImage()) > 500)
        viewer.vm.go_to(2)
        await until(lambda: viewer.canvas.image_page == 2)
        assert reddish(viewer.canvas.grab().toImage()) > 500, "on every page"
    finally:
        viewer.vm.shutdown()


async def test_layers_added_over_the_page_later_stay_under_the_watermark(qtbot) -> None:
    viewer = await viewer_showing(qtbot, ClassificationViewModel(HUNG, "mat", clock))
    try:
        watermark = viewer.overlay.findChild(Watermark)
        layer = QWidget(viewer.overlay)  # e.g. the annotation layer, attached afterwards
        layer.setGeometry(viewer.overlay.rect())
        layer.show()
        await until(lambda: viewer.overlay.children()[-1] is watermark)
        assert watermark.geometry() == viewer.overlay.rect(), "it covers the whole page"
    finally:
        viewer.vm.shutdown()


async def test_a_plain_page_has_no_watermark(qtbot) -> None:
    viewer = await viewer_showing(qtbot, ClassificationViewModel(HUNG, "thuong", clock))
    try:
        assert reddish(viewer.canvas.grab().toImage()) == 0
    finally:
        viewer.vm.shutdown()


async def test_a_member_in_a_mat_meeting_sees_their_name_over_the_document(
    live: LiveServer,  # noqa: F811
    tmp_path: Path,
    qtbot,
) -> None:
    cast = await prepare(live, "mat")
    async with shell_for(live, "bokhdt", tmp_path) as shell:
        shell.open_meeting(cast.mid)
        await until(lambda: cast.mid in shell.panes)
        pane = shell.panes[cast.mid]
        shell.rooms[cast.mid].resize(1280, 800)  # room for the page beside the side panels
        await until(lambda: pane.viewer.canvas.image_page == 1)
        await until(lambda: pane.viewer.canvas.width() > 300)
        assert pane.watermark.isVisible()
        assert pane.classification.text.startswith(cast.member_name + " · ")
        assert "(+07:00)" in pane.classification.text
        assert reddish(pane.viewer.canvas.grab().toImage()) > 500
        notice = shell.rooms[cast.mid].findChild(QLabel, "classification_notice")
        assert notice is not None and notice.isVisible()
        assert notice.text().startswith("Mật:")


async def test_export_follows_the_meetings_classification(
    live: LiveServer,  # noqa: F811
    tmp_path: Path,
    qtbot,
) -> None:
    cast = await prepare(live, "mat")
    async with shell_for(live, "bokhdt", tmp_path) as shell:
        shell.open_meeting(cast.mid)
        await until(lambda: cast.mid in shell.panes)
        classification = shell.panes[cast.mid].classification
        client = shell.client
        annotations = AnnotationsViewModel(client, client.meetings[cast.mid], asyncio.ensure_future)
        bind_export_rules(annotations, classification)
        assert annotations.export_allowed
        exported = classification.stamp(annotations.export_annotated_pdf(cast.pdf))
        assert cast.member_name in PdfReader(BytesIO(exported)).pages[0].extract_text()

        # The secretariat raises the meeting to Tối mật: export goes off at once.
        async with live.client("thuky") as secretariat:
            await secretariat.call(mm.MeetingUpdate, meeting_id=cast.mid, classification="toi_mat")
        await until(lambda: not annotations.export_allowed)
        assert not classification.export_allowed and classification.watermarked
        with pytest.raises(ExportRefusedByAnnotations):
            annotations.export_annotated_pdf(cast.pdf)
        with pytest.raises(ExportRefused):
            classification.stamp(cast.pdf)
