"""The dialog of an electronic copy: the signing dialog, plus the pages of an extract.

:class:`CopyDialog` is the :class:`~desktop.widgets.signing_dialog.SigningDialog` of the
"copy" action with a "Pages" field (e.g. "1-2,5") under the copy number.  The field is
enabled only for an extract copy (TRÍCH SAO), which holds just those pages; the other
copy types hold the whole document.  While the range does not read well, the dialog
says how to write it and "Make copy" stays disabled.  The pages go to
:meth:`DecisionsViewModel.copy`, which has the server build the extract.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from desktop.viewmodels.decisions import (
    DecisionsViewModel,
    copy_takes_pages,
    page_range_problem,
)
from desktop.widgets.signing_dialog import SigningDialog
from protocol.decisions import DecisionInfo


class CopyDialog(SigningDialog):
    """Make an electronic copy of the issued ``decision``."""

    def __init__(
        self, vm: DecisionsViewModel, decision: DecisionInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(vm, decision, "copy", parent)
        self.copy_pages = QLineEdit(self)
        self.copy_pages.setObjectName("copy_pages")
        self.copy_pages.setPlaceholderText(self.tr("e.g. 1-2,5"))
        self.copy_pages.setToolTip(
            self.tr("The pages of the document that an extract copy (TRÍCH SAO) holds")
        )
        self.pages_hint = QLabel(self)
        self.pages_hint.setObjectName("pages_hint")
        self.pages_hint.setWordWrap(True)
        form = self.findChild(QFormLayout)
        assert isinstance(form, QFormLayout), "the signing dialog lays its fields out in a form"
        position: tuple[int, object] = form.getWidgetPosition(self.copy_number)  # type: ignore[assignment]
        row = position[0]
        pages_label = QLabel(self.tr("Pages:"), self)
        pages_label.setBuddy(self.copy_pages)
        form.insertRow(row + 1, pages_label, self.copy_pages)
        form.insertRow(row + 2, "", self.pages_hint)
        self.copy_type.currentIndexChanged.connect(self._on_pages_changed)
        self.copy_pages.textChanged.connect(self._on_pages_changed)
        self._on_pages_changed()

    def is_extract(self) -> bool:
        """True when the chosen copy type holds chosen pages (TRÍCH SAO)."""
        return copy_takes_pages(str(self.copy_type.currentData()))

    def _on_pages_changed(self, *_args: object) -> None:
        extract = self.is_extract()
        idle = not self.vm.busy
        self.copy_pages.setEnabled(extract and idle)
        problem = page_range_problem(self.copy_pages.text()) if extract else ""
        self.pages_hint.setText(problem)
        self.pages_hint.setVisible(bool(problem))
        self.ok_button.setEnabled(idle and not problem)

    def _on_busy(self, busy: bool) -> None:
        super()._on_busy(busy)
        self._on_pages_changed()

    def _on_confirm(self) -> None:
        self.message.clear()
        self.vm.copy(
            self.decision.decision_id,
            str(self.copy_type.currentData()),
            self.passphrase.text(),
            self.copy_number.text().strip(),
            self.copy_pages.text() if self.is_extract() else "",
        )
