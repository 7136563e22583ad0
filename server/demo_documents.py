"""Real Vietnamese PDFs for the demo data and the tests, generated with fpdf2.

:func:`make_pdf` lays out an administrative document the way Vietnamese state bodies
do: the national motto at the top of the first page, the title, the body, and
"Trang N/M" at the foot of every page.  The output is deterministic: the same
arguments give the same bytes (so the demo data is idempotent and content-addressed).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

FONTS = Path(__file__).resolve().parents[1] / "resources" / "fonts"

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

#: A fixed creation date keeps the output reproducible.
_CREATED = datetime(2026, 1, 1, tzinfo=UTC)
_FAMILY = "DejaVu"
_BODY_SIZE = 12
_LINE = 6.5
_BOTTOM = 20.0


class _Document(FPDF):
    """A4 portrait with the page number in the footer."""

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(_FAMILY, "", 9)
        self.cell(0, 10, f"Trang {self.page_no()}/{{nb}}", align="C")


def _paragraph_fits(pdf: _Document, text: str) -> bool:
    lines = pdf.multi_cell(0, _LINE, text, dry_run=True, output="LINES")
    assert isinstance(lines, list)
    return pdf.get_y() + len(lines) * _LINE + 3 <= pdf.h - _BOTTOM


def _share(paragraphs: list[str], pages: int) -> list[list[str]]:
    """Split ``paragraphs`` over ``pages`` in order; repeat them if there are too few."""
    if not paragraphs:
        return [[] for _ in range(pages)]
    source = list(paragraphs)
    while len(source) < pages:
        source.extend(paragraphs)
    per_page, extra = divmod(len(source), pages)
    out: list[list[str]] = []
    start = 0
    for i in range(pages):
        end = start + per_page + (1 if i < extra else 0)
        out.append(source[start:end])
        start = end
    return out


def make_pdf(title: str, paragraphs: list[str], pages: int = 3) -> bytes:
    """A PDF of exactly ``pages`` pages: motto and ``title`` on page 1, ``paragraphs``
    spread over all pages (repeated when there are fewer paragraphs than pages; text
    that does not fit on its page is left out), "Trang N/M" on every page."""
    if pages < 1:
        raise ValueError("A PDF needs at least one page.")
    pdf = _Document(orientation="P", unit="mm", format="A4")
    pdf.set_creation_date(_CREATED)
    pdf.set_title(title)
    pdf.set_author("e-Cabinet")
    pdf.add_font(_FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(_FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(False)
    pdf.set_margins(20, 20, 20)
    for number, share in enumerate(_share(paragraphs, pages), start=1):
        pdf.add_page()
        if number == 1:
            pdf.set_font(_FAMILY, "B", 12)
            pdf.cell(0, 7, NATION, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(_FAMILY, "B", 11)
            pdf.cell(0, 7, MOTTO, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(10)
            pdf.set_font(_FAMILY, "B", 15)
            pdf.multi_cell(0, 8, title, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(6)
        pdf.set_font(_FAMILY, "", _BODY_SIZE)
        for text in share:
            if not _paragraph_fits(pdf, text):
                break
            pdf.multi_cell(0, _LINE, text, align="J", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    return bytes(pdf.output())
