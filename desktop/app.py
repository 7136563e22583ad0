"""``ecabinet``: the desktop application (the composition root, the only place with qasync).

ecabinet                                  open the app (log in)
ecabinet --server URL --user U --password P   log in directly (e.g. a second window)
ecabinet demo [--data-dir DIR] [--port N]  start a local demo server and log in as chair
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QSettings, Qt, QTranslator
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from desktop.client import MeetingSession
from desktop.viewmodels.home import HomeViewModel
from desktop.viewmodels.meeting_room import MeetingRoomViewModel
from desktop.viewmodels.session import CommandRunner, Runner, SessionViewModel
from desktop.viewmodels.voting import VotingViewModel
from desktop.widgets.home_window import HomeWindow
from desktop.widgets.login_window import LoginWindow
from desktop.widgets.meeting_room import MeetingRoomWindow

ORGANISATION = "e-Cabinet"
APPLICATION = "ecabinet"
RESOURCES = Path(__file__).resolve().parent.parent / "resources"
FONT_FAMILY = "DejaVu Sans"

STYLE = """
QLabel#app_title { font-size: 17pt; font-weight: bold; color: #1f3a5a; }
QLabel#panel_title { font-weight: bold; color: #1f3a5a; padding: 2px 0; }
QLabel#room_header { color: #1f2933; }
QLabel#muted, QLabel[muted="true"] { color: #6b7480; }
QLabel#error_label { color: #9b2c2c; background: #fbeceb; padding: 6px; border-radius: 3px; }
QLabel#status_message[error="true"] { color: #9b2c2c; }
QLabel#connection_label { color: #2e6b3a; padding: 0 8px; }
QLabel#connection_label[state="reconnecting"] { color: #a15c00; font-weight: bold; }
QLabel#connection_label[state="disconnected"] { color: #9b2c2c; font-weight: bold; }
QLabel#speaker_timer { font-size: 11pt; color: #1f3a5a; }
QLabel#speaker_timer[overtime="true"] { color: #9b2c2c; font-weight: bold; }
QFrame#login_card { background: #ffffff; border: 1px solid #d5dae0; border-radius: 6px; }
QFrame#video_area { background: #e9ecef; border: 1px dashed #aab2bb; }
QFrame#document_area { background: #eef0f3; }
QFrame[card="true"] { background: #ffffff; border: 1px solid #d5dae0; border-radius: 4px; }
QLabel#poll_question { font-weight: bold; }
QToolBar { spacing: 4px; padding: 3px; }
"""


def load_fonts() -> str:
    """Register the bundled font with full Vietnamese coverage; return its family."""
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        path = RESOURCES / "fonts" / name
        if path.exists():
            QFontDatabase.addApplicationFont(str(path))
    return FONT_FAMILY


def apply_look(app: QApplication) -> None:
    """The system style (Fusion where there is none) with a calm, restrained palette."""
    family = load_fonts()
    app.setFont(QFont(family, 10))
    if sys.platform not in ("win32", "darwin"):  # native styles there; Fusion elsewhere
        app.setStyle(QStyleFactory.create("Fusion"))
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#f4f5f7",
        QPalette.ColorRole.WindowText: "#1f2933",
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#f7f8fa",
        QPalette.ColorRole.Text: "#1f2933",
        QPalette.ColorRole.Button: "#eceff3",
        QPalette.ColorRole.ButtonText: "#1f2933",
        QPalette.ColorRole.Highlight: "#2f5d8a",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#ffffff",
        QPalette.ColorRole.ToolTipText: "#1f2933",
        QPalette.ColorRole.PlaceholderText: "#8a939e",
        QPalette.ColorRole.Link: "#2f5d8a",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#9aa3ad"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#9aa3ad"))
    app.setPalette(palette)
    app.setStyleSheet(STYLE)


def install_translator(app: QApplication, language: str) -> QTranslator | None:
    """Load ``resources/i18n/ecabinet_<lang>.qm`` when it has been built."""
    translator = QTranslator(app)
    if translator.load(QLocale(language), "ecabinet", "_", str(RESOURCES / "i18n")):
        app.installTranslator(translator)
        return translator
    return None


class Shell(CommandRunner):
    """Which window is open: login → home → meeting rooms."""

    def __init__(self, run: Runner, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(run, parent)
        self.settings = settings
        self.session = SessionViewModel(run, settings, parent=self)
        self.login_window = LoginWindow(self.session)
        self.home: HomeWindow | None = None
        self.rooms: dict[int, MeetingRoomWindow] = {}
        self._quitting = False
        self.session.logged_in.connect(self._on_session_logged_in)
        self.session.logged_out.connect(self._on_session_logged_out)

    def start(
        self, url: str | None = None, user: str | None = None, password: str | None = None
    ) -> None:
        if url:
            self.login_window.server_edit.setText(url)
        if user:
            self.login_window.user_edit.setText(user)
        self.login_window.resize(720, 520)
        self.login_window.show()
        if user and password:
            self.session.login(self.login_window.server_edit.text(), user, password)

    def _on_session_logged_in(self) -> None:
        client = self.session.client
        assert client is not None
        vm = HomeViewModel(client, self._run, parent=self)
        self.home = HomeWindow(vm, self.session)
        self.home.setWindowTitle(f"e-Cabinet — {self.session.user_name}")
        self.home.meeting_opened.connect(self.open_meeting)
        self.error_occurred.connect(self.home.message_label.setText)
        geometry = self.settings.value("home/geometry")
        if geometry is not None:
            self.home.restoreGeometry(geometry)
        else:
            self.home.resize(1280, 800)
        self.login_window.hide()
        self.home.show()
        vm.refresh()

    def _on_session_logged_out(self) -> None:
        for room in list(self.rooms.values()):
            room.close()
        if self.home is not None:
            self.settings.setValue("home/geometry", self.home.saveGeometry())
            self.home.close()
            self.home.deleteLater()
            self.home = None
        self.login_window.show()

    def _on_room_closed(self, meeting_id: int) -> None:
        self.rooms.pop(meeting_id, None)
        if self.home is not None and not self._quitting:
            self.home.vm.refresh()  # follow the meeting again for "waiting for me"

    async def shutdown(self) -> None:
        """Leave the open meetings and close the connection (the app is quitting)."""
        self._quitting = True
        for room in list(self.rooms.values()):
            room.close()
        await asyncio.sleep(0.2)  # let the leave commands go out
        client = self.session.client
        if client is not None:
            await client.close()

    def open_meeting(self, meeting_id: int) -> None:
        room = self.rooms.get(meeting_id)
        if room is not None:
            room.raise_()
            room.activateWindow()
            return
        client = self.session.client
        assert client is not None
        self._submit(client.join(meeting_id), done=self._show_room)

    def _show_room(self, session: MeetingSession) -> None:
        client = self.session.client
        assert client is not None
        room_vm = MeetingRoomViewModel(client, session, self._run)
        voting_vm = VotingViewModel(client, session, self._run)
        window = MeetingRoomWindow(room_vm, voting_vm, self.settings)
        room_vm.setParent(window)
        voting_vm.setParent(window)
        attach_document_viewer(window, room_vm)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.closed.connect(lambda: self._on_room_closed(session.meeting_id))
        self.rooms[session.meeting_id] = window
        if self.settings.value("room/geometry") is None:
            window.resize(1280, 800)
        window.show()


def attach_document_viewer(window: MeetingRoomWindow, room: MeetingRoomViewModel) -> bool:
    """Put the document viewer in the room, wired to the current item, the presenter
    and my page; False when that component is not installed."""
    try:
        from desktop.viewmodels.document import DocumentViewModel
        from desktop.widgets.document_viewer import DocumentViewer
    except ImportError:
        return False
    document = DocumentViewModel(parent=room)
    wanted_page: dict[int, int] = {}

    def on_downloaded(version_id: int, data: bytes, filename: str) -> None:
        if document.version_id != version_id:
            document.open(data, version_id, filename)

    def on_opened(_pages: int) -> None:
        version_id = document.version_id
        if version_id is not None and version_id in wanted_page:
            document.go_to(wanted_page.pop(version_id))

    def on_presenter_page(version_id: int, page: int) -> None:
        if document.version_id == version_id:
            document.go_to(page)
        else:
            wanted_page[version_id] = page
            room.open_document(version_id)

    def on_page(page: int) -> None:
        if document.version_id is not None:
            room.set_my_page(document.version_id, page)

    room.document_downloaded.connect(on_downloaded)
    room.current_item_changed.connect(lambda _item: room.open_current_document())
    room.presenter_page_changed.connect(on_presenter_page)
    document.document_opened.connect(on_opened)
    document.page_changed.connect(on_page)
    room.open_current_document()
    window.set_document_widget(DocumentViewer(document))
    window.closed.connect(document.shutdown)
    return True


# --- the demo server -------------------------------------------------------------------


def start_demo_server(data_dir: Path, port: int) -> tuple[subprocess.Popen[str], str]:
    """Load the demo data and start ``python -m server.app serve``; return it and its URL."""
    data_dir.mkdir(parents=True, exist_ok=True)
    base = [sys.executable, "-m", "server.app"]
    subprocess.run([*base, "demo-data", "--data-dir", str(data_dir)], check=True)
    for attempt in (port, 0):
        proc = subprocess.Popen(
            [*base, "serve", "--data-dir", str(data_dir), "--port", str(attempt)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        if "listening on " in line:
            threading.Thread(target=proc.stdout.read, daemon=True).start()
            return proc, line.rsplit(" ", 1)[-1]
        proc.wait()
    raise SystemExit("The demo server did not start; see the messages above.")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ecabinet", description="e-Cabinet desktop app")
    parser.add_argument("--server", help="server address, e.g. ws://127.0.0.1:8765")
    parser.add_argument("--user", help="log in as this user")
    parser.add_argument("--password", help="password (for demos; otherwise type it)")
    parser.add_argument("--lang", default=None, help="vi (default) or en")
    sub = parser.add_subparsers(dest="command")
    demo = sub.add_parser("demo", help="start a local demo server and log in as the chair")
    demo.add_argument("--data-dir", help="where the demo server keeps its data (default: temp)")
    demo.add_argument("--port", type=int, default=8765)
    return parser


def main(argv: list[str] | None = None) -> None:
    import qasync

    args = _parser().parse_args(argv)
    server: subprocess.Popen[str] | None = None
    url, user, password = args.server, args.user, args.password
    if args.command == "demo":
        from desktop.client.demo_meeting import PASSWORD

        data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="ecabinet-demo-"))
        server, url = start_demo_server(data_dir, args.port)
        user, password = user or "chutri", password or PASSWORD
        print(f"Demo server at {url} (data in {data_dir}).", flush=True)
        print(
            f"Open a second window as a member:  ecabinet --server {url} "
            f"--user bokhdt --password {PASSWORD}",
            flush=True,
        )
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    apply_look(app)
    settings = QSettings(ORGANISATION, APPLICATION)
    install_translator(app, args.lang or str(settings.value("ui/language", "vi")))
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    quit_requested = asyncio.Event()
    app.aboutToQuit.connect(quit_requested.set)
    try:
        with loop:
            shell = Shell(asyncio.ensure_future, settings)
            shell.start(url, user, password)
            loop.run_until_complete(quit_requested.wait())
            loop.run_until_complete(shell.shutdown())
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
