"""PAdES signature validation shared by the desktop client and the server.

``desktop.client.signatures`` (the signature panel, the archive, scripts) and the
server's check of an uploaded signed revision both validate the signatures of a PDF
with pyHanko against the organisation CA and its CRL.  This package is that common
part: :func:`check_signatures` (every signature and document timestamp of a reader,
one shared validation context, long-term validation at the proven signing time when
a certificate has expired or been revoked since) and :func:`faster_pyhanko`.

It imports neither ``desktop`` nor ``server`` (import-linter), does no I/O beyond the
bytes it is given and never fetches anything from the network.
"""

from pades.speedups import faster_pyhanko
from pades.validation import (
    VN,
    Checked,
    Trust,
    check_signatures,
    iso,
    load_certificates,
    load_crls,
)

__all__ = [
    "VN",
    "Checked",
    "Trust",
    "check_signatures",
    "faster_pyhanko",
    "iso",
    "load_certificates",
    "load_crls",
]
