"""How a person is described under their name: position and unit, the unit once."""

from __future__ import annotations


def title_and_unit(title: str | None, unit: str | None) -> str:
    """``"Bộ trưởng, Bộ Tài chính"``; the unit is left out when the title already names
    it (``"Bộ trưởng Bộ Tài chính"``, unit ``"Bộ Tài chính"``)."""
    title, unit = (title or "").strip(), (unit or "").strip()
    if not unit or unit.casefold() in title.casefold():
        return title
    if not title:
        return unit
    return f"{title}, {unit}"
