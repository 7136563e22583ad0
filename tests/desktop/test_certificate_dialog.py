"""My certificate dialog and the first-use trust dialog, on real view models against a
live server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from cryptography import x509
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from desktop.client import Client, keys, tokens
from desktop.client.trust import ServerIdentity, TrustStore
from desktop.viewmodels.certificates import CertificateViewModel, TrustViewModel
from desktop.viewmodels.signing_keys import PKCS11, KeySourceStore
from desktop.widgets.certificate_dialog import CertificateDialog, TrustDialog
from desktop.widgets.token_panel import NEW_KEY
from server.domain.pki import Pki
from tests.client.test_pkcs11 import LIB, PIN, softhsm_token
from tests.desktop.test_meeting_room import until
from tests.integration.conftest import LiveServer, live  # noqa: F401
from tests.server.test_pki import png

STRONG = "Hà Nội mùa thu 2026"


@pytest.fixture
async def member(live: LiveServer) -> AsyncIterator[Client]:  # noqa: F811
    live.domain.user("thanhvien", ["member"], full_name="Trương Hòa Bình")
    async with live.client("thanhvien") as client:
        yield client


def dialog_for(client: Client, qtbot: QtBot, tmp_path: Path) -> CertificateDialog:
    vm = CertificateViewModel(client, asyncio.ensure_future, key_path=tmp_path / "my.p12")
    dialog = CertificateDialog(vm)
    qtbot.addWidget(dialog)
    return dialog


async def test_create_a_key_and_see_the_certificate(
    member: Client, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = dialog_for(member, qtbot, tmp_path)
    await until(lambda: "No certificate" in dialog.subject.text())
    assert not dialog.create_button.isEnabled()
    dialog.passphrase.setText("ngắn")
    assert "at least" in dialog.strength.text() and not dialog.create_button.isEnabled()
    dialog.passphrase.setText(STRONG)
    dialog.passphrase_again.setText(STRONG + "x")
    assert dialog.strength.text() == "The two passphrases differ."
    dialog.passphrase_again.setText(STRONG)
    assert dialog.strength.text() == "Good passphrase." and dialog.create_button.isEnabled()
    dialog.create_button.click()
    await until(lambda: dialog.status.text() == "Valid")
    # Read as a person reads it: the name first, no attribute codes or dotted numbers.
    assert dialog.subject.text().startswith("Trương Hòa Bình · ")
    assert "=" not in dialog.subject.text() and "=" not in dialog.issuer.text()
    assert "CA" in dialog.issuer.text() and "+07:00" in dialog.validity.text()
    assert "Certificate issued" in dialog.message.text() and dialog.passphrase.text() == ""
    cert = keys.read_certificate(tmp_path / "my.p12", STRONG)
    assert dialog.serial.text() == str(cert.serial_number)


async def test_upload_a_signature_image_and_refuse_a_bad_one(
    member: Client, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = dialog_for(member, qtbot, tmp_path)
    await until(lambda: dialog.preview.text() == "No signature image")
    good, bad = tmp_path / "chu-ky.png", tmp_path / "anh.jpg"
    good.write_bytes(png())
    bad.write_bytes(b"\xff\xd8\xff\xe0 not a png")
    chosen = iter([str(bad), str(good)])
    monkeypatch.setattr(dialog, "_choose_file", lambda: next(chosen))
    dialog.choose_button.click()
    await until(lambda: "PNG" in dialog.message.text())
    assert dialog.preview.pixmap().isNull()
    dialog.choose_action.trigger()
    await until(lambda: not dialog.preview.pixmap().isNull())
    assert await keys.get_signature_image(member) == png()


async def test_a_guest_is_told_why_no_certificate(
    live: LiveServer,  # noqa: F811
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    live.domain.user("khach", ["guest"])
    async with live.client("khach") as guest:
        dialog = dialog_for(guest, qtbot, tmp_path)
        dialog.passphrase.setText(STRONG)
        dialog.passphrase_again.setText(STRONG)
        dialog.create_button.click()
        await until(lambda: "certificate.request" in dialog.message.text())
        assert not (tmp_path / "my.p12").exists()
        assert dialog.create_button.isEnabled(), "not stuck busy"


async def test_a_key_on_a_usb_token(
    member: Client, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not Path(LIB).exists():
        pytest.skip("SoftHSM2 is not installed")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    token = softhsm_token()
    settings = QSettings(str(tmp_path / "ecabinet.ini"), QSettings.Format.IniFormat)
    vm = CertificateViewModel(
        member, asyncio.ensure_future, key_path=tmp_path / "my.p12", settings=settings
    )
    dialog = CertificateDialog(vm)
    qtbot.addWidget(dialog)
    panel = dialog.token
    assert not panel.isVisibleTo(dialog) and dialog.file_group.isVisibleTo(dialog)
    dialog.source_combo.setCurrentIndex(dialog.source_combo.findData(PKCS11))
    assert panel.isVisibleTo(dialog) and not dialog.file_group.isVisibleTo(dialog)
    panel.token_module.setCurrentIndex(panel.token_module.findData(LIB))
    await until(lambda: panel.token_label.findData(token) >= 0)
    panel.token_label.setCurrentIndex(panel.token_label.findData(token))
    assert panel.token_keys.currentData() == NEW_KEY and panel.token_key.isEnabled()
    panel.token_pin.setText("000000")
    panel.token_key.setText("dialog-key")
    panel.token_button.click()
    await until(lambda: "PIN" in dialog.message.text())
    assert not vm.source.uses_token, "nothing remembered after a wrong PIN"
    panel.token_pin.setText(PIN)
    panel.token_button.click()
    await until(lambda: dialog.status.text() == "Valid")
    assert f"token:{token}/dialog-key" in dialog.message.text()
    assert f"token:{token}/dialog-key" in dialog.source_where.text()
    remembered = KeySourceStore(settings).load("thanhvien")
    assert remembered.uses_token and remembered.module == LIB and remembered.key_id
    assert (remembered.token_label, remembered.key_label) == (token, "dialog-key")
    signer = tokens.pkcs11_signer(LIB, token, PIN, "dialog-key")
    try:
        subject = signer.signing_cert.subject.native
    finally:
        tokens.close_signer(signer)
    assert subject["common_name"] == "Trương Hòa Bình"

    # Opened again, the dialog shows the token; the keys on it name their certificate.
    again = CertificateDialog(
        CertificateViewModel(member, asyncio.ensure_future, settings=settings)
    )
    qtbot.addWidget(again)
    assert again.source_combo.currentData() == PKCS11
    await until(lambda: again.token.token_label.currentData() == token)
    again.token.token_pin.setText(PIN)
    again.token.read_keys_button.click()
    await until(lambda: again.token.token_keys.count() > 1)
    chosen = again.token.token_keys.currentText()
    assert chosen.startswith("dialog-key") and "Trương Hòa Bình" in chosen
    assert not again.token.token_key.isEnabled()


def test_first_use_trust_pins_only_when_accepted(qtbot: QtBot, tmp_path: Path) -> None:
    ca = Pki.open(tmp_path / "pki").ca_certificate
    identity = ServerIdentity("127.0.0.1", 8765, (ca,))
    store = TrustStore(tmp_path / "trust")
    vm = TrustViewModel(identity, store)
    decisions: list[bool] = []
    vm.decided.connect(decisions.append)
    refused = TrustDialog(vm)
    qtbot.addWidget(refused)
    assert refused.fingerprint.text() == identity.ca_fingerprint
    assert "127.0.0.1:8765" in refused.findChild(type(refused.fingerprint), "trust_intro").text()
    refused.refuse_button.click()
    assert decisions == [False] and store.pinned("127.0.0.1", 8765) is None
    accepted = TrustDialog(vm)
    qtbot.addWidget(accepted)
    accepted.accept_button.click()
    assert decisions == [False, True]
    pinned = store.pinned("127.0.0.1", 8765)
    assert pinned is not None and x509.load_pem_x509_certificate(pinned) == ca
