"""The chair's audio/video controls on the video wall, and the recording indicator.

Everyone sees a red "● Recording (since HH:MM)" while the meeting is recorded.  The chair
also gets, above the tiles, "Keep only the speaker's voice" (Ctrl+Alt+M) and
"Record"/"Stop recording" (Ctrl+Alt+R; disabled with the reason for a Tối mật meeting),
and a context menu on another participant's tile to turn their microphone or camera off
or on.  Members see neither.  The logic is in
:class:`desktop.viewmodels.media_controls.MediaControlsViewModel`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from desktop.viewmodels.media_controls import MediaControlsViewModel

if TYPE_CHECKING:
    from desktop.widgets.meeting_room import MeetingRoomWindow
    from desktop.widgets.video_wall import VideoWall

MUTE_ALL_SHORTCUT = "Ctrl+Alt+M"
RECORD_SHORTCUT = "Ctrl+Alt+R"
INDICATOR_STYLE = (
    "background: #c0392b; color: white; font-weight: bold; padding: 2px 8px; border-radius: 3px;"
)


class MediaControls(QWidget):
    """The bar above the tiles: the recording indicator and the chair's buttons; it also
    gives the chair a context menu on the wall's tiles (other than their own)."""

    def __init__(self, vm: MediaControlsViewModel, wall: VideoWall) -> None:
        super().__init__(wall)
        self.vm = vm
        self.wall = wall
        self.setObjectName("media_controls")
        #: The menu last opened on a tile (kept so it is not collected while shown).
        self.menu: QMenu | None = None

        self.indicator = QLabel()
        self.indicator.setObjectName("recording_indicator")
        self.indicator.setStyleSheet(INDICATOR_STYLE)
        self.indicator.setAccessibleName(self.tr("The meeting is being recorded"))
        self.indicator.hide()
        self.mute_all_action = self._action(
            self.tr("Keep only the speaker's voice"),
            self.tr("Mute every microphone except the active speaker's"),
            MUTE_ALL_SHORTCUT,
        )
        self.mute_all_action.triggered.connect(lambda _=False: vm.mute_all_but_speaker())
        self.record_action = self._action(
            self.tr("Record"), self.tr("Start or stop recording the meeting"), RECORD_SHORTCUT
        )
        self.record_action.triggered.connect(lambda _=False: vm.toggle_recording())
        self.message = QLabel()
        self.message.setObjectName("media_controls_message")
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.indicator)
        self.chair_buttons: list[QToolButton] = []
        for action in (self.mute_all_action, self.record_action):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setMinimumWidth(16)
            row.addWidget(button)
            self.chair_buttons.append(button)
        row.addWidget(self.message, 1)

        vm.recording_changed.connect(lambda _on: self._update())
        vm.permissions_changed.connect(self._update)
        vm.meeting_changed.connect(self._update)
        vm.error_occurred.connect(self._on_error)
        vm.info_posted.connect(self._on_info)
        # After the wall has made its tiles (connected later, so called later).
        wall.vm.tiles_changed.connect(self._hook_tiles)
        self._hook_tiles()
        self._update()

    def _action(self, text: str, tip: str, shortcut: str) -> QAction:
        action = QAction(text, self)
        action.setToolTip(f"{tip} ({shortcut})")
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.wall.addAction(action)
        return action

    # --- state ------------------------------------------------------------------------

    def _update(self) -> None:
        vm = self.vm
        recording = vm.is_recording
        if recording:
            self.indicator.setText(self.tr("● Recording (since {0})").format(vm.since_text))
            self.indicator.setToolTip(self.tr("Recording to {0}").format(vm.file_name))
        self.indicator.setVisible(recording)
        chair = vm.may_moderate
        for button in self.chair_buttons:
            button.setVisible(chair)
        self.mute_all_action.setEnabled(chair and vm.in_progress)
        self.record_action.setText(self.tr("Stop recording") if recording else self.tr("Record"))
        self.record_action.setEnabled(chair and (recording or vm.may_record))
        refusal = "" if recording else vm.record_refusal
        tip = self.tr("Start or stop recording the meeting")
        self.record_action.setToolTip(refusal or f"{tip} ({RECORD_SHORTCUT})")
        # A disabled action does not show its tooltip on the button: the button does.
        self.chair_buttons[1].setToolTip(self.record_action.toolTip())
        self.setVisible(recording or chair or bool(self.message.text()))

    def _on_error(self, message: str) -> None:
        self.message.setStyleSheet("color: #8a1c1c;")
        self.message.setText(message)
        self.setVisible(True)

    def _on_info(self, message: str) -> None:
        self.message.setStyleSheet("")
        self.message.setText(message)
        self.setVisible(True)

    # --- the tiles' menu --------------------------------------------------------------

    def _hook_tiles(self) -> None:
        for pid, tile_view in self.wall.tiles.items():
            if tile_view.property("media_controls_hooked"):
                continue
            tile_view.setProperty("media_controls_hooked", True)
            tile_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            tile_view.customContextMenuRequested.connect(
                lambda pos, pid=pid: self._on_tile_menu(pid, pos)
            )

    def menu_for(self, participant_id: int) -> QMenu | None:
        """The chair's menu for a participant's tile (None for members and one's own)."""
        tile_view = self.wall.tiles.get(participant_id)
        if tile_view is None or not self.vm.may_moderate or tile_view.tile.is_me:
            return None
        tile = tile_view.tile
        menu = QMenu(tile_view)
        menu.setObjectName("tile_menu")
        microphone = menu.addAction(
            self.tr("Turn microphone on") if tile.audio_muted else self.tr("Turn microphone off")
        )
        microphone.setObjectName("tile_microphone")
        microphone.triggered.connect(
            lambda _=False: self.vm.set_muted(participant_id, "audio", not tile.audio_muted)
        )
        camera = menu.addAction(
            self.tr("Turn camera on") if tile.video_muted else self.tr("Turn camera off")
        )
        camera.setObjectName("tile_camera")
        camera.triggered.connect(
            lambda _=False: self.vm.set_muted(participant_id, "video", not tile.video_muted)
        )
        for action in (microphone, camera):
            action.setEnabled(self.vm.in_progress)
        return menu

    def _on_tile_menu(self, participant_id: int, pos: QPoint) -> None:
        menu = self.menu_for(participant_id)
        tile_view = self.wall.tiles.get(participant_id)
        if menu is None or tile_view is None:
            return
        if self.menu is not None:
            self.menu.deleteLater()
        self.menu = menu
        menu.popup(tile_view.mapToGlobal(pos))


def attach_media_controls(wall: VideoWall, window: MeetingRoomWindow) -> MediaControls:
    """Give a meeting room's wall its controls (above the tiles, below the banner)."""
    room = window.vm
    vm = MediaControlsViewModel(room.client, room.session, room.runner, parent=wall)
    controls = MediaControls(vm, wall)
    layout = wall.layout()
    if isinstance(layout, QBoxLayout):
        layout.insertWidget(1, controls)
    window.closed.connect(vm.detach)
    return controls
