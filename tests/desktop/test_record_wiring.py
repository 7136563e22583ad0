"""The home screen opens the record: the minutes of a running meeting (secretariat),
"My certificate", the documents waiting for my signature, and a PDF with its signatures;
each window once, and none of them for a member who may not use it."""

from __future__ import annotations

from pathlib import Path

from desktop.widgets.certificate_dialog import CertificateDialog
from desktop.widgets.consultation_panel import ConsultationWindow
from desktop.widgets.decisions_panel import DecisionsPanel
from desktop.widgets.minutes_editor import MinutesEditor
from server.demo_documents import make_pdf
from tests.desktop.shell_helpers import home_for
from tests.desktop.test_meeting_room import until
from tests.integration.conftest import LiveServer, live  # noqa: F401


async def test_secretariat_opens_minutes_certificate_and_signing_from_home(
    live: LiveServer,  # noqa: F811
    tmp_path: Path,
    qtbot,
) -> None:
    async with home_for(live, "thuky", tmp_path) as (cast, shell, home):
        await until(home.minutes_action.isEnabled)
        home.minutes_action.trigger()
        key = f"minutes/{cast.mid}"
        await until(lambda: key in shell.record_windows)
        editor = shell.record_windows[key]
        assert isinstance(editor, MinutesEditor) and editor.isVisible()
        home.minutes_action.trigger()
        assert list(shell.record_windows) == [key], "the same minutes window comes forward"

        assert home.certificate_action.isVisible() and not home.archive_action.isVisible()
        home.certificate_action.trigger()
        await until(lambda: "certificate" in shell.record_windows)
        assert isinstance(shell.record_windows["certificate"], CertificateDialog)

        home.decisions_action.trigger()
        await until(lambda: "decisions" in shell.record_windows)
        assert isinstance(shell.record_windows["decisions"], DecisionsPanel)

        home.consultations_action.trigger()
        await until(lambda: "consultations" in shell.record_windows)
        assert isinstance(shell.record_windows["consultations"], ConsultationWindow)

        pdf = make_pdf("Nghị quyết phiên họp", ["Điều 1. Thông qua."], pages=1)
        window = shell.open_pdf(pdf, "Nghị quyết.pdf")
        assert window.windowTitle() == "Nghị quyết.pdf"
        await until(lambda: any(k.startswith("pdf/") for k in shell.record_windows))

        editor.close()
        await until(lambda: key not in shell.record_windows)


async def test_a_member_cannot_open_the_minutes(
    live: LiveServer,  # noqa: F811
    tmp_path: Path,
    qtbot,
) -> None:
    async with home_for(live, "bokhdt", tmp_path) as (_cast, _shell, home):
        assert not home.minutes_action.isEnabled()
        assert not home.archive_action.isVisible()
