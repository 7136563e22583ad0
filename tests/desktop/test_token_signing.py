"""Signing with a USB token (SoftHSM2) from the desktop app against a live server: the
signing dialog asks for the token PIN, a wrong PIN is refused and sends nothing, the
signature validates and names the signer; an absent token or driver is explained; a key
certified by another CA gets the organisation's certificate from a CSR signed on the
token; an opinion-poll answer is signed with the token too."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
import uuid
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import install_translator
from desktop.client import Client, ballots, keys, signatures, token_certificates, tokens
from desktop.client import decisions as flow
from desktop.client.signing_keys import (
    NoCertificate,
    opened_signer,
    token_certificate_path,
    use_token_key,
)
from desktop.viewmodels.certificates import CertificateViewModel
from desktop.viewmodels.consultations import ConsultationsViewModel
from desktop.viewmodels.decisions import DecisionsViewModel
from desktop.viewmodels.signing_keys import (
    PKCS11,
    PKCS12,
    KeySource,
    KeySourceStore,
    KeyUnusable,
    SigningKeys,
    source_label,
)
from desktop.widgets.certificate_dialog import CertificateDialog
from desktop.widgets.decisions_panel import DecisionsPanel
from desktop.widgets.signing_dialog import SigningDialog
from protocol import consultations as pc
from protocol.decisions import DecisionState
from protocol.signatures import SignatureInfo
from server.demo_documents import make_pdf
from tests.client.test_pkcs11 import LIB, PIN, softhsm_token
from tests.desktop.test_meeting_room import until
from tests.integration.conftest import LiveServer, live  # noqa: F401
from tests.integration.test_decision_signing import _prepare, _setup
from tests.server.test_decisions import BLUE

pytestmark = pytest.mark.skipif(
    not Path(LIB).exists() or shutil.which("softhsm2-util") is None,
    reason="SoftHSM2 is not installed (Debian package softhsm2)",
)

CHAIR = "Phạm Minh Chính"


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> QSettings:
    """The app's settings in a temporary file; key folders under ``tmp_path`` too."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return QSettings(str(tmp_path / "ecabinet.ini"), QSettings.Format.IniFormat)


def token_source(label: str) -> KeySource:
    return KeySource(
        PKCS11, module=LIB, token_label=softhsm_token(), key_label=f"{label}-{uuid.uuid4().hex[:6]}"
    )


async def validated(reader: Client, decision_id: int) -> list[SignatureInfo]:
    pdf = await flow.download(reader, decision_id)
    info = await keys.pki_info(reader)
    return await signatures.async_validate(
        pdf, trust_roots=[info.ca_pem.encode()], crls=[info.crl_der]
    )


async def test_the_chair_signs_with_the_token_pin_and_a_wrong_pin_sends_nothing(
    live: LiveServer,  # noqa: F811
    qtbot: QtBot,
    tmp_path: Path,
    settings: QSettings,
) -> None:
    _, version_id = await _setup(live, tmp_path)
    async with live.client("thuky") as sec, live.client("thutuong") as chair:
        assert chair.user is not None
        used = await use_token_key(chair, token_source("chair"), PIN, new_key=True)
        assert used.requested and used.stored == "token" and used.source.key_id
        again = await use_token_key(chair, used.source, PIN)  # already certified: kept
        assert not again.requested and again.certificate == used.certificate
        KeySourceStore(settings).save("thutuong", used.source)
        await keys.set_signature_image(chair, BLUE)
        prepared = await _prepare(sec, version_id, chair.user.id)

        panel = DecisionsPanel(DecisionsViewModel(chair, asyncio.ensure_future, settings=settings))
        qtbot.addWidget(panel)
        await until(lambda: panel.table.rowCount() == 1)
        panel.sign_action.trigger()
        dialog = panel.dialog
        assert isinstance(dialog, SigningDialog) and dialog.isVisible()
        # The dialog asks for the token's PIN, not a passphrase, and names the token and key.
        assert dialog.uses_token and dialog.secret_label.text() == "Token PIN:"
        assert dialog.passphrase.objectName() == "pin"
        assert used.source.token_label in dialog.key_label.text()
        assert used.source.key_label in dialog.key_label.text()

        dialog.passphrase.setText("000000")
        dialog.ok_button.click()
        await until(lambda: "PIN" in dialog.message.text())
        assert dialog.message.text().startswith("Wrong PIN")
        assert dialog.isVisible() and dialog.ok_button.isEnabled()
        unchanged = await flow.get(sec, prepared.decision_id)
        assert unchanged.state is DecisionState.AWAITING_SIGNATURE
        assert unchanged.sha256 == prepared.sha256 and len(unchanged.revisions) == 1

        dialog.passphrase.setText(PIN)
        dialog.ok_button.click()
        await until(lambda: not dialog.isVisible(), timeout=30)
        assert (await flow.get(sec, prepared.decision_id)).state is DecisionState.AWAITING_SEAL
        found = await validated(sec, prepared.decision_id)
        assert found[0].kind == "signature" and found[0].valid, found[0]
        assert found[0].signer_name == CHAIR


async def test_an_absent_token_or_driver_is_explained_and_nothing_is_sent(
    live: LiveServer,  # noqa: F811
    qtbot: QtBot,
    tmp_path: Path,
    settings: QSettings,
) -> None:
    _, version_id = await _setup(live, tmp_path)
    async with live.client("thuky") as sec, live.client("thutuong") as chair:
        assert chair.user is not None
        prepared = await _prepare(sec, version_id, chair.user.id)
        store = KeySourceStore(settings)
        vm = DecisionsViewModel(chair, asyncio.ensure_future, settings=settings)
        failures: list[str] = []
        vm.failed.connect(failures.append)

        store.save("thutuong", KeySource(PKCS11, module=LIB, token_label="rút", key_label="k"))
        vm.sign(prepared.decision_id, PIN)
        await until(lambda: bool(failures))
        assert "(rút) is not plugged in" in failures[-1] and not vm.busy

        missing = "/usr/lib/khong-co/libtoken.so"
        store.save("thutuong", KeySource(PKCS11, module=missing, token_label="VNPT-CA"))
        vm.sign(prepared.decision_id, PIN)
        await until(lambda: len(failures) == 2)
        assert missing in failures[-1] and "not installed" in failures[-1]

        vm.sign(prepared.decision_id, "")
        assert failures[-1] == "Enter the PIN of your USB token."
        after = await flow.get(sec, prepared.decision_id)
        assert after.state is DecisionState.AWAITING_SIGNATURE and len(after.revisions) == 1


def _foreign_certificate(session: object, key_label: str, key_id: bytes) -> None:
    """An RSA key on the token with a certificate from a commercial CA (not ours)."""
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass

    public, _private = session.generate_keypair(  # type: ignore[attr-defined]
        KeyType.RSA, 2048, store=True, label=key_label, id=key_id
    )
    numbers = rsa.RSAPublicNumbers(
        int.from_bytes(public[Attribute.PUBLIC_EXPONENT], "big"),
        int.from_bytes(public[Attribute.MODULUS], "big"),
    )
    other_ca = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, CHAIR)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "VNPT-CA thử")]))
        .public_key(numbers.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .sign(other_ca, hashes.SHA256())
    )
    session.create_object(  # type: ignore[attr-defined]
        {
            Attribute.CLASS: ObjectClass.CERTIFICATE,
            Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
            Attribute.TOKEN: True,
            Attribute.LABEL: key_label,
            Attribute.ID: key_id,
            Attribute.SUBJECT: cert.subject.public_bytes(),
            Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
        }
    )


async def test_a_key_certified_by_another_ca_gets_the_organisation_certificate(
    live: LiveServer,  # noqa: F811
    qtbot: QtBot,
    tmp_path: Path,
    settings: QSettings,
) -> None:
    _, version_id = await _setup(live, tmp_path)
    token, label = softhsm_token(), f"vnpt-{uuid.uuid4().hex[:6]}"
    with tokens.token_session(LIB, token, PIN) as session:
        _foreign_certificate(session, label, uuid.uuid4().bytes[:8])
    async with live.client("thuky") as sec, live.client("thutuong") as chair:
        assert chair.user is not None
        vm = CertificateViewModel(chair, asyncio.ensure_future, settings=settings)
        dialog = CertificateDialog(vm)
        qtbot.addWidget(dialog)
        dialog.source_combo.setCurrentIndex(dialog.source_combo.findData(PKCS11))
        panel = dialog.token
        panel.token_module.setCurrentIndex(panel.token_module.findData(LIB))
        await until(lambda: panel.token_label.findData(token) >= 0)
        panel.token_label.setCurrentIndex(panel.token_label.findData(token))
        panel.token_pin.setText(PIN)
        panel.read_keys_button.click()
        await until(
            lambda: panel.token_keys.findText(label, flags=Qt.MatchFlag.MatchStartsWith) >= 0
        )
        index = panel.token_keys.findText(label, flags=Qt.MatchFlag.MatchStartsWith)
        assert "another CA" in panel.token_keys.itemText(index)
        assert "VNPT-CA thử" in panel.token_keys.itemText(index)
        panel.token_keys.setCurrentIndex(index)
        panel.token_button.click()
        await until(lambda: "Certificate issued" in dialog.message.text(), timeout=30)
        assert vm.source.uses_token and vm.source.key_label == label

        # The key now signs a decision; the signature names the chair.
        await keys.set_signature_image(chair, BLUE)
        prepared = await _prepare(sec, version_id, chair.user.id)
        signer_vm = DecisionsViewModel(chair, asyncio.ensure_future, settings=settings)
        signed: list[int] = []
        signer_vm.signed.connect(signed.append)
        signer_vm.sign(prepared.decision_id, PIN)
        await until(lambda: bool(signed), timeout=30)
        found = await validated(sec, prepared.decision_id)
        assert found[0].valid and found[0].signer_name == CHAIR


async def test_an_opinion_poll_answer_signed_with_the_token(
    live: LiveServer,  # noqa: F811
    qtbot: QtBot,
    tmp_path: Path,
    settings: QSettings,
) -> None:
    d = live.domain
    d.user("thuky", ["secretariat"], full_name="Trần Thị Thư")
    d.user("chutri", ["chair"], full_name="Lê Minh Chính")
    d.user("bokhdt", ["member"], full_name="Phạm Quốc Hưng")
    async with live.client("thuky") as sec, live.client("bokhdt") as member:
        used = await use_token_key(member, token_source("hung"), PIN, new_key=True)
        KeySourceStore(settings).save("bokhdt", used.source)
        deadline = dt.datetime.now(pc.VN_TZ) + dt.timedelta(days=2)
        cid = await ballots.create(sec, "Dự thảo Nghị định", "Đồng ý?", deadline)
        pdf = make_pdf("Dự thảo Nghị định", ["Điều 1."], 1)
        await ballots.attach_pdf(sec, cid, pdf, "du-thao.pdf")
        await ballots.send(sec, cid)

        vm = ConsultationsViewModel(member, asyncio.ensure_future, settings=settings)
        assert vm.secret_prompt() == f"PIN of your USB token ({used.source.token_label}):"
        errors: list[str] = []
        sent: list[int] = []
        vm.error_occurred.connect(errors.append)
        vm.answer_sent.connect(sent.append)
        vm.select(cid)
        await until(lambda: vm.detail is not None)
        vm.answer("agree", "", "000000")
        await until(lambda: bool(errors))
        assert errors[-1].startswith("Wrong PIN")
        assert not (await ballots.get_consultation(sec, cid)).answers
        vm.answer("agree", "", PIN)
        await until(lambda: bool(sent), timeout=30)
        answers = (await ballots.get_consultation(sec, cid)).answers
        assert [(a.full_name, a.choice) for a in answers] == [("Phạm Quốc Hưng", pc.Answer.AGREE)]


async def test_a_certificate_kept_beside_the_token_is_used_and_one_is_required(
    live: LiveServer,  # noqa: F811
    settings: QSettings,
) -> None:
    live.domain.user("bokhdt", ["member"], full_name="Phạm Quốc Hưng")
    async with live.client("bokhdt") as member:
        source = token_source("beside")
        with tokens.token_session(LIB, source.token_label, PIN) as session:
            key_id, csr = token_certificates.new_key_on(session, source.key_label, "Phạm Quốc Hưng")
        source = replace(source, key_id=key_id)
        with pytest.raises(NoCertificate):
            async with opened_signer(member, source, PIN):
                pass
        issued = await keys.request_certificate(member, csr)
        beside = token_certificate_path("bokhdt", source)
        beside.parent.mkdir(parents=True)
        beside.write_text(issued.certificate_pem)
        async with opened_signer(member, source, PIN) as signer:
            assert signer.signing_cert.subject.native["common_name"] == "Phạm Quốc Hưng"
            assert await ballots.sign_ballot(signer, b"phieu")


def test_the_key_source_is_remembered_per_user(settings: QSettings) -> None:
    store = KeySourceStore(settings)
    assert store.load("thutuong") == KeySource()  # a key file, by default
    source = KeySource(PKCS11, module=LIB, token_label="VNPT-CA", key_label="k", key_id="0a1b")
    store.save("thutuong", source)
    assert KeySourceStore(settings).load("thutuong") == source
    assert KeySourceStore(settings).load("botruong") == KeySource()
    assert KeySourceStore(settings).load("thutuong", "seal") == KeySource()


def test_signing_keys_say_what_to_ask_for(settings: QSettings) -> None:
    class Offline:
        user = None

    keys_ = SigningKeys(Offline(), settings)  # type: ignore[arg-type]
    assert keys_.secret_label() == "Passphrase:" and not keys_.uses_token()
    token = KeySource(PKCS11, module=LIB, token_label="VNPT-CA", key_label="chu-ky")
    KeySourceStore(settings).save("default", token)
    assert keys_.uses_token() and keys_.secret_label() == "Token PIN:"
    assert keys_.where() == "VNPT-CA, key chu-ky" and keys_.where_label() == "USB token:"
    assert keys_.missing_secret() == "Enter the PIN of your USB token."


async def test_in_vietnamese_a_wrong_pin_reads_ma_pin_khong_dung(
    qapp: QApplication, tmp_path: Path, settings: QSettings
) -> None:
    offline = SimpleNamespace(user=SimpleNamespace(username="vi"))
    install_translator(qapp, "vi", build_dir=tmp_path / "i18n")
    try:
        assert source_label(PKCS12) == "Tệp khóa (PKCS#12)"
        assert source_label(PKCS11) == "Thiết bị ký số USB (PKCS#11)"
        signing = SigningKeys(offline, settings)  # type: ignore[arg-type]
        KeySourceStore(settings).save("vi", token_source("vi"))
        assert signing.secret_label() == "Mã PIN:"
        with pytest.raises(KeyUnusable, match=r"^Mã PIN không đúng"):
            async with signing.opened("000000"):
                pass
    finally:
        install_translator(qapp, "en")
