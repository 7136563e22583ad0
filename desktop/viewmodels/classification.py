"""What a meeting's classification (độ mật) means for the documents on this machine.

For Mật and Tối mật meetings every page on screen, and every copy that leaves the app,
carries a watermark naming the viewer, their unit and the time (Vietnam time, +07:00),
so that a photographed or forwarded page says whose it was.  Tối mật documents may not
be exported or printed at all.  The rules live here; the widget
(:mod:`desktop.widgets.watermark`) only draws :attr:`ClassificationViewModel.text`.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from protocol.accounts import UserInfo
from protocol.meeting_state import CLASSIFICATION_LABELS, Classification

#: Vietnam (Asia/Ho_Chi_Minh) has kept +07:00 all year since 1975.
VIETNAM = timezone(timedelta(hours=7), "+07:00")
FONT = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "DejaVuSans.ttf"
WATERMARKED = frozenset({Classification.SECRET, Classification.TOP_SECRET})
#: The watermark in exported PDFs: a calm dark red, see-through.
PDF_COLOUR = (155, 34, 38)
PDF_OPACITY = 0.16

Clock = Callable[[], datetime]


def _now() -> datetime:
    return datetime.now(UTC)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Classification", text)


class ExportRefused(Exception):
    """The document's classification forbids taking it out of the app."""


def watermark_text(user: UserInfo | None, when: datetime) -> str:
    """``Phạm Quốc Hưng · Bộ Kế hoạch và Đầu tư · 03/12/2026 09:15 (+07:00)``."""
    local = when.astimezone(VIETNAM)
    parts = []
    if user is not None:
        parts.append(user.full_name)
        unit = user.unit_name or user.position_title
        if unit:
            parts.append(unit)
    parts.append(local.strftime("%d/%m/%Y %H:%M") + " (+07:00)")
    return " · ".join(parts)


def watermark_pdf(pdf_bytes: bytes, text: str) -> bytes:
    """``pdf_bytes`` with ``text`` stamped on every page: large, diagonal and see-through
    across the page, and once more in small print along the bottom edge (the line that
    text extraction and a cropped photo still find)."""
    from pypdf import PdfReader, PdfWriter, Transformation

    reader = PdfReader(io.BytesIO(pdf_bytes))
    writer = PdfWriter(clone_from=reader)
    stamps: dict[tuple[int, int], object] = {}
    for page in writer.pages:
        page.transfer_rotation_to_content()
        box = page.mediabox
        size = (round(float(box.width)), round(float(box.height)))
        if size not in stamps:
            stamps[size] = PdfReader(io.BytesIO(_stamp_page(*size, text))).pages[0]
        page.merge_transformed_page(
            stamps[size],  # type: ignore[arg-type]
            Transformation().translate(float(box.left), float(box.bottom)),
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _stamp_page(width: int, height: int, text: str) -> bytes:
    """One transparent page of ``width`` × ``height`` points with the watermark."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(width, height))
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_page()
    pdf.set_text_color(*PDF_COLOUR)
    diagonal = math.hypot(width, height)
    pdf.set_font("DejaVu", size=10)
    size = max(8.0, min(30.0, 10 * 0.8 * diagonal / max(pdf.get_string_width(text), 1)))
    angle = math.degrees(math.atan2(height, width))
    with pdf.local_context(fill_opacity=PDF_OPACITY):
        pdf.set_font("DejaVu", size=size)
        line = pdf.get_string_width(text)
        cx, cy = width / 2, height / 2
        with pdf.rotation(angle, cx, cy):
            step = size * 5
            rows = int(diagonal / step / 2)
            for row in range(-rows, rows + 1):
                pdf.text(cx - line / 2, cy + row * step + size / 3, text)
    with pdf.local_context(fill_opacity=0.7):
        pdf.set_font("DejaVu", size=7)
        pdf.text(18, height - 10, text)
    return bytes(pdf.output())


class ClassificationViewModel(QObject):
    """The watermark and the export rules of the meeting shown.

    ``text`` is recomputed from the clock; ``text_changed`` is emitted when the minute
    it shows changes (checked every ``refresh_ms``).
    """

    classification_changed = Signal(str)
    text_changed = Signal(str)

    def __init__(
        self,
        user: UserInfo | None,
        classification: str = Classification.NORMAL,
        clock: Clock = _now,
        parent: QObject | None = None,
        refresh_ms: int = 15_000,
    ) -> None:
        super().__init__(parent)
        self._user = user
        self._classification = Classification(classification)
        self._clock = clock
        self._text = watermark_text(user, clock())
        self._timer = QTimer(self)
        self._timer.setInterval(refresh_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._update_timer()

    @property
    def classification(self) -> str:
        return str(self._classification)

    @property
    def watermarked(self) -> bool:
        """Mật and above: pages on screen and copies carry the watermark."""
        return self._classification in WATERMARKED

    @property
    def export_allowed(self) -> bool:
        """Export (saving a copy) is off for Tối mật."""
        return self._classification != Classification.TOP_SECRET

    @property
    def print_allowed(self) -> bool:
        return self._classification != Classification.TOP_SECRET

    @property
    def text(self) -> str:
        """The watermark: the viewer's full name, unit and the time now (+07:00)."""
        return self._text

    @property
    def notice(self) -> str:
        """One line for the viewer saying what the classification implies ("" if none)."""
        label = CLASSIFICATION_LABELS[self._classification]
        if self._classification == Classification.TOP_SECRET:
            text = _tr("{0}: pages are watermarked with your name; export and print are off.")
        elif self._classification == Classification.SECRET:
            text = _tr("{0}: pages and copies are watermarked with your name.")
        else:
            return ""
        return text.format(label)

    def set_classification(self, classification: str) -> None:
        value = Classification(classification)
        if value != self._classification:
            self._classification = value
            self._update_timer()
            self.classification_changed.emit(str(value))

    def stamp(self, pdf_bytes: bytes) -> bytes:
        """A copy fit to leave the app: watermarked for Mật, unchanged for Thường;
        raises :class:`ExportRefused` for Tối mật."""
        if not self.export_allowed:
            raise ExportRefused(
                _tr("{0} documents may not be exported or printed.").format(
                    CLASSIFICATION_LABELS[self._classification]
                )
            )
        if not self.watermarked:
            return pdf_bytes
        return watermark_pdf(pdf_bytes, watermark_text(self._user, self._clock()))

    def _update_timer(self) -> None:
        if self.watermarked:
            self._on_timer_timeout()
            self._timer.start()
        else:
            self._timer.stop()

    def _on_timer_timeout(self) -> None:
        text = watermark_text(self._user, self._clock())
        if text != self._text:
            self._text = text
            self.text_changed.emit(text)
