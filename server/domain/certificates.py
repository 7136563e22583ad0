"""Certificates, time stamps, signature and seal images: the handlers and their helpers.

* ``certificate.request`` — the CA certifies the caller's key; the subject comes from
  the account (full name, position, unit), never from the CSR.  Kind "signing" needs
  ``certificate.request``; kind "seal" (the organisation's seal) needs ``seal.apply``.
* ``certificate.list`` (own; everyone's with ``certificate.manage``),
  ``certificate.revoke`` (``certificate.manage``).
* ``pki.info``, ``tsa.stamp`` — any logged-in user.
* Signature image: one's own (set/get); reading someone else's needs
  ``certificate.manage`` or ``seal.apply``.  Seal image: ``seal.apply`` or
  ``certificate.manage``.

The CA's revocation index lives with the CA (``Pki``); the ``certificates`` table mirrors
it for listings.  :func:`revoke` keeps both in step (the CLI uses it too).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from typing import Any

import msgspec
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol import pki as msg
from protocol.errors import InvalidInput, NotFound, PermissionDenied
from protocol.permissions import global_permissions, require
from server.domain import tsa
from server.domain.context import Ctx, utcnow
from server.domain.dispatch import handles
from server.domain.pki import Pki, fingerprint
from server.domain.settings import Settings
from server.store.models import CertificateRecord, SealImage, SignatureImage, Unit, User


def open_pki(ctx: Ctx) -> Pki:
    """The CA of this server (``Settings.pki_dir``; created on first use)."""
    settings = ctx.settings
    assert isinstance(settings, Settings), "the composition root passes Settings"
    return Pki.open(settings.pki_dir)


# --- helpers shared with the CLI and other services -------------------------------------


def record(
    session: Session, cert: x509.Certificate, *, kind: str, user_id: int | None
) -> CertificateRecord:
    """Store an issued certificate in the ``certificates`` table."""
    row = CertificateRecord(
        serial=str(cert.serial_number),
        user_id=user_id,
        kind=kind,
        subject=cert.subject.rfc4514_string()[:1000],
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        pem=cert.public_bytes(serialization.Encoding.PEM).decode(),
    )
    session.add(row)
    session.flush()
    return row


def revoke(
    session: Session, pki: Pki, serial: int, reason: str = "unspecified", *, now: dt.datetime
) -> None:
    """Revoke ``serial`` in the CA's index and in the table (NotFound if never issued
    by this CA and not in the table)."""
    row = session.get(CertificateRecord, str(serial), with_for_update=True)
    if row is None and not _issued_here(pki, serial):
        raise NotFound(f"No certificate with serial {serial} was issued by this CA.")
    pki.revoke(serial, reason)
    if row is not None and row.revoked_at is None:
        row.revoked_at = now
        row.revocation_reason = reason


def _issued_here(pki: Pki, serial: int) -> bool:
    for stem in ("tsa", "record", "server"):
        path = pki.folder / f"{stem}.pem"
        if (
            path.exists()
            and x509.load_pem_x509_certificate(path.read_bytes()).serial_number == serial
        ):
            return True
    return False


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def info_of(
    row: CertificateRecord, now: dt.datetime, *, with_pem: bool = True
) -> msg.CertificateInfo:
    cert = x509.load_pem_x509_certificate(row.pem.encode())
    names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    status: msg.CertificateStatus = "valid"
    if row.revoked_at is not None:
        status = "revoked"
    elif _aware(row.not_after) < now:
        status = "expired"
    return msg.CertificateInfo(
        serial=row.serial,
        user_id=row.user_id,
        kind=row.kind,  # type: ignore[arg-type]
        subject=row.subject,
        common_name=str(names[0].value) if names else "",
        not_before=_aware(row.not_before).isoformat(),
        not_after=_aware(row.not_after).isoformat(),
        status=status,
        revoked_at=_aware(row.revoked_at).isoformat() if row.revoked_at else None,
        revocation_reason=row.revocation_reason,
        certificate_pem=row.pem if with_pem else "",
    )


def check_png(png: bytes, what: str) -> None:
    """Refuse anything but a real PNG ≤ 512 KiB, ≤ 4000 px a side, with transparency."""
    from PIL import Image, UnidentifiedImageError

    if len(png) > msg.MAX_IMAGE_BYTES:
        raise InvalidInput(
            f"The {what} is {len(png) // 1024} KiB; the limit is "
            f"{msg.MAX_IMAGE_BYTES // 1024} KiB. Save it smaller (e.g. 600 px wide)."
        )
    if not png.startswith(b"\x89PNG\r\n\x1a\n"):
        raise InvalidInput(f"The {what} must be a PNG file (with a transparent background).")
    try:
        with Image.open(io.BytesIO(png)) as image:
            width, height = image.size
            if max(width, height) > msg.MAX_IMAGE_SIDE:
                raise InvalidInput(
                    f"The {what} is {width}×{height} px; at most "
                    f"{msg.MAX_IMAGE_SIDE} px a side is accepted."
                )
            image.load()
            has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            lowest = image.convert("RGBA").getchannel("A").getextrema()[0] if has_alpha else 255
    except InvalidInput:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise InvalidInput(f"The {what} is not a readable PNG file.") from None
    if not has_alpha or lowest == 255:
        raise InvalidInput(
            f"The {what} has no transparent background; it would hide the text under it. "
            "Save it as a PNG with transparency."
        )


def signature_image(session: Session, user_id: int) -> bytes | None:
    row = session.get(SignatureImage, user_id)
    return row.png if row else None


def seal_image(session: Session) -> bytes | None:
    row = session.scalar(select(SealImage).order_by(SealImage.id.desc()).limit(1))
    return row.png if row else None


def set_seal_image(session: Session, png: bytes, *, organisation: str, by: int) -> None:
    check_png(png, "seal image")
    row = session.scalar(select(SealImage).order_by(SealImage.id.desc()).limit(1))
    if row is None:
        row = SealImage(id=1)
        session.add(row)
    row.organisation = organisation
    row.png = png
    row.sha256 = hashlib.sha256(png).hexdigest()
    row.updated_at = utcnow()
    row.updated_by = by


def set_signature_image(session: Session, user_id: int, png: bytes) -> str:
    check_png(png, "signature image")
    row = session.get(SignatureImage, user_id)
    if row is None:
        row = SignatureImage(user_id=user_id)
        session.add(row)
    row.png = png
    row.sha256 = hashlib.sha256(png).hexdigest()
    row.updated_at = utcnow()
    return row.sha256


# --- handlers -------------------------------------------------------------------------


def _out(result: msgspec.Struct) -> dict[str, Any]:
    """Results are plain JSON values (bytes as base64), the same in-process as on the
    wire; ``msgspec.convert(result, protocol.pki.<Result>)`` gives the typed struct."""
    out: dict[str, Any] = msgspec.to_builtins(result)
    return out


@handles(msg.CertificateRequest)
def request(ctx: Ctx, cmd: msg.CertificateRequest) -> dict[str, Any]:
    held = global_permissions(ctx.user.roles)
    require(held, "seal.apply" if cmd.kind == "seal" else "certificate.request")
    user = ctx.session.get(User, ctx.user.user_id)
    if user is None:
        raise NotFound("Your account no longer exists.")
    pki = open_pki(ctx)
    csr = cmd.csr_pem.encode()
    if cmd.kind == "seal":
        cert = pki.issue_seal(csr, organisation=pki.organisation)
    else:
        unit = ctx.session.get(Unit, user.unit_id) if user.unit_id else None
        cert = pki.issue_user(
            csr,
            full_name=user.full_name,
            position=user.position_title,
            unit=unit.name if unit else "",
            tls_client=cmd.tls_client,
        )
    record(ctx.session, cert, kind=cmd.kind, user_id=user.id)
    return _out(
        msg.CertificateIssued(
            serial=str(cert.serial_number),
            certificate_pem=cert.public_bytes(serialization.Encoding.PEM).decode(),
            chain_pem=pki.chain_pem().decode(),
        )
    )


@handles(msg.CertificateList, record=False)
def list_certificates(ctx: Ctx, cmd: msg.CertificateList) -> dict[str, Any]:
    query = select(CertificateRecord).order_by(CertificateRecord.not_before.desc())
    if cmd.everyone:
        require(global_permissions(ctx.user.roles), "certificate.manage")
    else:
        query = query.where(CertificateRecord.user_id == ctx.user.user_id)
    now = ctx.clock()
    rows = ctx.session.scalars(query).all()
    return _out(msg.CertificateListResult(certificates=[info_of(r, now) for r in rows]))


@handles(msg.CertificateRevoke)
def revoke_certificate(ctx: Ctx, cmd: msg.CertificateRevoke) -> dict[str, object]:
    require(global_permissions(ctx.user.roles), "certificate.manage")
    revoke(ctx.session, open_pki(ctx), int(cmd.serial), cmd.reason, now=ctx.clock())
    return {"serial": cmd.serial, "revoked": True}


@handles(msg.PkiInfo, record=False)
def pki_info(ctx: Ctx, cmd: msg.PkiInfo) -> dict[str, Any]:
    ctx.user  # noqa: B018 - logged in
    pki = open_pki(ctx)
    settings = ctx.settings
    return _out(
        msg.PkiInfoResult(
            ca_pem=pki.ca_pem().decode(),
            ca_fingerprint=fingerprint(pki.ca_certificate),
            crl_der=pki.crl_der(),
            tsa_url=settings.tsa_url if isinstance(settings, Settings) else None,
            organisation=pki.organisation,
        )
    )


@handles(msg.TsaStamp, record=False)
def tsa_stamp(ctx: Ctx, cmd: msg.TsaStamp) -> dict[str, Any]:
    ctx.user  # noqa: B018 - logged in
    return _out(msg.TsaStampResult(response=tsa.stamp(open_pki(ctx), cmd.request)))


@handles(msg.ProfileSetSignatureImage)
def set_signature(ctx: Ctx, cmd: msg.ProfileSetSignatureImage) -> dict[str, object]:
    digest = set_signature_image(ctx.session, ctx.user.user_id, cmd.png)
    return {"sha256": digest}


def _may_read_others(ctx: Ctx) -> bool:
    held = global_permissions(ctx.user.roles)
    return bool({"certificate.manage", "seal.apply"} & held)


@handles(msg.ProfileGetSignatureImage, record=False)
def get_signature(ctx: Ctx, cmd: msg.ProfileGetSignatureImage) -> dict[str, Any]:
    user_id = ctx.user.user_id if cmd.user_id is None else cmd.user_id
    if user_id != ctx.user.user_id and not _may_read_others(ctx):
        raise PermissionDenied(
            "You may only read your own signature image (the clerical office and "
            "administrators may read others')."
        )
    if ctx.session.get(User, user_id) is None:
        raise NotFound(f"User {user_id} does not exist.")
    row = ctx.session.get(SignatureImage, user_id)
    return _out(
        msg.ImageResult(
            png=row.png if row else None, sha256=row.sha256 if row else None, user_id=user_id
        )
    )


def _require_seal_keeper(ctx: Ctx) -> None:
    held = global_permissions(ctx.user.roles)
    if "certificate.manage" not in held:
        require(held, "seal.apply")


@handles(msg.SealSetImage)
def set_seal(ctx: Ctx, cmd: msg.SealSetImage) -> dict[str, object]:
    _require_seal_keeper(ctx)
    pki = open_pki(ctx)
    set_seal_image(ctx.session, cmd.png, organisation=pki.organisation, by=ctx.user.user_id)
    return {"sha256": hashlib.sha256(cmd.png).hexdigest()}


@handles(msg.SealGetImage, record=False)
def get_seal(ctx: Ctx, cmd: msg.SealGetImage) -> dict[str, Any]:
    _require_seal_keeper(ctx)
    row = ctx.session.scalar(select(SealImage).order_by(SealImage.id.desc()).limit(1))
    return _out(
        msg.ImageResult(
            png=row.png if row else None,
            sha256=row.sha256 if row else None,
            organisation=row.organisation if row else None,
        )
    )
