"""The video wall in the meeting room: one tile per participant with media (name, unit,
muted and speaking marks, the active speaker enlarged), one's own tile as self-view,
microphone and camera switches (Ctrl+D, Ctrl+E), the speaker (output device) choice
or a note that there is none, and a banner when the media fail.

Tiles paint the view model's latest ``QImage`` (converted off the UI thread) scaled to
fit with its aspect ratio; nothing here waits for the network.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.viewmodels.media import MediaViewModel
from desktop.viewmodels.media_tiles import MIN_TILE, Cell, Tile, arrange
from desktop.widgets.media_controls import attach_media_controls
from desktop.widgets.media_devices import MediaDevicesButton
from desktop.widgets.meeting_room import MeetingRoomWindow

BACKGROUND = QColor("#1f2630")
SPEAKING = QColor("#3fa34d")
MUTED_MARK = QColor("#c0392b")
CAPTION = QColor(0, 0, 0, 150)


class TileView(QWidget):
    """One participant's picture (or their name when there is none) and marks."""

    def __init__(self, vm: MediaViewModel, tile: Tile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self.tile = tile
        self.setObjectName(f"tile_{tile.participant_id}")
        self.setMinimumSize(QSize(*MIN_TILE))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def set_tile(self, tile: Tile) -> None:
        self.tile = tile
        self.setToolTip(f"{tile.name}\n{tile.unit}" if tile.unit else tile.name)
        self.update()

    def marks(self) -> list[str]:
        """The marks drawn on the tile, as text (also what a screen reader gets)."""
        tile, marks = self.tile, []
        if tile.audio_muted:
            marks.append(self.tr("Microphone off"))
        if tile.video_muted:
            marks.append(self.tr("Camera off"))
        if tile.speaking:
            marks.append(self.tr("Speaking"))
        return marks

    def paintEvent(self, event: QPaintEvent) -> None:
        tile = self.tile
        painter = QPainter(self)
        rect = self.rect()
        painter.fillRect(rect, BACKGROUND)
        image = self.vm.image(tile.participant_id) if tile.has_video else None
        if image is not None and not image.isNull():
            size = image.size().scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, size.width(), size.height())
            target.moveCenter(rect.center())
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, image)
        else:
            painter.setPen(QColor("#cfd6de"))
            font = QFont(self.font())
            font.setPointSizeF(font.pointSizeF() * 1.4)
            painter.setFont(font)
            initials = "".join(w[0] for w in tile.name.split()[-2:]).upper()
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, initials)
            painter.setFont(self.font())
        metrics = painter.fontMetrics()
        line = metrics.height()
        caption = QRect(rect.left(), rect.bottom() - 2 * line - 4, rect.width(), 2 * line + 5)
        painter.fillRect(caption, CAPTION)
        painter.setPen(Qt.GlobalColor.white)
        you = self.tr("You")
        name = f"{tile.name} ({you})" if tile.is_me else tile.name
        inner = caption.adjusted(6, 2, -6, -2)
        painter.drawText(
            inner.adjusted(0, 0, 0, -line),
            Qt.AlignmentFlag.AlignLeft,
            metrics.elidedText(name, Qt.TextElideMode.ElideRight, inner.width()),
        )
        painter.drawText(
            inner.adjusted(0, line, 0, 0),
            Qt.AlignmentFlag.AlignLeft,
            metrics.elidedText(tile.unit, Qt.TextElideMode.ElideRight, inner.width()),
        )
        x = rect.right() - 4
        for mark in self.marks():
            if mark == self.tr("Speaking"):
                continue
            # On a narrow tile the mark is shortened to the room left, not cut off.
            width = min(metrics.horizontalAdvance(mark) + 10, x - rect.left() - 4)
            if width < metrics.horizontalAdvance("…") + 10:
                break
            badge = QRect(x - width, rect.top() + 4, width, line + 4)
            painter.fillRect(badge, MUTED_MARK)
            text = metrics.elidedText(mark, Qt.TextElideMode.ElideRight, width - 8)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
            x -= width + 4
        if tile.speaking:
            painter.setPen(QPen(SPEAKING, 4))
            painter.drawRect(rect.adjusted(2, 2, -2, -2))
        painter.end()


class VideoWall(QWidget):
    """The grid of tiles with its controls; ``vm`` is started and stopped by its owner."""

    def __init__(self, vm: MediaViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = vm
        self.setObjectName("video_wall")
        self.tiles: dict[int, TileView] = {}
        self.microphone_action = self._action(
            self.tr("Microphone"), self.tr("Turn my microphone off or on"), "Ctrl+D"
        )
        self.microphone_action.triggered.connect(lambda _=False: vm.toggle_microphone())
        self.camera_action = self._action(
            self.tr("Camera"), self.tr("Turn my camera off or on"), "Ctrl+E"
        )
        self.camera_action.triggered.connect(lambda _=False: vm.toggle_camera())
        self.audio_only_box = QCheckBox(self.tr("Audio only"))
        self.audio_only_box.setToolTip(self.tr("Join with sound only: no video sent or shown"))
        self.audio_only_box.setChecked(vm.audio_only)
        self.audio_only_box.toggled.connect(vm.set_audio_only)
        self.output_box = QComboBox()
        self.output_box.setObjectName("audio_output")
        self.output_box.setToolTip(self.tr("Speaker: where the meeting's sound is played"))
        self.output_box.activated.connect(self._on_output_chosen)
        self.sound_label = QLabel(self.tr("No audio output device"))
        self.sound_label.setObjectName("muted")

        self.banner = QLabel()
        self.banner.setObjectName("media_banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fbe9e7; color: #8a1c1c; padding: 4px;")
        self.banner.hide()
        self.state_label = QLabel()
        self.state_label.setObjectName("muted")
        self.note_label = QLabel(vm.source_note)
        self.note_label.setObjectName("muted")
        self.note_label.setToolTip(vm.source_note)

        controls = QHBoxLayout()
        controls.setSpacing(4)
        self.buttons = []
        for action in (self.microphone_action, self.camera_action):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            controls.addWidget(button)
            self.buttons.append(button)
        controls.addWidget(self.audio_only_box)
        self.devices_button = MediaDevicesButton(vm, self.note_label, self)
        controls.addWidget(self.devices_button)
        controls.addWidget(self.output_box)
        controls.addWidget(self.sound_label)
        controls.addStretch(1)
        # In a narrow video area the texts wrap or are cut rather than widening the room;
        # the microphone and camera switches keep theirs (they say whether each is on).
        for widget in (self.audio_only_box, self.output_box, self.sound_label):
            widget.setMinimumWidth(16)
        self.state_label.setWordWrap(True)
        for label in (self.note_label, self.banner, self.state_label):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._placed: list[tuple[int, Cell | None]] = []
        self._laid_out: list[Tile] = []
        self.tile_area = TileArea(lambda: self._lay_out(self._laid_out), self)
        self.grid = QGridLayout(self.tile_area)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addWidget(self.banner)
        layout.addWidget(self.tile_area, 1)
        layout.addWidget(self.note_label)
        layout.addLayout(controls)
        layout.addWidget(self.state_label)

        vm.tiles_changed.connect(self._on_tiles_changed)
        vm.frame_ready.connect(self._on_frame_ready)
        vm.media_state_changed.connect(self._on_media_state_changed)
        vm.microphone_changed.connect(lambda _on: self._on_switches_changed())
        vm.camera_changed.connect(lambda _on: self._on_switches_changed())
        vm.audio_only_changed.connect(self._on_audio_only_changed)
        vm.playback.outputs_changed.connect(self._on_outputs_changed)
        self._on_outputs_changed()
        self._on_tiles_changed()
        self._on_media_state_changed(vm.state, vm.state_text)
        self._on_switches_changed()
        self._on_audio_only_changed(vm.audio_only)

    def _action(self, text: str, tip: str, shortcut: str) -> QAction:
        action = QAction(text, self)
        action.setCheckable(True)
        action.setToolTip(f"{tip} ({shortcut})")
        action.setShortcut(QKeySequence(shortcut))
        self.addAction(action)
        return action

    # --- updates ----------------------------------------------------------------------

    def _on_switches_changed(self) -> None:
        vm = self.vm
        self.microphone_action.setChecked(vm.microphone_on)
        self.microphone_action.setText(
            self.tr("Microphone on") if vm.microphone_on else self.tr("Microphone off")
        )
        self.camera_action.setChecked(vm.camera_on)
        self.camera_action.setText(self.tr("Camera on") if vm.camera_on else self.tr("Camera off"))

    def _on_outputs_changed(self) -> None:
        playback = self.vm.playback
        outputs = playback.outputs()
        self.output_box.clear()
        self.output_box.addItem(self.tr("Default speaker"), "")
        for device_id, description in outputs:
            self.output_box.addItem(description, device_id)
        index = self.output_box.findData(playback.output_id)
        self.output_box.setCurrentIndex(max(index, 0))
        self.output_box.setVisible(bool(outputs))
        self.sound_label.setVisible(not playback.available)

    def _on_output_chosen(self, index: int) -> None:
        self.vm.playback.set_output(str(self.output_box.itemData(index) or ""))

    def _on_audio_only_changed(self, on: bool) -> None:
        self.audio_only_box.setChecked(on)
        self.camera_action.setEnabled(not on)
        self.note_label.setVisible(not on)

    def _on_media_state_changed(self, state: str, label: str) -> None:
        failed = state in ("retrying", "unavailable")
        self.banner.setText(label if failed else "")
        self.banner.setVisible(failed)
        self.state_label.setText("" if failed else label)

    def _on_frame_ready(self, participant_id: int) -> None:
        view = self.tiles.get(participant_id)
        if view is not None:
            view.update()

    def _on_tiles_changed(self) -> None:
        tiles = self.vm.tiles
        wanted = {t.participant_id for t in tiles}
        for pid in list(self.tiles):
            if pid not in wanted:
                view = self.tiles.pop(pid)
                self.grid.removeWidget(view)
                view.deleteLater()
        for tile in tiles:
            found = self.tiles.get(tile.participant_id)
            if found is None:
                found = self.tiles[tile.participant_id] = TileView(self.vm, tile, self)
            found.set_tile(tile)
        self._lay_out(tiles)

    def _lay_out(self, tiles: list[Tile]) -> None:
        """Tiles in the cells :func:`arrange` gives for the area's size now: the largest
        pictures that fit, the active speaker on 2 × 2 cells where there is room, and
        never one tile over another (in a small area the tiles that do not fit wait)."""
        self._laid_out = tiles
        speaker = next((i for i, t in enumerate(tiles) if t.speaking), None)
        area = self.tile_area.contentsRect()
        cells = arrange(len(tiles), speaker, area.width(), area.height(), self.grid.spacing())
        placed = [(t.participant_id, c) for t, c in zip(tiles, cells, strict=True)]
        if placed == self._placed:
            return
        self._placed = placed
        for view in self.tiles.values():
            self.grid.removeWidget(view)
        rows = columns = 0
        for participant_id, cell in placed:
            view = self.tiles[participant_id]
            view.setVisible(cell is not None)
            if cell is None:
                continue
            self.grid.addWidget(view, cell.row, cell.column, cell.rows, cell.columns)
            rows = max(rows, cell.row + cell.rows)
            columns = max(columns, cell.column + cell.columns)
        # Equal cells in use; rows and columns left over from a larger grid take no room.
        for row in range(max(rows, self.grid.rowCount())):
            self.grid.setRowStretch(row, 1 if row < rows else 0)
        for column in range(max(columns, self.grid.columnCount())):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)


class TileArea(QWidget):
    """Where the tiles go; tells its wall when its size changes (the cells may too)."""

    def __init__(self, on_resized: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._on_resized = on_resized
        self.setObjectName("tile_area")
        # Its size comes from the room around it, not from how many tiles it holds.
        self.setMinimumSize(QSize(*MIN_TILE))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._on_resized()


def attach_video_wall(window: MeetingRoomWindow, vm: MediaViewModel) -> VideoWall:
    """Put the wall in a meeting room's video area, start the media, stop them on close."""
    wall = VideoWall(vm)
    window.set_video_widget(wall)
    attach_media_controls(wall, window)  # the chair's controls, the recording indicator
    window.closed.connect(vm.stop)
    vm.start()
    return wall
