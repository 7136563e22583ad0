"""The home screen opens everything: the secretariat's editor (new and existing
meetings), a member's positions, meeting rooms; and windows come back at the size and
layout the user left them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from desktop.widgets.home_window import KIND
from tests.desktop.shell_helpers import home_for, prepare, settings_in, shell_for
from tests.desktop.test_meeting_room import settle, until
from tests.integration.conftest import LiveServer, live  # noqa: F401


def shortcuts(action) -> list[str]:
    return [k.toString() for k in action.shortcuts()]


async def press(
    window: QWidget,
    key: Qt.Key,
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
    widget: QWidget | None = None,
) -> None:
    """Type a key into ``window`` (made the active window first, as a user's is)."""
    window.raise_()
    window.activateWindow()
    await until(window.isActiveWindow, timeout=3)
    QTest.keyClick(widget or window, key, modifiers)


async def test_secretariat_creates_and_edits_meetings_from_home(
    live: LiveServer,  # noqa: F811
    tmp_path: Path,
    qtbot,
) -> None:
    opened = home_for(live, "thuky", tmp_path, start=False, select=False)
    async with opened as (cast, shell, home):
        assert home.new_action.isVisible() and home.edit_action.isVisible()
        assert shortcuts(home.new_action) == ["Ctrl+N"]
        assert shortcuts(home.edit_action) == ["Ctrl+E"]
        assert shortcuts(home.refresh_action) == ["F5"]
        assert shortcuts(home.open_action)[:2] == ["Ctrl+O", "Return"]

        await press(home, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        await until(lambda: len(shell.editors) == 1)
        new = shell.editors[0]
        assert new.vm.is_new and new.isVisible()
        assert new.tabs.currentIndex() == 1, "a new meeting starts on its details"
        new.close()
        await until(lambda: not shell.editors)

        home.select_meeting(cast.mid)
        assert home.selected_meeting_id == cast.mid and home.edit_action.isEnabled()
        home.edit_action.trigger()
        await until(lambda: bool(shell.editors) and shell.editors[0].vm.view is not None)
        editor = shell.editors[0]
        assert editor.vm.meeting_id == cast.mid
        assert editor.heading.text() == "Phiên họp Chính phủ thường kỳ tháng 12"
        assert shell.client.meetings[cast.mid].attend is False, "the editor does not attend"
        home.edit_action.trigger()
        assert shell.editors == [editor], "editing it again brings the same editor forward"

        editor.close()
        await until(lambda: cast.mid not in shell.client.meetings)


async def test_a_member_sees_no_secretariat_actions_and_opens_positions(
    live: LiveServer,  # noqa: F811
    tmp_path: Path,
    qtbot,
) -> None:
    opened = home_for(live, "bokhdt", tmp_path, start=False, select=False)
    async with opened as (cast, shell, home):
        assert not home.new_action.isVisible() and not home.edit_action.isVisible()
        assert not home.new_action.isEnabled(), "Ctrl+N does nothing for a member"
        await press(home, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        await press(home, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        await settle()
        assert not shell.editors, "no editor opens for a member"

        home.select_meeting(cast.mid)
        assert home.positions_action.isEnabled()
        home.positions_action.trigger()
        await until(lambda: cast.mid in shell.positions)
        panel = shell.positions[cast.mid]
        await until(lambda: panel.items.topLevelItemCount() == 1)
        assert "Dự thảo Nghị quyết" in panel.items.topLevelItem(0).text(1)

        # "Mark your position…" in the waiting list opens the same positions window.
        await until(lambda: any("Mark your position" in t for t in home.waiting_texts))
        rows = [home.waiting_list.item(n) for n in range(home.waiting_list.count())]
        task = next(r for r in rows if r.data(KIND) == "position")
        home.waiting_list.itemDoubleClicked.emit(task)
        assert list(shell.positions) == [cast.mid] and shell.positions[cast.mid] is panel
        panel.close()
        await until(lambda: not shell.positions)


async def test_a_room_reopens_at_the_size_and_layout_it_was_left(
    live: LiveServer,  # noqa: F811
    tmp_path: Path,
    qtbot,
) -> None:
    settings = settings_in(tmp_path)
    # Sizes within the offscreen screen (800 × 800: restoring keeps a window on it) and
    # above the window's minimum height for its width.
    async with home_for(live, "bokhdt", tmp_path, settings=settings) as (cast, shell, home):
        home.upcoming_tree.setFocus()
        await press(home, Qt.Key.Key_Return, widget=home.upcoming_tree)  # Enter opens it
        await until(lambda: cast.mid in shell.panes)
        room = shell.rooms[cast.mid]
        pane = shell.panes[cast.mid]
        await until(lambda: pane.document.page_count == 2)
        room.resize(760, 660)
        room.splitter.setSizes([180, 380, 200])
        pane.viewer.splitter.setSizes([90, 290])
        await until(lambda: room.size().toTuple() == (760, 660))
        sizes, viewer_sizes = room.splitter.sizes(), pane.viewer.splitter.sizes()
        room.close()
        await until(lambda: cast.mid not in shell.rooms)

        shell.open_meeting(cast.mid)
        await until(lambda: cast.mid in shell.panes)
        again = shell.rooms[cast.mid]
        assert again is not room
        await until(lambda: again.isVisible())
        assert again.size().toTuple() == (760, 660)
        assert again.splitter.sizes() == sizes
        assert shell.panes[cast.mid].viewer.splitter.sizes() == viewer_sizes
        pane_again = shell.panes[cast.mid]
        await until(lambda: pane_again.document.page_count == 2)
    assert not shell.panes, "quitting ends every document's PDF thread"
    assert settings.value("home/geometry") is not None


async def test_home_geometry_is_restored_at_the_next_login(
    live: LiveServer,  # noqa: F811
    tmp_path: Path,
    qtbot,
) -> None:
    await prepare(live, start=False)
    settings = settings_in(tmp_path)
    async with shell_for(live, "bokhdt", tmp_path, settings) as shell:
        assert shell.home is not None
        shell.home.resize(720, 560)
        await until(lambda: shell.home is not None and shell.home.size().toTuple() == (720, 560))
    async with shell_for(live, "bokhdt", tmp_path, settings) as shell:
        assert shell.home is not None
        assert shell.home.size().toTuple() == (720, 560)
        assert QKeySequence("F5") in shell.home.refresh_action.shortcuts()


async def test_before_the_meeting_a_member_reads_the_agendas_documents(
    live: LiveServer,  # noqa: F811
    tmp_path: Path,
    qtbot,
) -> None:
    cast = await prepare(live, start=False)  # published: no current item yet
    async with shell_for(live, "bokhdt", tmp_path) as shell:
        shell.open_meeting(cast.mid)
        await until(lambda: cast.mid in shell.panes)
        pane = shell.panes[cast.mid]
        await until(lambda: pane.document.page_count == 2)
        assert pane.document.version_id == cast.version_id
