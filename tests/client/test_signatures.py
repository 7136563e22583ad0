"""Validation of signed PDFs: what the signature panel reports, and when it says no."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

import msgspec
import pytest
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from desktop.client.signatures import (
    DERIVED_SUFFIX,
    UnreadablePdf,
    async_validate,
    derived_path,
    has_signatures,
    validate,
)
from desktop.client.signing import CallbackTimeStamper, apply_seal, sign_decision
from desktop.viewmodels.annotations import write_annotations
from protocol.annotations import Annotation
from protocol.signatures import Coverage, SignatureInfo, SignatureKind, overall
from server.domain import tsa
from server.domain.pki import Pki
from tests.client.conftest import (
    AUTHORITY,
    CHAIR,
    ORGANISATION,
    SigningKit,
    make_signer,
    new_csr,
)


def _tamper(pdf: bytes) -> bytes:
    """One byte changed inside a stream of the first (signed) revision."""
    at = pdf.index(b"stream", len(pdf) // 10) + 40
    data = bytearray(pdf)
    data[at] ^= 0x01
    return bytes(data)


async def _plain_pyhanko(pdf: bytes, signer: signers.Signer, field: str = "Signature1") -> bytes:
    """Signed the way any pyHanko user would: invisible, adbe.pkcs7.detached, no TSA."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    out = await signers.async_sign_pdf(
        writer, signers.PdfSignatureMetadata(field_name=field), signer=signer
    )
    return out.getvalue()


def test_a_changed_byte_breaks_every_signature(kit: SigningKit, signed_decision: bytes) -> None:
    infos = validate(_tamper(signed_decision), trust_roots=kit.trust_roots, crls=kit.crls())
    assert len(infos) == 3
    assert not any(i.intact for i in infos)
    assert not any(i.valid for i in infos)
    assert overall(infos) == "invalid"
    assert "ALTERED" in infos[0].summary


async def test_an_expired_certificate_is_reported(kit: SigningKit) -> None:
    signed = await kit.sign(kit.decision_pdf())  # a valid chair certificate
    short = kit.user("Lê Thành Long", days=1)
    signed = await _plain_pyhanko(signed, short, "member")
    later = datetime.now(UTC) + timedelta(days=3)
    infos = await async_validate(
        signed, trust_roots=kit.trust_roots, crls=kit.crls(), validation_time=later
    )
    chair, member = infos
    assert member.signer_name == "Lê Thành Long" and member.expired and not member.trusted
    assert member.intact
    assert "expired" in member.summary
    assert not chair.expired and chair.trusted
    now = await async_validate(signed, trust_roots=kit.trust_roots, crls=kit.crls())
    assert not now[1].expired and now[1].trusted


async def test_a_revoked_certificate_is_reported(kit: SigningKit, tmp_path: Path) -> None:
    key, csr = new_csr()
    cert = kit.pki.issue_user(csr, full_name="Trần Hồng Hà", position="Phó Thủ tướng", unit="")
    signed = await _plain_pyhanko(
        kit.decision_pdf(), make_signer(key, cert, kit.pki.ca_certificate)
    )
    before = await async_validate(signed, trust_roots=kit.trust_roots, crls=kit.crls())
    assert before[0].trusted and not before[0].revoked
    kit.pki.revoke(cert.serial_number, "key_compromise")
    after = await async_validate(signed, trust_roots=kit.trust_roots, crls=kit.crls())
    assert after[0].revoked and not after[0].trusted and after[0].intact
    assert overall(after) == "invalid"


async def test_a_plain_pyhanko_signature_is_shown_like_ours(kit: SigningKit) -> None:
    signed = await _plain_pyhanko(
        kit.decision_pdf(), kit.user("Bùi Thanh Sơn", unit="Bộ Ngoại giao")
    )
    (info,) = await async_validate(signed, trust_roots=kit.trust_roots, crls=kit.crls())
    assert (info.field, info.signer_name, info.unit) == (
        "Signature1",
        "Bùi Thanh Sơn",
        "Bộ Ngoại giao",
    )
    assert info.kind == SignatureKind.SIGNATURE
    assert info.valid and info.coverage == Coverage.ENTIRE_FILE and info.revision == 2
    assert not info.timestamped and info.signing_time and info.signing_time.endswith("+07:00")


async def test_a_signature_from_another_ca_is_intact_but_untrusted(
    kit: SigningKit, tmp_path: Path
) -> None:
    other = Pki.open(tmp_path / "other", "Cơ quan khác")
    key, csr = new_csr()
    cert = other.issue_user(csr, full_name="Người Lạ", position="", unit="")
    signed = await _plain_pyhanko(kit.decision_pdf(), make_signer(key, cert, other.ca_certificate))
    (info,) = await async_validate(signed, trust_roots=kit.trust_roots, crls=kit.crls())
    assert info.intact and not info.trusted and not info.revoked
    assert overall([info]) == "invalid"


async def test_unsigned_and_unreadable(kit: SigningKit) -> None:
    assert await async_validate(kit.decision_pdf(), trust_roots=kit.trust_roots, crls=[]) == []
    assert overall([]) == "unsigned"
    assert not has_signatures(kit.decision_pdf())
    with pytest.raises(UnreadablePdf):
        await async_validate(b"not a pdf at all", trust_roots=kit.trust_roots, crls=[])


def test_a_three_signature_decision_validates_in_one_call(
    kit: SigningKit, signed_decision: bytes
) -> None:
    member = kit.user("Nguyễn Chí Dũng", unit="Bộ Kế hoạch và Đầu tư")
    three = asyncio.run(_plain_pyhanko(signed_decision, member, "member"))
    infos = validate(three, trust_roots=kit.trust_roots, crls=kit.crls())
    assert [i.signer_name for i in infos if i.kind != SignatureKind.TIMESTAMP] == [
        CHAIR,
        "Văn phòng Chính phủ",
        "Nguyễn Chí Dũng",
    ]
    assert all(i.valid for i in infos), [i.summary for i in infos]


# --- long-term validation: valid at the time of signing -------------------------------

LATER = timedelta(days=3)  # the short-lived certificates below have expired by then


def _stamper(kit: SigningKit, shift: timedelta = timedelta(0)) -> CallbackTimeStamper:
    """The organisation's TSA, its clock ``shift`` away from now."""

    async def post(request: bytes) -> bytes:
        return tsa.stamp(kit.pki, request, now=datetime.now(UTC) + shift)

    return CallbackTimeStamper(post)


async def _sign_bt(
    kit: SigningKit, signer: signers.Signer, *, shift: timedelta = timedelta(0)
) -> bytes:
    """The decision signed PAdES B-T, the timestamp saying now + ``shift``."""
    writer = IncrementalPdfFileWriter(BytesIO(kit.decision_pdf()))
    out = await signers.async_sign_pdf(
        writer,
        signers.PdfSignatureMetadata(field_name="member", subfilter=fields.SigSeedSubFilter.PADES),
        signer=signer,
        timestamper=_stamper(kit, shift),
    )
    return out.getvalue()


def _short_lived(kit: SigningKit, name: str, *, revoked: bool = False) -> signers.Signer:
    """A signer whose certificate is valid for one day (revoked at once if asked)."""
    key, csr = new_csr()
    cert = kit.pki.issue_user(csr, full_name=name, position="Bộ trưởng", unit="", days=1)
    if revoked:
        kit.pki.revoke(cert.serial_number, "key_compromise")
    return make_signer(key, cert, kit.pki.ca_certificate)


@pytest.fixture(scope="module")
def short_lived_decision(kit: SigningKit) -> bytes:
    """A decision signed (B-T) and sealed (B-LTA) with certificates valid for one day."""
    seal_key, seal_csr = new_csr()
    seal_cert = kit.pki.issue_seal(seal_csr, organisation=ORGANISATION, days=1)

    async def make() -> bytes:
        signed = await sign_decision(
            kit.decision_pdf(),
            signer=_short_lived(kit, CHAIR),
            authority_lines=AUTHORITY,
            full_name=CHAIR,
            signature_png=kit.signature_png,
            timestamper=kit.timestamper(),
        )
        return await apply_seal(
            signed,
            signer=make_signer(seal_key, seal_cert, kit.pki.ca_certificate),
            seal_png=kit.seal_png,
            organisation=ORGANISATION,
            timestamper=kit.timestamper(),
            trust_roots=kit.trust_roots,
            crls=kit.crls(),
        )

    return asyncio.run(make())


def test_certificates_that_expired_after_signing_were_valid_when_signed(
    kit: SigningKit, short_lived_decision: bytes
) -> None:
    now = validate(short_lived_decision, trust_roots=kit.trust_roots, crls=kit.crls())
    assert overall(now) == "valid"
    assert not any(i.expired or i.checked_at_signing for i in now)

    later = datetime.now(UTC) + LATER
    chair, seal, stamp = validate(
        short_lived_decision, trust_roots=kit.trust_roots, crls=kit.crls(), validation_time=later
    )
    for info in (chair, seal):  # B-T signature, B-LTA seal: both timestamped while valid
        assert info.valid and info.trusted and info.intact and info.timestamped, info.summary
        assert info.expired and info.checked_at_signing and not info.revoked
        assert "certificate expired after signing" in info.summary
        assert "valid at the time of signing" in info.summary
    assert chair.signer_name == CHAIR and seal.kind == SignatureKind.SEAL and seal.long_term
    assert stamp.kind == SignatureKind.TIMESTAMP and stamp.valid and not stamp.checked_at_signing
    assert overall([chair, seal, stamp]) == "valid"
    # what the server stores and sends: the same on the wire
    wire = msgspec.json.encode([chair, seal, stamp])
    assert msgspec.json.decode(wire, type=list[SignatureInfo]) == [chair, seal, stamp]


def test_a_changed_byte_breaks_an_expired_signature_too(
    kit: SigningKit, short_lived_decision: bytes
) -> None:
    later = datetime.now(UTC) + LATER
    infos = validate(
        _tamper(short_lived_decision),
        trust_roots=kit.trust_roots,
        crls=kit.crls(),
        validation_time=later,
    )
    assert len(infos) == 3 and not any(i.intact or i.valid for i in infos)
    assert not any(i.checked_at_signing for i in infos)
    assert "ALTERED" in infos[0].summary and overall(infos) == "invalid"


async def test_a_signature_timestamped_after_the_certificate_expired_is_expired(
    kit: SigningKit,
) -> None:
    signed = await _sign_bt(kit, _short_lived(kit, "Lê Minh Khái"), shift=timedelta(days=2))
    (info,) = await async_validate(
        signed,
        trust_roots=kit.trust_roots,
        crls=kit.crls(),
        validation_time=datetime.now(UTC) + LATER,
    )
    assert info.timestamped and info.intact  # the timestamp itself is genuine
    assert info.expired and not info.trusted and not info.valid
    assert not info.checked_at_signing
    assert "signed after the certificate expired" in info.summary
    assert overall([info]) == "invalid"


async def test_a_certificate_revoked_before_the_timestamp_stays_revoked(
    kit: SigningKit,
) -> None:
    signer = _short_lived(kit, "Trần Lưu Quang", revoked=True)
    signed = await _sign_bt(kit, signer, shift=timedelta(hours=1))
    for when in (None, datetime.now(UTC) + LATER):  # still valid now; expired since
        (info,) = await async_validate(
            signed, trust_roots=kit.trust_roots, crls=kit.crls(), validation_time=when
        )
        assert info.timestamped and info.intact
        assert info.revoked and not info.trusted and not info.valid, info.summary
        assert not info.checked_at_signing and info.revoked_after_signing is None
        assert overall([info]) == "invalid"


async def test_a_certificate_revoked_after_signing_leaves_the_signature_valid(
    kit: SigningKit,
) -> None:
    key, csr = new_csr()
    cert = kit.pki.issue_user(csr, full_name="Hồ Đức Phớc", position="Phó Thủ tướng", unit="")
    # timestamped two minutes ago (the certificate is five minutes old), revoked now
    signed = await _sign_bt(
        kit, make_signer(key, cert, kit.pki.ca_certificate), shift=timedelta(minutes=-2)
    )
    kit.pki.revoke(cert.serial_number, "superseded")
    (info,) = await async_validate(signed, trust_roots=kit.trust_roots, crls=kit.crls())
    assert info.valid and info.trusted and not info.revoked, info.summary
    assert info.checked_at_signing and info.revoked_after_signing
    assert info.revoked_after_signing > (info.signing_time or "")
    assert "certificate revoked after signing" in info.summary
    # without the timestamp nothing proves when it was signed: see the revoked test above


# --- annotations never go into the signed decision ---------------------------------------


def _note() -> Annotation:
    return Annotation(
        annotation_id="a1",
        version_id=1,
        base_sha256="0" * 64,
        page=1,
        kind="note",
        rects=[[100.0, 700.0, 120.0, 720.0]],
        text="Cần xem lại điều 3",
        author_id=1,
        author_name="Thư ký",
        created_at="2026-02-05T09:00:00+07:00",
        updated_at="2026-02-05T09:00:00+07:00",
    )


def test_annotated_copy_of_a_signed_decision_is_a_separate_file(
    kit: SigningKit, signed_decision: bytes, tmp_path: Path
) -> None:
    original = tmp_path / "Nghị quyết 12.pdf"
    original.write_bytes(signed_decision)
    annotated = write_annotations(signed_decision, [_note()])
    # the signed revisions are kept byte for byte: the annotations come after them
    assert annotated.startswith(signed_decision) and len(annotated) > len(signed_decision)
    infos = validate(annotated, trust_roots=kit.trust_roots, crls=kit.crls())
    assert all(i.intact and i.trusted for i in infos)
    assert overall(infos) == "modified"  # changed after signing, and says so
    target = derived_path(original)
    assert target.name == f"Nghị quyết 12{DERIVED_SUFFIX}.pdf"
    target.write_bytes(annotated)
    assert original.read_bytes() == signed_decision
    assert (
        overall(validate(original.read_bytes(), trust_roots=kit.trust_roots, crls=kit.crls()))
        == "valid"
    )
    # choosing the derived name again never replaces a signed file
    assert derived_path(target) != target
    assert derived_path(target).name == f"Nghị quyết 12{DERIVED_SUFFIX} 2.pdf"
