"""The document viewer with its real view model on real PDFs (server.demo_documents)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from desktop.viewmodels.document import DocumentViewModel, PageCache, ZoomMode
from desktop.widgets.document_viewer import DocumentViewer
from server.demo_documents import make_pdf

# make_pdf puts paragraph i on page i (and repeats them): "nông thôn" is on pages 3 and 6.
PARAGRAPHS = [
    "Tờ trình về dự toán ngân sách nhà nước năm 2026 và kế hoạch tài chính ba năm.",
    "Báo cáo kết quả đổi mới giáo dục phổ thông và đào tạo nghề cho người lao động.",
    "Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2026-2030.",
]


def pdf(pages: int = 6) -> bytes:
    return make_pdf("Tờ trình Chính phủ số 12/TTr-CP", PARAGRAPHS, pages=pages)


@pytest.fixture
def vm(qapp: object) -> Iterator[DocumentViewModel]:
    model = DocumentViewModel()
    yield model
    model.shutdown()


@pytest.fixture
def viewer(qtbot: QtBot, vm: DocumentViewModel) -> DocumentViewer:
    widget = DocumentViewer(vm)
    qtbot.addWidget(widget)
    widget.resize(1000, 760)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    return widget


def open_and_wait(qtbot: QtBot, viewer: DocumentViewer, data: bytes) -> None:
    with qtbot.waitSignal(viewer.vm.page_rendered, timeout=10_000):
        viewer.vm.open(data, version_id=7, title="Tờ trình")
    shown(qtbot, viewer, 1)


def shown(qtbot: QtBot, viewer: DocumentViewer, page: int) -> None:
    """Wait until ``page`` is drawn (not the loading placeholder)."""
    qtbot.waitUntil(lambda: viewer.canvas.image_page == page and viewer.canvas.page == page)


def ink_pixels(image: QImage) -> int:
    """Dark pixels (text) in an image, sampled on a grid."""
    count = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            if QColor(image.pixel(x, y)).lightness() < 128:
                count += 1
    return count


def press(
    qtbot: QtBot, viewer: DocumentViewer, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier
):
    viewer.canvas.setFocus()
    qtbot.keyClick(viewer.canvas, key, modifier)


def test_opening_shows_page_one_rendered(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_and_wait(qtbot, viewer, pdf())
    page = viewer.canvas.grab().toImage()
    assert page.width() > 400 and ink_pixels(page) > 200
    assert viewer.page_field.text() == "1 / 6"
    assert viewer.thumbnails.count() == 6
    assert viewer.stack.currentWidget() is viewer.page_area


def test_page_down_turns_the_page_and_end_goes_to_the_last(
    qtbot: QtBot, viewer: DocumentViewer
) -> None:
    vm = viewer.vm
    open_and_wait(qtbot, viewer, pdf())
    press(qtbot, viewer, Qt.Key.Key_PageDown)
    assert vm.page == 2
    assert viewer.page_field.text() == "2 / 6"
    shown(qtbot, viewer, 2)
    assert viewer.thumbnails.currentRow() == 1
    press(qtbot, viewer, Qt.Key.Key_End)
    assert vm.page == 6 and viewer.page_field.text() == "6 / 6"
    shown(qtbot, viewer, 6)
    press(qtbot, viewer, Qt.Key.Key_PageUp)
    assert vm.page == 5
    press(qtbot, viewer, Qt.Key.Key_Home)
    assert vm.page == 1 and viewer.page_field.text() == "1 / 6"


def test_typing_a_page_number_goes_there(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_and_wait(qtbot, viewer, pdf())
    viewer.page_field.setFocus()
    viewer.page_field.selectAll()
    qtbot.keyClicks(viewer.page_field, "4")
    qtbot.keyClick(viewer.page_field, Qt.Key.Key_Return)
    assert viewer.vm.page == 4
    assert viewer.page_field.text() == "4 / 6"


def test_fit_width_fills_the_view_and_zoom_keys_change_it(
    qtbot: QtBot, viewer: DocumentViewer
) -> None:
    vm = viewer.vm
    open_and_wait(qtbot, viewer, pdf())
    viewport = viewer.page_area.viewport()

    def rendered_width() -> float:
        image = viewer.canvas.image
        return image.width() / viewer.devicePixelRatioF() if image else 0.0

    assert viewer.zoom_combo.currentText() == "Fit width"
    assert abs(rendered_width() - viewport.width()) <= 6
    assert abs(viewer.canvas.width() - viewport.width()) <= 6

    viewer.zoom_combo.setCurrentIndex(viewer.zoom_combo.findData(ZoomMode.FIT_PAGE.value))
    viewer.zoom_combo.activated.emit(viewer.zoom_combo.currentIndex())
    qtbot.waitUntil(lambda: viewer.canvas.height() <= viewport.height())
    qtbot.waitUntil(lambda: abs(rendered_width() - viewer.canvas.width()) <= 1)

    viewer.zoom_combo.setCurrentIndex(viewer.zoom_combo.findData(ZoomMode.FIT_WIDTH.value))
    viewer.zoom_combo.activated.emit(viewer.zoom_combo.currentIndex())
    viewer.resize(1200, 800)
    qtbot.waitUntil(lambda: abs(rendered_width() - viewport.width()) <= 6)

    before = vm.zoom_percent
    press(qtbot, viewer, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert vm.zoom_mode is ZoomMode.PERCENT and vm.zoom_percent > before
    assert viewer.zoom_combo.currentText() == f"{round(vm.zoom_percent)} %"
    qtbot.waitUntil(lambda: rendered_width() > viewport.width())
    press(qtbot, viewer, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert vm.zoom_percent < before + 50


def highlight_pixels(image: QImage) -> int:
    """Pixels of the hit colours drawn over white paper (yellow or orange)."""
    count = 0
    for y in range(image.height()):
        for x in range(0, image.width(), 2):
            c = QColor(image.pixel(x, y))
            if c.red() > 230 and 140 < c.green() < 240 and c.blue() < 170:
                count += 1
    return count


def test_vietnamese_search_finds_and_highlights_hits(qtbot: QtBot, viewer: DocumentViewer) -> None:
    vm = viewer.vm
    open_and_wait(qtbot, viewer, pdf())
    assert highlight_pixels(viewer.canvas.grab().toImage()) == 0
    press(qtbot, viewer, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert viewer.search_field.hasFocus()
    with qtbot.waitSignal(vm.search_finished, timeout=10_000) as finished:
        qtbot.keyClicks(viewer.search_field, "NÔNG THÔN")
        qtbot.keyClick(viewer.search_field, Qt.Key.Key_Return)
    hits = finished.args[0]
    assert [hit.page for hit in hits] == [3, 6]
    assert all(hit.rects for hit in hits)
    assert vm.page == 3
    shown(qtbot, viewer, 3)
    assert viewer.hits_label.text() == "1 of 2"
    box = viewer.page_rect_to_view(3, hits[0].rects[0])
    assert box is not None and viewer.canvas.rect().contains(box.toRect())
    assert highlight_pixels(viewer.canvas.grab(box.toRect()).toImage()) > 50
    viewer.canvas.setFocus()
    qtbot.keyClick(viewer.canvas, Qt.Key.Key_F3)
    assert vm.page == 6 and viewer.hits_label.text() == "2 of 2"
    shown(qtbot, viewer, 6)
    assert highlight_pixels(viewer.canvas.grab().toImage()) > 50
    # A page without the word has no highlight.
    press(qtbot, viewer, Qt.Key.Key_PageUp)
    shown(qtbot, viewer, 5)
    assert highlight_pixels(viewer.canvas.grab().toImage()) == 0


def test_search_without_matches_says_so(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_and_wait(qtbot, viewer, pdf())
    with qtbot.waitSignal(viewer.vm.search_finished):
        viewer.search_field.setText("biến đổi khí hậu")
        viewer.search_field.returnPressed.emit()
    assert viewer.vm.hits == [] and viewer.hits_label.text() == "No matches"


def test_turning_back_to_a_seen_page_is_served_from_the_cache(
    qtbot: QtBot, viewer: DocumentViewer
) -> None:
    vm = viewer.vm
    open_and_wait(qtbot, viewer, pdf())
    qtbot.waitUntil(vm.is_idle)  # page 2 prefetched
    renders, hits = vm.render_count, vm.cache_hits
    press(qtbot, viewer, Qt.Key.Key_PageDown)
    shown(qtbot, viewer, 2)  # at once: it was prefetched
    qtbot.waitUntil(vm.is_idle)  # page 3 prefetched
    renders = vm.render_count
    press(qtbot, viewer, Qt.Key.Key_PageUp)
    shown(qtbot, viewer, 1)
    press(qtbot, viewer, Qt.Key.Key_PageDown)
    shown(qtbot, viewer, 2)
    qtbot.waitUntil(vm.is_idle)
    assert vm.render_count == renders
    assert vm.cache_hits == hits + 3


def test_a_broken_pdf_shows_a_readable_message(qtbot: QtBot, viewer: DocumentViewer) -> None:
    with qtbot.waitSignal(viewer.vm.document_failed) as failed:
        viewer.vm.open(b"%PDF-1.7\nthis is not really a PDF", version_id=1, title="hỏng")
    assert "damaged" in failed.args[0]
    assert viewer.stack.currentWidget() is viewer.message
    assert viewer.message.text() == failed.args[0]
    assert not viewer.search_field.isEnabled()
    # The viewer recovers with the next, good document.
    open_and_wait(qtbot, viewer, pdf(2))
    assert viewer.page_field.text() == "1 / 2"


def test_opening_another_document_starts_on_its_first_page(
    qtbot: QtBot, viewer: DocumentViewer
) -> None:
    vm = viewer.vm
    open_and_wait(qtbot, viewer, pdf(6))
    viewer.vm.go_to(3)
    shown(qtbot, viewer, 3)
    with qtbot.waitSignal(vm.page_rendered):
        vm.open(pdf(4), version_id=8, title="Báo cáo")
    qtbot.waitUntil(lambda: viewer.thumbnails.count() == 4)
    qtbot.waitUntil(vm.is_idle)
    assert vm.page == 1 and viewer.page_field.text() == "1 / 4"
    assert viewer.thumbnails.currentRow() == 0


def test_a_newer_document_replaces_one_still_opening(qtbot: QtBot, viewer: DocumentViewer) -> None:
    vm = viewer.vm
    vm.open(pdf(6), version_id=1)
    vm.open(pdf(2), version_id=2)
    qtbot.waitUntil(lambda: vm.page_count == 2 and viewer.canvas.image_page == 1)
    qtbot.waitUntil(vm.is_idle)
    assert vm.page_count == 2 and vm.version_id == 2
    assert viewer.page_field.text() == "1 / 2" and viewer.thumbnails.count() == 2


def test_rendering_happens_off_the_gui_thread(qtbot: QtBot, viewer: DocumentViewer) -> None:
    vm = viewer.vm
    open_and_wait(qtbot, viewer, pdf())
    press(qtbot, viewer, Qt.Key.Key_End)
    shown(qtbot, viewer, 6)
    qtbot.waitUntil(vm.is_idle)
    assert vm.render_count >= 2
    assert vm.render_thread_ids == {vm.worker_thread_id}
    assert vm.gui_thread_id not in vm.render_thread_ids


def test_thumbnails_are_rendered_lazily(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_and_wait(qtbot, viewer, pdf(40))
    qtbot.waitUntil(lambda: len(viewer._thumbs_shown) > 0)
    qtbot.waitUntil(viewer.vm.is_idle)
    assert 0 < len(viewer._thumbs_shown) < 40
    icon = viewer.thumbnails.item(0).icon().pixmap(viewer.thumbnails.iconSize()).toImage()
    text = [
        (x, y)
        for y in range(3, icon.height() - 3)
        for x in range(3, icon.width() - 3)
        if QColor(icon.pixel(x, y)).lightness() < 200
    ]
    assert len(text) > 30  # the page's text, not the grey placeholder
    viewer.thumbnails.setCurrentRow(9)
    assert viewer.vm.page == 10


def test_selecting_text_reports_it_for_annotations(qtbot: QtBot, viewer: DocumentViewer) -> None:
    open_and_wait(qtbot, viewer, pdf())
    width, height = viewer.vm.page_size(1) or (0.0, 0.0)
    # The motto line near the top of page 1, as a band across the page.
    band = viewer.page_rect_to_view(1, (0.0, height - 95, width, height - 70))
    assert band is not None
    assert viewer.overlay.geometry() == viewer.canvas.rect()
    start, end = band.topLeft().toPoint(), band.bottomRight().toPoint()
    with qtbot.waitSignal(viewer.text_selected) as selected:
        qtbot.mousePress(viewer.canvas, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(viewer.canvas, pos=end)
        qtbot.mouseRelease(viewer.canvas, Qt.MouseButton.LeftButton, pos=end)
    page, text, rects = selected.args
    assert page == 1 and "Độc lập" in text and rects
    page_back, x, y = viewer.view_point_to_page(band.center())
    assert page_back == 1 and 0 < x < width and height - 95 <= y <= height - 70
    assert viewer.page_rect_to_view(2, rects[0]) is None
    assert QPoint(0, 0) == viewer.overlay.pos()


def test_the_page_cache_keeps_to_its_budget() -> None:
    image = QImage(100, 100, QImage.Format.Format_RGB32)  # 40,000 bytes
    cache = PageCache(budget_bytes=100_000)
    for page in range(1, 5):
        cache.put(page, image)
    assert len(cache) == 2 and cache.bytes == 80_000
    assert 1 not in cache and 4 in cache
    assert cache.get(3) is not None
    cache.put(5, image)
    assert 3 in cache and 4 not in cache
