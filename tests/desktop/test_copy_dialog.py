"""The copy dialog on a real view model against a live server: the pages field is offered
only for an extract copy (TRÍCH SAO) and refuses a range that does not read well; a page
the document does not have comes back from the server and changes nothing; the chosen
page becomes a one-page copy sealed by the clerk."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from desktop.client import decisions as flow
from desktop.client import keys
from desktop.widgets.copy_dialog import CopyDialog
from protocol.decisions import CopyType, DecisionKind, DecisionState
from tests.desktop.test_decisions_panel import keys_and_decision, panel_for
from tests.desktop.test_meeting_room import until
from tests.integration.conftest import LiveServer, live  # noqa: F401
from tests.integration.test_decision_signing import PASSPHRASE, _setup


def choose(dialog: CopyDialog, copy_type: CopyType) -> None:
    dialog.copy_type.setCurrentIndex(dialog.copy_type.findData(str(copy_type)))


async def test_the_pages_of_an_extract_copy(
    live: LiveServer,  # noqa: F811
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    mid, version_id = await _setup(live, tmp_path)  # a two-page document
    async with (
        live.client("thuky") as sec,
        live.client("thutuong") as chair,
        live.client("vanthu") as clerk,
    ):
        chair_key, seal_key, prepared = await keys_and_decision(
            sec, chair, clerk, version_id, tmp_path
        )
        await flow.sign(chair, prepared.decision_id, keys.load_signer(chair_key, PASSPHRASE))
        await flow.seal(clerk, prepared.decision_id, keys.load_signer(seal_key, PASSPHRASE))

        panel = panel_for(clerk, qtbot, {"seal": seal_key}, meeting_id=mid)
        await until(lambda: panel.table.rowCount() == 1 and panel.copy_action.isEnabled())
        panel.copy_action.trigger()
        dialog = panel.dialog
        assert isinstance(dialog, CopyDialog) and dialog.isVisible()

        # A true copy holds the whole document: no pages to choose.
        choose(dialog, CopyType.SAO_Y)
        assert not dialog.copy_pages.isEnabled() and dialog.ok_button.isEnabled()
        assert dialog.pages_hint.isHidden()

        # An extract copy: the pages are asked for, and only a readable range is taken.
        choose(dialog, CopyType.TRICH_SAO)
        assert dialog.copy_pages.isEnabled() and not dialog.ok_button.isEnabled()
        assert "1-2,5" in dialog.pages_hint.text()
        for bad in ("0", "2-1", "một"):
            dialog.copy_pages.setText(bad)
            assert not dialog.ok_button.isEnabled(), bad
            assert dialog.pages_hint.isVisibleTo(dialog) and dialog.pages_hint.text()
        dialog.copy_pages.setText("1-3")  # reads well, but the document has two pages
        assert dialog.ok_button.isEnabled() and dialog.pages_hint.isHidden()
        dialog.passphrase.setText(PASSPHRASE)
        dialog.ok_button.click()
        await until(lambda: "has 2 page(s)" in dialog.message.text(), timeout=30)
        assert dialog.isVisible() and dialog.ok_button.isEnabled()
        assert len(await flow.list_decisions(sec, mid)) == 1, "nothing was copied"

        choose(dialog, CopyType.SAO_Y)  # the range is kept but not asked for
        assert not dialog.copy_pages.isEnabled() and dialog.ok_button.isEnabled()
        choose(dialog, CopyType.TRICH_SAO)
        dialog.copy_pages.setText("2")
        dialog.passphrase.setText(PASSPHRASE)
        dialog.ok_button.click()
        await until(lambda: not dialog.isVisible(), timeout=60)

        copies = [d for d in await flow.list_decisions(sec, mid) if d.kind is DecisionKind.COPY]
        assert len(copies) == 1 and copies[0].copy_type is CopyType.TRICH_SAO
        assert copies[0].state is DecisionState.ISSUED and "trang 2" in copies[0].title
        pdf = await flow.download(sec, copies[0].decision_id)
        pages = PdfReader(io.BytesIO(pdf)).pages
        assert len(pages) == 1
        text = pages[0].extract_text()
        assert "TRÍCH SAO" in text and "Trang 2/2" in text
