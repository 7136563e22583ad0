"""The opinion-poll window: my polls with their countdown on the left, the poll on the
right.  A member opens the documents, chooses agree / disagree / other, writes a
comment and presses "Sign and send" (the key's passphrase or the token's PIN is asked);
the secretariat creates (Ctrl+N), sends (Ctrl+Shift+S), follows the answers, compiles
(Ctrl+Shift+C) and opens the report (Ctrl+R).  F5 reads the list again."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.viewmodels.consultations import ConsultationsViewModel, answer_label, outcome_label
from desktop.viewmodels.times import shown_time
from protocol import consultations as pc


class NewConsultationDialog(QDialog):
    """Title, question, deadline (+07:00) and the draft PDFs of a new poll."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New opinion poll"))
        self.files: list[Path] = []
        form = QFormLayout(self)
        self.title_edit = QLineEdit()
        self.question_edit = QPlainTextEdit()
        self.deadline_edit = QDateTimeEdit(QDateTime.currentDateTime().addDays(3))
        self.deadline_edit.setCalendarPopup(True)
        self.deadline_edit.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.files_label = QLabel(self.tr("No document attached"))
        attach = QPushButton(self.tr("Attach PDF…"))
        attach.clicked.connect(self._on_attach_clicked)
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Question"), self.question_edit)
        form.addRow(self.tr("Deadline"), self.deadline_edit)
        form.addRow(attach, self.files_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def add_files(self, paths: list[Path]) -> None:
        self.files += paths
        self.files_label.setText(", ".join(p.name for p in self.files))

    def _on_attach_clicked(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Draft documents"), "", "PDF (*.pdf)")
        self.add_files([Path(n) for n in names])

    def deadline(self) -> datetime:
        """The chosen time, read as Vietnam time (+07:00)."""
        qdt = self.deadline_edit.dateTime()
        d, t = qdt.date(), qdt.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=pc.VN_TZ)


class ConsultationWindow(QMainWindow):
    def __init__(self, viewmodel: ConsultationsViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = viewmodel
        self.setObjectName("consultation_window")
        self.setWindowTitle(self.tr("Opinion polls"))
        self._actions()
        splitter = QSplitter()
        self.poll_list = QListWidget()
        self.poll_list.setObjectName("poll_list")
        self.poll_list.setWordWrap(True)
        self.poll_list.setSpacing(2)
        self.poll_list.currentItemChanged.connect(self._on_poll_list_current_changed)
        splitter.addWidget(self.poll_list)
        splitter.addWidget(self._detail_pane())
        splitter.setStretchFactor(1, 2)
        self.setCentralWidget(splitter)
        self.status = QLabel()
        self.status.setObjectName("status_message")
        self.status.setWordWrap(True)
        self.statusBar().addWidget(self.status, 1)
        viewmodel.consultations_changed.connect(self._on_consultations_changed)
        viewmodel.detail_changed.connect(self._on_detail_changed)
        viewmodel.error_occurred.connect(self._on_error_occurred)
        viewmodel.answer_sent.connect(self._on_answer_sent)
        viewmodel.reminder_received.connect(self.status.setText)
        self._timer = QTimer(self)
        self._timer.setInterval(30_000)
        self._timer.timeout.connect(self._on_consultations_changed)
        self._timer.start()
        self._on_consultations_changed()
        self._on_detail_changed()

    def _actions(self) -> None:
        bar = QToolBar(self.tr("Opinion polls"))
        bar.setObjectName("consultation_toolbar")
        self.addToolBar(bar)
        spec: list[tuple[str, str, QKeySequence | QKeySequence.StandardKey | str, Any]] = [
            ("new", self.tr("New poll…"), QKeySequence.StandardKey.New, self._on_new_triggered),
            ("send", self.tr("Send to members"), "Ctrl+Shift+S", self.vm.send),
            ("compile", self.tr("Compile result"), "Ctrl+Shift+C", self.vm.compile),
            ("report", self.tr("Open report"), "Ctrl+R", self.vm.open_report),
            ("cancel", self.tr("Cancel poll"), "Ctrl+Shift+Del", self._on_cancel_triggered),
            ("refresh", self.tr("Refresh"), QKeySequence.StandardKey.Refresh, self.vm.refresh),
        ]
        self.actions_by_name: dict[str, QAction] = {}
        for name, label, keys, slot in spec:
            action = QAction(label, self)
            action.setObjectName(f"action_{name}")
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _=False, s=slot: s())
            bar.addAction(action)
            self.addAction(action)
            self.actions_by_name[name] = action

    def _detail_pane(self) -> QWidget:
        pane = QWidget()
        box = QVBoxLayout(pane)
        self.title_label = QLabel()
        self.title_label.setObjectName("panel_title")
        self.title_label.setWordWrap(True)
        self.question_label = QLabel()
        self.question_label.setWordWrap(True)
        self.meta_label = QLabel()
        self.meta_label.setObjectName("muted")
        self.documents = QListWidget()
        self.documents.setObjectName("documents")
        self.documents.setMaximumHeight(self.fontMetrics().height() * 5)
        self.documents.itemActivated.connect(self._on_documents_item_activated)
        self.open_button = QPushButton(self.tr("Open document"))
        self.open_button.clicked.connect(self._on_open_clicked)
        for w in (self.title_label, self.question_label, self.meta_label, self.documents):
            box.addWidget(w)
        box.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.answer_box = QWidget()
        answer = QVBoxLayout(self.answer_box)
        row = QHBoxLayout()
        self.choices = QButtonGroup(self)
        for choice in pc.Answer:
            radio = QRadioButton(answer_label(choice))
            radio.setObjectName(f"choice_{choice.value}")
            self.choices.addButton(radio)
            radio.setProperty("choice", choice.value)
            row.addWidget(radio)
        answer.addLayout(row)
        self.comment_edit = QPlainTextEdit()
        self.comment_edit.setObjectName("comment")
        self.comment_edit.setPlaceholderText(
            self.tr("Comment (required for 'Disagree' and 'Other opinion')")
        )
        answer.addWidget(self.comment_edit)
        self.sign_button = QPushButton(self.tr("Sign and send"))
        self.sign_button.setObjectName("sign_and_send")
        self.sign_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.sign_button.clicked.connect(self._on_sign_clicked)
        answer.addWidget(self.sign_button)
        box.addWidget(self.answer_box)
        self.answers = QTableWidget(0, 6)
        self.answers.setObjectName("answers")
        self.answers.setHorizontalHeaderLabels(
            [
                self.tr("Member"),
                self.tr("Unit"),
                self.tr("Answer"),
                self.tr("Comment"),
                self.tr("Signed at"),
                self.tr("Signature"),
            ]
        )
        self.answers.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.answers.verticalHeader().hide()
        header = self.answers.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # the comment wraps
        box.addWidget(self.answers, 1)
        self.result_label = QLabel()
        self.result_label.setObjectName("result")
        self.result_label.setStyleSheet("font-weight: bold")
        box.addWidget(self.result_label)
        return pane

    # --- showing ------------------------------------------------------------------------

    def _on_consultations_changed(self) -> None:
        current = self.poll_list.currentItem()
        selected = current.data(Qt.ItemDataRole.UserRole) if current else None
        self.poll_list.blockSignals(True)
        self.poll_list.clear()
        for row in self.vm.rows:
            text = f"{row.title}\n{row.countdown} · {row.answered}/{row.recipients}"
            if row.my_answer:
                text += " · " + self.tr("my answer: {0}").format(row.my_answer)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setToolTip(
                self.tr("Deadline: {0}").format(shown_time(row.deadline, seconds=False))
            )
            self.poll_list.addItem(item)
            if row.id == selected:
                self.poll_list.setCurrentItem(item)
        self.poll_list.blockSignals(False)
        manage = self.vm.can_manage
        self.actions_by_name["new"].setVisible(manage)
        self.actions_by_name["send"].setVisible(manage)
        self.actions_by_name["compile"].setVisible(manage)
        self.actions_by_name["cancel"].setVisible(manage)
        self._update_actions()

    def _update_actions(self) -> None:
        d = self.vm.detail
        state = d.summary.state if d else None
        manage = self.vm.can_manage
        self.actions_by_name["send"].setEnabled(manage and state == pc.ConsultationState.DRAFT)
        self.actions_by_name["compile"].setEnabled(self.vm.can_compile())
        self.actions_by_name["cancel"].setEnabled(
            manage and state in (pc.ConsultationState.DRAFT, pc.ConsultationState.SENT)
        )
        self.actions_by_name["report"].setEnabled(bool(d and d.summary.report_sha256))

    def _on_detail_changed(self) -> None:
        d = self.vm.detail
        self.answer_box.setVisible(self.vm.can_answer())
        self.answers.setVisible(bool(d and self.vm.can_manage))
        self._update_actions()
        if d is None:
            self.title_label.setText(self.tr("Choose an opinion poll"))
            return
        s = d.summary
        self.title_label.setText(s.title)
        self.question_label.setText(s.question)
        self.meta_label.setText(
            self.tr("Deadline: {0} · {1} of {2} members answered").format(
                shown_time(s.deadline, seconds=False), s.answered, s.recipients
            )
        )
        self.documents.clear()
        for doc in s.documents:
            item = QListWidgetItem(self.tr("{0} ({1} pages)").format(doc.filename, doc.pages))
            item.setData(Qt.ItemDataRole.UserRole, (doc.sha256, doc.filename))
            self.documents.addItem(item)
        if s.my_answer is not None:
            for button in self.choices.buttons():
                button.setChecked(button.property("choice") == s.my_answer.choice)
            self.comment_edit.setPlainText(s.my_answer.comment)
        self.answers.setRowCount(len(d.answers))
        for r, a in enumerate(d.answers):
            verified = "✓ " + self.tr("verified") if a.signature_verified else "✗"
            values = [a.full_name, a.unit_name or "", answer_label(a.choice), a.comment]
            for c, value in enumerate([*values, shown_time(a.answered_at), verified]):
                self.answers.setItem(r, c, QTableWidgetItem(value))
        self.answers.resizeRowsToContents()
        self.result_label.setText(outcome_label(s.result) if s.result else "")

    # --- handlers ---------------------------------------------------------------------

    def _on_poll_list_current_changed(self, item: QListWidgetItem | None, _old: object) -> None:
        if item is not None:
            self.vm.select(int(item.data(Qt.ItemDataRole.UserRole)))

    def _on_documents_item_activated(self, item: QListWidgetItem) -> None:
        if self.vm.detail is not None:
            sha, name = item.data(Qt.ItemDataRole.UserRole)
            self.vm.open_document(self.vm.detail.summary.id, sha, name)

    def _on_open_clicked(self) -> None:
        item = self.documents.currentItem() or self.documents.item(0)
        if item is not None:
            self._on_documents_item_activated(item)

    def ask_secret(self) -> str | None:
        """The key's passphrase (or the token's PIN); None when the user cancels."""
        text, ok = QInputDialog.getText(
            self,
            self.tr("Sign your answer"),
            self.vm.secret_prompt(),
            QLineEdit.EchoMode.Password,
        )
        return text if ok else None

    def _on_sign_clicked(self) -> None:
        checked = self.choices.checkedButton()
        choice = str(checked.property("choice")) if checked is not None else None
        comment = self.comment_edit.toPlainText()
        problem = self.vm.answer_problem(choice, comment)
        if problem is not None or choice is None:
            self._on_error_occurred(problem or "")
            return
        secret = self.ask_secret()
        if secret is None:
            return
        self.status.setText(self.tr("Signing and sending…"))
        self.vm.answer(choice, comment, secret)

    def _on_answer_sent(self, _cid: int) -> None:
        self.status.setProperty("error", False)
        self.status.setText(self.tr("Your signed answer was received."))

    def _on_new_triggered(self) -> None:
        dialog = self.new_dialog()
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.vm.create(
                dialog.title_edit.text(),
                dialog.question_edit.toPlainText(),
                dialog.deadline(),
                list(dialog.files),
            )

    def new_dialog(self) -> NewConsultationDialog:
        return NewConsultationDialog(self)

    def _on_cancel_triggered(self) -> None:
        self.vm.cancel()

    def _on_error_occurred(self, message: str) -> None:
        self.status.setProperty("error", True)
        self.status.setText(message)

    def closeEvent(self, event: object) -> None:
        self.vm.close()
        super().closeEvent(event)  # type: ignore[arg-type]


def open_consultations(
    client: Any,
    run: Any,
    *,
    signer_loader: Any = None,
    settings: Any = None,
    parent: QWidget | None = None,
) -> ConsultationWindow:
    """Composition-root helper: the window with its view model, list loaded.

    Connect ``window.vm.document_ready(title, pdf_bytes)`` to the app's PDF viewer."""
    vm = ConsultationsViewModel(client, run, signer_loader=signer_loader, settings=settings)
    window = ConsultationWindow(vm, parent)
    vm.setParent(window)
    vm.refresh()
    return window
