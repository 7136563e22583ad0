"""Visible signature appearances of Decree 30/2020/NĐ-CP, drawn for pyHanko.

A :class:`Drawing` is what one signature field shows (images and text lines in the
field's own coordinates, points, origin bottom-left); :class:`DrawnStampStyle` hands it
to pyHanko, which asks for the appearance when it fills the field, at the size of the
field.  Three layouts:

- :func:`signer_drawing`: the signer's blue signature image centred between the
  authority lines (bold, above) and the full name (bold, below); when the document
  template already printed those lines (the box comes from ``/EcabinetSignatureBox``)
  only the image is drawn;
- :func:`seal_drawing`: the red seal at real size (40 mm) at the top of the field, the
  organisation and the signing time in small type under it;
- :func:`copy_drawing`: text only (number and symbol / "SAO Y" and the issuing
  organisation, the time), DejaVu Serif 10 pt black, for copies and attachments.

Images keep their alpha channel (pyHanko writes it as an ``/SMask``); text is shaped
with HarfBuzz in DejaVu rescaled to 1000 units per em (:mod:`desktop.client.fonts`) and
embedded as a subset, with ``/ActualText`` so that copy-paste and ``pdftotext`` give the
Vietnamese text back.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTFont
from PIL import Image
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.content import ResourceType
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.images import pil_image
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.stamp.base import BaseStamp, BaseStampStyle

from desktop.client import fonts

MM = 72 / 25.4
#: Real size of an organisation's seal (Decree 30: the seal image at real size).
SEAL_DIAMETER = 40 * MM
SEAL_TEXT_SIZE = 6.0
SEAL_TEXT_HEIGHT = 2 * SEAL_TEXT_SIZE * 1.25 + 2
SIGNER_TEXT_SIZE = 10.0
COPY_TEXT_SIZE = 10.0
BLACK = (0.0, 0.0, 0.0)
#: Longest side of an embedded image, pixels (about 300 dpi at 70 mm).
MAX_PIXELS = 900


@dataclass(frozen=True)
class Line:
    """One line of text; ``x`` is its left edge, centre or right edge per ``align``."""

    text: str
    font: Path
    size: float
    x: float
    baseline: float
    align: str = "center"
    color: tuple[float, float, float] = BLACK


@dataclass(frozen=True)
class Picture:
    image: Image.Image
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Drawing:
    pictures: list[Picture] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)


def load_png(data: bytes, what: str) -> Image.Image:
    """The PNG ``data`` as RGBA (alpha kept), scaled down to :data:`MAX_PIXELS`;
    raises ``ValueError`` naming ``what`` when it is not a readable PNG."""
    try:
        image: Image.Image = Image.open(BytesIO(data))
        if image.format != "PNG":
            raise ValueError(f"the {what} is a {image.format} file, not a PNG")
        image.load()
    except (OSError, Image.DecompressionBombError) as exc:
        raise ValueError(f"the {what} is not a readable PNG image ({exc})") from None
    image = image.convert("RGBA")
    if max(image.size) > MAX_PIXELS:
        image.thumbnail((MAX_PIXELS, MAX_PIXELS), Image.Resampling.LANCZOS)
    return image


@functools.lru_cache(maxsize=8)
def _metrics(font: Path) -> tuple[dict[int, str], dict[str, tuple[int, int]], int]:
    tt = TTFont(font, lazy=True)
    return tt.getBestCmap(), dict(tt["hmtx"].metrics), tt["head"].unitsPerEm


def text_width(text: str, font: Path, size: float) -> float:
    """Advance width of ``text`` (no kerning) in points: enough to fit a line."""
    cmap, hmtx, upem = _metrics(font)
    units = sum(hmtx.get(cmap.get(ord(c), ".notdef"), (0, 0))[0] for c in text)
    return units * size / upem


def fit_size(texts: list[str], font: Path, size: float, width: float) -> float:
    """``size``, or smaller (in half points, not under 5) so every text fits ``width``."""
    widest = max((text_width(t, font, 1.0) for t in texts), default=0.0)
    if widest * size <= width:
        return size
    return max(5.0, int(2 * width / widest) / 2) if widest else size


def fit_image(image: Image.Image, x: float, y: float, w: float, h: float) -> Picture:
    """``image`` scaled to fit the box (aspect kept) and centred in it."""
    scale = min(w / image.width, h / image.height)
    iw, ih = image.width * scale, image.height * scale
    return Picture(image, x + (w - iw) / 2, y + (h - ih) / 2, iw, ih)


def signer_drawing(
    image: Image.Image, authority_lines: list[str], full_name: str, w: float, h: float
) -> Drawing:
    """The signer's field of size ``w`` x ``h``: the image alone when both text lists
    are empty, else authority lines on top, the name at the bottom, the image between."""
    if not authority_lines and not full_name:
        return Drawing([fit_image(image, 2, 2, w - 4, h - 4)])
    bold = fonts.stamp_font(fonts.SERIF_BOLD)
    size = fit_size([*authority_lines, full_name], bold, SIGNER_TEXT_SIZE, w - 4)
    lead = size * 1.25
    lines = [
        Line(text, bold, size, w / 2, h - lead * (i + 1) + size * 0.2)
        for i, text in enumerate(authority_lines)
    ]
    top = h - lead * len(authority_lines)
    bottom = lead if full_name else 0.0
    if full_name:
        lines.append(Line(full_name, bold, size, w / 2, size * 0.3))
    return Drawing([fit_image(image, 2, bottom + 1, w - 4, top - bottom - 2)], lines)


def seal_drawing(image: Image.Image, organisation: str, when: str, w: float, h: float) -> Drawing:
    """The seal field: the seal image in the top ``w`` x ``w`` square (at most
    :data:`SEAL_DIAMETER`), ``organisation`` and ``when`` in small type below it."""
    sans = fonts.stamp_font(fonts.SANS)
    side = min(w, h - SEAL_TEXT_HEIGHT, SEAL_DIAMETER)
    picture = fit_image(image, (w - side) / 2, h - side, side, side)
    size = fit_size([organisation, when], sans, SEAL_TEXT_SIZE, w)
    lines = [
        Line(organisation, sans, size, w / 2, size * 1.25 + 1.5),
        Line(when, sans, size, w / 2, 1.5),
    ]
    return Drawing([picture], lines)


def copy_drawing(lines: list[str], w: float, h: float) -> Drawing:
    """Text lines, left-aligned from the top of the field, serif 10 pt black."""
    serif = fonts.stamp_font(fonts.SERIF)
    size = fit_size(lines, serif, COPY_TEXT_SIZE, w - 4)
    lead = size * 1.2
    return Drawing(
        [],
        [
            Line(t, serif, size, 2, h - 2 - lead * (i + 1) + size * 0.25, "left")
            for i, t in enumerate(lines)
        ],
    )


def copy_field_height(count: int) -> float:
    return count * COPY_TEXT_SIZE * 1.2 + 4


@dataclass(frozen=True)
class DrawnStampStyle(BaseStampStyle):
    """A pyHanko stamp style whose content is ``draw(width, height)``."""

    draw: Callable[[float, float], Drawing] | None = None
    border_width: int = 0

    def create_stamp(
        self, writer: BasePdfFileWriter, box: layout.BoxConstraints, text_params: dict[str, Any]
    ) -> DrawnStamp:
        return DrawnStamp(writer, self, box)


class DrawnStamp(BaseStamp):
    style: DrawnStampStyle

    def _render_inner_content(self) -> list[bytes]:
        assert self.style.draw is not None and self.writer is not None
        drawing = self.style.draw(self.box.width, self.box.height)
        commands: list[bytes] = []
        for number, pic in enumerate(drawing.pictures):
            name = f"/Im{number}"
            self.set_resource(
                ResourceType.XOBJECT, pdf_name(name), pil_image(pic.image, self.writer)
            )
            commands.append(
                b"q %g 0 0 %g %g %g cm %s Do Q"
                % (pic.width, pic.height, pic.x, pic.y, name.encode())
            )
        engines: dict[tuple[Path, float], tuple[bytes, GlyphAccumulator]] = {}
        for line in drawing.lines:
            key = (line.font, line.size)
            if key not in engines:
                name = f"/F{len(engines) + 1}"
                factory = GlyphAccumulatorFactory(str(line.font), font_size=line.size)  # type: ignore[arg-type]
                engine = factory.create_font_engine(self.writer)
                self.set_resource(ResourceType.FONT, pdf_name(name), engine.as_resource())
                engines[key] = (name.encode(), engine)
            name_b, engine = engines[key]
            shaped = engine.shape(unicodedata.normalize("NFC", line.text))
            width = shaped.x_advance * line.size
            x = {"center": line.x - width / 2, "right": line.x - width}.get(line.align, line.x)
            commands.append(
                b"q %g %g %g rg BT %s %g Tf 1 0 0 1 %g %g Tm %s ET Q"
                % (*line.color, name_b, line.size, x, line.baseline, shaped.graphics_ops)
            )
        return commands
