"""The document viewer draws what a signed decision shows on paper: the signer's blue
signature image and the organisation's red seal (signature fields are widget
annotations, which PDFium leaves out unless the document's forms are set up)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from desktop.viewmodels.document import DocumentViewModel
from desktop.widgets.document_viewer import DocumentViewer
from tests.client.conftest import SigningKit
from tests.desktop.test_document_viewer import shown


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    """(the unsigned decision, the same signed by the chair and sealed)."""
    kit = SigningKit.create(tmp_path_factory.mktemp("pki"))
    pdf = kit.decision_pdf()
    return pdf, asyncio.run(kit.seal_it(asyncio.run(kit.sign(pdf))))


@pytest.fixture
def viewer(qtbot: QtBot) -> Iterator[DocumentViewer]:
    vm = DocumentViewModel()
    widget = DocumentViewer(vm)
    qtbot.addWidget(widget)
    widget.resize(1000, 900)
    widget.show()
    yield widget
    vm.shutdown()


def inked(image: QImage) -> tuple[int, int]:
    """(blue pixels, red pixels), sampled on a grid."""
    blue = red = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = QColor(image.pixel(x, y))
            blue += c.blue() > 140 and c.red() < 90 and c.green() < 110
            red += c.red() > 170 and c.green() < 90 and c.blue() < 90
    return blue, red


def last_page(qtbot: QtBot, viewer: DocumentViewer, data: bytes) -> QImage:
    with qtbot.waitSignal(viewer.vm.page_rendered, timeout=15_000):
        viewer.vm.open(data, version_id=None, title="Nghị quyết")
    shown(qtbot, viewer, 1)
    viewer.vm.go_to(viewer.vm.page_count)
    shown(qtbot, viewer, viewer.vm.page_count)
    return viewer.canvas.grab().toImage()


def test_the_signature_and_the_seal_are_drawn(
    qtbot: QtBot, viewer: DocumentViewer, issued: tuple[bytes, bytes]
) -> None:
    unsigned, signed = issued
    assert inked(last_page(qtbot, viewer, unsigned)) == (0, 0)
    blue, red = inked(last_page(qtbot, viewer, signed))
    assert blue > 50, "the signer's blue signature image is missing"
    assert red > 50, "the organisation's red seal is missing"
