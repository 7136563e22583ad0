"""The signature panel on a signature whose certificate was revoked after signing: the
timestamp proves it was made before, so it stays valid and the panel says what
happened since."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.client.signing import CallbackTimeStamper
from desktop.viewmodels.signatures import SignaturesViewModel
from desktop.widgets.signature_panel import SignaturePanel
from server.domain import tsa
from tests.client.conftest import SigningKit, make_signer, new_csr


def _signed_then_revoked(kit: SigningKit) -> bytes:
    key, csr = new_csr()
    cert = kit.pki.issue_user(csr, full_name="Hồ Đức Phớc", position="Phó Thủ tướng", unit="")

    async def post(request: bytes) -> bytes:  # two minutes ago (the certificate is older)
        return tsa.stamp(kit.pki, request, now=datetime.now(UTC) - timedelta(minutes=2))

    async def sign() -> bytes:
        out = await signers.async_sign_pdf(
            IncrementalPdfFileWriter(BytesIO(kit.decision_pdf())),
            signers.PdfSignatureMetadata(
                field_name="member", subfilter=fields.SigSeedSubFilter.PADES
            ),
            signer=make_signer(key, cert, kit.pki.ca_certificate),
            timestamper=CallbackTimeStamper(post),
        )
        return out.getvalue()

    signed = asyncio.run(sign())
    kit.pki.revoke(cert.serial_number, "superseded")
    return signed


def test_a_certificate_revoked_after_signing_is_shown_as_such(
    qtbot: QtBot, qapp: QApplication, tmp_path_factory: pytest.TempPathFactory
) -> None:
    kit = SigningKit.create(tmp_path_factory.mktemp("pki"))
    pdf = _signed_then_revoked(kit)
    vm = SignaturesViewModel(kit.trust_roots, kit.crls())
    panel = SignaturePanel(vm)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(vm.signatures_validated, timeout=30_000):
        vm.check(pdf)
    ((signer, _unit, _time, intact, trust, _coverage, _revision),) = panel.rows()
    assert signer == "Hồ Đức Phớc — Phó Thủ tướng" and intact == "✓"
    assert trust == "✓ Trusted (certificate revoked since)"
    assert vm.state == "valid" and panel.badge.text() == "✓ Digitally signed, valid"
    assert "certificate revoked after signing" in vm.signatures[0].summary
    vm.wait_idle()
    vm.deleteLater()
