"""The vote panel: a confirmed ballot, the chair's controls, the published result."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton

from desktop.widgets.vote_panel import VotePanel
from protocol import agenda
from protocol import voting as pv
from protocol.errors import InvalidTransition
from protocol.voting import Outcome, PollResult, PollState
from tests.desktop.test_meeting_room import CHAIR, HUNG, PHOC, room, settle

QUESTION = "Thông qua Dự thảo Nghị quyết về đầu tư công?"


def poll_opened(feed, poll_id: int = 5, secret: bool = False) -> None:
    feed(
        agenda.AgendaCurrentChanged(item_id=12),
        pv.PollCreated(poll_id=poll_id, item_id=12, question=QUESTION, secret=secret),
        pv.PollStateChanged(poll_id=poll_id, state=PollState.OPEN),
    )


def button(panel: VotePanel, name: str) -> QPushButton | None:
    return panel.findChild(QPushButton, name)


async def test_a_vote_is_sent_only_after_confirmation(qtbot, monkeypatch) -> None:
    feed, client, _vm, voting = room("member", HUNG)
    panel = VotePanel(voting)
    qtbot.addWidget(panel)
    assert panel.findChild(QLabel, "muted").text() == "No vote on this item."
    poll_opened(feed)
    await settle()
    assert [b.text() for b in panel.findChildren(QPushButton) if b.isVisibleTo(panel)] == [
        "Yes",
        "No",
        "Abstain",
    ]
    answers = iter([False, True])
    asked: list[tuple[str, str]] = []

    def confirm(question: str, choice: str) -> bool:
        asked.append((question, choice))
        return next(answers)

    monkeypatch.setattr(panel, "_confirm_vote", confirm)
    button(panel, "vote_no_5").click()
    await settle()
    assert client.sent == [], "declined: no ballot"
    button(panel, "vote_abstain_5").click()
    await settle()
    assert asked == [(QUESTION, "no"), (QUESTION, "abstain")]
    assert client.sent == [("poll.vote", {"poll_id": 5, "choice": "abstain", "on_behalf_of": None})]
    feed(pv.PollVoted(poll_id=5, member_id=HUNG, cast_by=HUNG, ballots_cast=1))
    await settle()
    assert button(panel, "vote_yes_5") is None, "one ballot per member"
    assert panel.findChild(QLabel, "my_vote_5").text() == "Your vote is recorded: Abstain."


async def test_chair_opens_closes_and_publishes_and_the_member_sees_the_result(qtbot) -> None:
    feed, chair_client, _vm, chair_voting = room("chair", CHAIR)
    member_feed, _client, _mvm, member_voting = room("member", HUNG)
    chair = VotePanel(chair_voting)
    member = VotePanel(member_voting)
    qtbot.addWidget(chair)
    qtbot.addWidget(member)
    assert chair.new_button.isVisibleTo(chair)
    assert not member.new_button.isVisibleTo(member)
    for f in (feed, member_feed):
        f(
            agenda.AgendaCurrentChanged(item_id=12),
            pv.PollCreated(poll_id=5, item_id=12, question=QUESTION, secret=False),
        )
    await settle()
    assert button(member, "vote_yes_5") is None, "not open yet"
    assert button(member, "poll_open_5") is None
    button(chair, "poll_open_5").click()
    for f in (feed, member_feed):
        f(pv.PollStateChanged(poll_id=5, state=PollState.OPEN))
    await settle()
    button(chair, "poll_close_5").click()
    for f in (feed, member_feed):
        f(pv.PollStateChanged(poll_id=5, state=PollState.CLOSED))
    await settle()
    assert button(member, "vote_yes_5") is None, "closed: no more ballots"
    button(chair, "poll_publish_5").click()
    await settle()
    assert chair_client.tags() == ["poll.open", "poll.close", "poll.publish"]
    result = PollResult(
        yes=2,
        no=1,
        abstain=0,
        total_members=3,
        ballots_cast=3,
        outcome=Outcome.ADOPTED,
        choices={CHAIR: pv.Choice.YES, HUNG: pv.Choice.YES, PHOC: pv.Choice.NO},
    )
    for f in (feed, member_feed):
        f(pv.PollPublished(poll_id=5, result=result))
    await settle()
    text = member.findChild(QLabel, "poll_result_5").text()
    assert "<b>Adopted</b>" in text
    assert "Yes 2 · No 1 · Abstain 0" in text
    assert "3 ballots cast of 3 members" in text
    assert "Hồ Đức Phớc: No" in text
    assert "Result published" in member.findChild(QLabel, "poll_status_5").text()


async def test_a_refused_vote_is_explained_in_the_panel(qtbot, monkeypatch) -> None:
    feed, client, _vm, voting = room("member", HUNG)
    panel = VotePanel(voting)
    qtbot.addWidget(panel)
    poll_opened(feed)
    await settle()
    client.errors["poll.vote"] = InvalidTransition(
        "Voting is not open on this poll (it is closed)."
    )
    monkeypatch.setattr(panel, "_confirm_vote", lambda question, choice: True)
    button(panel, "vote_yes_5").click()
    await settle()
    assert panel.message.isVisibleTo(panel)
    assert panel.message.text() == "Voting is not open on this poll (it is closed)."


async def test_chair_needs_a_current_item_and_a_question_to_create_a_poll(qtbot) -> None:
    feed, client, _vm, voting = room("chair", CHAIR)
    panel = VotePanel(voting)
    qtbot.addWidget(panel)
    voting.create_poll(QUESTION)
    assert panel.message.text() == "Choose the current agenda item first."
    feed(agenda.AgendaCurrentChanged(item_id=12))
    voting.create_poll("   ")
    assert panel.message.text() == "Write the question to vote on."
    client.results["poll.create"] = {"poll_id": 8}
    voting.create_poll(QUESTION, secret=True)
    await settle()
    assert client.sent == [
        ("poll.create", {"meeting_id": 7, "item_id": 12, "question": QUESTION, "secret": True}),
        ("poll.open", {"poll_id": 8}),
    ]
