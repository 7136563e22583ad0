"""The meeting room window: agenda | document | participants, speakers, vote, video."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPoint, QRect, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QCloseEvent, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.viewmodels.meeting_room import MeetingRoomViewModel
from desktop.viewmodels.voting import VotingViewModel
from desktop.widgets.vote_panel import VotePanel

CURRENT_BACKGROUND = QColor("#dde7f2")
ADOPTED = QColor("#2e6b3a")
REJECTED = QColor("#9b2c2c")
MUTED = QColor("#6b7480")
ITEM_ID = Qt.ItemDataRole.UserRole
CLASSIFICATION_COLOURS = {"thuong": "#44505c", "mat": "#8a1c1c", "toi_mat": "#9b2226"}


class _WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text (QTreeView alone does not measure wrapping)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # type: ignore[override]
        base = super().sizeHint(option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = max(40, self._tree.columnWidth(index.column()) - 8)
        flags = int(Qt.TextFlag.TextWordWrap)
        text = opt.fontMetrics.boundingRect(QRect(0, 0, width, 100_000), flags, opt.text)
        return QSize(base.width(), max(base.height(), text.height() + 4))


def _panel(title: str, body: QWidget, name: str) -> QWidget:
    box = QWidget()
    box.setObjectName(name)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 6, 6, 6)
    heading = QLabel(title)
    heading.setObjectName("panel_title")
    layout.addWidget(heading)
    layout.addWidget(body, 1)
    return box


class MeetingRoomWindow(QMainWindow):
    #: The window is closing (the meeting is left); owners release what they attached.
    closed = Signal()

    def __init__(
        self,
        viewmodel: MeetingRoomViewModel,
        voting: VotingViewModel,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vm = viewmodel
        self._settings = settings
        self.setObjectName("meeting_room")
        self._build_actions()
        self._build_panels(voting)
        self._build_status()
        vm = viewmodel
        vm.meeting_changed.connect(self._on_meeting_changed)
        vm.agenda_changed.connect(self._on_agenda_changed)
        vm.participants_changed.connect(self._on_participants_changed)
        vm.speakers_changed.connect(self._on_speakers_changed)
        vm.timer_ticked.connect(self._on_speakers_changed)
        vm.permissions_changed.connect(self._on_permissions_changed)
        vm.following_changed.connect(self.follow_action.setChecked)
        vm.presenting_changed.connect(self.present_action.setChecked)
        vm.connection_changed.connect(self._on_connection_changed)
        vm.error_occurred.connect(self._on_error_occurred)
        voting.error_occurred.connect(self._on_error_occurred)
        vm.info_posted.connect(self._on_info_posted)
        vm.decision_recorded.connect(self._on_decision_recorded)
        self._on_meeting_changed()
        self._on_agenda_changed()
        self._on_participants_changed()
        self._on_speakers_changed()
        self._on_permissions_changed()
        self._on_connection_changed(*vm.connection_state)
        self._restore()

    # --- construction -----------------------------------------------------------------

    def _action(
        self,
        text: str,
        tip: str,
        shortcut: str | None,
        slot: Callable[..., object],
        checkable: bool = False,
    ) -> QAction:
        action = QAction(text, self)
        action.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        vm = self.vm
        self.previous_action = self._action(
            self.tr("Previous item"),
            self.tr("Go back to the previous agenda item"),
            "Alt+Left",
            vm.previous_item,
        )
        self.next_action = self._action(
            self.tr("Next item"),
            self.tr("Move on to the next agenda item"),
            "Alt+Right",
            vm.next_item,
        )
        self.adopt_action = self._action(
            self.tr("Adopt unopposed"),
            self.tr("Adopt every item nobody objected to or asked to speak on"),
            "Ctrl+Shift+A",
            vm.adopt_unopposed,
        )
        self.start_action = self._action(
            self.tr("Start meeting"),
            self.tr("Open the meeting for the members"),
            None,
            vm.start_meeting,
        )
        self.end_action = self._action(
            self.tr("End meeting"), self.tr("Close the meeting"), None, vm.end_meeting
        )
        self.present_action = self._action(
            self.tr("Follow me"),
            self.tr("Everyone who follows turns to the page you show"),
            "Ctrl+Shift+F",
            vm.set_presenting,
            checkable=True,
        )
        self.hand_action = self._action(
            self.tr("Raise hand"),
            self.tr("Ask for the floor, or withdraw the request"),
            "Ctrl+H",
            self._on_hand_triggered,
            checkable=True,
        )
        self.follow_action = self._action(
            self.tr("Follow presenter"),
            self.tr("Turn pages with the presenter"),
            "Ctrl+Shift+P",
            vm.set_following,
            checkable=True,
        )
        self.follow_action.setChecked(vm.following)
        self.chair_toolbar = QToolBar(self.tr("Chair"))
        self.chair_toolbar.setObjectName("chair_toolbar")
        for action in (
            self.previous_action,
            self.next_action,
            self.adopt_action,
            self.present_action,
            self.start_action,
            self.end_action,
        ):
            self.chair_toolbar.addAction(action)
        self.member_toolbar = QToolBar(self.tr("Member"))
        self.member_toolbar.setObjectName("member_toolbar")
        self.member_toolbar.addAction(self.hand_action)
        self.member_toolbar.addAction(self.follow_action)
        for bar in (self.chair_toolbar, self.member_toolbar):
            bar.setMovable(False)
            bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.addToolBar(bar)

    def _build_panels(self, voting: VotingViewModel) -> None:
        self.header = QLabel()
        self.header.setObjectName("room_header")
        self.header.setWordWrap(True)
        self.agenda_tree = QTreeWidget()
        self.agenda_tree.setObjectName("agenda_tree")
        self.agenda_tree.setHeaderLabels([self.tr("No."), self.tr("Item"), self.tr("Decision")])
        self.agenda_tree.setRootIsDecorated(False)
        self.agenda_tree.setWordWrap(True)
        self.agenda_tree.setUniformRowHeights(False)
        self.agenda_tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.agenda_tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        # Long titles wrap instead of being cut: rows are laid out again on resize.
        self.agenda_tree.setItemDelegateForColumn(1, _WrappingDelegate(self.agenda_tree))
        header.sectionResized.connect(lambda *_: self.agenda_tree.doItemsLayout())
        self.agenda_tree.itemDoubleClicked.connect(self._on_agenda_double_clicked)
        self.document_area = QFrame()
        self.document_area.setObjectName("document_area")
        self.document_area.setFrameShape(QFrame.Shape.StyledPanel)
        area = QVBoxLayout(self.document_area)
        area.setContentsMargins(0, 0, 0, 0)
        self._document_placeholder = QLabel(
            self.tr("The documents of the current item are shown here.")
        )
        self._document_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._document_placeholder.setObjectName("muted")
        area.addWidget(self._document_placeholder)

        self.video_area = QFrame()
        self.video_area.setObjectName("video_area")
        self.video_area.setFrameShape(QFrame.Shape.StyledPanel)
        self.video_area.setMinimumHeight(110)
        video = QVBoxLayout(self.video_area)
        note = QLabel(self.tr("Video — reserved for audio and video"))
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        note.setObjectName("muted")
        video.addWidget(note)

        self.participants_tree = QTreeWidget()
        self.participants_tree.setObjectName("participants_tree")
        self.participants_tree.setHeaderLabels([self.tr("Participant"), self.tr("Status")])
        self.participants_tree.setRootIsDecorated(False)
        people_header = self.participants_tree.header()
        people_header.setStretchLastSection(False)
        people_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        people_header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.participants_tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.participants_tree.customContextMenuRequested.connect(self._on_participants_menu)
        lobby_row = QHBoxLayout()
        self.admit_button = QPushButton(self.tr("Admit"))
        self.admit_button.setToolTip(self.tr("Let the selected guest in from the lobby"))
        self.admit_button.clicked.connect(lambda: self._on_selected(self.vm.admit))
        self.refuse_button = QPushButton(self.tr("Refuse"))
        self.refuse_button.clicked.connect(lambda: self._on_selected(self.vm.refuse))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setToolTip(self.tr("Remove the selected participant from the meeting"))
        self.remove_button.clicked.connect(lambda: self._on_selected(self.vm.remove))
        for b in (self.admit_button, self.refuse_button, self.remove_button):
            lobby_row.addWidget(b)
        people = QWidget()
        people_box = QVBoxLayout(people)
        people_box.setContentsMargins(0, 0, 0, 0)
        people_box.addWidget(self.participants_tree, 1)
        people_box.addLayout(lobby_row)

        self.speaker_timer = QLabel()
        self.speaker_timer.setObjectName("speaker_timer")
        self.speakers_tree = QTreeWidget()
        self.speakers_tree.setObjectName("speakers_tree")
        self.speakers_tree.setHeaderLabels([self.tr("Speaker"), self.tr("Time left")])
        self.speakers_tree.setRootIsDecorated(False)
        speakers_header = self.speakers_tree.header()
        speakers_header.setStretchLastSection(False)
        speakers_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        speakers_header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        floor_row = QHBoxLayout()
        self.grant_button = QPushButton(self.tr("Give the floor"))
        self.grant_button.clicked.connect(lambda: self._on_speaker_selected(self.vm.give_floor))
        self.end_floor_button = QPushButton(self.tr("End the floor"))
        self.end_floor_button.clicked.connect(lambda: self._on_speaker_selected(self.vm.end_floor))
        floor_row.addWidget(self.grant_button)
        floor_row.addWidget(self.end_floor_button)
        speakers = QWidget()
        speakers_box = QVBoxLayout(speakers)
        speakers_box.setContentsMargins(0, 0, 0, 0)
        speakers_box.addWidget(self.speaker_timer)
        speakers_box.addWidget(self.speakers_tree, 1)
        speakers_box.addLayout(floor_row)

        self.vote_panel = VotePanel(voting)

        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.setObjectName("right_splitter")
        self.right.addWidget(self.video_area)
        self.right.addWidget(_panel(self.tr("Participants"), people, "participants_panel"))
        self.right.addWidget(_panel(self.tr("List of speakers"), speakers, "speakers_panel"))
        self.right.addWidget(_panel("", self.vote_panel, "vote_box"))
        self.right.setSizes([200, 190, 130, 280])
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(6, 6, 6, 6)
        left_box.addWidget(self.header)
        agenda_title = QLabel(self.tr("Agenda"))
        agenda_title.setObjectName("panel_title")
        left_box.addWidget(agenda_title)
        left_box.addWidget(self.agenda_tree, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.document_area)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([340, 560, 380])
        self.setCentralWidget(self.splitter)

    def _build_status(self) -> None:
        self.message_label = QLabel()
        self.message_label.setObjectName("status_message")
        self.connection_label = QLabel()
        self.connection_label.setObjectName("connection_label")
        self.statusBar().addWidget(self.message_label, 1)
        self.statusBar().addPermanentWidget(self.connection_label)

    def set_document_widget(self, widget: QWidget) -> None:
        """Put the document viewer in the central area (replacing the placeholder)."""
        self._replace_contents(self.document_area, widget)

    def set_video_widget(self, widget: QWidget) -> None:
        """Put the video wall in the video area (replacing the placeholder)."""
        self.video_area.setMinimumWidth(self.video_area.minimumSizeHint().width())  # same layout
        self._replace_contents(self.video_area, widget)

    @staticmethod
    def _replace_contents(area: QWidget, widget: QWidget) -> None:
        layout = area.layout()
        assert layout is not None
        layout.setContentsMargins(0, 0, 0, 0)
        while layout.count():
            old = layout.takeAt(0)
            child = old.widget() if old is not None else None
            if child is not None:
                child.setParent(None)
        layout.addWidget(widget)

    # --- updates ----------------------------------------------------------------------

    def _on_meeting_changed(self) -> None:
        vm = self.vm
        self.setWindowTitle(f"{vm.title} — e-Cabinet")
        colour = CLASSIFICATION_COLOURS.get(vm.classification, "#44505c")
        self.header.setText(
            f"<b>{vm.title}</b><br>{vm.state_text} · "
            f'<span style="color:{colour}; font-weight:bold">{vm.classification_text}</span>'
        )
        self._on_permissions_changed()

    def _on_permissions_changed(self) -> None:
        vm = self.vm
        running = vm.state == "in_progress"
        self.chair_toolbar.setVisible(vm.is_chair or vm.can("meeting.run"))
        for action in (self.previous_action, self.next_action):
            action.setEnabled(vm.can("agenda.steer"))
        self.adopt_action.setEnabled(vm.can("agenda.steer"))
        self.present_action.setEnabled(vm.can("presenter.control"))
        self.start_action.setVisible(vm.can("meeting.run") and vm.state == "published")
        self.end_action.setVisible(vm.can("meeting.run") and running)
        self.hand_action.setEnabled(vm.can("floor.request") and running)
        for b in (self.admit_button, self.refuse_button):
            b.setVisible(vm.can("lobby.manage"))
        self.remove_button.setVisible(vm.can("participant.remove"))
        for b in (self.grant_button, self.end_floor_button):
            b.setVisible(vm.can("floor.manage"))

    def _on_agenda_changed(self) -> None:
        tree = self.agenda_tree
        tree.clear()
        current_row = None
        for row in self.vm.agenda:
            decision = ("✓ " if row.decision == "adopted" else "") + row.decision_label
            item = QTreeWidgetItem(
                ["▶ " + row.number if row.is_current else row.number, row.title, decision]
            )
            item.setData(0, ITEM_ID, row.item_id)
            item.setToolTip(1, f"{row.title}\n{row.presenter} · {row.planned_minutes}′")
            if row.depth:
                item.setText(1, "    " * row.depth + row.title)
            if row.decision == "adopted":
                item.setForeground(2, QBrush(ADOPTED))
            elif row.decision:
                item.setForeground(2, QBrush(REJECTED))
            if row.is_current:
                font = QFont(tree.font())
                font.setBold(True)
                for col in range(3):
                    item.setFont(col, font)
                    item.setBackground(col, QBrush(CURRENT_BACKGROUND))
                current_row = item
            tree.addTopLevelItem(item)
        if current_row is not None:
            tree.scrollToItem(current_row)

    def _on_participants_changed(self) -> None:
        tree = self.participants_tree
        tree.clear()
        for p in self.vm.participants:
            status = [p.status_label]
            if p.speaking:
                status.append(self.tr("speaking"))
            elif p.hand_raised:
                status.append(self.tr("hand raised"))
            name = p.name + (self.tr(" (you)") if p.is_me else "")
            if p.substitute_for:
                name += "\n" + self.tr("substitute for {0}").format(p.substitute_for)
            elif p.substituted_by:
                name += "\n" + self.tr("represented by {0}").format(p.substituted_by)
            item = QTreeWidgetItem([name, " · ".join(status)])
            item.setData(0, ITEM_ID, p.user_id)
            item.setToolTip(0, p.detail)
            if p.status != "present":
                item.setForeground(0, QBrush(MUTED))
                item.setForeground(1, QBrush(MUTED))
            if p.speaking or p.hand_raised or p.status == "lobby":
                font = QFont(tree.font())
                font.setBold(True)
                item.setFont(1, font)
            tree.addTopLevelItem(item)

    def _on_speakers_changed(self) -> None:
        tree = self.speakers_tree
        selected = self._selected_id(tree)
        tree.clear()
        speaking = None
        for s in self.vm.speakers:
            item = QTreeWidgetItem([s.name + (self.tr(" (you)") if s.is_me else ""), s.timer])
            item.setData(0, ITEM_ID, s.request_id)
            if s.speaking:
                speaking = s
                font = QFont(tree.font())
                font.setBold(True)
                item.setFont(0, font)
                item.setFont(1, font)
            tree.addTopLevelItem(item)
            if s.request_id == selected:
                item.setSelected(True)
        if speaking is not None:
            self.speaker_timer.setText(
                self.tr("Speaking: {0} — {1}").format(speaking.name, speaking.timer)
            )
            self.speaker_timer.setProperty("overtime", (speaking.seconds_left or 0) < 0)
        else:
            self.speaker_timer.setText(self.tr("Nobody has the floor."))
            self.speaker_timer.setProperty("overtime", False)
        self.speaker_timer.style().polish(self.speaker_timer)
        self.hand_action.setChecked(self.vm.hand_raised)
        self.hand_action.setText(
            self.tr("Lower hand") if self.vm.hand_raised else self.tr("Raise hand")
        )

    def _on_connection_changed(self, state: str, label: str) -> None:
        self.connection_label.setText(label)
        self.connection_label.setProperty("state", state)
        self.connection_label.style().polish(self.connection_label)

    def _on_error_occurred(self, message: str) -> None:
        self.message_label.setProperty("error", True)
        self.message_label.style().polish(self.message_label)
        self.message_label.setText(message)

    def _on_info_posted(self, message: str) -> None:
        self.message_label.setProperty("error", False)
        self.message_label.style().polish(self.message_label)
        self.message_label.setText(message)

    def _on_decision_recorded(self, item_id: int, decision: str) -> None:
        row = next((r for r in self.vm.agenda if r.item_id == item_id), None)
        if row is not None:
            self._on_info_posted(self.tr("Item {0}: {1}").format(row.number, row.decision_label))

    # --- user input -------------------------------------------------------------------

    @staticmethod
    def _selected_id(tree: QTreeWidget) -> int | None:
        items = tree.selectedItems()
        return int(items[0].data(0, ITEM_ID)) if items else None

    def _on_selected(self, action: Callable[[int], None]) -> None:
        user_id = self._selected_id(self.participants_tree)
        if user_id is None:
            self._on_info_posted(self.tr("Select a participant first."))
        else:
            action(user_id)

    def _on_speaker_selected(self, action: Callable[[int], None]) -> None:
        request_id = self._selected_id(self.speakers_tree)
        if request_id is None and self.vm.speakers:
            speaking = [s for s in self.vm.speakers if s.speaking]
            request_id = (speaking or self.vm.speakers)[0].request_id
        if request_id is not None:
            action(request_id)

    def _on_agenda_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        """The chair makes the item current; anyone else reads its first document."""
        item_id = int(item.data(0, ITEM_ID))
        if self.vm.can("agenda.steer"):
            self.vm.set_current(item_id)
            return
        documents = self.vm.documents(item_id)
        if documents:
            self.vm.open_document(documents[0].version_id)

    def _on_hand_triggered(self, _checked: bool) -> None:
        self.vm.toggle_hand()
        self.hand_action.setChecked(self.vm.hand_raised)

    def _on_participants_menu(self, pos: QPoint) -> None:
        item = self.participants_tree.itemAt(pos)
        if item is None:
            return
        user_id = int(item.data(0, ITEM_ID))
        menu = QMenu(self)
        if self.vm.can("lobby.manage"):
            menu.addAction(self.tr("Admit"), lambda: self.vm.admit(user_id))
            menu.addAction(self.tr("Refuse"), lambda: self.vm.refuse(user_id))
        if self.vm.can("participant.remove"):
            menu.addAction(self.tr("Remove from the meeting"), lambda: self.vm.remove(user_id))
        if not menu.isEmpty():
            menu.exec(self.participants_tree.viewport().mapToGlobal(pos))

    # --- geometry ---------------------------------------------------------------------

    def _restore(self) -> None:
        if self._settings is None:
            return
        geometry = self._settings.value("room/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        for splitter, key in ((self.splitter, "room/main"), (self.right, "room/right")):
            state = self._settings.value(key)
            if state is not None:
                splitter.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._settings is not None:
            self._settings.setValue("room/geometry", self.saveGeometry())
            self._settings.setValue("room/main", self.splitter.saveState())
            self._settings.setValue("room/right", self.right.saveState())
        self.vm.leave()
        self.closed.emit()
        super().closeEvent(event)
