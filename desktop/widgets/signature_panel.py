"""The signature panel and badge of the document viewer.

:class:`SignatureBadge` says at a glance whether the PDF shown is signed and valid
("Đã ký số hợp lệ", green), signed but changed afterwards (amber), not valid ("Chữ ký
không hợp lệ", red) or not signed ("Chưa ký", grey).  :class:`SignaturePanel` lists
every signature: signer, unit, time (from the timestamp token), intact, trusted, what
it covers and the revision, and the one-line summary of the selected one.
:func:`attach_signature_panel` puts both into a :class:`DocumentViewer`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.viewmodels.signatures import (
    SignaturesViewModel,
    coverage_label,
    details_label,
    kind_label,
    state_label,
    trust_label,
)
from desktop.viewmodels.times import shown_time
from desktop.widgets.document_viewer import DocumentViewer
from protocol.signatures import SignatureInfo, SignatureKind

_COLOURS = {
    "valid": ("#1b5e20", "#e8f5e9"),
    "modified": ("#8a5300", "#fff4e0"),
    "invalid": ("#b71c1c", "#ffebee"),
    "unknown": ("#b71c1c", "#ffebee"),
    "unsigned": ("#555555", "#eeeeee"),
    "checking": ("#555555", "#eeeeee"),
}
COLUMNS = 7
#: Columns whose text wraps, with their widest width (signer, unit, coverage).
_WRAPPED = {0: 180, 1: 150, 5: 170}


def _tr(text: str) -> str:
    return QCoreApplication.translate("SignaturePanel", text)


class SignatureBadge(QPushButton):
    """A flat, coloured button with the document's signature state; click: the panel."""

    def __init__(self, viewmodel: SignaturesViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = viewmodel
        self.setObjectName("signature_badge")
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self.tr("Signatures of this document (Ctrl+Shift+G)"))
        viewmodel.state_changed.connect(self._on_vm_state_changed)
        self._on_vm_state_changed(viewmodel.state)

    @property
    def state(self) -> str:
        return self.vm.state

    def _on_vm_state_changed(self, state: str) -> None:
        mark = {"valid": "✓ ", "invalid": "✗ ", "unknown": "✗ ", "modified": "! "}.get(state, "")
        self.setText(mark + state_label(state))
        fg, bg = _COLOURS.get(state, _COLOURS["unsigned"])
        self.setStyleSheet(
            f"QPushButton#signature_badge {{ color: {fg}; background: {bg}; "
            f"border: 1px solid {fg}; border-radius: 4px; padding: 2px 8px; font-weight: bold; }}"
        )


class SignaturePanel(QWidget):
    """Every signature of the document shown (see the module docstring)."""

    #: The user asked to close the panel.
    close_requested = Signal()

    def __init__(self, viewmodel: SignaturesViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = viewmodel
        self.setObjectName("signature_panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        title = QLabel(self.tr("Signatures"))
        title.setObjectName("panel_title")
        layout.addWidget(title)
        self.badge = SignatureBadge(viewmodel, self)
        self.badge.clicked.connect(self.close_requested.emit)
        layout.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignLeft)
        self.message = QLabel()
        self.message.setObjectName("error_label")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.table = QTableWidget(0, COLUMNS, self)
        self.table.setObjectName("signature_table")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Signer"),
                self.tr("Unit"),
                self.tr("Time"),
                self.tr("Intact"),
                self.tr("Trusted"),
                self.tr("Covers"),
                self.tr("Revision"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in _WRAPPED:  # long texts wrap instead of pushing the columns away
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        layout.addWidget(self.table, 1)
        self.details = QLabel()
        self.details.setObjectName("signature_details")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.details)
        viewmodel.signatures_validated.connect(self._on_vm_signatures_validated)
        viewmodel.validation_failed.connect(self._on_vm_validation_failed)
        viewmodel.state_changed.connect(self._on_vm_state_changed)
        self._on_vm_signatures_validated(viewmodel.signatures)

    def rows(self) -> list[list[str]]:
        """The table as text (what the user reads)."""
        return [
            [self.table.item(r, c).text() for c in range(COLUMNS)]  # type: ignore[union-attr]
            for r in range(self.table.rowCount())
        ]

    def _signer(self, info: SignatureInfo) -> str:
        if info.kind == SignatureKind.SIGNATURE:
            return f"{info.signer_name} — {info.position}" if info.position else info.signer_name
        return f"{info.signer_name} ({kind_label(info.kind)})"

    def _time(self, info: SignatureInfo) -> str:
        if not info.signing_time:
            return "—"
        if info.timestamped:
            return shown_time(info.signing_time)
        return self.tr("{0} (signer's clock)").format(shown_time(info.signing_time))

    def _on_vm_signatures_validated(self, signatures: list[SignatureInfo]) -> None:
        self.message.hide()
        self.table.setRowCount(len(signatures))
        for row, info in enumerate(signatures):
            cells = [
                self._signer(info),
                info.unit or info.organisation,
                self._time(info),
                "✓" if info.intact else "✗ " + self.tr("altered"),
                ("✓ " if info.trusted else "✗ ") + trust_label(info),
                coverage_label(info),
                str(info.revision),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(info.summary)
                self.table.setItem(row, column, item)
        for column, widest in _WRAPPED.items():
            self.table.resizeColumnToContents(column)
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))
        self.table.resizeRowsToContents()
        self.details.setText("" if signatures else self.tr("This document has no signature."))

    def _on_vm_validation_failed(self, message: str) -> None:
        self.table.setRowCount(0)
        self.message.setText(message)
        self.message.show()

    def _on_vm_state_changed(self, state: str) -> None:
        if state == "checking":
            self.details.setText(state_label(state))

    def _on_table_selection_changed(self) -> None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        signatures = self.vm.signatures
        if len(rows) == 1 and (row := rows.pop()) < len(signatures):
            self.details.setText(details_label(signatures[row]))


@dataclass
class AttachedSignatures:
    panel: SignaturePanel
    badge: SignatureBadge
    #: "Signatures" (Ctrl+Shift+G): shows and hides the panel.
    action: QAction


def attach_signature_panel(
    viewer: DocumentViewer, viewmodel: SignaturesViewModel
) -> AttachedSignatures:
    """Add the badge to ``viewer``'s tool bar and the panel (hidden) to the right of its
    pages; the badge, the action "Signatures" (Ctrl+Shift+G) and the panel's own badge
    show and hide it.  The caller feeds the PDF bytes (``viewmodel.check``) and clears
    it when the document closes."""
    panel = SignaturePanel(viewmodel)
    panel.hide()
    viewer.splitter.addWidget(panel)
    badge = SignatureBadge(viewmodel, viewer)
    action = QAction(_tr("Signatures"), viewer)
    action.setObjectName("show_signatures")
    action.setCheckable(True)
    action.setShortcut(QKeySequence("Ctrl+Shift+G"))
    action.setToolTip(_tr("Show or hide the signatures of this document (Ctrl+Shift+G)"))
    action.toggled.connect(panel.setVisible)
    viewer.addAction(action)
    badge.clicked.connect(action.toggle)
    panel.close_requested.connect(lambda: action.setChecked(False))
    viewer.toolbar.addSeparator()
    viewer.toolbar.addWidget(badge)
    return AttachedSignatures(panel, badge, action)
