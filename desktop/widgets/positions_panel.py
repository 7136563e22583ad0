"""Positions before the meeting: my stance per agenda item, and for the chair and the
secretariat the summary of everyone's."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.viewmodels.positions import CHOICES, STANCES, PositionsViewModel, stance_label
from desktop.viewmodels.voting import choice_label
from desktop.widgets.meeting_editor import Banner

ITEM_ID = Qt.ItemDataRole.UserRole
#: Calm colours for the stances in the summary: objections stand out, agreement does not.
STANCE_COLOURS = {"object": "#9b2226", "wish_to_speak": "#8a5a00"}
STYLE = """
QGroupBox { font-weight: bold; color: #1f3b57; }
QTreeView::item { padding: 3px 2px; }
"""


class PositionsPanel(QWidget):
    def __init__(self, viewmodel: PositionsViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = viewmodel
        self.setObjectName("positions_panel")
        self.message = Banner()
        self.items = QTreeWidget()
        self.items.setHeaderLabels(
            [self.tr("No."), self.tr("Agenda item"), self.tr("My position"), self.tr("Comment")]
        )
        self.items.setRootIsDecorated(False)
        self.items.setAlternatingRowColors(True)
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.items.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.items.currentItemChanged.connect(self._on_items_current_changed)

        self.form = QGroupBox(self.tr("My position on the selected item"))
        self.item_label = QLabel()
        self.item_label.setWordWrap(True)
        self.stance_group = QButtonGroup(self)
        stances = QHBoxLayout()
        self.stance_buttons: dict[str, QRadioButton] = {}
        for n, stance in enumerate(STANCES):
            button = QRadioButton(stance_label(stance))
            self.stance_group.addButton(button, n)
            self.stance_buttons[str(stance)] = button
            stances.addWidget(button)
        stances.addStretch(1)
        self.vote_combo = QComboBox()
        self.vote_combo.addItem(self.tr("— no preliminary vote —"), None)
        for choice in CHOICES:
            self.vote_combo.addItem(choice_label(choice), str(choice))
        self.comment_edit = QLineEdit()
        self.comment_edit.setPlaceholderText(self.tr("Optional: why, or what you will raise"))
        self.save_action = QAction(self.tr("Save position"), self)
        self.save_action.setShortcut(QKeySequence("Ctrl+S"))
        self.save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_action.setToolTip(self.tr("Record my position on this item (Ctrl+S)"))
        self.save_action.triggered.connect(self._on_save_triggered)
        self.addAction(self.save_action)
        self.save_button = QPushButton(self.save_action.text())
        self.save_button.setToolTip(self.save_action.toolTip())
        self.save_button.clicked.connect(self.save_action.trigger)
        form = QFormLayout(self.form)
        form.addRow(self.tr("Item:"), self.item_label)
        form.addRow(self.tr("Position:"), stances)
        form.addRow(self.tr("Preliminary vote:"), self.vote_combo)
        form.addRow(self.tr("Comment:"), self.comment_edit)
        form.addRow("", self.save_button)

        self.summary_box = QGroupBox(self.tr("Summary of positions"))
        self.summary_table = QTableWidget(0, 9)
        self.summary_table.setHorizontalHeaderLabels(
            [
                self.tr("No."),
                self.tr("Agenda item"),
                self.tr("No objection"),
                self.tr("Object"),
                self.tr("Wish to speak"),
                self.tr("Yes"),
                self.tr("No"),
                self.tr("Abstain"),
                self.tr("Unopposed"),
            ]
        )
        self.summary_table.verticalHeader().hide()
        self.summary_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.summary_table.setAlternatingRowColors(True)
        self.summary_table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch
        )
        QVBoxLayout(self.summary_box).addWidget(self.summary_table)

        mine = QWidget()
        mine_layout = QVBoxLayout(mine)
        mine_layout.setContentsMargins(0, 0, 0, 0)
        mine_layout.addWidget(self.items, 1)
        mine_layout.addWidget(self.form)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("positions_splitter")
        splitter.addWidget(mine)
        splitter.addWidget(self.summary_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)

        self.setStyleSheet(STYLE)
        viewmodel.positions_changed.connect(self._on_vm_positions_changed)
        viewmodel.summary_changed.connect(self._on_vm_summary_changed)
        viewmodel.position_marked.connect(self._on_vm_position_marked)
        viewmodel.error_occurred.connect(self._on_vm_error_occurred)
        self.summary_box.setVisible(viewmodel.can_view_summary)
        self._on_vm_positions_changed()
        self._on_vm_summary_changed()

    def selected_item_id(self) -> int | None:
        current = self.items.currentItem()
        return int(current.data(0, ITEM_ID)) if current is not None else None

    def select_item(self, item_id: int) -> None:
        for n in range(self.items.topLevelItemCount()):
            entry = self.items.topLevelItem(n)
            if entry is not None and entry.data(0, ITEM_ID) == item_id:
                self.items.setCurrentItem(entry)
                return

    def _on_vm_positions_changed(self) -> None:
        selected = self.selected_item_id()
        self.items.clear()
        for row in self.vm.rows():
            title = "    " * row.depth + row.title
            if row.decision_label:
                title += f"  [{row.decision_label}]"
            mine = row.summary or self.tr("not marked")
            entry = QTreeWidgetItem([row.number, title, mine, row.comment])
            entry.setData(0, ITEM_ID, row.item_id)
            entry.setToolTip(1, row.title)
            if row.stance is None:
                entry.setForeground(2, QBrush(QColor("#8a5a00")))
            self.items.addTopLevelItem(entry)
        for col in (0, 2):
            self.items.resizeColumnToContents(col)
        if selected is not None:
            self.select_item(selected)
        elif (first := self.items.topLevelItem(0)) is not None:
            self.items.setCurrentItem(first)
        self._show_selected()

    def _show_selected(self) -> None:
        item_id = self.selected_item_id()
        row = self.vm.row(item_id) if item_id is not None else None
        self.form.setEnabled(row is not None and row.can_mark)
        if row is None:
            self.item_label.setText(self.tr("Select an agenda item."))
            return
        self.item_label.setText(f"<b>{row.number}.</b> {row.title}")
        self.stance_group.setExclusive(False)
        for stance, button in self.stance_buttons.items():
            button.setChecked(stance == row.stance)
        self.stance_group.setExclusive(True)
        self.vote_combo.setCurrentIndex(max(0, self.vote_combo.findData(row.preliminary_vote)))
        self.comment_edit.setText(row.comment)

    def _on_items_current_changed(self, *_args: object) -> None:
        self._show_selected()

    def _on_save_triggered(self) -> None:
        item_id = self.selected_item_id()
        checked = self.stance_group.checkedId()
        if item_id is None:
            return
        if checked < 0:
            self.message.show_message("error", self.tr("Choose a position first."))
            return
        self.message.clear()
        self.vm.mark(
            item_id, STANCES[checked], self.vote_combo.currentData(), self.comment_edit.text()
        )

    def _on_vm_position_marked(self, item_id: int) -> None:
        row = self.vm.row(item_id)
        if row is not None:
            self.message.show_message(
                "info", self.tr("Position on item {0} recorded.").format(row.number)
            )

    def _on_vm_error_occurred(self, text: str) -> None:
        self.message.show_message("error", text)

    def _on_vm_summary_changed(self) -> None:
        table = self.summary_table
        rows = self.vm.summary
        table.setRowCount(len(rows))
        for n, row in enumerate(rows):
            values = [
                row.number,
                row.title,
                str(row.no_objection),
                str(row.object),
                str(row.wish_to_speak),
                str(row.yes),
                str(row.no),
                str(row.abstain),
                self.tr("Yes") if row.unopposed else "",
            ]
            for col, text in enumerate(values):
                cell = QTableWidgetItem(text)
                if col >= 2:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if col == 3 and row.object:
                    cell.setForeground(QBrush(QColor(STANCE_COLOURS["object"])))
                if col == 4 and row.wish_to_speak:
                    cell.setForeground(QBrush(QColor(STANCE_COLOURS["wish_to_speak"])))
                if col == 1 and row.entries:
                    cell.setToolTip(
                        "\n".join(
                            " · ".join(part for part in entry if part) for entry in row.entries
                        )
                    )
                table.setItem(n, col, cell)
        table.resizeColumnsToContents()
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
