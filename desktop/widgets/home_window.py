"""The home window: my meetings, upcoming and past, and what is waiting for me."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QSplitter,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.viewmodels.home import HomeViewModel, MeetingRow
from desktop.viewmodels.session import SessionViewModel

MEETING_ID = Qt.ItemDataRole.UserRole
HEADER = Qt.ItemDataRole.UserRole + 1
KIND = Qt.ItemDataRole.UserRole + 2
#: Classification badge colours (foreground, background): calm, but Mật must stand out.
BADGES = {
    "thuong": ("#44505c", "#e9ecef"),
    "mat": ("#8a1c1c", "#f8e3e1"),
    "toi_mat": ("#ffffff", "#9b2226"),
}
STATE_COLOURS = {"in_progress": "#2e6b3a", "published": "#2f5d8a", "cancelled": "#6b7480"}


class HomeWindow(QMainWindow):
    #: The user asked to open a meeting (double-click, Enter or the Open action).
    meeting_opened = Signal(int)
    #: The secretariat asked for a new meeting (Ctrl+N).
    new_meeting_requested = Signal()
    #: The secretariat asked to edit the selected meeting (Ctrl+E).
    edit_requested = Signal(int)
    #: The user asked to mark positions on the selected meeting's items.
    positions_requested = Signal(int)
    #: The record: my certificate, the minutes of a meeting, opinion polls, decisions to
    #: sign, the archive.
    certificate_requested = Signal()
    minutes_requested = Signal(int)
    consultations_requested = Signal()
    decisions_requested = Signal()
    archive_requested = Signal()

    def __init__(
        self, viewmodel: HomeViewModel, session: SessionViewModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.vm = viewmodel
        self.session = session
        self._selected: int | None = None
        self.setObjectName("home_window")
        self.setWindowTitle(self.tr("e-Cabinet"))
        toolbar = QToolBar(self.tr("Meetings"))
        toolbar.setObjectName("home_toolbar")
        toolbar.setMovable(False)
        self.open_action = self._action(
            self.tr("Open meeting"),
            self.tr("Open the selected meeting's room (Ctrl+O, Enter)"),
            [
                QKeySequence("Ctrl+O"),
                QKeySequence(Qt.Key.Key_Return),
                QKeySequence(Qt.Key.Key_Enter),
            ],
            self._on_open_triggered,
        )
        self.positions_action = self._action(
            self.tr("Positions…"),
            self.tr("Mark your position on each item of the selected meeting (Ctrl+Shift+P)"),
            [QKeySequence("Ctrl+Shift+P")],
            self._on_positions_triggered,
        )
        self.new_action = self._action(
            self.tr("New meeting…"),
            self.tr("Prepare a new meeting (Ctrl+N)"),
            [QKeySequence("Ctrl+N")],
            self.new_meeting_requested.emit,
        )
        self.edit_action = self._action(
            self.tr("Edit meeting"),
            self.tr("Edit the selected meeting: details, participants, agenda (Ctrl+E)"),
            [QKeySequence("Ctrl+E")],
            self._on_edit_triggered,
        )
        self.minutes_action = self._action(
            self.tr("Minutes…"),
            self.tr("Draft, edit and finalize the minutes of the selected meeting (Ctrl+Shift+M)"),
            [QKeySequence("Ctrl+Shift+M")],
            self._on_minutes_triggered,
        )
        self.consultations_action = self._action(
            self.tr("Opinion polls…"),
            self.tr("Written opinion polls of the Government members (Ctrl+Shift+O)"),
            [QKeySequence("Ctrl+Shift+O")],
            self.consultations_requested.emit,
        )
        self.decisions_action = self._action(
            self.tr("Signing…"),
            self.tr("Decisions and minutes waiting for my signature or the seal (Ctrl+Shift+K)"),
            [QKeySequence("Ctrl+Shift+K")],
            self.decisions_requested.emit,
        )
        self.archive_action = self._action(
            self.tr("Archive…"),
            self.tr("Search minutes, decisions, polls and documents (Ctrl+Shift+A)"),
            [QKeySequence("Ctrl+Shift+A")],
            self.archive_requested.emit,
        )
        self.certificate_action = self._action(
            self.tr("My certificate…"),
            self.tr("My signing key, certificate and signature image"),
            [],
            self.certificate_requested.emit,
        )
        self.refresh_action = self._action(
            self.tr("Refresh"),
            self.tr("Reload my meetings (F5)"),
            [QKeySequence(Qt.Key.Key_F5)],
            viewmodel.refresh,
        )
        self.logout_action = self._action(
            self.tr("Log out"),
            self.tr("Log out; documents kept on this computer are deleted"),
            [],
            session.logout,
        )
        toolbar.addAction(self.open_action)
        toolbar.addAction(self.positions_action)
        self.secretariat_separator = toolbar.addSeparator()
        toolbar.addAction(self.new_action)
        toolbar.addAction(self.edit_action)
        toolbar.addAction(self.minutes_action)
        toolbar.addSeparator()
        toolbar.addAction(self.consultations_action)
        toolbar.addAction(self.decisions_action)
        toolbar.addAction(self.archive_action)
        toolbar.addAction(self.certificate_action)
        toolbar.addSeparator()
        toolbar.addAction(self.refresh_action)
        toolbar.addAction(self.logout_action)
        self.addToolBar(toolbar)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(16, 12, 16, 8)
        self.greeting = QLabel()
        self.greeting.setObjectName("app_title")
        layout.addWidget(self.greeting)
        split = QSplitter(Qt.Orientation.Horizontal)
        lists = QWidget()
        lists_box = QVBoxLayout(lists)
        lists_box.setContentsMargins(0, 0, 8, 0)
        self.upcoming_tree = self._meeting_tree("upcoming_tree")
        self.past_tree = self._meeting_tree("past_tree")
        for title, tree in (
            (self.tr("Upcoming meetings"), self.upcoming_tree),
            (self.tr("Past meetings"), self.past_tree),
        ):
            label = QLabel(title)
            label.setObjectName("panel_title")
            lists_box.addWidget(label)
            lists_box.addWidget(tree, 1)
        waiting = QWidget()
        waiting_box = QVBoxLayout(waiting)
        waiting_box.setContentsMargins(8, 0, 0, 0)
        label = QLabel(self.tr("Waiting for me"))
        label.setObjectName("panel_title")
        waiting_box.addWidget(label)
        self.waiting_list = QListWidget()
        self.waiting_list.setObjectName("waiting_list")
        self.waiting_list.setWordWrap(True)
        self.waiting_list.setSpacing(3)
        self.waiting_list.itemDoubleClicked.connect(self._on_waiting_double_clicked)
        waiting_box.addWidget(self.waiting_list, 1)
        split.addWidget(lists)
        split.addWidget(waiting)
        split.setSizes([820, 420])
        split.setObjectName("home_splitter")
        self.splitter = split
        layout.addWidget(split, 1)
        self.setCentralWidget(central)
        self.message_label = QLabel()
        self.message_label.setObjectName("status_message")
        self.connection_label = QLabel(session.state_text)
        self.connection_label.setObjectName("connection_label")
        self.statusBar().addWidget(self.message_label, 1)
        self.statusBar().addPermanentWidget(self.connection_label)
        viewmodel.meetings_changed.connect(self._on_meetings_changed)
        viewmodel.waiting_changed.connect(self._on_waiting_changed)
        viewmodel.error_occurred.connect(self._on_error_occurred)
        session.state_changed.connect(self._on_state_changed)
        self._on_meetings_changed()
        self._on_waiting_changed()

    def _action(
        self, text: str, tip: str, keys: list[QKeySequence], slot: Callable[[], object]
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(keys)
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _meeting_tree(self, name: str) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setObjectName(name)
        tree.setRootIsDecorated(False)
        tree.setHeaderLabels(
            [self.tr("Meeting"), self.tr("Date"), self.tr("State"), self.tr("Classification")]
        )
        tree.setColumnWidth(0, 430)
        tree.setColumnWidth(1, 130)
        tree.setColumnWidth(2, 110)
        tree.itemDoubleClicked.connect(lambda item, _col: self._open(item))
        tree.currentItemChanged.connect(self._on_tree_current_changed)
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(lambda pos, t=tree: self._on_tree_menu(t, pos))
        return tree

    def _fill(self, tree: QTreeWidget, rows: list[MeetingRow]) -> None:
        tree.clear()
        for row in rows:
            item = QTreeWidgetItem(
                [row.title, row.when, row.state_label, f"  {row.classification_label}  "]
            )
            item.setData(0, MEETING_ID, row.meeting_id)
            item.setToolTip(0, f"{row.title}\n{row.location}")
            fg, bg = BADGES.get(row.classification, BADGES["thuong"])
            item.setForeground(3, QBrush(QColor(fg)))
            item.setBackground(3, QBrush(QColor(bg)))
            item.setTextAlignment(3, Qt.AlignmentFlag.AlignCenter)
            colour = STATE_COLOURS.get(row.state)
            if colour:
                item.setForeground(2, QBrush(QColor(colour)))
            tree.addTopLevelItem(item)

    def _on_meetings_changed(self) -> None:
        self.greeting.setText(self.vm.user_name)
        selected = self._selected
        self._fill(self.upcoming_tree, self.vm.upcoming)
        self._fill(self.past_tree, self.vm.past)
        self.select_meeting(selected)
        self._update_actions()

    @property
    def selected_meeting_id(self) -> int | None:
        """The meeting the actions apply to (the one last selected in either list)."""
        return self._selected

    def select_meeting(self, meeting_id: int | None) -> None:
        """Select ``meeting_id`` in whichever list shows it (None: the first upcoming)."""
        for tree in (self.upcoming_tree, self.past_tree):
            for n in range(tree.topLevelItemCount()):
                item = tree.topLevelItem(n)
                if item is not None and item.data(0, MEETING_ID) == meeting_id:
                    tree.setCurrentItem(item)
                    return
        first = self.upcoming_tree.topLevelItem(0) or self.past_tree.topLevelItem(0)
        self._selected = int(first.data(0, MEETING_ID)) if first is not None else None
        self._update_actions()

    def _update_actions(self) -> None:
        secretariat = self.vm.is_secretariat
        self.new_action.setVisible(secretariat)
        self.new_action.setEnabled(secretariat)
        self.edit_action.setVisible(secretariat)
        self.secretariat_separator.setVisible(secretariat)
        self.edit_action.setEnabled(self.vm.can_edit(self._selected))
        self.open_action.setEnabled(self._selected is not None)
        self.positions_action.setEnabled(self.vm.can_mark_positions(self._selected))
        self.minutes_action.setEnabled(self.vm.can_open_minutes(self._selected))
        held = self.vm.permissions
        self.archive_action.setVisible("archive.read" in held)
        self.certificate_action.setVisible("certificate.request" in held)
        self.decisions_action.setVisible("certificate.request" in held)

    def _on_tree_current_changed(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        if current is not None:
            self._selected = int(current.data(0, MEETING_ID))
            other = (
                self.past_tree if current.treeWidget() is self.upcoming_tree else self.upcoming_tree
            )
            other.blockSignals(True)
            other.setCurrentIndex(QModelIndex())
            other.clearSelection()
            other.blockSignals(False)
        self._update_actions()

    def _on_tree_menu(self, tree: QTreeWidget, pos: QPoint) -> None:
        item = tree.itemAt(pos)
        if item is None:
            return
        tree.setCurrentItem(item)
        menu = QMenu(self)
        for action in (self.open_action, self.positions_action, self.edit_action):
            if action.isVisible():
                menu.addAction(action)
        menu.exec(tree.viewport().mapToGlobal(pos))

    def _on_waiting_changed(self) -> None:
        """Tasks grouped under their meeting's title (a header row per meeting)."""
        self.waiting_list.clear()
        rows = self.vm.waiting
        if not rows:
            empty = QListWidgetItem(self.tr("Nothing is waiting for you."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.waiting_list.addItem(empty)
        meeting = None
        for row in rows:
            if row.meeting_id != meeting:
                meeting = row.meeting_id
                header = QListWidgetItem(row.meeting_title)
                header.setData(MEETING_ID, row.meeting_id)
                header.setData(HEADER, True)
                font = QFont(self.waiting_list.font())
                font.setBold(True)
                header.setFont(font)
                header.setForeground(QBrush(QColor("#1f3a5a")))
                self.waiting_list.addItem(header)
            item = QListWidgetItem("•  " + row.text)
            item.setData(MEETING_ID, row.meeting_id)
            item.setData(HEADER, False)
            item.setData(KIND, row.kind)
            self.waiting_list.addItem(item)

    @property
    def waiting_texts(self) -> list[str]:
        """The tasks shown (without the meeting headers), as the user reads them."""
        items = [self.waiting_list.item(n) for n in range(self.waiting_list.count())]
        return [i.text().removeprefix("•  ") for i in items if i.data(HEADER) is False]

    def _open(self, item: QTreeWidgetItem | None) -> None:
        if item is not None:
            self.meeting_opened.emit(int(item.data(0, MEETING_ID)))

    def _on_open_triggered(self) -> None:
        if self._selected is not None:
            self.meeting_opened.emit(self._selected)

    def _on_edit_triggered(self) -> None:
        if self.vm.can_edit(self._selected):
            assert self._selected is not None
            self.edit_requested.emit(self._selected)

    def _on_minutes_triggered(self) -> None:
        if self._selected is not None:
            self.minutes_requested.emit(self._selected)

    def _on_positions_triggered(self) -> None:
        if self.vm.can_mark_positions(self._selected):
            assert self._selected is not None
            self.positions_requested.emit(self._selected)

    def _on_waiting_double_clicked(self, item: QListWidgetItem) -> None:
        """A position to mark opens the positions; an open poll opens the room."""
        meeting_id = item.data(MEETING_ID)
        if meeting_id is None:
            return
        if item.data(KIND) == "position":
            self.positions_requested.emit(int(meeting_id))
        else:
            self.meeting_opened.emit(int(meeting_id))

    def _on_error_occurred(self, message: str) -> None:
        self.message_label.setText(message)

    def _on_state_changed(self, _state: str, label: str) -> None:
        self.connection_label.setText(label)
