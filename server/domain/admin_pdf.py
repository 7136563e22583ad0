"""Vietnamese administrative documents laid out per Decree 30/2020/NĐ-CP, Appendix I.

:func:`administrative_pdf` renders an A4 portrait PDF (margins: top 20 mm, right 15 mm,
left 30 mm, bottom 20 mm) in DejaVu Serif (a Times-like face with every Vietnamese
letter) with, from the top of page 1:

- left column: the parent organisation (upper case), the issuing organisation (upper
  case, bold, a short rule under it) and "Số: <number and symbol>";
- under "Số:", the classification mark ("MẬT", "TỐI MẬT") when given, framed;
- right column: the national name "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (bold), the motto
  "Độc lập - Tự do - Hạnh phúc" (bold, a rule under it) and
  "<place>, ngày dd tháng mm năm yyyy" (italic, on the line of "Số:");
- the kind of document ("BIÊN BẢN", "QUYẾT ĐỊNH", …) centred bold, the subtitle below it;
- the body, justified, first lines indented;
- the signature blocks: ``signature_blocks[0]`` (the primary signer) bottom right, a
  second block bottom left (e.g. "THƯ KÝ" beside "CHỦ TỌA"), further blocks on the next
  rows; each block = authority lines (bold, upper case), an empty space of 30 mm for the
  signature image, the full name (bold);
- "Nơi nhận:" (bold italic) and the recipients, bottom left (below the blocks when the
  left column holds a signature block);
- from page 2 on, the page number centred at the top.

The signature space is left blank: signatures are applied later (pyHanko, on the
signer's machine) into the rectangle reported in the PDF Info dictionary:
``/EcabinetSignatureBox`` = ``"page x1 y1 x2 y2"`` for ``signature_blocks[0]`` and
``/EcabinetSignatureBoxes`` = the same for every block, ``";"``-separated, in block
order.  ``page`` is 0-based, coordinates are PDF points with the origin bottom-left of
the page.  :func:`signature_box` reads them back.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
BOX_KEY = "/EcabinetSignatureBox"
BOXES_KEY = "/EcabinetSignatureBoxes"

_FAMILY = "DejaVuSerif"
_PT = 72 / 25.4  # points per millimetre
_PAGE_H = 297.0
_LEFT, _TOP, _RIGHT, _BOTTOM = 30.0, 20.0, 15.0, 20.0
_WIDTH = 210.0 - _LEFT - _RIGHT
_LEFT_COL = 70.0  # organisation column; the motto column takes the rest
_LINE = 6.5
_BODY_SIZE = 13
_SIGN_SPACE = 30.0
_BOX_W = 60.0
_BLOCK_W = 80.0


@dataclass
class SignatureBlock:
    """One signer: the authority lines ("TM. CHÍNH PHỦ", "THỦ TƯỚNG") and the full name."""

    authority_lines: list[str]
    full_name: str


@dataclass
class _Box:
    page: int
    x1: float
    y1: float
    x2: float
    y2: float

    def encode(self) -> str:
        return f"{self.page} {self.x1:.2f} {self.y1:.2f} {self.x2:.2f} {self.y2:.2f}"


@dataclass
class _State:
    boxes: list[_Box] = field(default_factory=list)


class _Document(FPDF):
    """A4 portrait; the page number centred at the top from page 2 on."""

    def header(self) -> None:
        if self.page_no() >= 2:
            self.set_font(_FAMILY, "", 13)
            self.set_y(8)
            self.cell(0, 6, str(self.page_no()), align="C")
            self.set_y(_TOP)


def date_line(place: str, when: date) -> str:
    """ "Hà Nội, ngày 05 tháng 02 năm 2026": a leading zero for days 1-9 and months 1-2."""
    day = f"{when.day:02d}"
    month = f"{when.month:02d}" if when.month < 3 else str(when.month)
    return f"{place}, ngày {day} tháng {month} năm {when.year}"


def _fit(pdf: FPDF, text: str, style: str, size: float, width: float) -> None:
    """Set ``style``/``size``, shrinking the size until ``text`` fits ``width``."""
    while size > 8:
        pdf.set_font(_FAMILY, style, size)
        if pdf.get_string_width(text) <= width:
            return
        size -= 0.5
    pdf.set_font(_FAMILY, style, size)


def _rule_under(pdf: FPDF, x: float, width: float, text_width: float, y: float) -> None:
    pdf.set_line_width(0.3)
    start = x + (width - text_width) / 2
    pdf.line(start, y, start + text_width, y)


def _header(
    pdf: FPDF,
    organisation: str,
    parent: str | None,
    number_symbol: str,
    place_date: str,
    secrecy: str | None,
) -> None:
    right_x, right_w = _LEFT + _LEFT_COL, _WIDTH - _LEFT_COL
    top = pdf.get_y()
    # Left column: the organisations.
    pdf.set_xy(_LEFT, top)
    if parent:
        _fit(pdf, parent.upper(), "", 12, _LEFT_COL)
        pdf.multi_cell(_LEFT_COL, 6, parent.upper(), align="C", new_x="LEFT", new_y="NEXT")
    _fit(pdf, organisation.upper(), "B", 12, _LEFT_COL)
    pdf.multi_cell(_LEFT_COL, 6, organisation.upper(), align="C", new_x="LEFT", new_y="NEXT")
    left_bottom = pdf.get_y()
    _rule_under(pdf, _LEFT, _LEFT_COL, _LEFT_COL / 3, left_bottom + 0.8)
    # Right column: the national name and the motto.
    pdf.set_xy(right_x, top)
    _fit(pdf, NATION, "B", 12, right_w)
    pdf.cell(right_w, 6, NATION, align="C", new_x="LEFT", new_y="NEXT")
    _fit(pdf, MOTTO, "B", 13, right_w)
    pdf.cell(right_w, 6, MOTTO, align="C", new_x="LEFT", new_y="NEXT")
    right_bottom = pdf.get_y()
    _rule_under(pdf, right_x, right_w, pdf.get_string_width(MOTTO), right_bottom + 0.3)
    # "Số:" and the place and date on one line.
    y = max(left_bottom, right_bottom) + 4
    pdf.set_xy(_LEFT, y)
    number = f"Số: {number_symbol}"
    _fit(pdf, number, "", 13, _LEFT_COL)
    pdf.cell(_LEFT_COL, 7, number, align="C")
    pdf.set_xy(right_x, y)
    _fit(pdf, place_date, "I", 13, right_w)
    pdf.cell(right_w, 7, place_date, align="C", new_x="LMARGIN", new_y="NEXT")
    if secrecy:
        # The classification mark (dấu chỉ độ mật): bold, framed, under the number.
        pdf.set_font(_FAMILY, "B", 13)
        width = pdf.get_string_width(secrecy.upper()) + 6
        pdf.set_xy(_LEFT + (_LEFT_COL - width) / 2, y + 9)
        pdf.cell(width, 8, secrecy.upper(), border=1, align="C", new_x="LMARGIN", new_y="NEXT")


def _title(pdf: FPDF, kind_title: str, subtitle: str | None) -> None:
    pdf.ln(8)
    pdf.set_font(_FAMILY, "B", 14)
    pdf.multi_cell(0, 7, kind_title.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    if subtitle:
        pdf.multi_cell(0, 7, subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
        width = 40.0
        _rule_under(pdf, _LEFT, _WIDTH, width, pdf.get_y() + 1)
    pdf.ln(6)


def _paragraph(
    pdf: FPDF, text: str, style: str = "", indent: float = 10.0, top: float = 0.0
) -> None:
    pdf.set_font(_FAMILY, style, _BODY_SIZE)
    cols = pdf.text_columns(text_align="J", line_height=1.4, l_margin=_LEFT, r_margin=_RIGHT)
    with cols, cols.paragraph(first_line_indent=indent, top_margin=top, bottom_margin=2) as par:
        par.write(text)


def _body(pdf: FPDF, body: list[str | tuple[str, str]]) -> None:
    for entry in body:
        if isinstance(entry, tuple):
            heading, text = entry
            _paragraph(pdf, heading, "B", indent=0.0, top=2.0)
            chunks = [t for t in text.split("\n") if t.strip()]
        else:
            chunks = [t for t in entry.split("\n") if t.strip()]
        for chunk in chunks:
            _paragraph(pdf, chunk.strip())


def _block_height(block: SignatureBlock) -> float:
    return len(block.authority_lines) * _LINE + 2 + _SIGN_SPACE + _LINE


def _recipients_height(recipients: list[str]) -> float:
    return (len(recipients) + 1) * 5.5 if recipients else 0.0


def _draw_block(pdf: FPDF, block: SignatureBlock, x: float, y: float, state: _State) -> None:
    pdf.set_xy(x, y)
    for line in block.authority_lines:
        _fit(pdf, line.upper(), "B", _BODY_SIZE, _BLOCK_W)
        pdf.cell(_BLOCK_W, _LINE, line.upper(), align="C", new_x="LEFT", new_y="NEXT")
    top = pdf.get_y() + 1
    bottom = top + _SIGN_SPACE
    pdf.set_xy(x, bottom + 1)
    _fit(pdf, block.full_name, "B", _BODY_SIZE, _BLOCK_W)
    pdf.cell(_BLOCK_W, _LINE, block.full_name, align="C")
    bx = x + (_BLOCK_W - _BOX_W) / 2
    state.boxes.append(
        _Box(
            page=pdf.page_no() - 1,
            x1=bx * _PT,
            y1=(_PAGE_H - bottom) * _PT,
            x2=(bx + _BOX_W) * _PT,
            y2=(_PAGE_H - top) * _PT,
        )
    )


def _recipients(pdf: FPDF, recipients: list[str], y: float) -> None:
    pdf.set_xy(_LEFT, y)
    pdf.set_font(_FAMILY, "BI", 12)
    pdf.cell(_LEFT_COL, 5.5, "Nơi nhận:", new_x="LEFT", new_y="NEXT")
    pdf.set_font(_FAMILY, "", 11)
    for name in recipients:
        pdf.multi_cell(_LEFT_COL, 5.5, f"- {name}", new_x="LEFT", new_y="NEXT")


def _signatures(
    pdf: FPDF, blocks: list[SignatureBlock], recipients: list[str], state: _State
) -> None:
    right_x = _LEFT + _WIDTH - _BLOCK_W
    rows = [blocks[i : i + 2] for i in range(0, len(blocks), 2)]
    recipients_beside = len(blocks) == 1
    for number, row in enumerate(rows):
        height = max(_block_height(b) for b in row)
        if recipients_beside:
            height = max(height, _recipients_height(recipients))
        if pdf.get_y() + 4 + height > _PAGE_H - _BOTTOM:
            pdf.add_page()
        y = pdf.get_y() + 4
        _draw_block(pdf, row[0], right_x, y, state)
        if len(row) > 1:
            _draw_block(pdf, row[1], _LEFT, y, state)
        if recipients_beside and number == 0 and recipients:
            _recipients(pdf, recipients, y)
        pdf.set_xy(_LEFT, y + height)
    if recipients and not recipients_beside:
        if pdf.get_y() + 4 + _recipients_height(recipients) > _PAGE_H - _BOTTOM:
            pdf.add_page()
        _recipients(pdf, recipients, pdf.get_y() + 4)


def administrative_pdf(
    *,
    organisation: str,
    parent_organisation: str | None,
    number_symbol: str,
    place: str,
    date: date,
    kind_title: str,
    subtitle: str | None,
    body: list[str | tuple[str, str]],
    signature_blocks: list[SignatureBlock],
    recipients: list[str] | None = None,
    secrecy: str | None = None,
) -> bytes:
    """The PDF bytes of the document laid out as the module docstring says.

    ``body`` entries: a string is one or more paragraphs (split on newlines); a tuple
    ``(heading, text)`` is a bold heading followed by the text's paragraphs.  At least
    one signature block is required.  ``secrecy`` ("MẬT", "TỐI MẬT") prints the
    classification mark under the number.  The same arguments give the same bytes.
    """
    if not signature_blocks:
        raise ValueError("An administrative document needs at least one signature block.")
    pdf = _Document(orientation="P", unit="mm", format="A4")
    pdf.set_creation_date(datetime(date.year, date.month, date.day, tzinfo=UTC))
    pdf.set_title(f"{kind_title} {subtitle or ''}".strip())
    pdf.set_author(organisation)
    pdf.set_creator("e-Cabinet")
    pdf.add_font(_FAMILY, "", str(FONTS / "DejaVuSerif.ttf"))
    pdf.add_font(_FAMILY, "B", str(FONTS / "DejaVuSerif-Bold.ttf"))
    pdf.add_font(_FAMILY, "I", str(FONTS / "DejaVuSerif-Italic.ttf"))
    pdf.add_font(_FAMILY, "BI", str(FONTS / "DejaVuSerif-BoldItalic.ttf"))
    pdf.set_margins(_LEFT, _TOP, _RIGHT)
    pdf.set_auto_page_break(True, _BOTTOM)
    pdf.add_page()
    place_date = date_line(place, date)
    _header(pdf, organisation, parent_organisation, number_symbol, place_date, secrecy)
    _title(pdf, kind_title, subtitle)
    _body(pdf, body)
    state = _State()
    _signatures(pdf, signature_blocks, list(recipients or []), state)
    raw = bytes(pdf.output())
    return _with_boxes(raw, state.boxes)


def _with_boxes(raw: bytes, boxes: list[_Box]) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(raw))
    writer.add_metadata(
        {
            BOX_KEY: boxes[0].encode(),
            BOXES_KEY: ";".join(b.encode() for b in boxes),
        }
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _parse(text: str) -> tuple[int, tuple[float, float, float, float]]:
    parts = text.split()
    if len(parts) != 5:
        raise ValueError(f"Malformed signature box {text!r}: expected 'page x1 y1 x2 y2'.")
    page = int(parts[0])
    x1, y1, x2, y2 = (float(p) for p in parts[1:])
    return page, (x1, y1, x2, y2)


def signature_boxes(pdf_bytes: bytes) -> list[tuple[int, tuple[float, float, float, float]]]:
    """Every signature rectangle ``(page_index, (x1, y1, x2, y2))`` in block order;
    empty when the PDF was not made by :func:`administrative_pdf`."""
    info = PdfReader(io.BytesIO(pdf_bytes)).metadata
    if not info:
        return []
    many = info.get(BOXES_KEY)
    if many:
        return [_parse(str(part)) for part in str(many).split(";") if part.strip()]
    one = info.get(BOX_KEY)
    return [_parse(str(one))] if one else []


def signature_box(
    pdf_bytes: bytes, index: int = 0
) -> tuple[int, tuple[float, float, float, float]] | None:
    """The rectangle of signature block ``index`` (0 = the primary signer), or ``None``
    when the PDF does not carry one."""
    boxes = signature_boxes(pdf_bytes)
    return boxes[index] if index < len(boxes) else None
