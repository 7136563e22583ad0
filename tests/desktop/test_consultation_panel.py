"""The opinion-poll window against a real server: the secretariat creates and sends a
poll, a member opens the document, answers and signs, the secretariat sees the verified
answer, compiles and opens the report; a member's wrong key is refused."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QDialog, QRadioButton

from desktop.viewmodels.consultations import ConsultationsViewModel
from desktop.widgets.consultation_panel import ConsultationWindow, NewConsultationDialog
from protocol import consultations as pc
from server.demo_documents import make_pdf
from server.domain.pki import Pki
from tests.desktop.test_meeting_editor import wait_until
from tests.integration.conftest import LiveServer, live  # noqa: F401
from tests.server.test_consultations import make_signer, set_deadline

TITLE = "Dự thảo Nghị định về quản lý đầu tư công"


def people(live: LiveServer) -> Pki:  # noqa: F811
    d = live.domain
    d.user("thuky", ["secretariat"], full_name="Trần Thị Thư")
    d.user("chutri", ["chair"], full_name="Lê Minh Chính")
    d.user("bokhdt", ["member"], full_name="Phạm Quốc Hưng")
    return Pki.open(d.settings.pki_dir)


def window(qtbot, client, signer=None) -> ConsultationWindow:
    vm = ConsultationsViewModel(client, asyncio.ensure_future, signer_loader=lambda secret: signer)
    w = ConsultationWindow(vm)
    qtbot.addWidget(w)
    vm.refresh()
    return w


def select_first(w: ConsultationWindow) -> None:
    w.poll_list.setCurrentRow(0)


async def test_secretariat_sends_member_signs_secretariat_compiles(
    live: LiveServer,  # noqa: F811
    qtbot,
    tmp_path: Path,
) -> None:
    pki = people(live)
    pdf = tmp_path / "du-thao.pdf"
    pdf.write_bytes(make_pdf(TITLE, ["Điều 1. Phạm vi điều chỉnh."], 2))
    async with live.client("thuky") as sec_client, live.client("bokhdt") as member_client:
        sec = window(qtbot, sec_client)
        member = window(qtbot, member_client, make_signer(pki, "Phạm Quốc Hưng"))
        assert sec.actions_by_name["new"].isVisible() or sec.actions_by_name["new"].isEnabled()
        assert not member.actions_by_name["new"].isVisible()
        assert sec.actions_by_name["new"].shortcut().toString() == "Ctrl+N"

        def filled() -> NewConsultationDialog:
            dialog = NewConsultationDialog(sec)
            dialog.title_edit.setText(TITLE)
            dialog.question_edit.setPlainText("Đồng ý thông qua dự thảo?")
            dialog.add_files([pdf])
            dialog.exec = lambda: QDialog.DialogCode.Accepted  # type: ignore[method-assign]
            return dialog

        sec.new_dialog = filled  # type: ignore[method-assign]
        sec.actions_by_name["new"].trigger()
        await wait_until(lambda: sec.vm.detail is not None and sec.vm.detail.summary.documents)
        assert sec.vm.detail.summary.deadline.endswith("+07:00")
        sec.actions_by_name["send"].trigger()
        await wait_until(lambda: sec.vm.detail.summary.state == pc.ConsultationState.SENT)

        # the member hears of it (a notice) and opens it
        await wait_until(lambda: member.poll_list.count() == 1)
        assert "left" in member.poll_list.item(0).text()
        select_first(member)
        await wait_until(lambda: member.vm.detail is not None)
        assert member.answer_box.isVisibleTo(member) and not member.answers.isVisibleTo(member)
        opened: list[tuple[str, bytes]] = []
        member.vm.document_ready.connect(lambda name, data: opened.append((name, data)))
        member._on_open_clicked()
        await wait_until(lambda: opened)
        assert opened[0] == ("du-thao.pdf", pdf.read_bytes())

        member.findChild(QRadioButton, "choice_disagree").setChecked(True)
        member.sign_button.click()
        assert "comment" in member.status.text(), "asked before the passphrase is"
        member.comment_edit.setPlainText("Đề nghị làm rõ Điều 5.")
        asked: list[bool] = []
        member.ask_secret = lambda: asked.append(True) or "passphrase"  # type: ignore[method-assign]
        member.sign_button.click()
        await wait_until(lambda: "received" in member.status.text())
        assert asked == [True]

        await wait_until(lambda: sec.answers.rowCount() == 1)
        assert sec.answers.item(0, 0).text() == "Phạm Quốc Hưng"
        assert sec.answers.item(0, 2).text() == "Disagree"
        assert sec.answers.item(0, 5).text().startswith("✓")
        assert not sec.actions_by_name["compile"].isEnabled(), "the chair may still answer"

        set_deadline(
            live.domain, sec.vm.detail.summary.id, datetime.now(UTC) - timedelta(seconds=1)
        )
        sec.vm.refresh()
        await wait_until(lambda: sec.actions_by_name["compile"].isEnabled())
        sec.actions_by_name["compile"].trigger()
        await wait_until(lambda: sec.vm.detail.summary.report_sha256 is not None)
        assert sec.result_label.text() == "Not adopted: 0 of 2 members agree"
        reports: list[tuple[str, bytes]] = []
        sec.vm.document_ready.connect(lambda name, data: reports.append((name, data)))
        sec.actions_by_name["report"].trigger()
        await wait_until(lambda: reports)
        assert reports[0][1].startswith(b"%PDF")


async def test_a_wrong_key_is_refused_and_shown(
    live: LiveServer,  # noqa: F811
    qtbot,
) -> None:
    from desktop.client import ballots

    pki = people(live)
    async with live.client("thuky") as sec_client, live.client("bokhdt") as member_client:
        deadline = datetime.now(pc.VN_TZ) + timedelta(days=2)
        cid = await ballots.create(sec_client, TITLE, "Đồng ý?", deadline)
        await ballots.attach_pdf(sec_client, cid, make_pdf(TITLE, ["Nội dung"], 1), "a.pdf")
        await ballots.send(sec_client, cid)
        member = window(qtbot, member_client, make_signer(pki, "Lê Minh Chính"))
        await wait_until(lambda: member.poll_list.count() == 1)
        select_first(member)
        await wait_until(lambda: member.vm.detail is not None)
        member.findChild(QRadioButton, "choice_agree").setChecked(True)
        member.ask_secret = lambda: "passphrase"  # type: ignore[method-assign]
        member.sign_button.click()
        await wait_until(lambda: "not yours" in member.status.text())
        detail = await ballots.get_consultation(sec_client, cid)
        assert detail.answers == []
