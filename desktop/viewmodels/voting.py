"""Polls (biểu quyết) of the current agenda item: vote, and for the chair open/close/publish.

In a meeting that requires signed votes (``signed_votes``) the ballot is signed on this
machine before it is sent: ``signer_loader(secret)`` opens the key (default: the user's
PKCS#12 file at ``desktop.client.keys.default_key_path`` with the passphrase; a token
deployment passes a loader that opens the token with the PIN), as opinion polls do.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop.client import Client, MeetingSession
from desktop.client import voting as client_voting
from desktop.client.keys import KeyFileMissing, TokenError, WrongPassphrase
from desktop.viewmodels.session import CommandRunner, Runner
from desktop.viewmodels.signing_keys import KeyUnusable, SigningKeys
from protocol import agenda, meetings, voting
from protocol.envelope import Event
from protocol.errors import InvalidInput
from protocol.permissions import VOTING_ROLES
from protocol.state import MeetingView, PollView
from protocol.voting import Choice, Outcome, PollState


def _tr(text: str) -> str:
    return QCoreApplication.translate("Voting", text)


def choice_label(choice: str) -> str:
    return {Choice.YES: _tr("Yes"), Choice.NO: _tr("No"), Choice.ABSTAIN: _tr("Abstain")}.get(
        Choice(choice), str(choice)
    )


def outcome_label(outcome: str) -> str:
    """Also used for the decision on an agenda item (adopted / rejected / tied)."""
    labels = {
        Outcome.ADOPTED: _tr("Adopted"),
        Outcome.REJECTED: _tr("Rejected"),
        Outcome.TIED: _tr("Tied — the chair decides"),
    }
    try:
        return labels[Outcome(outcome)]
    except ValueError:
        return str(outcome)


def poll_state_label(state: str) -> str:
    return {
        PollState.CREATED: _tr("Prepared"),
        PollState.OPEN: _tr("Voting open"),
        PollState.CLOSED: _tr("Voting closed"),
        PollState.PUBLISHED: _tr("Result published"),
        PollState.CANCELLED: _tr("Cancelled"),
    }.get(PollState(state), str(state))


@dataclass(frozen=True)
class ResultRow:
    yes: int
    no: int
    abstain: int
    total_members: int
    ballots_cast: int
    outcome: str
    outcome_label: str
    #: Named polls only: (member name, choice label), in name order.
    choices: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class PollRow:
    poll_id: int
    item_id: int
    question: str
    secret: bool
    state: str
    state_label: str
    ballots_cast: int
    voters: int
    i_voted: bool
    can_vote: bool
    can_open: bool
    can_close: bool
    can_publish: bool
    result: ResultRow | None


SignerLoader = Callable[[str], Any]


class VotingViewModel(CommandRunner):
    polls_changed = Signal()
    #: ``(poll_id, choice)`` once the server has accepted my ballot.
    vote_cast = Signal(int, str)

    def __init__(
        self,
        client: Client,
        session: MeetingSession,
        run: Runner,
        parent: QObject | None = None,
        *,
        signer_loader: SignerLoader | None = None,
        signing_keys: SigningKeys | None = None,
    ) -> None:
        super().__init__(run, parent)
        self._client = client
        self._session = session
        self._signer_loader = signer_loader
        self.signing_keys = signing_keys or SigningKeys(client)
        session.subscribe(self._on_session_event)
        session.subscribe_snapshots(self._on_session_snapshot)

    # --- what the panel shows ---------------------------------------------------------

    @property
    def _me(self) -> int | None:
        return self._client.user.id if self._client.user is not None else None

    @property
    def can_manage(self) -> bool:
        return "poll.can_manage" in self._session.permissions

    @property
    def can_prepare(self) -> bool:
        return "poll.can_prepare" in self._session.permissions

    @property
    def signed_votes(self) -> bool:
        """Ballots in this meeting must be digitally signed (the key is asked for)."""
        return client_voting.needs_signature(self._session)

    @property
    def current_item_id(self) -> int | None:
        view = self._session.view
        return view.current_item_id if view is not None else None

    def _voting_for(self, view: MeetingView) -> int | None:
        """The member whose ballot I cast: myself, or the member I substitute with delegation."""
        me = self._me
        if me is None:
            return None
        mine = view.participants.get(me)
        if mine is not None and mine.role in set(VOTING_ROLES):
            return me
        for p in view.participants.values():
            if p.substitute_user_id == me and p.vote_delegated:
                return p.user_id
        return me if "poll.vote" in self._session.permissions else None

    @property
    def polls(self) -> list[PollRow]:
        """Polls of the current item, and any open poll wherever it is."""
        view = self._session.view
        if view is None:
            return []
        current = view.current_item_id
        shown = [
            p
            for p in sorted(view.polls.values(), key=lambda p: p.poll_id)
            if (p.item_id == current and p.state != PollState.CANCELLED)
            or p.state == PollState.OPEN
        ]
        return [self._row(view, p) for p in shown]

    def _row(self, view: MeetingView, poll: PollView) -> PollRow:
        voter = self._voting_for(view)
        voted = voter is not None and voter in poll.voted_member_ids
        may_vote = "poll.vote" in self._session.permissions and voter is not None
        voters = sum(1 for p in view.participants.values() if p.role in set(VOTING_ROLES))
        result = None
        if poll.result is not None:
            r = poll.result
            names = {uid: p.full_name for uid, p in view.participants.items()}
            choices = sorted(
                (names.get(uid, str(uid)), choice_label(c)) for uid, c in (r.choices or {}).items()
            )
            result = ResultRow(
                yes=r.yes,
                no=r.no,
                abstain=r.abstain,
                total_members=r.total_members,
                ballots_cast=r.ballots_cast,
                outcome=str(r.outcome),
                outcome_label=outcome_label(r.outcome),
                choices=choices,
            )
        return PollRow(
            poll_id=poll.poll_id,
            item_id=poll.item_id,
            question=poll.question,
            secret=poll.secret,
            state=str(poll.state),
            state_label=poll_state_label(poll.state),
            ballots_cast=poll.ballots_cast,
            voters=voters,
            i_voted=voted,
            can_vote=may_vote and not voted and poll.state == PollState.OPEN,
            can_open=self.can_manage and poll.state == PollState.CREATED,
            can_close=self.can_manage and poll.state == PollState.OPEN,
            can_publish=self.can_manage and poll.state == PollState.CLOSED,
            result=result,
        )

    def poll(self, poll_id: int) -> PollRow | None:
        return next((p for p in self.polls if p.poll_id == poll_id), None)

    # --- actions ----------------------------------------------------------------------

    def create_poll(self, question: str, secret: bool = False, open_now: bool = True) -> None:
        item_id = self.current_item_id
        question = question.strip()
        if item_id is None:
            self.error_occurred.emit(self.tr("Choose the current agenda item first."))
            return
        if not question:
            self.error_occurred.emit(self.tr("Write the question to vote on."))
            return

        async def create() -> None:
            created = await self._client.call(
                voting.PollCreate,
                meeting_id=self._session.meeting_id,
                item_id=item_id,
                question=question,
                secret=secret,
            )
            if open_now:
                await self._client.call(voting.PollOpen, poll_id=created["poll_id"])

        self._submit(create())

    def open_poll(self, poll_id: int) -> None:
        self._submit(self._client.call(voting.PollOpen, poll_id=poll_id))

    def close_poll(self, poll_id: int) -> None:
        self._submit(self._client.call(voting.PollClose, poll_id=poll_id))

    def publish_poll(self, poll_id: int) -> None:
        self._submit(self._client.call(voting.PollPublish, poll_id=poll_id))

    def cancel_poll(self, poll_id: int) -> None:
        self._submit(self._client.call(voting.PollCancel, poll_id=poll_id))

    def vote(self, poll_id: int, choice: str, secret: str | None = None) -> None:
        """Cast my ballot (or the one of the member I substitute for).  In a meeting with
        signed votes ``secret`` (the key's passphrase or the token's PIN) opens the key."""
        view = self._session.view
        voter = self._voting_for(view) if view is not None else None
        behalf = voter if voter is not None and voter != self._me else None
        if not self.signed_votes:
            secret = None
        elif not secret:
            self.error_occurred.emit(
                self.tr("Enter the passphrase of your signing key (or your token's PIN).")
            )
            return

        async def send(signer: Any) -> None:
            await client_voting.cast(
                self._client, self._session, poll_id, choice, on_behalf_of=behalf, signer=signer
            )

        async def sign_and_send() -> None:
            if secret is None:
                await send(None)
                return
            try:
                if self._signer_loader is not None:
                    signer = await asyncio.to_thread(self._signer_loader, secret)
                    await send(signer)
                    return
                async with self.signing_keys.opened(secret) as signer:
                    await send(signer)
            except (KeyUnusable, WrongPassphrase, KeyFileMissing, TokenError) as exc:
                raise InvalidInput(
                    self.tr("Your vote was not sent: {0}").format(exc.message)
                ) from None

        self._submit(
            sign_and_send(),
            done=lambda _: self.vote_cast.emit(poll_id, str(choice)),
        )

    # --- events -----------------------------------------------------------------------

    def _on_session_event(self, _seq: int, event: Event) -> None:
        kinds = (
            meetings.MeetingUpdated,
            voting.PollCreated,
            voting.PollStateChanged,
            voting.PollVoted,
            voting.PollPublished,
            agenda.AgendaCurrentChanged,
        )
        if isinstance(event, kinds):
            self._on_session_snapshot()

    def _on_session_snapshot(self) -> None:
        try:
            self.polls_changed.emit()
        except RuntimeError:  # the window (and this object) is gone
            pass
