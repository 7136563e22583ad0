"""Which camera and microphone one's own media come from: the devices QtMultimedia
reports, the choice remembered in ``QSettings`` (``media/camera``, ``media/microphone``:
a device id, '' for the system default, :data:`TEST_SOURCE` for the synthetic sources)
and the note that says when a test source stands in for a device.

A remembered device that is gone falls back to the default one; a device that failed in
this run (:meth:`CaptureDevices.mark_broken`) is not tried again until it is chosen again.
No aiortc here: the tracks themselves are in ``media_capture.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Signal
from PySide6.QtMultimedia import QAudioDevice, QCameraDevice, QMediaDevices

CAMERA_KEY = "media/camera"
MICROPHONE_KEY = "media/microphone"
#: The remembered choice meaning "the synthetic source, not a device".
TEST_SOURCE = "test"

#: Why a test source stands in for a device (``{0}``: the device's error).
NOTES = {
    ("video", "missing"): "No camera found — using a test source",
    ("video", "chosen"): "Test source chosen instead of the camera",
    ("video", "failed"): "The camera could not be started ({0}) — using a test source",
    ("audio", "missing"): "No microphone found — using a test source",
    ("audio", "chosen"): "Test source chosen instead of the microphone",
    ("audio", "failed"): "The microphone could not be started ({0}) — using a test source",
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Media", text)


def note(kind: str, reason: str, error: str = "") -> str:
    """The translated note for ``kind`` ('video' or 'audio') and ``reason``."""
    return _tr(NOTES[(kind, reason)]).format(error)


def device_id(device: QCameraDevice | QAudioDevice) -> str:
    return bytes(device.id().data()).decode(errors="replace")


class CaptureDevices(QObject):
    """The cameras and microphones, and the remembered choice of each."""

    #: The devices plugged in or the choice changed.
    changed = Signal()

    def __init__(self, settings: QSettings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings if settings is not None else QSettings()
        self._media = QMediaDevices(self)
        self._media.videoInputsChanged.connect(self.changed)
        self._media.audioInputsChanged.connect(self.changed)
        #: Ids of devices that failed in this run.
        self.broken: set[str] = set()
        #: The last failure of each kind ('video', 'audio') in this run, as text.
        self.failures: dict[str, str] = {}

    # --- what there is ----------------------------------------------------------------

    def cameras(self) -> list[tuple[str, str]]:
        """``(device id, description)`` of every camera."""
        return [(device_id(d), d.description()) for d in QMediaDevices.videoInputs()]

    def microphones(self) -> list[tuple[str, str]]:
        """``(device id, description)`` of every microphone."""
        return [(device_id(d), d.description()) for d in QMediaDevices.audioInputs()]

    # --- the choice -------------------------------------------------------------------

    @property
    def camera_choice(self) -> str:
        """The remembered camera: a device id, '' (default) or :data:`TEST_SOURCE`."""
        return str(self._settings.value(CAMERA_KEY, "") or "")

    @property
    def microphone_choice(self) -> str:
        return str(self._settings.value(MICROPHONE_KEY, "") or "")

    def choose_camera(self, choice: str) -> None:
        """Use ``choice`` (a device id, '' or :data:`TEST_SOURCE`) from now on."""
        self._choose("video", choice)

    def choose_microphone(self, choice: str) -> None:
        self._choose("audio", choice)

    def _choose(self, kind: str, choice: str) -> None:
        self._settings.setValue(CAMERA_KEY if kind == "video" else MICROPHONE_KEY, choice)
        self.broken.clear()  # choosing again means trying again
        self.failures.pop(kind, None)
        self.changed.emit()

    def mark_broken(self, kind: str, device: QCameraDevice | QAudioDevice, error: str) -> None:
        """``device`` failed: use the test source instead until a device is chosen again."""
        self.broken.add(device_id(device))
        self.failures[kind] = error

    # --- the device to open -----------------------------------------------------------

    def camera(self) -> QCameraDevice | None:
        """The camera to capture from (None: the test source)."""
        found: QCameraDevice | None = self._pick(
            self.camera_choice, QMediaDevices.videoInputs(), QMediaDevices.defaultVideoInput
        )
        return found

    def microphone(self) -> QAudioDevice | None:
        """The microphone to capture from (None: the test source)."""
        found: QAudioDevice | None = self._pick(
            self.microphone_choice, QMediaDevices.audioInputs(), QMediaDevices.defaultAudioInput
        )
        return found

    def _pick(self, choice: str, devices: list[Any], default: Callable[[], Any]) -> Any:
        if choice == TEST_SOURCE or not devices:
            return None
        found = next((d for d in devices if device_id(d) == choice), None)
        if found is None:  # '' or a device that is gone: the default one
            found = default()
            if found.isNull():
                found = devices[0]
        return None if device_id(found) in self.broken else found

    def wanted(self) -> tuple[str | None, str | None]:
        """Ids of the camera and microphone that would be opened now (None: test source)."""
        camera, microphone = self.camera(), self.microphone()
        return (
            device_id(camera) if camera is not None else None,
            device_id(microphone) if microphone is not None else None,
        )

    def notes(self, *, video: bool = True, camera_found: Callable[[], bool] | None = None) -> str:
        """What will stand in for which device, one line each ('' when none)."""
        lines = []
        kinds: list[tuple[str, str, Any]] = []
        if video:
            kinds.append(("video", self.camera_choice, self.camera()))
        kinds.append(("audio", self.microphone_choice, self.microphone()))
        for kind, choice, device in kinds:
            if kind == "video" and camera_found is not None and not camera_found():
                device = None
            if choice == TEST_SOURCE:
                lines.append(note(kind, "chosen"))
            elif device is None and kind in self.failures:
                lines.append(note(kind, "failed", self.failures[kind]))
            elif device is None:
                lines.append(note(kind, "missing"))
        return "\n".join(lines)
