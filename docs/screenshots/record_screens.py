"""The screens of signatures and the record, rendered by ``make_screenshots.main()``.

They carry on the demo meeting that ``main()`` ran (the vote on the draft resolution is
published) through the real server flows of ``record_story.py``: first contact with the
server over wss:// (the CA fingerprint), the chair's certificate, the resolution put up
for signing, the meeting ended and its minutes drafted from the record and finalized,
the chair signing in the app and the clerk sealing, the issued resolution in the viewer
with its signatures checked, two opinion polls answered with signed ballots, and the
archivist searching without diacritics.  Dialogs are drawn over the window that opens
them, as a user sees them (offscreen windows have no frame of their own).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QAction, QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget
from record_story import (
    RESOLUTION_NUMBER,
    ask_polls,
    earlier_meeting,
    prepare_resolution,
)

from desktop.app_signatures import attach_signatures
from desktop.client import Client, keys
from desktop.client import decisions as flow
from desktop.client.trust import TrustStore
from desktop.viewmodels.archive import ArchiveViewModel
from desktop.viewmodels.certificates import CertificateViewModel
from desktop.viewmodels.consultations import ConsultationsViewModel
from desktop.viewmodels.decisions import DecisionsViewModel
from desktop.viewmodels.document import DocumentViewModel
from desktop.viewmodels.minutes import MinutesViewModel
from desktop.viewmodels.session import SessionViewModel
from desktop.widgets.archive_window import ArchiveWindow
from desktop.widgets.certificate_dialog import CertificateDialog
from desktop.widgets.consultation_panel import ConsultationWindow
from desktop.widgets.decisions_panel import DecisionsPanel
from desktop.widgets.document_viewer import DocumentViewer
from desktop.widgets.login_window import LoginWindow
from desktop.widgets.minutes_editor import MinutesEditor
from protocol import live, meetings
from protocol.decisions import DecisionState
from protocol.live import SpeakerState
from server.demo import DEMO_PASSWORD, DEMO_TITLE

SIZE = (1280, 800)
TITLE_BAR = 30


@dataclass
class Stage:
    """What ``main()`` hands over: the server, the demo meeting and its helpers."""

    url: str
    tls_url: str
    out: Path
    run: Callable[..., Any]
    settings: QSettings
    chair: Client
    members: dict[str, Client]
    meeting_id: int
    item_id: int
    home: QWidget
    shoot: Callable[[QWidget, str], None]
    until: Callable[..., Awaitable[None]]
    pump: Callable[[float], Awaitable[None]]

    def client(self, username: str) -> Client:
        return self.chair if username == "chutri" else self.members[username]

    def save(self, image: QPixmap, name: str) -> None:
        path = self.out / f"{name}.png"
        image.save(str(path))
        print(f"wrote {path}")


async def login(url: str, username: str) -> Client:
    client = Client(url)
    await client.connect()
    await client.login(username, DEMO_PASSWORD)
    return client


def over(window: QWidget, dialog: QWidget) -> QPixmap:
    """``window`` at the screenshot size, dimmed a little, with ``dialog`` in its middle
    under a plain title bar."""
    window.resize(*SIZE)
    window.show()
    dialog.show()
    QApplication.processEvents()
    canvas = window.grab()
    front = dialog.grab()
    x = (canvas.width() - front.width()) // 2
    y = max(8, (canvas.height() - front.height() - TITLE_BAR) // 2)
    frame = QRect(x, y, front.width(), front.height() + TITLE_BAR)
    painter = QPainter(canvas)
    painter.fillRect(canvas.rect(), QColor(31, 41, 51, 70))
    for spread in range(1, 9):
        shadow = frame.adjusted(-spread, 3 - spread, spread, 3 + spread)
        painter.fillRect(shadow, QColor(0, 0, 0, 9))
    bar = QRect(x, y, front.width(), TITLE_BAR)
    painter.fillRect(bar, QColor("#2f3b47"))
    font = QApplication.font()
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    title = dialog.windowTitle()
    painter.drawText(bar.adjusted(12, 0, -12, 0), Qt.AlignmentFlag.AlignVCenter, title)
    painter.drawPixmap(x, y + TITLE_BAR, front)
    painter.setPen(QColor("#7b8794"))
    painter.drawRect(frame.adjusted(0, 0, -1, -1))
    painter.end()
    return canvas


# --- the screens ----------------------------------------------------------------------


async def trust_first_use(stage: Stage) -> None:
    """A member's first login over wss://: compare the CA fingerprint (then refuse)."""
    trust = TrustStore(keys.key_dir("bokhdt").parents[1] / "trust")  # the demo's folder
    session = SessionViewModel(stage.run, stage.settings, trust_store=trust)
    window = LoginWindow(session)
    window.server_edit.setText(stage.tls_url)
    window.user_edit.setText("bokhdt")
    window.password_edit.setText(DEMO_PASSWORD)
    window.resize(*SIZE)
    window.show()
    window.login_button.click()
    await stage.until(lambda: window.trust_dialog is not None)
    dialog = window.trust_dialog
    assert dialog is not None
    await stage.pump(0.3)
    stage.save(over(window, dialog), "trust_first_use")
    dialog.refuse_button.click()
    window.close()


async def certificate(stage: Stage) -> None:
    """The chair's "My certificate": the certificate the CA issued, the signature image."""
    vm = CertificateViewModel(stage.chair, stage.run)
    dialog = CertificateDialog(vm, stage.home)
    dialog.setWindowFlag(Qt.WindowType.Window)
    vm.setParent(dialog)
    await stage.until(lambda: bool(dialog.status.text()) and not dialog.preview.pixmap().isNull())
    dialog.resize(720, max(560, dialog.heightForWidth(720), dialog.sizeHint().height()))
    stage.save(over(stage.home, dialog), "certificate")
    dialog.close()
    stage.home.hide()


async def end_meeting(stage: Stage) -> None:
    """The speakers finish in turn, then the chair ends the meeting."""
    chair, mid = stage.chair, stage.meeting_id
    session = chair.meetings.get(mid) or await chair.join(mid)
    assert session.view is not None
    for speaker in list(session.view.speakers):
        if speaker.state == SpeakerState.WAITING:
            await chair.call(live.FloorGrant, request_id=speaker.request_id, seconds=180)
            await stage.pump(1.0)
        if speaker.state in (SpeakerState.WAITING, SpeakerState.SPEAKING):
            await chair.call(live.FloorEnd, request_id=speaker.request_id)
    await chair.call(meetings.MeetingTransition, meeting_id=mid, action="end")


async def minutes(stage: Stage, sec: Client) -> None:
    """The secretariat drafts the minutes from the record, then finalizes them."""
    vm = MinutesViewModel(sec, stage.meeting_id, stage.run, title=DEMO_TITLE)
    editor = MinutesEditor(vm)
    vm.setParent(editor)
    editor.resize(*SIZE)
    editor.show()
    vm.load()
    await stage.until(lambda: not vm.busy)
    editor.draft_action.trigger()
    await stage.until(lambda: vm.info is not None and not vm.busy)
    editor.text_edit.verticalScrollBar().setValue(0)
    await stage.pump(0.3)
    stage.shoot(editor, "minutes_editor")
    vm.finalize()
    await stage.until(lambda: vm.finalized and not vm.busy)
    editor.close()


async def decisions_signing(stage: Stage, decision_id: int) -> None:
    """The chair's documents to sign with the signing dialog open; then the chair signs."""
    vm = DecisionsViewModel(stage.chair, stage.run)
    panel = DecisionsPanel(vm)
    vm.setParent(panel)
    panel.resize(*SIZE)
    panel.show()
    await stage.until(lambda: vm.find(decision_id) is not None and panel.table.rowCount() >= 2)
    panel.select(decision_id)
    panel.sign_action.trigger()
    dialog = panel.dialog
    assert dialog is not None
    dialog.passphrase.setText(DEMO_PASSWORD)
    await stage.pump(0.3)
    stage.save(over(panel, dialog), "decisions_signing")
    dialog.ok_button.click()
    await stage.until(lambda: not dialog.isVisible(), timeout=60)
    panel.close()


async def seal(stage: Stage, clerk: Client, decision_id: int) -> bytes:
    """The clerk applies the organisation seal; returns the issued PDF."""
    signer = keys.load_signer(keys.default_key_path("vanthu", "seal"), DEMO_PASSWORD)
    issued = await flow.seal(clerk, decision_id, signer)
    assert issued.state is DecisionState.ISSUED
    return await flow.download(stage.members["bokhdt"], decision_id)


async def signature_panel(stage: Stage, pdf: bytes) -> None:
    """A member opens the issued resolution: the badge and the panel of its signatures."""
    window = QMainWindow()
    window.setWindowTitle(f"Nghị quyết số {RESOLUTION_NUMBER}")
    document = DocumentViewModel(parent=window)
    viewer = DocumentViewer(document)
    window.setCentralWidget(viewer)
    signatures = attach_signatures(viewer, document, stage.run, stage.members["bokhdt"])
    window.resize(*SIZE)
    window.show()
    await stage.until(lambda: signatures.has_trust)
    document.open(pdf, None, f"nghi-quyet-{RESOLUTION_NUMBER.replace('/', '-')}.pdf")
    signatures.check(pdf)
    action = viewer.findChild(QAction, "show_signatures")
    assert action is not None
    action.setChecked(True)
    await stage.until(lambda: signatures.state == "valid")
    splitter = viewer.splitter  # thumbnails, pages, signatures: dragged as a reader would
    splitter.setSizes([0, 400, sum(splitter.sizes()) - 400])
    await stage.pump(2.5)
    stage.shoot(window, "signature_panel")
    window.close()
    document.shutdown()


async def consultation(stage: Stage, sec: Client) -> None:
    """The secretariat's view of a compiled poll: every signed answer and the result."""
    first = await ask_polls(sec, stage.client)
    vm = ConsultationsViewModel(sec, stage.run)
    window = ConsultationWindow(vm)
    vm.setParent(window)
    window.resize(*SIZE)
    window.show()
    vm.refresh()
    await stage.until(lambda: window.poll_list.count() == 2)
    for row in range(window.poll_list.count()):
        if window.poll_list.item(row).data(Qt.ItemDataRole.UserRole) == first:
            window.poll_list.setCurrentRow(row)
    await stage.until(lambda: window.answers.rowCount() == 5 and bool(window.result_label.text()))
    await stage.pump(0.3)
    stage.shoot(window, "consultation")
    window.close()


async def archive(stage: Stage) -> None:
    """The archivist searches "bien ban hop", without diacritics."""
    archivist = await login(stage.url, "luutru")
    vm = ArchiveViewModel(archivist, stage.run)
    window = ArchiveWindow(vm)
    vm.setParent(window)
    window.resize(*SIZE)
    window.show()
    await stage.until(lambda: window.meeting_combo.count() > 2)
    window.query_edit.setText("bien ban hop")
    window.search_button.click()
    await stage.until(lambda: vm.searched and not vm.busy)
    await stage.pump(0.3)
    stage.shoot(window, "archive")
    window.close()
    await archivist.close()


async def render(stage: Stage) -> None:
    """Every screen of this module, in the order the story happens."""
    await trust_first_use(stage)
    await certificate(stage)
    sec = await login(stage.url, "thuky")
    clerk = await login(stage.url, "vanthu")
    stage.members["thutruong"] = await login(stage.url, "thutruong")
    try:
        assert stage.chair.user is not None
        decision_id = await prepare_resolution(sec, stage.item_id, stage.chair.user.id)
        await end_meeting(stage)
        await minutes(stage, sec)
        await decisions_signing(stage, decision_id)
        await signature_panel(stage, await seal(stage, clerk, decision_id))
        await consultation(stage, sec)
        members = [stage.members[name] for name in ("bokhdt", "botc", "dongnai")]
        await earlier_meeting(sec, stage.chair, members)
        await archive(stage)
    finally:
        for client in (sec, clerk, stage.members.pop("thutruong")):
            await client.close()
