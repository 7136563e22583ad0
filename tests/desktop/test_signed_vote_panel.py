"""The vote panel in a meeting that requires signed votes: it says so, asks for the key's
passphrase after the confirmation, signs with the member's real PKCS#12 file and the
server accepts the ballot; a wrong passphrase or a colleague's key is refused and shown,
and the member can vote again."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QLabel, QPushButton

from desktop.client.keys import create_pkcs12_identity, load_signer
from desktop.viewmodels.voting import VotingViewModel
from desktop.widgets.meeting_editor import TZ
from desktop.widgets.vote_panel import VotePanel
from protocol import agenda, meetings
from protocol import voting as pv
from protocol.meeting_state import Classification
from protocol.voting import PollState
from tests.desktop.test_meeting_editor import open_editor, wait_until
from tests.desktop.test_meeting_room import HUNG, room, settle, until
from tests.integration.conftest import LiveServer, live  # noqa: F401

PASSPHRASE = "Ky-so-2026!"
QUESTION = "Thông qua Dự thảo Nghị quyết về đầu tư công?"


@pytest.fixture
def meeting(live: LiveServer) -> dict[str, Any]:  # noqa: F811
    """A meeting in progress that requires signed votes, with an open named poll."""
    d = live.domain
    sec = d.user("thuky", ["secretariat"], full_name="Trần Thị Thư")
    chair = d.user("chutri", ["chair"], full_name="Lê Minh Chính")
    hung = d.user("bokhdt", ["member"], full_name="Phạm Quốc Hưng")
    phoc = d.user("botc", ["member"], full_name="Hồ Đức Phớc")
    mid = d.meeting(sec, chair=chair, members=[hung, phoc])
    d.do(sec, meetings.MeetingUpdate, meeting_id=mid, signed_votes=True)
    item = d.do(sec, agenda.AgendaAddItem, meeting_id=mid, title="Dự thảo Nghị quyết")["item_id"]
    d.do(chair, meetings.MeetingTransition, meeting_id=mid, action="start")
    d.do(chair, agenda.AgendaSetCurrent, meeting_id=mid, item_id=item)
    pid = d.do(sec, pv.PollCreate, meeting_id=mid, item_id=item, question=QUESTION)["poll_id"]
    d.do(chair, pv.PollOpen, poll_id=pid)
    return {"mid": mid, "pid": pid}


def vote_button(panel: VotePanel, pid: int) -> QPushButton | None:
    return panel.findChild(QPushButton, f"vote_yes_{pid}")


async def test_a_member_signs_the_vote_with_their_key_file(
    live: LiveServer,  # noqa: F811
    meeting: dict[str, Any],
    qtbot,
    tmp_path: Path,
) -> None:
    mid, pid = meeting["mid"], meeting["pid"]
    async with live.client("bokhdt") as member, live.client("botc") as colleague:
        own, theirs = tmp_path / "hung.p12", tmp_path / "phoc.p12"
        await create_pkcs12_identity(member, own, PASSPHRASE)
        await create_pkcs12_identity(colleague, theirs, PASSPHRASE)
        key_file = [theirs]
        session = await member.join(mid)
        vm = VotingViewModel(
            member,
            session,
            asyncio.ensure_future,
            signer_loader=lambda secret: load_signer(key_file[0], secret),
        )
        panel = VotePanel(vm)
        qtbot.addWidget(panel)
        panel.show()
        await until(lambda: vote_button(panel, pid) is not None)
        assert panel.signed_badge.isVisible()
        assert panel.signed_badge.text() == "Digitally signed votes"
        panel._confirm_vote = lambda question, choice: True  # type: ignore[method-assign]
        asked: list[bool] = []
        secrets = iter(["sai-mat-khau", PASSPHRASE, PASSPHRASE])

        def ask(secret_poll: bool) -> str:
            asked.append(secret_poll)
            return next(secrets)

        panel.ask_secret = ask  # type: ignore[method-assign]

        # a wrong passphrase: nothing is sent, the reason is shown, the buttons stay
        vote_button(panel, pid).click()
        await until(lambda: panel.message.isVisible())
        assert panel.message.text().startswith("Your vote was not sent: Wrong passphrase")
        # a colleague's key file: the server refuses it
        vote_button(panel, pid).click()
        await until(lambda: "not yours" in panel.message.text())
        assert "nothing was recorded" in panel.message.text()
        assert session.view.polls[pid].ballots_cast == 0
        # my own key file: signed, accepted
        key_file[0] = own
        vote_button(panel, pid).click()
        # The ballot counts as soon as the server's event arrives; the choice is shown
        # once the reply to my own command has come too.
        await until(lambda: panel.findChild(QLabel, f"my_vote_{pid}") is not None)
        await until(
            lambda: (
                panel.findChild(QLabel, f"my_vote_{pid}").text() == "Your vote is recorded: Yes."
            )
        )
        assert vote_button(panel, pid) is None
        assert asked == [False, False, False]
        assert session.view.polls[pid].ballots_cast == 1
        panel.close()
        await settle()


async def test_cancelling_the_passphrase_sends_nothing_and_the_badge_follows_the_meeting(
    qtbot,
) -> None:
    feed, client, _vm, voting = room("member", HUNG)
    panel = VotePanel(voting)
    qtbot.addWidget(panel)
    panel.show()
    feed(
        agenda.AgendaCurrentChanged(item_id=12),
        pv.PollCreated(poll_id=5, item_id=12, question=QUESTION, secret=True),
        pv.PollStateChanged(poll_id=5, state=PollState.OPEN),
    )
    await settle()
    assert not panel.signed_badge.isVisible(), "an ordinary meeting: no signing"

    def updated(signed: bool) -> meetings.MeetingUpdated:
        return meetings.MeetingUpdated(
            title="Phiên họp Chính phủ thường kỳ tháng 12",
            starts_at="2026-12-03T08:00:00+07:00",
            ends_at="2026-12-03T17:00:00+07:00",
            mode="hybrid",
            location="Hà Nội",
            classification=Classification.SECRET,
            signed_votes=signed,
        )

    feed(updated(True))
    await settle()
    assert panel.signed_badge.isVisible()
    panel._confirm_vote = lambda question, choice: True  # type: ignore[method-assign]
    asked: list[bool] = []
    panel.ask_secret = lambda secret_poll: asked.append(secret_poll) and None  # type: ignore[method-assign]
    panel.findChild(QPushButton, "vote_no_5").click()
    await settle()
    assert asked == [True], "a secret poll: the prompt says the signature hides the choice"
    assert client.sent == [], "cancelled: no ballot"
    feed(updated(False))
    await settle()
    assert not panel.signed_badge.isVisible()


async def test_the_secretariat_requires_signed_votes_in_the_meeting_editor(
    live: LiveServer,  # noqa: F811
    qtbot,
) -> None:
    d = live.domain
    d.user("thuky", ["secretariat"], full_name="Trần Thị Thư")
    async with live.client("thuky") as client:
        editor = open_editor(qtbot, client)
        assert not editor.signed_votes_box.isChecked(), "not required unless asked for"
        assert editor.signed_votes_box.text() == "Votes must be digitally signed"
        editor.title_edit.setText("Phiên họp Chính phủ thường kỳ tháng 12")
        start = QDateTime.fromString("2026-12-03T08:00:00+07:00", Qt.DateFormat.ISODate)
        editor.starts_edit.setDateTime(start.toTimeZone(TZ))
        editor.ends_edit.setDateTime(start.addSecs(9 * 3600).toTimeZone(TZ))
        editor.signed_votes_box.setChecked(True)
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: editor.vm.view is not None)
        assert editor.vm.view.signed_votes is True
        mid = editor.vm.meeting_id

        # unticked and saved: the meeting no longer requires it, as a new editor shows
        editor.signed_votes_box.setChecked(False)
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: not editor.vm.view.signed_votes)
        again = open_editor(qtbot, client, mid)
        await wait_until(lambda: again.vm.view is not None)
        assert not again.signed_votes_box.isChecked()
        editor.signed_votes_box.setChecked(True)
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: again.signed_votes_box.isChecked())


async def test_a_member_signs_the_vote_with_the_pin_of_a_usb_token(
    live: LiveServer,  # noqa: F811
    meeting: dict[str, Any],
    qtbot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The key source chosen in My certificate (a SoftHSM2 token here) is the one the
    vote panel uses: the prompt asks for the token's PIN, a wrong PIN sends nothing."""
    from PySide6.QtCore import QSettings

    from desktop.client.signing_keys import use_token_key
    from desktop.viewmodels.signing_keys import KeySourceStore, SigningKeys
    from tests.client.test_pkcs11 import LIB, PIN
    from tests.desktop.test_token_signing import token_source

    if not Path(LIB).exists():
        pytest.skip("SoftHSM2 is not installed (Debian package softhsm2)")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    settings = QSettings(str(tmp_path / "ecabinet.ini"), QSettings.Format.IniFormat)
    mid, pid = meeting["mid"], meeting["pid"]
    async with live.client("bokhdt") as member:
        used = await use_token_key(member, token_source("vote"), PIN, new_key=True)
        KeySourceStore(settings).save("bokhdt", used.source)
        session = await member.join(mid)
        vm = VotingViewModel(
            member, session, asyncio.ensure_future, signing_keys=SigningKeys(member, settings)
        )
        panel = VotePanel(vm)
        qtbot.addWidget(panel)
        panel.show()
        await until(lambda: vote_button(panel, pid) is not None)
        assert vm.signing_keys.secret_prompt().startswith("PIN of your USB token")
        panel._confirm_vote = lambda question, choice: True  # type: ignore[method-assign]
        secrets = iter(["000000", PIN])
        panel.ask_secret = lambda secret_poll: next(secrets)  # type: ignore[method-assign]

        vote_button(panel, pid).click()
        await until(lambda: panel.message.isVisible())
        assert panel.message.text().startswith("Your vote was not sent: Wrong PIN")
        assert session.view.polls[pid].ballots_cast == 0
        vote_button(panel, pid).click()
        await until(lambda: panel.findChild(QLabel, f"my_vote_{pid}") is not None, timeout=30)
        assert session.view.polls[pid].ballots_cast == 1
        panel.close()
        await settle()
