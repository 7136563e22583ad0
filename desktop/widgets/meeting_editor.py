"""The secretariat's meeting editor: agenda and documents, details, participants, publish.

The widget only shows what its :class:`MeetingEditorViewModel` holds and hands every
change to it; the view is redrawn from the server's events, never edited locally.  A
drag and drop in the agenda asks the server to move the item and lets the resulting
``agenda.item_moved`` event redraw the tree.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QDateTime,
    QMimeData,
    QModelIndex,
    Qt,
    QTime,
    QTimer,
    QTimeZone,
)
from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolBar,
    QToolButton,
    QTreeView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.viewmodels.home import classification_label
from desktop.viewmodels.meeting_editor import (
    CLASSIFICATIONS,
    MODES,
    ROLES,
    DocumentRow,
    MeetingEditorViewModel,
    mode_label,
    role_label,
)

ITEM_ID = Qt.ItemDataRole.UserRole
MIME = "application/x-ecabinet-agenda-item"
TZ = QTimeZone.fromSecondsAheadOfUtc(7 * 3600)
BANNERS = {
    "error": "background:#fbeceb; color:#8a1c1c; border:1px solid #efc4c0;",
    "info": "background:#e9f4ec; color:#1e5631; border:1px solid #bfdcc8;",
    "notice": "background:#eef3f8; color:#2c4a6b; border:1px solid #c9d7e6;",
}
BADGES = {"thuong": ("#44505c", "#e9ecef"), "mat": ("#8a1c1c", "#f8e3e1")}
BADGES["toi_mat"] = ("#ffffff", "#9b2226")
#: Picks a PDF file: (parent, dialog title) → path, or "" when cancelled.
FileChooser = Callable[[QWidget, str], str]


def choose_pdf(parent: QWidget, title: str) -> str:
    path, _ = QFileDialog.getOpenFileName(
        parent, title, "", QCoreApplication.translate("MeetingEditor", "PDF documents (*.pdf)")
    )
    return path


def to_iso(value: QDateTime) -> str:
    return value.toTimeZone(TZ).toString(Qt.DateFormat.ISODate)


def from_iso(text: str) -> QDateTime:
    value = QDateTime.fromString(text, Qt.DateFormat.ISODate)
    return value.toTimeZone(TZ) if value.isValid() else QDateTime()


class Banner(QFrame):
    """A message in place: what went wrong (stays) or what was done (fades after a while)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = ""
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setText("×")
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Dismiss this message"))
        close.clicked.connect(self.clear)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addWidget(self.label, 1)
        row.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear)
        self.hide()

    def show_message(self, kind: str, text: str) -> None:
        self.kind = kind
        self.label.setText(text)
        self.setStyleSheet(f"Banner {{ {BANNERS[kind]} border-radius:4px; }}")
        self.label.setStyleSheet(BANNERS[kind].split(" border")[0])
        self.show()
        if kind == "info":
            self._timer.start(8000)
        else:
            self._timer.stop()

    def clear(self) -> None:
        self.kind = ""
        self.label.clear()
        self.hide()


class AgendaModel(QStandardItemModel):
    """The agenda tree; a drop becomes a move request to the server."""

    COLUMNS = 5

    def __init__(self, on_drop: Callable[[int, int | None, int], None]) -> None:
        super().__init__()
        self._on_drop = on_drop

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        data = QMimeData()
        if indexes:
            item_id = indexes[0].siblingAtColumn(0).data(ITEM_ID)
            data.setData(MIME, QByteArray(str(item_id).encode()))
        return data

    def dropMimeData(  # type: ignore[override]
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: QModelIndex
    ) -> bool:
        if action != Qt.DropAction.MoveAction or not data.hasFormat(MIME):
            return False
        item_id = int(bytes(data.data(MIME).data()).decode())
        parent_id = parent.siblingAtColumn(0).data(ITEM_ID) if parent.isValid() else None
        self._on_drop(item_id, parent_id, row)
        return False  # the tree changes when the server says the item moved


class MeetingEditor(QWidget):
    def __init__(
        self,
        viewmodel: MeetingEditorViewModel,
        parent: QWidget | None = None,
        choose_file: FileChooser = choose_pdf,
    ) -> None:
        super().__init__(parent)
        self.vm = viewmodel
        self.choose_file = choose_file
        self._redrawing = False
        #: The meeting shown, and whether this user is creating it (stay on its details).
        self._meeting_id: int | None = None
        self._creating = False
        self.setObjectName("meeting_editor")
        self.setWindowTitle(self.tr("Meeting editor"))
        self._build_actions()
        self.heading = QLabel()
        self.heading.setObjectName("editor_heading")
        self.heading.setWordWrap(True)
        self.subheading = QLabel()
        self.subheading.setTextFormat(Qt.TextFormat.RichText)
        self.publish_button = QPushButton(self.tr("Publish"))
        self.publish_button.setToolTip(self.publish_action.toolTip())
        self.publish_button.clicked.connect(self.publish_action.trigger)
        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.heading)
        titles.addWidget(self.subheading)
        head.addLayout(titles, 1)
        head.addWidget(self.publish_button, 0, Qt.AlignmentFlag.AlignTop)
        self.notice = Banner()
        self.message = Banner()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_agenda_tab(), self.tr("Agenda and documents"))
        self.tabs.addTab(self._build_details_tab(), self.tr("Details"))
        self.tabs.addTab(self._build_participants_tab(), self.tr("Participants"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(head)
        layout.addWidget(self.notice)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        self.setStyleSheet(
            "#editor_heading { font-size: 15pt; font-weight: bold; color: #1f3b57; }"
            "QGroupBox { font-weight: bold; color: #1f3b57; }"
            "QTreeView::item { padding: 3px 2px; }"
        )
        vm = viewmodel
        vm.meeting_loaded.connect(self._on_vm_meeting_loaded)
        vm.details_changed.connect(self._on_vm_details_changed)
        vm.participants_changed.connect(self._on_vm_participants_changed)
        vm.agenda_changed.connect(self._on_vm_agenda_changed)
        vm.users_loaded.connect(self._on_vm_users_loaded)
        vm.editable_changed.connect(self._on_vm_editable_changed)
        vm.error_occurred.connect(self._on_vm_error_occurred)
        vm.info_posted.connect(self._on_vm_info_posted)
        vm.upload_started.connect(self._on_vm_upload_started)
        vm.upload_progressed.connect(self._on_vm_upload_progressed)
        vm.upload_finished.connect(self._on_vm_upload_finished)
        vm.upload_failed.connect(self._on_vm_upload_failed)
        self._on_vm_meeting_loaded()

    # --- building -----------------------------------------------------------------------

    def _action(
        self, text: str, tip: str, shortcut: QKeySequence | str, slot: Callable[[], None]
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(
            f"{tip} ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})"
        )
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        tr = self.tr
        self.publish_action = self._action(
            tr("Publish"),
            tr("Publish the meeting to its participants"),
            "Ctrl+Shift+P",
            self._on_publish_triggered,
        )
        self.add_item_action = self._action(
            tr("Add item"),
            tr("Add an item after the selected one"),
            "Ctrl+N",
            self._on_add_item_triggered,
        )
        self.add_child_action = self._action(
            tr("Add sub-item"),
            tr("Add a sub-item under the selected item"),
            "Ctrl+Shift+N",
            self._on_add_child_triggered,
        )
        self.rename_action = self._action(
            tr("Rename"), tr("Rename the selected item"), "F2", self._on_rename_triggered
        )
        self.remove_action = self._action(
            tr("Remove"),
            tr("Take the selected item off the agenda"),
            "Del",
            self._on_remove_triggered,
        )
        self.attach_action = self._action(
            tr("Attach PDF…"),
            tr("Attach a PDF document to the selected item"),
            "Ctrl+O",
            self._on_attach_triggered,
        )
        self.version_action = self._action(
            tr("New version…"),
            tr("Replace the selected document with a new version"),
            "Ctrl+Shift+O",
            self._on_version_triggered,
        )

    def _build_agenda_tab(self) -> QWidget:
        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.add_item_action, self.add_child_action, self.rename_action):
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self.remove_action)
        self.agenda_model = AgendaModel(self.vm.drop_item)
        self.agenda_model.itemChanged.connect(self._on_agenda_item_changed)
        self.agenda_tree = QTreeView()
        self.agenda_tree.setModel(self.agenda_model)
        self.agenda_tree.setAlternatingRowColors(True)
        self.agenda_tree.setUniformRowHeights(True)
        self.agenda_tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.agenda_tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.agenda_tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.agenda_tree.selectionModel().currentRowChanged.connect(self._on_agenda_current_changed)
        left = QWidget()
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(toolbar)
        box.addWidget(self.agenda_tree, 1)
        self.hint = QLabel(
            self.tr("Drag items to reorder them; double-click a title to rename it.")
        )
        self.hint.setStyleSheet("color:#5b6670;")
        box.addWidget(self.hint)

        self.item_box = QGroupBox(self.tr("Selected item"))
        self.item_title = QLabel()
        self.item_title.setWordWrap(True)
        self.presenter_combo = QComboBox()
        self.presenter_combo.activated.connect(self._on_presenter_activated)
        self.minutes_spin = QSpinBox()
        self.minutes_spin.setRange(1, 600)
        self.minutes_spin.setSuffix(self.tr(" min"))
        self.minutes_spin.editingFinished.connect(self._on_minutes_edited)
        form = QFormLayout()
        form.addRow(self.tr("Item:"), self.item_title)
        form.addRow(self.tr("Presenter:"), self.presenter_combo)
        form.addRow(self.tr("Planned time:"), self.minutes_spin)
        self.documents = QTreeWidget()
        self.documents.setRootIsDecorated(False)
        self.documents.setHeaderLabels(
            [self.tr("Document"), self.tr("Version"), self.tr("Pages"), self.tr("Size")]
        )
        self.documents.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.documents.header().setStretchLastSection(False)
        self.documents.currentItemChanged.connect(self._on_documents_current_changed)
        buttons = QHBoxLayout()
        for action in (self.attach_action, self.version_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.setFormat("%p%")
        self.progress.hide()  # shown from the first upload on
        self.upload_label = QLabel()
        self.upload_label.setWordWrap(True)
        self.upload_label.setStyleSheet("color:#5b6670;")
        side = QVBoxLayout(self.item_box)
        side.addLayout(form)
        side.addWidget(QLabel(self.tr("Documents:")))
        side.addWidget(self.documents, 1)
        side.addLayout(buttons)
        side.addWidget(self.progress)
        side.addWidget(self.upload_label)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("editor_agenda_splitter")
        splitter.addWidget(left)
        splitter.addWidget(self.item_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([800, 440])
        return splitter

    def _build_details_tab(self) -> QWidget:
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(self.tr("e.g. Regular government meeting, December"))
        self.starts_edit = QDateTimeEdit()
        self.ends_edit = QDateTimeEdit()
        for edit in (self.starts_edit, self.ends_edit):
            edit.setTimeZone(TZ)
            edit.setDisplayFormat("dd/MM/yyyy HH:mm")
            edit.setCalendarPopup(True)
        self.mode_combo = QComboBox()
        for mode in MODES:
            self.mode_combo.addItem(mode_label(mode), mode)
        self.location_edit = QLineEdit()
        self.classification_combo = QComboBox()
        for level in CLASSIFICATIONS:
            self.classification_combo.addItem(classification_label(level), str(level))
        self.signed_votes_box = QCheckBox(self.tr("Votes must be digitally signed"))
        self.signed_votes_box.setObjectName("signed_votes")
        self.signed_votes_box.setToolTip(
            self.tr(
                "Every ballot is signed with the voter's key; a secret ballot's signature "
                "proves only that the member voted."
            )
        )
        self.save_button = QPushButton(self.tr("Save details"))
        self.save_button.clicked.connect(self._on_save_clicked)
        form = QFormLayout()
        form.addRow(self.tr("Title:"), self.title_edit)
        form.addRow(self.tr("Starts (UTC+07:00):"), self.starts_edit)
        form.addRow(self.tr("Ends (UTC+07:00):"), self.ends_edit)
        form.addRow(self.tr("Form:"), self.mode_combo)
        form.addRow(self.tr("Location:"), self.location_edit)
        form.addRow(self.tr("Classification:"), self.classification_combo)
        form.addRow("", self.signed_votes_box)
        form.addRow("", self.save_button)
        box = QWidget()
        box.setLayout(form)
        box.setMaximumWidth(760)
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.addWidget(box)
        outer.addStretch(1)
        return page

    def _build_participants_tab(self) -> QWidget:
        self.invite_user_combo = QComboBox()
        self.invite_user_combo.setMinimumContentsLength(30)
        self.invite_role_combo = QComboBox()
        for role in ROLES:
            self.invite_role_combo.addItem(role_label(role), str(role))
        self.invite_button = QPushButton(self.tr("Invite"))
        self.invite_button.clicked.connect(self._on_invite_clicked)
        self.uninvite_button = QPushButton(self.tr("Uninvite"))
        self.uninvite_button.clicked.connect(self._on_uninvite_clicked)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Invite:")))
        row.addWidget(self.invite_user_combo, 1)
        row.addWidget(QLabel(self.tr("as")))
        row.addWidget(self.invite_role_combo)
        row.addWidget(self.invite_button)
        row.addStretch(0)
        row.addWidget(self.uninvite_button)
        self.participant_table = QTableWidget(0, 7)
        self.participant_table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Position"),
                self.tr("Unit"),
                self.tr("Role"),
                self.tr("Substitute"),
                self.tr("Vote delegated"),
                self.tr("Absence reason"),
            ]
        )
        self.participant_table.verticalHeader().hide()
        self.participant_table.setAlternatingRowColors(True)
        self.participant_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.participant_table.horizontalHeader().setSectionResizeMode(
            6, QHeaderView.ResizeMode.Stretch
        )
        self.participant_table.itemChanged.connect(self._on_participant_item_changed)
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.addLayout(row)
        outer.addWidget(self.participant_table, 1)
        return page

    # --- drawing ------------------------------------------------------------------------

    def _on_vm_meeting_loaded(self) -> None:
        self._on_vm_details_changed()
        self._on_vm_participants_changed()
        self._on_vm_agenda_changed()
        self._on_vm_editable_changed(self.vm.editable)
        if self.vm.is_new:
            self.tabs.setCurrentIndex(1)
        elif self._meeting_id != self.vm.meeting_id and not self._creating:
            self.tabs.setCurrentIndex(0)
        self._meeting_id = self.vm.meeting_id

    def _on_vm_details_changed(self) -> None:
        d = self.vm.details()
        self.heading.setText(d.title or self.tr("New meeting"))
        fg, bg = BADGES.get(d.classification, BADGES["thuong"])
        when = ""
        if d.starts_at and d.ends_at:
            start, end = from_iso(d.starts_at), from_iso(d.ends_at)
            when = f"{start.toString('dd/MM/yyyy HH:mm')}–{end.toString('HH:mm')}"
        parts = [f"<b>{d.state_label}</b>", when, mode_label(d.mode), d.location]
        style = f"color:{fg}; background:{bg};"
        badge = f"<span style='{style}'>&nbsp;{d.classification_label}&nbsp;</span>"
        self.subheading.setText(" · ".join(p for p in parts if p) + " &nbsp; " + badge)
        self.title_edit.setText(d.title)
        start = from_iso(d.starts_at) if d.starts_at else self._default_start()
        self.starts_edit.setDateTime(start)
        self.ends_edit.setDateTime(from_iso(d.ends_at) if d.ends_at else start.addSecs(9 * 3600))
        self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(d.mode)))
        self.location_edit.setText(d.location)
        self.classification_combo.setCurrentIndex(
            max(0, self.classification_combo.findData(d.classification))
        )
        self.signed_votes_box.setChecked(d.signed_votes)
        self.save_button.setText(
            self.tr("Create meeting") if self.vm.is_new else self.tr("Save details")
        )
        self._update_enabled()

    @staticmethod
    def _default_start() -> QDateTime:
        tomorrow = QDateTime.currentDateTime().toTimeZone(TZ).addDays(1)
        return QDateTime(tomorrow.date(), QTime(8, 0), TZ)

    def _on_vm_participants_changed(self) -> None:
        self._redrawing = True
        try:
            rows = self.vm.participants()
            table = self.participant_table
            selected = table.item(table.currentRow(), 0) if table.currentRow() >= 0 else None
            keep = selected.data(ITEM_ID) if selected is not None else None
            # Removing the rows hides their cell widgets at once (replacing them would
            # leave the old ones drawn until the event loop deletes them).
            table.setRowCount(0)
            table.setRowCount(len(rows))
            editable = self.vm.editable
            for n, p in enumerate(rows):
                for col, text in enumerate([p.full_name, p.position_title, p.unit_name]):
                    cell = QTableWidgetItem(text)
                    cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    cell.setData(ITEM_ID, p.user_id)
                    table.setItem(n, col, cell)
                table.setCellWidget(n, 3, self._role_combo(p.user_id, p.role, editable))
                table.setCellWidget(
                    n,
                    4,
                    self._substitute_combo(
                        p.user_id, p.substitute_user_id, p.substitute_name, editable
                    ),
                )
                delegated = QTableWidgetItem(self.tr("Yes") if p.vote_delegated else "")
                delegated.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                delegated.setCheckState(
                    Qt.CheckState.Checked if p.vote_delegated else Qt.CheckState.Unchecked
                )
                delegated.setData(ITEM_ID, p.user_id)
                table.setItem(n, 5, delegated)
                reason = QTableWidgetItem(p.absence_reason)
                reason.setData(ITEM_ID, p.user_id)
                if not editable:
                    reason.setFlags(reason.flags() & ~Qt.ItemFlag.ItemIsEditable)
                table.setItem(n, 6, reason)
                if p.user_id == keep:
                    table.selectRow(n)
            table.resizeColumnsToContents()
            table.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        finally:
            self._redrawing = False
        self._fill_invite_users()
        self._fill_presenters()

    def _role_combo(self, user_id: int, role: str, editable: bool) -> QComboBox:
        combo = QComboBox()
        for r in ROLES:
            combo.addItem(role_label(r), str(r))
        combo.setCurrentIndex(max(0, combo.findData(role)))
        combo.setEnabled(editable)
        combo.activated.connect(lambda _i, c=combo, u=user_id: self.vm.set_role(u, c.currentData()))
        return combo

    def _substitute_combo(
        self, user_id: int, current: int | None, name: str, editable: bool
    ) -> QComboBox:
        combo = QComboBox()
        combo.addItem(self.tr("— none —"), None)
        taken = {p.user_id for p in self.vm.participants()}
        for u in self.vm.users:
            if u.user_id not in taken or u.user_id == current:
                combo.addItem(u.label, u.user_id)
        if current is not None and combo.findData(current) < 0:
            combo.addItem(name, current)
        combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)
        combo.setEnabled(editable)
        combo.activated.connect(
            lambda _i, c=combo, u=user_id: self.vm.set_substitute(u, c.currentData())
        )
        return combo

    def _fill_invite_users(self) -> None:
        self.invite_user_combo.clear()
        for u in self.vm.invitable_users():
            self.invite_user_combo.addItem(u.label, u.user_id)

    def _fill_presenters(self) -> None:
        self.presenter_combo.clear()
        self.presenter_combo.addItem(self.tr("— none —"), None)
        for p in self.vm.participants():
            self.presenter_combo.addItem(p.full_name, p.user_id)
        self._show_selected_item()

    def _on_vm_users_loaded(self) -> None:
        self._on_vm_participants_changed()

    def _on_vm_agenda_changed(self) -> None:
        selected = self.selected_item_id()
        self._redrawing = True
        try:
            model = self.agenda_model
            model.clear()
            model.setHorizontalHeaderLabels(
                [
                    self.tr("No."),
                    self.tr("Title"),
                    self.tr("Presenter"),
                    self.tr("Minutes"),
                    self.tr("Documents"),
                ]
            )
            parents: dict[int | None, QStandardItem] = {None: model.invisibleRootItem()}
            editable = self.vm.editable
            for row in self.vm.agenda():
                docs = self._documents_text(row.documents)
                cells = [
                    QStandardItem(row.number),
                    QStandardItem(row.title),
                    QStandardItem(row.presenter_name),
                    QStandardItem(str(row.planned_minutes)),
                    QStandardItem(docs),
                ]
                for n, cell in enumerate(cells):
                    cell.setData(row.item_id, ITEM_ID)
                    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                    if editable:
                        flags |= Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
                        if n == 1:
                            flags |= Qt.ItemFlag.ItemIsEditable
                    cell.setFlags(flags)
                cells[1].setToolTip(row.title)
                cells[4].setToolTip(
                    "\n".join(f"{d.filename} (v{d.version})" for d in row.documents)
                )
                cells[3].setTextAlignment(
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
                parent = parents.get(row.parent_id, model.invisibleRootItem())
                parent.appendRow(cells)
                parents[row.item_id] = cells[0]
            self.agenda_tree.expandAll()
            header = self.agenda_tree.header()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
            for col in (0, 2, 3):
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(4, 130)
            if selected is not None:
                self.select_item(selected)
        finally:
            self._redrawing = False
        self._show_selected_item()

    def _documents_text(self, docs: tuple[DocumentRow, ...]) -> str:
        if not docs:
            return ""
        if len(docs) == 1:
            return self.tr("1 PDF (v{0})").format(docs[0].version)
        return self.tr("{0} PDFs").format(len(docs))

    def _on_vm_editable_changed(self, editable: bool) -> None:
        if editable or self.vm.is_new:
            self.notice.clear()
        else:
            self.notice.show_message("notice", self.vm.read_only_reason)
        self.agenda_tree.setDragEnabled(editable)
        self.agenda_tree.setAcceptDrops(editable)
        self.agenda_tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            if editable
            else QAbstractItemView.EditTrigger.NoEditTriggers
        )
        self._on_vm_agenda_changed()
        self._on_vm_participants_changed()
        self._update_enabled()

    def _update_enabled(self) -> None:
        vm = self.vm
        editable = vm.editable
        exists = not vm.is_new
        self.publish_action.setEnabled(vm.can_publish)
        self.publish_button.setVisible(exists)
        self.publish_button.setEnabled(vm.can_publish)
        selected = self.selected_item_id() is not None
        for action in (self.add_child_action, self.rename_action, self.remove_action):
            action.setEnabled(editable and exists and selected)
        self.add_item_action.setEnabled(editable and exists)
        self.hint.setVisible(editable and exists)
        self.attach_action.setEnabled(editable and exists and selected and not vm.uploading)
        self.version_action.setEnabled(
            editable and selected and self.documents.topLevelItemCount() > 0 and not vm.uploading
        )
        self.presenter_combo.setEnabled(editable and selected)
        self.minutes_spin.setEnabled(editable and selected)
        for widget in (
            self.title_edit,
            self.starts_edit,
            self.ends_edit,
            self.mode_combo,
            self.location_edit,
            self.classification_combo,
            self.signed_votes_box,
            self.save_button,
            self.invite_user_combo,
            self.invite_role_combo,
            self.invite_button,
            self.uninvite_button,
        ):
            widget.setEnabled(editable)
        self.participant_table.setEnabled(exists)

    def selected_item_id(self) -> int | None:
        index = self.agenda_tree.currentIndex()
        return index.siblingAtColumn(0).data(ITEM_ID) if index.isValid() else None

    def select_item(self, item_id: int) -> None:
        found = self.agenda_model.match(
            self.agenda_model.index(0, 0),
            ITEM_ID,
            item_id,
            1,
            Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
        )
        if found:
            self.agenda_tree.setCurrentIndex(found[0])

    def _show_selected_item(self) -> None:
        item_id = self.selected_item_id()
        row = self.vm.item(item_id) if item_id is not None else None
        self.documents.clear()
        if row is None:
            self.item_title.setText(self.tr("Select an agenda item."))
            self.presenter_combo.setCurrentIndex(0)
            self._update_enabled()
            return
        self.item_title.setText(f"<b>{row.number}.</b> {row.title}")
        self.presenter_combo.setCurrentIndex(
            max(0, self.presenter_combo.findData(row.presenter_user_id))
        )
        self.minutes_spin.setValue(row.planned_minutes)
        for doc in row.documents:
            entry = QTreeWidgetItem(
                [doc.filename, self.tr("v{0}").format(doc.version), str(doc.pages), doc.size_label]
            )
            entry.setData(0, ITEM_ID, doc.document_id)
            self.documents.addTopLevelItem(entry)
        first = self.documents.topLevelItem(0)
        if first is not None:
            self.documents.setCurrentItem(first)
        for col in (1, 2, 3):
            self.documents.resizeColumnToContents(col)
        self._update_enabled()

    # --- user actions -------------------------------------------------------------------

    def _on_agenda_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_selected_item()

    def _on_documents_current_changed(self, *_args: object) -> None:
        self._update_enabled()

    def _on_agenda_item_changed(self, cell: QStandardItem) -> None:
        if self._redrawing or cell.column() != 1:
            return
        self.vm.rename_item(int(cell.data(ITEM_ID)), cell.text())

    def _on_add_item_triggered(self) -> None:
        selected = self.selected_item_id()
        title = self.tr("New item")
        if selected is None:
            self.vm.add_item(title)
        else:
            self.vm.add_sibling(selected, title)

    def _on_add_child_triggered(self) -> None:
        selected = self.selected_item_id()
        if selected is not None:
            self.vm.add_child(selected, self.tr("New sub-item"))
            self.agenda_tree.expandAll()

    def _on_rename_triggered(self) -> None:
        index = self.agenda_tree.currentIndex()
        if index.isValid():
            self.agenda_tree.edit(index.siblingAtColumn(1))

    def _on_remove_triggered(self) -> None:
        selected = self.selected_item_id()
        if selected is not None:
            self.vm.remove_item(selected)

    def _on_presenter_activated(self, _index: int) -> None:
        selected = self.selected_item_id()
        if selected is not None:
            self.vm.set_presenter(selected, self.presenter_combo.currentData())

    def _on_minutes_edited(self) -> None:
        selected = self.selected_item_id()
        row = self.vm.item(selected) if selected is not None else None
        if row is not None and row.planned_minutes != self.minutes_spin.value():
            self.vm.set_planned_minutes(row.item_id, self.minutes_spin.value())

    def _on_attach_triggered(self) -> None:
        selected = self.selected_item_id()
        if selected is None:
            return
        path = self.choose_file(self, self.tr("Attach a PDF to the agenda item"))
        if path:
            self.vm.attach_pdf(selected, path)

    def _on_version_triggered(self) -> None:
        selected = self.selected_item_id()
        current = self.documents.currentItem() or self.documents.topLevelItem(0)
        if selected is None or current is None:
            return
        path = self.choose_file(
            self, self.tr("Choose the new version of {0}").format(current.text(0))
        )
        if path:
            self.vm.new_version(selected, int(current.data(0, ITEM_ID)), path)

    def _on_publish_triggered(self) -> None:
        self.vm.publish()

    def _on_save_clicked(self) -> None:
        self.message.clear()
        self._creating = self.vm.is_new
        self.vm.save_details(
            title=self.title_edit.text(),
            starts_at=to_iso(self.starts_edit.dateTime()),
            ends_at=to_iso(self.ends_edit.dateTime()),
            mode=self.mode_combo.currentData(),
            location=self.location_edit.text(),
            classification=self.classification_combo.currentData(),
            signed_votes=self.signed_votes_box.isChecked(),
        )

    def _on_invite_clicked(self) -> None:
        user_id = self.invite_user_combo.currentData()
        if user_id is not None:
            self.vm.invite(int(user_id), self.invite_role_combo.currentData())

    def _on_uninvite_clicked(self) -> None:
        row = self.participant_table.currentRow()
        cell = self.participant_table.item(row, 0) if row >= 0 else None
        if cell is not None:
            self.vm.uninvite(int(cell.data(ITEM_ID)))

    def _on_participant_item_changed(self, cell: QTableWidgetItem) -> None:
        if self._redrawing:
            return
        user_id = int(cell.data(ITEM_ID))
        if cell.column() == 5:
            self.vm.set_vote_delegated(user_id, cell.checkState() == Qt.CheckState.Checked)
        elif cell.column() == 6:
            self.vm.set_absence_reason(user_id, cell.text())

    # --- outcomes -----------------------------------------------------------------------

    def _on_vm_error_occurred(self, text: str) -> None:
        self.message.show_message("error", text)

    def _on_vm_info_posted(self, text: str) -> None:
        self.message.show_message("info", text)

    def _on_vm_upload_started(self, filename: str) -> None:
        self.message.clear()
        self.progress.setValue(0)
        self.progress.show()
        self.upload_label.setText(self.tr("Uploading {0}…").format(filename))
        self._update_enabled()

    def _on_vm_upload_progressed(self, percent: int) -> None:
        self.progress.setValue(percent)

    def _on_vm_upload_finished(self, filename: str, version: int) -> None:
        self.progress.setValue(100)
        self.upload_label.setText(self.tr("{0} attached as version {1}.").format(filename, version))
        self._update_enabled()

    def _on_vm_upload_failed(self, text: str) -> None:
        self.progress.setValue(0)
        self.upload_label.setText(self.tr("Upload refused."))
        self._update_enabled()
