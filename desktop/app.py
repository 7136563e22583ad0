"""``ecabinet``: the desktop application (the composition root, the only place with qasync).

ecabinet                                  open the app (log in)
ecabinet --server URL --user U --password P   log in directly (e.g. a second window)
ecabinet demo [--data-dir DIR] [--port N]  start a local demo server and log in as chair
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import (
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QSettings,
    QStandardPaths,
    Qt,
    QTimer,
    QTranslator,
)
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

from desktop.app_signatures import attach_signatures
from desktop.client import Client, MeetingSession
from desktop.client.document_cache import DocumentCache
from desktop.record_windows import RecordWindows
from desktop.viewmodels.classification import ClassificationViewModel
from desktop.viewmodels.home import HomeViewModel
from desktop.viewmodels.media import MediaViewModel
from desktop.viewmodels.meeting_editor import MeetingEditorViewModel
from desktop.viewmodels.meeting_room import MeetingRoomViewModel
from desktop.viewmodels.positions import PositionsViewModel
from desktop.viewmodels.session import CommandRunner, Runner, SessionViewModel
from desktop.viewmodels.signing_keys import SigningKeys
from desktop.viewmodels.voting import VotingViewModel
from desktop.widgets.home_window import HomeWindow
from desktop.widgets.login_window import LoginWindow
from desktop.widgets.meeting_editor import MeetingEditor
from desktop.widgets.meeting_room import MeetingRoomWindow
from desktop.widgets.positions_panel import PositionsPanel
from desktop.widgets.video_wall import attach_video_wall
from desktop.widgets.watermark import ClassificationNotice, Watermark
from protocol.accounts import UserInfo

if TYPE_CHECKING:
    from desktop.viewmodels.document import DocumentViewModel
    from desktop.widgets.document_viewer import DocumentViewer

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


DEFAULT_LANGUAGE = "vi"
#: The translators this module installed (replaced when the language changes).
_installed: list[QTranslator] = []


def find_lrelease() -> str | None:
    """``pyside6-lrelease`` on PATH, or the ``lrelease`` shipped inside PySide6."""
    for name in ("pyside6-lrelease", "lrelease"):
        found = shutil.which(name)
        if found:
            return found
    import PySide6

    folder = Path(PySide6.__file__).resolve().parent
    for candidate in (
        folder / "lrelease",
        folder / "lrelease.exe",
        folder / "Qt" / "bin" / "lrelease",
    ):
        if candidate.exists():
            return str(candidate)
    return None


def compiled_translation(language: str, build_dir: Path | None = None) -> Path | None:
    """The ``.qm`` of ``resources/i18n/ecabinet_<language>.ts``: the one next to it when
    the package build made it and it is current, else one compiled with lrelease into a
    writable folder (the app data folder; the install may be read-only). None when there
    is no translation or it cannot be built."""
    folder = RESOURCES / "i18n"
    ts = folder / f"ecabinet_{language}.ts"
    shipped = folder / f"ecabinet_{language}.qm"
    if not ts.exists():
        return shipped if shipped.exists() else None
    if shipped.exists() and shipped.stat().st_mtime >= ts.stat().st_mtime:
        return shipped
    if build_dir is None:
        data = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        build_dir = Path(data or tempfile.gettempdir()) / "i18n"
    qm = build_dir / shipped.name
    if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
        return qm
    lrelease = find_lrelease()
    if lrelease is None:
        return shipped if shipped.exists() else None
    try:
        build_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=build_dir) as tmp:  # two apps may start at once
            built = Path(tmp) / shipped.name
            subprocess.run(
                [lrelease, "-silent", str(ts), "-qm", str(built)],
                check=True,
                capture_output=True,
                timeout=120,
            )
            os.replace(built, qm)
    except (OSError, subprocess.SubprocessError):
        return shipped if shipped.exists() else None
    return qm


def install_translator(
    app: QApplication, language: str | None = None, build_dir: Path | None = None
) -> QTranslator | None:
    """Show the app in ``language`` (default Vietnamese; "en" is the source language):
    install the app's translation, built from its .ts when needed, and Qt's own
    (qtbase_<lang>) when Qt ships one. Replaces what an earlier call installed."""
    language = (language or DEFAULT_LANGUAGE).strip().lower().replace("-", "_")
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if language.startswith("en"):
        return None
    qt_own = QTranslator(app)
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_own.load(QLocale(language), "qtbase", "_", qt_folder):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    qm = compiled_translation(language, build_dir)
    translator = QTranslator(app)
    if qm is None or not translator.load(str(qm)):
        return None
    app.installTranslator(translator)
    _installed.append(translator)
    return translator


def default_cache_root() -> Path:
    """Where downloaded documents are kept: the per-user cache folder, ``documents``."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    return Path(location or tempfile.gettempdir()) / "documents"


class GeometryKeeper(QObject):
    """Restores a top-level window's geometry from QSettings and saves it when it closes."""

    def __init__(
        self,
        window: QWidget,
        settings: QSettings,
        key: str,
        default: tuple[int, int],
        on_close: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(window)
        self._settings, self._key, self._on_close = settings, key, on_close
        geometry = settings.value(key)
        if geometry is None or not window.restoreGeometry(geometry):
            window.resize(*default)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and isinstance(watched, QWidget):
            self._settings.setValue(self._key, watched.saveGeometry())
            if self._on_close is not None:
                callback, self._on_close = self._on_close, None
                callback()
        return False


class Shell(RecordWindows, CommandRunner):
    """Which windows are open: login → home → meeting rooms, editors and positions.

    Downloaded documents are kept in ``cache_root / <user id>`` (see
    :class:`~desktop.client.document_cache.DocumentCache`) and deleted on logout.
    """

    def __init__(
        self,
        run: Runner,
        settings: QSettings,
        parent: QObject | None = None,
        cache_root: Path | None = None,
    ) -> None:
        super().__init__(run, parent)
        self.settings = settings
        self.cache_root = cache_root if cache_root is not None else default_cache_root()
        self.cache: DocumentCache | None = None
        self.session = SessionViewModel(run, settings, parent=self)
        self.login_window = LoginWindow(self.session)
        self.home: HomeWindow | None = None
        self.rooms: dict[int, MeetingRoomWindow] = {}
        self.panes: dict[int, DocumentPane] = {}
        self.editors: list[MeetingEditor] = []
        self.positions: dict[int, PositionsPanel] = {}
        self.record_windows: dict[str, QWidget] = {}
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

    @property
    def client(self) -> Client:
        client = self.session.client
        assert client is not None, "not logged in"
        return client

    # --- home ---------------------------------------------------------------------------

    def _on_session_logged_in(self) -> None:
        client = self.client
        assert client.user is not None
        self.cache = DocumentCache(self.cache_root / str(client.user.id))
        vm = HomeViewModel(client, self._run, cache=self.cache)
        self.home = HomeWindow(vm, self.session)
        vm.setParent(self.home)
        self.home.setWindowTitle(f"e-Cabinet — {self.session.user_name}")
        self.home.meeting_opened.connect(self.open_meeting)
        self.home.new_meeting_requested.connect(self.new_meeting)
        self.home.edit_requested.connect(self.edit_meeting)
        self.home.positions_requested.connect(self.open_positions)
        self._wire_home(self.home)
        self.error_occurred.connect(self.home.message_label.setText)
        geometry = self.settings.value("home/geometry")
        if geometry is None or not self.home.restoreGeometry(geometry):
            self.home.resize(1280, 800)
        splitter = self.settings.value("home/splitter")
        if splitter is not None:
            self.home.splitter.restoreState(splitter)
        self.login_window.hide()
        self.home.show()
        vm.refresh()

    def _save_home(self) -> None:
        if self.home is not None:
            self.settings.setValue("home/geometry", self.home.saveGeometry())
            self.settings.setValue("home/splitter", self.home.splitter.saveState())

    def _close_windows(self) -> None:
        for window in [*self.rooms.values(), *self.editors, *self.positions.values()]:
            window.close()
        self.close_record_windows()

    def _on_session_logged_out(self) -> None:
        self._close_windows()
        if self.home is not None:
            self._save_home()
            self.home.close()
            self.home.deleteLater()
            self.home = None
        if self.cache is not None:
            self.cache.clear()  # classified documents do not outlive the session
            self.cache = None
        self.login_window.show()

    def _refresh_home(self) -> None:
        if self.home is not None and not self._quitting:
            self.home.vm.refresh()

    async def shutdown(self) -> None:
        """Leave the open meetings, end the PDF threads and close the connection."""
        self._quitting = True
        self._save_home()
        self._close_windows()
        for pane in list(self.panes.values()):
            pane.document.shutdown()
        self.panes.clear()
        await asyncio.sleep(0.2)  # let the leave commands go out
        client = self.session.client
        if client is not None:
            await client.close()

    def _in_use(self, meeting_id: int) -> bool:
        return (
            meeting_id in self.rooms
            or meeting_id in self.positions
            or any(e.vm.meeting_id == meeting_id for e in self.editors)
            or (self.home is not None and self.home.vm.follows(meeting_id))
        )

    def _release(self, meeting_id: int | None) -> None:
        """Stop following a meeting that no window shows any more."""
        client = self.session.client
        if meeting_id is None or client is None or self._quitting or self._in_use(meeting_id):
            return
        if meeting_id in client.meetings:
            self._submit(client.leave(meeting_id))

    # --- meeting rooms --------------------------------------------------------------------

    def open_meeting(self, meeting_id: int) -> None:
        room = self.rooms.get(meeting_id)
        if room is not None:
            room.raise_()
            room.activateWindow()
            return
        self._submit(self.client.join(meeting_id), done=self._show_room)

    def _show_room(self, session: MeetingSession) -> None:
        client = self.client
        if session.meeting_id in self.rooms:
            return
        room_vm = MeetingRoomViewModel(client, session, self._run, cache=self.cache)
        voting_vm = VotingViewModel(
            client, session, self._run, signing_keys=SigningKeys(client, self.settings)
        )
        if self.cache is not None:
            self.cache.watch(session)
        window = MeetingRoomWindow(room_vm, voting_vm, self.settings)
        room_vm.setParent(window)
        voting_vm.setParent(window)
        pane = attach_document_viewer(window, room_vm, user=client.user, settings=self.settings)
        if pane is not None:
            self.panes[session.meeting_id] = pane
        if session.attend:
            attach_video_wall(window, MediaViewModel(client, session, self._run, parent=window))
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.closed.connect(lambda: self._on_room_closed(session.meeting_id))
        self.rooms[session.meeting_id] = window
        if self.settings.value("room/geometry") is None:
            window.resize(1280, 800)
        window.show()

    def _on_room_closed(self, meeting_id: int) -> None:
        self.rooms.pop(meeting_id, None)
        pane = self.panes.pop(meeting_id, None)
        if pane is not None:
            pane.document.shutdown()
        self._refresh_home()  # follow the meeting again for "waiting for me"

    # --- the secretariat's editor ---------------------------------------------------------

    def new_meeting(self) -> MeetingEditor:
        return self._show_editor(MeetingEditorViewModel(self.client, self._run))

    def edit_meeting(self, meeting_id: int) -> MeetingEditor:
        """The editor of ``meeting_id`` (followed without attending it)."""
        for editor in self.editors:
            if editor.vm.meeting_id == meeting_id:
                editor.raise_()
                editor.activateWindow()
                return editor
        # Reuse a session the app already follows: joining again would change whether
        # the open room attends it.
        session = self.client.meetings.get(meeting_id)
        vm = MeetingEditorViewModel(self.client, self._run, session=session)
        editor = self._show_editor(vm)
        if session is None:
            vm.open(meeting_id)
        return editor

    def _show_editor(self, vm: MeetingEditorViewModel) -> MeetingEditor:
        editor = MeetingEditor(vm)
        vm.setParent(editor)
        editor.setWindowFlag(Qt.WindowType.Window)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def closed() -> None:
            if editor in self.editors:
                self.editors.remove(editor)
            self._release(vm.meeting_id)
            self._refresh_home()

        GeometryKeeper(editor, self.settings, "editor/geometry", (1180, 760), closed)
        vm.meeting_loaded.connect(self._refresh_home)  # a new meeting appears on the home
        self.editors.append(editor)
        editor.show()
        return editor

    # --- positions before the meeting -----------------------------------------------------

    def open_positions(self, meeting_id: int) -> None:
        panel = self.positions.get(meeting_id)
        if panel is not None:
            panel.raise_()
            panel.activateWindow()
            return
        session = self.client.meetings.get(meeting_id)
        if session is not None:
            self._show_positions(session)
        else:
            self._submit(self.client.join(meeting_id, attend=False), done=self._show_positions)

    def _show_positions(self, session: MeetingSession) -> None:
        meeting_id = session.meeting_id
        if meeting_id in self.positions:
            return
        vm = PositionsViewModel(self.client, session, self._run)
        panel = PositionsPanel(vm)
        vm.setParent(panel)
        panel.setWindowFlag(Qt.WindowType.Window)
        panel.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        title = session.view.title if session.view is not None else ""
        panel.setWindowTitle(self.tr("Positions — {0}").format(title))

        def closed() -> None:
            self.positions.pop(meeting_id, None)
            self._release(meeting_id)
            self._refresh_home()

        GeometryKeeper(panel, self.settings, "positions/geometry", (1100, 700), closed)
        self.positions[meeting_id] = panel
        panel.show()


@dataclass
class DocumentPane:
    """What :func:`attach_document_viewer` put in a room."""

    viewer: DocumentViewer
    document: DocumentViewModel
    classification: ClassificationViewModel
    watermark: Watermark
    annotations: Any = None


class ExportGate(Protocol):
    """Anything with an export switch (the annotations' "Export annotated PDF")."""

    export_allowed: bool


def bind_export_rules(target: ExportGate, classification: ClassificationViewModel) -> None:
    """Keep ``target.export_allowed`` equal to what the classification allows."""
    target.export_allowed = classification.export_allowed

    def on_changed(_classification: str) -> None:
        target.export_allowed = classification.export_allowed

    classification.classification_changed.connect(on_changed)


def attach_document_viewer(
    window: MeetingRoomWindow,
    room: MeetingRoomViewModel,
    *,
    user: UserInfo | None = None,
    settings: QSettings | None = None,
) -> DocumentPane | None:
    """Put the document viewer in the room, wired to the current item, the presenter
    and my page, with the watermark of classified meetings; None when that component
    is not installed."""
    try:
        from desktop.viewmodels.document import DocumentViewModel
        from desktop.widgets.document_viewer import DocumentViewer
    except ImportError:
        return None
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
    viewer = DocumentViewer(document)
    classification = ClassificationViewModel(user, room.classification, parent=room)
    room.meeting_changed.connect(lambda: classification.set_classification(room.classification))
    watermark = Watermark(classification, viewer.overlay)
    badge = ClassificationNotice(classification)
    window.statusBar().addPermanentWidget(badge)
    if room.current_item_id is not None:
        room.open_current_document()
    else:  # before the meeting: the first document of the agenda, to read ahead
        first = next((d for row in room.agenda for d in room.documents(row.item_id)), None)
        if first is not None:
            room.open_document(first.version_id)
    window.set_document_widget(viewer)
    signatures = attach_signatures(viewer, document, room.runner, room.client)
    room.document_downloaded.connect(lambda _v, data, _f: signatures.check(data))
    notes = None
    try:
        from desktop.viewmodels.annotations import AnnotationsViewModel
        from desktop.widgets.annotation_overlay import attach_annotations
    except ImportError:
        pass
    else:
        notes = AnnotationsViewModel(room.client, room.session, room.runner, parent=room)
        attach_annotations(viewer, notes)
        bind_export_rules(notes, classification)
        notes.export_filter = classification.stamp
        _carry_over_on_new_versions(room.session, document, notes)
    if settings is not None:
        state = settings.value("viewer/splitter")
        if state is not None:
            viewer.splitter.restoreState(state)
        window.closed.connect(
            lambda: settings.setValue("viewer/splitter", viewer.splitter.saveState())
        )
    window.closed.connect(document.shutdown)
    return DocumentPane(viewer, document, classification, watermark, notes)


def _carry_over_on_new_versions(session: MeetingSession, document: Any, notes: Any) -> None:
    """When a document gets a new version, the first time that version is opened here my
    annotations of the previous one are carried over (those whose text is gone are
    listed as detached, not lost)."""
    from protocol.documents import DocumentAdded

    latest: dict[int, int] = {}
    if session.view is not None:
        for item in session.view.items.values():
            for doc in item.documents:
                latest[doc.document_id] = doc.version_id
    pending: dict[int, tuple[int, int]] = {}

    def on_event(_seq: int, event: object) -> None:
        if isinstance(event, DocumentAdded):
            previous = latest.get(event.document_id)
            if previous is not None and previous != event.version_id:
                pending[event.version_id] = (event.document_id, previous)
            latest[event.document_id] = event.version_id

    def on_opened(_pages: int) -> None:
        move = pending.pop(document.version_id, None)
        if move is not None:
            notes.carry_over(*move)

    session.subscribe(on_event)
    document.document_opened.connect(on_opened)


def quit_on_signals(app: QApplication) -> QTimer:
    """Ctrl+C in the terminal (SIGINT) or a SIGTERM closes the app the way Quit does (the
    demo server it started stops with it).  Python runs signal handlers only between
    Python calls, so a timer gives it the chance while Qt waits for events."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: app.quit())
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(200)
    return timer


# --- the demo server -------------------------------------------------------------------


def install_demo_keys(folder: Path) -> int:
    """Demo only: copy the demo users' PKCS#12 files (passphrase = the demo password) to
    this computer's key folders, keeping any key the user already has there."""
    from desktop.client.keys import key_dir

    copied = 0
    for source in sorted(folder.glob("*/*.p12")):
        target = key_dir(source.parent.name, create=True) / source.name
        if not target.exists():
            target.write_bytes(source.read_bytes())
            target.chmod(0o600)
            copied += 1
    return copied


def start_demo_server(data_dir: Path, port: int) -> tuple[subprocess.Popen[str], str]:
    """Load the demo data and start ``python -m server.app serve``; return it and its URL."""
    data_dir.mkdir(parents=True, exist_ok=True)
    base = [sys.executable, "-m", "server.app"]
    subprocess.run([*base, "demo-data", "--data-dir", str(data_dir)], check=True)
    install_demo_keys(data_dir / "demo-keys")
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
    parser.add_argument(
        "--lang",
        default=None,
        choices=("vi", "en"),
        help='language: vi (default) or en; remembered as QSettings "ui/language"',
    )
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
    quit_on_signals(app)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    apply_look(app)
    settings = QSettings(ORGANISATION, APPLICATION)
    if args.lang:
        settings.setValue("ui/language", args.lang)
    install_translator(app, args.lang or str(settings.value("ui/language", DEFAULT_LANGUAGE)))
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
