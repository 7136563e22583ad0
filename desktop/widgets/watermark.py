"""The on-screen watermark of classified documents: the viewer's name, unit and the time,
drawn diagonally and see-through across the page shown.

A child of the document viewer's ``overlay`` (exactly over the page): it follows the
overlay's size, lets every mouse event through to the annotation layers below, and
stays the topmost child so that nothing drawn over the page can hide it.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QWidget

from desktop.viewmodels.classification import ClassificationViewModel

#: Dark red at about a quarter opacity: legible over text, without hiding it.
COLOUR = QColor(155, 34, 38, 64)


class Watermark(QWidget):
    def __init__(self, viewmodel: ClassificationViewModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.vm = viewmodel
        self.setObjectName("watermark")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setGeometry(parent.rect())
        parent.installEventFilter(self)
        viewmodel.text_changed.connect(self._on_vm_text_changed)
        viewmodel.classification_changed.connect(self._on_vm_classification_changed)
        self._on_vm_classification_changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent():
            if event.type() == QEvent.Type.Resize:
                parent = self.parentWidget()
                if parent is not None:
                    self.setGeometry(parent.rect())
            elif event.type() == QEvent.Type.ChildAdded:
                QTimer.singleShot(0, self, self.raise_)  # over what was just added
        return False

    def _on_vm_text_changed(self, _text: str) -> None:
        self.update()

    def _on_vm_classification_changed(self, _classification: str = "") -> None:
        self.setVisible(self.vm.watermarked)
        self.raise_()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        text = self.vm.text
        width, height = self.width(), self.height()
        if not text or width < 10 or height < 10:
            return
        diagonal = math.hypot(width, height)
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(max(11, round(diagonal / 40)))
        metrics = QFontMetricsF(font)
        line = metrics.horizontalAdvance(text)
        step = metrics.height() * 4.5
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setFont(font)
        painter.setPen(COLOUR)
        painter.translate(width / 2, height / 2)
        painter.rotate(-math.degrees(math.atan2(height, width)))
        rows = int(diagonal / step / 2) + 1
        repeat = max(1, math.ceil(diagonal / (line + metrics.height() * 3)))
        for row in range(-rows, rows + 1):
            # Alternate rows shift by half a text so the lines do not form columns.
            shift = (row % 2) * (line / 2)
            for n in range(-repeat, repeat + 1):
                x = n * (line + metrics.height() * 3) - line / 2 + shift
                painter.drawText(QPointF(x, row * step), text)
        painter.end()


class ClassificationNotice(QLabel):
    """A status-bar line saying what the classification means (hidden for Thường)."""

    def __init__(self, viewmodel: ClassificationViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = viewmodel
        self.setObjectName("classification_notice")
        self.setStyleSheet("#classification_notice { color: #8a1c1c; padding: 0 8px; }")
        viewmodel.classification_changed.connect(self._on_vm_classification_changed)
        self._on_vm_classification_changed()

    def _on_vm_classification_changed(self, _classification: str = "") -> None:
        self.setText(self.vm.notice)
        self.setVisible(bool(self.vm.notice))
