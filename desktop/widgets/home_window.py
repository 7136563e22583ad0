"""The home window: my meetings, upcoming and past, and what is waiting for me."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
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

    def __init__(
        self, viewmodel: HomeViewModel, session: SessionViewModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.vm = viewmodel
        self.session = session
        self.setObjectName("home_window")
        self.setWindowTitle(self.tr("e-Cabinet"))
        toolbar = QToolBar(self.tr("Meetings"))
        toolbar.setObjectName("home_toolbar")
        toolbar.setMovable(False)
        self.open_action = QAction(self.tr("Open meeting"), self)
        self.open_action.setShortcut(QKeySequence(Qt.Key.Key_Return))
        self.open_action.setToolTip(self.tr("Open the selected meeting (Enter)"))
        self.open_action.triggered.connect(self._on_open_triggered)
        self.refresh_action = QAction(self.tr("Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.setToolTip(self.tr("Reload my meetings (F5)"))
        self.refresh_action.triggered.connect(viewmodel.refresh)
        self.logout_action = QAction(self.tr("Log out"), self)
        self.logout_action.setToolTip(self.tr("Log out and forget the session"))
        self.logout_action.triggered.connect(session.logout)
        for action in (self.open_action, self.refresh_action, self.logout_action):
            toolbar.addAction(action)
            self.addAction(action)
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
        self._fill(self.upcoming_tree, self.vm.upcoming)
        self._fill(self.past_tree, self.vm.past)

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
        tree = self.past_tree if self.past_tree.hasFocus() else self.upcoming_tree
        self._open(tree.currentItem() or tree.topLevelItem(0))

    def _on_waiting_double_clicked(self, item: QListWidgetItem) -> None:
        meeting_id = item.data(MEETING_ID)
        if meeting_id is not None:
            self.meeting_opened.emit(int(meeting_id))

    def _on_error_occurred(self, message: str) -> None:
        self.message_label.setText(message)

    def _on_state_changed(self, _state: str, label: str) -> None:
        self.connection_label.setText(label)
