"""Annotations on the document viewer: the drawn layer, the mouse tools, the tool bar and
the side list.

:func:`attach_annotations` puts all of it on a :class:`DocumentViewer`: the layer goes on
the viewer's ``overlay``, the tool bar under the viewer's own, the list to the right of
the page; annotations of each opened version are loaded.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QFont,
    QIcon,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.viewmodels.annotations import COLORS, AnnotationsViewModel, kind_label
from desktop.widgets.document_viewer import DocumentViewer
from desktop.widgets.meeting_editor import Banner
from protocol.annotations import Annotation, AnnotationKind

ANNOTATION_ID = Qt.ItemDataRole.UserRole
SELECTED_PEN = QColor(0, 90, 200)


class Tool(StrEnum):
    SELECT = "select"
    HIGHLIGHT = "highlight"
    INK = "ink"
    NOTE = "note"
    TEXT = "text"


class AnnotationLayer(QWidget):
    """Draws the annotations of the page shown; a child of the viewer's overlay, which
    lets the mouse through to the page (the tools read it with an event filter)."""

    def __init__(self, viewer: DocumentViewer, viewmodel: AnnotationsViewModel) -> None:
        super().__init__(viewer.overlay)
        self.setObjectName("annotation_layer")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.viewer = viewer
        self.vm = viewmodel
        #: The ink stroke being drawn, in PDF points.
        self.stroke: list[tuple[float, float]] = []
        self.setGeometry(viewer.overlay.rect())
        viewer.overlay.installEventFilter(self)
        viewer.page_geometry_changed.connect(self._on_viewer_page_geometry_changed)
        viewmodel.annotations_changed.connect(self.update)
        viewmodel.selection_changed.connect(self.update)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewer.overlay and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.viewer.overlay.rect())
        return False

    def _on_viewer_page_geometry_changed(self, _page: int) -> None:
        self.setGeometry(self.viewer.overlay.rect())
        self.update()

    # -- geometry ------------------------------------------------------------------

    @property
    def page(self) -> int:
        return self.viewer.canvas.page

    def _point(self, x: float, y: float) -> QPointF:
        box = self.viewer.page_rect_to_view(self.page, (x, y, x, y))
        return box.topLeft() if box is not None else QPointF()

    def _scale(self) -> float:
        box = self.viewer.page_rect_to_view(self.page, (0.0, 0.0, 1.0, 1.0))
        return box.width() if box is not None else 1.0

    def bounds(self, a: Annotation) -> QRectF:
        """Where ``a`` is drawn, in layer pixels (empty when not on the page shown)."""
        if a.page != self.page:
            return QRectF()
        if a.kind == AnnotationKind.INK:
            area = QRectF()
            for x, y in a.points:
                area = area.united(
                    QRectF(self._point(x, y), self._point(x, y)).adjusted(-2, -2, 2, 2)
                )
            return area
        area = QRectF()
        for rect in a.rects:
            box = self.viewer.page_rect_to_view(a.page, tuple(rect))  # type: ignore[arg-type]
            if box is not None:
                area = area.united(box)
        return area

    def annotation_at(self, point: QPointF) -> Annotation | None:
        """The topmost annotation under ``point`` (layer pixels)."""
        for a in reversed(self.vm.on_page(self.page)):
            if self.bounds(a).adjusted(-4, -4, 4, 4).contains(point):
                return a
        return None

    # -- drawing -------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        scale = self._scale()
        for a in self.vm.on_page(self.page):
            self._draw(painter, a, scale)
        if len(self.stroke) > 1:
            self._draw_ink(painter, self.stroke, QColor(self.vm.color), scale)
        selected = self.vm.selected
        if selected is not None and selected.page == self.page:
            pen = QPen(SELECTED_PEN, 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.bounds(selected).adjusted(-3, -3, 3, 3))
        painter.end()

    def _draw(self, painter: QPainter, a: Annotation, scale: float) -> None:
        color = QColor(a.color)
        if a.kind == AnnotationKind.HIGHLIGHT:
            # Multiply, like a highlighter pen: the text under it stays black.
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
            for rect in a.rects:
                box = self.viewer.page_rect_to_view(a.page, tuple(rect))  # type: ignore[arg-type]
                if box is not None:
                    painter.fillRect(box, color)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        elif a.kind == AnnotationKind.INK:
            self._draw_ink(painter, [(p[0], p[1]) for p in a.points], color, scale)
        elif a.kind == AnnotationKind.NOTE:
            box = self.bounds(a)
            painter.setPen(QPen(color.darker(170), 1))
            painter.setBrush(color)
            painter.drawRoundedRect(box, 3, 3)
            painter.setPen(QPen(color.darker(250), max(1.0, scale)))
            for i in (1, 2, 3):
                y = box.top() + box.height() * i / 4
                painter.drawLine(
                    QPointF(box.left() + box.width() * 0.2, y),
                    QPointF(box.right() - box.width() * 0.2, y),
                )
        elif a.kind == AnnotationKind.TEXT:
            box = self.bounds(a)
            painter.setPen(QPen(color.darker(130), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(box)
            font = QFont(self.font())
            font.setPixelSize(max(6, round(11 * scale)))
            painter.setFont(font)
            painter.setPen(QColor(20, 20, 20))
            painter.drawText(box.adjusted(4 * scale, 2 * scale, 0, 0), a.text)
        if a.shared and not self.vm.is_mine(a):
            self._draw_author(painter, a, color)

    def _draw_ink(
        self, painter: QPainter, points: list[tuple[float, float]], color: QColor, scale: float
    ) -> None:
        path = QPainterPath(self._point(*points[0]))
        for x, y in points[1:]:
            path.lineTo(self._point(x, y))
        pen = QPen(color, max(1.0, 2.0 * scale))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)

    def _draw_author(self, painter: QPainter, a: Annotation, color: QColor) -> None:
        box = self.bounds(a)
        font = QFont(self.font())
        font.setPixelSize(10)
        painter.setFont(font)
        width = painter.fontMetrics().horizontalAdvance(a.author_name) + 8
        label = QRectF(box.left(), box.top() - 15, width, 14)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 220))
        painter.drawRoundedRect(label, 3, 3)
        painter.setPen(color.darker(220))
        painter.drawText(label, Qt.AlignmentFlag.AlignCenter, a.author_name)


class AnnotationListPanel(QWidget):
    """The annotations of the version, and those that could not be carried over."""

    def __init__(self, viewer: DocumentViewer, viewmodel: AnnotationsViewModel) -> None:
        super().__init__()
        self.setObjectName("annotation_panel")
        self.viewer = viewer
        self.vm = viewmodel
        self.message = Banner()
        self.title = QLabel(self.tr("Annotations"))
        self.title.setStyleSheet("font-weight: bold; color: #1f3b57;")
        self.list = QListWidget()
        self.list.setObjectName("annotation_list")
        self.list.setWordWrap(True)
        self.list.itemClicked.connect(self._on_list_item_clicked)
        self.detached_title = QLabel(self.tr("Not found in this version"))
        self.detached_title.setToolTip(
            self.tr("Annotations of the previous version whose text is no longer in the document")
        )
        self.detached_list = QListWidget()
        self.detached_list.setObjectName("detached_list")
        self.detached_list.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        for widget in (self.message, self.title, self.list, self.detached_title):
            layout.addWidget(widget)
        layout.addWidget(self.detached_list)
        viewmodel.annotations_changed.connect(self._on_vm_annotations_changed)
        viewmodel.selection_changed.connect(self._on_vm_selection_changed)
        viewmodel.error_occurred.connect(self._on_vm_error_occurred)
        self._on_vm_annotations_changed()

    def _row(self, a: Annotation) -> str:
        who = self.tr("me") if self.vm.is_mine(a) else a.author_name
        shared = self.tr("shared") if a.shared else self.tr("private")
        head = self.tr("p. {page} · {kind} · {who} · {shared}").format(
            page=a.page, kind=kind_label(a.kind), who=who, shared=shared
        )
        text = " ".join(a.text.split())
        return f"{head}\n{text[:80]}" if text else head

    def _fill(self, widget: QListWidget, annotations: list[Annotation]) -> None:
        widget.clear()
        for a in annotations:
            item = QListWidgetItem(self._row(a))
            item.setData(ANNOTATION_ID, a.annotation_id)
            pixmap = QPixmap(12, 12)
            pixmap.fill(QColor(a.color))
            item.setIcon(QIcon(pixmap))
            widget.addItem(item)

    def _on_vm_annotations_changed(self) -> None:
        self._fill(self.list, self.vm.annotations)
        detached = self.vm.detached
        self._fill(self.detached_list, detached)
        self.detached_title.setVisible(bool(detached))
        self.detached_list.setVisible(bool(detached))
        self._on_vm_selection_changed(self.vm.selected.annotation_id if self.vm.selected else "")

    def _on_vm_selection_changed(self, annotation_id: str) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setSelected(item.data(ANNOTATION_ID) == annotation_id)

    def _on_vm_error_occurred(self, text: str) -> None:
        self.message.show_message("error", text)

    def _on_list_item_clicked(self, item: QListWidgetItem) -> None:
        a = self.vm.get(item.data(ANNOTATION_ID))
        if a is not None:
            self.viewer.vm.go_to(a.page)
            self.vm.select(a.annotation_id)


class AnnotationToolBar(QToolBar):
    """The tools, colours, share / delete / undo / redo and export; drives the mouse on
    the page through an event filter on the viewer's canvas."""

    def __init__(
        self, viewer: DocumentViewer, viewmodel: AnnotationsViewModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Annotations"), parent)
        self.setObjectName("annotation_toolbar")
        self.viewer = viewer
        self.vm = viewmodel
        self.tool = Tool.SELECT
        self.layer = AnnotationLayer(viewer, viewmodel)
        self.panel = AnnotationListPanel(viewer, viewmodel)
        self._selection: tuple[int, str, list[object]] | None = None
        self._build_actions()
        viewer.canvas.installEventFilter(self)
        viewer.text_selected.connect(self._on_viewer_text_selected)
        viewer.vm.page_changed.connect(self._on_viewer_page_changed)
        viewmodel.selection_changed.connect(self._on_vm_selection_changed)
        viewmodel.annotations_changed.connect(self._on_vm_annotations_changed)
        viewmodel.history_changed.connect(self._on_vm_history_changed)
        viewmodel.export_allowed_changed.connect(self._on_vm_export_allowed_changed)
        viewmodel.exported.connect(self._on_vm_exported)
        self._update_actions()

    # -- actions -------------------------------------------------------------------

    def _action(self, text: str, tip: str, keys: list[QKeySequence], slot: object) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        # Also while the page has the focus (the viewer's own actions are its to enable).
        self.viewer.page_area.addAction(action)
        return action

    def _build_actions(self) -> None:
        key, std = QKeySequence, QKeySequence.StandardKey
        tools = QActionGroup(self)
        self.tool_actions: dict[Tool, QAction] = {}
        specs = [
            (Tool.SELECT, self.tr("Select"), self.tr("Select an annotation (Esc)"), "Esc"),
            (Tool.HIGHLIGHT, self.tr("Highlight"), self.tr("Highlight selected text (H)"), "H"),
            (Tool.INK, self.tr("Draw"), self.tr("Draw freehand (I)"), "I"),
            (Tool.NOTE, self.tr("Note"), self.tr("Add a sticky note (N)"), "N"),
            (Tool.TEXT, self.tr("Text"), self.tr("Write text on the page (T)"), "T"),
        ]
        for tool, text, tip, shortcut in specs:
            action = self._action(
                text, tip, [key(shortcut)], lambda _=False, t=tool: self.set_tool(t)
            )
            action.setCheckable(True)
            action.setObjectName(f"tool_{tool.value}")
            tools.addAction(action)
            self.tool_actions[tool] = action
        self.tool_actions[Tool.SELECT].setChecked(True)
        self.addSeparator()
        colors = QActionGroup(self)
        self.color_actions: dict[str, QAction] = {}
        for value, name in COLORS:
            pixmap = QPixmap(16, 16)
            pixmap.fill(QColor(value))
            action = QAction(QIcon(pixmap), self.tr(name), self)
            action.setToolTip(self.tr("Annotate in {colour}").format(colour=self.tr(name).lower()))
            action.setCheckable(True)
            action.setChecked(value == self.vm.color)
            action.triggered.connect(lambda _=False, v=value: self._on_color_triggered(v))
            colors.addAction(action)
            self.addAction(action)
            self.color_actions[value] = action
        self.addSeparator()
        self.share_action = self._action(
            self.tr("Share with the meeting"),
            self.tr("Show the selected annotation to everyone in the meeting"),
            [key("Ctrl+Shift+S")],
            self._on_share_toggled,
        )
        self.share_action.setCheckable(True)
        self.delete_action = self._action(
            self.tr("Delete"),
            self.tr("Delete the selected annotation (Del)"),
            [key(std.Delete)],
            self._on_delete_triggered,
        )
        self.undo_action = self._action(
            self.tr("Undo"), self.tr("Undo my last change (Ctrl+Z)"), [key(std.Undo)], self.vm.undo
        )
        self.redo_action = self._action(
            self.tr("Redo"),
            self.tr("Redo what was undone (Ctrl+Shift+Z)"),
            [key("Ctrl+Shift+Z"), key("Ctrl+Y")],
            self.vm.redo,
        )
        self.addSeparator()
        self.export_action = self._action(
            self.tr("Export annotated PDF…"),
            self.tr("Save a copy of the document with the annotations, for other PDF readers"),
            [],
            self._on_export_triggered,
        )

    def set_tool(self, tool: Tool) -> None:
        self.tool = tool
        self.tool_actions[tool].setChecked(True)
        self.layer.stroke = []
        if tool is Tool.HIGHLIGHT and self._selection is not None:
            self._highlight_selection()
        cursor = Qt.CursorShape.ArrowCursor if tool is Tool.SELECT else Qt.CursorShape.CrossCursor
        self.viewer.canvas.setCursor(cursor)

    def _update_actions(self) -> None:
        selected = self.vm.selected
        mine = selected is not None and self.vm.is_mine(selected)
        self.share_action.setEnabled(mine)
        self.share_action.setChecked(bool(selected and selected.shared))
        self.delete_action.setEnabled(selected is not None)
        self.undo_action.setEnabled(self.vm.can_undo)
        self.redo_action.setEnabled(self.vm.can_redo)
        self.export_action.setEnabled(self.vm.export_allowed and self.vm.version_id is not None)

    # -- view model signals --------------------------------------------------------

    def _on_vm_selection_changed(self, _annotation_id: str) -> None:
        self._update_actions()

    def _on_vm_annotations_changed(self) -> None:
        self._update_actions()

    def _on_vm_history_changed(self, _can_undo: bool, _can_redo: bool) -> None:
        self._update_actions()

    def _on_vm_export_allowed_changed(self, _allowed: bool) -> None:
        self._update_actions()

    def _on_vm_exported(self, path: str) -> None:
        self.panel.message.show_message(
            "info", self.tr("The annotated copy was saved to {path}.").format(path=path)
        )

    # -- user input ----------------------------------------------------------------

    def _on_color_triggered(self, color: str) -> None:
        self.vm.color = color
        selected = self.vm.selected
        if selected is not None and self.vm.is_mine(selected):
            self.vm.set_color(selected.annotation_id, color)

    def _on_share_toggled(self, checked: bool) -> None:
        selected = self.vm.selected
        if selected is not None:
            self.vm.set_shared(selected.annotation_id, checked)

    def _on_delete_triggered(self) -> None:
        selected = self.vm.selected
        if selected is not None:
            self.vm.delete(selected.annotation_id)

    def _on_export_triggered(self) -> None:
        title = self.viewer.vm.title or self.tr("document")
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export annotated PDF"),
            self.tr("{title} (annotated).pdf").format(title=title),
            self.tr("PDF documents (*.pdf)"),
        )
        if path:
            self.vm.export_to_file(path)

    def _on_viewer_text_selected(self, page: int, text: str, rects: list[object]) -> None:
        self._selection = (page, text, rects) if text.strip() and rects else None
        if self.tool is Tool.HIGHLIGHT and self._selection is not None:
            self._highlight_selection()

    def _highlight_selection(self) -> None:
        assert self._selection is not None
        page, text, rects = self._selection
        self._selection = None
        self.vm.add_highlight(page, text, rects)
        # The highlight replaces the selection (whose blue would tint it).
        self.viewer.canvas.selection = []
        self.viewer.canvas.update()

    def _on_viewer_page_changed(self, _page: int) -> None:
        self._selection = None
        self.layer.stroke = []
        self.layer.update()

    def _ask_text(self, title: str) -> str:
        text, ok = QInputDialog.getMultiLineText(self, title, self.tr("Text:"))
        return text if ok else ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Mouse on the page: the select, ink, note and text tools take it; the
        highlight tool leaves it to the viewer's text selection."""
        kinds = (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseMove,
            QEvent.Type.MouseButtonRelease,
        )
        if watched is not self.viewer.canvas or event.type() not in kinds:
            return False
        assert isinstance(event, QMouseEvent)
        if self.tool is Tool.HIGHLIGHT or self.viewer.canvas.page == 0:
            return False
        pos = event.position()
        page, x, y = self.viewer.view_point_to_page(pos)
        press = event.type() == QEvent.Type.MouseButtonPress
        release = event.type() == QEvent.Type.MouseButtonRelease
        left = event.button() == Qt.MouseButton.LeftButton
        if self.tool is Tool.SELECT:
            if press and left:
                hit = self.layer.annotation_at(pos)
                self.vm.select(hit.annotation_id if hit is not None else "")
                return hit is not None  # otherwise the viewer selects text
            return False
        if self.tool is Tool.INK:
            if press and left:
                self.layer.stroke = [(x, y)]
            elif self.layer.stroke and not press and not release:
                self.layer.stroke.append((x, y))
                self.layer.update()
            elif release and self.layer.stroke:
                stroke, self.layer.stroke = [*self.layer.stroke, (x, y)], []
                self.vm.add_ink(page, stroke)
                self.layer.update()
            return True
        if release and left:
            if self.tool is Tool.NOTE:
                text = self._ask_text(self.tr("Sticky note"))
                self.vm.add_note(page, x, y, text)
            else:
                text = self._ask_text(self.tr("Text on the page"))
                self.vm.add_text(page, x, y, text)
        return True


def attach_annotations(viewer: DocumentViewer, vm: AnnotationsViewModel) -> AnnotationToolBar:
    """Put annotations on ``viewer``: the layer over the page, the tool bar under the
    viewer's, the list beside the page; load each version the viewer opens."""
    bar = AnnotationToolBar(viewer, vm, viewer)
    layout = viewer.layout()
    assert isinstance(layout, QVBoxLayout)
    layout.insertWidget(layout.indexOf(viewer.toolbar) + 1, bar)
    viewer.splitter.addWidget(bar.panel)
    bar.panel.setMaximumWidth(280)  # the page keeps the room; the list is a side note
    viewer.splitter.setStretchFactor(viewer.splitter.indexOf(bar.panel), 0)
    # The list starts hidden so the page gets the width; one key shows it.
    bar.panel.hide()
    show_list = bar._action(
        bar.tr("Annotation list"),
        bar.tr("Show or hide the list of annotations (Ctrl+Shift+L)"),
        [QKeySequence("Ctrl+Shift+L")],
        lambda checked=False: bar.panel.setVisible(checked),
    )
    show_list.setCheckable(True)

    def opened(_count: int) -> None:
        if viewer.vm.version_id is not None:
            vm.load(viewer.vm.version_id)

    viewer.vm.document_opened.connect(opened)
    viewer.vm.document_closed.connect(vm.clear)
    if viewer.vm.page_count and viewer.vm.version_id is not None:
        vm.load(viewer.vm.version_id)
    return bar
