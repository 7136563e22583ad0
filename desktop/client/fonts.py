"""Fonts for signature appearances: DejaVu rescaled to 1000 units per em.

pyHanko's glyph accumulator lays text out in PDF text space, where a glyph advance is
1/1000 of the font size; DejaVu is drawn on a 2048-unit em, so unscaled it comes out
with glyphs overlapping or spread apart.  :func:`stamp_font` rescales a font once with
fontTools (``scale_upem``) and keeps the result in the user's cache folder, named by the
SHA-256 of the source file, so a changed source never reuses a stale copy.

DejaVu Sans and DejaVu Serif cover Vietnamese (precomposed letters such as ệ, ỉ, Ủ and
the combining tone marks); Liberation Serif does not.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem

FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"

#: Face names offered to the appearances, by file stem in ``resources/fonts``.
SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
SERIF = "DejaVuSerif"
SERIF_BOLD = "DejaVuSerif-Bold"

UNITS_PER_EM = 1000
#: What appearances write: Latin with every Vietnamese letter (precomposed; text is
#: normalised to NFC before it is drawn), punctuation, the đồng sign and №.  Keeping only
#: these glyphs makes the rescaled font a tenth of the size, and signing faster (pyHanko
#: subsets it again).
CHARACTERS = (
    set(range(0x20, 0x7F))
    | set(range(0xA0, 0x250))
    | set(range(0x300, 0x370))
    | set(range(0x1E00, 0x1F00))
    | set(range(0x2000, 0x2070))
    | {0x20AB, 0x2116, 0x2122, 0x2212}
)


def cache_dir() -> Path:
    """``$ECABINET_CACHE_DIR`` or ``$XDG_CACHE_HOME/ecabinet`` (``~/.cache/ecabinet``)."""
    explicit = os.environ.get("ECABINET_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ecabinet"


def rescaled(source: Path, folder: Path | None = None) -> Path:
    """A copy of the TrueType font ``source`` with 1000 units per em, reduced to
    :data:`CHARACTERS` (cached).

    The cached file is ``<folder>/fonts/<stem>-<sha256[:16]>-vi2-upem1000.ttf``; it is written
    to a temporary name and renamed, so concurrent first uses never see half a file.
    A font already at 1000 units per em is returned as is.
    """
    data = source.read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:16]
    target_dir = (folder or cache_dir()) / "fonts"
    target = target_dir / f"{source.stem}-{digest}-vi2-upem{UNITS_PER_EM}.ttf"
    if target.is_file():
        return target
    font = TTFont(source)
    if font["head"].unitsPerEm == UNITS_PER_EM:
        return source
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.glyph_names = True
    options.notdef_outline = True
    options.hinting = False
    # No layout tables: text is NFC, every Vietnamese letter has its precomposed glyph, and
    # pyHanko drops GSUB/GPOS at embedding anyway, after fontTools decompiled them all
    # (three quarters of the time a signature spent on its font).  The cost: no kerning.
    options.drop_tables = [*options.drop_tables, "FFTM", "GSUB", "GPOS", "GDEF", "MATH"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=CHARACTERS)
    subsetter.subset(font)
    scale_upem(font, UNITS_PER_EM)
    target_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target_dir, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            font.save(out)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def stamp_font(face: str = SANS, folder: Path | None = None) -> Path:
    """The rescaled font file of ``face`` (one of the module's face names)."""
    source = FONTS / f"{face}.ttf"
    if not source.is_file():
        raise FileNotFoundError(f"font {face!r} is missing from {FONTS}")
    return rescaled(source, folder)
