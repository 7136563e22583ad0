"""The decisions panel and the signing dialog on real view models against a live server:
the chair signs (a wrong passphrase first changes nothing), the clerk seals, a member is
offered neither."""

from __future__ import annotations

import asyncio
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.client import Client, keys
from desktop.client import decisions as flow
from desktop.viewmodels.decisions import DecisionsViewModel
from desktop.widgets.decisions_panel import DecisionsPanel
from desktop.widgets.signing_dialog import SigningDialog
from protocol import pki as pk
from protocol.decisions import DecisionInfo, DecisionState
from tests.desktop.test_meeting_room import until
from tests.integration.conftest import LiveServer, live  # noqa: F401
from tests.integration.test_decision_signing import PASSPHRASE, _prepare, _setup
from tests.server.test_decisions import BLUE, RED


def panel_for(
    client: Client, qtbot: QtBot, keys_at: dict[str, Path], meeting_id: int | None = None
) -> DecisionsPanel:
    vm = DecisionsViewModel(client, asyncio.ensure_future, meeting_id=meeting_id, key_paths=keys_at)
    panel = DecisionsPanel(vm)
    qtbot.addWidget(panel)
    return panel


async def keys_and_decision(
    sec: Client, chair: Client, clerk: Client, version_id: int, tmp_path: Path
) -> tuple[Path, Path, DecisionInfo]:
    """The chair's signing key and the clerk's seal key (PKCS#12 files in ``tmp_path``,
    with their images) and a decision of ``version_id`` prepared for the chair to sign."""
    assert chair.user is not None
    chair_key, seal_key = tmp_path / "chair.p12", tmp_path / "seal.p12"
    await keys.create_pkcs12_identity(chair, chair_key, PASSPHRASE)
    await keys.create_pkcs12_identity(clerk, seal_key, PASSPHRASE, kind="seal")
    await keys.set_signature_image(chair, BLUE)
    await clerk.call(pk.SealSetImage, png=RED)
    return chair_key, seal_key, await _prepare(sec, version_id, chair.user.id)


async def test_chair_signs_clerk_seals_member_sees_no_action(
    live: LiveServer,  # noqa: F811
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    mid, version_id = await _setup(live, tmp_path)
    async with (
        live.client("thuky") as sec,
        live.client("thutuong") as chair,
        live.client("vanthu") as clerk,
        live.client("botruong") as member,
    ):
        chair_key, seal_key, prepared = await keys_and_decision(
            sec, chair, clerk, version_id, tmp_path
        )

        # The chair: the decision waits for them; Sign is offered, Seal is not.
        panel = panel_for(chair, qtbot, {"signing": chair_key})
        await until(lambda: panel.table.rowCount() == 1)
        assert panel.table.item(0, 0).text() == "25/NQ-CP"
        assert panel.table.item(0, 3).text() == "Awaiting signature"
        assert panel.sign_action.isEnabled() and panel.buttons["sign_action"].isEnabled()
        assert not panel.seal_action.isEnabled() and not panel.copy_action.isEnabled()
        panel.sign_action.trigger()
        dialog = panel.dialog
        assert isinstance(dialog, SigningDialog) and dialog.isVisible()
        assert dialog.number_label.text() == "25/NQ-CP"
        assert dialog.key_label.text() == str(chair_key)

        dialog.passphrase.setText("sai mật khẩu")
        dialog.ok_button.click()
        await until(lambda: "Wrong passphrase" in dialog.message.text())
        assert dialog.isVisible() and dialog.ok_button.isEnabled()
        assert (await flow.get(sec, prepared.decision_id)).state is DecisionState.AWAITING_SIGNATURE

        steps: list[str] = []
        panel.vm.progress_changed.connect(lambda step, _d, _t: steps.append(step))
        dialog.passphrase.setText(PASSPHRASE)
        dialog.ok_button.click()
        await until(lambda: not dialog.isVisible(), timeout=30)
        assert {"key", "download", "sign", "upload", "submit"} <= set(steps)
        await until(lambda: panel.table.rowCount() == 0)  # no longer waiting for the chair
        assert (await flow.get(sec, prepared.decision_id)).state is DecisionState.AWAITING_SEAL

        # A member looking at the meeting: the decision, but no sign/seal/copy.
        seen = panel_for(member, qtbot, {}, meeting_id=mid)
        await until(lambda: seen.table.rowCount() == 1)
        assert seen.table.item(0, 3).text() == "Awaiting seal"
        assert seen.view_action.isEnabled()
        assert not any(
            a.isEnabled() for a in (seen.sign_action, seen.seal_action, seen.copy_action)
        )

        # The clerk: a missing key file is explained; then the seal.
        office = panel_for(clerk, qtbot, {"seal": tmp_path / "none.p12"})
        await until(lambda: office.table.rowCount() == 1)
        assert office.seal_action.isEnabled() and not office.sign_action.isEnabled()
        office.seal_action.trigger()
        missing = office.dialog
        assert missing is not None
        missing.passphrase.setText(PASSPHRASE)
        missing.ok_button.click()
        await until(lambda: "My certificate" in missing.message.text())
        missing.reject()

        office = panel_for(clerk, qtbot, {"seal": seal_key}, meeting_id=mid)
        await until(lambda: office.table.rowCount() == 1 and office.seal_action.isEnabled())
        office.seal_action.trigger()
        sealing = office.dialog
        assert sealing is not None
        sealing.passphrase.setText(PASSPHRASE)
        sealing.ok_button.click()
        await until(lambda: not sealing.isVisible(), timeout=30)
        await until(lambda: office.table.item(0, 3).text() == "Issued")
        assert office.copy_action.isEnabled() and not office.seal_action.isEnabled()
        assert (await flow.get(member, prepared.decision_id)).state is DecisionState.ISSUED

        got: list[tuple[bytes, str]] = []
        seen.vm.document_ready.connect(lambda data, name: got.append((data, name)))
        seen.refresh_action.trigger()
        await until(lambda: seen.table.item(0, 3).text() == "Issued")
        seen.view_action.trigger()
        await until(lambda: bool(got))
        assert got[0][0].startswith(b"%PDF") and got[0][1].endswith(".pdf")
