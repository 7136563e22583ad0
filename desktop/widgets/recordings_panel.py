"""The recordings of a meeting in its record: file, times, who, size, duration, state
and SHA-256; an incomplete recording (left open by a crash, no hash) stands out.

Ctrl+Shift+C copies the selected recording's SHA-256 (to compare with the file)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QBrush, QColor, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.viewmodels.recordings import RecordingsViewModel

INCOMPLETE = QColor("#a04000")


class RecordingsPanel(QWidget):
    def __init__(self, viewmodel: RecordingsViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = viewmodel
        self.setObjectName("recordings_panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        heading = QLabel(self.tr("Audio and video recordings"))
        heading.setStyleSheet("font-weight: bold")
        layout.addWidget(heading)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("recordings_summary")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.tree = QTreeWidget()
        self.tree.setObjectName("recordings_list")
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setHeaderLabels(
            [
                self.tr("File"), self.tr("Started"), self.tr("Stopped"), self.tr("Duration"),
                self.tr("Recorded by"), self.tr("Size"), self.tr("State"), self.tr("SHA-256"),
            ]
        )  # fmt: skip
        self.tree.setMaximumHeight(150)
        layout.addWidget(self.tree)
        self.copy_action = QAction(self.tr("Copy SHA-256"), self)
        self.copy_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_action.setToolTip(
            self.tr("Copy the SHA-256 of the selected recording (Ctrl+Shift+C)")
        )
        self.copy_action.triggered.connect(lambda _checked=False: self.copy_hash())
        self.addAction(self.copy_action)
        viewmodel.changed.connect(self._on_changed)
        viewmodel.error_occurred.connect(self.summary_label.setText)
        self._on_changed()

    def _on_changed(self) -> None:
        self.tree.clear()
        for row in self.vm.rows:
            item = QTreeWidgetItem(
                [
                    row.file_name, row.started, row.stopped, row.duration, row.by, row.size,
                    row.state_label,
                    row.sha256 or self.tr("none: the recording was not finished"),
                ]
            )  # fmt: skip
            if row.incomplete:
                for column in range(self.tree.columnCount()):
                    item.setForeground(column, QBrush(INCOMPLETE))
                item.setToolTip(
                    6,
                    self.tr(
                        "The server stopped while recording: the file may be cut short "
                        "and the record holds no hash of it."
                    ),
                )
            self.tree.addTopLevelItem(item)
        for column in range(self.tree.columnCount() - 1):
            self.tree.resizeColumnToContents(column)
        self.summary_label.setText(self.vm.summary())
        self.copy_action.setEnabled(any(r.sha256 for r in self.vm.rows))

    def copy_hash(self) -> str:
        """Copy the selected (else the first) recording's SHA-256; returns it."""
        current = self.tree.currentItem()
        index = self.tree.indexOfTopLevelItem(current) if current is not None else -1
        rows = self.vm.rows
        row = rows[index] if 0 <= index < len(rows) else (rows[0] if rows else None)
        if row is None or not row.sha256:
            return ""
        QGuiApplication.clipboard().setText(row.sha256)
        return row.sha256
