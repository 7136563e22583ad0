"""The signature panel and badge on real signed PDFs (the server's CA and TSA)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import install_translator
from desktop.viewmodels.document import DocumentViewModel
from desktop.viewmodels.signatures import SignaturesViewModel
from desktop.widgets.document_viewer import DocumentViewer
from desktop.widgets.signature_panel import SignaturePanel, attach_signature_panel
from tests.client.conftest import CHAIR, SigningKit


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> SigningKit:
    return SigningKit.create(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def signed(kit: SigningKit) -> bytes:
    return asyncio.run(kit.seal_it(asyncio.run(kit.sign(kit.decision_pdf()))))


@pytest.fixture
def vm(qapp: QApplication, kit: SigningKit) -> Iterator[SignaturesViewModel]:
    model = SignaturesViewModel(kit.trust_roots, kit.crls())
    yield model
    model.wait_idle()
    model.deleteLater()


def checked(qtbot: QtBot, vm: SignaturesViewModel, pdf: bytes) -> list:
    with qtbot.waitSignal(vm.signatures_validated, timeout=30_000) as blocker:
        vm.check(pdf)
        assert vm.state == "checking"  # the answer comes later, from the worker
    return blocker.args[0]


def test_panel_lists_every_signature_of_a_signed_decision(
    qtbot: QtBot, vm: SignaturesViewModel, signed: bytes
) -> None:
    panel = SignaturePanel(vm)
    qtbot.addWidget(panel)
    signatures = checked(qtbot, vm, signed)
    assert len(signatures) == 3
    rows = panel.rows()
    chair, seal, stamp = rows
    assert chair[0] == f"{CHAIR} — Thủ tướng" and chair[1] == "Chính phủ"
    assert chair[2].endswith("+07:00") and "clock" not in chair[2]
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d \+07:00", chair[2]), chair[2]
    assert chair[3] == "✓" and chair[4] == "✓ Trusted"
    assert chair[5] == "Revision 2; later changes are allowed ones" and chair[6] == "2"
    assert seal[0] == "Văn phòng Chính phủ (Organisation seal)"
    assert stamp[0].endswith("(Document timestamp)")
    assert panel.badge.text() == "✓ Digitally signed, valid"
    panel.table.selectRow(1)
    details = panel.details.text()
    assert details.startswith("Organisation seal by Văn phòng Chính phủ: valid.")
    assert "(trusted timestamp)" in details and "Intact. Trusted." in details
    assert details.endswith("Long-term validation data is embedded (PAdES B-LTA).")


def test_badge_for_altered_unsigned_and_unreadable_files(
    qtbot: QtBot, vm: SignaturesViewModel, kit: SigningKit, signed: bytes
) -> None:
    panel = SignaturePanel(vm)
    qtbot.addWidget(panel)
    data = bytearray(signed)
    at = signed.index(b"stream", len(signed) // 10) + 40
    data[at] ^= 1
    checked(qtbot, vm, bytes(data))
    assert vm.state == "invalid" and panel.badge.text() == "✗ Signature not valid"
    assert all(row[3].startswith("✗") for row in panel.rows())
    checked(qtbot, vm, kit.decision_pdf())
    assert vm.state == "unsigned" and panel.badge.text() == "Not signed"
    assert panel.rows() == [] and panel.details.text() == "This document has no signature."
    with qtbot.waitSignal(vm.validation_failed, timeout=30_000) as failed:
        vm.check(b"%PDF-1.7 this is not really a PDF")
    assert "not a readable PDF" in failed.args[0]
    assert panel.message.isVisibleTo(panel) and vm.state == "unknown"


def test_a_newer_document_wins(
    qtbot: QtBot, vm: SignaturesViewModel, kit: SigningKit, signed: bytes
) -> None:
    results: list[list] = []
    vm.signatures_validated.connect(results.append)
    vm.check(signed)
    with qtbot.waitSignal(vm.signatures_validated, timeout=30_000):
        vm.check(kit.decision_pdf())
    vm.wait_idle()
    qtbot.wait(50)
    assert results == [[]]  # the signed file's result came too late and was dropped
    assert vm.state == "unsigned"


def test_attached_to_the_document_viewer(
    qtbot: QtBot, vm: SignaturesViewModel, signed: bytes
) -> None:
    document = DocumentViewModel()
    try:
        viewer = DocumentViewer(document)
        qtbot.addWidget(viewer)
        attached = attach_signature_panel(viewer, vm)
        viewer.show()
        assert attached.badge.text() == "Not signed"
        assert not attached.panel.isVisible()
        checked(qtbot, vm, signed)
        assert attached.badge.text() == "✓ Digitally signed, valid"
        attached.badge.click()
        assert attached.panel.isVisible() and attached.action.isChecked()
        assert attached.action.shortcut().toString() == "Ctrl+Shift+G"
        attached.action.trigger()
        assert not attached.panel.isVisible()
    finally:
        document.shutdown()


def test_badge_speaks_vietnamese(
    qtbot: QtBot, vm: SignaturesViewModel, signed: bytes, tmp_path: Path
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_translator(app, "vi")
    try:
        panel = SignaturePanel(vm)
        qtbot.addWidget(panel)
        assert panel.badge.text() == "Chưa ký"
        checked(qtbot, vm, signed)
        assert panel.badge.text() == "✓ Đã ký số hợp lệ"
    finally:
        install_translator(app, "en")
