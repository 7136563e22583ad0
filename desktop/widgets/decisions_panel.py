"""The decisions panel: what is up for signing, and the Decree 30 actions.

A table (number, title, kind, state, signer) of a meeting's decisions or of those waiting
for me, with actions enabled per selection and permission: Sign (Ctrl+Alt+S), Seal
(Ctrl+Alt+D), Make copy (Ctrl+Alt+C), View (Ctrl+Alt+V) and Refresh (F5).  Sign and seal
open a :class:`SigningDialog`, copy a :class:`CopyDialog` (the same, with the pages of an
extract copy); View asks the view model for the bytes and re-emits ``document_ready``
for the shell's document viewer.  Usable as a top-level window.

The secretariat (``decision.prepare`` in some meeting; nobody else sees these) also gets
"Put up for signing…" (Ctrl+N), which opens a :class:`PrepareDialog`, and a "Show" list
to switch between the decisions waiting for me and those of one meeting; a decision
just put up for signing is shown, selected, among its meeting's decisions.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.viewmodels.decisions import DecisionsViewModel, kind_label, state_label
from desktop.widgets.copy_dialog import CopyDialog
from desktop.widgets.prepare_dialog import PrepareDialog
from desktop.widgets.signing_dialog import SigningDialog
from protocol.decisions import DecisionInfo


class DecisionsPanel(QWidget):
    """Decisions of ``vm`` with sign / seal / copy / view / refresh actions."""

    def __init__(self, vm: DecisionsViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self.dialog: SigningDialog | None = None
        self.prepare_dialog: PrepareDialog | None = None
        self._done = ""
        self.setObjectName("decisions_panel")
        layout = QVBoxLayout(self)
        scope_row = QHBoxLayout()
        self.scope = QComboBox(self)
        self.scope.setObjectName("scope")
        self.scope_label = QLabel(self.tr("&Show:"), self)
        self.scope_label.setBuddy(self.scope)
        scope_row.addWidget(self.scope_label)
        scope_row.addWidget(self.scope, 1)
        layout.addLayout(scope_row)
        self.scope.activated.connect(self._on_scope_chosen)
        self._on_scope_changed()
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("decisions_table")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Number"),
                self.tr("Title"),
                self.tr("Kind"),
                self.tr("State"),
                self.tr("Signer"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_actions)
        layout.addWidget(self.table)

        def action(name: str, text: str, shortcut: QKeySequence, slot: object) -> QAction:
            act = QAction(text, self)
            act.setObjectName(name)
            act.setShortcut(shortcut)
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.sign_action = action(
            "sign_action", self.tr("Sign"), QKeySequence("Ctrl+Alt+S"), self._on_sign
        )
        self.seal_action = action(
            "seal_action", self.tr("Apply seal"), QKeySequence("Ctrl+Alt+D"), self._on_seal
        )
        self.copy_action = action(
            "copy_action", self.tr("Make copy"), QKeySequence("Ctrl+Alt+C"), self._on_copy
        )
        self.view_action = action(
            "view_action", self.tr("View"), QKeySequence("Ctrl+Alt+V"), self._on_view
        )
        self.prepare_action = action(
            "prepare_action",
            self.tr("Put up for signing…"),
            QKeySequence("Ctrl+N"),
            self._on_prepare,
        )
        self.refresh_action = action(
            "refresh_action",
            self.tr("Refresh"),
            QKeySequence(QKeySequence.StandardKey.Refresh),
            vm.refresh,
        )
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for act in (
            self.prepare_action,
            self.sign_action,
            self.seal_action,
            self.copy_action,
            self.view_action,
            self.refresh_action,
        ):
            button = QPushButton(act.text(), self)
            button.setObjectName(act.objectName().replace("_action", "_button"))
            button.setToolTip(act.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
            button.clicked.connect(act.trigger)
            act.enabledChanged.connect(button.setEnabled)
            button.setEnabled(act.isEnabled())
            self.buttons[act.objectName()] = button
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        vm.decisions_changed.connect(self._on_decisions_changed)
        vm.scope_changed.connect(self._on_scope_changed)
        vm.meetings_changed.connect(self._on_meetings_changed)
        vm.error_occurred.connect(self.status.setText)
        vm.signed.connect(self._on_signed)
        vm.busy_changed.connect(lambda _busy: self._update_actions())
        self._on_meetings_changed()
        self._on_decisions_changed()
        vm.refresh()
        vm.load_meetings()

    # --- the view -------------------------------------------------------------------------

    def selected(self) -> DecisionInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return self.vm.find(int(item.data(Qt.ItemDataRole.UserRole))) if item else None

    def select(self, decision_id: int) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == decision_id:
                self.table.selectRow(row)
                return

    def _on_decisions_changed(self) -> None:
        current = self.selected()
        self.table.setRowCount(len(self.vm.decisions))
        for row, d in enumerate(self.vm.decisions):
            cells = [
                d.number_symbol,
                d.title,
                kind_label(d.kind),
                state_label(d.state),
                d.signer_name,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setData(Qt.ItemDataRole.UserRole, d.decision_id)
                self.table.setItem(row, column, item)
        prepared = self.vm.prepared_id
        if prepared is not None and self.vm.find(prepared) is not None:
            self.select(prepared)
            self.vm.prepared_id = None
        elif current is not None:
            self.select(current.decision_id)
        elif self.vm.decisions:
            self.table.selectRow(0)
        if not self.vm.decisions:
            self.status.setText(self.tr("Nothing to sign."))
        else:
            self.status.setText(self.tr("{0} decision(s).").format(len(self.vm.decisions)))
        if self._done and self.vm.prepared_id is None:
            self.status.setText(self._done + " " + self.status.text())
            self._done = ""
        self._update_actions()

    def _update_actions(self) -> None:
        d = self.selected()
        idle = not self.vm.busy
        self.sign_action.setEnabled(idle and d is not None and self.vm.can_sign(d))
        self.seal_action.setEnabled(idle and d is not None and self.vm.can_seal(d))
        self.copy_action.setEnabled(idle and d is not None and self.vm.can_copy(d))
        self.view_action.setEnabled(d is not None)

    def _on_scope_changed(self) -> None:
        self.setWindowTitle(
            self.tr("Decisions to sign")
            if self.vm.meeting_id is None
            else self.tr("Decisions of the meeting")
        )
        self.scope.setCurrentIndex(max(self.scope.findData(self.vm.meeting_id or 0), 0))

    def _on_meetings_changed(self) -> None:
        """The secretariat's extras: "Put up for signing…" and the "Show" list."""
        allowed = self.vm.can_prepare
        self.prepare_action.setVisible(allowed)
        self.buttons["prepare_action"].setVisible(allowed)
        self.scope.setVisible(allowed)
        self.scope_label.setVisible(allowed)
        self.scope.clear()
        self.scope.addItem(self.tr("Waiting for me"), 0)
        for m in self.vm.prepare_meetings:
            self.scope.addItem(m.label, m.meeting_id)
        if self.vm.meeting_id is not None and self.scope.findData(self.vm.meeting_id) < 0:
            self.scope.addItem(
                self.tr("Meeting {0}").format(self.vm.meeting_id), self.vm.meeting_id
            )
        self._on_scope_changed()

    def _on_scope_chosen(self, _index: int) -> None:
        meeting_id = int(self.scope.currentData() or 0)
        self.vm.show_meeting(meeting_id or None)

    # --- actions --------------------------------------------------------------------------

    def open_prepare_dialog(self) -> PrepareDialog | None:
        """Open "Put up for signing…" (non-modal; returned) when the user may prepare."""
        if not self.vm.can_prepare:
            return None
        model = self.vm.prepare_model()
        dialog = PrepareDialog(model, self.vm.meeting_id, self)
        model.setParent(dialog)
        model.prepared.connect(self._on_prepared)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()
        self.prepare_dialog = dialog
        return dialog

    def _on_prepare(self) -> None:
        self.open_prepare_dialog()

    def _on_prepared(self, info: DecisionInfo) -> None:
        self._done = self.tr("Put up for signing: {0}.").format(info.number_symbol)
        self.status.setText(self._done)
        self.vm.show_prepared(info)

    def open_dialog(self, action: str) -> SigningDialog | None:
        """Open the signing dialog for the selected decision (non-modal; returned)."""
        d = self.selected()
        if d is None:
            return None
        if action == "copy":
            self.dialog = CopyDialog(self.vm, d, self)
        else:
            self.dialog = SigningDialog(self.vm, d, action, self)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.show()
        return self.dialog

    def _on_sign(self) -> None:
        self.open_dialog("sign")

    def _on_seal(self) -> None:
        self.open_dialog("seal")

    def _on_copy(self) -> None:
        self.open_dialog("copy")

    def _on_view(self) -> None:
        d = self.selected()
        if d is not None:
            self.status.setText(self.tr("Downloading {0}…").format(d.filename))
            self.vm.download(d.decision_id)

    def _on_signed(self, decision_id: int) -> None:
        d = self.vm.find(decision_id)
        name = d.number_symbol or d.title if d is not None else str(decision_id)
        self._done = self.tr("Done: {0}.").format(name)
        self.status.setText(self._done)
