"""The camera and microphone choice under the video wall: a "Devices" button (Ctrl+Shift+I)
whose menu lists the cameras and microphones QtMultimedia reports, each with a test
source entry; the device in use is checked.  Choosing one is remembered and, in a
meeting, reconnects the media (``desktop/viewmodels/media.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QToolButton, QWidget

from desktop.viewmodels.capture_devices import TEST_SOURCE, device_id
from desktop.viewmodels.media import MediaViewModel

SHORTCUT = "Ctrl+Shift+I"


class MediaDevicesButton(QToolButton):
    """Chooses the camera and microphone of ``vm``; keeps ``note_label`` up to date."""

    def __init__(
        self, vm: MediaViewModel, note_label: QLabel | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.vm = vm
        self.setObjectName("media_devices")
        self.setText(self.tr("Devices"))
        self.setToolTip(self.tr("Choose the camera and microphone ({0})").format(SHORTCUT))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setMinimumWidth(16)
        self.device_menu = QMenu(self)
        self.setMenu(self.device_menu)
        self.open_action = QAction(self.text(), self)
        self.open_action.setShortcut(QKeySequence(SHORTCUT))
        self.open_action.triggered.connect(lambda _=False: self.showMenu())
        self.addAction(self.open_action)
        self._note_label = note_label
        vm.devices.changed.connect(self.rebuild)
        vm.source_note_changed.connect(self._on_note_changed)
        self.rebuild()

    def rebuild(self) -> None:
        """List the devices again, the one in use checked."""
        devices = self.vm.devices
        menu = self.device_menu
        menu.clear()
        camera, microphone = devices.camera(), devices.microphone()
        self._section(
            self.tr("Camera"),
            "camera",
            devices.cameras(),
            device_id(camera) if camera is not None else TEST_SOURCE,
            devices.choose_camera,
        )
        self._section(
            self.tr("Microphone"),
            "microphone",
            devices.microphones(),
            device_id(microphone) if microphone is not None else TEST_SOURCE,
            devices.choose_microphone,
        )

    def _section(
        self,
        title: str,
        name: str,
        found: list[tuple[str, str]],
        current: str,
        choose: Callable[[str], None],
    ) -> None:
        menu = self.device_menu
        menu.addSection(title)
        group = QActionGroup(menu)
        group.setExclusive(True)
        entries = [*found, (TEST_SOURCE, self.tr("Test source"))]
        for choice, description in entries:
            action = QAction(description, group)
            action.setObjectName(f"{name}:{choice}")
            action.setCheckable(True)
            action.setChecked(choice == current)
            action.setData(choice)
            action.triggered.connect(lambda _=False, c=choice: choose(c))
            menu.addAction(action)

    def entries(self) -> list[tuple[str, str, bool]]:
        """``(section, text, checked)`` of every entry (what a user reads in the menu)."""
        rows, section = [], ""
        for action in self.device_menu.actions():
            if action.isSeparator():
                section = action.text()
            else:
                rows.append((section, action.text(), action.isChecked()))
        return rows

    def _on_note_changed(self, text: str) -> None:
        self.rebuild()  # a device that failed is no longer the one in use
        if self._note_label is not None:
            self._note_label.setText(text)
            self._note_label.setToolTip(text)
