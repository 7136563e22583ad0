"""Opinion polls between meetings: my polls with their countdown; a member answers and
signs; the secretariat prepares, sends, follows the answers, compiles and opens the report.

News arrives as ``notice`` frames (``consultation.*``): the list is read again, and a
reminder is also passed on (``reminder_received``).  Signing happens on this machine,
with the user's key as chosen in My certificate (``signing_keys``: the PKCS#12 file and
its passphrase, or the USB token and its PIN; :meth:`secret_prompt` says which to ask
for); tests may pass ``signer_loader(secret)`` returning a pyHanko signer instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Signal

from desktop.client import Client, ballots
from desktop.viewmodels.session import CommandRunner, Runner
from desktop.viewmodels.signing_keys import SigningKeys
from protocol import consultations as pc
from protocol.envelope import Notice
from protocol.voting import Outcome

SignerLoader = Callable[[str], Any]


def _tr(text: str) -> str:
    return QCoreApplication.translate("Consultations", text)


def state_label(state: str) -> str:
    return {
        pc.ConsultationState.DRAFT: _tr("Draft"),
        pc.ConsultationState.SENT: _tr("Awaiting answers"),
        pc.ConsultationState.CLOSED: _tr("Compiled"),
        pc.ConsultationState.CANCELLED: _tr("Cancelled"),
    }.get(pc.ConsultationState(state), state)


def answer_label(choice: str) -> str:
    return {
        pc.Answer.AGREE: _tr("Agree"),
        pc.Answer.DISAGREE: _tr("Disagree"),
        pc.Answer.OTHER: _tr("Other opinion"),
    }.get(pc.Answer(choice), choice)


def outcome_label(result: pc.ConsultationResult) -> str:
    if result.outcome == Outcome.ADOPTED:
        return _tr("Adopted: {0} of {1} members agree").format(result.agree, result.total_members)
    return _tr("Not adopted: {0} of {1} members agree").format(result.agree, result.total_members)


def countdown(deadline: str, now: datetime) -> str:
    """Time left until ``deadline`` in words ("2 d 3 h left", "45 min left", "Past deadline")."""
    left = datetime.fromisoformat(deadline) - now
    seconds = int(left.total_seconds())
    if seconds <= 0:
        return _tr("Past deadline")
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return _tr("{0} d {1} h left").format(days, hours)
    if hours:
        return _tr("{0} h {1} min left").format(hours, minutes)
    return _tr("{0} min left").format(max(minutes, 1))


@dataclass(frozen=True)
class PollRow:
    id: int
    title: str
    state: str
    state_label: str
    deadline: str
    countdown: str
    answered: int
    recipients: int
    my_answer: str | None
    past_deadline: bool


class ConsultationsViewModel(CommandRunner):
    consultations_changed = Signal()
    #: The poll shown changed (its detail was read again).
    detail_changed = Signal()
    #: ``consultation_id`` once my signed answer has been accepted.
    answer_sent = Signal(int)
    #: ``(consultation_id, sha256, filename)``: the user asked to open a document.
    document_requested = Signal(int, str, str)
    #: ``(title, pdf bytes)``: a document or report downloaded, to show in a viewer.
    document_ready = Signal(str, bytes)
    #: A reminder notice's text.
    reminder_received = Signal(str)
    #: The secretariat created a poll (its id).
    created = Signal(int)

    def __init__(
        self,
        client: Client,
        run: Runner,
        parent: QObject | None = None,
        *,
        signer_loader: SignerLoader | None = None,
        settings: QSettings | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(pc.VN_TZ),
    ) -> None:
        super().__init__(run, parent)
        self._client = client
        self._signer_loader = signer_loader
        self.signing_keys = SigningKeys(client, settings)
        self._clock = clock
        self.summaries: list[pc.ConsultationSummary] = []
        self.detail: pc.ConsultationDetail | None = None
        client.notice_listeners.append(self._on_client_notice)

    def close(self) -> None:
        """Stop listening to the connection (the window closed)."""
        if self._on_client_notice in self._client.notice_listeners:
            self._client.notice_listeners.remove(self._on_client_notice)

    # --- what the panel shows ---------------------------------------------------------

    @property
    def can_manage(self) -> bool:
        user = self._client.user
        return user is not None and "secretariat" in user.roles

    @property
    def rows(self) -> list[PollRow]:
        now = self._clock()
        return [
            PollRow(
                id=s.id,
                title=s.title,
                state=s.state.value,
                state_label=state_label(s.state),
                deadline=s.deadline,
                countdown=countdown(s.deadline, now)
                if s.state == pc.ConsultationState.SENT
                else state_label(s.state),
                answered=s.answered,
                recipients=s.recipients,
                my_answer=answer_label(s.my_answer.choice) if s.my_answer else None,
                past_deadline=datetime.fromisoformat(s.deadline) <= now,
            )
            for s in self.summaries
        ]

    def can_answer(self) -> bool:
        d = self.detail
        return (
            d is not None
            and d.summary.recipient
            and d.summary.state == pc.ConsultationState.SENT
            and datetime.fromisoformat(d.summary.deadline) > self._clock()
        )

    def can_compile(self) -> bool:
        d = self.detail
        if d is None or not self.can_manage or d.summary.state != pc.ConsultationState.SENT:
            return False
        everyone = d.summary.answered >= d.summary.recipients
        return everyone or datetime.fromisoformat(d.summary.deadline) <= self._clock()

    # --- reading ------------------------------------------------------------------------

    def refresh(self) -> None:
        self._submit(ballots.list_consultations(self._client), done=self._on_listed)

    def _on_listed(self, summaries: list[pc.ConsultationSummary]) -> None:
        self.summaries = summaries
        self.consultations_changed.emit()
        if self.detail is not None:
            self.select(self.detail.summary.id)

    def select(self, consultation_id: int) -> None:
        self._submit(ballots.get_consultation(self._client, consultation_id), done=self._on_detail)

    def _on_detail(self, detail: pc.ConsultationDetail) -> None:
        self.detail = detail
        self.detail_changed.emit()

    def open_document(self, consultation_id: int, sha256: str, filename: str) -> None:
        self.document_requested.emit(consultation_id, sha256, filename)
        self._submit(
            ballots.download(self._client, consultation_id, sha256),
            done=lambda data: self.document_ready.emit(filename, data),
        )

    def open_report(self) -> None:
        d = self.detail
        if d is None or d.summary.report_sha256 is None:
            self.error_occurred.emit(self.tr("There is no report yet: compile the poll first."))
            return
        name = self.tr("Report — {0}.pdf").format(d.summary.title)
        self.open_document(d.summary.id, d.summary.report_sha256, name)

    # --- a member answers ---------------------------------------------------------------

    def answer_problem(self, choice: str | None, comment: str) -> str | None:
        """What is missing before the answer can be signed, or None."""
        if choice is None:
            return self.tr("Choose Agree, Disagree or Other opinion first.")
        if choice != pc.Answer.AGREE and not comment.strip():
            return self.tr("Explain a 'Disagree' or 'Other opinion' answer in the comment.")
        return None

    def secret_prompt(self) -> str:
        """The question to ask before signing: the key file's passphrase or the token's PIN."""
        return self.signing_keys.secret_prompt()

    def answer(self, choice: str, comment: str, secret: str) -> None:
        """Sign my answer with the key opened by ``secret`` (passphrase or PIN) and send it."""
        d = self.detail
        if d is None:
            return
        problem = self.answer_problem(choice, comment)
        if problem is not None:
            self.error_occurred.emit(problem)
            return
        text = comment.strip()
        cid = d.summary.id

        async def sign_and_send() -> None:
            if self._signer_loader is not None:
                signer = self._signer_loader(secret)
                await ballots.answer(self._client, cid, choice, text, signer)
                return
            async with self.signing_keys.opened(secret) as signer:
                await ballots.answer(self._client, cid, choice, text, signer)

        self._submit(sign_and_send(), done=lambda _: self._on_answered(cid))

    def _on_answered(self, consultation_id: int) -> None:
        self.answer_sent.emit(consultation_id)
        self.refresh()

    # --- the secretariat ------------------------------------------------------------------

    def create(
        self, title: str, question: str, deadline: datetime, files: list[Path | tuple[str, bytes]]
    ) -> None:
        """Create a draft and attach the PDFs (paths, or ``(name, bytes)``)."""

        async def make() -> int:
            cid = await ballots.create(self._client, title, question, deadline)
            for f in files:
                name, data = (f.name, f.read_bytes()) if isinstance(f, Path) else f
                await ballots.attach_pdf(self._client, cid, data, name)
            return cid

        def done(cid: int) -> None:
            self.created.emit(cid)
            self.refresh()
            self.select(cid)

        self._submit(make(), done=done)

    def send(self) -> None:
        self._act(ballots.send)

    def cancel(self) -> None:
        self._act(ballots.cancel)

    def compile(self) -> None:
        self._act(ballots.compile_result)

    def _act(self, action: Callable[[Client, int], Any]) -> None:
        if self.detail is None:
            return
        self._submit(action(self._client, self.detail.summary.id), done=lambda _: self.refresh())

    # --- notices --------------------------------------------------------------------------

    def _on_client_notice(self, notice: Notice) -> None:
        if not notice.code.startswith("consultation."):
            return
        try:
            if notice.code == "consultation.reminder":
                self.reminder_received.emit(notice.message)
            self.refresh()
        except RuntimeError:  # the window (and this object) is gone
            self.close()
