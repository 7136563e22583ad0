"""Keys and certificates: certificate requests, the CA's public material, time stamps,
signature and seal images.

Private keys never travel: the client sends a PKCS#10 request (PEM) that proves it holds
the key; the server's CA certifies it with the subject from the user's account.  Binary
fields (``bytes``) travel base64-encoded; convert a result with ``msgspec.convert``
into the ``*Result`` struct to get ``bytes`` back.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from protocol.envelope import Command

#: Signature and seal images: PNG with an alpha channel, at most this many bytes.
MAX_IMAGE_BYTES = 512 * 1024
#: ... and at most this many pixels on a side.
MAX_IMAGE_SIDE = 4000

CertificateKind = Literal["signing", "seal", "tsa", "server", "record"]
CertificateStatus = Literal["valid", "revoked", "expired"]


class CertificateRequest(Command, tag="certificate.request", frozen=True):
    """Ask the CA to certify a key.  ``kind`` "signing": a personal signing certificate
    (``certificate.request``); "seal": the organisation seal (``seal.apply``).
    ``tls_client`` also allows the certificate for TLS client authentication."""

    csr_pem: Annotated[str, msgspec.Meta(max_length=16_384)]
    kind: Literal["signing", "seal"] = "signing"
    tls_client: bool = False


class CertificateIssued(msgspec.Struct, kw_only=True, frozen=True):
    """The result of ``certificate.request``."""

    serial: str
    certificate_pem: str
    #: The CA certificate(s) above it, PEM.
    chain_pem: str


class CertificateInfo(msgspec.Struct, kw_only=True, frozen=True):
    serial: str
    user_id: int | None
    kind: CertificateKind
    subject: str
    #: The subject's common name (full name, or organisation for a seal).
    common_name: str
    not_before: str
    not_after: str
    status: CertificateStatus
    revoked_at: str | None = None
    revocation_reason: str | None = None
    certificate_pem: str = ""


class CertificateList(Command, tag="certificate.list", frozen=True):
    """One's own certificates; with ``everyone`` (``certificate.manage``) all of them."""

    everyone: bool = False


class CertificateListResult(msgspec.Struct, kw_only=True, frozen=True):
    certificates: list[CertificateInfo]


class CertificateRevoke(Command, tag="certificate.revoke", frozen=True):
    """Revoke a certificate (``certificate.manage``).  ``reason`` is an RFC 5280 reason
    name: unspecified, key_compromise, affiliation_changed, superseded,
    cessation_of_operation, certificate_hold, privilege_withdrawn, aa_compromise,
    ca_compromise."""

    serial: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{1,60}$")]
    reason: str = "unspecified"


class PkiInfo(Command, tag="pki.info", frozen=True):
    """The CA certificate, a fresh CRL and where to get time stamps."""


class PkiInfoResult(msgspec.Struct, kw_only=True, frozen=True):
    ca_pem: str
    #: SHA-256 of the CA certificate, colon-separated hex (what users compare).
    ca_fingerprint: str
    crl_der: bytes
    #: An outside TSA configured by the deployment; None: use ``tsa.stamp``.
    tsa_url: str | None = None
    organisation: str = ""


class TsaStamp(Command, tag="tsa.stamp", frozen=True):
    """An RFC 3161 time-stamp request (DER ``TimeStampReq``)."""

    request: Annotated[bytes, msgspec.Meta(max_length=8192)]


class TsaStampResult(msgspec.Struct, kw_only=True, frozen=True):
    #: DER ``TimeStampResp`` (a ``rejection`` status when the request was refused).
    response: bytes


class ProfileSetSignatureImage(Command, tag="profile.set_signature_image", frozen=True):
    """Upload one's own signature image: PNG with transparency, ≤ 512 KiB."""

    png: bytes


class ProfileGetSignatureImage(Command, tag="profile.get_signature_image", frozen=True):
    """A user's signature image (default: one's own); ``png`` is None when none is set."""

    user_id: int | None = None


class ImageResult(msgspec.Struct, kw_only=True, frozen=True):
    png: bytes | None
    sha256: str | None = None
    user_id: int | None = None
    organisation: str | None = None


class SealSetImage(Command, tag="seal.set_image", frozen=True):
    """Upload the organisation's seal image (``seal.apply`` or ``certificate.manage``):
    PNG with transparency, ≤ 512 KiB, drawn at real size (about 40 mm across)."""

    png: bytes


class SealGetImage(Command, tag="seal.get_image", frozen=True):
    """The organisation's seal image (``seal.apply`` or ``certificate.manage``)."""
