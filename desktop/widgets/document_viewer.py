"""The document viewer: a page at a time, thumbnails, zoom, page navigation and search.

Everything slow happens in :class:`~desktop.viewmodels.document.DocumentViewModel` on
its PDFium thread; this widget only draws what arrives.  Annotations plug in through
:attr:`DocumentViewer.overlay`, a transparent layer exactly over the page, with
:meth:`DocumentViewer.page_rect_to_view` / :meth:`view_point_to_page` to convert
between PDF points and overlay pixels, ``page_geometry_changed`` to know when to redraw,
and ``text_selected`` for highlights on selected text.
"""

from __future__ import annotations

import math
import re

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QGuiApplication,
    QIcon,
    QImage,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QRubberBand,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.viewmodels.document import ZOOM_STEPS, DocumentViewModel, Rect, ZoomMode

HIT_COLOR = QColor(255, 214, 0, 110)
CURRENT_HIT_COLOR = QColor(255, 140, 0, 150)
SELECTION_COLOR = QColor(0, 110, 220, 70)


class PageCanvas(QWidget):
    """The current page at its rendered size; draws the hits and the selection over it
    and carries :attr:`overlay`, the annotation layer."""

    area_selected = Signal(QRectF)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_canvas")
        self.setAutoFillBackground(False)
        self.page = 0
        self.page_size_pt = (595.0, 842.0)
        self.image: QImage | None = None
        self.image_page = 0
        self.message = ""
        self.hits: list[tuple[bool, list[Rect]]] = []
        self.selection: list[Rect] = []
        self.overlay = QWidget(self)
        self.overlay.setObjectName("page_overlay")
        self.overlay.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._band = QRubberBand(QRubberBand.Shape.Rectangle, self)
        self._origin: QPoint | None = None

    def to_view(self, rect: Rect) -> QRectF:
        left, bottom, right, top = rect
        s = self.width() / self.page_size_pt[0]
        return QRectF(
            left * s, (self.page_size_pt[1] - top) * s, (right - left) * s, (top - bottom) * s
        )

    def to_page(self, point: QPointF) -> tuple[float, float]:
        s = self.width() / self.page_size_pt[0]
        return point.x() / s, self.page_size_pt[1] - point.y() / s

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.overlay.setGeometry(self.rect())
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self.image is not None and self.image_page == self.page:
            painter.drawImage(QRectF(self.rect()), self.image)
        else:
            painter.fillRect(self.rect(), Qt.GlobalColor.white)
            painter.setPen(QColor(90, 90, 90))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.message)
        painter.setPen(Qt.PenStyle.NoPen)
        for current, rects in self.hits:
            for rect in rects:
                painter.fillRect(self.to_view(rect), CURRENT_HIT_COLOR if current else HIT_COLOR)
        for rect in self.selection:
            painter.fillRect(self.to_view(rect), SELECTION_COLOR)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._origin = event.position().toPoint()
            self._band.setGeometry(QRect(self._origin, QSize()))
            self._band.show()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._origin is not None:
            self._band.setGeometry(QRect(self._origin, event.position().toPoint()).normalized())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._origin is not None and event.button() == Qt.MouseButton.LeftButton:
            area = QRectF(QRect(self._origin, event.position().toPoint()).normalized())
            self._origin = None
            self._band.hide()
            if area.width() > 3 or area.height() > 3:
                self.area_selected.emit(area)


class _PageScroll(QScrollArea):
    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()


class DocumentViewer(QWidget):
    """Shows the document of a :class:`DocumentViewModel`."""

    #: (page, text, line rects in PDF points) — the user selected text on the page.
    text_selected = Signal(int, str, list)
    #: The page shown, its size or its zoom changed: overlays redraw.
    page_geometry_changed = Signal(int)

    def __init__(self, viewmodel: DocumentViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = viewmodel
        self.setObjectName("document_viewer")
        self._thumbs_shown: set[int] = set()
        self._searched = ""
        self._selected_text = ""
        self._build()
        self._build_actions()
        vm = viewmodel
        vm.document_opened.connect(self._on_document_opened)
        vm.document_failed.connect(self._on_document_failed)
        vm.document_closed.connect(self._on_document_closed)
        vm.page_changed.connect(self._on_page_changed)
        vm.page_rendered.connect(self._on_page_rendered)
        vm.page_failed.connect(self._on_page_failed)
        vm.zoom_changed.connect(self._on_zoom_changed)
        vm.thumbnail_rendered.connect(self._on_thumbnail_rendered)
        vm.search_finished.connect(self._on_search_finished)
        vm.current_hit_changed.connect(self._on_current_hit_changed)
        vm.text_selected.connect(self._on_text_selected)
        self._on_document_closed()

    # -- building ------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.toolbar = QToolBar(self.tr("Document"), self)
        layout.addWidget(self.toolbar)
        self.page_field = QLineEdit(self)
        self.page_field.setObjectName("page_field")
        self.page_field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_field.setFixedWidth(self.fontMetrics().horizontalAdvance("0000 / 0000") + 16)
        self.page_field.setToolTip(self.tr("Current page; type a page number and press Enter"))
        self.page_field.returnPressed.connect(self._on_page_field_entered)
        self.zoom_combo = QComboBox(self)
        self.zoom_combo.setObjectName("zoom_combo")
        self.zoom_combo.setToolTip(self.tr("Zoom"))
        self.zoom_combo.addItem(self.tr("Fit width"), ZoomMode.FIT_WIDTH.value)
        self.zoom_combo.addItem(self.tr("Fit page"), ZoomMode.FIT_PAGE.value)
        for percent in ZOOM_STEPS:
            self.zoom_combo.addItem(self.tr("{percent} %").format(percent=percent), percent)
        self.zoom_combo.activated.connect(self._on_zoom_combo_activated)
        self.search_field = QLineEdit(self)
        self.search_field.setObjectName("search_field")
        self.search_field.setPlaceholderText(self.tr("Search in the document"))
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMaximumWidth(260)
        self.search_field.returnPressed.connect(self._on_search_field_entered)
        self.hits_label = QLabel(self)
        self.hits_label.setObjectName("hits_label")

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        layout.addWidget(splitter, 1)
        self.thumbnails = QListWidget(splitter)
        self.thumbnails.setObjectName("thumbnails")
        self.thumbnails.setViewMode(QListView.ViewMode.IconMode)
        self.thumbnails.setFlow(QListView.Flow.TopToBottom)
        self.thumbnails.setWrapping(False)
        self.thumbnails.setMovement(QListView.Movement.Static)
        self.thumbnails.setUniformItemSizes(True)
        width = self.vm.thumbnail_width
        self.thumbnails.setIconSize(QSize(width, round(width * 1.42)))
        self.thumbnails.setMinimumWidth(width + 24)
        self.thumbnails.currentRowChanged.connect(self._on_thumbnails_row_changed)
        self.thumbnails.verticalScrollBar().valueChanged.connect(self._schedule_thumbnails)
        self._placeholder = QPixmap(self.thumbnails.iconSize())
        self._placeholder.fill(QColor(235, 235, 235))
        self._thumb_timer = QTimer(self, singleShot=True, interval=30)
        self._thumb_timer.timeout.connect(self._request_visible_thumbnails)

        self.stack = QStackedWidget(splitter)
        self.page_area = _PageScroll(self.stack)
        self.page_area.setObjectName("page_scroll")
        self.page_area.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.page_area.setBackgroundRole(QPalette.ColorRole.Dark)
        # Always there, so that fitting the width never makes it appear and refit.
        self.page_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.page_area.resized.connect(self._on_scroll_resized)
        self.canvas = PageCanvas()
        self.canvas.area_selected.connect(self._on_canvas_area_selected)
        self.page_area.setWidget(self.canvas)
        self.message = QLabel(self.stack)
        self.message.setObjectName("viewer_message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setMargin(24)
        self.stack.addWidget(self.page_area)
        self.stack.addWidget(self.message)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([width + 40, 10_000])
        self.splitter = splitter

    def _action(self, text: str, tip: str, keys: list[QKeySequence], slot: object) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        key, std = QKeySequence, QKeySequence.StandardKey
        icon = self.style().standardIcon
        self.first_page_action = self._action(
            self.tr("First page"),
            self.tr("Go to the first page (Home)"),
            [key(Qt.Key.Key_Home), key(std.MoveToStartOfDocument)],
            self.vm.first_page,
        )
        self.previous_page_action = self._action(
            self.tr("Previous page"),
            self.tr("Go to the previous page (Page Up)"),
            [key(Qt.Key.Key_PageUp)],
            self.vm.previous_page,
        )
        self.next_page_action = self._action(
            self.tr("Next page"),
            self.tr("Go to the next page (Page Down)"),
            [key(Qt.Key.Key_PageDown)],
            self.vm.next_page,
        )
        self.last_page_action = self._action(
            self.tr("Last page"),
            self.tr("Go to the last page (End)"),
            [key(Qt.Key.Key_End), key(std.MoveToEndOfDocument)],
            self.vm.last_page,
        )
        self.zoom_in_action = self._action(
            self.tr("Zoom in"),
            self.tr("Enlarge the page (Ctrl++)"),
            [key(std.ZoomIn), key("Ctrl+=")],
            self.vm.zoom_in,
        )
        self.zoom_out_action = self._action(
            self.tr("Zoom out"),
            self.tr("Reduce the page (Ctrl+-)"),
            [key(std.ZoomOut)],
            self.vm.zoom_out,
        )
        self.find_action = self._action(
            self.tr("Search"),
            self.tr("Search in the document (Ctrl+F)"),
            [key(std.Find)],
            self._on_find_triggered,
        )
        self.find_next_action = self._action(
            self.tr("Next match"),
            self.tr("Go to the next match (F3)"),
            [key(std.FindNext)],
            self.vm.next_hit,
        )
        self.find_previous_action = self._action(
            self.tr("Previous match"),
            self.tr("Go to the previous match (Shift+F3)"),
            [key(std.FindPrevious)],
            self.vm.previous_hit,
        )
        self.copy_action = self._action(
            self.tr("Copy"),
            self.tr("Copy the selected text"),
            [key(std.Copy)],
            self._on_copy_triggered,
        )
        self.first_page_action.setIcon(icon(QStyle.StandardPixmap.SP_MediaSkipBackward))
        self.previous_page_action.setIcon(icon(QStyle.StandardPixmap.SP_ArrowUp))
        self.next_page_action.setIcon(icon(QStyle.StandardPixmap.SP_ArrowDown))
        self.last_page_action.setIcon(icon(QStyle.StandardPixmap.SP_MediaSkipForward))
        bar = self.toolbar
        bar.addActions([self.first_page_action, self.previous_page_action])
        bar.addWidget(self.page_field)
        bar.addActions([self.next_page_action, self.last_page_action])
        bar.addSeparator()
        bar.addAction(self.zoom_out_action)
        bar.addWidget(self.zoom_combo)
        bar.addAction(self.zoom_in_action)
        bar.addSeparator()
        bar.addWidget(self.search_field)
        bar.addActions([self.find_previous_action, self.find_next_action])
        bar.addWidget(self.hits_label)

    # -- the annotation hook -------------------------------------------------------

    @property
    def overlay(self) -> QWidget:
        """A transparent widget exactly over the page shown, for annotation layers (its
        children); it is resized with the page."""
        return self.canvas.overlay

    def page_rect_to_view(self, page: int, rect: Rect) -> QRectF | None:
        """``rect`` (PDF points, origin bottom-left) in :attr:`overlay` pixels, or None
        when ``page`` is not the page shown."""
        if page != self.canvas.page:
            return None
        return self.canvas.to_view(rect)

    def view_point_to_page(self, point: QPointF) -> tuple[int, float, float]:
        """(page, x, y in PDF points) of a point in :attr:`overlay` pixels."""
        x, y = self.canvas.to_page(point)
        return self.canvas.page, x, y

    # -- view model signals --------------------------------------------------------

    def _on_document_opened(self, count: int) -> None:
        self.stack.setCurrentWidget(self.page_area)
        self._set_enabled(True)
        # After the first page is on screen: replacing 500 list items takes longer
        # than rendering a page.
        QTimer.singleShot(0, self, self._fill_thumbnails)  # not after the viewer is gone

    def _fill_thumbnails(self) -> None:
        count = self.vm.page_count
        self._thumbs_shown.clear()
        self.thumbnails.blockSignals(True)  # rebuilding it is no page change
        self.thumbnails.clear()
        icon = QIcon(self._placeholder)
        for page in range(1, count + 1):
            item = QListWidgetItem(icon, str(page))
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.thumbnails.addItem(item)
        self.thumbnails.setCurrentRow(self.vm.page - 1)
        self.thumbnails.blockSignals(False)
        self._schedule_thumbnails()

    def _on_document_failed(self, message: str) -> None:
        self.message.setText(message)
        self.stack.setCurrentWidget(self.message)
        self._clear_thumbnails()
        self._set_enabled(False)
        self.page_field.setText("")

    def _on_document_closed(self) -> None:
        self.message.setText(self.tr("No document is open."))
        self.stack.setCurrentWidget(self.message)
        self._clear_thumbnails()
        self._set_enabled(False)
        self.page_field.setText("")
        self.hits_label.setText("")

    def _clear_thumbnails(self) -> None:
        self.thumbnails.blockSignals(True)
        self.thumbnails.clear()
        self.thumbnails.blockSignals(False)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.page_field, self.zoom_combo, self.search_field):
            widget.setEnabled(enabled)
        for action in self.actions():
            action.setEnabled(enabled)

    def _on_page_changed(self, page: int) -> None:
        if not self.page_field.hasFocus():
            self.page_field.setText(f"{page} / {self.vm.page_count}")
        self.thumbnails.blockSignals(True)
        self.thumbnails.setCurrentRow(page - 1)
        self.thumbnails.blockSignals(False)
        item = self.thumbnails.item(page - 1)
        if item is not None:
            self.thumbnails.scrollToItem(item)
        self.canvas.page = page
        self.canvas.selection = []
        self.canvas.message = self.tr("Loading page {page}…").format(page=page)
        self._layout_canvas()
        self._update_hits()
        self.page_area.verticalScrollBar().setValue(0)

    def _on_page_rendered(self, page: int, image: QImage) -> None:
        if page != self.vm.page:
            return
        self.canvas.image, self.canvas.image_page = image, page
        self._layout_canvas()
        self.canvas.update()

    def _on_page_failed(self, page: int, message: str) -> None:
        if page == self.canvas.page:
            self.canvas.image = None
            self.canvas.message = message
            self.canvas.update()

    def _layout_canvas(self) -> None:
        page = self.canvas.page
        size = self.vm.page_size(page) or self.canvas.page_size_pt
        scale = self.vm.page_scale(page)
        width, height = math.ceil(size[0] * scale), math.ceil(size[1] * scale)
        if (size, width, height) != (self.canvas.page_size_pt, *self.canvas.size().toTuple()):
            self.canvas.page_size_pt = size
            self.canvas.setFixedSize(width, height)
        self.page_geometry_changed.emit(page)

    def _on_zoom_changed(self, mode: str, percent: float) -> None:
        index = self.zoom_combo.findData(mode if mode != ZoomMode.PERCENT else round(percent))
        if index < 0:
            self.zoom_combo.addItem(
                self.tr("{percent} %").format(percent=round(percent)), round(percent)
            )
            index = self.zoom_combo.count() - 1
        self.zoom_combo.setCurrentIndex(index)
        if self.canvas.page:
            self._layout_canvas()

    def _on_thumbnail_rendered(self, page: int, image: QImage) -> None:
        item = self.thumbnails.item(page - 1)
        if item is None:
            return
        pixmap = QPixmap.fromImage(image)
        painter = QPainter(pixmap)
        painter.setPen(QColor(150, 150, 150))
        painter.drawRect(pixmap.rect().adjusted(0, 0, -1, -1))
        painter.end()
        icon = QIcon(pixmap)
        icon.addPixmap(pixmap, QIcon.Mode.Selected)
        item.setIcon(icon)

    def _on_search_finished(self, hits: list[object]) -> None:
        if not hits:
            self.hits_label.setText(self.tr("No matches"))
        self._update_hits()

    def _on_current_hit_changed(self, index: int) -> None:
        hits = self.vm.hits
        if 0 <= index < len(hits):
            self.hits_label.setText(
                self.tr("{current} of {total}").format(current=index + 1, total=len(hits))
            )
            self._update_hits()
            box = self.canvas.to_view(hits[index].rects[0]) if hits[index].rects else None
            if box is not None:
                center = box.center().toPoint()
                self.page_area.ensureVisible(center.x(), center.y(), 50, 120)

    def _update_hits(self) -> None:
        current = self.vm.current_hit
        self.canvas.hits = [
            (i == current, hit.rects) for i, hit in self.vm.hits_on(self.canvas.page)
        ]
        self.canvas.update()

    def _on_text_selected(self, page: int, text: str, rects: list[Rect]) -> None:
        if page == self.canvas.page:
            self.canvas.selection = rects
            self._selected_text = text
            self.canvas.update()
        self.text_selected.emit(page, text, rects)

    # -- user input ----------------------------------------------------------------

    def _on_scroll_resized(self) -> None:
        viewport = self.page_area.viewport()
        self.vm.set_viewport(viewport.width(), viewport.height(), self.devicePixelRatioF())
        self._schedule_thumbnails()

    def _on_page_field_entered(self) -> None:
        match = re.search(r"\d+", self.page_field.text())
        if match:
            self.vm.go_to(int(match.group()))
        self.page_field.setText(f"{self.vm.page} / {self.vm.page_count}")
        self.canvas.setFocus()

    def _on_zoom_combo_activated(self, index: int) -> None:
        data = self.zoom_combo.itemData(index)
        if isinstance(data, str):
            self.vm.set_zoom_mode(ZoomMode(data))
        else:
            self.vm.set_zoom_percent(float(data))

    def _on_find_triggered(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def _on_search_field_entered(self) -> None:
        text = self.search_field.text().strip()
        if text and text == self._searched and self.vm.hits:
            self.vm.next_hit()
            return
        self._searched = text
        self.hits_label.setText(self.tr("Searching…") if text else "")
        self.vm.search(text)

    def _on_canvas_area_selected(self, area: QRectF) -> None:
        left, top = self.canvas.to_page(area.topLeft())
        right, bottom = self.canvas.to_page(area.bottomRight())
        self.vm.select_text(self.canvas.page, (left, bottom, right, top))

    def _on_copy_triggered(self) -> None:
        if self._selected_text:
            QGuiApplication.clipboard().setText(self._selected_text)

    def _on_thumbnails_row_changed(self, row: int) -> None:
        if row >= 0:
            self.vm.go_to(row + 1)

    def _schedule_thumbnails(self) -> None:
        if self.thumbnails.count():
            self._thumb_timer.start()

    def _request_visible_thumbnails(self) -> None:
        """Render only the thumbnails in sight (and a couple beyond)."""
        view = self.thumbnails
        top = view.indexAt(QPoint(view.viewport().width() // 2, 4)).row()
        bottom = view.indexAt(QPoint(view.viewport().width() // 2, view.viewport().height() - 4))
        first = max(0, top)
        last = bottom.row() if bottom.isValid() else min(view.count() - 1, first + 8)
        for row in range(max(0, first - 1), min(view.count(), last + 3)):
            if row + 1 not in self._thumbs_shown:
                self._thumbs_shown.add(row + 1)
                self.vm.request_thumbnail(row + 1)
