"""What a validated PDF signature looks like, on the wire and in the signature panel.

:class:`SignatureInfo` is produced by ``desktop.client.signatures.validate`` (with
``pades.check_signatures``) and by the server when it checks an uploaded signed
revision; the viewer's signature panel and the archive show it as is.  Times are
ISO 8601 with the +07:00 offset of Asia/Ho_Chi_Minh.
"""

from __future__ import annotations

from enum import StrEnum

import msgspec


class SignatureKind(StrEnum):
    #: A person's approval signature (PAdES B-T).
    SIGNATURE = "signature"
    #: The organisation's seal (chữ ký số của cơ quan, tổ chức).
    SEAL = "seal"
    #: An RFC 3161 document timestamp (PAdES B-LTA archive timestamp).
    TIMESTAMP = "timestamp"


class Coverage(StrEnum):
    """How much of the file a signature covers (pyHanko's ``SignatureCoverageLevel``)."""

    ENTIRE_FILE = "entire document"
    ENTIRE_REVISION = "entire revision"
    CONTIGUOUS_BLOCK = "contiguous block from start"
    UNCLEAR = "unclear"


class SignatureInfo(msgspec.Struct, kw_only=True, frozen=True):
    """One signature (or document timestamp) of a PDF, as validated.

    ``intact``: the signed bytes are unchanged; ``trusted``: the signer's chain ends at
    a trusted root and was valid at the signing time; ``revoked``: revoked before the
    signature was made (or with no proof of when it was made); ``expired``: the
    certificate has expired (with ``trusted``: since the signature was made);
    ``coverage``: a :class:`Coverage` value;
    ``revision``: 1-based revision of the file the signature closes; ``docmdp_ok``:
    the changes made after the signature are allowed (form filling, later signatures,
    DSS/timestamps) and no page content was altered.
    """

    field: str
    signer_name: str
    unit: str = ""
    position: str = ""
    organisation: str = ""
    kind: SignatureKind = SignatureKind.SIGNATURE
    signing_time: str | None = None
    #: True when ``signing_time`` comes from a trusted RFC 3161 timestamp token.
    timestamped: bool = False
    intact: bool = False
    trusted: bool = False
    revoked: bool = False
    expired: bool = False
    coverage: str = Coverage.UNCLEAR
    revision: int = 0
    docmdp_ok: bool = False
    #: Long-term validation material (DSS + document timestamp) follows this signature.
    long_term: bool = False
    #: The certificate was checked at the signing time proven by a trusted timestamp,
    #: not now, because it no longer checks out now (expired or revoked since, or no
    #: current revocation data): ``trusted`` then means "valid at the time of signing".
    checked_at_signing: bool = False
    #: When the certificate was revoked, if that happened after signing (ISO time).
    revoked_after_signing: str | None = None
    summary: str = ""

    @property
    def valid(self) -> bool:
        """Intact, trusted and with no forbidden change after it."""
        return self.intact and self.trusted and self.docmdp_ok and not self.revoked


def overall(signatures: list[SignatureInfo]) -> str:
    """The document's badge: ``"unsigned"``; ``"valid"`` (every signature valid);
    ``"modified"`` (every signature intact and trusted, but the file was changed after
    signing, e.g. an annotated copy); ``"invalid"`` (a signature is altered, untrusted,
    revoked or unreadable)."""
    if not signatures:
        return "unsigned"
    if all(s.valid for s in signatures):
        return "valid"
    if all(s.intact and s.trusted and not s.revoked for s in signatures):
        return "modified"
    return "invalid"
