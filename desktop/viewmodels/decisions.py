"""Decisions to sign (Decree 30): the list, and signing, sealing and copying one.

:class:`DecisionsViewModel` lists a meeting's decisions (``meeting_id``) or those waiting
for the logged-in user (``meeting_id=None``: ``waiting_for_me``).  :meth:`sign`,
:meth:`seal` and :meth:`copy` open the user's key of kind "signing" or "seal" with the
secret given (:class:`~desktop.viewmodels.signing_keys.SigningKeys`: the PKCS#12 file and
its passphrase, or the USB token and its PIN, as chosen in My certificate), run the
headless flow of ``desktop.client.decisions`` and report ``progress_changed(step, done,
total)``, then ``signed(decision_id)`` (after a signature, seal or copy) or
``failed(message)``: a wrong passphrase or PIN, a missing key file or an absent token get
their own translated sentence, and nothing is sent.  Minutes are signed here too (a
decision of kind "minutes").  Nothing is awaited inside a slot: every call goes through
the injected runner.

For the secretariat (``decision.prepare`` in some meeting: :attr:`can_prepare`, known after
:meth:`load_meetings`) :meth:`prepare_model` gives the view model of the "Put up for
signing…" dialog (:mod:`desktop.viewmodels.decision_prepare`); :meth:`show_prepared` then
shows the new decision among its meeting's decisions.  :meth:`show_meeting` switches the
list between a meeting and "waiting for me".
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Signal

from desktop.client import Client
from desktop.client import decisions as flow
from desktop.viewmodels.decision_prepare import (
    DecisionPrepareViewModel,
    MeetingChoice,
    preparable_meetings,
)
from desktop.viewmodels.session import CommandRunner, Runner
from desktop.viewmodels.signing_keys import SigningKeys
from protocol.decisions import (
    CopyType,
    DecisionInfo,
    DecisionKind,
    DecisionState,
    parse_page_range,
)
from protocol.errors import InvalidPageRange
from protocol.meetings import MeetingSummary
from protocol.permissions import global_permissions

#: What a signing action needs: the key kind it loads.
KEY_KIND = {"sign": "signing", "seal": "seal", "copy": "seal"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Decisions", text)


def state_label(state: str) -> str:
    return {
        DecisionState.AWAITING_SIGNATURE: _tr("Awaiting signature"),
        DecisionState.AWAITING_SEAL: _tr("Awaiting seal"),
        DecisionState.ISSUED: _tr("Issued"),
        DecisionState.CANCELLED: _tr("Cancelled"),
    }.get(DecisionState(state), str(state))


def kind_label(kind: str) -> str:
    return {
        DecisionKind.DECISION: _tr("Decision"),
        DecisionKind.RESOLUTION: _tr("Resolution"),
        DecisionKind.MINUTES: _tr("Minutes"),
        DecisionKind.ATTACHMENT: _tr("Attachment"),
        DecisionKind.COPY: _tr("Copy"),
    }.get(DecisionKind(kind), str(kind))


def copy_label(copy_type: str) -> str:
    return {
        CopyType.SAO_Y: _tr("True copy (SAO Y)"),
        CopyType.SAO_LUC: _tr("Transcript copy (SAO LỤC)"),
        CopyType.TRICH_SAO: _tr("Extract copy (TRÍCH SAO)"),
    }.get(CopyType(copy_type), str(copy_type))


def copy_takes_pages(copy_type: str) -> bool:
    """Only an extract copy (TRÍCH SAO) holds chosen pages; the others the whole file."""
    return CopyType(copy_type) is CopyType.TRICH_SAO


def page_range_problem(pages: str) -> str:
    """What is wrong with the page range of an extract, for the user; "" when it reads
    well (the server checks it against the document's pages)."""
    if not pages.strip():
        return _tr("Enter the pages to copy, e.g. 1-2,5.")
    try:
        parse_page_range(pages)
    except InvalidPageRange:
        return _tr(
            "Write the pages as numbers and ranges from page 1 separated by commas, "
            "e.g. 1-2,5 (a range runs from the lower page to the higher)."
        )
    return ""


def step_label(step: str) -> str:
    return {
        "key": _tr("Opening your key…"),
        "download": _tr("Downloading the document…"),
        "sign": _tr("Signing the document…"),
        "upload": _tr("Uploading the signed document…"),
        "submit": _tr("Handing it in…"),
    }.get(step, step)


class DecisionsViewModel(CommandRunner):
    """The decisions of one meeting, or those waiting for me, and the signing actions."""

    decisions_changed = Signal()
    #: The list now shows another meeting, or "waiting for me" (``meeting_id``).
    scope_changed = Signal()
    #: The meetings in which the user may prepare decisions are known.
    meetings_changed = Signal()
    #: ``(step, done, total)``; steps "key", "download", "sign", "upload", "submit".
    progress_changed = Signal(str, int, int)
    #: The decision was signed, sealed, or copied (the source decision's id).
    signed = Signal(int)
    failed = Signal(str)
    busy_changed = Signal(bool)
    #: ``(pdf bytes, filename)`` of :meth:`download`, to show in the viewer.
    document_ready = Signal(bytes, str)

    def __init__(
        self,
        client: Client,
        run: Runner,
        *,
        meeting_id: int | None = None,
        key_paths: dict[str, Path] | None = None,
        settings: QSettings | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(run, parent)
        self.client = client
        self.meeting_id = meeting_id
        self.signing_keys = SigningKeys(client, settings, key_paths=key_paths)
        self.decisions: list[DecisionInfo] = []
        self.busy = False
        roles = client.user.roles if client.user is not None else []
        self.permissions = global_permissions(roles)
        #: Meetings in which the user may put documents up for signing.
        self.prepare_meetings: list[MeetingChoice] = []
        self.meetings_loaded = False
        #: A decision just prepared, to select once the list shows it.
        self.prepared_id: int | None = None

    # --- state ----------------------------------------------------------------------------

    @property
    def user_id(self) -> int | None:
        return self.client.user.id if self.client.user is not None else None

    def key_path(self, kind: str) -> Path:
        """The PKCS#12 file used for ``kind`` ("signing" | "seal") when it is a file."""
        return self.signing_keys.key_file(kind)

    def key_path_for(self, action: str) -> Path:
        return self.key_path(KEY_KIND[action])

    def uses_token_for(self, action: str) -> bool:
        """True when ``action`` signs with a USB token (ask for its PIN)."""
        return self.signing_keys.uses_token(KEY_KIND[action])

    def key_where_for(self, action: str) -> str:
        """The key file's path, or the token and key, that ``action`` signs with."""
        return self.signing_keys.where(KEY_KIND[action])

    def find(self, decision_id: int) -> DecisionInfo | None:
        return next((d for d in self.decisions if d.decision_id == decision_id), None)

    def can_sign(self, d: DecisionInfo) -> bool:
        return (
            d.state is DecisionState.AWAITING_SIGNATURE
            and d.signer_user_id is not None
            and d.signer_user_id == self.user_id
        )

    def can_seal(self, d: DecisionInfo) -> bool:
        return "seal.apply" in self.permissions and d.state is DecisionState.AWAITING_SEAL

    def can_copy(self, d: DecisionInfo) -> bool:
        return "seal.apply" in self.permissions and d.state is DecisionState.ISSUED

    @property
    def can_prepare(self) -> bool:
        """Whether to offer "Put up for signing…" (``decision.prepare`` in a meeting)."""
        return bool(self.prepare_meetings)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)

    # --- reading --------------------------------------------------------------------------

    def refresh(self) -> None:
        meeting_id = self.meeting_id
        if meeting_id is None:
            coro = flow.list_decisions(self.client, waiting_for_me=True)
        else:
            coro = flow.list_decisions(self.client, meeting_id)
        self._submit(coro, lambda found: self._on_listed(meeting_id, found))

    def _on_listed(self, meeting_id: int | None, decisions: list[DecisionInfo]) -> None:
        if meeting_id != self.meeting_id:
            return  # the list was switched to another meeting meanwhile
        self.decisions = decisions
        self.decisions_changed.emit()

    def show_meeting(self, meeting_id: int | None) -> None:
        """List the decisions of ``meeting_id``, or (None) those waiting for me."""
        if meeting_id != self.meeting_id:
            self.meeting_id = meeting_id
            self.decisions = []
            self.scope_changed.emit()
            self.decisions_changed.emit()
        self.refresh()

    def load_meetings(self) -> None:
        """Find the meetings in which the user may prepare decisions (``can_prepare``)."""
        self._submit(self.client.list_meetings(), self._on_meetings)

    def _on_meetings(self, listed: list[MeetingSummary]) -> None:
        roles = self.client.user.roles if self.client.user is not None else []
        self.prepare_meetings = preparable_meetings(listed, roles)
        self.meetings_loaded = True
        self.meetings_changed.emit()

    # --- preparing (the secretariat) --------------------------------------------------------

    def prepare_model(self) -> DecisionPrepareViewModel:
        """The view model of a new "Put up for signing…" dialog (the caller owns it)."""
        return DecisionPrepareViewModel(self.client, self._run, meetings=self.prepare_meetings)

    def show_prepared(self, info: DecisionInfo) -> None:
        """Show the decision just prepared, among its meeting's decisions."""
        self.prepared_id = info.decision_id
        self.show_meeting(info.meeting_id)

    def download(self, decision_id: int) -> None:
        """Fetch the current revision; ``document_ready(bytes, filename)`` follows."""
        found = self.find(decision_id)
        name = found.filename if found is not None else f"decision-{decision_id}.pdf"
        self._submit(
            flow.download(self.client, decision_id),
            lambda data: self.document_ready.emit(bytes(data), name),
        )

    # --- signing --------------------------------------------------------------------------

    def sign(self, decision_id: int, secret: str) -> None:
        """Sign as the designated signer with the "signing" key (``secret``: the key
        file's passphrase or the token's PIN)."""
        self._act(
            "sign",
            decision_id,
            secret,
            lambda signer, report: flow.sign(self.client, decision_id, signer, report),
        )

    def seal(self, decision_id: int, secret: str) -> None:
        """Apply the organisation seal with the "seal" key (``seal.apply``)."""
        self._act(
            "seal",
            decision_id,
            secret,
            lambda signer, report: flow.seal(self.client, decision_id, signer, report),
        )

    def copy(
        self,
        decision_id: int,
        copy_type: str,
        secret: str,
        number_symbol: str = "",
        pages: str = "",
    ) -> None:
        """Make an electronic copy of an issued decision with the "seal" key; an extract
        copy (TRÍCH SAO) holds the ``pages`` named (e.g. "1-2,5")."""
        if copy_takes_pages(copy_type) and page_range_problem(pages):
            self.failed.emit(page_range_problem(pages))
            return
        self._act(
            "copy",
            decision_id,
            secret,
            lambda signer, report: flow.copy(
                self.client,
                decision_id,
                signer,
                copy_type,
                number_symbol,
                report,
                pages=pages if copy_takes_pages(copy_type) else "",
            ),
        )

    def _act(
        self,
        action: str,
        decision_id: int,
        secret: str,
        work: Callable[[Any, flow.Progress], Coroutine[Any, Any, DecisionInfo]],
    ) -> None:
        if self.busy:
            return
        kind = KEY_KIND[action]
        if not secret:
            self.failed.emit(self.signing_keys.missing_secret(kind))
            return
        self._set_busy(True)

        async def run() -> DecisionInfo:
            self.progress_changed.emit("key", 0, 1)
            async with self.signing_keys.opened(secret, kind) as signer:
                self.progress_changed.emit("key", 1, 1)
                return await work(signer, self._report)

        self._submit(run(), lambda _info: self._on_done(decision_id), self._on_failed)

    def _report(self, step: str, done: int, total: int) -> None:
        try:
            self.progress_changed.emit(step, done, total)
        except RuntimeError:  # the view model is gone
            pass

    def _on_done(self, decision_id: int) -> None:
        self._set_busy(False)
        self.signed.emit(decision_id)
        self.refresh()

    def _on_failed(self, message: str) -> None:
        self._set_busy(False)
        self.failed.emit(message)
