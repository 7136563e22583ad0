"""The signatures of the open PDF, validated off the UI thread.

:meth:`SignaturesViewModel.check` hands the bytes to a worker thread that runs
``desktop.client.signatures.validate`` (pyHanko; seconds for a large file, never on the
UI thread); ``signatures_validated(list[SignatureInfo])`` follows on the UI thread, or
``validation_failed(message)`` for a file whose signatures cannot be read.  A newer
:meth:`check` (or :meth:`clear`) makes the result of an older one be dropped.

Trust: the organisation CA and its CRL (``pki.info``), given with :meth:`set_trust` or
fetched with :meth:`fetch_trust`; a change of trust validates the current file again.
"""

from __future__ import annotations

import asyncio
import base64
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop.client.signatures import UnreadablePdf, validate
from desktop.viewmodels.session import CommandRunner, Runner
from desktop.viewmodels.times import shown_time
from protocol.pki import PkiInfo
from protocol.signatures import Coverage, SignatureInfo, SignatureKind, overall


def _tr(text: str) -> str:
    return QCoreApplication.translate("Signatures", text)


def kind_label(kind: str) -> str:
    return {
        SignatureKind.SIGNATURE: _tr("Signature"),
        SignatureKind.SEAL: _tr("Organisation seal"),
        SignatureKind.TIMESTAMP: _tr("Document timestamp"),
    }.get(SignatureKind(kind), str(kind))


def coverage_label(info: SignatureInfo) -> str:
    """What the signature covers, e.g. "The whole document" / "Revision 2 (changed later)"."""
    if info.coverage == Coverage.ENTIRE_FILE:
        return _tr("The whole document")
    if info.coverage == Coverage.ENTIRE_REVISION:
        if info.docmdp_ok:
            return _tr("Revision {0}; later changes are allowed ones").format(info.revision)
        return _tr("Revision {0}; changed after signing").format(info.revision)
    return _tr("Part of the document only")


def trust_label(info: SignatureInfo) -> str:
    if info.revoked:
        return _tr("Certificate revoked")
    if info.trusted and info.revoked_after_signing:
        return _tr("Trusted (certificate revoked since)")
    if info.trusted and info.expired:
        return _tr("Trusted (certificate expired since)")
    if info.trusted:
        return _tr("Trusted")
    if info.expired:
        return _tr("Certificate expired")
    return _tr("Not trusted")


def details_label(info: SignatureInfo) -> str:
    """The selected signature in one translated paragraph: who, the verdict, when (and
    whether a timestamp proves it), trust, what it covers, long-term data."""
    who = info.signer_name or _tr("unknown signer")
    verdict = _tr("valid") if info.valid else _tr("NOT valid")
    parts = [_tr("{0} by {1}: {2}.").format(kind_label(info.kind), who, verdict)]
    if info.signing_time:
        when = (
            _tr("Signed at {0} (trusted timestamp).")
            if info.timestamped
            else _tr("Signed at {0} (signer's clock, no timestamp).")
        )
        parts.append(when.format(shown_time(info.signing_time)))
    parts.append(_tr("Intact.") if info.intact else _tr("Altered after signing."))
    parts.append(trust_label(info) + ".")
    if info.checked_at_signing:
        parts.append(_tr("Checked at the time of signing (long-term validation)."))
    parts.append(_tr("Covers: {0}.").format(coverage_label(info)))
    if info.long_term:
        parts.append(_tr("Long-term validation data is embedded (PAdES B-LTA)."))
    return " ".join(parts)


def state_label(state: str) -> str:
    """The badge's text for an :func:`protocol.signatures.overall` state."""
    return {
        "valid": _tr("Digitally signed, valid"),
        "modified": _tr("Signed, changed after signing"),
        "invalid": _tr("Signature not valid"),
        "unsigned": _tr("Not signed"),
        "checking": _tr("Checking signatures…"),
        "unknown": _tr("Signatures could not be checked"),
    }.get(state, state)


class SignaturesViewModel(CommandRunner):
    """The validated signatures of one PDF at a time (see the module docstring)."""

    signatures_validated = Signal(list)
    validation_failed = Signal(str)
    #: "checking", "valid", "modified", "invalid", "unsigned" or "unknown".
    state_changed = Signal(str)
    _delivered = Signal(int, object, str)

    def __init__(
        self,
        trust_roots: list[bytes] | None = None,
        crls: list[bytes] | None = None,
        *,
        run: Runner | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(run or asyncio.ensure_future, parent)
        self._trust_roots = list(trust_roots or [])
        self._crls = list(crls or [])
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="signatures")
        self._token = 0
        self._pdf: bytes | None = None
        self._signatures: list[SignatureInfo] = []
        self._state = "unsigned"
        self._delivered.connect(self._on_delivered)
        self.destroyed.connect(lambda *_: self._pool.shutdown(wait=False, cancel_futures=True))

    @property
    def signatures(self) -> list[SignatureInfo]:
        return list(self._signatures)

    @property
    def state(self) -> str:
        return self._state

    @property
    def has_trust(self) -> bool:
        return bool(self._trust_roots)

    def set_trust(self, trust_roots: list[bytes], crls: list[bytes]) -> None:
        """Trust these roots (PEM or DER) with these CRLs; validates the shown file again."""
        self._trust_roots, self._crls = list(trust_roots), list(crls)
        if self._pdf is not None:
            self.check(self._pdf)

    def fetch_trust(self, client: Any) -> None:
        """Ask the server (``pki.info``) for the CA and a fresh CRL, then :meth:`set_trust`."""

        def done(result: dict[str, Any]) -> None:
            crl = result.get("crl_der") or ""
            crls = [base64.b64decode(crl)] if isinstance(crl, str) and crl else []
            self.set_trust([str(result["ca_pem"]).encode()], crls)

        self._submit(client.call(PkiInfo), done=done)

    def check(self, pdf: bytes) -> None:
        """Validate ``pdf`` in the worker thread; the signals above follow."""
        self._pdf = pdf
        self._token += 1
        token, roots, crls = self._token, list(self._trust_roots), list(self._crls)
        self._set_state("checking")

        def job() -> None:
            try:
                result = validate(pdf, trust_roots=roots, crls=crls)
            except UnreadablePdf as exc:
                self._delivered.emit(token, None, exc.message)
            except Exception as exc:  # a bug must not kill the worker silently
                self._delivered.emit(token, None, _tr("Checking failed: {0}").format(exc))
            else:
                self._delivered.emit(token, result, "")

        self._pool.submit(job)

    def clear(self) -> None:
        """No document: forget the signatures (a pending check is dropped)."""
        self._token += 1
        self._pdf = None
        self._signatures = []
        self._set_state("unsigned")
        self.signatures_validated.emit([])

    def wait_idle(self, timeout: float = 30.0) -> None:
        """Block until the worker has finished what it was given (for tests and scripts)."""
        self._pool.submit(lambda: None).result(timeout)

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)

    def _on_delivered(self, token: int, result: object, message: str) -> None:
        if token != self._token:
            return
        if result is None:
            self._signatures = []
            self._set_state("unknown")
            self.validation_failed.emit(message)
            return
        assert isinstance(result, list)
        self._signatures = result
        self._set_state(overall(result))
        self.signatures_validated.emit(list(result))
