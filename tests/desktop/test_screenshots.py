"""The screenshot script renders every main screen at a fixed size and font."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from desktop.app import install_translator

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "make_screenshots.py"
SCREENS = [
    "login",
    "home",
    "meeting_room_chair",
    "meeting_room_member_annotations",
    "vote_result",
    # signatures and the record (docs/screenshots/record_screens.py)
    "trust_first_use",
    "certificate",
    "minutes_editor",
    "decisions_signing",
    "signature_panel",
    "consultation",
    "archive",
]


def _distinct_colours(image: QImage) -> int:
    seen = set()
    for y in range(0, image.height(), 7):
        for x in range(0, image.width(), 7):
            seen.add(image.pixel(x, y))
    return len(seen)


@pytest.fixture
def script(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    spec = importlib.util.spec_from_file_location("make_screenshots", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "OUT", tmp_path)
    monkeypatch.setattr(module, "ROOT", tmp_path)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    palette, sheet, font = app.palette(), app.styleSheet(), app.font()
    yield module
    install_translator(app, "en")
    app.setPalette(palette)
    app.setStyleSheet(sheet)
    app.setFont(font)


async def test_main_screens_render_at_a_fixed_size(script, tmp_path: Path, qtbot) -> None:
    await script.main()
    for name in SCREENS:
        image = QImage(str(tmp_path / f"{name}.png"))
        assert (image.width(), image.height()) == (1280, 800), name
        assert _distinct_colours(image) > 20, f"{name} looks blank"
