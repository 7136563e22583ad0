"""Signature checking attached to a document viewer (meeting room and record windows)."""

from __future__ import annotations

from typing import Any


def attach_signatures(viewer: Any, document: Any, run: Any, client: Any) -> Any:
    """The signature badge and panel of ``viewer``: every PDF opened is validated against
    the organisation CA and its CRL (fetched once from the server), off the UI thread."""
    from desktop.viewmodels.signatures import SignaturesViewModel
    from desktop.widgets.signature_panel import attach_signature_panel

    signatures = SignaturesViewModel(run=run, parent=document)
    signatures.fetch_trust(client)
    attach_signature_panel(viewer, signatures)
    document.document_closed.connect(signatures.clear)
    return signatures
