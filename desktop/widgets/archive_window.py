"""The archivist's window: search box, filters, results with highlighted snippets, paging.

Enter in the search box searches, Ctrl+F goes back to it; a double-click or Enter on a
result opens its document (:attr:`ArchiveViewModel.document_requested`); "Export
package…" asks for the selected result's meeting (or the meeting filter's) package.
Below the results, the recordings of that meeting (:class:`RecordingsPanel`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.viewmodels.archive import ArchiveViewModel, Filters, HitRow, kind_label
from desktop.widgets.recordings_panel import RecordingsPanel
from protocol.archive import Kind, Sort


class ArchiveWindow(QMainWindow):
    def __init__(self, viewmodel: ArchiveViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = viewmodel
        self.setObjectName("archive_window")
        self.setWindowTitle(self.tr("Archive — e-Cabinet"))
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(12, 10, 12, 8)

        row = QHBoxLayout()
        self.query_edit = QLineEdit()
        self.query_edit.setObjectName("archive_query")
        self.query_edit.setPlaceholderText(
            self.tr("Search minutes, decisions, opinion polls and documents (with or without "
                    "diacritics; \"quotes\" for a phrase)")
        )  # fmt: skip
        self.query_edit.setClearButtonEnabled(True)
        self.query_edit.returnPressed.connect(self._on_search_triggered)
        row.addWidget(self.query_edit, 1)
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.setObjectName("archive_search")
        self.search_button.clicked.connect(self._on_search_triggered)
        row.addWidget(self.search_button)
        layout.addLayout(row)

        filters = QHBoxLayout()
        self.from_check, self.from_edit = self._date(self.tr("From"), "archive_from")
        self.to_check, self.to_edit = self._date(self.tr("To"), "archive_to")
        for check, edit in ((self.from_check, self.from_edit), (self.to_check, self.to_edit)):
            filters.addWidget(check)
            filters.addWidget(edit)
        self.kind_combo = self._combo("archive_kind", filters, self.tr("Kind"))
        self.kind_combo.addItem(self.tr("All kinds"), None)
        for kind in Kind:
            self.kind_combo.addItem(kind_label(kind), kind.value)
        self.meeting_combo = self._combo("archive_meeting", filters, self.tr("Meeting"))
        self.meeting_combo.setMinimumContentsLength(20)
        self.body_combo = self._combo("archive_body", filters, self.tr("Body"))
        self.signer_combo = self._combo("archive_signer", filters, self.tr("Signer"))
        counted = QHBoxLayout()  # the count, and the order of the results at the right
        self.sort_combo = self._combo("archive_sort", counted, self.tr("Order"))
        self.sort_combo.setMinimumContentsLength(18)
        self.sort_combo.addItem(self.tr("Most relevant first"), Sort.RELEVANCE.value)
        self.sort_combo.addItem(self.tr("Newest first"), Sort.DATE.value)
        self.sort_combo.currentIndexChanged.connect(self._on_sort_changed)
        filters.addStretch(1)
        layout.addLayout(filters)
        for combo in (self.kind_combo, self.meeting_combo, self.body_combo, self.signer_combo):
            combo.activated.connect(self._on_filter_changed)
        self._fill_facets()

        self.message = QLabel()
        self.message.setObjectName("error_label")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.count_label = QLabel()
        self.count_label.setObjectName("archive_count")
        counted.insertWidget(0, self.count_label, 1)
        layout.addLayout(counted)
        self.results = QListWidget()
        self.results.setObjectName("archive_results")
        self.results.setAlternatingRowColors(True)
        # A light selection: the hits are rich-text labels in dark text.
        self.results.setStyleSheet(
            "QListWidget#archive_results::item:selected { background: #dbe6f2; }"
        )
        self.results.itemActivated.connect(self._on_result_activated)
        self.results.currentRowChanged.connect(lambda _row: self._update_actions())
        layout.addWidget(self.results, 1)
        self.recordings_panel = RecordingsPanel(viewmodel.recordings)
        layout.addWidget(self.recordings_panel)
        self.meeting_combo.activated.connect(lambda _i: self._update_actions())

        bottom = QHBoxLayout()
        self.previous_button = QPushButton(self.tr("Previous page"))
        self.previous_button.setObjectName("archive_previous")
        self.next_button = QPushButton(self.tr("Next page"))
        self.next_button.setObjectName("archive_next")
        self.page_label = QLabel()
        self.page_label.setObjectName("archive_page")
        self.open_button = QPushButton(self.tr("Open document"))
        self.open_button.setObjectName("archive_open")
        self.export_button = QPushButton(self.tr("Export package…"))
        self.export_button.setObjectName("archive_export")
        for widget in (self.previous_button, self.page_label, self.next_button):
            bottom.addWidget(widget)
        bottom.addStretch(1)
        bottom.addWidget(self.open_button)
        bottom.addWidget(self.export_button)
        layout.addLayout(bottom)
        self.setCentralWidget(central)

        self.find_action = self._action(
            self.tr("Find"), self.tr("Go to the search box (Ctrl+F)"),
            [QKeySequence(QKeySequence.StandardKey.Find)], self._on_find_triggered,
        )  # fmt: skip
        self.next_action = self._action(
            self.tr("Next page"), self.tr("Next page of results (Ctrl+Page Down)"),
            [QKeySequence("Ctrl+PgDown")], viewmodel.next_page,
        )  # fmt: skip
        self.previous_action = self._action(
            self.tr("Previous page"), self.tr("Previous page of results (Ctrl+Page Up)"),
            [QKeySequence("Ctrl+PgUp")], viewmodel.previous_page,
        )  # fmt: skip
        self.open_action = self._action(
            self.tr("Open document"),
            self.tr("Open the selected result in the viewer (Enter, double-click)"),
            [QKeySequence("Ctrl+O")], self._on_open_triggered,
        )  # fmt: skip
        self.export_action = self._action(
            self.tr("Export package…"),
            self.tr("Export the archive package of the selected result's meeting (Ctrl+Shift+E)"),
            [QKeySequence("Ctrl+Shift+E")], self._on_export_triggered,
        )  # fmt: skip
        self.previous_button.clicked.connect(self.previous_action.trigger)
        self.next_button.clicked.connect(self.next_action.trigger)
        self.open_button.clicked.connect(self.open_action.trigger)
        self.export_button.clicked.connect(self.export_action.trigger)

        viewmodel.results_changed.connect(self._on_results_changed)
        viewmodel.facets_changed.connect(self._fill_facets)
        viewmodel.busy_changed.connect(self._on_busy_changed)
        viewmodel.error_occurred.connect(self._on_error_occurred)
        viewmodel.package_saved.connect(self._on_package_saved)
        self._on_results_changed()
        self.query_edit.setFocus()
        viewmodel.load_facets()

    # --- building -----------------------------------------------------------------------

    def _action(
        self, text: str, tip: str, keys: list[QKeySequence], slot: Callable[[], object]
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(keys)
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _date(self, label: str, name: str) -> tuple[QCheckBox, QDateEdit]:
        check = QCheckBox(label)
        check.setObjectName(f"{name}_enabled")
        edit = QDateEdit(QDate.currentDate())
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setEnabled(False)
        check.toggled.connect(edit.setEnabled)
        check.toggled.connect(lambda _on: self._on_filter_changed())
        edit.dateChanged.connect(
            lambda _d: self._on_filter_changed() if check.isChecked() else None
        )
        return check, edit

    def _combo(self, name: str, box: QHBoxLayout, tip: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setToolTip(tip)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        box.addWidget(combo)
        return combo

    def _refill(self, combo: QComboBox, everything: str, items: list[tuple[str, object]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for text, data in items:
            combo.addItem(text, data)
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    def _fill_facets(self) -> None:
        facets = self.vm.facets
        self._refill(
            self.meeting_combo,
            self.tr("All meetings"),
            [(f"{m.title} ({m.starts_at[:10]})", m.id) for m in facets.meetings],
        )
        self._refill(self.body_combo, self.tr("All bodies"), [(b, b) for b in facets.bodies])
        self._refill(self.signer_combo, self.tr("All signers"), [(s, s) for s in facets.signers])

    # --- reading the form -----------------------------------------------------------------

    def filters(self) -> Filters:
        """The filters as the form shows them."""
        kind = self.kind_combo.currentData()
        return Filters(
            kinds=[kind] if kind else [],
            date_from=self.from_edit.date().toString("yyyy-MM-dd")
            if self.from_check.isChecked()
            else None,
            date_to=self.to_edit.date().toString("yyyy-MM-dd")
            if self.to_check.isChecked()
            else None,
            meeting_id=self.meeting_combo.currentData(),
            body=self.body_combo.currentData(),
            signer=self.signer_combo.currentData(),
            sort=self.sort_combo.currentData() or Sort.RELEVANCE.value,
        )

    # --- handlers ---------------------------------------------------------------------------

    def _on_search_triggered(self) -> None:
        self.message.hide()
        self.vm.search(self.query_edit.text(), self.filters())

    def _on_filter_changed(self) -> None:
        if self.vm.searched or self.query_edit.text().strip():
            self._on_search_triggered()

    def _on_sort_changed(self, _index: int) -> None:
        self.vm.set_sort(self.sort_combo.currentData() or Sort.RELEVANCE.value)

    def _on_find_triggered(self) -> None:
        self.query_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query_edit.selectAll()

    def _on_results_changed(self) -> None:
        self.results.clear()
        for hit in self.vm.hits:
            item = QListWidgetItem()
            label = self._hit_label(hit)
            width = max(480, self.results.viewport().width() - 12)
            item.setSizeHint(QSize(width, label.heightForWidth(width) + 6))
            self.results.addItem(item)
            self.results.setItemWidget(item, label)
        if self.vm.hits:
            self.results.setCurrentRow(0)
        self.count_label.setText(self.vm.summary())
        self.page_label.setText(
            self.tr("Page {0} of {1}").format(self.vm.page, self.vm.pages)
            if self.vm.searched
            else ""
        )
        self._update_actions()

    def _hit_label(self, hit: HitRow) -> QLabel:
        meta = " · ".join(
            x
            for x in (hit.kind_label, hit.date_label, hit.meeting_title, hit.body, hit.signers,
                      hit.classification_label)
            if x
        )  # fmt: skip
        label = QLabel(
            f"<div style='margin:4px 2px'><span style='font-size:11pt'>{hit.title_html}</span>"
            f"<br><span style='color:#5a6470'>{_escape(meta)}</span>"
            f"<br>{hit.snippet_html}</div>"
        )
        label.setObjectName(f"archive_hit_{hit.entry_id}")
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        return label

    def _update_actions(self) -> None:
        vm = self.vm
        self.previous_action.setEnabled(vm.has_previous)
        self.next_action.setEnabled(vm.has_next)
        self.previous_button.setEnabled(vm.has_previous)
        self.next_button.setEnabled(vm.has_next)
        row = self.results.currentRow()
        hit = vm.hits[row] if 0 <= row < len(vm.hits) else None
        self.open_button.setEnabled(hit is not None and hit.version_id is not None)
        meeting = self._export_meeting()
        self.export_button.setEnabled(meeting is not None)
        self.vm.recordings.show_meeting(meeting)

    def _export_meeting(self) -> int | None:
        row = self.results.currentRow()
        if 0 <= row < len(self.vm.hits) and self.vm.hits[row].meeting_id is not None:
            return self.vm.hits[row].meeting_id
        meeting = self.meeting_combo.currentData()
        return int(meeting) if meeting is not None else None

    def _on_result_activated(self, item: QListWidgetItem) -> None:
        self.vm.open_hit(self.results.row(item))

    def _on_open_triggered(self) -> None:
        self.vm.open_hit(self.results.currentRow())

    def _on_export_triggered(self) -> None:
        self.vm.export_meeting(self._export_meeting())

    def _on_busy_changed(self, busy: bool) -> None:
        self.search_button.setEnabled(not busy)
        if busy:
            self.count_label.setText(self.tr("Searching…"))

    def _on_package_saved(self, path: str, sha256: str) -> None:
        self.statusBar().showMessage(
            self.tr("Archive package saved: {0} (SHA-256 {1}…)").format(path, sha256[:16])
        )

    def _on_error_occurred(self, message: str) -> None:
        self.message.setText(message)
        self.message.show()
        self.count_label.setText(self.vm.summary())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
