"""Logging in, the connection state, and the home screen, against a real server."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from desktop.viewmodels.home import HomeViewModel
from desktop.viewmodels.session import SessionViewModel
from desktop.widgets.home_window import HomeWindow
from desktop.widgets.login_window import LoginWindow
from protocol import agenda, meetings, positions
from protocol import voting as pv
from tests.desktop.test_meeting_room import until
from tests.harness import PASSWORD
from tests.integration.conftest import LiveServer, live  # noqa: F401


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "ecabinet.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def people(live: LiveServer) -> dict[str, Any]:  # noqa: F811
    d = live.domain
    sec = d.user("thuky", ["secretariat"], full_name="Trần Thị Thư")
    chair = d.user("chutri", ["chair"], full_name="Lê Minh Chính")
    member = d.user("bokhdt", ["member"], full_name="Phạm Quốc Hưng")
    return {"sec": sec, "chair": chair, "member": member}


async def log_in(
    qtbot, server: LiveServer, settings: QSettings, username: str, password: str = PASSWORD
) -> tuple[SessionViewModel, LoginWindow]:
    vm = SessionViewModel(asyncio.ensure_future, settings)
    window = LoginWindow(vm)
    qtbot.addWidget(window)
    window.server_edit.setText(server.url)
    window.user_edit.setText(username)
    window.password_edit.setText(password)
    window.login_button.click()
    await until(lambda: vm.client is not None or window.message.isVisibleTo(window))
    return vm, window


async def test_login_remembers_the_server_but_never_the_password(
    qtbot,
    live: LiveServer,  # noqa: F811
    people,
    settings: QSettings,
    tmp_path: Path,
) -> None:
    vm, window = await log_in(qtbot, live, settings, "bokhdt")
    try:
        assert vm.client is not None and vm.client.user.full_name == "Phạm Quốc Hưng"
        assert window.state_label.text() == "Connected"
        assert window.password_edit.text() == "", "the password leaves the form"
        settings.sync()
        stored = (tmp_path / "ecabinet.ini").read_text(encoding="utf-8")
        assert live.url in stored
        assert PASSWORD not in stored
        again = LoginWindow(SessionViewModel(asyncio.ensure_future, settings))
        qtbot.addWidget(again)
        assert again.server_edit.text() == live.url
    finally:
        await vm.client.close()


async def test_a_wrong_password_is_explained_in_place(
    qtbot,
    live: LiveServer,  # noqa: F811
    people,
    settings: QSettings,
) -> None:
    vm, window = await log_in(qtbot, live, settings, "bokhdt", "sai-mat-khau")
    assert vm.client is None
    assert window.message.text() == "Wrong user name or password. Check both and try again."
    assert window.login_button.isEnabled()
    assert settings.value("server/url") is None, "a failed login remembers nothing"


async def test_an_unreachable_server_gets_a_readable_message(qtbot, settings: QSettings) -> None:
    vm = SessionViewModel(asyncio.ensure_future, settings)
    window = LoginWindow(vm)
    qtbot.addWidget(window)
    failures: list[str] = []
    vm.login_failed.connect(failures.append)
    vm.login("ws://127.0.0.1:9", "bokhdt", "x")
    await until(lambda: bool(failures))
    assert failures == ["Cannot reach ws://127.0.0.1:9. Check the server address and the network."]
    assert "Check the server address" in window.message.text()
    vm.login("http://example", "bokhdt", "x")
    assert (
        failures[-1] == "The server address starts with ws:// or wss://, e.g. ws://127.0.0.1:8765."
    )


async def test_a_dropped_connection_shows_and_recovers_by_itself(
    qtbot,
    live: LiveServer,  # noqa: F811
    people,
    settings: QSettings,
) -> None:
    vm, _window = await log_in(qtbot, live, settings, "bokhdt")
    client = vm.client
    assert client is not None
    home_vm = HomeViewModel(client, asyncio.ensure_future)
    home = HomeWindow(home_vm, vm)
    qtbot.addWidget(home)
    states: list[str] = []
    vm.state_changed.connect(lambda state, _label: states.append(state))
    try:
        await client.drop()
        await until(lambda: "reconnecting" in states)
        assert "reconnecting" in states
        await until(lambda: states[-1] == "connected")
        assert home.connection_label.text() == "Connected"
        assert states == ["reconnecting", "connected"]
    finally:
        await client.close()


async def test_home_lists_my_meetings_and_what_waits_for_me(
    qtbot,
    live: LiveServer,  # noqa: F811
    people,
    settings: QSettings,
) -> None:
    d = live.domain
    sec, chair, member = people["sec"], people["chair"], people["member"]
    mid = d.meeting(sec, chair=chair, members=[member], classification="mat")
    item = d.do(sec, agenda.AgendaAddItem, meeting_id=mid, title="Báo cáo kinh tế - xã hội")[
        "item_id"
    ]
    d.do(sec, agenda.AgendaAddItem, meeting_id=mid, title="Dự thảo Nghị định")
    vm, _window = await log_in(qtbot, live, settings, "bokhdt")
    client = vm.client
    assert client is not None
    home_vm = HomeViewModel(client, asyncio.ensure_future)
    home = HomeWindow(home_vm, vm)
    qtbot.addWidget(home)
    opened: list[int] = []
    home.meeting_opened.connect(opened.append)
    try:
        home_vm.refresh()
        await until(lambda: len(home.waiting_texts) == 2)
        row = home.upcoming_tree.topLevelItem(0)
        assert row.text(0) == "Phiên họp Chính phủ thường kỳ tháng 12"
        assert row.text(1) == "2026-12-01 08:00"
        assert row.text(2) == "Published"
        assert row.text(3).strip() == "Mật"
        assert home.past_tree.topLevelItemCount() == 0
        assert home.waiting_texts == [
            "Mark your position on item 1: Báo cáo kinh tế - xã hội",
            "Mark your position on item 2: Dự thảo Nghị định",
        ]
        assert home.waiting_list.item(0).text() == "Phiên họp Chính phủ thường kỳ tháng 12"
        await client.call(
            positions.PositionMark, item_id=item, stance=positions.Stance.NO_OBJECTION
        )
        await until(
            lambda: home.waiting_texts == ["Mark your position on item 2: Dự thảo Nghị định"]
        )

        d.do(chair, meetings.MeetingTransition, meeting_id=mid, action="start")
        async with live.client("chutri") as chair_client:
            await chair_client.join(mid)
            await chair_client.call(agenda.AgendaSetCurrent, meeting_id=mid, item_id=item)
            poll = await chair_client.call(
                pv.PollCreate, meeting_id=mid, item_id=item, question="Thông qua Báo cáo?"
            )
            await chair_client.call(pv.PollOpen, poll_id=poll["poll_id"])
            await until(lambda: home.waiting_texts == ["Vote open: Thông qua Báo cáo?"])
        home.open_action.trigger()
        assert opened == [mid]
    finally:
        await client.close()
