"""The Decree 30 administrative layout: Vietnamese text, A4, and a blank signature box."""

from __future__ import annotations

import io
from datetime import date

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from server.domain.admin_pdf import (
    SignatureBlock,
    administrative_pdf,
    date_line,
    signature_box,
    signature_boxes,
)

A4 = (595.28, 841.89)


def _decision(
    body: list[str | tuple[str, str]] | None = None, blocks=None, secrecy: str | None = None
) -> bytes:
    return administrative_pdf(
        organisation="Văn phòng Chính phủ",
        parent_organisation="Chính phủ",
        number_symbol="15/QĐ-TTg",
        place="Hà Nội",
        date=date(2026, 2, 5),
        kind_title="Quyết định",
        subtitle="Về việc ban hành Quy chế làm việc của Chính phủ",
        body=body if body is not None else ["Điều 1. Ban hành kèm theo Quyết định này."],
        signature_blocks=blocks or [SignatureBlock(["TM. Chính phủ", "Thủ tướng"], "Lê Văn Ủy")],
        recipients=["Các Bộ, cơ quan ngang Bộ", "Lưu: VT, TH"],
        secrecy=secrecy,
    )


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _char_box(page: pdfium.PdfPage, needle: str) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) in points of the first character of ``needle``."""
    textpage = page.get_textpage()
    found = textpage.search(needle).get_next()
    assert found is not None, f"{needle!r} not on the page"
    return textpage.get_charbox(found[0])


def test_header_title_and_body_keep_their_diacritics() -> None:
    text = _text(_decision())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "CHÍNH PHỦ",
        "VĂN PHÒNG CHÍNH PHỦ",
        "Số: 15/QĐ-TTg",
        "Hà Nội, ngày 05 tháng 02 năm 2026",
        "QUYẾT ĐỊNH",
        "Về việc ban hành Quy chế làm việc của Chính phủ",
        "Điều 1. Ban hành kèm theo Quyết định này.",
        "TM. CHÍNH PHỦ",
        "THỦ TƯỚNG",
        "Lê Văn Ủy",
        "Nơi nhận:",
        "- Lưu: VT, TH",
    ):
        assert expected in text


def test_a_classified_document_carries_its_mark_under_the_number() -> None:
    assert "MẬT" not in _text(_decision()).splitlines()
    lines = _text(_decision(secrecy="Mật")).splitlines()
    number = next(n for n, line in enumerate(lines) if line.startswith("Số: 15/QĐ-TTg"))
    assert lines[number + 1] == "MẬT"


def test_page_is_a4_and_output_is_deterministic() -> None:
    pdf = _decision()
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert float(page.mediabox.width) == pytest.approx(A4[0], abs=0.5)
    assert float(page.mediabox.height) == pytest.approx(A4[1], abs=0.5)
    assert pdf == _decision()


def test_date_line_pads_small_days_and_the_first_two_months() -> None:
    assert date_line("Hà Nội", date(2026, 2, 5)) == "Hà Nội, ngày 05 tháng 02 năm 2026"
    assert date_line("Huế", date(2026, 3, 5)) == "Huế, ngày 05 tháng 3 năm 2026"
    assert date_line("Hà Nội", date(2026, 12, 15)) == "Hà Nội, ngày 15 tháng 12 năm 2026"


def test_signature_box_is_blank_and_between_the_authority_line_and_the_name() -> None:
    pdf = _decision()
    box = signature_box(pdf)
    assert box is not None
    page_index, (x1, y1, x2, y2) = box
    doc = pdfium.PdfDocument(pdf)
    try:
        assert page_index == len(doc) - 1
        page = doc[page_index]
        width, height = page.get_size()
        assert 0 < x1 < x2 <= width and 0 < y1 < y2 <= height
        assert x2 - x1 > 100 and y2 - y1 > 70  # room for a real signature image
        authority = _char_box(page, "THỦ TƯỚNG")
        name = _char_box(page, "Lê Văn Ủy")
        assert authority[1] >= y2 > y1 >= name[3]  # below the authority, above the name
        assert x1 < (authority[0] + authority[2]) / 2 < x2
        image = page.render(scale=1).to_pil().convert("L")
        region = image.crop((int(x1), int(height - y2), int(x2), int(height - y1)))
        assert region.getextrema()[0] > 245  # nothing drawn there before signing
    finally:
        doc.close()


def test_two_blocks_put_the_primary_signer_right_and_a_long_body_flows_on() -> None:
    long_body: list[str | tuple[str, str]] = [
        ("I. NỘI DUNG", "Thảo luận dự thảo Nghị định về quản lý đất đai. " * 40)
    ] * 3
    pdf = _decision(
        long_body,
        [SignatureBlock(["Chủ tọa"], "Nguyễn Văn An"), SignatureBlock(["Thư ký"], "Trần Thị Bích")],
    )
    boxes = signature_boxes(pdf)
    assert len(boxes) == 2
    (page_a, chair), (page_b, secretary) = boxes
    assert page_a == page_b == len(PdfReader(io.BytesIO(pdf)).pages) - 1 >= 1
    assert chair[0] > secretary[2]  # chair on the right, secretary on the left
    assert chair[1] == secretary[1]
    assert signature_box(pdf) == boxes[0]
    assert "2" in PdfReader(io.BytesIO(pdf)).pages[1].extract_text().splitlines()[0]


def test_a_pdf_from_elsewhere_has_no_box_and_a_document_needs_a_signer() -> None:
    from server.demo_documents import make_pdf

    assert signature_box(make_pdf("Tờ trình", ["Nội dung"], pages=1)) is None
    with pytest.raises(ValueError, match="signature block"):
        administrative_pdf(
            organisation="Văn phòng Chính phủ",
            parent_organisation=None,
            number_symbol="1/BB-VPCP",
            place="Hà Nội",
            date=date(2026, 1, 1),
            kind_title="Biên bản",
            subtitle=None,
            body=[],
            signature_blocks=[],
        )
