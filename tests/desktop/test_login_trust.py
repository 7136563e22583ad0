"""Logging in to a TLS server for the first time: the login window shows the CA
fingerprint, and only after the user trusts it does the login go through."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QSettings

from desktop.client.trust import TrustStore
from desktop.viewmodels.session import SessionViewModel
from desktop.widgets.login_window import LoginWindow
from tests.desktop.test_meeting_room import until
from tests.harness import PASSWORD, Domain
from tests.integration.test_certificates import _free_port, _start, _stop


async def test_first_login_shows_the_fingerprint_and_trusts_only_when_accepted(
    qtbot, database_url: str, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    Domain(database_url, data).user("bokhdt", ["member"], full_name="Phạm Quốc Hưng")
    port = _free_port()
    proc, printed = await _start(data, database_url, port)
    settings = QSettings(str(tmp_path / "ecabinet.ini"), QSettings.Format.IniFormat)
    store = TrustStore(tmp_path / "trust")
    vm = SessionViewModel(asyncio.ensure_future, settings, trust_store=store)
    window = LoginWindow(vm)
    qtbot.addWidget(window)
    try:
        window.server_edit.setText(f"wss://127.0.0.1:{port}")
        window.user_edit.setText("bokhdt")
        window.password_edit.setText(PASSWORD)
        # refused: no connection, a message, nothing pinned
        window.login_button.click()
        await until(lambda: window.trust_dialog is not None)
        dialog = window.trust_dialog
        assert dialog is not None and dialog.fingerprint.text() == printed
        dialog.refuse_button.click()
        await until(lambda: window.message.isVisibleTo(window))
        assert "not trusted" in window.message.text()
        assert vm.client is None and store.pinned("127.0.0.1", port) is None
        # accepted: pinned, and the login goes on by itself
        window.login_button.click()
        await until(lambda: window.trust_dialog is not None)
        dialog = window.trust_dialog
        assert dialog is not None
        dialog.accept_button.click()
        await until(lambda: vm.client is not None, timeout=10)
        assert vm.client is not None and vm.client.user.full_name == "Phạm Quốc Hưng"
        assert store.pinned("127.0.0.1", port) is not None
        vm.logout()
        await until(lambda: vm.client is None)
    finally:
        _stop(proc)
