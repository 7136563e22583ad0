"""The record's windows, opened from the home screen: my certificate, the minutes of a
meeting, opinion polls, decisions to sign and the archive.

:class:`RecordWindows` is mixed into the composition root's ``Shell``: it only builds
view models and widgets and keeps one window of each kind open; it knows nothing of
qasync (the ``Shell`` passes its runner).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QWidget

from desktop.client import Client
from desktop.viewmodels.session import Runner


class RecordWindows:
    """Opens (or raises) one window per record feature; closed windows are forgotten."""

    settings: QSettings
    _run: Runner
    record_windows: dict[str, QWidget]

    @property
    def client(self) -> Client:  # provided by the Shell
        raise NotImplementedError

    def _raise_existing(self, key: str) -> bool:
        window = self.record_windows.get(key)
        if window is None:
            return False
        window.show()
        window.raise_()
        window.activateWindow()
        return True

    def _keep(self, key: str, window: QWidget, size: tuple[int, int]) -> QWidget:
        window.setWindowFlag(Qt.WindowType.Window)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda *_: self.record_windows.pop(key, None))
        window.resize(*size)
        self.record_windows[key] = window
        window.show()
        return window

    def close_record_windows(self) -> None:
        for window in list(self.record_windows.values()):
            window.close()
        self.record_windows.clear()

    # --- my certificate -----------------------------------------------------------------

    def open_certificate(self) -> None:
        if self._raise_existing("certificate"):
            return
        from desktop.viewmodels.certificates import CertificateViewModel
        from desktop.widgets.certificate_dialog import CertificateDialog

        vm = CertificateViewModel(self.client, self._run, settings=self.settings)
        dialog = CertificateDialog(vm)
        vm.setParent(dialog)
        self._keep("certificate", dialog, (720, 560))
        vm.refresh()

    # --- minutes --------------------------------------------------------------------------

    def open_minutes(self, meeting_id: int) -> None:
        key = f"minutes/{meeting_id}"
        if self._raise_existing(key):
            return
        from desktop.viewmodels.minutes import MinutesViewModel
        from desktop.widgets.minutes_editor import MinutesEditor

        session = self.client.meetings.get(meeting_id)
        title = session.view.title if session is not None and session.view is not None else ""
        vm = MinutesViewModel(self.client, meeting_id, self._run, session=session, title=title)
        editor = MinutesEditor(vm)
        vm.setParent(editor)
        self._keep(key, editor, (900, 760))
        vm.load()

    # --- decisions to sign ------------------------------------------------------------------

    def open_decisions(self) -> None:
        """Decisions and minutes waiting for my signature (or, for the clerk, the seal)."""
        if self._raise_existing("decisions"):
            return
        from desktop.viewmodels.decisions import DecisionsViewModel
        from desktop.widgets.decisions_panel import DecisionsPanel

        vm = DecisionsViewModel(self.client, self._run, settings=self.settings)
        panel = DecisionsPanel(vm)
        vm.setParent(panel)
        vm.document_ready.connect(self.open_pdf)
        self._keep("decisions", panel, (1000, 600))

    # --- opinion polls between meetings ---------------------------------------------------

    def open_consultations(self) -> None:
        if self._raise_existing("consultations"):
            return
        from desktop.widgets.consultation_panel import open_consultations

        window = open_consultations(self.client, self._run, settings=self.settings)
        window.vm.document_ready.connect(lambda title, pdf: self.open_pdf(pdf, title))
        self._keep("consultations", window, (1100, 720))

    # --- the archive ------------------------------------------------------------------------

    def open_archive(self) -> None:
        """The archivist's search; results open with their signatures validated, and a
        meeting's archive package is saved where the archivist chooses."""
        if self._raise_existing("archive"):
            return
        from PySide6.QtWidgets import QFileDialog

        from desktop.viewmodels.archive import ArchiveViewModel
        from desktop.widgets.archive_window import ArchiveWindow

        vm = ArchiveViewModel(self.client, self._run)
        window = ArchiveWindow(vm)
        vm.setParent(window)
        vm.document_requested.connect(vm.download)
        vm.document_downloaded.connect(lambda _v, data, title: self.open_pdf(data, title))

        def on_export(meeting_id: int) -> None:
            path, _ = QFileDialog.getSaveFileName(
                window,
                window.tr("Save the archive package"),
                f"ho-so-phien-hop-{meeting_id}.zip",
                "ZIP (*.zip)",
            )
            if path:
                vm.save_package(meeting_id, path)

        vm.export_requested.connect(on_export)
        self._keep("archive", window, (1180, 780))
        vm.load_facets()

    # --- a PDF from the record, with its signatures -------------------------------------------

    def open_pdf(self, data: bytes, title: str) -> QWidget:
        """A viewer window for ``data`` (a signed decision, an archive hit, a report) with
        the signature badge and panel; it validates against the organisation CA."""
        from PySide6.QtWidgets import QMainWindow

        from desktop.app_signatures import attach_signatures
        from desktop.viewmodels.document import DocumentViewModel
        from desktop.widgets.document_viewer import DocumentViewer

        window = QMainWindow()
        window.setObjectName("record_pdf_window")
        window.setWindowTitle(title)
        document = DocumentViewModel(parent=window)
        viewer = DocumentViewer(document)
        window.setCentralWidget(viewer)
        signatures = attach_signatures(viewer, document, self._run, self.client)
        window.destroyed.connect(lambda *_: document.shutdown())
        key = f"pdf/{len(self.record_windows)}/{title}"
        self._keep(key, window, (1000, 800))
        document.open(data, None, title)
        signatures.check(data)
        return window

    def _wire_home(self, home: Any) -> None:
        """Connect the home screen's record actions to the windows above."""
        home.certificate_requested.connect(self.open_certificate)
        home.minutes_requested.connect(self.open_minutes)
        home.decisions_requested.connect(self.open_decisions)
        home.archive_requested.connect(self.open_archive)
        home.consultations_requested.connect(self.open_consultations)
