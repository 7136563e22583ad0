"""Desktop tests: Qt offscreen (set before Qt is imported) and the shipped DejaVu font
with full Vietnamese coverage as the application font, so that text and screenshots
look the same on every machine."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"


@pytest.fixture(scope="session", autouse=True)
def app_font(qapp: QApplication) -> Iterator[str]:
    """The family name of DejaVu Sans, installed as the application font."""
    families: list[str] = []
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        font_id = QFontDatabase.addApplicationFont(str(FONTS / name))
        assert font_id >= 0, f"cannot load {name}"
        families += QFontDatabase.applicationFontFamilies(font_id)
    qapp.setFont(QFont(families[0], 10))
    yield families[0]
