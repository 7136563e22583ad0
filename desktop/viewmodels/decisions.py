"""Decisions to sign (Decree 30): the list, and signing, sealing and copying one.

:class:`DecisionsViewModel` lists a meeting's decisions (``meeting_id``) or those waiting
for the logged-in user (``meeting_id=None``: ``waiting_for_me``).  :meth:`sign`,
:meth:`seal` and :meth:`copy` open the user's PKCS#12 key file (``keys.default_key_path``
of kind "signing" or "seal", in a worker thread: PBKDF2 is slow), run the headless flow
of ``desktop.client.decisions`` and report ``progress_changed(step, done, total)``, then
``signed(decision_id)`` (after a signature, seal or copy) or ``failed(message)``: a
wrong passphrase and a missing key file get their own translated sentence.  Nothing is
awaited inside a slot: every call goes through the injected runner.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop.client import Client, keys
from desktop.client import decisions as flow
from desktop.viewmodels.session import CommandRunner, Runner
from protocol.decisions import CopyType, DecisionInfo, DecisionKind, DecisionState
from protocol.errors import ProtocolError
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
        parent: QObject | None = None,
    ) -> None:
        super().__init__(run, parent)
        self.client = client
        self.meeting_id = meeting_id
        self._key_paths = dict(key_paths or {})
        self.decisions: list[DecisionInfo] = []
        self.busy = False
        roles = client.user.roles if client.user is not None else []
        self.permissions = global_permissions(roles)

    # --- state ----------------------------------------------------------------------------

    @property
    def user_id(self) -> int | None:
        return self.client.user.id if self.client.user is not None else None

    def key_path(self, kind: str) -> Path:
        """The PKCS#12 file used for ``kind`` ("signing" | "seal")."""
        if kind in self._key_paths:
            return self._key_paths[kind]
        username = self.client.user.username if self.client.user else "default"
        return keys.default_key_path(username, kind)

    def key_path_for(self, action: str) -> Path:
        return self.key_path(KEY_KIND[action])

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

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)

    # --- reading --------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.meeting_id is None:
            coro = flow.list_decisions(self.client, waiting_for_me=True)
        else:
            coro = flow.list_decisions(self.client, self.meeting_id)
        self._submit(coro, self._on_listed)

    def _on_listed(self, decisions: list[DecisionInfo]) -> None:
        self.decisions = decisions
        self.decisions_changed.emit()

    def download(self, decision_id: int) -> None:
        """Fetch the current revision; ``document_ready(bytes, filename)`` follows."""
        found = self.find(decision_id)
        name = found.filename if found is not None else f"decision-{decision_id}.pdf"
        self._submit(
            flow.download(self.client, decision_id),
            lambda data: self.document_ready.emit(bytes(data), name),
        )

    # --- signing --------------------------------------------------------------------------

    def sign(self, decision_id: int, passphrase: str) -> None:
        """Sign as the designated signer with the "signing" key file."""
        self._act(
            "sign",
            decision_id,
            passphrase,
            lambda signer, report: flow.sign(self.client, decision_id, signer, report),
        )

    def seal(self, decision_id: int, passphrase: str) -> None:
        """Apply the organisation seal with the "seal" key file (``seal.apply``)."""
        self._act(
            "seal",
            decision_id,
            passphrase,
            lambda signer, report: flow.seal(self.client, decision_id, signer, report),
        )

    def copy(
        self, decision_id: int, copy_type: str, passphrase: str, number_symbol: str = ""
    ) -> None:
        """Make an electronic copy of an issued decision with the "seal" key file."""
        self._act(
            "copy",
            decision_id,
            passphrase,
            lambda signer, report: flow.copy(
                self.client, decision_id, signer, copy_type, number_symbol, report
            ),
        )

    def _act(
        self,
        action: str,
        decision_id: int,
        passphrase: str,
        work: Callable[[Any, flow.Progress], Coroutine[Any, Any, DecisionInfo]],
    ) -> None:
        if self.busy:
            return
        if not passphrase:
            self.failed.emit(_tr("Enter the passphrase of your key file."))
            return
        path = self.key_path_for(action)
        self._set_busy(True)

        async def run() -> DecisionInfo:
            self.progress_changed.emit("key", 0, 1)
            try:
                signer = await asyncio.to_thread(keys.load_signer, path, passphrase)
            except keys.WrongPassphrase:
                raise _Explained(
                    _tr("Wrong passphrase for your signing key ({0}). Try again.").format(path)
                ) from None
            except keys.KeyFileMissing:
                raise _Explained(
                    _tr("You have no key file yet ({0}): create one in My certificate…").format(
                        path
                    )
                ) from None
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


class _Explained(ProtocolError):
    """A failure whose message is already a translated sentence for the user."""

    code = "key.unusable"
