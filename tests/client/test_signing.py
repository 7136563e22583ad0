"""Decree 30 signing, proved from outside: pyHanko, poppler's pdfsig, qpdf and pixels.

The decision is a real PDF (``make_pdf`` / ``administrative_pdf``), the CA, seal and TSA
are the server's own (``server.domain.pki``, ``server.domain.tsa``), the pages are
rendered with poppler's ``pdftoppm`` and checked region by region.  Set
``ECABINET_WRITE_RENDERS=1`` to refresh ``docs/screenshots/signed_*.png``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PIL import Image
from pypdf import PdfReader, PdfWriter

from desktop.client import appearances, fonts
from desktop.client.signatures import async_validate, validate
from desktop.client.signing import SigningError, apply_seal, sign_decision, stamp_copy
from protocol.signatures import Coverage, SignatureKind, overall
from server.domain.admin_pdf import SignatureBlock, administrative_pdf
from tests.client.conftest import AUTHORITY, CHAIR, ORGANISATION, SigningKit

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DPI = 144
SCALE = DPI / 72


def render(pdf: bytes, page: int, tmp_path: Path) -> Image.Image:
    """Page ``page`` (0-based) rendered by pdftoppm at :data:`DPI`."""
    source = tmp_path / "render.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-f", str(page + 1), "-l", str(page + 1), "-png",
         "-singlefile", str(source), str(tmp_path / "page")],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return Image.open(tmp_path / "page.png").convert("RGB")


def fields(pdf: bytes) -> dict[str, tuple[int, tuple[float, float, float, float]]]:
    """Signature field name -> (page index, rect)."""
    reader = PdfReader(BytesIO(pdf))
    out = {}
    for index, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/FT") == "/Sig":
                out[str(a["/T"])] = (index, tuple(float(v) for v in a["/Rect"]))
    return out


def to_pixels(image: Image.Image, rect: tuple[float, float, float, float]) -> tuple[int, ...]:
    x1, y1, x2, y2 = rect
    h = image.height
    return int(x1 * SCALE), int(h - y2 * SCALE), int(x2 * SCALE), int(h - y1 * SCALE)


def count(image: Image.Image, box: tuple[int, ...], test) -> int:
    region = image.crop(box)
    return sum(1 for px in region.get_flattened_data() if test(*px))


def blue(r: int, g: int, b: int) -> bool:
    return b > 150 and r < 90 and g < 120


def red(r: int, g: int, b: int) -> bool:
    return r > 170 and g < 80 and b < 80


def dark(r: int, g: int, b: int) -> bool:
    return r < 90 and g < 90 and b < 90


def blue_bounds(image: Image.Image, box: tuple[int, ...]) -> tuple[int, int, int, int]:
    region = image.crop(box)
    xs, ys = [], []
    for i, px in enumerate(region.get_flattened_data()):
        if blue(*px):
            xs.append(i % region.width)
            ys.append(i // region.width)
    assert xs, "no blue signature pixels in the signer's box"
    return box[0] + min(xs), box[1] + min(ys), box[0] + max(xs), box[1] + max(ys)


def pdftotext(pdf: bytes, tmp_path: Path, page: int) -> str:
    source = tmp_path / "text.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-f", str(page + 1), "-l", str(page + 1), str(source), "-"],
        check=True, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    return result.stdout


def save_reference(image: Image.Image, name: str) -> None:
    if os.environ.get("ECABINET_WRITE_RENDERS") == "1":
        image.save(SCREENSHOTS / name, optimize=True)


# --- validation by pyHanko, pdfsig and qpdf ---------------------------------------------


def test_sign_then_seal_validates_in_pyhanko(kit: SigningKit, signed_decision: bytes) -> None:
    infos = validate(signed_decision, trust_roots=kit.trust_roots, crls=kit.crls())
    assert [i.kind for i in infos] == [
        SignatureKind.SIGNATURE,
        SignatureKind.SEAL,
        SignatureKind.TIMESTAMP,
    ]
    chair, seal, stamp = infos
    assert (chair.signer_name, chair.position, chair.unit) == (CHAIR, "Thủ tướng", "Chính phủ")
    assert chair.field == "ecabinet_signature" and seal.field == "ecabinet_seal"
    assert seal.signer_name == ORGANISATION
    for info in infos:
        assert info.intact and info.trusted and info.docmdp_ok, info.summary
        assert not info.revoked and not info.expired
        assert info.signing_time is not None and info.signing_time.endswith("+07:00")
    assert chair.timestamped and seal.timestamped
    assert chair.coverage == Coverage.ENTIRE_REVISION
    assert chair.long_term and seal.long_term  # a document timestamp follows both
    assert chair.revision < seal.revision < stamp.revision
    assert overall(infos) == "valid"


def test_both_fields_exist_before_the_first_signature(signed_only: bytes) -> None:
    reader = PdfReader(BytesIO(signed_only))
    names = {str(a.get_object()["/T"]): a.get_object() for a in reader.pages[-1]["/Annots"]}
    assert "/V" in names["ecabinet_signature"] and "/V" not in names["ecabinet_seal"]


def test_pdfsig_validates_with_the_test_ca_trusted(
    kit: SigningKit, signed_decision: bytes, tmp_path: Path
) -> None:
    if not (shutil.which("pdfsig") and shutil.which("certutil")):
        pytest.skip("poppler-utils and libnss3-tools are needed (apt-get install ...)")
    nss = tmp_path / "nss"
    nss.mkdir()
    (tmp_path / "ca.pem").write_bytes(kit.pki.ca_pem())
    subprocess.run(["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"], check=True)
    subprocess.run(
        ["certutil", "-A", "-n", "ca", "-t", "CT,C,C", "-d", f"sql:{nss}",
         "-i", str(tmp_path / "ca.pem")],
        check=True,
    )  # fmt: skip
    (tmp_path / "signed.pdf").write_bytes(signed_decision)
    out = subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{nss}", str(tmp_path / "signed.pdf")],
        capture_output=True, text=True, timeout=60,
    ).stdout  # fmt: skip
    assert out.count("Signature Validation: Signature is Valid.") == 2, out
    assert out.count("Certificate Validation: Certificate is Trusted.") == 2, out
    assert "Phạm Minh Chính" in out and "ecabinet_seal" in out


def test_qpdf_finds_no_errors(signed_decision: bytes, tmp_path: Path) -> None:
    (tmp_path / "signed.pdf").write_bytes(signed_decision)
    result = subprocess.run(
        ["qpdf", "--check", str(tmp_path / "signed.pdf")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


# --- the appearances, pixel by pixel ------------------------------------------------------


def test_blue_signature_with_red_seal_over_its_left_third(
    signed_only: bytes, signed_decision: bytes, tmp_path: Path
) -> None:
    page, signer_rect = fields(signed_decision)["ecabinet_signature"]
    before = render(signed_only, page, tmp_path)
    after = render(signed_decision, page, tmp_path)
    box = to_pixels(before, signer_rect)
    assert count(before, box, red) == 0
    x1, y1, x2, y2 = blue_bounds(before, box)  # the visible stroke of the signature image
    third = (x2 - x1) // 3
    left, right = (x1, y1, x1 + third, y2 + 1), (x2 - third, y1, x2 + 1, y2 + 1)
    assert count(after, left, red) > 200  # the seal covers the left third...
    assert count(after, right, red) == 0  # ...and leaves the right third alone
    assert count(after, right, blue) > 50
    save_reference(after, "signed_decision.png")


def test_seal_is_at_real_size_with_its_information(signed_decision: bytes, tmp_path: Path) -> None:
    page, rect = fields(signed_decision)["ecabinet_seal"]
    assert rect[2] - rect[0] == pytest.approx(appearances.SEAL_DIAMETER, abs=0.1)  # 40 mm
    text = pdftotext(signed_decision, tmp_path, page)
    assert ORGANISATION in text
    assert "+07:00" in text


def test_vietnamese_text_renders_and_extracts(signed_only: bytes, tmp_path: Path) -> None:
    text = pdftotext(signed_only, tmp_path, fields(signed_only)["ecabinet_signature"][0])
    for line in [*AUTHORITY, CHAIR]:
        assert line in text
    cmap = (
        TTFont(fonts.stamp_font(fonts.SERIF_BOLD))["head"],
        TTFont(fonts.stamp_font(fonts.SERIF_BOLD)).getBestCmap(),
    )
    assert cmap[0].unitsPerEm == 1000
    assert all(ord(c) in cmap[1] for c in "".join([*AUTHORITY, CHAIR, "ệỉỦđĐ"]))


async def test_diacritics_are_drawn(kit: SigningKit, tmp_path: Path) -> None:
    """The same name with and without its marks: the marks stand above the capitals,
    and the line keeps its width (no missing-glyph boxes, no shifted letters)."""
    extents = []
    for name in ("Nguyễn Hồng Diên", "Nguyen Hong Dien"):
        signed = await sign_decision(
            kit.decision_pdf(),
            signer=kit.chair,
            authority_lines=[],
            full_name=name,
            signature_png=kit.signature_png,
            timestamper=kit.timestamper(),
        )
        page, (x1, y1, x2, _) = fields(signed)["ecabinet_signature"]
        image = render(signed, page, tmp_path)
        band = image.crop(to_pixels(image, (x1, y1, x2, y1 + 16)))
        ink = [(i % band.width, i // band.width)
               for i, px in enumerate(band.get_flattened_data()) if dark(*px)]  # fmt: skip
        xs, ys = [p[0] for p in ink], [p[1] for p in ink]
        extents.append((min(ys), min(xs), max(xs)))
    (top_marked, left_marked, right_marked), (top_plain, left_plain, right_plain) = extents
    assert top_marked <= top_plain - 3  # tilde, circumflex and grave above the caps
    assert abs((right_marked - left_marked) - (right_plain - left_plain)) <= 3


async def test_template_box_gets_the_image_only(kit: SigningKit, tmp_path: Path) -> None:
    pdf = administrative_pdf(
        organisation="CHÍNH PHỦ",
        parent_organisation=None,
        number_symbol="12/NQ-CP",
        place="Hà Nội",
        date=date(2026, 2, 5),
        kind_title="NGHỊ QUYẾT",
        subtitle="Phiên họp Chính phủ thường kỳ tháng 1 năm 2026",
        body=["Chính phủ quyết nghị thông qua báo cáo tình hình kinh tế - xã hội."],
        signature_blocks=[SignatureBlock(AUTHORITY, CHAIR)],
    )
    box = PdfReader(BytesIO(pdf)).metadata["/EcabinetSignatureBox"].split()
    signed = await kit.seal_it(await kit.sign(pdf))
    page, rect = fields(signed)["ecabinet_signature"]
    assert page == int(box[0])
    assert rect == pytest.approx(tuple(float(v) for v in box[1:]), abs=0.01)
    text = pdftotext(signed, tmp_path, page)
    assert text.count("THỦ TƯỚNG") == 1 and text.count(CHAIR) == 1  # not drawn twice
    image = render(signed, page, tmp_path)
    assert count(image, to_pixels(image, rect), blue) > 500
    infos = await async_validate(signed, trust_roots=kit.trust_roots, crls=kit.crls())
    assert len(infos) == 3 and all(i.valid for i in infos)


def test_signature_image_keeps_its_transparency(signed_only: bytes) -> None:
    reader = PdfReader(BytesIO(signed_only))
    widget = next(
        a.get_object()
        for a in reader.pages[-1]["/Annots"]
        if a.get_object()["/T"] == "ecabinet_signature"
    )
    form = widget["/AP"]["/N"].get_object()
    images = [
        x.get_object()
        for x in form["/Resources"]["/XObject"].values()
        if x.get_object()["/Subtype"] == "/Image"
    ]
    assert images and all("/SMask" in image for image in images)


async def test_copy_gets_text_top_right_of_page_one(kit: SigningKit, tmp_path: Path) -> None:
    original = kit.decision_pdf()
    copy = await stamp_copy(
        original,
        signer=kit.seal,
        lines=["SAO Y", ORGANISATION],
        timestamper=kit.timestamper(),
        trust_roots=kit.trust_roots,
        crls=kit.crls(),
    )
    page, rect = fields(copy)["ecabinet_copy"]
    assert page == 0
    before, after = render(original, 0, tmp_path), render(copy, 0, tmp_path)
    assert rect[2] > before.width / SCALE * 0.8 and rect[3] > before.height / SCALE * 0.9
    box = to_pixels(after, rect)
    assert count(after, box, dark) > count(before, box, dark) + 300
    assert count(after, box, red) == 0 and count(after, box, blue) == 0
    text = pdftotext(copy, tmp_path, 0)
    assert "SAO Y" in text and ORGANISATION in text and "+07:00" in text
    infos = await async_validate(copy, trust_roots=kit.trust_roots, crls=kit.crls())
    assert infos[0].kind == SignatureKind.SEAL and infos[0].valid
    save_reference(after, "signed_copy.png")


# --- refusals ---------------------------------------------------------------------------


async def test_hostile_and_wrong_input_is_refused(kit: SigningKit, signed_only: bytes) -> None:
    async def sign(pdf: bytes, png: bytes = kit.signature_png) -> bytes:
        return await sign_decision(
            pdf,
            signer=kit.chair,
            authority_lines=AUTHORITY,
            full_name=CHAIR,
            signature_png=png,
            timestamper=kit.timestamper(),
        )

    with pytest.raises(SigningError, match="not a PDF"):
        await sign(b"%PDF-1.7\n garbage \x00\xff" * 50)
    writer = PdfWriter(clone_from=PdfReader(BytesIO(kit.decision_pdf())))
    writer.encrypt("secret", algorithm="AES-256")
    encrypted = BytesIO()
    writer.write(encrypted)
    with pytest.raises(SigningError, match="encrypted"):
        await sign(encrypted.getvalue())
    with pytest.raises(SigningError, match="PNG"):
        await sign(kit.decision_pdf(), png=b"GIF89a not a png")
    with pytest.raises(SigningError, match="already signed"):
        await sign(signed_only)


async def test_seal_is_refused_twice_and_a_failing_tsa_is_reported(
    kit: SigningKit, signed_decision: bytes
) -> None:
    with pytest.raises(SigningError, match="already carries"):
        await kit.seal_it(signed_decision)

    async def broken(_: bytes) -> bytes:
        raise ConnectionError("server unreachable")

    from desktop.client.signing import CallbackTimeStamper

    with pytest.raises(SigningError, match="timestamp"):
        await sign_decision(
            kit.decision_pdf(),
            signer=kit.chair,
            authority_lines=AUTHORITY,
            full_name=CHAIR,
            signature_png=kit.signature_png,
            timestamper=CallbackTimeStamper(broken),
        )


async def test_seal_of_a_revoked_certificate_is_refused(
    kit: SigningKit, signed_only: bytes
) -> None:
    from tests.client.conftest import make_signer, new_csr

    key, csr = new_csr()
    cert = kit.pki.issue_seal(csr, organisation=ORGANISATION)
    kit.pki.revoke(cert.serial_number, "key_compromise")
    with pytest.raises(SigningError):
        await apply_seal(
            signed_only,
            signer=make_signer(key, cert, kit.pki.ca_certificate),
            seal_png=kit.seal_png,
            organisation=ORGANISATION,
            timestamper=kit.timestamper(),
            trust_roots=kit.trust_roots,
            crls=kit.crls(),
        )


# --- against a real server: its TSA over the websocket, its CA from pki.info -----------------


async def test_signing_with_the_servers_tsa_over_the_websocket(
    database_url: str, tmp_path: Path, kit: SigningKit
) -> None:
    import msgspec

    from desktop.client.signing import server_timestamper
    from protocol.pki import PkiInfo, PkiInfoResult
    from server.domain.pki import Pki
    from tests.client.conftest import make_signer, new_csr
    from tests.integration.conftest import live_server

    async with live_server(database_url, tmp_path / "data") as live:
        live.domain.user("thutuong", ["member"], full_name=CHAIR)
        async with live.client("thutuong") as client:
            info = msgspec.convert(await client.call(PkiInfo), PkiInfoResult)
            pki = Pki.open(live.domain.settings.pki_dir)  # the server's own CA
            key, csr = new_csr()
            cert = pki.issue_user(csr, full_name=CHAIR, position="Thủ tướng", unit="Chính phủ")
            signed = await sign_decision(
                kit.decision_pdf(),
                signer=make_signer(key, cert, pki.ca_certificate),
                authority_lines=AUTHORITY,
                full_name=CHAIR,
                signature_png=kit.signature_png,
                timestamper=server_timestamper(client),
            )
    (chair,) = await async_validate(signed, trust_roots=[info.ca_pem.encode()], crls=[info.crl_der])
    assert chair.valid and chair.timestamped and chair.signer_name == CHAIR
    # another organisation's CA does not vouch for it
    (other,) = await async_validate(signed, trust_roots=kit.trust_roots, crls=kit.crls())
    assert other.intact and not other.trusted
