"""The Vietnamese translation: complete, faithful to placeholders, current with the code,
built at start-up, and what a user sees (Vietnamese by default, English on request)."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QTranslator
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import compiled_translation, install_translator
from desktop.viewmodels.session import SessionViewModel
from desktop.widgets.login_window import LoginWindow

I18N = Path(__file__).resolve().parents[2] / "resources" / "i18n"
TS = I18N / "ecabinet_vi.ts"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("translate_vi", I18N / "translate_vi.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


translate_vi = _load_script()


Install = Callable[[str | None], QTranslator | None]


def _entries() -> list[tuple[Any, str, bool]]:
    """(message, translation, finished) of each entry of the committed .ts."""
    entries: list[tuple[Any, str, bool]] = translate_vi.read_ts(TS)
    return entries


def _describe(message: Any) -> str:
    return f"[{message.context}] {message.source!r}"


def test_every_source_text_has_a_vietnamese_translation() -> None:
    missing = [_describe(m) for m, _text, finished in _entries() if not finished]
    assert not missing, (
        "source texts without a Vietnamese translation (add them to VI in "
        "resources/i18n/translate_vi.py and run it):\n  " + "\n  ".join(missing)
    )


def test_translations_keep_placeholders_accelerators_and_markup() -> None:
    wrong = [
        f"{_describe(m)} → {text!r}"
        for m, text, finished in _entries()
        if finished and translate_vi.placeholders(m.source) != translate_vi.placeholders(text)
    ]
    assert not wrong, "placeholders differ:\n  " + "\n  ".join(wrong)


def test_placeholder_check_sees_what_matters() -> None:
    assert translate_vi.placeholders("Item {0}: {name} %1 <b>x</b> &Save") == sorted(
        ["{0}", "{name}", "%1", "<b>", "</b>", "&"]
    )
    assert translate_vi.placeholders("Tom && Jerry") == []


def test_the_ts_holds_every_text_the_code_shows() -> None:
    """lupdate (plus the helpers it cannot see) over the code finds nothing the committed
    .ts lacks: new strings were extracted and translated."""
    extracted = {(m.context, m.source) for m in translate_vi.extract()}
    committed = {(m.context, m.source) for m, _text, _finished in _entries()}
    new = sorted(extracted - committed)
    assert not new, (
        "texts in the code that ecabinet_vi.ts lacks (run python resources/i18n/"
        "translate_vi.py and translate them):\n  " + "\n  ".join(f"[{c}] {s!r}" for c, s in new)
    )
    assert ("LoginWindow", "Log in") in extracted
    assert ("Voting", "Adopted") in extracted  # through the module helper _tr("…")
    assert ("MeetingRoom", "Waiting in the lobby") in extracted  # _tr(STATUS_LABELS[…])


def test_the_qm_is_built_from_the_ts_and_rebuilt_when_the_ts_is_newer(tmp_path: Path) -> None:
    qm = compiled_translation("vi", tmp_path)
    assert qm is not None and qm.parent == tmp_path and qm.stat().st_size > 1000
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("LoginWindow", "Log in") == "Đăng nhập"
    built_at = qm.stat().st_mtime
    assert compiled_translation("vi", tmp_path) == qm
    assert qm.stat().st_mtime == built_at  # current: not built again
    os.utime(qm, (built_at, TS.stat().st_mtime - 10))  # older than the .ts
    assert compiled_translation("vi", tmp_path) == qm
    assert qm.stat().st_mtime > TS.stat().st_mtime - 10


def test_no_translation_for_an_unknown_language(tmp_path: Path) -> None:
    assert compiled_translation("xx", tmp_path) is None


@pytest.fixture
def language(qapp: QApplication, tmp_path: Path) -> Iterator[Install]:
    """install_translator into a temporary build folder; English again afterwards, as the
    other tests expect."""

    def install(lang: str | None) -> QTranslator | None:
        return install_translator(qapp, lang, build_dir=tmp_path / "i18n")

    yield install
    install_translator(qapp, "en")


def _login_window(qtbot: QtBot, tmp_path: Path) -> LoginWindow:
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window = LoginWindow(SessionViewModel(lambda _c: None, settings))
    qtbot.addWidget(window)
    return window


def test_the_login_window_is_vietnamese_by_default(
    qtbot: QtBot, tmp_path: Path, language: Install
) -> None:
    assert language(None) is not None
    window = _login_window(qtbot, tmp_path)
    assert window.login_button.text() == "Đăng nhập"
    assert window.windowTitle() == "e-Cabinet — Đăng nhập"
    assert window.state_label.text() == "Đã ngắt kết nối"


def test_the_login_window_in_vietnamese_then_english(
    qtbot: QtBot, tmp_path: Path, language: Install
) -> None:
    language("vi")
    assert _login_window(qtbot, tmp_path).login_button.text() == "Đăng nhập"
    assert language("en") is None
    window = _login_window(qtbot, tmp_path)
    assert window.login_button.text() == "Log in"
    assert window.windowTitle() == "e-Cabinet — Log in"


def test_viewmodel_texts_through_module_helpers_are_translated(language: Install) -> None:
    from desktop.viewmodels.voting import outcome_label
    from protocol.voting import Outcome

    language("vi")
    assert outcome_label(Outcome.ADOPTED) == "Thông qua"
    assert outcome_label(Outcome.REJECTED) == "Không thông qua"
