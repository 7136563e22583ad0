"""The vote panel: the polls of the current item, voting with a confirmation, the result.

In a meeting that requires signed votes the panel says so ("Digitally signed votes")
and asks for the key's passphrase (or the token's PIN) after the confirmation; a ballot
that is refused (wrong passphrase, a signature the server does not accept) is reported
with the reason and can be cast again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.viewmodels.voting import PollRow, VotingViewModel, choice_label
from protocol.voting import Choice


class VotePanel(QWidget):
    def __init__(self, viewmodel: VotingViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = viewmodel
        self.setObjectName("vote_panel")
        self._my_choices: dict[int, str] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        title = QLabel(self.tr("Vote"))
        title.setObjectName("panel_title")
        header.addWidget(title)
        header.addStretch(1)
        self.new_button = QPushButton(self.tr("New vote…"))
        self.new_button.setObjectName("new_poll")
        self.new_button.setToolTip(self.tr("Put a question on the current item to the vote"))
        self.new_button.clicked.connect(self._on_new_clicked)
        header.addWidget(self.new_button)
        layout.addLayout(header)
        self.signed_badge = QLabel(self.tr("Digitally signed votes"))
        self.signed_badge.setObjectName("signed_votes_badge")
        self.signed_badge.setStyleSheet(
            "color: #0b5394; border: 1px solid #0b5394; border-radius: 3px; padding: 1px 4px;"
        )
        self.signed_badge.setToolTip(
            self.tr(
                "This meeting requires digitally signed votes: your ballot is signed with "
                "your key (you are asked for its passphrase or your token's PIN)."
            )
        )
        layout.addWidget(self.signed_badge)
        self.secret_box = QCheckBox(self.tr("Secret ballot"))
        layout.addWidget(self.secret_box)
        self.message = QLabel()
        self.message.setObjectName("error_label")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        cards = QWidget()
        cards.setObjectName("poll_cards")
        self._cards = QVBoxLayout(cards)
        self._cards.setContentsMargins(0, 0, 0, 0)
        self._cards.setSpacing(6)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = QWidget()
        holder_box = QVBoxLayout(holder)
        holder_box.setContentsMargins(0, 0, 0, 0)
        holder_box.addWidget(cards)
        holder_box.addStretch(1)
        scroll.setWidget(holder)
        layout.addWidget(scroll, 1)
        viewmodel.polls_changed.connect(self._on_polls_changed)
        viewmodel.vote_cast.connect(self._on_vote_cast)
        viewmodel.error_occurred.connect(self._on_error_occurred)
        self._on_polls_changed()

    # --- building the cards -----------------------------------------------------------

    def _on_polls_changed(self) -> None:
        manage = self.vm.can_manage
        self.new_button.setVisible(manage)
        self.secret_box.setVisible(manage)
        self.signed_badge.setVisible(self.vm.signed_votes)
        while self._cards.count():
            item = self._cards.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)  # gone at once, deleted when Qt gets to it
                widget.deleteLater()
        polls = self.vm.polls
        if not polls:
            empty = QLabel(self.tr("No vote on this item."))
            empty.setObjectName("muted")
            self._cards.addWidget(empty)
        for poll in polls:
            self._cards.addWidget(self._card(poll))

    def _card(self, poll: PollRow) -> QFrame:
        card = QFrame()
        card.setObjectName(f"poll_{poll.poll_id}")
        card.setProperty("card", True)
        card.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(card)
        question = QLabel(poll.question)
        question.setWordWrap(True)
        question.setObjectName("poll_question")
        box.addWidget(question)
        kind = self.tr("secret ballot") if poll.secret else self.tr("named vote")
        status = QLabel(
            self.tr("{0} · {1} · {2} of {3} ballots cast").format(
                poll.state_label, kind, poll.ballots_cast, poll.voters
            )
        )
        status.setObjectName(f"poll_status_{poll.poll_id}")
        status.setProperty("muted", True)
        status.setWordWrap(True)
        box.addWidget(status)
        if poll.can_vote:
            row = QHBoxLayout()
            for choice in Choice:
                button = QPushButton(choice_label(choice))
                button.setObjectName(f"vote_{choice.value}_{poll.poll_id}")
                button.setToolTip(self.tr("Cast your vote: {0}").format(choice_label(choice)))
                button.clicked.connect(
                    lambda _=False, p=poll, c=choice.value: self._on_vote_clicked(p, c)
                )
                row.addWidget(button)
            box.addLayout(row)
        elif poll.i_voted and poll.result is None:
            mine = self._my_choices.get(poll.poll_id)
            text = (
                self.tr("Your vote is recorded: {0}.").format(choice_label(mine))
                if mine
                else self.tr("Your vote is recorded.")
            )
            voted = QLabel(text)
            voted.setObjectName(f"my_vote_{poll.poll_id}")
            box.addWidget(voted)
        actions = QHBoxLayout()
        for allowed, label, name, slot in (
            (poll.can_open, self.tr("Open voting"), "open", self.vm.open_poll),
            (poll.can_close, self.tr("Close voting"), "close", self.vm.close_poll),
            (poll.can_publish, self.tr("Publish result"), "publish", self.vm.publish_poll),
        ):
            if allowed:
                button = QPushButton(label)
                button.setObjectName(f"poll_{name}_{poll.poll_id}")
                button.clicked.connect(lambda _=False, s=slot, pid=poll.poll_id: s(pid))
                actions.addWidget(button)
        if actions.count():
            box.addLayout(actions)
        if poll.result is not None:
            box.addWidget(self._result(poll))
        return card

    def _result(self, poll: PollRow) -> QLabel:
        r = poll.result
        assert r is not None
        lines = [
            f"<b>{r.outcome_label}</b>",
            self.tr("Yes {0} · No {1} · Abstain {2}").format(r.yes, r.no, r.abstain),
            self.tr("{0} ballots cast of {1} members").format(r.ballots_cast, r.total_members),
        ]
        lines += [f"{name}: {choice}" for name, choice in r.choices]
        label = QLabel("<br>".join(lines))
        label.setObjectName(f"poll_result_{poll.poll_id}")
        label.setProperty("outcome", r.outcome)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        return label

    # --- handlers ---------------------------------------------------------------------

    def _confirm_vote(self, question: str, choice: str) -> bool:
        """Ask before a ballot is cast: it cannot be changed afterwards."""
        answer = QMessageBox.question(
            self,
            self.tr("Confirm your vote"),
            self.tr("Vote “{0}” on:\n{1}\n\nA ballot cannot be changed once cast.").format(
                choice_label(choice), question
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_secret(self, secret_poll: bool) -> str | None:
        """The key's passphrase (or the token's PIN); None when the user cancels."""
        note = (
            self.tr("In a secret ballot your signature proves that you voted, not how.")
            if secret_poll
            else self.tr("Your ballot is signed with your key.")
        )
        text, ok = QInputDialog.getText(
            self,
            self.tr("Sign your vote"),
            note + "\n" + self.vm.signing_keys.secret_prompt(),
            QLineEdit.EchoMode.Password,
        )
        return text if ok else None

    def _on_vote_clicked(self, poll: PollRow, choice: str) -> None:
        if not self._confirm_vote(poll.question, choice):
            return
        secret = None
        if self.vm.signed_votes:
            secret = self.ask_secret(poll.secret)
            if secret is None:
                return
        self.message.hide()
        self.vm.vote(poll.poll_id, choice, secret)

    def _on_vote_cast(self, poll_id: int, choice: str) -> None:
        self._my_choices[poll_id] = choice
        self._on_polls_changed()

    def _on_new_clicked(self) -> None:
        question, ok = QInputDialog.getText(
            self, self.tr("New vote"), self.tr("Question put to the vote:")
        )
        if ok:
            self.vm.create_poll(question, secret=self.secret_box.isChecked())

    def _on_error_occurred(self, message: str) -> None:
        self.message.setText(message)
        self.message.show()
