"""The secretariat's minutes editor: draft from the meeting record, edit, save, finalize.

A tool bar (Draft from record Ctrl+Shift+D, Save Ctrl+S, Reload F5, Finalize…
Ctrl+Shift+F, Save PDF as… Ctrl+Shift+S), the status (draft / finalized / signed /
issued, with the number), a message banner and the text.  The text is read-only once
finalized.  A save refused because someone else saved first keeps the user's text and
says so; Reload fetches the stored one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.viewmodels.minutes import MinutesViewModel
from desktop.widgets.meeting_editor import Banner


class MinutesEditor(QWidget):
    def __init__(self, viewmodel: MinutesViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = viewmodel
        self.setObjectName("minutes_editor")
        self.setWindowTitle(self.tr("Minutes — {0}").format(viewmodel.title))
        self.heading = QLabel(
            self.tr("Minutes — {0}").format(viewmodel.title)
            if viewmodel.title
            else self.tr("Minutes of the meeting")
        )
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.message = Banner()
        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("minutes_text")
        self.text_edit.setFont(QFont(self.font().family(), 11))
        self.text_edit.setPlaceholderText(
            self.tr("No minutes yet. Draft them from the meeting record (Ctrl+Shift+D).")
        )
        self.text_edit.document().modificationChanged.connect(self._on_text_modified)

        self.toolbar = QToolBar()
        self.draft_action = self._action(
            self.tr("Draft from record"),
            "Ctrl+Shift+D",
            self.tr("Write the minutes from the meeting's record, replacing the text"),
            self._on_draft_triggered,
        )
        self.save_action = self._action(
            self.tr("Save"),
            QKeySequence.StandardKey.Save,
            self.tr("Save the text (Ctrl+S)"),
            self._on_save_triggered,
        )
        self.reload_action = self._action(
            self.tr("Reload"),
            "F5",
            self.tr("Fetch the minutes as stored on the server (F5)"),
            self._on_reload_triggered,
        )
        self.finalize_action = self._action(
            self.tr("Finalize…"),
            "Ctrl+Shift+F",
            self.tr("Make the PDF and send it to the chair for signing; no more edits"),
            self._on_finalize_triggered,
        )
        self.pdf_action = self._action(
            self.tr("Save PDF as…"),
            "Ctrl+Shift+S",
            self.tr("Save a copy of the finalized minutes as a PDF file"),
            self._on_pdf_triggered,
        )

        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addWidget(self.message)
        layout.addWidget(self.text_edit, 1)

        viewmodel.minutes_changed.connect(self._on_minutes_changed)
        viewmodel.conflict_detected.connect(self._on_conflict_detected)
        viewmodel.changed_elsewhere.connect(self._on_changed_elsewhere)
        viewmodel.notified.connect(self._on_notified)
        viewmodel.error_occurred.connect(self._on_error_occurred)
        viewmodel.busy_changed.connect(self._update_actions)
        viewmodel.pdf_downloaded.connect(self._on_pdf_downloaded)
        self._pdf_target: Path | None = None
        self._on_minutes_changed()

    def _action(self, text: str, shortcut: object, tip: str, slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))  # type: ignore[call-overload]
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        self.toolbar.addAction(action)
        return action

    # --- state --------------------------------------------------------------------------

    @property
    def modified(self) -> bool:
        return self.text_edit.document().isModified()

    def _update_actions(self) -> None:
        vm, idle = self.vm, not self.vm.busy
        self.draft_action.setEnabled(idle and (vm.info is None or vm.editable))
        self.save_action.setEnabled(idle and vm.editable and self.modified)
        self.reload_action.setEnabled(idle)
        self.finalize_action.setEnabled(idle and vm.editable)
        self.pdf_action.setEnabled(idle and vm.finalized)
        self.text_edit.setReadOnly(not vm.editable)

    def _show_text(self, text: str) -> None:
        if self.text_edit.toPlainText() != text:
            self.text_edit.setPlainText(text)
        self.text_edit.document().setModified(False)

    def _on_minutes_changed(self) -> None:
        self.status.setText(self.tr("Status: {0}").format(self.vm.status_label))
        self._show_text(self.vm.text)
        self._update_actions()

    def _on_text_modified(self, _modified: bool) -> None:
        self._update_actions()

    # --- actions ------------------------------------------------------------------------

    def _confirm(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _on_draft_triggered(self) -> None:
        if self.vm.info is not None and not self._confirm(
            self.tr("Draft again"),
            self.tr(
                "Write the minutes again from the meeting's record? The current text and "
                "every edit made to it are replaced."
            ),
        ):
            return
        self.message.clear()
        self.vm.draft()

    def _on_save_triggered(self) -> None:
        if self.vm.editable and self.modified:
            self.message.clear()
            self.vm.save(self.text_edit.toPlainText())

    def _on_reload_triggered(self) -> None:
        if self.modified and not self._confirm(
            self.tr("Reload"), self.tr("Discard your unsaved changes and load the stored text?")
        ):
            return
        self.message.clear()
        self.text_edit.document().setModified(False)
        self.vm.load()

    def _on_finalize_triggered(self) -> None:
        if self.modified:
            self.message.show_message(
                "error", self.tr("Save your changes (Ctrl+S) before finalizing the minutes.")
            )
            return
        if not self._confirm(
            self.tr("Finalize the minutes"),
            self.tr(
                "Finalize the minutes? The PDF is made from the saved text and sent to the "
                "chair for signing; the text can no longer be changed."
            ),
        ):
            return
        self.message.clear()
        self.vm.finalize()

    def _on_pdf_triggered(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save PDF as"), self.tr("Minutes.pdf"), self.tr("PDF files (*.pdf)")
        )
        if name:
            self._pdf_target = Path(name)
            self.vm.download_pdf()

    def _on_pdf_downloaded(self, data: bytes) -> None:
        if self._pdf_target is None:
            return
        self._pdf_target.write_bytes(data)
        self.message.show_message(
            "info", self.tr("The minutes were saved to {0}.").format(str(self._pdf_target))
        )
        self._pdf_target = None

    # --- messages -----------------------------------------------------------------------

    def _on_conflict_detected(self, message: str) -> None:
        self.message.show_message(
            "error",
            message + " " + self.tr("Your text is still here; copy what you need first."),
        )

    def _on_changed_elsewhere(self, message: str) -> None:
        self.message.show_message("notice", message)

    def _on_notified(self, message: str) -> None:
        self.message.show_message("info", message)

    def _on_error_occurred(self, message: str) -> None:
        self.message.show_message("error", message)
