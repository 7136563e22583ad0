"""Build the PDF of an extract copy (TRÍCH SAO) in a separate, resource-limited process.

The server side is :func:`build_extract`; the rest of this module is the program it
runs, ``python -m server.domain.extract_pdf`` with a JSON request on its standard input,
under the limits of :mod:`server.domain.sandbox` (the source is an issued decision, but
its bytes came from outside once: parse it as hostile).  The program:

1. copies the chosen pages of the source (1-based) into a new PDF with pypdf, without
   their annotations: the signature widgets of the original, links, form fields (an
   extract is authenticated by the clerk's seal on it, not by the original's
   signatures);
2. turns page 1 upright (its ``/Rotate`` goes into the content) and prints the copy's
   lines top right of it, as the organisation's signature on an electronic copy is
   placed (Decree 30/2020/NĐ-CP, Appendix I): DejaVu Serif 10 pt, black, left-aligned
   in a box 80 mm wide, 15 mm from the right edge and 3 mm from the top;
3. writes the new PDF and prints one JSON line: ``{"ok": true, "pages": N}`` or
   ``{"ok": false, "reason": "..."}``.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from protocol.errors import DocumentRejected
from server.domain import sandbox

if TYPE_CHECKING:
    from server.domain.settings import Settings

FONT = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "DejaVuSerif.ttf"
MM = 72 / 25.4
RIGHT_MARGIN, TOP_GAP, BOX_WIDTH = 15 * MM, 3 * MM, 80 * MM
TEXT_SIZE = 10.0


def build_extract(
    source: Path, target: Path, *, pages: list[int], lines: list[str], settings: Settings
) -> int:
    """Write to ``target`` a new PDF of ``source``'s ``pages`` (1-based, in order) with
    ``lines`` printed top right of its first page.  Returns its page count; raises
    :class:`DocumentRejected` when the source cannot be read within the limits."""
    seconds = settings.pdf_check_seconds
    request = {
        "source": str(source.resolve()),
        "target": str(target.resolve()),
        "pages": pages,
        "lines": lines,
    }
    verdict = sandbox.run(
        "server.domain.extract_pdf",
        [],
        settings,
        request=request,
        too_slow=DocumentRejected(
            f"Building the extract took longer than the allowed {seconds:g} seconds; "
            "choose fewer pages."
        ),
        failed=DocumentRejected(
            "The extract could not be built within the server's memory limit; choose fewer pages."
        ),
        refused=lambda reason, _verdict: DocumentRejected(
            reason or "The extract could not be built."
        ),
    )
    return int(verdict["pages"])


# --- the building program -------------------------------------------------------------


def _stamp(width: float, height: float, lines: list[str]) -> bytes:
    """A transparent page of ``width`` × ``height`` points with ``lines`` top right."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(width, height))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.add_font("DejaVuSerif", "", str(FONT))
    pdf.add_page()
    size = TEXT_SIZE
    pdf.set_font("DejaVuSerif", "", size)
    while size > 6 and max(pdf.get_string_width(line) for line in lines) > BOX_WIDTH - 4:
        size -= 0.5
        pdf.set_font("DejaVuSerif", "", size)
    lead = size * 1.2
    left = width - RIGHT_MARGIN - BOX_WIDTH + 2
    for number, line in enumerate(lines):
        pdf.set_xy(left, TOP_GAP + 2 + lead * number)
        pdf.cell(BOX_WIDTH - 4, lead, line, align="L")
    return bytes(pdf.output())


def extract(source: str, target: str, pages: list[int], lines: list[str]) -> dict[str, Any]:
    """The verdict on building the extract (no limits applied here: see :func:`main`)."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(source, strict=False)
    if reader.is_encrypted:
        return {"ok": False, "reason": "The issued document is encrypted; it cannot be copied."}
    count = len(reader.pages)
    outside = [page for page in pages if not 1 <= page <= count]
    if not pages or outside:
        return {
            "ok": False,
            "reason": f"The document has {count} page(s); page {outside[0] if outside else 0} "
            "does not exist.",
        }
    writer = PdfWriter()
    for page in pages:
        writer.add_page(reader.pages[page - 1], excluded_keys=("/Annots", "/B"))
    first = writer.pages[0]
    first.transfer_rotation_to_content()
    box = first.cropbox
    stamp = PdfReader(BytesIO(_stamp(float(box.width), float(box.height), lines))).pages[0]
    first.merge_translated_page(stamp, float(box.left), float(box.bottom))
    writer.add_metadata({"/Title": lines[0], "/Producer": "e-Cabinet"})
    with open(target, "wb") as out:
        writer.write(out)
    return {"ok": True, "pages": len(pages)}


def main(argv: list[str] | None = None) -> int:
    return sandbox.serve(
        argv,
        __doc__.splitlines()[0],
        lambda r: extract(r["source"], r["target"], r["pages"], r["lines"]),
        memory="Building the extract needed too much memory.",
        damaged="The issued document cannot be read to build the extract ({detail}).",
    )


if __name__ == "__main__":
    raise SystemExit(main())
